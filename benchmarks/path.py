"""Bayesian regularization path: one compiled model for the whole grid.

Target (issue 4): a 20-point Bayesian path in at most 3x the wall time of one
posterior fit.

Usage::

    .venv/bin/python benchmarks/path.py                 # diabetes, 20 lams
    .venv/bin/python benchmarks/path.py --n-lams 10 --naive 3

Rows (diabetes, Laplace prior from ``Laplace.from_penalty(lam, sigma)``, sigma
fixed at the least-squares estimate, ``draws``/``tune``/``chains`` as given):

* ``one fit``: :func:`bayesreg.sample_posterior` at one ``lam``, model cache
  cleared first, so it includes building and compiling the model;
* ``path``: :func:`bayesreg.posterior.sample_path` over the whole grid, cache
  cleared first: one compilation, then one sampling run per ``lam``;
* ``naive path`` (``--naive k``): a fresh model per ``lam`` (cache cleared
  before each of ``k`` fits), scaled to the grid size.

An untimed warm-up fit runs first so that PyTensor's on-disk cache is equally
warm for every row. Times are the median over ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import pandas as pd

from bayesreg import Laplace
from bayesreg import posterior as bp
from bayesreg.datasets import load_diabetes
from bayesreg.plots import default_lams, residual_sigma
from bayesreg.posterior.samplers import sampler_names


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-lams", type=int, default=20)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--tune", type=int, default=1000)
    parser.add_argument("--chains", type=int, default=4)
    parser.add_argument(
        "--sampler", default=bp.DEFAULT_SAMPLER, choices=sampler_names()
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--naive", type=int, default=0, help="time k fits with a new model each"
    )
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # sampling diagnostics are not timed here

    X, y = load_diabetes()
    sigma = residual_sigma(X, y)
    lams = default_lams(X, y, "laplace", n_lams=args.n_lams)
    priors = [Laplace.from_penalty(float(lam), sigma) for lam in lams]
    kw = dict(
        draws=args.draws, tune=args.tune, chains=args.chains, sampler=args.sampler
    )
    mid = priors[len(priors) // 2]

    def one():
        bp.clear_cache()
        return bp.sample_posterior(X, y, mid, sigma, random_seed=1, **kw)

    def path():
        bp.clear_cache()
        return bp.sample_path(
            X, y, priors, sigma, random_seed=1, progressbar=False, **kw
        )

    one()  # warm-up: PyTensor's disk cache, imports
    rows = []
    t_one = statistics.median(_timed(one)[0] for _ in range(args.repeat))
    rows.append(("one fit (compile + sample)", 1, t_one))
    t_path = statistics.median(_timed(path)[0] for _ in range(args.repeat))
    rows.append((f"path, one compiled model ({args.n_lams} lams)", args.n_lams, t_path))
    if args.naive:
        k = min(args.naive, args.n_lams)
        t_k, _ = _timed(lambda: [one() for _ in range(k)])
        rows.append(
            (
                f"naive path, new model per lam ({k} timed, scaled)",
                args.n_lams,
                t_k / k * args.n_lams,
            )
        )
    table = pd.DataFrame(rows, columns=["run", "fits", "wall s"])
    table["x one fit"] = table["wall s"] / t_one
    table["s per fit"] = table["wall s"] / table["fits"]
    print(
        f"diabetes (n={len(y)}, p={X.shape[1]}), Laplace prior, sigma={sigma:.2f}, "
        f"sampler={args.sampler}, draws={args.draws}, tune={args.tune}, "
        f"chains={args.chains}, repeat={args.repeat}"
    )
    with pd.option_context("display.float_format", "{:.2f}".format):
        print(table.to_string(index=False))
    ratio = t_path / t_one
    print(
        f"\n{args.n_lams}-point path / one fit = {ratio:.2f} "
        f"(target <= 3): {'met' if ratio <= 3 else 'NOT met'}"
    )
    return table


if __name__ == "__main__":
    main()
