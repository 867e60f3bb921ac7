"""The Gibbs engine itself: its coefficient blocks, sigma priors, starts, seeds.

Oracles: dense numpy linear algebra per chain on the same normals (the
blocks are exact rewrites, so they agree to rounding), one-dimensional
quadrature of the posterior of sigma (HalfCauchy sigma through Makalic &
Schmidt's auxiliary variable), and the documented starting spread.
Monte Carlo tolerances are 4 MCSE (ArviZ ESS).
"""

from __future__ import annotations

import warnings

import arviz as az
import numpy as np
import pytest
from scipy import integrate, stats

from bayesreg import Gaussian, Jeffreys, Laplace, sample_posterior
from bayesreg.noise import (
    FixedSigma,
    HalfCauchy,
    HalfNormal,
    InverseGamma,
)
from bayesreg.posterior import SamplingWarning
from bayesreg.posterior.gibbs_kernels import PARALLEL_MIN_SIZE, RowsBlock, RueBlock
from bayesreg.posterior.samplers import gibbs as gibbs_module


def _quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingWarning)
        return sample_posterior(*args, **kwargs)


def _problem(n, p, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    X -= X.mean(axis=0)
    y = X[:, : min(p, 3)] @ [1.0, -2.0, 0.5][: min(p, 3)] + rng.normal(size=n)
    return X, y - y.mean(), rng


# --------------------------------------------------------------------------
# the blocks against dense per-chain linear algebra, same normals


@pytest.mark.parametrize("p", [1, 3, 24, 25, 40, PARALLEL_MIN_SIZE + 16])
@pytest.mark.parametrize("banded", [None, True, False])
def test_rue_block_equals_dense_per_chain_algebra(p, banded):
    """p = 80: the per-chain LAPACK calls run on two threads."""
    X, y, rng = _problem(max(60, p + 10), p)
    chains = 3
    xtx, xty, yty = X.T @ X, X.T @ y, float(y @ y)
    prec = rng.uniform(0.2, 5.0, (chains, p))
    sigma = rng.uniform(0.5, 2.0, chains)
    z = rng.standard_normal((chains, p))
    block = RueBlock(xtx, xty, yty, chains, banded=banded)
    assert block.banded == (p <= RueBlock.BANDED_MAX_P if banded is None else banded)
    quad = block.factor(prec)
    w = block.finish(sigma, z)
    for c in range(chains):
        A = xtx + np.diag(prec[c])
        L = np.linalg.cholesky(A)
        mean = np.linalg.solve(A, xty)
        expect = mean + sigma[c] * np.linalg.solve(L.T, z[c])
        np.testing.assert_allclose(w[c], expect, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(quad[c], yty - xty @ mean, rtol=1e-9)
    rss = block.rss(w)
    np.testing.assert_allclose(rss, ((y - w @ X.T) ** 2).sum(axis=1), rtol=1e-9)


@pytest.mark.parametrize("n", [12, PARALLEL_MIN_SIZE + 6])
def test_rows_block_equals_dense_per_chain_algebra(n):
    """n = 70: the per-chain LAPACK calls run on two threads."""
    X, y, rng = _problem(n, n + 18)
    n, p = X.shape
    chains = 4
    dvar = rng.uniform(0.1, 3.0, (chains, p))
    sigma = rng.uniform(0.5, 2.0, chains)
    z = rng.standard_normal((chains, p + n))
    block = RowsBlock(X, y, chains)
    quad = block.factor(dvar)
    w = block.finish(sigma, z)
    for c in range(chains):
        D = np.diag(dvar[c])
        M = np.eye(n) + X @ D @ X.T
        u = sigma[c] * np.sqrt(dvar[c]) * z[c, :p]
        r = np.linalg.solve(M, y - X @ u - sigma[c] * z[c, p:])
        np.testing.assert_allclose(w[c], u + D @ X.T @ r, rtol=1e-9, atol=1e-12)
        # the same quadratic form as Rue's block (Woodbury)
        A = X.T @ X + np.diag(1.0 / dvar[c])
        expect = y @ y - (X.T @ y) @ np.linalg.solve(A, X.T @ y)
        np.testing.assert_allclose(quad[c], expect, rtol=1e-8)


def test_rows_block_draw_has_the_target_mean_and_covariance():
    """Over many normals, Bhattacharya's draw has mean A^-1 X'y and
    covariance sigma^2 A^-1 (the estimate's error is a few % here)."""
    X, y, rng = _problem(5, 8)
    n, p = X.shape
    dvar = rng.uniform(0.5, 2.0, (1, p))
    sigma = np.array([1.3])
    block = RowsBlock(X, y, 1)
    block.factor(dvar)
    draws = np.array(
        [block.finish(sigma, rng.standard_normal((1, n + p)))[0] for _ in range(40000)]
    )
    A = X.T @ X + np.diag(1.0 / dvar[0])
    cov = sigma[0] ** 2 * np.linalg.inv(A)
    sd = np.sqrt(np.diag(cov))
    np.testing.assert_allclose(
        draws.mean(axis=0), np.linalg.solve(A, X.T @ y), atol=4 * sd.max() / 200
    )
    np.testing.assert_allclose(np.cov(draws.T), cov, atol=0.05 * sd.max() ** 2)


def test_blocks_refuse_a_matrix_that_is_not_positive_definite():
    X, y, _ = _problem(20, 4)
    for banded in (True, False):
        block = RueBlock(X.T @ X, X.T @ y, y @ y, 2, banded=banded)
        with pytest.raises(np.linalg.LinAlgError):
            block.factor(np.full((2, 4), -1e6))


# --------------------------------------------------------------------------
# sigma priors: capabilities and the HalfCauchy auxiliary


def test_sigma_priors_declare_the_gibbs_capability():
    for sigma in (Jeffreys(), InverseGamma(2.0, 1.0), HalfCauchy(1.0), FixedSigma(2.0)):
        assert "gibbs" in sigma.capabilities()
    assert "gibbs" not in HalfNormal(1.0).capabilities()


def test_half_cauchy_auxiliary_gives_the_half_cauchy_prior():
    """With no data (shape = rate = 0) the two-step draw leaves sigma ~
    HalfCauchy(scale) invariant: Makalic & Schmidt's mixture."""
    prior = HalfCauchy(2.5)
    rng = np.random.default_rng(3)
    chains = 20000
    state = prior.gibbs_init(chains, rng)
    for _ in range(30):
        s2, state = prior.gibbs_sigma2(0.0, np.zeros(chains), state, rng)
    res = stats.kstest(np.sqrt(s2), stats.halfcauchy(scale=2.5).cdf)
    assert res.pvalue > 1e-3


def _mean_sd_mcse(da):
    """Mean and sd of the draws ``da`` with their MCSE: ``sd / sqrt(ESS)``,
    and for the sd the delta method (``var(s^2) = (m4 - s^4) / ESS((x -
    m)^2)``, ``var(s) = var(s^2) / (4 s^2)``), as in ``test_gibbs.py``."""
    x = np.asarray(da).ravel().reshape(da.shape[0], -1)
    mean, sd = x.mean(), x.std()
    c2 = (x - mean) ** 2
    ess = float(az.ess(x, method="mean"))
    ess2 = float(az.ess(c2, method="mean"))
    mcse_sd = np.sqrt((np.mean(c2**2) - sd**4) / ess2 / (4 * sd**2))
    return mean, sd, sd / np.sqrt(ess), mcse_sd


def _sigma_quadrature(x, y, tau, scale, relative):
    """Posterior mean and sd of sigma and of w (one feature, no intercept,
    w ~ N(0, tau^2 [sigma^2]), sigma ~ HalfCauchy(scale)) by quadrature over
    sigma of ``p(sigma) N(y; 0, sigma^2 I + v x x')``, ``v = tau^2
    [sigma^2]``, with the Gaussian ``w | sigma, y`` in closed form."""
    xx, xy, yy = x @ x, x @ y, y @ y

    def parts(s):
        v = tau**2 * (s * s if relative else 1.0)
        # log N(y; 0, s^2 I + v x x') by the determinant lemma and Woodbury
        d = s * s + v * xx
        logdet = (len(y) - 1) * np.log(s * s) + np.log(d)
        quad = (yy - v * xy * xy / d) / (s * s)
        like = np.exp(-0.5 * (logdet + quad + len(y) * np.log(2 * np.pi)))
        dens = like * stats.halfcauchy(scale=scale).pdf(s)
        prec = xx / (s * s) + 1.0 / v
        return dens, xy / (s * s) / prec, 1.0 / prec

    def moment(f):
        f0 = lambda s: parts(s)[0] * f(s)  # noqa: E731
        return integrate.quad(f0, 0, 60, limit=400, epsabs=0, epsrel=1e-10)[0]

    z = moment(lambda s: 1.0)
    ms = moment(lambda s: s) / z
    ss = np.sqrt(moment(lambda s: s * s) / z - ms**2)
    mw = moment(lambda s: parts(s)[1]) / z
    sw = np.sqrt(moment(lambda s: parts(s)[2] + parts(s)[1] ** 2) / z - mw**2)
    return {"sigma": (ms, ss), "coef": (mw, sw)}


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
def test_half_cauchy_sigma_matches_quadrature(relative):
    rng = np.random.default_rng(5)
    x = rng.normal(size=8)
    y = 0.8 * x + 1.5 * rng.normal(size=8)
    tau = 1.0
    exact = _sigma_quadrature(x, y, tau, 0.7, relative)
    prior = Gaussian(scale=tau, relative=relative)
    g = _quiet(
        x[:, None],
        y,
        prior,
        HalfCauchy(0.7),
        sampler="gibbs",
        fit_intercept=False,
        draws=5000,
        tune=300,
        chains=4,
        random_seed=2,
        log_likelihood=False,
    )
    for var, (mean, sd) in exact.items():
        got_mean, got_sd, mcse_mean, mcse_sd = _mean_sd_mcse(g.posterior[var])
        assert abs(got_mean - mean) <= 4 * mcse_mean, var
        assert abs(got_sd - sd) <= 4 * mcse_sd, var


# --------------------------------------------------------------------------
# starts, seeds


def _record_first_factor(monkeypatch, cls):
    seen = []
    real = cls.factor

    def recording(self, arg):
        seen.append(np.array(arg))
        return real(self, arg)

    monkeypatch.setattr(cls, "factor", recording)
    return seen


def test_chains_start_overdispersed(monkeypatch):
    """The first coefficient draw of chain c uses the prior variances times
    f_c (1/4 .. 4); later ones the prior's own (a fixed Gaussian: equal)."""
    X, y, _ = _problem(30, 3)
    seen = _record_first_factor(monkeypatch, gibbs_module.RueBlock)
    _quiet(X, y, Gaussian(2.0), 1.0, sampler="gibbs", draws=3, tune=0, chains=4)
    f = gibbs_module.SPREAD ** np.linspace(-1.0, 1.0, 4)
    first, later = seen[0], seen[1]  # precisions sigma^2 / (v f_c)
    np.testing.assert_allclose(first[:, 0] * f, later[:, 0])
    assert np.ptp(later) == 0.0
    # absolute prior, unknown sigma: sigma^2 starts at y'y / (m f_c) as well
    seen.clear()
    _quiet(X, y, Gaussian(2.0), Jeffreys(), sampler="gibbs", draws=3, tune=0, chains=4)
    m = len(y) - 1
    yc = y - y.mean()
    start = (yc @ yc / m) / f / (4.0 * f)  # sigma^2 / (v f)
    np.testing.assert_allclose(seen[0][:, 0], start, rtol=1e-12)


def test_rows_path_and_half_cauchy_are_reproducible():
    X, y, _ = _problem(10, 25)
    kw = dict(sampler="gibbs", draws=30, tune=10, chains=2, log_likelihood=False)
    prior = Laplace(scale=0.5, relative=True)
    a = _quiet(X, y, prior, HalfCauchy(1.0), random_seed=7, **kw)
    b = _quiet(X, y, prior, HalfCauchy(1.0), random_seed=7, **kw)
    c = _quiet(X, y, prior, HalfCauchy(1.0), random_seed=8, **kw)
    for var in a.posterior.data_vars:
        np.testing.assert_array_equal(a.posterior[var], b.posterior[var])
    assert not np.array_equal(a.posterior["coef"], c.posterior["coef"])
