"""The registered samplers, one file each (see :mod:`.base` for the contract).

``REGISTRY`` maps a name to its sampler, in this order: ``nutpie``,
``pymc``, ``exact``, ``numpyro``, ``gibbs``, ``auto`` (the default: picks one
of the others per model, see :mod:`.auto`). ``SAMPLERS`` and
``DEFAULT_SAMPLER`` are read from it when the package is imported.
"""

# isort: off
# the import order is the registration order, the order of SAMPLERS
from . import nutpie, pymc, exact, numpyro, gibbs, auto  # noqa: F401

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
#: The default sampler: ``auto``, the most direct sampler for each model.
DEFAULT_SAMPLER = default_sampler()
