"""The scikit-learn estimator whose fit equals the MAP of a prior.

Exact objectives (``n`` rows, ``(l1, l2) = prior.penalty(sigma)``; the MAP
minimizes ``loss(w) + l1 ||w||_1 + l2/2 ||w||^2`` with the intercept
unpenalized, ``loss = 1/2 ||y - Xw||^2`` for the Gaussian likelihood and the
negative log likelihood for the others, whose ``sigma`` is 1):

==========  ===================================================  ===============
likelihood  scikit-learn minimizes                               matched when
==========  ===================================================  ===============
gaussian    ``Ridge``: ``||y - Xw||^2 + alpha ||w||^2``          ``alpha = l2``
            ``Lasso``: ``1/(2n) ||y - Xw||^2 + alpha ||w||_1``   ``alpha = l1/n``
            ``ElasticNet``: ``1/(2n) ||y - Xw||^2 + alpha r      ``alpha = (l1 +
            ||w||_1 + alpha (1 - r)/2 ||w||^2``                  l2)/n``, ``r =
                                                                 l1/(l1 + l2)``
logistic    ``LogisticRegression``: ``C sum_i logloss_i + r      ``C = 1/(l1 +
            ||w||_1 + (1 - r)/2 ||w||^2``                        l2)``, ``r =
                                                                 l1/(l1 + l2)``
poisson     ``PoissonRegressor``: ``1/(2n) sum_i deviance_i +    ``alpha = l2/n``
            alpha/2 ||w||^2``                                    (no L1 part)
==========  ===================================================  ===============

``Ridge`` minimizes ``1/2`` of the MAP objective times 2, hence ``alpha = l2``
(no ``1/n``). A Gaussian(tau) prior on logistic weights is ``C = tau^2``,
``l1_ratio = 0``; Laplace(b) is ``C = b``, ``l1_ratio = 1``; a flat prior is
``C = inf``. The Poisson deviance is ``2 (y log(y/mu) - y + mu)``, so
``1/(2n) deviance`` is ``1/n`` times the negative log likelihood up to a
constant, and Gaussian(tau) is ``alpha = 1/(n tau^2)``.

The intercept: ``LogisticRegression``'s lbfgs, newton-cg, newton-cholesky,
sag and saga solvers leave it unpenalized, as the MAP does (its prior is
flat); liblinear penalizes it like a weight (a column of ones), so it is not
matched and never chosen here. The solver: ``newton-cholesky`` for a penalty
without an L1 part (a Newton method that converges to ``tol=1e-12`` in a few
steps; lbfgs at the same ``tol`` stops early, 8e-5 away on the standardized
breast cancer data), ``saga`` with one (the only solver with an L1 penalty
and an unpenalized intercept; slow, see :func:`bayesreg.compare.check_map`).
"""

from __future__ import annotations

import numpy as np
from sklearn import linear_model

from .._validation import check_bool, check_int, check_positive
from ..likelihoods import Gaussian as GaussianFamily
from ..likelihoods import Logistic, Poisson, get_likelihood
from ..map import _check_prior

__all__ = ["check_family", "penalized_equivalent"]

#: the likelihood families with a scikit-learn equivalent
MATCHED = ("gaussian", "logistic", "poisson")


def check_family(likelihood, sigma, owner):
    """``(family, sigma)``: the family of ``likelihood`` (a name or an
    instance) if scikit-learn has an equivalent, and ``sigma`` checked (it
    must be 1.0 for a family without a noise scale)."""
    matched = GaussianFamily | Logistic | Poisson
    if isinstance(likelihood, str) and likelihood in MATCHED:
        family = get_likelihood(likelihood, owner)
    elif isinstance(likelihood, matched):
        family = likelihood
    else:
        raise ValueError(
            f"The 'likelihood' parameter of {owner} must be one of "
            f"{', '.join(repr(k) for k in MATCHED)} or one of those families "
            "(the likelihoods with a scikit-learn equivalent). Got "
            f"{likelihood!r} instead."
        )
    sigma = check_positive(sigma, "sigma", owner)
    if not family.has_scale and sigma != 1.0:
        raise ValueError(
            f"The 'sigma' parameter of {owner} does not apply to likelihood "
            f"{family!r}, which has no noise scale; leave it at 1.0. Got {sigma!r} "
            "instead."
        )
    return family, sigma


