"""The horseshoe family: Horseshoe, HorseshoePlus, RegularizedHorseshoe.

Oracles are independent of the code under test: the PyMC joint log density
is compared with scipy.stats term by term, and the Gibbs conditionals
(``sample_posterior(..., sampler="gibbs")``) with an exact posterior by
quadrature on a one-weight problem. With sigma fixed and ``w | s ~ N(0, c
s^2)`` (``s`` the product of the scales, ``c = sigma^2`` when relative, else
1), the weight integrates out in closed form: the data give ``N(w; m, v)``,
``m = x'y / x'x``, ``v = sigma^2 / x'x``, so ``p(s | y) prop. p(s) N(m; 0,
v + c s^2)`` and ``E[w | s, y] = m c s^2 / (v + c s^2)``. The prior of ``log
s`` is a convolution of ``log HalfCauchy`` densities ``1 / (pi cosh(x))``,
evaluated on a grid.
"""

from __future__ import annotations

import math
import warnings

import arviz as az
import numpy as np
import pytest
from scipy import stats

from bayesreg import (
    Horseshoe,
    HorseshoePlus,
    Jeffreys,
    RegularizedHorseshoe,
    fit_map,
    sample_posterior,
)
from bayesreg.cli import main
from bayesreg.datasets import load_diabetes
from bayesreg.posterior import SamplingWarning
from bayesreg.priors import REGISTRY
from bayesreg.priors.horseshoe import inverse_gamma

SIGMA = 1.3

# --------------------------------------------------------------------------
# the PyMC form: joint density of the non-centred variables


def _model(prior, p=3):
    import pymc as pm

    with pm.Model(coords={"feature": [f"x{j}" for j in range(p)]}) as model:
        prior.to_pymc("coef", "feature", SIGMA)
    return model


def _point(rng, names, p=3):
    point = {}
    for name in names:
        if name == "coef_z":
            point[name] = rng.normal(size=p)
        elif name in ("coef_lambda", "coef_eta"):
            point[name] = np.exp(rng.normal(0.0, 1.5, size=p))
        else:
            point[name] = float(np.exp(rng.normal(-1.0, 1.0)))
    return point


def _scipy_logp(prior, v):
    """log p of the free variables at ``v`` and ``coef``, from scipy."""
    lp = stats.halfcauchy(scale=prior.scale).logpdf(v["coef_tau"])
    lp += stats.norm.logpdf(v["coef_z"]).sum()
    tau = v["coef_tau"] * (SIGMA if prior.relative else 1.0)
    lam = v["coef_lambda"]
    if isinstance(prior, HorseshoePlus):
        lp += stats.halfcauchy.logpdf(v["coef_eta"]).sum()
        lp += stats.halfcauchy(scale=v["coef_eta"]).logpdf(lam).sum()
    else:
        lp += stats.halfcauchy.logpdf(lam).sum()
    sd = tau * lam
    if isinstance(prior, RegularizedHorseshoe):
        a, s = prior.slab_df / 2, prior.slab_scale
        c2 = v["coef_c2"]
        lp += stats.invgamma(a, scale=a * s * s).logpdf(c2)
        sd = 1.0 / np.sqrt(1.0 / (tau * lam) ** 2 + 1.0 / c2)
    return lp, v["coef_z"] * sd


PRIORS = [
    Horseshoe(0.7),
    Horseshoe(2.0, relative=False),
    HorseshoePlus(0.4),
    HorseshoePlus(1.5, relative=False),
    RegularizedHorseshoe(0.3, slab_scale=1.5, slab_df=3.0),
    RegularizedHorseshoe(0.8, relative=False),
]


