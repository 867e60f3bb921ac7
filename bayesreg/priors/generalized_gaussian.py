"""The generalized Gaussian (bridge, Lp) prior ``p(w) ∝ exp(-(|w|/s)^power)``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from scipy import special

from .._validation import check_positive
from .base import Penalty, Prior, check_sigma, register

__all__ = ["GeneralizedGaussian"]


@register("generalized_gaussian")
@dataclass(frozen=True)
class GeneralizedGaussian(Prior):
    """Bridge prior ``p(w_j) = q / (2 s G(1/q)) exp(-(|w_j|/s)^q)``, ``q = power``.

    scipy.stats.gennorm(beta=q, scale=s). ``power = 1`` is
    ``Laplace(scale=s)`` and ``power = 2`` is ``Gaussian(scale=s/sqrt(2))``
    (both with their penalty form); ``1 < power < 2`` is smooth and convex;
    ``power < 1`` is sparser than the lasso (toward L0): not convex, with an
    infinite slope at 0, so its MAP uses the exact proximal map :meth:`prox`
    and zeros are exact where the optimality condition at 0 holds.

    Parameters
    ----------
    power : float in (0, 2]
        The exponent ``q``.
    scale : float > 0
        Scale ``s``.
    relative : bool, default False
        If True the scale is ``sigma * scale``.
    """

    power: float = 1.0
    scale: float = 1.0
    relative: bool = field(default=False)
    cli_options: ClassVar[dict] = {
        "power": "generalized_gaussian's exponent q in (0, 2] (default 1)"
    }

    def __post_init__(self):
        q = check_positive(self.power, "power", "GeneralizedGaussian")
        if q > 2:
            raise ValueError(
                "The 'power' parameter of GeneralizedGaussian must be a float in the "
                f"range (0.0, 2.0]. Got {self.power!r} instead."
            )
        object.__setattr__(self, "power", q)
        value = check_positive(self.scale, "scale", "GeneralizedGaussian")
        object.__setattr__(self, "scale", value)

    def capabilities(self):
        q = self.power
        if q == 1.0:
            return frozenset({"penalty", "prox"})
        if q == 2.0:
            return frozenset({"penalty", "gradient", "conjugate"})
        if q > 1.0:
            return frozenset({"gradient"})
        return frozenset({"prox", "nonconvex"})

    def _scale(self, sigma):
        sigma = check_sigma(sigma, "GeneralizedGaussian")
        return self.scale * sigma if self.relative else self.scale

    def logpdf(self, w, sigma=1.0):
        s, q = self._scale(sigma), self.power
        a = np.abs(np.asarray(w, dtype=float)) / s
        return math.log(q) - math.log(2.0 * s) - special.gammaln(1.0 / q) - a**q

    def gradient(self, w, sigma=1.0):
        """``q |w|^(q-1) sign(w) / s^q`` (finite everywhere only for ``q > 1``)."""
        s, q = self._scale(sigma), self.power
        w = np.asarray(w, dtype=float)
        return q * np.sign(w) * (np.abs(w) / s) ** (q - 1.0) / s

    def penalty(self, sigma=1.0):
        s, q = self._scale(sigma), self.power
        if q == 1.0:
            return Penalty(sigma * (sigma / s), 0.0)
        if q == 2.0:
            return Penalty(0.0, 2.0 * (sigma / s) * (sigma / s))
        return super().penalty(sigma)

    def conjugate_variance(self):
        if self.power != 2.0:
            return None
        return (0.5 * self.scale * self.scale, self.relative)

    def prox(self, z, step, sigma=1.0):
        """``argmin_x 1/2 (x - z)^2 + step (|x|/s)^q`` for each element of ``z``.

        For ``q = 1`` soft thresholding. For ``q < 1`` the objective along
        ``x > 0`` has a stationary point only when ``|z| >= h(x*)``, where
        ``h(x) = x + step q x^(q-1) / s^q`` is smallest at
        ``x* = (step q (1 - q) / s^q)^(1/(2-q))``. On ``[x*, |z|]`` ``h`` is
        increasing and convex, so Newton's method from ``|z|`` falls
        monotonically to the root of ``h(x) = |z|`` (all elements at once);
        that root is then compared with 0 (Marjanovic & Solo 2012, lq
        thresholding), ties going to 0.
        """
        s, q = self._scale(sigma), self.power
        z = np.asarray(z, dtype=float)
        c = step / s**q
        if q == 1.0:
            return np.sign(z) * np.maximum(np.abs(z) - c, 0.0)
        if q > 1.0:
            raise ValueError("prox is declared for power <= 1 only.")
        a = np.abs(z)
        x_star = (c * q * (1.0 - q)) ** (1.0 / (2.0 - q))
        live = a > x_star + c * q * x_star ** (q - 1.0)
        x = np.where(live, a, 0.0)
        for _ in range(200):
            xl, al = x[live], a[live]
            h = xl - al + c * q * xl ** (q - 1.0)
            dh = 1.0 + c * q * (q - 1.0) * xl ** (q - 2.0)
            new = np.maximum(xl - h / dh, x_star)
            done = np.all(np.abs(new - xl) <= 4 * np.finfo(float).eps * xl)
            x[live] = new
            if done:
                break
        better = 0.5 * (x - a) ** 2 + c * x**q < 0.5 * a * a
        return np.sign(z) * np.where(live & better, x, 0.0)

    def rvs(self, p, sigma=1.0, rng=None, name="coef") -> dict:
        """One draw from the prior: ``{name: w}``, ``w`` (p,) i.i.d. from
        scipy.stats.gennorm(beta=q, scale=s)."""
        from scipy import stats

        rng = np.random.default_rng(rng)
        s, q = self._scale(sigma), self.power
        return {name: stats.gennorm.rvs(q, scale=s, size=p, random_state=rng)}

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        s = pm.Data(f"{name}_scale", self.scale)
        s = s * sigma if self.relative else s
        q = np.asarray(self.power, dtype=np.float64)  # not PyTensor's float32 cast
        return pm.CustomDist(name, s, q, logp=_generalized_gaussian_logp, dims=dims)

    def pymc_data(self, name):
        return {f"{name}_scale": self.scale}

    def pymc_key(self):
        return (type(self).__name__, self.relative, self.power)

    @classmethod
    def from_options(
        cls, *, scale=None, lam=None, sigma=1.0, relative=False, power=None, **extra
    ):
        if lam is not None:
            raise ValueError(
                "--prior generalized_gaussian has no penalty form: give --scale."
            )
        cls.check_options(scale, lam, extra)
        return cls(
            power=1.0 if power is None else power, scale=scale, relative=relative
        )


def _generalized_gaussian_logp(value, s, q):
    """PyTensor log density of :class:`GeneralizedGaussian`."""
    import pytensor.tensor as pt

    return pt.log(q) - pt.log(2.0 * s) - pt.gammaln(1.0 / q) - (pt.abs(value) / s) ** q
