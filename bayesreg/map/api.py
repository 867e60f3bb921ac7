"""``fit_map`` and ``fit_map_path``: the MAP with the noise scale fixed.

The MAP minimizes ``1/2 ||y_c - X_c w||^2 + sigma^2 (-log p(w))``, ``sigma^2``
times the negative log posterior, where ``X_c, y_c`` are centred when there
is an intercept (flat prior on it, as scikit-learn's ``fit_intercept=True``).
For a prior with a penalty form ``(l1, l2) = prior.penalty(sigma)`` that is

    F(w) = 1/2 ||y_c - X_c w||^2 + l1 ||w||_1 + l2/2 ||w||^2.

Which solver runs is decided from the prior's declared capabilities alone
(:mod:`bayesreg.map.solvers`): ``"auto"`` takes the exact ``quadratic``
solver for ``l1 = 0``, the exact ``active_set`` method for an L1 part, and
``scipy`` (scipy.optimize) for everything else.

``standardize=True`` solves the same problem for the columns ``X_j / s_j``
(``s_j`` their standard deviation, ddof=0, as scikit-learn's
``StandardScaler``) and reports the weights of the original columns,
``coef_j = coef_std_j / s_j`` (:func:`bayesreg.data.standardize_columns`).
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .._validation import InputError, check_bool, check_int, check_positive
from ..data import (
    check_n_samples,
    check_X_y,
    is_stats_input,
    standardize_columns,
    unstandardize_coef,
)
from ..likelihoods import Gaussian, GaussianLikelihood, get_likelihood
from ..priors import Prior
from .result import CHECKS, MAPResult, objective
from .solvers import Problem, select_solver
from .solvers._l1qp import GramColumns

__all__ = ["fit_map", "fit_map_path"]

_OWNER = "fit_map"


def _has_l1(prior) -> bool:
    return "penalty" in prior.capabilities() and prior.penalty(1.0).l1 > 0


def _likelihood(
    X,
    y,
    fit_intercept,
    priors,
    *,
    validate=True,
    standardize=False,
    owner=_OWNER,
    feature_names=None,
    solver="auto",
    family=None,
):
    """``(likelihood, x_scale)``: gram form when ``n >= p``, except that L1
    priors for the active-set method keep the centred ``X`` and form only the
    columns ``X'X_j`` of features that enter. With ``standardize`` the
    likelihood is that of the columns ``X_j / s_j`` and ``x_scale`` is ``s``
    (else None). ``family`` (default Gaussian) binds to the data."""
    scale = None
    if family is not None and not isinstance(family, Gaussian):
        if is_stats_input(X, y):
            raise ValueError(
                f"{owner}: likelihood {family!r} needs the rows X, y; sufficient "
                "statistics describe only the Gaussian likelihood."
            )
        X, y, names = check_X_y(X, y, owner=owner, fit_intercept=fit_intercept)
        names = names if feature_names is None else feature_names
        if standardize:
            X, scale = standardize_columns(X, owner, names)
        lik = family.bind(X, y, fit_intercept, owner=owner, feature_names=names)
        return lik, scale
    if is_stats_input(X, y):
        if standardize:
            check_n_samples(X.n, fit_intercept, owner)
            X, scale = standardize_columns(X, owner)
        return GaussianLikelihood.from_stats(X, fit_intercept, owner=owner), scale
    if validate:
        X, y, names = check_X_y(X, y, owner=owner, fit_intercept=fit_intercept)
        feature_names = names if feature_names is None else feature_names
    if standardize:
        check_n_samples(X.shape[0], fit_intercept, owner)
        X, scale = standardize_columns(X, owner, feature_names)
    columns_only = solver != "scipy" and any(_has_l1(prior) for prior in priors)
    lik = GaussianLikelihood.from_arrays(
        X,
        y,
        fit_intercept,
        validate=False,
        use_gram=False if columns_only else None,
        feature_names=feature_names,
        owner=owner,
    )
    return lik, scale


def _check_prior(prior, owner):
    if not isinstance(prior, Prior):
        raise TypeError(
            f"The 'prior' parameter of {owner} must be a bayesreg Prior (e.g. Flat, "
            f"Gaussian, Laplace, ElasticNet, StudentT). Got {prior!r} instead."
        )
    return prior


def _fit(
    lik,
    prior,
    sigma,
    tol,
    max_iter,
    coef_init=None,
    columns=None,
    *,
    x_scale=None,
    owner=_OWNER,
    solver="auto",
) -> MAPResult:
    """MAP on ``lik`` (standardized when ``x_scale`` is given: ``coef_init`` is
    then on the standardized scale too); the result's ``coef`` is unscaled."""
    engine = select_solver(solver, prior, sigma, owner, lik)
    if max_iter is None:
        max_iter = max(1000, 10 * lik.n_features)
    problem = Problem(lik, prior, sigma, tol, max_iter, coef_init, columns)
    sol = engine.solve(problem)
    w = sol.w
    intercept = lik.intercept(w, sigma)
    if not (np.all(np.isfinite(w)) and np.isfinite(intercept)):
        raise InputError(
            f"{owner}: the MAP weights came out non-finite (floating-point "
            "overflow in the solve). Rescale the columns, e.g. divide the largest "
            "by a power of ten, or pass standardize=True."
        )
    converged = bool(sol.violation <= tol)
    holds, quantity = CHECKS[sol.check]
    message = (
        holds
        if converged
        else f"did not converge: {quantity} {sol.violation:.3g} > tol={tol:g}"
    )
    if not converged:
        warnings.warn(
            f"{owner} {message}; try a larger max_iter.",
            ConvergenceWarning,
            stacklevel=3,
        )
    starts = tuple(
        dataclasses.replace(s, coef=unstandardize_coef(s.coef, x_scale))
        for s in sol.starts
    )
    return MAPResult(
        coef=unstandardize_coef(w, x_scale),
        intercept=intercept,
        converged=converged,
        n_iter=sol.n_iter,
        kkt_violation=sol.violation,
        objective=objective(lik, w, prior, sigma, problem.penalty),
        penalty=problem.penalty,
        prior=prior,
        sigma=sigma,
        feature_names=lik.feature_names,
        message=message,
        x_scale=x_scale,
        solver=engine.name,
        check=sol.check,
        starts=starts,
        likelihood=lik.name,
    )


