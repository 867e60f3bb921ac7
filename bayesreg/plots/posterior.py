"""Posterior of each coefficient, with the MAP and scikit-learn marked.

:func:`plot_posterior` draws per-coefficient posterior densities (or a forest
plot) with the MAP (:func:`bayesreg.fit_map`) and the matched scikit-learn
estimate marked and, optionally, the prior density.
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import check_choice
from ..compare import check_map
from ..data import check_X_y
from ..map import fit_map
from ..priors import Prior
from ._common import (
    MAP_COLOR,
    POST_COLOR,
    PRIOR_COLOR,
    SKLEARN_COLOR,
    axes_for,
    coef_draws,
    likelihood_of,
    sigma_of,
    sklearn_equivalent,
    unwrap_fit,
)

__all__ = ["plot_posterior"]


def _fit_intercept_of(idata, fit_intercept):
    if fit_intercept is not None:
        return bool(fit_intercept)
    return bool(
        idata.posterior.attrs.get("fit_intercept", "intercept" in idata.posterior)
    )


def _x_scale(idata, X, names, owner):
    """The column sds ``s_j`` of a standardized fit: recorded, else from X."""
    if "constant_data" in idata.groups() and "x_scale" in idata.constant_data:
        return np.asarray(idata.constant_data["x_scale"].values, dtype=float)
    if X is None:
        raise ValueError(
            f"{owner}: the prior density of a standardized fit needs X (its "
            "column sds) or a fit that records them."
        )
    Xa, _, _ = check_X_y(X, np.zeros(len(X)))
    return Xa.std(axis=0)


def _marks_title(sigma, how, lik, marks):
    what = " and ".join(marks)
    if not lik.has_scale:
        return f"posterior vs {what} ({lik!r})"
    tail = "" if "quadratic" in lik.capabilities() else f", {lik!r}"
    return f"posterior vs {what} (sigma = {sigma:.3g}, {how}{tail})"


def _wrap(text, width=72):
    """Break a title over lines of at most ``width`` characters."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _sparse_ticks(axis, nbins=5):
    """At most ``nbins`` ticks with short labels (a common ``1e-4`` offset)."""
    from matplotlib.ticker import MaxNLocator, ScalarFormatter

    axis.set_major_locator(MaxNLocator(nbins=nbins))
    fmt = ScalarFormatter(useMathText=True)
    fmt.set_powerlimits((-2, 3))
    axis.set_major_formatter(fmt)


