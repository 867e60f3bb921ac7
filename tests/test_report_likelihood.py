"""``bayesreg report --likelihood`` (issue 12): the sections follow what the
likelihood declares. Logistic: the calibration of the predicted
probabilities and MAP vs LogisticRegression; Poisson: observed vs expected
counts; Student-t: the Gaussian story with its df and no scikit-learn side."""

from __future__ import annotations

import base64
import html
import os
import re
import subprocess

import numpy as np
import pandas as pd
import pytest
from test_report import SCRIPT, _Collector

from bayesreg.io import OutputDir
from bayesreg.likelihoods import Logistic, Poisson, StudentT
from bayesreg.report import Page, ReportOptions, ReportResult, default_settings
from bayesreg.report.sections import calibration_section, equivalence_section

FEATURES = ["x0", "x1", "x2"]


def _frame(n=150, seed=12):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.standard_normal((n, len(FEATURES))), columns=FEATURES)
    eta = 0.2 + X.to_numpy() @ np.array([1.5, -1.0, 0.3])
    return X.assign(
        label=(rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int),
        count=rng.poisson(np.exp(0.3 + X.to_numpy() @ np.array([0.6, -0.4, 0.0]))),
        real=eta + rng.standard_t(3, n),
    )


@pytest.fixture(scope="module")
def logistic_report(tmp_path_factory):
    """One small logistic report (two tiny posteriors: most of it compiling)."""
    d = tmp_path_factory.mktemp("logistic")
    _frame().to_csv(d / "data.csv", index=False)
    out = d / "rep"
    res = subprocess.run(
        [str(SCRIPT), "report", str(d / "data.csv"), "--target", "label",
         "--features", *FEATURES, "--likelihood", "logistic", "--out", str(out),
         "--draws", "100", "--tune", "150", "--chains", "2", "--n-lams", "8",
         "--n-bayes-lams", "2"],
        capture_output=True,
        text=True,
        env=dict(os.environ, MPLBACKEND="Agg"),
        timeout=600,
    )  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr
    return res, out, (out / "report.html").read_text(encoding="utf-8")


def test_logistic_report_has_the_calibration_figure(logistic_report):
    res, out, page = logistic_report
    assert '<section id="calibration">' in page
    assert "Predicted vs observed" in page
    parser = _Collector()
    parser.feed(page)
    figure = [i for i in parser.imgs if i["alt"].startswith("calibration")]
    assert len(figure) == 1
    data = base64.b64decode(figure[0]["src"].split(",", 1)[1])
    assert data == (out / "calibration.png").read_bytes()
    table = pd.read_csv(out / "calibration.csv", index_col="bin")
    assert 2 <= len(table) <= 10 and table["count"].sum() == 150
    assert table["predicted"].between(0, 1).all()
    assert table["observed"].between(0, 1).all()
    assert table["predicted"].is_monotonic_increasing
    assert "calibration of the MAP (laplace) by bin" in page
    # labels have no posterior predictive intervals of a new observation
    assert not (out / "posterior_predictive.png").exists()
    assert "predicted vs observed" in res.stderr  # its own step


