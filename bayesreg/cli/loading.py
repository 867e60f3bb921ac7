"""Data for the subcommands: one table in memory, or sufficient statistics of
many files read in chunks (or by a Dask cluster); messages name the file."""

from __future__ import annotations

import glob
import math
import socket
import time

from .._validation import InputError
from .outputs import one_line, say

__all__ = [
    "DASK_CONNECT_TIMEOUT",
    "DATASETS",
    "DEFAULT_CHUNKSIZE",
    "data_files",
    "load_data",
    "load_stats",
]

DATASETS = ("diabetes",)
#: Rows read at a time when ``bayesreg fit`` gets several files but no --chunksize.
DEFAULT_CHUNKSIZE = 100_000
#: Seconds to wait for the scheduler of ``--dask-scheduler`` before giving up.
DASK_CONNECT_TIMEOUT = 5.0


def _data_arg(args):
    """``DATA`` as given: None, one string, or (``fit``) a non-empty list."""
    data = getattr(args, "data", None)
    if isinstance(data, list) and not data:
        return None  # fit's DATA takes any number of files
    return data


def load_data(args, files=None):
    """``(X, y, source)`` from ``DATA`` or ``--dataset``; messages name the file.

    ``files``: ``DATA`` already expanded by :func:`~bayesreg.data.expand_data_paths`
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
    from ..data import expand_data_paths, read_table, select_columns

    if dataset is not None:
        from ..datasets import load_diabetes

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
        say(args, f"dropped {dropped} row(s) with missing values; {len(y)} left")
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
    from ..data import column_listing, feature_columns, table_columns

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
    """The checks :func:`~bayesreg.data.select_columns` makes on rows, on statistics.

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
            f"({one_line(err)}): pip install 'bayesreg[dask]'."
        ) from err
    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location)
    except ValueError as err:
        raise InputError(
            "--dask-scheduler must be a scheduler address such as "
            f"tcp://127.0.0.1:8786; got '{address}' ({one_line(err)})."
        ) from err
    timeout = DASK_CONNECT_TIMEOUT
    fail = f"--dask-scheduler: cannot reach a Dask scheduler at '{address}'"
    if scheme in ("tcp", "tls"):
        try:
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as err:
            raise InputError(
                f"{fail} within {timeout:g} s ({one_line(err)}); start one with "
                "'dask scheduler' or check the address."
            ) from err
    try:
        return distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise InputError(f"{fail} within {timeout:g} s ({one_line(err)}).") from err


def data_files(args):
    """Expanded ``DATA`` of ``fit`` (None for ``--dataset``); checks the options.

    Also checks ``--chunksize`` and ``--dask-scheduler`` against each other
    and against ``--dataset``.
    """
    from ..data import expand_data_paths

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
    from ..data import CSV_SUFFIXES, PARQUET_SUFFIXES, SufficientStats

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
        text = one_line(err).replace("pass dropna=True", "pass --dropna")
        if "NaN" in text and "--dropna" not in text and not args.dropna:
            text += " Pass --dropna to drop rows with missing values."
        raise InputError(f"{source}: {text}") from err
    _check_stats(stats, source, target)
    say(
        args,
        f"sufficient statistics of {stats.n} rows from {len(files)} file(s) read "
        f"{how} in {time.perf_counter() - t0:.2f} s",
    )
    return stats, source
