"""``solver="scipy"``: the negative log posterior minimized with scipy.optimize.

This module is the Gaussian likelihood's; other likelihoods go to
:mod:`.general`.

``F(w) = 1/2 ||y - Xw||^2 + sigma^2 (-log p(w))`` (the constant ``y'y/2``
dropped inside the optimizer), for any prior declaring one of ``penalty``,
``gradient`` or ``prox``; the method follows the declared capabilities:

* ``penalty`` with ``l1 = 0`` (flat, Gaussian): a trust-region Newton method
  (``trust-krylov``) with the exact Hessian-vector product ``(X'X + l2 I) v``;
  the KKT check decides ``converged``.
* ``penalty`` with ``l1 > 0`` (Laplace, elastic net): the bounded split form
  ``w = u - v``, ``u, v >= 0``, ``F = 1/2 rss + l1 sum(u + v) + l2/2 ||w||^2``
  (smooth), by L-BFGS-B; then the exact active-set method started there
  (:func:`.active_set.finish`), so the zeros are exact zeros and the KKT
  conditions hold (Tibshirani's warm start, as in DESIGN.md §3).
* ``gradient`` (Student-t, generalized Gaussian with ``1 < power < 2``, a
  user's smooth prior): L-BFGS-B with the exact gradient, then Newton steps
  on the gradient (exact ``X'X``, the prior's separable curvature by central
  differences of its gradient) while they shrink the relative gradient norm,
  the check behind ``converged``.
* ``prox`` without ``gradient`` (generalized Gaussian with ``power < 1``):
  proximal gradient ``w <- prox(w + X'(y - Xw)/L, sigma^2/L)``, ``L`` the
  largest eigenvalue of ``X'X``; zeros are exact where the prior's proximal
  map puts them (the optimality condition at 0); converged when the
  fixed-point residual is below ``tol``.

Priors declaring ``nonconvex`` are started from zero, from the ridge solution
at a matching scale (the Gaussian prior with the prior's variance; least
squares when that is infinite, as for the Cauchy) and from ``coef_init`` if given; the
lowest objective wins and every start is reported.

Coordinates are scaled by ``d_j = sqrt((X'X)_jj + l2)`` inside the optimizer
(Jacobi preconditioning), which keeps columns on wildly different scales
tractable. numpy's and scipy's BLAS alternate inside these loops, so they run
under :func:`bayesreg._threads.one_blas_thread` (DESIGN.md §5).
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import linalg, optimize

from ..._threads import one_blas_thread
from ..result import Start, gradient_violation, kkt_violation, objective
from .active_set import finish
from .base import Solution, Solver, prior_curvature
from .general import solve_general
from .quadratic import primal_hessian, ridge

__all__ = ["ScipySolver"]

_METHODS = ("penalty", "gradient", "prox")
# Newton steps after L-BFGS-B (smooth priors), each accepted only if it
# lowers the relative gradient norm
_POLISH_STEPS = 8
# rounds of the trust-region method on the correction (quadratic priors)
_ROUNDS = 4


class ScipySolver(Solver):
    name = "scipy"
    requires = ()
    exact = False

    def condition(self, prior, sigma):
        have = prior.capabilities()
        if any(c in have for c in _METHODS):
            return None
        return (
            "a prior with one of 'gradient', 'penalty' or 'prox' (without one "
            f"no optimality check exists); {prior!r} declares {sorted(have) or 'none'}"
        )

    def solve(self, problem):
        pen, caps = problem.penalty, problem.capabilities
        if "quadratic" not in problem.lik.capabilities():
            return solve_general(problem)  # logistic, Poisson, Student-t
        with one_blas_thread():
            if pen is not None and pen.l1 == 0:
                return _quadratic(problem)
            if pen is not None:
                return _split_l1(problem)
            method = _smooth if "gradient" in caps else _proximal
            if "nonconvex" in caps:
                return _multistart(problem, method)
            w0 = problem.coef_init
            return method(
                problem, np.zeros(problem.lik.n_features) if w0 is None else w0
            )


# --------------------------------------------------------------------------
# helpers


def _diag_gram(lik):
    if lik.has_gram:
        return np.diag(lik.xtx).copy()
    return np.einsum("ij,ij->j", lik.X, lik.X)


def _scaling(lik, l2=0.0):
    """``w = v / d``: Jacobi scaling ``d_j = sqrt((X'X)_jj + l2)`` when
    ``n > p``; one common ``d`` when ``p >= n``, so that the iterates stay in
    the row space of ``X`` (Jacobi scaling would add null-space components
    that only ``l2`` pulls back, slowly)."""
    d = np.sqrt(_diag_gram(lik) + l2)
    if lik.n <= lik.n_features:
        d = np.full_like(d, d.max(initial=0.0))
    return np.where(d > 0, d, 1.0)


def _start(problem, x0):
    return np.zeros(problem.lik.n_features) if x0 is None else np.asarray(x0, float)


# --------------------------------------------------------------------------
# quadratic priors: trust-region Newton with the exact Hessian-vector product


def _quadratic(problem):
    """Rounds of trust-ncg on the correction ``dw`` from the current ``w``:
    ``1/2 dw'H dw - r'dw`` with ``r = X'(y - Xw) - l2 w`` computed afresh, so
    that the objective's rounding (of the size of ``F`` itself) does not stop
    the method short of ``tol`` (iterative refinement, by the optimizer)."""
    lik, pen, tol = problem.lik, problem.penalty, problem.tol
    l2 = pen.l2
    d = _scaling(lik, l2)
    gtol = 1e-2 * tol * problem.scale / d.max()

    def hess(s):
        return lik.gram_times(s) + l2 * s

    def hessp(u, t):
        return hess(t / d) / d

    w, n_iter = _start(problem, problem.coef_init), 0
    for _ in range(_ROUNDS):
        r = lik.correlation(w) - l2 * w
        if np.max(np.abs(r), initial=0.0) <= 1e-2 * tol * problem.scale:
            break

        def fun(u, r=r):
            s = u / d
            hs = hess(s)
            return 0.5 * (s @ hs) - r @ s, (hs - r) / d

        res = optimize.minimize(
            fun,
            np.zeros_like(w),
            jac=True,
            hessp=hessp,
            method="trust-ncg",
            options=dict(gtol=gtol, maxiter=problem.max_iter),
        )
        w, n_iter = w + res.x / d, n_iter + res.nit
        if n_iter >= problem.max_iter:
            break
    return Solution(w, n_iter, kkt_violation(lik, w, pen), "kkt")


# --------------------------------------------------------------------------
# L1 parts: bounded split form by L-BFGS-B, then the exact active-set finish


def _split_l1(problem):
    lik, pen = problem.lik, problem.penalty
    b, l1, l2, p = lik.xty, pen.l1, pen.l2, lik.n_features
    d = _scaling(lik, l2)
    c = l1 / d

    def fun(x):
        w = (x[:p] - x[p:]) / d
        gw = lik.gram_times(w)
        smooth = 0.5 * (w @ gw) - b @ w + 0.5 * l2 * (w @ w)
        g = (gw - b + l2 * w) / d
        return smooth + c @ (x[:p] + x[p:]), np.concatenate([g + c, c - g])

    w0 = _start(problem, problem.coef_init) * d
    x0 = np.concatenate([np.maximum(w0, 0.0), np.maximum(-w0, 0.0)])
    res = optimize.minimize(
        fun,
        x0,
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.0, None)] * (2 * p),
        options=dict(
            maxiter=problem.max_iter,
            ftol=1e-12,
            gtol=1e-6 * problem.scale / d.max(),
            maxcor=20,
        ),
    )
    w = (res.x[:p] - res.x[p:]) / d
    return finish(problem, w, n_before=res.nit)


# --------------------------------------------------------------------------
# smooth priors: L-BFGS-B, then Newton steps on the gradient


def _smooth(problem, w0):
    lik, prior, tol = problem.lik, problem.prior, problem.tol
    b, s2 = lik.xty, problem.sigma**2
    d = _scaling(lik)

    def fun(v):
        w = v / d
        gw = lik.gram_times(w)
        f = 0.5 * (w @ gw) - b @ w + s2 * prior.neg_log_density(w, problem.sigma)
        return f, (gw - b + s2 * prior.gradient(w, problem.sigma)) / d

    res = optimize.minimize(
        fun,
        np.asarray(w0, float) * d,
        jac=True,
        method="L-BFGS-B",
        options=dict(
            maxiter=problem.max_iter,
            ftol=0.0,
            gtol=1e-3 * tol * problem.scale / d.max(),
            maxcor=20,
        ),
    )
    w = res.x / d
    budget = min(_POLISH_STEPS, problem.max_iter - res.nit)
    w, steps, viol = _polish(
        problem, w, gradient_violation(lik, w, prior, problem.sigma), budget
    )
    return Solution(w, res.nit + steps, viol, "gradient")


def _polish(problem, w, viol, budget):
    """Newton steps ``(X'X + sigma^2 diag(h)) dw = g`` while the relative
    gradient norm falls (the objective's rounding cannot stop them)."""
    lik, prior, sigma, tol = problem.lik, problem.prior, problem.sigma, problem.tol
    if viol <= tol or budget < 1 or (not lik.has_gram and lik.n_features > 4000):
        return w, 0, viol
    G = primal_hessian(lik, 0.0)
    if G is None:
        G = lik.X.T @ lik.X
    typical = problem.scale / max(float(np.diag(G).max()), np.finfo(float).tiny)
    steps = 0
    while steps < budget:
        steps += 1
        g = lik.correlation(w) - sigma * sigma * prior.gradient(w, sigma)
        h = 1e-6 * np.maximum(np.abs(w), 1e-12 * typical)
        H = G + np.diag(sigma * sigma * prior_curvature(prior, w, sigma, h))
        try:
            dw = linalg.cho_solve(linalg.cho_factor(H, check_finite=False), g)
        except linalg.LinAlgError:
            break  # not at a strict local minimum: leave it to the check
        w_new = w + dw
        viol_new = gradient_violation(lik, w_new, prior, sigma)
        if not viol_new < viol:
            break
        w, viol = w_new, viol_new
        if viol <= 1e-2 * tol:
            break
    return w, steps, viol


# --------------------------------------------------------------------------
# prox priors without a gradient: proximal gradient


def _largest_eigenvalue(lik):
    if lik.has_gram:
        G = lik.xtx
    else:
        X = lik.X
        G = X.T @ X if X.shape[0] >= X.shape[1] else X @ X.T
    k = G.shape[0]
    return float(linalg.eigvalsh(G, subset_by_index=[k - 1, k - 1])[0])


def _proximal(problem, w0):
    """Monotone accelerated proximal gradient (Li & Lin 2015): each step takes
    the better, by the objective, of the plain step ``T(w)`` and the step
    ``T(v)`` from the extrapolated point ``v``; momentum restarts when the
    plain step wins. ``T(w) - w`` is the fixed-point residual of ``w``."""
    lik, prior, sigma, tol = problem.lik, problem.prior, problem.sigma, problem.tol
    L = max(_largest_eigenvalue(lik), np.finfo(float).tiny)
    step = sigma * sigma / L

    def T(w):
        return prior.prox(w + lik.correlation(w) / L, step, sigma)

    def F(w):
        return objective(lik, w, prior, sigma)

    w = np.asarray(w0, float).copy()
    w_prev, t_prev, t, k = w, 1.0, 1.0, 0
    while k < 20 * problem.max_iter:
        k += 1
        plain = T(w)
        viol = L * float(np.max(np.abs(plain - w), initial=0.0)) / problem.scale
        if viol <= tol:
            break
        v = w + ((t_prev - 1.0) / t) * (w - w_prev)
        fast = T(v) if t_prev > 1.0 else plain
        f_plain, f_fast = F(plain), F(fast)
        w_prev = w
        if f_fast <= f_plain:
            w, t_prev, t = fast, t, 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
        else:  # restart the momentum
            w, t_prev, t = plain, 1.0, 1.0
    return Solution(w, k, viol, "fixed_point")


# --------------------------------------------------------------------------
# non-convex priors: several starts, the best objective wins


def _ridge_penalty(problem):
    """``(name, l2)`` of the ridge start: the Gaussian prior with the prior's
    variance, or least squares when the variance is infinite (Cauchy)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a divergent quadrature: no variance
        try:
            var = float(problem.prior.variance(problem.sigma))
        except (ArithmeticError, ValueError, Warning):
            var = np.inf
    if np.isfinite(var) and var > 0:
        return "ridge", problem.sigma**2 / var
    return "least_squares", 0.0


def _multistart(problem, method):
    lik, prior, sigma = problem.lik, problem.prior, problem.sigma
    name, l2 = _ridge_penalty(problem)
    starts = [("zero", np.zeros(lik.n_features)), (name, ridge(lik, l2))]
    if problem.coef_init is not None:
        starts.append(("coef_init", problem.coef_init))
    ends, best, n_iter = [], None, 0
    for name, w0 in starts:
        sol = method(problem, w0)
        n_iter += sol.n_iter
        f = objective(lik, sol.w, prior, sigma)
        ends.append(
            Start(name, sol.w, f, bool(sol.violation <= problem.tol), sol.n_iter)
        )
        if best is None or f < best[0]:
            best = (f, sol)
    sol = best[1]
    return Solution(sol.w, n_iter, sol.violation, sol.check, tuple(ends))
