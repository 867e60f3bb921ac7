"""MAP estimates versus scikit-learn's penalized fits, and analytic oracles.

Conventions (``n`` rows, noise scale ``sigma``; see README):

=====================  ====================  ===================================
prior                  unscaled penalty      scikit-learn
=====================  ====================  ===================================
Flat                   none                  ``LinearRegression()``
Gaussian(tau)          ``l2 = s^2/tau^2``    ``Ridge(alpha=l2)``
Laplace(b)             ``l1 = s^2/b``        ``Lasso(alpha=l1/n)``
ElasticNet(b, tau)     ``l1`` and ``l2``     ``ElasticNet(alpha=(l1+l2)/n,
                                             l1_ratio=l1/(l1+l2))``
=====================  ====================  ===================================

glmnet (gaussian, ``standardize=FALSE``) divides its ridge term by the scale
``s_y`` of y (:func:`glmnet_y_scale`), so ``lambda = (l1 + l2 s_y)/n`` and
``alpha = l1/(l1 + l2 s_y)``; see :func:`to_glmnet`, tested against glmnet 4.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn import linear_model
from sklearn.preprocessing import StandardScaler

from ._validation import check_bool, check_int, check_nonnegative, check_positive
from .data import check_X_y, standardize_columns
from .map import _check_prior, fit_map
from .priors import ElasticNet, Flat, Gaussian, Laplace

__all__ = [
    "CompareResult",
    "check_map",
    "from_glmnet",
    "glmnet_y_scale",
    "lasso_orthonormal",
    "penalized_equivalent",
    "ridge_closed_form",
    "ridge_eigen",
    "to_glmnet",
]


def penalized_equivalent(
    prior, sigma, n_samples, fit_intercept=True, *, tol=1e-12, max_iter=100_000
):
    """Unfitted scikit-learn estimator whose fit equals the MAP of ``prior``.

    Parameters
    ----------
    prior : Prior
    sigma : float > 0
    n_samples : int >= 1
        Lasso and ElasticNet scale their data term by ``1/(2 n)``.
    fit_intercept : bool
    tol, max_iter :
        Passed to the iterative scikit-learn solvers (not to Ridge).

    Returns
    -------
    LinearRegression, Ridge, Lasso or ElasticNet
    """
    _check_prior(prior, "penalized_equivalent")
    sigma = check_positive(sigma, "sigma", "penalized_equivalent")
    n = check_int(n_samples, "n_samples", "penalized_equivalent")
    pen = prior.penalty(sigma)
    fi = check_bool(fit_intercept, "fit_intercept", "penalized_equivalent")
    if pen.l1 == 0 and pen.l2 == 0:
        return linear_model.LinearRegression(fit_intercept=fi)
    if pen.l1 == 0:
        return linear_model.Ridge(alpha=pen.l2, fit_intercept=fi)
    if pen.l2 == 0:
        return linear_model.Lasso(
            alpha=pen.l1 / n, fit_intercept=fi, tol=tol, max_iter=max_iter
        )
    total = pen.l1 + pen.l2
    return linear_model.ElasticNet(
        alpha=total / n,
        l1_ratio=pen.l1 / total,
        fit_intercept=fi,
        tol=tol,
        max_iter=max_iter,
    )


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


@dataclass(frozen=True)
class CompareResult:
    """MAP versus the matched scikit-learn fit (see :func:`check_map`).

    Coefficients and intercepts are on the original scale of ``X`` in both
    columns; ``x_scale`` holds the column standard deviations when the
    comparison was standardized (``standardize=True``), else None.
    """

    feature_names: tuple[str, ...]
    map_coef: np.ndarray
    penalized_coef: np.ndarray
    map_intercept: float
    penalized_intercept: float
    max_abs_diff: float
    support_agrees: bool
    atol: float
    ok: bool
    estimator: object
    x_scale: np.ndarray | None = None

    def table(self) -> pd.DataFrame:
        """One row per coefficient (and the intercept)."""
        names = [*self.feature_names, "(intercept)"]
        a = np.append(self.map_coef, self.map_intercept)
        b = np.append(self.penalized_coef, self.penalized_intercept)
        return pd.DataFrame(
            {
                "map": a,
                "sklearn": b,
                "abs_diff": np.abs(a - b),
                "map_zero": np.append(self.map_coef == 0, False),
                "sklearn_zero": np.append(self.penalized_coef == 0, False),
            },
            index=pd.Index(names, name="feature"),
        )

    def __str__(self):
        scaler = "StandardScaler() then " if self.x_scale is not None else ""
        head = (
            f"MAP vs {scaler}{self.estimator!r}\n"
            f"max |diff| = {self.max_abs_diff:.3g} (atol {self.atol:.3g}), "
            f"same zeros: {self.support_agrees}, ok: {self.ok}"
        )
        with pd.option_context(
            "display.float_format", "{:.6g}".format, "display.width", 120
        ):
            return f"{head}\n{self.table().to_string()}"


def check_map(
    X, y, prior, sigma=1.0, fit_intercept=True, *, rtol=1e-6, standardize=False
):
    """Fit the MAP and the matched scikit-learn estimator; compare them.

    ``ok`` is True when both agree to ``rtol * max(1, max|coef|)`` on every
    coefficient and the intercept, have the same exact zeros, and the MAP
    converged. scikit-learn's iterative solvers run with ``tol=1e-12``.

    With ``standardize=True`` the MAP is ``fit_map(..., standardize=True)``
    (the prior on the weights of ``X_j / s_j``) and the scikit-learn side is
    :func:`penalized_equivalent` fitted on ``StandardScaler().fit_transform(X)``
    (``StandardScaler(with_mean=False)`` without an intercept: the same
    ``s_j``, the sd with ddof=0, and no centring), mapped back to the original
    columns: ``coef = coef_std / scale_`` and, with an intercept,
    ``intercept = intercept_std - (mean_ / scale_) @ coef_std``. The
    tolerance uses the original-scale ``coef``.
    """
    owner = "check_map"
    _check_prior(prior, owner)
    sigma = check_positive(sigma, "sigma", owner)
    fit_intercept = check_bool(fit_intercept, "fit_intercept", owner)
    standardize = check_bool(standardize, "standardize", owner)
    rtol = check_positive(rtol, "rtol", owner)
    X, y, names = check_X_y(X, y, owner=owner, fit_intercept=fit_intercept)
    if standardize:
        standardize_columns(X, owner, names)  # a constant column, named here
    res = fit_map(X, y, prior, sigma, fit_intercept, standardize=standardize)
    est = penalized_equivalent(prior, sigma, X.shape[0], fit_intercept)
    scaler = None
    if standardize:
        scaler = StandardScaler(with_mean=fit_intercept).fit(X)
        est.fit(scaler.transform(X), y)
    else:
        est.fit(X, y)
    sk_coef = np.asarray(est.coef_, dtype=float).ravel()
    sk_int = float(np.ravel(est.intercept_)[0]) if fit_intercept else 0.0
    if scaler is not None:
        if fit_intercept:
            sk_int -= float((scaler.mean_ / scaler.scale_) @ sk_coef)
        sk_coef = sk_coef / scaler.scale_
    diff = max(
        np.max(np.abs(res.coef - sk_coef), initial=0.0), abs(res.intercept - sk_int)
    )
    atol = rtol * max(1.0, float(np.max(np.abs(sk_coef), initial=0.0)))
    same = bool(np.array_equal(res.coef == 0, sk_coef == 0))
    return CompareResult(
        feature_names=names,
        map_coef=res.coef,
        penalized_coef=sk_coef,
        map_intercept=res.intercept,
        penalized_intercept=sk_int,
        max_abs_diff=float(diff),
        support_agrees=same,
        atol=atol,
        ok=bool(diff <= atol and same and res.converged),
        estimator=est,
        x_scale=res.x_scale,
    )


# --------------------------------------------------------------------------
# analytic oracles (no intercept: centre X and y first if you need one)


def ridge_closed_form(X, y, lam):
    """``w = (X'X + lam I)^-1 X'y``."""
    X, y, _ = check_X_y(X, y)
    lam = check_nonnegative(lam, "lam", "ridge_closed_form")
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)


def ridge_eigen(X, y, lam):
    """Ridge in the eigenbasis of ``H = X'X`` (Goodfellow et al. eq. 7.13).

    ``w = Q (L + lam I)^-1 L Q' w_ols`` with ``H = Q L Q'``: each component of
    the least-squares solution along an eigenvector is shrunk by
    ``L_i / (L_i + lam)``. Requires full column rank.
    """
    X, y, _ = check_X_y(X, y)
    lam = check_nonnegative(lam, "lam", "ridge_eigen")
    evals, Q = np.linalg.eigh(X.T @ X)
    w_ols = np.linalg.lstsq(X, y, rcond=None)[0]
    return Q @ (evals / (evals + lam) * (Q.T @ w_ols))


def lasso_orthonormal(X, y, lam):
    """Lasso for ``X'X = I``: ``w_j = sign(w_ols_j) max(|w_ols_j| - lam, 0)``.

    Goodfellow et al. eq. 7.22-7.23 (there with ``alpha = lam``); ``w_ols = X'y``.
    """
    X, y, _ = check_X_y(X, y)
    lam = check_nonnegative(lam, "lam", "lasso_orthonormal")
    if not np.allclose(X.T @ X, np.eye(X.shape[1]), atol=1e-10):
        raise ValueError("lasso_orthonormal needs orthonormal columns (X'X = I).")
    w_ols = X.T @ y
    return np.sign(w_ols) * np.maximum(np.abs(w_ols) - lam, 0.0)