def _check_options(
    owner, sigma, fit_intercept, standardize, tol, max_iter, solver, likelihood
):
    """The scalar options of :func:`fit_map` and :func:`fit_map_path`, checked
    in this order; the likelihood family comes back in place of its name."""
    family = get_likelihood(likelihood, owner)
    sigma = check_positive(sigma, "sigma", owner)
    if not family.has_scale and sigma != 1.0:
        raise ValueError(
            f"The 'sigma' parameter of {owner} does not apply to likelihood "
            f"{family!r}, which has no noise scale; leave it at 1.0. Got {sigma!r}."
        )
    fit_intercept = check_bool(fit_intercept, "fit_intercept", owner)
    standardize = check_bool(standardize, "standardize", owner)
    tol = check_positive(tol, "tol", owner)
    if max_iter is not None:
        max_iter = check_int(max_iter, "max_iter", owner)
    if not isinstance(solver, str):
        raise ValueError(
            f"The 'solver' parameter of {owner} must be a str. Got {solver!r} instead."
        )
    return sigma, fit_intercept, standardize, tol, max_iter, solver, family


def fit_map(
    X,
    y,
    prior,
    sigma=1.0,
    fit_intercept=True,
    *,
    tol=1e-9,
    max_iter=None,
    coef_init=None,
    standardize=False,
    solver="auto",
    likelihood="gaussian",
) -> MAPResult:
    """Maximum a posteriori weights of a (generalized) linear model.

    Minimizes ``1/2 ||y - b0 - X w||^2 + sigma^2 (-log p(w))`` over ``w``
    (and ``b0`` with a flat prior if ``fit_intercept``): ``sigma^2`` times
    the negative log posterior ``||y - b0 - Xw||^2 / (2 sigma^2) - log p(w)``.
    For a prior with a penalty form ``(l1, l2) = prior.penalty(sigma)`` this is
    ``1/2 ||y - b0 - X w||^2 + l1 ||w||_1 + l2/2 ||w||^2``.

    With ``standardize=True`` the prior acts on the weights of the columns
    divided by their standard deviations ``s_j`` (ddof=0):
    ``1/2 ||y - b0 - sum_j (X_j / s_j) v_j||^2 + sigma^2 (-log p(v))``
    is minimized over ``v`` and the weights of the original columns,
    ``coef_j = v_j / s_j``, are returned (``intercept`` needs no change).
    With an intercept this is scikit-learn's estimator fitted on
    ``StandardScaler().fit_transform(X)``, mapped back; without one,
    on ``StandardScaler(with_mean=False)`` (the same ``s_j``, no centring).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or SufficientStats
    y : array-like of shape (n_samples,), or None when X is a SufficientStats
    prior : Prior
        Any :class:`~bayesreg.Prior` a solver accepts: with a ``penalty``
        (:class:`~bayesreg.Flat`, :class:`~bayesreg.Gaussian`,
        :class:`~bayesreg.Laplace`, :class:`~bayesreg.ElasticNet`), a
        ``gradient`` (:class:`~bayesreg.StudentT`, a user's smooth prior) or a
        ``prox`` (:class:`~bayesreg.GeneralizedGaussian`).
    sigma : float > 0, default 1.0
        Noise standard deviation (fixed).
    fit_intercept : bool, default True
    tol : float > 0, default 1e-9
        Convergence requires the relative optimality violation of the prior's
        check (see :class:`MAPResult`) to be at most ``tol``.
    max_iter : int >= 1, optional
        Cap on active-set steps (L1 priors; a step lets one or more features
        enter the support, or drops one), on proximal Newton steps (logistic,
        Poisson) or on the optimizer's iterations
        (``solver="scipy"``; proximal-gradient steps: ``20 * max_iter``).
        Default ``max(1000, 10 * n_features)``.
    coef_init : array-like of shape (n_features,), optional
        Warm start (weights of the original columns) for the active-set
        method and ``solver="scipy"``; one more start for a non-convex prior.
    standardize : bool, default False
        Penalize the weights of the standardized columns ``X_j / s_j``
        (``s_j = sqrt(diag(xx) / n)`` for a SufficientStats); ``coef`` is
        still on the original scale and ``x_scale`` holds ``s``.
        ``objective`` and ``kkt_violation`` are those of the standardized
        problem.
    solver : {"auto", "quadratic", "active_set", "scipy"}, default "auto"
        ``"auto"``: the fastest exact solver the prior allows (``quadratic``
        for ``l1 = 0``, ``active_set`` for an L1 part), else ``"scipy"``
        (:mod:`bayesreg.map.solvers`). A solver the prior does not suit raises.

    Returns
    -------
    MAPResult
        ``penalty`` is None for a prior without a penalty form, and
        ``objective`` is then ``1/2 rss + sigma^2 * prior.neg_log_density``.

    Raises
    ------
    ValueError
        Bad parameters, invalid data, fewer than 2 rows with an intercept
        (1 without), a constant column with ``standardize=True``, or a
        solver the prior lacks a capability for.
    InputError
        If the cross-products overflow (a column or y in huge units).

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from bayesreg import Laplace, fit_map
    >>> X, y = load_diabetes(return_X_y=True)
    >>> res = fit_map(X, y, Laplace(scale=0.01), sigma=1.0)
    >>> res.converged, int((res.coef == 0).sum()), res.solver
    (True, 5, 'active_set')
    """
    _check_prior(prior, _OWNER)
    sigma, fit_intercept, standardize, tol, max_iter, solver, family = _check_options(
        _OWNER, sigma, fit_intercept, standardize, tol, max_iter, solver, likelihood
    )
    select_solver(solver, prior, sigma, _OWNER, family)  # refuse before any work
    lik, scale = _likelihood(
        X,
        y,
        fit_intercept,
        [prior],
        standardize=standardize,
        solver=solver,
        family=family,
    )
    if coef_init is not None:
        coef_init = np.asarray(coef_init, dtype=float)
        if coef_init.shape != (lik.n_features,) or not np.all(np.isfinite(coef_init)):
            raise ValueError(
                f"coef_init must be a finite array of shape ({lik.n_features},); "
                f"got shape {coef_init.shape}."
            )
        if scale is not None:
            coef_init = coef_init * scale
    return _fit(
        lik, prior, sigma, tol, max_iter, coef_init, x_scale=scale, solver=solver
    )


