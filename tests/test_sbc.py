"""Simulation-based calibration: prior draws, ranks, the test, and its verdicts.

The acceptance runs (issue 15): the exact and Gibbs samplers pass at 1000
simulations for the priors they support, nutpie at 200 on Gaussian, Laplace
(and horseshoe priors when registered); a sampler made wrong on purpose (sd
inflated by 20%, or the mean shifted by a quarter sd) fails the same test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

from bayesreg import (
    ElasticNet,
    Flat,
    Gaussian,
    GeneralizedGaussian,
    HalfCauchy,
    HalfNormal,
    Horseshoe,
    InverseGamma,
    Jeffreys,
    Laplace,
    StudentT,
)
from bayesreg.calibration import sbc
from bayesreg.calibration.plot import ecdf_difference, parameter_groups, sbc_band
from bayesreg.calibration.ranks import (
    default_bins,
    thinning_from_ess,
    uniformity_pvalues,
)
from bayesreg.posterior.samplers import REGISTRY
from bayesreg.priors import LambdaSquaredGamma, ScaleHalfCauchy

# -- the prior draws ----------------------------------------------------------


def _cdf_of(prior, sigma, half_width):
    """The CDF of one weight: ``exp(logpdf)`` integrated on a fine grid
    (cumulative Simpson), checked to integrate to 1."""
    x = np.linspace(-half_width, half_width, 400_001)
    cdf = integrate.cumulative_simpson(np.exp(prior.logpdf(x, sigma)), x=x, initial=0)
    assert cdf[-1] == pytest.approx(1.0, abs=2e-3)
    return lambda w: np.interp(w, x, cdf)


@pytest.mark.parametrize(
    "prior",
    [
        Gaussian(0.7),
        Laplace(0.3, relative=True),
        ElasticNet(0.5, 0.8),
        ElasticNet(0.05, 2.0),
        StudentT(3.0, 0.5),
        GeneralizedGaussian(0.6, 1.2),
        GeneralizedGaussian(1.5, 0.4, relative=True),
    ],
    ids=repr,
)
def test_prior_draws_follow_the_log_density(prior):
    w = prior.rvs(3000, sigma=2.0, rng=np.random.default_rng(1))["coef"]
    assert w.shape == (3000,)
    width = 400.0 if isinstance(prior, StudentT) else 60.0
    assert stats.kstest(w, _cdf_of(prior, 2.0, width)).pvalue > 1e-3


def test_hyperprior_and_sigma_draws_follow_scipy():
    rng = np.random.default_rng(2)
    lam2 = [LambdaSquaredGamma(2.0, 3.0).rvs("coef", rng) for _ in range(3000)]
    assert set(lam2[0][1]) == {"coef_lam2"}
    values = np.array([h["coef_lam2"] for _, h in lam2])
    np.testing.assert_allclose([s for s, _ in lam2], values**-0.5)
    assert stats.kstest(values, stats.gamma(2.0, scale=1 / 3.0).cdf).pvalue > 1e-3
    tau = np.array([ScaleHalfCauchy(0.5).rvs("coef", rng)[0] for _ in range(3000)])
    assert stats.kstest(tau, stats.halfcauchy(scale=0.5).cdf).pvalue > 1e-3
    cases = [
        (HalfNormal(2.0), stats.halfnorm(scale=2.0), 1),
        (HalfCauchy(0.5), stats.halfcauchy(scale=0.5), 1),
        (InverseGamma(3.0, 2.0), stats.invgamma(3.0, scale=2.0), 2),  # sigma^2
    ]
    for prior, ref, power in cases:
        draws = np.array([prior.rvs(rng) for _ in range(3000)]) ** power
        assert stats.kstest(draws, ref.cdf).pvalue > 1e-3, prior


def test_hyperprior_scale_sets_the_weights():
    """Given lam^2, a Laplace(relative) weight has scale sigma / lam."""
    prior = Laplace(1.0, relative=True, hyperprior=LambdaSquaredGamma(2.0, 1.0))
    out = prior.rvs(4000, sigma=3.0, rng=np.random.default_rng(3))
    b = 3.0 / math.sqrt(out["coef_lam2"])
    assert stats.kstest(out["coef"], stats.laplace(scale=b).cdf).pvalue > 1e-3


# -- checks --------------------------------------------------------------------


def test_improper_priors_are_refused():
    with pytest.raises(ValueError, match="'prior' parameter of sbc must be a proper"):
        sbc(Flat(), 1.0, n_sims=2, progressbar=False)
    with pytest.raises(ValueError, match="'sigma' parameter of sbc .*improper"):
        sbc(Gaussian(1.0, relative=True), Jeffreys(), n_sims=2, progressbar=False)


def test_bad_arguments_name_the_parameter():
    with pytest.raises(ValueError, match="'n_jobs' parameter of sbc"):
        sbc(Gaussian(1.0), n_sims=2, n_jobs=0)
    with pytest.raises(ValueError, match="'alpha' parameter of sbc"):
        sbc(Gaussian(1.0), n_sims=2, alpha=1.5)
    with pytest.raises(ValueError, match="sampler='exact'"):
        sbc(Laplace(1.0), n_sims=2, sampler="exact")


# -- ranks, test, plot ----------------------------------------------------------


def test_uniformity_pvalues_match_scipy_and_see_skew():
    rng = np.random.default_rng(4)
    ranks = pd.DataFrame(
        {"flat": rng.integers(0, 100, 1000), "skew": rng.binomial(99, 0.45, 1000)}
    )
    p = uniformity_pvalues(ranks, 99, 20)  # 100 values, 5 per bin
    counts = np.bincount(ranks["flat"] // 5, minlength=20)
    assert p["flat"] == pytest.approx(stats.chisquare(counts).pvalue, rel=1e-12)
    assert p["skew"] < 1e-10
    # unequal bins: 101 values in 20 bins, expected counts by bin size
    p2 = uniformity_pvalues(pd.DataFrame({"r": np.arange(101).repeat(5)}), 100, 20)
    assert p2["r"] == pytest.approx(1.0)
    assert default_bins(1000, 99) == 20 and default_bins(200, 99) == 20
    assert default_bins(50, 99) == 5 and default_bins(1000, 3) == 4


def test_thinning_from_ess():
    assert thinning_from_ess(2000, 500.0, 20) == 4
    assert thinning_from_ess(2000, 3000.0, 20) == 1  # anti-correlated NUTS
    assert thinning_from_ess(2000, 10.0, 20) == 20
    assert thinning_from_ess(2000, math.nan, 20) == 20


def test_ecdf_difference_and_band():
    z, d = ecdf_difference(np.array([0, 1, 1, 3]), 3)
    np.testing.assert_allclose(z, [0.25, 0.5, 0.75])
    # F(k/4) = #{r < k} / 4 for k = 1, 2, 3
    np.testing.assert_allclose(d, np.array([1, 3, 3]) / 4 - z)
    z, lo, hi = sbc_band(50, 99, 0.95)
    assert np.all(lo < 0) and np.all(hi > 0)
    # simultaneous: wider than the pointwise 95% binomial interval at z = 0.5
    half = np.argmin(abs(z - 0.5))
    pointwise = stats.binom(50, z[half]).interval(0.95)[1] / 50 - z[half]
    assert hi[half] > pointwise
    groups = parameter_groups(["coef[0]", "coef[1]", "intercept", "coef_lam2"])
    assert groups == {
        "coef": ["coef[0]", "coef[1]"],
        "intercept": ["intercept"],
        "coef_lam2": ["coef_lam2"],
    }


def test_result_is_reproducible_whatever_the_jobs():
    kw = dict(n_sims=12, n_draws=20, sampler="exact", progressbar=False)
    one = sbc(Gaussian(0.8, relative=True), InverseGamma(3.0, 2.0), n_jobs=1, **kw)
    two = sbc(Gaussian(0.8, relative=True), InverseGamma(3.0, 2.0), n_jobs=2, **kw)
    pd.testing.assert_frame_equal(one.ranks, two.ranks)
    pd.testing.assert_frame_equal(one.truth, two.truth)
    assert list(one.ranks.columns) == [
        "coef[0]",
        "coef[1]",
        "coef[2]",
        "intercept",
        "sigma",
    ]
    assert one.ranks.to_numpy().min() >= 0 and one.ranks.to_numpy().max() <= 20
    assert one.thin == 1 and one.n_draws == 20
    assert one.ess.isna().all()


def test_plot_has_one_panel_per_group():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    res = sbc(
        Gaussian(0.8, relative=True),
        InverseGamma(3.0, 2.0),
        n_sims=30,
        n_draws=20,
        progressbar=False,
        n_jobs=1,
    )
    fig = res.plot()
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in shown] == ["coef", "intercept", "sigma"]
    assert len(shown[0].get_lines()) == 3 + 1  # three weights and the zero line
    plt.close(fig)


# -- acceptance: exact, Gibbs, nutpie; and the test's teeth ----------------------


def _check_pass(res, n_sims):
    assert len(res.ranks) == n_sims
    assert res.ok, res.verdict() + "\n" + res.pvalues.to_string()


@pytest.mark.slow
@pytest.mark.parametrize(
    "prior, sigma",
    [
        (Gaussian(0.8), 1.3),
        (Gaussian(0.8, relative=True), InverseGamma(3.0, 2.0)),
    ],
    ids=["fixed-sigma", "normal-inverse-gamma"],
)
def test_exact_sampler_passes_at_1000(prior, sigma):
    res = sbc(prior, sigma, sampler="exact", n_sims=1000, progressbar=False, n_jobs=2)
    _check_pass(res, 1000)


class _Wrong(type(REGISTRY["exact"])):
    """The exact sampler made wrong on purpose: every coefficient's draws
    spread ``spread`` times too wide about their mean, or shifted by ``shift``
    posterior sds."""

    name = "exact_wrong"

    def __init__(self, spread=1.0, shift=0.0):
        self.spread, self.shift = spread, shift

    def run(self, prior, sigma, data, **kw):
        post, st = super().run(prior, sigma, data, **kw)
        w = post["coef"]
        mean, sd = w.mean(("chain", "draw")), w.std(("chain", "draw"))
        post["coef"] = mean + self.spread * (w - mean) + self.shift * sd
        return post, st


@pytest.mark.slow
@pytest.mark.parametrize(
    "wrong", [_Wrong(spread=1.2), _Wrong(shift=0.25)], ids=["sd+20%", "mean+sd/4"]
)
def test_a_wrong_sampler_fails(wrong, monkeypatch):
    monkeypatch.setitem(REGISTRY, "exact_wrong", wrong)
    res = sbc(
        Gaussian(0.8),
        1.3,
        sampler="exact_wrong",
        n_sims=1000,
        progressbar=False,
        n_jobs=1,  # the wrong sampler is registered in this process only
    )
    assert not res.ok
    assert res.pvalues[["coef[0]", "coef[1]", "coef[2]"]].max() < 0.01 / 4
    assert res.pvalues["intercept"] > 0.01 / 4  # its draws were left alone


# the models of the README's SBC table (same seed, so the same numbers); the
# commands that reproduce each are in the README
GIBBS_CASES = {
    "gaussian-ig": (Gaussian(0.8, relative=True), InverseGamma(3.0, 2.0)),
    "laplace-fixed": (Laplace(0.7), 1.3),
    "lasso-lam2-ig": (
        Laplace(1.0, relative=True, hyperprior=LambdaSquaredGamma(2.0, 1.0)),
        InverseGamma(3.0, 2.0),
    ),
    "elasticnet-fixed": (ElasticNet(0.7, 1.0), 1.3),
    "horseshoe-ig": (Horseshoe(1.0, relative=True), InverseGamma(3.0, 2.0)),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", GIBBS_CASES)
def test_gibbs_sampler_passes_at_1000(case):
    prior, sigma = GIBBS_CASES[case]
    res = sbc(prior, sigma, sampler="gibbs", n_sims=1000, progressbar=False, n_jobs=2)
    _check_pass(res, 1000)


NUTPIE_CASES = {  # prior, sigma, thin
    "gaussian": (Gaussian(0.8), HalfNormal(1.0), "auto"),
    "laplace": (Laplace(0.7), HalfNormal(1.0), "auto"),
    # the automatic thinning hits its cap (20) on the horseshoe's global scale;
    # 10 halves the cost of the slowest test here and still passes (README)
    "horseshoe": (Horseshoe(1.0, relative=True), HalfNormal(1.0), 10),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", NUTPIE_CASES)
def test_nutpie_passes_at_200(case):
    pytest.importorskip("nutpie")
    prior, sigma, thin = NUTPIE_CASES[case]
    # one process: compiling the model once costs more than the 200 runs
    res = sbc(
        prior,
        sigma,
        sampler="nutpie",
        n_sims=200,
        p=2,
        thin=thin,
        progressbar=False,
        n_jobs=1,
    )
    _check_pass(res, 200)
