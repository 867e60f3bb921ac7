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
from ..compare import penalized_equivalent
from ..data import SufficientStats, check_X_y
from ..likelihoods import GaussianLikelihood
from ..map import fit_map, fit_map_path
from ..priors import Laplace, Prior
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


def residual_sigma(X, y, fit_intercept=True) -> float:
    """Least-squares noise estimate ``sqrt(RSS / (n - p - fit_intercept))``."""
    lik = _likelihood(X, y, fit_intercept)
    w = fit_map(X, y, _flat(), 1.0, fit_intercept).coef
    dof = lik.n - lik.n_features - int(bool(fit_intercept))
    if dof <= 0:
        raise ValueError(
            f"residual_sigma needs n_samples > n_features + intercept; got "
            f"n_samples={lik.n}, n_features={lik.n_features}. Pass sigma explicitly."
        )
    return math.sqrt(lik.rss(w) / dof)


def _flat():
    from ..priors import Flat

    return Flat()


def default_lams(X, y, prior="laplace", n_lams=20, fit_intercept=True):
    """A log-spaced grid of ``lam``, strongest penalty first.

    Laplace (L1): from ``lam_max = max_j |X'y|_j`` (centred), where the lasso
    is exactly zero, down to ``lam_max / 1000``. Gaussian (L2): from ``100 L``
    down to ``L / 10^4``, ``L`` the largest eigenvalue of the centred ``X'X``.
    """
    family = prior_family(prior, "default_lams")
    n_lams = check_int(n_lams, "n_lams", "default_lams", 2)
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
        lams = default_lams(X, y, family, n_lams, fit_intercept)
    lams = np.asarray(lams, dtype=float)
    for lam in lams:
        check_positive(float(lam), "lams", owner)
    sigma = residual_sigma(X, y, fit_intercept) if sigma is None else sigma
    sigma = check_positive(sigma, "sigma", owner)
    priors = [family.from_penalty(float(lam), sigma) for lam in lams]
    # warm starts work best from strong to weak penalty
    order = np.argsort(-lams, kind="stable")
    fits = fit_map_path(X, y, [priors[i] for i in order], sigma, fit_intercept)
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
    note = ": shrinks, never 0" if family.smooth else ": exact zeros"
    a.set_title(f"MAP path ({kind}){note}", fontsize="medium")
    if n_panels == 2:
        if idatas is None:
            from ..posterior import sample_path

            idatas = sample_path(
                X,
                y,
                priors,
                sigma,
                draws=draws,
                tune=tune,
                chains=chains,
                sampler=sampler,
                random_seed=random_seed,
                fit_intercept=fit_intercept,
                progressbar=progressbar,
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
        a.set_xlabel("lam (penalty weight, log scale)")
    axes[0].set_ylabel(f"weight (sigma = {sigma:.3g})")
    axes[-1].legend(fontsize="x-small", loc="best", ncol=2 if len(names) > 6 else 1)
    return fig


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


def _marks_title(sigma, how):
    return f"posterior vs MAP and scikit-learn (sigma = {sigma:.3g}, {how})"


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
    if has_scale and X is not None:
        res = fit_map(X, y, prior, s, fit_intercept)
        Xa, ya, _ = check_X_y(X, y)
        est = penalized_equivalent(prior, s, Xa.shape[0], fit_intercept).fit(Xa, ya)
        marks["MAP"] = (res.coef, MAP_COLOR, "-")
        marks["scikit-learn"] = (np.ravel(est.coef_), SKLEARN_COLOR, "--")
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
        a.axvline(0.0, color="0.7", lw=0.8, zorder=0)
        a.set_xlabel("weight")
        a.legend(fontsize="x-small", loc="best")
        if marks:
            a.set_title(_marks_title(s, how), fontsize="medium")
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
                np.exp(prior.logpdf(w, s)),
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
    idata, X, y=None, *, kind="predictive", prob=0.9, random_seed=0, ax=None
):
    """Observed vs predicted, with central ``prob`` credible intervals.

    For each row: the posterior median of the prediction (``kind='mean'``:
    of ``b0 + x'w``; ``'predictive'``: of a new observation, noise included)
    with its central ``prob`` interval as an error bar, against the observed
    ``y``; the line ``predicted = observed`` for reference. The title reports
    the fraction of observations inside their interval (about ``prob`` for
    well-calibrated posterior predictive intervals).

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
    ax : Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        The error bars' centres are the medians, the title states the coverage.
    """
    owner = "plot_predictive"
    idata, _, _ = _unwrap(idata, None, None, owner)
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
    inside = float(np.mean((y >= lo) & (y <= hi)))
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
    what = "new observation" if kind == "predictive" else "mean b0 + x'w"
    a.set_xlabel("observed y")
    a.set_ylabel(f"predicted ({what})")
    a.set_title(
        f"{inside:.0%} of observations inside their {prob:.0%} interval",
        fontsize="medium",
    )
    a.legend(fontsize="small", loc="upper left")
    return fig
