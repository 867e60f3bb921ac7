"""What a MAP solver is: a name, the prior capabilities it requires, a test of
whether it applies, and ``solve``.

A solver never asks a prior for its class or name, only for its declared
capabilities (:meth:`bayesreg.Prior.capabilities`) and the methods they
promise; :func:`bayesreg.priors.require` refuses a prior that lacks one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ...priors import require
from ..result import Start, relative_scale

__all__ = ["Problem", "Solution", "Solver", "prior_curvature"]


def prior_curvature(prior, w, sigma, h):
    """Central differences of the (separable) gradient: ``d grad_j / d w_j``."""
    return (prior.gradient(w + h, sigma) - prior.gradient(w - h, sigma)) / (2.0 * h)


@dataclass
class Problem:
    """One MAP problem: ``lik.loss(w, sigma) + sigma^2 (-log p(w))`` (the
    loss is ``1/2 ||y - Xw||^2`` for the Gaussian likelihood).

    ``coef_init`` (or None) is a warm start; ``columns`` an optional
    :class:`~bayesreg.map.solvers._l1qp.GramColumns` cache shared along a path.
    """

    lik: object
    prior: object
    sigma: float
    tol: float
    max_iter: int
    coef_init: np.ndarray | None = None
    columns: object = None

    @cached_property
    def capabilities(self) -> frozenset:
        return self.prior.capabilities()

    @cached_property
    def penalty(self):
        """``prior.penalty(sigma)``, or None without the ``penalty`` capability."""
        if "penalty" not in self.capabilities:
            return None
        return self.prior.penalty(self.sigma)

    @cached_property
    def scale(self) -> float:
        """``max_j |X'y|_j``: checks and tolerances are relative to it."""
        return relative_scale(self.lik)


@dataclass
class Solution:
    """What a solver returns: the weights and the check it passed (or not)."""

    w: np.ndarray
    n_iter: int
    violation: float
    check: str = "kkt"
    starts: tuple[Start, ...] = field(default_factory=tuple)


class Solver:
    """A MAP solver. Subclasses set ``name`` and ``requires`` and implement
    :meth:`solve`; :meth:`condition` adds a test beyond the capabilities
    (e.g. ``l1 == 0``) and returns None when it holds, else the reason, naming
    the prior ("a penalty with l1 == 0; Laplace(...) has l1 = 4")."""

    name: str = ""
    #: capabilities the prior must declare, all of them
    requires: tuple[str, ...] = ()
    #: capabilities the likelihood must declare (``"quadratic"``: Gaussian)
    likelihood_requires: tuple[str, ...] = ()
    #: True when the solver's answer is exact (a closed form or a finite method)
    exact: bool = False

    def __repr__(self):
        return f"<solver {self.name!r} requires {list(self.requires)}>"

    def condition(self, prior, sigma) -> str | None:
        return None

    def applies(self, prior, sigma, likelihood=None) -> bool:
        """Whether :meth:`check` would pass."""
        have = prior.capabilities()
        if any(c not in have for c in self.requires):
            return False
        if self._likelihood_lacks(likelihood):
            return False
        return self.condition(prior, sigma) is None

    def _likelihood_lacks(self, likelihood) -> list[str]:
        have = (
            frozenset({"quadratic"})
            if likelihood is None
            else likelihood.capabilities()
        )
        return [c for c in self.likelihood_requires if c not in have]

    def check(self, prior, sigma, likelihood=None):
        """Raise ``ValueError`` naming the solver and what the prior (or the
        likelihood, default Gaussian) lacks."""
        who = f"solver={self.name!r}"
        lacks = self._likelihood_lacks(likelihood)
        if lacks:
            raise ValueError(
                f"{who} needs a likelihood declaring {lacks}; {likelihood!r} "
                f"declares {sorted(likelihood.capabilities()) or 'none'}."
            )
        require(prior, self.requires, who)
        reason = self.condition(prior, sigma)
        if reason is not None:
            raise ValueError(f"{who} needs {reason}.")
        return self

    def solve(self, problem: Problem) -> Solution:  # pragma: no cover - abstract
        raise NotImplementedError
