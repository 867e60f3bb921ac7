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

    def scale_draws(self, posterior, name) -> np.ndarray:
        """The prior scale ``1/lam`` of each draw in ``posterior`` (an
        xarray Dataset holding ``<name>_lam2``), flattened."""
        return np.asarray(posterior[f"{name}_lam2"].values, dtype=float).ravel() ** -0.5

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
    #: ``tau^2`` has inverse-gamma full conditionals through an auxiliary
    #: variable (:meth:`gibbs_scale2`); a family whose Gibbs kernel asks for
    #: ``gibbs_scale2`` (Gaussian) keeps ``gibbs`` under it.
    capabilities: ClassVar[frozenset] = frozenset({"gibbs_scale2"})

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

    def scale_draws(self, posterior, name) -> np.ndarray:
        """The prior scale ``tau`` of each draw in ``posterior`` (an xarray
        Dataset holding ``<name>_tau``), flattened."""
        return np.asarray(posterior[f"{name}_tau"].values, dtype=float).ravel()

    def gibbs_init(self, chains) -> dict:
        """Starting state of each chain: ``tau2 = xi = beta^2`` (``tau`` at
        its prior median ``beta``)."""
        b2 = self.beta * self.beta
        return {"tau2": np.full(chains, b2), "xi": np.full(chains, b2)}

    def gibbs_scale2(self, shape, rate, state, rng) -> dict:
        """Draw ``tau^2``, then its auxiliary ``xi`` (per chain).

        Makalic & Schmidt (2016, IEEE Signal Process. Lett. 23:179, eq. 7):
        ``tau ~ HalfCauchy(beta)`` is ``tau^2 | xi ~ InvGamma(1/2, 1/xi)``,
        ``xi ~ InvGamma(1/2, 1/beta^2)``. When the prior given ``tau^2``
        contributes ``tau^(-2 shape) exp(-rate / tau^2)`` (a Gaussian
        ``w_j | tau ~ N(0, tau^2)``: ``shape = p/2``, ``rate = sum_j w_j^2 /
        2``), the full conditionals are ``tau^2 | w, xi ~ InvGamma(1/2 +
        shape, 1/xi + rate)`` and ``xi | tau^2 ~ InvGamma(1, 1/beta^2 +
        1/tau^2)``. ``InvGamma(a, r)`` is drawn as ``r / Gamma(a, 1)``.
        """
        rate = 1.0 / state["xi"] + np.asarray(rate)
        tau2 = rate / rng.gamma(0.5 + shape, size=rate.shape)
        xi_rate = 1.0 / (self.beta * self.beta) + 1.0 / tau2
        xi = xi_rate / rng.gamma(1.0, size=xi_rate.shape)
        return {"tau2": tau2, "xi": xi}


def check_hyperprior(prior):
    h = prior.hyperprior
    if h is not None and not hasattr(h, "to_pymc"):
        raise TypeError(
            f"The 'hyperprior' parameter of {type(prior).__name__} must be None, "
            f"LambdaSquaredGamma or ScaleHalfCauchy. Got {h!r} instead."
        )
