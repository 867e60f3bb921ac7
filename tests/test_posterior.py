"""Full posteriors: exact draws, NUTS against them, PyMC model checks, inputs.

Statistical tolerances come from Monte Carlo standard errors (ArviZ's MCSE for
NUTS, ``sd / sqrt(N)`` for i.i.d. draws); all runs are seeded. PyTensor
compilation is paid once per model structure (module-scoped fixtures and the
model cache of bayesreg.posterior).
"""

from __future__ import annotations

import importlib.util
import math
import warnings

import arviz as az
import numpy as np
import pandas as pd
import pymc as pm
import pytest

from bayesreg import ElasticNet, Flat, Gaussian, Laplace, SufficientStats, fit_map
from bayesreg import posterior as bp
from bayesreg.datasets import load_diabetes
from bayesreg.priors import LambdaSquaredGamma, ScaleHalfCauchy
from bayesreg.sigma import FixedSigma, HalfNormal, InverseGamma, Jeffreys

SIGMA = 54.0  # about the residual sd of diabetes
TAU = 500.0  # Gaussian prior sd of the weights (columns have unit norm)


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bp.SamplingWarning)
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes()


@pytest.fixture(scope="module")
def closed_form(diabetes):
    """``N(m, S)`` for Gaussian(TAU), sigma = SIGMA, written out with numpy."""
    X, y = diabetes
    Xc = X.to_numpy() - X.to_numpy().mean(0)
    yc = y.to_numpy() - y.mean()
    A = Xc.T @ Xc + (SIGMA / TAU) ** 2 * np.eye(X.shape[1])
    m = np.linalg.solve(A, Xc.T @ yc)
    S = SIGMA**2 * np.linalg.inv(A)
    return m, S


@pytest.fixture(scope="module")
def exact(diabetes):
    X, y = diabetes
    return bp.sample_posterior(
        X, y, Gaussian(TAU), SIGMA, sampler="exact", draws=2000, random_seed=0
    )


@pytest.fixture(scope="module")
def nuts(diabetes):
    X, y = diabetes
    return bp.sample_posterior(
        X,
        y,
        Gaussian(TAU),
        SIGMA,
        sampler="nutpie",
        draws=1000,
        tune=500,
        chains=4,
        random_seed=1,
    )


def _mean_sd(idata, var="coef"):
    da = idata.posterior[var]
    return da.mean(("chain", "draw")).values, da.std(("chain", "draw")).values


# --------------------------------------------------------------------------
# exact sampler


def test_layout(exact, diabetes):
    X, _ = diabetes
    post = exact.posterior
    assert post["coef"].dims == ("chain", "draw", "feature")
    assert list(post["feature"].values) == list(X.columns)
    assert post["coef"].shape == (4, 2000, 10)
    assert set(post.data_vars) == {"coef", "intercept"}  # sigma fixed
    assert exact.log_likelihood["y"].shape == (4, 2000, 442)
    assert {"posterior", "sample_stats", "log_likelihood", "observed_data"} <= set(
        exact.groups()
    )


def test_exact_matches_closed_form(exact, closed_form, diabetes):
    m, S = closed_form
    w = exact.posterior["coef"].values.reshape(-1, m.size)
    N = w.shape[0]
    sd = np.sqrt(np.diag(S))
    assert np.all(np.abs(w.mean(0) - m) <= 4 * sd / math.sqrt(N))
    # covariance: se(S_ij hat) = sqrt((S_ii S_jj + S_ij^2) / N) for Gaussian draws
    se = np.sqrt((np.outer(sd**2, sd**2) + S**2) / N)
    assert np.all(np.abs(np.cov(w, rowvar=False) - S) <= 4 * se)
    # intercept: ȳ - x̄'w + N(0, sigma^2/n)
    X, y = diabetes
    b = exact.posterior["intercept"].values.ravel()
    xbar = X.to_numpy().mean(0)
    b_sd = math.sqrt(SIGMA**2 / len(y) + xbar @ S @ xbar)
    assert abs(b.mean() - (y.mean() - xbar @ m)) <= 4 * b_sd / math.sqrt(N)


