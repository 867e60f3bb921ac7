import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression

from bayesreg import ElasticNet, Flat, Gaussian, Laplace, fit_map
from bayesreg.compare import penalized_equivalent
from bayesreg.data import SufficientStats
from bayesreg.datasets import load_diabetes, make_correlated_regression
from bayesreg.likelihoods import GaussianLikelihood
from bayesreg.map import fit_map_path

SHAPES = [(60, 8), (200, 30), (40, 120), (60, 150)]  # n > p and n < p
N_PROBLEMS = 56


def random_problem(seed):
    """Problem ``seed``: shape, correlation, intercept and scale all vary."""
    rng = np.random.default_rng(seed)
    n, p = SHAPES[seed % len(SHAPES)]
    rho = (0.0, 0.5, 0.95)[seed % 3]
    X, y, _ = make_correlated_regression(
        n, p, min(5, p), rho=rho, noise=1.0, random_state=seed
    )
    # odd column scales and offsets, as real data have
    X = X * rng.uniform(0.1, 10.0, p) + rng.uniform(-5, 5, p)
    fit_intercept = bool(seed % 2)
    scale = 10 ** rng.uniform(-3, 3)
    sigma = 10 ** rng.uniform(-1, 1)
    return X, y, fit_intercept, scale, sigma


def sklearn_fit(X, y, prior, sigma, fit_intercept, coef_init=None):
    """The matched scikit-learn fit (tol=1e-12) and whether it converged.

    With ``coef_init`` scikit-learn starts there (``warm_start``): from an
    exact minimum its coordinate descent must stop at once, its duality gap
    below tol, without moving the coefficients.
    """
    est = penalized_equivalent(prior, sigma, X.shape[0], fit_intercept)
    if coef_init is not None:
        est.set_params(warm_start=True)
        est.coef_ = coef_init.copy()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        est.fit(X, y)
    return est, not any(w.category is ConvergenceWarning for w in caught)


def assert_matches_sklearn(X, y, prior, sigma, fit_intercept, **kwargs):
    """fit_map (``kwargs``, e.g. ``solver``) equals the matched scikit-learn fit."""
    res = fit_map(X, y, prior, sigma, fit_intercept, **kwargs)
    assert res.converged
    est, ok = sklearn_fit(X, y, prior, sigma, fit_intercept)
    if not ok:
        # scikit-learn's coordinate descent stalls on some p > n lasso problems
        # (duality gap still ~1e-4 after 100000 epochs): our objective must be
        # lower, and scikit-learn started at our solution must certify it
        cold, lik = est, GaussianLikelihood.from_arrays(X, y, fit_intercept)
        pen = prior.penalty(sigma)
        cold_objective = 0.5 * lik.rss(cold.coef_) + pen.value(cold.coef_)
        assert res.objective <= cold_objective * (1 + 1e-12)  # up to rounding
        est, ok = sklearn_fit(X, y, prior, sigma, fit_intercept, res.coef)
        assert ok, "scikit-learn does not converge from the MAP either"
    atol = 1e-6 * max(1.0, np.abs(est.coef_).max())
    np.testing.assert_allclose(res.coef, est.coef_, rtol=0, atol=atol)
    assert res.intercept == pytest.approx(est.intercept_, abs=atol * 10)
    if prior.penalty(sigma).l1 > 0:
        np.testing.assert_array_equal(res.coef == 0, est.coef_ == 0)
    return res


def _cases():
    for seed in range(N_PROBLEMS):
        for family in ("gaussian", "laplace", "elasticnet"):
            yield pytest.param(seed, family, id=f"{family}-{seed}")


@pytest.mark.parametrize(("seed", "family"), list(_cases()))
def test_map_equals_sklearn_on_random_problems(seed, family):
    X, y, fit_intercept, scale, sigma = random_problem(seed)
    res = assert_matches_sklearn(
        X, y, family_prior(family, scale), sigma, fit_intercept
    )
    assert res.solver == ("quadratic" if family == "gaussian" else "active_set")


def family_prior(family, scale):
    return {
        "gaussian": Gaussian(scale),
        "laplace": Laplace(scale),
        "elasticnet": ElasticNet(scale, 3 * scale),
    }[family]


DIABETES_PRIORS = [
    Gaussian(0.1),
    Gaussian(10.0),
    Laplace(0.01),
    Laplace(1.0),
    ElasticNet(0.02, 0.5),
    Flat(),
]
WILD_SCALE_PRIORS = [Laplace(0.01), ElasticNet(0.01, 0.1), Gaussian(0.01)]


def wildly_scaled_problem():
    X, y, _ = make_correlated_regression(200, 12, 6, rho=0.5, random_state=5)
    return X * np.logspace(-5, 5, 12), y


