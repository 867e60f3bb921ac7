"""Predictions: observed vs predicted, with credible intervals.

:func:`predictive_draws` gives draws of the mean ``b0 + X w`` or of new
observations; :func:`plot_predictive` draws their medians and central
intervals against the observed ``y``.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_choice, check_int
from ..data import check_X_y
from ._common import (
    POST_COLOR,
    SKLEARN_COLOR,
    axes_for,
    coef_draws,
    sigma_of,
    unwrap_fit,
)

__all__ = ["plot_predictive", "predictive_draws"]


def predictive_draws(idata, X, *, kind="predictive", random_seed=0):
    """Draws of the mean ``b0 + X w`` or of new observations, shape (draws, rows).

    ``kind='predictive'`` adds ``N(0, sigma^2)`` noise to each draw of the mean
    (sigma fixed or from the posterior draws).
    """
    owner = "predictive_draws"
    check_choice(kind, "kind", owner, ("mean", "predictive"))
    X = np.asarray(X, dtype=float)
    w, _ = coef_draws(idata)
    mu = w @ X.T
    if "intercept" in idata.posterior:
        mu += idata.posterior["intercept"].values.reshape(-1, 1)
    if kind == "mean":
        return mu
    if "sigma" in idata.posterior:
        s = idata.posterior["sigma"].values.reshape(-1, 1)
    else:
        s, _ = sigma_of(idata, None, owner)
    rng = np.random.default_rng(random_seed)
    return mu + s * rng.standard_normal(mu.shape)


def plot_predictive(
    idata,
    X,
    y=None,
    *,
    kind="predictive",
    prob=0.9,
    random_seed=0,
    prior=None,
    sigma=None,
    max_bars=50,
    ax=None,
):
    """Observed vs predicted, with central ``prob`` credible intervals.

    For each row: the posterior median of the prediction (``kind='mean'``:
    of ``b0 + x'w``; ``'predictive'``: of a new observation, noise included)
    and its central ``prob`` interval. Up to ``max_bars`` rows: one error bar
    per row against the observed ``y``, with the line ``predicted =
    observed``. More rows: the rows sorted by their predicted median, the
    median as a line and the interval as a shaded band, the observed ``y`` as
    dots (red outside the band) -- one bar per row would merge into a wall.
    The title names the model (``prior`` and sigma) and reports the fraction
    of observations inside their interval (about ``prob`` for well-calibrated
    posterior predictive intervals).

    Parameters
    ----------
    idata : arviz.InferenceData or fitted BayesianLinearRegression
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), optional
        Default: ``idata.observed_data.y``.
    kind : {'predictive', 'mean'}
    prob : float in (0, 1)
    random_seed : int
        For the noise draws of ``kind='predictive'``.
    prior : Prior, optional
        The prior of the fit, named in the title (a fitted estimator's own
        prior by default).
    sigma : float > 0, optional
        Noise scale named in the title; default the fit's fixed sigma, else
        the posterior median of sigma.
    max_bars : int >= 1, default 50
        Most rows drawn as error bars.
    ax : Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        Error bars: their centres are ``(y, median)``. Band: the line
        ``'median'`` has the sorted medians as y data (x: rank 0..n-1), the
        dots ``'observed'`` the observed ``y`` in that order.
    """
    owner = "plot_predictive"
    idata, prior, sigma = unwrap_fit(idata, prior, sigma, owner)
    max_bars = check_int(max_bars, "max_bars", owner, 1)
    if not 0 < prob < 1:
        raise ValueError(
            f"The 'prob' parameter of {owner} must be a float in the range "
            f"(0.0, 1.0). Got {prob!r} instead."
        )
    if y is None:
        if "observed_data" not in idata.groups():
            raise ValueError(f"{owner}: pass y (the fit has no observed_data).")
        y = idata.observed_data["y"].values
    X, y, _ = check_X_y(X, y)
    pred = predictive_draws(idata, X, kind=kind, random_seed=random_seed)
    lo, med, hi = np.quantile(pred, [(1 - prob) / 2, 0.5, (1 + prob) / 2], axis=0)
    ok = (y >= lo) & (y <= hi)
    inside = float(np.mean(ok))
    what = "new observation" if kind == "predictive" else "mean b0 + x'w"
    if y.size <= max_bars:
        fig, (a,) = axes_for(ax, 1, owner, figsize=(5.2, 5.0))
        a.errorbar(
            y,
            med,
            yerr=[med - lo, hi - med],
            fmt="o",
            ms=3,
            lw=0.6,
            alpha=0.6,
            color=POST_COLOR,
            label=f"median, {prob:.0%} interval",
        )
        both = np.concatenate([y, lo, hi])
        lim = (both.min(), both.max())
        a.plot(lim, lim, color="0.3", lw=1, ls="--", label="predicted = observed")
        a.set_xlabel("observed y")
        a.set_ylabel(f"predicted ({what})")
    else:
        fig, (a,) = axes_for(ax, 1, owner, figsize=(7.0, 4.6))
        order = np.argsort(med, kind="stable")
        rank = np.arange(y.size)
        a.fill_between(
            rank,
            lo[order],
            hi[order],
            color=POST_COLOR,
            alpha=0.25,
            lw=0,
            label=f"{prob:.0%} interval",
        )
        a.plot(rank, med[order], color=POST_COLOR, lw=1.5, label="median")
        a.plot(
            rank,
            y[order],
            ls="none",
            marker="o",
            ms=2.5,
            color="0.15",
            label="observed",
        )
        out = ~ok[order]
        a.plot(
            rank[out],
            y[order][out],
            ls="none",
            marker="o",
            ms=3.5,
            mfc="none",
            color=SKLEARN_COLOR,
            label=f"outside ({int(out.sum())} of {y.size})",
        )
        a.set_xlabel(f"the {y.size} observations, sorted by predicted median")
        a.set_ylabel(f"y; predicted ({what})")
    model = _model_text(idata, prior, sigma, owner)
    lines = [model] if model else []
    lines.append(f"{inside:.0%} of observations inside their {prob:.0%} interval")
    a.set_title("\n".join(lines), fontsize="medium")
    a.legend(fontsize="small", loc="upper left")
    return fig


def _model_text(idata, prior, sigma, owner):
    """``'Laplace(scale=2.5), sigma = 54.1'``: the model a figure shows."""
    parts = [] if prior is None else [_short_repr(prior)]
    try:
        s, how = sigma_of(idata, sigma, owner)
    except ValueError:  # no fixed or sampled sigma to name
        return ", ".join(parts)
    tail = "" if how in ("given", "fixed") else f" ({how})"
    return ", ".join([*parts, f"sigma = {s:.4g}{tail}"])


def _short_repr(obj, digits=4):
    """``repr`` with its floats to ``digits`` significant digits, on one line."""
    import re

    text = " ".join(repr(obj).split())
    return re.sub(
        r"-?\d+\.\d+(?:e[+-]?\d+)?",
        lambda m: f"{float(m.group()):.{digits}g}",
        text,
    )
