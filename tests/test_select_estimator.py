"""BayesianLinearRegressionCV (issue 14): the estimator is select_lambda plus
a fit of the chosen prior; it matches LassoCV, BayesianRidge and a
GridSearchCV over ``prior__scale`` of the plain estimator."""

import numpy as np
import pytest
from sklearn.linear_model import BayesianRidge, LassoCV
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.utils.estimator_checks import parametrize_with_checks

from bayesreg import (
    BayesianLinearRegression,
    BayesianLinearRegressionCV,
    ElasticNet,
    Gaussian,
    Laplace,
    SufficientStats,
    fit_map,
    select_lambda,
)
from bayesreg.datasets import load_diabetes


@parametrize_with_checks(
    [
        BayesianLinearRegressionCV(n_lams=10),
        BayesianLinearRegressionCV(Laplace(), n_lams=10, cv=3, rule="1se"),
        BayesianLinearRegressionCV(Gaussian(), lam="evidence", standardize=True),
    ]
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes()


@pytest.mark.parametrize(
    ("prior", "lam"),
    [(Laplace(), "cv"), (ElasticNet(1.0, 1.0), "cv"), (Gaussian(), "evidence")],
    ids=["laplace-cv", "elasticnet-cv", "gaussian-evidence"],
)
def test_estimator_is_select_lambda_then_fit(diabetes, prior, lam):
    X, y = diabetes
    model = BayesianLinearRegressionCV(prior, lam=lam, n_lams=30).fit(X, y)
    res = select_lambda(X, y, prior, lam, n_lams=30)
    assert model.lam_ == res.lam and model.prior_ == res.prior
    assert model.sigma_ == res.sigma
    ref = fit_map(X, y, res.prior, res.sigma, tol=1e-10)
    np.testing.assert_allclose(model.coef_, ref.coef, rtol=0, atol=1e-6)
    np.testing.assert_allclose(model.intercept_, ref.intercept, rtol=1e-9)
    np.testing.assert_allclose(
        model.predict(X), X.to_numpy() @ ref.coef + ref.intercept, atol=1e-5
    )
    assert list(model.feature_names_in_) == list(X.columns)
    assert model.selection_.criterion.shape == (30,)


def test_cv_matches_lasso_cv(diabetes):
    """Same folds and grid (alpha = lam / n): LassoCV's alpha_ and coef_."""
    X, y = diabetes
    n = len(y)
    folds = KFold(5, shuffle=True, random_state=3)
    model = BayesianLinearRegressionCV(
        Laplace(), cv=folds, n_lams=40, lam_options={"fold_lam": "per_sample"}
    ).fit(X, y)
    grid = model.selection_.grid
    sk = LassoCV(alphas=grid / n, cv=folds, tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(model.lam_ / n, sk.alpha_, rtol=1e-12)
    np.testing.assert_allclose(model.coef_, sk.coef_, atol=1e-6 * np.abs(y).max())


def test_evidence_matches_bayesian_ridge(diabetes):
    X, y = diabetes
    # BayesianRidge's default Gamma(1e-6, 1e-6) terms, passed on to the evidence
    gamma = dict(alpha_1=1e-6, alpha_2=1e-6, lambda_1=1e-6, lambda_2=1e-6)
    model = BayesianLinearRegressionCV(
        Gaussian(), lam="evidence", lam_options=gamma
    ).fit(X, y)
    sk = BayesianRidge(tol=1e-10, max_iter=100_000, **gamma).fit(X, y)
    # BayesianRidge: w ~ N(0, 1/lambda_), e ~ N(0, 1/alpha_); lam = lambda_/alpha_
    np.testing.assert_allclose(model.lam_, sk.lambda_ / sk.alpha_, rtol=1e-6)
    np.testing.assert_allclose(model.sigma_, sk.alpha_**-0.5, rtol=1e-6)
    scale = np.abs(sk.coef_).max()
    np.testing.assert_allclose(model.coef_, sk.coef_, rtol=0, atol=1e-6 * scale)


@pytest.mark.parametrize("family", [Laplace, Gaussian], ids=lambda c: c.__name__)
def test_cv_choice_equals_grid_search_over_prior_scale(diabetes, family):
    """The plain estimator's nested ``prior__scale`` in GridSearchCV, with the
    same folds, the grid's scales and the MSE, picks the same prior."""
    X, y = diabetes
    sigma, folds = 50.0, KFold(4, shuffle=True, random_state=0)
    model = BayesianLinearRegressionCV(family(), sigma=sigma, cv=folds, n_lams=12).fit(
        X, y
    )
    # a prior at each lam of the grid, then its own scale parameter
    scales = [family.from_penalty(lam, sigma).scale for lam in model.selection_.grid]
    search = GridSearchCV(
        BayesianLinearRegression(family(1.0), sigma=sigma),
        {"prior__scale": scales},
        cv=folds,
        scoring="neg_mean_squared_error",
    ).fit(X, y)
    np.testing.assert_allclose(
        -search.cv_results_["mean_test_score"],
        model.selection_.criterion,
        rtol=1e-7,
    )
    best = search.best_params_["prior__scale"]
    np.testing.assert_allclose(model.prior_.scale, best, rtol=1e-12)
    np.testing.assert_allclose(
        model.coef_, search.best_estimator_.coef_, atol=1e-6, rtol=1e-8
    )


def test_one_se_rule_takes_the_larger_lam(diabetes):
    X, y = diabetes
    lo = BayesianLinearRegressionCV(Laplace(), n_lams=30).fit(X, y)
    hi = BayesianLinearRegressionCV(Laplace(), n_lams=30, rule="1se").fit(X, y)
    sel = hi.selection_
    assert hi.lam_ == sel.lam_1se and hi.prior_ == sel.prior_1se
    assert hi.lam_ >= lo.lam_
    assert np.count_nonzero(hi.coef_) <= np.count_nonzero(lo.coef_)
    best = np.argmin(sel.criterion)
    within = sel.criterion <= sel.criterion[best] + sel.criterion_se[best]
    assert hi.lam_ == sel.grid[within].max()


def test_evidence_then_exact_posterior(diabetes):
    """Empirical Bayes: the posterior at the chosen prior and sigma; with a
    Gaussian prior its mean is the MAP (within 4 Monte Carlo errors)."""
    X, y = diabetes
    model = BayesianLinearRegressionCV(
        Gaussian(), lam="evidence", method="exact", draws=2000, chains=2,
        random_state=1,
    ).fit(X, y)  # fmt: skip
    post = model.idata_.posterior["coef"]
    mcse = post.std(("chain", "draw")).values / np.sqrt(post.sizes["draw"] * 2)
    ref = fit_map(X, y, model.prior_, model.sigma_, tol=1e-10).coef
    assert np.all(np.abs(model.coef_ - ref) < 4 * mcse)
    assert model.sigma_ == model.selection_.sigma


@pytest.mark.parametrize(
    ("params", "exc", "pattern"),
    [
        (dict(lam="aic"), ValueError, r"'lam' parameter of BayesianLinearRegre.*'aic'"),
        (
            dict(prior=Gaussian(), lam="evidence", rule="1se"),
            ValueError,
            r"'rule' parameter .* '1se' needs lam='cv'",
        ),
        (dict(rule="max"), ValueError, r"'rule' parameter .*Got 'max'"),
        (dict(lam_options=[1]), TypeError, r"'lam_options' parameter"),
        (dict(sigma=-1.0), ValueError, r"'sigma' parameter .*Got -1.0"),
        (dict(lam_options={"n_iter": 3}), TypeError, r"unexpected option.*n_iter"),
    ],
)
def test_bad_parameters(diabetes, params, exc, pattern):
    X, y = diabetes
    with pytest.raises(exc, match=pattern):
        BayesianLinearRegressionCV(**params).fit(X, y)


def test_sufficient_statistics_are_refused(diabetes):
    X, y = diabetes
    with pytest.raises(ValueError, match="needs the rows X, y"):
        BayesianLinearRegressionCV().fit(SufficientStats.from_arrays(X, y), None)
