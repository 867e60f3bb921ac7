"""The registered samplers, one file each (see :mod:`.base` for the contract).

``REGISTRY`` maps a name to its sampler, in this order: ``nutpie`` (the
default), ``pymc``, ``exact``, ``numpyro``, ``gibbs``. ``SAMPLERS`` and
``DEFAULT_SAMPLER`` are read from it when the package is imported.
"""

# isort: off
# the import order is the registration order, the order of SAMPLERS
from . import nutpie, pymc, exact, numpyro, gibbs  # noqa: F401

# isort: on
from .base import (
    REGISTRY,
    Sampler,
    default_sampler,
    get_sampler,
    register,
    sampler_names,
)

__all__ = [
    "DEFAULT_SAMPLER",
    "REGISTRY",
    "SAMPLERS",
    "Sampler",
    "default_sampler",
    "get_sampler",
    "register",
    "sampler_names",
]

#: Names of the registered samplers.
SAMPLERS = sampler_names()
#: The default sampler, measured on diabetes (benchmarks/posterior.py).
DEFAULT_SAMPLER = default_sampler()
