"""Logistic and Poisson MAP estimates against scikit-learn, on data.

The matched estimators (:func:`bayesreg.compare.penalized_equivalent`):
``LogisticRegression(C=1/(l1 + l2), l1_ratio=l1/(l1 + l2))`` with
newton-cholesky (no L1 part) or saga, and ``PoissonRegressor(alpha=l2/n,
solver="newton-cholesky")``, all with ``tol=1e-12``. Agreement is required
to ``1e-6 max(1, max|coef|)`` on every coefficient and the intercept, with
the same zeros: exact zeros in the MAP, and for saga ``|coef| <= SAGA_ZERO *
tol * max(1, max|coef|)`` (1e-8 relative; saga stops when an epoch moves no
coefficient by more than ``tol max|coef|``, and its smallest non-zero here is
1e-4). scikit-learn must converge (its ConvergenceWarning is an error here).

Where saga does not converge in reasonable time (p > n with a weak L1
penalty) the MAP's objective is compared instead: it must be no larger.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.special import expit
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, PoissonRegressor
from sklearn.preprocessing import StandardScaler

from bayesreg import ElasticNet, Flat, Gaussian, Laplace, fit_map
from bayesreg.compare import SAGA_ZERO, check_map, penalized_equivalent
from bayesreg.likelihoods import Logistic

RTOL = 1e-6
SK_TOL = 1e-12


def logistic_data(seed, n, p, *, rho=0.0, signal=1.0, balance=0.5, k=None):
    """``X`` standard normal (equicorrelated ``rho``), ``y`` Bernoulli with
    ``k`` non-zero weights of total size ``signal`` and mean ``balance``."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    if rho:
        X = np.sqrt(1 - rho) * X + np.sqrt(rho) * rng.normal(size=(n, 1))
    k = p if k is None else k
    w = np.zeros(p)
    w[:k] = rng.normal(size=k) * signal / np.sqrt(k)
    eta = X @ w
    b = brentq(lambda b: expit(eta + b).mean() - balance, -50, 50)
    y = (rng.random(n) < expit(eta + b)).astype(float)
    m = max(2, round(0.02 * n))  # a few of the rare class at least
    if y.sum() < m:
        y[np.argsort(-eta)[:m]] = 1.0
    if (1 - y).sum() < m:
        y[np.argsort(eta)[:m]] = 0.0
    return X, y


SHAPES = {
    "n>p": dict(n=200, p=10),
    "p>n": dict(n=50, p=100),
    "correlated": dict(n=150, p=12, rho=0.9),
    "nearly_separable": dict(n=200, p=10, signal=8.0),
    "separable": dict(n=100, p=5, signal=40.0),
    "5%": dict(n=400, p=8, balance=0.05),
    "95%": dict(n=400, p=8, balance=0.95),
    "sparse": dict(n=100, p=30, k=5, signal=3.0),
}
G, L, EN = Gaussian, Laplace, ElasticNet
# (shape, fit_intercept, prior): every shape with and without an intercept,
# each with a Gaussian, a Laplace and an elastic-net prior, scales 1e-2..1e2
LOGISTIC = [
    ("n>p", True, G(0.01)),
    ("n>p", True, L(0.3)),
    ("n>p", True, EN(10.0, 100.0)),
    ("n>p", True, Flat()),
    ("n>p", False, G(100.0)),
    ("n>p", False, L(100.0)),
    ("n>p", False, EN(0.1, 1.0)),
    ("p>n", True, G(1.0)),
    ("p>n", True, L(0.3)),
    ("p>n", True, EN(1.0, 0.1)),
    ("p>n", False, G(100.0)),
    ("p>n", False, L(0.01)),
    ("p>n", False, EN(0.1, 1.0)),
    ("correlated", True, G(100.0)),
    ("correlated", True, L(3.0)),
    ("correlated", True, EN(10.0, 100.0)),
    ("correlated", False, G(0.01)),
    ("correlated", False, L(0.3)),
    ("correlated", False, EN(1.0, 0.1)),
    ("nearly_separable", True, G(100.0)),
    ("nearly_separable", True, L(100.0)),
    ("nearly_separable", True, EN(0.1, 1.0)),
    ("nearly_separable", False, G(1.0)),
    ("nearly_separable", False, L(3.0)),
    ("nearly_separable", False, EN(10.0, 100.0)),
    ("separable", True, G(100.0)),
    ("separable", True, L(0.3)),
    ("separable", True, EN(1.0, 0.1)),
    ("separable", False, G(1.0)),
    ("separable", False, L(100.0)),
    ("separable", False, EN(10.0, 100.0)),
    ("5%", True, G(1.0)),
    ("5%", True, L(0.01)),  # every weight 0: the intercept is logit(mean y)
    ("5%", True, EN(1.0, 0.1)),
    ("5%", False, G(100.0)),
    ("5%", False, L(3.0)),
    ("5%", False, EN(0.1, 1.0)),
    ("5%", False, Flat()),
    ("95%", True, G(0.01)),
    ("95%", True, L(100.0)),
    ("95%", True, EN(10.0, 100.0)),
    ("95%", False, G(1.0)),
    ("95%", False, L(0.3)),
    ("95%", False, EN(1.0, 0.1)),
    ("sparse", True, G(100.0)),
    ("sparse", True, L(0.3)),
    ("sparse", True, EN(0.1, 1.0)),
    ("sparse", False, G(0.01)),
    ("sparse", False, L(3.0)),
    ("sparse", False, EN(1.0, 0.1)),
]


