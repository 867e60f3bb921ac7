"""Gibbs sampling of scale-mixture priors with the Gaussian likelihood."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from ..gibbs_kernels import bhattacharya_draw, inverse_gamma_draw, rue_draw
from ..model import COEF
from .base import Sampler, register


@register
class Gibbs(Sampler):
    """Blocked Gibbs sampler; the prior supplies its own full conditionals.

    Needs the Gaussian likelihood (capability ``quadratic``), a prior with
    the capability ``gibbs`` and a sigma that is fixed or has a conjugate
    prior (``Jeffreys()``, ``InverseGamma(a, b)``). The prior is a Gaussian
    scale mixture ``w_j | aux ~ N(0, v_j)`` (times ``sigma^2`` when
    ``relative``) and answers three questions (see
    :class:`~bayesreg.priors.scaled.ScaleFamily`):

    * ``gibbs_init(p, chains, rng)``: a state dict whose ``"var"`` (chains,
      p) holds ``v``;
    * ``gibbs_update(w, sigma, state, rng)``: the auxiliaries (latent scales,
      hyperparameters) drawn from their full conditionals;
    * ``gibbs_variables(name, state)``: the hyperparameters to report, named
      as the PyMC model names them (``coef_lam2``).

    One sweep, with the intercept integrated out (flat prior: centred
    statistics, ``m = n - 1`` rows' worth of information, else ``m = n``):

    1. ``w | sigma, aux ~ N(A^-1 X'y, sigma^2 A^-1)``, ``A = X'X + diag(prec)``
       with ``prec = 1 / v`` (relative) or ``sigma^2 / v`` (absolute): Rue's
       (2001, JRSS-B 63:325) Cholesky algorithm on ``X'X`` (O(p^3) whatever
       ``n``); when ``p > n`` and the rows are at hand, Bhattacharya,
       Chakraborty & Mallick's (2016, Biometrika 103:985) algorithm (O(n^2 p));
    2. ``sigma^2 | w, aux ~ InvGamma(a0 + m/2 [+ p/2], b0 + RSS(w)/2 [+
       sum_j w_j^2 / (2 v_j)])`` (bracketed terms for a relative prior;
       Jeffreys is ``a0 = b0 = 0``);
    3. the prior's auxiliaries given ``w, sigma`` (for the Bayesian lasso the
       inverse-Gaussian latent scales and Gamma ``lam^2`` of Park & Casella
       2008, JASA 103:681).

    After the chains the intercept is drawn as ``b0 | w, sigma ~ N(ȳ - x̄'w,
    sigma^2 / n)``. The chains run vectorized (one array operation per step
    for all chains, except the Cholesky block: a loop of LAPACK calls over
    chains); ``tune`` sweeps are discarded
    as burn-in, no thinning; chains start at sigma^2 = ``y'y / m`` and the
    prior's own starting state. The same seed gives the same draws (for
    the same number of chains). ``progressbar`` is ignored.
    """

    name = "gibbs"
    method = "nuts"  # Markov chains, served where NUTS is (estimator method)
    requires = frozenset({"gibbs"})
    likelihood_requires = frozenset({"quadratic"})

    def check(self, prior, sigma, owner, likelihood=None):
        super().check(prior, sigma, owner, likelihood)
        if sigma.fixed is None and sigma.inverse_gamma() is None:
            raise ValueError(
                "sampler='gibbs' needs sigma fixed or with a conjugate prior "
                f"(Jeffreys() or InverseGamma(a, b)); got sigma={sigma!r}. Use "
                "sampler='nutpie' for other sigma priors."
            )

    def run(self, prior, sigma, data, *, draws, tune, chains, seed, progressbar):
        rng = np.random.default_rng(seed)
        lik, p, n = data.lik, data.p, data.n
        xtx, xty, yty = lik.gram(), lik.xty, lik.yty
        rows = _centred_rows(data) if p > n else None
        m = n - 1 if data.fit_intercept else n
        fixed = sigma.fixed
        if fixed is None:
            a0, b0 = sigma.inverse_gamma()
            s2 = np.full(chains, max(yty / m, 1e-12))
        else:
            s2 = np.full(chains, fixed * fixed)
        relative = bool(prior.relative)
        state = prior.gibbs_init(p, chains, rng)
        w_out = np.empty((chains, draws, p))
        s_out = np.empty((chains, draws))
        extra: dict = {}
        for it in range(tune + draws):
            var = state["var"]
            if rows is not None:
                w = bhattacharya_draw(
                    *rows, var * s2[:, None] if relative else var, np.sqrt(s2), rng
                )
            else:
                prec = 1.0 / var if relative else s2[:, None] / var
                try:
                    w = rue_draw(xtx, xty, prec, np.sqrt(s2), rng)
                except np.linalg.LinAlgError as err:
                    raise ValueError(
                        "sampler='gibbs': X'X + prior precision is not positive "
                        "definite."
                    ) from err
            if fixed is None:
                rss = yty - 2.0 * (w @ xty) + np.einsum("cp,pq,cq->c", w, xtx, w)
                shape = a0 + 0.5 * m
                rate = b0 + 0.5 * np.maximum(rss, 0.0)
                if relative:
                    shape = shape + 0.5 * p
                    rate = rate + 0.5 * np.sum(w * w / var, axis=1)
                s2 = inverse_gamma_draw(shape, rate, rng)
            state = prior.gibbs_update(w, np.sqrt(s2), state, rng)
            k = it - tune
            if k >= 0:
                w_out[:, k] = w
                s_out[:, k] = np.sqrt(s2)
                for name, value in prior.gibbs_variables(COEF, state).items():
                    extra.setdefault(name, np.empty((chains, draws)))[:, k] = value
        dims = ("chain", "draw")
        post = {COEF: ((*dims, "feature"), w_out)}
        if data.fit_intercept:
            b = lik.y_offset - w_out @ lik.x_offset
            b = b + s_out / math.sqrt(n) * rng.standard_normal((chains, draws))
            post["intercept"] = (dims, b)
        if fixed is None:
            post["sigma"] = (dims, s_out)
        post.update({name: (dims, value) for name, value in extra.items()})
        coords = {"chain": np.arange(chains), "draw": np.arange(draws)}
        stats = xr.Dataset(
            {"diverging": (dims, np.zeros((chains, draws), bool))}, coords=coords
        )
        return xr.Dataset(post, coords=coords), stats


def _centred_rows(data):
    """``(X, y)`` centred (and scaled, with ``standardize``) as the likelihood's
    statistics, so ``X'X`` and ``X'y`` are ``data.lik``'s; None without rows."""
    if data.X is None or data.y is None:
        return None
    X = np.asarray(data.X, dtype=float)
    if data.x_scale is not None:
        X = X / data.x_scale
    lik = data.lik
    return X - lik.x_offset, np.asarray(data.y, dtype=float) - lik.y_offset
