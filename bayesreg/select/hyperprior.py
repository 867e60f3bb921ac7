"""``select_lambda(method="hyperprior")``: the posterior of lam itself.

Nothing is chosen: lam gets a hyperprior and is sampled with the weights
(and sigma). The hyperprior is the option ``hyperprior`` if given, else the
prior's own, else by the penalty form: with an L1 part Park & Casella's
``LambdaSquaredGamma(r=1, delta=1.78)`` (``lam_rel^2 ~ Gamma(1, rate
1.78)`` for the rate ``lam_rel = 1 / scale``; their section 3.1, chosen for
the diabetes data), without one (ridge) ``ScaleHalfCauchy(beta=1)`` on the
scale (Gelman 2006, Bayesian Analysis 1:515). Neither default is
scale-free: pass one that suits the units (``beta = 1`` is weakly
informative for ``relative=True`` and standardized columns). The sampler
is the package default (``"auto"``: Gibbs where the prior under its
hyperprior has full conditionals, else NUTS).

Each draw ``d`` gives the prior scale ``s_d`` (the hyperprior's
``scale_draws``: ``<name>_lam2^(-1/2)`` or ``<name>_tau``, times ``sigma_d``
when ``relative``) and so the unscaled penalty ``lam_d`` of that prior at the
draw's ``sigma_d`` (``sigma_d^2 / s_d`` for Laplace, ``sigma_d^2 / s_d^2``
for Gaussian: the family's ``penalty``). ``trace`` holds the ``lam_d``;
``lam`` is their median, ``sigma`` the median of ``sigma_d`` (sigma=None:
Jeffreys prior), and ``prior`` the fixed-scale prior with penalty ``lam`` at
``sigma``. ``details["rate"]``: the draws of ``1 / scale`` (Park & Casella's
lam for a relative prior).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .._validation import check_int
from ..posterior.model import COEF
from ._common import final_map, prior_at
from .result import LambdaSelection

__all__ = ["OPTIONS", "run"]

#: method options and their defaults (passed to sample_posterior)
OPTIONS: dict = {
    "hyperprior": None,
    "draws": 1000,
    "tune": 1000,
    "chains": 2,
    "sampler": None,
}

_OWNER = "select_lambda(method='hyperprior')"


def _with_hyperprior(prior, hyperprior):
    from ..priors import LambdaSquaredGamma, ScaleHalfCauchy

    fields = {f.name for f in dataclasses.fields(prior)}
    if "hyperprior" not in fields:
        raise ValueError(
            f"The 'prior' parameter of {_OWNER} must be a family that takes a "
            f"hyperprior on its scale (Gaussian, Laplace). Got {prior!r} instead."
        )
    if hyperprior is None:
        hyperprior = prior.hyperprior
    if hyperprior is None:
        fixed = prior.replace(hyperprior=None)
        l1 = "penalty" in fixed.capabilities() and fixed.penalty(1.0).l1 > 0
        hyperprior = LambdaSquaredGamma(1.0, 1.78) if l1 else ScaleHalfCauchy(1.0)
    return prior.replace(hyperprior=hyperprior)


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
    hyperprior,
    draws,
    tune,
    chains,
    sampler,
):
    """Sample lam's posterior; report its median."""
    from ..noise import Jeffreys
    from ..posterior import sample_posterior

    model_prior = _with_hyperprior(prior, hyperprior)
    draws = check_int(draws, "draws", _OWNER)
    chains = check_int(chains, "chains", _OWNER)
    idata = sample_posterior(
        X,
        y,
        model_prior,
        Jeffreys() if sigma is None else sigma,
        draws=draws,
        tune=tune,
        chains=chains,
        sampler=sampler,
        random_seed=random_seed,
        fit_intercept=fit_intercept,
        progressbar=progressbar,
        log_likelihood=False,
        standardize=standardize,
    )
    post = idata.posterior
    rate = 1.0 / model_prior.hyperprior.scale_draws(post, COEF)
    if "sigma" in post:
        sig = post["sigma"].values.reshape(-1)
    else:
        sig = np.full(rate.size, float(sigma))  # fixed
    fixed = prior.replace(hyperprior=None)
    pens = [
        fixed.replace(scale=1.0 / r).penalty(s) for r, s in zip(rate, sig, strict=True)
    ]
    lam = np.array([p.l1 + p.l2 for p in pens])
    sigma_hat = float(np.median(sig))
    lam_hat = float(np.median(lam))
    chosen = prior_at(fixed, lam_hat, sigma_hat)
    coef, intercept = final_map(X, y, chosen, sigma_hat, fit_intercept, standardize)
    return LambdaSelection(
        method="hyperprior",
        prior=chosen,
        lam=lam_hat,
        sigma=sigma_hat,
        trace=lam,
        coef=coef,
        intercept=float(intercept),
        details={"rate": rate, "idata": idata, "hyperprior": model_prior.hyperprior},
    )
