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

Safeguards, each for a failure seen: a warm start ``coef_init`` with a larger
``F`` than zero is replaced by zero (``F`` is convex, so its minimizer does
not change); when ``F`` cannot resolve the predicted decrease (rounding, near
the minimum) a full step is taken if it lowers the KKT violation; when the
model's minimizer is not a descent direction (far from the minimum the
curvatures can span 1e50 and the inner solve loses every digit), the
minimizer of the model's diagonal is tried instead.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy import linalg

from ..._threads import one_blas_thread
from ..result import kkt_violation, relative_scale
from .active_set import ActiveSetSolver
from .base import Solution, Solver
from .quadratic import QuadraticSolver

__all__ = ["NewtonSolver"]

_ARMIJO = 1e-4
# the inner solve is this much tighter than the outer tolerance
_INNER = 1e-2
# F's rounding, relative to |F| + 1: a smaller predicted decrease is not
# tested on F (whose differences are noise there) but on the KKT violation
_NOISE = 1e-12


class NewtonSolver(Solver):
    name = "newton"
    requires = ("penalty",)
    likelihood_requires = ("irls",)
    exact = True

    def solve(self, problem):
        # numpy's BLAS threads cost more than they give on these small
        # products (DESIGN.md §5)
        with one_blas_thread():
            return self._solve(problem)

    def _solve(self, problem):
        lik, pen, sigma = problem.lik, problem.penalty, problem.sigma
        inner = QuadraticSolver() if pen.l1 == 0 else ActiveSetSolver()
        w = np.zeros(lik.n_features) if problem.coef_init is None else problem.coef_init

        def F(v):
            return lik.loss(v, sigma) + pen.value(v)

        f, scale = F(w), relative_scale(lik)
        if problem.coef_init is not None:
            # a warm start worse than zero is no help: Newton's steps on
            # exp(eta) shrink eta by about 1 each (coef_init = -10, p > n,
            # Poisson: eta up to 200, 1000 steps and no convergence from it)
            f0 = F(np.zeros(lik.n_features))
            if not f <= f0:
                w, f = np.zeros(lik.n_features), f0
        viol = kkt_violation(lik, w, pen, sigma)
        it = 0
        while viol > problem.tol and it < problem.max_iter:
            it += 1
            score = lik.score(w, sigma)
            model, d = None, _smooth_step(lik, w, sigma, pen, score)
            if d is None:
                model = lik.quadratic_model(w, sigma)
                sub = dataclasses.replace(
                    problem,
                    lik=model,
                    coef_init=w,
                    columns=None,
                    tol=_INNER * problem.tol * scale / relative_scale(model),
                )
                d = inner.solve(sub).w - w
            decrease = _decrease(score, pen, w, d)
            t, f_new = _line_search(F, w, d, f, decrease)
            if t is None and _resolved(decrease, f):
                # the model's minimizer is no use (far from the minimum the
                # curvatures span 1e50 and the solve loses every digit):
                # the minimizer of the model's diagonal, a descent direction
                model = model or lik.quadratic_model(w, sigma)
                diag = _diagonal(model, w, score, pen) - w
                t, f_new = _line_search(F, w, diag, f, _decrease(score, pen, w, diag))
                d = diag if t is not None else d
            if t is None:
                # F cannot rank points this close (rounding): the KKT check can
                viol_new = kkt_violation(lik, w + d, pen, sigma)
                if not viol_new < viol:
                    break  # no progress left at this precision
                w = w + d
                f, viol = F(w), viol_new
                continue
            w, f = w + t * d, f_new
            viol = kkt_violation(lik, w, pen, sigma)
        return Solution(w, it, viol, "kkt")


def _smooth_step(lik, w, sigma, pen, score):
    """The Newton step ``(sigma^2 H + l2 I)^-1 (s - l2 w)`` when there is no L1
    part and ``n >= p`` (a Cholesky solve, without building the quadratic
    model: a third of the time of a step on breast cancer), else None (also
    when the system is not positive definite: the model's solvers decide)."""
    if pen.l1 != 0 or lik.n < lik.n_features:
        return None
    H = lik.hessian(w, sigma) * (sigma * sigma)
    H[np.diag_indices_from(H)] += pen.l2
    try:
        chol = linalg.cho_factor(H, check_finite=False)
    except linalg.LinAlgError:
        return None
    return linalg.cho_solve(chol, score - pen.l2 * w, check_finite=False)


def _decrease(score, pen, w, d):
    """The decrease of ``F`` that the quadratic model predicts along ``d``
    (linear part): ``-s'd + pen(w + d) - pen(w)``; negative for descent."""
    return -(score @ d) + pen.value(w + d) - pen.value(w)


def _resolved(decrease, f):
    """True when ``F`` can tell a decrease this large from rounding."""
    return not abs(decrease) <= _NOISE * (abs(f) + 1.0)


def _diagonal(model, w, score, pen):
    """The minimizer of the quadratic model with its Hessian replaced by its
    diagonal ``h``: ``soft(h w + s, l1) / (h + l2)`` per coordinate (``w``
    where ``h + l2 = 0``)."""
    if model.has_gram:
        h = np.diag(model.xtx).copy()
    else:
        h = np.einsum("ij,ij->j", model.X, model.X)
    z = h * w + score
    den = h + pen.l2
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.sign(z) * np.maximum(np.abs(z) - pen.l1, 0.0) / den
    return np.where(den > 0, v, w)


def _line_search(F, w, d, f, decrease):
    """``(t, F(w + t d))`` for the first ``t = 1, 1/2, ...`` with an Armijo
    decrease, or ``(None, None)`` when ``F`` cannot resolve the predicted
    decrease (below ``_NOISE (|F| + 1)``: near the minimum) or no step that
    still moves ``w`` gives a strict decrease. Accepting ``F(w + t d) ==
    F(w)`` would let rounding stall the method at a tiny ``t`` (seen: 1000
    steps of ``t < 1e-10`` at a KKT violation of 1e-9); far from the minimum
    the Hessian can be nearly singular and ``d`` huge (``max|d| = 7e8`` from
    ``coef_init = 3`` with p > n), so ``t`` goes as low as that needs."""
    if not -decrease > _NOISE * (abs(f) + 1.0):
        return None, None
    t, size = 1.0, float(np.max(np.abs(d), initial=0.0))
    floor = 1e-15 * (1.0 + float(np.max(np.abs(w), initial=0.0)))
    while t * size > floor:
        f_new = F(w + t * d)
        if f_new < f and f_new <= f + _ARMIJO * t * decrease:
            return t, f_new
        t *= 0.5
    return None, None