def test_exact_normal_inverse_gamma(diabetes):
    """Gaussian relative to sigma and sigma^2 ~ InvGamma: exact NIG moments."""
    X, y = diabetes
    a0, b0, scale = 2.0, 1000.0, 10.0
    idata = bp.sample_posterior(
        X,
        y,
        Gaussian(scale, relative=True),
        InverseGamma(a0, b0),
        sampler="exact",
        draws=4000,
        random_seed=3,
    )
    Xc = X.to_numpy() - X.to_numpy().mean(0)
    yc = y.to_numpy() - y.mean()
    n, p = Xc.shape
    V = np.linalg.inv(Xc.T @ Xc + np.eye(p) / scale**2)
    m = V @ Xc.T @ yc
    an = a0 + (n - 1) / 2  # intercept integrated out; p Gaussian weights
    bn = b0 + 0.5 * (yc @ yc - m @ Xc.T @ yc)
    s2 = idata.posterior["sigma"].values.ravel() ** 2
    N = s2.size
    s2_mean, s2_sd = bn / (an - 1), bn / ((an - 1) * math.sqrt(an - 2))
    assert abs(s2.mean() - s2_mean) <= 4 * s2_sd / math.sqrt(N)
    # marginal of w is a multivariate t with covariance bn / (an - 1) V
    w = idata.posterior["coef"].values.reshape(N, p)
    sd = np.sqrt(np.diag(V) * s2_mean)
    assert np.all(np.abs(w.mean(0) - m) <= 4 * sd / math.sqrt(N))
    # its variance: se of a sample variance is var sqrt((2 + excess kurtosis) / N),
    # excess kurtosis 6 / (nu - 4) for a t with nu = 2 an degrees of freedom
    kurt = 6 / (2 * an - 4)
    assert np.all(np.abs(w.var(0) - sd**2) <= 4 * sd**2 * math.sqrt((2 + kurt) / N))


def test_exact_same_seed_identical_and_stats_input(diabetes):
    X, y = diabetes
    kw = dict(sampler="exact", draws=50, chains=2, random_seed=7)
    a = bp.sample_posterior(X, y, Gaussian(TAU), SIGMA, **kw)
    b = bp.sample_posterior(X, y, Gaussian(TAU), SIGMA, **kw)
    c = bp.sample_posterior(
        SufficientStats.from_arrays(X, y), None, Gaussian(TAU), SIGMA, **kw
    )
    np.testing.assert_array_equal(a.posterior["coef"], b.posterior["coef"])
    np.testing.assert_allclose(a.posterior["coef"], c.posterior["coef"], rtol=1e-10)
    assert "log_likelihood" not in c.groups()
    assert list(c.posterior["feature"].values) == list(X.columns)
    kw["random_seed"] = 8
    d = bp.sample_posterior(X, y, Gaussian(TAU), SIGMA, **kw)
    assert not np.array_equal(a.posterior["coef"], d.posterior["coef"])


# --------------------------------------------------------------------------
# NUTS against the exact posterior


def test_nuts_matches_exact(nuts, closed_form):
    m, S = closed_form
    mean, sd = _mean_sd(nuts)
    mcse = az.mcse(nuts.posterior[["coef"]])["coef"].values
    assert np.all(np.abs(mean - m) <= 4 * mcse)
    np.testing.assert_allclose(sd, np.sqrt(np.diag(S)), rtol=0.10)
    assert int(nuts.sample_stats["diverging"].sum()) == 0


def test_nuts_same_seed_identical(nuts, diabetes):
    X, y = diabetes
    again = bp.sample_posterior(
        X,
        y,
        Gaussian(TAU),
        SIGMA,
        sampler="nutpie",
        draws=1000,
        tune=500,
        chains=4,
        random_seed=1,
    )
    np.testing.assert_array_equal(nuts.posterior["coef"], again.posterior["coef"])


def test_path_reuses_model_and_swaps_scale(diabetes, nuts):
    X, y = diabetes
    before = len(bp._CACHE)
    scales = [50.0, 5000.0]
    path = _quiet(
        bp.sample_path,
        X,
        y,
        [Gaussian(s) for s in scales],
        SIGMA,
        sampler="nutpie",
        draws=500,
        tune=300,
        chains=2,
        random_seed=2,
        progressbar=False,
    )
    assert len(bp._CACHE) == before  # same structure as `nuts`: no new model
    for scale, idata in zip(scales, path, strict=True):
        ref = bp.sample_posterior(
            X, y, Gaussian(scale), SIGMA, sampler="exact", draws=4000, random_seed=0
        )
        mcse = az.mcse(idata.posterior[["coef"]])["coef"].values
        ref_mean, ref_sd = _mean_sd(ref)
        se = np.hypot(mcse, ref_sd / math.sqrt(16000))
        assert np.all(np.abs(_mean_sd(idata)[0] - ref_mean) <= 4 * se)


