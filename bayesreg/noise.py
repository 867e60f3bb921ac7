"""Priors on the noise scale ``sigma`` for posterior sampling.

Pass one of these as ``sigma`` to :func:`bayesreg.sample_posterior` (or to
:class:`~bayesreg.BayesianLinearRegression` with a sampling method) to make
``sigma`` unknown; a plain float keeps it fixed (:class:`FixedSigma`, see
:func:`as_sigma_prior`). Each prior knows how to become a PyMC variable
(:meth:`SigmaPrior.to_pymc`) and whether it is conjugate
(:meth:`SigmaPrior.inverse_gamma`), which the ``"exact"`` sampler asks for;
``sigma.fixed`` is the one way to ask whether sigma is known. A prior with
the capability ``"gibbs"`` (:meth:`SigmaPrior.capabilities`) draws sigma^2
from its full conditional for ``sampler="gibbs"``
(:meth:`SigmaPrior.gibbs_init`, :meth:`SigmaPrior.gibbs_sigma2`).

=====================  ==================================================
prior                  density
=====================  ==================================================
HalfNormal(s)          ``p(sigma) = 2 N(sigma; 0, s^2)``, sigma > 0
HalfCauchy(s)          ``p(sigma) = 2 / (pi s (1 + (sigma/s)^2))``
Jeffreys()             ``p(sigma^2) ∝ 1/sigma^2``, i.e. ``p(sigma) ∝ 1/sigma``
InverseGamma(a, b)     ``sigma^2 ~ InvGamma(a, b)``, ``p ∝ s2^-(a+1) e^(-b/s2)``
=====================  ==================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ._validation import check_positive

__all__ = [
    "FixedSigma",
    "HalfCauchy",
    "HalfNormal",
    "InverseGamma",
    "Jeffreys",
    "SigmaPrior",
    "as_sigma_prior",
]


def as_sigma_prior(sigma, owner: str) -> SigmaPrior:
    """A :class:`SigmaPrior` as given, or a positive float as :class:`FixedSigma`.

    Raises ``TypeError`` for anything else and ``ValueError`` for a float that
    is not positive, naming ``owner``.
    """
    if isinstance(sigma, SigmaPrior):
        return sigma
    if isinstance(sigma, bool) or not isinstance(sigma, int | float | np.floating):
        raise TypeError(
            f"The 'sigma' parameter of {owner} must be a float in the range "
            "(0.0, inf) or a sigma prior (HalfNormal, HalfCauchy, Jeffreys, "
            f"InverseGamma). Got {sigma!r} instead."
        )
    return FixedSigma(check_positive(sigma, "sigma", owner))


class SigmaPrior:
    """Base class of the priors on the noise scale ``sigma``."""

    #: Its :meth:`capabilities`.
    _capabilities: ClassVar[frozenset] = frozenset()

    def capabilities(self) -> frozenset:
        """What the prior offers the samplers: ``"gibbs"`` when
        :meth:`gibbs_init` and :meth:`gibbs_sigma2` draw sigma^2 from its full
        conditional (conditionally conjugate, possibly through auxiliary
        variables), which ``sampler="gibbs"`` requires."""
        return self._capabilities

    def gibbs_init(self, chains, rng) -> dict:
        """The prior's own Gibbs state (auxiliary variables), per chain."""
        return {}

    def gibbs_sigma2(self, shape, rate, state, rng):
        """Draw ``sigma^2`` given the rest, then the prior's auxiliaries.

        The rest of the model contributes ``s2^-shape exp(-rate / s2)`` to the
        full conditional of ``s2 = sigma^2`` (a Gaussian likelihood of ``m``
        rows: ``shape = m/2``, ``rate = RSS/2``); ``shape`` and ``rate`` are
        per chain. Returns ``(s2, state)``, both per chain. Only priors with
        the capability ``"gibbs"`` implement it.
        """
        raise NotImplementedError

    def _conjugate_sigma2(self, shape, rate, state, rng):
        """``s2 ~ InvGamma(shape + a, rate + b)`` for ``(a, b)`` of
        :meth:`inverse_gamma` (Jeffreys: ``a = b = 0``); no state."""
        a, b = self.inverse_gamma()
        rate = np.asarray(rate, dtype=float)
        return (rate + b) / rng.gamma(shape + a, size=rate.shape), state

    def to_pymc(self, name="sigma"):
        """Add ``sigma`` to the PyMC model in context and return it."""
        raise NotImplementedError

    def inverse_gamma(self):
        """``(a, b)`` if ``sigma^2 ~ InvGamma(a, b)`` (conjugate), else None.

        Jeffreys' prior is the improper limit ``a = b = 0``.
        """
        return None

    #: The value of a known sigma (:class:`FixedSigma`), else None.
    fixed = None

    def pymc_data(self, name="sigma") -> dict:
        """Values of the ``pm.Data`` containers made by :meth:`to_pymc`."""
        return {}

    def pymc_key(self):
        """Everything but the ``pm.Data`` values: equal keys share a model."""
        return self


