"""Data larger than memory: sufficient statistics by chunks and by Dask.

Usage::

    .venv/bin/python benchmarks/scale.py                      # 1M, 3M, 10M x 100
    .venv/bin/python benchmarks/scale.py --rows 20000 60000 --features 10 \\
        --chunk-rows 5000 --draws 200 --tune 200             # a small run

Rows are generated chunk by chunk from a seeded generator (chunk ``i`` from
``numpy.random.default_rng([seed, i])``): never more than one chunk per
worker is in memory. ``X`` has columns of mean ``10 j`` and sd ``1 + j/p``,
``y = X w + 5 + e`` with a sparse ``w`` and ``e ~ N(0, 1)``. Each row of the
table runs in a fresh Python process so that its peak RSS is its own:

- ``chunked``: ``SufficientStats.from_chunks`` over a generator, in one
  process; wall time split into generating the rows and computing the
  statistics. BLAS threads are limited to ``--blas-threads`` (default 1):
  on a busy 2-core machine OpenBLAS's 2 spinning threads made ``X'X`` of one
  chunk 25x slower (6 s instead of 0.24 s).
- ``dask``: ``SufficientStats.from_dask`` on a ``dask.array`` whose blocks are
  generated in the workers of a ``LocalCluster`` (2 worker processes, 1 thread
  each; the cluster start is not in the wall time). Peak RSS is given for the
  client process (which also runs the scheduler and, in a LocalCluster, the
  nannies) and for each worker process; ``total`` is their sum, an upper
  bound of what was resident at any one time. Before the timed run each
  worker imports bayesreg (``client.run``), a one-time cost of a few seconds
  that a long-lived cluster pays once; it is not in the wall time.

Then, in another fresh process from the statistics of the largest run: MAP
(``fit_map``, Laplace prior) and the posterior (``sample_posterior`` with
nutpie, same prior, sigma fixed), cold (build + compile + sample) and warm
(the compiled model reused), with the smallest bulk ESS over the coefficients.
Peak RSS is ``getrusage(RUSAGE_SELF).ru_maxrss``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

SEED = 20240607
INTERCEPT = 5.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def true_coef(p: int) -> np.ndarray:
    w = np.zeros(p)
    k = max(1, p // 10)
    w[:k] = np.linspace(2.0, 0.2, k) * np.where(np.arange(k) % 2, -1.0, 1.0)
    return w


def chunk_sizes(n: int, chunk: int) -> tuple[int, ...]:
    full, rest = divmod(n, chunk)
    return (chunk,) * full + ((rest,) if rest else ())


def make_chunk(i: int, m: int, p: int) -> np.ndarray:
    """Chunk ``i``: ``m`` rows of ``[X | y]`` (shape ``(m, p + 1)``)."""
    rng = np.random.default_rng([SEED, i])
    Z = np.empty((m, p + 1))
    X = Z[:, :p]
    X[:] = rng.standard_normal((m, p))
    X *= 1.0 + np.arange(p) / p
    X += 10.0 * np.arange(p)
    Z[:, p] = X @ true_coef(p) + INTERCEPT + rng.standard_normal(m)
    return Z


def _block(block_info=None, *, p):
    """``dask.array.map_blocks`` body: chunk number from the block location."""
    info = block_info[None]
    i = info["chunk-location"][0]
    m = info["chunk-shape"][0]
    return make_chunk(i, m, p)


def _save(stats, path):
    np.savez(
        path,
        n=stats.n,
        x_mean=stats.x_mean,
        y_mean=stats.y_mean,
        xx=stats.xx,
        xy=stats.xy,
        yy=stats.yy,
    )


def _load(path):
    from bayesreg.data import SufficientStats

    f = np.load(path)
    p = f["x_mean"].shape[0]
    return SufficientStats(
        n=int(f["n"]),
        x_mean=f["x_mean"],
        y_mean=float(f["y_mean"]),
        xx=f["xx"],
        xy=f["xy"],
        yy=float(f["yy"]),
        feature_names=tuple(f"x{j}" for j in range(p)),
    )


# --------------------------------------------------------------------------
# one measurement per process


def run_chunked(n, p, chunk, out, blas_threads):
    from threadpoolctl import threadpool_limits

    from bayesreg.data import SufficientStats

    gen_time = 0.0

    def chunks():
        nonlocal gen_time
        for i, m in enumerate(chunk_sizes(n, chunk)):
            t = time.perf_counter()
            Z = make_chunk(i, m, p)
            gen_time += time.perf_counter() - t
            yield Z[:, :p], Z[:, p]

    t = time.perf_counter()
    with threadpool_limits(blas_threads):
        stats = SufficientStats.from_chunks(chunks())
    wall = time.perf_counter() - t
    _save(stats, out)
    return {
        "wall_s": wall,
        "generate_s": gen_time,
        "stats_s": wall - gen_time,
        "peak_mb": _peak_mb(),
        "total_mb": _peak_mb(),
    }


def _worker_peak_mb():
    import os
    import resource

    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _warm_up():
    """Import what the tasks need, so that the timed run measures the data."""
    import bayesreg.data  # noqa: F401

    return True


def run_dask(n, p, chunk, out, workers):
    import dask.array as da
    import distributed

    from bayesreg.data import SufficientStats

    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(workers)
        t = time.perf_counter()
        client.run(_warm_up)
        warm_up = time.perf_counter() - t
        Z = da.map_blocks(
            _block,
            p=p,
            chunks=(chunk_sizes(n, chunk), (p + 1,)),
            dtype=float,
            meta=np.empty((0, 0)),
        )
        t = time.perf_counter()
        stats = SufficientStats.from_dask(Z[:, :p], Z[:, p])
        wall = time.perf_counter() - t
        # LocalCluster's nannies live in this process; each worker is its own
        peaks = dict(client.run(_worker_peak_mb).values())
        peaks.update(client.run(_worker_peak_mb, nanny=True).values())
    _save(stats, out)
    peaks[os.getpid()] = _peak_mb()
    workers_mb = sorted(mb for pid, mb in peaks.items() if pid != os.getpid())
    return {
        "wall_s": wall,
        "warm_up_s": warm_up,
        "peak_mb": _peak_mb(),
        "worker_peak_mb": workers_mb,
        "total_mb": sum(peaks.values()),
    }


def run_posterior(stats_path, draws, tune, chains):
    import arviz as az

    from bayesreg import Laplace, fit_map, sample_posterior

    stats = _load(stats_path)
    p = stats.n_features
    prior, sigma = Laplace(0.01), 1.0
    out = {}
    t = time.perf_counter()
    res = fit_map(stats, None, prior, sigma)
    out["map_s"] = time.perf_counter() - t
    out["map_converged"] = bool(res.converged)
    out["map_max_abs_err"] = float(np.abs(res.coef - true_coef(p)).max())
    out["map_intercept_err"] = abs(res.intercept - INTERCEPT)
    kw = dict(draws=draws, tune=tune, chains=chains, sampler="nutpie", random_seed=1)
    for label in ("cold", "warm"):
        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            idata = sample_posterior(stats, None, prior, sigma, **kw)
        out[f"nuts_{label}_s"] = time.perf_counter() - t
    out["min_ess_bulk"] = float(az.ess(idata.posterior[["coef"]])["coef"].min())
    out["max_rhat"] = float(az.rhat(idata.posterior[["coef"]])["coef"].max())
    post_mean = idata.posterior["coef"].mean(("chain", "draw")).values
    out["post_mean_max_abs_err"] = float(np.abs(post_mean - true_coef(p)).max())
    out["peak_mb"] = _peak_mb()
    return out


# --------------------------------------------------------------------------
# driver


def _child(args_list):
    cmd = [sys.executable, os.path.abspath(__file__), *map(str, args_list)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rel_diff(a, b):
    out = 0.0
    for field in ("x_mean", "xx", "xy", "yy"):
        x, y = np.asarray(getattr(a, field)), np.asarray(getattr(b, field))
        out = max(out, float(np.abs(x - y).max() / max(np.abs(y).max(), 1e-300)))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--rows", type=int, nargs="+", default=[1_000_000, 3_000_000, 10_000_000]
    )
    ap.add_argument("--features", type=int, default=100)
    ap.add_argument("--chunk-rows", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        help="BLAS threads of the chunked path (Dask workers use 1 each)",
    )
    ap.add_argument("--paths", nargs="+", default=["chunked", "dask"])
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--tune", type=int, default=1000)
    ap.add_argument("--chains", type=int, default=4)
    ap.add_argument("--no-posterior", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--_step", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._step:  # inside a child process
        kind, *rest = args._step
        if kind == "chunked":
            n, out = int(rest[0]), rest[1]
            res = run_chunked(n, args.features, args.chunk_rows, out, args.blas_threads)
        elif kind == "dask":
            n, out = int(rest[0]), rest[1]
            res = run_dask(n, args.features, args.chunk_rows, out, args.workers)
        else:
            res = run_posterior(rest[0], args.draws, args.tune, args.chains)
        print(json.dumps(res))
        return

    common = ["--features", args.features, "--chunk-rows", args.chunk_rows]
    common += ["--workers", args.workers, "--blas-threads", args.blas_threads]
    rows, stats_files = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.rows:
            for path in args.paths:
                out = os.path.join(tmp, f"{path}-{n}.npz")
                load = os.getloadavg()[0]
                res = _child([*common, "--_step", path, n, out])
                res["load_before"] = load
                stats_files[path, n] = out
                res.update(path=path, rows=n, us_per_row=1e6 * res["wall_s"] / n)
                rows.append(res)
                print(_format_row(res), flush=True)
        n_max = max(args.rows)
        agree = None
        if ("chunked", n_max) in stats_files and ("dask", n_max) in stats_files:
            agree = _rel_diff(
                _load(stats_files["dask", n_max]), _load(stats_files["chunked", n_max])
            )
            print(f"max relative difference, dask vs chunked at n={n_max}: {agree:.1e}")
        post = None
        if not args.no_posterior:
            src = stats_files[args.paths[0], n_max]
            post_args = ["--draws", args.draws, "--tune", args.tune]
            post_args += ["--chains", args.chains]
            post = _child([*common, *post_args, "--_step", "posterior", src])
            post.update(rows=n_max, features=args.features)
            print(json.dumps(post, indent=1))
    print()
    print(_table(rows, args))
    if post:
        print()
        print(_post_table(post, args))
    if args.json:
        args.json.write_text(
            json.dumps({"rows": rows, "posterior": post, "agree": agree}, indent=1)
        )


def _format_row(r):
    return (
        f"{r['path']:8s} n={r['rows']:>10,d} wall={r['wall_s']:8.2f}s "
        f"({r['us_per_row']:.2f} us/row) peak total {r['total_mb']:.0f} MB"
    )


def _table(rows, args):
    head = (
        f"n x {args.features} features, chunks of {args.chunk_rows:,d} rows; "
        f"chunked: {args.blas_threads} BLAS thread(s); dask: {args.workers} "
        f"worker processes x 1 thread\n\n"
        "| path | rows | wall (s) | us / row | generate (s) | statistics (s) "
        "| peak RSS client (MB) | peak RSS workers (MB) | peak RSS total (MB) "
        "| load avg before |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |"
    )
    lines = [head]
    for r in rows:
        gen = f"{r['generate_s']:.1f}" if "generate_s" in r else "in workers"
        st = f"{r['stats_s']:.1f}" if "stats_s" in r else "in workers"
        workers = (
            " + ".join(f"{m:.0f}" for m in r["worker_peak_mb"])
            if "worker_peak_mb" in r
            else "-"
        )
        lines.append(
            f"| {r['path']} | {r['rows']:,d} | {r['wall_s']:.1f} | "
            f"{r['us_per_row']:.2f} | {gen} | {st} | {r['peak_mb']:.0f} | "
            f"{workers} | {r['total_mb']:.0f} | {r['load_before']:.1f} |"
        )
    return "\n".join(lines)


def _post_table(r, args):
    return (
        f"after the statistics (n = {r['rows']:,d}, p = {r['features']}), "
        f"Laplace(0.01), sigma = 1, nutpie {args.chains} chains x "
        f"({args.tune} + {args.draws})\n\n"
        "| MAP (s) | MAP max abs error vs truth | NUTS cold (s) | NUTS warm (s) "
        "| min bulk ESS | max R-hat | peak RSS (MB) |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        f"| {r['map_s']:.3f} | {r['map_max_abs_err']:.1e} | {r['nuts_cold_s']:.1f} "
        f"| {r['nuts_warm_s']:.1f} | {r['min_ess_bulk']:.0f} | {r['max_rhat']:.3f} "
        f"| {r['peak_mb']:.0f} |"
    )


if __name__ == "__main__":
    main()
