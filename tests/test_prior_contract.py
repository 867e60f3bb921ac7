"""One contract, every registered prior (issue 11).

For each family in ``bayesreg.priors.REGISTRY``: the log density is
normalized (quadrature) and equals scipy.stats where scipy has the
distribution; the declared gradient matches finite differences; the PyMC
log density equals the numpy one; the MAP by ``solver="scipy"`` equals the
exact solver where both apply; and a small posterior sample runs. A family
declaring ``has_density = False`` (the horseshoe family) must refuse the
density, the penalty and the MAP instead, naming ``sample_posterior``. A
family registered without an example here fails
``test_every_family_has_examples``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, optimize, stats

from bayesreg import fit_map, sample_posterior
from bayesreg.datasets import load_diabetes
from bayesreg.priors import (
    CAPABILITIES,
    REGISTRY,
    ElasticNet,
    Flat,
    Gaussian,
    GeneralizedGaussian,
    Horseshoe,
    HorseshoePlus,
    Laplace,
    RegularizedHorseshoe,
    StudentT,
)

SIGMA = 1.7

EXAMPLES = {
    "flat": [Flat()],
    "gaussian": [Gaussian(2.0), Gaussian(0.5, relative=True)],
    "laplace": [Laplace(0.8), Laplace(0.3, relative=True)],
    "elasticnet": [ElasticNet(1.0, 2.0), ElasticNet(0.4, 0.9, relative=True)],
    "student_t": [StudentT(3.0, 1.5), StudentT(1.0, 0.4, relative=True)],
    "generalized_gaussian": [
        GeneralizedGaussian(0.5, 1.2),
        GeneralizedGaussian(1.5, 0.8),
        GeneralizedGaussian(2.0, 0.6, relative=True),
    ],
    "horseshoe": [Horseshoe(0.5), Horseshoe(2.0, relative=False)],
    "horseshoe_plus": [HorseshoePlus(0.3), HorseshoePlus(1.0, relative=False)],
    "regularized_horseshoe": [
        RegularizedHorseshoe(0.1, slab_scale=1.5, slab_df=3.0),
        RegularizedHorseshoe(0.2, relative=False),
    ],
}


def _scale(prior, value):
    return value * SIGMA if prior.relative else value


#: scipy.stats distribution of each family, where scipy has one
SCIPY = {
    "gaussian": lambda p: stats.norm(scale=_scale(p, p.scale)),
    "laplace": lambda p: stats.laplace(scale=_scale(p, p.scale)),
    "student_t": lambda p: stats.t(p.df, scale=_scale(p, p.scale)),
    "generalized_gaussian": lambda p: stats.gennorm(p.power, scale=_scale(p, p.scale)),
}

CASES = [
    pytest.param(prior, id=f"{name}-{i}")
    for name, priors in EXAMPLES.items()
    for i, prior in enumerate(priors)
]
DENSITY = [c for c in CASES if c.values[0].has_density]
PROPER = [c for c in DENSITY if c.values[0].name != "flat"]
NO_DENSITY = [c for c in CASES if not c.values[0].has_density]


def test_every_family_has_examples():
    assert set(EXAMPLES) == set(REGISTRY)
    for name, priors in EXAMPLES.items():
        assert all(type(p) is REGISTRY[name] for p in priors)


@pytest.mark.parametrize("prior", CASES)
def test_declares_only_known_capabilities(prior):
    assert prior.capabilities() <= CAPABILITIES
    assert type(prior).name in REGISTRY


@pytest.mark.parametrize("prior", PROPER)
def test_logpdf_is_normalized_and_matches_scipy(prior):
    def density(w):
        return math.exp(float(prior.logpdf(np.array([w]), SIGMA)[0]))

    mass = 2.0 * integrate.quad(density, 0.0, np.inf, limit=400, epsabs=1e-13)[0]
    assert mass == pytest.approx(1.0, abs=1e-7)
    w = np.concatenate([-np.logspace(-4, 2, 25), [0.0], np.logspace(-4, 2, 25)])
    if prior.name in SCIPY:
        ref = SCIPY[prior.name](prior).logpdf(w)
        np.testing.assert_allclose(prior.logpdf(w, SIGMA), ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "prior", [c for c in CASES if "gradient" in c.values[0].capabilities()]
)
def test_gradient_matches_finite_differences(prior):
    rng = np.random.default_rng(0)
    for w in rng.normal(0.0, 3.0, size=(5, 4)):
        g = prior.gradient(w, SIGMA)
        num = optimize.approx_fprime(w, lambda v: prior.neg_log_density(v, SIGMA), 1e-7)
        np.testing.assert_allclose(g, num, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "prior", [c for c in CASES if "penalty" in c.values[0].capabilities()]
)
def test_penalty_is_sigma_squared_times_neg_log_density(prior):
    rng = np.random.default_rng(1)
    a, b = rng.normal(0.0, 2.0, size=(2, 6))
    pen = prior.penalty(SIGMA)
    diff = pen.value(a) - pen.value(b)
    ref = SIGMA**2 * (prior.neg_log_density(a, SIGMA) - prior.neg_log_density(b, SIGMA))
    assert diff == pytest.approx(ref, rel=1e-10, abs=1e-10)


@pytest.mark.parametrize("prior", PROPER)
def test_pymc_log_density_equals_numpy(prior):
    import pymc as pm

    with pm.Model(coords={"feature": ["a", "b", "c"]}):
        var = prior.to_pymc("coef", "feature", SIGMA)
    value = np.array([-1.3, 0.02, 4.0])
    logp = pm.logp(var, value).eval()
    np.testing.assert_allclose(logp, prior.logpdf(value, SIGMA), rtol=1e-8, atol=1e-10)


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes()


@pytest.mark.parametrize("prior", NO_DENSITY)
def test_family_without_density_refuses_density_penalty_and_map(prior, diabetes):
    X, y = diabetes
    w = np.array([0.0, 1.0])
    for call in (
        lambda: prior.logpdf(w, SIGMA),
        lambda: prior.neg_log_density(w, SIGMA),
        lambda: prior.penalty(SIGMA),
        lambda: fit_map(X, y, prior, 54.0),
        lambda: fit_map(X, y, prior, 54.0, solver="scipy"),
    ):
        with pytest.raises(ValueError, match="no finite MAP.*sample_posterior"):
            call()


@pytest.mark.parametrize("prior", DENSITY)
def test_scipy_map_equals_exact_solver(prior, diabetes):
    X, y = diabetes
    sigma = 54.0
    # scale the examples to the data: the priors above are for unit-size weights
    fit = fit_map(X, y, prior, sigma, solver="scipy", standardize=True)
    assert fit.converged, fit.message
    if "penalty" not in prior.capabilities():
        return
    exact = fit_map(X, y, prior, sigma, standardize=True)
    scale = max(1.0, float(np.abs(exact.coef).max()))
    np.testing.assert_allclose(fit.coef, exact.coef, rtol=0, atol=1e-6 * scale)
    np.testing.assert_array_equal(fit.coef == 0, exact.coef == 0)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::bayesreg.posterior.SamplingWarning")  # 50 draws
@pytest.mark.parametrize("prior", PROPER + NO_DENSITY)
def test_small_posterior_sample_runs(prior, diabetes):
    X, y = diabetes
    idata = sample_posterior(
        X, y, prior, 54.0, draws=50, tune=50, chains=1, random_seed=0,
        standardize=True,
    )  # fmt: skip
    coef = idata.posterior["coef"]
    assert coef.shape == (1, 50, X.shape[1])
    assert np.all(np.isfinite(coef.values))