def test_logistic_report_compares_the_map_with_logistic_regression(logistic_report):
    res, out, page = logistic_report
    text = html.unescape(page)
    for name in ("flat", "gaussian", "laplace", "elasticnet"):
        assert re.search(rf"^\s+{name}\s+agree\b", res.stdout, re.M), res.stdout
        t = pd.read_csv(out / f"equivalence_{name}.csv", index_col="feature")
        scale = max(1.0, float(t["sklearn"].abs().max()))
        np.testing.assert_allclose(t["map"], t["sklearn"], rtol=0, atol=1e-6 * scale)
        assert (t["map_zero"] == t["sklearn_zero"]).all()
    # Gaussian(tau) is C = tau^2, Laplace(b) is C = b with the L1 penalty
    tau = float(re.search(r"gaussian: Gaussian\(scale=([\d.e+-]+)\)", text)[1])
    ridge = r"gaussian: Gaussian\(.*?\) vs <code>LogisticRegression\(C=([\d.e+-]+)"
    c = float(re.search(ridge, text)[1])
    assert c == pytest.approx(tau**2, rel=1e-4)
    b = float(re.search(r"laplace: Laplace\(scale=([\d.e+-]+)\)", text)[1])
    l1 = r"laplace: Laplace\(.*?\) vs <code>LogisticRegression\(C=([\d.e+-]+), "
    found = re.search(l1 + "l1_ratio=1", text)
    assert float(found[1]) == pytest.approx(b, rel=1e-5)
    # the model and the settings say the likelihood, and no noise scale
    assert "Model: y_i ~ Logistic()" in text
    assert "no noise scale: sigma = 1 in every penalty" in text
    assert "N(0, sigma^2)" not in text and "sigma fixed at" not in text
    assert "minimizes -log p(y | b0 + Xw) + l1 ||w||_1" in text
    # the posteriors are of the logistic model, with their MAP column
    post = pd.read_csv(out / "posterior_laplace.csv", index_col="feature")
    lasso = pd.read_csv(out / "equivalence_laplace.csv", index_col="feature")
    np.testing.assert_allclose(post["map"], lasso.loc[FEATURES, "map"], rtol=1e-8)


def _sections(tmp_path, lik, target, run):
    """Run ``run(page, X, y, sigma, priors, out, result, options)`` into a
    Page and an OutputDir; return the page text and the directory."""
    df = _frame()
    X, y = df[FEATURES], df[target]
    options = ReportOptions(likelihood=lik)
    sigma, notes, priors = default_settings(X, y, options)
    page, result = Page("t"), ReportResult()
    with OutputDir(tmp_path / "out") as out:
        run(page, X, y, sigma, priors, out, result, options)
    return html.unescape(page.render()), tmp_path / "out", result, notes


def test_poisson_counts_observed_vs_expected(tmp_path):
    def run(page, X, y, sigma, priors, out, result, options):
        calibration_section(page, X, y, sigma, priors, {}, out, result, options, lik)

    lik = Poisson()
    text, out, _, notes = _sections(tmp_path, lik, "count", run)
    assert (out / "calibration.png").exists()
    assert (out / "count_frequencies.png").exists()
    assert "observed counts of each value of y against the MAP expectation" in text
    assert "predicted E[y | x] under Poisson()" in text
    table = pd.read_csv(out / "calibration.csv", index_col="bin")
    assert table["count"].sum() == 150 and (table["predicted"] > 0).all()
    assert "no noise scale: sigma = 1 in every penalty" in notes


def test_student_t_is_the_gaussian_story_with_its_df(tmp_path):
    def run(page, X, y, sigma, priors, out, result, options):
        equivalence_section(page, X, y, sigma, priors, out, result, True, lik)

    lik = StudentT(df=3.0)
    text, out, result, notes = _sections(tmp_path, lik, "real", run)
    assert notes[0] == "likelihood StudentT(df=3.0)"
    assert any("residual" in n or "sigma" in n for n in notes[1:2])  # a default sigma
    # scikit-learn has no Student-t regression: the MAP alone, no check
    assert result.checks == []
    assert result.unmatched == ["flat", "gaussian", "laplace", "elasticnet"]
    assert "scikit-learn has no estimator for this prior with StudentT(df=3.0)" in text
    t = pd.read_csv(out / "equivalence_laplace.csv", index_col="feature")
    assert list(t.columns) == ["map", "map_zero"]


def test_a_likelihood_without_noise_scale_takes_no_sigma():
    df = _frame()
    options = ReportOptions(likelihood=Logistic(), sigma=2.0)
    with pytest.raises(ValueError, match="no noise scale"):
        default_settings(df[FEATURES], df["label"], options)