def plot_posterior(
    idata,
    X=None,
    y=None,
    prior=None,
    sigma=None,
    *,
    kind="auto",
    show_prior=False,
    features=None,
    hdi_prob=0.94,
    fit_intercept=None,
    standardize=None,
    likelihood=None,
    ax=None,
):
    """Posterior of each coefficient with the MAP and scikit-learn marked.

    ``kind='density'``: one panel per coefficient with the kernel density of
    the draws (``arviz.kde``), the ``hdi_prob`` HDI as a bar, the MAP
    (:func:`bayesreg.fit_map` at the same prior and ``sigma``) as a solid
    vertical line and the matched scikit-learn estimate
    (:func:`bayesreg.compare.penalized_equivalent`) as a dashed one; with
    ``show_prior`` the prior density ``exp(prior.logpdf(w, sigma))`` is drawn too
    (not for a family without one, ``has_density = False``: the horseshoe).
    ``kind='forest'``: one row per coefficient with the posterior median, the
    HDI, and the two point estimates as markers. ``'auto'`` picks the forest
    for more than 12 coefficients.

    Parameters
    ----------
    idata : arviz.InferenceData or fitted BayesianLinearRegression
        From :func:`bayesreg.sample_posterior` (``posterior.coef`` with a
        ``feature`` dimension), or an estimator fitted with ``method='nuts'``
        or ``'exact'`` (its prior and sigma are then the defaults).
    X, y : array-like, optional
        The data of the fit; needed for the MAP and scikit-learn marks.
    prior : Prior, optional
        The prior of the fit; needed for the marks and the prior density. A
        prior with a hyperprior on its scale has no MAP: no marks are drawn.
    sigma : float > 0, optional
        Noise scale for the MAP; default the fit's fixed sigma, else (sigma
        with a prior) the posterior median of sigma.
    kind : {'auto', 'density', 'forest'}
    show_prior : bool
    features : sequence of str, optional
        Subset of coefficients to draw.
    hdi_prob : float in (0, 1)
    fit_intercept : bool, optional
        Default: as in the fit.
    standardize : bool, optional
        The prior acts on the weights of the columns divided by their sd
        (ddof=0): the marks are ``fit_map(..., standardize=True)`` and the
        scikit-learn fit on standardized columns, both on the original scale,
        and the prior density of ``w_j`` is ``s_j p(s_j w_j)``. Default: as in
        the fit (``posterior.attrs['standardize']``).
    likelihood : str or likelihood family, optional
        The likelihood of the fit (for the MAP and scikit-learn marks);
        default: the one the fit records (Gaussian if none). A recorded
        family with parameters other than its defaults (``StudentT(df=3)``)
        is not rebuilt from its name: pass it, or no marks are drawn. The
        scikit-learn mark is drawn where scikit-learn has an equivalent
        (:func:`bayesreg.compare.penalized_equivalent`).
    ax : Axes (forest) or sequence of Axes (density, one per coefficient)

    Returns
    -------
    matplotlib.figure.Figure
        MAP marks are labelled ``'MAP'`` and scikit-learn marks
        ``'scikit-learn'``; the x data of each mark is the estimate.
    """
    import arviz as az

    owner = "plot_posterior"
    check_choice(kind, "kind", owner, ("auto", "density", "forest"))
    idata, prior, sigma = unwrap_fit(idata, prior, sigma, owner)
    draws, names = coef_draws(idata)
    idx = list(range(len(names)))
    if features is not None:
        missing = [f for f in features if f not in names]
        if missing:
            raise ValueError(
                f"The 'features' parameter of {owner} must name coefficients of the "
                f"fit ({', '.join(names)}). Got unknown {missing!r}."
            )
        idx = [names.index(f) for f in features]
    if kind == "auto":
        kind = "forest" if len(idx) > 12 else "density"
    fit_intercept = _fit_intercept_of(idata, fit_intercept)
    marks = {}
    if prior is not None and not isinstance(prior, Prior):
        raise TypeError(
            f"The 'prior' parameter of {owner} must be a bayesreg prior. Got "
            f"{prior!r} instead."
        )
    has_scale = prior is not None and getattr(prior, "hyperprior", None) is None
    if has_scale or show_prior:
        s, how = sigma_of(idata, sigma, owner)
    if standardize is None:
        standardize = bool(idata.posterior.attrs.get("standardize", 0))
    can = prior.capabilities() if prior is not None else frozenset()
    lik = likelihood_of(idata, likelihood, owner)
    marked = lik is not None and X is not None
    if has_scale and marked and can & {"gradient", "penalty", "prox"}:
        std = {"standardize": True} if standardize else {}
        res = fit_map(X, y, prior, s, fit_intercept, likelihood=lik, **std)
        marks["MAP"] = (res.coef, MAP_COLOR, "-")
        if sklearn_equivalent(prior, s, len(X), lik) is not None:
            sk = check_map(
                X, y, prior, s, fit_intercept, likelihood=lik, **std
            ).penalized_coef
            marks["scikit-learn"] = (sk, SKLEARN_COLOR, "--")
    x_scale = np.ones(len(names))
    if standardize and show_prior:
        x_scale = _x_scale(idata, X, names, owner)
    if show_prior and not has_scale:
        raise ValueError(
            f"{owner}: show_prior needs a prior with a fixed scale (no hyperprior)."
        )
    # a family without a closed-form density (the horseshoe) has no curve to draw
    show_prior = show_prior and prior.has_density
    sub = draws[:, idx]
    hdi = np.array([az.hdi(sub[:, k], hdi_prob=hdi_prob) for k in range(len(idx))])
    if kind == "forest":
        fig, (a,) = axes_for(ax, 1, owner, figsize=(6.0, 0.4 * len(idx) + 1.5))
        rows = np.arange(len(idx))[::-1]
        a.hlines(
            rows,
            hdi[:, 0],
            hdi[:, 1],
            color=POST_COLOR,
            lw=2.5,
            label=f"{hdi_prob:.0%} HDI",
        )
        a.plot(
            np.median(sub, axis=0),
            rows,
            "o",
            color=POST_COLOR,
            label="posterior median",
        )
        for label, (vals, color, _) in marks.items():
            a.plot(
                vals[idx],
                rows,
                ls="none",
                marker="x" if label == "MAP" else "+",
                ms=9,
                mew=2,
                color=color,
                label=label,
            )
        a.set_yticks(rows, [names[i] for i in idx])
        a.set_ylim(-0.7, len(idx) - 0.3)
        a.axvline(0.0, color="0.7", lw=0.8, zorder=0)
        a.set_xlabel("weight")
        _sparse_ticks(a.xaxis)
        handles, labels = a.get_legend_handles_labels()
        # below the axes: never over a bar, the title or the tick labels
        fig.legend(
            handles,
            labels,
            loc="outside lower center",
            ncol=len(labels),
            fontsize="x-small",
            frameon=False,
        )
        if marks:
            fig.suptitle(_wrap(_marks_title(s, how, lik, marks)), fontsize="medium")
        return fig
    n = len(idx)
    ncols = min(n, 4)
    nrows = math.ceil(n / ncols)
    if ax is None:
        import matplotlib.pyplot as plt

        fig, grid = plt.subplots(
            nrows, ncols, figsize=(3.2 * ncols, 2.5 * nrows), layout="constrained"
        )
        axes = list(np.ravel(grid))
        for extra in axes[n:]:
            extra.set_visible(False)
        axes = axes[:n]
    else:
        fig, axes = axes_for(ax, n, owner)
    for k, (a, j) in enumerate(zip(axes, idx, strict=True)):
        grid_x, dens = az.kde(sub[:, k])
        a.plot(grid_x, dens, color=POST_COLOR, lw=1.6, label="posterior")
        a.fill_between(grid_x, dens, color=POST_COLOR, alpha=0.15, lw=0)
        a.plot(
            hdi[k],
            [0, 0],
            color=POST_COLOR,
            lw=4,
            solid_capstyle="butt",
            label=f"{hdi_prob:.0%} HDI",
        )
        if show_prior:
            lo, hi = a.get_xlim()
            w = np.linspace(lo, hi, 400)
            a.plot(
                w,
                x_scale[j] * np.exp(prior.logpdf(x_scale[j] * w, s)),
                color=PRIOR_COLOR,
                lw=1.2,
                ls=":",
                label="prior",
            )
        for label, (vals, color, ls) in marks.items():
            a.axvline(vals[j], color=color, ls=ls, lw=1.5, label=label)
        a.set_title(names[j], fontsize="medium")
        a.set_yticks([])
    axes[0].legend(fontsize="x-small", loc="upper left")
    fig.supxlabel("weight")
    if marks:
        fig.suptitle(_marks_title(s, how, lik, marks), fontsize="medium")
    return fig
