"""One BLAS thread around scipy's LAPACK calls.

numpy and scipy each ship an OpenBLAS with its own pool of threads. A scipy
factorization right after a numpy matrix product finds numpy's threads still
spinning, and the two pools fight over the cores: a 1000 x 1000 Cholesky
after forming ``X'X`` took 14-43 ms with both pools at 2 threads and 12 ms
with one thread (2-core machine; ``benchmarks/map_vs_sklearn.py``).

Setting the limit costs about 0.25 ms (threadpoolctl visits every library),
so a limit inside another is free: the proximal Newton solver holds one
around its whole loop and its inner Cholesky solves do not set it again.
"""

from __future__ import annotations

import contextlib
import threading
from functools import cache

from threadpoolctl import ThreadpoolController

__all__ = ["one_blas_thread"]

_state = threading.local()  # per thread: inside a limit already?


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


@contextlib.contextmanager
def one_blas_thread():
    """Context manager: every BLAS library limited to one thread (nested
    uses cost nothing)."""
    if getattr(_state, "inside", False):
        yield
        return
    with _controller().limit(limits=1, user_api="blas"):
        _state.inside = True
        try:
            yield
        finally:
            _state.inside = False
