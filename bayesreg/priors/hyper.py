"""Hyperpriors on a prior's scale (used by the posterior samplers only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .._validation import check_positive

__all__ = ["LambdaSquaredGamma", "ScaleHalfCauchy", "check_hyperprior"]


@dataclass(frozen=True)
class LambdaSquaredGamma:
    """Hyperprior ``lam^2 ~ Gamma(shape=r, rate=delta)``, prior scale ``1/lam``.

    Park & Casella (2008), section 3.1: with ``Laplace(relative=True,
    hyperprior=LambdaSquaredGamma(r, delta))`` the weights are
    ``w_j | sigma, lam ~ Laplace(0, sigma / lam)``. The PyMC variable is named
    ``<name>_lam2`` (``lam^2``).
    """

    r: float = 1.0
    delta: float = 1.0
    #: Prior capabilities a family keeps under this hyperprior: ``lam^2``
    #: has a Gamma full conditional (``sampler="gibbs"``).
    capabilities: ClassVar[frozenset] = frozenset({"gibbs"})

    def __post_init__(self):
        for name in ("r", "delta"):
            value = check_positive(getattr(self, name), name, "LambdaSquaredGamma")
            object.__setattr__(self, name, value)

    def to_pymc(self, name):
        """Add ``lam^2`` to the current PyMC model; return the scale ``1/lam``."""
        import pymc as pm

        lam2 = pm.Gamma(f"{name}_lam2", alpha=self.r, beta=self.delta)
        return lam2**-0.5

    def rvs(self, name, rng):
        """``(1/lam, {<name>_lam2: lam^2})`` with ``lam^2 ~ Gamma(r, rate=delta)``:
        one draw of the prior scale and its hyperparameter."""
        lam2 = float(rng.gamma(self.r, 1.0 / self.delta))
        return lam2**-0.5, {f"{name}_lam2": lam2}

    def gibbs_init(self, chains) -> np.ndarray:
        """Starting ``lam^2`` of each chain: the prior mean ``r / delta``."""
        return np.full(chains, self.r / self.delta)

    def gibbs_lam2(self, shape, rate, rng) -> np.ndarray:
        """Draw ``lam^2 ~ Gamma(r + shape, rate=delta + rate)`` (per chain).

        The full conditional when the prior given ``lam^2`` contributes
        ``lam^(2 shape) exp(-lam^2 rate)``; for the Bayesian lasso's latent
        variances ``v_j ~ Exp(lam^2 / 2)``: ``shape = p``, ``rate = sum_j v_j
        / 2`` (Park & Casella 2008, JASA 103:681, section 3.1).
        """
        return rng.gamma(self.r + shape, 1.0 / (self.delta + np.asarray(rate)))


@dataclass(frozen=True)
class ScaleHalfCauchy:
    """Hyperprior ``tau ~ HalfCauchy(beta)`` on the prior scale itself.

    With ``Gaussian(hyperprior=ScaleHalfCauchy(beta))`` the weights are
    ``w_j | tau ~ N(0, tau^2)`` (times ``sigma^2`` if ``relative``). The PyMC
    variable is named ``<name>_tau``.
    """

    beta: float = 1.0
    #: No Gibbs conditionals (yet): a family keeps no capability under it.
    capabilities: ClassVar[frozenset] = frozenset()

    def __post_init__(self):
        value = check_positive(self.beta, "beta", "ScaleHalfCauchy")
        object.__setattr__(self, "beta", value)

    def rvs(self, name, rng):
        """``(tau, {<name>_tau: tau})`` with ``tau ~ HalfCauchy(beta)``."""
        tau = float(self.beta * abs(rng.standard_cauchy()))
        return tau, {f"{name}_tau": tau}

    def to_pymc(self, name):
        """Add ``tau`` to the current PyMC model and return it."""
        import pymc as pm

        return pm.HalfCauchy(f"{name}_tau", beta=self.beta)


def check_hyperprior(prior):
    h = prior.hyperprior
    if h is not None and not hasattr(h, "to_pymc"):
        raise TypeError(
            f"The 'hyperprior' parameter of {type(prior).__name__} must be None, "
            f"LambdaSquaredGamma or ScaleHalfCauchy. Got {h!r} instead."
        )
