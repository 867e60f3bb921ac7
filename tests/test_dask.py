"""Statistics computed by Dask (threads, a LocalCluster) equal the in-memory ones."""

import numpy as np
import pandas as pd
import pytest

from bayesreg import Laplace, fit_map
from bayesreg.data import SufficientStats

da = pytest.importorskip("dask.array")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

FIELDS = ("x_mean", "y_mean", "xx", "xy", "yy")


def make_data(n=3001, p=5, mean=1e6, seed=0):
    rng = np.random.default_rng(seed)
    X = mean + rng.normal(size=(n, p))
    y = mean + X @ rng.normal(size=p) - mean * 0.5 + rng.normal(size=n)
    return X, y


def assert_same_stats(a, b, rtol=1e-10):
    assert a.n == b.n
    assert a.feature_names == b.feature_names
    for field in FIELDS:
        got, want = np.asarray(getattr(a, field)), np.asarray(getattr(b, field))
        np.testing.assert_allclose(
            got, want, rtol=0, atol=rtol * max(np.abs(want).max(), 1.0), err_msg=field
        )


@pytest.fixture(scope="module")
def data():
    X, y = make_data()
    return X, y, SufficientStats.from_arrays(X, y)


def test_dask_array_equals_in_memory(data):
    X, y, whole = data
    # row blocks of X and y that do not line up, and X split by columns too
    Xd = da.from_array(X, chunks=(400, 2))
    yd = da.from_array(y, chunks=555)
    stats = SufficientStats.from_dask(Xd, yd, scheduler="threads")
    assert_same_stats(stats, whole)


def test_dask_dataframe_target_column_and_series(data):
    X, y, _ = data
    df = pd.DataFrame(X, columns=list("abcde")).assign(t=y)
    whole = SufficientStats.from_arrays(df[list("abcde")], df["t"])
    ddf = dd.from_pandas(df, npartitions=6)
    by_name = SufficientStats.from_dask(ddf, "t", scheduler="sync")
    assert by_name.feature_names == tuple("abcde")
    assert_same_stats(by_name, whole)
    by_series = SufficientStats.from_dask(ddf[list("abcde")], ddf["t"])
    assert_same_stats(by_series, whole)
    # a filter; partitions it empties are skipped, and no rows at all is an error
    kept = df[df["a"] > 1e6]
    filtered = SufficientStats.from_dask(ddf[ddf["a"] > 1e6], "t")
    assert_same_stats(
        filtered, SufficientStats.from_arrays(kept[list("abcde")], kept["t"])
    )
    with pytest.raises(ValueError, match="No rows in X"):
        SufficientStats.from_dask(ddf[ddf["a"] > 2e6], "t")


def test_dask_errors(data):
    X, y, _ = data
    Xd, yd = da.from_array(X, chunks=1000), da.from_array(y, chunks=1000)
    with pytest.raises(TypeError, match="X must be a dask array or a dask DataFrame"):
        SufficientStats.from_dask(X, y)
    with pytest.raises(TypeError, match="y must be a dask array; got ndarray"):
        SufficientStats.from_dask(Xd, y)
    with pytest.raises(ValueError, match="X with 3001 rows and y with 3000"):
        SufficientStats.from_dask(Xd, yd[:3000])
    ddf = dd.from_pandas(pd.DataFrame(X, columns=list("abcde")), npartitions=2)
    with pytest.raises(ValueError, match="y='t' is not a column of X"):
        SufficientStats.from_dask(ddf, "t")


@pytest.fixture(scope="module")
def thread_cluster():
    """LocalCluster, 2 workers in this process (starts in about a second)."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,  # in-process transport: no sockets but the dashboard
            dashboard_address="127.0.0.1:0",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_local_cluster_default_client(data, thread_cluster):
    """With a Client active, from_dask runs on the cluster unchanged."""
    X, y, whole = data
    assert distributed.default_client() is thread_cluster
    Xd = da.from_array(X, chunks=(300, 5))
    yd = da.from_array(y, chunks=300)
    stats = SufficientStats.from_dask(Xd, yd)
    assert_same_stats(stats, whole)
    # both workers took part
    assert len(thread_cluster.scheduler_info()["workers"]) == 2
    res, ref = fit_map(stats, None, Laplace(0.01)), fit_map(X, y, Laplace(0.01))
    np.testing.assert_allclose(res.coef, ref.coef, rtol=0, atol=1e-8)
    assert res.intercept == pytest.approx(ref.intercept, abs=1e-8 * abs(ref.intercept))


def test_local_cluster_files(data, thread_cluster, tmp_path):
    X, y, _ = data
    df = pd.DataFrame(X, columns=list("abcde")).assign(t=y)
    for i, start in enumerate(range(0, len(df), 1000)):
        df.iloc[start : start + 1000].to_parquet(tmp_path / f"p{i}.parquet")
    whole = SufficientStats.from_arrays(df[["e", "b"]], df["t"])
    stats = SufficientStats.from_files(
        str(tmp_path / "p*.parquet"), "t", features=["e", "b"], scheduler=thread_cluster
    )
    assert_same_stats(stats, whole)


def test_worker_processes_by_scheduler_address(data, tmp_path, dask_address):
    """Two real worker processes, reached by address as ``--dask-scheduler`` does."""
    X, y, whole = data
    df = pd.DataFrame(X, columns=list("abcde")).assign(t=y)
    for i, start in enumerate(range(0, len(df), 700)):
        df.iloc[start : start + 700].to_csv(tmp_path / f"p{i}.csv", index=False)
    Xd = da.from_array(X, chunks=(500, 5))
    yd = da.from_array(y, chunks=500)
    address = dask_address  # 2 worker processes (tests/conftest.py)
    with distributed.Client(address) as client:
        before = sum(client.run(_tasks_done).values())
        stats = SufficientStats.from_dask(Xd, yd, scheduler=address)
        assert_same_stats(stats, whole)
        from_csv = SufficientStats.from_files(
            sorted(tmp_path.glob("p*.csv")), "t", scheduler=address
        )
        assert_same_stats(
            from_csv, SufficientStats.from_arrays(df[list("abcde")], df["t"])
        )
        # the work ran in the two worker processes
        pids = client.run(lambda: __import__("os").getpid())
        assert len(set(pids.values())) == 2
        assert sum(client.run(_tasks_done).values()) > before


def _tasks_done(dask_worker):
    return len(dask_worker.state.log)


def test_files_with_dask_scheduler_name_and_dropna(tmp_path):
    X, y = make_data(n=200, p=2, mean=0.0)
    df = pd.DataFrame(X, columns=["a", "b"]).assign(t=y)
    df.loc[[3, 150], "a"] = np.nan
    df.iloc[:100].to_csv(tmp_path / "p0.csv", index=False)
    df.iloc[100:].to_csv(tmp_path / "p1.csv", index=False)
    pattern = str(tmp_path / "p*.csv")
    kept = df.dropna()
    stats = SufficientStats.from_files(pattern, "t", dropna=True, scheduler="sync")
    assert_same_stats(stats, SufficientStats.from_arrays(kept[["a", "b"]], kept["t"]))
    with pytest.raises(ValueError, match="NaN"):
        SufficientStats.from_files(pattern, "t", scheduler="sync")
