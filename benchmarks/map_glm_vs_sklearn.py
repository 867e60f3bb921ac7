"""Logistic and Poisson MAPs vs the matched scikit-learn fits, same run.

    .venv/bin/python benchmarks/glm_vs_sklearn.py [--sizes 569x30 2000x50 200x500]

For each size (569x30 is scikit-learn's breast cancer, standardized; the others
are seeded synthetic problems with correlated columns) prints the median wall
time of ``fit_map(..., likelihood=...)`` (solver "auto": proximal Newton) and of
scikit-learn at its default tol and at tol=1e-12, their ratios, the number of
non-zero weights and the max coefficient difference from the tol=1e-12 fit.
Rows: logistic + Gaussian (``LogisticRegression(C=tau^2)``, newton-cholesky),
logistic + Laplace at 10% of the all-zero penalty (``C = b``, saga), Poisson +
Gaussian (``PoissonRegressor(alpha=1/(n tau^2))``, newton-cholesky).
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, PoissonRegressor
from sklearn.preprocessing import StandardScaler

from bayesreg import Gaussian, Laplace, fit_map


def median_time(repeats, fn, *args):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def data(n, p, seed=0):
    rng = np.random.default_rng(seed)
    if (n, p) == (569, 30):
        X, y = load_breast_cancer(return_X_y=True)
        X = StandardScaler().fit_transform(X)
    else:
        z = rng.normal(size=(n, 1))
        X = 0.5 * z + rng.normal(size=(n, p))
        w = np.zeros(p)
        w[: min(10, p)] = rng.normal(size=min(10, p))
        y = (rng.random(n) < 1 / (1 + np.exp(-(X @ w)))).astype(float)
    counts = rng.poisson(np.exp(0.3 * X[:, : min(5, p)].sum(1) / np.sqrt(5)))
    return X, y.astype(float), counts.astype(float)


def rows(X, y, counts):
    n = X.shape[0]
    lam_max = np.abs((X - X.mean(0)).T @ (y - y.mean())).max()
    b = 1.0 / (0.1 * lam_max)
    yield (
        "logit L2",
        "logistic",
        Gaussian(scale=1.0),
        y,
        (lambda tol: LogisticRegression(C=1.0, solver="newton-cholesky", tol=tol)),
    )
    yield (
        "logit L1",
        "logistic",
        Laplace(scale=b),
        y,
        (
            lambda tol: LogisticRegression(
                C=b, l1_ratio=1.0, solver="saga", tol=tol, max_iter=100000
            )
        ),
    )
    yield (
        "pois L2",
        "poisson",
        Gaussian(scale=1.0),
        counts,
        (
            lambda tol: PoissonRegressor(
                alpha=1.0 / n, solver="newton-cholesky", tol=tol, max_iter=1000
            )
        ),
    )


def fit_glm(X, y, prior, likelihood):
    return fit_map(X, y, prior, likelihood=likelihood)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["569x30", "2000x50", "200x500"])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    print(
        f"{'n x p':>10} {'model':>9} {'fit_map s':>10} {'sk s':>9} {'ratio':>6} "
        f"{'sk(1e-12) s':>11} {'ratio':>6} {'nnz':>5} {'max|diff|':>9}"
    )
    warnings.simplefilter("ignore", ConvergenceWarning)
    for size in args.sizes:
        n, p = map(int, size.split("x"))
        X, y, counts = data(n, p)
        for name, lik, prior, target, make in rows(X, y, counts):
            t_map, res = median_time(args.repeats, fit_glm, X, target, prior, lik)
            t_sk, _ = median_time(args.repeats, make(1e-4).fit, X, target)
            t_tight, est = median_time(args.repeats, make(1e-12).fit, X, target)
            diff = np.abs(res.coef - np.ravel(est.coef_)).max()
            print(
                f"{size:>10} {name:>9} {t_map:10.4f} {t_sk:9.4f} {t_map / t_sk:6.2f} "
                f"{t_tight:11.4f} {t_map / t_tight:6.2f} "
                f"{np.count_nonzero(res.coef):5d} {diff:9.2e}",
                flush=True,
            )


if __name__ == "__main__":
    main()
