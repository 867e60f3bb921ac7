"""The result of :func:`bayesreg.calibration.sbc`."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["SBCResult"]


@dataclass(frozen=True)
class SBCResult:
    """Ranks, their uniformity test and the verdict of one SBC run.

    Attributes
    ----------
    ranks : pandas.DataFrame
        One row per simulation, one column per parameter (``coef[0]``, ...,
        ``intercept``, ``sigma``, hyperparameters such as ``coef_lam2``): the
        number of the ``n_draws`` ranked posterior draws below the true value,
        in ``0..n_draws``.
    truth : pandas.DataFrame
        The true (prior-drawn) values, same shape and columns.
    pvalues : pandas.Series
        Chi-square p-value of each parameter's ranks against uniform
        (:func:`~bayesreg.calibration.ranks.uniformity_pvalues`).
    n_draws : int
        Posterior draws ranked per simulation, after thinning.
    thin : int
        Every ``thin``-th draw of each chain was ranked.
    n_bins : int
        Bins of the chi-square test.
    alpha : float
        Family-wise level: ``ok`` when every p-value is at least
        ``alpha / n_parameters`` (Bonferroni).
    ess : pandas.Series
        Per simulation, the smallest bulk/tail ESS of the ranked draws over
        the parameters (NaN for independent draws).
    n_warned : int
        Simulations whose sampler warned (divergences, R-hat, low ESS).
    settings : dict
        The model and run: prior, sigma, sampler, n, p, n_sims, seed, ...
    """

    ranks: pd.DataFrame
    truth: pd.DataFrame
    pvalues: pd.Series
    n_draws: int
    thin: int
    n_bins: int
    alpha: float
    ess: pd.Series
    n_warned: int
    settings: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Every parameter passes at ``alpha`` after Bonferroni."""
        return bool((self.pvalues >= self.alpha / len(self.pvalues)).all())

    @property
    def min_pvalue(self) -> float:
        return float(self.pvalues.min())

    def verdict(self) -> str:
        """One line: pass/FAIL, simulations, smallest p-value and its parameter."""
        s = self.settings
        worst = self.pvalues.idxmin()
        word = "pass" if self.ok else "FAIL"
        return (
            f"SBC {word}: sampler={s.get('sampler')} prior={s.get('prior')} "
            f"sigma={s.get('sigma')}, {len(self.ranks)} simulations x "
            f"{self.n_draws} draws (thin {self.thin}), smallest p-value "
            f"{self.min_pvalue:.3g} ({worst}) vs Bonferroni "
            f"{self.alpha:g}/{len(self.pvalues)}"
        )

    def __repr__(self):
        return f"<SBCResult {self.verdict()}>"

    def plot(self, prob=0.95, axes=None):
        """ECDF difference of the ranks with simultaneous ``prob`` bands, one
        panel per parameter group (:func:`~bayesreg.calibration.plot.plot_sbc`)."""
        from .plot import plot_sbc

        return plot_sbc(self, prob=prob, axes=axes)
