"""Sufficient statistics of data larger than memory: chunks, files and Dask.

A Gaussian linear model sees the data only through ``n``, the column means and
the centred cross-products (:class:`~bayesreg.data.SufficientStats`). They are
computed here part by part:

- each part (a chunk, a file batch, a Dask block) is centred on its *own*
  means, in two passes over the part (:meth:`SufficientStats.from_arrays`), so
  no cross-product of raw large-mean values is ever formed;
- parts are combined with the exact pairwise update of Chan, Golub & LeVeque
  (1979) (``a + b``), in a balanced binary tree, so rounding errors grow with
  the logarithm of the number of parts rather than linearly.

Only the p x p statistics are ever held: a chunk is dropped as soon as its
statistics are taken. Dask is imported only when a Dask path is used (the
``bayesreg[dask]`` extra); pyarrow only for Parquet files.

The classmethods :meth:`SufficientStats.from_chunks`,
:meth:`SufficientStats.from_files` and :meth:`SufficientStats.from_dask` call
the functions below.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ._validation import check_int
from .data import SufficientStats, default_feature_names, feature_names_of

__all__ = ["CSV_SUFFIXES", "PARQUET_SUFFIXES", "from_chunks", "from_dask", "from_files"]

#: File name endings read as CSV (compression inferred by pandas).
CSV_SUFFIXES = (".csv", ".csv.gz", ".csv.bz2", ".csv.xz", ".csv.zst", ".csv.zip")
#: File name endings read as Parquet (needs pyarrow).
PARQUET_SUFFIXES = (".parquet", ".pq")
_DASK_INSTALL = "pip install 'bayesreg[dask]'"


# --------------------------------------------------------------------------
# combining parts


def _add(a, b):
    """``a + b`` where ``None`` stands for a part without rows."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _pairwise_sum(items: Iterable, add=_add):
    """Sum a stream in a balanced binary tree, holding O(log k) partial sums.

    Partial sums are kept on a stack tagged with their level (a binary
    counter); two sums of the same level are merged as soon as both exist. The
    left-to-right order of the parts is kept (``add(earlier, later)``).
    """
    stack: list[tuple[int, object]] = []
    for item in items:
        level = 0
        while stack and stack[-1][0] == level:
            item = add(stack.pop()[1], item)
            level += 1
        stack.append((level, item))
    total = None
    while stack:
        part = stack.pop()[1]
        total = part if total is None else add(part, total)
    return total


def _part_stats(X, y, feature_names=None):
    """Statistics of one in-memory part, ``None`` if it has no rows."""
    if len(y) == 0 and np.shape(X)[0] == 0:
        return None
    return SufficientStats.from_arrays(X, y, feature_names)


def _no_rows(where: str):
    return ValueError(f"No rows in {where}: the statistics need at least one row.")


# --------------------------------------------------------------------------
# chunks


def from_chunks(chunks, feature_names=None) -> SufficientStats:
    """Statistics of an iterable of ``(X_chunk, y_chunk)`` pairs.

    See :meth:`SufficientStats.from_chunks`.
    """
    names = tuple(feature_names) if feature_names is not None else None

    def parts():
        first = None  # (feature names, index) of the first chunk with rows
        for i, chunk in enumerate(chunks):
            try:
                X, y = chunk
            except (TypeError, ValueError) as err:
                raise TypeError(
                    f"Each chunk must be a pair (X_chunk, y_chunk); chunk {i} is a "
                    f"{type(chunk).__name__}."
                ) from err
            stats = _part_stats(X, y, names)
            if stats is None:
                continue
            if names is not None and len(names) != stats.n_features:
                raise ValueError(
                    f"feature_names has {len(names)} names but chunk {i} has "
                    f"{stats.n_features} columns."
                )
            if first is None:
                first = (stats.feature_names, i)
            elif stats.feature_names != first[0]:  # names or number of columns
                raise ValueError(
                    f"Chunk {i} has columns {list(stats.feature_names)}, but chunk "
                    f"{first[1]} had {list(first[0])}: every chunk must "
                    "have the same columns in the same order."
                )
            yield stats

    total = _pairwise_sum(parts())
    if total is None:
        raise _no_rows("the chunks")
    return total


# --------------------------------------------------------------------------
# files


