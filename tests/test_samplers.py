"""The Gaussian likelihood (one implementation), the sampler registry, and a
small posterior for every registered prior and for one defined outside.

Compilation dominates here (DESIGN.md section 5): the samples are tiny (one
nutpie compile per prior structure, 2 chains x 100 draws) and the log density
checks compile with PyTensor's FAST_COMPILE mode.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pymc as pm
import pytensor
import pytensor.tensor as pt
import pytest
from scipy import stats as st

from bayesreg import BayesianLinearRegression, Prior, sample_posterior
from bayesreg.datasets import load_diabetes
from bayesreg.likelihoods import GaussianLikelihood
from bayesreg.likelihoods.gaussian import log_density, quadratic_rss
from bayesreg.noise import FixedSigma, InverseGamma
from bayesreg.posterior import SamplingWarning, build_model, prepare
from bayesreg.posterior import samplers as reg
from bayesreg.posterior.model import model_for
from bayesreg.priors import (
    CAPABILITIES,
    ElasticNet,
    Flat,
    Gaussian,
    GeneralizedGaussian,
    Laplace,
    StudentT,
)
from bayesreg.priors import REGISTRY as PRIORS

SIGMA = 1.3


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(2.0, 1.5, size=(60, 3))  # non-zero column means
    y = X @ [1.0, -2.0, 0.5] + 3.0 + rng.normal(scale=SIGMA, size=60)
    return X, y


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingWarning)
        return fn(*args, **kwargs)


# --------------------------------------------------------------------------
# the one Gaussian likelihood


def test_numpy_and_pytensor_log_likelihood_agree(data):
    X, y = data
    lik = GaussianLikelihood.from_arrays(X, y)
    w, o, s = pt.vector("w"), pt.scalar("o"), pt.scalar("s")
    rss = quadratic_rss(w, lik.xtx, lik.xty, lik.yty, pt.dot) + lik.n * o**2
    f = pytensor.function([w, o, s], log_density(rss, lik.n, s, pt.log))
    rng = np.random.default_rng(1)
    for _ in range(5):
        wv, ov, sv = rng.normal(size=3), rng.normal(), math.exp(rng.normal())
        # the MAP's profiled form plus the intercept's term
        ours = -lik.neg_log_likelihood(wv, sv) - 0.5 * lik.n * ov**2 / sv**2
        assert f(wv, ov, sv) == pytest.approx(ours, rel=1e-10)
        b0 = y.mean() + ov - X.mean(0) @ wv
        direct = st.norm.logpdf(y, b0 + X @ wv, sv).sum()
        assert ours == pytest.approx(direct, rel=1e-10)


def test_pymc_model_log_likelihood_is_the_likelihood(data):
    """The model's potential (Flat prior: nothing else) equals the numpy form."""
    X, y = data
    d = prepare(X, y, True, "test")
    model = build_model(Flat(), FixedSigma(SIGMA), d)
    logp = model.compile_logp(mode="FAST_COMPILE")
    rng = np.random.default_rng(2)
    for _ in range(3):
        w, o = rng.normal(size=3), rng.normal()
        want = -d.lik.neg_log_likelihood(w, SIGMA) - 0.5 * d.n * o**2 / SIGMA**2
        got = logp({"coef": w, "intercept_offset": o})
        assert got == pytest.approx(want, rel=1e-10)


def test_pointwise_loglik_sums_to_scipy(data):
    X, y = data
    lik = GaussianLikelihood.from_arrays(X, y)
    rng = np.random.default_rng(3)
    coef, b0 = rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 4))
    s = np.exp(rng.normal(size=(2, 4)))
    ll = lik.pointwise_loglik(X, y, coef, b0, s)
    assert ll.shape == (2, 4, 60)
    for c in range(2):
        for d in range(4):
            want = st.norm.logpdf(y, b0[c, d] + X @ coef[c, d], s[c, d])
            np.testing.assert_allclose(ll[c, d], want, rtol=1e-12)
            assert ll[c, d].sum() == pytest.approx(want.sum(), rel=1e-12)
    fixed = lik.pointwise_loglik(X, y, coef, None, SIGMA)  # no intercept
    np.testing.assert_allclose(fixed[0, 0], st.norm.logpdf(y, X @ coef[0, 0], SIGMA))


@pytest.mark.parametrize("use_gram", [True, False])
def test_gradient_and_hessian_against_finite_differences(data, use_gram):
    X, y = data
    lik = GaussianLikelihood.from_arrays(X, y, use_gram=use_gram)
    w, v, h = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.3, -0.7]), 1e-6
    fd = [
        (
            lik.neg_log_likelihood(w + h * e, SIGMA)
            - lik.neg_log_likelihood(w - h * e, SIGMA)
        )
        / (2 * h)
        for e in np.eye(3)
    ]
    np.testing.assert_allclose(lik.gradient(w, SIGMA), fd, rtol=1e-6)
    fd_hv = (lik.gradient(w + h * v, SIGMA) - lik.gradient(w - h * v, SIGMA)) / (2 * h)
    np.testing.assert_allclose(lik.hessian_vector(w, v, SIGMA), fd_hv, rtol=1e-6)
    np.testing.assert_allclose(lik.hessian(w, SIGMA) @ v, fd_hv, rtol=1e-6)


