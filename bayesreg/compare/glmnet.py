"""glmnet's ``(lambda, alpha)`` for a prior and back (gaussian family).

glmnet (gaussian, ``standardize=FALSE``) divides its ridge term by the scale
``s_y`` of y (:func:`glmnet_y_scale`), so ``lambda = (l1 + l2 s_y)/n`` and
``alpha = l1/(l1 + l2 s_y)``; see :func:`to_glmnet`, tested against glmnet 4.1.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_int, check_nonnegative, check_positive
from ..map import _check_prior
from ..priors import ElasticNet, Flat, Gaussian, Laplace

__all__ = ["from_glmnet", "glmnet_y_scale", "to_glmnet"]


def glmnet_y_scale(y, fit_intercept=True):
    """The scale ``s_y`` by which glmnet divides its ridge penalty.

    glmnet's gaussian family standardizes y internally (see :func:`to_glmnet`):

    - with an intercept, ``s_y = sqrt(mean((y - mean(y))^2))``, the standard
      deviation of y with the ``1/n`` formula (``np.std(y)``);
    - without, ``s_y = sqrt(mean(y^2))``, the root mean square of y.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        The response passed to glmnet (unweighted).
    fit_intercept : bool, default True
        glmnet's ``intercept`` argument.

    Returns
    -------
    float
        ``s_y``, to pass as ``y_scale`` to :func:`to_glmnet` and
        :func:`from_glmnet`.
    """
    y = np.asarray(y, dtype=float).ravel()
    if y.size == 0 or not np.all(np.isfinite(y)):
        raise ValueError(
            "glmnet_y_scale needs a non-empty y with finite values only. "
            f"Got {y.size} values, {int(np.sum(~np.isfinite(y)))} of them not finite."
        )
    if fit_intercept:
        y = y - y.mean()
    return float(np.sqrt(np.mean(y * y)))


def _check_y_scale(y_scale, needed, owner):
    if y_scale is None:
        if needed:
            raise ValueError(
                f"{owner} needs the 'y_scale' parameter when the penalty has a "
                "ridge part (alpha < 1 or l2 > 0): glmnet divides its ridge term "
                "by the scale s_y of y. Pass y_scale=glmnet_y_scale(y) "
                "(glmnet_y_scale(y, fit_intercept=False) for intercept=FALSE)."
            )
        return None
    return check_positive(y_scale, "y_scale", owner)


def to_glmnet(prior, sigma, n_samples, *, y_scale=None):
    """glmnet's ``(lambda, alpha)`` (gaussian, ``standardize=FALSE``) for ``prior``.

    glmnet's gaussian family with ``standardize=FALSE`` does not minimize its
    documented objective when ``alpha < 1``: it scales y by ``s_y`` before
    fitting (and the coefficients back after), which divides the ridge term by
    ``s_y``. Measured with glmnet 4.1 (``tests/data/glmnet``) it minimizes

    ``1/(2n)||y - a0 - Xb||^2 + lambda alpha ||b||_1
    + lambda (1 - alpha)/(2 s_y) ||b||^2``

    with ``s_y = glmnet_y_scale(y, fit_intercept)``. The MAP objective is ``n``
    times that with ``l1 = n lambda alpha`` and ``l2 = n lambda (1 - alpha)/s_y``.
    The lasso (``alpha = 1``) does not depend on ``s_y``.

    Hence ``lambda = (l1 + l2 s_y)/n`` and ``alpha = l1/(l1 + l2 s_y)`` with
    ``(l1, l2) = prior.penalty(sigma)``.

    Parameters
    ----------
    prior : Prior
    sigma : float > 0
    n_samples : int >= 1
    y_scale : float > 0, optional
        ``s_y = glmnet_y_scale(y, fit_intercept)``. Required when
        ``prior.penalty(sigma).l2 > 0``; ignored for a pure L1 or flat prior.

    Returns
    -------
    (lambda, alpha) : tuple of float
        ``(0.0, 1.0)`` for a flat prior.
    """
    _check_prior(prior, "to_glmnet")
    sigma = check_positive(sigma, "sigma", "to_glmnet")
    n = check_int(n_samples, "n_samples", "to_glmnet")
    pen = prior.penalty(sigma)
    s_y = _check_y_scale(y_scale, pen.l2 > 0, "to_glmnet")
    l2 = pen.l2 * s_y if pen.l2 > 0 else 0.0
    total = pen.l1 + l2
    if total == 0:
        return 0.0, 1.0
    return total / n, pen.l1 / total


def from_glmnet(lam, alpha, sigma, n_samples, *, y_scale=None):
    """Prior whose MAP equals glmnet's fit with ``lambda=lam``, ``alpha=alpha``.

    The inverse of :func:`to_glmnet`, whose docstring states the objective
    glmnet really minimizes: ``l1 = n lambda alpha`` and
    ``l2 = n lambda (1 - alpha) / s_y``; the lasso (``alpha = 1``) does not
    depend on ``s_y``.

    Parameters
    ----------
    lam : float >= 0
        glmnet's ``lambda``.
    alpha : float in [0, 1]
        glmnet's ``alpha``.
    sigma : float > 0
        The prior depends on sigma, its MAP does not.
    n_samples : int >= 1
    y_scale : float > 0, optional
        ``s_y = glmnet_y_scale(y, fit_intercept)``. Required when
        ``alpha < 1`` and ``lam > 0``; ignored for the lasso.

    Returns
    -------
    Flat, Gaussian, Laplace or ElasticNet
    """
    lam = check_nonnegative(lam, "lam", "from_glmnet")
    alpha = check_nonnegative(alpha, "alpha", "from_glmnet")
    if alpha > 1:
        raise ValueError(
            "The 'alpha' parameter of from_glmnet must be a float in the range "
            f"[0.0, 1.0]. Got {alpha!r} instead."
        )
    sigma = check_positive(sigma, "sigma", "from_glmnet")
    n = check_int(n_samples, "n_samples", "from_glmnet")
    s_y = _check_y_scale(y_scale, alpha < 1 and lam > 0, "from_glmnet")
    if lam == 0:
        return Flat()
    l1 = n * lam * alpha
    if alpha == 1:
        return Laplace.from_penalty(l1, sigma)
    l2 = n * lam * (1.0 - alpha) / s_y
    if l2 == 0:  # alpha within rounding of 1
        return Laplace.from_penalty(l1, sigma)
    if alpha == 0:
        return Gaussian.from_penalty(l2, sigma)
    # ElasticNet.from_penalty's scales, without the detour through l1_ratio
    return ElasticNet(l1_scale=sigma**2 / l1, l2_scale=sigma / float(np.sqrt(l2)))
