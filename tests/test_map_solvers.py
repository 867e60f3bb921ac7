"""The MAP solvers: ``solver="scipy"`` against scikit-learn and the exact
solvers, the non-convex priors against independent answers, a prior defined
outside the package, and the errors of the solver registry."""

import itertools
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pytest
from scipy import optimize
from test_map import (
    DIABETES_PRIORS,
    N_PROBLEMS,
    WILD_SCALE_PRIORS,
    assert_matches_sklearn,
    family_prior,
    random_problem,
    wildly_scaled_problem,
)

from bayesreg import Gaussian, Laplace, Prior, fit_map
from bayesreg.datasets import load_diabetes, make_correlated_regression
from bayesreg.map import SOLVERS, fit_map_path
from bayesreg.priors import (
    ElasticNet,
    GeneralizedGaussian,
    LambdaSquaredGamma,
    StudentT,
)


def assert_same_fit(a, b, zeros=True):
    atol = 1e-6 * max(1.0, np.abs(a.coef).max())
    np.testing.assert_allclose(b.coef, a.coef, rtol=0, atol=atol)
    if zeros:
        np.testing.assert_array_equal(b.coef == 0, a.coef == 0)


# --------------------------------------------------------------------------
# solver="scipy" on the equivalence test set of test_map.py


@pytest.mark.parametrize(
    ("seed", "family"),
    list(itertools.product(range(N_PROBLEMS), ("gaussian", "laplace", "elasticnet"))),
    ids=lambda v: str(v),
)
def test_scipy_solver_equals_sklearn_on_random_problems(seed, family):
    X, y, fit_intercept, scale, sigma = random_problem(seed)
    prior = family_prior(family, scale)
    res = assert_matches_sklearn(X, y, prior, sigma, fit_intercept, solver="scipy")
    assert res.solver == "scipy" and res.check == "kkt"
    # and the exact solver's answer, zeros included
    assert_same_fit(fit_map(X, y, prior, sigma, fit_intercept), res)


@pytest.mark.parametrize("prior", DIABETES_PRIORS, ids=repr)
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_scipy_solver_equals_sklearn_on_diabetes(prior, fit_intercept):
    X, y = load_diabetes()
    assert_matches_sklearn(X, y, prior, 54.0, fit_intercept, solver="scipy")


@pytest.mark.parametrize("prior", WILD_SCALE_PRIORS, ids=repr)
def test_scipy_solver_on_columns_of_wildly_different_scales(prior):
    X, y = wildly_scaled_problem()
    assert_matches_sklearn(X, y, prior, 2.0, True, solver="scipy")


def test_scipy_solver_path_equals_exact_path():
    X, y = load_diabetes()
    priors = [Laplace.from_penalty(lam, 50.0) for lam in np.geomspace(1e4, 1.0, 6)]
    exact = fit_map_path(X, y, priors, 50.0)
    approx = fit_map_path(X, y, priors, 50.0, solver="scipy")
    for a, b in zip(exact, approx, strict=True):
        assert b.solver == "scipy" and b.converged
        assert_same_fit(a, b)


# --------------------------------------------------------------------------
# the generalized Gaussian at its two exact ends, and below 1


@pytest.mark.parametrize("solver", ["auto", "scipy"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 9])
def test_generalized_gaussian_ends_equal_laplace_and_gaussian(seed, solver):
    X, y, fit_intercept, scale, sigma = random_problem(seed)
    args = (X, y)
    kw = dict(sigma=sigma, fit_intercept=fit_intercept)
    lap = fit_map(*args, Laplace(scale), **kw)
    gg1 = fit_map(*args, GeneralizedGaussian(1.0, scale), solver=solver, **kw)
    assert_same_fit(lap, gg1)
    gauss = fit_map(*args, Gaussian(scale / math.sqrt(2.0)), **kw)
    gg2 = fit_map(*args, GeneralizedGaussian(2.0, scale), solver=solver, **kw)
    assert_same_fit(gauss, gg2)


def tiny_problem(seed=0, n=30, p=4):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = X @ np.array([2.0, -1.5, 0.0, 0.1])[:p] + rng.normal(scale=0.5, size=n)
    return X, y


def bridge_objective(X, y, w, b0, sigma, s, q):
    """``1/2 rss + sigma^2 sum (|w|/s)^q``, the normalizing constant left out."""
    r = y - b0 - X @ w
    return 0.5 * r @ r + sigma**2 * np.sum((np.abs(w) / s) ** q)


