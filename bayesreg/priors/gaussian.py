"""The Gaussian (normal) prior: the MAP is ridge regression."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_positive
from .base import (
    LOG_2PI,
    Penalty,
    Prior,
    absolute_scale,
    check_sigma,
    prior_repr,
    pymc_scale,
    register,
)
from .hyper import check_hyperprior

__all__ = ["Gaussian"]


@register("gaussian")
@dataclass(frozen=True)
class Gaussian(Prior):
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

    scale: float = 1.0
    relative: bool = field(default=False)
    hyperprior: object = field(default=None, repr=False)
    family_capabilities = frozenset({"gradient", "penalty", "conjugate"})

    def __post_init__(self):
        object.__setattr__(
            self, "scale", check_positive(self.scale, "scale", "Gaussian")
        )
        check_hyperprior(self)

    def __repr__(self):
        return prior_repr(self, ("scale", "relative"))

    def capabilities(self):
        return frozenset() if self.hyperprior is not None else self.family_capabilities

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        tau = pymc_scale(self, name, self.scale, sigma)
        return pm.Normal(name, mu=0.0, sigma=tau, dims=dims)

    def pymc_data(self, name):
        return {} if self.hyperprior is not None else {f"{name}_scale": self.scale}

    def conjugate_variance(self):
        if self.hyperprior is not None:
            return None
        return (self.scale * self.scale, self.relative)

    def logpdf(self, w, sigma=1.0):
        tau = absolute_scale(self, sigma, "Gaussian")
        w = np.asarray(w, dtype=float)
        return -0.5 * (w / tau) ** 2 - math.log(tau) - 0.5 * LOG_2PI

    def variance(self, sigma=1.0):
        tau = absolute_scale(self, sigma, "Gaussian")
        return tau * tau

    def gradient(self, w, sigma=1.0):
        tau = absolute_scale(self, sigma, "Gaussian")
        return np.asarray(w, dtype=float) / (tau * tau)

    def penalty(self, sigma=1.0):
        tau = absolute_scale(self, sigma, "Gaussian")
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