def _case_id(case):
    shape, fi, prior = case
    return f"{shape}-{'icpt' if fi else 'noicpt'}-{prior!r}"


def _sklearn_fit(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est.fit(X, y)
    coef = est.coef_.ravel().astype(float)
    intercept = float(np.ravel(est.intercept_)[0]) if est.fit_intercept else 0.0
    return coef, intercept


def assert_same_fit(res, est, coef, intercept, y, likelihood):
    """MAP ``res`` equals scikit-learn's ``coef, intercept`` (see the module
    docstring); with all of saga's weights 0 its intercept is not converged
    (its stopping rule looks at the weights only) and the MAP's is checked
    against the closed form instead."""
    big = max(1.0, float(np.max(np.abs(coef))))
    atol = RTOL * big
    assert res.converged
    np.testing.assert_allclose(res.coef, coef, rtol=0, atol=atol)
    saga = getattr(est, "solver", None) == "saga"
    zero_atol = SAGA_ZERO * est.tol * big if saga else 0.0
    np.testing.assert_array_equal(res.coef == 0, np.abs(coef) <= zero_atol)
    if saga and est.fit_intercept and not np.any(coef):
        m = y.mean()
        want = np.log(m / (1 - m)) if likelihood == "logistic" else np.log(m)
        assert res.intercept == pytest.approx(want, rel=1e-12, abs=1e-12)
    else:
        assert abs(res.intercept - intercept) <= atol


@pytest.mark.parametrize("case", LOGISTIC, ids=_case_id)
def test_logistic_map_equals_sklearn(case):
    shape, fi, prior = case
    X, y = logistic_data(LOGISTIC.index(case), **SHAPES[shape])
    res = fit_map(X, y, prior, fit_intercept=fi, likelihood="logistic", tol=1e-10)
    assert res.solver == "newton"
    est = penalized_equivalent(prior, 1.0, len(y), fi, likelihood="logistic")
    assert est.tol == SK_TOL
    coef, intercept = _sklearn_fit(est, X, y)
    assert_same_fit(res, est, coef, intercept, y, "logistic")


@pytest.mark.parametrize("case", LOGISTIC, ids=_case_id)
def test_logistic_scipy_solver_equals_newton(case):
    shape, fi, prior = case
    X, y = logistic_data(LOGISTIC.index(case), **SHAPES[shape])
    kw = dict(fit_intercept=fi, likelihood="logistic", tol=1e-10)
    res = fit_map(X, y, prior, **kw)
    sci = fit_map(X, y, prior, solver="scipy", **kw)
    assert sci.solver == "scipy" and sci.converged
    atol = RTOL * max(1.0, float(np.max(np.abs(res.coef))))
    np.testing.assert_allclose(sci.coef, res.coef, rtol=0, atol=atol)
    assert abs(sci.intercept - res.intercept) <= atol
    np.testing.assert_array_equal(sci.coef == 0, res.coef == 0)


def _objective(X, y, coef, intercept, prior):
    eta = X @ coef + intercept
    return float(np.sum(np.logaddexp(0.0, eta) - y * eta)) + prior.penalty(1.0).value(
        coef
    )


SLOW_SAGA = [
    ("p>n", True, L(100.0)),
    ("p>n", False, L(3.0)),
    ("sparse", True, L(100.0)),
]


@pytest.mark.parametrize("case", SLOW_SAGA, ids=_case_id)
def test_logistic_map_objective_beats_unconverged_saga(case):
    # saga is slow here (p > n, weak L1 penalty): after 2,000 epochs its
    # coefficients are off by 0.14-6 relative (measured), after 100,000 (4-8
    # s) still by 0.29 and 0.28 on the two Laplace(100) cases; so compare the
    # objective sum(logloss) + l1 ||w||_1 (saga's divided by C) instead
    shape, fi, prior = case
    X, y = logistic_data(1000 + SLOW_SAGA.index(case), **SHAPES[shape])
    res = fit_map(X, y, prior, fit_intercept=fi, likelihood="logistic", tol=1e-10)
    assert res.converged
    est = penalized_equivalent(
        prior, 1.0, len(y), fi, likelihood="logistic", max_iter=2000
    )
    with pytest.warns(ConvergenceWarning):
        est.fit(X, y)
    sk_int = float(est.intercept_[0]) if fi else 0.0
    ours = _objective(X, y, res.coef, res.intercept, prior)
    theirs = _objective(X, y, est.coef_.ravel(), sk_int, prior)
    assert ours == pytest.approx(res.objective, rel=1e-12)
    assert ours <= theirs + 1e-12 * abs(theirs)


@pytest.fixture(scope="module")
def breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y.astype(float)


@pytest.mark.parametrize(
    "prior",
    [G(0.1), G(10.0), G(100.0), L(0.01), L(0.1), EN(1.0, 1.0), EN(0.1, 10.0)],
    ids=repr,
)
def test_breast_cancer_logistic_equals_sklearn(breast_cancer, prior):
    # Laplace(1) is left out: saga needs 290,000 epochs (90 s) at tol=1e-12
    X, y = breast_cancer
    res = fit_map(X, y, prior, likelihood="logistic", tol=1e-10)
    est = penalized_equivalent(prior, 1.0, len(y), likelihood="logistic")
    coef, intercept = _sklearn_fit(est, X, y)
    assert_same_fit(res, est, coef, intercept, y, "logistic")


def test_breast_cancer_check_map_standardize(breast_cancer):
    X, y = load_breast_cancer(return_X_y=True)
    cmp = check_map(X, y, L(0.1), likelihood="logistic", standardize=True)
    assert cmp.ok and cmp.support_agrees and cmp.likelihood == "logistic"
    assert cmp.zero_atol == SAGA_ZERO * SK_TOL * max(
        1.0, float(np.abs(cmp.penalized_coef).max())
    )
    assert (cmp.map_coef == 0).sum() > 5
    cmp = check_map(X, y, G(10.0), likelihood=Logistic(), standardize=True)
    assert cmp.ok and cmp.zero_atol == 0.0 and not cmp.notes


def test_check_map_notes_saga_intercept_with_all_zero_weights(breast_cancer):
    X, y = breast_cancer
    cmp = check_map(X, y, L(1e-3), likelihood="logistic")
    assert cmp.ok and (cmp.map_coef == 0).all() and (cmp.penalized_coef == 0).all()
    assert "intercept not compared" in cmp.notes[0] and "note:" in str(cmp)
    m = y.mean()
    assert cmp.map_intercept == pytest.approx(np.log(m / (1 - m)), rel=1e-12)


# -- Poisson -----------------------------------------------------------------


def poisson_data(seed, n, p, *, rho=0.0, signal=0.5, mean=2.0, k=None):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    if rho:
        X = np.sqrt(1 - rho) * X + np.sqrt(rho) * rng.normal(size=(n, 1))
    k = p if k is None else k
    w = np.zeros(p)
    w[:k] = rng.normal(size=k) * signal / np.sqrt(k)
    eta = X @ w
    eta += np.log(mean) - np.log(np.mean(np.exp(eta)))
    y = rng.poisson(np.exp(eta)).astype(float)
    y[0] = max(y[0], 1.0)
    return X, y


POISSON_SHAPES = {
    "n>p": dict(n=200, p=10),
    "p>n": dict(n=40, p=80),
    "correlated": dict(n=150, p=12, rho=0.9),
    "low_counts": dict(n=300, p=6, mean=0.1),
    "high_counts": dict(n=200, p=8, mean=50.0, signal=1.0),
    "sparse": dict(n=100, p=30, k=4, signal=1.5),
}
POISSON = [
    ("n>p", True, G(0.01)),
    ("n>p", True, G(1.0)),
    ("n>p", False, G(100.0)),
    ("n>p", True, Flat()),
    ("p>n", True, G(0.1)),
    ("p>n", True, G(10.0)),
    ("p>n", False, G(1.0)),
    ("correlated", True, G(100.0)),
    ("correlated", False, G(0.1)),
    ("correlated", True, Flat()),
    ("low_counts", True, G(1.0)),
    ("low_counts", False, G(100.0)),
    ("low_counts", True, G(0.01)),
    ("high_counts", True, G(0.01)),
    ("high_counts", False, G(10.0)),
    ("high_counts", True, Flat()),
    ("sparse", True, G(0.1)),
    ("sparse", False, G(1.0)),
    ("sparse", True, G(100.0)),
    ("sparse", False, Flat()),
]


@pytest.mark.parametrize("case", POISSON, ids=_case_id)
def test_poisson_map_equals_sklearn(case):
    shape, fi, prior = case
    X, y = poisson_data(POISSON.index(case), **POISSON_SHAPES[shape])
    res = fit_map(X, y, prior, fit_intercept=fi, likelihood="poisson", tol=1e-10)
    assert res.solver == "newton"
    est = penalized_equivalent(prior, 1.0, len(y), fi, likelihood="poisson")
    assert isinstance(est, PoissonRegressor)
    assert est.alpha == pytest.approx(prior.penalty(1.0).l2 / len(y), rel=1e-15)
    coef, intercept = _sklearn_fit(est, X, y)
    assert_same_fit(res, est, coef, intercept, y, "poisson")
    sci = fit_map(
        X, y, prior, fit_intercept=fi, likelihood="poisson", tol=1e-10, solver="scipy"
    )
    atol = RTOL * max(1.0, float(np.max(np.abs(res.coef))))
    np.testing.assert_allclose(sci.coef, res.coef, rtol=0, atol=atol)
    assert abs(sci.intercept - res.intercept) <= atol


@pytest.mark.parametrize("prior", [L(0.1), EN(0.05, 1.0)], ids=repr)
def test_poisson_scipy_solver_equals_newton_with_l1(prior):
    # no scikit-learn equivalent: the two solvers against each other
    X, y = poisson_data(7, 120, 15, k=4, signal=1.5)
    res = fit_map(X, y, prior, likelihood="poisson", tol=1e-10)
    sci = fit_map(X, y, prior, likelihood="poisson", tol=1e-10, solver="scipy")
    assert res.converged and sci.converged and (res.coef == 0).any()
    atol = RTOL * max(1.0, float(np.max(np.abs(res.coef))))
    np.testing.assert_allclose(sci.coef, res.coef, rtol=0, atol=atol)
    np.testing.assert_array_equal(sci.coef == 0, res.coef == 0)
    with pytest.raises(ValueError, match="no Poisson regression with an L1"):
        penalized_equivalent(prior, 1.0, len(y), likelihood="poisson")


def test_poisson_check_map():
    X, y = poisson_data(3, 200, 10)
    cmp = check_map(X, y, G(0.5), likelihood="poisson", standardize=True)
    assert cmp.ok and cmp.likelihood == "poisson"


# -- the mapping ---------------------------------------------------------------


def test_penalized_equivalent_glm_factors():
    est = penalized_equivalent(G(2.0), 1.0, 100, likelihood="logistic")
    assert isinstance(est, LogisticRegression)
    assert (est.C, est.l1_ratio, est.solver) == (4.0, 0.0, "newton-cholesky")
    est = penalized_equivalent(L(0.5), 1.0, 100, likelihood="logistic")
    assert (est.C, est.l1_ratio, est.solver) == (0.5, 1.0, "saga")
    est = penalized_equivalent(EN(0.5, 2.0), 1.0, 100, False, likelihood="logistic")
    l1, l2 = 2.0, 0.25
    assert est.C == pytest.approx(1 / (l1 + l2)) and not est.fit_intercept
    assert est.l1_ratio == pytest.approx(l1 / (l1 + l2))
    est = penalized_equivalent(Flat(), 1.0, 100, likelihood="logistic")
    assert est.C == np.inf and est.solver == "newton-cholesky"
    est = penalized_equivalent(G(2.0), 1.0, 100, likelihood="poisson", tol=1e-8)
    assert est.alpha == pytest.approx(1 / (100 * 4.0)) and est.tol == 1e-8


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(likelihood="student_t"), r"'likelihood' .* 'gaussian', 'logistic', "),
        (dict(likelihood="probit"), "Got 'probit' instead"),
        (dict(likelihood="logistic", sigma=2.0), "'sigma' parameter .* leave it at"),
        (dict(likelihood="poisson", prior=L(1.0)), r"Laplace.*\(l1 = 1\)"),
        (dict(likelihood="logistic", tol=0.0), "'tol' parameter"),
    ],
)
def test_penalized_equivalent_glm_errors(kwargs, match):
    kw = dict(prior=G(1.0), sigma=1.0, n_samples=10) | kwargs
    with pytest.raises(ValueError, match=match):
        penalized_equivalent(**kw)


