"""sampler="gibbs": the blocked Gibbs sampler of Gaussian scale-mixture priors.

Oracles: the closed-form posterior (``sampler="exact"``, Gaussian priors),
quadrature of the one-coefficient posterior (Laplace, absolute and relative,
and with Park & Casella's Gamma hyperprior on ``lam^2``), the medians printed
in ``sample_posterior``'s docstring (Park & Casella 2008), Rue's algorithm
against Bhattacharya et al.'s on the same ``p > n`` problem, and nutpie (slow).
Tolerances are Monte Carlo standard errors (ArviZ's ``mcse``) times 4.
"""

from __future__ import annotations

import re
import warnings

import arviz as az
import numpy as np
import pytest

from bayesreg import Gaussian, Jeffreys, Laplace, sample_posterior
from bayesreg.data import SufficientStats
from bayesreg.datasets import load_diabetes
from bayesreg.noise import HalfNormal, InverseGamma
from bayesreg.posterior import SamplingWarning, prepare
from bayesreg.posterior import samplers as reg
from bayesreg.posterior.samplers import gibbs as gibbs_module
from bayesreg.priors import LambdaSquaredGamma, ScaleHalfCauchy, StudentT

KW = dict(tune=300, chains=4, random_seed=11, log_likelihood=False)


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes()


@pytest.fixture(scope="module")
def small():
    """n = 40, p = 3: a quick problem with an intercept."""
    rng = np.random.default_rng(4)
    X = rng.normal(1.0, 1.0, size=(40, 3))
    y = X @ [0.8, 0.0, -0.5] + 2.0 + rng.normal(scale=1.0, size=40)
    return X, y


def _quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingWarning)
        return sample_posterior(*args, **kwargs)


def _mean_sd_mcse(idata, var):
    """Posterior mean and sd of ``var`` (one value per feature, or a scalar)
    with their Monte Carlo standard errors: ``sd / sqrt(ESS)`` for the mean,
    and for the sd ArviZ's delta-method formula (``var(s^2) = (m4 - s^4) /
    ESS((x - m)^2)``, ``var(s) = var(s^2) / (4 s^2)``; computed here, as
    ``az.mcse(method="sd")`` fails with numba installed)."""
    da = idata.posterior[var]
    dims = ("chain", "draw")
    mean = da.mean(dims)
    sd = da.std(dims).values
    c2 = (da - mean) ** 2
    ess = az.ess(da.to_dataset(name="v"), method="mean")["v"].values
    ess2 = az.ess(c2.to_dataset(name="v"), method="mean")["v"].values
    m4 = (c2**2).mean(dims).values
    mcse_sd = np.sqrt((m4 - sd**4) / ess2 / (4 * sd**2))
    return mean.values, sd, sd / np.sqrt(ess), mcse_sd


def _agrees(a, b, var, k=4.0):
    """Whether means and sds of ``var`` agree within ``k`` combined MCSE."""
    ma, sa, ema, esa = _mean_sd_mcse(a, var)
    mb, sb, emb, esb = _mean_sd_mcse(b, var)
    ok_mean = np.abs(ma - mb) <= k * np.hypot(ema, emb)
    ok_sd = np.abs(sa - sb) <= k * np.hypot(esa, esb)
    return bool(np.all(ok_mean) and np.all(ok_sd))


# --------------------------------------------------------------------------
# registration and errors


def test_gibbs_is_registered_after_numpyro_and_not_the_default():
    assert reg.SAMPLERS.index("gibbs") > reg.SAMPLERS.index("numpyro")
    assert reg.DEFAULT_SAMPLER != "gibbs"
    s = reg.REGISTRY["gibbs"]
    assert s.requires == {"gibbs"} and s.likelihood_requires == {"quadratic"}
    assert not s.iid and s.method == "nuts"