def fit_map_path(
    X,
    y,
    priors,
    sigma=1.0,
    fit_intercept=True,
    *,
    tol=1e-9,
    max_iter=None,
    standardize=False,
    solver="auto",
    likelihood="gaussian",
) -> list[MAPResult]:
    """:func:`fit_map` for each prior in ``priors``, sharing one likelihood.

    Each result minimizes the objective of :func:`fit_map` for its prior
    (with ``standardize=True``, on the columns ``X_j / s_j``, weights reported
    on the original scale). ``X'X`` (or the centred ``X``, whose columns
    ``X'X_j`` are then formed once for the whole path) is shared and each fit
    is warm-started from the previous one: order the priors from strong to
    weak penalty for the best warm starts. ``solver`` as in :func:`fit_map`,
    for every prior.
    """
    owner = "fit_map_path"
    sigma, fit_intercept, standardize, tol, max_iter, solver, family = _check_options(
        owner, sigma, fit_intercept, standardize, tol, max_iter, solver, likelihood
    )
    priors = [_check_prior(p, owner) for p in priors]
    for prior in priors:
        select_solver(solver, prior, sigma, owner, family)
    lik, scale = _likelihood(
        X,
        y,
        fit_intercept,
        priors,
        standardize=standardize,
        owner=owner,
        solver=solver,
        family=family,
    )
    columns = GramColumns(lik.gram_columns) if hasattr(lik, "gram_columns") else None
    results, w = [], None
    for prior in priors:
        res = _fit(
            lik,
            prior,
            sigma,
            tol,
            max_iter,
            w,
            columns,
            x_scale=scale,
            owner=owner,
            solver=solver,
        )
        results.append(res)
        w = res.coef if scale is None else res.coef * scale
    return results
