"""Rank-normalized split R-hat and bulk / tail ESS, vectorized over all scalars.

ArviZ's :func:`arviz.rhat` and :func:`arviz.ess` loop in Python over every
scalar of a variable (about 1.5 ms each); the functions here compute the same
numbers for all columns of a ``(chain, draw, ...)`` array at once. They
reproduce ArviZ 0.23's ``_rhat_rank``, ``_ess_bulk`` and ``_ess_tail`` step by
step, its edge cases included: NaN for a column with a NaN, fewer than 4 draws
(or, for R-hat, fewer than 2 chains); ``chain * 2 * (draw // 2)`` as the ESS of
a column that is constant after the transformation; the variance as
``sum(x^2)/n - (sum(x)/n)^2`` (ArviZ's numba kernel); ``max``/``min`` of two
values keeping the first operand when the other one is NaN.

References
----------
Vehtari, A., Gelman, A., Simpson, D., Carpenter, B. and Bürkner, P.-C. (2021).
Rank-normalization, folding, and localization: an improved R-hat for assessing
convergence of MCMC. Bayesian Analysis 16(2), 667-718.

Geyer, C. J. (1992). Practical Markov chain Monte Carlo. Statistical Science
7(4), 473-483.
"""

from __future__ import annotations

import numpy as np
from scipy.fft import next_fast_len
from scipy.special import ndtri

__all__ = ["ess_bulk", "ess_tail", "rhat", "rhat_ess"]

_BLOM = 3 / 8
# Draws per block of columns computed together: temporaries of a few MB, which
# stay in cache and in the allocator's pool (all 1000 columns of a (4, 1000,
# 1000) array in one block: 0.8-5 s instead of 0.6 s, page faults on fresh
# 64 MB arrays).
_BLOCK = 1 << 17


def rhat(x) -> np.ndarray:
    """Rank-normalized split R-hat of every scalar of ``x``, as ArviZ computes it.

    Each chain is split in two halves (the middle draw of an odd count is
    dropped), the draws of all half chains are rank-normalized together
    (average ranks ``r`` of ``S`` values, ``z = Phi^{-1}((r - 3/8) / (S + 1/4))``)
    and the classic R-hat of ``z`` is ``sqrt((B / W + n - 1) / n)``, with ``n``
    draws per half chain, ``W`` the mean within-chain variance and ``B / n``
    the variance of the chain means. The result is the larger of that bulk
    R-hat and the same for the folded draws ``|x - median(x)|`` (Vehtari et
    al. 2021, eq. 4-5). Reproduces :func:`arviz.rhat` (``method="rank"``).

    Parameters
    ----------
    x : array_like of shape (chain, draw, ...)
        Draws; at least 2 chains and 4 draws for a finite result.

    Returns
    -------
    numpy.ndarray of shape ``x.shape[2:]``
        R-hat; NaN where a column has a NaN, for fewer than 2 chains or 4 draws,
        and where the rank-normalized draws are constant (ArviZ's 0 / 0).
    """
    cols, shape, valid = _columns(x, "rhat", min_chains=2)
    out = np.full(cols.shape[0], np.nan)
    if valid.any():
        out[valid] = _by_block(_rhat_block, cols[valid])
    return out.reshape(shape)


def ess_bulk(x) -> np.ndarray:
    """Bulk effective sample size of every scalar of ``x``, as ArviZ computes it.

    The ESS (:func:`_ess`) of the rank-normalized split chains (see
    :func:`rhat`), Vehtari et al. (2021), section 3.2. Reproduces
    :func:`arviz.ess` with ``method="bulk"``.

    Parameters
    ----------
    x : array_like of shape (chain, draw, ...)
        Draws; at least 4 draws for a finite result.

    Returns
    -------
    numpy.ndarray of shape ``x.shape[2:]``
        Bulk ESS; NaN where a column has a NaN or for fewer than 4 draws.
    """
    cols, shape, valid = _columns(x, "ess_bulk", min_chains=1)
    out = np.full(cols.shape[0], np.nan)
    if valid.any():
        out[valid] = _by_block(_ess_bulk_block, cols[valid])
    return out.reshape(shape)