def test_check_map_glm_errors():
    X, y = logistic_data(0, 30, 3)
    with pytest.raises(ValueError, match="check_map: likelihood='logistic' needs"):
        check_map(X, y + 1.0, G(1.0), likelihood="logistic")
    with pytest.raises(ValueError, match="'sigma' parameter of check_map"):
        check_map(X, y, G(1.0), sigma=2.0, likelihood="logistic")
    with pytest.raises(ValueError, match="no Poisson regression with an L1"):
        check_map(X, y, L(1.0), likelihood="poisson")


# -- the Newton solver's safeguards ----------------------------------------------


@pytest.mark.parametrize(
    ("seed", "shape", "prior", "fit_intercept"),
    [
        (11, "95%", L(3.0), False),
        (10, "correlated", L(0.3), True),
        (10, "5%", L(100.0), True),
        (11, "sparse", L(3.0), True),
    ],
)
def test_newton_reaches_tol_where_rounding_hides_the_decrease(
    seed, shape, prior, fit_intercept
):
    # near the minimum F's differences are rounding: steps are judged by the
    # KKT violation there (before: stopped at 1.6e-10..3.3e-10 > tol, or 1000
    # steps of t < 1e-10 without progress)
    X, y = logistic_data(seed, **SHAPES[shape])
    kw = dict(fit_intercept=fit_intercept, likelihood="logistic", tol=1e-11)
    res = fit_map(X, y, prior, **kw)
    assert res.converged and res.n_iter < 30


