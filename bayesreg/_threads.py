"""One BLAS thread around scipy's LAPACK calls.

numpy and scipy each ship an OpenBLAS with its own pool of threads. A scipy
factorization right after a numpy matrix product finds numpy's threads still
spinning, and the two pools fight over the cores: a 1000 x 1000 Cholesky
after forming ``X'X`` took 14-43 ms with both pools at 2 threads and 12 ms
with one thread (2-core machine; ``benchmarks/map_vs_sklearn.py``).
"""

from __future__ import annotations

from functools import cache

from threadpoolctl import ThreadpoolController

__all__ = ["one_blas_thread"]


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


def one_blas_thread():
    """Context manager: every BLAS library limited to one thread."""
    return _controller().limit(limits=1, user_api="blas")
