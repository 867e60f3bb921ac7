"""The figures read the prior registry: any family, and the generalized Gaussian."""

import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy import special, stats

from bayesreg.plots import (
    constrained_optimum,
    default_lams,
    matched_prior,
    plot_constraint_regions,
    plot_prior_densities,
    prior_ball,
)
from bayesreg.plots._common import prior_family
from bayesreg.plots.didactic import _two_weight_data
from bayesreg.priors import (
    REGISTRY,
    ElasticNet,
    Gaussian,
    GeneralizedGaussian,
    Laplace,
    StudentT,
)

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def line(ax, prefix):
    found = [ln for ln in ax.get_lines() if ln.get_label().startswith(prefix)]
    assert len(found) == 1, [ln.get_label() for ln in ax.get_lines()]
    return found[0]


# --------------------------------------------------------------------------
# prior densities


def test_default_density_figure_has_the_bridge_prior_at_the_same_variance():
    sd, q = 1.5, 0.5
    fig = plot_prior_densities("variance", sd)
    for ax in fig.axes:
        gg = line(ax, "GeneralizedGaussian(power=0.5)")
        w, dens = gg.get_xdata(), gg.get_ydata()
        # var = s^2 G(3/q) / G(1/q): the scale that gives standard deviation sd
        s = sd * math.sqrt(special.gamma(1 / q) / special.gamma(3 / q))
        np.testing.assert_allclose(
            dens, np.exp(GeneralizedGaussian(q, s).logpdf(w)), rtol=1e-6
        )
        np.testing.assert_allclose(dens, stats.gennorm(q, scale=s).pdf(w), rtol=1e-6)
        # the sharpest peak of the three, and the heaviest tails
        zero = np.flatnonzero(w == 0.0)[0]
        others = [line(ax, n).get_ydata() for n in ("Gaussian", "Laplace")]
        assert all(dens[zero] > o[zero] and dens[-1] > o[-1] for o in others)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_registered_family_draws_its_own_density(name):
    cls = REGISTRY[name]
    if name == "flat":
        with pytest.raises(ValueError, match="cannot match the variance"):
            plot_prior_densities("variance", 1.0, families=[name])
        return
    if not cls.has_density:  # the horseshoe family: posterior sampling only
        with pytest.raises(ValueError, match="no closed-form density"):
            plot_prior_densities("variance", 1.0, families=[name])
        return
    # the default Student-t is a Cauchy (no variance): one with 5 degrees of freedom
    family = StudentT(df=5.0) if cls is StudentT else name
    fig = plot_prior_densities("variance", 0.8, families=[family], yscale="log")
    (ax,) = fig.axes
    (curve,) = [ln for ln in ax.get_lines() if ln.get_label().startswith(cls.__name__)]
    prior = matched_prior(family, "variance", 0.8)
    assert isinstance(prior, cls)
    assert prior.variance() == pytest.approx(0.64, rel=1e-6)
    w = curve.get_xdata()
    np.testing.assert_allclose(curve.get_ydata(), np.exp(prior.logpdf(w)))


def test_matched_penalty_for_any_family_with_a_penalty_form():
    fig = plot_prior_densities(
        "penalty", 3.0, sigma=2.0, families=("laplace", "elasticnet"), yscale="linear"
    )
    (ax,) = fig.axes
    en = line(ax, "ElasticNet (L1+L2)")
    want = ElasticNet.from_penalty(3.0, 2.0)
    np.testing.assert_allclose(en.get_ydata(), np.exp(want.logpdf(en.get_xdata(), 2.0)))
    with pytest.raises(ValueError, match="penalty form"):
        plot_prior_densities("penalty", 1.0, families=[GeneralizedGaussian(0.5)])


# --------------------------------------------------------------------------
# balls


