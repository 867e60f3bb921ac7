"""Sufficient statistics from chunks and files equal those of the full arrays."""

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from bayesreg import ElasticNet, Flat, Gaussian, Laplace, fit_map
from bayesreg.data import SufficientStats
from bayesreg.data.sufficient import _pairwise_sum

FIELDS = ("x_mean", "y_mean", "xx", "xy", "yy")


def make_data(n=1037, p=6, mean=0.0, seed=0):
    rng = np.random.default_rng(seed)
    X = mean + rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p)
    y = 3.0 + (X - mean) @ rng.normal(size=p) + rng.normal(size=n)
    return X, y


def chunks_of(X, y, size):
    for start in range(0, len(y), size):
        yield X[start : start + size], y[start : start + size]


def two_pass(X, y):
    """Reference: centre the full arrays on their means, then cross-products."""
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    return Xc.T @ Xc, Xc.T @ yc, float(yc @ yc)


def assert_stats_close(a, b, rtol):
    assert a.n == b.n
    assert a.feature_names == b.feature_names
    for field in FIELDS:
        got, want = np.asarray(getattr(a, field)), np.asarray(getattr(b, field))
        scale = max(np.abs(want).max(), 1.0)
        np.testing.assert_allclose(got, want, rtol=0, atol=rtol * scale, err_msg=field)


# --------------------------------------------------------------------------
# chunks


@pytest.mark.parametrize("size", [1, 7, 100, 1036, 1037, 5000])
def test_chunks_equal_arrays(size):
    X, y = make_data()
    whole = SufficientStats.from_arrays(X, y)
    chunked = SufficientStats.from_chunks(chunks_of(X, y, size))
    assert_stats_close(chunked, whole, rtol=1e-12)


def test_chunks_keep_dataframe_names_and_skip_empty_chunks():
    X, y = make_data(n=50, p=3)
    df = pd.DataFrame(X, columns=["a", "b", "c"])
    parts = [(df.iloc[:20], y[:20]), (df.iloc[20:20], y[20:20]), (df.iloc[20:], y[20:])]
    stats = SufficientStats.from_chunks(iter(parts))
    assert stats.feature_names == ("a", "b", "c")
    assert_stats_close(stats, SufficientStats.from_arrays(df, y), rtol=1e-12)


def test_chunks_reject_reordered_columns():
    X, y = make_data(n=40, p=3)
    df = pd.DataFrame(X, columns=["a", "b", "c"])
    parts = [(df.iloc[:20], y[:20]), (df.iloc[20:, ::-1], y[20:])]
    with pytest.raises(ValueError, match=r"Chunk 1 has columns \['c', 'b', 'a'\]"):
        SufficientStats.from_chunks(parts)


def test_chunks_errors():
    X, y = make_data(n=40, p=3)
    with pytest.raises(ValueError, match="No rows"):
        SufficientStats.from_chunks([])
    with pytest.raises(ValueError, match=r"Chunk 1 has columns \[.x0., .x1.\]"):
        SufficientStats.from_chunks([(X[:20], y[:20]), (X[20:, :2], y[20:])])
    with pytest.raises(ValueError, match="feature_names has 2 names but chunk 0"):
        SufficientStats.from_chunks([(X, y)], feature_names=["u", "v"])
    with pytest.raises(TypeError, match="chunk 0 is a ndarray"):
        SufficientStats.from_chunks([X])
    with pytest.raises(ValueError, match="same number of rows"):
        SufficientStats.from_chunks([(X[:20], y[:19])])


def test_pairwise_sum_is_a_balanced_tree_in_order():
    depth = []

    def add(a, b):
        depth.append(max(a[1], b[1]) + 1)
        return (a[0] + b[0], max(a[1], b[1]) + 1)

    total = _pairwise_sum(((str(i), 0) for i in range(1000)), add)
    assert total[0] == "".join(str(i) for i in range(1000))  # order kept
    assert max(depth) <= math.ceil(math.log2(1000))  # tree depth, not 999


# --------------------------------------------------------------------------
# numerical stability


