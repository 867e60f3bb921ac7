"""Hyperpriors on a prior's scale (used by the posterior samplers only)."""

from __future__ import annotations

from dataclasses import dataclass

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

    def __post_init__(self):
        for name in ("r", "delta"):
            value = check_positive(getattr(self, name), name, "LambdaSquaredGamma")
            object.__setattr__(self, name, value)

    def to_pymc(self, name):
        """Add ``lam^2`` to the current PyMC model; return the scale ``1/lam``."""
        import pymc as pm

        lam2 = pm.Gamma(f"{name}_lam2", alpha=self.r, beta=self.delta)
        return lam2**-0.5


@dataclass(frozen=True)
class ScaleHalfCauchy:
    """Hyperprior ``tau ~ HalfCauchy(beta)`` on the prior scale itself.

    With ``Gaussian(hyperprior=ScaleHalfCauchy(beta))`` the weights are
    ``w_j | tau ~ N(0, tau^2)`` (times ``sigma^2`` if ``relative``). The PyMC
    variable is named ``<name>_tau``.
    """

    beta: float = 1.0

    def __post_init__(self):
        value = check_positive(self.beta, "beta", "ScaleHalfCauchy")
        object.__setattr__(self, "beta", value)

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
