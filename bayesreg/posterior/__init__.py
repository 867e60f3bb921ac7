"""Full posteriors: PyMC models built from the priors, and exact conjugate draws.

* :mod:`.api`: :func:`sample_posterior`, :func:`sample_path` (any likelihood
  family of :mod:`bayesreg.likelihoods`); :mod:`.loo`: :func:`compare_loo`;
* :mod:`.model`: the PyMC model (the likelihood's and the priors' PyMC forms)
  and its compile cache;
* :mod:`.samplers`: the registry of samplers, one file each (``nutpie``,
  ``pymc``, ``exact``, ``numpyro``);
* :mod:`.results`: draws to InferenceData; :mod:`.diagnostics`: convergence
  checks and :class:`SamplingWarning`.
"""

from .api import compare_loo, sample_path, sample_posterior
from .diagnostics import SamplingWarning, diagnose
from .model import _CACHE as _CACHE
from .model import OFFSET, build_model, clear_cache, prepare
from .samplers import DEFAULT_SAMPLER, REGISTRY, SAMPLERS

__all__ = [
    "DEFAULT_SAMPLER",
    "REGISTRY",
    "SAMPLERS",
    "SamplingWarning",
    "build_model",
    "clear_cache",
    "compare_loo",
    "diagnose",
    "prepare",
    "sample_path",
    "sample_posterior",
]

# the names tests and benchmarks used before the split (model cache, model input)
_prepare = prepare
_OFFSET = OFFSET
