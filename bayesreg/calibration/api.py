"""sbc: simulation-based calibration of a posterior sampler."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from .._validation import check_bool, check_int, check_positive
from ..noise import as_sigma_prior
from .ranks import default_bins, thinning_from_ess, uniformity_pvalues
from .result import SBCResult
from .simulate import Simulation, run_simulations

__all__ = ["sbc"]

_OWNER = "sbc"


def sbc(
    prior,
    sigma=1.0,
    *,
    n=20,
    p=3,
    sampler="exact",
    n_sims=1000,
    n_draws=100,
    chains=4,
    tune=300,
    thin="auto",
    max_thin=20,
    X=None,
    fit_intercept=True,
    intercept_scale=1.0,
    alpha=0.01,
    n_bins=None,
    random_seed=0,
    n_jobs=-1,
    progressbar=True,
):
    """Simulation-based calibration (SBC) of ``sampler`` for one model.

    Talts, Betancourt, Simpson, Vehtari & Gelman (2018): repeat ``n_sims``
    times: draw ``sigma`` from its prior, the weights (and their
    hyperparameters) from ``prior``, the intercept ``b0 ~ N(0,
    intercept_scale^2)``, rows ``X`` (i.i.d. N(0, 1) unless given) and ``y =
    b0 + X w + sigma e``, ``e ~ N(0, I_n)``; sample the posterior with
    :func:`bayesreg.sample_posterior` and rank each true value among ``M``
    posterior draws. If the sampler draws from the posterior, every rank is
    uniform on ``0..M``. The intercept's prior is flat (improper), but it is
    a location parameter of a translation-invariant model: the posterior of
    ``b0 - b0_true`` does not depend on ``b0_true``, so its ranks are uniform
    whatever distribution ``b0_true`` is drawn from.

    Markov chain samplers are thinned to nearly independent draws: with
    ``thin="auto"`` two pilot simulations (their own seeds) run ``max(20 M /
    chains, 1000)`` draws per chain after warm-up, and ``thin = ceil(draws /
    ESS)`` with ESS the smallest bulk or tail ESS over parameters and pilots
    (at most ``max_thin``); each simulation then runs ``thin * ceil(M / chains)`` draws
    per chain and ranks every ``thin``-th (``M`` rounded up to a multiple of
    ``chains``). Independent-draw samplers (``"exact"``) use ``thin = 1``.

    Parameters
    ----------
    prior : Prior
        A proper prior: one that draws from itself (``rvs``), e.g.
        ``Gaussian``, ``Laplace`` (with or without a hyperprior), ``ElasticNet``,
        ``StudentT``, ``GeneralizedGaussian``. ``Flat`` is refused.
    sigma : float > 0 or SigmaPrior, default 1.0
        A fixed noise scale or a proper prior (``HalfNormal``, ``HalfCauchy``,
        ``InverseGamma``); ``Jeffreys`` is refused.
    n, p : int >= 1
        Rows and features of each simulated data set (ignored when ``X`` is
        given).
    sampler : str, default "exact"
        A registered sampler (:data:`bayesreg.posterior.samplers.REGISTRY`)
        that accepts the model.
    n_sims : int >= 1
    n_draws : int >= 1
        ``M``, posterior draws ranked per simulation (rounded up to a multiple
        of ``chains``).
    chains : int >= 1
    tune : int >= 0
        Warm-up per chain (Markov chain samplers).
    thin : "auto" or int >= 1
    max_thin : int >= 1
        Upper bound of the automatic thinning.
    X : array of shape (n, p), optional
        A fixed design used in every simulation.
    fit_intercept : bool, default True
    intercept_scale : float > 0, default 1.0
    alpha : float in (0, 1), default 0.01
        Family-wise level of the uniformity tests (Bonferroni over parameters).
    n_bins : int >= 2, optional
        Bins of the chi-square test (default
        :func:`~bayesreg.calibration.ranks.default_bins`).
    random_seed : int >= 0, default 0
        Seeds everything; simulation ``i`` uses the ``i``-th child of
        ``numpy.random.SeedSequence(random_seed)``, so the result does not
        depend on ``n_jobs``.
    n_jobs : int, default -1
        Processes (joblib; -1: every core).
    progressbar : bool, default True

    Returns
    -------
    SBCResult
        ``ranks`` (DataFrame), ``pvalues`` (Series), ``ok``, ``plot()``,
        ``verdict()``.

    Examples
    --------
    >>> from bayesreg import Gaussian
    >>> from bayesreg.calibration import sbc
    >>> res = sbc(Gaussian(1.0), 1.0, sampler="exact", n_sims=200,
    ...           progressbar=False, n_jobs=1)
    >>> res.ok
    True
    """
    owner = _OWNER
    sigma = _check_proper(prior, as_sigma_prior(sigma, owner))
    from ..posterior.api import check_common

    if X is not None:
        X = np.array(X, dtype=float)
        if X.ndim != 2 or not np.all(np.isfinite(X)):
            raise ValueError(
                f"The 'X' parameter of {owner} must be a finite 2-d array. Got "
                f"shape {X.shape} instead."
            )
        n, p = X.shape
    n, p = check_int(n, "n", owner), check_int(p, "p", owner)
    n_sims = check_int(n_sims, "n_sims", owner)
    n_draws = check_int(n_draws, "n_draws", owner)
    _, _, tune, chains, smp, seed = check_common(
        prior, sigma, 1, tune, chains, sampler, random_seed, owner
    )
    seed = 0 if seed is None else seed
    fit_intercept = check_bool(fit_intercept, "fit_intercept", owner)
    progressbar = check_bool(progressbar, "progressbar", owner)
    intercept_scale = check_positive(intercept_scale, "intercept_scale", owner)
    if not 0.0 < float(alpha) < 1.0:
        raise ValueError(
            f"The 'alpha' parameter of {owner} must be a float in the range "
            f"(0.0, 1.0). Got {alpha!r} instead."
        )
    if thin != "auto":
        thin = check_int(thin, "thin", owner)
    max_thin = check_int(max_thin, "max_thin", owner)
    if n_bins is not None:
        n_bins = check_int(n_bins, "n_bins", owner, minimum=2)
    n_jobs = _check_jobs(n_jobs)

    per_chain = -(-n_draws // chains)
    sim = Simulation(
        prior, sigma, n, p, X, smp.name, chains, per_chain, tune, 1,
        fit_intercept, intercept_scale,
    )  # fmt: skip
    pilot_seeds, sim_seeds = np.random.SeedSequence(seed).spawn(2)
    if smp.iid:
        thin = 1
    elif thin == "auto":
        thin = _auto_thin(sim, pilot_seeds, max(20 * per_chain, 1000), max_thin, n_jobs)
    sim = _replace(sim, draws=thin * per_chain, thin=thin)
    results = run_simulations(
        sim, sim_seeds.spawn(n_sims), n_jobs, progressbar, not smp.iid
    )
    truth = pd.DataFrame([r[0] for r in results])
    ranks = pd.DataFrame([r[1] for r in results], columns=truth.columns)
    m = chains * per_chain
    n_bins = default_bins(n_sims, m) if n_bins is None else n_bins
    settings = {
        "prior": repr(prior),
        "sigma": repr(sigma) if sigma.fixed is None else sigma.fixed,
        "sampler": smp.name,
        "n": n,
        "p": p,
        "n_sims": n_sims,
        "chains": chains,
        "tune": tune,
        "fit_intercept": fit_intercept,
        "random_seed": seed,
    }
    return SBCResult(
        ranks=ranks,
        truth=truth,
        pvalues=uniformity_pvalues(ranks, m, n_bins),
        n_draws=m,
        thin=thin,
        n_bins=n_bins,
        alpha=float(alpha),
        ess=pd.Series([r[2] for r in results], name="min_ess"),
        n_warned=int(sum(r[3] > 0 for r in results)),
        settings=settings,
    )


def _check_proper(prior, sigma):
    """Refuse priors that cannot be drawn from (improper: Flat, Jeffreys)."""
    if getattr(prior, "rvs", None) is None:
        raise ValueError(
            f"The 'prior' parameter of {_OWNER} must be a proper prior that draws "
            "from itself (it has an 'rvs' method: Gaussian, Laplace, ElasticNet, "
            f"StudentT, GeneralizedGaussian). Got {prior!r} instead: "
            "simulation-based calibration draws the true weights from the prior."
        )
    hyper = getattr(prior, "hyperprior", None)
    if hyper is not None and getattr(hyper, "rvs", None) is None:
        raise ValueError(
            f"The 'prior' parameter of {_OWNER} has a hyperprior {hyper!r} that "
            "cannot be drawn from (no 'rvs' method)."
        )
    if getattr(sigma, "rvs", None) is None:
        raise ValueError(
            f"The 'sigma' parameter of {_OWNER} must be a float in the range (0.0, "
            "inf) or a proper sigma prior that draws from itself (HalfNormal, "
            f"HalfCauchy, InverseGamma). Got {sigma!r} instead, which is improper."
        )
    return sigma


def _check_jobs(n_jobs):
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0:
        raise ValueError(
            f"The 'n_jobs' parameter of {_OWNER} must be an int >= 1, or -1 for "
            f"every core. Got {n_jobs!r} instead."
        )
    return n_jobs if n_jobs > 0 else max(1, (os.cpu_count() or 1) + 1 + n_jobs)


def _replace(sim, **changes):
    import dataclasses

    return dataclasses.replace(sim, **changes)


def _auto_thin(sim, seeds, draws, max_thin, n_jobs):
    """``thin`` from two pilot simulations of ``draws`` draws per chain (run
    by the workers that then run the simulations: they compile once)."""
    pilot = _replace(sim, draws=draws, thin=1)
    results = run_simulations(pilot, seeds.spawn(2), n_jobs, False, True)
    total = sim.chains * draws
    return max(thinning_from_ess(total, r[2], max_thin) for r in results)
