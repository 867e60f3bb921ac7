"""The ``bayesreg`` console script, run as a real subprocess, and bayesreg.io."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bayesreg
from bayesreg import Gaussian, Laplace, fit_map
from bayesreg.datasets import load_diabetes
from bayesreg.io import InputError, OutputDir, atomic_path, save_idata, select_columns

SCRIPT = Path(sys.executable).with_name("bayesreg")
if not SCRIPT.exists():  # pragma: no cover - not installed in this interpreter
    SCRIPT = Path(shutil.which("bayesreg") or "bayesreg")


def run(*args, cwd=None, timeout=300, env=None):
    """Run the console script; return the CompletedProcess (text)."""
    env = dict(os.environ, MPLBACKEND="Agg", **(env or {}))
    return subprocess.run(
        [str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def diabetes_csv(tmp_path_factory):
    X, y = load_diabetes()
    path = tmp_path_factory.mktemp("data") / "diabetes.csv"
    X.assign(target=y).to_csv(path, index=False)
    return path


# --------------------------------------------------------------------------
# help


FIT_OPTIONS = ["--prior", "--scale", "--lam", "--method", "--out", "--dropna"]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ((), ["fit", "compare", "path", "report", "Exit codes"]),
        (("fit",), [*FIT_OPTIONS, "--chunksize", "--dask-scheduler", "glob"]),
        (("compare",), ["--prior", "--rtol", "--target"]),
        (("path",), ["--n-lams", "--lam-max", "--method"]),
        (("report",), ["--out", "--draws", "--gaussian-scale"]),
    ],
)
def test_help(command, expected):
    res = run(*command, "--help")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("usage: bayesreg")
    for word in expected:
        assert word in res.stdout


def test_no_command_is_a_usage_error():
    res = run()
    assert res.returncode == 2
    assert "usage:" in res.stderr


# --------------------------------------------------------------------------
# fit


def _coef_table(path):
    return pd.read_csv(path, index_col="feature")


def test_fit_map_csv_matches_fit_map(diabetes_csv, tmp_path):
    out = tmp_path / "out"
    res = run(
        "fit", diabetes_csv, "--target", "target", "--prior", "laplace",
        "--lam", 50, "--sigma", 54, "--out", out,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    X, y = load_diabetes()
    ref = fit_map(X, y, Laplace.from_penalty(50.0, 54.0), 54.0)
    table = _coef_table(out / "summary.csv")
    np.testing.assert_allclose(table.loc[list(X.columns), "map"], ref.coef, rtol=1e-9)
    assert table.loc["(intercept)", "map"] == pytest.approx(ref.intercept, rel=1e-12)
    assert list(table.index[table["zero"]]) == list(X.columns[ref.coef == 0])
    assert (out / "coef.png").stat().st_size > 0
    for name in X.columns:
        assert name in res.stdout
    assert "Lasso(alpha=" in res.stdout
    assert "converged: True" in res.stdout
    assert sorted(p.name for p in out.iterdir()) == ["coef.png", "summary.csv"]


def test_fit_parquet_equals_csv(diabetes_csv, tmp_path):
    pq = tmp_path / "diabetes.parquet"
    pd.read_csv(diabetes_csv).to_parquet(pq)
    args = ("--target", "target", "--prior", "gaussian", "--scale", 100.0)
    a = run("fit", diabetes_csv, *args)
    b = run("fit", pq, *args)
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    # identical printed tables (the first line names the file, the last the time)
    assert _strip_time(a.stdout) == _strip_time(b.stdout)
    assert any(line.startswith("bmi ") for line in _strip_time(a.stdout))


def _strip_time(text):
    return [line for line in text.splitlines()[1:] if not line.startswith("time:")]


def test_fit_features_and_dataset(tmp_path):
    res = run(
        "fit", "--dataset", "diabetes", "--features", "bmi", "bp", "s5",
        "--prior", "flat", "--out", tmp_path,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    table = _coef_table(tmp_path / "summary.csv")
    assert list(table.index) == ["bmi", "bp", "s5", "(intercept)"]
    X, y = load_diabetes()
    ols = np.linalg.lstsq(
        np.column_stack([X[["bmi", "bp", "s5"]], np.ones(len(y))]), y, rcond=None
    )[0]
    np.testing.assert_allclose(table["map"], ols, rtol=1e-8)


def test_fit_exact_writes_posterior_that_loads(tmp_path):
    out = tmp_path / "post"
    res = run(
        "fit", "--dataset", "diabetes", "--prior", "gaussian", "--scale", 200,
        "--sigma", 54, "--method", "exact", "--draws", 200, "--chains", 2,
        "--seed", 3, "--out", out,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    idata = bayesreg.load(out / "posterior.nc")
    coef = idata.posterior["coef"]
    assert coef.sizes == {"chain": 2, "draw": 200, "feature": 10}
    table = _coef_table(out / "summary.csv")
    np.testing.assert_allclose(
        table["mean"], coef.mean(("chain", "draw")).values, atol=1e-3
    )
    # the MAP column is the ridge fit at the same penalty
    X, y = load_diabetes()
    ref = fit_map(X, y, Gaussian(scale=200.0), 54.0)
    np.testing.assert_allclose(table["map"], ref.coef, rtol=1e-9)
    assert (out / "posterior.png").stat().st_size > 0


# --------------------------------------------------------------------------
# fit: data larger than memory (several files, --chunksize, --dask-scheduler)


@pytest.fixture(scope="module")
def parts(diabetes_csv):
    """diabetes.csv split into three CSV files part-0.csv .. part-2.csv."""
    folder = diabetes_csv.parent / "parts"
    folder.mkdir()
    df = pd.read_csv(diabetes_csv)
    for i, (start, stop) in enumerate([(0, 150), (150, 300), (300, len(df))]):
        df.iloc[start:stop].to_csv(folder / f"part-{i}.csv", index=False)
    return folder


LASSO = ("--target", "target", "--prior", "laplace", "--lam", 50, "--sigma", 54)


def _assert_same_output(a, b, rtol=1e-6):
    """Printed results equal but for the first line (the input), time and --out.

    Words must be equal, numbers equal to ``rtol`` (the tables print 6 digits).
    """
    la, lb = (
        [line for line in _strip_time(text) if not line.startswith("wrote ")]
        for text in (a, b)
    )
    assert len(la) == len(lb), (a, b)
    for line_a, line_b in zip(la, lb, strict=True):
        words_a, words_b = line_a.split(), line_b.split()
        assert len(words_a) == len(words_b), (line_a, line_b)
        for u, v in zip(words_a, words_b, strict=True):
            try:
                assert float(u) == pytest.approx(float(v), rel=rtol, abs=1e-9)
            except ValueError:
                assert u == v, (line_a, line_b)


@pytest.mark.parametrize(
    "how",
    [("{dir}/part-*.csv", "--chunksize", 40), ("{dir}/part-0.csv", "{dir}/part-1.csv",
      "{dir}/part-2.csv")],
    ids=["glob-chunksize", "three-files"],
)  # fmt: skip
def test_fit_files_in_chunks_equals_one_file(parts, diabetes_csv, tmp_path, how):
    data = [str(a).format(dir=parts) for a in how]
    ref = run("fit", diabetes_csv, *LASSO, "--out", tmp_path / "ref")
    res = run("fit", *data, *LASSO, "--out", tmp_path / "chunks")
    assert ref.returncode == 0 and res.returncode == 0, ref.stderr + res.stderr
    rows = 40 if "--chunksize" in data else 100_000
    assert f"442 rows from 3 file(s) read in chunks of {rows} rows" in res.stderr
    assert res.stdout.startswith("3 files (") and "n=442, p=10" in res.stdout
    _assert_same_output(ref.stdout, res.stdout)
    a = _coef_table(tmp_path / "ref" / "summary.csv")
    b = _coef_table(tmp_path / "chunks" / "summary.csv")
    assert list(a.index) == list(b.index) and list(a.columns) == list(b.columns)
    np.testing.assert_allclose(b["map"], a["map"], rtol=1e-9, atol=1e-9)
    assert (a["zero"] == b["zero"]).all()
    assert sorted(p.name for p in (tmp_path / "chunks").iterdir()) == [
        "coef.png",
        "summary.csv",
    ]


def test_fit_files_exact_posterior_equals_one_file(parts, diabetes_csv, tmp_path):
    args = (
        "--target", "target", "--prior", "gaussian", "--scale", 200, "--sigma", 54,
        "--method", "exact", "--draws", 100, "--chains", 2, "--seed", 3,
    )  # fmt: skip
    ref = run("fit", diabetes_csv, *args, "--out", tmp_path / "ref")
    res = run("fit", parts / "part-*.csv", "--chunksize", 100, *args, "--out",
              tmp_path / "chunks")  # fmt: skip
    assert ref.returncode == 0 and res.returncode == 0, ref.stderr + res.stderr
    a = _coef_table(tmp_path / "ref" / "summary.csv")
    b = _coef_table(tmp_path / "chunks" / "summary.csv")
    # scikit-learn's matched fit needs the rows: left out, and said so
    assert list(b.columns) == [c for c in a.columns if c != "penalized"]
    assert "'penalized'" in res.stderr and "need the rows" in res.stderr
    np.testing.assert_allclose(b["map"], a["map"], rtol=1e-9)
    for col in ("mean", "median", "sd", "hdi_low", "hdi_high"):
        np.testing.assert_allclose(b[col], a[col], rtol=1e-8, atol=1e-8)
    draws_a = bayesreg.load(tmp_path / "ref" / "posterior.nc").posterior["coef"]
    draws_b = bayesreg.load(tmp_path / "chunks" / "posterior.nc").posterior["coef"]
    np.testing.assert_allclose(draws_b.values, draws_a.values, rtol=1e-8, atol=1e-8)
    assert (tmp_path / "chunks" / "posterior.png").stat().st_size > 0


def test_fit_dask_scheduler_equals_one_file(parts, diabetes_csv, dask_address):
    ref = run("fit", diabetes_csv, *LASSO)
    res = run("fit", parts / "part-*.csv", *LASSO, "--dask-scheduler", dask_address)
    assert ref.returncode == 0 and res.returncode == 0, ref.stderr + res.stderr
    assert f"read by the Dask cluster at {dask_address}" in res.stderr
    _assert_same_output(ref.stdout, res.stdout)


def test_readme_larger_than_memory_example_runs(tmp_path, dask_address):
    """The shell example of the README, with the test cluster's address."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = text.split("## Data larger than memory", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    (block,) = [b for b in blocks if "bayesreg fit" in b]
    assert "--chunksize" in block and "--dask-scheduler" in block
    block = block.replace("tcp://127.0.0.1:8786", dask_address)
    path = f"{SCRIPT.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    res = subprocess.run(
        ["bash", "-e", "-c", block],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=dict(os.environ, MPLBACKEND="Agg", PATH=path),
        timeout=300,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    # two fits, each printed from its first line "3 files (...): n=442, ..."
    fits = re.split(r"^(?=3 files \()", res.stdout, flags=re.M)[1:]
    assert len(fits) == 2 and all("n=442, p=10" in f for f in fits), res.stdout
    _assert_same_output(*fits)
    assert "in chunks of 100 rows" in res.stderr
    assert "read by the Dask cluster at" in res.stderr


