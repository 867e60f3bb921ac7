"""The Gibbs engine against nutpie: minimum bulk ESS of the coefficients per
second of wall time (issue 13's targets).

Usage::

    .venv/bin/python benchmarks/gibbs.py                      # everything
    .venv/bin/python benchmarks/gibbs.py --cases diabetes-lasso cli --no-nutpie
    .venv/bin/python benchmarks/gibbs.py --draws 500 --tune 500 --repeats 1

Every row is ``sample_posterior(..., log_likelihood=False)`` with ``chains``
chains of ``tune + draws`` iterations; "ESS/s" is ArviZ's smallest bulk ESS
over the coefficients divided by the wall time of that call (model building,
compilation and diagnostics included, the imports not). "ESS/CPU-s" divides
by the CPU time of the process's threads instead: less sensitive to other
jobs on a shared machine, and it charges nutpie's parallel chains in full.

* cold: the first call in a fresh subprocess; for nutpie with an empty
  PyTensor compile directory (``PYTENSOR_FLAGS=compiledir=<new tmpdir>``);
* warm: further calls in one process (the median over ``--repeats`` seeds;
  nutpie reuses its compiled model).

Cases (4 chains, Jeffreys' sigma, ``lam`` fixed unless said):

* ``diabetes-lasso``: Park & Casella's relative Laplace, ``lam = 0.237``;
* ``diabetes-ridge``: Gaussian relative to sigma with a half-Cauchy scale,
  ``tau ~ HalfCauchy(1)`` (needs ``ScaleHalfCauchy`` with Gibbs conditionals);
* ``diabetes-horseshoe``: ``Horseshoe()`` (relative, ``tau ~ HalfCauchy(1)``);
* ``lasso-500x200``, ``lasso-100x1000``: ``make_correlated_regression`` (10
  informative, rho = 0.5, seed 0), relative Laplace with ``lam = sqrt(n)``;
* ``cli``: a fresh ``bayesreg fit --dataset diabetes --prior laplace ...
  --sampler gibbs`` process, wall time including the imports.

Targets are ten times Makalic & Schmidt's BayesReg (R) measured on this
machine (issue 13); "met" compares the warm Gibbs row. Timings on a shared
machine are noisy: the table prints the load average at the start and end.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings

TARGETS = {  # min-bulk-ESS per second (cli: seconds, at most)
    "diabetes-lasso": 12_000,
    "diabetes-ridge": 18_000,
    "diabetes-horseshoe": 4_000,
    "lasso-500x200": 1_700,
    "lasso-100x1000": 77,
    "cli": 3.0,
}
CLI = [
    "fit",
    "--dataset",
    "diabetes",
    "--prior",
    "laplace",
    "--scale",
    f"{1 / 0.237:.6g}",
    "--relative",
    "--sigma-prior",
    "jeffreys",
    "--method",
    "nuts",
    "--sampler",
    "gibbs",
    "-q",
]


def problem(case):
    """``(X, y, prior, sigma)`` of a case, or a string saying why it cannot run."""
    from bayesreg import Gaussian, Jeffreys, Laplace
    from bayesreg.datasets import load_diabetes, make_correlated_regression

    if case.startswith("diabetes"):
        X, y = load_diabetes()
    else:
        n, p = (int(v) for v in case.split("-")[1].split("x"))
        X, y, _ = make_correlated_regression(n, p, 10, rho=0.5, random_state=0)
    if case == "diabetes-ridge":
        from bayesreg.priors import ScaleHalfCauchy

        prior = Gaussian(relative=True, hyperprior=ScaleHalfCauchy(1.0))
    elif case == "diabetes-horseshoe":
        try:
            from bayesreg.priors import Horseshoe
        except ImportError:
            return "no Horseshoe prior"
        prior = Horseshoe()
    elif case == "diabetes-lasso":
        prior = Laplace(scale=1 / 0.237, relative=True)
    else:
        prior = Laplace(scale=1 / math.sqrt(X.shape[0]), relative=True)
    if "gibbs" not in prior.capabilities():
        return f"{prior!r} has no Gibbs conditionals"
    return X, y, prior, Jeffreys()


def run_once(case, sampler, seed, draws, tune, chains):
    """One timed ``sample_posterior`` call: ``(wall seconds, CPU seconds of
    this process's threads, min bulk ESS)``."""
    import arviz as az

    from bayesreg import sample_posterior

    X, y, prior, sigma = problem(case)
    t, c = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        idata = sample_posterior(
            X,
            y,
            prior,
            sigma,
            sampler=sampler,
            draws=draws,
            tune=tune,
            chains=chains,
            random_seed=seed,
            log_likelihood=False,
            progressbar=False,
        )
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    ess = float(az.ess(idata.posterior[["coef"]], method="bulk")["coef"].min())
    return wall, cpu, ess


def cold(case, sampler, args):
    """The first call in a fresh process (nutpie: empty compile directory)."""
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        if sampler == "nutpie":
            env["PYTENSOR_FLAGS"] = f"compiledir={tmp}"
        cmd = [sys.executable, __file__, "--child", case, sampler]
        cmd += ["--draws", str(args.draws), "--tune", str(args.tune)]
        cmd += ["--chains", str(args.chains)]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        return None, out.stderr.strip().splitlines()[-1:]
    return json.loads(out.stdout.strip().splitlines()[-1]), None


def warm(case, sampler, args):
    """A first call to warm up, then the median of ``repeats`` timed calls."""
    kw = dict(draws=args.draws, tune=args.tune, chains=args.chains)
    run_once(case, sampler, 0, **kw)
    runs = [run_once(case, sampler, 1 + k, **kw) for k in range(args.repeats)]
    mid = len(runs) // 2
    return [sorted(col)[mid] for col in zip(*runs, strict=True)]


def cli_row(args):
    """A fresh ``bayesreg fit`` process: wall and CPU (user + sys) seconds."""
    walls, cpus = [], []
    for _ in range(args.repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "bayesreg.cli", *CLI], capture_output=True
        )
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if out.returncode != 0:
            return {"case": "cli", "engine": "gibbs", "note": "failed"}
    wall = sorted(walls)[len(walls) // 2]
    return {
        "case": "cli",
        "engine": "gibbs",
        "mode": "fresh process",
        "wall_s": wall,
        "cpu_s": sorted(cpus)[len(cpus) // 2],
        "target": "< 3 s",
        "met": "yes" if wall < TARGETS["cli"] else "no",
    }


def _measures(wall, cpu, ess):
    """Columns of a row; the rates of a median row are its own (each column
    is the median over the repeats, so they may come from different runs)."""
    return dict(
        wall_s=wall,
        cpu_s=cpu,
        min_ess=ess,
        ess_per_s=ess / wall,
        ess_per_cpu_s=ess / cpu,
    )


def rows_for(case, args):
    check = problem(case)
    if isinstance(check, str):
        return [{"case": case, "engine": "gibbs", "note": check}]
    rows = []
    engines = ["gibbs"] + ([] if args.no_nutpie else ["nutpie"])
    for engine in engines:
        if not args.no_cold:
            res, err = cold(case, engine, args)
            row = {"case": case, "engine": engine, "mode": "cold"}
            if res is None:
                row["note"] = f"failed: {err}"
            else:
                row.update(_measures(*res))
            rows.append(row)
        row = {"case": case, "engine": engine, "mode": "warm"}
        row.update(_measures(*warm(case, engine, args)))
        rate = row["ess_per_s"]
        if engine == "gibbs":
            target = TARGETS[case]
            row.update(target=f">= {target:,}", met="yes" if rate >= target else "no")
        rows.append(row)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", choices=list(TARGETS), default=None)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--tune", type=int, default=1000)
    parser.add_argument("--chains", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-nutpie", action="store_true")
    parser.add_argument("--no-cold", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "SAMPLER"))
    args = parser.parse_args(argv)
    if args.child:
        case, sampler = args.child
        kw = dict(draws=args.draws, tune=args.tune, chains=args.chains)
        print(json.dumps(run_once(case, sampler, 0, **kw)))
        return
    import pandas as pd

    load = os.getloadavg()
    rows = []
    for case in args.cases or list(TARGETS):
        new = [cli_row(args)] if case == "cli" else rows_for(case, args)
        rows.extend(new)
        for row in new:  # as they come, in case a later case is cut short
            print(json.dumps(row), file=sys.stderr, flush=True)
    df = pd.DataFrame(rows)
    for col in df.select_dtypes("float").columns:
        df[col] = [_fmt(v) for v in df[col]]
    df = df.fillna("")
    pd.set_option("display.width", 160)
    print(
        f"\n## Gibbs vs nutpie: {args.chains} chains x ({args.tune} tune + "
        f"{args.draws} draws), warm = median of {args.repeats}; load average "
        f"{load[0]:.2f} at start, {os.getloadavg()[0]:.2f} at end "
        f"({os.cpu_count()} cores)"
    )
    print(df.to_string(index=False))


def _fmt(v):
    if v != v:  # NaN: not measured
        return ""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


if __name__ == "__main__":
    main()
