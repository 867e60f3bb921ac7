"""The horseshoe prior: global-local shrinkage with half-Cauchy scales."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_bool, check_positive
from .base import Prior, register

__all__ = ["GlobalLocal", "Horseshoe"]


@dataclass(frozen=True)
class GlobalLocal(Prior):
    """Shared part of the horseshoe family: a global scale ``tau ~
    HalfCauchy(scale)``, local scales, no closed-form density.

    The marginal density of each weight has a pole at ``w = 0`` (Carvalho,
    Polson & Scott 2010, theorem 1), so there is no finite MAP, penalty or
    ``logpdf``: each says so (``has_density = False``) and points to
    ``sample_posterior``. With ``relative`` the weights are in units of
    ``sigma`` (``w_j = sigma t_j``), as in BayesReg and rstanarm's ``hs()``.
    """

    has_density = False

    def __post_init__(self):
        owner = type(self).__name__
        object.__setattr__(self, "scale", check_positive(self.scale, "scale", owner))
        relative = check_bool(self.relative, "relative", owner)
        object.__setattr__(self, "relative", relative)

    # -- no density ------------------------------------------------------------

    def logpdf(self, w, sigma=1.0):
        raise self.no_density_error(f"{type(self).__name__}.logpdf")

    def neg_log_density(self, w, sigma=1.0):
        raise self.no_density_error(f"{type(self).__name__}.neg_log_density")

    def penalty(self, sigma=1.0):
        raise self.no_density_error(f"{type(self).__name__}.penalty")

    def variance(self, sigma=1.0):
        """Infinite: ``E[w^2] = E[tau^2] E[lambda^2]`` (times ``sigma^2``) and
        a half-Cauchy has no second moment."""
        return math.inf

    # -- PyMC -------------------------------------------------------------------

    def pymc_tau(self, name, sigma):
        """``<name>_tau ~ HalfCauchy(<name>_scale)`` in the model in context;
        returns ``tau`` (times ``sigma`` when relative)."""
        import pymc as pm

        beta = pm.Data(f"{name}_scale", float(self.scale))
        tau = pm.HalfCauchy(f"{name}_tau", beta=beta)
        return tau * sigma if self.relative else tau

    def pymc_data(self, name):
        return {f"{name}_scale": self.scale}

    def pymc_key(self):
        return (type(self).__name__, self.relative)

    # -- prior draws ------------------------------------------------------------

    def draw_tau(self, sigma, rng, name):
        """``(tau, {<name>_tau: tau})``, ``tau ~ HalfCauchy(scale)``; the
        first is times ``sigma`` when relative."""
        tau = float(self.scale * abs(rng.standard_cauchy()))
        return (tau * sigma if self.relative else tau), {f"{name}_tau": tau}

    # -- Gibbs: the global scale (Makalic & Schmidt 2016) --------------------

    def gibbs_tau_init(self, chains) -> dict:
        """``tau^2`` and its auxiliary ``xi`` started at ``scale^2``."""
        s2 = self.scale * self.scale
        return {"tau2": np.full(chains, s2), "xi": np.full(chains, s2)}

    def gibbs_tau_update(self, ss, p, state, rng) -> dict:
        """Draw ``tau^2`` then ``xi`` given ``ss = sum_j t_j^2 / l_j^2``
        (chains,), ``l_j^2`` the local variances.

        ``tau ~ HalfCauchy(A)`` is ``tau^2 | xi ~ IG(1/2, 1/xi)``, ``xi ~
        IG(1/2, 1/A^2)`` (Makalic & Schmidt 2016), so with ``t_j | .
        ~ N(0, tau^2 l_j^2)``::

            tau^2 | rest ~ IG((p + 1)/2, 1/xi + ss/2)
            xi | rest    ~ IG(1, 1/A^2 + 1/tau^2)
        """
        tau2 = inverse_gamma(0.5 * (p + 1), 1.0 / state["xi"] + 0.5 * ss, rng)
        tau2 = bounded(tau2)
        a2 = self.scale * self.scale
        xi = inverse_gamma(1.0, 1.0 / a2 + 1.0 / tau2, rng)
        return {"tau2": tau2, "xi": xi}

    def gibbs_variables(self, name, state) -> dict:
        """``<name>_tau`` (chains,), as in the PyMC model."""
        return {f"{name}_tau": np.sqrt(state["tau2"])}

    def t_squared(self, w, sigma):
        """``t_j^2 = (w_j / sigma)^2`` (relative) or ``w_j^2`` (chains, p)."""
        t = w / sigma[:, None] if self.relative else w
        return t * t

    # -- construction ---------------------------------------------------------

    @classmethod
    def from_options(cls, *, scale=None, lam=None, sigma=1.0, relative=False, **extra):
        """``--scale`` is the global scale (default: the constructor's); the
        family's ``cli_options`` are passed on; ``--lam`` is refused: there is
        no penalty form (no finite MAP)."""
        if lam is not None:
            raise ValueError(
                f"--prior {cls.name} has no penalty form (no finite MAP: its "
                "density has a pole at w = 0), so --lam has no meaning: give "
                "--scale (the global scale) and a posterior --method."
            )
        own = {k: extra.pop(k) for k in list(extra) if k in cls.cli_options}
        cls.check_options(1.0 if scale is None else scale, None, extra)
        own = {k: v for k, v in own.items() if v is not None}
        if scale is not None:
            own["scale"] = scale
        return cls(relative=relative, **own)


def inverse_gamma(shape, rate, rng) -> np.ndarray:
    """``x ~ IG(shape, rate)`` (density ``prop. x^-(shape+1) exp(-rate/x)``),
    as ``rate / Gamma(shape, 1)``; ``shape = 1`` as ``rate / Exp(1)``."""
    if shape == 1.0:
        return rate / rng.standard_exponential(np.shape(rate))
    return rate / rng.standard_gamma(shape, np.shape(rate))


# keep variances away from 0 and inf (a zero prior variance would make the
# coefficient block singular; IG draws of extreme rates can under/overflow)
_TINY, _HUGE = 1e-150, 1e150


def bounded(x: np.ndarray) -> np.ndarray:
    """``x`` clipped to ``[_TINY, _HUGE]`` in place (two ufuncs: cheaper than
    ``np.clip``'s wrapper on a few dozen numbers)."""
    np.maximum(x, _TINY, out=x)
    return np.minimum(x, _HUGE, out=x)


@register("horseshoe")
@dataclass(frozen=True)
class Horseshoe(GlobalLocal):
    """Horseshoe prior (Carvalho, Polson & Scott 2010)::

        w_j | lambda_j, tau ~ N(0, lambda_j^2 tau^2)   (times sigma^2 if relative)
        lambda_j ~ HalfCauchy(1),   tau ~ HalfCauchy(scale).

    The marginal density of ``w_j`` has no closed form and a pole at 0 (so no
    MAP, penalty or ``logpdf``: only posterior sampling) and Cauchy-like
    tails: small weights are shrunk hard, large ones hardly at all.

    PyMC form, non-centred: ``coef_z ~ N(0, 1)``, ``coef_lambda ~
    HalfCauchy(1)``, ``coef_tau ~ HalfCauchy(scale)``, ``coef = coef_z *
    coef_lambda * coef_tau [* sigma]`` (a ``pm.Deterministic``).

    Gibbs (capability ``gibbs``), Makalic & Schmidt's (2016) auxiliaries:
    ``lambda_j^2 | nu_j ~ IG(1/2, 1/nu_j)``, ``nu_j ~ IG(1/2, 1)`` (so
    ``lambda_j ~ HalfCauchy(1)``), and the same for ``tau`` (``xi``); with
    ``t_j = w_j / sigma`` (relative) or ``w_j``, the full conditionals are::

        lambda_j^2 | rest ~ IG(1, 1/nu_j + t_j^2 / (2 tau^2))
        nu_j | rest       ~ IG(1, 1 + 1/lambda_j^2)
        tau^2 | rest      ~ IG((p+1)/2, 1/xi + sum_j t_j^2 / (2 lambda_j^2))
        xi | rest         ~ IG(1, 1/scale^2 + 1/tau^2)

    Parameters
    ----------
    scale : float > 0, default 1
        Scale of the global half-Cauchy ``tau`` (in units of sigma when
        relative). Piironen & Vehtari (2017) suggest ``p0 / (p - p0) /
        sqrt(n)`` for ``p0`` expected non-zeros (see
        :meth:`RegularizedHorseshoe.from_expected_nonzero`).
    relative : bool, default True
        If True the weights scale with ``sigma``, as in BayesReg and
        rstanarm's ``hs()``.

    References
    ----------
    Carvalho, C. M., Polson, N. G. and Scott, J. G. (2010). The horseshoe
    estimator for sparse signals. Biometrika 97:465-480.
    Makalic, E. and Schmidt, D. F. (2016). A simple sampler for the horseshoe
    estimator. IEEE Signal Processing Letters 23:179-182.

    Examples
    --------
    >>> Horseshoe(scale=0.1)
    Horseshoe(scale=0.1, relative=True)
    """

    scale: float = 1.0
    relative: bool = field(default=True)
    family_capabilities = frozenset({"gibbs"})

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        tau = self.pymc_tau(name, sigma)
        lam = pm.HalfCauchy(f"{name}_lambda", beta=1.0, dims=dims)
        z = pm.Normal(f"{name}_z", mu=0.0, sigma=1.0, dims=dims)
        return pm.Deterministic(name, z * lam * tau, dims=dims)

    def rvs(self, p, sigma=1.0, rng=None, name="coef") -> dict:
        """One draw from the prior: ``{name: w (p,), <name>_tau: tau}``."""
        rng = np.random.default_rng(rng)
        tau, hyper = self.draw_tau(sigma, rng, name)
        lam = np.abs(rng.standard_cauchy(p))
        return {name: tau * lam * rng.standard_normal(p), **hyper}

    def gibbs_init(self, p, chains, rng=None) -> dict:
        """State: ``lam2``, ``nu`` (chains, p) at 1, ``tau2``, ``xi`` at
        ``scale^2``, and ``var = tau^2 lambda^2``."""
        state = self.gibbs_tau_init(chains)
        state["lam2"] = np.ones((chains, p))
        state["nu"] = np.ones((chains, p))
        state["var"] = state["tau2"][:, None] * state["lam2"]
        return state

    def gibbs_update(self, w, sigma, state, rng) -> dict:
        """The full conditionals of the class docstring, in that order."""
        t2 = self.t_squared(w, sigma)
        tau2 = state["tau2"][:, None]
        lam2 = inverse_gamma(1.0, 1.0 / state["nu"] + 0.5 * t2 / tau2, rng)
        lam2 = bounded(lam2)
        nu = inverse_gamma(1.0, 1.0 + 1.0 / lam2, rng)
        glob = self.gibbs_tau_update(np.sum(t2 / lam2, axis=1), w.shape[1], state, rng)
        var = bounded(glob["tau2"][:, None] * lam2)
        return {**glob, "lam2": lam2, "nu": nu, "var": var}