@pytest.mark.parametrize("prior", PRIORS, ids=repr)
def test_pymc_joint_log_density_equals_scipy(prior):
    import pytensor

    model = _model(prior)
    names = [v.name for v in model.free_RVs]
    assert "coef" not in names and "coef_tau" in names and "coef_z" in names
    fast = "FAST_COMPILE"  # no C compilation: seconds, not tens of seconds
    logp = model.compile_logp(jacobian=True, mode=fast)
    out = model.replace_rvs_by_values([model["coef"]])[0]
    coef = pytensor.function(model.value_vars, out, on_unused_input="ignore", mode=fast)
    rng = np.random.default_rng(3)
    for _ in range(4):
        v = _point(rng, names)
        values = {}
        log_jac = 0.0
        for rv in model.free_RVs:
            value = model.rvs_to_values[rv]
            if value.name.endswith("_log__"):  # positive: PyMC samples log x
                values[value.name] = np.log(v[rv.name])
                log_jac += np.sum(np.log(v[rv.name]))
            else:
                values[value.name] = v[rv.name]
        ref, w = _scipy_logp(prior, v)
        # PyMC's HalfCauchy normalizing constant is off by 1.9e-9 (per variable)
        assert float(logp(values)) == pytest.approx(ref + log_jac, rel=0, abs=1e-7)
        np.testing.assert_allclose(coef(**values), w, rtol=1e-12)


# --------------------------------------------------------------------------
# Gibbs against the exact posterior of one weight

_H = 0.04
_X = np.arange(-32.0, 32.0 + _H / 2, _H)  # grid of log scales (odd length)


def _log_half_cauchy_density(k):
    """Density of the log of a product of ``k`` independent HalfCauchy(1)."""
    f = 1.0 / (math.pi * np.cosh(_X))
    g = f
    for _ in range(k - 1):
        g = np.convolve(g, f, mode="same") * _H
    return g


def exact_posterior(prior, x, y, sigma):
    """Posterior mean and sd of ``w`` and of ``log tau`` (p = 1, sigma fixed,
    no intercept), on a grid of ``(log tau, log of the local scale)``."""
    local = 2 if isinstance(prior, HorseshoePlus) else 1
    a = _X[:, None]  # log tau
    b = _X[None, :]  # log lambda
    # log tau: log HalfCauchy(1) shifted by log(scale); log lambda: k factors
    prior_a = 1.0 / (math.pi * np.cosh(a - math.log(prior.scale)))
    prior_ab = prior_a * _log_half_cauchy_density(local)[None, :]
    xx = float(x @ x)
    m, v = float(x @ y) / xx, sigma * sigma / xx
    c = sigma * sigma if prior.relative else 1.0
    s2c = c * np.exp(2.0 * (a + b))
    weight = prior_ab * stats.norm.pdf(m, 0.0, np.sqrt(v + s2c))
    weight /= weight.sum()
    q = s2c / (v + s2c)
    mean = float(np.sum(weight * m * q))
    second = float(np.sum(weight * (v * q + (m * q) ** 2)))
    la = float(np.sum(weight * a))
    la2 = float(np.sum(weight * a * a))
    return {
        "coef": (mean, math.sqrt(second - mean * mean)),
        "log_tau": (la, math.sqrt(la2 - la * la)),
    }


@pytest.fixture(scope="module")
def one_weight():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(25, 1))
    y = 0.35 * x[:, 0] + SIGMA * rng.normal(size=25)
    return x, y


def _gibbs(prior, data, seed=5, sigma=SIGMA):
    x, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingWarning)
        idata = sample_posterior(
            x, y, prior, sigma, fit_intercept=False, sampler="gibbs",
            draws=4000, tune=500, chains=4, random_seed=seed,
        )  # fmt: skip
    post = idata.posterior
    out = {"coef": post["coef"].isel(feature=0), "log_tau": np.log(post["coef_tau"])}
    if "sigma" in post:
        out["sigma"] = post["sigma"]
    return out


