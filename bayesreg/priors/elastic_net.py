"""The elastic-net prior: the MAP is the elastic net."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from scipy import special

from .._validation import check_nonnegative, check_positive
from .base import LOG_2PI, Penalty, Prior, check_sigma, register

__all__ = ["ElasticNet"]


@register("elasticnet")
@dataclass(frozen=True)
class ElasticNet(Prior):
    """Elastic-net prior ``p(w_j) ∝ exp(-|w_j|/b - w_j^2/(2 tau^2))``.

    ``b = l1_scale`` and ``tau = l2_scale``. The density is normalized exactly:
    ``Z = tau sqrt(2 pi) erfcx(tau / (b sqrt 2))``. The MAP is the elastic net
    ``1/2||y - Xw||^2 + l1 ||w||_1 + l2/2 ||w||^2`` with ``l1 = sigma^2/b`` and
    ``l2 = sigma^2/tau^2``, i.e. scikit-learn's ``ElasticNet(alpha=a,
    l1_ratio=r)`` with ``a r = l1/n`` and ``a (1-r) = l2/n``.

    Parameters
    ----------
    l1_scale, l2_scale : float > 0
        The Laplace scale ``b`` and the Gaussian scale ``tau``.
    relative : bool, default False
        If True both scales are multiplied by ``sigma``.

    Notes
    -----
    Gibbs (capability ``gibbs``), the scale mixture of Kyung, Gill, Ghosh &
    Casella (2010, Bayesian Analysis 5:369, section 3.2; Li & Lin 2010,
    Bayesian Analysis 5:151) in this parameterization:
    ``exp(-|w|/b) ∝ int N(w; 0, t) exp(-t / (2 b^2)) dt`` (Andrews & Mallows
    1974), so ``p(w, t) ∝ N(w; 0, t) exp(-t/(2 b^2)) exp(-w^2/(2 tau^2))``
    has the elastic-net marginal, ``w | t ~ N(0, (1/t + 1/tau^2)^-1)`` and
    ``1/t | w ~ InverseGaussian(mean 1/(b |w|), shape 1/b^2)``. Relative: the
    same in units of ``sigma`` (``w/sigma``, ``t/sigma^2``); the joint's
    normalizer is then free of ``sigma``, so sigma's full conditional is the
    Gaussian one with ``var_j = (1/t_j + 1/tau^2)^-1``.
    """

    l1_scale: float = 1.0
    l2_scale: float = 1.0
    relative: bool = field(default=False)
    family_capabilities = frozenset({"penalty", "gibbs"})
    cli_options: ClassVar[dict] = {
        "l2_scale": "elasticnet's Gaussian scale with --scale (default: --scale)",
        "l1_ratio": "elasticnet with --lam: pen = R||w||_1 + (1-R)/2||w||^2 "
        "(default 0.5)",
    }

    def __post_init__(self):
        for name in ("l1_scale", "l2_scale"):
            value = check_positive(getattr(self, name), name, "ElasticNet")
            object.__setattr__(self, name, value)

    def _scales(self, sigma):
        sigma = check_sigma(sigma, "ElasticNet")
        k = sigma if self.relative else 1.0
        return (self.l1_scale * k, self.l2_scale * k)

    def logpdf(self, w, sigma=1.0):
        b, tau = self._scales(sigma)
        w = np.asarray(w, dtype=float)
        log_z = (
            math.log(tau)
            + 0.5 * LOG_2PI
            + math.log(special.erfcx(tau / (b * math.sqrt(2.0))))
        )
        return -np.abs(w) / b - 0.5 * (w / tau) ** 2 - log_z

    def gradient(self, w, sigma=1.0):
        """A subgradient of ``-log p``: ``sign(w)/b + w/tau^2`` (0 at 0)."""
        b, tau = self._scales(sigma)
        w = np.asarray(w, dtype=float)
        return np.sign(w) / b + w / (tau * tau)

    def penalty(self, sigma=1.0):
        b, tau = self._scales(sigma)
        return Penalty(sigma * (sigma / b), (sigma / tau) * (sigma / tau))

    def rvs(self, p, sigma=1.0, rng=None, name="coef") -> dict:
        """One draw from the prior: ``{name: w}``, ``w`` (p,) i.i.d.

        ``-|w|/b - w^2/(2 tau^2) = -(|w| + tau^2/b)^2 / (2 tau^2) + const``, so
        ``|w_j|`` is ``N(-tau^2/b, tau^2)`` truncated to ``(0, inf)``
        (scipy.stats.truncnorm) and the sign is +/- with probability 1/2.
        """
        from scipy import stats

        rng = np.random.default_rng(rng)
        b, tau = self._scales(sigma)
        a = stats.truncnorm.rvs(
            tau / b, np.inf, loc=-tau * tau / b, scale=tau, size=p, random_state=rng
        )
        return {name: np.where(rng.random(p) < 0.5, -a, a)}

    def gibbs_init(self, p, chains, rng=None) -> dict:
        """Gibbs state (capability ``gibbs``): the conditional variance
        ``var = (1/t + 1/tau^2)^-1`` (chains, p) of every weight (units of
        sigma^2 when relative), ``t`` started at its mixing mean ``2 b^2``."""
        b, tau = self.l1_scale, self.l2_scale
        var = 1.0 / (1.0 / (2.0 * b * b) + 1.0 / (tau * tau))
        return {"var": np.full((chains, p), var)}

    def gibbs_update(self, w, sigma, state, rng) -> dict:
        """Draw the latent ``t`` given ``w`` (chains, p) and ``sigma``
        (chains,): ``1/t_j ~ InverseGaussian(1/(b a_j), 1/b^2)``, ``a_j =
        |w_j| / sigma`` (relative) or ``|w_j|``, ``b = l1_scale``; return
        ``var = (1/t + 1/tau^2)^-1`` (class Notes)."""
        b, tau = self.l1_scale, self.l2_scale
        a = np.abs(w / sigma[:, None] if self.relative else w)
        inv_t = rng.wald(1.0 / (b * np.maximum(a, 1e-300)), 1.0 / (b * b))
        return {"var": 1.0 / (inv_t + 1.0 / (tau * tau))}

    def gibbs_variables(self, name, state) -> dict:
        """No hyperparameters to report."""
        return {}

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        k = sigma if self.relative else 1.0
        b = pm.Data(f"{name}_l1_scale", self.l1_scale) * k
        tau = pm.Data(f"{name}_l2_scale", self.l2_scale) * k
        return pm.CustomDist(name, b, tau, logp=_elastic_net_logp, dims=dims)

    def pymc_data(self, name):
        return {f"{name}_l1_scale": self.l1_scale, f"{name}_l2_scale": self.l2_scale}

    @classmethod
    def from_penalty(cls, lam, sigma=1.0, l1_ratio=0.5, relative=False):
        """Prior whose MAP minimizes ``1/2||y-Xw||^2 + lam P(w)``.

        ``P(w) = r ||w||_1 + (1 - r)/2 ||w||^2`` (glmnet's elastic-net penalty).

        ``r = l1_ratio`` must lie in the open interval (0, 1); use
        :class:`Laplace` or :class:`Gaussian` for the end points.
        """
        lam = check_positive(lam, "lam", "ElasticNet.from_penalty")
        sigma = check_sigma(sigma, "ElasticNet.from_penalty")
        r = check_nonnegative(l1_ratio, "l1_ratio", "ElasticNet.from_penalty")
        if not 0.0 < r < 1.0:
            raise ValueError(
                "The 'l1_ratio' parameter of ElasticNet.from_penalty must be a float "
                f"in the range (0.0, 1.0). Got {l1_ratio!r} instead."
            )
        b = sigma * (sigma / (lam * r))
        tau = sigma / math.sqrt(lam * (1.0 - r))
        k = sigma if relative else 1.0
        return cls(l1_scale=b / k, l2_scale=tau / k, relative=relative)

    @classmethod
    def from_options(
        cls, *, scale=None, lam=None, sigma=1.0, relative=False, l2_scale=None,
        l1_ratio=None, **extra,
    ):  # fmt: skip
        cls.check_options(scale, lam, extra)
        if l2_scale is not None and lam is not None:
            raise ValueError("--l2-scale goes with --prior elasticnet --scale only.")
        if l1_ratio is not None and scale is not None:
            raise ValueError("--l1-ratio goes with --prior elasticnet --lam only.")
        if lam is not None:
            r = 0.5 if l1_ratio is None else l1_ratio
            return cls.from_penalty(lam, sigma, r, relative=relative)
        return cls(scale, l2_scale or scale, relative=relative)

    @classmethod
    def lam_range(cls, max_abs_xty, mean_diag_xtx, l1_ratio=0.5, **extra):
        """From the all-zero penalty ``max_j |x_j'y| / l1_ratio`` down ``1000``x."""
        top = max_abs_xty / l1_ratio
        return top, top / 1e3


def _elastic_net_logp(value, b, tau):
    """PyTensor log density of :class:`ElasticNet` (same normalizer as logpdf)."""
    import pytensor.tensor as pt

    log_z = pt.log(tau) + 0.5 * LOG_2PI + pt.log(pt.erfcx(tau / (b * math.sqrt(2.0))))
    return -pt.abs(value) / b - 0.5 * (value / tau) ** 2 - log_z
