"""BayesianLogisticRegression: a scikit-learn classifier over the priors."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from bayesreg import (
    BayesianLogisticRegression,
    ElasticNet,
    Gaussian,
    Laplace,
    SufficientStats,
    fit_map,
)
from bayesreg import posterior as bp


@pytest.fixture(scope="module")
def cancer():
    return load_breast_cancer(return_X_y=True, as_frame=True)


@parametrize_with_checks(
    [
        BayesianLogisticRegression(),
        BayesianLogisticRegression(prior=Laplace(0.5), standardize=True),
        BayesianLogisticRegression(prior=ElasticNet(0.5, 2.0)),
        BayesianLogisticRegression(fit_intercept=False),
    ]
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


# --------------------------------------------------------------------------
# the MAP is scikit-learn's penalized logistic regression


@pytest.mark.parametrize("tau", [0.1, 1.0, 3.0])
def test_gaussian_prior_equals_logistic_regression(cancer, tau):
    X, y = cancer
    model = BayesianLogisticRegression(Gaussian(tau)).fit(X, y)
    ref = LogisticRegression(C=tau**2, solver="newton-cholesky", tol=1e-12).fit(X, y)
    assert model.map_.converged and model.idata_ is None
    np.testing.assert_allclose(model.coef_, ref.coef_[0], rtol=0, atol=1e-6)
    assert model.intercept_ == pytest.approx(ref.intercept_[0], abs=1e-6)
    np.testing.assert_array_equal(model.classes_, ref.classes_)
    np.testing.assert_allclose(model.predict_proba(X), ref.predict_proba(X), atol=1e-8)
    np.testing.assert_allclose(
        model.decision_function(X), ref.decision_function(X), rtol=1e-6, atol=1e-6
    )
    np.testing.assert_array_equal(model.predict(X), ref.predict(X))
    assert model.score(X, y) == ref.score(X, y)


def test_default_prior_is_sklearn_default(cancer):
    X, y = cancer
    Z = StandardScaler().fit_transform(X)
    model = BayesianLogisticRegression().fit(Z, y)
    ref = LogisticRegression(solver="newton-cholesky", tol=1e-12).fit(Z, y)
    np.testing.assert_allclose(model.coef_, ref.coef_[0], atol=1e-6)


def test_laplace_prior_is_the_logistic_map(cancer):
    """A Laplace prior: the MAP of fit_map(likelihood='logistic'), sparse."""
    X, y = cancer
    model = BayesianLogisticRegression(Laplace(0.05), standardize=True).fit(X, y)
    res = fit_map(X, y, Laplace(0.05), likelihood="logistic", standardize=True)
    np.testing.assert_array_equal(model.coef_, res.coef)
    assert model.intercept_ == res.intercept
    assert 0 < np.count_nonzero(model.coef_) < X.shape[1]
    assert model.map_.likelihood == "logistic"
    assert model.map_.feature_names == tuple(X.columns)
    assert list(model.feature_names_in_) == list(X.columns)


# --------------------------------------------------------------------------
# labels


@pytest.mark.parametrize(
    ("labels", "classes"),
    [
        (("malignant", "benign"), ["benign", "malignant"]),
        ((-1, 1), [-1, 1]),
        ((False, True), [False, True]),
        ((2.0, 7.0), [2.0, 7.0]),
    ],
    ids=["str", "pm1", "bool", "float"],
)
def test_any_two_labels(cancer, labels, classes):
    """classes_ sorted; classes_[1] coded 1: the same fit, sign by the order."""
    X, y = cancer
    y_lab = np.where(y == 1, labels[1], labels[0])
    model = BayesianLogisticRegression(Gaussian(1.0)).fit(X, y_lab)
    ref = BayesianLogisticRegression(Gaussian(1.0)).fit(X, y)
    assert list(model.classes_) == classes
    sign = 1.0 if classes[1] == labels[1] else -1.0
    np.testing.assert_allclose(model.coef_, sign * ref.coef_, rtol=1e-7, atol=1e-9)
    pred = model.predict(X)
    assert pred.dtype == np.asarray(y_lab).dtype
    np.testing.assert_array_equal(pred, np.where(ref.predict(X) == 1, *labels[::-1]))
    sk = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12).fit(X, y_lab)
    np.testing.assert_array_equal(model.classes_, sk.classes_)
    np.testing.assert_allclose(model.predict_proba(X), sk.predict_proba(X), atol=1e-7)


def test_more_than_two_classes_is_a_clear_error(cancer):
    X, y = cancer
    y3 = np.where(X["mean radius"] > 17, "large", np.where(y == 1, "benign", "bad"))
    with pytest.raises(
        ValueError,
        match=r"Only binary classification is supported. The type of the target is "
        r"'multiclass'.*3 classes in y \('bad', 'benign', 'large'\).*OneVsRest",
    ):
        BayesianLogisticRegression().fit(X, y3)
    # the workaround the message names
    ovr = OneVsRestClassifier(BayesianLogisticRegression(standardize=True)).fit(X, y3)
    assert set(ovr.predict(X)) <= {"bad", "benign", "large"}


def test_one_class_and_continuous_targets_are_refused(cancer):
    X, y = cancer
    with pytest.raises(ValueError, match=r"2 classes in y; got 1 class only \(1\)"):
        BayesianLogisticRegression().fit(X, np.ones(len(y), dtype=int))
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        BayesianLogisticRegression().fit(X, X["mean area"])


# --------------------------------------------------------------------------
# prediction


def test_probabilities_decision_and_predict_agree(cancer):
    X, y = cancer
    model = BayesianLogisticRegression(Gaussian(0.5)).fit(X, y)
    eta = X.to_numpy() @ model.coef_ + model.intercept_
    np.testing.assert_allclose(model.decision_function(X), eta, rtol=1e-12)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba[:, 1], expit(eta), rtol=1e-12)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-14)
    log_proba = model.predict_log_proba(X)
    np.testing.assert_allclose(np.exp(log_proba), proba, rtol=1e-12)
    np.testing.assert_array_equal(model.predict(X), model.classes_[(eta > 0) * 1])
    # far from the boundary the log probabilities stay finite
    far = model.predict_log_proba(X.iloc[:5] * 1e3)
    assert np.all(np.isfinite(far))


def test_map_fit_has_no_probability_interval(cancer):
    X, y = cancer
    model = BayesianLogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="needs a posterior: fit with method='nuts'"):
        model.predict_proba_interval(X)


# --------------------------------------------------------------------------
# parameters


def test_params_and_grid_search_over_prior_scale(cancer):
    X, y = cancer
    model = BayesianLogisticRegression()
    params = model.get_params()
    assert params["prior"] is None and params["prior__scale"] == 1.0
    assert "sigma" not in params and "likelihood" not in params
    assert clone(model).set_params(**params).get_params() == params
    model.set_params(prior__scale=0.3)
    assert model.prior == Gaussian(0.3)
    pipe = make_pipeline(StandardScaler(), BayesianLogisticRegression())
    grid = {"bayesianlogisticregression__prior__scale": [0.01, 0.1, 1.0]}
    search = GridSearchCV(pipe, grid, cv=3).fit(X, y)
    best = search.best_params_["bayesianlogisticregression__prior__scale"]
    assert search.best_estimator_[-1].get_params()["prior__scale"] == best
    assert np.ptp(search.cv_results_["mean_test_score"]) > 1e-3


@pytest.mark.parametrize(
    ("params", "exc", "pattern"),
    [
        (dict(method="gibbs"), ValueError, r"'method' parameter .* Got 'gibbs'"),
        (dict(prior="ridge"), TypeError, r"'prior' parameter of BayesianLogistic"),
        (dict(fit_intercept=1), TypeError, r"'fit_intercept' parameter.*bool"),
        (dict(standardize="no"), TypeError, r"'standardize' parameter.*bool"),
    ],
)
def test_bad_parameters(cancer, params, exc, pattern):
    X, y = cancer
    with pytest.raises(exc, match=pattern):
        BayesianLogisticRegression(**params).fit(X, y)


def test_sufficient_statistics_are_refused(cancer):
    X, y = cancer
    with pytest.raises(ValueError, match="needs the rows X, y"):
        BayesianLogisticRegression().fit(SufficientStats.from_arrays(X, y), None)


# --------------------------------------------------------------------------
# posterior sampling: predictive probabilities and their intervals


@pytest.fixture(scope="module")
def sampled(cancer):
    X, y = cancer
    X = X.iloc[:, :4]
    labels = pd.Series(np.where(y == 1, "benign", "malignant"), index=y.index)
    model = BayesianLogisticRegression(
        Gaussian(1.0),
        method="nuts",
        standardize=True,
        draws=300,
        tune=300,
        chains=2,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bp.SamplingWarning)
        model.fit(X, labels)
    return model, X, labels


@pytest.mark.slow
def test_sampled_fit_attributes(sampled):
    model, X, labels = sampled
    post = model.idata_.posterior
    assert post.attrs["likelihood"] == "logistic" and post.attrs["sigma"] == 1.0
    assert list(post["feature"].values) == list(X.columns)
    np.testing.assert_allclose(model.coef_, post["coef"].mean(("chain", "draw")))
    assert model.intercept_ == pytest.approx(float(post["intercept"].mean()))
    assert list(model.classes_) == ["benign", "malignant"]
    # the MAP next to it is the MAP fit of the same model
    ref = clone(model).set_params(method="map").fit(X, labels)
    np.testing.assert_array_equal(model.map_.coef, ref.coef_)
    assert "log_likelihood" in model.idata_.groups()


@pytest.mark.slow
def test_sampled_probabilities_are_posterior_predictive(sampled):
    model, X, _ = sampled
    Xn = X.iloc[:25]
    post = model.idata_.posterior.stack(sample=("chain", "draw"))
    eta = post["coef"].values.T @ Xn.to_numpy().T + post["intercept"].values[:, None]
    p1 = expit(eta).mean(axis=0)  # E[P(y = classes_[1] | x, w)] over the draws
    proba = model.predict_proba(Xn)
    np.testing.assert_allclose(proba[:, 1], p1, rtol=1e-10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(
        model.decision_function(Xn), np.log(p1 / (1 - p1)), rtol=1e-8, atol=1e-10
    )
    np.testing.assert_allclose(np.exp(model.predict_log_proba(Xn)), proba)
    np.testing.assert_array_equal(
        model.predict(Xn), model.classes_[(proba[:, 1] > 0.5) * 1]
    )
    assert model.score(X, model.predict(X)) == 1.0


@pytest.mark.slow
def test_probability_interval(sampled):
    model, X, _ = sampled
    Xn = X.iloc[:25]
    iv = model.predict_proba_interval(Xn, prob=0.9)
    assert iv.shape == (25, 2)
    post = model.idata_.posterior.stack(sample=("chain", "draw"))
    eta = post["coef"].values.T @ Xn.to_numpy().T + post["intercept"].values[:, None]
    want = np.quantile(expit(eta), [0.05, 0.95], axis=0).T
    np.testing.assert_allclose(iv, want, rtol=1e-12)
    p1 = model.predict_proba(Xn)[:, 1]
    assert np.all((0 <= iv[:, 0]) & (iv[:, 0] <= p1) & (p1 <= iv[:, 1]))
    assert np.all(iv[:, 1] <= 1)
    narrow = model.predict_proba_interval(Xn, prob=0.5)
    assert np.all((narrow[:, 0] >= iv[:, 0]) & (narrow[:, 1] <= iv[:, 1]))
    for bad in (0.0, 1.0, 1.5):
        with pytest.raises(
            ValueError, match=r"'prob' parameter of predict_proba_interval"
        ):
            model.predict_proba_interval(Xn, prob=bad)