def test_capabilities_of_the_supported_priors():
    assert "gibbs" in Gaussian(1.0).capabilities()
    assert "gibbs" in Laplace(1.0, relative=True).capabilities()
    assert Laplace(hyperprior=LambdaSquaredGamma(1.0, 1.0)).capabilities() == {"gibbs"}
    # not (yet) supported: no capability, so the registry check refuses them
    assert not Laplace(hyperprior=ScaleHalfCauchy(1.0)).capabilities()
    assert not Gaussian(hyperprior=LambdaSquaredGamma(1.0, 1.0)).capabilities()
    assert "gibbs" not in StudentT(3.0, 1.0).capabilities()


def test_errors_name_the_sampler(small):
    X, y = small
    with pytest.raises(ValueError, match=r"sampler='gibbs' needs a prior with 'gibbs'"):
        sample_posterior(X, y, StudentT(3.0, 1.0), sampler="gibbs")
    with pytest.raises(ValueError, match=r"sampler='gibbs' needs a prior with 'gibbs'"):
        sample_posterior(
            X, y, Laplace(hyperprior=ScaleHalfCauchy(1.0)), sampler="gibbs"
        )
    y01 = (y > np.median(y)).astype(float)
    with pytest.raises(
        ValueError, match=r"sampler='gibbs' needs a likelihood .*'quadratic'"
    ):
        sample_posterior(X, y01, Laplace(1.0), sampler="gibbs", likelihood="logistic")
    with pytest.raises(ValueError, match=r"sampler='gibbs' needs sigma fixed or a"):
        sample_posterior(X, y, Laplace(1.0), HalfNormal(1.0), sampler="gibbs")


def test_output_names_dims_and_seeds(small):
    X, y = small
    prior = Laplace(relative=True, hyperprior=LambdaSquaredGamma(1.0, 1.78))
    kw = dict(draws=50, tune=10, chains=3, log_likelihood=True)
    a = _quiet(X, y, prior, Jeffreys(), sampler="gibbs", random_seed=5, **kw)
    b = _quiet(X, y, prior, Jeffreys(), sampler="gibbs", random_seed=5, **kw)
    c = _quiet(X, y, prior, Jeffreys(), sampler="gibbs", random_seed=6, **kw)
    post = a.posterior
    assert set(post.data_vars) == {"coef", "intercept", "sigma", "coef_lam2"}
    assert post["coef"].dims == ("chain", "draw", "feature")
    assert post["coef"].shape == (3, 50, 3)
    assert post["sigma"].dims == post["coef_lam2"].dims == ("chain", "draw")
    assert post.attrs["sampler"] == "gibbs"
    assert not a.sample_stats["diverging"].any()
    assert a.log_likelihood["y"].shape == (3, 50, 40)
    for var in post.data_vars:
        np.testing.assert_array_equal(post[var], b.posterior[var])
    assert not np.array_equal(post["coef"], c.posterior["coef"])
    # fixed sigma and no intercept: neither is reported
    d = _quiet(X, y, Gaussian(1.0), 1.0, sampler="gibbs", fit_intercept=False, **kw)
    assert set(d.posterior.data_vars) == {"coef"}


# --------------------------------------------------------------------------
# (1) Gaussian priors against the closed form, and the teeth of the check


GAUSSIAN_CASES = {
    "absolute, sigma fixed": (Gaussian(scale=30.0), 50.0),
    "relative, InverseGamma": (
        Gaussian(scale=0.6, relative=True),
        InverseGamma(3.0, 5000.0),
    ),
    "relative, Jeffreys": (Gaussian(scale=0.6, relative=True), Jeffreys()),
}


@pytest.mark.parametrize("case", list(GAUSSIAN_CASES))
def test_gaussian_prior_matches_the_exact_posterior(diabetes, case):
    X, y = diabetes
    prior, sigma = GAUSSIAN_CASES[case]
    g = _quiet(X, y, prior, sigma, sampler="gibbs", draws=1500, **KW)
    e = _quiet(X, y, prior, sigma, sampler="exact", draws=5000, **KW)
    for var in g.posterior.data_vars:
        assert _agrees(g, e, var), var