@pytest.fixture
def bad_parts(parts, tmp_path):
    """Files with different columns, and files with a missing value."""
    df = pd.read_csv(parts / "part-0.csv")
    df.to_csv(tmp_path / "mixed-0.csv", index=False)
    df.to_csv(tmp_path / "nan-0.csv", index=False)
    df.assign(bmi=df["bmi"].where(df.index != 7)).to_csv(
        tmp_path / "nan-1.csv", index=False
    )
    df.drop(columns="s6").assign(extra=1.0).to_csv(
        tmp_path / "mixed-1.csv", index=False
    )
    return tmp_path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("{p}/nope-*.csv",), ["DATA", "'{p}/nope-*.csv'", "matches no file"]),
        (("{p}/part-*.csv", "--chunksize", 0), ["--chunksize", ">= 1", "got 0"]),
        (("{p}/part-*.csv", "--chunksize", -5), ["--chunksize", ">= 1", "got -5"]),
        (("--dataset", "diabetes", "--chunksize", 10), ["--chunksize", "--dataset"]),
        (
            ("--dataset", "diabetes", "--dask-scheduler", "tcp://127.0.0.1:8786"),
            ["--dask-scheduler", "--dataset"],
        ),
        (
            ("{p}/part-*.csv", "--dask-scheduler", "tcp://127.0.0.1:1"),
            ["--dask-scheduler", "cannot reach", "'tcp://127.0.0.1:1'"],
        ),
        (
            ("{p}/part-*.csv", "--dask-scheduler", "scheduler"),
            ["--dask-scheduler", "address", "got 'scheduler'"],
        ),
        (
            ("{p}/part-*.csv", "--chunksize", 10, "--dask-scheduler", "tcp://h:1"),
            ["--chunksize", "--dask-scheduler", "one or the other"],
        ),
        (
            ("{t}/mixed-*.csv",),
            ["DATA files differ", "'{t}/mixed-1.csv'", "lacks 's6'", "'extra'"],
        ),
        (
            ("{t}/mixed-*.csv", "--features", "bmi", "s6"),
            ["DATA files differ", "'{t}/mixed-1.csv'", "lacks 's6'", "--features"],
        ),
        (
            ("{p}/part-*.csv", "{p}/part-1.csv"),
            ["DATA", "'{p}/part-1.csv'", "more than once"],
        ),
        (
            ("{t}/nan-*.csv", "--chunksize", 50),
            ["'{t}/nan-1.csv' rows 0-49", "['bmi']", "pass --dropna"],
        ),
    ],
    ids=[
        "glob-no-match", "chunksize-0", "chunksize-negative", "chunksize-dataset",
        "scheduler-dataset", "scheduler-unreachable", "scheduler-bad-address",
        "chunksize-and-scheduler", "columns-differ", "features-missing-in-a-file",
        "file-twice", "missing-values",
    ],
)  # fmt: skip
def test_larger_than_memory_bad_input_exit_2(parts, bad_parts, args, expected):
    fill = {"p": parts, "t": bad_parts}
    args = [str(a).format(**fill) for a in args]
    t0 = time.perf_counter()
    res = run("fit", *args, "--target", "target", "--prior", "flat", timeout=60)
    assert time.perf_counter() - t0 < 30  # an unreachable scheduler fails fast
    assert res.returncode == 2, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("bayesreg fit: error: ")
    for text in expected:
        assert text.format(**fill) in lines[0]


