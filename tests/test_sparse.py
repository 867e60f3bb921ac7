"""Sparse summaries: SAVS, BayesReg's ranking, the coefficient plot at p = 1000."""

from __future__ import annotations

import warnings

import arviz as az
import matplotlib
import numpy as np
import pytest

from bayesreg import Laplace, sample_posterior, sparse_summary
from bayesreg.plots import coefficient_table, plot_coefficients
from bayesreg.posterior import SamplingWarning
from bayesreg.sparse import feature_ranks, savs

matplotlib.use("Agg")


def test_savs_by_hand():
    # w = 2, ||x||^2 = 4: (2 * 4 - 1/4) / 4 = 1.9375; w = -0.5, ||x||^2 = 10:
    # -(5 - 4) / 10 = -0.1; w = 0.3: 3 - 11.1 < 0 -> 0; w = 0 stays 0
    got = savs([2.0, -0.5, 0.3, 0.0], [4.0, 10.0, 10.0, 3.0])
    np.testing.assert_allclose(got, [1.9375, -0.1, 0.0, 0.0], rtol=1e-15)
    draws = np.array([[2.0, -0.5], [0.1, 1.0]])
    np.testing.assert_allclose(
        savs(draws, [4.0, 10.0]), [[1.9375, -0.1], [0.0, 0.9]], rtol=1e-15
    )


def test_savs_refuses_bad_norms():
    with pytest.raises(ValueError, match="'col_norm2' parameter of savs"):
        savs([1.0, 2.0], [1.0, 0.0])
    with pytest.raises(ValueError, match="one positive number per coefficient"):
        savs([1.0, 2.0], [1.0])


def _bayesreg_ranks(draws):
    """BayesReg's R code (bayesreg.bfr and the loop after it), transcribed."""
    n_draws, p = draws.shape
    ranks = np.zeros((p, n_draws))
    for i in range(n_draws):
        order = sorted(range(p), key=lambda j: -abs(draws[i, j]))
        for r, j in enumerate(order):
            ranks[j, i] = r + 1
    q = [np.percentile(ranks[j], 75) for j in range(p)]  # R's type 7
    order = sorted(range(p), key=lambda j: q[j])
    out, j, k = [0] * p, 1, 1
    for i in range(p):
        if i >= 1:
            if q[order[i]] != q[order[i - 1]]:
                j, k = j + k, 1
            else:
                k += 1
        out[order[i]] = j
    return np.array(out)


def test_feature_ranks_equal_bayesreg_with_ties():
    rng = np.random.default_rng(0)
    draws = rng.normal(size=(400, 6)) * [5.0, 0.1, 2.0, 0.1, 1.0, 3.0]
    got = feature_ranks(draws)
    np.testing.assert_array_equal(got, _bayesreg_ranks(draws))
    assert got[0] == 1 and got[5] == 2
    # two columns taking turns first tie (75th percentile rank 2 each) and
    # share the lower rank; the next skips one
    tied = np.array([[3.0, 2.0, 0.1], [2.0, -3.0, 0.1]] * 2)
    np.testing.assert_array_equal(feature_ranks(tied), [1, 1, 3])
    np.testing.assert_array_equal(feature_ranks(tied), _bayesreg_ranks(tied))


@pytest.fixture(scope="module")
def sparse_fit():
    """A Bayesian lasso (Gibbs) on 3 signals among 8 columns of unequal scale."""
    rng = np.random.default_rng(3)
    n, p = 120, 8
    scales = np.array([1.0, 10.0, 0.1, 1.0, 5.0, 1.0, 0.2, 1.0])
    X = rng.normal(size=(n, p)) * scales
    w = np.array([2.0, 0.0, 0.0, 0.0, -0.3, 0.0, 8.0, 0.0])
    y = X @ w + 1.0 + rng.normal(size=n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingWarning)
        idata = sample_posterior(
            X,
            y,
            Laplace(0.5, relative=True),
            1.0,
            sampler="gibbs",
            draws=500,
            tune=200,
            chains=2,
            random_seed=1,
            standardize=True,
        )
    return X, y, idata