def expand_paths(paths) -> list[Path]:
    """Files named by ``paths``: one path or glob, or a list of them, in order.

    A glob (``*``, ``?``, ``[``) expands to its matches in sorted order; a glob
    that matches nothing and a missing plain path raise ``FileNotFoundError``.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    out: list[Path] = []
    for p in paths:
        text = os.fspath(p)
        if glob.has_magic(text):
            matches = sorted(glob.glob(text))
            if not matches:
                raise FileNotFoundError(f"No file matches the pattern '{text}'.")
            out.extend(Path(m) for m in matches)
        else:
            if not Path(text).is_file():
                raise FileNotFoundError(f"No such file: '{text}'.")
            out.append(Path(text))
    if not out:
        raise ValueError("The 'paths' parameter of from_files is empty: give a file.")
    return out


def _file_format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    allowed = ", ".join(CSV_SUFFIXES + PARQUET_SUFFIXES)
    raise ValueError(
        f"Cannot read '{path}': the file name must end in one of {allowed}."
    )


def _parquet():
    try:
        import pyarrow.parquet as pq
    except ImportError as err:  # pragma: no cover - pyarrow is in the test extra
        raise ImportError(
            "Reading Parquet files needs pyarrow: pip install 'bayesreg[parquet]'."
        ) from err
    return pq


def _columns_of(path: Path, fmt: str) -> list[str]:
    from .io import table_columns  # one header reader: unique names checked there

    return table_columns(path)


def _select(path: Path, fmt: str, target: str, features) -> list[str]:
    """The feature columns of ``path``; raise naming what is missing."""
    columns = _columns_of(path, fmt)
    if features is None:
        features = [c for c in columns if c != target]
    wanted = [*features, target]
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise ValueError(
            f"'{path}' has no column(s) {missing}; its columns are {columns}."
        )
    if target in features:
        raise ValueError(f"The target column {target!r} is also listed in 'features'.")
    if not features:
        raise ValueError(
            f"'{path}' has no feature column besides the target {target!r}."
        )
    return list(features)


def _read_chunks(path: Path, fmt: str, columns: list[str], chunksize: int):
    if fmt == "csv":
        yield from pd.read_csv(path, usecols=columns, chunksize=chunksize)
        return
    reader = _parquet().ParquetFile(path)
    for batch in reader.iter_batches(batch_size=chunksize, columns=columns):
        yield batch.to_pandas()


def _file_parts(files, target, features, chunksize, dropna):
    for path in files:
        fmt = _file_format(path)
        cols = _select(path, fmt, target, features)
        if features is None:
            features = cols  # every later file must have the first file's columns
        start = 0
        for frame in _read_chunks(path, fmt, [*cols, target], chunksize):
            rows = f"'{path}' rows {start}-{start + len(frame) - 1}"
            start += len(frame)
            frame = frame[[*cols, target]]
            na = frame.isna().any()
            if na.any():
                if not dropna:
                    raise ValueError(
                        f"{rows}: missing values in column(s) "
                        f"{list(na.index[na])}; pass dropna=True to drop those rows."
                    )
                frame = frame.dropna()
            try:
                yield _part_stats(frame[cols], frame[target])
            except ValueError as err:
                raise ValueError(f"{rows}: {err}") from err


def from_files(
    paths,
    target: str,
    chunksize: int = 100_000,
    features=None,
    *,
    dropna: bool = False,
    scheduler=None,
) -> SufficientStats:
    """Statistics of CSV/Parquet files read in chunks.

    See :meth:`SufficientStats.from_files`.
    """
    owner = "SufficientStats.from_files"
    chunksize = check_int(chunksize, "chunksize", owner, minimum=1)
    if not isinstance(target, str):
        raise TypeError(
            f"The 'target' parameter of {owner} must be a column name (str). "
            f"Got {target!r} of type {type(target).__name__} instead."
        )
    if features is not None:
        features = [features] if isinstance(features, str) else list(features)
    files = expand_paths(paths)
    if scheduler is not None:
        return _files_with_dask(files, target, features, dropna, scheduler)
    total = _pairwise_sum(_file_parts(files, target, features, chunksize, dropna))
    if total is None:
        raise _no_rows(", ".join(f"'{f}'" for f in files))
    return total


def _files_with_dask(files, target, features, dropna, scheduler):
    dd = _import_dask("dask.dataframe")
    formats = {_file_format(f) for f in files}
    if len(formats) > 1:
        raise ValueError(
            "With a Dask scheduler all files must have one format (all CSV or all "
            f"Parquet); got {sorted(formats)}."
        )
    fmt = formats.pop()
    cols = _select(files[0], fmt, target, features)
    names = [str(f) for f in files]
    if fmt == "csv":
        frame = dd.read_csv(names, usecols=[*cols, target])
    else:
        frame = dd.read_parquet(names, columns=[*cols, target])
    frame = frame[[*cols, target]]
    if dropna:
        frame = frame.dropna()
    return from_dask(frame, target, scheduler=scheduler)


# --------------------------------------------------------------------------
# Dask


def _import_dask(module="dask"):
    from importlib import import_module

    try:
        return import_module(module)
    except ImportError as err:
        raise ImportError(
            f"This needs Dask ({module} could not be imported): {_DASK_INSTALL}."
        ) from err


def _frame_part_stats(frame, target, names):
    """Statistics of one partition of a DataFrame holding features and target."""
    return _part_stats(frame[list(names)], frame[target], names)


def _dask_parts(X, y):
    """Delayed per-block statistics of a Dask collection pair."""
    dask = _import_dask()
    da = _import_dask("dask.array")
    dd = _import_dask("dask.dataframe")
    delayed = dask.delayed(_part_stats, pure=True)
    if isinstance(X, dd.DataFrame):
        names = feature_names_of(X, len(X.columns))
        if isinstance(y, str):
            if y not in X.columns:
                raise ValueError(
                    f"y={y!r} is not a column of X; its columns are {list(X.columns)}."
                )
            names = tuple(c for c in names if c != y)
            parts = X[[*names, y]].to_delayed()
            block = dask.delayed(_frame_part_stats, pure=True)
            return [block(part, y, names) for part in parts]
        if not isinstance(y, dd.Series):
            raise TypeError(
                "With X a dask DataFrame, y must be a dask Series or the name of a "
                f"column of X; got {type(y).__name__}."
            )
        if X.npartitions != y.npartitions:
            raise ValueError(
                "X and y must have the same partitions; got "
                f"{X.npartitions} and {y.npartitions}. Pass y as a column name of X."
            )
        return [
            delayed(xp, yp, names)
            for xp, yp in zip(X.to_delayed(), y.to_delayed(), strict=True)
        ]
    if isinstance(X, da.Array):
        if not isinstance(y, da.Array):
            raise TypeError(
                f"With X a dask array, y must be a dask array; got {type(y).__name__}."
            )
        if X.ndim != 2 or y.ndim not in (1, 2) or (y.ndim == 2 and y.shape[1] != 1):
            raise ValueError(
                "X must be a 2-D and y a 1-D dask array; got shapes "
                f"{X.shape} and {y.shape}."
            )
        if X.shape[0] != y.shape[0]:
            raise ValueError(
                "X and y must have the same number of rows; got "
                f"X with {X.shape[0]} rows and y with {y.shape[0]}."
            )
        y = y.reshape(-1) if y.ndim == 2 else y
        # one block holds all columns; y's row blocks follow X's
        X = X.rechunk({1: -1})
        y = y.rechunk((X.chunks[0],))
        names = default_feature_names(X.shape[1])
        # unoptimized keys, so that X and y built from one source share its tasks
        xs = X.to_delayed(optimize_graph=False).ravel()
        ys = y.to_delayed(optimize_graph=False)
        return [delayed(xb, yb, names) for xb, yb in zip(xs, ys, strict=True)]
    raise TypeError(
        "X must be a dask array or a dask DataFrame; got "
        f"{type(X).__module__}.{type(X).__name__}. For in-memory data use "
        "SufficientStats.from_arrays or from_chunks."
    )


def from_dask(X, y, *, scheduler=None) -> SufficientStats:
    """Statistics of Dask collections, computed by Dask.

    See :meth:`SufficientStats.from_dask`.
    """
    dask = _import_dask()
    parts = _dask_parts(X, y)
    total = _pairwise_sum(parts, dask.delayed(_add, pure=True))
    if total is None:
        raise _no_rows("X")
    if isinstance(scheduler, str) and "://" in scheduler:
        distributed = _import_dask("distributed")
        with distributed.Client(scheduler, set_as_default=False) as client:
            result = client.compute(total).result()
    elif scheduler is not None and hasattr(scheduler, "compute"):
        result = scheduler.compute(total).result()  # a distributed.Client
    else:
        (result,) = dask.compute(total, scheduler=scheduler)
    if result is None:
        raise _no_rows("X")
    return result
