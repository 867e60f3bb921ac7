"""Standardized columns: divide by each column's sd, and map the weights back.

The scale ``s_j`` is scikit-learn's ``StandardScaler().scale_`` (ddof=0). For
:class:`~bayesreg.data.SufficientStats` it comes from the centred
cross-products, which gives the same number without the rows.
"""

from __future__ import annotations

import numpy as np

from .checks import default_feature_names
from .sufficient import SufficientStats

__all__ = ["standardize_columns", "unstandardize_coef"]


def _is_constant(sd, mean, n):
    """scikit-learn's test for a constant feature (a variance at rounding
    level, ``var <= n eps var + (n mean eps)^2``), in units of
    ``max(|mean|, sd)`` so that it cannot overflow."""
    eps = np.finfo(np.float64).eps
    unit = np.maximum(np.abs(mean), sd)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (sd / unit) ** 2
        rel_mean = mean / unit
        return (unit == 0) | (var <= n * eps * var + (n * rel_mean * eps) ** 2)


def _column_mean_sd(X):
    """Mean and standard deviation (ddof=0) of each column, without overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        mean, sd = X.mean(axis=0), X.std(axis=0)
    bad = ~(np.isfinite(mean) & np.isfinite(sd))
    if bad.any():  # huge columns: divide by their largest magnitude first
        big = np.max(np.abs(X[:, bad]), axis=0)
        mean[bad] = big * (X[:, bad] / big).mean(axis=0)
        sd[bad] = big * (X[:, bad] / big).std(axis=0)
    return mean, sd


def standardize_columns(X, owner: str, feature_names=None):
    """Divide each column by its standard deviation ``s_j`` (ddof=0).

    ``s_j`` is scikit-learn's ``StandardScaler().scale_`` (the root mean
    square about the column mean, also with ``with_mean=False``); for a
    :class:`SufficientStats` it is ``sqrt(diag(xx) / n)`` from the centred
    cross-products, which is the same number. Columns are scaled, not
    centred: the engines centre (or not) as ``fit_intercept`` says.

    Parameters
    ----------
    X : ndarray of shape (n, p) (validated) or SufficientStats
    owner : str
        The function the user called, named in the error message.
    feature_names : sequence of str, optional
        Names for the message (a SufficientStats carries its own).

    Returns
    -------
    X_scaled : ndarray or SufficientStats
        ``X / s``; or the statistics of ``X / s`` (means ``x̄/s``, ``xx / s s'``,
        ``xy / s``; ``y`` unchanged).
    scale : ndarray of shape (p,)
        ``s``.

    Raises
    ------
    ValueError
        If a column is constant (zero standard deviation), naming it.
    """
    if isinstance(X, SufficientStats):  # overflowed xx: caught by the engines
        n, mean, names = X.n, X.x_mean, X.feature_names
        with np.errstate(over="ignore", invalid="ignore"):
            scale = np.sqrt(np.diag(X.xx) / n)
    else:
        n = X.shape[0]
        names = feature_names or default_feature_names(X.shape[1])
        mean, scale = _column_mean_sd(X)
    const = [names[j] for j in np.flatnonzero(_is_constant(scale, mean, n))]
    if const:
        raise ValueError(
            f"{owner} with standardize=True cannot scale constant column(s) "
            f"(standard deviation 0): {', '.join(repr(c) for c in const)}. Drop "
            "them (a constant column carries no information beyond the intercept)."
        )
    if not isinstance(X, SufficientStats):
        return X / scale, scale
    return (
        SufficientStats(
            n=X.n,
            x_mean=X.x_mean / scale,
            y_mean=X.y_mean,
            xx=X.xx / np.outer(scale, scale),
            xy=X.xy / scale,
            yy=X.yy,
            feature_names=X.feature_names,
        ),
        scale,
    )


def unstandardize_coef(coef, scale):
    """Coefficients of the columns ``X / s`` as coefficients of ``X``: ``coef / s``.

    ``coef`` may hold draws: its last axis is the feature. The intercept needs
    no change (scaling a column does not move the fitted values).
    ``scale=None`` (not standardized) returns ``coef`` unchanged.
    """
    if scale is None:
        return coef
    return coef / scale