def ess_tail(x, prob=(0.05, 0.95)) -> np.ndarray:
    """Tail effective sample size of every scalar of ``x``, as ArviZ computes it.

    The smaller ESS (:func:`_ess`) of the split-chain indicators
    ``I(x <= q_0.05)`` and ``I(x <= q_0.95)``, with the quantiles of all draws
    of a column by R's type-7 rule (``scipy.stats.mstats.mquantiles`` with
    ``alphap = betap = 1``), Vehtari et al. (2021), section 4.3. Reproduces
    :func:`arviz.ess` with ``method="tail"``.

    Parameters
    ----------
    x : array_like of shape (chain, draw, ...)
        Draws; at least 4 draws for a finite result.
    prob : tuple of two floats, default (0.05, 0.95)
        The two quantile levels.

    Returns
    -------
    numpy.ndarray of shape ``x.shape[2:]``
        Tail ESS; NaN where a column has a NaN or for fewer than 4 draws.
    """
    cols, shape, valid = _columns(x, "ess_tail", min_chains=1)
    out = np.full(cols.shape[0], np.nan)
    if valid.any():
        out[valid] = _by_block(_ess_tail, cols[valid], prob)
    return out.reshape(shape)


def rhat_ess(x, prob=(0.05, 0.95)):
    """:func:`rhat`, :func:`ess_bulk` and :func:`ess_tail` of ``x`` in one pass.

    The same numbers as the three functions (and ArviZ), sharing the split,
    rank-normalized draws of R-hat and bulk ESS.

    Parameters
    ----------
    x : array_like of shape (chain, draw, ...)
        Draws.
    prob : tuple of two floats, default (0.05, 0.95)
        The quantile levels of the tail ESS.

    Returns
    -------
    rhat, ess_bulk, ess_tail : numpy.ndarray of shape ``x.shape[2:]`` each
        R-hat is NaN for fewer than 2 chains.
    """
    cols, shape, valid = _columns(x, "rhat_ess", min_chains=1)
    out = np.full((3, cols.shape[0]), np.nan)
    if valid.any():
        out[:, valid] = _by_block(_rhat_ess_block, cols[valid], prob)
    return tuple(o.reshape(shape) for o in out)


