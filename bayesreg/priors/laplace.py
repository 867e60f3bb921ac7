"""The Laplace (double-exponential) prior: the MAP is the lasso."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import check_positive
from .base import Penalty, check_sigma, register
from .scaled import ScaleFamily

__all__ = ["Laplace"]


@register("laplace")
@dataclass(frozen=True, repr=False)
class Laplace(ScaleFamily):
    """Laplace prior ``p(w_j) = exp(-|w_j|/b) / (2b)`` with ``b = scale``.

    ``-log p(w) = ||w||_1 / b + p log(2b)``; the MAP is the lasso with
    ``lam = sigma^2 / b`` in ``1/2||y - Xw||^2 + lam ||w||_1``, i.e.
    scikit-learn's ``Lasso(alpha=sigma**2 / (n_samples * b))``.

    Parameters
    ----------
    scale : float > 0
        Laplace scale ``b`` (the standard deviation is ``b sqrt(2)``).
    relative : bool, default False
        If True the scale is ``sigma * scale``: with ``scale = 1/lam`` this is
        the Park & Casella (2008) prior ``w_j | sigma ~ Laplace(0, sigma/lam)``.
    hyperprior : LambdaSquaredGamma or ScaleHalfCauchy, optional
        Random scale (``scale`` is then ignored); posterior sampling only.
        ``LambdaSquaredGamma(r, delta)`` is Park & Casella's
        ``lam^2 ~ Gamma(r, delta)`` with scale ``1/lam``.

    Examples
    --------
    >>> Laplace(scale=0.25).penalty(sigma=1.0)
    Penalty(l1=4.0, l2=0.0)
    """

    family_capabilities = frozenset({"penalty"})

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        b = self.pymc_scale(name, sigma)
        return pm.Laplace(name, mu=0.0, b=b, dims=dims)

    def logpdf(self, w, sigma=1.0):
        b = self.absolute_scale(sigma)
        return -np.abs(np.asarray(w, dtype=float)) / b - math.log(2.0 * b)

    def variance(self, sigma=1.0):
        b = self.absolute_scale(sigma)
        return 2.0 * b * b

    def gradient(self, w, sigma=1.0):
        """A subgradient of ``-log p``: ``sign(w) / b`` (0 at 0)."""
        b = self.absolute_scale(sigma)
        return np.sign(np.asarray(w, dtype=float)) / b

    def penalty(self, sigma=1.0):
        b = self.absolute_scale(sigma)
        return Penalty(sigma * (sigma / b), 0.0)

    @classmethod
    def from_penalty(cls, lam, sigma=1.0, relative=False):
        """Prior whose MAP minimizes ``1/2||y - Xw||^2 + lam ||w||_1``."""
        lam = check_positive(lam, "lam", "Laplace.from_penalty")
        sigma = check_sigma(sigma, "Laplace.from_penalty")
        b = sigma * (sigma / lam)
        return cls(scale=b / sigma if relative else b, relative=relative)

    @classmethod
    def lam_range(cls, max_abs_xty, mean_diag_xtx, **extra):
        """From the smallest all-zero penalty ``max_j |x_j'y|`` down ``1000``x."""
        return max_abs_xty, max_abs_xty / 1e3