def test_conjugate_posterior_is_ridge(data):
    X, y = data
    lik = GaussianLikelihood.from_arrays(X, y)
    Xc, yc = X - X.mean(0), y - y.mean()
    _, mean, resid = lik.conjugate_posterior(2.5)
    want = np.linalg.solve(Xc.T @ Xc + 2.5 * np.eye(3), Xc.T @ yc)
    np.testing.assert_allclose(mean, want, rtol=1e-12)
    rss = np.sum((yc - Xc @ want) ** 2) + 2.5 * want @ want
    assert resid == pytest.approx(rss, rel=1e-10)


# --------------------------------------------------------------------------
# the registry


def test_registry_declares_each_sampler():
    assert reg.SAMPLERS == tuple(reg.REGISTRY)
    assert reg.SAMPLERS == ("nutpie", "pymc", "exact", "numpyro", "gibbs", "auto")
    assert reg.REGISTRY[reg.DEFAULT_SAMPLER].default
    assert sum(s.default for s in reg.REGISTRY.values()) == 1
    for name, s in reg.REGISTRY.items():
        assert s.name == name
        assert s.requires <= CAPABILITIES
        assert isinstance(s.available(), bool)
        assert s.module is None or s.install.startswith("pip install")
    assert reg.sampler_names("exact") == ("exact",)
    assert reg.REGISTRY["exact"].requires == {"conjugate"}


def test_exact_refuses_a_prior_without_conjugate(data):
    X, y = data
    with pytest.raises(
        ValueError, match=r"sampler='exact' needs a prior with 'conjugate'"
    ):
        sample_posterior(X, y, StudentT(3.0, 1.0), sampler="exact")
    with pytest.raises(
        ValueError, match=r"sampler='exact' needs .*GeneralizedGaussian"
    ):
        sample_posterior(X, y, GeneralizedGaussian(1.5, 1.0), sampler="exact")


def test_unavailable_sampler_names_its_install(data, monkeypatch):
    X, y = data

    class Missing(reg.Sampler):
        name, module, install = "missing", "no_such_package_xyz", "pip install xyz"

    monkeypatch.setitem(reg.REGISTRY, "missing", Missing())
    assert not Missing().available()
    with pytest.raises(ImportError, match="'no_such_package_xyz'.*pip install xyz"):
        sample_posterior(X, y, Gaussian(1.0), sampler="missing")


def test_a_new_sampler_is_one_registered_class(data, monkeypatch):
    """Registered from outside: sample_posterior and the estimator offer it."""
    X, y = data

    class Again(type(reg.REGISTRY["exact"])):
        name = "exact_again"

    monkeypatch.setitem(reg.REGISTRY, "exact_again", Again())
    kw = dict(draws=20, chains=2, random_seed=3)
    a = sample_posterior(X, y, Gaussian(2.0), SIGMA, sampler="exact_again", **kw)
    b = sample_posterior(X, y, Gaussian(2.0), SIGMA, sampler="exact", **kw)
    np.testing.assert_array_equal(a.posterior["coef"], b.posterior["coef"])
    assert a.posterior.attrs["sampler"] == "exact_again"
    model = BayesianLinearRegression(
        Gaussian(2.0), SIGMA, method="exact", sampler="exact_again", draws=20
    ).fit(X, y)
    assert model.idata_.posterior.attrs["sampler"] == "exact_again"
    with pytest.raises(ValueError, match="'exact', 'exact_again'. Got 'nutpie'"):
        BayesianLinearRegression(method="exact", sampler="nutpie").fit(X, y)


@pytest.mark.parametrize(
    "prior, sigma",
    [
        (Gaussian(0.8), SIGMA),
        (Gaussian(0.8, relative=True), InverseGamma(2.0, 3.0)),
    ],
    ids=["fixed sigma", "normal-inverse-gamma"],
)
def test_exact_generalized_gaussian_power_2_is_the_gaussian(data, prior, sigma):
    X, y = data
    gg = GeneralizedGaussian(power=2.0, scale=prior.scale * math.sqrt(2.0))
    gg = gg.replace(relative=prior.relative)
    assert "conjugate" in gg.capabilities()
    kw = dict(sampler="exact", draws=50, chains=2, random_seed=11)
    a = sample_posterior(X, y, gg, sigma, **kw).posterior
    b = sample_posterior(X, y, prior, sigma, **kw).posterior
    assert set(a.data_vars) == set(b.data_vars)
    for var in a.data_vars:
        np.testing.assert_allclose(a[var], b[var], rtol=1e-12)


# --------------------------------------------------------------------------
# every registered prior, and one defined outside the package


