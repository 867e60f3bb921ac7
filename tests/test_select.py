"""select_lambda against independent answers: scikit-learn's LassoCV,
RidgeCV, ElasticNetCV and BayesianRidge, Park & Casella's 0.237, exact
leave-one-out and 1-D quadrature."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import integrate, optimize, stats
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import BayesianRidge, ElasticNetCV, LassoCV, RidgeCV
from sklearn.model_selection import KFold

from bayesreg import (
    ElasticNet,
    Flat,
    Gaussian,
    LambdaSelection,
    Laplace,
    select_lambda,
)
from bayesreg.datasets import load_diabetes, make_correlated_regression

SEEDS = range(10)


def _problem(seed):
    """Seeded problems of varied shape, some with p > n."""
    n, p = [(80, 10), (60, 25), (40, 60), (120, 5), (50, 50)][seed % 5]
    X, y, _ = make_correlated_regression(
        n, p, min(5, p), rho=0.3 + 0.05 * seed, noise=2.0, random_state=seed
    )
    return X, y + 3.0


def _diabetes():
    X, y = load_diabetes()
    return X.to_numpy(), y.to_numpy()


PROBLEMS = [pytest.param(s, id=f"seed{s}") for s in SEEDS] + [
    pytest.param("diabetes", id="diabetes")
]


def _data(which):
    return _diabetes() if which == "diabetes" else _problem(which)


def _assert_coef(ours, theirs):
    """Coefficients equal to 1e-6 relative to the largest."""
    scale = max(1.0, float(np.max(np.abs(theirs))))
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6 * scale)


# -- cv ------------------------------------------------------------------------


@pytest.mark.parametrize("which", PROBLEMS)
def test_cv_equals_lassocv(which):
    X, y = _data(which)
    n = X.shape[0]
    res = select_lambda(X, y, Laplace(1.0), fold_lam="per_sample")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ref = LassoCV(alphas=res.grid / n, cv=KFold(5), tol=1e-12, max_iter=10**6)
        ref.fit(X, y)
    np.testing.assert_allclose(ref.alphas_, res.grid / n, rtol=1e-15)
    np.testing.assert_allclose(res.criterion, ref.mse_path_.mean(axis=1), rtol=1e-6)
    assert res.lam / n == pytest.approx(ref.alpha_, rel=1e-12)
    _assert_coef(res.coef, ref.coef_)
    assert res.intercept == pytest.approx(ref.intercept_, abs=1e-6 * np.abs(y).max())


@pytest.mark.parametrize("which", PROBLEMS)
def test_cv_equals_elasticnetcv(which):
    X, y = _data(which)
    n = X.shape[0]
    prior = ElasticNet.from_penalty(1.0, 1.0, l1_ratio=0.7)
    res = select_lambda(X, y, prior, fold_lam="per_sample", n_lams=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ref = ElasticNetCV(
            l1_ratio=0.7, alphas=res.grid / n, cv=KFold(5), tol=1e-12, max_iter=10**6
        ).fit(X, y)
    np.testing.assert_allclose(res.criterion, ref.mse_path_.mean(axis=1), rtol=1e-6)
    assert res.lam / n == pytest.approx(ref.alpha_, rel=1e-12)
    pen = res.prior.penalty(res.sigma)
    assert pen.l1 / (pen.l1 + pen.l2) == pytest.approx(0.7)
    _assert_coef(res.coef, ref.coef_)


@pytest.mark.parametrize("which", PROBLEMS)
def test_cv_equals_ridgecv(which):
    """RidgeCV's default is efficient LOO: give it the folds and the MSE."""
    X, y = _data(which)
    res = select_lambda(X, y, Gaussian(1.0), n_lams=30)
    ref = RidgeCV(alphas=res.grid, cv=KFold(5), scoring="neg_mean_squared_error").fit(
        X, y
    )
    assert -ref.best_score_ == pytest.approx(res.criterion.min(), rel=1e-9)
    assert res.lam == pytest.approx(ref.alpha_, rel=1e-12)
    _assert_coef(res.coef, ref.coef_)


