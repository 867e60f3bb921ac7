"""Independent draws from the closed-form (conjugate) posterior."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr
from scipy import linalg

from ..model import COEF
from .base import Sampler, register


@register
class Exact(Sampler):
    """I.i.d. draws of a Gaussian (or flat) prior with a known or conjugate sigma.

    Needs the Gaussian likelihood (the capability ``quadratic``: logistic,
    Poisson and Student-t posteriors have no closed form) and a prior with
    the capability ``conjugate`` (``conjugate_variance()
    = (v0, relative)``: ``w_j ~ N(0, v0)``, times ``sigma^2`` if relative).
    With ``A = X'X + sigma^2 V0^-1`` (:meth:`GaussianLikelihood.
    conjugate_posterior`): ``w | sigma ~ N(A^-1 X'y, sigma^2 A^-1)``. With
    ``sigma^2 ~ InvGamma(a0, b0)`` and a relative prior (or a flat one),
    ``sigma^2 | y ~ InvGamma(a0 + (m - p + k)/2, b0 + (y'y - X'y' A^-1 X'y)/2)``
    where ``m = n - 1`` with an intercept (integrated out), else ``n``, and
    ``k`` is ``p`` for a Gaussian prior, 0 for the flat one. The intercept is
    ``b0 | w, sigma ~ N(ȳ - x̄'w, sigma^2 / n)``.
    """

    name = "exact"
    method = "exact"
    requires = frozenset({"conjugate"})
    likelihood_requires = frozenset({"quadratic"})
    iid = True

    def check(self, prior, sigma, owner, likelihood=None):
        super().check(prior, sigma, owner, likelihood)
        v0, relative = prior.conjugate_variance()
        if sigma.fixed is None and (
            sigma.inverse_gamma() is None or not (relative or math.isinf(v0))
        ):
            raise ValueError(
                "sampler='exact' with an unknown sigma needs a conjugate pair: a "
                "Gaussian prior with relative=True (or Flat) and sigma ~ Jeffreys() "
                f"or InverseGamma(a, b); got {prior!r} and sigma={sigma!r}."
            )

    def run(self, prior, sigma, data, *, draws, tune, chains, seed, progressbar):
        v0, relative = prior.conjugate_variance()
        lik, p = data.lik, data.p
        rng = np.random.default_rng(seed)
        shape = (chains, draws)
        # prior precision in units of 1/sigma^2
        k = 0 if math.isinf(v0) else p
        lam = 0.0 if k == 0 else 1.0 / v0
        if sigma.fixed is not None and not relative:
            lam = lam * sigma.fixed**2
        try:
            chol, m, resid = lik.conjugate_posterior(lam)
        except linalg.LinAlgError as err:
            raise ValueError(
                "sampler='exact': X'X + prior precision is not positive definite "
                "(collinear columns with a flat prior?); use a Gaussian prior."
            ) from err
        if sigma.fixed is not None:
            s = np.full(shape, sigma.fixed)
        else:
            a0, b0 = sigma.inverse_gamma()
            m_eff = data.n - 1 if data.fit_intercept else data.n
            an = a0 + 0.5 * (m_eff - p + k)
            bn = b0 + 0.5 * resid
            if not (an > 0 and bn > 0):
                raise ValueError(
                    "sampler='exact': the posterior of sigma is improper "
                    f"(shape {an:g}, scale {bn:g}); more rows or a proper prior "
                    "needed."
                )
            s = np.sqrt(bn / rng.gamma(an, size=shape))
        # w = m + sigma L^-T z  has covariance sigma^2 (L L')^-1 = sigma^2 A^-1
        z = rng.standard_normal((p, chains * draws))
        e = linalg.solve_triangular(chol[0], z, trans="T", lower=True)
        w = m + s[..., None] * e.T.reshape(*shape, p)
        dims = ("chain", "draw")
        post = {COEF: ((*dims, "feature"), w)}
        if data.fit_intercept:
            b = lik.y_offset - w @ lik.x_offset
            b = b + s / math.sqrt(data.n) * rng.standard_normal(shape)
            post["intercept"] = (dims, b)
        if sigma.fixed is None:
            post["sigma"] = (dims, s)
        coords = {"chain": np.arange(chains), "draw": np.arange(draws)}
        stats = xr.Dataset({"diverging": (dims, np.zeros(shape, bool))}, coords=coords)
        return xr.Dataset(post, coords=coords), stats
