"""The README's "Choosing lambda" block runs and says what it claims."""

import re
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import BayesianRidge

matplotlib.use("Agg")

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_choosing_lambda_runs_and_matches_scikit_learn():
    section = README.read_text().split("## Choosing lambda", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    ns = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # LassoCV converged
        exec(compile(block, "README choosing lambda", "exec"), ns)
    cv, lasso, model, y = ns["cv"], ns["lasso"], ns["model"], ns["y"]
    assert cv.lam / len(y) == pytest.approx(lasso.alpha_, rel=1e-12)
    assert cv.lam_1se > cv.lam
    zero = dict(alpha_1=0.0, alpha_2=0.0, lambda_1=0.0, lambda_2=0.0)
    sk = BayesianRidge(tol=1e-10, max_iter=100_000, **zero).fit(ns["X"], y)
    np.testing.assert_allclose(model.lam_, sk.lambda_ / sk.alpha_, rtol=1e-6)
    np.testing.assert_allclose(model.sigma_, sk.alpha_**-0.5, rtol=1e-6)
    assert len(ns["fig"].axes) == 4  # two criteria, two MAP paths
    matplotlib.pyplot.close(ns["fig"])