def penalized_equivalent(
    prior,
    sigma,
    n_samples,
    fit_intercept=True,
    *,
    likelihood="gaussian",
    tol=1e-12,
    max_iter=100_000,
):
    """Unfitted scikit-learn estimator whose fit equals the MAP of ``prior``.

    The MAP minimizes ``loss(w) + l1 ||w||_1 + l2/2 ||w||^2`` over ``w`` (and
    an unpenalized intercept if ``fit_intercept``) with ``(l1, l2) =
    prior.penalty(sigma)`` and ``loss = 1/2 ||y - Xw||^2`` (Gaussian) or the
    negative log likelihood (logistic, Poisson: ``sigma = 1``). The matched
    estimator (objectives in :mod:`bayesreg.compare.sklearn`):

    - gaussian: ``LinearRegression()`` (flat prior), ``Ridge(alpha=l2)``,
      ``Lasso(alpha=l1/n)``, ``ElasticNet(alpha=(l1 + l2)/n,
      l1_ratio=l1/(l1 + l2))``;
    - logistic: ``LogisticRegression(C=1/(l1 + l2), l1_ratio=l1/(l1 + l2))``
      (``C=inf`` for a flat prior) with ``solver="newton-cholesky"`` when
      ``l1 = 0`` and ``solver="saga"`` (``random_state=0``) otherwise; both
      leave the intercept unpenalized, as the MAP does (liblinear, which
      penalizes it, is not matched);
    - poisson: ``PoissonRegressor(alpha=l2/n, solver="newton-cholesky")``;
      a prior with an L1 part has no scikit-learn equivalent (ValueError).

    Parameters
    ----------
    prior : Prior
        A prior with a penalty form (Flat, Gaussian, Laplace, ElasticNet).
    sigma : float > 0
        Noise scale; must be 1.0 for the logistic and Poisson likelihoods.
    n_samples : int >= 1
        Lasso, ElasticNet and PoissonRegressor scale their data term by
        ``1/n``.
    fit_intercept : bool, default True
    likelihood : {"gaussian", "logistic", "poisson"} or family, default "gaussian"
        A name or a :mod:`bayesreg.likelihoods` family instance.
    tol : float > 0, default 1e-12
    max_iter : int >= 1, default 100000
        Passed to the iterative scikit-learn solvers (not to Ridge or
        LinearRegression).

    Returns
    -------
    LinearRegression, Ridge, Lasso, ElasticNet, LogisticRegression or PoissonRegressor

    Raises
    ------
    ValueError
        A likelihood without a scikit-learn equivalent, ``sigma != 1`` with
        one that has no noise scale, a prior without a penalty form, or a
        Poisson likelihood with an L1 part.
    """
    owner = "penalized_equivalent"
    _check_prior(prior, owner)
    family, sigma = check_family(likelihood, sigma, owner)
    n = check_int(n_samples, "n_samples", owner)
    fi = check_bool(fit_intercept, "fit_intercept", owner)
    tol = check_positive(tol, "tol", owner)
    max_iter = check_int(max_iter, "max_iter", owner)
    pen = prior.penalty(sigma)
    if isinstance(family, Logistic):
        return _logistic(pen, fi, tol, max_iter)
    if isinstance(family, Poisson):
        return _poisson(prior, pen, n, fi, tol, max_iter)
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


def _logistic(pen, fit_intercept, tol, max_iter):
    total = pen.l1 + pen.l2
    common = dict(fit_intercept=fit_intercept, tol=tol, max_iter=max_iter)
    if pen.l1 == 0:
        C = 1.0 / pen.l2 if pen.l2 > 0 else np.inf
        return linear_model.LogisticRegression(
            C=C, l1_ratio=0.0, solver="newton-cholesky", **common
        )
    return linear_model.LogisticRegression(
        C=1.0 / total,
        l1_ratio=pen.l1 / total,
        solver="saga",
        random_state=0,
        **common,
    )


def _poisson(prior, pen, n, fit_intercept, tol, max_iter):
    if pen.l1 > 0:
        raise ValueError(
            "penalized_equivalent: scikit-learn has no Poisson regression with an "
            f"L1 penalty, and {prior!r} has one (l1 = {pen.l1:g}). PoissonRegressor "
            "takes only an L2 penalty: use a Gaussian or Flat prior with "
            "likelihood='poisson'."
        )
    return linear_model.PoissonRegressor(
        alpha=pen.l2 / n,
        fit_intercept=fit_intercept,
        solver="newton-cholesky",
        tol=tol,
        max_iter=max_iter,
    )
