"""The noise scale ``sigma``: a data-based default, and its priors.

:func:`residual_sigma` and :func:`default_sigma` estimate a fixed ``sigma``
from the data. The priors that make ``sigma`` unknown in a posterior live in
:mod:`bayesreg.noise` and are re-exported here (``from bayesreg.sigma import
Jeffreys`` keeps working).
"""

from __future__ import annotations

import math

from .noise import (
    FixedSigma,
    HalfCauchy,
    HalfNormal,
    InverseGamma,
    Jeffreys,
    SigmaPrior,
    as_sigma_prior,
)

__all__ = [
    "FixedSigma",
    "HalfCauchy",
    "HalfNormal",
    "InverseGamma",
    "Jeffreys",
    "SigmaPrior",
    "as_sigma_prior",
    "default_sigma",
    "residual_sigma",
]


# --------------------------------------------------------------------------
# a noise scale from the data


def _ls_fit(X, y, fit_intercept):
    """``(rss, n, dof)`` of the (minimum-norm) least-squares fit."""
    from .map import _fit, _likelihood
    from .priors import Flat

    owner, fit_intercept = "residual_sigma", bool(fit_intercept)
    lik, _ = _likelihood(X, y, fit_intercept, [Flat()], owner=owner)
    w = _fit(lik, Flat(), 1.0, 1e-9, None, owner=owner).coef
    return lik.rss(w), lik.n, lik.n - lik.n_features - int(fit_intercept)


def residual_sigma(X, y=None, fit_intercept=True) -> float:
    """Least-squares noise estimate ``sqrt(RSS / (n - p - fit_intercept))``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or SufficientStats
    y : array-like of shape (n_samples,), or None with a SufficientStats
    fit_intercept : bool, default True

    Raises
    ------
    ValueError
        When ``n_samples <= n_features + fit_intercept`` (no residual degrees
        of freedom) or the least-squares fit is exact (RSS = 0).
    """
    rss, n, dof = _ls_fit(X, y, fit_intercept)
    if dof <= 0 or not rss > 0:
        why = (
            f"n_samples={n} <= n_features + intercept"
            if dof <= 0
            else "the least-squares fit is exact (RSS = 0)"
        )
        raise ValueError(
            f"residual_sigma needs residual degrees of freedom; {why}. Pass sigma "
            "explicitly."
        )
    return math.sqrt(rss / dof)


def default_sigma(X, y=None, fit_intercept=True) -> tuple[float, str]:
    """The data-based noise scale used when none is given, and how it was found.

    The least-squares residual sd :func:`residual_sigma`; when that is not
    defined (``n <= p + 1`` or an exact fit) the sample sd of ``y``
    (``ddof=1``, about its mean with an intercept, root mean square without).
    Column scaling does not change it, so it is the same with ``standardize``.

    Returns
    -------
    sigma : float
    how : str
        A sentence naming the rule, for messages and reports.
    """
    try:
        sigma = residual_sigma(X, y, fit_intercept)
    except ValueError:
        sigma, n = _y_sd(X, y, fit_intercept)
        return sigma, (
            f"sigma = {sigma:.6g}: the sd of y (n = {n}: no least-squares residual sd)"
        )
    return sigma, f"sigma = {sigma:.6g}: the least-squares residual sd"


def _y_sd(X, y, fit_intercept):
    import numpy as np

    from .data import SufficientStats

    if isinstance(X, SufficientStats):
        n = X.n
        ss = X.yy + (n * X.y_mean**2 if not fit_intercept else 0.0)
    else:
        ya = np.asarray(y, dtype=float)
        n = len(ya)
        yc = ya - ya.mean() if fit_intercept else ya
        ss = float(yc @ yc)
    if n < 2 or not ss > 0:
        raise ValueError(
            f"cannot choose a default sigma: y has {n} row(s) and no spread; pass "
            "sigma explicitly."
        )
    return math.sqrt(ss / (n - 1)), n