def test_sparse_summary_is_savs_of_the_standardized_mean(sparse_fit):
    X, y, idata = sparse_fit
    table = sparse_summary(idata)
    draws = idata.posterior["coef"].values.reshape(-1, X.shape[1])
    sx, sy, n = X.std(axis=0), y.std(), len(y)
    v = draws * sx / sy  # coefficients of unit-variance columns, y in sd units
    vbar = v.mean(axis=0)
    want = np.sign(vbar) * np.maximum(np.abs(vbar) * n - vbar**-2, 0) / n * sy / sx
    np.testing.assert_allclose(table["savs"], want, rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(table["mean"], draws.mean(axis=0), rtol=1e-12)
    keep = np.abs(v) * n - v**-2.0 > 0
    np.testing.assert_allclose(table["inclusion"], keep.mean(axis=0), rtol=1e-12)
    np.testing.assert_array_equal(table["rank"], _bayesreg_ranks(draws * sx))
    # the signals: kept by SAVS, ranked first, included in nearly every draw
    signal = [0, 4, 6]
    assert (table["savs"].iloc[signal] != 0).all()
    assert set(table["rank"].iloc[signal]) == {1, 2, 3}
    assert (table["inclusion"].iloc[signal] > 0.95).all()
    assert (table["savs"].drop(table.index[signal]) == 0).all()


def test_sparse_summary_raw_units(sparse_fit):
    X, _y, idata = sparse_fit
    table = sparse_summary(idata, standardize=False)
    mean = idata.posterior["coef"].mean(("chain", "draw")).values
    norm2 = np.sum((X - X.mean(axis=0)) ** 2, axis=0)
    np.testing.assert_allclose(table["savs"], savs(mean, norm2), rtol=1e-10)


def _fake_posterior(p, seed=0):
    rng = np.random.default_rng(seed)
    loc = np.zeros(p)
    loc[:5] = [3.0, -2.0, 1.5, 1.0, -0.8]
    coef = loc + 0.1 * rng.normal(size=(2, 100, p))
    idata = az.from_dict(
        posterior={"coef": coef},
        dims={"coef": ["feature"]},
        coords={"feature": [f"x{j}" for j in range(p)]},
    )
    idata.posterior.attrs.update(x_sd=np.full(p, 2.0), y_sd=4.0, n_samples=50)
    return idata, coef


def test_coefficient_table_sorted_by_abs_median():
    idata, coef = _fake_posterior(30)
    t = coefficient_table(idata, prob=0.8)
    flat = coef.reshape(-1, 30) * 2.0 / 4.0
    med = np.median(flat, axis=0)
    np.testing.assert_array_equal(t.index[:5], ["x0", "x1", "x2", "x3", "x4"])
    np.testing.assert_allclose(t.loc["x1", "median"], med[1], rtol=1e-12)
    np.testing.assert_allclose(
        t.loc["x7", ["low", "high"]], np.quantile(flat[:, 7], [0.1, 0.9]), rtol=1e-12
    )
    raw = coefficient_table(idata, standardized=False)
    np.testing.assert_allclose(raw.loc["x0", "median"], 2 * t.loc["x0", "median"])


def test_coefficient_plot_is_readable_at_p_1000():
    idata, _coef = _fake_posterior(1000)
    fig = plot_coefficients(idata, top=20)
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 21 and labels[-1] == "other 980"
    assert labels[:5] == ["x0", "x1", "x2", "x3", "x4"]
    assert "the other 980: intervals within" in ax.get_title()
    assert fig.get_size_inches()[1] < 8  # 21 rows, not 1000
    small = plot_coefficients(_fake_posterior(12)[0], top=20)
    assert len(small.axes[0].get_yticklabels()) == 12
    with pytest.raises(ValueError, match="'prob' parameter of plot_coefficients"):
        plot_coefficients(idata, prob=1.0)
