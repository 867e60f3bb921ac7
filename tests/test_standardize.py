"""standardize=True: the prior acts on the weights of the columns X_j / s_j.

Every fit is checked against scikit-learn fitted on
``StandardScaler().fit_transform(X)`` (``with_mean=False`` without an
intercept) and mapped back to the original columns, or against the
closed-form posterior on the standardized design.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from bayesreg import (
    BayesianLinearRegression,
    ElasticNet,
    Flat,
    Gaussian,
    Laplace,
    SufficientStats,
    fit_map,
    sample_posterior,
)
from bayesreg.compare import check_map, penalized_equivalent
from bayesreg.datasets import load_diabetes, make_correlated_regression
from bayesreg.map import fit_map_path


def wide_scales(n, p, seed):
    """Correlated design with column sds from 1e-3 to 1e4 and offsets."""
    X, y, _ = make_correlated_regression(n, p, min(5, p), rho=0.5, random_state=seed)
    rng = np.random.default_rng(seed)
    scales = np.logspace(-3, 4, p)
    X = X * scales + rng.uniform(-5, 5, p) * scales
    return X, y + 10.0


def problems():
    """``name -> (X, y, sigma, priors)``, priors strong enough to give zeros."""
    Xd, yd = load_diabetes(scaled=False)
    Xw, yw = wide_scales(100, 8, 0)
    Xp, yp = wide_scales(40, 120, 1)
    return {
        "diabetes raw": (
            Xd.to_numpy(),
            yd.to_numpy(),
            50.0,
            [Gaussian(5.0), Laplace(1.0), ElasticNet(1.0, 10.0), Flat()],
        ),
        "scales 1e-3..1e4": (
            Xw,
            yw,
            1.0,
            [Gaussian(0.3), Laplace(0.02), ElasticNet(0.02, 0.5), Flat()],
        ),
        "p > n": (
            Xp,
            yp,
            1.0,
            [Gaussian(0.3), Laplace(0.01), ElasticNet(0.01, 1.0)],
        ),
    }


CASES = [
    (name, k, fi)
    for name, (_, _, _, priors) in problems().items()
    for k in range(len(priors))
    for fi in (True, False)
]


def sklearn_standardized(X, y, prior, sigma, fit_intercept):
    """scikit-learn on the standardized design, mapped back; and whether it
    converged (tol=1e-12)."""
    scaler = StandardScaler(with_mean=fit_intercept).fit(X)
    est = penalized_equivalent(prior, sigma, X.shape[0], fit_intercept)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        est.fit(scaler.transform(X), y)
    coef_std = np.ravel(est.coef_)
    intercept = float(np.ravel(est.intercept_)[0]) if fit_intercept else 0.0
    if fit_intercept:
        intercept -= float((scaler.mean_ / scaler.scale_) @ coef_std)
    converged = not any(w.category is ConvergenceWarning for w in caught)
    return coef_std / scaler.scale_, intercept, scaler.scale_, converged


@pytest.mark.parametrize(("name", "k", "fit_intercept"), CASES)
def test_fit_map_standardized_equals_sklearn(name, k, fit_intercept):
    X, y, sigma, priors = problems()[name]
    prior = priors[k]
    res = fit_map(X, y, prior, sigma, fit_intercept, standardize=True)
    coef, intercept, scale, sk_converged = sklearn_standardized(
        X, y, prior, sigma, fit_intercept
    )
    assert sk_converged and res.converged
    atol = 1e-6 * max(1.0, float(np.max(np.abs(coef))))
    np.testing.assert_allclose(res.coef, coef, rtol=0, atol=atol)
    assert abs(res.intercept - intercept) <= atol * max(1.0, abs(intercept))
    np.testing.assert_array_equal(res.coef == 0, coef == 0)
    np.testing.assert_allclose(res.x_scale, scale, rtol=1e-12)
    if prior.penalty(sigma).l1 > 0:
        assert 0 < np.sum(res.coef == 0) < X.shape[1]  # a real sparse problem
    # check_map says the same
    cmp = check_map(X, y, prior, sigma, fit_intercept, standardize=True)
    assert cmp.ok and cmp.max_abs_diff <= cmp.atol
    np.testing.assert_allclose(cmp.penalized_coef, coef, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(cmp.x_scale, scale, rtol=1e-12)


def test_default_is_not_standardized():
    X, y = wide_scales(100, 8, 0)
    res = fit_map(X, y, Laplace(0.02))
    assert res.x_scale is None
    assert check_map(X, y, Laplace(0.02)).x_scale is None


def test_standardize_changes_the_answer_when_scales_differ():
    X, y = wide_scales(100, 8, 0)
    raw = fit_map(X, y, Laplace(0.02))
    std = fit_map(X, y, Laplace(0.02), standardize=True)
    # the large-unit columns are barely penalized on the raw scale, the
    # small-unit ones set to zero: the zero sets differ
    assert not np.array_equal(raw.coef == 0, std.coef == 0)
    assert np.max(np.abs(raw.coef - std.coef) / np.abs(std.coef).max()) > 1e-2
    # standardized fits are equivariant: scaling column j by c divides its
    # weight by c and changes nothing else; raw fits are not
    c = np.ones(X.shape[1])
    c[[0, 5]] = 1e3, 1e-2
    std_c = fit_map(X * c, y, Laplace(0.02), standardize=True)
    np.testing.assert_allclose(std_c.coef * c, std.coef, rtol=1e-7, atol=1e-12)
    raw_c = fit_map(X * c, y, Laplace(0.02))
    assert np.max(np.abs(raw_c.coef * c - raw.coef)) > 1e-2 * np.abs(raw.coef).max()


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize(
    "prior", [Gaussian(0.3), Laplace(0.02), ElasticNet(0.02, 0.5), Flat()], ids=repr
)
def test_stats_input_equals_arrays(prior, fit_intercept):
    X, y = wide_scales(100, 8, 0)
    a = fit_map(X, y, prior, 1.0, fit_intercept, standardize=True)
    stats = SufficientStats.from_arrays(X, y)
    b = fit_map(stats, None, prior, 1.0, fit_intercept, standardize=True)
    np.testing.assert_allclose(b.x_scale, a.x_scale, rtol=1e-12)
    atol = 1e-9 * np.abs(a.coef).max()
    np.testing.assert_allclose(b.coef, a.coef, rtol=1e-7, atol=atol)
    np.testing.assert_array_equal(a.coef == 0, b.coef == 0)
    assert b.intercept == pytest.approx(a.intercept, rel=1e-9, abs=1e-9)


def test_path_equals_single_fits():
    X, y = wide_scales(40, 120, 1)
    priors = [Laplace(b) for b in (0.002, 0.005, 0.01, 0.03)]
    path = fit_map_path(X, y, priors, standardize=True)
    for prior, res in zip(priors, path, strict=True):
        one = fit_map(X, y, prior, standardize=True)
        atol = 1e-9 * max(1.0, np.abs(one.coef).max())
        np.testing.assert_allclose(res.coef, one.coef, rtol=0, atol=atol)
        np.testing.assert_array_equal(res.coef == 0, one.coef == 0)
        np.testing.assert_allclose(res.x_scale, one.x_scale)


@pytest.mark.parametrize("stats", [False, True], ids=["arrays", "stats"])
def test_constant_column_is_named(stats):
    X, y = wide_scales(50, 4, 0)
    df = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(b=3.1)
    data = (SufficientStats.from_arrays(df, y), None) if stats else (df, y)
    with pytest.raises(ValueError, match=r"fit_map.*constant column.*'b'") as err:
        fit_map(*data, Gaussian(1.0), standardize=True)
    assert "'a'" not in str(err.value)
    with pytest.raises(ValueError, match=r"sample_posterior.*constant.*'b'"):
        sample_posterior(
            *data, Gaussian(1.0), sampler="exact", draws=5, standardize=True
        )
    fit_map(*data, Gaussian(1.0))  # fine without standardize


# --------------------------------------------------------------------------
# exact posterior: the closed form N(m, S) on the standardized design


SIGMA, TAU, DRAWS, CHAINS = 40.0, 20.0, 4000, 4


@pytest.fixture(scope="module")
def diabetes_raw():
    return load_diabetes(scaled=False)


def closed_form_standardized(X, y, fit_intercept):
    """Mean and sd of the coefficients of the original columns."""
    Xa, ya = np.asarray(X, float), np.asarray(y, float)
    s = Xa.std(axis=0)
    Z = Xa / s
    if fit_intercept:
        Z, ya = Z - Z.mean(axis=0), ya - ya.mean()
    A = Z.T @ Z + (SIGMA / TAU) ** 2 * np.eye(Z.shape[1])
    m = np.linalg.solve(A, Z.T @ ya)
    S = SIGMA**2 * np.linalg.inv(A)
    return m / s, np.sqrt(np.diag(S)) / s


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_exact_posterior_equals_closed_form(diabetes_raw, fit_intercept):
    X, y = diabetes_raw
    idata = sample_posterior(
        X,
        y,
        Gaussian(TAU),
        SIGMA,
        sampler="exact",
        draws=DRAWS,
        chains=CHAINS,
        random_seed=7,
        fit_intercept=fit_intercept,
        standardize=True,
    )
    mean, sd = closed_form_standardized(X, y, fit_intercept)
    draws = idata.posterior["coef"].stack(s=("chain", "draw")).values  # (p, N)
    n_draws = DRAWS * CHAINS
    # i.i.d. draws: the Monte Carlo sd of the mean is sd / sqrt(N), of the sd
    # about sd / sqrt(2 N); 4.5 of them bounds all 10 coefficients with
    # probability > 0.9999
    assert np.all(np.abs(draws.mean(axis=1) - mean) <= 4.5 * sd / math.sqrt(n_draws))
    rel = np.abs(draws.std(axis=1) / sd - 1)
    assert np.all(rel <= 4.5 / math.sqrt(2 * n_draws))
    # teeth: the unstandardized closed form is 10 tolerances away
    Xa = X.to_numpy()
    Xc = Xa - Xa.mean(0) if fit_intercept else Xa
    yc = y.to_numpy() - y.mean() if fit_intercept else y.to_numpy()
    A = Xc.T @ Xc + (SIGMA / TAU) ** 2 * np.eye(10)
    raw_mean = np.linalg.solve(A, Xc.T @ yc)
    assert np.max(np.abs(raw_mean - mean) / (sd / math.sqrt(n_draws))) > 10 * 4.5
    # recorded scales and flag
    post = idata.posterior
    assert post.attrs["standardize"] == 1
    assert list(post["feature"].values) == list(X.columns)
    np.testing.assert_allclose(
        idata.constant_data["x_scale"].values, Xa.std(axis=0), rtol=1e-12
    )
    assert list(idata.constant_data["feature"].values) == list(X.columns)
    # the pointwise log likelihood uses the original columns and coefficients
    row0 = X.to_numpy()[0] @ draws[:, 0]
    if fit_intercept:
        row0 += float(post["intercept"].stack(s=("chain", "draw")).values[0])
    ll = -0.5 * ((y.iloc[0] - row0) / SIGMA) ** 2 - math.log(
        SIGMA * math.sqrt(2 * math.pi)
    )
    ll_saved = idata.log_likelihood["y"].stack(s=("chain", "draw")).values[0, 0]
    assert ll_saved == pytest.approx(ll, rel=1e-10)


def test_not_standardized_has_flag_zero_and_no_scales(diabetes_raw):
    X, y = diabetes_raw
    idata = sample_posterior(X, y, Gaussian(TAU), SIGMA, sampler="exact", draws=10)
    assert idata.posterior.attrs["standardize"] == 0
    assert "constant_data" not in idata.groups()


def test_exact_posterior_stats_equals_arrays(diabetes_raw):
    X, y = diabetes_raw
    kw = dict(sampler="exact", draws=50, chains=2, random_seed=3, standardize=True)
    a = sample_posterior(X, y, Gaussian(TAU), SIGMA, **kw)
    b = sample_posterior(
        SufficientStats.from_arrays(X, y), None, Gaussian(TAU), SIGMA, **kw
    )
    np.testing.assert_allclose(
        b.posterior["coef"].values, a.posterior["coef"].values, rtol=1e-8
    )
    np.testing.assert_allclose(
        b.constant_data["x_scale"].values, a.constant_data["x_scale"].values
    )


# --------------------------------------------------------------------------
# estimator


@pytest.mark.parametrize("prior", [Laplace(1.0), Gaussian(5.0)], ids=repr)
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_estimator_equals_fit_map(diabetes_raw, prior, fit_intercept):
    X, y = diabetes_raw
    model = BayesianLinearRegression(
        prior, 50.0, fit_intercept=fit_intercept, standardize=True
    ).fit(X, y)
    res = fit_map(X, y, prior, 50.0, fit_intercept, standardize=True)
    np.testing.assert_array_equal(model.coef_, res.coef)
    assert model.intercept_ == res.intercept
    np.testing.assert_allclose(model.map_.x_scale, res.x_scale)
    raw = BayesianLinearRegression(prior, 50.0, fit_intercept=fit_intercept).fit(X, y)
    assert np.max(np.abs(raw.coef_ - model.coef_)) > 1e-2 * np.abs(model.coef_).max()


def test_estimator_exact_equals_sample_posterior(diabetes_raw):
    X, y = diabetes_raw
    model = BayesianLinearRegression(
        Gaussian(TAU),
        SIGMA,
        method="exact",
        draws=200,
        chains=2,
        random_state=5,
        standardize=True,
    ).fit(X, y)
    idata = sample_posterior(
        X,
        y,
        Gaussian(TAU),
        SIGMA,
        sampler="exact",
        draws=200,
        chains=2,
        random_seed=5,
        standardize=True,
    )
    np.testing.assert_allclose(
        model.coef_, idata.posterior["coef"].mean(("chain", "draw")).values
    )
    res = fit_map(X, y, Gaussian(TAU), SIGMA, standardize=True)
    np.testing.assert_array_equal(model.map_.coef, res.coef)
    assert model.idata_.posterior.attrs["standardize"] == 1
