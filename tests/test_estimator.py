import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import Lasso, Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from bayesreg import BayesianLinearRegression, ElasticNet, Flat, Gaussian, Laplace
from bayesreg.datasets import load_diabetes


@parametrize_with_checks(
    [
        BayesianLinearRegression(),
        BayesianLinearRegression(prior=Laplace(0.5)),
        BayesianLinearRegression(prior=Flat(), fit_intercept=False),
        BayesianLinearRegression(prior=Laplace(0.5), standardize=True),
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
