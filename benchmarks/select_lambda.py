"""``select_lambda(method="cv")`` vs scikit-learn's LassoCV, ElasticNetCV
and RidgeCV with the same folds and grid.

    .venv/bin/python benchmarks/select_lambda.py [--sizes 442x10 ...] [--repeats 3]

For each size (442x10: scikit-learn's diabetes, as shipped; the others
seeded synthetic problems from ``make_correlated_regression``, 5 true
non-zeros, rho = 0.5) and model, ``select_lambda`` with ``cv=KFold(5)`` and
its default grid of 100 lam (L1: ``fold_lam="per_sample"``, the penalty
convention of LassoCV / ElasticNetCV, which get ``alphas = grid / n``;
ridge: ``fold_lam="same"``, RidgeCV gets ``alphas = grid`` and
``scoring="neg_mean_squared_error"``) is timed against the scikit-learn
estimator. Every fit ends with the refit on all rows, as theirs does.

*Matched precision* (L1): the loosest ``tol`` in 1e-4, 1e-6, ..., 1e-12 at
which scikit-learn chooses our alpha and its coefficients are within
``1e-6 max(1, max|coef|)`` of ours (our MAPs are exact to a relative KKT
violation of 1e-9); ``ratio`` is our median time over theirs there (target
<= 1.0). ``sk@1e-4`` is their default tol, and ``ratio@1e-4`` our time over
it. RidgeCV has no tol (Cholesky solves): one column. Times are medians of
``--repeats`` runs, in seconds, on whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNetCV, LassoCV, RidgeCV
from sklearn.model_selection import KFold

from bayesreg import ElasticNet, Gaussian, Laplace, select_lambda
from bayesreg.datasets import load_diabetes, make_correlated_regression

TOLS = (1e-4, 1e-6, 1e-8, 1e-10, 1e-12)


def median_time(repeats, fn):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def data(size):
    if size == "442x10":
        X, y = load_diabetes()
        return X.to_numpy(), y.to_numpy()
    n, p = (int(v) for v in size.split("x"))
    X, y, _ = make_correlated_regression(n, p, 5, rho=0.5, noise=2.0, random_state=0)
    return X, y


def same(ours, ref, n, scale_alpha=True):
    alpha = ours.lam / n if scale_alpha else ours.lam
    ok_alpha = np.isclose(alpha, ref.alpha_, rtol=1e-12)
    tol = 1e-6 * max(1.0, float(np.max(np.abs(ours.coef))))
    return bool(ok_alpha and np.max(np.abs(ours.coef - ref.coef_)) <= tol)


def l1_row(X, y, prior, make, repeats):
    """``(ours, sk@1e-4, sk matched, tol matched)`` for an L1 model."""
    n = X.shape[0]
    ours_t, ours = median_time(
        repeats,
        lambda: select_lambda(X, y, prior, cv=KFold(5), fold_lam="per_sample"),
    )
    alphas = ours.grid / n
    default_t = matched_t = matched_tol = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for tol in TOLS:
            t, ref = median_time(repeats, lambda tol=tol: make(alphas, tol).fit(X, y))
            if tol == 1e-4:
                default_t = t
            if same(ours, ref, n):
                matched_t, matched_tol = t, tol
                break
    return ours_t, default_t, matched_t, matched_tol


def ridge_row(X, y, repeats):
    ours_t, ours = median_time(
        repeats, lambda: select_lambda(X, y, Gaussian(1.0), cv=KFold(5))
    )
    ref = RidgeCV(alphas=ours.grid, cv=KFold(5), scoring="neg_mean_squared_error")
    t, ref = median_time(repeats, lambda: ref.fit(X, y))
    return ours_t, t, (t if same(ours, ref, 1, scale_alpha=False) else None), None


def fmt(v, spec=".3f"):
    return "n/a" if v is None else format(v, spec)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["442x10", "200x50", "1000x100"])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    models = {
        "lasso": lambda X, y, r: l1_row(
            X, y, Laplace(1.0),
            lambda a, tol: LassoCV(alphas=a, cv=KFold(5), tol=tol, max_iter=10**6),
            r,
        ),
        "enet0.5": lambda X, y, r: l1_row(
            X, y, ElasticNet.from_penalty(1.0, 1.0, l1_ratio=0.5),
            lambda a, tol: ElasticNetCV(
                l1_ratio=0.5, alphas=a, cv=KFold(5), tol=tol, max_iter=10**6
            ),
            r,
        ),
        "ridge": lambda X, y, r: ridge_row(X, y, r),
    }  # fmt: skip
    head = (
        f"{'size':>9} {'model':>8} {'ours s':>8} {'sk@1e-4':>8} {'sk match':>9} "
        f"{'tol':>6} {'ratio':>6} {'ratio@1e-4':>10}"
    )
    print(head)
    print("-" * len(head))
    for size in args.sizes:
        X, y = data(size)
        select_lambda(X, y, Laplace(1.0), cv=2, n_lams=3)  # imports, caches
        for name, row in models.items():
            ours, default, matched, tol = row(X, y, args.repeats)
            ratio = None if matched is None else ours / matched
            print(
                f"{size:>9} {name:>8} {ours:8.3f} {fmt(default):>8} "
                f"{fmt(matched):>9} {fmt(tol, '.0e'):>6} {fmt(ratio, '.2f'):>6} "
                f"{fmt(None if default is None else ours / default, '.2f'):>10}"
            )


if __name__ == "__main__":
    main()