@dataclass(frozen=True)
class HalfNormal(SigmaPrior):
    """``sigma ~ HalfNormal(scale)``: density ``2 N(sigma; 0, scale^2)``.

    Not conditionally conjugate: with a Gaussian likelihood sigma^2's full
    conditional, ``prop. s2^-(shape + 1/2) exp(-rate/s2 - s2/(2 scale^2))``,
    is a generalized inverse Gaussian, so it offers no ``"gibbs"`` draw
    (use ``HalfCauchy`` or ``InverseGamma`` with ``sampler="gibbs"``).
    """

    scale: float = 1.0

    def __post_init__(self):
        object.__setattr__(
            self, "scale", check_positive(self.scale, "scale", "HalfNormal")
        )

    def rvs(self, rng) -> float:
        """One draw from the prior: ``scale |z|``, ``z ~ N(0, 1)``."""
        return float(self.scale * abs(rng.standard_normal()))

    def to_pymc(self, name="sigma"):
        import pymc as pm

        return pm.HalfNormal(name, sigma=self.scale)


@dataclass(frozen=True)
class HalfCauchy(SigmaPrior):
    """``sigma ~ HalfCauchy(scale)``: density ``2 / (pi s (1 + (sigma/s)^2))``.

    For ``sampler="gibbs"`` it is the scale mixture of Makalic & Schmidt
    (2016, IEEE Signal Process. Lett. 23:179): ``sigma^2 | a ~ InvGamma(1/2,
    1/a)``, ``a ~ InvGamma(1/2, 1/scale^2)`` gives ``sigma ~
    HalfCauchy(scale)``. Both full conditionals are inverse gamma:
    ``sigma^2 | a, rest ~ InvGamma(shape + 1/2, rate + 1/a)`` and ``a |
    sigma^2 ~ InvGamma(1, 1/sigma^2 + 1/scale^2)``.
    """

    scale: float = 1.0
    _capabilities: ClassVar[frozenset] = frozenset({"gibbs"})

    def __post_init__(self):
        object.__setattr__(
            self, "scale", check_positive(self.scale, "scale", "HalfCauchy")
        )

    def to_pymc(self, name="sigma"):
        import pymc as pm

        return pm.HalfCauchy(name, beta=self.scale)

    def gibbs_init(self, chains, rng) -> dict:
        """The auxiliary ``a`` of each chain, started at ``1 / scale^2``."""
        return {"a": np.full(chains, 1.0 / (self.scale * self.scale))}

    def gibbs_sigma2(self, shape, rate, state, rng):
        """``s2 | a ~ InvGamma(shape + 1/2, rate + 1/a)``, then ``a | s2 ~
        InvGamma(1, 1/s2 + 1/scale^2)`` (Makalic & Schmidt 2016)."""
        rate = np.asarray(rate, dtype=float) + 1.0 / state["a"]
        s2 = rate / rng.gamma(np.asarray(shape) + 0.5, size=rate.shape)
        a_rate = 1.0 / s2 + 1.0 / (self.scale * self.scale)
        return s2, {"a": a_rate / rng.standard_exponential(size=s2.shape)}

    def rvs(self, rng) -> float:
        """One draw from the prior: ``scale |c|``, ``c`` standard Cauchy."""
        return float(self.scale * abs(rng.standard_cauchy()))