def test_cv_one_se_rule_and_result():
    X, y = _problem(0)
    folds = KFold(4, shuffle=True, random_state=1)
    res = select_lambda(X, y, Laplace(1.0), cv=folds, sigma=2.0)
    assert isinstance(res, LambdaSelection) and res.method == "cv"
    errors = res.details["fold_errors"]
    assert errors.shape == (4, 100)
    se = errors.std(axis=0, ddof=1) / 2.0
    np.testing.assert_allclose(res.criterion_se, se)
    best = np.argmin(res.criterion)
    within = res.grid[res.criterion <= res.criterion[best] + se[best]]
    assert res.lam_1se == within.max() and res.lam_1se >= res.lam
    assert res.prior_1se.penalty(2.0).l1 == pytest.approx(res.lam_1se)
    assert res.prior.penalty(2.0).l1 == pytest.approx(res.lam)
    assert np.all(np.diff(res.grid) < 0)
    # default grid: LassoCV's, from the all-zero penalty down 1000x
    Xc, yc = X - X.mean(0), y - y.mean()
    assert res.grid[0] == pytest.approx(np.abs(Xc.T @ yc).max())
    assert res.grid[-1] == pytest.approx(res.grid[0] / 1e3)
    # an iterable of (train, test) gives the same answer
    same = select_lambda(X, y, Laplace(1.0), cv=list(folds.split(X)), sigma=2.0)
    assert same.lam == res.lam


