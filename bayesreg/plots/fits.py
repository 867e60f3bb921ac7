"""Figures of fitted models: regularization paths, posteriors, predictions.

* :func:`plot_path`: the MAP path (lasso / ridge, warm starts along the grid)
  next to the Bayesian path (posterior median and a central credible band at
  each ``lam``, one compiled PyMC model for the whole grid).
* :func:`plot_posterior`: per-coefficient posterior densities (or a forest
  plot) with the MAP and the matched scikit-learn estimate marked and,
  optionally, the prior density.
* :func:`plot_predictive`: observed vs predicted, with credible intervals.

``lam`` is the package's unscaled penalty weight in
``1/2 ||y - Xw||^2 + lam pen(w)`` (``pen = ||w||_1`` or ``1/2 ||w||^2``); the
prior of ``lam`` at noise scale ``sigma`` is ``Family.from_penalty(lam, sigma)``.
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import check_choice, check_int, check_positive
from ..compare import check_map
from ..data import SufficientStats, check_X_y, standardize_columns
from ..likelihoods import GaussianLikelihood
from ..map import fit_map, fit_map_path
from ..priors import Laplace, Prior
from ..sigma import residual_sigma
from ._common import axes_for, prior_family

__all__ = [
    "default_lams",
    "path_summary",
    "plot_path",
    "plot_posterior",
    "plot_predictive",
    "predictive_draws",
    "residual_sigma",
]

MAP_COLOR, SKLEARN_COLOR, PRIOR_COLOR, POST_COLOR = (
    "black",
    "tab:red",
    "tab:green",
    "tab:blue",
)


def _likelihood(X, y, fit_intercept):
    if isinstance(X, SufficientStats):
        return GaussianLikelihood.from_stats(X, fit_intercept)
    return GaussianLikelihood.from_arrays(X, y, fit_intercept)


def default_lams(
    X, y, prior="laplace", n_lams=20, fit_intercept=True, *, standardize=False
):
    """A log-spaced grid of ``lam``, strongest penalty first.

    Laplace (L1): from ``lam_max = max_j |X'y|_j`` (centred), where the lasso
    is exactly zero, down to ``lam_max / 1000``. Gaussian (L2): from ``100 L``
    down to ``L / 10^4``, ``L`` the largest eigenvalue of the centred ``X'X``.
    With ``standardize``, of the columns divided by their sd (ddof=0), where
    the penalty then acts.
    """
    family = prior_family(prior, "default_lams")
    n_lams = check_int(n_lams, "n_lams", "default_lams", 2)
    if standardize:
        if not isinstance(X, SufficientStats):
            X, y, _ = check_X_y(X, y)
        X, _ = standardize_columns(X, "default_lams")
    lik = _likelihood(X, y, fit_intercept)
    if family is Laplace:
        top = float(np.max(np.abs(lik.xty)))
        return np.geomspace(top, top * 1e-3, n_lams)
    xtx = lik.xtx if lik.has_gram else lik.X.T @ lik.X
    top = float(np.linalg.eigvalsh(xtx)[-1])
    return np.geomspace(100 * top, top * 1e-4, n_lams)


def path_summary(idatas, prob=0.9):
    """Posterior median and central ``prob`` interval of ``coef`` for each fit.

    Returns
    -------
    median, lower, upper : ndarray of shape (n_fits, n_features)
    """
    prob = check_positive(prob, "prob", "path_summary")
    q = [(1 - prob) / 2, 0.5, (1 + prob) / 2]
    out = np.array([np.quantile(_coef_draws(idata)[0], q, axis=0) for idata in idatas])
    return out[:, 1], out[:, 0], out[:, 2]


def plot_path(
    X,
    y=None,
    lams=None,
    *,
    prior="laplace",
    sigma=None,
    fit_intercept=True,
    bayesian=True,
    idatas=None,
    prob=0.9,
    n_lams=20,
    draws=500,
    tune=500,
    chains=2,
    sampler=None,
    random_seed=0,
    progressbar=True,
    standardize=False,
    ax=None,
):
    """Regularization paths: the MAP path and the Bayesian path side by side.

    Left: the MAP weights (:func:`bayesreg.map.fit_map_path`, warm-started
    from strong to weak penalty) against ``lam``; with the Laplace prior the
    curves hit exactly zero (the lasso path). Right (``bayesian=True``): at
    each ``lam`` the posterior median of each weight and its central ``prob``
    credible band, from :func:`bayesreg.posterior.sample_path` (one compiled
    model for the whole grid, a tqdm progress bar with ``progressbar``).
    The posterior median is not sparse.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    lams : array-like of float > 0, optional
        The grid (default :func:`default_lams`); drawn in the order given.
    prior : {'laplace', 'gaussian'} or Prior class
        Family; the prior at ``lam`` is ``Family.from_penalty(lam, sigma)``.
    sigma : float > 0, optional
        Fixed noise scale (default :func:`residual_sigma`). The MAP path does
        not depend on it; the posterior does.
    fit_intercept : bool, default True
    bayesian : bool, default True
        Also sample and draw the Bayesian path.
    idatas : list of InferenceData, optional
        Posterior fits already sampled at ``lams`` (skips sampling).
    prob : float in (0, 1)
        Mass of the central credible band.
    n_lams, draws, tune, chains, sampler, random_seed, progressbar :
        Passed to :func:`default_lams` and :func:`~bayesreg.posterior.sample_path`.
    standardize : bool, default False
        The penalty acts on the columns divided by their sd (ddof=0); the
        weights drawn are on the original scale (also the default grid and the
        sampling use the standardized columns; ``idatas`` given should too).
    ax : Axes or sequence of two Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        One line per feature in each panel, labelled with the feature name;
        the line data are ``(lams, coef)`` and ``(lams, posterior median)``.
    """
    owner = "plot_path"
    family = prior_family(prior, owner)
    if not 0 < prob < 1:
        raise ValueError(
            f"The 'prob' parameter of {owner} must be a float in the range "
            f"(0.0, 1.0). Got {prob!r} instead."
        )
    if not isinstance(X, SufficientStats):
        X, y, names = check_X_y(X, y)
    else:
        names = X.feature_names
    if lams is None:
        lams = default_lams(
            X, y, family, n_lams, fit_intercept, standardize=standardize
        )
    lams = np.asarray(lams, dtype=float)
    for lam in lams:
        check_positive(float(lam), "lams", owner)
    sigma = residual_sigma(X, y, fit_intercept) if sigma is None else sigma
    sigma = check_positive(sigma, "sigma", owner)
    priors = [family.from_penalty(float(lam), sigma) for lam in lams]
    # warm starts work best from strong to weak penalty
    order = np.argsort(-lams, kind="stable")
    fits = fit_map_path(
        X,
        y,
        [priors[i] for i in order],
        sigma,
        fit_intercept,
        standardize=standardize,
    )
    coef = np.empty((lams.size, len(names)))
    coef[order] = [f.coef for f in fits]

    n_panels = 2 if bayesian or idatas is not None else 1
    fig, axes = axes_for(
        ax, n_panels, owner, figsize=(5.2 * n_panels, 4.2), sharey=True
    )
    colors = [f"C{j % 10}" for j in range(len(names))]
    a = axes[0]
    for j, name in enumerate(names):
        a.plot(lams, coef[:, j], color=colors[j], lw=1.6, marker=".", ms=4, label=name)
    kind = "lasso" if family is Laplace else family.__name__.lower()
    smooth = "gradient" in family.family_capabilities
    note = ": shrinks, never 0" if smooth else ": exact zeros"
    a.set_title(f"MAP path ({kind}){note}", fontsize="medium")
    if n_panels == 2:
        if idatas is None:
            idatas = _sample_path_naming_lams(
                X,
                y,
                lams,
                priors,
                sigma,
                draws=draws,
                tune=tune,
                chains=chains,
                sampler=sampler,
                random_seed=random_seed,
                fit_intercept=fit_intercept,
                progressbar=progressbar,
                standardize=standardize,
            )
        if len(idatas) != lams.size:
            raise ValueError(
                f"The 'idatas' parameter of {owner} must hold one fit per lam "
                f"({lams.size}). Got {len(idatas)} instead."
            )
        med, lo, hi = path_summary(idatas, prob)
        b = axes[1]
        for j, name in enumerate(names):
            b.fill_between(lams, lo[:, j], hi[:, j], color=colors[j], alpha=0.15, lw=0)
            b.plot(lams, med[:, j], color=colors[j], lw=1.6, label=name)
        b.set_title(
            f"Bayesian path: posterior median, {prob:.0%} band", fontsize="medium"
        )
    for a in axes:
        a.set_xscale("log")
        a.axhline(0.0, color="0.6", lw=0.8, zorder=0)
        a.set_xlabel(
            "lam (penalty on the standardized columns, log scale)"
            if standardize
            else "lam (penalty weight, log scale)"
        )
    axes[0].set_ylabel(f"weight (sigma = {sigma:.3g})")
    axes[-1].legend(fontsize="x-small", loc="best", ncol=2 if len(names) > 6 else 1)
    return fig


def _sample_path_naming_lams(X, y, lams, priors, sigma, **kwargs):
    """:func:`~bayesreg.posterior.sample_path`, its SamplingWarnings naming the lam.

    ``sample_path`` warns for each fit without saying which; here each of its
    :class:`~bayesreg.posterior.SamplingWarning` is re-issued as
    ``lam=<value>: <message>`` (the fit whose :func:`diagnose` gives that
    message). Other warnings pass through unchanged.
    """
    import warnings

    from ..posterior import SamplingWarning, diagnose, sample_path

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        idatas = sample_path(X, y, priors, sigma, **kwargs)
    pending = [w for w in caught if issubclass(w.category, SamplingWarning)]
    for lam, idata in zip(lams, idatas, strict=True):
        for msg in diagnose(idata):
            found = next((w for w in pending if str(w.message) == msg), None)
            if found is not None:
                pending.remove(found)
                warnings.warn(f"lam={lam:.6g}: {msg}", SamplingWarning, stacklevel=3)
    for w in caught:
        if w in pending or not issubclass(w.category, SamplingWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return idatas


# --------------------------------------------------------------------------
# posterior


def _unwrap(obj, prior, sigma, owner):
    """``(idata, prior, sigma)`` from an InferenceData or a fitted estimator."""
    idata = getattr(obj, "idata_", None)
    if idata is not None:  # fitted BayesianLinearRegression(method='nuts'/'exact')
        if prior is None:
            prior = obj._prior()
        if sigma is None:
            sigma = obj.sigma
        obj = idata
    if not hasattr(obj, "posterior") or "coef" not in obj.posterior:
        raise TypeError(
            f"{owner} needs an arviz.InferenceData with posterior 'coef' (from "
            "bayesreg.sample_posterior) or a BayesianLinearRegression fitted with "
            f"method='nuts' or 'exact'; got {type(obj).__name__}."
        )
    if sigma is not None and (
        isinstance(sigma, bool) or not isinstance(sigma, int | float | np.floating)
    ):
        sigma = None  # a sigma prior: use the fit's posterior median
    return obj, prior, sigma


def _fit_intercept_of(idata, fit_intercept):
    if fit_intercept is not None:
        return bool(fit_intercept)
    return bool(
        idata.posterior.attrs.get("fit_intercept", "intercept" in idata.posterior)
    )


def _sigma_of(idata, sigma, owner):
    """Fixed noise scale: given, from the fit's attrs, or the posterior median."""
    if sigma is not None:
        return check_positive(sigma, "sigma", owner), "given"
    attr = idata.posterior.attrs.get("sigma")
    if isinstance(attr, int | float | np.floating):
        return float(attr), "fixed"
    if "sigma" in idata.posterior:
        return float(np.median(idata.posterior["sigma"].values)), "posterior median"
    raise ValueError(f"{owner}: pass sigma (the fit has no fixed or sampled sigma).")