def test_poisson_intercept_survives_a_line_search_trial_point():
    # a trial point of the line search left the intercept's Newton solve a
    # start of 3e18, from which it never came back (KKT violation 0.38)
    X, y = poisson_data(9, **POISSON_SHAPES["sparse"])
    res = fit_map(X, y, G(1.0), likelihood="poisson")
    assert res.converged and abs(res.intercept) < 10
    est = penalized_equivalent(G(1.0), 1.0, len(y), likelihood="poisson")
    coef, intercept = _sklearn_fit(est, X, y)
    assert_same_fit(res, est, coef, intercept, y, "poisson")


@pytest.mark.parametrize(
    ("likelihood", "prior"),
    [
        ("logistic", G(10.0)),
        ("logistic", L(100.0)),
        ("poisson", G(10.0)),
        ("poisson", L(100.0)),
    ],
    ids=str,
)
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_newton_converges_from_far_warm_starts(likelihood, prior, fit_intercept):
    # p > n: far from the minimum the curvatures span 1e50 (exp(eta) with
    # |eta| up to 200) and the model's minimizer is useless. (With a weaker
    # penalty, e.g. Gaussian(1e4) on these logistic data, l2 = 1e-8, the
    # KKT check at tol=1e-12 bounds the weights only to ~1e-12 / l2.)
    if likelihood == "logistic":
        X, y = logistic_data(5, **SHAPES["p>n"])
    else:
        X, y = poisson_data(5, **POISSON_SHAPES["p>n"])
    kw = dict(fit_intercept=fit_intercept, likelihood=likelihood, tol=1e-12)
    cold = fit_map(X, y, prior, **kw)
    assert cold.converged
    atol = 1e-7 * max(1.0, float(np.abs(cold.coef).max()))
    for start in [
        np.full(X.shape[1], 3.0),
        np.full(X.shape[1], -10.0),
        1.5 * cold.coef,
    ]:
        res = fit_map(X, y, prior, coef_init=start, **kw)
        assert res.converged and res.n_iter < 100
        np.testing.assert_allclose(res.coef, cold.coef, rtol=0, atol=atol)
        np.testing.assert_array_equal(res.coef == 0, cold.coef == 0)


@pytest.mark.parametrize("likelihood", ["logistic", "poisson"])
def test_extreme_prior_scales_converge(likelihood):
    if likelihood == "logistic":
        X, y = logistic_data(5, **SHAPES["separable"])
    else:
        X, y = poisson_data(5, **POISSON_SHAPES["high_counts"])
    for prior in [G(1e-6), G(1e6), L(1e-6), L(1e6), EN(1e4, 1e4)]:
        for fi in (True, False):
            res = fit_map(X, y, prior, fit_intercept=fi, likelihood=likelihood)
            assert res.converged, (prior, fi)
            if prior in (G(1e-6), L(1e-6)):
                assert np.abs(res.coef).max() < 1e-4
