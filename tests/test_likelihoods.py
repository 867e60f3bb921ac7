"""The row likelihoods (logistic, Poisson, Student-t) against independent
answers: scipy.stats densities, finite differences, their own PyMC form, and
bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats
from scipy.special import expit

from bayesreg import Gaussian, Laplace, fit_map
from bayesreg.data import SufficientStats
from bayesreg.likelihoods import GaussianLikelihood, Logistic, Poisson, StudentT

FAMILIES = ["logistic", "poisson", "student_t"]


def make_data(name, n=60, p=4, seed=0):
    """``(family, X, y, w, sigma)``: data of family ``name`` and a point ``w``
    away from the MAP."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) + 0.3  # non-centred columns
    w = rng.normal(size=p) * 0.4
    eta = X @ w + 0.2
    if name == "logistic":
        return Logistic(), X, (rng.random(n) < expit(eta)).astype(float), w, 1.0
    if name == "poisson":
        return Poisson(), X, rng.poisson(np.exp(eta)).astype(float), w, 1.0
    y = eta + 1.3 * rng.standard_t(3.0, size=n)
    return StudentT(df=3.5), X, y, w, 1.3


def scipy_loglik(name, y, eta, sigma, family):
    """``sum_i log p(y_i | eta_i)`` from scipy.stats."""
    if name == "logistic":
        return stats.bernoulli.logpmf(y, expit(eta)).sum()
    if name == "poisson":
        return stats.poisson.logpmf(y, np.exp(eta)).sum()
    return stats.t.logpdf(y, family.df, loc=eta, scale=sigma).sum()


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("name", FAMILIES)
def test_nll_at_profiled_intercept_equals_scipy_stats(name, fit_intercept):
    family, X, y, w, sigma = make_data(name)
    lik = family.bind(X, y, fit_intercept)
    b0 = lik.intercept(w, sigma)
    assert fit_intercept or b0 == 0.0
    want = -scipy_loglik(name, y, X @ w + b0, sigma, family)
    assert lik.neg_log_likelihood(w, sigma) == pytest.approx(want, rel=1e-13)
    assert lik.loss(w, sigma) == pytest.approx(sigma**2 * want, rel=1e-13)


@pytest.mark.parametrize("name", FAMILIES)
def test_profiled_intercept_is_the_minimizer(name):
    family, X, y, w, sigma = make_data(name)
    lik = family.bind(X, y)
    b0 = lik.intercept(w, sigma)
    eta = X @ w + b0
    d1 = lik.rows(eta, y, sigma, order=1)[1]
    assert abs(d1.sum()) <= 1e-12 * (np.abs(d1).sum() + len(y))  # d/db0 = 0

    def nll(b):
        return -scipy_loglik(name, y, X @ w + b, sigma, family)

    best = optimize.minimize_scalar(nll, bracket=(b0 - 1, b0 + 1), tol=1e-12)
    assert b0 == pytest.approx(best.x, abs=1e-6)
    assert nll(b0) <= nll(best.x) + 1e-12 * abs(nll(b0))
    # a second call starts from the stored intercept: same answer
    assert lik.intercept(w, sigma) == b0


@pytest.mark.parametrize("name", FAMILIES)
def test_profiled_intercept_recovers_after_an_absurd_point(name):
    # the intercept's solve starts from the last one; after a point such as a
    # line search's first trial (eta ~ 1e3) that start must not stick (it
    # did: 3e18 for Poisson, 4e294 for logistic)
    family, X, y, w, sigma = make_data(name)
    lik, fresh = family.bind(X, y), family.bind(X, y)
    with np.errstate(over="ignore"):
        lik.neg_log_likelihood(300.0 * np.ones_like(w), sigma)
    b0 = lik.intercept(w, sigma)
    assert b0 == pytest.approx(fresh.intercept(w, sigma), abs=1e-10)
    assert lik.neg_log_likelihood(w, sigma) == pytest.approx(
        fresh.neg_log_likelihood(w, sigma), rel=1e-13
    )


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("name", FAMILIES)
def test_gradient_and_hessian_match_finite_differences(name, fit_intercept):
    family, X, y, w, sigma = make_data(name)
    lik = family.bind(X, y, fit_intercept)
    p, h = len(w), 1e-5
    eye = np.eye(p)
    g = lik.gradient(w, sigma)
    fd = [
        (
            lik.neg_log_likelihood(w + h * e, sigma)
            - lik.neg_log_likelihood(w - h * e, sigma)
        )
        / (2 * h)
        for e in eye
    ]
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-6 * np.abs(g).max())
    # (the intercept's solve restarts from the last one: equal to 1e-13)
    np.testing.assert_allclose(lik.score(w, sigma), -(sigma**2) * g, rtol=1e-12)
    H = lik.hessian(w, sigma)
    fdH = np.column_stack(
        [
            (lik.gradient(w + h * e, sigma) - lik.gradient(w - h * e, sigma)) / (2 * h)
            for e in eye
        ]
    )
    np.testing.assert_allclose(H, fdH, rtol=1e-5, atol=1e-6 * np.abs(H).max())
    np.testing.assert_allclose(H, H.T, rtol=1e-12, atol=1e-12 * np.abs(H).max())
    cols = np.column_stack([lik.hessian_vector(w, e, sigma) for e in eye])
    np.testing.assert_allclose(cols, H, rtol=1e-10, atol=1e-12 * np.abs(H).max())
    v = np.linspace(-1.0, 1.0, p)
    np.testing.assert_allclose(lik.hessian_vector(w, v, sigma), H @ v, rtol=1e-10)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize(("n", "p"), [(60, 4), (15, 40)], ids=["gram", "design"])