def _coef_draws(idata):
    post = idata.posterior["coef"].transpose("chain", "draw", "feature")
    names = [str(v) for v in post["feature"].values]
    return post.values.reshape(-1, len(names)), names


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


def _marks_title(sigma, how):
    return f"posterior vs MAP and scikit-learn (sigma = {sigma:.3g}, {how})"


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
    ax=None,
):
    """Posterior of each coefficient with the MAP and scikit-learn marked.

    ``kind='density'``: one panel per coefficient with the kernel density of
    the draws (``arviz.kde``), the ``hdi_prob`` HDI as a bar, the MAP
    (:func:`bayesreg.fit_map` at the same prior and ``sigma``) as a solid
    vertical line and the matched scikit-learn estimate
    (:func:`bayesreg.compare.penalized_equivalent`) as a dashed one; with
    ``show_prior`` the prior density ``exp(prior.logpdf(w, sigma))`` is drawn too.
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
    idata, prior, sigma = _unwrap(idata, prior, sigma, owner)
    draws, names = _coef_draws(idata)
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
        s, how = _sigma_of(idata, sigma, owner)
    if standardize is None:
        standardize = bool(idata.posterior.attrs.get("standardize", 0))
    if has_scale and X is not None:
        std = {"standardize": True} if standardize else {}
        res = fit_map(X, y, prior, s, fit_intercept, **std)
        sk = check_map(X, y, prior, s, fit_intercept, **std).penalized_coef
        marks["MAP"] = (res.coef, MAP_COLOR, "-")
        marks["scikit-learn"] = (sk, SKLEARN_COLOR, "--")
    x_scale = np.ones(len(names))
    if standardize and show_prior:
        x_scale = _x_scale(idata, X, names, owner)
    if show_prior and not has_scale:
        raise ValueError(
            f"{owner}: show_prior needs a prior with a fixed scale (no hyperprior)."
        )
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
            fig.suptitle(_wrap(_marks_title(s, how)), fontsize="medium")
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
        fig.suptitle(_marks_title(s, how), fontsize="medium")
    return fig


# --------------------------------------------------------------------------
# predictions


def predictive_draws(idata, X, *, kind="predictive", random_seed=0):
    """Draws of the mean ``b0 + X w`` or of new observations, shape (draws, rows).

    ``kind='predictive'`` adds ``N(0, sigma^2)`` noise to each draw of the mean
    (sigma fixed or from the posterior draws).
    """
    owner = "predictive_draws"
    check_choice(kind, "kind", owner, ("mean", "predictive"))
    X = np.asarray(X, dtype=float)
    w, _ = _coef_draws(idata)
    mu = w @ X.T
    if "intercept" in idata.posterior:
        mu += idata.posterior["intercept"].values.reshape(-1, 1)
    if kind == "mean":
        return mu
    if "sigma" in idata.posterior:
        s = idata.posterior["sigma"].values.reshape(-1, 1)
    else:
        s, _ = _sigma_of(idata, None, owner)
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
    idata, prior, sigma = _unwrap(idata, prior, sigma, owner)
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
        s, how = _sigma_of(idata, sigma, owner)
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
