"""The MAP solvers and their registry.

Each solver is an object with a ``name``, the prior capabilities it
``requires``, ``applies(prior, sigma)``, ``check(prior, sigma)`` (raises,
naming the solver and what the prior lacks) and ``solve(problem)``
(:mod:`.base`). :data:`SOLVERS` lists them in order of preference:
``solver="auto"`` takes the first that applies, so the exact solvers
(``quadratic``, then ``active_set`` for the Gaussian likelihood, ``newton``
for the convex row likelihoods) come before ``scipy``, which takes any prior
declaring ``gradient``, ``penalty`` or ``prox``.

A new solver is one file plus ``register_solver(MySolver())``.
"""

from __future__ import annotations

from .active_set import ActiveSetSolver
from .base import Problem, Solution, Solver
from .newton import NewtonSolver
from .quadratic import QuadraticSolver
from .scipy import ScipySolver

__all__ = [
    "SOLVERS",
    "Problem",
    "Solution",
    "Solver",
    "register_solver",
    "select_solver",
]

#: name -> solver, in order of preference for ``solver="auto"``.
SOLVERS: dict[str, Solver] = {}


def register_solver(solver: Solver, *, before: str | None = None) -> Solver:
    """Add ``solver`` under ``solver.name`` (at the end, or before ``before``)."""
    if solver.name in SOLVERS or solver.name == "auto":
        raise ValueError(f"A MAP solver named {solver.name!r} is already registered.")
    if before is None:
        SOLVERS[solver.name] = solver
        return solver
    items = list(SOLVERS.items())
    at = [k for k, _ in items].index(before)
    items.insert(at, (solver.name, solver))
    SOLVERS.clear()
    SOLVERS.update(items)
    return solver


for _solver in (QuadraticSolver(), ActiveSetSolver(), NewtonSolver(), ScipySolver()):
    register_solver(_solver)


def select_solver(name, prior, sigma, owner: str, likelihood=None) -> Solver:
    """The solver called ``name`` (checked against ``prior`` and the
    likelihood family, default Gaussian), or for ``"auto"`` the first
    registered one that applies."""
    if not prior.has_density:  # e.g. the horseshoe: no finite MAP
        raise prior.no_density_error(owner)
    if name == "auto":
        for solver in SOLVERS.values():
            if solver.applies(prior, sigma, likelihood):
                return solver
        # none applies: the most general one says why
        try:
            return list(SOLVERS.values())[-1].check(prior, sigma, likelihood)
        except ValueError as err:
            raise ValueError(f"solver='auto' found no solver for it: {err}") from None
    if not isinstance(name, str) or name not in SOLVERS:
        raise ValueError(
            f"The 'solver' parameter of {owner} must be one of 'auto', "
            f"{', '.join(repr(k) for k in SOLVERS)}. Got {name!r} instead."
        )
    return SOLVERS[name].check(prior, sigma, likelihood)