@pytest.mark.parametrize("name", ["logistic", "poisson"])
def test_quadratic_model_has_the_likelihoods_gradient_and_hessian(
    name, n, p, fit_intercept
):
    family, X, y, w, sigma = make_data(name, n=n, p=p, seed=3)
    lik = family.bind(X, y, fit_intercept)
    model = lik.quadratic_model(w, sigma)
    assert isinstance(model, GaussianLikelihood)
    assert model.has_gram == (n >= p)
    H = lik.hessian(w, sigma)
    scale = np.abs(H).max()
    np.testing.assert_allclose(model.gram(), H, rtol=1e-9, atol=1e-10 * scale)
    # the model's score at w is the likelihood's, and it is linear with slope H
    s = lik.score(w, sigma)
    np.testing.assert_allclose(
        model.score(w), s, rtol=1e-9, atol=1e-10 * np.abs(s).max()
    )
    v = w + np.linspace(-0.5, 0.5, p)
    np.testing.assert_allclose(
        model.score(v), s - H @ (v - w), rtol=1e-9, atol=1e-9 * np.abs(s).max()
    )


def test_quadratic_model_of_student_t_gram_form_is_the_hessian():
    # negative curvatures (outliers) are kept in the Gram form
    family, X, y, w, sigma = make_data("student_t")
    y = y.copy()
    y[:5] += 40.0
    lik = family.bind(X, y)
    assert (lik.rows(X @ w + lik.intercept(w, sigma), y, sigma)[2] < 0).any()
    model = lik.quadratic_model(w, sigma)
    np.testing.assert_allclose(
        model.gram(), sigma**2 * lik.hessian(w, sigma), rtol=1e-12
    )
    np.testing.assert_allclose(model.score(w), lik.score(w, sigma), rtol=1e-12)


@pytest.mark.parametrize("name", FAMILIES)
def test_pointwise_loglik_sums_to_minus_nll(name):
    family, X, y, w, sigma = make_data(name)
    lik = family.bind(X, y)
    b0 = lik.intercept(w, sigma)
    ll = lik.pointwise_loglik(X, y, w, b0, sigma)
    assert ll.shape == (len(y),)
    assert ll.sum() == pytest.approx(-lik.neg_log_likelihood(w, sigma), rel=1e-13)
    # draws: (chain, draw, p) coefficients, (chain, draw) intercepts and sigmas
    coef = np.stack([w, 0.5 * w, -w]).reshape(1, 3, -1)
    ll = lik.pointwise_loglik(
        X, y, coef, np.array([[b0, 0.0, 1.0]]), np.full((1, 3), sigma)
    )
    assert ll.shape == (1, 3, len(y))
    for k, b in enumerate([b0, 0.0, 1.0]):
        want = scipy_loglik(name, y, X @ coef[0, k] + b, sigma, family)
        assert ll[0, k].sum() == pytest.approx(want, rel=1e-13)


@pytest.mark.parametrize(
    ("name", "fit_intercept"),
    [("logistic", True), ("logistic", False), ("poisson", True), ("student_t", True)],
)
def test_pymc_form_equals_numpy_loglik(name, fit_intercept):
    pm = pytest.importorskip("pymc")
    family, X, y, w, sigma = make_data(name, n=30, p=3)
    lik = family.bind(X, y, fit_intercept)
    with pm.Model() as model:
        coef = pm.Flat("coef", shape=X.shape[1])
        lik.to_pymc(coef, sigma)
    logp = model.compile_logp()
    for point_w, b0 in [(w, None), (-0.5 * w, 0.7)]:
        if not fit_intercept:
            b0 = 0.0
        elif b0 is None:  # the MAP's intercept for these weights
            b0 = lik.intercept(point_w, sigma)
        point = {"coef": point_w}
        if fit_intercept:
            # the model's intercept is b0_start + intercept_offset - x_mean'w
            data = lik.pymc_data()
            point["intercept_offset"] = b0 + data["x_mean"] @ point_w - data["b0_start"]
        want = scipy_loglik(name, y, X @ point_w + b0, sigma, family)
        assert float(logp(point)) == pytest.approx(want, rel=1e-12)


def test_family_flags():
    # no noise scale: sigma = 1; labels and counts: "Predicted vs observed"
    assert (Logistic.has_scale, Logistic.continuous) == (False, False)
    assert (Poisson.has_scale, Poisson.continuous) == (False, False)
    assert (StudentT.has_scale, StudentT.continuous) == (True, True)
    assert "irls" in Logistic().capabilities() and "irls" in Poisson().capabilities()
    assert "irls" not in StudentT().capabilities()  # not log-concave


