"""The ``bayesreg`` command found silently wrong by a new user (issue 10).

Each case runs the real console script in a subprocess and checks the exit
code, stderr and the files left behind; one table covers bad input.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import numpy as np
import pandas as pd
import pytest
from test_cli import SCRIPT, run

from bayesreg import Laplace, fit_map
from bayesreg.cli import main
from bayesreg.datasets import load_diabetes
from bayesreg.sigma import default_sigma


@pytest.fixture(scope="module")
def csvs(tmp_path_factory):
    """Small CSV files, each one way of being wrong (or right)."""
    d = tmp_path_factory.mktemp("csvs")
    X, y = load_diabetes()
    df = X.assign(target=y)
    df.to_csv(d / "diabetes.csv", index=False)
    # a second column named 'target': pandas would call it 'target.1'
    dup = df.copy()
    dup.insert(3, "target2", y)
    dup.columns = [*df.columns[:3], "target", *df.columns[3:]]
    dup.to_csv(d / "dup.csv", index=False)
    dup.iloc[:200].to_csv(d / "dup-a.csv", index=False)
    dup.iloc[200:].to_csv(d / "dup-b.csv", index=False)
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = [pa.array(dup.iloc[:, j].to_numpy()) for j in range(dup.shape[1])]
    pq.write_table(pa.Table.from_arrays(arrays, names=list(dup.columns)), d / "dup.pq")
    df.iloc[:0].to_csv(d / "header_only.csv", index=False)
    df.assign(bmi=df["bmi"] * 1e300).to_csv(d / "overflow.csv", index=False)
    (d / "not_a_dir").write_text("a file\n")
    return d


# --------------------------------------------------------------------------
# bad input: one table (exit code, words the one-line message must contain)

DIABETES = ("--dataset", "diabetes")
LAPLACE = ("--prior", "laplace", "--lam", "50")

BAD = [
    # duplicated column names (item 1): an error naming the column
    (("fit", "{d}/dup.csv", "--target", "target", "--prior", "flat"), 2,
     ["dup.csv", "duplicated column name", "'target'"]),
    (("fit", "{d}/dup-*.csv", "--target", "target", "--prior", "flat"), 2,
     ["dup-a.csv", "duplicated column name", "'target'"]),
    (("compare", "{d}/dup.csv", "--target", "bmi", "--prior", "flat"), 2,
     ["duplicated column name", "'target'"]),
    (("fit", "{d}/dup.pq", "--target", "bmi", "--prior", "flat"), 2,
     ["dup.pq", "duplicated column name", "'target'"]),
    # a header and no rows (item 13)
    (("fit", "{d}/header_only.csv", "--target", "target", "--prior", "flat"), 2,
     ["header_only.csv", "no rows"]),
    # values that overflow (item 7)
    (("fit", "{d}/overflow.csv", "--target", "target", "--prior", "flat"), 2,
     ["overflow", "rescale"]),
    (("fit", *DIABETES, "--prior", "laplace", "--scale", "1e-320"), 2,
     ["infinite penalty", "--scale"]),
    # option values (item 13): the option is named, exit 2
    (("compare", *DIABETES, *LAPLACE, "--rtol", "-1"), 2, ["--rtol", "(0, inf)"]),
    (("compare", *DIABETES, *LAPLACE, "--rtol", "nan"), 2, ["--rtol"]),
    (("fit", *DIABETES, *LAPLACE, "--sigma", "-1"), 2, ["--sigma", "(0, inf)"]),
    (("fit", *DIABETES, *LAPLACE, "--sigma", "inf"), 2, ["--sigma"]),
    (("fit", *DIABETES, "--prior", "laplace", "--lam", "nan"), 2, ["--lam"]),
    (("fit", *DIABETES, "--prior", "elasticnet", "--lam", "1", "--l1-ratio", "1.5"),
     2, ["--l1-ratio", "(0, 1)"]),
    (("fit", *DIABETES, *LAPLACE, "--method", "nuts", "--tune", "0"), 2,
     ["--tune", ">= 1", "--method exact"]),
    (("fit", *DIABETES, *LAPLACE, "--method", "nuts", "--draws", "0"), 2,
     ["--draws", ">= 1"]),
    (("fit", *DIABETES, *LAPLACE, "--seed", "-3"), 2, ["--seed", ">= 0"]),
    (("path", *DIABETES, "--prior", "laplace", "--n-lams", "1"), 2,
     ["--n-lams", ">= 2"]),
    (("path", *DIABETES, "--prior", "laplace", "--lam-min", "10", "--lam-max", "1"),
     2, ["--lam-min", "--lam-max"]),
    (("path", *DIABETES, "--prior", "laplace", "--relative"), 2, ["--relative"]),
    (("report", "--draws", "0"), 2, ["--draws"]),
    # noise scale and prior options that do not go together (items 2, 13)
    (("fit", *DIABETES, *LAPLACE, "--sigma", "3", "--sigma-prior", "halfcauchy",
      "--method", "nuts"), 2, ["--sigma", "--sigma-prior", "one of them"]),
    (("fit", *DIABETES, *LAPLACE, "--sigma-prior", "halfcauchy"), 2,
     ["--sigma-prior", "--method nuts, exact, auto"]),
    (("fit", *DIABETES, "--prior", "gaussian", "--scale", "100", "--sigma-prior",
      "jeffreys", "--method", "exact"), 2, ["--relative"]),
    (("fit", *DIABETES, "--prior", "gaussian", "--scale", "1", "--relative",
      "--sigma-prior", "halfcauchy", "--method", "exact"), 2,
     ["jeffreys", "--method nuts"]),
    (("fit", *DIABETES, "--prior", "flat", "--relative"), 2, ["--prior flat"]),
    (("fit", *DIABETES, "--prior", "laplace", "--scale", "1", "--method", "exact"), 2,
     ["conjugate prior"]),
    # already right before issue 10: keep them so
    (("fit", "{d}/missing.csv", "--target", "t", "--prior", "flat"), 2,
     ["missing.csv", "does not exist"]),
    (("fit", "{d}/diabetes.csv", "--target", "nope", "--prior", "flat"), 2,
     ["target column 'nope' not found"]),
    (("fit", *DIABETES, "--prior", "laplace"), 2, ["exactly one of --scale"]),
    (("fit", "{d}/diabetes.csv", "--prior", "flat"), 2, ["--target is required"]),
    (("fit", *DIABETES, "--prior", "flat", "--chunksize", "0"), 2, ["--chunksize"]),
    (("fit", *DIABETES, "--prior", "flat", "--out", "{d}/not_a_dir"), 2,
     ["--out", "not a directory"]),
]  # fmt: skip


@pytest.mark.parametrize(("args", "code", "words"), BAD)
def test_bad_input(csvs, args, code, words):
    res = run(*[a.format(d=csvs) for a in args], "-q")
    assert res.returncode == code, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith(f"bayesreg {args[0]}: error: ")
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in res.stderr
    assert "OverflowError" not in res.stderr


def test_overflow_writes_nothing(csvs, tmp_path):
    """A non-finite intermediate result is an error: exit 2, no table, no files."""
    out = tmp_path / "out"
    res = run(
        "fit", csvs / "overflow.csv", "--target", "target", "--prior", "gaussian",
        "--scale", "10", "--sigma", "50", "--out", out,
    )  # fmt: skip
    assert res.returncode == 2, res.stdout + res.stderr
    assert "'bmi'" in res.stderr
    assert "bmi" not in res.stdout
    assert not out.exists()


def test_extreme_scale_is_no_overflow_error():
    """--scale 1e300 is a flat prior in all but name, not an OverflowError."""
    res = run("fit", *DIABETES, "--prior", "gaussian", "--scale", "1e300", "-q")
    assert res.returncode == 0, res.stderr
    assert "LinearRegression()" in res.stdout


# --------------------------------------------------------------------------
# sigma: a data-based default, and --lam with a sigma prior (items 2, 5)


def test_default_sigma_is_the_residual_sd_and_printed(csvs):
    X, y = load_diabetes()
    sigma, _ = default_sigma(X, y)
    assert 50 < sigma < 60  # diabetes: residual sd ~54, not 1.0
    res = run("fit", csvs / "diabetes.csv", "--target", "target", *LAPLACE)
    assert res.returncode == 0, res.stderr
    assert f"sigma = {sigma:.6g}: the least-squares residual sd" in res.stderr
    ref = fit_map(X, y, Laplace.from_penalty(50.0, sigma), sigma)
    printed = {
        m.group(1): float(m.group(2))
        for m in re.finditer(
            r"^(\w+)\s+(-?[\d.e+-]+)\s+(True|False)$", res.stdout, re.M
        )
    }
    np.testing.assert_allclose(
        [printed[c] for c in X.columns], ref.coef, rtol=1e-5, atol=1e-9
    )


@pytest.mark.parametrize("command", ["compare", "path"])
def test_compare_and_path_default_sigma(command, tmp_path):
    extra = ("--out", tmp_path / "p", "--n-lams", "3") if command == "path" else LAPLACE
    if command == "path":
        extra = ("--prior", "laplace", *extra)
    res = run(command, *DIABETES, *extra)
    assert res.returncode == 0, res.stderr
    assert "the least-squares residual sd" in res.stderr
    assert "sigma=54.15" in res.stdout


def test_lam_with_sigma_prior_is_relative_at_the_default_sigma():
    """--lam 50 --sigma-prior halfcauchy: the prior is relative to sigma with
    penalty 50 at the default sigma, so the posterior is not squeezed to 0."""
    X, y = load_diabetes()
    sigma, _ = default_sigma(X, y)
    res = run(
        "fit", *DIABETES, *LAPLACE, "--sigma-prior", "halfcauchy", "--method",
        "nuts", "--draws", "300", "--tune", "300", "--chains", "2", "--seed", "1",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    expected = Laplace.from_penalty(50.0, sigma, relative=True)
    assert "relative to sigma" in res.stderr
    assert repr(expected) in res.stderr
    bmi = res.stdout.split("\nbmi", 1)[1].split()
    mean, sd = float(bmi[0]), float(bmi[2])
    assert 400 < mean < 650 and sd > 20  # was ~0 with sd 0.03


def test_relative_makes_jeffreys_exact_possible():
    res = run(
        "fit", *DIABETES, "--prior", "gaussian", "--scale", "2", "--relative",
        "--sigma-prior", "jeffreys", "--method", "exact", "--tune", "0",
        "--draws", "200", "--chains", "2", "--seed", "0", "-q",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "relative=True" in res.stdout


# --------------------------------------------------------------------------
# nothing lost, nothing littered (items 10-12)


def _popen(*args):
    return subprocess.Popen(
        [str(SCRIPT), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, MPLBACKEND="Agg"),
    )


@pytest.mark.parametrize(
    ("signum", "code", "word"),
    [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")],
)
def test_signal_keeps_old_output_and_leaves_no_stage(tmp_path, signum, code, word):
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_text("old\n")
    proc = _popen(
        "fit", *DIABETES, *LAPLACE, "--method", "nuts", "--draws", "20000",
        "--out", out, "-q",
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(out.glob(".bayesreg-stage-*")):
            time.sleep(0.05)
        assert list(out.glob(".bayesreg-stage-*")), "the run never staged"
        time.sleep(2.0)  # into the work (compiling or sampling)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, err
    assert word in err
    assert sorted(p.name for p in out.iterdir()) == ["summary.csv"]
    assert (out / "summary.csv").read_text() == "old\n"


def test_stale_stages_of_dead_runs_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()  # its pid is free now
    stale = out / f".bayesreg-stage-{dead.pid}-abc"
    legacy = out / ".bayesreg-stage-k2j4h1"  # from a version without the pid tag
    live = out / f".bayesreg-stage-{os.getpid()}-xyz"  # a running process's
    for d in (stale, legacy, live):
        d.mkdir()
        (d / "posterior.nc").write_bytes(b"x" * 1000)
    res = run("fit", *DIABETES, "--prior", "flat", "--out", out, "-q")
    assert res.returncode == 0, res.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([live.name, "coef.png", "summary.csv"])


def test_unwritable_out_fails_before_any_work(csvs):
    start = time.monotonic()
    res = run(
        "fit", *DIABETES, *LAPLACE, "--method", "nuts", "--draws", "100000",
        "--out", csvs / "not_a_dir" / "sub",
    )  # fmt: skip
    assert res.returncode == 2, res.stderr
    assert "cannot write to --out" in res.stderr
    assert res.stdout == ""  # nothing was fitted or printed first
    assert time.monotonic() - start < 60


def test_interrupt_inside_netcdf_write_is_not_swallowed(tmp_path, monkeypatch):
    """HDF5 swallows a KeyboardInterrupt raised in its callbacks: the run must
    still end with 130 and keep the earlier output."""
    import arviz as az

    written = az.InferenceData.to_netcdf

    def swallowing_write(self, filename, *args, **kwargs):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.01)  # the handler runs here, as inside the C library
        except KeyboardInterrupt:
            pass  # "Exception ignored in ..."
        return written(self, filename, *args, **kwargs)

    monkeypatch.setattr(az.InferenceData, "to_netcdf", swallowing_write)
    out = tmp_path / "out"
    out.mkdir()
    (out / "posterior.nc").write_text("old\n")
    code = main(
        ["fit", *DIABETES, "--prior", "gaussian", "--scale", "100", "--method",
         "exact", "--draws", "50", "--chains", "2", "--out", str(out), "-q"]
    )  # fmt: skip
    assert code == 130
    assert sorted(p.name for p in out.iterdir()) == ["posterior.nc"]
    assert (out / "posterior.nc").read_text() == "old\n"


def test_closed_stdout_ends_quietly():
    """``bayesreg compare ... | head``: exit 141 (SIGPIPE), nothing on stderr."""
    proc = _popen("compare", *DIABETES, *LAPLACE, "-q")
    proc.stdout.close()  # the reader is gone before anything is written
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141, err
    assert err == ""


def test_tune_zero_with_exact():
    res = run(
        "fit", *DIABETES, "--prior", "gaussian", "--scale", "100", "--method",
        "exact", "--tune", "0", "--draws", "100", "--chains", "2", "-q",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr


# --------------------------------------------------------------------------
# printed and written numbers keep their precision (item 3)


def test_summary_csv_keeps_full_precision(tmp_path):
    """Tiny coefficients (wine's proline, ~1e-4) were rounded to 0.0 / 0.001."""
    from sklearn.datasets import load_wine

    wine = load_wine(as_frame=True).frame.drop(columns="target")
    path = tmp_path / "wine.csv"
    wine.to_csv(path, index=False)
    out = tmp_path / "out"
    res = run(
        "fit", path, "--target", "alcohol", "--prior", "gaussian", "--lam", "5",
        "--sigma", "0.5", "--method", "exact", "--draws", "1000", "--chains", "2",
        "--seed", "0", "--out", out, "-q",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    table = pd.read_csv(out / "summary.csv", index_col="feature")
    proline = table.loc["proline"]
    assert 1e-5 < proline["sd"] < 1e-3  # not rounded to 0.0
    assert proline["hdi_low"] < proline["mean"] < proline["hdi_high"]
    assert proline["hdi_low"] != proline["hdi_high"]
    # per-feature practical-zero threshold: the HDI excludes 0, so P(|w|>eps) ~ 1
    assert proline["excludes_zero"]
    assert proline["p_abs_gt_eps"] > 0.99
    # the printed table shows significant digits, not 0.0
    line = next(s for s in res.stdout.splitlines() if s.startswith("proline"))
    assert float(line.split()[3]) == pytest.approx(proline["sd"], rel=1e-5)


# --------------------------------------------------------------------------
# help text (item 15)


@pytest.mark.parametrize("command", ["fit", "compare", "path", "report"])
def test_help_says_each_default_once(command):
    res = run(command, "--help")
    assert res.returncode == 0
    text = " ".join(res.stdout.split())
    assert not re.search(r"\(default[^)]*\) \(default", text), text
    if command == "path":
        assert re.search(r"--out DIR\s+\S", res.stdout), res.stdout


# --------------------------------------------------------------------------
# --standardize (item 6)


def test_fit_and_compare_standardize(csvs, tmp_path):
    X, y = load_diabetes()
    sigma, _ = default_sigma(X, y)
    out = tmp_path / "out"
    args = ("--target", "target", "--prior", "laplace", "--lam", "0.5")
    res = run("fit", csvs / "diabetes.csv", *args, "--standardize", "--out", out)
    assert res.returncode == 0, res.stderr
    assert "divided by their sd" in res.stdout and "StandardScaler()" in res.stdout
    table = pd.read_csv(out / "summary.csv", index_col="feature")
    prior = Laplace.from_penalty(0.5, sigma)
    ref = fit_map(X, y, prior, sigma, standardize=True)
    raw = fit_map(X, y, prior, sigma)
    np.testing.assert_allclose(table.loc[list(X.columns), "map"], ref.coef, rtol=1e-9)
    assert np.abs(ref.coef - raw.coef).max() > 1.0  # the option changes the fit
    res = run("compare", csvs / "diabetes.csv", *args, "--standardize", "-q")
    assert res.returncode == 0, res.stderr
    assert "StandardScaler() then Lasso" in res.stdout


def test_report_standardizes_by_default_and_can_stop():
    res = run("report", "--help")
    assert "--no-standardize" in res.stdout and "--standardize" in res.stdout


# --------------------------------------------------------------------------
# the registries (issue 11): --prior, its options and --sampler


def _fit_parser():
    from bayesreg.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return {a.dest: a for a in sub.choices["fit"]._actions}


def test_prior_and_sampler_choices_come_from_the_registries():
    from bayesreg.posterior.samplers import REGISTRY as SAMPLERS
    from bayesreg.priors import REGISTRY

    actions = _fit_parser()
    assert list(actions["prior"].choices) == list(REGISTRY)
    assert {"student_t", "generalized_gaussian"} <= set(REGISTRY)
    assert list(actions["sampler"].choices) == list(SAMPLERS)
    for cls in REGISTRY.values():
        for key, text in cls.cli_options.items():
            assert text in actions[key].help  # declared once, with its help


def test_student_t_map_is_fit_map_by_scipy(tmp_path, capsys):
    from bayesreg.priors import StudentT

    out = tmp_path / "out"
    code = main(
        ["fit", *DIABETES, "--prior", "student_t", "--scale", "10", "--df", "3",
         "--sigma", "50", "--out", str(out), "-q"]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert "no scikit-learn equivalent" in capsys.readouterr().out
    X, y = load_diabetes()
    ref = fit_map(X, y, StudentT(df=3.0, scale=10.0), 50.0)
    table = pd.read_csv(out / "summary.csv", index_col="feature")
    np.testing.assert_allclose(table.loc[list(X.columns), "map"], ref.coef, rtol=1e-9)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("fit", "--prior", "laplace", "--scale", "1", "--df", "3"),
         ["--prior laplace", "--df"]),
        (("fit", "--prior", "gaussian", "--lam", "1", "--power", "0.5"),
         ["--prior gaussian", "--power"]),
        (("fit", "--prior", "student_t", "--lam", "1"), ["student_t", "--scale"]),
        (("fit", "--prior", "student_t", "--scale", "1", "--df", "-1"), ["--df"]),
        (("path", "--prior", "student_t"), ["no penalty to vary", "laplace"]),
        (("compare", "--prior", "student_t", "--scale", "1"), ["penalty form"]),
        (("fit", *LAPLACE, "--sampler", "nutpie"), ["--sampler", "--method nuts"]),
        (("fit", *LAPLACE, "--method", "exact", "--sampler", "pymc"),
         ["--sampler pymc", "--method nuts"]),
        (("fit", *LAPLACE, "--method", "nuts", "--sampler", "exact"),
         ["--sampler exact", "--method exact"]),
    ],
)  # fmt: skip
def test_registry_options_refused_with_exit_2(args, words, capsys, tmp_path):
    out = ("--out", str(tmp_path / "p")) if args[0] == "path" else ()
    code = main([args[0], *DIABETES, *args[1:], *out, "-q"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith(f"bayesreg {args[0]}: error: ")
    for word in words:
        assert word in err