def test_nuts_standardized_matches_closed_form(nuts):
    """standardize=True with NUTS: the same compiled model (statistics of the
    scaled columns), draws mapped back; against N(m, S) on X / s."""
    X, y = load_diabetes(scaled=False)
    tau, sigma = 20.0, 40.0
    before = len(bp._CACHE)
    idata = _quiet(
        bp.sample_posterior,
        X,
        y,
        Gaussian(tau),
        sigma,
        sampler="nutpie",
        draws=1000,
        tune=500,
        chains=4,
        random_seed=4,
        standardize=True,
    )
    assert len(bp._CACHE) == before  # the structure of `nuts`: no new model
    Xa = X.to_numpy()
    s = Xa.std(axis=0)
    Zc = Xa / s - (Xa / s).mean(0)
    A = Zc.T @ Zc + (sigma / tau) ** 2 * np.eye(10)
    m = np.linalg.solve(A, Zc.T @ (y.to_numpy() - y.mean())) / s
    sd = sigma * np.sqrt(np.diag(np.linalg.inv(A))) / s
    mean, post_sd = _mean_sd(idata)
    mcse = az.mcse(idata.posterior[["coef"]])["coef"].values
    assert np.all(np.abs(mean - m) <= 4 * mcse)
    np.testing.assert_allclose(post_sd, sd, rtol=0.10)
    assert idata.posterior.attrs["standardize"] == 1
    np.testing.assert_allclose(idata.constant_data["x_scale"].values, s, rtol=1e-12)


def test_path_rejects_mixed_families(diabetes):
    X, y = diabetes
    with pytest.raises(ValueError, match="one family"):
        bp.sample_path(X, y, [Gaussian(1.0), Laplace(1.0)], progressbar=False)


def test_stats_input_with_nuts(diabetes, nuts):
    X, y = diabetes
    idata = bp.sample_posterior(
        SufficientStats.from_arrays(X, y),
        prior=Gaussian(TAU),
        sigma=SIGMA,
        sampler="nutpie",
        draws=1000,
        tune=500,
        chains=4,
        random_seed=1,
    )
    np.testing.assert_allclose(
        idata.posterior["coef"], nuts.posterior["coef"], rtol=1e-6, atol=1e-6
    )
    assert "log_likelihood" not in idata.groups()


# --------------------------------------------------------------------------
# the PyMC model itself


def _plain_model(X, y, prior, sigma, fit_intercept):
    coords = {"feature": [f"x{j}" for j in range(X.shape[1])]}
    with pm.Model(coords=coords) as model:
        s = sigma.to_pymc("sigma")
        w = prior.to_pymc("coef", "feature", s)
        mu = pm.math.dot(X, w)
        if fit_intercept:
            mu = mu + pm.Flat("intercept")
        pm.Normal("y", mu=mu, sigma=s, observed=y)
    return model


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("sigma", [FixedSigma(1.3), HalfNormal(2.0)], ids=repr)
def test_sufficient_statistics_logp_equals_plain_normal(fit_intercept, sigma):
    rng = np.random.default_rng(0)
    X = rng.normal(2.0, 1.5, size=(60, 3))  # non-zero column means
    y = X @ [1.0, -2.0, 0.5] + 3.0 + rng.normal(size=60)
    prior = Laplace(0.7, relative=True)
    data = bp._prepare(X, y, fit_intercept)
    ours = bp.build_model(prior, sigma, data).compile_logp()
    plain = _plain_model(X, y, prior, sigma, fit_intercept).compile_logp()
    for _ in range(5):
        w, b0, log_s = rng.normal(size=3), rng.normal(3.0, 2.0), rng.normal(0.0, 0.5)
        pt_plain = {"coef": w}
        pt_ours = {"coef": w}
        if fit_intercept:
            pt_plain["intercept"] = b0
            pt_ours[bp._OFFSET] = b0 + X.mean(0) @ w - y.mean()
        if sigma.fixed is None:
            pt_plain["sigma_log__"] = pt_ours["sigma_log__"] = log_s
        assert abs(ours(pt_ours) - plain(pt_plain)) <= 1e-8