@pytest.mark.parametrize("scale", [0.3, 1.0])
def test_bridge_below_one_is_the_global_minimum_of_a_tiny_problem(scale):
    X, y = tiny_problem()
    sigma, q = 1.0, 0.5
    prior = GeneralizedGaussian(q, scale)
    res = fit_map(X, y, prior, sigma, False)
    assert res.converged and res.solver == "scipy" and res.check == "fixed_point"
    assert res.penalty is None
    assert {s.name for s in res.starts} == {"zero", "ridge"}
    w = res.coef
    # a fixed point of the proximal-gradient map, computed here from scratch
    L = np.linalg.eigvalsh(X.T @ X).max()
    z = w + X.T @ (y - X @ w) / L
    step = sigma**2 / L
    assert np.abs(prior.prox(z, step, sigma) - w).max() <= 1e-8 * max(1, abs(w).max())
    # the objective (normalizing constant included)
    const = -(sigma**2) * np.sum(prior.logpdf(np.zeros(4), sigma))
    assert res.objective == pytest.approx(
        bridge_objective(X, y, w, 0.0, sigma, scale, q) + const, rel=1e-12
    )
    # no better point: every support, several starts, Nelder-Mead (kinks allowed)
    best = np.inf
    rng = np.random.default_rng(1)
    for k in range(5):
        for support in itertools.combinations(range(4), k):
            S = list(support)
            if not S:
                best = min(
                    best, bridge_objective(X, y, np.zeros(4), 0, sigma, scale, q)
                )
                continue
            ls = np.linalg.lstsq(X[:, S], y, rcond=None)[0]
            starts = [ls, 0.5 * ls, 0.1 * ls] + [rng.normal(size=k) for _ in range(5)]
            for x0 in starts:

                def f(v, S=S):
                    full = np.zeros(4)
                    full[S] = v
                    return bridge_objective(X, y, full, 0.0, sigma, scale, q)

                out = optimize.minimize(
                    f,
                    x0,
                    method="Nelder-Mead",
                    options=dict(xatol=1e-10, fatol=1e-13, maxiter=20000),
                )
                best = min(best, out.fun)
    ours = bridge_objective(X, y, w, 0.0, sigma, scale, q)
    assert ours <= best + 1e-9 * abs(best)
    assert np.any(w == 0)  # exact zeros where the condition at 0 holds


# --------------------------------------------------------------------------
# Student-t: a smooth non-convex prior


def student_t_gradient(w, df, s):
    """d/dw of -log t_df(w / s), from the density written out here."""
    return (df + 1.0) * w / (df * s * s + w * w)


@pytest.mark.parametrize("df", [1.0, 4.0])
@pytest.mark.parametrize("seed", [0, 2, 5, 10])
def test_student_t_gradient_vanishes_and_best_start_wins(seed, df):
    X, y, fit_intercept, scale, sigma = random_problem(seed)
    res = fit_map(X, y, StudentT(df, scale), sigma, fit_intercept)
    assert res.converged and res.solver == "scipy" and res.check == "gradient"
    assert res.penalty is None
    Xc = X - X.mean(0) if fit_intercept else X
    yc = y - y.mean() if fit_intercept else y
    g = Xc.T @ (yc - Xc @ res.coef) - sigma**2 * student_t_gradient(res.coef, df, scale)
    assert np.abs(g).max() <= 1e-8 * np.abs(Xc.T @ yc).max()
    names = [s.name for s in res.starts]
    assert names == ["zero", "ridge" if df > 2 else "least_squares"]
    assert res.objective == min(s.objective for s in res.starts)
    best = min(res.starts, key=lambda s: s.objective)
    assert res.best_start == best.name
    np.testing.assert_array_equal(best.coef, res.coef)


def test_student_t_one_feature_equals_grid_minimum_and_reports_disagreement():
    # a Cauchy prior of small scale and a moderate signal: two local minima,
    # the one near 0 found from zero, the better one from least squares
    rng = np.random.default_rng(3)
    x = rng.normal(size=(40, 1))
    y = 0.8 * x[:, 0] + rng.normal(scale=1.0, size=40)
    sigma, prior = 1.0, StudentT(1.0, 0.005)
    res = fit_map(x, y, prior, sigma, False)
    assert res.converged
    grid = np.linspace(-3, 3, 600_001)
    xx, xy = float(x[:, 0] @ x[:, 0]), float(x[:, 0] @ y)
    f = 0.5 * (xx * grid**2 - 2 * xy * grid) + sigma**2 * np.log1p((grid / 0.005) ** 2)
    w_grid = grid[np.argmin(f)]
    assert res.coef[0] == pytest.approx(w_grid, abs=2e-5)
    assert res.starts_disagree and res.best_start == "least_squares"
    zero = res.starts[0]
    assert zero.name == "zero" and zero.converged and abs(zero.coef[0]) < 0.01
    assert zero.objective > res.objective


def test_nonconvex_prior_takes_coef_init_as_one_more_start():
    X, y = tiny_problem(n=50, p=4)
    res = fit_map(X, y, StudentT(1.0, 0.5), coef_init=np.ones(4))
    assert [s.name for s in res.starts] == ["zero", "least_squares", "coef_init"]


