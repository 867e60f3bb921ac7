"""``bayesreg fit --lam cv|evidence|mcem`` (issue 14): the chosen lam is
select_lambda's, printed with its method; the fit uses it; bad options exit 2."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import BayesianRidge
from test_cli import run

from bayesreg import Gaussian, Laplace, fit_map, select_lambda
from bayesreg.cli import main
from bayesreg.datasets import load_diabetes


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes()


def _chosen(out):
    """``(lam, sigma)`` printed by ``--lam METHOD``."""
    m = re.search(r"lam chosen by [^:]+: ([-+.\de]+).*sigma = ([-+.\de]+)", out)
    assert m, out
    return float(m.group(1)), float(m.group(2))


def _map_column(out):
    """The ``map`` column of the printed table, by feature."""
    rows = re.findall(
        r"^(\w+|\(intercept\))\s+([-+.\de]+)\s+(?:True|False)$", out, re.M
    )
    return pd.Series({k: float(v) for k, v in rows})


def test_lam_cv_is_select_lambda_then_the_map(diabetes, capsys):
    X, y = diabetes
    code = main(["fit", "--dataset", "diabetes", "--prior", "laplace", "--lam", "cv"])
    out = capsys.readouterr().out
    assert code == 0
    res = select_lambda(X, y, Laplace(), "cv")
    lam, sigma = _chosen(out)
    np.testing.assert_allclose([lam, sigma], [res.lam, res.sigma], rtol=1e-5)
    assert f"(1-SE rule: {res.lam_1se:.6g})" in out
    table = _map_column(out)
    ref = fit_map(X, y, res.prior, res.sigma)
    np.testing.assert_allclose(table[list(X.columns)], ref.coef, rtol=1e-5, atol=1e-3)


def test_lam_evidence_is_bayesian_ridge(diabetes, capsys):
    """Type-II ML: BayesianRidge without its Gamma terms (all 0)."""
    X, y = diabetes
    code = main(
        ["fit", "--dataset", "diabetes", "--prior", "gaussian", "--lam", "evidence"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "lam chosen by evidence" in out
    zero = dict(alpha_1=0.0, alpha_2=0.0, lambda_1=0.0, lambda_2=0.0)
    sk = BayesianRidge(tol=1e-10, max_iter=100_000, **zero).fit(X, y)
    lam, sigma = _chosen(out)
    np.testing.assert_allclose(lam, sk.lambda_ / sk.alpha_, rtol=1e-5)
    np.testing.assert_allclose(sigma, sk.alpha_**-0.5, rtol=1e-5)
    table = _map_column(out)
    np.testing.assert_allclose(table[list(X.columns)], sk.coef_, rtol=1e-5, atol=1e-3)
    assert "Ridge(alpha=" in out


def test_one_se_folds_and_out_files(diabetes, tmp_path, capsys):
    X, y = diabetes
    out_dir = tmp_path / "o"
    args = ["--prior", "laplace", "--lam", "cv", "--folds", "3", "--one-se"]
    code = main(["fit", "--dataset", "diabetes", *args, "--out", str(out_dir), "-q"])
    out = capsys.readouterr().out
    assert code == 0
    res = select_lambda(X, y, Laplace(), "cv", cv=3)
    lam, _ = _chosen(out)
    np.testing.assert_allclose(lam, res.lam_1se, rtol=1e-5)
    assert out.startswith("lam chosen by cv, 1-SE rule")
    table = pd.read_csv(out_dir / "lam_selection.csv")
    np.testing.assert_allclose(table["lam"], res.grid, rtol=1e-12)
    np.testing.assert_allclose(table["criterion"], res.criterion, rtol=1e-10)
    np.testing.assert_allclose(table["criterion_se"], res.criterion_se, rtol=1e-10)
    assert table.loc[table["chosen"], "lam"].tolist() == [res.lam]
    assert (out_dir / "lam_selection.png").stat().st_size > 1000
    summary = pd.read_csv(out_dir / "summary.csv", index_col=0)
    ref = fit_map(X, y, res.prior_1se, res.sigma)
    np.testing.assert_allclose(
        summary.loc[list(X.columns), "map"], ref.coef, rtol=1e-6, atol=1e-6
    )


def test_console_script_prints_the_choice(tmp_path):
    proc = run(
        "fit", "--dataset", "diabetes", "--prior", "gaussian", "--lam", "cv",
        "--sigma", "50", "-q",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lam, sigma = _chosen(proc.stdout)
    X, y = load_diabetes()
    res = select_lambda(X, y, Gaussian(), "cv", sigma=50.0)
    np.testing.assert_allclose([lam, sigma], [res.lam, 50.0], rtol=1e-5)
    assert "(--sigma)" in proc.stdout


def test_lam_evidence_then_exact_posterior(tmp_path, capsys):
    """Empirical Bayes on the command line: the closed-form posterior at the
    chosen prior and sigma; its mean is the MAP (Gaussian prior) within 4
    Monte Carlo standard errors."""
    out_dir = tmp_path / "e"
    args = ["--prior", "gaussian", "--lam", "evidence", "--method", "exact"]
    args += ["--draws", "500", "--chains", "2", "--seed", "0", "-q"]
    code = main(["fit", "--dataset", "diabetes", *args, "--out", str(out_dir)])
    out = capsys.readouterr().out
    assert code == 0
    lam, sigma = _chosen(out)
    assert "exact (2 chains x 500 draws)" in out
    table = pd.read_csv(out_dir / "summary.csv", index_col=0)
    X, y = load_diabetes()
    ref = fit_map(X, y, Gaussian.from_penalty(lam, sigma), sigma).coef
    coef = table.loc[list(X.columns)]
    assert np.all(np.abs(coef["mean"] - ref) < 4 * coef["mcse_mean"] + 1e-3)
    assert (out_dir / "lam_selection.png").exists()


@pytest.mark.slow
def test_lam_mcem_lands_near_park_and_casella(tmp_path, capsys):
    """Park & Casella (2008): lam = 0.237 on diabetes (y centred; the
    intercept does that). Their rate is 1 / scale of the relative prior;
    0.01 is many Monte Carlo errors (select_lambda's own tests pin it)."""
    out_dir = tmp_path / "m"
    args = ["--prior", "laplace", "--relative", "--lam", "mcem", "--seed", "3"]
    code = main(["fit", "--dataset", "diabetes", *args, "--out", str(out_dir), "-q"])
    out = capsys.readouterr().out
    assert code == 0
    scale = float(re.search(r"Laplace\(scale=([-+.\de]+), relative=True\)", out)[1])
    assert abs(1 / scale - 0.237) < 0.01
    lam, sigma = _chosen(out)
    np.testing.assert_allclose(lam, sigma / scale, rtol=1e-5)
    se = float(re.search(r"Monte Carlo SE ([-+.\de]+)", out)[1])
    assert 0 < se < 0.05 * lam
    table = pd.read_csv(out_dir / "lam_selection.csv")
    assert list(table.columns) == ["lam", "chosen"] and len(table) >= 10


def test_lam_hyperprior_prints_the_posterior_interval(capsys):
    args = ["--prior", "laplace", "--relative", "--lam", "hyperprior", "--seed", "0"]
    code = main(["fit", "--dataset", "diabetes", *args, "-q"])
    out = capsys.readouterr().out
    assert code == 0
    lam, _ = _chosen(out)
    found = re.search(r"90% interval \[([-+.\de]+), ([-+.\de]+)\]", out)
    lo, hi = float(found[1]), float(found[2])
    assert lo < lam < hi


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--prior", "laplace", "--lam", "aic"], "invalid value 'aic'"),
        (["--prior", "laplace", "--lam", "cv", "--scale", "1"], "leave --scale out"),
        (["--prior", "laplace", "--lam", "0.5", "--one-se"], "--one-se goes with"),
        (["--prior", "gaussian", "--lam", "evidence", "--one-se"], "not --lam evid"),
        (["--prior", "laplace", "--lam", "evidence"], "must be a Gaussian prior"),
        (["--prior", "laplace", "--lam", "cv", "--folds", "1"], "--folds must be"),
        (
            ["--prior", "laplace", "--lam", "cv", "--sigma-prior", "jeffreys"],
            "give one of them",
        ),
        (
            ["--prior", "gaussian", "--lam", "evidence", "--sigma", "2"],
            "must be None",
        ),
        (
            ["--prior", "laplace", "--lam", "cv", "--likelihood", "poisson"],
            "Gaussian likelihood only",
        ),
    ],
)
def test_bad_options_exit_2(args, words, capsys):
    assert _exit_code(["fit", "--dataset", "diabetes", *args]) == 2
    assert words in capsys.readouterr().err


def test_other_commands_keep_a_numeric_lam(capsys):
    argv = ["compare", "--dataset", "diabetes", "--prior", "laplace", "--lam", "cv"]
    assert _exit_code(argv) == 2
    assert "invalid float value: 'cv'" in capsys.readouterr().err


def _exit_code(argv):
    """``main``'s exit code, argparse's usage errors (SystemExit) included."""
    try:
        return main(argv)
    except SystemExit as err:
        return err.code
