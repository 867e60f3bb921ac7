"""``solver="scipy"`` for likelihoods other than the Gaussian.

Minimizes ``F(w) = loss(w) + sigma^2 (-log p(w))`` (``loss`` from the
likelihood, intercept profiled out) with scipy.optimize, by what the prior
declares:

* ``penalty`` with ``l1 = 0``: trust-region Newton (``trust-ncg``) with the
  likelihood's exact Hessian-vector product plus ``l2``;
* ``penalty`` with ``l1 > 0``: the bounded split form ``w = u - v``, ``u, v >=
  0``, by L-BFGS-B, then, for a likelihood declaring ``irls``, the proximal
  Newton method (:mod:`.newton`) from there, so the zeros are exact and the
  KKT conditions hold; otherwise the split form's zeros (bounds) are kept;
* ``gradient``: L-BFGS-B with the exact gradient.

Coordinates are scaled by ``d_j = sqrt(|H_jj| + l2)`` at the start (Jacobi).
A non-convex problem (a prior declaring ``nonconvex`` or a likelihood without
``irls``, such as Student-t errors) is started from zero, from the Gaussian
likelihood's MAP of the same prior where an exact solver has one, and from
``coef_init``; the best objective wins and every start is reported.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import linalg, optimize

from ...likelihoods import GaussianLikelihood
from ..result import Start, gradient_violation, kkt_violation, objective
from .base import Solution, prior_curvature
from .newton import NewtonSolver

__all__ = ["solve_general"]


def solve_general(problem) -> Solution:
    lik, prior = problem.lik, problem.prior
    convex = "irls" in lik.capabilities() and "nonconvex" not in problem.capabilities
    pen = problem.penalty
    if pen is not None and pen.l1 == 0:
        method = _trust
    elif pen is not None:
        method = _split_l1
    elif "gradient" in problem.capabilities:
        method = _smooth
    else:
        raise ValueError(
            f"solver='scipy' with likelihood {lik.name!r} needs a prior with a "
            f"'penalty' or a 'gradient'; {prior!r} declares "
            f"{sorted(problem.capabilities) or 'none'}."
        )
    starts = [("zero", np.zeros(lik.n_features))]
    if problem.coef_init is not None:
        starts.append(("coef_init", np.asarray(problem.coef_init, float)))
    if convex:
        return method(problem, starts[-1][1])
    gauss = _gaussian_start(problem)
    if gauss is not None:
        starts.insert(1, ("gaussian", gauss))
    ends, best, n_iter = [], None, 0
    for name, w0 in starts:
        sol = method(problem, w0)
        n_iter += sol.n_iter
        f = objective(lik, sol.w, prior, problem.sigma, pen)
        ok = bool(sol.violation <= problem.tol)
        ends.append(Start(name, sol.w, f, ok, sol.n_iter))
        if best is None or f < best[0]:
            best = (f, sol)
    sol = best[1]
    return Solution(sol.w, n_iter, sol.violation, sol.check, tuple(ends))


def _gaussian_start(problem):
    """The MAP of the same prior under the Gaussian likelihood (exact solvers
    only), or None."""
    from . import SOLVERS  # the registry imports this module

    lik = problem.lik
    gauss = GaussianLikelihood.from_arrays(
        lik.X, lik.y, lik.fit_intercept, validate=False
    )
    for solver in SOLVERS.values():
        if solver.exact and solver.applies(problem.prior, problem.sigma, gauss):
            return solver.solve(replace(problem, lik=gauss, coef_init=None)).w
    return None


def _scaling(problem, w0, l2=0.0):
    h = np.abs(np.diag(problem.lik.hessian(w0, problem.sigma))) * problem.sigma**2
    d = np.sqrt(h + l2)
    return np.where(d > 0, d, 1.0)


def _trust(problem, w0):
    lik, sigma, l2 = problem.lik, problem.sigma, problem.penalty.l2
    d = _scaling(problem, w0, l2)

    def fun(v):
        w = v / d
        return lik.loss(w, sigma) + 0.5 * l2 * (w @ w), (
            -lik.score(w, sigma) + l2 * w
        ) / d

    def hessp(v, u):
        w, s = v / d, u / d
        return (sigma**2 * lik.hessian_vector(w, s, sigma) + l2 * s) / d

    res = optimize.minimize(
        fun,
        np.asarray(w0, float) * d,
        jac=True,
        hessp=hessp,
        method="trust-ncg",
        options=dict(maxiter=problem.max_iter, gtol=1e-3 * problem.tol * problem.scale),
    )
    w = res.x / d

    def grad(w):
        return lik.score(w, sigma) - l2 * w

    def violation(w):
        return kkt_violation(lik, w, problem.penalty, sigma)

    w, steps, viol = _polish(problem, w, grad, violation, lambda w: l2)
    return Solution(w, res.nit + steps, viol, "kkt")


def _split_l1(problem, w0):
    lik, sigma, pen = problem.lik, problem.sigma, problem.penalty
    p = lik.n_features
    d = _scaling(problem, w0, pen.l2)

    def fun(x):
        w = (x[:p] - x[p:]) / d
        g = (-lik.score(w, sigma) + pen.l2 * w) / d
        f = lik.loss(w, sigma) + pen.l1 * np.sum(x / np.tile(d, 2))
        f += 0.5 * pen.l2 * (w @ w)
        return f, np.concatenate([g, -g]) + pen.l1 / np.tile(d, 2)

    w0 = np.asarray(w0, float) * d
    res = optimize.minimize(
        fun,
        np.concatenate([np.maximum(w0, 0.0), np.maximum(-w0, 0.0)]),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.0, None)] * (2 * p),
        options=dict(maxiter=problem.max_iter, ftol=1e-14, gtol=1e-8 * problem.scale),
    )
    w = (res.x[:p] - res.x[p:]) / d
    if "irls" in lik.capabilities():
        sol = NewtonSolver().solve(replace(problem, coef_init=w))
        return Solution(sol.w, res.nit + sol.n_iter, sol.violation, "kkt")
    # Newton on the non-zeros with their signs fixed (zeros stay zeros)
    nz = w != 0
    signs = np.sign(w)

    def grad(v):
        return np.where(nz, lik.score(v, sigma) - pen.l2 * v - pen.l1 * signs, 0.0)

    def violation(v):
        if np.any(np.sign(v) != signs):
            return np.inf
        return kkt_violation(lik, v, pen, sigma)

    w, steps, viol = _polish(problem, w, grad, violation, lambda v: pen.l2, nz)
    return Solution(w, res.nit + steps, viol, "kkt")


def _smooth(problem, w0):
    lik, prior, sigma = problem.lik, problem.prior, problem.sigma
    d = _scaling(problem, w0)
    s2 = sigma * sigma

    def fun(v):
        w = v / d
        f = lik.loss(w, sigma) + s2 * prior.neg_log_density(w, sigma)
        return f, (-lik.score(w, sigma) + s2 * prior.gradient(w, sigma)) / d

    res = optimize.minimize(
        fun,
        np.asarray(w0, float) * d,
        jac=True,
        method="L-BFGS-B",
        options=dict(
            maxiter=problem.max_iter,
            ftol=0.0,
            gtol=1e-3 * problem.tol * problem.scale / d.max(),
            maxcor=20,
        ),
    )
    w = res.x / d

    def grad(w):
        return lik.score(w, sigma) - s2 * prior.gradient(w, sigma)

    def violation(w):
        return gradient_violation(lik, w, prior, sigma)

    def curvature(w):
        h = 1e-6 * np.maximum(np.abs(w), 1e-8)
        return s2 * prior_curvature(prior, w, sigma, h)

    w, steps, viol = _polish(problem, w, grad, violation, curvature)
    return Solution(w, res.nit + steps, viol, "gradient")


def _polish(problem, w, grad, violation, curvature, mask=None, budget=8):
    """Newton steps ``(sigma^2 H + diag(c)) dw = g`` (``H`` the likelihood's
    Hessian, ``c`` the prior's curvature; on the coordinates in ``mask``
    only, if given) while the relative gradient norm falls: the optimizers
    stop where rounding hides the objective's decrease, the gradient still
    says where to go."""
    mask = np.ones(w.size, dtype=bool) if mask is None else mask
    lik, sigma = problem.lik, problem.sigma
    viol, steps = violation(w), 0
    while viol > 1e-2 * problem.tol and steps < budget:
        steps += 1
        H = sigma**2 * lik.hessian(w, sigma)
        H[np.diag_indices_from(H)] += curvature(w)
        H = H[np.ix_(mask, mask)]
        dw = np.zeros_like(w)
        try:
            chol = linalg.cho_factor(H, check_finite=False)
            dw[mask] = linalg.cho_solve(chol, grad(w)[mask])
        except linalg.LinAlgError:
            break  # not at a strict local minimum: leave it to the check
        viol_new = violation(w + dw)
        if not viol_new < viol:
            break
        w, viol = w + dw, viol_new
    return w, steps, viol
