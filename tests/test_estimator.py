import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Lasso, Ridge
from sklearn.utils.estimator_checks import parametrize_with_checks

from bayesreg import BayesianLinearRegression, Flat, Laplace
from bayesreg.datasets import load_diabetes


@parametrize_with_checks(
    [
        BayesianLinearRegression(),
        BayesianLinearRegression(prior=Laplace(0.5)),
        BayesianLinearRegression(prior=Flat(), fit_intercept=False),
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
