"""Posteriors with the logistic, Poisson and Student-t likelihoods.

Checked against independent answers: scipy.stats densities for the PyMC model
and the pointwise log likelihood, and posterior moments by numerical
quadrature on a grid (three parameters: two weights and the intercept) for
NUTS. Statistical tolerances are Monte Carlo standard errors; all runs are
seeded. Compilation dominates (one nutpie compile per model structure, about
10-20 s cold): the sampled tests share three structures (logistic, Poisson,
Student-t with ``df=None``) and are marked slow.
"""

from __future__ import annotations

import math
import warnings

import arviz as az
import numpy as np
import pytensor
import pytest
import xarray as xr
from scipy import optimize
from scipy import stats as st

from bayesreg import SufficientStats, summary
from bayesreg import posterior as bp
from bayesreg.likelihoods import Gaussian as GaussianLik
from bayesreg.likelihoods import Logistic, Poisson, StudentT
from bayesreg.noise import FixedSigma, HalfNormal, Jeffreys
from bayesreg.posterior import build_model, prepare
from bayesreg.posterior.results import pointwise_loglik
from bayesreg.priors import Flat, Gaussian, Laplace

TAU = 2.0  # Gaussian prior sd of the weights in the sampled tests


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bp.SamplingWarning)
        return fn(*args, **kwargs)


def _design(n, seed, scales=(1.0, 1.0)):
    rng = np.random.default_rng(seed)
    X = rng.normal(0.5, 1.0, size=(n, 2)) * np.asarray(scales)
    return X, rng


@pytest.fixture(scope="module")
def binary():
    X, rng = _design(80, 10)
    eta = 0.3 + X @ [1.0, -0.7]
    return X, (rng.random(80) < 1.0 / (1.0 + np.exp(-eta))).astype(float)


@pytest.fixture(scope="module")
def counts():
    X, rng = _design(80, 11, scales=(1.0, 4.0))  # standardize matters
    return X, rng.poisson(np.exp(0.5 + X @ [0.4, -0.1])).astype(float)


# --------------------------------------------------------------------------
# the PyMC model and the pointwise log likelihood against scipy.stats


def _scipy_loglik(family, y, eta, sigma, nu):
    """``log p(y_i | eta_i)`` written with scipy.stats, independently."""
    if isinstance(family, Logistic):
        return st.bernoulli.logpmf(y, 1.0 / (1.0 + np.exp(-eta)))
    if isinstance(family, Poisson):
        return st.poisson.logpmf(y, np.exp(eta))
    if isinstance(family, StudentT):
        return st.t.logpdf(y, nu, loc=eta, scale=sigma)
    return st.norm.logpdf(y, eta, sigma)


