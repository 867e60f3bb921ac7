"""The ECDF-difference plot of SBC ranks with simultaneous confidence bands.

Säilynoja, Bürkner & Vehtari (2022), "Graphical test for discrete uniformity
and its applications in goodness-of-fit evaluation and multiple sample
comparison", Statistics and Computing 32:32. For ``N`` simulations with ranks
``r_i`` in ``0..M``, the ECDF at ``z_k = k / (M + 1)`` is ``F(z_k) = #{r_i <
k} / N``; with uniform ranks ``F(z_k)`` has exactly the law of the ECDF of
``N`` continuous uniforms at ``z_k`` (``r < k`` iff ``U < z_k`` for ``r =
floor((M + 1) U)``), so their simultaneous band applies as it is. The band
is ArviZ's (:func:`arviz.stats.ecdf_utils.ecdf_confidence_band`, the
"optimized" method of the paper's section 3.2). The panels show ``F(z) -
z``.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["ecdf_difference", "parameter_groups", "plot_sbc", "sbc_band"]

#: Most evaluation points of the ECDF (fewer when there are fewer rank values).
N_POINTS = 100


def parameter_groups(columns) -> dict:
    """``{group: [columns]}``: ``coef[0]``, ``coef[1]``, ... form ``coef``;
    every other parameter (``intercept``, ``sigma``, ``coef_lam2``) its own."""
    groups: dict = {}
    for name in columns:
        groups.setdefault(re.sub(r"\[\d+\]$", "", name), []).append(name)
    return groups


def _grid(n_draws):
    """Integer rank cuts ``k`` in ``1..M`` and ``z_k = k / (M + 1)``."""
    k = np.unique(np.linspace(1, n_draws, min(N_POINTS, n_draws)).round().astype(int))
    return k, k / (n_draws + 1)


def ecdf_difference(ranks, n_draws):
    """``(z, F(z) - z)`` for one parameter's ranks (module docstring)."""
    k, z = _grid(n_draws)
    r = np.sort(np.asarray(ranks))
    ecdf = np.searchsorted(r, k, side="left") / len(r)
    return z, ecdf - z


def sbc_band(n_sims, n_draws, prob=0.95):
    """``(z, lower - z, upper - z)``: the simultaneous ``prob`` band of the
    ECDF difference of ``n_sims`` uniform ranks."""
    from arviz.stats.ecdf_utils import ecdf_confidence_band

    _, z = _grid(n_draws)
    lower, upper = ecdf_confidence_band(n_sims, z, z, prob=prob, method="optimized")
    return z, lower - z, upper - z


def plot_sbc(result, prob=0.95, axes=None):
    """One panel per parameter group: the ECDF difference of each
    parameter's ranks (one line each) inside the simultaneous ``prob`` band
    of uniform ranks. Returns the figure."""
    import matplotlib.pyplot as plt

    groups = parameter_groups(result.ranks.columns)
    if axes is None:
        ncols = min(3, len(groups))
        nrows = -(-len(groups) // ncols)
        fig, axes = plt.subplots(
            nrows, ncols, figsize=(4.2 * ncols, 3.2 * nrows), squeeze=False
        )
        axes = axes.ravel()
    else:
        axes = np.ravel(axes)
        fig = axes[0].figure
    z, lo, hi = sbc_band(len(result.ranks), result.n_draws, prob)
    for ax, (group, names) in zip(axes, groups.items(), strict=False):
        ax.fill_between(z, lo, hi, color="0.85", step="post", label=f"{prob:.0%} band")
        for name in names:
            x, d = ecdf_difference(result.ranks[name], result.n_draws)
            p = result.pvalues[name]
            ax.step(x, d, where="post", lw=1.2, label=f"{name} (p={p:.2g})")
        ax.axhline(0.0, color="0.4", lw=0.6)
        ax.set_title(group)
        ax.set_xlabel("fractional rank")
        ax.set_ylabel("ECDF - uniform")
        ax.legend(fontsize=7, loc="best")
    for ax in axes[len(groups) :]:
        ax.set_visible(False)
    verdict = "pass" if result.ok else "FAIL"
    s = result.settings
    fig.suptitle(
        f"SBC {verdict}: {s.get('sampler')}, {s.get('prior')}, "
        f"{len(result.ranks)} simulations",
        fontsize=9,
    )
    fig.tight_layout()
    return fig
