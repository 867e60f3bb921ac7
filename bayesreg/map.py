"""MAP estimation with scipy.

With the noise scale ``sigma`` fixed, the MAP estimate minimizes

    F(w) = 1/2 ||y_c - X_c w||^2 + l1 ||w||_1 + l2/2 ||w||^2,

``sigma^2`` times the negative log posterior, where ``(l1, l2)`` is
``prior.penalty(sigma)`` and ``X_c, y_c`` are centred when there is an
intercept (flat prior on it, as scikit-learn's ``fit_intercept=True``).

Smooth priors (``l1 = 0``): ``F`` is quadratic, so one Newton step with the
analytic Hessian ``X'X + l2 I`` (Cholesky, scipy.linalg) is exact; one step of
iterative refinement follows if the gradient check asks for it. With ``p > n``
the same step is taken in the n x n dual, ``w = X'(XX' + l2 I)^-1 y``, and the
flat prior gives the minimum-norm least-squares solution.

L1 priors: an exact active-set method (:mod:`bayesreg._l1qp`): features
enter one at a time, largest KKT violation first, and the sign-restricted
system ``(X_A'X_A + l2 I) w_A = X_A'y - l1 s_A`` is solved exactly on the
active set ``A`` through an updated Cholesky factor; a coefficient whose sign
would flip is stopped at zero and leaves. The objective never increases and
the zeros are exact. Only the columns ``X'X_j`` of features that enter are
formed, so with ``p > n`` the cost follows the support, not ``p^2``. A result
is reported ``converged`` only when the KKT conditions hold on every feature.

``standardize=True`` solves the same problem for the columns ``X_j / s_j``
(``s_j`` their standard deviation, ddof=0, as scikit-learn's
``StandardScaler``) and reports the weights of the original columns,
``coef_j = coef_std_j / s_j`` (:func:`bayesreg.data.standardize_columns`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import linalg
from sklearn.exceptions import ConvergenceWarning

from ._l1qp import GramColumns, minimize_l1_qp
from ._threads import one_blas_thread
from ._validation import InputError, check_bool, check_int, check_positive
from .data import (
    SufficientStats,
    check_n_samples,
    check_X_y,
    standardize_columns,
    unstandardize_coef,
)
from .likelihoods import GaussianLikelihood
from .priors import Penalty, Prior

__all__ = ["MAPResult", "fit_map", "fit_map_path", "kkt_violation"]

_OWNER = "fit_map"


@dataclass(frozen=True)
class MAPResult:
    """Result of :func:`fit_map`.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        MAP weights of the original columns (also with ``standardize=True``);
        exact zeros where the L1 KKT conditions put them.
    intercept : float
        ``ȳ - x̄'coef`` (0.0 without an intercept).
    converged : bool
        True only if the KKT check passed: ``kkt_violation <= tol``.
    n_iter : int
        Exact solves: Newton steps (smooth priors) or active-set steps (L1).
    kkt_violation : float
        ``max_j |r_j| / max_j |X'y|_j``, the largest violation of the
        optimality conditions relative to the size of ``X'y``. For ``w_j != 0``
        ``r_j = g_j - l1 sign(w_j)``, for ``w_j = 0`` ``r_j = max(|g_j| - l1, 0)``,
        with ``g = X'(y - Xw) - l2 w``. With ``standardize=True``, of the
        standardized problem (``X_j / s_j`` and its weights ``coef_j s_j``).
    objective : float
        ``F(coef)``, the unscaled penalized objective above; with
        ``standardize=True`` that of the standardized problem,
        ``F_std(coef * x_scale)`` on the columns ``X_j / s_j``.
    penalty : Penalty
        ``prior.penalty(sigma)``.
    prior : Prior
    sigma : float
    feature_names : tuple of str
    message : str
    x_scale : ndarray of shape (n_features,) or None
        The column standard deviations ``s_j`` the penalty was applied after
        (``standardize=True``), else None.
    """

    coef: np.ndarray
    intercept: float
    converged: bool
    n_iter: int
    kkt_violation: float
    objective: float
    penalty: Penalty
    prior: Prior
    sigma: float
    feature_names: tuple[str, ...]
    message: str
    x_scale: np.ndarray | None = None


def kkt_violation(lik: GaussianLikelihood, w, penalty: Penalty) -> float:
    """Relative KKT violation of ``w`` for ``F`` (see :class:`MAPResult`)."""
    g = lik.correlation(w) - penalty.l2 * w
    return _max_violation(g, w, penalty.l1) / _scale(lik)


def _scale(lik):
    return max(float(np.max(np.abs(lik.xty), initial=0.0)), np.finfo(float).tiny)


def _max_violation(g, w, l1):
    nz = w != 0
    r = np.where(nz, np.abs(g - l1 * np.sign(w)), np.maximum(np.abs(g) - l1, 0.0))
    return float(np.max(r, initial=0.0))


def _spd_solve(H, b):
    """Solve ``H x = b`` for symmetric PSD ``H``: Cholesky, else min-norm lstsq."""
    with one_blas_thread():
        try:
            return linalg.cho_solve(
                linalg.cho_factor(H, check_finite=False), b, check_finite=False
            )
        except linalg.LinAlgError:
            return linalg.lstsq(
                H, b, cond=None, check_finite=False, lapack_driver="gelsd"
            )[0]


# --------------------------------------------------------------------------
# smooth priors: one exact Newton step


def _primal_hessian(lik, l2):
    """``X'X + l2 I`` where it is the smaller system (gram form or ``n >= p``),
    else None (then the n x n dual is used)."""
    if lik.has_gram:
        G = lik.xtx
    elif lik.n >= lik.n_features:
        G = lik.X.T @ lik.X
    else:
        return None
    return G + l2 * np.eye(lik.n_features)


def _dual_kernel(lik, l2):
    """``XX' + l2 I`` (n x n), for the design form with ``p > n``."""
    K = lik.X @ lik.X.T
    K[np.diag_indices_from(K)] += l2
    return K


