"""Rank statistics of simulation-based calibration and their uniformity test.

If the posterior sampler is right, the rank of the true value of a parameter
among ``M`` independent posterior draws, ``r = #{draws < true}``, is uniform on
``{0, 1, ..., M}`` (Talts, Betancourt, Simpson, Vehtari & Gelman 2018,
"Validating Bayesian inference algorithms with simulation-based calibration",
arXiv:1804.06788, Theorem 1). Markov chain draws are thinned first, so that
the ``M`` ranked draws are nearly independent (their section 5.1).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "default_bins",
    "min_ess",
    "rank_of",
    "thinning_from_ess",
    "uniformity_pvalues",
]


def rank_of(draws, true_value) -> int:
    """``#{draws < true_value}``: the rank of the true value, in ``0..len(draws)``."""
    return int(np.count_nonzero(np.asarray(draws) < true_value))


def min_ess(arrays) -> float:
    """The smallest bulk or tail ESS (ArviZ's numbers, rank-normalized;
    Vehtari et al. 2021) over ``arrays``, each of shape (chain, draw): one
    vectorized call of :func:`bayesreg.posterior.convergence.rhat_ess`."""
    from ..posterior.convergence import rhat_ess

    arrays = [np.asarray(values, dtype=float) for values in arrays]
    if not arrays:
        return math.inf
    _, bulk, tail = rhat_ess(np.stack(arrays, axis=-1))
    finite = [e for e in (*bulk, *tail) if math.isfinite(e)]
    return float(min(finite)) if finite else math.inf


def thinning_from_ess(n_total: int, ess: float, max_thin: int) -> int:
    """``ceil(n_total / ess)``, in ``[1, max_thin]``: the thinning that leaves
    about one draw per effective draw (1 when the draws are anti-correlated,
    ``ess > n_total``, as NUTS draws often are)."""
    if not math.isfinite(ess) or ess <= 0:
        return max_thin
    return int(min(max_thin, max(1, math.ceil(n_total / ess))))


def default_bins(n_sims: int, n_draws: int) -> int:
    """Bins of the chi-square test: about 10 simulations expected per bin,
    between 2 and 20 bins, and no more than the ``n_draws + 1`` rank values."""
    return int(max(2, min(20, n_sims // 10, n_draws + 1)))


def uniformity_pvalues(ranks: pd.DataFrame, n_draws: int, n_bins: int) -> pd.Series:
    """Chi-square p-value of each column of ``ranks`` against uniform ranks.

    The ``n_draws + 1`` rank values ``0..n_draws`` are cut into ``n_bins``
    consecutive bins, value ``r`` into bin ``floor(r n_bins / (n_draws + 1))``;
    under uniformity a bin holding ``c_k`` of the values expects ``n_sims c_k /
    (n_draws + 1)`` simulations. The statistic ``sum_k (O_k - E_k)^2 / E_k``
    is compared with chi-square on ``n_bins - 1`` degrees of freedom
    (scipy.stats.chisquare; Talts et al. 2018, section 4.1 bin the ranks the
    same way).
    """
    values = np.arange(n_draws + 1)
    bin_of = values * n_bins // (n_draws + 1)
    share = np.bincount(bin_of, minlength=n_bins) / (n_draws + 1)
    out = {}
    for name in ranks.columns:
        r = ranks[name].to_numpy(dtype=int)
        observed = np.bincount(r * n_bins // (n_draws + 1), minlength=n_bins)
        expected = share * len(r)
        out[name] = float(stats.chisquare(observed, expected).pvalue)
    return pd.Series(out, name="pvalue", dtype=float)