def test_dask_scheduler_without_dask_names_the_extra(parts, tmp_path):
    """With dask and distributed not importable: exit 2, 'pip install ...[dask]'."""
    for name in ("dask", "distributed"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(
            f"raise ImportError('No module named {name} (hidden by the test)')\n"
        )
    res = run(
        "fit", parts / "part-*.csv", "--target", "target", "--prior", "flat",
        "--dask-scheduler", "tcp://127.0.0.1:8786", env={"PYTHONPATH": str(tmp_path)},
    )  # fmt: skip
    assert res.returncode == 2, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert "--dask-scheduler" in lines[0]
    assert "pip install 'bayesreg[dask]'" in lines[0]


# --------------------------------------------------------------------------
# compare


def test_compare_agrees_exit_0(diabetes_csv):
    res = run(
        "compare", diabetes_csv, "--target", "target", "--prior", "elasticnet",
        "--lam", 20, "--l1-ratio", 0.7, "--sigma", 54,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "ElasticNet(alpha=" in res.stdout
    assert "ok: True" in res.stdout


def test_compare_disagrees_exit_1(diabetes_csv):
    # a tolerance below the solvers' rounding error cannot be met
    res = run(
        "compare", diabetes_csv, "--target", "target", "--prior", "laplace",
        "--lam", 50, "--sigma", 54, "--rtol", 1e-300,
    )  # fmt: skip
    assert res.returncode == 1, res.stdout + res.stderr
    assert "ok: False" in res.stdout
    assert "disagree" in res.stderr


# --------------------------------------------------------------------------
# path


def test_path_map(tmp_path):
    out = tmp_path / "path"
    res = run(
        "path", "--dataset", "diabetes", "--prior", "laplace", "--n-lams", 12,
        "--sigma", 10, "--out", out,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    table = pd.read_csv(out / "path.csv", index_col="lam")
    assert len(table) == 12
    assert (np.diff(table.index) < 0).all()  # strong to weak
    X, y = load_diabetes()
    # the default lam_max is the smallest lam with all zeros
    assert (table.iloc[0] == 0).all()
    assert (table.iloc[-1] != 0).any()
    lam = table.index[5]
    ref = fit_map(X, y, Laplace.from_penalty(lam, 10.0), 10.0)
    np.testing.assert_allclose(table.iloc[5], ref.coef, rtol=1e-7, atol=1e-9)
    assert (out / "path.png").stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--prior", "flat"), "no penalty to vary"),
        (("--prior", "laplace", "--lam", 1), "varies lam over a grid"),
        (("--prior", "laplace", "--lam-min", 5, "--lam-max", 1), "must be smaller"),
        (("--prior", "laplace", "--n-lams", 1), "--n-lams must be"),
    ],
)
def test_path_bad_options_exit_2(tmp_path, args, expected):
    res = run("path", "--dataset", "diabetes", *args, "--out", tmp_path / "p")
    assert res.returncode == 2, res.stdout + res.stderr
    assert expected in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "p").exists()


