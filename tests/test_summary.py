"""bayesreg.summary: ArviZ diagnostics, sparsity measures, MAP side by side."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import Ridge

from bayesreg import Gaussian, Laplace, summary
from bayesreg import posterior as bp
from bayesreg.datasets import load_diabetes
from bayesreg.priors import LambdaSquaredGamma

SIGMA, TAU = 54.0, 500.0


@pytest.fixture(scope="module")
def data():
    return load_diabetes()


@pytest.fixture(scope="module")
def idata(data):
    X, y = data
    return bp.sample_posterior(
        X, y, Gaussian(TAU), SIGMA, sampler="exact", draws=1000, random_seed=0
    )


def test_columns_match_draws(idata, data):
    X, y = data
    df = summary(idata)
    coef = idata.posterior["coef"]
    assert list(df.index) == list(X.columns)
    np.testing.assert_allclose(df["mean"], coef.mean(("chain", "draw")), rtol=1e-3)
    np.testing.assert_allclose(df["median"], coef.median(("chain", "draw")))
    assert np.all(df["hdi_low"] < df["median"]) and np.all(
        df["median"] < df["hdi_high"]
    )
    assert np.all(df["ess_bulk"] > 1000)  # i.i.d. draws: ESS near 4000
    assert np.all(np.abs(df["r_hat"] - 1) < 0.01)
    # practical zero per feature: one sd of x_j moves y by 1% of sd(y)
    eps = 0.01 * np.std(y.to_numpy()) / X.to_numpy().std(axis=0)
    np.testing.assert_allclose(df["eps"], eps, rtol=1e-12)
    p = (np.abs(coef.values) > eps).mean(axis=(0, 1))
    np.testing.assert_allclose(df["p_abs_gt_eps"], p)
    # the sds recorded by the fit give the same thresholds as X, y
    np.testing.assert_allclose(summary(idata, X=X, y=y)["eps"], eps, rtol=1e-12)
    assert df.attrs["eps_std"] == 0.01
    assert list(df["excludes_zero"]) == list((df.hdi_low > 0) | (df.hdi_high < 0))
    assert df.loc["bmi", "excludes_zero"] and not df.loc["age", "excludes_zero"]
    assert "map" not in df  # no prior given


def test_hdi_level_and_eps(idata):
    wide = summary(idata, hdi_prob=0.99, eps=0.0)
    narrow = summary(idata, hdi_prob=0.5)
    assert np.all(wide.hdi_high - wide.hdi_low > narrow.hdi_high - narrow.hdi_low)
    assert np.all(wide["p_abs_gt_eps"] == 1.0)
    with pytest.raises(ValueError, match="'hdi_prob' parameter of summary"):
        summary(idata, hdi_prob=1.0)
    with pytest.raises(ValueError, match="'eps' parameter of summary"):
        summary(idata, eps=-1.0)
    with pytest.raises(ValueError, match="one per coefficient"):
        summary(idata, eps=[0.1, 0.2])
    per = np.linspace(0.0, 500.0, 10)
    df = summary(idata, eps=per)
    coef = idata.posterior["coef"].values
    np.testing.assert_allclose(df["p_abs_gt_eps"], (np.abs(coef) > per).mean((0, 1)))
    loose = summary(idata, eps_std=0.5)
    np.testing.assert_allclose(loose["eps"], 50 * summary(idata)["eps"], rtol=1e-12)


def test_eps_is_per_feature_in_its_units(data):
    """A feature in small units (large coefficient) and one in large units
    (tiny coefficient) with the same standardized effect get the same P."""
    X, y = data
    Xs = X.assign(bmi=X["bmi"] * 1000.0, bp=X["bp"] / 1000.0)
    fit = bp.sample_posterior(
        Xs, y, Gaussian(1e6), SIGMA, sampler="exact", draws=500, random_seed=0
    )
    ref = bp.sample_posterior(
        X, y, Gaussian(1e6), SIGMA, sampler="exact", draws=500, random_seed=0
    )
    a, b = summary(fit), summary(ref)
    assert a.loc["bp", "eps"] == pytest.approx(1e6 * a.loc["bmi", "eps"], rel=1e-9)
    np.testing.assert_allclose(a["p_abs_gt_eps"], b["p_abs_gt_eps"], atol=0.02)
    assert a.loc["bmi", "p_abs_gt_eps"] > 0.99 and a.loc["bp", "p_abs_gt_eps"] > 0.99
    with pytest.raises(TypeError, match="InferenceData"):
        summary([1, 2, 3])


def test_map_and_penalized_side_by_side(idata, data):
    X, y = data
    df = summary(idata, X=X, y=y, prior=Gaussian(TAU))
    ridge = Ridge(alpha=SIGMA**2 / TAU**2).fit(X, y).coef_
    np.testing.assert_allclose(df["penalized"], ridge, rtol=1e-10)
    np.testing.assert_allclose(df["map"], ridge, rtol=1e-6, atol=1e-6)
    # Gaussian posterior: mean = mode, up to Monte Carlo error
    assert np.all(np.abs(df["mean"] - df["map"]) <= 4 * df["mcse_mean"])


def test_hyperprior_has_no_map_column(idata, data):
    X, y = data
    prior = Laplace(relative=True, hyperprior=LambdaSquaredGamma(1.0, 1.0))
    df = summary(idata, X=X, y=y, prior=prior)
    assert "map" not in df and "penalized" not in df


def test_map_column_for_a_prior_without_penalty_form(data):
    """StudentT has a MAP (scipy) but no scikit-learn equivalent."""
    from bayesreg import StudentT, fit_map

    X, y = data
    prior = StudentT(3.0, 200.0)
    fit = bp.sample_posterior(
        X, y, Gaussian(TAU), SIGMA, sampler="exact", draws=200, random_seed=0
    )
    df = summary(fit, X=X, y=y, prior=prior, sigma=SIGMA)
    np.testing.assert_allclose(df["map"], fit_map(X, y, prior, SIGMA).coef)
    assert "penalized" not in df


def test_every_lazy_name_stays_what_it_names_after_its_module_loads():
    """A submodule named like a lazily exported function would replace it
    on ``bayesreg`` once imported (``bayesreg.summary`` was the module after
    the CLI or ``sparse_summary`` imported it): no exported name may be a
    module, in a fresh interpreter after every submodule has loaded."""
    import subprocess
    import sys

    code = (
        "import importlib, types, bayesreg\n"
        "mods = {m for m in bayesreg._LAZY.values()}\n"
        "for m in mods: importlib.import_module('bayesreg.' + m)\n"
        "import bayesreg.cli.fit, bayesreg.sparse\n"
        "bad = [n for n in bayesreg.__all__\n"
        "       if isinstance(getattr(bayesreg, n), types.ModuleType)]\n"
        "assert not bad, bad\n"
        "from bayesreg import summary\n"
        "assert callable(summary) and summary.__module__ == 'bayesreg.summaries'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
