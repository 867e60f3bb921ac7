"""BayesianLinearRegression with method='exact' / 'nuts': posterior prediction."""

from __future__ import annotations

import math
import warnings

import arviz as az
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.base import clone

from bayesreg import BayesianLinearRegression, Flat, Gaussian, Jeffreys, summary
from bayesreg import posterior as bp
from bayesreg.datasets import load_diabetes

SIGMA, TAU = 54.0, 500.0


@pytest.fixture(scope="module")
def data():
    return load_diabetes()


@pytest.fixture(scope="module")
def closed_form(data):
    X, y = data
    Xa = X.to_numpy()
    xbar = Xa.mean(0)
    Xc, yc = Xa - xbar, y.to_numpy() - y.mean()
    A = Xc.T @ Xc + (SIGMA / TAU) ** 2 * np.eye(Xa.shape[1])
    S = SIGMA**2 * np.linalg.inv(A)
    m = np.linalg.solve(A, Xc.T @ yc)
    return m, S, xbar, y.mean(), len(y)


@pytest.fixture(scope="module")
def exact(data):
    X, y = data
    model = BayesianLinearRegression(
        Gaussian(TAU), SIGMA, method="exact", draws=4000, random_state=0
    )
    return model.fit(X, y)


def test_exact_estimator_attributes(exact, data):
    X, _ = data
    post = exact.idata_.posterior
    np.testing.assert_allclose(exact.coef_, post["coef"].mean(("chain", "draw")))
    assert exact.intercept_ == pytest.approx(float(post["intercept"].mean()))
    assert list(post["feature"].values) == list(X.columns)
    assert exact.sigma_ == SIGMA
    assert exact.map_ is not None and exact.map_.converged


def test_predict_std_matches_closed_form(exact, data, closed_form):
    X, _ = data
    m, S, xbar, ybar, n = closed_form
    Xn = X.iloc[:20]
    mean, std = exact.predict(Xn, return_std=True)
    # exact predictive: x'm + b0 mean, variance (x - x̄)'S(x - x̄) + sigma^2/n + sigma^2
    d = Xn.to_numpy() - xbar
    want_mean = ybar + d @ m
    want_var = np.einsum("ij,jk,ik->i", d, S, d) + SIGMA**2 / n + SIGMA**2
    N = 16000
    mean_sd = np.sqrt(want_var - SIGMA**2)
    assert np.all(np.abs(mean - want_mean) <= 4 * mean_sd / math.sqrt(N))
    # variance of the mean part has relative se sqrt(2/N); sigma^2 is exact
    var_mu = want_var - SIGMA**2
    assert np.all(np.abs(std**2 - want_var) <= 4 * var_mu * math.sqrt(2 / N))
    np.testing.assert_array_equal(exact.predict(Xn), mean)


def test_predict_interval(exact, data, closed_form):
    X, _ = data
    Xn = X.iloc[:20]
    mean, std = exact.predict(Xn, return_std=True)
    iv = exact.predict_interval(Xn, prob=0.9)
    assert iv.shape == (20, 2)
    half = stats.norm.ppf(0.95) * std  # the predictive is Gaussian here
    # quantile of N = 16000 draws: se = sqrt(p(1-p)/N) / density, in sd units
    se = math.sqrt(0.05 * 0.95 / 16000) / stats.norm.pdf(stats.norm.ppf(0.95)) * std
    assert np.all(np.abs(iv[:, 0] - (mean - half)) <= 4 * se)
    assert np.all(np.abs(iv[:, 1] - (mean + half)) <= 4 * se)
    np.testing.assert_array_equal(iv, exact.predict_interval(Xn, prob=0.9))
    with pytest.raises(ValueError, match="'prob' parameter of predict_interval"):
        exact.predict_interval(Xn, prob=1.5)


def test_map_method_has_no_posterior(data):
    X, y = data
    model = BayesianLinearRegression(Gaussian(TAU), SIGMA).fit(X, y)
    with pytest.raises(ValueError, match="needs a posterior"):
        model.predict(X, return_std=True)
    with pytest.raises(ValueError, match="needs a posterior"):
        model.predict_interval(X)
    with pytest.raises(TypeError, match="'sigma' parameter"):
        BayesianLinearRegression(Gaussian(TAU), Jeffreys()).fit(X, y)


def test_nuts_estimator_with_sigma_prior(data):
    X, y = data
    model = BayesianLinearRegression(
        Gaussian(10.0, relative=True),
        Jeffreys(),
        method="nuts",
        draws=500,
        tune=500,
        chains=2,
        random_state=1,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bp.SamplingWarning)
        model.fit(X, y)
    ref = clone(model).set_params(method="exact", draws=4000).fit(X, y)
    post, ref_post = model.idata_.posterior, ref.idata_.posterior
    mcse = float(az.mcse(post[["sigma"]])["sigma"])
    assert abs(model.sigma_ - ref.sigma_) <= 4 * math.hypot(
        mcse, float(ref_post["sigma"].std()) / math.sqrt(16000)
    )
    assert model.map_ is None  # sigma has a prior: no fixed-sigma MAP
    df = summary(model)
    assert list(df.index) == list(X.columns)


def test_summary_of_estimator_shows_map(exact):
    df = summary(exact)
    np.testing.assert_allclose(df["map"], exact.map_.coef)


def test_bad_method_and_sampler(data):
    X, y = data
    with pytest.raises(ValueError, match=r"'method' parameter .* 'exact'"):
        BayesianLinearRegression(method="mcmc").fit(X, y)
    with pytest.raises(ValueError, match="'sampler' parameter"):
        BayesianLinearRegression(method="nuts", sampler="exact").fit(X, y)


def test_compare_loo_accepts_fitted_estimators(exact, data):
    X, y = data
    flat = BayesianLinearRegression(
        Flat(), SIGMA, method="exact", draws=4000, random_state=1
    ).fit(X, y)
    table = bp.compare_loo({"gaussian": exact, "flat": flat})
    same = bp.compare_loo({"gaussian": exact.idata_, "flat": flat.idata_})
    pd.testing.assert_frame_equal(table, same)
    assert set(table.index) == {"gaussian", "flat"}
    map_only = BayesianLinearRegression(Gaussian(TAU), SIGMA).fit(X, y)
    with pytest.raises(ValueError, match=r"'map_only'.*method='map'.*'nuts' or"):
        bp.compare_loo({"gaussian": exact, "map_only": map_only})


def test_nuts_estimator_keeps_feature_names(data):
    X, y = data
    model = BayesianLinearRegression(
        Gaussian(TAU),
        SIGMA,
        method="nuts",
        draws=50,
        tune=50,
        chains=1,
        random_state=2,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bp.SamplingWarning)
        model.fit(X, y)
    assert list(model.idata_.posterior["feature"].values) == list(X.columns)
    assert model.map_.feature_names == tuple(X.columns)
