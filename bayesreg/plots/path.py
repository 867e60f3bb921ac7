"""Regularization paths: the MAP path next to the Bayesian path.

:func:`plot_path` draws the MAP weights (warm starts along the grid) against
``lam`` and, at each ``lam``, the posterior median and a central credible band
(one compiled PyMC model for the whole grid). ``lam`` is the package's
unscaled penalty weight in ``1/2 ||y - Xw||^2 + lam pen(w)``; the prior of
``lam`` at noise scale ``sigma`` is ``Family.from_penalty(lam, sigma)``, the
family read from the prior registry.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_int, check_positive
from ..data import SufficientStats, check_X_y, standardize_columns
from ..likelihoods import GaussianLikelihood, get_likelihood
from ..map import fit_map_path
from ..sigma import residual_sigma
from ._common import axes_for, coef_draws, prior_family

__all__ = ["default_lams", "path_summary", "penalty_scales", "plot_path"]


def _likelihood(X, y, fit_intercept):
    if isinstance(X, SufficientStats):
        return GaussianLikelihood.from_stats(X, fit_intercept)
    return GaussianLikelihood.from_arrays(X, y, fit_intercept)


def penalty_scales(
    X,
    y=None,
    likelihood="gaussian",
    sigma=1.0,
    fit_intercept=True,
    *,
    standardize=False,
    owner="penalty_scales",
):
    """``(max_j |g_j|, mean_j H_jj)``: the size of the gradient and of the
    curvature at ``w = 0`` of the data term of the MAP objective.

    For the Gaussian likelihood (data term ``1/2 ||y - Xw||^2``) they are
    ``max_j |x_j'y|`` and the mean diagonal of ``X'X`` (centred with an
    intercept): an L1 penalty ``lam >= max_j |g_j|`` gives all zeros. For
    another family the data term is ``sigma^2 (-log p(y | w))`` (``sigma =
    1`` without a noise scale), ``g`` its score at ``w = 0`` with the
    intercept profiled out, and ``H`` its Hessian there when the family is
    convex (``capabilities()`` has ``"irls"``); a non-convex family (e.g.
    Student-t) takes the Gaussian ``X'X``. With ``standardize``, of the
    columns divided by their sd (ddof=0).
    """
    family = get_likelihood(likelihood, owner)
    if not isinstance(X, SufficientStats):
        X, y, _ = check_X_y(X, y)
    if standardize:
        X, _ = standardize_columns(X, owner)
    if "quadratic" in family.capabilities() or isinstance(X, SufficientStats):
        lik = _likelihood(X, y, fit_intercept)
        xtx = lik.xtx if lik.has_gram else lik.X.T @ lik.X
        return float(np.max(np.abs(lik.xty))), float(np.mean(np.diag(xtx)))
    lik = family.bind(X, y, fit_intercept, owner=owner)
    zero = np.zeros(lik.n_features)
    score = float(np.max(np.abs(lik.score(zero, sigma))))
    if lik.capabilities() & {"irls", "quadratic"}:
        curv = sigma**2 * float(np.mean(np.diag(lik.hessian(zero, sigma))))
    else:
        gram = _likelihood(X, y, fit_intercept)
        curv = float(np.mean(np.diag(gram.gram())))
    return score, curv


def default_lams(
    X,
    y,
    prior="laplace",
    n_lams=20,
    fit_intercept=True,
    *,
    standardize=False,
    likelihood="gaussian",
    sigma=1.0,
    **extra,
):
    """A log-spaced grid of ``lam``, strongest penalty first.

    The range is the family's own (``Family.lam_range``, the grid of
    ``bayesreg path`` too): Laplace (L1) from ``lam_max = max_j |X'y|_j``
    (centred), where the lasso is exactly zero, down to ``lam_max / 1000``;
    Gaussian (L2) from ``1000 m`` down to ``m / 1000``, ``m`` the mean of the
    diagonal of the centred ``X'X``; ElasticNet from ``lam_max / l1_ratio``
    (``l1_ratio`` passed in ``extra``). With ``standardize``, of the columns
    divided by their sd (ddof=0), where the penalty then acts. Another
    ``likelihood`` (a family or its registered name) takes ``X'y`` and
    ``X'X`` of its data term at noise scale ``sigma``
    (:func:`penalty_scales`).

    Parameters
    ----------
    prior : str or Prior class
        A registered family with a penalty form (default ``'laplace'``).
    **extra
        Further parameters of the family's grid (``l1_ratio``).
    """
    family = prior_family(prior, "default_lams")
    n_lams = check_int(n_lams, "n_lams", "default_lams", 2)
    xty, diag = penalty_scales(
        X,
        y,
        likelihood,
        sigma,
        fit_intercept,
        standardize=standardize,
        owner="default_lams",
    )
    top, bottom = family.lam_range(xty, diag, **extra)
    return np.geomspace(top, bottom, n_lams)


def path_summary(idatas, prob=0.9):
    """Posterior median and central ``prob`` interval of ``coef`` for each fit.

    Returns
    -------
    median, lower, upper : ndarray of shape (n_fits, n_features)
    """
    prob = check_positive(prob, "prob", "path_summary")
    q = [(1 - prob) / 2, 0.5, (1 + prob) / 2]
    out = np.array([np.quantile(coef_draws(idata)[0], q, axis=0) for idata in idatas])
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
    likelihood="gaussian",
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
    prior : str or Prior class
        A registered family with a penalty form (``'laplace'``,
        ``'gaussian'``, ``'elasticnet'``, ...); the prior at ``lam`` is
        ``Family.from_penalty(lam, sigma)``.
    sigma : float > 0, optional
        Fixed noise scale (default :func:`residual_sigma`; 1 for a likelihood
        without a noise scale, which takes no other). The MAP path does not
        depend on it; the posterior does.
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
    likelihood : str or likelihood family, default "gaussian"
        The data model of the MAP and the posterior (``"logistic"``,
        ``"poisson"``, ``StudentT(df)``, ...; see :mod:`bayesreg.likelihoods`).
    ax : Axes or sequence of two Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        One line per feature in each panel, labelled with the feature name;
        the line data are ``(lams, coef)`` and ``(lams, posterior median)``.
    """
    owner = "plot_path"
    family = prior_family(prior, owner)
    lik = get_likelihood(likelihood, owner)
    if not 0 < prob < 1:
        raise ValueError(
            f"The 'prob' parameter of {owner} must be a float in the range "
            f"(0.0, 1.0). Got {prob!r} instead."
        )
    if not isinstance(X, SufficientStats):
        X, y, names = check_X_y(X, y)
    else:
        names = X.feature_names
    if sigma is None:
        sigma = residual_sigma(X, y, fit_intercept) if lik.has_scale else 1.0
    sigma = check_positive(sigma, "sigma", owner)
    if lams is None:
        lams = default_lams(
            X,
            y,
            family,
            n_lams,
            fit_intercept,
            standardize=standardize,
            likelihood=lik,
            sigma=sigma,
        )
    lams = np.asarray(lams, dtype=float)
    for lam in lams:
        check_positive(float(lam), "lams", owner)
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
        likelihood=lik,
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
    a.set_title(f"MAP path ({_penalty_kind(priors[0], sigma)})", fontsize="medium")
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
                likelihood=lik,
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
    axes[0].set_ylabel(
        f"weight (sigma = {sigma:.3g})" if lik.has_scale else f"weight ({lik!r})"
    )
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


def _penalty_kind(prior, sigma) -> str:
    """``'lasso: exact zeros'``, ``'ridge: shrinks, never 0'``, ... from the
    penalty form of the prior (not its name)."""
    pen = prior.penalty(sigma)
    if pen.l1 > 0:
        return ("elastic net" if pen.l2 > 0 else "lasso") + ": exact zeros"
    return "ridge: shrinks, never 0"