CASES = {
    "gaussian": (GaussianLik(), HalfNormal(2.0)),
    "logistic": (Logistic(), FixedSigma(1.0)),
    "poisson": (Poisson(), FixedSigma(1.0)),
    "student_t": (StudentT(df=4.0), HalfNormal(2.0)),
    "student_t df=None": (StudentT(df=None), HalfNormal(2.0)),
}


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("case", list(CASES))
def test_model_logp_and_pointwise_equal_scipy(case, fit_intercept, binary, counts):
    """``build_model``'s log density (Flat prior: the likelihood, the sigma and
    nu priors and their log-transform Jacobians) at random points equals
    scipy.stats; so does the pointwise log likelihood of the results, per row
    and per draw (``nu`` per draw for ``df=None``)."""
    family, sigma = CASES[case]
    X, y = counts if isinstance(family, Poisson) else binary
    if family.has_scale:
        y = y + np.random.default_rng(5).normal(size=y.size)  # real-valued
    data = prepare(X, y, fit_intercept, "test", likelihood=family)
    model = build_model(Flat(), sigma, data)
    logp = model.compile_logp(mode="FAST_COMPILE")
    names = {v.name for v in model.value_vars}
    intercept = None
    if fit_intercept:  # the model's own intercept, in its value variables
        out = model.replace_rvs_by_values([model["intercept"]])[0]
        ins = [model.rvs_to_values[model[v]] for v in ("coef", bp.OFFSET)]
        intercept = pytensor.function(ins, out, mode="FAST_COMPILE")
    rng = np.random.default_rng(7)
    draws = {"coef": [], "intercept": [], "sigma": [], "nu": []}
    for _ in range(4):
        w = rng.normal(0.0, 0.4, size=2)
        point = {"coef": w}
        b0 = 0.0
        if fit_intercept:
            point[bp.OFFSET] = rng.normal(0.0, 0.3)
            b0 = float(intercept(w, point[bp.OFFSET]))
        s, nu, extra = 1.0, None, 0.0
        if "sigma_log__" in names:
            point["sigma_log__"] = log_s = rng.normal(0.0, 0.3)
            s = math.exp(log_s)
            extra += st.halfnorm.logpdf(s, scale=2.0) + log_s
        if "nu_log__" in names:
            point["nu_log__"] = log_nu = rng.normal(1.5, 0.5)
            nu = math.exp(log_nu)
            extra += st.gamma.logpdf(nu, 2.0, scale=10.0) + log_nu
        elif isinstance(family, StudentT):
            nu = family.df
        assert names == set(point)
        want = _scipy_loglik(family, y, b0 + X @ w, s, nu)
        assert logp(point) == pytest.approx(want.sum() + extra, rel=1e-9)
        for k, v in zip(draws, (w, b0, s, nu), strict=True):
            draws[k].append(v)
    # the results' pointwise log likelihood: draws laid out as (chain, draw)
    shape = (2, 2)
    post = xr.Dataset(
        {
            "coef": (
                ("chain", "draw", "feature"),
                np.reshape(draws["coef"], (2, 2, 2)),
            ),
            "intercept": (("chain", "draw"), np.reshape(draws["intercept"], shape)),
            "sigma": (("chain", "draw"), np.reshape(draws["sigma"], shape)),
        }
    )
    if "nu_log__" in names:
        post["nu"] = (("chain", "draw"), np.reshape(draws["nu"], shape))
    ll = pointwise_loglik(post, data, sigma)["y"].values
    assert ll.shape == (2, 2, y.size)
    for i in range(4):
        c, d = divmod(i, 2)
        eta = draws["intercept"][i] + X @ draws["coef"][i]
        want = _scipy_loglik(family, y, eta, draws["sigma"][i], draws["nu"][i])
        np.testing.assert_allclose(ll[c, d], want, rtol=1e-10, atol=1e-12)


def test_student_t_df_none_pointwise_needs_nu(binary):
    X, y = binary
    lik = StudentT(df=None).bind(X, y, True, owner="test")
    with pytest.raises(ValueError, match="needs nu"):
        lik.pointwise_loglik(X, y, np.zeros((1, 2)), np.zeros(1), 1.0)


# --------------------------------------------------------------------------
# NUTS against numerical quadrature


def _quadrature(X, y, loglik, log_prior, n_grid=61, width=7.0):
    """Posterior mean and sd of ``(w_1, w_2, b0)`` by a Riemann sum on a grid
    of ``n_grid^3`` points spanning ``+-width`` Laplace-approximation sds about
    the mode (the integrand is smooth and light-tailed: the sum converges
    geometrically in the spacing). ``loglik(eta)`` sums over rows (last axis);
    ``log_prior(w)`` over the weights (last axis); the intercept is flat."""

    def nlp(theta):
        theta = np.atleast_2d(theta)
        eta = theta[:, :2] @ X.T + theta[:, 2:]
        return -(loglik(eta) + log_prior(theta[:, :2]))

    mode = optimize.minimize(lambda t: float(nlp(t)[0]), np.zeros(3), method="BFGS")
    h = 1e-4  # Hessian of nlp by central differences
    eye = np.eye(3) * h
    H = np.array(
        [
            [
                (
                    nlp(mode.x + eye[i] + eye[j])
                    - nlp(mode.x + eye[i] - eye[j])
                    - nlp(mode.x - eye[i] + eye[j])
                    + nlp(mode.x - eye[i] - eye[j])
                )[0]
                / (4 * h * h)
                for j in range(3)
            ]
            for i in range(3)
        ]
    )
    sd = np.sqrt(np.diag(np.linalg.inv(H)))
    ticks = np.linspace(-width, width, n_grid)
    axes = [m + s * ticks for m, s in zip(mode.x, sd, strict=True)]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, 3)
    lp = np.concatenate([-nlp(chunk) for chunk in np.array_split(grid, 40)])
    wts = np.exp(lp - lp.max())
    wts /= wts.sum()
    mean = wts @ grid
    return mean, np.sqrt(wts @ (grid - mean) ** 2), sd


