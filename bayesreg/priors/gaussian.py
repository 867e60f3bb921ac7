"""The Gaussian (normal) prior: the MAP is ridge regression."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .._validation import check_positive
from .base import LOG_2PI, Penalty, check_sigma, register
from .scaled import ScaleFamily

__all__ = ["Gaussian"]


@register("gaussian")
@dataclass(frozen=True, repr=False)
class Gaussian(ScaleFamily):
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
        ``ScaleHalfCauchy(beta)`` is BayesReg's ridge (Makalic & Schmidt
        2016): ``sampler="gibbs"`` accepts it and reports ``coef_tau``.

    Examples
    --------
    >>> Gaussian(scale=0.5).penalty(sigma=1.0)
    Penalty(l1=0.0, l2=4.0)
    >>> Gaussian.from_penalty(4.0, sigma=1.0)
    Gaussian(scale=0.5, relative=False)
    """

    family_capabilities = frozenset({"gradient", "penalty", "conjugate", "gibbs"})
    hyper_capabilities = frozenset({"gibbs"})
    hyper_needs: ClassVar[dict] = {"gibbs": "gibbs_scale2"}

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        tau = self.pymc_scale(name, sigma)
        return pm.Normal(name, mu=0.0, sigma=tau, dims=dims)

    def conjugate_variance(self):
        if self.hyperprior is not None:
            return None
        return (self.scale * self.scale, self.relative)

    def gibbs_init(self, p, chains, rng=None) -> dict:
        """Gibbs state (capability ``gibbs``): the variance ``var`` (chains,
        p) of every weight, in units of sigma^2 when relative: ``scale^2``,
        or ``tau^2`` with the hyperprior's own state (ScaleHalfCauchy:
        ``tau2`` and its auxiliary ``xi``, BayesReg's "ridge")."""
        if self.hyperprior is None:
            return {"var": np.full((chains, p), self.scale * self.scale)}
        state = self.hyperprior.gibbs_init(chains)
        return {**state, "var": np.repeat(state["tau2"][:, None], p, axis=1)}

    def gibbs_update(self, w, sigma, state, rng) -> dict:
        """Nothing to draw for a fixed scale. With a hyperprior, ``tau^2``
        given ``w`` (and ``sigma``): the weights contribute ``tau^-p
        exp(-sum_j t_j^2 / (2 tau^2))``, ``t = w / sigma`` (relative) or
        ``w``, to the hyperprior's ``gibbs_scale2(p/2, sum t^2 / 2)``
        (Makalic & Schmidt 2016)."""
        if self.hyperprior is None:
            return state
        t = w / sigma[:, None] if self.relative else w
        p = w.shape[1]
        new = self.hyperprior.gibbs_scale2(
            0.5 * p, 0.5 * np.einsum("cp,cp->c", t, t), state, rng
        )
        return {**new, "var": np.repeat(new["tau2"][:, None], p, axis=1)}

    def gibbs_variables(self, name, state) -> dict:
        """``<name>_tau`` when the scale has a hyperprior (as in the PyMC model)."""
        if self.hyperprior is None:
            return {}
        return {f"{name}_tau": np.sqrt(state["tau2"])}

    def rvs(self, p, sigma=1.0, rng=None, name="coef") -> dict:
        """One draw from the (proper) prior: ``{name: w}``, ``w`` (p,) with
        ``w_j ~ N(0, tau^2)`` i.i.d., and the hyperparameter drawn first."""
        rng = np.random.default_rng(rng)
        tau, hyper = self.draw_scale(sigma, rng, name)
        return {name: rng.normal(0.0, tau, p), **hyper}

    def logpdf(self, w, sigma=1.0):
        tau = self.absolute_scale(sigma)
        w = np.asarray(w, dtype=float)
        return -0.5 * (w / tau) ** 2 - math.log(tau) - 0.5 * LOG_2PI

    def variance(self, sigma=1.0):
        tau = self.absolute_scale(sigma)
        return tau * tau

    def gradient(self, w, sigma=1.0):
        tau = self.absolute_scale(sigma)
        return np.asarray(w, dtype=float) / (tau * tau)

    def penalty(self, sigma=1.0):
        tau = self.absolute_scale(sigma)
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
