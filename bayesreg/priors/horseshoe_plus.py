"""The horseshoe+ prior: a horseshoe with half-Cauchy scales on the local scales."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .base import register
from .horseshoe import GlobalLocal, bounded, inverse_gamma

__all__ = ["HorseshoePlus"]


@register("horseshoe_plus")
@dataclass(frozen=True)
class HorseshoePlus(GlobalLocal):
    """Horseshoe+ prior (Bhadra, Datta, Polson & Willard 2017)::

        w_j | lambda_j, tau ~ N(0, lambda_j^2 tau^2)   (times sigma^2 if relative)
        lambda_j | eta_j ~ HalfCauchy(eta_j),   eta_j ~ HalfCauchy(1),
        tau ~ HalfCauchy(scale).

    Bhadra et al. write ``lambda_j ~ HalfCauchy(tau eta_j)`` with ``w_j ~
    N(0, lambda_j^2)``: the same prior. Its marginal density has a sharper
    pole at 0 and heavier tails than the horseshoe's (ultra-sparse signals);
    like the horseshoe it has no closed form, MAP, penalty or ``logpdf``.

    PyMC form, non-centred in the weights: ``coef_z ~ N(0, 1)``, ``coef_eta
    ~ HalfCauchy(1)``, ``coef_lambda ~ HalfCauchy(coef_eta)``, ``coef_tau ~
    HalfCauchy(scale)``, ``coef = coef_z * coef_lambda * coef_tau [*
    sigma]`` (a ``pm.Deterministic``).

    Gibbs (capability ``gibbs``): write ``lambda_j = u_j eta_j`` with
    ``u_j, eta_j ~ HalfCauchy(1)`` independent (the parameter expansion of
    BayesReg's sampler; ``u_j eta_j | eta_j ~ HalfCauchy(eta_j)``) and give
    each half-Cauchy Makalic & Schmidt's (2016) inverse-gamma pair, ``u_j^2
    | nu_j ~ IG(1/2, 1/nu_j)``, ``nu_j ~ IG(1/2, 1)``, ``eta_j^2 | phi_j ~
    IG(1/2, 1/phi_j)``, ``phi_j ~ IG(1/2, 1)``. With ``t_j = w_j / sigma``
    (relative) or ``w_j``, ``t_j | . ~ N(0, tau^2 u_j^2 eta_j^2)``, so::

        u_j^2 | rest   ~ IG(1, 1/nu_j + t_j^2 / (2 tau^2 eta_j^2))
        nu_j | rest    ~ IG(1, 1 + 1/u_j^2)
        eta_j^2 | rest ~ IG(1, 1/phi_j + t_j^2 / (2 tau^2 u_j^2))
        phi_j | rest   ~ IG(1, 1 + 1/eta_j^2)
        tau^2 | rest   ~ IG((p+1)/2, 1/xi + sum_j t_j^2 / (2 lambda_j^2))
        xi | rest      ~ IG(1, 1/scale^2 + 1/tau^2)

    Parameters
    ----------
    scale : float > 0, default 1
        Scale of the global half-Cauchy ``tau`` (in units of sigma when
        relative).
    relative : bool, default True
        If True the weights scale with ``sigma`` (as in BayesReg).

    References
    ----------
    Bhadra, A., Datta, J., Polson, N. G. and Willard, B. (2017). The
    horseshoe+ estimator of ultra-sparse signals. Bayesian Analysis
    12:1105-1131.
    Makalic, E. and Schmidt, D. F. (2016). A simple sampler for the horseshoe
    estimator. IEEE Signal Processing Letters 23:179-182.
    Makalic, E. and Schmidt, D. F. (2016). High-dimensional Bayesian
    regularised regression with the BayesReg package. arXiv:1611.06649.

    Examples
    --------
    >>> HorseshoePlus(scale=0.5, relative=False)
    HorseshoePlus(scale=0.5, relative=False)
    """

    scale: float = 1.0
    relative: bool = field(default=True)
    family_capabilities = frozenset({"gibbs"})

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        tau = self.pymc_tau(name, sigma)
        eta = pm.HalfCauchy(f"{name}_eta", beta=1.0, dims=dims)
        lam = pm.HalfCauchy(f"{name}_lambda", beta=eta, dims=dims)
        z = pm.Normal(f"{name}_z", mu=0.0, sigma=1.0, dims=dims)
        return pm.Deterministic(name, z * lam * tau, dims=dims)

    def rvs(self, p, sigma=1.0, rng=None, name="coef") -> dict:
        """One draw from the prior: ``{name: w (p,), <name>_tau: tau}``."""
        rng = np.random.default_rng(rng)
        tau, hyper = self.draw_tau(sigma, rng, name)
        eta = np.abs(rng.standard_cauchy(p))
        lam = eta * np.abs(rng.standard_cauchy(p))
        return {name: tau * lam * rng.standard_normal(p), **hyper}

    def gibbs_init(self, p, chains, rng=None) -> dict:
        """State: ``u2``, ``nu``, ``eta2``, ``phi`` (chains, p) at 1, ``tau2``
        and ``xi`` at ``scale^2``, and ``var = tau^2 u^2 eta^2``."""
        state = self.gibbs_tau_init(chains)
        for key in ("u2", "nu", "eta2", "phi"):
            state[key] = np.ones((chains, p))
        state["var"] = np.repeat(state["tau2"][:, None], p, axis=1)
        return state

    def gibbs_update(self, w, sigma, state, rng) -> dict:
        """The full conditionals of the class docstring, in that order."""
        t2 = self.t_squared(w, sigma) / (2.0 * state["tau2"][:, None])
        u2 = inverse_gamma(1.0, 1.0 / state["nu"] + t2 / state["eta2"], rng)
        u2 = bounded(u2)
        nu = inverse_gamma(1.0, 1.0 + 1.0 / u2, rng)
        eta2 = inverse_gamma(1.0, 1.0 / state["phi"] + t2 / u2, rng)
        eta2 = bounded(eta2)
        phi = inverse_gamma(1.0, 1.0 + 1.0 / eta2, rng)
        lam2 = bounded(u2 * eta2)
        ss = np.sum(self.t_squared(w, sigma) / lam2, axis=1)
        glob = self.gibbs_tau_update(ss, w.shape[1], state, rng)
        var = bounded(glob["tau2"][:, None] * lam2)
        return {**glob, "u2": u2, "nu": nu, "eta2": eta2, "phi": phi, "var": var}
