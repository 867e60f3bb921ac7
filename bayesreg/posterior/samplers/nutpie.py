"""NUTS by nutpie: compiled once per model, data swapped in."""

from __future__ import annotations

from ..model import model_for
from .base import Sampler, register


@register
class Nutpie(Sampler):
    """nutpie's NUTS; both cores by itself, no BLAS needed.

    The compiled model is kept with the cached PyMC model, and
    ``compiled.with_data(...)`` swaps in new data and prior scales without
    recompiling (DESIGN.md section 5: 15.5 s to compile, 0.2-0.6 s per path
    point on diabetes).
    """

    name = "nutpie"
    module = "nutpie"
    install = "pip install nutpie"

    def run(self, prior, sigma, data, *, draws, tune, chains, seed, progressbar):
        import nutpie

        entry, values = model_for(prior, sigma, data)
        compiled = entry.compiled.get(self.name)
        if compiled is None:
            compiled = entry.compiled[self.name] = nutpie.compile_pymc_model(
                entry.model
            )
        idata = nutpie.sample(
            compiled.with_data(**values),
            draws=draws,
            tune=tune,
            chains=chains,
            seed=seed,
            progress_bar=progressbar,
            save_warmup=False,
        )
        return idata.posterior, idata.sample_stats