def _mcse_mean(draws):
    """ArviZ's MCSE of the mean of each component (last axis) of (chain, draw, k)."""
    return np.array(
        [np.ravel(az.mcse(draws[..., k], method="mean"))[0] for k in range(3)]
    )


def _agrees(idata, mean, sd, k=4.0):
    """NUTS moments of ``(coef_1, coef_2, intercept)`` within ``k`` MCSE of
    the reference, with MCSE small enough for the check to have power."""
    post = idata.posterior
    draws = np.concatenate(
        [post["coef"].values, post["intercept"].values[..., None]], axis=-1
    )
    got_mean = draws.mean(axis=(0, 1))
    got_sd = draws.std(axis=(0, 1))
    se_mean = _mcse_mean(draws)
    # the sd's MCSE by the delta method, from the MCSE of the mean of the
    # squared deviations (arviz 0.23's method="sd" fails on numpy 2 here)
    dev2 = (draws - got_mean) ** 2
    se_sd = _mcse_mean(dev2) / (2.0 * got_sd)
    assert np.all(se_mean < 0.05 * sd) and np.all(se_sd < 0.05 * sd)
    np.testing.assert_array_less(np.abs(got_mean - mean), k * se_mean)
    np.testing.assert_array_less(np.abs(got_sd - sd), k * se_sd)


@pytest.fixture(scope="module")
def logistic_fit(binary):
    X, y = binary
    return _quiet(
        bp.sample_posterior,
        X,
        y,
        Gaussian(TAU),
        likelihood="logistic",
        draws=1000,
        tune=500,
        chains=4,
        random_seed=2,
    )


@pytest.mark.slow
def test_logistic_gaussian_prior_matches_quadrature(logistic_fit, binary):
    X, y = binary
    mean, sd, _ = _quadrature(
        X,
        y,
        lambda eta: np.sum(y * eta - np.logaddexp(0.0, eta), axis=-1),
        lambda w: -np.sum(w * w, axis=-1) / (2 * TAU**2),
    )
    _agrees(logistic_fit, mean, sd)
    attrs = logistic_fit.posterior.attrs
    assert attrs["likelihood"] == "logistic" and attrs["has_scale"] == 0
    assert attrs["likelihood_repr"] == "Logistic()" and attrs["sigma"] == 1.0
    assert "sigma" not in logistic_fit.posterior
    assert set(logistic_fit.posterior.data_vars) == {"coef", "intercept"}
    np.testing.assert_array_equal(logistic_fit.observed_data["y"], y)
    # the log_likelihood group is Bernoulli's, draw by draw
    post = logistic_fit.posterior
    eta = post["intercept"].values[0, 5] + X @ post["coef"].values[0, 5]
    np.testing.assert_allclose(
        logistic_fit.log_likelihood["y"].values[0, 5],
        st.bernoulli.logpmf(y, 1.0 / (1.0 + np.exp(-eta))),
        rtol=1e-10,
    )