@pytest.mark.parametrize(
    "prior", [Gaussian(TAU), Gaussian(5.0, relative=True), Flat()], ids=repr
)
def test_map_is_mode_of_pymc_logp(diabetes, prior):
    X, y = diabetes
    res = fit_map(X, y, prior, SIGMA)
    data = bp._prepare(X, y, True)
    dlogp = bp.build_model(prior, FixedSigma(SIGMA), data).compile_dlogp()
    grad = dlogp({"coef": res.coef, bp._OFFSET: 0.0})
    # relative to the size of the data term's gradient at w = 0
    scale = np.abs(data.xty).max() / SIGMA**2
    assert np.abs(grad).max() <= 1e-7 * scale
    # and it is not zero elsewhere, so the check can fail
    grad_off = dlogp({"coef": res.coef * 1.01, bp._OFFSET: 0.0})
    assert np.abs(grad_off).max() > 1e-4 * scale


# --------------------------------------------------------------------------
# Laplace priors


def test_laplace_posterior_mean_not_sparse(diabetes):
    X, y = diabetes
    prior = Laplace(scale=SIGMA**2 / 100.0)  # lam = 100: MAP has exact zeros
    res = fit_map(X, y, prior, SIGMA)
    zeros = res.coef == 0
    assert zeros.sum() >= 3
    idata = _quiet(
        bp.sample_posterior,
        X,
        y,
        prior,
        SIGMA,
        draws=500,
        tune=500,
        chains=2,
        random_seed=4,
    )
    mean = idata.posterior["coef"].mean(("chain", "draw")).values
    w = idata.posterior["coef"].values
    assert np.all(mean[zeros] != 0)  # the mode is sparse, the mean is not
    assert np.all((w[..., zeros] == 0).sum() == 0)


@pytest.fixture(scope="module")
def park_casella(diabetes):
    X, y = diabetes
    return bp.sample_posterior(
        X,
        y - y.mean(),
        Laplace(scale=1 / 0.237, relative=True),
        Jeffreys(),
        draws=1000,
        tune=1000,
        chains=4,
        random_seed=2008,
    )


def test_park_casella_bayesian_lasso(park_casella, diabetes):
    assert int(park_casella.sample_stats["diverging"].sum()) == 0
    assert bp.diagnose(park_casella) == []
    med = park_casella.posterior["coef"].median(("chain", "draw")).to_series()
    X, y = diabetes
    ols = np.linalg.lstsq(X - X.mean(), y - y.mean(), rcond=None)[0]
    # shrinkage towards 0 overall; bmi and s5 remain the largest effects
    assert np.abs(med).sum() < 0.8 * np.abs(ols).sum()
    assert set(med.abs().nlargest(2).index) == {"bmi", "s5"}
    assert "sigma" in park_casella.posterior


def test_park_casella_gamma_hyperprior(diabetes):
    X, y = diabetes
    prior = Laplace(relative=True, hyperprior=LambdaSquaredGamma(r=1.0, delta=1.78))
    idata = _quiet(
        bp.sample_posterior,
        X,
        y - y.mean(),
        prior,
        Jeffreys(),
        draws=500,
        tune=500,
        chains=2,
        random_seed=5,
    )
    lam = np.sqrt(idata.posterior["coef_lam2"].values)
    assert 0.05 < np.median(lam) < 2.0  # Park & Casella report about 0.24
    with pytest.raises(ValueError, match="hyperprior"):
        fit_map(X, y, prior, 1.0)


def test_elastic_net_pymc_density_equals_logpdf(diabetes):
    X, y = diabetes
    prior = ElasticNet(l1_scale=30.0, l2_scale=300.0)
    data = bp._prepare(X, y, True)
    model = bp.build_model(prior, FixedSigma(SIGMA), data)
    w = np.linspace(-50, 50, 10)
    logp = model.compile_logp(vars=[model["coef"]], sum=False)
    np.testing.assert_allclose(
        logp({"coef": w, bp._OFFSET: 0.0})[0], prior.logpdf(w), rtol=1e-10
    )


# --------------------------------------------------------------------------
# PyMC's own NUTS, diagnostics, LOO


@pytest.mark.slow
def test_pymc_sampler_matches_exact(diabetes, closed_form):
    X, y = diabetes
    m, S = closed_form
    idata = _quiet(
        bp.sample_posterior,
        X,
        y,
        Gaussian(TAU),
        SIGMA,
        sampler="pymc",
        draws=500,
        tune=500,
        chains=2,
        random_seed=6,
    )
    mean, sd = _mean_sd(idata)
    mcse = az.mcse(idata.posterior[["coef"]])["coef"].values
    assert np.all(np.abs(mean - m) <= 4 * mcse)
    np.testing.assert_allclose(sd, np.sqrt(np.diag(S)), rtol=0.10)


