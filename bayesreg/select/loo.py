"""``select_lambda(method="loo")``: PSIS-LOO of the posterior over a grid.

For each lam of the grid the posterior of the prior with penalty lam at the
fixed noise scale ``sigma`` is sampled (:func:`bayesreg.sample_path`: one
compiled model, the scale a data input) and scored by its expected log
pointwise predictive density

    elpd_loo(lam) = sum_i log p(y_i | y_-i, lam),

estimated by Pareto-smoothed importance sampling (Vehtari, Gelman & Gabry
2017, Statistics and Computing 27:1413; ``arviz.loo``). The chosen lam
maximizes it (the first on the descending grid if tied). ``details`` holds
the standard errors ``elpd_se``, the effective numbers of parameters
``p_loo`` and the largest Pareto ``k`` of each grid point (``k > 0.7``:
the estimate is unreliable there).
"""

from __future__ import annotations

import warnings

import numpy as np

from .._validation import check_int
from ._common import default_grid, final_map, prior_at
from .cv import _check_penalty
from .result import LambdaSelection

__all__ = ["OPTIONS", "run"]

#: method options and their defaults (passed to sample_path)
OPTIONS: dict = {"draws": 1000, "tune": 1000, "chains": 2, "sampler": None}

_OWNER = "select_lambda(method='loo')"


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
    draws,
    tune,
    chains,
    sampler,
):
    """elpd_loo over the grid at a fixed sigma."""
    import arviz as az

    from ..posterior import sample_path
    from ..sigma import default_sigma

    if sigma is None:
        sigma = default_sigma(X, y, fit_intercept)[0]
    elif hasattr(sigma, "to_pymc"):
        raise TypeError(
            f"The 'sigma' parameter of {_OWNER} must be None or a float in the "
            f"range (0.0, inf) (the grid is compared at one fixed sigma). Got "
            f"{sigma!r} instead."
        )
    _check_penalty(prior, sigma)
    draws = check_int(draws, "draws", _OWNER)
    chains = check_int(chains, "chains", _OWNER)
    if grid is None:
        grid = default_grid(
            X, y, prior, sigma, n_lams or 20, fit_intercept, standardize
        )
    priors = [prior_at(prior, lam, sigma) for lam in grid]
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
        log_likelihood=True,
        standardize=standardize,
    )
    with warnings.catch_warnings():  # one warning for the grid, below
        warnings.filterwarnings("ignore", "Estimated shape parameter of Pareto")
        loos = [az.loo(idata, pointwise=True) for idata in idatas]
    elpd = np.array([float(r.elpd_loo) for r in loos])
    k_max = np.array([float(np.max(r.pareto_k.values)) for r in loos])
    if np.any(k_max > 0.7):
        warnings.warn(
            f"{_OWNER}: Pareto k > 0.7 at lam = "
            f"{', '.join(f'{v:.3g}' for v in grid[k_max > 0.7])}: the PSIS-LOO "
            "estimate is unreliable there (Vehtari et al. 2017); see "
            "details['pareto_k_max'].",
            UserWarning,
            stacklevel=3,
        )
    best = int(np.argmax(elpd))
    chosen = priors[best]
    coef, intercept = final_map(X, y, chosen, sigma, fit_intercept, standardize)
    return LambdaSelection(
        method="loo",
        prior=chosen,
        lam=float(grid[best]),
        sigma=float(sigma),
        grid=grid,
        criterion=elpd,
        coef=coef,
        intercept=float(intercept),
        details={
            "elpd_se": np.array([float(r.se) for r in loos]),
            "p_loo": np.array([float(r.p_loo) for r in loos]),
            "pareto_k_max": np.array([float(np.max(r.pareto_k.values)) for r in loos]),
        },
    )