@pytest.mark.parametrize("prior", DIABETES_PRIORS, ids=repr)
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_map_equals_sklearn_on_diabetes(prior, fit_intercept):
    X, y = load_diabetes()
    sigma = 54.0  # about the residual sd of the OLS fit
    res = assert_matches_sklearn(X, y, prior, sigma, fit_intercept)
    assert res.feature_names == tuple(X.columns)


@pytest.mark.parametrize("seed", range(6))
def test_flat_prior_is_least_squares(seed):
    X, y, fit_intercept, _, _ = random_problem(4 * seed)  # n > p shapes
    res = fit_map(X, y, Flat(), 1.0, fit_intercept)
    ols = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    np.testing.assert_allclose(res.coef, ols.coef_, rtol=1e-8, atol=1e-10)
    assert res.intercept == pytest.approx(ols.intercept_, rel=1e-8, abs=1e-9)


def independent_kkt(X, y, w, b0, l1, l2):
    """KKT residual of 1/2||y - b0 - Xw||^2 + l1|w|_1 + l2/2|w|^2, from scratch."""
    r = y - b0 - X @ w
    g = X.T @ r - l2 * w
    res = np.where(w != 0, np.abs(g - l1 * np.sign(w)), np.maximum(np.abs(g) - l1, 0))
    return res.max(), abs(r.sum())


def test_p_much_larger_than_n_small_penalty_has_exact_zeros():
    # the case where L-BFGS-B alone leaves tiny non-zeros
    X, y, _ = make_correlated_regression(50, 400, 40, rho=0.3, random_state=1)
    res = fit_map(X, y, Laplace.from_penalty(0.05), 1.0)
    kkt, score = independent_kkt(X, y, res.coef, res.intercept, 0.05, 0.0)
    assert kkt <= 1e-9 * np.abs(X.T @ (y - y.mean())).max()
    assert score <= 1e-8 * np.abs(y).sum()
    assert np.count_nonzero(res.coef) <= 50  # at most n non-zeros in a lasso


def lasso_objective(X, y, w, b0, l1, l2):
    r = y - b0 - X @ w
    return 0.5 * r @ r + l1 * np.abs(w).sum() + 0.5 * l2 * w @ w


@pytest.mark.parametrize("frac", [1e-2, 1e-4])
@pytest.mark.parametrize(("n", "p"), [(30, 300), (100, 1000)])
def test_tiny_penalty_p_much_larger_than_n(n, p, frac):
    # close to the interpolation limit: at most rank(X_c) = n - 1 non-zeros
    X, y, _ = make_correlated_regression(n, p, 10, rho=0.5, random_state=p + n)
    lam = frac * np.abs((X - X.mean(0)).T @ (y - y.mean())).max()
    res = fit_map(X, y, Laplace.from_penalty(lam), 1.0)
    kkt, score = independent_kkt(X, y, res.coef, res.intercept, lam, 0.0)
    assert res.converged
    assert kkt <= 1e-9 * np.abs(X.T @ (y - y.mean())).max()
    assert score <= 1e-8 * np.abs(y).sum()
    assert 0 < np.count_nonzero(res.coef) <= n - 1


def test_duplicated_columns():
    # an exact copy of each of 5 columns: the lasso minimum is not unique
    X, y, _ = make_correlated_regression(80, 10, 5, rho=0.5, random_state=2)
    X = np.column_stack([X, X[:, :5]])
    lam = 0.05 * np.abs((X - X.mean(0)).T @ (y - y.mean())).max()
    res = fit_map(X, y, Laplace.from_penalty(lam), 1.0)
    assert res.converged
    est, ok = sklearn_fit(X, y, Laplace.from_penalty(lam), 1.0, True)
    assert ok
    ours = lasso_objective(X, y, res.coef, res.intercept, lam, 0.0)
    theirs = lasso_objective(X, y, est.coef_, est.intercept_, lam, 0.0)
    assert ours == pytest.approx(theirs, rel=1e-12)
    # same fit; our solution keeps a full-rank support: one of each copy
    np.testing.assert_allclose(X @ res.coef, X @ est.coef_, rtol=0, atol=1e-8)
    both = (res.coef[:5] != 0) & (res.coef[10:] != 0)
    assert not both.any()
    # with an L2 part the minimum is unique and splits each copy evenly
    assert_matches_sklearn(X, y, ElasticNet.from_penalty(lam, 1.0), 1.0, True)