# --------------------------------------------------------------------------
# a prior defined outside the package


@dataclass(frozen=True)
class LogisticPrior(Prior):
    """Logistic density ``exp(-w/s) / (s (1 + exp(-w/s))^2)``; smooth, convex."""

    scale: float = 1.0

    def capabilities(self):
        return frozenset({"gradient"})

    def logpdf(self, w, sigma=1.0):
        z = np.abs(np.asarray(w, dtype=float)) / self.scale
        return -z - 2.0 * np.log1p(np.exp(-z)) - math.log(self.scale)

    def gradient(self, w, sigma=1.0):
        return np.tanh(np.asarray(w, dtype=float) / (2.0 * self.scale)) / self.scale

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        return pm.Logistic(name, mu=0.0, s=self.scale, dims=dims)


@pytest.mark.parametrize("solver", ["auto", "scipy"])
@pytest.mark.parametrize(("n", "p"), [(80, 6), (20, 40)])
def test_prior_defined_outside_the_package(solver, n, p):
    X, y, _ = make_correlated_regression(n, p, 3, rho=0.3, random_state=n + p)
    sigma, s = 1.5, 0.4
    prior = LogisticPrior(s)
    res = fit_map(X, y, prior, sigma, solver=solver)
    assert res.solver == "scipy" and res.converged and res.penalty is None

    # the same objective written independently, with the intercept free
    def neg_log_post(theta):
        b0, w = theta[0], theta[1:]
        r = y - b0 - X @ w
        z = np.abs(w) / s
        prior_nll = np.sum(z + 2.0 * np.log1p(np.exp(-z)) + math.log(s))
        grad_w = -X.T @ r + sigma**2 * np.tanh(w / (2 * s)) / s
        return 0.5 * r @ r + sigma**2 * prior_nll, np.r_[-r.sum(), grad_w]

    out = optimize.minimize(
        neg_log_post,
        np.zeros(p + 1),
        jac=True,
        method="BFGS",
        options=dict(gtol=1e-10, maxiter=10000),
    )
    atol = 1e-6 * max(1.0, np.abs(out.x[1:]).max())
    np.testing.assert_allclose(res.coef, out.x[1:], rtol=0, atol=atol)
    assert res.intercept == pytest.approx(out.x[0], abs=10 * atol)


# --------------------------------------------------------------------------
# the registry and its errors


def test_registry_order_and_auto_choices():
    assert list(SOLVERS)[:4] == ["quadratic", "active_set", "newton", "scipy"]
    X, y = tiny_problem()
    choices = {
        Gaussian(1.0): "quadratic",
        Laplace(1.0): "active_set",
        ElasticNet(1.0, 1.0): "active_set",
        StudentT(3.0, 1.0): "scipy",
        GeneralizedGaussian(1.5, 1.0): "scipy",
        GeneralizedGaussian(1.0, 1.0): "active_set",
        GeneralizedGaussian(2.0, 1.0): "quadratic",
    }
    for prior, name in choices.items():
        assert fit_map(X, y, prior).solver == name


