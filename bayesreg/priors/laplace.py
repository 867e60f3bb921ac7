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

    family_capabilities = frozenset({"penalty", "gibbs"})
    hyper_capabilities = frozenset({"gibbs"})

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        b = self.pymc_scale(name, sigma)
        return pm.Laplace(name, mu=0.0, b=b, dims=dims)

    def gibbs_init(self, p, chains, rng=None) -> dict:
        """Gibbs state (capability ``gibbs``) of the scale mixture
        ``Laplace(0, 1/lam) = int N(0, v) Exp(v; rate lam^2 / 2) dv``
        (Park & Casella 2008, JASA 103:681): ``lam2`` (chains,) and the
        latent variances ``var`` (chains, p), started at their prior mean
        ``2 / lam^2``. ``lam = 1 / scale``, or ``lam^2`` from the hyperprior;
        with ``relative`` the variances are in units of sigma^2."""
        if self.hyperprior is None:
            lam2 = np.full(chains, 1.0 / (self.scale * self.scale))
        else:
            lam2 = self.hyperprior.gibbs_init(chains)
        return {"lam2": lam2, "var": np.repeat(2.0 / lam2[:, None], p, axis=1)}

    def gibbs_update(self, w, sigma, state, rng) -> dict:
        """Draw the latent variances, then ``lam^2`` if it has a hyperprior.

        ``w`` (chains, p), ``sigma`` (chains,). With ``t_j = w_j / sigma``
        (relative) or ``t_j = w_j`` (absolute), ``p(v_j | w_j) prop.
        v_j^(-1/2) exp(-t_j^2 / (2 v_j) - lam^2 v_j / 2)``, so ``1 / v_j |
        rest ~ InverseGaussian(mean = sqrt(lam^2 / t_j^2), shape = lam^2)``
        (Park & Casella 2008, section 2; the relative form is their
        ``1/tau_j^2 ~ IG(sqrt(lam^2 sigma^2 / w_j^2), lam^2)``). Then
        ``lam^2 | v ~ Gamma(r + p, delta + sum_j v_j / 2)`` (section 3.1).
        """
        lam2 = state["lam2"]
        t = np.abs(w / sigma[:, None] if self.relative else w)
        t = np.maximum(t, 1e-300)
        lam = np.sqrt(lam2)[:, None]
        var = 1.0 / rng.wald(lam / t, lam * lam)
        if self.hyperprior is not None:
            lam2 = self.hyperprior.gibbs_lam2(w.shape[1], 0.5 * var.sum(axis=1), rng)
        return {"lam2": lam2, "var": var}

    def gibbs_variables(self, name, state) -> dict:
        """``<name>_lam2`` when ``lam^2`` has a hyperprior (as in the PyMC model)."""
        if self.hyperprior is None:
            return {}
        return {f"{name}_lam2": state["lam2"]}

    def rvs(self, p, sigma=1.0, rng=None, name="coef") -> dict:
        """One draw from the (proper) prior: ``{name: w}``, ``w`` (p,) with
        ``w_j ~ Laplace(0, b)`` i.i.d., and the hyperparameter drawn first."""
        rng = np.random.default_rng(rng)
        b, hyper = self.draw_scale(sigma, rng, name)
        return {name: rng.laplace(0.0, b, p), **hyper}

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
