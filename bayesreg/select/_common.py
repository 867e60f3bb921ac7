"""What the methods of :func:`~bayesreg.select_lambda` share: the prior at a
given lam, the default grid, the final MAP."""

from __future__ import annotations

import numpy as np

from ..priors import require

__all__ = ["default_grid", "final_map", "penalty_shape", "prior_at"]


def penalty_shape(prior, sigma, owner):
    """``(lam, l1_ratio)`` of ``prior`` at ``sigma``: ``penalty = (lam r,
    lam (1 - r))``, i.e. ``lam (r ||w||_1 + (1 - r)/2 ||w||^2)``."""
    require(prior, ("penalty",), owner)
    pen = prior.penalty(sigma)
    lam = pen.l1 + pen.l2
    return lam, pen.l1 / lam


def prior_at(prior, lam, sigma):
    """The prior of ``prior``'s family (and ``relative``) whose penalty at
    ``sigma`` is ``lam`` with ``prior``'s l1 ratio (the family's
    ``from_penalty``)."""
    _, ratio = penalty_shape(prior, sigma, "select_lambda")
    extra = {"l1_ratio": ratio} if 0.0 < ratio < 1.0 else {}
    return type(prior).from_penalty(float(lam), sigma, relative=prior.relative, **extra)


def default_grid(X, y, prior, sigma, n_lams, fit_intercept, standardize):
    """``n_lams`` log-spaced lam from the family's ``lam_range`` (for L1
    parts: from ``max_j |x_j'y| / r``, where every weight is 0, down
    ``1000``x, as glmnet and scikit-learn's LassoCV with ``eps=1e-3``), of
    the centred (if ``fit_intercept``) and standardized (if asked) data."""
    Xc = np.asarray(X, dtype=float)
    yc = np.asarray(y, dtype=float)
    if fit_intercept:
        Xc = Xc - Xc.mean(axis=0)
        yc = yc - yc.mean()
    if standardize:
        sd = np.asarray(X, dtype=float).std(axis=0)
        Xc = Xc / np.where(sd > 0, sd, 1.0)
    _, ratio = penalty_shape(prior, sigma, "select_lambda")
    extra = {"l1_ratio": ratio} if 0.0 < ratio < 1.0 else {}
    top, bottom = type(prior).lam_range(
        float(np.max(np.abs(Xc.T @ yc))), float(np.mean(np.sum(Xc * Xc, 0))), **extra
    )
    return np.geomspace(top, bottom, n_lams)


def final_map(X, y, prior, sigma, fit_intercept, standardize):
    """``(coef, intercept)`` of the MAP of ``prior`` at ``sigma`` on all rows."""
    from ..map import fit_map

    res = fit_map(X, y, prior, sigma, fit_intercept, standardize=standardize, tol=1e-10)
    return res.coef, res.intercept