def test_a_wrong_kernel_fails_the_exact_check(diabetes, monkeypatch):
    """Teeth: the prior precision multiplied by 1.2 is caught by check (1)."""
    X, y = diabetes
    prior, sigma = GAUSSIAN_CASES["absolute, sigma fixed"]
    e = _quiet(X, y, prior, sigma, sampler="exact", draws=5000, **KW)
    right = gibbs_module.RueBlock.factor

    def wrong(self, prec):
        return right(self, 1.2 * prec)

    monkeypatch.setattr(gibbs_module.RueBlock, "factor", wrong)
    g = _quiet(X, y, prior, sigma, sampler="gibbs", draws=1500, **KW)
    assert not _agrees(g, e, "coef")


# --------------------------------------------------------------------------
# (2) Laplace with one coefficient: the posterior by quadrature


def _one_feature(seed=2):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(30, 1))
    y = 0.4 * x[:, 0] + 1.0 + rng.normal(scale=1.0, size=30)
    xc, yc = x[:, 0] - x.mean(), y - y.mean()
    return x, y, float(xc @ xc), float(xc @ yc)


def _quadrature(logpost, grid):
    lp = logpost(grid)
    p = np.exp(lp - lp.max())
    p /= p.sum()
    mean = p @ grid
    return mean, np.sqrt(p @ (grid - mean) ** 2)


@pytest.mark.parametrize("relative", [False, True])
def test_laplace_fixed_scale_matches_quadrature(relative):
    x, y, xx, xy = _one_feature()
    sigma, b = 2.0, 0.1  # strong shrinkage: the prior matters
    prior = Laplace(scale=b / sigma if relative else b, relative=relative)
    g = _quiet(x, y, prior, sigma, sampler="gibbs", draws=4000, **KW)
    grid = np.linspace(-3, 3, 60001)
    mean, sd = _quadrature(
        lambda w: -(xx * w * w - 2 * xy * w) / (2 * sigma**2) - np.abs(w) / b, grid
    )
    m, s, em, es = _mean_sd_mcse(g, "coef")
    assert abs(m[0] - mean) <= 4 * em[0]
    assert abs(s[0] - sd) <= 4 * es[0]


def test_laplace_hyperprior_matches_quadrature():
    """``lam^2 ~ Gamma(r, delta)``, absolute scale ``1/lam``: a 2-D grid."""
    x, y, xx, xy = _one_feature(seed=3)
    sigma, r, delta = 1.5, 2.0, 0.5
    prior = Laplace(hyperprior=LambdaSquaredGamma(r, delta))
    g = _quiet(x, y, prior, sigma, sampler="gibbs", draws=4000, **KW)
    w = np.linspace(-3, 3, 2001)[:, None]
    lam2 = np.linspace(1e-4, 40, 4000)[None, :]
    lam = np.sqrt(lam2)
    lp = (
        -(xx * w * w - 2 * xy * w) / (2 * sigma**2)
        + np.log(lam)
        - lam * np.abs(w)
        + (r - 1) * np.log(lam2)
        - delta * lam2
    )
    p = np.exp(lp - lp.max())
    p /= p.sum()
    want = {"coef": float((p.sum(1) @ w)[0]), "coef_lam2": float(p.sum(0) @ lam2[0])}
    for var, value in want.items():
        m, _, em, _ = _mean_sd_mcse(g, var)
        assert abs(np.ravel(m)[0] - value) <= 4 * np.ravel(em)[0], var


# --------------------------------------------------------------------------
# (3) Park & Casella (2008): the medians in sample_posterior's docstring


def _docstring_medians():
    doc = sample_posterior.__doc__
    table = doc[doc.index("feature\n") : doc.index("Name: coef")]
    rows = re.findall(r"^\s*(\w+)\s+(-?\d+\.\d)\s*$", table, flags=re.M)
    return dict((k, float(v)) for k, v in rows)


