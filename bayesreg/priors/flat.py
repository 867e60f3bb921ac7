"""The improper flat prior: the MAP is least squares."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .base import Penalty, Prior, check_sigma, register

__all__ = ["Flat"]


@register("flat")
@dataclass(frozen=True)
class Flat(Prior):
    """Improper flat prior, ``p(w) = 1``: the MAP is least squares.

    Examples
    --------
    >>> Flat().penalty(sigma=2.0)
    Penalty(l1=0.0, l2=0.0)
    """

    family_capabilities = frozenset({"gradient", "penalty", "conjugate"})

    def logpdf(self, w, sigma=1.0):
        return np.zeros_like(np.asarray(w, dtype=float))

    def gradient(self, w, sigma=1.0):
        return np.zeros_like(np.asarray(w, dtype=float))

    def variance(self, sigma=1.0):
        return math.inf

    def penalty(self, sigma=1.0):
        check_sigma(sigma, "Flat.penalty")
        return Penalty(0.0, 0.0)

    @classmethod
    def from_penalty(cls, lam=0.0, sigma=1.0, relative=False):
        """The flat prior is the zero penalty; ``lam`` must be 0."""
        if lam != 0:
            raise ValueError(
                f"The 'lam' parameter of Flat.from_penalty must be 0.0. Got {lam!r}"
                " instead."
            )
        return cls()

    @classmethod
    def from_options(cls, *, scale=None, lam=None, sigma=1.0, relative=False, **extra):
        given = {"scale": scale, "lam": lam, "relative": relative or None, **extra}
        bad = ["--" + k.replace("_", "-") for k, v in given.items() if v is not None]
        if bad:
            raise ValueError(
                f"--prior flat takes none of --scale, --lam, --relative or family "
                f"options; got {', '.join(bad)}."
            )
        return cls()

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        return pm.Flat(name, dims=dims)

    def conjugate_variance(self):
        return (math.inf, False)
