"""Gibbs sampling of scale-mixture priors with the Gaussian likelihood."""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from ..._threads import one_blas_thread
from ..gibbs_kernels import RowsBlock, RueBlock
from ..model import COEF
from .base import Sampler, register

#: Chains start from variances and sigma^2 times factors spread from
#: ``1/SPREAD`` to ``SPREAD`` (log-evenly) across the chains.
SPREAD = 4.0

#: Standard normals are drawn this many at a time (a block of sweeps).
_NORMALS_PER_BLOCK = 2**16


@register
class Gibbs(Sampler):
    """Blocked Gibbs sampler; the priors supply their own full conditionals.

    Needs the Gaussian likelihood (capability ``quadratic``), a prior with
    the capability ``gibbs`` and a sigma that is fixed or whose prior has the
    capability ``gibbs`` (:meth:`~bayesreg.noise.SigmaPrior.capabilities`:
    ``Jeffreys()``, ``InverseGamma(a, b)``, ``HalfCauchy(s)`` through Makalic
    & Schmidt's auxiliary variable). The prior is a Gaussian scale mixture
    ``w_j | aux ~ N(0, v_j)`` (times ``sigma^2`` when ``relative``) and
    answers three questions (see :class:`~bayesreg.priors.scaled.ScaleFamily`):

    * ``gibbs_init(p, chains, rng)``: a state dict whose ``"var"`` (chains,
      p) holds ``v``;
    * ``gibbs_update(w, sigma, state, rng)``: the auxiliaries (latent scales,
      hyperparameters) drawn from their full conditionals;
    * ``gibbs_variables(name, state)``: the hyperparameters to report, named
      as the PyMC model names them (``coef_lam2``).

    The sigma prior draws ``sigma^2`` given the Gaussian part of its
    conditional, ``s2^-shape exp(-rate / s2)``
    (:meth:`~bayesreg.noise.SigmaPrior.gibbs_sigma2`). One sweep, with the
    intercept integrated out (flat prior: centred statistics, ``m = n - 1``
    rows' worth of information, else ``m = n``), ``A = X'X + diag(prec)``,
    ``prec = 1 / v`` (relative) or ``sigma^2 / v`` (absolute):

    1. prior relative to sigma, sigma unknown: ``(w, sigma^2)`` as one block,
       ``sigma^2 | aux ~ (sigma prior) x s2^-(m/2) exp(-(y'y - X'y' A^-1
       X'y) / (2 s2))`` (``w`` integrated out), then ``w | sigma^2, aux ~
       N(A^-1 X'y, sigma^2 A^-1)``; otherwise ``w | sigma, aux`` and then
       (sigma unknown) ``sigma^2 | w ~ (sigma prior) x s2^-(m/2)
       exp(-RSS(w) / (2 s2))``. The ``w`` draw: Rue's (2001, JRSS-B 63:325)
       Cholesky algorithm on ``X'X`` (O(p^3) whatever ``n``); when ``p > n``
       and the rows are at hand, Bhattacharya, Chakraborty & Mallick's (2016,
       Biometrika 103:985) algorithm (O(n^2 p)); see
       :mod:`~bayesreg.posterior.gibbs_kernels`;
    2. the prior's auxiliaries given ``w, sigma`` (for the Bayesian lasso the
       inverse-Gaussian latent scales and Gamma ``lam^2`` of Park & Casella
       2008, JASA 103:681).

    After the chains the intercept is drawn as ``b0 | w, sigma ~ N(ȳ - x̄'w,
    sigma^2 / n)``. ``tune`` sweeps are discarded as burn-in, no thinning.

    Overdispersed starts: chain ``c`` of ``C`` starts from the prior's state
    with its variances ``v`` multiplied by ``f_c = SPREAD^(2c/(C-1) - 1)``
    (from 1/4 to 4; for the first coefficient draw only, the prior's state
    is not changed) and, where the first draw needs it (sigma unknown, prior
    not relative), ``sigma^2 = y'y / (m f_c)``. So the chains' first draws
    range from strongly shrunk to nearly unshrunk, and R-hat compares chains
    that started apart.

    The chains run in lock step, one array operation per step for all chains
    (Rue's block for ``p <= 24``: one banded LAPACK factorization of all
    chains' matrices at once; above, and the rows' block: a loop of LAPACK
    calls over chains, faster than numpy's batched gufuncs here; see
    :mod:`~bayesreg.posterior.gibbs_kernels`). Standard
    normals for the coefficient draws come from their own stream, a block
    of sweeps at a time; the auxiliaries from another. The same seed gives
    the same draws (for the same number of chains). BLAS is limited to one
    thread (DESIGN.md section 5; with two, on the busy 2-core machine, the
    100 x 1000 block's product took 48 ms instead of 3, and Rue's block at
    p = 200 (4 chains) 127-143 ms instead of 1.4-1.7, load average 3.7).
    ``progressbar`` is ignored.
    """

    name = "gibbs"
    method = "nuts"  # Markov chains, served where NUTS is (estimator method)
    requires = frozenset({"gibbs"})
    likelihood_requires = frozenset({"quadratic"})

    def check(self, prior, sigma, owner, likelihood=None):
        super().check(prior, sigma, owner, likelihood)
        if "gibbs" not in sigma.capabilities():
            raise ValueError(
                "sampler='gibbs' needs sigma fixed or a sigma prior with the "
                "capability 'gibbs' (a conditionally conjugate sigma^2 draw: "
                f"Jeffreys(), InverseGamma(a, b), HalfCauchy(s)); got "
                f"sigma={sigma!r}, which has none. Use sampler='nutpie' for "
                "other sigma priors."
            )

    def run(self, prior, sigma, data, *, draws, tune, chains, seed, progressbar):
        rng = np.random.default_rng(seed)
        normals_rng, rng = rng.spawn(2)
        lik, p, n = data.lik, data.p, data.n
        rows = _centred_rows(data) if p > n else None
        if rows is not None:
            block = RowsBlock(*rows, chains)
        else:
            block = RueBlock(lik.gram(), lik.xty, lik.yty, chains)
        m = n - 1 if data.fit_intercept else n
        fixed = sigma.fixed
        relative = bool(prior.relative)
        joint = relative and fixed is None  # (w, sigma^2) as one block
        spread = _spread(chains)
        floor = 1e-300 + 1e-15 * lik.yty  # residual sums of squares, at least
        if fixed is None:
            s2 = max(lik.yty / m, 1e-12) / spread
        else:
            s2 = np.full(chains, fixed * fixed)
        state = prior.gibbs_init(p, chains, rng)
        sigma_state = sigma.gibbs_init(chains, rng)
        normals = _Normals(normals_rng, chains, block.width, tune + draws)
        w_out = np.empty((chains, draws, p))
        s_out = np.empty((chains, draws))
        extra: dict = {}
        with one_blas_thread():
            for it in range(tune + draws):
                var = state["var"] * spread[:, None] if it == 0 else state["var"]
                dvar = var if relative else var / s2[:, None]
                try:
                    quad = block.factor(dvar if rows is not None else 1.0 / dvar)
                except np.linalg.LinAlgError as err:
                    raise ValueError(
                        "sampler='gibbs': X'X + prior precision is not positive "
                        "definite."
                    ) from err
                if joint:  # quad >= 0 in exact arithmetic; rounding may not be
                    s2, sigma_state = sigma.gibbs_sigma2(
                        0.5 * m, 0.5 * np.maximum(quad, floor), sigma_state, rng
                    )
                w = block.finish(np.sqrt(s2), normals.next())
                if fixed is None and not joint:
                    rss = np.maximum(block.rss(w), floor)
                    s2, sigma_state = sigma.gibbs_sigma2(
                        0.5 * m, 0.5 * rss, sigma_state, rng
                    )
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


def _spread(chains) -> np.ndarray:
    """The chains' starting factors ``SPREAD^(2c/(C-1) - 1)`` (1 for one chain)."""
    if chains == 1:
        return np.ones(1)
    return SPREAD ** np.linspace(-1.0, 1.0, chains)


class _Normals:
    """Standard normals ``(chains, width)`` per sweep, drawn a block of sweeps
    at a time from their own generator."""

    def __init__(self, rng, chains, width, sweeps):
        self.rng, self.shape = rng, (chains, width)
        self.per_block = max(1, min(sweeps, _NORMALS_PER_BLOCK // (chains * width)))
        self.block, self.i = None, self.per_block

    def next(self):
        if self.i == self.per_block:
            self.block = self.rng.standard_normal((self.per_block, *self.shape))
            self.i = 0
        self.i += 1
        return self.block[self.i - 1]


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