def _by_block(func, cols, *args):
    """``func(block, *args)`` on blocks of columns, joined along the last axis."""
    step = max(1, _BLOCK // (cols.shape[1] * cols.shape[2]))
    parts = [func(cols[i : i + step], *args) for i in range(0, len(cols), step)]
    return np.concatenate(parts, axis=-1)


def _rhat_block(cols):
    split = _split(cols)
    return _rhat_rank(split, _z_scale(split))


def _ess_bulk_block(cols):
    return _ess(_z_scale(_split(cols)))


def _rhat_ess_block(cols, prob):
    split = _split(cols)
    z = _z_scale(split)
    rhat = _rhat_rank(split, z) if cols.shape[1] >= 2 else np.full(len(cols), np.nan)
    return np.stack([rhat, _ess(z), _ess_tail(cols, prob)])


def _rhat_rank(split, z):
    """ArviZ's ``_rhat_rank`` of split draws with rank-normalized ``z``."""
    bulk = _rhat_z(z)
    tail = _rhat_z(_z_scale(_fold(split)))
    return np.where(tail > bulk, tail, bulk)  # builtin max(bulk, tail)


def _ess_tail(cols, prob):
    """ArviZ's ``_ess_tail``: the smaller ESS of the two quantile indicators."""
    flat = np.sort(cols.reshape(cols.shape[0], -1), axis=-1)
    low, high = (
        _ess(_split(cols <= _quantile_type7(flat, p)[:, None, None]).astype(float))
        for p in prob
    )
    return np.where(high < low, high, low)  # builtin min(low, high)


def _columns(x, func, min_chains):
    """``x`` as contiguous columns (scalar, chain, draw); which ArviZ accepts."""
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError(
            f"The 'x' parameter of {func} must be an array of shape "
            f"(chain, draw, ...). Got shape {x.shape} instead."
        )
    if x.dtype.kind != "f":
        x = x.astype(float)
    n_chain, n_draw = x.shape[:2]
    cols = np.ascontiguousarray(np.moveaxis(x.reshape(n_chain, n_draw, -1), 2, 0))
    valid = ~np.isnan(cols).any(axis=(1, 2))
    if n_chain < min_chains or n_draw < 4:
        valid[:] = False
    return cols, x.shape[2:], valid


def _split(cols):
    """Half chains: first halves of all chains, then second halves (ArviZ's)."""
    half = cols.shape[2] // 2
    return np.concatenate([cols[:, :, :half], cols[:, :, cols.shape[2] - half :]], 1)


def _fold(cols):
    """``|x - median(x)|`` per column, the median over all its draws."""
    med = np.median(cols.reshape(cols.shape[0], -1), axis=-1)
    return np.abs(cols - med[:, None, None])


def _average_ranks(rows):
    """``scipy.stats.rankdata(row, method="average")`` of each row (no NaN)."""
    k, n = rows.shape
    order = np.argsort(rows, axis=-1)
    flat = (order + (np.arange(k) * n)[:, None]).ravel()
    srt = rows.ravel()[flat].reshape(k, n)
    dup = np.zeros((k, n), bool)  # a sorted value equal to the one before it
    dup[:, 1:] = srt[:, 1:] == srt[:, :-1]
    avg = np.tile(np.arange(1.0, n + 1), k)
    dup = np.flatnonzero(dup)
    if dup.size:  # runs of consecutive duplicates: a tie group from lo to hi
        first = np.ones(dup.size, bool)
        first[1:] = np.diff(dup) != 1
        lo = dup[first] - 1
        hi = np.append(dup[np.flatnonzero(first)[1:] - 1], dup[-1])
        mean_rank = (lo + hi) / 2 + 1 - lo // n * n
        avg[dup] = mean_rank[np.cumsum(first) - 1]
        avg[lo] = mean_rank
    ranks = np.empty(k * n)
    ranks[flat] = avg
    return ranks.reshape(k, n)


def _z_scale(cols):
    """Rank-normalized draws: ``Phi^{-1}((r - 3/8) / (S - 3/4 + 1))`` per column.

    ``r`` are the average ranks of the ``S`` draws of a column (ties share
    their mean rank), Blom's offset 3/8 as in ArviZ's ``_z_scale``.
    """
    k, m, n = cols.shape
    ranks = _average_ranks(cols.reshape(k, m * n))
    return ndtri((ranks - _BLOM) / (m * n - 2 * _BLOM + 1)).reshape(k, m, n)


def _var(a, axis, ddof):
    """ArviZ's numba variance ``(sum(a^2)/n - (sum(a)/n)^2) * n / (n - ddof)``.

    The sums run in draw order (``cumsum``), as in its compiled loop, so that a
    constant chain gives the same tiny residual (and R-hat) as ArviZ.
    """
    n = a.shape[axis]
    total = np.take(np.cumsum(a, axis=axis), -1, axis=axis)
    squares = np.take(np.cumsum(a * a, axis=axis), -1, axis=axis)
    var = squares / n - (total / n) ** 2
    return var * (n / (n - ddof))


def _rhat_z(z):
    """Classic R-hat of each column of ``z`` (scalar, chain, draw): ArviZ's _rhat."""
    n = z.shape[2]
    between = n * _var(np.mean(z, axis=2), axis=1, ddof=1)
    within = np.mean(_var(z, axis=2, ddof=1), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt((between / within + n - 1) / n)


def _autocov(cols):
    """FFT autocovariances ``sum_t (x_t - m)(x_{t+l} - m) / n`` along the draws."""
    n = cols.shape[-1]
    centred = cols - cols.mean(axis=-1, keepdims=True)
    f = np.fft.rfft(centred, n=next_fast_len(2 * n, real=True), axis=-1)
    f *= np.conjugate(f)
    return np.fft.irfft(f, n=next_fast_len(2 * n, real=True), axis=-1)[..., :n] / n


def _ess(cols):
    """Effective sample size of each column (scalar, chain, draw): ArviZ's ``_ess``.

    With ``W`` the mean over chains of the lag-0 autocovariance times
    ``n / (n - 1)``, ``var+ = W (n - 1) / n + var(chain means)`` and
    ``rho_t = 1 - (W - mean_c acov_c(t)) / var+`` (Vehtari et al. 2021, eq.
    10), the sum of ``rho`` is cut by Geyer's (1992) initial positive sequence
    (pairs ``rho_2j + rho_2j+1`` up to the first one not > 0, the last even
    term kept if positive) made monotone (each pair sum at most the previous
    one); ``tau = -1 + 2 sum rho``, at least ``1 / log10(M N)``; ESS ``M N /
    tau`` for ``M`` chains of ``N`` draws, and ``M N`` for a constant column.
    """
    k, m, n = cols.shape
    size = m * n
    span = cols.max(axis=(1, 2)) - cols.min(axis=(1, 2))
    const = span < np.finfo(float).resolution
    acov = _autocov(cols)
    mean_var = np.mean(acov[:, :, 0], axis=1) * n / (n - 1.0)
    var_plus = mean_var * (n - 1.0) / n
    if m > 1:
        var_plus = var_plus + _var(cols.mean(axis=2), axis=1, ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = 1.0 - (mean_var[:, None] - np.mean(acov, axis=1)) / var_plus[:, None]
    # Pairs j = 0..n_pairs-1 ArviZ's loop can reach: (1, rho_1), (rho_2, rho_3), ...
    n_pairs = max((n - 3) // 2, 0) + 1
    pairs = rho[:, : 2 * n_pairs].reshape(k, n_pairs, 2).copy()
    pairs[:, 0, 0] = 1.0
    psum = pairs.sum(axis=2)
    stop = ~(psum > 0)  # NaN stops the loop too
    last = np.where(stop.any(axis=1), stop.argmax(axis=1), n_pairs - 1)
    rows = np.arange(k)
    even_last = pairs[rows, last, 0]
    kept = (last == 0) | (psum[rows, last] >= 0) | (even_last > 0)
    extra = np.where(kept, even_last, 0.0)
    # Monotone: a pair sum above the smallest earlier one becomes that one (halves).
    prev_min = np.minimum.accumulate(psum, axis=1)
    lower = np.zeros((k, n_pairs), bool)
    lower[:, 1:] = psum[:, 1:] > prev_min[:, :-1]
    half = np.empty_like(psum)
    half[:, 0] = psum[:, 0] / 2.0
    half[:, 1:] = prev_min[:, :-1] / 2.0
    pairs = np.where(lower[:, :, None], half[:, :, None], pairs)
    inside = np.arange(n_pairs)[None, :] < last[:, None]
    total = np.sum(np.where(inside[:, :, None], pairs, 0.0).reshape(k, -1), axis=1)
    tau = -1.0 + 2.0 * total + extra
    floor = 1 / np.log10(size)
    tau = np.where(floor > tau, floor, tau)  # builtin max(tau, floor)
    ess = size / tau
    ess[np.isnan(rho[:, 1])] = np.nan
    ess[const] = size
    return ess


def _quantile_type7(sorted_rows, prob):
    """``mquantiles(row, prob, alphap=1, betap=1)`` of each sorted row."""
    n = sorted_rows.shape[1]
    p = np.atleast_1d(np.asarray(prob, dtype=float))
    aleph = n * p + (1 + p * (1.0 - 1 - 1))
    j = np.floor(aleph.clip(1, n - 1)).astype(int)
    gamma = (aleph - j).clip(0, 1)
    return ((1.0 - gamma) * sorted_rows[:, j - 1] + gamma * sorted_rows[:, j])[:, 0]
