"""Posterior coefficients at any p: the largest ones, the rest summarized.

:func:`plot_coefficients` shows the ``top`` coefficients by posterior
``|median|`` as medians with central intervals, largest first, and
summarizes all the others in one row: their count, the band from the lowest
to the highest interval end among them and the range of their medians. It
stays readable at p = 1000, where a forest plot of every coefficient does
not.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_bool, check_int, check_positive
from ._common import MAP_COLOR, POST_COLOR, axes_for, coef_draws, unwrap_fit

__all__ = ["coefficient_table", "plot_coefficients"]

_OWNER = "plot_coefficients"


def coefficient_table(fit, *, prob=0.9, standardized=True):
    """Median and central ``prob`` interval of each coefficient, sorted by
    ``|median|``, largest first (a pandas DataFrame: ``median``, ``low``,
    ``high``; in sd(y) per sd(x_j) when ``standardized``, as recorded by the
    fit's attrs ``x_sd`` and ``y_sd``)."""
    import pandas as pd

    prob = check_positive(prob, "prob", _OWNER)
    if not prob < 1:
        raise ValueError(
            f"The 'prob' parameter of {_OWNER} must be a float in the range "
            f"(0.0, 1.0). Got {prob!r} instead."
        )
    standardized = check_bool(standardized, "standardized", _OWNER)
    idata, _, _ = unwrap_fit(fit, None, None, _OWNER)
    draws, names = coef_draws(idata)
    if standardized:
        attrs = idata.posterior.attrs
        draws = draws * np.asarray(attrs["x_sd"], float) / float(attrs["y_sd"])
    q = np.quantile(draws, [(1 - prob) / 2, 0.5, (1 + prob) / 2], axis=0)
    table = pd.DataFrame(
        {"median": q[1], "low": q[0], "high": q[2]},
        index=pd.Index(names, name="feature"),
    )
    order = np.argsort(-np.abs(table["median"].to_numpy()), kind="stable")
    return table.iloc[order]


def plot_coefficients(fit, *, top=20, prob=0.9, standardized=True, ax=None):
    """The ``top`` coefficients by posterior ``|median|``, the rest in one row.

    Parameters
    ----------
    fit : arviz.InferenceData or fitted estimator
        A posterior with ``coef`` (:func:`bayesreg.sample_posterior`).
    top : int >= 1, default 20
        Coefficients drawn one per row (all of them when p <= top + 1).
    prob : float in (0, 1), default 0.9
        Central interval of each row.
    standardized : bool, default True
        Coefficients in sd(y) per sd(x_j) (comparable across features);
        False: the original units.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    top = check_int(top, "top", _OWNER)
    table = coefficient_table(fit, prob=prob, standardized=standardized)
    p = len(table)
    if p <= top + 1:
        top = p
    shown, rest = table.iloc[:top], table.iloc[top:]
    rows = top + (1 if len(rest) else 0)
    fig, (ax,) = axes_for(ax, 1, _OWNER, figsize=(6.4, 1.2 + 0.24 * rows))
    y = np.arange(top)[::-1] + (1 if len(rest) else 0)
    ax.hlines(y, shown["low"], shown["high"], color=POST_COLOR, lw=1.6)
    ax.plot(shown["median"], y, "o", color=POST_COLOR, ms=4, label="median")
    labels = list(shown.index)
    title = f"top {top} of {p} coefficients by |posterior median|"
    if len(rest):
        lo, hi = rest["low"].min(), rest["high"].max()
        mlo, mhi = rest["median"].min(), rest["median"].max()
        ax.fill_betweenx([-0.3, 0.3], lo, hi, color=POST_COLOR, alpha=0.25, lw=0)
        ax.hlines(0, mlo, mhi, color=POST_COLOR, lw=4)
        labels.append(f"other {len(rest)}")
        title += (
            f"\nthe other {len(rest)}: intervals within [{lo:.2g}, {hi:.2g}] "
            f"(band), medians within [{mlo:.2g}, {mhi:.2g}] (bar)"
        )
    ax.set_yticks(list(y) + ([0] if len(rest) else []))
    ax.set_yticklabels(labels, fontsize=8)
    ax.axvline(0.0, color=MAP_COLOR, lw=0.8)
    unit = "sd(y) per sd(x_j)" if standardized else "original units"
    ax.set_xlabel(f"coefficient ({unit}): median and {prob:.0%} interval")
    ax.set_title(title, fontsize=9)
    return fig
