"""numpyro's NUTS through ``pm.sample(nuts_sampler="numpyro")`` (needs jax)."""

from __future__ import annotations

from .base import Sampler, register
from .pymc import pm_sample


@register
class Numpyro(Sampler):
    """numpyro's NUTS on JAX; PyMC's model compiled to JAX by PyMC."""

    name = "numpyro"
    module = "numpyro"
    install = "pip install numpyro jax"

    def run(self, prior, sigma, data, **settings):
        """``settings``: draws, tune, chains, seed, progressbar (see Sampler.run)."""
        return pm_sample(prior, sigma, data, nuts_sampler="numpyro", **settings)
