"""MAP estimation: :func:`fit_map`, :func:`fit_map_path` and their result.

The solvers live in :mod:`bayesreg.map.solvers` (a registry: ``quadratic``,
``active_set``, ``scipy``); :mod:`bayesreg.map.api` chooses one from the
prior's declared capabilities.
"""

from .api import _check_prior, _fit, _likelihood, fit_map, fit_map_path
from .result import MAPResult, Start, kkt_violation
from .solvers import SOLVERS, register_solver

__all__ = [
    "SOLVERS",
    "MAPResult",
    "Start",
    "_check_prior",
    "_fit",
    "_likelihood",
    "fit_map",
    "fit_map_path",
    "kkt_violation",
    "register_solver",
]
