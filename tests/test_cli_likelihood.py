"""``--likelihood`` on the subcommands that fit (issue 12): logistic and
Poisson targets with fit, compare and path; what the family declares decides
the options (no noise scale: no --sigma); bad targets exit 2."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from test_cli import run

from bayesreg import Gaussian, Laplace, fit_map
from bayesreg.cli import build_parser, main
from bayesreg.likelihoods import LIKELIHOODS, StudentT
from bayesreg.map import fit_map_path
from bayesreg.sigma import default_sigma

FEATURES = ["x0", "x1", "x2", "x3"]


@pytest.fixture(scope="module")
def csv(tmp_path_factory):
    """120 rows: four features, a 0/1 label, counts and a real target."""
    rng = np.random.default_rng(12)
    n = 120
    X = rng.standard_normal((n, len(FEATURES)))
    eta = 0.3 + X @ np.array([1.5, -1.0, 0.0, 0.5])
    df = pd.DataFrame(X, columns=FEATURES).assign(
        label=(rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int),
        count=rng.poisson(np.exp(0.2 + X @ np.array([0.5, -0.3, 0.0, 0.2]))),
        real=eta + rng.standard_t(3, n),
    )
    path = tmp_path_factory.mktemp("lik") / "data.csv"
    df.to_csv(path, index=False)
    return path


def _data(csv, target):
    df = pd.read_csv(csv)
    return df[FEATURES], df[target]


def _args(csv, target, *rest):
    return [str(csv), "--target", target, "--features", *FEATURES, *rest]


def test_choices_come_from_the_registry():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in ("fit", "compare", "path", "report"):
        actions = {a.dest: a for a in sub.choices[command]._actions}
        assert list(actions["likelihood"].choices) == list(LIKELIHOODS)
        assert actions["likelihood"].default == "gaussian"
        # the parameters of the families' constructors: student_t's df
        assert "--likelihood-df" in actions["likelihood_df"].option_strings


@pytest.mark.parametrize(
    ("likelihood", "target", "prior", "estimator"),
    [
        ("logistic", "label", Laplace(scale=0.5), "LogisticRegression("),
        ("poisson", "count", Gaussian(scale=1.0), "PoissonRegressor("),
    ],
)
def test_fit_map_is_fit_map_of_the_likelihood(
    csv, tmp_path, capsys, likelihood, target, prior, estimator
):
    out = tmp_path / "out"
    family_args = ["--prior", type(prior).__name__.lower(), "--scale"]
    code = main(
        [
            "fit",
            *_args(csv, target, "--likelihood", likelihood),
            *family_args,
            str(prior.scale),
            "--out",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    family = LIKELIHOODS[likelihood]()
    assert f"likelihood {family!r}" in captured.out.splitlines()[0]
    assert "no noise scale" in captured.out and estimator in captured.out
    assert "sigma" not in captured.err  # no default sigma computed or stated
    X, y = _data(csv, target)
    ref = fit_map(X, y, prior, likelihood=likelihood)
    table = pd.read_csv(out / "summary.csv", index_col="feature")
    np.testing.assert_allclose(table.loc[FEATURES, "map"], ref.coef, rtol=1e-9)
    assert table.loc["(intercept)", "map"] == pytest.approx(ref.intercept, rel=1e-9)
    assert (out / "coef.png").exists()


@pytest.mark.parametrize(
    ("likelihood", "target", "prior", "matched"),
    [
        # C = b for Laplace(b), C = tau^2 = 1/lam for Gaussian; alpha = 1/(n tau^2)
        ("logistic", "label", ["--prior", "laplace", "--scale", "0.5"], ("C", 0.5)),
        ("logistic", "label", ["--prior", "gaussian", "--lam", "2"], ("C", 0.5)),
        (
            "poisson",
            "count",
            ["--prior", "gaussian", "--scale", "1"],
            ("alpha", 1 / 120),
        ),
    ],
)
def test_compare_agrees_with_scikit_learn(
    csv, capsys, likelihood, target, prior, matched
):
    code = main(["compare", *_args(csv, target, "--likelihood", likelihood), *prior])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    head = captured.out.splitlines()[0]
    assert f"likelihood {LIKELIHOODS[likelihood]()!r}" in head
    assert "sigma=" not in head
    assert "ok: True" in captured.out
    name, value = matched
    found = re.search(rf"\b{name}=([-+.\de]+)", captured.out)
    assert found and float(found.group(1)) == pytest.approx(value, rel=1e-12)


def test_compare_gaussian_still_states_sigma(csv, capsys):
    code = main(["compare", *_args(csv, "real", "--prior", "gaussian", "--scale", "1")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "likelihood Gaussian(), sigma=" in captured.out
    assert "Ridge(" in captured.out


def test_path_logistic_is_fit_map_path(csv, tmp_path, capsys):
    out = tmp_path / "path"
    code = main(
        [
            "path",
            *_args(csv, "label", "--likelihood", "logistic"),
            "--prior",
            "laplace",
            "--n-lams",
            "6",
            "--out",
            str(out),
            "-q",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "likelihood Logistic(), no noise scale" in captured.out
    table = pd.read_csv(out / "path.csv", index_col="lam")
    # the grid starts at the smallest lam with all zeros: max |score at w = 0|
    X, y = _data(csv, "label")
    Xc = X - X.mean()
    assert table.index[0] == pytest.approx(np.abs(Xc.T @ (y - y.mean())).max())
    assert (table.iloc[0] == 0).all() and (table.iloc[-1] != 0).all()
    priors = [Laplace.from_penalty(lam, 1.0) for lam in table.index]
    ref = fit_map_path(X, y, priors, likelihood="logistic")
    np.testing.assert_allclose(table.to_numpy(), [r.coef for r in ref], atol=1e-9)
    assert (out / "path.png").exists()


def test_path_poisson_ridge(csv, tmp_path, capsys):
    out = tmp_path / "path"
    args = _args(csv, "count", "--likelihood", "poisson", "--prior", "gaussian")
    code = main(["path", *args, "--n-lams", "4", "--out", str(out), "-q"])
    assert code == 0, capsys.readouterr().err
    table = pd.read_csv(out / "path.csv", index_col="lam")
    X, y = _data(csv, "count")
    ref = fit_map(
        X, y, Gaussian.from_penalty(table.index[-1], 1.0), likelihood="poisson"
    )
    np.testing.assert_allclose(table.iloc[-1], ref.coef, rtol=1e-8)


def test_student_t_takes_its_df_and_a_default_sigma(csv, tmp_path, capsys):
    out = tmp_path / "out"
    args = _args(csv, "real", "--likelihood", "student_t", "--likelihood-df", "3")
    code = main(
        ["fit", *args, "--prior", "laplace", "--scale", "0.5", "--out", str(out)]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "likelihood StudentT(df=3.0)" in captured.out
    assert "no scikit-learn equivalent" in captured.out
    # a family with a noise scale: the default sigma is computed and stated
    X, y = _data(csv, "real")
    sigma, how = default_sigma(X, y)
    assert f"with sigma={sigma:.6g}" in captured.out and how in captured.err
    ref = fit_map(X, y, Laplace(scale=0.5), sigma, likelihood=StudentT(df=3.0))
    table = pd.read_csv(out / "summary.csv", index_col="feature")
    np.testing.assert_allclose(table.loc[FEATURES, "map"], ref.coef, rtol=1e-8)


BAD = [
    # a target the family cannot model: the package's message, the column named
    (("fit", "count", "--likelihood", "logistic", "--prior", "flat"),
     ["target column 'count'", "0s and 1s"]),
    (("compare", "real", "--likelihood", "logistic", "--prior", "gaussian",
      "--scale", "1"), ["target column 'real'", "0s and 1s"]),
    (("path", "real", "--likelihood", "poisson", "--prior", "laplace"),
     ["target column 'real'", "non-negative integer"]),
    (("report", "count", "--likelihood", "logistic"), ["0s and 1s"]),
    # no noise scale: --sigma and --sigma-prior are refused
    (("fit", "label", "--likelihood", "logistic", "--prior", "flat", "--sigma",
      "2"), ["--sigma", "Logistic()", "has none"]),
    (("compare", "label", "--likelihood", "logistic", "--prior", "gaussian",
      "--scale", "1", "--sigma", "1"), ["--sigma", "has none"]),
    (("path", "count", "--likelihood", "poisson", "--prior", "laplace",
      "--sigma", "3"), ["--sigma", "Poisson()"]),
    (("report", "label", "--likelihood", "logistic", "--sigma", "1"),
     ["--sigma", "has none"]),
    (("fit", "label", "--likelihood", "logistic", "--prior", "gaussian",
      "--scale", "1", "--sigma-prior", "halfnormal", "--method", "nuts"),
     ["--sigma-prior", "has none"]),
    # only the Gaussian has closed-form draws and sufficient statistics
    (("fit", "label", "--likelihood", "logistic", "--prior", "gaussian",
      "--scale", "1", "--method", "exact"), ["--method exact", "--method nuts"]),
    (("fit", "label", "--likelihood", "logistic", "--prior", "flat",
      "--chunksize", "50"), ["needs the rows", "sufficient statistics"]),
    # scikit-learn has no L1 Poisson regression
    (("compare", "count", "--likelihood", "poisson", "--prior", "laplace",
      "--scale", "1"), ["L1", "PoissonRegressor"]),
    # a family's parameter given to another family, or out of range
    (("fit", "label", "--likelihood", "logistic", "--likelihood-df", "3",
      "--prior", "flat"), ["--likelihood-df", "student_t"]),
    (("fit", "real", "--likelihood", "student_t", "--likelihood-df", "-1",
      "--prior", "flat"), ["--likelihood-df", "(0, inf)"]),
]  # fmt: skip


@pytest.mark.parametrize(("args", "words"), BAD)
def test_bad_input_exit_2(csv, tmp_path, capsys, args, words):
    command, target, *rest = args
    out = ["--out", str(tmp_path / "o")] if command in ("path", "report") else []
    code = main([command, *_args(csv, target, *rest), *out, "-q"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith(f"bayesreg {command}: error: ") and len(err.splitlines()) == 1
    for word in words:
        assert word in err
    assert not (tmp_path / "o").exists()


def test_console_script_bad_target_exit_2(csv):
    res = run("fit", *_args(csv, "real", "--likelihood", "logistic", "--prior", "flat"))
    assert res.returncode == 2, res.stdout + res.stderr
    assert "0s and 1s" in res.stderr and "Traceback" not in res.stderr
    assert res.stdout == ""