def _disagreements(draws, exact):
    """Means off by more than 4 MCSE, sds by more than 10 %."""
    bad = []
    for key, (mean, sd) in exact.items():
        d = draws[key]
        mcse = float(az.mcse(d.to_dataset(name="v"))["v"])
        got_mean, got_sd = float(d.mean()), float(d.std())
        if abs(got_mean - mean) > 4.0 * mcse:
            bad.append(f"{key} mean {got_mean:.4f} vs {mean:.4f} (mcse {mcse:.4f})")
        if abs(got_sd / sd - 1.0) > 0.10:
            bad.append(f"{key} sd {got_sd:.4f} vs {sd:.4f}")
    return bad


GIBBS = [
    Horseshoe(0.5),
    Horseshoe(1.0, relative=False),
    HorseshoePlus(0.5),
    HorseshoePlus(1.0, relative=False),
]


@pytest.mark.parametrize("prior", GIBBS, ids=repr)
def test_gibbs_matches_exact_posterior_of_one_weight(prior, one_weight):
    x, y = one_weight
    exact = exact_posterior(prior, x[:, 0], y, SIGMA)
    assert _disagreements(_gibbs(prior, one_weight), exact) == []


def exact_posterior_jeffreys(prior, x, y):
    """The same with ``p(sigma^2) prop. 1/sigma^2`` and a relative prior.

    ``y | s, sigma ~ N(0, sigma^2 (I + s^2 x x'))``, so with ``k = 1 + s^2
    x'x`` and ``Q = y'y - s^2 (x'y)^2 / k``: ``p(s | y) prop. p(s) k^-1/2
    Q^-n/2``, ``sigma^2 | s, y ~ IG(n/2, Q/2)``, ``E[w | s, sigma, y] = s^2
    x'y / k`` and ``var(w | s, sigma, y) = sigma^2 s^2 / k``.
    """
    local = 2 if isinstance(prior, HorseshoePlus) else 1
    a = _X[:, None]
    b = _X[None, :]
    prior_ab = 1.0 / (math.pi * np.cosh(a - math.log(prior.scale)))
    prior_ab = prior_ab * _log_half_cauchy_density(local)[None, :]
    n, xx, xy, yy = len(y), float(x @ x), float(x @ y), float(y @ y)
    s2 = np.exp(2.0 * (a + b))
    k = 1.0 + s2 * xx
    q = yy - s2 * xy * xy / k
    log_w = np.log(prior_ab) - 0.5 * np.log(k) - 0.5 * n * np.log(q)
    weight = np.exp(log_w - log_w.max())
    weight /= weight.sum()
    shape, rate = 0.5 * n, 0.5 * q
    mean_w = s2 * xy / k
    mean = float(np.sum(weight * mean_w))
    second = float(np.sum(weight * (rate / (shape - 1.0) * s2 / k + mean_w**2)))
    e_sigma = np.sqrt(rate) * math.exp(math.lgamma(shape - 0.5) - math.lgamma(shape))
    sig = float(np.sum(weight * e_sigma))
    sig2 = float(np.sum(weight * rate / (shape - 1.0)))
    la = float(np.sum(weight * a))
    la2 = float(np.sum(weight * a * a))
    return {
        "coef": (mean, math.sqrt(second - mean * mean)),
        "sigma": (sig, math.sqrt(sig2 - sig * sig)),
        "log_tau": (la, math.sqrt(la2 - la * la)),
    }


@pytest.mark.parametrize("prior", [Horseshoe(0.5), HorseshoePlus(0.5)], ids=repr)
def test_gibbs_matches_exact_posterior_with_jeffreys_sigma(prior, one_weight):
    x, y = one_weight
    exact = exact_posterior_jeffreys(prior, x[:, 0], y)
    assert _disagreements(_gibbs(prior, one_weight, sigma=Jeffreys()), exact) == []


