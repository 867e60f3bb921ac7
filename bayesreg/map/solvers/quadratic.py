"""Quadratic objectives (flat and Gaussian priors): one exact Newton step.

With ``l1 = 0`` the objective ``1/2 ||y - Xw||^2 + l2/2 ||w||^2`` is
quadratic, so one Newton step with the analytic Hessian ``X'X + l2 I``
(Cholesky, scipy.linalg) is exact; one step of iterative refinement follows
if the KKT check asks for it. With ``p > n`` the same step is taken in the
n x n dual, ``w = X'(XX' + l2 I)^-1 y``, and the flat prior (``l2 = 0``)
gives the minimum-norm least-squares solution.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg

from ..._threads import one_blas_thread
from ..result import kkt_violation
from .base import Solution, Solver

__all__ = ["QuadraticSolver", "ridge"]


class QuadraticSolver(Solver):
    name = "quadratic"
    requires = ("penalty",)
    likelihood_requires = ("quadratic",)
    exact = True

    def condition(self, prior, sigma):
        l1 = prior.penalty(sigma).l1
        if l1 == 0:
            return None
        return f"a penalty with l1 == 0; {prior!r} has l1 = {l1:g}"

    def solve(self, problem):
        lik, pen = problem.lik, problem.penalty
        w = _newton(lik, pen.l2)
        n_iter, viol = 1, kkt_violation(lik, w, pen)
        if viol > problem.tol and pen.l2 > 0:  # one step of iterative refinement
            w = w + _newton_correction(lik, w, pen.l2)
            n_iter, viol = 2, kkt_violation(lik, w, pen)
        return Solution(w, n_iter, viol, "kkt")


def ridge(lik, l2) -> np.ndarray:
    """The exact minimizer of ``1/2 ||y - Xw||^2 + l2/2 ||w||^2`` (min-norm
    for ``l2 = 0``): a start for the non-convex priors."""
    return _newton(lik, l2)


def spd_solve(H, b):
    """Solve ``H x = b`` for symmetric PSD ``H``: Cholesky, else min-norm lstsq."""
    with one_blas_thread():
        try:
            return linalg.cho_solve(
                linalg.cho_factor(H, check_finite=False), b, check_finite=False
            )
        except linalg.LinAlgError:
            return linalg.lstsq(
                H, b, cond=None, check_finite=False, lapack_driver="gelsd"
            )[0]


def primal_hessian(lik, l2):
    """``X'X + l2 I`` where it is the smaller system (gram form or ``n >= p``),
    else None (then the n x n dual is used)."""
    if lik.has_gram:
        G = lik.xtx
    elif lik.n >= lik.n_features:
        G = lik.X.T @ lik.X
    else:
        return None
    return G + l2 * np.eye(lik.n_features)


def _dual_kernel(lik, l2):
    """``XX' + l2 I`` (n x n), for the design form with ``p > n``."""
    K = lik.X @ lik.X.T
    K[np.diag_indices_from(K)] += l2
    return K


def _newton(lik, l2):
    if l2 > 0:
        H = primal_hessian(lik, l2)
        if H is not None:
            return spd_solve(H, lik.xty)
        return lik.X.T @ spd_solve(_dual_kernel(lik, l2), lik.y)
    if lik.has_gram:
        # flat prior: minimum-norm solution via the eigen-decomposition of X'X
        evals, evecs = linalg.eigh(lik.xtx, check_finite=False)
        cut = evals.max(initial=0.0) * lik.n_features * np.finfo(float).eps
        inv = np.where(evals > cut, 1.0 / np.where(evals > cut, evals, 1.0), 0.0)
        return evecs @ (inv * (evecs.T @ lik.xty))
    # numpy's rcond: centring leaves a singular value at rounding level
    cond = max(lik.X.shape) * np.finfo(float).eps
    return linalg.lstsq(
        lik.X, lik.y, cond=cond, check_finite=False, lapack_driver="gelsd"
    )[0]


def _newton_correction(lik, w, l2):
    r = lik.correlation(w) - l2 * w
    H = primal_hessian(lik, l2)
    if H is not None:
        return spd_solve(H, r)
    # (X'X + l2 I)^-1 r = (r - X'(XX' + l2 I)^-1 X r) / l2
    return (r - lik.X.T @ spd_solve(_dual_kernel(lik, l2), lik.X @ r)) / l2
