"""The Gaussian (normal) prior: the MAP is ridge regression."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import check_positive
from .base import LOG_2PI, Penalty, check_sigma, register
from .scaled import ScaleFamily

__all__ = ["Gaussian"]


@register("gaussian")
@dataclass(frozen=True, repr=False)
class Gaussian(ScaleFamily):
    """Normal prior ``w_j ~ N(0, tau^2)`` with ``tau = scale`` (or ``sigma*scale``).

    ``-log p(w) = ||w||^2 / (2 tau^2) + p log(tau sqrt(2 pi))``; the MAP is ridge
    regression with ``lam = sigma^2 / tau^2`` in ``1/2||y - Xw||^2 + lam/2 ||w||^2``,
    i.e. scikit-learn's ``Ridge(alpha=sigma**2 / tau**2)``.

    Parameters
    ----------
    scale : float > 0
        Prior standard deviation ``tau``.
    relative : bool, default False
        If True the prior standard deviation is ``sigma * scale``.
    hyperprior : ScaleHalfCauchy or LambdaSquaredGamma, optional
        Random scale ``tau`` (``scale`` is then ignored); posterior sampling only.

    Examples
    --------
    >>> Gaussian(scale=0.5).penalty(sigma=1.0)
    Penalty(l1=0.0, l2=4.0)
    >>> Gaussian.from_penalty(4.0, sigma=1.0)
    Gaussian(scale=0.5, relative=False)
    """

    family_capabilities = frozenset({"gradient", "penalty", "conjugate", "gibbs"})

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        tau = self.pymc_scale(name, sigma)
        return pm.Normal(name, mu=0.0, sigma=tau, dims=dims)

    def conjugate_variance(self):
        if self.hyperprior is not None:
            return None
        return (self.scale * self.scale, self.relative)

    def gibbs_init(self, p, chains, rng=None) -> dict:
        """Gibbs state (capability ``gibbs``): the fixed variance ``scale^2``
        of every weight (times sigma^2 when relative); no auxiliaries."""
        return {"var": np.full((chains, p), self.scale * self.scale)}

    def gibbs_update(self, w, sigma, state, rng) -> dict:
        """Nothing to draw: a fixed scale has no auxiliaries."""
        return state

    def rvs(self, p, sigma=1.0, rng=None, name="coef") -> dict:
        """One draw from the (proper) prior: ``{name: w}``, ``w`` (p,) with
        ``w_j ~ N(0, tau^2)`` i.i.d., and the hyperparameter drawn first."""
        rng = np.random.default_rng(rng)
        tau, hyper = self.draw_scale(sigma, rng, name)
        return {name: rng.normal(0.0, tau, p), **hyper}

    def logpdf(self, w, sigma=1.0):
        tau = self.absolute_scale(sigma)
        w = np.asarray(w, dtype=float)
        return -0.5 * (w / tau) ** 2 - math.log(tau) - 0.5 * LOG_2PI

    def variance(self, sigma=1.0):
        tau = self.absolute_scale(sigma)
        return tau * tau

    def gradient(self, w, sigma=1.0):
        tau = self.absolute_scale(sigma)
        return np.asarray(w, dtype=float) / (tau * tau)

    def penalty(self, sigma=1.0):
        tau = self.absolute_scale(sigma)
        return Penalty(0.0, (sigma / tau) * (sigma / tau))

    @classmethod
    def from_penalty(cls, lam, sigma=1.0, relative=False):
        """Prior whose MAP minimizes ``1/2||y - Xw||^2 + lam/2 ||w||^2``."""
        lam = check_positive(lam, "lam", "Gaussian.from_penalty")
        sigma = check_sigma(sigma, "Gaussian.from_penalty")
        tau = sigma / math.sqrt(lam)
        return cls(scale=tau / sigma if relative else tau, relative=relative)

    @classmethod
    def lam_range(cls, max_abs_xty, mean_diag_xtx, **extra):
        """From ``1000 x`` the mean diagonal of the centred ``X'X`` down ``1e6``x."""
        top = 1000.0 * mean_diag_xtx
        return top, top / 1e6