def test_warm_start_on_a_rank_deficient_support():
    # coef_init with all p > n weights non-zero: the start's support is dropped
    # down to a full-rank one and the result is the cold fit
    X, y, _ = make_correlated_regression(25, 60, 5, rho=0.3, random_state=4)
    prior = Laplace.from_penalty(0.5)
    cold = fit_map(X, y, prior)
    warm = fit_map(X, y, prior, coef_init=np.linspace(-1, 1, 60) + 0.01)
    assert cold.converged and warm.converged
    np.testing.assert_allclose(warm.coef, cold.coef, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(warm.coef == 0, cold.coef == 0)


def test_columns_of_wildly_different_scales():
    X, y = wildly_scaled_problem()
    for prior in WILD_SCALE_PRIORS:
        assert_matches_sklearn(X, y, prior, 2.0, True)


def test_result_reports_nonconvergence_and_warns():
    X, y, _ = make_correlated_regression(40, 300, 30, rho=0.2, random_state=3)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        res = fit_map(X, y, Laplace.from_penalty(0.01), 1.0, max_iter=1)
    assert not res.converged
    assert res.kkt_violation > 1e-9
    assert "did not converge" in res.message


@pytest.mark.parametrize(
    "prior", [Laplace(0.05), Gaussian(0.5), ElasticNet(0.1, 1.0)], ids=repr
)
def test_sufficient_statistics_give_the_same_fit(prior):
    X, y = load_diabetes()
    a = fit_map(X, y, prior, 30.0)
    b = fit_map(SufficientStats.from_arrays(X, y), None, prior, 30.0)
    np.testing.assert_allclose(b.coef, a.coef, rtol=1e-10, atol=1e-10)
    assert b.intercept == pytest.approx(a.intercept, rel=1e-12)
    c = fit_map(
        SufficientStats.from_arrays(X, y), None, prior, 30.0, fit_intercept=False
    )
    d = fit_map(X, y, prior, 30.0, fit_intercept=False)
    np.testing.assert_allclose(c.coef, d.coef, rtol=1e-8, atol=1e-8)


def test_design_and_gram_forms_agree_when_p_greater_than_n():
    X, y, _ = make_correlated_regression(30, 80, 5, rho=0.5, random_state=0)
    for prior in (Gaussian(0.3), Flat()):
        a = fit_map(X, y, prior)  # design form (p > n)
        b = fit_map(SufficientStats.from_arrays(X, y), None, prior)  # gram form
        np.testing.assert_allclose(a.coef, b.coef, atol=1e-7 * np.abs(a.coef).max())
    # the flat prior gives the minimum-norm interpolant, in both forms
    Xc, yc = X - X.mean(0), y - y.mean()
    np.testing.assert_allclose(a.coef, np.linalg.pinv(Xc) @ yc, atol=1e-8)


def test_path_equals_separate_fits():
    X, y = load_diabetes()
    priors = [Laplace.from_penalty(lam, 50.0) for lam in np.geomspace(1e4, 1.0, 8)]
    path = fit_map_path(X, y, priors, 50.0)
    for prior, res in zip(priors, path, strict=True):
        np.testing.assert_allclose(
            res.coef,
            fit_map(X, y, prior, 50.0).coef,
            atol=1e-9 * max(1, np.abs(res.coef).max()),
        )
    assert np.count_nonzero(path[0].coef) < np.count_nonzero(path[-1].coef)


def test_objective_is_at_its_minimum():
    X, y = load_diabetes()
    res = fit_map(X, y, ElasticNet(0.05, 1.0), 40.0)
    rng = np.random.default_rng(0)
    Xc, yc = X.to_numpy() - X.to_numpy().mean(0), y.to_numpy() - y.mean()

    def objective(w):
        return 0.5 * np.sum((yc - Xc @ w) ** 2) + res.penalty.value(w)

    assert objective(res.coef) == pytest.approx(res.objective, rel=1e-12)
    for _ in range(20):
        assert objective(res.coef + 1e-3 * rng.normal(size=10)) > res.objective


def test_inputs_are_not_modified():
    X, y, _ = make_correlated_regression(50, 5, 3, random_state=0)
    X_df = pd.DataFrame(X, columns=list("abcde"))
    X0, y0, df0 = X.copy(), y.copy(), X_df.copy()
    fit_map(X, y, Laplace(0.1))
    fit_map(X_df, y, Gaussian(1.0), fit_intercept=True)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
    pd.testing.assert_frame_equal(X_df, df0)


def _bad_inputs():
    X, y, _ = make_correlated_regression(20, 3, 2, random_state=0)
    Xn = X.copy()
    Xn[3, 1] = np.nan
    Xi = X.copy()
    Xi[0, 0] = np.inf
    yn = y.copy()
    yn[2] = np.nan
    df = pd.DataFrame(X, columns=["a", "b", "c"]).assign(city="x")
    return {
        "nan in X": (Xn, y, ValueError, "X contains NaN"),
        "inf in X": (Xi, y, ValueError, "X contains infinity"),
        "nan in y": (X, yn, ValueError, "y contains NaN"),
        "length mismatch": (X, y[:-1], ValueError, "same number of rows.*20.*19"),
        "1-D X": (X[:, 0], y, ValueError, r"2-dimensional.*shape \(20,\)"),
        "3-D X": (X[:, :, None], y, ValueError, "dim 3"),
        "empty X": (X[:0], y[:0], ValueError, "0 sample"),
        "no features": (X[:, :0], y, ValueError, "0 feature"),
        "string column": (df, y, ValueError, "non-numeric column.*'city'"),
        "string array": (X.astype(str).astype(object) + "a", y, ValueError, "numeric"),
        "2-D y": (X, np.c_[y, y], ValueError, "y must be 1-dimensional"),
        "y is None": (X, None, ValueError, "X and y must both be given"),
    }


@pytest.mark.parametrize("case", list(_bad_inputs()))
def test_bad_data_raise_clear_errors(case):
    X, y, exc, pattern = _bad_inputs()[case]
    with pytest.raises(exc, match=pattern):
        fit_map(X, y, Gaussian(1.0))


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        (dict(sigma=0.0), r"'sigma' parameter of fit_map .*\(0.0, inf\). Got 0.0"),
        (dict(sigma=-2), "'sigma'.*Got -2"),
        (dict(sigma=np.nan), "'sigma'.*Got nan"),
        (dict(tol=0), "'tol'"),
        (dict(max_iter=0), "'max_iter'.*Got 0"),
        (dict(coef_init=np.ones(2)), "coef_init must be a finite array of shape"),
    ],
)
def test_bad_parameters_raise_clear_errors(kwargs, pattern):
    X, y, _ = make_correlated_regression(20, 3, 2, random_state=0)
    with pytest.raises(ValueError, match=pattern):
        fit_map(X, y, Laplace(1.0), **kwargs)