@pytest.mark.slow
def test_poisson_standardized_matches_quadrature(counts):
    """standardize=True: the prior is on ``s_j w_j``; ``coef`` reported on the
    original columns (the second column has 4x the sd of the first)."""
    X, y = counts
    s = X.std(axis=0)
    idata = _quiet(
        bp.sample_posterior,
        X,
        y,
        Gaussian(0.5),
        likelihood="poisson",
        standardize=True,
        draws=1000,
        tune=500,
        chains=4,
        random_seed=3,
    )
    mean, sd, _ = _quadrature(
        X,
        y,
        lambda eta: np.sum(y * eta - np.exp(eta), axis=-1),
        lambda w: -np.sum((w * s) ** 2, axis=-1) / (2 * 0.5**2),
    )
    _agrees(idata, mean, sd)
    np.testing.assert_allclose(idata.constant_data["x_scale"], s)
    assert idata.posterior.attrs["likelihood"] == "poisson"


@pytest.mark.slow
def test_path_and_refit_reuse_the_compiled_model(logistic_fit, binary, monkeypatch):
    """Same structure: no compile for a path over scales, nor for a refit on
    other rows (another n); a smaller prior scale shrinks the posterior."""
    import nutpie

    X, y = binary
    calls = []
    real = nutpie.compile_pymc_model
    monkeypatch.setattr(
        nutpie,
        "compile_pymc_model",
        lambda *a, **k: calls.append(1) or real(*a, **k),
    )
    kw = dict(likelihood="logistic", draws=300, tune=300, chains=2, random_seed=4)
    wide, narrow = _quiet(
        bp.sample_path, X, y, [Gaussian(TAU), Gaussian(0.1)], progressbar=False, **kw
    )
    _quiet(bp.sample_posterior, X[:60], y[:60], Gaussian(TAU), **kw)
    assert calls == []
    sd = [float(f.posterior["coef"].std()) for f in (wide, narrow)]
    assert sd[1] < 0.5 * sd[0]
    assert narrow.posterior.attrs["prior"] == repr(Gaussian(0.1))


@pytest.mark.slow
def test_summary_of_a_logistic_fit(logistic_fit, binary):
    """eps on the link scale (eps_std / sd(x_j)); the MAP is fit_map's with the
    logistic likelihood; no scikit-learn column."""
    from bayesreg import fit_map

    X, y = binary
    df = summary(logistic_fit, X=X, y=y, prior=Gaussian(TAU))
    np.testing.assert_allclose(df["eps"], 0.01 / X.std(axis=0))
    np.testing.assert_allclose(
        summary(logistic_fit)["eps"], df["eps"]
    )  # from the recorded sds
    want = fit_map(X, y, Gaussian(TAU), likelihood="logistic").coef
    np.testing.assert_allclose(df["map"], want)
    assert "penalized" not in df


# --------------------------------------------------------------------------
# Student-t against the Gaussian by PSIS-LOO


def _regression(n, seed, noise):
    X, rng = _design(n, seed)
    return X, 1.0 + X @ [1.0, -0.5] + noise(rng, n)


@pytest.mark.slow
def test_compare_loo_student_t_against_gaussian():
    """t(2) noise: the Student-t model (df ~ Gamma(2, 0.1)) wins by far more
    than the SE of the difference; Gaussian noise: the difference is within two
    SEs (a two-sided z-test of "no difference" at about 5%).
    The Gaussian side is exact draws (Flat prior, Jeffreys sigma); the
    Student-t side NUTS with the same priors and ``nu`` sampled (its draws
    enter the pointwise log likelihood)."""
    fits = {}
    for label, n, seed, noise in [
        ("outliers", 200, 20, lambda rng, n: rng.standard_t(2.0, size=n)),
        ("clean", 200, 23, lambda rng, n: rng.normal(size=n)),
    ]:
        X, y = _regression(n, seed, noise)
        gauss = bp.sample_posterior(
            X, y, Flat(), Jeffreys(), sampler="exact", draws=2000, random_seed=5
        )
        robust = _quiet(
            bp.sample_posterior,
            X,
            y,
            Flat(),
            Jeffreys(),
            likelihood=StudentT(df=None),
            draws=500,
            tune=500,
            chains=4,
            random_seed=6,
        )
        assert robust.posterior.attrs["likelihood_repr"] == "StudentT(df=None)"
        assert "nu" in robust.posterior and "nu_log__" not in robust.posterior
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # Pareto k on outliers
            fits[label] = bp.compare_loo({"gaussian": gauss, "student_t": robust})
    table = fits["outliers"]
    assert table.index[0] == "student_t"
    assert table.loc["gaussian", "elpd_diff"] > 3 * table.loc["gaussian", "dse"]
    table = fits["clean"]
    worse = table.index[1]
    assert table.loc[worse, "elpd_diff"] <= 2 * table.loc[worse, "dse"]