@pytest.mark.parametrize(
    ("prior", "solver", "pattern"),
    [
        (Laplace(1.0), "quadratic", r"solver='quadratic' needs a penalty with l1 == 0"),
        (StudentT(1.0, 1.0), "quadratic", r"solver='quadratic' needs .*'penalty'"),
        (StudentT(1.0, 1.0), "active_set", r"solver='active_set' needs .*'penalty'"),
        (
            GeneralizedGaussian(0.5, 1.0),
            "active_set",
            r"solver='active_set' needs .*'penalty'.*GeneralizedGaussian",
        ),
        (
            Laplace(hyperprior=LambdaSquaredGamma(1.0, 1.0)),
            "scipy",
            r"solver='scipy' needs a prior with one of 'gradient', 'penalty' or "
            r"'prox'.*declares \['gibbs'\]",
        ),
        (
            Laplace(hyperprior=LambdaSquaredGamma(1.0, 1.0)),
            "auto",
            r"solver='auto' found no solver.*solver='scipy' needs",
        ),
        (Gaussian(1.0), "lbfgs", r"'solver' parameter of fit_map must be one of"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_solver_errors_name_the_solver_and_the_missing_capability(
    prior, solver, pattern
):
    X, y = tiny_problem()
    with pytest.raises(ValueError, match=pattern):
        fit_map(X, y, prior, solver=solver)
    with pytest.raises(ValueError, match=pattern.replace("fit_map", "fit_map_path")):
        fit_map_path(X, y, [prior], solver=solver)


def test_non_penalty_result_objective_and_warning():
    X, y = tiny_problem()
    prior = StudentT(2.0, 0.5)
    res = fit_map(X, y, prior, 0.7)
    Xc, yc = X - X.mean(0), y - y.mean()
    r = yc - Xc @ res.coef
    expected = 0.5 * r @ r - 0.49 * np.sum(prior.logpdf(res.coef))
    assert res.objective == pytest.approx(expected, rel=1e-12)
    assert res.message == "gradient vanishes"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit_map(X, y, prior, 0.7, standardize=True)
    with pytest.warns(Warning, match="did not converge: relative gradient norm"):
        fit_map(X, y, prior, 0.7, solver="scipy", max_iter=1)


# --------------------------------------------------------------------------
# the active-set method: violators entering in batches; the input checks'
# pass-through for float arrays


@pytest.mark.parametrize("design", [False, True])
@pytest.mark.parametrize(
    ("n", "p", "l2", "warm", "collinear"),
    [
        (40, 200, 0.0, False, False),
        (40, 200, 0.0, True, False),
        (200, 40, 0.0, False, False),
        (200, 40, 0.5, True, True),
        (30, 90, 0.0, False, True),
    ],
)
def test_batched_entry_ends_where_one_at_a_time_entry_does(
    n, p, l2, warm, collinear, design, monkeypatch
):
    # several violators enter at once (a cut when one would get the wrong
    # sign); the minimum is the one-at-a-time method's, and so are the zeros
    # when the minimizer is unique
    from bayesreg.likelihoods import GaussianLikelihood
    from bayesreg.map.solvers import _l1qp

    X, y, _ = make_correlated_regression(n, p, 8, rho=0.7, random_state=n + p)
    if collinear:  # a duplicate and a difference: dependent batch members
        X[:, 1] = X[:, 0]
        X[:, 3] = X[:, 2] - X[:, 4]
    lik = GaussianLikelihood.from_arrays(X, y, True, use_gram=False)
    scale = np.abs(lik.xty).max()
    l1 = 0.01 * scale
    w0 = np.zeros(p)
    if warm:
        w0[::7] = np.linspace(-1.0, 1.0, w0[::7].size)

    def run(batch):
        monkeypatch.setattr(_l1qp, "_BATCH", batch)
        cols = _l1qp.Design(lik.X) if design else lik.gram_columns
        return _l1qp.minimize_l1_qp(cols, lik.xty, l1, l2, w0, 1e-12 * scale, 10_000)

    def objective(w):
        return 0.5 * lik.rss(w) + l1 * np.abs(w).sum() + 0.5 * l2 * w @ w

    w, ok, _ = run(_l1qp._BATCH)
    w1, ok1, _ = run(1)
    assert ok and ok1
    assert objective(w) == pytest.approx(objective(w1), rel=1e-12)
    if l2 > 0 or not collinear:
        np.testing.assert_allclose(w, w1, rtol=0, atol=1e-8 * np.abs(w1).max())
        np.testing.assert_array_equal(w == 0, w1 == 0)


def test_batched_entry_takes_fewer_steps():
    # the benchmark's 100x1000 problem at 1% of the all-zero penalty: 70
    # non-zeros took 81 steps one at a time
    X, y, _ = make_correlated_regression(100, 1000, 10, rho=0.5, random_state=0)
    lam_max = np.abs((X - X.mean(0)).T @ (y - y.mean())).max()
    res = fit_map(X, y, Laplace.from_penalty(0.01 * lam_max))
    assert res.converged and np.count_nonzero(res.coef) == 70
    assert res.n_iter <= 40


def test_check_X_y_passes_float_arrays_through_and_refuses_as_before():
    from bayesreg.data import check_X_y

    rng = np.random.default_rng(0)
    X, y = np.asfortranarray(rng.standard_normal((6, 3))), rng.standard_normal(6)
    Xa, ya, names = check_X_y(X, y, owner="fit_map", fit_intercept=True)
    assert Xa is X and ya is y and names == ("x0", "x1", "x2")
    big = np.full((4, 2), 1e308)  # finite, although the sum overflows
    assert check_X_y(big, np.ones(4))[0] is big
    assert check_X_y(X, y[:, None])[1].shape == (6,)
    for value, what in ((np.nan, "NaN"), (np.inf, "infinity")):
        Xb = X.copy()
        Xb[2, 1] = value
        with pytest.raises(ValueError, match=f"Input X contains {what}"):
            check_X_y(Xb, y)
    with pytest.raises(ValueError, match="'X' parameter of fit_map must be 2-dim"):
        check_X_y(X[:, 0], y, owner="fit_map")
    with pytest.raises(ValueError, match="Found array with 0 sample"):
        check_X_y(X[:0], y[:0])
    with pytest.raises(ValueError, match="Found array with 0 feature"):
        check_X_y(X[:, :0], y)