# -- Student-t MAP -----------------------------------------------------------------


def test_student_t_map_reports_its_starts():
    family, X, y, _, sigma = make_data("student_t", n=80)
    res = fit_map(X, y, Gaussian(1.0), sigma, likelihood=family)
    assert res.solver == "scipy" and res.converged and res.likelihood == "student_t"
    names = [s.name for s in res.starts]
    assert names[:2] == ["zero", "gaussian"] and res.best_start in names
    best = min(res.starts, key=lambda s: s.objective)
    np.testing.assert_array_equal(best.coef, res.coef)
    assert res.objective == pytest.approx(best.objective, rel=1e-14)
    res = fit_map(X, y, Gaussian(1.0), sigma, likelihood=family, coef_init=np.ones(4))
    assert [s.name for s in res.starts] == ["zero", "gaussian", "coef_init"]


@pytest.mark.parametrize("prior", [Gaussian(0.5), Laplace(0.2)], ids=repr)
def test_student_t_map_approaches_gaussian_map_as_df_grows(prior):
    _, X, y, _, sigma = make_data("student_t", n=80, seed=4)
    gauss = fit_map(X, y, prior, sigma)
    diffs = []
    for df in [1e2, 1e4, 1e8]:
        res = fit_map(X, y, prior, sigma, likelihood=StudentT(df=df))
        diffs.append(np.abs(res.coef - gauss.coef).max())
        np.testing.assert_array_equal(res.coef == 0, gauss.coef == 0)
    assert diffs[0] > diffs[1] > diffs[2]
    assert diffs[2] <= 1e-6 * max(1.0, np.abs(gauss.coef).max())
    assert res.intercept == pytest.approx(gauss.intercept, abs=1e-6)


# -- bad input ---------------------------------------------------------------------


def test_logistic_refuses_labels_other_than_0_and_1():
    X = np.arange(12.0).reshape(6, 2)
    with pytest.raises(ValueError, match=r"0s and 1s.*found the values 0, 1, 2"):
        fit_map(X, [0, 1, 2, 0, 1, 2], Gaussian(1.0), likelihood="logistic")
    with pytest.raises(ValueError, match=r"both present; found the values 1\."):
        fit_map(X, np.ones(6), Gaussian(1.0), likelihood="logistic")
    with pytest.raises(ValueError, match=r"found the values -1, 1\."):
        Logistic().bind(X, [-1, 1, -1, 1, 1, -1])


@pytest.mark.parametrize(
    ("y", "match"),
    [
        ([0, 1, -2, 3], r"non-negative integer counts; found 1 .* y\[2\] = -2"),
        ([0, 1.5, 2, 0.25], r"found 2 that are not, e\.g\. y\[1\] = 1\.5"),
        ([0, 0, 0, 0], "at least one positive count; every y is 0"),
    ],
)
def test_poisson_refuses_bad_counts(y, match):
    X = np.arange(8.0).reshape(4, 2)
    with pytest.raises(ValueError, match=match):
        fit_map(X, y, Gaussian(1.0), likelihood="poisson")


@pytest.mark.parametrize("df", [0.0, -1.0, np.inf, np.nan])
def test_student_t_refuses_bad_df(df):
    with pytest.raises(ValueError, match="'df' parameter of StudentT"):
        StudentT(df=df)


def test_sigma_other_than_1_is_refused_without_a_noise_scale():
    X, y = np.arange(8.0).reshape(4, 2), np.array([0.0, 1, 0, 1])
    for name in ["logistic", "poisson"]:
        with pytest.raises(ValueError, match=r"'sigma' parameter of fit_map does not"):
            fit_map(X, y, Gaussian(1.0), sigma=2.0, likelihood=name)


def test_sufficient_statistics_need_the_gaussian_likelihood():
    X, y = np.arange(8.0).reshape(4, 2), np.array([0.0, 1, 0, 1])
    stats_ = SufficientStats.from_arrays(X, y)
    for name in ["logistic", "poisson", "student_t"]:
        with pytest.raises(ValueError, match="needs the rows X, y; sufficient"):
            fit_map(stats_, None, Gaussian(1.0), likelihood=name)


def test_unknown_likelihood_name_lists_the_choices():
    X, y = np.arange(8.0).reshape(4, 2), np.array([0.0, 1, 0, 1])
    with pytest.raises(
        ValueError,
        match=r"'likelihood' parameter of fit_map.*'gaussian', 'logistic', "
        r"'poisson', 'student_t'.*Got 'probit'",
    ):
        fit_map(X, y, Gaussian(1.0), likelihood="probit")


def test_student_t_without_df_has_no_map():
    X, y = np.arange(8.0).reshape(4, 2), np.array([0.0, 1, 0, 1])
    with pytest.raises(ValueError, match=r"StudentT\(df=None\) gives df a prior"):
        fit_map(X, y, Gaussian(1.0), likelihood=StudentT(df=None))