@dataclass(frozen=True)
class LogisticPrior(Prior):
    """``w_j ~ Logistic(0, scale)``: a prior the package does not know."""

    scale: float = 1.0
    family_capabilities = frozenset({"gradient"})

    def logpdf(self, w, sigma=1.0):
        return st.logistic.logpdf(w, scale=self.scale)

    def gradient(self, w, sigma=1.0):
        return np.tanh(np.asarray(w, dtype=float) / (2 * self.scale)) / self.scale

    def to_pymc(self, name, dims, sigma):
        return pm.Logistic(name, mu=0.0, s=self.scale, dims=dims)


EXAMPLES = {
    "flat": Flat(),
    "gaussian": Gaussian(2.0),
    "laplace": Laplace(0.9, relative=True),
    "elasticnet": ElasticNet(l1_scale=1.5, l2_scale=3.0),
    "student_t": StudentT(df=3.0, scale=2.0),
    "generalized_gaussian": GeneralizedGaussian(power=0.7, scale=1.5),
}
CASES = [*PRIORS, "generalized_gaussian power 1.5", "outside the package"]


def _example(case):
    if case == "generalized_gaussian power 1.5":
        return GeneralizedGaussian(power=1.5, scale=2.0, relative=True)
    if case == "outside the package":
        return LogisticPrior(scale=0.7)
    return EXAMPLES.get(case) or PRIORS[case]()


# the horseshoe family has no closed-form density (has_density is False)
DENSITY_CASES = [c for c in CASES if c not in PRIORS or PRIORS[c].has_density]


@pytest.mark.parametrize("case", DENSITY_CASES)
def test_pymc_prior_density_equals_logpdf(data, case):
    X, y = data
    prior = _example(case)
    model = build_model(prior, FixedSigma(SIGMA), prepare(X, y, True, "test"))
    logp = model.compile_logp(vars=[model["coef"]], sum=False, mode="FAST_COMPILE")
    for w in ([-2.0, 0.3, 1.1], [0.05, -0.6, 4.0], [1e-3, 2.5, -0.2]):
        got = logp({"coef": np.array(w), "intercept_offset": 0.0})[0]
        np.testing.assert_allclose(got, prior.logpdf(w, SIGMA), rtol=1e-10)


# on diabetes with sigma fixed: Gaussian(500) and Laplace(29.16) are the
# structures test_posterior.py samples, so in one run their models are reused
DIABETES_SIGMA = 54.0
ON_DIABETES = {
    "flat": Flat(),
    "gaussian": Gaussian(500.0),
    "laplace": Laplace(DIABETES_SIGMA**2 / 100.0),
    "elasticnet": ElasticNet(l1_scale=100.0, l2_scale=300.0),
    "student_t": StudentT(df=3.0, scale=100.0),
    "generalized_gaussian": GeneralizedGaussian(power=0.7, scale=100.0),
}


@pytest.fixture(scope="module")
def diabetes():
    X, y = load_diabetes()
    Xc, yc = X.to_numpy() - X.to_numpy().mean(0), y.to_numpy() - y.mean()
    ols = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    return X, y.to_numpy(), 1 - np.sum((yc - Xc @ ols) ** 2) / np.sum(yc**2)


@pytest.mark.parametrize("case", [*PRIORS, "outside the package"])
def test_small_posterior_for_every_prior(diabetes, case):
    """The default sampler (auto: exact, gibbs or one nutpie compile per
    structure, about 10-20 s here), 2 x 100 draws."""
    X, y, r2_ols = diabetes
    prior = ON_DIABETES.get(case) or PRIORS.get(case, LogisticPrior)(scale=100.0)
    idata = _quiet(
        sample_posterior,
        X,
        y,
        prior,
        DIABETES_SIGMA,
        draws=100,
        tune=100,
        chains=2,
        random_seed=1,
    )
    coef = idata.posterior["coef"]
    assert coef.shape == (2, 100, 10)
    assert np.all(np.isfinite(coef)) and np.all(np.isfinite(idata.log_likelihood["y"]))
    assert idata.posterior.attrs["sampler_requested"] == reg.DEFAULT_SAMPLER
    chosen = reg.REGISTRY[reg.DEFAULT_SAMPLER].resolve(
        prior, FixedSigma(DIABETES_SIGMA)
    )
    assert idata.posterior.attrs["sampler"] == chosen.name
    assert idata.posterior.attrs["prior"] == repr(prior)
    # a loose check that it sampled this model: the posterior mean fits about
    # as well as least squares (R^2 0.52 on diabetes)
    mean = coef.mean(("chain", "draw")).values
    fitted = X.to_numpy() @ mean + float(idata.posterior["intercept"].mean())
    r2 = 1 - np.sum((y - fitted) ** 2) / np.sum((y - y.mean()) ** 2)
    assert 0.4 < r2 <= r2_ols + 1e-12


def test_outside_prior_values_are_part_of_the_model_key(data):
    """Its scale is a constant of the model (no ``pm.Data``): another scale
    must not reuse the cached model."""
    X, y = data
    d = prepare(X, y, True, "test")
    one, _ = model_for(LogisticPrior(0.7), FixedSigma(SIGMA), d)
    two, _ = model_for(LogisticPrior(3.0), FixedSigma(SIGMA), d)
    same, _ = model_for(LogisticPrior(0.7), FixedSigma(SIGMA), d)
    assert one is not two and one is same
