"""PyMC's own NUTS (``pm.sample``), chains in parallel, NUMBA backend."""

from __future__ import annotations

import os

from ..model import model_for
from .base import Sampler, register


def pm_sample(prior, sigma, data, *, draws, tune, chains, seed, progressbar, **kw):
    """``pm.sample`` on the cached model with this run's ``pm.Data`` values;
    ``kw`` (e.g. ``nuts_sampler``) passed on. Returns (posterior, sample_stats)."""
    import pymc as pm

    entry, values = model_for(prior, sigma, data)
    with entry.model:
        pm.set_data(values)
        idata = pm.sample(
            draws=draws,
            tune=tune,
            chains=chains,
            random_seed=seed,
            progressbar=progressbar,
            compute_convergence_checks=False,
            **kw,
        )
    return idata.posterior, idata.sample_stats


@register
class PyMCNuts(Sampler):
    """PyMC's NUTS. Chains run in parallel (``pm.sample`` uses half the cores
    by default, one after another on 2 cores); the NUMBA backend avoids
    PyTensor's missing-BLAS C path and was 1.4x faster here
    (benchmarks/posterior.py)."""

    name = "pymc"

    def run(self, prior, sigma, data, **settings):
        """``settings``: draws, tune, chains, seed, progressbar (see Sampler.run)."""
        return pm_sample(
            prior,
            sigma,
            data,
            nuts_sampler="pymc",
            cores=min(settings["chains"], os.cpu_count() or 1),
            compile_kwargs=dict(mode="NUMBA"),
            **settings,
        )
