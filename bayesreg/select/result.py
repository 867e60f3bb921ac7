"""The result of :func:`bayesreg.select_lambda`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["LambdaSelection"]


@dataclass(frozen=True, repr=False)
class LambdaSelection:
    """A prior scale chosen from the data, with the evidence for the choice.

    ``lam`` is the penalty of the package's unscaled convention,
    ``1/2 ||y - Xw||^2 + lam pen(w)`` (``pen = ||w||_1``, ``1/2 ||w||^2`` or
    the elastic net's ``r ||w||_1 + (1 - r)/2 ||w||^2``), of the chosen prior
    at the noise scale ``sigma``: ``prior.penalty(sigma)`` sums to ``lam``.

    Attributes
    ----------
    method : {"cv", "evidence", "mcem", "loo", "hyperprior"}
    prior : Prior
        The chosen prior: the family (and ``relative``) of the prior given,
        its scale chosen.
    lam : float
        Its penalty at ``sigma`` (unscaled convention).
    sigma : float
        The noise scale used (``cv``, ``loo``: given or
        :func:`bayesreg.default_sigma`) or estimated (``evidence``: type-II
        ML; ``mcem``, ``hyperprior``: posterior mean resp. median).
    grid : ndarray or None
        The lam values of the criterion curve, descending (``cv``, ``loo``,
        ``evidence``).
    criterion : ndarray or None
        Over ``grid``: ``cv`` the mean cross-validated MSE, ``loo`` the
        PSIS-LOO elpd, ``evidence`` the log evidence with sigma profiled out.
    criterion_se : ndarray or None
        ``cv``: the standard error of the mean CV error over the folds.
    lam_1se, prior_1se : float, Prior or None
        ``cv``: the largest lam whose CV error is within one standard error
        of the minimum (the 1-SE rule of Breiman et al. 1984, glmnet's
        ``lambda.1se``) and its prior.
    trace : ndarray or None
        ``mcem``: the EM iterates of the relative rate ``1 / prior.scale``
        (Park & Casella's ``lam``); ``hyperprior``: the posterior draws of
        lam (unscaled convention, each at its own sigma draw).
    coef, intercept : ndarray, float
        The MAP of the chosen prior at ``sigma`` on all the data.
    details : dict
        Method-specific extras (e.g. ``cv``: the per-fold errors
        ``fold_errors`` (n_folds, n_lams); ``mcem``: ``mc_se``, the Monte
        Carlo standard error of the rate).
    """

    method: str
    prior: object
    lam: float
    sigma: float
    grid: np.ndarray | None = None
    criterion: np.ndarray | None = None
    criterion_se: np.ndarray | None = None
    lam_1se: float | None = None
    prior_1se: object = None
    trace: np.ndarray | None = None
    coef: np.ndarray | None = None
    intercept: float = 0.0
    details: dict = field(default_factory=dict)

    def __repr__(self):
        return (
            f"LambdaSelection(method={self.method!r}, lam={self.lam:.6g}, "
            f"sigma={self.sigma:.6g}, prior={self.prior!r})"
        )

    def plot(self, ax=None):
        """The criterion over the grid with the choice marked (see
        :mod:`bayesreg.plots`); returns the matplotlib Axes."""
        from .. import plots

        plot = getattr(plots, "plot_lambda_selection", None)
        if plot is None:
            raise NotImplementedError(
                "bayesreg.plots has no plot_lambda_selection yet."
            )
        return plot(self, ax=ax)
