"""The Gibbs sampler's Gaussian blocks, vectorized over chains.

Every function takes per-chain arrays (leading axis ``chains``) and a numpy
``Generator``. With ``A = X'X + diag(prec)`` (``prec`` the prior precision of
the weights in units of ``1/sigma^2``), the coefficient block is

    w | sigma, prior ~ N(A^-1 X'y, sigma^2 A^-1),

drawn by :func:`rue_draw` from ``X'X`` (cost O(p^3) per draw, whatever ``n``)
or by :func:`bhattacharya_draw` from the (centred) rows (O(n^2 p), for
``p > n``).

References
----------
Rue, H. (2001). Fast sampling of Gaussian Markov random fields. JRSS-B
63:325-338.
Bhattacharya, A., Chakraborty, A. and Mallick, B. K. (2016). Fast sampling
with Gaussian scale mixture priors in high-dimensional regression.
Biometrika 103:985-991.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import lapack

__all__ = ["bhattacharya_draw", "inverse_gamma_draw", "rue_draw"]


def rue_draw(xtx, xty, prec, sigma, rng) -> np.ndarray:
    """Draw ``w ~ N(A^-1 X'y, sigma^2 A^-1)``, ``A = X'X + diag(prec)``.

    Rue (2001), algorithm 2: ``A = L L'``; ``L v = X'y``, ``L' m = v``
    (the mean), ``L' u = z`` with ``z ~ N(0, I)`` (``cov(u) = A^-1``);
    ``w = m + sigma u``, here one back substitution ``L' w = v + sigma z``.
    One LAPACK ``potrf`` and two ``trtrs`` per chain (a loop over chains:
    scipy's batched ``solve_triangular`` loops in Python and was 2x slower).

    Parameters
    ----------
    xtx : (p, p), xty : (p,)
    prec : (chains, p)
        Prior precisions in units of ``1/sigma^2``.
    sigma : (chains,)
    rng : numpy.random.Generator

    Raises
    ------
    numpy.linalg.LinAlgError
        If ``A`` is not positive definite.
    """
    chains, p = prec.shape
    z = rng.standard_normal((chains, p))
    idx = np.arange(p)
    out = np.empty((chains, p))
    for c in range(chains):
        A = np.array(xtx, dtype=float, order="F")
        A[idx, idx] += prec[c]
        L, info = lapack.dpotrf(A, lower=1, overwrite_a=1)
        if info != 0:
            raise np.linalg.LinAlgError("X'X + diag(prec) is not positive definite")
        v, _ = lapack.dtrtrs(L, xty, lower=1)
        out[c], _ = lapack.dtrtrs(L, v + sigma[c] * z[c], lower=1, trans=1)
    return out


def bhattacharya_draw(X, y, var, sigma, rng) -> np.ndarray:
    """The same draw as :func:`rue_draw` from the rows ``X`` (n, p), ``y``.

    ``var`` (chains, p) are the prior variances in absolute units (``D``,
    ``prec = sigma^2 / D``). Bhattacharya et al. (2016), with ``Phi = X /
    sigma``, ``alpha = y / sigma``: ``u ~ N(0, D)``, ``delta ~ N(0, I_n)``,
    ``v = Phi u + delta``, solve ``(Phi D Phi' + I_n) r = alpha - v``,
    ``w = u + D Phi' r``. One ``n x n`` solve: O(n^2 p) per draw.
    """
    chains, p = var.shape
    n = X.shape[0]
    s = sigma[:, None, None]
    Phi = X[None] / s  # (chains, n, p)
    u = np.sqrt(var) * rng.standard_normal((chains, p))
    delta = rng.standard_normal((chains, n))
    v = np.einsum("cnp,cp->cn", Phi, u) + delta
    M = np.einsum("cnp,cp,cmp->cnm", Phi, var, Phi)
    idx = np.arange(n)
    M[:, idx, idx] += 1.0
    rhs = y[None] / sigma[:, None] - v
    r = np.linalg.solve(M, rhs[..., None])[..., 0]
    return u + var * np.einsum("cnp,cn->cp", Phi, r)


def inverse_gamma_draw(shape, rate, rng) -> np.ndarray:
    """Draw ``x ~ InvGamma(shape, rate)`` (density ``prop. x^-(shape+1)
    exp(-rate / x)``), as ``rate / Gamma(shape, 1)``, per chain."""
    rate = np.asarray(rate)
    return rate / rng.gamma(shape, size=rate.shape)