def _newton(lik, l2):
    if l2 > 0:
        H = _primal_hessian(lik, l2)
        if H is not None:
            return _spd_solve(H, lik.xty)
        return lik.X.T @ _spd_solve(_dual_kernel(lik, l2), lik.y)
    if lik.has_gram:
        # flat prior: minimum-norm solution via the eigen-decomposition of X'X
        evals, evecs = linalg.eigh(lik.xtx, check_finite=False)
        cut = evals.max(initial=0.0) * lik.n_features * np.finfo(float).eps
        inv = np.where(evals > cut, 1.0 / np.where(evals > cut, evals, 1.0), 0.0)
        return evecs @ (inv * (evecs.T @ lik.xty))
    # numpy's rcond: centring leaves a singular value at rounding level
    cond = max(lik.X.shape) * np.finfo(float).eps
    return linalg.lstsq(
        lik.X, lik.y, cond=cond, check_finite=False, lapack_driver="gelsd"
    )[0]


def _solve_smooth(lik, pen, tol):
    w = _newton(lik, pen.l2)
    n_iter, viol = 1, kkt_violation(lik, w, pen)
    if viol > tol and pen.l2 > 0:  # one step of iterative refinement
        w = w + _newton_correction(lik, w, pen.l2)
        n_iter, viol = 2, kkt_violation(lik, w, pen)
    return w, n_iter, viol


def _newton_correction(lik, w, l2):
    r = lik.correlation(w) - l2 * w
    H = _primal_hessian(lik, l2)
    if H is not None:
        return _spd_solve(H, r)
    # (X'X + l2 I)^-1 r = (r - X'(XX' + l2 I)^-1 X r) / l2
    return (r - lik.X.T @ _spd_solve(_dual_kernel(lik, l2), lik.X @ r)) / l2


# --------------------------------------------------------------------------
# L1 priors: the exact active-set method


