"""The Gibbs sampler's Gaussian coefficient block, all chains per call.

With ``A = X'X + diag(prec)`` (``prec`` the prior precision of the weights
in units of ``1/sigma^2``) the coefficient block is

    w | sigma, prior ~ N(A^-1 X'y, sigma^2 A^-1),

and, when the prior scales with sigma (``prec`` free of sigma), ``w``
integrates out of the Gaussian part of sigma^2's conditional:

    p(y | sigma^2, prec) prop. sigma^-m exp(-(y'y - X'y' A^-1 X'y) / (2 sigma^2)),

so ``(w, sigma^2)`` can be drawn as one block: sigma^2 from that marginal,
then ``w`` given it. Both need the same factorization, so a block is split
in two calls, ``factor`` (returns the quadratic form ``y'y - X'y' A^-1
X'y`` per chain) and ``finish`` (the draw, for the sigmas and standard
normals given: the engine draws the normals, a block of sweeps at a time,
so a draw is a deterministic function of its inputs):

* :class:`RueBlock` from ``X'X`` (Rue 2001), O(p^3) per chain whatever ``n``;
* :class:`RowsBlock` from the centred rows when ``p > n`` (Bhattacharya,
  Chakraborty & Mallick 2016), O(n^2 p).

The Python cost of a sweep is the number of LAPACK calls: numpy's batched
``cholesky``/``solve``/``inv`` gufuncs were slower than a loop of LAPACK
calls at every ``p`` measured with 4 chains (2-core machine, noisy, one BLAS
thread; p = 10: 51-72 vs 28 us, p = 50: 325-450 vs 52 us, p = 100: 1.8 vs
0.14 ms), and one banded factorization of the block-diagonal matrix of all
chains beat both for small ``p`` (see :class:`RueBlock`).

References
----------
Rue, H. (2001). Fast sampling of Gaussian Markov random fields. JRSS-B
63:325-338.
Bhattacharya, A., Chakraborty, A. and Mallick, B. K. (2016). Fast sampling
with Gaussian scale mixture priors in high-dimensional regression.
Biometrika 103:985-991.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy.linalg import lapack

__all__ = ["RowsBlock", "RueBlock"]

#: Per-chain LAPACK calls run on two threads (one chain each at a time)
#: from this much work per call (``p`` for Rue's block, ``n`` for
#: Bhattacharya's): scipy's LAPACK wrappers release the GIL, so chains
#: factor in parallel (``potrf`` at p = 200, two chains x 200 calls:
#: 0.072 s on two threads vs 0.125 s in turn, one BLAS thread each).
PARALLEL_MIN_SIZE = 64
_POOL: list = []
_CORES = os.cpu_count() or 1

_POSV, _POTRF, _POTRS = lapack.dposv, lapack.dpotrf, lapack.dpotrs
_PBSV, _TBTRS, _TRTRS = lapack.dpbsv, lapack.dtbtrs, lapack.dtrtrs


def _not_pd():
    return np.linalg.LinAlgError("X'X + diag(prec) is not positive definite")


def _each_chain(fn, chains, size):
    """``[fn(c) for c in range(chains)]``, on two threads when ``size >=
    PARALLEL_MIN_SIZE``, there are several chains and cores; the results do
    not depend on the threads (each call touches only its chain's arrays)."""
    if size < PARALLEL_MIN_SIZE or chains < 2 or _CORES < 2:
        return [fn(c) for c in range(chains)]
    if not _POOL:
        _POOL.append(ThreadPoolExecutor(2, thread_name_prefix="bayesreg-gibbs"))
    return list(_POOL[0].map(fn, range(chains)))


class RueBlock:
    """The coefficient block from ``X'X`` (Rue 2001), all chains per call.

    :meth:`factor` factors ``A_c = X'X + diag(prec_c) = L_c L_c'`` and solves
    for the means ``mu_c = A_c^-1 X'y``; :meth:`finish` returns ``w_c = mu_c
    + sigma_c L_c'^-1 z_c ~ N(A_c^-1 X'y, sigma_c^2 A_c^-1)`` (Rue 2001,
    algorithm 2: ``L' u = z`` gives ``u ~ N(0, A^-1)`` for ``z ~ N(0, I)``).

    Two layouts, chosen by ``p``: for ``p <= BANDED_MAX_P`` the chains' ``A_c``
    are the blocks of one block-diagonal matrix held in LAPACK's band
    storage (bandwidth ``p - 1``), so a sweep is one ``pbsv`` and one
    ``tbtrs`` whatever the number of chains (the band template of ``X'X`` is
    built once; a sweep adds ``prec`` to its first row, the diagonal); above,
    one ``posv`` and one ``trtrs`` per chain on views of one preallocated
    array. Measured per sweep, 4 chains, one BLAS thread, CPU time on the
    busy 2-core machine: p = 10: 6.9 vs 14.4 us, p = 20: 13 vs 19, p = 30:
    26 vs 24, p = 100: 217 vs 123.

    Parameters
    ----------
    xtx : (p, p), xty : (p,), yty : float
        The (centred) sufficient statistics.
    chains : int
    banded : bool, optional
        Force a layout (default: by ``p``).
    """

    BANDED_MAX_P = 24

    def __init__(self, xtx, xty, yty, chains, banded=None):
        self.xtx, self.xty, self.yty = xtx, xty, float(yty)
        p = len(xty)
        self.chains, self.width = chains, p
        self.banded = p <= self.BANDED_MAX_P if banded is None else bool(banded)
        if self.banded:
            rows = np.arange(p)[:, None] - np.arange(p)  # i - j
            i, j = np.nonzero(rows >= 0)
            band = np.zeros((p, p))
            band[i - j, j] = xtx[i, j]  # lower band storage: ab[i - j, j] = A[i, j]
            self.template = np.asfortranarray(np.tile(band, chains))
            self.work = np.empty_like(self.template, order="F")
            self.b = np.tile(xty, chains)
        else:
            self.work = np.empty((chains, p, p))

    def factor(self, prec) -> np.ndarray:
        """Factor for prior precisions ``prec`` (chains, p) in units of
        ``1/sigma^2``; return ``y'y - X'y' A_c^-1 X'y`` per chain.

        Raises ``numpy.linalg.LinAlgError`` if an ``A_c`` is not positive
        definite.
        """
        chains, p = self.chains, self.width
        if self.banded:
            ab = self.work
            ab[:] = self.template
            ab[0] += prec.reshape(-1)
            self.factors, mu, info = _PBSV(ab, self.b, lower=1, overwrite_ab=1)
            self.mu = mu.reshape(chains, p)
        else:
            out = self.work
            out[:] = self.xtx
            out.reshape(chains, p * p)[:, :: p + 1] += prec
            self.factors, self.mu = out, np.empty((chains, p))

            def one(c):
                # Fortran-ordered view of a symmetric matrix: posv works in place
                _, self.mu[c], info = _POSV(out[c].T, self.xty, lower=1, overwrite_a=1)
                return info

            info = max(_each_chain(one, chains, p), key=abs)
        if info != 0:
            raise _not_pd()
        return self.yty - self.mu @ self.xty

    def finish(self, sigma, z) -> np.ndarray:
        """``w = mu + sigma L'^-1 z`` per chain; ``z`` (chains, p) standard
        normals, ``sigma`` (chains,)."""
        if self.banded:
            u, _ = _TBTRS(self.factors, z.reshape(-1), uplo="L", trans="T")
            u = u.reshape(z.shape)
        else:
            u = np.empty_like(z)

            def one(c):
                u[c], _ = _TRTRS(self.factors[c].T, z[c], lower=1, trans=1)

            _each_chain(one, len(z), self.width)
        return self.mu + sigma[:, None] * u

    def rss(self, w) -> np.ndarray:
        """``||y - X w_c||^2`` per chain, from the statistics."""
        return self.yty - 2.0 * (w @ self.xty) + ((w @ self.xtx) * w).sum(axis=1)


class RowsBlock:
    """The coefficient block from the centred rows ``X`` (n, p), ``y``, for
    ``p > n`` (Bhattacharya et al. 2016), all chains per call.

    :meth:`factor` takes the prior variances ``dvar`` (chains, p) in units
    of ``sigma^2`` (``1 / prec``) and factors ``M_c = I_n + X diag(dvar_c)
    X' = L_c L_c'``: the ``M_c`` are formed by one batched product (O(n^2 p)
    per chain), factored by one LAPACK ``potrf`` per chain. ``y' M_c^-1 y =
    ||L_c^-1 y||^2 = y'y - X'y' A_c^-1 X'y`` (Woodbury), ``A_c = X'X +
    diag(1 / dvar_c)``: the same quadratic form as :class:`RueBlock`'s.

    :meth:`finish`, with ``D = diag(dvar_c)`` and normals ``z = [z1 (p), z2
    (n)]``: ``u = sigma sqrt(D) z1 ~ N(0, sigma^2 D)``, ``delta = sigma z2``,
    ``M r = y - X u - delta`` (``potrs``), ``w = u + D X' r``; then ``w ~
    N(A^-1 X'y, sigma^2 A^-1)`` (their algorithm with ``Phi = X / sigma``,
    ``alpha = y / sigma``, prior covariance ``sigma^2 D``).
    """

    def __init__(self, X, y, chains):
        self.X, self.y = X, y
        n, p = X.shape
        self.width = n + p
        self.work = np.empty((chains, n, n))

    def factor(self, dvar) -> np.ndarray:
        """Factor for ``dvar`` (chains, p); return ``y' M_c^-1 y`` per chain."""
        self.dvar = dvar
        chains, n = len(dvar), self.X.shape[0]
        Xs = self.X[None] * np.sqrt(dvar)[:, None, :]
        M = np.matmul(Xs, Xs.transpose(0, 2, 1), out=self.work)
        M.reshape(chains, n * n)[:, :: n + 1] += 1.0
        q = np.empty((chains, n))

        def one(c):
            L = M[c].T
            _, info = _POTRF(L, lower=1, overwrite_a=1, clean=0)
            if info == 0:
                q[c], _ = _TRTRS(L, self.y, lower=1)
            return info

        if any(_each_chain(one, chains, n)):
            raise _not_pd()
        return (q * q).sum(axis=1)

    def finish(self, sigma, z) -> np.ndarray:
        """The draw for ``sigma`` (chains,) and normals ``z`` (chains, p + n)."""
        X, dvar, p = self.X, self.dvar, self.X.shape[1]
        s = sigma[:, None]
        u = s * np.sqrt(dvar) * z[:, :p]
        rhs = self.y - u @ X.T - s * z[:, p:]
        r = np.empty_like(rhs)

        def one(c):
            r[c], _ = _POTRS(self.work[c].T, rhs[c], lower=1)

        _each_chain(one, len(rhs), self.X.shape[0])
        return u + dvar * (r @ X)

    def rss(self, w) -> np.ndarray:
        """``||y - X w_c||^2`` per chain."""
        r = self.y - w @ self.X.T
        return (r * r).sum(axis=1)