# --------------------------------------------------------------------------
# bad input: exit 2, one line, no traceback


def _bad_csvs(tmp_path):
    X, y = load_diabetes()
    df = X.assign(target=y).head(30)
    files = {}
    files["garbage.csv"] = b"\x00\xff\xfe binary \x00\x81\x82\n\x93\x94"
    nonnum = df.assign(sex=df["sex"].map(lambda v: "m" if v > 0 else "f"))
    files["nonnumeric.csv"] = nonnum.to_csv(index=False).encode()
    nan = df.copy()
    nan.loc[[3, 7], "bmi"] = np.nan
    files["nan.csv"] = nan.to_csv(index=False).encode()
    files["one_row.csv"] = df.head(1).to_csv(index=False).encode()
    files["constant.csv"] = df.assign(s3=1.5).to_csv(index=False).encode()
    files["ragged.csv"] = b"a,b,target\n1,2,3\n4,5,6,7,8\n"
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.parametrize(
    ("file", "extra", "expected"),
    [
        ("missing.csv", (), ["missing.csv", "does not exist"]),
        ("garbage.csv", (), ["garbage.csv", "cannot read"]),
        ("ragged.csv", (), ["ragged.csv", "cannot read"]),
        ("nan.csv", (), ["nan.csv", "2 row(s)", "data row 4", "'bmi'", "--dropna"]),
        ("nonnumeric.csv", (), ["nonnumeric.csv", "'sex'", "not numeric"]),
        ("one_row.csv", (), ["one_row.csv", "1 usable row"]),
        ("constant.csv", (), ["constant.csv", "'s3'", "constant"]),
        ("nan.csv", ("--features", "bmi", "nope"), ["'nope'", "not found"]),
    ],
)
def test_bad_input_exit_2(tmp_path, file, extra, expected):
    _bad_csvs(tmp_path)
    res = run("fit", tmp_path / file, "--target", "target", "--prior", "flat", *extra)
    assert res.returncode == 2, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("bayesreg fit: error: ")
    assert "Traceback" not in res.stderr
    for text in expected:
        assert text in lines[0]