def _solve_l1(lik, pen, tol, max_iter, w0, columns):
    atol = tol * _scale(lik)
    w0 = np.zeros(lik.n_features) if w0 is None else w0
    w, _, steps = minimize_l1_qp(
        columns or lik.gram_columns, lik.xty, pen.l1, pen.l2, w0, atol, max_iter
    )
    return w, steps, kkt_violation(lik, w, pen)


# --------------------------------------------------------------------------
# public API


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
):
    """``(likelihood, x_scale)``: gram form for smooth priors with ``n >= p``;
    L1 priors keep the centred ``X`` and form only the columns ``X'X_j`` of
    features that enter. With ``standardize`` the likelihood is that of the
    columns ``X_j / s_j`` and ``x_scale`` is ``s`` (else None)."""
    scale = None
    if isinstance(X, SufficientStats):
        if y is not None:
            raise ValueError(
                "y must be None when X is a SufficientStats (the statistics already "
                f"contain the target); got y of type {type(y).__name__}."
            )
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
    l1 = any(prior.penalty(1.0).l1 > 0 for prior in priors)
    lik = GaussianLikelihood.from_arrays(
        X,
        y,
        fit_intercept,
        validate=False,
        use_gram=False if l1 else None,
        feature_names=feature_names,
        owner=owner,
    )
    return lik, scale