def test_too_few_draws_warn(diabetes, nuts):
    X, y = diabetes
    with pytest.warns(bp.SamplingWarning, match="ESS .* increase draws"):
        bp.sample_posterior(
            X,
            y,
            Gaussian(TAU),
            SIGMA,
            sampler="nutpie",
            draws=10,
            tune=10,
            chains=2,
            random_seed=0,
        )


def test_compare_loo(diabetes, exact):
    X, y = diabetes
    flat = bp.sample_posterior(X, y, Flat(), SIGMA, sampler="exact", random_seed=1)
    table = bp.compare_loo({"gaussian": exact, "flat": flat})
    assert isinstance(table, pd.DataFrame)
    assert set(table.index) == {"gaussian", "flat"}
    assert np.all(np.isfinite(table["elpd_loo"]))
    stats_only = bp.sample_posterior(
        SufficientStats.from_arrays(X, y), None, Flat(), SIGMA, sampler="exact"
    )
    with pytest.raises(ValueError, match="no log_likelihood"):
        bp.compare_loo({"a": exact, "b": stats_only})


# --------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"draws": 0}, ValueError, "'draws' parameter .* range \\[1, inf\\). Got 0"),
        ({"tune": -1}, ValueError, "'tune' parameter"),
        ({"chains": 0}, ValueError, "'chains' parameter"),
        ({"draws": 1.5}, TypeError, "'draws' parameter"),
        (
            {"sampler": "no_such_sampler"},
            ValueError,
            "'nutpie', 'pymc', 'exact', 'numpyro', 'gibbs', 'auto'",
        ),
        ({"sigma": -1.0}, ValueError, "'sigma' parameter"),
        ({"sigma": "1"}, TypeError, "'sigma' parameter .* sigma prior"),
        ({"prior": 1.0}, TypeError, "'prior' parameter"),
        ({"random_seed": -3}, ValueError, "'random_seed' parameter"),
    ],
)
def test_bad_arguments(diabetes, kwargs, error, match):
    X, y = diabetes
    args = {"prior": Gaussian(1.0), "sampler": "exact", **kwargs}
    with pytest.raises(error, match=match):
        bp.sample_posterior(X, y, **args)


def test_bad_data():
    X = np.ones((5, 2))
    with pytest.raises(ValueError, match=r"NaN|infinity"):
        bp.sample_posterior(
            np.full((5, 2), np.nan), np.ones(5), Flat(), sampler="exact"
        )
    with pytest.raises(ValueError, match="same number of rows"):
        bp.sample_posterior(X, np.ones(4), Flat(), sampler="exact")
    stats = SufficientStats.from_arrays(X, np.arange(5.0))
    with pytest.raises(ValueError, match="y must be None"):
        bp.sample_posterior(stats, np.ones(5), Flat(), sampler="exact")
    with pytest.raises(TypeError, match="needs a prior"):
        bp.sample_posterior(X, np.ones(5))


def test_exact_rejects_non_conjugate(diabetes):
    X, y = diabetes
    with pytest.raises(
        ValueError, match="sampler='exact' needs a prior with 'conjugate'"
    ):
        bp.sample_posterior(X, y, Laplace(1.0), sampler="exact")
    hyper = Gaussian(1.0, hyperprior=ScaleHalfCauchy(1.0))
    with pytest.raises(ValueError, match="sampler='exact' needs .* 'conjugate'"):
        bp.sample_posterior(X, y, hyper, sampler="exact")
    with pytest.raises(ValueError, match="conjugate pair"):
        bp.sample_posterior(X, y, Gaussian(1.0), Jeffreys(), sampler="exact")
    with pytest.raises(ValueError, match="conjugate pair"):
        bp.sample_posterior(
            X, y, Gaussian(1.0, relative=True), HalfNormal(1.0), sampler="exact"
        )


def test_missing_sampler_says_what_to_install(diabetes, monkeypatch):
    X, y = diabetes
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "numpyro" else real(name, *a),
    )
    with pytest.raises(ImportError, match="pip install numpyro"):
        bp.sample_posterior(X, y, Gaussian(1.0), sampler="numpyro")