@pytest.mark.parametrize("q", [0.3, 0.5, 1.0, 1.5, 2.0])
@pytest.mark.parametrize("scale", [0.2, 3.0])
def test_generalized_gaussian_ball_is_the_lq_ball(q, scale):
    t = 0.7
    ball = prior_ball(GeneralizedGaussian(q, scale), t)
    np.testing.assert_allclose((np.abs(ball) ** q).sum(axis=0), t**q, rtol=1e-12)
    pts = {tuple(p) for p in ball.T}
    for v in [(t, 0.0), (0.0, t), (-t, 0.0), (0.0, -t)]:  # exact crossings
        assert v in pts
    np.testing.assert_array_equal(ball[:, 0], ball[:, -1])  # closed


def test_laplace_and_gaussian_balls_are_the_diamond_and_the_disc():
    np.testing.assert_allclose(np.abs(prior_ball("laplace", 2.0)).sum(axis=0), 2.0)
    np.testing.assert_allclose(np.hypot(*prior_ball(Gaussian(0.1), 2.0)), 2.0)


@pytest.mark.parametrize("prior", [ElasticNet(1.0, 0.5), StudentT(1.0, 2.0)], ids=repr)
def test_any_prior_ball_is_a_level_set_of_its_density(prior):
    ball = prior_ball(prior, 1.5)
    level = prior.logpdf(np.array([1.5, 0.0])).sum()
    np.testing.assert_allclose(prior.logpdf(ball).sum(axis=0), level, atol=1e-12)


def test_flat_prior_has_no_ball():
    with pytest.raises(ValueError, match="no ball"):
        prior_ball("flat")


def test_constraint_plot_draws_the_bridge_ball_and_its_optimum():
    t, q = 1.0, 0.5
    prior = GeneralizedGaussian(power=q, scale=2.0)
    fig = plot_constraint_regions(t=t, ord=(1, 2, prior))
    ax = fig.axes[0]
    ball = line(ax, "GeneralizedGaussian(power=0.5, scale=2) ball")
    xy = np.vstack([ball.get_xdata(), ball.get_ydata()])
    np.testing.assert_allclose((np.abs(xy) ** q).sum(axis=0), 1.0, rtol=1e-12)
    opt = line(ax, "GeneralizedGaussian(power=0.5, scale=2) optimum")
    w = np.array([opt.get_xdata()[0], opt.get_ydata()[0]])
    X, y = _two_weight_data(0)
    np.testing.assert_array_equal(w, constrained_optimum(X, y, t, prior)[0])
    np.testing.assert_allclose(w, constrained_optimum(X, y, t, q)[0], atol=1e-5)
    # no point of the ball has a smaller loss
    losses = 0.5 * ((y[:, None] - X @ xy) ** 2).sum(axis=0)
    assert 0.5 * np.sum((y - X @ w) ** 2) <= losses.min() + 1e-12


@pytest.mark.parametrize("q", [0.7, 1.5])
def test_prior_optimum_equals_the_lp_optimum(q):
    X, y = _two_weight_data(1)
    w, lam = constrained_optimum(X, y, 0.8, GeneralizedGaussian(q))
    assert lam is None
    np.testing.assert_allclose(w, constrained_optimum(X, y, 0.8, q)[0], atol=1e-6)


# --------------------------------------------------------------------------
# paths: the family from the registry


def test_prior_family_reads_the_registry():
    assert prior_family("laplace", "f") is Laplace
    assert prior_family("ElasticNet".lower(), "f") is ElasticNet
    with pytest.raises(ValueError, match="'laplace'"):
        prior_family("lasso", "f")
    with pytest.raises(ValueError, match="no penalty|penalty form"):
        prior_family("generalized_gaussian", "f")


def test_default_lams_use_the_family_grid():
    X, y = _two_weight_data(0)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    top = np.max(np.abs(Xc.T @ yc))
    np.testing.assert_allclose(
        default_lams(X, y, "laplace", 4)[[0, -1]], [top, top / 1e3]
    )
    en = default_lams(X, y, "elasticnet", 4, l1_ratio=0.25)
    np.testing.assert_allclose(en[0], top / 0.25)
    mean_diag = np.mean(np.sum(Xc**2, axis=0))
    g = default_lams(X, y, "gaussian", 4)
    np.testing.assert_allclose(g[[0, -1]], [1e3 * mean_diag, mean_diag / 1e3])
