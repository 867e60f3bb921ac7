"""Sufficient statistics of CSV and Parquet files read in chunks (or by Dask).

Files are found, checked and read by the one table reader
(:mod:`bayesreg.data.tables`), columns chosen by
:func:`~bayesreg.data.columns.feature_columns`; each chunk becomes its own
statistics and the chunks are summed pairwise
(:mod:`bayesreg.data.sufficient`), so only one chunk and a few p x p sums are
in memory at a time.
"""

from __future__ import annotations

from .._validation import check_int
from .columns import feature_columns
from .dask import from_dask, import_dask
from .sufficient import SufficientStats, _no_rows, _pairwise_sum, _part_stats
from .tables import chunked_format, expand_data_paths, read_chunks, table_columns

__all__ = ["from_files"]


def _columns(path, target, features) -> list[str]:
    """The feature columns of ``path`` (``features`` checked, or all but target)."""
    return feature_columns(table_columns(path), target, features, f"'{path}'")


def _file_parts(files, target, features, chunksize, dropna):
    for path in files:
        cols = _columns(path, target, features)
        if features is None:
            features = cols  # every later file must have the first file's columns
        start = 0
        for frame in read_chunks(path, [*cols, target], chunksize):
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
    files = expand_data_paths(paths, name="paths")
    formats = {chunked_format(f) for f in files}
    if scheduler is not None:
        return _files_with_dask(files, formats, target, features, dropna, scheduler)
    total = _pairwise_sum(_file_parts(files, target, features, chunksize, dropna))
    if total is None:
        raise _no_rows(", ".join(f"'{f}'" for f in files))
    return total


def _files_with_dask(files, formats, target, features, dropna, scheduler):
    dd = import_dask("dask.dataframe")
    if len(formats) > 1:
        raise ValueError(
            "With a Dask scheduler all files must have one format (all CSV or all "
            f"Parquet); got {sorted(formats)}."
        )
    cols = _columns(files[0], target, features)
    names = [str(f) for f in files]
    if formats.pop() == "csv":
        frame = dd.read_csv(names, usecols=[*cols, target])
    else:
        frame = dd.read_parquet(names, columns=[*cols, target])
    frame = frame[[*cols, target]]
    if dropna:
        frame = frame.dropna()
    return from_dask(frame, target, scheduler=scheduler)
