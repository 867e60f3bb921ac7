"""Analytic oracles (no intercept: centre X and y first if you need one)."""

from __future__ import annotations

import numpy as np

from .._validation import check_nonnegative
from ..data import check_X_y

__all__ = ["lasso_orthonormal", "ridge_closed_form", "ridge_eigen"]


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
