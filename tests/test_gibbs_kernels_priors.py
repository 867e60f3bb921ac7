"""Gibbs kernels of the elastic-net prior and of the Gaussian prior with a
half-Cauchy scale (BayesReg's ridge).

Oracles: the scale mixture integrated by quadrature against the elastic-net
density, the latent variance's conditional by quadrature, and the posterior of
small problems by quadrature (one coefficient for the elastic net; the
half-Cauchy scale integrated on a grid with the Gaussian weights and sigma
integrated out in closed form). Tolerances: 4 Monte Carlo standard errors
(``_mean_sd_mcse`` of ``tests/test_gibbs.py``, ArviZ's ESS).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import integrate, special, stats

from bayesreg import ElasticNet, Gaussian, Jeffreys, Laplace
from bayesreg.priors import LambdaSquaredGamma, ScaleHalfCauchy
from tests.test_gibbs import _mean_sd_mcse, _quiet

KW = dict(tune=300, chains=4, random_seed=21, log_likelihood=False)


# --------------------------------------------------------------------------
# capabilities and names


def test_capabilities_under_the_half_cauchy_scale():
    assert "gibbs" in Gaussian(hyperprior=ScaleHalfCauchy(1.0)).capabilities()
    assert "gibbs" in ElasticNet(1.0, 2.0).capabilities()
    assert "gibbs" in ElasticNet(1.0, 2.0, relative=True).capabilities()
    # each family keeps gibbs only under the hyperprior its kernel uses
    assert not Laplace(hyperprior=ScaleHalfCauchy(1.0)).capabilities()
    assert not Gaussian(hyperprior=LambdaSquaredGamma(1.0, 1.0)).capabilities()
    assert Laplace(hyperprior=LambdaSquaredGamma(1.0, 1.0)).capabilities() == {"gibbs"}


def test_reported_variables_are_named_as_in_the_pymc_model():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(25, 3))
    y = X @ [1.0, 0.0, -1.0] + rng.normal(size=25)
    kw = dict(draws=20, tune=5, chains=2, random_seed=1, log_likelihood=False)
    g = _quiet(
        X, y, Gaussian(hyperprior=ScaleHalfCauchy(2.0)), 1.0, sampler="gibbs", **kw
    )
    assert set(g.posterior.data_vars) == {"coef", "intercept", "coef_tau"}
    assert np.all(g.posterior["coef_tau"] > 0)
    e = _quiet(
        X, y, ElasticNet(1.0, 2.0, relative=True), Jeffreys(), sampler="gibbs", **kw
    )
    assert set(e.posterior.data_vars) == {"coef", "intercept", "sigma"}


# --------------------------------------------------------------------------
# the elastic-net scale mixture, by quadrature


def _mixture(w, b, tau, s=1.0):
    """``int N(w; 0, s^2 t) Exp(t; rate 1/(2 b^2)) dt * exp(-w^2/(2 s^2 tau^2))``."""

    def f(t):
        return stats.norm.pdf(w, scale=s * math.sqrt(t)) * stats.expon.pdf(
            t, scale=2 * b * b
        )

    lap = sum(integrate.quad(f, lo, hi, limit=200)[0] for lo, hi in _pieces(b))
    return lap * math.exp(-0.5 * (w / (s * tau)) ** 2)


def _pieces(b):
    edges = [0.0, 1e-6 * b * b, 1e-3 * b * b, b * b, 100 * b * b, np.inf]
    return list(itertools.pairwise(edges))


@pytest.mark.parametrize("b, tau", [(1.0, 1.0), (0.3, 2.0), (2.0, 0.5)])
def test_the_mixture_is_the_elastic_net_density(b, tau):
    """The mixture over ``t`` is ``p_EN(w)`` times one constant ``Z/(2b)``
    (the elastic-net normalizer over the Laplace one), for every ``w``; and
    relative to sigma the same constant for every sigma (so the joint's
    normalizer is free of sigma, as the sigma step assumes)."""
    prior = ElasticNet(b, tau)
    z = tau * math.sqrt(2 * math.pi) * special.erfcx(tau / (b * math.sqrt(2)))
    for w in (-3.0, -0.7, 0.05, 0.4, 2.5):
        ratio = _mixture(w, b, tau) / math.exp(prior.logpdf(np.array([w]))[0])
        assert ratio == pytest.approx(z / (2 * b), rel=1e-7), w
    rel = ElasticNet(b, tau, relative=True)
    for s in (0.5, 3.0):
        for w in (-2.0, 0.3, 1.7):
            dens = math.exp(rel.logpdf(np.array([w * s]), sigma=s)[0]) * s
            ratio = _mixture(w * s, b, tau, s) * s / dens
            assert ratio == pytest.approx(z / (2 * b), rel=1e-7), (w, s)


@pytest.mark.parametrize("relative", [False, True])
def test_latent_variance_draws_match_their_conditional(relative):
    """``t | w ∝ t^-1/2 exp(-w^2/(2t) - t/(2b^2))`` by quadrature, against
    the kernel's draws of ``var = (1/t + 1/tau^2)^-1`` (independent draws:
    MCSE ``sd / sqrt(N)``)."""
    b, tau, w, s = 0.7, 1.3, 0.45, 2.0
    prior = ElasticNet(b, tau, relative=relative)
    a = w / s if relative else w
    N = 200_000
    rng = np.random.default_rng(5)
    wv = np.full((N, 1), w)
    var = prior.gibbs_update(wv, np.full(N, s), {}, rng)["var"][:, 0]

    def dens(t):
        return t**-0.5 * math.exp(-a * a / (2 * t) - t / (2 * b * b))

    def moment(k):
        def f(t):
            return (1 / (1 / t + 1 / tau**2)) ** k * dens(t)

        return sum(integrate.quad(f, lo, hi, limit=200)[0] for lo, hi in _pieces(b))

    z = moment(0)
    mean = moment(1) / z
    sd = math.sqrt(moment(2) / z - mean**2)
    assert abs(var.mean() - mean) <= 4 * var.std() / math.sqrt(N)
    assert var.std() == pytest.approx(sd, rel=0.02)


# --------------------------------------------------------------------------
# elastic net, one coefficient: the posterior by quadrature


def _one_feature(seed=2):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(30, 1))
    y = 0.4 * x[:, 0] + 1.0 + rng.normal(scale=1.0, size=30)
    xc, yc = x[:, 0] - x.mean(), y - y.mean()
    return x, y, float(xc @ xc), float(xc @ yc), float(yc @ yc)


def _moments(p, grid):
    p = p / p.sum()
    mean = p @ grid
    return mean, math.sqrt(p @ (grid - mean) ** 2)


def _check(g, var, mean, sd):
    m, s, em, es = _mean_sd_mcse(g, var)
    m, s, em, es = (float(np.ravel(v)[0]) for v in (m, s, em, es))
    assert abs(m - mean) <= 4 * em, (var, m, mean, em)
    assert abs(s - sd) <= 4 * es, (var, s, sd, es)


def test_elastic_net_absolute_fixed_sigma_matches_quadrature():
    x, y, xx, xy, _ = _one_feature()
    sigma, prior = 2.0, ElasticNet(0.15, 0.2)  # both parts shrink
    g = _quiet(x, y, prior, sigma, sampler="gibbs", draws=4000, **KW)
    grid = np.linspace(-3, 3, 60001)
    lp = -(xx * grid**2 - 2 * xy * grid) / (2 * sigma**2) + prior.logpdf(grid)
    _check(g, "coef", *_moments(np.exp(lp - lp.max()), grid))


def test_elastic_net_relative_jeffreys_matches_quadrature():
    """``(w, sigma)`` on a 2-D grid: ``p ∝ sigma^-(m+1) exp(-RSS(w)/(2
    sigma^2)) p_EN(w | sigma)``, ``m = n - 1`` (intercept integrated out)."""
    x, y, xx, xy, yy = _one_feature(seed=3)
    m = len(y) - 1
    prior = ElasticNet(0.1, 0.15, relative=True)
    g = _quiet(x, y, prior, Jeffreys(), sampler="gibbs", draws=4000, **KW)
    w = np.linspace(-2, 2, 2001)[:, None]
    s = np.linspace(0.3, 3.0, 1500)[None, :]
    rss = yy - 2 * xy * w + xx * w * w
    log_prior = np.column_stack([prior.logpdf(w[:, 0], sigma=v) for v in s[0]])
    lp = -(m + 1) * np.log(s) - rss / (2 * s * s) + log_prior
    p = np.exp(lp - lp.max())
    _check(g, "coef", *_moments(p.sum(1), w[:, 0]))
    _check(g, "sigma", *_moments(p.sum(0), s[0]))


# --------------------------------------------------------------------------
# Gaussian with a half-Cauchy scale: tau on a grid, the rest in closed form


def _three_features():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(20, 3)) + 1.0
    y = X @ [0.6, -0.3, 0.0] + 2.0 + rng.normal(scale=1.0, size=20)
    Xc, yc = X - X.mean(0), y - y.mean()
    return X, y, Xc.T @ Xc, Xc.T @ yc, float(yc @ yc), len(y) - 1


def _ridge_cauchy_oracle(xtx, xty, yty, m, beta, sigma=None):
    """Posterior moments of ``w``, ``tau`` (and ``sigma``) by quadrature in
    ``tau`` (log grid).

    Given ``tau``, with ``B = X'X + I c/tau^2`` (``c = 1`` relative to sigma,
    ``c = sigma^2`` absolute) the weights are ``N(B^-1 X'y, sigma^2 B^-1)``
    and integrate out in closed form: ``log p(y | tau) = -p log tau - 1/2
    log|B| + q/(2 sigma^2)`` with ``q = y'X B^-1 X'y``, up to constants (with
    ``sigma^p`` absorbed). Relative with Jeffreys' ``1/sigma``: sigma
    integrates out too, ``p(y | tau) ∝ tau^-p |B|^-1/2 S^(-m/2)``, ``S = y'y
    - q``, ``sigma^2 | tau ~ InvGamma(m/2, S/2)``.
    """
    p = len(xty)
    ltau = np.linspace(-9.0, 7.0, 6001)
    tau = np.exp(ltau)
    logw, mu, ew2, es, es2 = [], [], [], [], []
    for t in tau:
        c = 1.0 if sigma is None else sigma * sigma
        B = xtx + np.eye(p) * (c / (t * t))
        Bi = np.linalg.inv(B)
        mean = Bi @ xty
        q = float(xty @ mean)
        logdet = np.linalg.slogdet(B)[1]
        if sigma is None:
            S = yty - q
            ll = -p * math.log(t) - 0.5 * logdet - 0.5 * m * math.log(S)
            s2 = S / (m - 2)  # E[sigma^2 | tau]
            es.append(
                math.sqrt(S / 2)
                * math.exp(special.gammaln((m - 1) / 2))
                / math.exp(special.gammaln(m / 2))
            )
            es2.append(s2)
        else:
            ll = -p * math.log(t / sigma) - 0.5 * logdet + q / (2 * c)
            s2 = c
        # half-Cauchy density in tau, times the Jacobian tau of the log grid
        logw.append(ll - math.log1p((t / beta) ** 2) + math.log(t))
        mu.append(mean)
        ew2.append(s2 * np.diag(Bi) + mean**2)
    logw = np.array(logw)
    wt = np.exp(logw - logw.max())
    wt /= wt.sum()
    mean = wt @ np.array(mu)
    sd = np.sqrt(wt @ np.array(ew2) - mean**2)
    tmean = wt @ tau
    out = {"coef": (mean, sd), "coef_tau": (tmean, math.sqrt(wt @ tau**2 - tmean**2))}
    if sigma is None:
        smean = wt @ np.array(es)
        out["sigma"] = (smean, math.sqrt(wt @ np.array(es2) - smean**2))
    return out


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
def test_ridge_half_cauchy_matches_quadrature(relative):
    X, y, xtx, xty, yty, m = _three_features()
    beta = 0.5
    prior = Gaussian(relative=relative, hyperprior=ScaleHalfCauchy(beta))
    sigma = Jeffreys() if relative else 1.2
    g = _quiet(X, y, prior, sigma, sampler="gibbs", draws=5000, **KW)
    want = _ridge_cauchy_oracle(
        xtx, xty, yty, m, beta, None if relative else float(sigma)
    )
    for var, (mean, sd) in want.items():
        gm, gs, em, es = _mean_sd_mcse(g, var)
        assert np.all(np.abs(gm - mean) <= 4 * em), (var, gm, mean, em)
        if var != "coef_tau":  # tau's 4th moment is infinite: no MCSE of its sd
            assert np.all(np.abs(gs - sd) <= 4 * es), (var, gs, sd, es)