@dataclass(frozen=True)
class Jeffreys(SigmaPrior):
    """Improper ``p(sigma^2) ∝ 1/sigma^2``, equivalently ``p(sigma) ∝ 1/sigma``.

    Flat in ``log sigma``; the prior of Park & Casella's (2008) Bayesian lasso.
    The posterior is proper when the data determine ``sigma`` (for a flat
    prior on the weights: more rows than features plus intercept).
    """

    def to_pymc(self, name="sigma"):
        import pymc as pm
        import pytensor.tensor as pt

        sigma = pm.HalfFlat(name)
        pm.Potential(f"{name}_jeffreys", -pt.log(sigma))
        return sigma

    _capabilities: ClassVar[frozenset] = frozenset({"gibbs"})
    gibbs_sigma2 = SigmaPrior._conjugate_sigma2

    def inverse_gamma(self):
        return (0.0, 0.0)


@dataclass(frozen=True)
class InverseGamma(SigmaPrior):
    """``sigma^2 ~ InvGamma(alpha, beta)``, density ``∝ s2^-(alpha+1) e^(-beta/s2)``.

    Conjugate with a Gaussian prior relative to sigma (Normal-Inverse-Gamma),
    so ``sampler="exact"`` applies. The PyMC model also holds ``<name>2``.
    """

    alpha: float = 1.0
    beta: float = 1.0

    def __post_init__(self):
        for name in ("alpha", "beta"):
            value = check_positive(getattr(self, name), name, "InverseGamma")
            object.__setattr__(self, name, value)

    def to_pymc(self, name="sigma"):
        import pymc as pm

        sigma2 = pm.InverseGamma(f"{name}2", alpha=self.alpha, beta=self.beta)
        return pm.Deterministic(name, sigma2**0.5)

    _capabilities: ClassVar[frozenset] = frozenset({"gibbs"})
    gibbs_sigma2 = SigmaPrior._conjugate_sigma2

    def inverse_gamma(self):
        return (self.alpha, self.beta)

    def rvs(self, rng) -> float:
        """One draw from the prior: ``sqrt(beta / g)``, ``g ~ Gamma(alpha, 1)``."""
        return float(np.sqrt(self.beta / rng.gamma(self.alpha)))


@dataclass(frozen=True)
class FixedSigma(SigmaPrior):
    """A known noise scale (what a plain float ``sigma`` means).

    In a PyMC model it is a ``pm.Data`` container named ``sigma_fixed``, so a
    compiled model is reused for another value.
    """

    value: float = 1.0
    _capabilities: ClassVar[frozenset] = frozenset({"gibbs"})

    def __post_init__(self):
        object.__setattr__(
            self, "value", check_positive(self.value, "sigma", "FixedSigma")
        )

    def gibbs_sigma2(self, shape, rate, state, rng):
        """The known ``sigma^2``, whatever the rest (nothing is drawn)."""
        return np.full(np.shape(rate), self.value * self.value), state

    def to_pymc(self, name="sigma"):
        import pymc as pm

        return pm.Data(f"{name}_fixed", self.value)

    def pymc_data(self, name="sigma"):
        return {f"{name}_fixed": self.value}

    @property
    def fixed(self):
        return self.value

    def rvs(self, rng) -> float:
        """The known value (a point mass is a proper prior)."""
        return self.value

    def pymc_key(self):
        return ("fixed",)