@pytest.mark.parametrize("standardize", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("shape", [(60, 12), (30, 45)], ids=["n>p", "p>n"])
def test_fold_paths_equal_fit_map_path(shape, fit_intercept, standardize):
    """cv's own path loops (the active-set kernel, the ridge closed form)
    give fit_map_path's MAPs."""
    from bayesreg import fit_map_path
    from bayesreg.select.cv import l1_path, ridge_path

    X, y, _ = make_correlated_regression(*shape, 5, random_state=1)
    opts = dict(fit_intercept=fit_intercept, standardize=standardize)
    top = np.abs((X - X.mean(0)).T @ (y - y.mean())).max()
    lams = np.geomspace(top, top / 100, 8)
    for prior in (Laplace(1.0), ElasticNet.from_penalty(1.0, 1.0, l1_ratio=0.3)):
        priors = [_prior_at(prior, lam) for lam in lams]
        ref = fit_map_path(X, y, priors, 1.0, tol=1e-12, **opts)
        pens = [p.penalty(1.0) for p in priors]
        coef, b0 = l1_path(X, y, pens, tol=1e-12, **opts)
        for r, c, b in zip(ref, coef, b0, strict=True):
            _assert_coef(c, r.coef)
            assert b == pytest.approx(r.intercept, abs=1e-6 * np.abs(y).max())
    ref = fit_map_path(X, y, [Gaussian.from_penalty(lam) for lam in lams], **opts)
    coef, b0 = ridge_path(X, y, lams, **opts)
    for r, c, b in zip(ref, coef, b0, strict=True):
        _assert_coef(c, r.coef)
        assert b == pytest.approx(r.intercept, abs=1e-6 * np.abs(y).max())


def _prior_at(prior, lam):
    from bayesreg.select._common import prior_at

    return prior_at(prior, lam, 1.0)


# -- evidence --------------------------------------------------------------------


@pytest.mark.parametrize("gamma", [0.0, 1e-6], ids=["no_gamma", "sklearn_gamma"])
@pytest.mark.parametrize("which", PROBLEMS)
def test_evidence_equals_bayesian_ridge(which, gamma):
    """Both with BayesianRidge's Gamma terms at 0 (plain type-II ML) and at
    its defaults 1e-6. Where BayesianRidge does not converge (seed 2, p > n,
    no Gamma terms: the evidence grows as lam, sigma -> 0) ours must warn."""
    X, y = _data(which)
    terms = dict(alpha_1=gamma, alpha_2=gamma, lambda_1=gamma, lambda_2=gamma)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = select_lambda(X, y, Gaussian(1.0), "evidence", **terms)
        ref = BayesianRidge(tol=1e-10, max_iter=20000, **terms).fit(X, y)
    ours_warned = any("no maximum" in str(w.message) for w in caught)
    assert ours_warned == (ref.n_iter_ == 20000)
    if ours_warned:
        return
    assert res.details["lambda"] == pytest.approx(ref.lambda_, rel=1e-6)
    assert res.details["alpha"] == pytest.approx(ref.alpha_, rel=1e-6)
    assert res.lam == pytest.approx(ref.lambda_ / ref.alpha_, rel=1e-6)
    assert res.sigma == pytest.approx(ref.alpha_**-0.5, rel=1e-6)
    _assert_coef(res.coef, ref.coef_)


def test_evidence_criterion_is_the_log_evidence():
    """The curve is the log marginal likelihood, the Gaussian density of
    ``y_c ~ N(0, s2 (I + X_c X_c' / lam))`` in n dimensions (scipy), at its
    maximizing ``s2 = y_c' K^-1 y_c / n``."""
    X, y = _problem(1)
    res = select_lambda(X, y, Gaussian(1.0), "evidence", n_lams=5)
    Xc, yc = X - X.mean(0), y - y.mean()
    n = len(yc)
    for lam, value in zip(res.grid, res.criterion, strict=True):
        K = np.eye(n) + Xc @ Xc.T / lam
        s2 = yc @ np.linalg.solve(K, yc) / n
        logpdf = [
            stats.multivariate_normal(np.zeros(n), f * s2 * K).logpdf(yc)
            for f in (1.0, 0.99, 1.01)
        ]
        assert value == pytest.approx(logpdf[0], rel=1e-9)
        assert logpdf[0] > max(logpdf[1:])
    assert res.criterion.max() <= res.details["log_evidence"] + 1e-9


# -- mcem ------------------------------------------------------------------------


def test_mcem_one_weight_matches_quadrature():
    """p = 1, sigma fixed, absolute Laplace(1/lam): the marginal likelihood
    int N(y | x w, s^2) Laplace(w | 0, 1/lam) dw by quadrature, maximized."""
    rng = np.random.default_rng(3)
    n, sigma = 30, 1.0
    x = rng.standard_normal(n)
    y = 0.6 * x + sigma * rng.standard_normal(n)
    a, b = float(x @ x), float(x @ y)

    def log_marginal(log_lam):
        lam = math.exp(log_lam)
        w_hat = b / a

        def f(w):
            return math.exp(-(a * (w - w_hat) ** 2) / (2 * sigma**2) - lam * abs(w))

        val = integrate.quad(f, -10, 10, points=[0.0, w_hat], limit=200)[0]
        return math.log(lam / 2 * val)

    best = optimize.minimize_scalar(
        lambda t: -log_marginal(t), bounds=(-5, 5), method="bounded"
    )
    res = select_lambda(
        x[:, None], y, Laplace(1.0), "mcem", sigma=sigma, fit_intercept=False,
        random_seed=0, n_iter=40, draws=2000,
    )  # fmt: skip
    rate, se = res.details["rate"], res.details["mc_se"]
    assert abs(rate - math.exp(best.x)) <= 4 * se
    assert res.sigma == sigma and len(res.trace) == 40


def test_mcem_diabetes_park_casella():
    """Park & Casella (2008): lam = 0.237 by Monte Carlo EM on diabetes (y
    centred, X as shipped). Their value is rounded to 3 decimals (+-0.0005);
    ours must be within 4 Monte Carlo standard errors of that. About 10 s."""
    X, y = load_diabetes()
    assert np.allclose(np.linalg.norm(X - X.mean(), axis=0), 1.0)  # sklearn's scaling
    res = select_lambda(
        X, y - y.mean(), Laplace(1.0, relative=True), "mcem", random_seed=0
    )
    rate, se = res.details["rate"], res.details["mc_se"]
    assert 0 < se < 0.002
    assert abs(rate - 0.237) <= 4 * se + 0.0005
    assert res.prior.relative and res.prior.scale == pytest.approx(1 / rate)
    assert res.lam == pytest.approx(res.sigma * rate)
    assert 50 < res.sigma < 58


# -- loo ------------------------------------------------------------------------


def _exact_loo(X, y, lam, sigma):
    """sum_i log p(y_i | y_-i) for w ~ N(0, sigma^2/lam I), flat intercept,
    known sigma: Gaussian predictive of the posterior without row i."""
    n, p = X.shape
    Z = np.column_stack([np.ones(n), X])
    prior_prec = np.diag([0.0] + [lam / sigma**2] * p)
    total = 0.0
    for i in range(n):
        keep = np.arange(n) != i
        A = Z[keep].T @ Z[keep] / sigma**2 + prior_prec
        m = np.linalg.solve(A, Z[keep].T @ y[keep] / sigma**2)
        var = sigma**2 + Z[i] @ np.linalg.solve(A, Z[i])
        total += stats.norm(Z[i] @ m, math.sqrt(var)).logpdf(y[i])
    return total


def test_loo_matches_exact_leave_one_out():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, 10))
    y = X[:, :2] @ [0.4, -0.3] + rng.standard_normal(30)
    grid = np.geomspace(300.0, 0.03, 6)  # exact: best at grid[1], by 0.68
    exact = np.array([_exact_loo(X, y, lam, 1.0) for lam in grid])
    opts = dict(sigma=1.0, grid=grid, sampler="exact", draws=2000, chains=1)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "select_lambda.*Pareto k", UserWarning)
        runs = [
            select_lambda(X, y, Gaussian(1.0), "loo", random_seed=seed, **opts)
            for seed in range(4)
        ]
    curves = np.array([r.criterion for r in runs])
    mc_sd = curves.std(axis=0, ddof=1)
    assert np.all(np.abs(curves - exact) <= 4 * mc_sd + 0.02)
    assert all(r.lam == grid[np.argmax(exact)] for r in runs)
    assert runs[0].method == "loo" and runs[0].sigma == 1.0


