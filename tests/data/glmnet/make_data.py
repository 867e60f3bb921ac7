"""Write the data sets that ``make_reference.R`` fits with glmnet.

Run from the repository root: ``.venv/bin/python tests/data/glmnet/make_data.py``.
Each CSV has the feature columns followed by ``y``; numbers are written with 17
significant digits so R reads back the same doubles (to the last bit or two).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from bayesreg.datasets import load_diabetes

HERE = Path(__file__).resolve().parent


def _write(name, X, y):
    df = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    df["y"] = y
    df.to_csv(HERE / f"{name}.csv", index=False, float_format="%.17g")


def main():
    X, y = load_diabetes()
    df = X.copy()
    df["y"] = y.to_numpy()
    df.to_csv(HERE / "diabetes.csv", index=False, float_format="%.17g")

    rng = np.random.default_rng(20240517)
    # (b1) plain, correlated columns, n > p
    n, p = 60, 8
    cov = 0.6 ** np.abs(np.subtract.outer(np.arange(p), np.arange(p)))
    X = rng.multivariate_normal(np.zeros(p), cov, size=n)
    w = np.array([3.0, -2.0, 0.0, 0.0, 1.5, 0.0, 0.5, 0.0])
    _write("synth_small", X, 2.0 + X @ w + rng.normal(0.0, 1.0, n))

    # (b2) p > n, sparse truth
    n, p = 30, 50
    X = rng.normal(size=(n, p))
    w = np.zeros(p)
    w[[0, 3, 7, 20]] = [4.0, -3.0, 2.0, 1.0]
    _write("synth_wide", X, -1.0 + X @ w + rng.normal(0.0, 0.5, n))

    # (b3) columns on very different scales and offsets; y far from 0, large sd
    n, p = 80, 6
    scales = np.array([1e-3, 1.0, 1e3, 50.0, 0.02, 7.0])
    offsets = np.array([0.0, 5.0, -2e3, 100.0, 0.1, 0.0])
    Z = rng.normal(size=(n, p))
    X = offsets + Z * scales
    y = 500.0 + Z @ np.array([40.0, -25.0, 60.0, 0.0, 10.0, 0.0])
    _write("synth_scaled", X, y + rng.normal(0.0, 20.0, n))


if __name__ == "__main__":
    main()
