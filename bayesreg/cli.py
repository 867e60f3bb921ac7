"""The ``bayesreg`` command: fit, compare, path and report from the shell.

``bayesreg fit`` also fits data larger than memory: given several files (or a
glob), ``--chunksize`` or ``--dask-scheduler`` it reads the files chunk by
chunk (or on a Dask cluster) into :class:`~bayesreg.data.SufficientStats` and
fits from those; the other commands read one file into memory.

Exit codes: 0 success; 1 ``compare`` found a disagreement, or the run failed;
2 bad input (a missing file or column, a bad value): one line on stderr, no
traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import glob
import math
import os
import signal
import socket
import sys
import threading
import time
import warnings
from pathlib import Path

from .io import InputError

__all__ = ["main"]

PRIORS = ("flat", "gaussian", "laplace", "elasticnet")
SIGMA_PRIORS = ("halfnormal", "halfcauchy", "jeffreys")
METHODS = ("map", "nuts", "exact")
DATASETS = ("diabetes",)
#: Rows read at a time when ``bayesreg fit`` gets several files but no --chunksize.
DEFAULT_CHUNKSIZE = 100_000
#: Seconds to wait for the scheduler of ``--dask-scheduler`` before giving up.
DASK_CONNECT_TIMEOUT = 5.0


# --------------------------------------------------------------------------
# data


def _data_arg(args):
    """``DATA`` as given: None, one string, or (``fit``) a non-empty list."""
    data = getattr(args, "data", None)
    if isinstance(data, list) and not data:
        return None  # fit's DATA takes any number of files
    return data


def load_data(args, files=None):
    """``(X, y, source)`` from ``DATA`` or ``--dataset``; messages name the file.

    ``files``: ``DATA`` already expanded by :func:`~bayesreg.io.expand_data_paths`
    (one file: a table read into memory).
    """
    data = _data_arg(args)
    dataset = getattr(args, "dataset", None)
    if data is not None and dataset is not None:
        raise InputError("give either DATA or --dataset, not both.")
    if data is None and dataset is None:
        if args.command != "report":
            raise InputError("no data: give a CSV/Parquet file or --dataset diabetes.")
        dataset = "diabetes"
    from .io import expand_data_paths, read_table, select_columns

    if dataset is not None:
        from .datasets import load_diabetes

        X, y = load_diabetes()
        df = X.assign(**{y.name: y})
        target = args.target or y.name
        source = f"the {dataset} data"
    else:
        if files is None:
            files = expand_data_paths(data)
        if len(files) > 1:
            raise InputError(
                f"bayesreg {args.command} reads one file into memory; DATA names "
                f"{len(files)} files. 'bayesreg fit' fits several files (read in "
                "chunks)."
            )
        path = files[0]
        df = read_table(path)
        target = args.target
        source = f"'{path}'"
        if target is None:
            raise InputError(f"--target is required: name the target column of {path}.")
    X, y, dropped = select_columns(
        df, target, args.features, dropna=args.dropna, source=source
    )
    if dropped:
        _say(args, f"dropped {dropped} row(s) with missing values; {len(y)} left")
    return X, y, source


def _files_label(files) -> str:
    """How messages name the files of DATA."""
    names = [f"'{f}'" for f in files]
    if len(names) == 1:
        return names[0]
    if len(names) > 3:
        names = [names[0], "...", names[-1]]
    return f"{len(files)} files ({', '.join(names)})"


def _file_features(files, target, features):
    """The feature columns; check that every file has the columns used.

    Without ``--features`` every file must have the same columns as the first
    (by name, in any order); with it, every file must have those and the target.
    """
    from .io import column_listing, feature_columns, table_columns

    first = table_columns(files[0])
    used = feature_columns(first, target, features, f"'{files[0]}'")
    for path in files[1:]:
        columns = table_columns(path)
        if features is None:
            lacks = [c for c in first if c not in columns]
            extra = [c for c in columns if c not in first]
            if lacks or extra:
                what = []
                if lacks:
                    what.append(f"lacks {', '.join(repr(c) for c in lacks)}")
                if extra:
                    what.append(
                        f"has {', '.join(repr(c) for c in extra)} that "
                        f"'{files[0]}' has not"
                    )
                raise InputError(
                    f"DATA files differ in their columns: '{path}' "
                    f"{' and '.join(what)}; every file needs the columns of "
                    f"'{files[0]}' (or pick common ones with --features)."
                )
        else:
            missing = [c for c in [*used, target] if c not in columns]
            if missing:
                raise InputError(
                    f"DATA files differ in their columns: '{path}' lacks "
                    f"{', '.join(repr(c) for c in missing)} (named by --features/"
                    f"--target); its columns are: {column_listing(columns)}."
                )
    return used


def _check_stats(stats, source, target):
    """The checks :func:`~bayesreg.io.select_columns` makes on rows, on statistics.

    A column counts as constant when its sd is below ``1e-12 |mean|`` (the
    rounding of the chunk means leaves no more).
    """
    import numpy as np

    if stats.n < 2:
        raise InputError(
            f"{source} has {stats.n} usable row(s); at least 2 are needed."
        )
    sd = np.sqrt(np.diag(stats.xx) / stats.n)
    for name, s, m in zip(stats.feature_names, sd, stats.x_mean, strict=True):
        if s <= 1e-12 * abs(m):
            raise InputError(
                f"feature column '{name}' in {source} is constant (every value is "
                f"{m:g}); leave it out with --features."
            )
    if math.sqrt(stats.yy / stats.n) <= 1e-12 * abs(stats.y_mean):
        raise InputError(f"target column '{target}' in {source} is constant.")


def _one_line(err) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _dask_client(address):
    """A ``distributed.Client`` connected to ``address``, or an InputError.

    A TCP address is probed with a plain socket first, so an address where
    nothing listens fails at once, and an unreachable host within
    :data:`DASK_CONNECT_TIMEOUT` seconds.
    """
    try:
        import dask.dataframe  # noqa: F401  (reading the files)
        import distributed
        from distributed.comm import parse_address
        from distributed.comm.addressing import parse_host_port
    except ImportError as err:
        raise InputError(
            "--dask-scheduler needs Dask, which cannot be imported "
            f"({_one_line(err)}): pip install 'bayesreg[dask]'."
        ) from err
    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location)
    except ValueError as err:
        raise InputError(
            "--dask-scheduler must be a scheduler address such as "
            f"tcp://127.0.0.1:8786; got '{address}' ({_one_line(err)})."
        ) from err
    timeout = DASK_CONNECT_TIMEOUT
    fail = f"--dask-scheduler: cannot reach a Dask scheduler at '{address}'"
    if scheme in ("tcp", "tls"):
        try:
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as err:
            raise InputError(
                f"{fail} within {timeout:g} s ({_one_line(err)}); start one with "
                "'dask scheduler' or check the address."
            ) from err
    try:
        return distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise InputError(f"{fail} within {timeout:g} s ({_one_line(err)}).") from err


def _data_files(args):
    """Expanded ``DATA`` of ``fit`` (None for ``--dataset``); checks the options.

    Also checks ``--chunksize`` and ``--dask-scheduler`` against each other
    and against ``--dataset``.
    """
    from .io import expand_data_paths

    chunksize, scheduler = args.chunksize, args.dask_scheduler
    if chunksize is not None and chunksize < 1:
        raise InputError(
            "--chunksize must be an integer >= 1 (rows read at a time); "
            f"got {chunksize}."
        )
    options = (("--chunksize", chunksize), ("--dask-scheduler", scheduler))
    for option, value in options:
        if value is not None and args.dataset is not None:
            raise InputError(
                f"{option} is for DATA files read in chunks; --dataset "
                f"{args.dataset} is held in memory. Give one or the other."
            )
    if chunksize is not None and scheduler is not None:
        raise InputError(
            "--chunksize sets the rows read at a time in this process; with "
            f"--dask-scheduler (got {scheduler}) Dask reads each file in its own "
            f"partitions. Give one or the other (got --chunksize {chunksize})."
        )
    data = _data_arg(args)
    if data is None:
        for option, value in options:
            if value is not None:
                raise InputError(
                    f"{option} needs DATA: CSV/Parquet files or a pattern such as "
                    "'parts/*.csv'."
                )
        return None
    if args.dataset is not None:
        return None  # load_data says: DATA or --dataset, not both
    return expand_data_paths(data)


def load_stats(args, files):
    """``(stats, source)``: the sufficient statistics of the DATA files.

    Read ``--chunksize`` rows at a time in this process, or by Dask on the
    cluster of ``--dask-scheduler``; only p x p statistics are ever held.
    """
    from .data import SufficientStats
    from .stats import CSV_SUFFIXES, PARQUET_SUFFIXES

    source = _files_label(files)
    target = args.target
    if target is None:
        raise InputError(f"--target is required: name the target column of {source}.")
    for path in files:
        if not path.name.lower().endswith(CSV_SUFFIXES + PARQUET_SUFFIXES):
            raise InputError(
                f"DATA file '{path}': reading in chunks needs a name ending in "
                f"{', '.join(CSV_SUFFIXES + PARQUET_SUFFIXES)}."
            )
    features = _file_features(files, target, args.features)
    scheduler = args.dask_scheduler

    def literal(path):  # from_files expands globs: escape names that look like one
        text = str(path.absolute() if scheduler is not None else path)
        return glob.escape(text) if glob.has_magic(text) else text

    paths = [literal(f) for f in files]
    t0 = time.perf_counter()
    try:
        if scheduler is not None:
            how = f"by the Dask cluster at {scheduler}"
            with _dask_client(scheduler) as client:
                stats = SufficientStats.from_files(
                    paths, target, features=features, dropna=args.dropna,
                    scheduler=client,
                )  # fmt: skip
        else:
            chunksize = args.chunksize or DEFAULT_CHUNKSIZE
            how = f"in chunks of {chunksize} rows"
            stats = SufficientStats.from_files(
                paths, target, chunksize, features, dropna=args.dropna
            )
    except InputError:
        raise
    except (ValueError, ImportError) as err:
        text = _one_line(err).replace("pass dropna=True", "pass --dropna")
        if "NaN" in text and "--dropna" not in text and not args.dropna:
            text += " Pass --dropna to drop rows with missing values."
        raise InputError(f"{source}: {text}") from err
    _check_stats(stats, source, target)
    _say(
        args,
        f"sufficient statistics of {stats.n} rows from {len(files)} file(s) read "
        f"{how} in {time.perf_counter() - t0:.2f} s",
    )
    return stats, source


def _say(args, text):
    """A status line on stderr (kept off stdout, which holds the results)."""
    if not getattr(args, "quiet", False):
        print(f"bayesreg: {text}", file=sys.stderr)


# --------------------------------------------------------------------------
# options, noise scale and prior


def _positive(value, option):
    if value is None:
        return None
    if not (math.isfinite(value) and value > 0):
        raise InputError(f"{option} must be a number in (0, inf); got {value:g}.")
    return value


def _check_options(args):
    """Check every numeric option before any work; messages name the option."""
    for option in ("scale", "l2_scale", "lam", "sigma", "sigma_prior_scale", "rtol"):
        _positive(getattr(args, option, None), "--" + option.replace("_", "-"))
    for option in ("lam_min", "lam_max", "gaussian_scale", "laplace_scale"):
        _positive(getattr(args, option, None), "--" + option.replace("_", "-"))
    ratio = getattr(args, "l1_ratio", None)
    if ratio is not None and not 0 < ratio < 1:
        raise InputError(
            f"--l1-ratio must be a number in (0, 1) (use --prior laplace or gaussian "
            f"for the end points); got {ratio:g}."
        )
    exact = getattr(args, "method", None) == "exact"
    minimum = {"draws": 1, "chains": 1, "tune": 0 if exact else 1, "n_lams": 2}
    minimum["n_bayes_lams"] = 1
    for name, low in minimum.items():
        value = getattr(args, name, None)
        if value is not None and value < low:
            hint = (
                " (0 only with --method exact, which has no warm-up)"
                if (name == "tune")
                else ""
            )
            option = "--" + name.replace("_", "-")
            raise InputError(
                f"{option} must be an integer >= {low}{hint}; got {value}."
            )
    seed = getattr(args, "seed", None)
    if seed is not None and seed < 0:
        raise InputError(f"--seed must be an integer >= 0; got {seed}.")
    if getattr(args, "sigma_prior", None) is not None:
        if args.sigma is not None:
            raise InputError(
                f"--sigma fixes the noise scale, --sigma-prior {args.sigma_prior} "
                "makes it unknown: give one of them."
            )
        if args.method == "map":
            raise InputError(
                "--sigma-prior needs --method nuts or exact (the MAP fixes sigma)."
            )


def noise_scale(args, data):
    """``(sigma, how)``: ``--sigma``, else the data-based default, stated.

    ``data``: ``(X, y)`` or ``(stats, None)``. The default is
    :func:`bayesreg.sigma.default_sigma`, the least-squares residual sd (the
    sd of y when ``n <= p + 1``); it does not depend on ``--standardize``.
    """
    if args.sigma is not None:
        return args.sigma, f"sigma = {args.sigma:.6g} (--sigma)"
    from .sigma import default_sigma

    return default_sigma(*data)


def make_prior(args, sigma):
    """The prior from ``--prior`` and ``--scale``/``--l2-scale`` or ``--lam``.

    ``--lam`` is converted at the noise scale ``sigma`` (``--sigma`` or the
    data-based default); with ``--sigma-prior`` into a prior relative to sigma
    (``--relative`` is implied), so its penalty is ``--lam`` at that sigma.
    """
    from .priors import ElasticNet, Flat, Gaussian, Laplace

    name = args.prior
    scale, lam, l2_scale, ratio = args.scale, args.lam, args.l2_scale, args.l1_ratio
    relative = bool(args.relative) or (
        lam is not None and getattr(args, "sigma_prior", None) is not None
    )
    if name == "flat":
        if scale is not None or lam is not None or args.relative:
            raise InputError("--prior flat takes none of --scale, --lam, --relative.")
        return Flat()
    if (scale is None) == (lam is None):
        raise InputError(
            f"--prior {name} needs exactly one of --scale S (prior scale) or --lam L "
            "(penalty in 1/2||y - Xw||^2 + lam * pen(w))."
        )
    if l2_scale is not None and (name != "elasticnet" or lam is not None):
        raise InputError("--l2-scale goes with --prior elasticnet --scale only.")
    if ratio is not None and (name != "elasticnet" or lam is None):
        raise InputError("--l1-ratio goes with --prior elasticnet --lam only.")
    try:
        if name == "elasticnet":
            if lam is not None:
                r = 0.5 if ratio is None else ratio
                return ElasticNet.from_penalty(lam, sigma, r, relative=relative)
            return ElasticNet(scale, l2_scale or scale, relative=relative)
        cls = {"gaussian": Gaussian, "laplace": Laplace}[name]
        if lam is not None:
            return cls.from_penalty(lam, sigma, relative=relative)
        return cls(scale=scale, relative=relative)
    except (TypeError, ValueError) as err:
        raise InputError(str(err)) from err


def _check_penalty(prior, sigma, args):
    """An extreme --scale or --lam must not give a zero or infinite penalty."""
    pen = prior.penalty(sigma)
    for value in (pen.l1, pen.l2):
        if not math.isfinite(value):
            raise InputError(
                f"{prior!r} at sigma = {sigma:.6g} gives an infinite penalty: "
                "choose a larger --scale or a smaller --lam."
            )


def target_sd(data) -> float:
    """Sample sd (``ddof=1``) of the target: from its values or SufficientStats.

    One formula for both, ``sqrt(sum (y - ȳ)^2 / (n - 1))``, so a fit from
    rows and a fit from statistics of the same rows get the same value.
    """
    from .data import SufficientStats

    if isinstance(data, SufficientStats):
        n, ss = data.n, data.yy
    else:
        import numpy as np

        y = np.asarray(data, dtype=float)
        yc = y - y.mean()
        n, ss = len(y), float(yc @ yc)
    return math.sqrt(ss / (n - 1))


def make_sigma(args, data, sigma):
    """The fixed noise scale ``sigma``, or the prior of ``--sigma-prior``.

    ``data``: the target values or SufficientStats (for the default scale).
    """
    choice = getattr(args, "sigma_prior", None)
    if choice is None:
        return sigma
    from . import sigma as sigma_priors

    if choice == "jeffreys":
        return sigma_priors.Jeffreys()
    scale = args.sigma_prior_scale
    if scale is None:
        scale = target_sd(data)
    cls = {"halfnormal": sigma_priors.HalfNormal, "halfcauchy": sigma_priors.HalfCauchy}
    return cls[choice](scale)


def _model(args, data):
    """``(prior, sigma)`` for fit/compare/path: the prior and the fixed noise
    scale (``--sigma`` or the data-based default); says what was chosen."""
    sigma, how = noise_scale(args, data)
    prior = make_prior(args, sigma)
    _check_penalty(prior, sigma, args)
    if getattr(args, "sigma_prior", None) is None:
        _say(args, how)
    elif args.lam is not None:
        _say(
            args,
            f"--lam {args.lam:g} with --sigma-prior: {prior!r}, a prior relative to "
            f"sigma whose penalty is lam = {args.lam:g} at {how}",
        )
    if getattr(args, "standardize", False):
        _say(
            args,
            "--standardize: the prior is on the coefficients of the columns "
            "divided by their sd; coefficients are printed in the original units",
        )
    return prior, sigma


def _raise_if_interrupted():
    """A sampler may catch Ctrl-C and return part of its draws: never use them."""
    if _SIGNALS:
        raise Interrupted(_SIGNALS[0])


def _output(args):
    """The OutputDir of ``--out`` entered before any work (so an unwritable
    directory fails at once), or a do-nothing context without ``--out``."""
    import contextlib

    from .io import OutputDir

    if getattr(args, "out", None) is None:
        return contextlib.nullcontext()
    last = "report.html" if args.command == "report" else None
    return OutputDir(args.out, last=last)


# --------------------------------------------------------------------------
# subcommands


def _fit(args) -> int:
    _check_options(args)
    if args.sigma_prior is None and args.sigma_prior_scale is not None:
        raise InputError("--sigma-prior-scale goes with --sigma-prior.")
    files = _data_files(args)
    with _output(args) as out:
        stats = X = y = None
        if files is not None and (
            len(files) > 1
            or args.chunksize is not None
            or args.dask_scheduler is not None
        ):
            stats, source = load_stats(args, files)
            data, n, p, target = (stats, None), stats.n, stats.n_features, args.target
        else:
            X, y, source = load_data(args, files)
            data, n, p, target = (X, y), len(y), X.shape[1], y.name
        prior, fixed = _model(args, data)
        sigma = make_sigma(args, y if stats is None else stats, fixed)
        if args.method == "exact":
            _check_exact(args, prior, sigma)
        print(f"{source}: n={n}, p={p}, target '{target}'")
        t0 = time.perf_counter()
        table, idata, header = _fit_table(args, data, stats, prior, sigma, fixed)
        elapsed = time.perf_counter() - t0
        _raise_if_interrupted()
        print(header)
        _print_table(table)
        print(f"time: {elapsed:.2f} s")
        if out is not None:
            from . import report

            written = report.write_fit_outputs(
                out, table, idata, prior, X, y, sigma, **_std(args)
            )
            _raise_if_interrupted()
    if args.out is not None:
        print(f"wrote {', '.join(written)} to {Path(args.out).absolute()}")
    return 0


def _check_exact(args, prior, sigma):
    """``--method exact`` needs a conjugate model; say which option fixes it."""
    conj = prior.conjugate_variance()
    if conj is None:
        raise InputError(
            "--method exact needs a conjugate prior (flat or gaussian); "
            f"got --prior {args.prior}."
        )
    if isinstance(sigma, float):
        return
    if sigma.inverse_gamma() is None:
        raise InputError(
            f"--method exact needs --sigma-prior jeffreys (conjugate); got "
            f"--sigma-prior {args.sigma_prior}. Use --method nuts."
        )
    if not (conj[1] or math.isinf(conj[0])):
        raise InputError(
            f"--method exact with --sigma-prior {args.sigma_prior} needs the prior "
            "scale relative to sigma: add --relative (or give --lam)."
        )


def _std(args):
    """``standardize=`` for the library calls, only when asked for."""
    return {"standardize": True} if getattr(args, "standardize", False) else {}


def _sampling(args):
    """The sampling keywords of ``--method nuts|exact`` (and ``standardize``)."""
    return {
        "draws": args.draws,
        "tune": args.tune,
        "chains": args.chains,
        "sampler": "exact" if args.method == "exact" else None,
        "progressbar": not args.quiet,
        **_std(args),
    }


def _print_table(table):
    import pandas as pd

    with pd.option_context("display.float_format", _significant, "display.width", 160):
        print(table.to_string())


def _significant(value) -> str:
    """A number to 6 significant digits (0 for -0)."""
    return f"{value + 0.0:.6g}"


def _fit_table(args, data, stats, prior, sigma, fixed):
    """``(table, idata or None, header text)`` of ``bayesreg fit``."""
    from . import report

    if args.method == "map":
        res, table = report.map_table(*data, prior, fixed, **_std(args))
        n = data[0].n if stats is not None else len(data[1])
        return table, None, report.describe_map(res, n)
    from .posterior import sample_posterior
    from .summary import summary

    idata = sample_posterior(
        *data, prior, sigma, random_seed=args.seed, **_sampling(args)
    )
    _raise_if_interrupted()
    fixed_sigma = sigma if isinstance(sigma, float) else None
    if stats is None:
        table = summary(idata, X=data[0], y=data[1], prior=prior, sigma=fixed_sigma)
    else:
        table = summary(idata, prior=prior, sigma=fixed_sigma)
        table["map"] = _map_from_stats(idata, stats, prior, fixed_sigma, args)
        _say(
            args,
            "note: fitted from sufficient statistics, so the columns of "
            "scikit-learn's matched fit ('penalized' here, its mark in "
            "posterior.png) and the pointwise log likelihood are left out: "
            "they need the rows",
        )
    header = (
        f"posterior of {prior!r}, sigma={sigma!r}, {args.method} "
        f"({args.chains} chains x {args.draws} draws)"
    )
    return table, idata, header


def _map_from_stats(idata, stats, prior, sigma, args):
    """The ``map`` column of :func:`~bayesreg.summary.summary`, from statistics."""
    from .map import fit_map
    from .summary import _sigma_for_map

    s = _sigma_for_map(idata, sigma)
    return fit_map(stats, None, prior, s, **_std(args)).coef


def _compare(args) -> int:
    from .compare import check_map

    _check_options(args)
    X, y, source = load_data(args)
    prior, sigma = _model(args, (X, y))
    res = check_map(X, y, prior, sigma=sigma, rtol=args.rtol, **_std(args))
    print(f"{source}: n={len(y)}, p={X.shape[1]}; {prior!r}, sigma={sigma:.6g}")
    print(res)
    if not res.ok:
        print(
            f"bayesreg compare: MAP and scikit-learn disagree (max |diff| "
            f"{res.max_abs_diff:.3g} > {res.atol:.3g} or different zeros)",
            file=sys.stderr,
        )
    return 0 if res.ok else 1


def _path(args) -> int:
    from . import report

    _check_options(args)
    if args.prior == "flat":
        raise InputError("--prior flat has no penalty to vary; choose another prior.")
    if any(v is not None for v in (args.l1_ratio, args.scale, args.lam)) or (
        args.relative
    ):
        raise InputError(
            "path varies lam over a grid: use --lam-min/--lam-max, not --scale, "
            "--lam, --relative or --l1-ratio (the elastic-net path has l1_ratio 0.5)."
        )
    with _output(args) as out:
        X, y, source = load_data(args)
        sigma, how = noise_scale(args, (X, y))
        _say(args, how)
        std = _std(args)
        lams = report.lam_grid(
            X, y, args.prior, args.n_lams, args.lam_min, args.lam_max, **std
        )
        priors = report.priors_for(args.prior, lams, sigma)
        print(
            f"{source}: n={len(y)}, p={X.shape[1]}; {args.prior} path over "
            f"{len(lams)} values of lam in [{lams.min():.4g}, {lams.max():.4g}], "
            f"sigma={sigma:.6g}"
        )
        t0 = time.perf_counter()
        table = report.map_path_table(X, y, priors, lams, sigma, **std)
        bayes = None
        if args.method != "map":
            bayes = report.bayes_path(
                X, y, priors, lams, sigma, seed=args.seed, **_sampling(args)
            )
        elapsed = time.perf_counter() - t0
        _raise_if_interrupted()
        _print_table(table)
        print(f"time: {elapsed:.2f} s")
        written = report.write_path_outputs(
            out, X, y, lams, table, args.prior, sigma, bayes, **std
        )
        _raise_if_interrupted()
    print(f"wrote {', '.join(written)} to {Path(args.out).absolute()}")
    return 0


def _report(args) -> int:
    from . import report

    _check_options(args)
    with _output(args) as out:
        X, y, source = load_data(args)
        options = report.ReportOptions(
            sigma=args.sigma,
            gaussian_scale=args.gaussian_scale,
            laplace_scale=args.laplace_scale,
            draws=args.draws,
            tune=args.tune,
            chains=args.chains,
            seed=args.seed,
            n_lams=args.n_lams,
            n_bayes_lams=args.n_bayes_lams,
            standardize=args.standardize,
        )
        result = report.build_report(
            X, y, source, out, options, progress=not args.quiet
        )
        _raise_if_interrupted()
    print(result.text_summary())
    print(f"report: {(Path(args.out) / 'report.html').absolute()}")
    return 0 if result.ok else 1


# --------------------------------------------------------------------------
# parser


def _common_parser():
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("general")
    g.add_argument(
        "--debug", action="store_true", help="show the full traceback on errors"
    )
    g.add_argument(
        "-q", "--quiet", action="store_true", help="no progress or status lines"
    )
    return p


def _data_parser(many=False):
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("data")
    text = "CSV or Parquet file (by extension) with one row per observation"
    if many:
        text = (
            "CSV or Parquet file(s) (by extension) with one row per observation, "
            "or a quoted glob such as 'parts/*.csv'; several files are read in "
            "chunks (see --chunksize)"
        )
    g.add_argument("data", nargs="*" if many else "?", metavar="DATA", help=text)
    g.add_argument(
        "--dataset",
        choices=DATASETS,
        help="use a bundled data set instead of DATA (target column 'target')",
    )
    g.add_argument("--target", metavar="COL", help="name of the target column")
    g.add_argument(
        "--features",
        nargs="+",
        metavar="COL",
        help="feature columns (default: every column but the target)",
    )
    g.add_argument(
        "--dropna",
        action="store_true",
        help="drop rows with missing values (default: refuse them)",
    )
    return p


def _prior_parser(required=True):
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("prior and noise")
    g.add_argument(
        "--prior",
        choices=PRIORS,
        required=required,
        help="prior on each weight: flat (least squares), gaussian (ridge), "
        "laplace (lasso), elasticnet",
    )
    g.add_argument(
        "--scale",
        type=float,
        metavar="S",
        help="prior scale (gaussian: sd tau; laplace/elasticnet: L1 scale b)",
    )
    g.add_argument(
        "--l2-scale",
        type=float,
        metavar="TAU",
        help="elasticnet's Gaussian scale with --scale (default: same as --scale)",
    )
    g.add_argument(
        "--lam",
        type=float,
        metavar="L",
        help="penalty instead of a scale: 1/2||y - Xw||^2 + L * pen(w), "
        "pen = 1/2||w||^2 (gaussian), ||w||_1 (laplace)",
    )
    g.add_argument(
        "--l1-ratio",
        type=float,
        metavar="R",
        help="elasticnet with --lam: pen = R||w||_1 + (1-R)/2||w||^2 (default 0.5)",
    )
    g.add_argument(
        "--relative",
        action="store_true",
        help="the prior scale is relative to sigma: w_j | sigma has scale "
        "sigma * S (Park & Casella); implied by --lam with --sigma-prior",
    )
    g.add_argument(
        "--sigma",
        type=float,
        metavar="S",
        help="fixed noise standard deviation (default: the least-squares "
        "residual sd of the data, or the sd of y when n <= p + 1; printed)",
    )
    g.add_argument(
        "--standardize",
        action="store_true",
        help="put the prior on the coefficients of the columns divided by their "
        "sd (as scikit-learn's StandardScaler); coefficients are reported in the "
        "original units",
    )
    return p


def _sampling_parser():
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("posterior sampling")
    g.add_argument(
        "--method",
        choices=METHODS,
        default="map",
        help="map: MAP estimate (scipy); nuts: NUTS posterior (nutpie); "
        "exact: closed-form posterior draws (flat/gaussian prior)",
    )
    g.add_argument("--draws", type=int, default=1000, help="draws per chain")
    g.add_argument("--tune", type=int, default=1000, help="warm-up steps per chain")
    g.add_argument("--chains", type=int, default=4, help="number of chains")
    g.add_argument("--seed", type=int, default=None, help="random seed (int >= 0)")
    return p


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Show ``(default: ...)`` only for options with a real default."""

    def _get_help_string(self, action):
        if action.default in (None, False) or "%(default)" in (action.help or ""):
            return action.help
        return super()._get_help_string(action)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``bayesreg`` command."""
    fmt = _HelpFormatter
    parser = argparse.ArgumentParser(
        prog="bayesreg",
        description="Bayesian regularized regression: priors as penalties, exact "
        "MAP estimates checked against scikit-learn, full posteriors.",
        epilog="Exit codes: 0 success, 1 disagreement or failed run, 2 bad input. "
        "Run 'bayesreg COMMAND --help' for the options of a command.",
    )
    from . import __version__

    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common, data = _common_parser(), _data_parser()

    fit = sub.add_parser(
        "fit",
        parents=[_data_parser(many=True), _prior_parser(), _sampling_parser(), common],
        formatter_class=fmt,
        help="fit one model; print and save the coefficient table",
        description="Fit y = b0 + Xw + e, e ~ N(0, sigma^2), with the chosen prior "
        "on w. Prints the MAP (or posterior summary) table; with --out writes "
        "summary.csv, posterior.nc (netCDF, for nuts/exact) and figures. "
        "Data larger than memory: with several files, --chunksize or "
        "--dask-scheduler the files are read in chunks into the sufficient "
        "statistics (n, means, X'X, X'y, y'y) and the model is fitted from those, "
        "with the same results; scikit-learn's matched fit (column 'penalized') "
        "needs the rows and is left out.",
    )
    fit.add_argument(
        "--sigma-prior",
        choices=SIGMA_PRIORS,
        help="make sigma unknown with this prior (nuts/exact only); --lam is then "
        "a prior relative to sigma with that penalty at the default sigma",
    )
    fit.add_argument(
        "--sigma-prior-scale",
        type=float,
        metavar="S",
        help="scale of --sigma-prior (default: the sample sd of y)",
    )
    fit.add_argument("--out", metavar="DIR", help="directory for the output files")
    big = fit.add_argument_group("data larger than memory")
    big.add_argument(
        "--chunksize",
        type=int,
        metavar="N",
        help="read DATA N rows at a time (an integer >= 1) into sufficient "
        f"statistics; only one chunk is in memory (default with several files: "
        f"{DEFAULT_CHUNKSIZE})",
    )
    big.add_argument(
        "--dask-scheduler",
        metavar="ADDRESS",
        help="compute the statistics on the running dask.distributed cluster at "
        "ADDRESS, e.g. tcp://127.0.0.1:8786 (its workers must see the DATA files "
        "under the same paths; needs pip install 'bayesreg[dask]')",
    )
    fit.set_defaults(func=_fit)

    cmp_ = sub.add_parser(
        "compare",
        parents=[data, _prior_parser(), common],
        formatter_class=fmt,
        help="MAP vs the matched scikit-learn fit; exit 0 if they agree, else 1",
        description="Fit the MAP and scikit-learn's matched Ridge/Lasso/ElasticNet/"
        "LinearRegression and print them side by side. Exit status 0 when every "
        "coefficient agrees to rtol and the exact zeros match, 1 otherwise.",
    )
    cmp_.add_argument(
        "--rtol",
        type=float,
        default=1e-6,
        help="tolerance relative to max(1, max|coef|)",
    )
    cmp_.set_defaults(func=_compare)

    path = sub.add_parser(
        "path",
        parents=[data, _prior_parser(), _sampling_parser(), common],
        formatter_class=fmt,
        help="regularization path: table and figure over a grid of lam",
        description="MAP (and with --method nuts/exact, posterior) coefficients "
        "over a log grid of the penalty lam (strong to weak). Writes path.csv "
        "and path.png (and bayes_path.csv) to --out.",
    )
    path.add_argument("--n-lams", type=int, default=30, help="grid size")
    path.add_argument(
        "--lam-min", type=float, help="smallest lam (default: lam_max / 1000)"
    )
    path.add_argument(
        "--lam-max",
        type=float,
        help="largest lam (default: laplace/elasticnet: the smallest lam giving "
        "all zeros; gaussian: 1000 x mean diagonal of the centred X'X)",
    )
    path.add_argument(
        "--out",
        metavar="DIR",
        default="bayesreg-path",
        help="directory for path.csv, path.png (and bayes_path.csv)",
    )
    path.set_defaults(func=_path)

    rep = sub.add_parser(
        "report",
        parents=[data, common],
        formatter_class=fmt,
        help="the whole story in one self-contained report.html (default: diabetes)",
        description="Data summary, MAP vs scikit-learn for Gaussian/Laplace/"
        "ElasticNet priors, full posteriors with diagnostics, regularization "
        "paths, prior densities and timings, in one report.html (figures "
        "embedded) plus PNG and CSV files beside it.",
    )
    rep.add_argument(
        "--out",
        metavar="DIR",
        default="bayesreg-report",
        help="directory for report.html and its PNG and CSV files",
    )
    g = rep.add_argument_group("model settings")
    g.add_argument(
        "--sigma",
        type=float,
        default=None,
        help="fixed noise sd (default: the least-squares residual sd)",
    )
    g.add_argument(
        "--standardize",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="penalize the columns divided by their sd (coefficients stay in the "
        "original units); --no-standardize penalizes raw units",
    )
    g.add_argument(
        "--gaussian-scale",
        type=float,
        help="Gaussian prior sd (default: gives lam = 0.1 x mean diagonal of X'X)",
    )
    g.add_argument(
        "--laplace-scale",
        type=float,
        help="Laplace prior scale (default: gives lam = 0.1 x max|X'y|)",
    )
    g.add_argument("--draws", type=int, default=500, help="draws per chain")
    g.add_argument("--tune", type=int, default=500, help="warm-up steps per chain")
    g.add_argument("--chains", type=int, default=4, help="number of chains")
    g.add_argument("--seed", type=int, default=0, help="random seed")
    g.add_argument("--n-lams", type=int, default=40, help="MAP path grid size")
    g.add_argument(
        "--n-bayes-lams", type=int, default=8, help="Bayesian path grid size"
    )
    rep.set_defaults(func=_report)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """Warnings as one line, ``bayesreg: warning: ...`` (no source lines)."""
    text = " ".join(str(message).split())
    print(f"bayesreg: {category.__name__}: {text}", file=sys.stderr)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, raised in the main thread so clean-up runs."""

    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