def test_missing_target_column(diabetes_csv):
    res = run("compare", diabetes_csv, "--target", "y", "--prior", "flat")
    assert res.returncode == 2
    assert "target column 'y' not found" in res.stderr
    assert "diabetes.csv" in res.stderr
    assert "bmi" in res.stderr  # lists the columns


def test_dropna_drops_and_says_how_many(tmp_path):
    _bad_csvs(tmp_path)
    res = run(
        "fit", tmp_path / "nan.csv", "--target", "target", "--prior", "flat",
        "--dropna", "--out", tmp_path / "o",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "dropped 2 row(s) with missing values; 28 left" in res.stderr
    assert "n=28" in res.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--prior", "laplace"), "exactly one of --scale"),
        (("--prior", "laplace", "--scale", 1, "--lam", 1), "exactly one of --scale"),
        (("--prior", "gaussian", "--scale", -1), "--scale must be a number"),
        (("--prior", "gaussian", "--scale", 1, "--sigma", 0), "--sigma must be"),
        (("--prior", "flat", "--lam", 1), "--prior flat takes none of"),
        (
            ("--prior", "laplace", "--scale", 1, "--method", "exact"),
            "--method exact needs a conjugate prior",
        ),
        (
            ("--prior", "elasticnet", "--lam", 1, "--l1-ratio", 1.5),
            "--l1-ratio must be",
        ),
        (("--prior", "gaussian", "--scale", 1, "--draws", 0), "--draws must be"),
    ],
)
def test_bad_options_exit_2(args, expected):
    res = run("fit", "--dataset", "diabetes", *args)
    assert res.returncode == 2, res.stdout + res.stderr
    assert expected in res.stderr
    assert "Traceback" not in res.stderr


def test_debug_shows_traceback(tmp_path):
    res = run(
        "fit", tmp_path / "missing.csv", "--target", "t", "--prior", "flat", "--debug"
    )
    assert res.returncode != 0
    assert "Traceback" in res.stderr
    assert "InputError" in res.stderr


def test_failed_run_keeps_existing_outputs(tmp_path, diabetes_csv):
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_text("old results\n")
    res = run("fit", diabetes_csv, "--target", "nope", "--prior", "flat", "--out", out)
    assert res.returncode == 2
    assert (out / "summary.csv").read_text() == "old results\n"
    assert sorted(p.name for p in out.iterdir()) == ["summary.csv"]