def test_large_mean_centring_is_stable():
    """Columns of mean 1e6 and sd 1: chunked statistics match two-pass centring.

    The naive ``X'X - n x̄ x̄'`` loses every significant digit here (checked
    below, so the tolerance is one that can fail), the pairwise update does not.
    """
    X, y = make_data(n=20_000, p=4, mean=1e6, seed=3)
    y = y + 1e6
    xx, xy, yy = two_pass(X, y)
    stats = SufficientStats.from_chunks(chunks_of(X, y, 333))
    rtol = 1e-9
    np.testing.assert_allclose(stats.xx, xx, rtol=0, atol=rtol * np.abs(xx).max())
    np.testing.assert_allclose(stats.xy, xy, rtol=0, atol=rtol * np.abs(xy).max())
    assert abs(stats.yy - yy) <= rtol * yy
    np.testing.assert_allclose(stats.x_mean, X.mean(axis=0), rtol=1e-14)
    # the naive formula on the raw data is wrong by far more than that tolerance
    n, m = len(y), X.mean(axis=0)
    naive = X.T @ X - n * np.outer(m, m)
    assert np.abs(naive - xx).max() > 1e3 * rtol * np.abs(xx).max()


# --------------------------------------------------------------------------
# the engines on statistics


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize(
    "prior",
    [Flat(), Gaussian(0.3), Laplace(0.002), ElasticNet(0.001, 0.5)],
    ids=repr,
)
def test_fit_map_on_chunked_stats_equals_in_memory(prior, fit_intercept):
    X, y = make_data(n=2000, p=8, mean=5.0, seed=1)
    stats = SufficientStats.from_chunks(chunks_of(X, y, 300))
    on_stats = fit_map(stats, None, prior, 1.3, fit_intercept)
    in_memory = fit_map(X, y, prior, 1.3, fit_intercept)
    assert on_stats.converged and in_memory.converged
    np.testing.assert_allclose(on_stats.coef, in_memory.coef, rtol=0, atol=1e-8)
    assert on_stats.intercept == pytest.approx(in_memory.intercept, abs=1e-8)
    if prior.penalty(1.3).l1 > 0:  # the same exact zeros
        assert np.array_equal(on_stats.coef == 0, in_memory.coef == 0)
        assert (in_memory.coef == 0).any()


@pytest.fixture(scope="module")
def logp_model():
    """One compiled PyMC log density, data swapped in through ``pm.Data``."""
    posterior = pytest.importorskip("bayesreg.posterior")
    from bayesreg.sigma import FixedSigma

    X, y = make_data(n=500, p=4, mean=50.0, seed=2)
    prior, sigma = Laplace(0.7), 1.7
    data = posterior._prepare(X, y, True)
    model = posterior.build_model(prior, FixedSigma(sigma), data)
    return posterior, model, model.compile_logp(), X, y, prior, sigma


def test_posterior_log_density_on_stats_equals_in_memory(logp_model):
    import pymc as pm

    posterior, model, logp, X, y, prior, sigma = logp_model
    stats = SufficientStats.from_chunks(chunks_of(X, y, 64))
    rng = np.random.default_rng(5)
    points = [
        {"coef": rng.normal(size=X.shape[1]), "intercept_offset": rng.normal()}
        for _ in range(5)
    ]

    def log_densities(source, target):
        data = posterior._prepare(source, target, True)
        pm.set_data(data.pymc_data(), model=model)
        return np.array([logp(pt) for pt in points])

    in_memory = log_densities(X, y)
    on_stats = log_densities(stats, None)
    np.testing.assert_allclose(on_stats, in_memory, rtol=1e-12)
    # and both are the log density of the rows themselves
    for point, value in zip(points, on_stats, strict=True):
        w, a = point["coef"], point["intercept_offset"] + y.mean()
        b0 = a - X.mean(axis=0) @ w
        direct = st.norm.logpdf(y, b0 + X @ w, sigma).sum()
        direct += st.laplace.logpdf(w, scale=prior.scale).sum()
        assert value == pytest.approx(direct, rel=1e-10)