def test_prior_must_be_a_prior():
    X, y, _ = make_correlated_regression(20, 3, 2, random_state=0)
    with pytest.raises(TypeError, match="'prior' parameter of fit_map"):
        fit_map(X, y, "laplace")
    with pytest.raises(ValueError, match="y must be None"):
        fit_map(SufficientStats.from_arrays(X, y), y, Laplace(1.0))


@pytest.mark.parametrize("design", [False, True])
@pytest.mark.parametrize(
    ("n", "p", "l2", "frac"),
    [(20, 60, 0.0, 1e-4), (60, 20, 0.0, 1e-2), (20, 60, 0.3, 1e-2)],
)
def test_active_set_objective_never_increases(n, p, l2, frac, design, monkeypatch):
    # stop the active-set method after 1, 2, ... steps: the iterates' objective
    # must not increase (the property that makes it terminate), null-space
    # steps included (p > n, l2 = 0, near-interpolating penalty)
    from bayesreg.map.solvers import _l1qp

    X, y, _ = make_correlated_regression(n, p, 5, rho=0.6, random_state=n + p)
    lik = GaussianLikelihood.from_arrays(X, y, True, use_gram=False)
    l1 = frac * np.abs(lik.xty).max()

    def run(steps):  # Gram columns, or X itself (G = X'X never formed)
        w0, atol = np.zeros(p), 1e-12 * np.abs(lik.xty).max()
        cols = _l1qp.Design(lik.X) if design else lik.gram_columns
        return _l1qp.minimize_l1_qp(cols, lik.xty, l1, l2, w0, atol, steps)

    def objective(w):
        return 0.5 * lik.rss(w) + l1 * np.abs(w).sum() + 0.5 * l2 * w @ w

    null_steps = []
    first_zero = _l1qp._first_zero
    monkeypatch.setattr(
        _l1qp, "_first_zero", lambda *a: null_steps.append(1) or first_zero(*a)
    )
    w, ok, total = run(10_000)
    assert ok and total >= 5
    assert (len(null_steps) > 0) == (p > n and l2 == 0)
    values = np.array([objective(run(k)[0]) for k in range(1, total + 1)])
    assert values[-1] == pytest.approx(objective(w), rel=1e-14)
    assert np.all(np.diff(values) <= 1e-12 * values[0])
    if design:  # the same iterates as with the Gram columns, up to rounding
        design = False
        w_cols, _, total_cols = run(10_000)
        assert total_cols == total
        np.testing.assert_allclose(w, w_cols, rtol=0, atol=1e-9 * np.abs(w).max())
