"""``select_lambda(method="cv")``: K-fold cross-validation of the MAP.

For each fold ``k`` (training rows ``T_k``, test rows ``V_k``) and each lam
of the grid the MAP ``w_k(lam), b_k(lam)`` is fitted on ``T_k``
(:func:`bayesreg.fit_map_path`: shared cross-products, warm starts from the
previous, larger lam; the intercept and, with ``standardize``, the column
scales from ``T_k`` alone) and scored by its test MSE

    e_k(lam) = 1/|V_k| sum_{i in V_k} (y_i - b_k(lam) - x_i'w_k(lam))^2.

The criterion is ``CV(lam) = 1/K sum_k e_k(lam)`` (the mean of the per-fold
mean squared errors, as scikit-learn's LassoCV, ElasticNetCV and
``GridSearchCV(scoring="neg_mean_squared_error")``), with standard error
``SE(lam) = sd_k(e_k(lam)) / sqrt(K)`` (``ddof=1``, as glmnet's ``cvsd``).
``lam_min`` is the first minimizer on the descending grid; ``lam_1se`` the
largest lam with ``CV(lam) <= CV(lam_min) + SE(lam_min)`` (the 1-SE rule of
Breiman et al. 1984, section 3.4.3; glmnet's ``lambda.1se``).

Each fold's path runs the package's exact active-set method (the kernel of
``fit_map``'s ``active_set`` solver, :mod:`bayesreg.map.solvers._l1qp`)
directly: the columns ``X_T'X_T[:, j]`` (or, with ``p > n``, ``X_T``
itself) are shared along the path, each lam starts from the previous
solution, and a solution counts only when its KKT conditions hold to
``tol * max_j |x_j'y|`` (the check behind ``MAPResult.converged``). Going
through :func:`bayesreg.fit_map_path` gives the same MAPs (tested) at about
twice the cost (its per-fit result and checks), which made ``cv`` slower
than LassoCV.

A prior whose penalty has no L1 part (``l1 = 0``: ridge) skips the solver:
with the SVD ``X_T = U D V'`` of the fold's centred (standardized) training
columns, the whole path is ``w(lam) = V diag(d / (d^2 + lam)) U'y_T = V
diag(1 / (d^2 + lam)) V'X_T'y_T`` (the second form, from the eigenvectors of
``X_T'X_T``, when ``n >= p``)
(the ridge closed form in the eigenbasis, Goodfellow et al. 2016, eq.
7.13; Hastie, Tibshirani & Friedman 2009, eq. 3.47), one SVD per fold.

Which penalty a fold uses (option ``fold_lam``):

* ``"same"`` (default): the unscaled lam itself. The prior does not depend
  on how many rows are seen, so each fold fits the chosen prior. This is
  what scikit-learn's RidgeCV with ``cv=KFold(...)`` does (``Ridge(alpha)``
  has no 1/n).
* ``"per_sample"``: ``lam |T_k| / n``, i.e. the same per-sample penalty
  ``alpha = lam / n`` in every fold, as LassoCV, ElasticNetCV and
  ``cv.glmnet`` (their objectives carry ``1/(2 n)``).

With the same folds and grid, ``"per_sample"`` chooses what LassoCV and
ElasticNetCV choose (``alphas = grid / n``) and ``"same"`` what RidgeCV with
``alphas = grid`` and ``scoring="neg_mean_squared_error"`` chooses
(``tests/test_select.py``).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .._threads import one_blas_thread
from .._validation import check_choice, check_int, check_positive
from ._common import default_grid, final_map, penalty_shape, prior_at
from .result import LambdaSelection

__all__ = ["OPTIONS", "check_folds", "l1_path", "ridge_path", "run"]

#: method options and their defaults
OPTIONS: dict = {"fold_lam": "same", "tol": 1e-9}

_OWNER = "select_lambda(method='cv')"


def check_folds(cv, X, y):
    """The list of ``(train, test)`` index arrays of ``cv``: an int >= 2
    (``KFold(cv)``, unshuffled), a scikit-learn splitter, or an iterable of
    ``(train, test)`` pairs."""
    from sklearn.model_selection import check_cv

    if isinstance(cv, bool) or cv is None:
        raise TypeError(
            f"The 'cv' parameter of {_OWNER} must be an int in the range [2, inf), "
            f"a scikit-learn splitter or an iterable of (train, test). Got {cv!r} "
            "instead."
        )
    if isinstance(cv, int | np.integer):
        check_int(cv, "cv", _OWNER, minimum=2)
        if cv > X.shape[0]:
            raise ValueError(
                f"The 'cv' parameter of {_OWNER} must be at most n_samples="
                f"{X.shape[0]}. Got {cv!r} instead."
            )
    folds = list(check_cv(cv, y, classifier=False).split(X, y))
    if len(folds) < 2:
        raise ValueError(
            f"The 'cv' parameter of {_OWNER} must give at least 2 folds; got "
            f"{len(folds)}."
        )
    return folds


def fold_errors(X, y, prior, sigma, grid, folds, fit_intercept, standardize,
                fold_lam, tol, progressbar):  # fmt: skip
    """``e_k(lam)``, shape ``(len(folds), len(grid))`` (module docstring)."""
    n = X.shape[0]
    ridge = prior.penalty(sigma).l1 == 0
    errors = np.empty((len(folds), grid.size))
    steps = folds
    if progressbar:
        from tqdm.auto import tqdm

        steps = tqdm(folds, desc="select_lambda cv")
    for k, (train, test) in enumerate(steps):
        shrink = len(train) / n if fold_lam == "per_sample" else 1.0
        lams = grid * shrink
        if ridge:
            coef, b0 = ridge_path(X[train], y[train], lams, fit_intercept, standardize)
        else:
            pens = [prior_at(prior, lam, sigma).penalty(sigma) for lam in lams]
            coef, b0 = l1_path(
                X[train], y[train], pens, fit_intercept, standardize, tol
            )
        resid = y[test, None] - X[test] @ coef.T - b0
        errors[k] = np.mean(resid * resid, axis=0)
    return errors


def ridge_path(X, y, lams, fit_intercept, standardize):
    """``(coef, intercept)`` of ``1/2 ||y - b0 - Xw||^2 + lam/2 ||w||^2`` for
    each lam (rows), by one SVD (module docstring)."""
    from ..data import standardize_columns

    scale = None
    if standardize:
        X, scale = standardize_columns(X, _OWNER)
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(X.shape[1])
    y_mean = float(y.mean()) if fit_intercept else 0.0
    Xc = X - x_mean
    if Xc.shape[0] >= Xc.shape[1]:  # X'X = V diag(e) V', U'y = V'X'y / d
        e, v = np.linalg.eigh(Xc.T @ Xc)
        coef = (v.T @ (Xc.T @ (y - y_mean)) / (e + lams[:, None])) @ v.T
    else:
        u, d, vt = np.linalg.svd(Xc, full_matrices=False)
        coef = (d / (d * d + lams[:, None]) * (u.T @ (y - y_mean))) @ vt
    b0 = y_mean - coef @ x_mean
    return (coef if scale is None else coef / scale), b0


def l1_path(X, y, penalties, fit_intercept, standardize, tol):
    """``(coef, intercept)`` of ``1/2 ||y - b0 - Xw||^2 + l1 ||w||_1 + l2/2
    ||w||^2`` for each ``(l1, l2)`` of ``penalties`` (rows), warm started
    (module docstring)."""
    from ..data import standardize_columns
    from ..map.solvers._l1qp import Design, GramColumns, minimize_l1_qp

    scale = None
    if standardize:
        X, scale = standardize_columns(X, _OWNER)
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(X.shape[1])
    y_mean = float(y.mean()) if fit_intercept else 0.0
    Xc = X - x_mean
    b = Xc.T @ (y - y_mean)
    n, p = Xc.shape
    if n < p:
        columns = Design(Xc)
    else:
        gram = Xc.T @ Xc
        columns = GramColumns(lambda idx: gram[:, idx])
    atol = tol * max(float(np.max(np.abs(b), initial=0.0)), np.finfo(float).tiny)
    coef, w = np.empty((len(penalties), p)), np.zeros(p)
    for i, pen in enumerate(penalties):
        w, ok, _ = minimize_l1_qp(
            columns, b, pen.l1, pen.l2, w, atol, max(1000, 10 * p)
        )
        if not ok:
            warnings.warn(
                f"{_OWNER}: the MAP at l1={pen.l1:.6g} did not meet its KKT "
                f"conditions (tol={tol:g}) in {max(1000, 10 * p)} steps.",
                ConvergenceWarning,
                stacklevel=5,
            )
        coef[i] = w
    b0 = y_mean - coef @ x_mean
    return (coef if scale is None else coef / scale), b0


def run(
    X,
    y,
    prior,
    *,
    sigma,
    grid,
    n_lams,
    cv,
    fit_intercept,
    standardize,
    random_seed,
    progressbar,
    fold_lam,
    tol,
):
    """Cross-validate the MAP of ``prior``'s family over ``grid``, with one
    BLAS thread (the products of a fold are small, and two BLAS pools fight
    over a busy machine's cores: see :mod:`bayesreg._threads`)."""
    with one_blas_thread():
        return _run(X, y, prior, sigma, grid, n_lams, cv, fit_intercept,
                    standardize, progressbar, fold_lam, tol)  # fmt: skip


def _run(X, y, prior, sigma, grid, n_lams, cv, fit_intercept, standardize,
         progressbar, fold_lam, tol):  # fmt: skip
    from ..sigma import default_sigma

    check_choice(fold_lam, "fold_lam", _OWNER, ("same", "per_sample"))
    tol = check_positive(tol, "tol", _OWNER)
    if sigma is None:
        sigma = default_sigma(X, y, fit_intercept)[0]
    elif hasattr(sigma, "to_pymc"):
        raise TypeError(
            f"The 'sigma' parameter of {_OWNER} must be None or a float in the "
            f"range (0.0, inf). Got {sigma!r} instead."
        )
    _check_penalty(prior, sigma)
    if grid is None:
        grid = default_grid(
            X, y, prior, sigma, n_lams or 100, fit_intercept, standardize
        )
    folds = check_folds(cv, X, y)
    errors = fold_errors(
        X, y, prior, sigma, grid, folds, fit_intercept, standardize, fold_lam,
        tol, progressbar,
    )  # fmt: skip
    mean = errors.mean(axis=0)
    se = errors.std(axis=0, ddof=1) / math.sqrt(len(folds))
    best = int(np.argmin(mean))
    one_se = int(np.flatnonzero(mean <= mean[best] + se[best])[0])
    chosen = prior_at(prior, grid[best], sigma)
    coef, intercept = final_map(X, y, chosen, sigma, fit_intercept, standardize)
    return LambdaSelection(
        method="cv",
        prior=chosen,
        lam=float(grid[best]),
        sigma=float(sigma),
        grid=grid,
        criterion=mean,
        criterion_se=se,
        lam_1se=float(grid[one_se]),
        prior_1se=prior_at(prior, grid[one_se], sigma),
        coef=coef,
        intercept=float(intercept),
        details={"fold_errors": errors, "folds": folds, "fold_lam": fold_lam},
    )


def _check_penalty(prior, sigma):
    """Refuse a prior without a penalty form or with a zero penalty (Flat)."""
    lam, _ = (0.0, 0.0)
    if "penalty" in prior.capabilities():
        pen = prior.penalty(sigma)
        lam = pen.l1 + pen.l2
    if not lam > 0:
        raise ValueError(
            f"The 'prior' parameter of {_OWNER} must have a penalty form with a "
            f"scale to choose (Gaussian, Laplace, ElasticNet). Got {prior!r} "
            "instead."
        )
    return penalty_shape(prior, sigma, _OWNER)
