"""Convex row likelihoods (logistic, Poisson) with a penalty: proximal Newton.

Minimizes ``F(w) = loss(w) + l1 ||w||_1 + l2/2 ||w||^2`` for a likelihood
declaring ``irls`` (convex, with ``quadratic_model``), the intercept profiled
out (:mod:`bayesreg.likelihoods.rows`). Each step minimizes the local model

    loss(w) - s'(v - w) + 1/2 (v - w)'H(v - w) + l1 ||v||_1 + l2/2 ||v||^2

(``s`` the score, ``H`` the Hessian: IRLS's weighted least squares) exactly,
with the Gaussian solvers (the active-set method for an L1 part, so the
zeros are exact; one Newton solve without one), then backtracks along
``v - w`` until ``F`` falls by the Armijo fraction of the predicted decrease
(Lee, Sun & Saunders 2014, "Proximal Newton-type methods for minimizing
composite functions", SIAM J. Optim. 24(3)). It stops when the KKT conditions
of ``F`` hold to ``tol`` (relative to the score at zero), the check behind
``converged``. This is glmnet's outer loop with an exact inner solver.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..result import kkt_violation, relative_scale
from .active_set import ActiveSetSolver
from .base import Solution, Solver
from .quadratic import QuadraticSolver

__all__ = ["NewtonSolver"]

_ARMIJO = 1e-4
# the inner solve is this much tighter than the outer tolerance
_INNER = 1e-2


class NewtonSolver(Solver):
    name = "newton"
    requires = ("penalty",)
    likelihood_requires = ("irls",)
    exact = True

    def solve(self, problem):
        lik, pen, sigma = problem.lik, problem.penalty, problem.sigma
        inner = QuadraticSolver() if pen.l1 == 0 else ActiveSetSolver()
        w = np.zeros(lik.n_features) if problem.coef_init is None else problem.coef_init

        def F(v):
            return lik.loss(v, sigma) + pen.value(v)

        f, scale = F(w), relative_scale(lik)
        viol = kkt_violation(lik, w, pen, sigma)
        it = 0
        while viol > problem.tol and it < problem.max_iter:
            it += 1
            model = lik.quadratic_model(w, sigma)
            sub = dataclasses.replace(
                problem,
                lik=model,
                coef_init=w,
                columns=None,
                tol=_INNER * problem.tol * scale / relative_scale(model),
            )
            d = inner.solve(sub).w - w
            decrease = -(lik.score(w, sigma) @ d) + pen.value(w + d) - pen.value(w)
            t = 1.0
            while True:
                f_new = F(w + t * d)
                if f_new <= f + _ARMIJO * t * min(decrease, 0.0) or t < 1e-10:
                    break
                t *= 0.5
            if not f_new <= f:  # no descent left at this precision
                break
            w, f = w + t * d, f_new
            viol = kkt_violation(lik, w, pen, sigma)
        return Solution(w, it, viol, "kkt")