def test_interrupted_report_keeps_old_report(tmp_path):
    """SIGINT in the middle of a report: exit 130, old files intact, no debris."""
    out = tmp_path / "rep"
    out.mkdir()
    (out / "report.html").write_text("<html>old</html>")
    (out / "data_summary.csv").write_text("old\n")
    env = dict(os.environ, MPLBACKEND="Agg")
    proc = subprocess.Popen(
        [str(SCRIPT), "report", "--out", str(out), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        # wait until the run has staged its first files
        deadline = time.monotonic() + 120
        staged = []
        while time.monotonic() < deadline and not staged:
            staged = [p for d in out.glob(".bayesreg-stage-*") for p in d.iterdir()]
            time.sleep(0.05)
        assert staged, "the report never staged a file"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert (out / "report.html").read_text() == "<html>old</html>"
    assert (out / "data_summary.csv").read_text() == "old\n"
    assert sorted(p.name for p in out.iterdir()) == ["data_summary.csv", "report.html"]


# --------------------------------------------------------------------------
# bayesreg.io in process


def test_atomic_path_failure_leaves_nothing(tmp_path):
    target = tmp_path / "summary.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.csv"]
    with atomic_path(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"


def test_output_dir_moves_files_only_on_success(tmp_path):
    out = tmp_path / "o"
    with pytest.raises(KeyError), OutputDir(out) as od:
        od.file("a.csv").write_text("a")
        raise KeyError("x")
    assert not out.exists()
    with OutputDir(out, last="report.html") as od:
        od.file("report.html").write_text("r")
        od.file("a.csv").write_text("a")
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "report.html"]
    assert (out / "report.html").read_text() == "r"
    assert (out / "a.csv").read_text() == "a"


def test_load_round_trips_exactly(tmp_path):
    from bayesreg.posterior import sample_posterior

    X, y = load_diabetes()
    idata = sample_posterior(
        X, y, Gaussian(scale=100.0), 50.0, draws=50, chains=2, sampler="exact",
        random_seed=0,
    )  # fmt: skip
    path = save_idata(idata, tmp_path / "posterior.nc")
    back = bayesreg.load(path)
    assert set(back.groups()) == set(idata.groups())
    for group in idata.groups():
        assert getattr(back, group).identical(getattr(idata, group)), group
    assert list(back.posterior["feature"].values) == list(X.columns)


def test_load_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"missing\.nc"):
        bayesreg.load(tmp_path / "missing.nc")


def test_posterior_file_is_netcdf4(tmp_path):
    """The saved posterior is netCDF-4 (HDF5), read without pickle."""
    from bayesreg.posterior import sample_posterior

    X, y = load_diabetes()
    idata = sample_posterior(
        X, y, Gaussian(scale=100.0), 50.0, draws=5, chains=1, sampler="exact"
    )
    path = save_idata(idata, tmp_path / "p.nc")
    assert path.read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"


def test_select_columns_rejects_inf():
    df = pd.DataFrame({"a": [1.0, np.inf, 3.0], "b": [1.0, 2.0, 0.0], "t": [1, 2, 3]})
    with pytest.raises(InputError, match="non-finite"):
        select_columns(df, "t", source="'x.csv'")


def test_fit_files_horseshoe_by_gibbs_has_no_map_column(parts, diabetes_csv, tmp_path):
    """A prior without a MAP (the horseshoe) from sufficient statistics: the
    Gibbs posterior is summarized, with no 'map' column (fit_map refuses it),
    and equals the one-file run's draws."""
    args = (
        "--target", "target", "--prior", "horseshoe", "--sigma", 54,
        "--method", "nuts", "--sampler", "gibbs", "--draws", 100, "--chains", 2,
        "--seed", 3,
    )  # fmt: skip
    ref = run("fit", diabetes_csv, *args, "--out", tmp_path / "ref")
    res = run("fit", parts / "part-*.csv", "--chunksize", 100, *args, "--out",
              tmp_path / "chunks")  # fmt: skip
    assert ref.returncode == 0 and res.returncode == 0, ref.stderr + res.stderr
    a = _coef_table(tmp_path / "ref" / "summary.csv")
    b = _coef_table(tmp_path / "chunks" / "summary.csv")
    assert "map" not in a.columns and "map" not in b.columns
    np.testing.assert_allclose(b["mean"], a["mean"], rtol=1e-6)
