"""Penalties with an L1 part: the exact active-set method of :mod:`._l1qp`.

Features enter largest KKT violation first (several at once when that
moves: :mod:`._l1qp`), and the sign-restricted system
``(X_A'X_A + l2 I) w_A = X_A'y - l1 s_A`` is solved exactly on the active set
``A`` through an updated Cholesky factor; a coefficient whose sign would
flip is stopped at zero and leaves. The objective never increases and the
zeros are exact. Only the columns ``X'X_j`` of features that enter are
formed, so with ``p > n`` the cost follows the support, not ``p^2``. The
result is ``converged`` only when the KKT conditions hold on every feature.
"""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np

from ..._threads import one_blas_thread
from ..result import kkt_violation
from ._l1qp import Design, minimize_l1_qp
from .base import Solution, Solver

__all__ = ["ActiveSetSolver", "finish"]


class ActiveSetSolver(Solver):
    name = "active_set"
    requires = ("penalty",)
    likelihood_requires = ("quadratic",)
    exact = True

    def solve(self, problem):
        w0 = problem.coef_init
        return finish(problem, np.zeros(problem.lik.n_features) if w0 is None else w0)


def finish(problem, w0, n_before=0) -> Solution:
    """The active-set method from ``w0`` (its non-zeros and their signs form
    the first active set): exact, also as the end of an approximate method."""
    lik, pen = problem.lik, problem.penalty
    columns = problem.columns  # a path's shared cache of Gram columns
    if columns is None and not lik.has_gram and lik.n < lik.n_features:
        # one fit with p > n: X itself, never p-long columns of X'X (100x1000
        # at 1% of the all-zero penalty, then 76 one-at-a-time entries: 5.7 ->
        # 3.4 ms; with n >= p the columns are as fast)
        columns = Design(lik.X)
    elif columns is None:
        columns = lik.gram_columns
    with _threads_for(lik):
        w, _, steps = minimize_l1_qp(
            columns,
            lik.xty,
            pen.l1,
            pen.l2,
            w0,
            problem.tol * problem.scale,
            problem.max_iter,
        )
        violation = kkt_violation(lik, w, pen)
    return Solution(w, n_before + steps, violation, "kkt")


# One BLAS thread for a design (or X'X) of this many entries or more, and
# fewer than _ONE_THREAD_MAX: each step is a few products over it, too small
# for threads to pay, and on the busy 2-core machine a multithreaded product
# waits for a preempted thread (solver alone under load, 100x1000 at 1% of the
# all-zero penalty: median 4.6 -> 3.7 ms; 1000x100: 19 -> 1.2 ms). Below, no
# product is large enough for OpenBLAS to use threads and the limit (~20-25 us)
# is pure cost.
_ONE_THREAD_MIN, _ONE_THREAD_MAX = 2**13, 2**20


def _threads_for(lik):
    """:func:`one_blas_thread` for a design of the sizes above, else nothing."""
    X = getattr(lik, "X", None)
    size = X.size if X is not None else lik.n_features**2
    if _ONE_THREAD_MIN <= size < _ONE_THREAD_MAX:
        return one_blas_thread()
    return nullcontext()
