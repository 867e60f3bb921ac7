"""The report's "Choosing lambda" section (issue 14), built on its own: its
table is select_lambda's choices (and BayesianRidge's for the evidence), its
figure and CSV are written, and other likelihoods leave it out."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import BayesianRidge

from bayesreg import Gaussian, Laplace, select_lambda
from bayesreg.datasets import load_diabetes
from bayesreg.io import OutputDir
from bayesreg.report import Page, ReportOptions
from bayesreg.report.build import ReportResult
from bayesreg.report.select import select_section


@pytest.mark.parametrize("standardize", [False, True])
def test_section_reports_the_choices(tmp_path, standardize):
    X, y = load_diabetes()
    sigma = 50.0
    page, result = Page("t"), ReportResult()
    options = ReportOptions(standardize=standardize)
    with OutputDir(tmp_path) as out:
        sels = select_section(page, X, y, sigma, options, out, result)
    assert not result.omitted
    table = pd.read_csv(tmp_path / "lam_selection.csv")
    assert list(zip(table["method"], table["prior"], strict=True)) == [
        ("cv", "laplace"),
        ("cv", "gaussian"),
        ("evidence", "gaussian"),
    ]
    cv = select_lambda(X, y, Laplace(), "cv", sigma=sigma, standardize=standardize)
    np.testing.assert_allclose(table["lam"][0], cv.lam, rtol=1e-12)
    np.testing.assert_allclose(table["lam (1-SE rule)"][0], cv.lam_1se, rtol=1e-12)
    np.testing.assert_allclose(table["value"][0], cv.criterion.min(), rtol=1e-12)
    assert table["sigma"][0] == sigma
    ridge = select_lambda(X, y, Gaussian(), "cv", sigma=sigma, standardize=standardize)
    np.testing.assert_allclose(table["lam"][1], ridge.lam, rtol=1e-12)
    if not standardize:  # BayesianRidge without its Gamma terms
        zero = dict(alpha_1=0.0, alpha_2=0.0, lambda_1=0.0, lambda_2=0.0)
        sk = BayesianRidge(tol=1e-10, max_iter=100_000, **zero).fit(X, y)
        np.testing.assert_allclose(table["lam"][2], sk.lambda_ / sk.alpha_, rtol=1e-6)
        np.testing.assert_allclose(table["sigma"][2], sk.alpha_**-0.5, rtol=1e-6)
    assert sels["gaussian", "evidence"].lam == table["lam"][2]
    assert (tmp_path / "lam_selection.png").stat().st_size > 1000
    html = page.render()
    assert "Choosing lambda" in html and "lam_selection.png" in html
    assert "BayesianRidge" in html


def test_other_likelihoods_omit_the_section(tmp_path):
    X, y = load_diabetes()
    counts = np.round(y / 50)
    page, result = Page("t"), ReportResult()
    with OutputDir(tmp_path) as out:
        sels = select_section(
            page, X, counts, 1.0, ReportOptions(), out, result, likelihood="poisson"
        )
    assert sels == {}
    assert result.omitted[0][0] == "choosing lambda"
    assert "Gaussian likelihood" in result.omitted[0][1]
    assert not (tmp_path / "lam_selection.csv").exists()