def test_compare_loo_refuses_different_observations(binary):
    X, y = binary
    a = bp.sample_posterior(X, y, Flat(), sampler="exact", draws=50, random_seed=1)
    b = bp.sample_posterior(
        X, y + 1.0, Flat(), sampler="exact", draws=50, random_seed=1
    )
    with pytest.raises(ValueError, match="same observations.*'a' and 'b'"):
        bp.compare_loo({"a": a, "b": b})


# --------------------------------------------------------------------------
# what is refused, before any compile


def test_gaussian_records_its_likelihood(binary):
    X, y = binary
    idata = bp.sample_posterior(X, y, Gaussian(1.0), sampler="exact", draws=20)
    attrs = idata.posterior.attrs
    assert attrs["likelihood"] == "gaussian" and attrs["has_scale"] == 1
    assert attrs["likelihood_repr"] == "Gaussian()"


@pytest.mark.parametrize(
    "family, declares",
    [("logistic", r"\['irls'\]"), (StudentT(df=4.0), "none")],
)
def test_exact_sampler_refuses_other_likelihoods(binary, family, declares):
    X, y = binary
    msg = (
        r"sampler='exact' needs a likelihood with the capability 'quadratic'; "
        rf"likelihood .* declares {declares}\. Use sampler= one of 'nutpie', 'pymc'"
    )
    with pytest.raises(ValueError, match=msg):
        bp.sample_posterior(X, y, Gaussian(1.0), sampler="exact", likelihood=family)
    with pytest.raises(ValueError, match=msg):
        bp.sample_path(X, y, [Gaussian(1.0)], sampler="exact", likelihood=family)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (
            {"likelihood": "probit"},
            r"'likelihood' parameter of sample_posterior must be one of 'gaussian', "
            r"'logistic', 'poisson', 'student_t' .* Got 'probit'",
        ),
        (
            {"likelihood": "logistic", "sigma": 2.0},
            r"'sigma' parameter of sample_posterior does not apply to likelihood "
            r"Logistic\(\), which has no noise scale: leave it at 1.0 .* Got 2.0",
        ),
        (
            {"likelihood": Poisson(), "sigma": HalfNormal(1.0)},
            r"'sigma' parameter .* Poisson\(\),.* Got HalfNormal\(scale=1.0\)",
        ),
        (
            {"likelihood": "logistic", "y": np.arange(80.0)},
            r"likelihood='logistic' needs y of 0s and 1s",
        ),
        (
            {"likelihood": "poisson", "y": -np.ones(80)},
            r"likelihood='poisson' needs y of non-negative integer counts",
        ),
    ],
)
def test_bad_likelihood_arguments(binary, kwargs, match):
    X, y = binary
    args = {"y": y, "prior": Laplace(1.0), **kwargs}
    with pytest.raises(ValueError, match=match):
        bp.sample_posterior(X, args.pop("y"), **args)


def test_sufficient_statistics_need_the_gaussian(binary):
    X, y = binary
    stats = SufficientStats.from_arrays(X, y)
    with pytest.raises(
        ValueError,
        match=r"'likelihood' parameter of sample_posterior is Logistic\(\), which "
        r"needs the rows X, y; a SufficientStats input describes only the Gaussian",
    ):
        bp.sample_posterior(stats, None, Gaussian(1.0), likelihood="logistic")
    with pytest.raises(ValueError, match=r"sample_path is StudentT\(df=5.0\)"):
        bp.sample_path(stats, None, [Gaussian(1.0)], likelihood="student_t")
