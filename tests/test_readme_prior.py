"""The README's prior defined outside the package: MAP and posterior."""

import re
from pathlib import Path

import numpy as np
from scipy import optimize

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_external_prior_runs_and_its_map_is_right():
    text = README.read_text()
    section = text.split("## Priors: the contract and your own", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    ns = {}
    exec(compile(block, "README external prior", "exec"), ns)
    X, y, fit = ns["X"].to_numpy(), ns["y"].to_numpy(), ns["fit"]
    assert fit.converged
    # independent: centred least squares plus the logistic negative log density
    Xc, yc, s, sigma = X - X.mean(0), y - y.mean(), 100.0, 54.0

    def objective(w):
        r = yc - Xc @ w
        z = np.abs(w) / s
        return 0.5 * r @ r / sigma**2 + np.sum(z + 2 * np.log1p(np.exp(-z)))

    ref = optimize.minimize(objective, np.zeros(X.shape[1]), method="BFGS",
                            options={"gtol": 1e-10}).x  # fmt: skip
    np.testing.assert_allclose(fit.coef, ref, atol=1e-3 * np.abs(ref).max())
    assert objective(fit.coef) <= objective(ref) + 1e-9
    coef = ns["idata"].posterior["coef"]
    assert coef.shape == (2, 1000, 10) and np.all(np.isfinite(coef.values))