def test_park_casella_medians(diabetes):
    X, y = diabetes
    want = _docstring_medians()
    assert len(want) == 10
    prior = Laplace(scale=1 / 0.237, relative=True)
    g = _quiet(X, y - y.mean(), prior, Jeffreys(), sampler="gibbs", draws=3000, **KW)
    coef = g.posterior["coef"]
    med = coef.median(("chain", "draw")).to_series()
    se = az.mcse(coef.to_dataset(name="v"), method="median")["v"].to_series()
    # the docstring's medians (nutpie, 4 x 1000 draws, rounded to 0.1) carry
    # their own Monte Carlo error: take it as the Gibbs one at 4000 draws
    ess = az.ess(coef.to_dataset(name="v"))["v"].to_series()
    se_doc = se * np.sqrt(ess / 4000.0)
    for name, value in want.items():
        tol = 4 * np.hypot(se[name], se_doc[name]) + 0.05
        assert abs(med[name] - value) <= tol, (name, med[name], value, tol)


# --------------------------------------------------------------------------
# (4) p > n: Bhattacharya et al. (rows) against Rue (statistics only)


@pytest.mark.parametrize(
    "prior, sigma",
    [
        (Laplace(scale=0.3), 1.0),
        (Laplace(scale=0.3), InverseGamma(3.0, 2.0)),
        (Laplace(scale=0.5, relative=True), InverseGamma(3.0, 2.0)),
        (Gaussian(scale=0.4, relative=True), Jeffreys()),
    ],
)
def test_p_greater_than_n_bhattacharya_agrees_with_rue(prior, sigma, monkeypatch):
    rng = np.random.default_rng(8)
    n, p = 15, 25
    X = rng.normal(size=(n, p)) + 0.5
    y = X[:, :3] @ [1.5, -1.0, 0.5] + rng.normal(size=n)
    calls = {"bhattacharya": 0}
    real = gibbs_module.RowsBlock.factor

    def counted(self, dvar):
        calls["bhattacharya"] += 1
        return real(self, dvar)

    monkeypatch.setattr(gibbs_module.RowsBlock, "factor", counted)
    kw = dict(KW, draws=2000)
    rows = _quiet(X, y, prior, sigma, sampler="gibbs", **kw)
    assert calls["bhattacharya"] == kw["tune"] + kw["draws"]
    stats = _quiet(
        SufficientStats.from_arrays(X, y), None, prior, sigma, sampler="gibbs", **kw
    )
    assert calls["bhattacharya"] == kw["tune"] + kw["draws"]  # Rue: no rows
    for var in rows.posterior.data_vars:
        ma, _, ea, _ = _mean_sd_mcse(rows, var)
        mb, _, eb, _ = _mean_sd_mcse(stats, var)
        assert np.all(np.abs(ma - mb) <= 4 * np.hypot(ea, eb)), var


def test_bhattacharya_with_standardize_uses_the_scaled_columns():
    rng = np.random.default_rng(9)
    X = rng.normal(size=(12, 20)) * np.linspace(0.5, 3.0, 20) + 1.0
    y = X[:, 0] - X[:, 1] + rng.normal(size=12)
    data = prepare(X, y, True, standardize=True)
    Xc, yc = gibbs_module._centred_rows(data)
    lik = data.lik
    np.testing.assert_allclose(Xc.T @ Xc, lik.gram(), atol=1e-10)
    np.testing.assert_allclose(Xc.T @ yc, lik.xty, atol=1e-10)


# --------------------------------------------------------------------------
# nutpie cross-check (compiles PyMC models: slow)


@pytest.mark.slow
@pytest.mark.parametrize(
    "prior, sigma",
    [
        (Laplace(scale=30.0), 55.0),
        (Laplace(relative=True, hyperprior=LambdaSquaredGamma(1.0, 1.78)), Jeffreys()),
    ],
    ids=["absolute", "relative-hyperprior"],
)
def test_laplace_on_diabetes_matches_nutpie(diabetes, prior, sigma):
    X, y = diabetes
    g = _quiet(X, y, prior, sigma, sampler="gibbs", draws=2000, **KW)
    n = _quiet(X, y, prior, sigma, sampler="nutpie", draws=1000, **KW)
    for var in g.posterior.data_vars:
        ma, _, ea, _ = _mean_sd_mcse(g, var)
        mb, _, eb, _ = _mean_sd_mcse(n, var)
        assert np.all(np.abs(ma - mb) <= 4 * np.hypot(ea, eb)), var
