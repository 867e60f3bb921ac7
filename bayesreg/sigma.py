"""Priors on the noise scale ``sigma`` for posterior sampling.

Pass one of these as ``sigma`` to :func:`bayesreg.sample_posterior` (or to
:class:`~bayesreg.BayesianLinearRegression` with a sampling method) to make
``sigma`` unknown; a plain float keeps it fixed. Each prior knows how to become
a PyMC variable (:meth:`SigmaPrior.to_pymc`) and whether it is conjugate
(:meth:`SigmaPrior.inverse_gamma`), which the ``"exact"`` sampler asks for.

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

import math
from dataclasses import dataclass

from ._validation import check_positive

__all__ = [
    "FixedSigma",
    "HalfCauchy",
    "HalfNormal",
    "InverseGamma",
    "Jeffreys",
    "SigmaPrior",
    "default_sigma",
    "residual_sigma",
]


# --------------------------------------------------------------------------
# a noise scale from the data


def _ls_fit(X, y, fit_intercept):
    """``(rss, n, dof)`` of the (minimum-norm) least-squares fit."""
    from .likelihoods import GaussianLikelihood
    from .map import fit_map
    from .priors import Flat

    lik = (
        GaussianLikelihood.from_stats(X, fit_intercept)
        if y is None
        else GaussianLikelihood.from_arrays(X, y, fit_intercept)
    )
    w = fit_map(X, y, Flat(), 1.0, fit_intercept).coef
    return lik.rss(w), lik.n, lik.n - lik.n_features - int(bool(fit_intercept))


def residual_sigma(X, y=None, fit_intercept=True) -> float:
    """Least-squares noise estimate ``sqrt(RSS / (n - p - fit_intercept))``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or SufficientStats
    y : array-like of shape (n_samples,), or None with a SufficientStats
    fit_intercept : bool, default True

    Raises
    ------
    ValueError
        When ``n_samples <= n_features + fit_intercept`` (no residual degrees
        of freedom) or the least-squares fit is exact (RSS = 0).
    """
    rss, n, dof = _ls_fit(X, y, fit_intercept)
    if dof <= 0 or not rss > 0:
        why = (
            f"n_samples={n} <= n_features + intercept"
            if dof <= 0
            else "the least-squares fit is exact (RSS = 0)"
        )
        raise ValueError(
            f"residual_sigma needs residual degrees of freedom; {why}. Pass sigma "
            "explicitly."
        )
    return math.sqrt(rss / dof)


def default_sigma(X, y=None, fit_intercept=True) -> tuple[float, str]:
    """The data-based noise scale used when none is given, and how it was found.

    The least-squares residual sd :func:`residual_sigma`; when that is not
    defined (``n <= p + 1`` or an exact fit) the sample sd of ``y``
    (``ddof=1``, about its mean with an intercept, root mean square without).
    Column scaling does not change it, so it is the same with ``standardize``.

    Returns
    -------
    sigma : float
    how : str
        A sentence naming the rule, for messages and reports.
    """
    try:
        sigma = residual_sigma(X, y, fit_intercept)
    except ValueError:
        sigma, n = _y_sd(X, y, fit_intercept)
        return sigma, (
            f"sigma = {sigma:.6g}: the sd of y (n = {n}: no least-squares residual sd)"
        )
    return sigma, f"sigma = {sigma:.6g}: the least-squares residual sd"


def _y_sd(X, y, fit_intercept):
    import numpy as np

    from .data import SufficientStats

    if isinstance(X, SufficientStats):
        n = X.n
        ss = X.yy + (n * X.y_mean**2 if not fit_intercept else 0.0)
    else:
        ya = np.asarray(y, dtype=float)
        n = len(ya)
        yc = ya - ya.mean() if fit_intercept else ya
        ss = float(yc @ yc)
    if n < 2 or not ss > 0:
        raise ValueError(
            f"cannot choose a default sigma: y has {n} row(s) and no spread; pass "
            "sigma explicitly."
        )
    return math.sqrt(ss / (n - 1)), n


class SigmaPrior:
    """Base class of the priors on the noise scale ``sigma``."""

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
    """``sigma ~ HalfNormal(scale)``: density ``2 N(sigma; 0, scale^2)``."""

    scale: float = 1.0

    def __post_init__(self):
        object.__setattr__(
            self, "scale", check_positive(self.scale, "scale", "HalfNormal")
        )

    def to_pymc(self, name="sigma"):
        import pymc as pm

        return pm.HalfNormal(name, sigma=self.scale)


@dataclass(frozen=True)
class HalfCauchy(SigmaPrior):
    """``sigma ~ HalfCauchy(scale)``: density ``2 / (pi s (1 + (sigma/s)^2))``."""

    scale: float = 1.0

    def __post_init__(self):
        object.__setattr__(
            self, "scale", check_positive(self.scale, "scale", "HalfCauchy")
        )

    def to_pymc(self, name="sigma"):
        import pymc as pm

        return pm.HalfCauchy(name, beta=self.scale)


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

    def inverse_gamma(self):
        return (self.alpha, self.beta)


@dataclass(frozen=True)
class FixedSigma(SigmaPrior):
    """A known noise scale (what a plain float ``sigma`` means).

    In a PyMC model it is a ``pm.Data`` container named ``sigma_fixed``, so a
    compiled model is reused for another value.
    """

    value: float = 1.0

    def __post_init__(self):
        object.__setattr__(
            self, "value", check_positive(self.value, "sigma", "FixedSigma")
        )

    def to_pymc(self, name="sigma"):
        import pymc as pm

        return pm.Data(f"{name}_fixed", self.value)

    def pymc_data(self, name="sigma"):
        return {f"{name}_fixed": self.value}

    @property
    def fixed(self):
        return self.value

    def pymc_key(self):
        return ("fixed",)
