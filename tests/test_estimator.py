import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import Lasso, PoissonRegressor, Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from bayesreg import (
    BayesianLinearRegression,
    ElasticNet,
    Flat,
    Gaussian,
    Jeffreys,
    Laplace,
    SufficientStats,
)
from bayesreg import posterior as bp
from bayesreg.datasets import load_diabetes
from bayesreg.likelihoods import Logistic, StudentT


@parametrize_with_checks(
    [
        BayesianLinearRegression(),
        BayesianLinearRegression(prior=Laplace(0.5)),
        BayesianLinearRegression(prior=Flat(), fit_intercept=False),
        BayesianLinearRegression(prior=Laplace(0.5), standardize=True),
        BayesianLinearRegression(likelihood="student_t"),
        BayesianLinearRegression(
            Laplace(0.5), likelihood="student_t", standardize=True
        ),
    ]
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_dataframe_names_and_matches_sklearn():
    X, y = load_diabetes()
    model = BayesianLinearRegression(prior=Laplace(0.01), sigma=2.0).fit(X, y)
    assert list(model.feature_names_in_) == list(X.columns)
    assert model.n_features_in_ == 10
    lasso = Lasso(alpha=4.0 / (len(y) * 0.01), tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(model.coef_, lasso.coef_, atol=1e-6 * 600)
    np.testing.assert_allclose(model.predict(X), lasso.predict(X), atol=1e-3)


def test_default_prior_is_ridge_alpha_one():
    X, y = load_diabetes()
    model = BayesianLinearRegression().fit(X, y)
    np.testing.assert_allclose(
        model.coef_, Ridge(alpha=1.0).fit(X, y).coef_, rtol=1e-10
    )


@pytest.mark.parametrize(
    ("params", "exc", "pattern"),
    [
        (dict(method="gibbs"), ValueError, "'method' parameter .* Got 'gibbs'"),
        (dict(sigma=-1.0), ValueError, "'sigma'.*Got -1.0"),
        (dict(prior="ridge"), TypeError, "'prior'"),
    ],
)
def test_bad_parameters(params, exc, pattern):
    X, y = load_diabetes()
    with pytest.raises(exc, match=pattern):
        BayesianLinearRegression(**params).fit(pd.DataFrame(X), y)


@pytest.mark.parametrize("prior", [Laplace(0.01), Flat()], ids=repr)
def test_fit_on_sufficient_statistics_equals_fit_on_arrays(prior):
    from bayesreg import SufficientStats

    X, y = load_diabetes()
    a = BayesianLinearRegression(prior=prior, sigma=2.0).fit(X, y)
    b = BayesianLinearRegression(prior=prior, sigma=2.0).fit(
        SufficientStats.from_arrays(X, y), None
    )
    np.testing.assert_allclose(b.coef_, a.coef_, rtol=1e-9, atol=1e-9)
    assert b.intercept_ == pytest.approx(a.intercept_, rel=1e-12)
    assert list(b.feature_names_in_) == list(X.columns) and b.n_features_in_ == 10
    np.testing.assert_allclose(b.predict(X), a.predict(X), rtol=1e-9)
    with pytest.raises(ValueError, match="y must be None"):
        BayesianLinearRegression().fit(SufficientStats.from_arrays(X, y), y)


def test_exact_posterior_on_sufficient_statistics():
    from bayesreg import Gaussian, SufficientStats

    X, y = load_diabetes()
    kw = dict(prior=Gaussian(10.0), sigma=54.0, method="exact", random_state=3)
    a = BayesianLinearRegression(**kw).fit(X, y)
    b = BayesianLinearRegression(**kw).fit(SufficientStats.from_arrays(X, y), None)
    np.testing.assert_allclose(b.coef_, a.coef_, rtol=1e-9)
    np.testing.assert_allclose(b.map_.coef, a.map_.coef, rtol=1e-9)


# --------------------------------------------------------------------------
# feature names from a DataFrame are kept everywhere


@pytest.mark.parametrize("method", ["map", "exact"])
def test_dataframe_feature_names_kept(method):
    X, y = load_diabetes()
    model = BayesianLinearRegression(
        Gaussian(10.0), 54.0, method=method, draws=20, chains=1, random_state=0
    ).fit(X, y)
    assert model.map_.feature_names == tuple(X.columns)
    if method == "exact":
        feature = model.idata_.posterior["feature"].values
        assert list(feature) == list(X.columns)


def test_array_input_gets_default_names():
    X, y = load_diabetes()
    model = BayesianLinearRegression().fit(X.to_numpy(), y.to_numpy())
    assert model.map_.feature_names == tuple(f"x{j}" for j in range(10))


# --------------------------------------------------------------------------
# nested parameters of the prior: prior__<field>


def test_get_params_lists_prior_fields():
    deep = BayesianLinearRegression(prior=ElasticNet(0.5, 2.0)).get_params()
    assert deep["prior__l1_scale"] == 0.5 and deep["prior__l2_scale"] == 2.0
    assert deep["prior__relative"] is False
    default = BayesianLinearRegression().get_params()
    assert default["prior"] is None and default["prior__scale"] == 1.0
    shallow = BayesianLinearRegression().get_params(deep=False)
    assert not any(k.startswith("prior__") for k in shallow)


def test_set_params_replaces_prior():
    model = BayesianLinearRegression(prior=Laplace(1.0))
    assert model.set_params(prior__scale=0.1) is model
    assert model.prior == Laplace(0.1)
    model = BayesianLinearRegression()  # default prior None -> Gaussian(1.0)
    model.set_params(prior__scale=3.0, prior__relative=True)
    assert model.prior == Gaussian(3.0, relative=True)
    # a new prior and its field in one call: the prior first
    model.set_params(prior=Laplace(1.0), prior__scale=0.2)
    assert model.prior == Laplace(0.2)
    # round trip: deep params set back give the same parameters
    for est in (BayesianLinearRegression(), BayesianLinearRegression(Laplace(0.3))):
        params = est.get_params()
        twin = clone(est).set_params(**params)
        assert twin.get_params() == params
        assert clone(est).get_params() == params


@pytest.mark.parametrize(
    ("params", "exc", "pattern"),
    [
        (dict(prior__x=1.0), ValueError, r"Invalid parameter 'x' for estimator Gaus"),
        (
            dict(prior=Laplace(1.0), prior__l1_scale=1.0),
            ValueError,
            r"Invalid parameter 'l1_scale' for estimator Laplace.*'scale'",
        ),
        (dict(prior__scale=-1.0), ValueError, r"'scale' parameter of Gaussian.*-1"),
    ],
)
def test_set_params_rejects_bad_prior_fields(params, exc, pattern):
    model = BayesianLinearRegression()
    with pytest.raises(exc, match=pattern):
        model.set_params(**params)


@pytest.mark.parametrize("prior", [None, Laplace(1.0)], ids=["default", "Laplace"])
def test_grid_search_over_prior_scale(prior):
    X, y = load_diabetes()
    pipe = Pipeline(
        [("s", StandardScaler()), ("m", BayesianLinearRegression(prior, sigma=50.0))]
    )
    grid = {"m__prior__scale": [0.1, 1.0, 10.0]}
    search = GridSearchCV(pipe, grid, cv=3).fit(X, y)
    best = search.best_params_["m__prior__scale"]
    family = type(prior) if prior is not None else Gaussian
    assert search.best_estimator_["m"].prior == family(best)
    # the refit at the chosen scale equals a direct fit at that scale
    Z = StandardScaler().fit_transform(X)
    direct = BayesianLinearRegression(family(best), sigma=50.0).fit(Z, y)
    np.testing.assert_array_equal(search.best_estimator_["m"].coef_, direct.coef_)
    # and the scales really differ in the cross-validated score
    scores = search.cv_results_["mean_test_score"]
    assert np.ptp(scores) > 1e-3


# --------------------------------------------------------------------------
# likelihood="gaussian" | "poisson" | "student_t"


def _counts(n=400, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    y = rng.poisson(np.exp(0.4 + X @ np.array([0.5, -0.3, 0.2, 0.0, 0.1])))
    return X, y


@pytest.mark.parametrize("tau", [0.05, 1.0])
def test_poisson_gaussian_prior_equals_poisson_regressor(tau):
    X, y = _counts()
    model = BayesianLinearRegression(Gaussian(tau), likelihood="poisson").fit(X, y)
    ref = PoissonRegressor(
        alpha=1 / (len(y) * tau**2), solver="newton-cholesky", tol=1e-12
    ).fit(X, y)
    assert model.map_.converged and model.map_.likelihood == "poisson"
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=0, atol=1e-7)
    assert model.intercept_ == pytest.approx(ref.intercept_, abs=1e-7)
    # predict is the mean response exp(eta)
    eta = X @ model.coef_ + model.intercept_
    np.testing.assert_allclose(model.predict(X), np.exp(eta), rtol=1e-12)
    np.testing.assert_allclose(model.predict(X), ref.predict(X), rtol=1e-6)
    assert model.sigma_ == 1.0 and repr(model.likelihood_) == "Poisson()"


def test_student_t_is_robust_to_outliers():
    rng = np.random.default_rng(1)
    n, w = 200, np.array([2.0, -1.0, 0.5])
    X = rng.normal(size=(n, 3))
    y = 1.0 + X @ w + 0.5 * rng.standard_normal(n)
    bad = np.argsort(X[:, 0])[-10:]  # high-leverage rows, shifted far down
    y[bad] -= 30.0
    kw = dict(prior=Gaussian(10.0), sigma=0.5)
    gauss = BayesianLinearRegression(**kw).fit(X, y)
    robust = BayesianLinearRegression(**kw, likelihood="student_t").fit(X, y)
    assert robust.map_.converged and robust.map_.likelihood == "student_t"
    assert np.abs(gauss.coef_ - w).max() > 1.0  # dragged by the outliers
    assert np.abs(robust.coef_ - w).max() < 0.15
    assert robust.intercept_ == pytest.approx(1.0, abs=0.15)
    # the mean response of the identity link: x'coef_ + intercept_
    np.testing.assert_allclose(robust.predict(X), X @ robust.coef_ + robust.intercept_)
    # a family object with its own df: df -> inf is the Gaussian fit
    near = BayesianLinearRegression(**kw, likelihood=StudentT(df=1e12)).fit(X, y)
    np.testing.assert_allclose(near.coef_, gauss.coef_, rtol=1e-6)


def test_likelihood_get_set_params_clone_round_trip():
    model = BayesianLinearRegression()
    assert model.get_params()["likelihood"] == "gaussian"
    model = BayesianLinearRegression(Laplace(0.3), likelihood="poisson")
    params = model.get_params()
    assert params["likelihood"] == "poisson" and params["prior__scale"] == 0.3
    twin = clone(model)
    assert twin.get_params() == params
    assert clone(model).set_params(**params).get_params() == params
    assert twin.set_params(likelihood="student_t") is twin
    assert twin.likelihood == "student_t" and model.likelihood == "poisson"
    family = BayesianLinearRegression(likelihood=StudentT(df=3.0))
    copied = clone(family)
    assert repr(copied.likelihood) == "StudentT(df=3.0)"
    assert copied.likelihood is not family.likelihood
    X, y = load_diabetes()
    fitted = copied.set_params(sigma=50.0).fit(X, y)
    assert fitted.likelihood_ is copied.likelihood and fitted.map_.converged


def test_likelihood_grid_search():
    """likelihood is an ordinary parameter: GridSearchCV can choose it."""
    X, y = _counts()
    grid = {"likelihood": ["gaussian", "poisson"]}
    search = GridSearchCV(BayesianLinearRegression(), grid, cv=3).fit(X, y)
    assert search.best_params_["likelihood"] in grid["likelihood"]


_ALLOWED = r"must be one of 'gaussian', 'poisson', 'student_t' or a bayesreg"


@pytest.mark.parametrize(
    ("params", "pattern"),
    [
        (
            dict(likelihood="logistic"),
            _ALLOWED + r".*Got 'logistic' instead: for a binary response use "
            r"bayesreg.BayesianLogisticRegression",
        ),
        (dict(likelihood=Logistic()), r"Got Logistic\(\).*BayesianLogisticRegr"),
        (dict(likelihood="binomial"), _ALLOWED + r".*Got 'binomial' instead\.$"),
        (dict(likelihood=None), _ALLOWED + r".*Got None instead"),
        (
            dict(likelihood="poisson", sigma=2.0),
            r"'sigma' parameter of BayesianLinearRegression does not apply to "
            r"likelihood Poisson\(\), which has no noise scale; leave it at 1.0. "
            r"Got 2.0",
        ),
        (
            dict(likelihood="poisson", sigma=Jeffreys(), method="nuts"),
            r"'sigma' parameter .* Poisson\(\).*Got Jeffreys\(\)",
        ),
        (
            dict(likelihood="poisson", method="exact"),
            r"'method' parameter of BayesianLinearRegression must be one of 'map', "
            r"'nuts', 'auto' with likelihood Poisson\(\)\. Got 'exact' instead",
        ),
        (
            dict(likelihood=StudentT(df=None)),
            r"BayesianLinearRegression: likelihood StudentT\(df=None\) gives df a "
            r"prior, which only a posterior can use",
        ),
    ],
)
def test_bad_likelihood(params, pattern):
    X, y = _counts(50)
    with pytest.raises(ValueError, match=pattern):
        BayesianLinearRegression(**params).fit(X, y)


def test_likelihood_data_checks():
    X, y = _counts(50)
    with pytest.raises(ValueError, match="'poisson' needs y of non-negative integer"):
        BayesianLinearRegression(likelihood="poisson").fit(X, y - 0.5)
    with pytest.raises(ValueError, match=r"Poisson\(\) needs the rows X, y"):
        BayesianLinearRegression(likelihood="poisson").fit(
            SufficientStats.from_arrays(X, y), None
        )


@pytest.mark.slow
def test_poisson_posterior_prediction():
    X, y = _counts(200)
    model = BayesianLinearRegression(
        Gaussian(1.0),
        likelihood="poisson",
        method="nuts",
        draws=250,
        tune=250,
        chains=2,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bp.SamplingWarning)
        model.fit(X, y)
    assert model.idata_.posterior.attrs["likelihood"] == "poisson"
    assert model.map_ is not None and model.map_.likelihood == "poisson"
    np.testing.assert_allclose(model.coef_, model.map_.coef, atol=0.05)
    post = model.idata_.posterior.stack(sample=("chain", "draw"))
    Xn = X[:10]
    eta = post["coef"].values.T @ Xn.T + post["intercept"].values[:, None]
    mean, std = model.predict(Xn, return_std=True)
    # the posterior predictive mean E[exp(eta)] (not exp of the mean eta)
    np.testing.assert_allclose(mean, np.exp(eta).mean(0), rtol=1e-12)
    np.testing.assert_allclose(model.predict(Xn), mean)
    var = np.exp(eta).var(0) + np.exp(eta).mean(0)  # Var E[y|eta] + E Var[y|eta]
    np.testing.assert_allclose(std, np.sqrt(var), rtol=1e-12)
    iv = model.predict_interval(Xn, prob=0.8)
    assert iv.shape == (10, 2)
    np.testing.assert_array_equal(iv, np.round(iv))  # counts
    assert np.all((iv[:, 0] <= mean) & (mean <= iv[:, 1]))
    np.testing.assert_array_equal(iv, model.predict_interval(Xn, prob=0.8))


@pytest.mark.slow
def test_student_t_posterior_with_df_prior():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(150, 2))
    y = 1.0 + X @ np.array([1.0, -0.5]) + 0.5 * rng.standard_t(3, 150)
    model = BayesianLinearRegression(
        Gaussian(10.0),
        0.5,
        likelihood=StudentT(df=None),
        method="nuts",
        draws=250,
        tune=250,
        chains=2,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bp.SamplingWarning)
        model.fit(X, y)
    post = model.idata_.posterior
    assert "nu" in post and model.map_ is None  # no MAP with a prior on df
    assert model.sigma_ == 0.5
    np.testing.assert_allclose(model.coef_, [1.0, -0.5], atol=0.2)
    stacked = post.stack(sample=("chain", "draw"))
    nu = stacked["nu"].values
    mean, std = model.predict(X[:5], return_std=True)
    np.testing.assert_allclose(mean, X[:5] @ model.coef_ + model.intercept_)
    eta = stacked["coef"].values.T @ X[:5].T + stacked["intercept"].values[:, None]
    noise = np.where(nu > 2, 0.25 * nu / (nu - 2), np.inf)
    np.testing.assert_allclose(std, np.sqrt(eta.var(0) + noise.mean()), rtol=1e-10)
    iv = model.predict_interval(X[:5], prob=0.5)
    assert np.all((iv[:, 0] < mean) & (mean < iv[:, 1]))