def _check_prior(prior, owner):
    if not isinstance(prior, Prior):
        raise TypeError(
            f"The 'prior' parameter of {owner} must be a bayesreg prior (Flat, "
            f"Gaussian, Laplace, ElasticNet). Got {prior!r} instead."
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
) -> MAPResult:
    """MAP on ``lik`` (standardized when ``x_scale`` is given: ``coef_init`` is
    then on the standardized scale too); the result's ``coef`` is unscaled."""
    pen = prior.penalty(sigma)
    if max_iter is None:
        max_iter = max(1000, 10 * lik.n_features)
    if pen.l1 == 0:
        w, n_iter, viol = _solve_smooth(lik, pen, tol)
    else:
        w, n_iter, viol = _solve_l1(lik, pen, tol, max_iter, coef_init, columns)
    intercept = lik.intercept(w)
    if not (np.all(np.isfinite(w)) and np.isfinite(intercept)):
        raise InputError(
            f"{owner}: the MAP weights came out non-finite (floating-point "
            "overflow in the solve). Rescale the columns, e.g. divide the largest "
            "by a power of ten, or pass standardize=True."
        )
    converged = bool(viol <= tol)
    message = (
        "KKT conditions satisfied"
        if converged
        else f"did not converge: relative KKT violation {viol:.3g} > tol={tol:g}"
    )
    if not converged:
        warnings.warn(
            f"{owner} {message}; try a larger max_iter.",
            ConvergenceWarning,
            stacklevel=3,
        )
    return MAPResult(
        coef=unstandardize_coef(w, x_scale),
        intercept=intercept,
        converged=converged,
        n_iter=n_iter,
        kkt_violation=viol,
        objective=0.5 * lik.rss(w) + pen.value(w),
        penalty=pen,
        prior=prior,
        sigma=sigma,
        feature_names=lik.feature_names,
        message=message,
        x_scale=x_scale,
    )


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
) -> MAPResult:
    """Maximum a posteriori weights of a Gaussian linear model.

    Minimizes ``1/2 ||y - b0 - X w||^2 + l1 ||w||_1 + l2/2 ||w||^2`` over ``w``
    (and ``b0`` with a flat prior if ``fit_intercept``), where
    ``(l1, l2) = prior.penalty(sigma)``; that is ``sigma^2`` times the negative
    log posterior ``||y - b0 - Xw||^2 / (2 sigma^2) - log p(w)``.

    With ``standardize=True`` the prior acts on the weights of the columns
    divided by their standard deviations ``s_j`` (ddof=0):
    ``1/2 ||y - b0 - sum_j (X_j / s_j) v_j||^2 + l1 ||v||_1 + l2/2 ||v||^2``
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
        :class:`~bayesreg.Flat`, :class:`~bayesreg.Gaussian`,
        :class:`~bayesreg.Laplace` or :class:`~bayesreg.ElasticNet`.
    sigma : float > 0, default 1.0
        Noise standard deviation (fixed).
    fit_intercept : bool, default True
    tol : float > 0, default 1e-9
        Convergence requires the relative KKT violation (see
        :class:`MAPResult`) to be at most ``tol``.
    max_iter : int >= 1, optional
        Cap on active-set steps (L1 priors); each feature entering or leaving
        the support is one step. Default ``max(1000, 10 * n_features)``.
    coef_init : array-like of shape (n_features,), optional
        Warm start for L1 priors (weights of the original columns).
    standardize : bool, default False
        Penalize the weights of the standardized columns ``X_j / s_j``
        (``s_j = sqrt(diag(xx) / n)`` for a SufficientStats); ``coef`` is
        still on the original scale and ``x_scale`` holds ``s``.
        ``objective`` and ``kkt_violation`` are those of the standardized
        problem.

    Returns
    -------
    MAPResult

    Raises
    ------
    ValueError
        Bad parameters, invalid data, fewer than 2 rows with an intercept
        (1 without), or a constant column with ``standardize=True``.
    InputError
        If the cross-products overflow (a column or y in huge units).

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from bayesreg import Laplace, fit_map
    >>> X, y = load_diabetes(return_X_y=True)
    >>> res = fit_map(X, y, Laplace(scale=0.01), sigma=1.0)
    >>> res.converged, int((res.coef == 0).sum())
    (True, 4)
    """
    _check_prior(prior, _OWNER)
    sigma = check_positive(sigma, "sigma", _OWNER)
    fit_intercept = check_bool(fit_intercept, "fit_intercept", _OWNER)
    standardize = check_bool(standardize, "standardize", _OWNER)
    tol = check_positive(tol, "tol", _OWNER)
    if max_iter is not None:
        max_iter = check_int(max_iter, "max_iter", _OWNER)
    lik, scale = _likelihood(X, y, fit_intercept, [prior], standardize=standardize)
    if coef_init is not None:
        coef_init = np.asarray(coef_init, dtype=float)
        if coef_init.shape != (lik.n_features,) or not np.all(np.isfinite(coef_init)):
            raise ValueError(
                f"coef_init must be a finite array of shape ({lik.n_features},); "
                f"got shape {coef_init.shape}."
            )
        if scale is not None:
            coef_init = coef_init * scale
    return _fit(lik, prior, sigma, tol, max_iter, coef_init, x_scale=scale)


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
) -> list[MAPResult]:
    """:func:`fit_map` for each prior in ``priors``, sharing one likelihood.

    Each result minimizes the objective of :func:`fit_map` for its prior
    (with ``standardize=True``, on the columns ``X_j / s_j``, weights reported
    on the original scale). ``X'X`` (or the centred ``X``, whose columns
    ``X'X_j`` are then formed once for the whole path) is shared and each fit
    is warm-started from the previous one: order the priors from strong to
    weak penalty for the best warm starts.
    """
    owner = "fit_map_path"
    sigma = check_positive(sigma, "sigma", owner)
    fit_intercept = check_bool(fit_intercept, "fit_intercept", owner)
    standardize = check_bool(standardize, "standardize", owner)
    tol = check_positive(tol, "tol", owner)
    if max_iter is not None:
        max_iter = check_int(max_iter, "max_iter", owner)
    priors = [_check_prior(p, owner) for p in priors]
    lik, scale = _likelihood(
        X, y, fit_intercept, priors, standardize=standardize, owner=owner
    )
    results, w, columns = [], None, GramColumns(lik.gram_columns)
    for prior in priors:
        res = _fit(
            lik, prior, sigma, tol, max_iter, w, columns, x_scale=scale, owner=owner
        )
        results.append(res)
        w = res.coef if scale is None else res.coef * scale
    return results