class _WrongHorseshoe(Horseshoe):
    """The local scales drawn with ``t^2 / tau^2`` for ``t^2 / (2 tau^2)``."""

    def gibbs_update(self, w, sigma, state, rng):
        new = super().gibbs_update(w, sigma, state, rng)
        t2 = self.t_squared(w, sigma)
        lam2 = inverse_gamma(1.0, 1.0 / state["nu"] + t2 / state["tau2"][:, None], rng)
        new["lam2"] = lam2
        new["var"] = new["tau2"][:, None] * lam2
        return new


def test_a_wrong_gibbs_kernel_fails_the_same_check(one_weight):
    x, y = one_weight
    exact = exact_posterior(Horseshoe(0.5), x[:, 0], y, SIGMA)
    assert _disagreements(_gibbs(_WrongHorseshoe(0.5), one_weight), exact) != []


def test_quadrature_oracle_is_the_prior_without_data():
    """The grid density of ``log(lambda)`` (one and two factors) integrates to
    1 and has the right spread (``var log|Cauchy| = pi^2 / 4`` per factor)."""
    for k in (1, 2, 3):
        g = _log_half_cauchy_density(k)
        assert g.sum() * _H == pytest.approx(1.0, abs=1e-9)
        assert (g * _X * _X).sum() * _H == pytest.approx(k * math.pi**2 / 4, rel=1e-6)


def test_gibbs_draws_repeat_with_the_seed(one_weight):
    a = _gibbs(HorseshoePlus(0.5), one_weight, seed=2)["coef"].values
    b = _gibbs(HorseshoePlus(0.5), one_weight, seed=2)["coef"].values
    np.testing.assert_array_equal(a, b)


def test_summary_and_posterior_plot_leave_out_map_and_prior_curve(one_weight):
    import matplotlib.pyplot as plt

    from bayesreg import summary
    from bayesreg.plots import plot_posterior

    x, y = one_weight
    prior = Horseshoe(0.5)
    idata = sample_posterior(
        x, y, prior, SIGMA, fit_intercept=False, sampler="gibbs", draws=200,
        tune=50, chains=2, random_seed=0,
    )  # fmt: skip
    table = summary(idata, X=x, y=y, prior=prior, sigma=SIGMA)
    assert "map" not in table and np.isfinite(table["mean"]).all()
    fig = plot_posterior(
        idata, x, y, prior, SIGMA, show_prior=True, fit_intercept=False
    )
    labels = [ln.get_label() for ax in fig.axes for ln in ax.get_lines()]
    assert "posterior" in labels and not any("prior" in lb for lb in labels)
    plt.close(fig)


# --------------------------------------------------------------------------
# no finite MAP, validation, construction


@pytest.mark.parametrize("prior", PRIORS, ids=repr)
def test_no_finite_map_errors_name_the_prior_and_sample_posterior(prior):
    X, y = load_diabetes()
    assert REGISTRY[prior.name] is type(prior) and not prior.has_density
    for call in (
        lambda: fit_map(X, y, prior, 50.0),
        lambda: prior.penalty(1.0),
        lambda: prior.logpdf(np.zeros(2)),
    ):
        with pytest.raises(ValueError, match="no finite MAP") as err:
            call()
        assert repr(prior) in str(err.value) and "sample_posterior" in str(err.value)


def test_variance_is_infinite_for_the_horseshoe_and_refused_for_the_regularized():
    assert Horseshoe().variance() == math.inf
    assert HorseshoePlus(0.1).variance(2.0) == math.inf
    with pytest.raises(ValueError, match="no closed-form density"):
        RegularizedHorseshoe(0.1).variance()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--prior", "horseshoe", "--lam", "1"), ["no penalty form", "--scale"]),
        (("--prior", "regularized_horseshoe"), ["needs --scale", "tau0"]),
        (("--prior", "horseshoe_plus", "--scale", "1"), ["no finite MAP", "--method"]),
        (("--prior", "horseshoe", "--slab-df", "3"), ["horseshoe", "--slab-df"]),
    ],
)
def test_cli_refuses_a_penalty_or_a_map(args, words, capsys):
    code = main(["fit", "--dataset", "diabetes", *args, "--sigma", "50", "-q"])
    err = capsys.readouterr().err
    assert code == 2, err
    for word in words:
        assert word in err


