"""Posterior sampling benchmarks: samplers, sufficient statistics, exact draws.

Usage::

    .venv/bin/python benchmarks/posterior.py            # all three tables
    .venv/bin/python benchmarks/posterior.py --only samplers

Wall times include model building and compilation (the model cache is cleared
before each row); "ESS/s" is the smallest bulk ESS over the coefficients
divided by that wall time. "warm" columns repeat the same call in the same
process (the package reuses its compiled model; the plain models recompile).
Tables:

1. samplers: diabetes, Laplace prior (Park & Casella: relative, Jeffreys
   sigma), every installed NUTS sampler of the registry
   (``bayesreg.posterior.samplers.REGISTRY``) and the package default.
2. suffstats: synthetic n = 100000, p = 50, Gaussian prior, sigma fixed: the
   package's sufficient-statistics model vs a plain ``Normal(X @ w + b0)``
   PyMC model, with the same sampler. The plain model is so slow that it runs
   only 300 tune + 300 draws per chain (ESS/s is a rate, so still comparable).
3. exact: diabetes, Gaussian prior, sigma fixed: every installed sampler
   (``exact`` and NUTS).
"""

from __future__ import annotations

import argparse
import time
import warnings

import arviz as az
import pandas as pd

from bayesreg import Gaussian, Jeffreys, Laplace
from bayesreg import posterior as bp
from bayesreg.datasets import load_diabetes, make_correlated_regression
from bayesreg.posterior.samplers import REGISTRY, sampler_names


def _min_ess(idata):
    return float(az.ess(idata.posterior[["coef"]])["coef"].min())


def _timed(fn):
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        idata = fn()
    return time.perf_counter() - t, _min_ess(idata)


def _row(name, fn, warm=True):
    """Cold call (model cache cleared: build + compile + sample), then warm."""
    bp.clear_cache()
    wall, ess = _timed(fn)
    row = {"run": name, "wall_s": wall, "min_ess_bulk": ess, "ess_per_s": ess / wall}
    if warm:
        wall, ess = _timed(fn)
        row.update(warm_wall_s=wall, warm_ess_per_s=ess / wall)
    return row


def samplers(draws, tune, chains):
    X, y = load_diabetes()
    y = y - y.mean()
    prior = Laplace(scale=1 / 0.237, relative=True)
    common = dict(draws=draws, tune=tune, chains=chains, random_seed=1)
    rows = []
    for name, sampler in [
        *_installed("nuts"),
        (f"default ({bp.DEFAULT_SAMPLER})", None),
    ]:
        rows.append(
            _row(
                name,
                lambda s=sampler: bp.sample_posterior(
                    X, y, prior, Jeffreys(), sampler=s, **common
                ),
            )
        )
    return pd.DataFrame(rows)


def _installed(method=None):
    """``(label, name)`` of the installed registered samplers (of ``method``)."""
    names = [k for k in sampler_names(method) if REGISTRY[k].available()]
    return [(f"{k}: {REGISTRY[k].method}", k) for k in names]


def _plain_model(X, y, prior, sigma):
    import pymc as pm

    coords = {"feature": [f"x{j}" for j in range(X.shape[1])]}
    with pm.Model(coords=coords) as model:
        w = prior.to_pymc("coef", "feature", sigma)
        b0 = pm.Flat("intercept")
        pm.Normal("y", mu=pm.math.dot(X, w) + b0, sigma=sigma, observed=y)
    return model


def _sample_plain(model, sampler, draws, tune, chains):
    import nutpie
    import pymc as pm

    if sampler == "nutpie":
        compiled = nutpie.compile_pymc_model(model)
        return nutpie.sample(
            compiled, draws=draws, tune=tune, chains=chains, seed=1, progress_bar=False
        )
    with model:
        return pm.sample(
            draws=draws,
            tune=tune,
            chains=chains,
            cores=min(chains, 2),
            random_seed=1,
            progressbar=False,
            compute_convergence_checks=False,
        )


def suffstats(draws, tune, chains, n=100_000, p=50, plain_draws=300):
    X, y, _ = make_correlated_regression(n, p, 10, rho=0.3, random_state=0)
    prior, sigma = Gaussian(scale=10.0), 1.0
    common = dict(draws=draws, tune=tune, chains=chains, random_seed=1)
    rows = []
    for sampler in ("nutpie", "pymc"):
        rows.append(
            _row(
                f"{sampler}: sufficient statistics",
                lambda s=sampler: bp.sample_posterior(
                    X, y, prior, sigma, sampler=s, log_likelihood=False, **common
                ),
            )
        )
        rows.append(
            _row(
                f"{sampler}: plain Normal(X @ w)",
                lambda s=sampler: _sample_plain(
                    _plain_model(X, y, prior, sigma),
                    s,
                    plain_draws,
                    plain_draws,
                    chains,
                ),
                warm=False,
            )
        )
    df = pd.DataFrame(rows)
    for sampler in ("nutpie", "pymc"):
        rows = df[df.run.str.startswith(sampler)]
        fast, slow = rows.ess_per_s
        warm = rows.warm_ess_per_s.iloc[0]
        at = df.run == f"{sampler}: sufficient statistics"
        df.loc[at, "ratio"] = fast / slow
        # compiled model reused vs the plain model (whose compile is a few %)
        df.loc[at, "warm_ratio"] = warm / slow
    return df


def exact(draws, tune, chains):
    X, y = load_diabetes()
    prior, sigma = Gaussian(scale=500.0), 54.0
    common = dict(draws=draws, tune=tune, chains=chains, random_seed=1)
    return pd.DataFrame(
        [
            _row(
                name,
                lambda s=s: bp.sample_posterior(
                    X, y, prior, sigma, sampler=s, **common
                ),
            )
            for name, s in _installed()
        ]
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--tune", type=int, default=1000)
    parser.add_argument("--chains", type=int, default=4)
    parser.add_argument(
        "--only", choices=["samplers", "suffstats", "exact"], action="append"
    )
    args = parser.parse_args(argv)
    tables = {"samplers": samplers, "suffstats": suffstats, "exact": exact}
    pd.set_option("display.width", 120)
    for name in args.only or tables:
        df = tables[name](args.draws, args.tune, args.chains)
        print(
            f"\n## {name} (draws={args.draws}, tune={args.tune}, chains={args.chains})"
        )
        print(df.to_string(index=False, float_format=lambda v: f"{v:.4g}"))


if __name__ == "__main__":
    main()