#: Signals received by this process (a sampler may swallow the exception).
_SIGNALS: list[int] = []


def _on_signal(signum, frame):
    _SIGNALS.append(signum)
    raise Interrupted(signum)


def main(argv=None) -> int:
    """Run the ``bayesreg`` command; return its exit code.

    SIGINT and SIGTERM end the run with exit code 130 and 143 (128 + the
    signal), remove what it staged and leave earlier output as it was; a
    closed standard output (``| head``) ends it quietly with 141 (SIGPIPE).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    # pip's PyTensor cannot find a BLAS; the default sampler (nutpie) needs none
    warnings.filterwarnings("ignore", message="PyTensor could not link to a BLAS")
    if not args.debug:
        warnings.showwarning = _show_warning
    _SIGNALS.clear()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, _on_signal)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except InputError as err:
        if args.debug:
            raise
        print(f"bayesreg {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:
        signum = getattr(err, "signum", signal.SIGINT)
        what = "terminated (SIGTERM)" if signum == signal.SIGTERM else "interrupted"
        print(f"bayesreg {args.command}: {what}", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:
        # the reader of stdout went away (e.g. | head): stop quietly, as Unix
        # tools do, and keep Python from complaining when it flushes stdout
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except Exception as err:
        if args.debug:
            raise
        text = str(err).strip().splitlines()[0] if str(err).strip() else ""
        print(
            f"bayesreg {args.command}: error: {type(err).__name__}: {text} "
            "(run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


if __name__ == "__main__":
    sys.exit(main())
