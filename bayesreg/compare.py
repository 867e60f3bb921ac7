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

glmnet (``standardize=FALSE``) uses ``lambda = (l1 + l2)/n`` and
``alpha = l1/(l1 + l2)``, the same as scikit-learn's ``alpha, l1_ratio``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn import linear_model

from ._validation import check_int, check_nonnegative, check_positive
from .data import check_X_y
from .map import _check_prior, fit_map
from .priors import ElasticNet, Flat, Gaussian, Laplace

__all__ = [
    "CompareResult",
    "check_map",
    "from_glmnet",
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
    fi = bool(fit_intercept)
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


def to_glmnet(prior, sigma, n_samples):
    """glmnet's ``(lambda, alpha)`` (``standardize=FALSE``) for ``prior``.

    glmnet minimizes ``1/(2n)||y - Xw||^2 + lambda (alpha ||w||_1 +
    (1 - alpha)/2 ||w||^2)``.
    """
    _check_prior(prior, "to_glmnet")
    sigma = check_positive(sigma, "sigma", "to_glmnet")
    n = check_int(n_samples, "n_samples", "to_glmnet")
    pen = prior.penalty(sigma)
    total = pen.l1 + pen.l2
    if total == 0:
        return 0.0, 1.0
    return total / n, pen.l1 / total


def from_glmnet(lam, alpha, sigma, n_samples):
    """Prior whose MAP equals glmnet's fit with ``lambda=lam``, ``alpha=alpha``."""
    lam = check_nonnegative(lam, "lam", "from_glmnet")
    alpha = check_nonnegative(alpha, "alpha", "from_glmnet")
    if alpha > 1:
        raise ValueError(
            "The 'alpha' parameter of from_glmnet must be a float in the range "
            f"[0.0, 1.0]. Got {alpha!r} instead."
        )
    sigma = check_positive(sigma, "sigma", "from_glmnet")
    n = check_int(n_samples, "n_samples", "from_glmnet")
    if lam == 0:
        return Flat()
    total = lam * n
    if alpha == 0:
        return Gaussian.from_penalty(total, sigma)
    if alpha == 1:
        return Laplace.from_penalty(total, sigma)
    return ElasticNet.from_penalty(total, sigma, l1_ratio=alpha)


@dataclass(frozen=True)
class CompareResult:
    """MAP versus the matched scikit-learn fit (see :func:`check_map`)."""

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
        head = (
            f"MAP vs {self.estimator!r}\n"
            f"max |diff| = {self.max_abs_diff:.3g} (atol {self.atol:.3g}), "
            f"same zeros: {self.support_agrees}, ok: {self.ok}"
        )
        with pd.option_context(
            "display.float_format", "{:.6g}".format, "display.width", 120
        ):
            return f"{head}\n{self.table().to_string()}"


def check_map(X, y, prior, sigma=1.0, fit_intercept=True, *, rtol=1e-6):
    """Fit the MAP and the matched scikit-learn estimator; compare them.

    ``ok`` is True when both agree to ``rtol * max(1, max|coef|)`` on every
    coefficient and the intercept, and have the same exact zeros.
    scikit-learn's iterative solvers run with ``tol=1e-12``.
    """
    X, y, names = check_X_y(X, y)
    res = fit_map(X, y, prior, sigma, fit_intercept)
    est = penalized_equivalent(prior, sigma, X.shape[0], fit_intercept).fit(X, y)
    sk_coef = np.asarray(est.coef_, dtype=float).ravel()
    sk_int = float(np.ravel(est.intercept_)[0]) if fit_intercept else 0.0
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
