"""Densities of the heavy-tailed and bridge priors against scipy.stats."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from bayesreg.priors import (
    REGISTRY,
    Gaussian,
    GeneralizedGaussian,
    Laplace,
    StudentT,
)

GRID = np.concatenate([-np.logspace(-6, 3, 40), [0.0], np.logspace(-6, 3, 40)])


@pytest.mark.parametrize(("df", "scale"), [(1.0, 1.0), (3.0, 0.2), (30.0, 5.0)])
@pytest.mark.parametrize("sigma", [1.0, 2.5])
@pytest.mark.parametrize("relative", [False, True])
def test_student_t_logpdf_and_gradient(df, scale, sigma, relative):
    prior = StudentT(df=df, scale=scale, relative=relative)
    s = scale * sigma if relative else scale
    ref = stats.t(df, scale=s).logpdf(GRID)
    np.testing.assert_allclose(prior.logpdf(GRID, sigma), ref, rtol=1e-12, atol=1e-12)
    for w in (-7.3, -0.01, 0.4, 12.0):
        err = optimize.check_grad(
            lambda v: prior.neg_log_density(v, sigma),
            lambda v: prior.gradient(v, sigma),
            np.array([w]),
        )
        assert err < 1e-6 * max(1.0, abs(prior.gradient(np.array([w]), sigma)[0]))


def test_student_t_is_registered_and_declares_what_it_can_do():
    assert REGISTRY["student_t"] is StudentT
    assert StudentT().capabilities() == {"gradient", "nonconvex"}
    with pytest.raises(ValueError, match="no penalty form"):
        StudentT().penalty(1.0)
    with pytest.raises(ValueError, match="'df' parameter of StudentT"):
        StudentT(df=0.0)


@pytest.mark.parametrize("power", [0.3, 0.5, 1.0, 1.5, 2.0])
@pytest.mark.parametrize("relative", [False, True])
def test_generalized_gaussian_logpdf(power, relative):
    prior = GeneralizedGaussian(power=power, scale=1.7, relative=relative)
    s = 1.7 * 2.0 if relative else 1.7
    ref = stats.gennorm(power, scale=s).logpdf(GRID)
    np.testing.assert_allclose(prior.logpdf(GRID, 2.0), ref, rtol=1e-12, atol=1e-12)


def test_generalized_gaussian_ends_are_laplace_and_gaussian():
    one = GeneralizedGaussian(power=1.0, scale=0.7)
    two = GeneralizedGaussian(power=2.0, scale=0.7)
    np.testing.assert_allclose(one.logpdf(GRID), Laplace(0.7).logpdf(GRID), rtol=1e-14)
    gauss = Gaussian(0.7 / np.sqrt(2.0))
    np.testing.assert_allclose(two.logpdf(GRID), gauss.logpdf(GRID), rtol=1e-12)
    assert one.penalty(3.0) == Laplace(0.7).penalty(3.0)
    assert two.penalty(3.0).l2 == pytest.approx(gauss.penalty(3.0).l2, rel=1e-14)
    assert two.conjugate_variance()[0] == pytest.approx(gauss.conjugate_variance()[0])
    assert GeneralizedGaussian(power=1.5).capabilities() == {"gradient"}
    assert GeneralizedGaussian(power=0.5).capabilities() == {"prox", "nonconvex"}
    with pytest.raises(ValueError, match=r"range \(0.0, 2.0\]"):
        GeneralizedGaussian(power=2.5)


@pytest.mark.parametrize("power", [0.2, 0.5, 0.8, 1.0])
@pytest.mark.parametrize("step", [0.05, 1.0, 7.0])
def test_generalized_gaussian_prox_is_the_exact_minimizer(power, step):
    """Against brute force on a fine grid around each candidate."""
    prior = GeneralizedGaussian(power=power, scale=1.3)
    z = np.array([-9.0, -3.1, -1.0, -0.3, 0.0, 0.2, 0.9, 2.5, 6.0, 40.0])
    x = prior.prox(z, step)

    def obj(v, zi):
        return 0.5 * (v - zi) ** 2 + step * (np.abs(v) / 1.3) ** power

    for xi, zi in zip(x, z, strict=True):
        grid = np.linspace(-abs(zi) - 1, abs(zi) + 1, 200001)
        best = obj(grid, zi).min()
        assert obj(xi, zi) <= best + 1e-9 * max(1.0, abs(best))
        if xi != 0:
            assert np.sign(xi) == np.sign(zi) and abs(xi) <= abs(zi)
    assert x[4] == 0.0  # prox(0) = 0
    assert prior.prox(np.array([1e-3]), step)[0] == 0.0  # small inputs: exact zero


@pytest.mark.parametrize("df", [1.0, 2.0, 2.5, 7.0])
def test_student_t_variance(df):
    prior = StudentT(df=df, scale=1.3)
    ref = stats.t(df, scale=1.3).var()  # nan for df <= 1, inf for 1 < df <= 2
    if df > 2:
        assert prior.variance(2.0) == pytest.approx(ref, rel=1e-14)
    else:
        assert prior.variance(2.0) == np.inf
