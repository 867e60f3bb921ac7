import math

import numpy as np
import pytest
from scipy import integrate, optimize, stats

from bayesreg import ElasticNet, Flat, Gaussian, Laplace, Penalty

GRID = np.linspace(-7.0, 7.0, 141)
SCALES = [1e-3, 0.3, 1.0, 7.5, 1e3]


@pytest.mark.parametrize("scale", SCALES)
def test_gaussian_logpdf_matches_scipy(scale):
    got = Gaussian(scale).logpdf(GRID)
    np.testing.assert_allclose(got, stats.norm(0, scale).logpdf(GRID), rtol=1e-12)


@pytest.mark.parametrize("scale", SCALES)
def test_laplace_logpdf_matches_scipy(scale):
    got = Laplace(scale).logpdf(GRID)
    want = stats.laplace(0, scale).logpdf(GRID)
    finite = np.isfinite(want)  # scipy underflows to -inf far out in the tails
    np.testing.assert_allclose(got[finite], want[finite], rtol=1e-12)
    assert np.all(got[~finite] < -700)


@pytest.mark.parametrize("sigma", [0.1, 2.0])
def test_relative_scale_multiplies_by_sigma(sigma):
    np.testing.assert_allclose(
        Laplace(0.5, relative=True).logpdf(GRID, sigma),
        stats.laplace(0, 0.5 * sigma).logpdf(GRID),
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        Gaussian(0.5, relative=True).logpdf(GRID, sigma),
        stats.norm(0, 0.5 * sigma).logpdf(GRID),
        rtol=1e-12,
    )


@pytest.mark.parametrize(
    ("b", "tau"), [(1.0, 1.0), (0.1, 5.0), (10.0, 0.2), (1e-3, 1e3)]
)
def test_elastic_net_density_is_normalized(b, tau):
    prior = ElasticNet(l1_scale=b, l2_scale=tau)
    mass, _err = integrate.quad(lambda w: math.exp(prior.logpdf(w)), -np.inf, np.inf)
    assert mass == pytest.approx(1.0, abs=1e-8)
    # and it is the product of the two kernels, up to that constant
    diff = prior.logpdf(GRID) - (-np.abs(GRID) / b - GRID**2 / (2 * tau**2))
    np.testing.assert_allclose(diff, diff[0], rtol=1e-12)


def test_flat_is_zero_everywhere():
    assert np.all(Flat().logpdf(GRID) == 0)
    assert Flat().penalty(3.0) == Penalty(0.0, 0.0)


@pytest.mark.parametrize(
    "prior",
    [Gaussian(0.7), ElasticNet(0.5, 2.0), Laplace(1.3)],
    ids=repr,
)
def test_gradient_matches_finite_differences(prior):
    w0 = np.array([0.3, -1.2, 2.5, -0.01])  # away from the kink at 0
    err = optimize.check_grad(prior.neg_log_density, prior.gradient, w0)
    assert err < 1e-6


@pytest.mark.parametrize(
    "prior",
    [Gaussian(0.7), Laplace(1.3), ElasticNet(0.5, 2.0), Gaussian(2.0, relative=True)],
    ids=repr,
)
@pytest.mark.parametrize("sigma", [0.5, 3.0])
def test_penalty_is_sigma_squared_times_neg_log_density(prior, sigma):
    rng = np.random.default_rng(0)
    w1, w2 = rng.normal(size=(2, 5))
    pen = prior.penalty(sigma)
    lhs = pen.value(w1) - pen.value(w2)
    rhs = sigma**2 * (
        prior.neg_log_density(w1, sigma) - prior.neg_log_density(w2, sigma)
    )
    assert lhs == pytest.approx(rhs, rel=1e-12)


@pytest.mark.parametrize("sigma", [0.2, 1.0, 40.0])
def test_from_penalty_round_trips(sigma):
    assert Gaussian.from_penalty(2.5, sigma).penalty(sigma).l2 == pytest.approx(2.5)
    assert Laplace.from_penalty(2.5, sigma).penalty(sigma).l1 == pytest.approx(2.5)
    assert Laplace.from_penalty(2.5, sigma, relative=True).penalty(
        sigma
    ).l1 == pytest.approx(2.5)
    pen = ElasticNet.from_penalty(2.0, sigma, l1_ratio=0.25).penalty(sigma)
    assert (pen.l1, pen.l2) == pytest.approx((0.5, 1.5))


def test_design_table_factors():
    # DESIGN.md: Gaussian(tau) -> lam = sigma^2/tau^2; Laplace(b) -> sigma^2/b
    assert Gaussian(0.5).penalty(3.0) == Penalty(0.0, 36.0)
    assert Laplace(0.5).penalty(3.0) == Penalty(18.0, 0.0)
    assert ElasticNet(0.5, 0.5).penalty(3.0) == Penalty(18.0, 36.0)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
@pytest.mark.parametrize("cls", [Gaussian, Laplace])
def test_bad_scale_names_parameter_range_and_value(cls, bad):
    with pytest.raises(ValueError, match=r"'scale' parameter of .* \(0.0, inf\)") as e:
        cls(scale=bad)
    assert repr(bad) in str(e.value)


def test_bad_types_and_other_parameters():
    with pytest.raises(TypeError, match="'scale'"):
        Gaussian(scale="1")
    with pytest.raises(ValueError, match="'l2_scale'"):
        ElasticNet(1.0, -2.0)
    with pytest.raises(ValueError, match="'sigma'.*Got -1"):
        Laplace(1.0).penalty(-1)
    with pytest.raises(ValueError, match="'l1_ratio'.*Got 1.0"):
        ElasticNet.from_penalty(1.0, 1.0, l1_ratio=1.0)
    with pytest.raises(ValueError, match="'lam'"):
        Flat.from_penalty(0.5)


def test_repr_is_readable_and_priors_compare_by_value():
    assert repr(Laplace(0.25)) == "Laplace(scale=0.25, relative=False)"
    assert Gaussian(2) == Gaussian(2.0)
    assert Gaussian(2) != Laplace(2)
