"""``select_lambda(method="mcem")``: Park & Casella's Monte Carlo EM for the
Bayesian lasso's lam.

Model (Park & Casella 2008, JASA 103:681, sections 2 and 3.1): ``w_j |
sigma ~ Laplace(0, sigma / lam)`` (``Laplace(scale=1/lam, relative=True)``;
``Laplace(0, 1/lam)`` when not relative), the scale mixture ``w_j | v_j ~
N(0, sigma^2 v_j)``, ``v_j ~ Exp(rate lam^2 / 2)`` (their ``tau_j^2``), and
``p(sigma^2) prop. to 1/sigma^2`` (Jeffreys) unless sigma is fixed. EM on the
marginal likelihood of lam treats ``v`` (with ``w``, ``sigma``) as missing
data; the complete-data log likelihood of lam is ``p log lam^2 - lam^2/2
sum_j v_j``, so the M-step is

    lam^(k) = sqrt(2 p / sum_j E[v_j | y, lam^(k-1)]),

and the E-step is by Monte Carlo from ``sampler="gibbs"`` draws of ``(w,
sigma)`` at ``lam^(k-1)``, Rao-Blackwellized over ``v``: since ``1/v_j | w,
sigma, lam ~ InverseGaussian(lam sigma / |w_j|, lam^2)``,

    E[v_j | w, sigma, lam] = |w_j| / (lam sigma) + 1 / lam^2

(``|w_j| / lam`` + ``1/lam^2`` when not relative). The iterates start from
Park & Casella's ``lam^(0) = p sigma_LS / sum_j |w_LS_j|`` (least squares;
with ``p >= n`` the ridge fit at ``lam = 1`` instead) and, after ``burn``
iterations, fluctuate about the fixed point with Monte Carlo noise.

EM converges linearly with the rate ``rho = M'(lam*)``, the fraction of
missing information, which is large here (about 0.85 on diabetes: the plain
iterates are still 0.001 short of the fixed point after 20 steps). So after
``n_plain`` plain steps ``rho`` is estimated from the ratios of successive
steps in ``log lam`` (clipped to [0, 0.95]) and the remaining steps are the
Newton steps for ``log M(lam) = log lam`` with that slope (Aitken's
acceleration, Louis 1982 section 4; the EM-map form of Varadhan & Roland's
2008 SQUAREM):

    log lam^(k) = log lam^(k-1) + (log M(lam^(k-1)) - log lam^(k-1)) / (1 - rho),

where ``M`` is the Monte Carlo M-step above. Their contraction is about 0, so
after ``burn`` iterations the iterates scatter about the fixed point nearly
independently: the estimate is their mean and its Monte Carlo standard
error ``sd / sqrt(ESS)`` with ArviZ's ESS of that sequence (which accounts
for what autocorrelation is left). ``sigma`` is the posterior mean of sigma
over the kept iterations' draws.
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import check_int
from ._common import final_map
from .result import LambdaSelection

__all__ = ["OPTIONS", "run"]

#: method options and their defaults
OPTIONS: dict = {
    "n_iter": 40,
    "burn": 8,
    "n_plain": 4,
    "draws": 1000,
    "tune": 200,
    "chains": 2,
}

_OWNER = "select_lambda(method='mcem')"


def _check_prior(prior):
    ok = (
        "gibbs" in prior.capabilities()
        and "penalty" in prior.capabilities()
        and getattr(prior, "hyperprior", None) is None
    )
    if ok:
        pen = prior.penalty(1.0)
        ok = pen.l1 > 0 and pen.l2 == 0
    if not ok:
        raise ValueError(
            f"The 'prior' parameter of {_OWNER} must be a Laplace prior with a "
            "fixed scale (a pure L1 penalty and Gibbs conditionals, the Bayesian "
            f"lasso of Park & Casella 2008). Got {prior!r} instead."
        )


def _sigma_prior(sigma):
    """Jeffreys for None, the prior itself for a SigmaPrior, else fixed."""
    from ..noise import Jeffreys

    return Jeffreys() if sigma is None else sigma


def _start(X, y, fit_intercept):
    """Park & Casella's ``lam^(0) = p sigma_LS / sum_j |w_LS_j|``."""
    from ..map import fit_map
    from ..priors import Flat, Gaussian
    from ..sigma import default_sigma

    sigma = default_sigma(X, y, fit_intercept)[0]
    prior = Flat() if X.shape[0] > X.shape[1] + 1 else Gaussian(scale=1.0)
    w = fit_map(X, y, prior, sigma, fit_intercept).coef
    return X.shape[1] * sigma / max(float(np.abs(w).sum()), 1e-300)