def test_cli_builds_the_family_from_its_options():
    prior = RegularizedHorseshoe.from_options(
        scale=0.1, relative=True, slab_scale=3.0, slab_df=None, power=None
    )
    assert prior == RegularizedHorseshoe(0.1, slab_scale=3.0)
    assert Horseshoe.from_options(relative=False) == Horseshoe(relative=False)


@pytest.mark.parametrize(("given", "relative"), [(None, True), (False, False)])
def test_cli_keeps_the_family_default_relative_unless_told(given, relative):
    """Without --relative/--no-relative (None) the CLI builds the family's
    default, relative to sigma for the horseshoe; --no-relative (False) the
    absolute prior."""
    from argparse import Namespace

    from bayesreg.cli.model import make_prior

    args = Namespace(
        prior="horseshoe", scale=None, lam=None, sigma_prior=None, relative=given
    )
    assert make_prior(args, 50.0) == Horseshoe(relative=relative)


def test_repr_and_defaults():
    assert repr(Horseshoe()) == "Horseshoe(scale=1.0, relative=True)"
    assert repr(HorseshoePlus(0.5, relative=False)) == (
        "HorseshoePlus(scale=0.5, relative=False)"
    )
    assert repr(RegularizedHorseshoe(0.2)) == (
        "RegularizedHorseshoe(scale=0.2, slab_scale=2.0, slab_df=4.0, relative=True)"
    )
    assert Horseshoe().capabilities() == {"gibbs"}
    assert RegularizedHorseshoe(0.2).capabilities() == frozenset()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: Horseshoe(-1.0), ["'scale' parameter of Horseshoe", "(0.0, inf)"]),
        (lambda: HorseshoePlus(0.0), ["'scale' parameter of HorseshoePlus", "Got 0"]),
        (lambda: Horseshoe(relative="yes"), ["'relative' parameter of Horseshoe"]),
        (
            lambda: RegularizedHorseshoe(0.1, slab_df=-2),
            ["'slab_df' parameter of RegularizedHorseshoe", "Got -2"],
        ),
        (
            lambda: RegularizedHorseshoe(0.1, slab_scale=math.inf),
            ["'slab_scale' parameter of RegularizedHorseshoe"],
        ),
    ],
)
def test_validation_errors_name_the_parameter(make, words):
    with pytest.raises((TypeError, ValueError)) as err:
        make()
    for word in words:
        assert word in str(err.value)


def test_from_expected_nonzero_is_piironen_vehtari_tau0():
    prior = RegularizedHorseshoe.from_expected_nonzero(
        3, n_samples=400, n_features=23, slab_scale=1.0
    )
    assert prior.scale == pytest.approx(3 / 20 / 20)
    assert prior.slab_scale == 1.0 and prior.relative
    with pytest.raises(ValueError, match=r"'p0' parameter .* \(0.0, n_features=23\)"):
        RegularizedHorseshoe.from_expected_nonzero(23, 400, 23)
    with pytest.raises(ValueError, match="relative"):
        RegularizedHorseshoe.from_expected_nonzero(3, 400, 23, relative=False)
    with pytest.raises(TypeError, match="'n_samples' parameter"):
        RegularizedHorseshoe.from_expected_nonzero(3, 400.5, 23)


def test_prior_draws_have_the_half_cauchy_scale():
    """``rvs``: ``|w| / (tau lambda)`` is ``|N(0, 1)|``; tau is HalfCauchy."""
    rng = np.random.default_rng(0)
    taus = [Horseshoe(0.3).rvs(2, rng=rng)["coef_tau"] for _ in range(2000)]
    assert stats.kstest(taus, stats.halfcauchy(scale=0.3).cdf).pvalue > 1e-3
