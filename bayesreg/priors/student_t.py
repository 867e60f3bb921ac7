"""The Student-t prior: heavy-tailed shrinkage (Cauchy for ``df = 1``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from scipy import special

from .._validation import check_positive
from .base import Prior, check_sigma, register

__all__ = ["StudentT"]


@register("student_t")
@dataclass(frozen=True)
class StudentT(Prior):
    """Student-t prior ``w_j ~ t_df(0, s)`` with ``s = scale`` (or ``sigma*scale``).

    ``log p(w) = log G((df+1)/2) - log G(df/2) - 1/2 log(df pi) - log s
    - (df+1)/2 log(1 + (w/s)^2 / df)`` (scipy.stats.t). Small weights are
    shrunk about as a Gaussian of sd ``s`` would, large ones hardly at all.
    ``-log p`` is smooth but not convex, so the MAP starts from several points
    (capability ``nonconvex``). ``df = 1`` is the Cauchy prior.

    Parameters
    ----------
    df : float > 0
        Degrees of freedom.
    scale : float > 0
        Scale ``s``.
    relative : bool, default False
        If True the scale is ``sigma * scale``.
    """

    df: float = 1.0
    scale: float = 1.0
    relative: bool = field(default=False)
    family_capabilities = frozenset({"gradient", "nonconvex"})
    cli_options: ClassVar[dict] = {
        "df": "student_t's degrees of freedom (default 1: Cauchy)"
    }

    def __post_init__(self):
        for name in ("df", "scale"):
            value = check_positive(getattr(self, name), name, "StudentT")
            object.__setattr__(self, name, value)

    def _scale(self, sigma):
        sigma = check_sigma(sigma, "StudentT")
        return self.scale * sigma if self.relative else self.scale

    def logpdf(self, w, sigma=1.0):
        s, nu = self._scale(sigma), self.df
        z = np.asarray(w, dtype=float) / s
        log_z = (
            special.gammaln(0.5 * (nu + 1.0))
            - special.gammaln(0.5 * nu)
            - 0.5 * math.log(nu * math.pi)
            - math.log(s)
        )
        return log_z - 0.5 * (nu + 1.0) * np.log1p(z * z / nu)

    def variance(self, sigma=1.0):
        """``s^2 df / (df - 2)`` for ``df > 2``, else infinite."""
        s, nu = self._scale(sigma), self.df
        return s * s * nu / (nu - 2.0) if nu > 2.0 else math.inf

    def gradient(self, w, sigma=1.0):
        s, nu = self._scale(sigma), self.df
        w = np.asarray(w, dtype=float)
        return (nu + 1.0) * w / (nu * s * s + w * w)

    def rvs(self, p, sigma=1.0, rng=None, name="coef") -> dict:
        """One draw from the prior: ``{name: w}``, ``w_j = s t_j``, ``t_j ~
        t_df`` i.i.d. (p,)."""
        rng = np.random.default_rng(rng)
        return {name: self._scale(sigma) * rng.standard_t(self.df, p)}

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        s = pm.Data(f"{name}_scale", self.scale)
        nu = pm.Data(f"{name}_df", self.df)
        return pm.StudentT(
            name, nu=nu, mu=0.0, sigma=s * sigma if self.relative else s, dims=dims
        )

    def pymc_data(self, name):
        return {f"{name}_scale": self.scale, f"{name}_df": self.df}

    @classmethod
    def from_options(
        cls, *, scale=None, lam=None, sigma=1.0, relative=False, df=None, **extra
    ):
        if lam is not None:
            raise ValueError("--prior student_t has no penalty form: give --scale.")
        cls.check_options(scale, lam, extra)
        return cls(df=1.0 if df is None else df, scale=scale, relative=relative)