def e_step(X, y, prior, lam, sigma, fit_intercept, seed, draws, tune, chains):
    """``(sum_j E[v_j | y, lam], sigma draws)`` from one Gibbs run at ``lam``."""
    from ..posterior import sample_posterior

    idata = sample_posterior(
        X,
        y,
        prior.replace(scale=1.0 / lam),
        sigma,
        draws=draws,
        tune=tune,
        chains=chains,
        sampler="gibbs",
        random_seed=seed,
        fit_intercept=fit_intercept,
        log_likelihood=False,
    )
    w = idata.posterior["coef"].values.reshape(chains * draws, -1)
    if "sigma" in idata.posterior:
        s = idata.posterior["sigma"].values.reshape(-1)
    else:
        s = np.full(w.shape[0], float(sigma))  # fixed
    t = np.abs(w) / s[:, None] if prior.relative else np.abs(w)
    ev = t / lam + 1.0 / (lam * lam)
    return float(ev.mean(axis=0).sum()), s


def _rate(log_trace):
    """EM's linear rate from the plain steps: the mean ratio of successive
    steps in ``log lam``, clipped to [0, 0.95]."""
    d = np.diff(log_trace)
    ratios = d[1:] / np.where(d[:-1] != 0, d[:-1], np.inf)
    return float(np.clip(np.mean(ratios), 0.0, 0.95))


def run(
    X,
    y,
    prior,
    *,
    sigma,
    grid,
    n_lams,
    cv,
    fit_intercept,
    standardize,
    random_seed,
    progressbar,
    n_iter,
    burn,
    n_plain,
    draws,
    tune,
    chains,
):
    """Monte Carlo EM for the rate ``lam = 1 / prior.scale``."""
    import arviz as az

    _check_prior(prior)
    n_iter = check_int(n_iter, "n_iter", _OWNER, minimum=2)
    burn = check_int(burn, "burn", _OWNER, minimum=0)
    n_plain = check_int(n_plain, "n_plain", _OWNER, minimum=3)
    if not n_plain <= burn <= n_iter - 2:
        raise ValueError(
            f"The 'burn' parameter of {_OWNER} must be an int in the range "
            f"[n_plain, n_iter - 2] = [{n_plain}, {n_iter - 2}]. Got {burn!r} "
            "instead."
        )
    draws = check_int(draws, "draws", _OWNER)
    tune = check_int(tune, "tune", _OWNER, minimum=0)
    chains = check_int(chains, "chains", _OWNER)
    x_scale = X.std(axis=0) if standardize else None
    Xw = X / x_scale if standardize else X
    sigma_prior = _sigma_prior(sigma)
    seeds = np.random.SeedSequence(random_seed).generate_state(n_iter)
    lam = lam0 = _start(Xw, y, fit_intercept)
    trace, sigmas, rho = [], [], 0.0
    steps = range(n_iter)
    if progressbar:
        from tqdm.auto import tqdm

        steps = tqdm(steps, desc="select_lambda mcem")
    for k in steps:
        total, s = e_step(
            Xw, y, prior, lam, sigma_prior, fit_intercept, int(seeds[k]), draws,
            tune, chains,
        )  # fmt: skip
        step = 0.5 * math.log(2.0 * X.shape[1] / total) - math.log(lam)
        if k == n_plain:
            rho = _rate(np.log([lam0, *trace]))
        lam *= math.exp(step if k < n_plain else step / (1.0 - rho))
        trace.append(lam)
        if k >= burn:
            sigmas.append(s)
    trace = np.array(trace)
    kept = trace[burn:]
    rate = float(kept.mean())
    ess = float(az.ess(kept[None, :]))
    mc_se = float(kept.std(ddof=1) / math.sqrt(max(ess, 1.0)))
    sigma_hat = float(np.concatenate(sigmas).mean())
    chosen = prior.replace(scale=1.0 / rate)
    coef, intercept = final_map(X, y, chosen, sigma_hat, fit_intercept, standardize)
    return LambdaSelection(
        method="mcem",
        prior=chosen,
        lam=float(chosen.penalty(sigma_hat).l1),
        sigma=sigma_hat,
        trace=trace,
        coef=coef,
        intercept=float(intercept),
        details={
            "rate": rate,
            "mc_se": mc_se,
            "ess": ess,
            "burn": burn,
            "em_rate": rho,
        },
    )