# -- hyperprior -------------------------------------------------------------------


def test_hyperprior_reports_the_posterior_median():
    X, y = _problem(3)
    res = select_lambda(
        X, y, Laplace(1.0, relative=True), "hyperprior", random_seed=0, draws=1000,
        tune=1000,
    )  # fmt: skip
    assert res.trace.shape == (2000,)
    assert res.lam == pytest.approx(np.median(res.trace))
    rate = res.details["rate"]
    sig = res.details["idata"].posterior["sigma"].values.reshape(-1)
    np.testing.assert_allclose(res.trace, rate * sig)  # lam = sigma^2 / (sigma/rate)
    assert res.prior.hyperprior is None
    assert res.prior.penalty(res.sigma).l1 == pytest.approx(res.lam)


# -- bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((Laplace(1.0), "gcv"), {}, ValueError, "'method' parameter of select_lambda"),
        (("laplace",), {}, TypeError, "'prior' parameter of select_lambda"),
        ((Laplace(1.0), "evidence"), {}, ValueError, "Gaussian prior"),
        ((Gaussian(1.0), "evidence"), {"sigma": 1.0}, ValueError, "must be None"),
        ((Flat(),), {}, ValueError, "penalty form with a scale"),
        ((Gaussian(1.0), "mcem"), {}, ValueError, "Laplace prior"),
        ((ElasticNet(), "hyperprior"), {}, ValueError, "takes a hyperprior"),
        ((Laplace(1.0),), {"grid": [1.0, -1.0]}, ValueError, "'grid' parameter"),
        ((Laplace(1.0),), {"n_lams": 1}, ValueError, "'n_lams' parameter"),
        ((Laplace(1.0),), {"cv": 1}, ValueError, "'cv' parameter"),
        ((Laplace(1.0),), {"cv": "five"}, ValueError, "cv"),
        ((Laplace(1.0),), {"sigma": -1.0}, ValueError, "'sigma' parameter"),
        ((Laplace(1.0),), {"draws": 10}, TypeError, "takes 'fold_lam', 'tol'"),
        ((Laplace(1.0),), {"fold_lam": "n"}, ValueError, "'fold_lam' parameter"),
        ((Laplace(1.0), "mcem"), {"burn": 50}, ValueError, "'burn' parameter"),
        ((Laplace(1.0),), {"random_seed": -1}, ValueError, "'random_seed'"),
    ],
)
def test_bad_input(args, kwargs, error, match):
    X, y = _problem(3)
    with pytest.raises(error, match=match):
        select_lambda(X, y, *args, **kwargs)
