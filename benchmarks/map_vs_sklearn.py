"""fit_map vs the matched scikit-learn fit, same data, same run.

    .venv/bin/python benchmarks/map_vs_sklearn.py [--sizes 442x10 1000x100 ...]

For each (n, p) and prior (Gaussian(lam=1) -> Ridge; Laplace at 10% and 1% of
the penalty that zeroes every weight -> Lasso) prints the median wall time of
fit_map and of scikit-learn (default tol, and tol=1e-12 as in the equivalence
tests), their ratios, the number of non-zero MAP weights and the max
coefficient difference from the tol=1e-12 fit; ``scipy s`` and its ratio
time ``fit_map(..., solver="scipy")`` (scipy.optimize, with the exact
active-set finish for L1) against the same default-tol scikit-learn fit.
A last row per size, ``path``,
times a 20-point L1 path (0.9 to 0.01 of the all-zero penalty, warm starts)
by ``fit_map_path`` and by one warm-started scikit-learn Lasso refitted along
the same penalties.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from bayesreg import Gaussian, Laplace, fit_map
from bayesreg.compare import penalized_equivalent
from bayesreg.datasets import load_diabetes, make_correlated_regression
from bayesreg.map import fit_map_path

DEFAULT_SIZES = ["442x10", "1000x100", "10000x1000", "100x1000", "100000x100"]


def median_time(repeats, fn, *args):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def data(n, p, seed=0):
    if (n, p) == (442, 10):
        X, y = load_diabetes()
        return X.to_numpy(), y.to_numpy()
    X, y, _ = make_correlated_regression(n, p, min(10, p), rho=0.5, random_state=seed)
    return X, y


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=DEFAULT_SIZES)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument(
        "--fracs",
        nargs="+",
        type=float,
        default=[0.1, 0.01],
        help="Laplace penalties as fractions of the smallest all-zero penalty",
    )
    args = parser.parse_args(argv)
    print(
        f"{'n x p':>12} {'prior':>9} {'fit_map s':>10} {'sk s':>9} {'ratio':>6} "
        f"{'sk(1e-12) s':>11} {'ratio':>6} {'nnz':>5} {'max|diff|':>9} "
        f"{'scipy s':>9} {'ratio':>6}"
    )
    for size in args.sizes:
        n, p = map(int, size.split("x"))
        X, y = data(n, p)
        lam_max = np.abs((X - X.mean(0)).T @ (y - y.mean())).max()
        priors = [Gaussian.from_penalty(1.0)]
        priors += [Laplace.from_penalty(f * lam_max) for f in args.fracs]
        for prior in priors:
            t_map, res = median_time(args.repeats, fit_map, X, y, prior)
            t_scipy, _ = median_time(args.repeats, fit_scipy, X, y, prior)
            sk = penalized_equivalent(prior, 1.0, n, tol=1e-4, max_iter=1000)
            t_sk, _ = median_time(args.repeats, sk.fit, X, y)
            tight = penalized_equivalent(prior, 1.0, n)
            t_tight, est = median_time(args.repeats, tight.fit, X, y)
            diff = np.abs(res.coef - est.coef_).max()
            name = type(prior).__name__
            if isinstance(prior, Laplace):
                name = f"L1 {prior.penalty().l1 / lam_max:g}"
            print(
                f"{size:>12} {name:>9} {t_map:10.4f} {t_sk:9.4f} {t_map / t_sk:6.2f} "
                f"{t_tight:11.4f} {t_map / t_tight:6.2f} "
                f"{np.count_nonzero(res.coef):5d} {diff:9.2e} "
                f"{t_scipy:9.4f} {t_scipy / t_sk:6.2f}",
                flush=True,
            )
        path_row(size, X, y, lam_max, args.repeats)


def fit_scipy(X, y, prior):
    return fit_map(X, y, prior, solver="scipy")


def sklearn_path(priors, n, X, y, tol=1e-12):
    est = penalized_equivalent(priors[0], 1.0, n, tol=tol).set_params(warm_start=True)
    coefs = []
    for prior in priors:
        est.set_params(alpha=penalized_equivalent(prior, 1.0, n).alpha)
        coefs.append(est.fit(X, y).coef_.copy())
    return coefs


def path_row(size, X, y, lam_max, repeats):
    n = X.shape[0]
    priors = [Laplace.from_penalty(f * lam_max) for f in np.geomspace(0.9, 0.01, 20)]
    t_map, res = median_time(repeats, fit_map_path, X, y, priors)
    t_scipy, _ = median_time(repeats, path_scipy, X, y, priors)
    t_sk, _ = median_time(repeats, sklearn_path, priors, n, X, y, 1e-4)
    t_tight, coefs = median_time(repeats, sklearn_path, priors, n, X, y)
    diff = max(np.abs(r.coef - c).max() for r, c in zip(res, coefs, strict=True))
    print(
        f"{size:>12} {'path':>9} {t_map:10.4f} {t_sk:9.4f} {t_map / t_sk:6.2f} "
        f"{t_tight:11.4f} {t_map / t_tight:6.2f} "
        f"{np.count_nonzero(res[-1].coef):5d} {diff:9.2e} "
        f"{t_scipy:9.4f} {t_scipy / t_sk:6.2f}",
        flush=True,
    )


def path_scipy(X, y, priors):
    return fit_map_path(X, y, priors, solver="scipy")


if __name__ == "__main__":
    main()
