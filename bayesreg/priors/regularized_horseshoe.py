"""The regularized horseshoe: a horseshoe whose large weights meet a slab."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from .._validation import check_int, check_positive
from .base import register
from .horseshoe import GlobalLocal

__all__ = ["RegularizedHorseshoe"]


@register("regularized_horseshoe")
@dataclass(frozen=True)
class RegularizedHorseshoe(GlobalLocal):
    """Regularized horseshoe prior (Piironen & Vehtari 2017, EJS 11:5018)::

        w_j | lambda_j, tau, c ~ N(0, tau^2 lambda~_j^2),
        lambda~_j^2 = c^2 lambda_j^2 / (c^2 + tau^2 lambda_j^2),
        lambda_j ~ HalfCauchy(1),   tau ~ HalfCauchy(scale),
        c^2 ~ InvGamma(slab_df / 2, slab_df slab_scale^2 / 2).

    Small weights are shrunk as by the horseshoe; large ones as by a Student-t
    slab of ``slab_df`` degrees of freedom and scale ``slab_scale``
    (``tau^2 lambda~_j^2 = 1 / (1 / (tau^2 lambda_j^2) + 1 / c^2)`` never
    exceeds ``c^2``). No closed-form density, MAP, penalty or ``logpdf``:
    posterior sampling only (PyMC; no Gibbs conditionals).

    With ``relative`` the global scale is ``sigma tau``, as in rstanarm's
    ``hs()`` and brms' ``horseshoe()``: ``tau`` above is then ``sigma tau``,
    while the slab ``c`` stays in the units of the weights.

    PyMC form, non-centred: ``coef_z ~ N(0, 1)``, ``coef_lambda ~
    HalfCauchy(1)``, ``coef_tau ~ HalfCauchy(scale)``, ``coef_c2 ~
    InvGamma(...)``, ``coef = coef_z * tau * lambda~`` (a
    ``pm.Deterministic``).

    Parameters
    ----------
    scale : float > 0
        Scale ``tau0`` of the global half-Cauchy (in units of sigma when
        relative); :meth:`from_expected_nonzero` gives Piironen & Vehtari's
        choice from an expected number of non-zero weights.
    slab_scale : float > 0, default 2
        Scale ``s`` of the slab: ``c^2`` has the inverse-gamma law of ``s^2``
        times a ``slab_df / chi^2_slab_df`` variable.
    slab_df : float > 0, default 4
        Degrees of freedom of the slab.
    relative : bool, default True
        If True the global scale is relative to sigma.

    References
    ----------
    Piironen, J. and Vehtari, A. (2017). Sparsity information and
    regularization in the horseshoe and other shrinkage priors. Electronic
    Journal of Statistics 11:5018-5051.

    Examples
    --------
    >>> RegularizedHorseshoe.from_expected_nonzero(5, n_samples=100, n_features=55)
    RegularizedHorseshoe(scale=0.01, slab_scale=2.0, slab_df=4.0, relative=True)
    """

    scale: float
    slab_scale: float = 2.0
    slab_df: float = 4.0
    relative: bool = field(default=True)
    cli_options: ClassVar[dict] = {
        "slab_scale": "regularized_horseshoe's slab scale (default 2)",
        "slab_df": "regularized_horseshoe's slab degrees of freedom (default 4)",
    }

    def __post_init__(self):
        super().__post_init__()
        for name in ("slab_scale", "slab_df"):
            value = check_positive(getattr(self, name), name, "RegularizedHorseshoe")
            object.__setattr__(self, name, value)

    def variance(self, sigma=1.0):
        raise self.no_density_error("RegularizedHorseshoe.variance")

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        tau = self.pymc_tau(name, sigma)
        lam = pm.HalfCauchy(f"{name}_lambda", beta=1.0, dims=dims)
        df = pm.Data(f"{name}_slab_df", self.slab_df)
        s = pm.Data(f"{name}_slab_scale", self.slab_scale)
        c2 = pm.InverseGamma(f"{name}_c2", alpha=0.5 * df, beta=0.5 * df * s * s)
        z = pm.Normal(f"{name}_z", mu=0.0, sigma=1.0, dims=dims)
        # tau lambda~ = 1 / sqrt(1 / (tau lambda)^2 + 1 / c^2)
        tl = tau * lam
        sd = tl * pm.math.sqrt(c2 / (c2 + tl * tl))
        return pm.Deterministic(name, z * sd, dims=dims)

    def pymc_data(self, name):
        return {
            f"{name}_scale": self.scale,
            f"{name}_slab_scale": self.slab_scale,
            f"{name}_slab_df": self.slab_df,
        }

    def rvs(self, p, sigma=1.0, rng=None, name="coef") -> dict:
        """One draw from the prior: ``{name: w (p,), <name>_tau: tau,
        <name>_c2: c^2}``."""
        rng = np.random.default_rng(rng)
        tau, hyper = self.draw_tau(sigma, rng, name)
        c2 = self.slab_df * self.slab_scale**2 / rng.chisquare(self.slab_df)
        tl = tau * np.abs(rng.standard_cauchy(p))
        sd = tl * np.sqrt(c2 / (c2 + tl * tl))
        return {name: sd * rng.standard_normal(p), **hyper, f"{name}_c2": c2}

    @classmethod
    def from_expected_nonzero(cls, p0, n_samples, n_features, **kw):
        """The prior with Piironen & Vehtari's (2017) global scale
        for ``p0`` expected non-zero weights out of ``p = n_features``::

            scale = tau0 = p0 / (p - p0) / sqrt(n),

        relative to sigma (their ``tau0 = p0 / (p - p0) sigma / sqrt(n)``),
        so ``relative`` must stay True. ``kw``: ``slab_scale``, ``slab_df``.
        """
        owner = "RegularizedHorseshoe.from_expected_nonzero"
        n = check_int(n_samples, "n_samples", owner)
        p = check_int(n_features, "n_features", owner, minimum=2)
        p0 = check_positive(p0, "p0", owner)
        if p0 >= p:
            raise ValueError(
                f"The 'p0' parameter of {owner} must be a float in the range "
                f"(0.0, n_features={p}). Got {p0!r} instead."
            )
        if not kw.get("relative", True):
            raise ValueError(
                f"{owner} gives a scale relative to sigma, so 'relative' must be "
                "True; for an absolute prior pass scale = tau0 * sigma to "
                "RegularizedHorseshoe yourself."
            )
        return cls(scale=p0 / (p - p0) / math.sqrt(n), **kw)

    @classmethod
    def from_options(cls, *, scale=None, lam=None, sigma=1.0, relative=False, **extra):
        if scale is None and lam is None:
            raise ValueError(
                f"--prior {cls.name} needs --scale S, the global scale tau0 "
                "(Piironen & Vehtari: p0 / (p - p0) / sqrt(n) for p0 expected "
                "non-zeros, with --relative)."
            )
        return super().from_options(
            scale=scale, lam=lam, sigma=sigma, relative=relative, **extra
        )