def test_exact_posterior_on_stats_equals_in_memory():
    sample_posterior = pytest.importorskip("bayesreg.posterior").sample_posterior
    X, y = make_data(n=300, p=3, mean=20.0, seed=4)
    stats = SufficientStats.from_chunks(chunks_of(X, y, 50))
    kw = dict(sampler="exact", draws=200, chains=2, random_seed=7)
    a = sample_posterior(stats, None, Gaussian(0.5), 1.2, **kw).posterior
    b = sample_posterior(X, y, Gaussian(0.5), 1.2, **kw).posterior
    for var in ("coef", "intercept"):
        np.testing.assert_allclose(a[var].values, b[var].values, rtol=0, atol=1e-8)


# --------------------------------------------------------------------------
# files


@pytest.fixture
def files(tmp_path):
    X, y = make_data(n=900, p=4, mean=10.0, seed=6)
    df = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(target=y)
    paths = []
    for i, part in enumerate((df.iloc[:250], df.iloc[250:600], df.iloc[600:])):
        if i == 1:
            path = tmp_path / f"part-{i}.parquet"
            part.to_parquet(path)
        else:
            path = tmp_path / f"part-{i}.csv"
            part.to_csv(path, index=False)
        paths.append(path)
    return df, paths, tmp_path


def test_files_equal_arrays(files):
    df, paths, _ = files
    whole = SufficientStats.from_arrays(df.drop(columns="target"), df["target"])
    stats = SufficientStats.from_files(paths, target="target", chunksize=128)
    assert_stats_close(stats, whole, rtol=1e-12)


def test_files_glob_and_features(files):
    df, _, tmp_path = files
    whole = SufficientStats.from_arrays(df[["c", "a"]], df["target"])
    pattern = str(tmp_path / "part-*")
    stats = SufficientStats.from_files(pattern, "target", 100, features=["c", "a"])
    assert_stats_close(stats, whole, rtol=1e-12)


def test_files_missing_values(tmp_path):
    X, y = make_data(n=30, p=2)
    df = pd.DataFrame(X, columns=["a", "b"]).assign(t=y)
    df.loc[17, "b"] = np.nan
    path = tmp_path / "d.csv"
    df.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"d.csv' rows 10-19: missing values in .*'b'"):
        SufficientStats.from_files(path, "t", chunksize=10)
    stats = SufficientStats.from_files(path, "t", chunksize=10, dropna=True)
    kept = df.dropna()
    assert_stats_close(
        stats, SufficientStats.from_arrays(kept[["a", "b"]], kept["t"]), rtol=1e-12
    )


def test_files_errors(tmp_path):
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "s": ["x", "y", "z"], "t": [1, 2, 4]})
    path = tmp_path / "d.csv"
    df.to_csv(path, index=False)
    with pytest.raises(FileNotFoundError, match="nope.csv' does not exist"):
        SufficientStats.from_files(tmp_path / "nope.csv", "t")
    with pytest.raises(FileNotFoundError, match="matches no file"):
        SufficientStats.from_files(str(tmp_path / "*.parquet"), "t")
    with pytest.raises(ValueError, match=r"target column 'zz' not found in '.*d.csv'"):
        SufficientStats.from_files(path, "zz")
    with pytest.raises(ValueError, match=r"d.csv' rows 0-2: X has non-numeric.*'s'"):
        SufficientStats.from_files(path, "t")
    with pytest.raises(ValueError, match=r"'chunksize' parameter .* Got 0"):
        SufficientStats.from_files(path, "t", chunksize=0)
    with pytest.raises(ValueError, match="must end in one of"):
        (tmp_path / "d.txt").write_text("a,t\n1,2\n")
        SufficientStats.from_files(tmp_path / "d.txt", "t")
    stats = SufficientStats.from_files(path, "t", features=["a"])
    assert stats.n == 3 and stats.feature_names == ("a",)


def test_importing_does_not_import_dask():
    code = (
        "import sys, bayesreg, bayesreg.data, bayesreg.stats, bayesreg.map;"
        "bayesreg.SufficientStats;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('dask', 'distributed')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_missing_dask_names_the_extra():
    from bayesreg.data.dask import import_dask

    with pytest.raises(ImportError, match=r"pip install 'bayesreg\[dask\]'"):
        import_dask("dask_is_not_this_module")
