"""The one table reader: CSV and Parquet files, globs, headers and chunks.

Everything that reads a table goes through here, so every caller gets the same
checks and the same messages: the command line (``bayesreg fit data.csv``,
:mod:`bayesreg.io` re-exports these names) and
:meth:`~bayesreg.data.SufficientStats.from_files` alike.

- :func:`expand_data_paths`: files and glob patterns to a list of files, in
  order; a missing file, a pattern without a match and a file named twice are
  refused.
- :func:`read_table`, :func:`table_columns`: a whole table, or only its column
  names; column names must be unique (pandas would rename a second ``target``
  to ``target.1`` and silently make it a feature).
- :func:`read_chunks`: ``chunksize`` rows at a time (pandas for CSV, pyarrow
  batches for Parquet).

The format is chosen by the file name: Parquet for ``.parquet`` / ``.pq``, CSV
otherwise (compression inferred by pandas). Reading in chunks asks for a known
ending (:func:`chunked_format`). pyarrow is imported only for Parquet.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pandas as pd

from .._validation import InputError

__all__ = [
    "CSV_SUFFIXES",
    "PARQUET_SUFFIXES",
    "FileNotFoundInputError",
    "chunked_format",
    "expand_data_paths",
    "read_chunks",
    "read_table",
    "table_columns",
    "table_format",
]

#: File name endings read as CSV (compression inferred by pandas).
CSV_SUFFIXES = (".csv", ".csv.gz", ".csv.bz2", ".csv.xz", ".csv.zst", ".csv.zip")
#: File name endings read as Parquet (needs pyarrow).
PARQUET_SUFFIXES = (".parquet", ".pq")


class FileNotFoundInputError(InputError, FileNotFoundError):
    """A data file or pattern that names no file (an InputError and a
    FileNotFoundError: the command line exits with 2, Python code may catch
    either)."""


class MissingDependencyError(InputError, ImportError):
    """An optional package (pyarrow) that reading needs is not installed."""


# --------------------------------------------------------------------------
# file names


def table_format(path) -> str:
    """``'parquet'`` for a name ending in ``.parquet`` or ``.pq``, else ``'csv'``."""
    return "parquet" if Path(path).name.lower().endswith(PARQUET_SUFFIXES) else "csv"


def chunked_format(path) -> str:
    """The format of a file read in chunks: its name must have a known ending."""
    name = Path(path).name.lower()
    if not name.endswith(CSV_SUFFIXES + PARQUET_SUFFIXES):
        allowed = ", ".join(CSV_SUFFIXES + PARQUET_SUFFIXES)
        raise InputError(
            f"cannot read '{path}' in chunks: the file name must end in one of "
            f"{allowed}."
        )
    return table_format(path)


def _check_file(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundInputError(f"data file '{path}' does not exist.")
    if path.is_dir():
        raise InputError(f"data file '{path}' is a directory, not a CSV/Parquet file.")
    return path


def expand_data_paths(patterns, name="DATA") -> list[Path]:
    """The files named by ``patterns`` (one path or pattern, or a list), in order.

    A pattern with ``*``, ``?`` or ``[`` that is not itself a file name is a
    glob and expands to its matches in sorted order (so ``'part-*.csv'`` may
    be quoted and left to bayesreg); any other argument must be an existing
    file.

    Parameters
    ----------
    patterns : str, path, or sequence of them
    name : str
        What the messages call the argument (``DATA`` on the command line).

    Raises
    ------
    FileNotFoundInputError
        For a missing file or a pattern that matches no file (also an
        :class:`InputError` and a ``FileNotFoundError``).
    InputError
        For a directory, a pattern that matches only directories, no file at
        all, or a file named twice (its rows would be counted twice).
    """
    if isinstance(patterns, str | os.PathLike):
        patterns = [patterns]
    files: list[Path] = []
    for pattern in patterns:
        text = os.fspath(pattern)
        if glob.has_magic(text) and not Path(text).exists():
            matches = sorted(glob.glob(text))
            if not matches:
                raise FileNotFoundInputError(
                    f"{name} pattern '{text}' matches no file; give existing CSV/"
                    "Parquet files or a pattern that matches some."
                )
            found = [Path(m) for m in matches if Path(m).is_file()]
            if not found:
                raise InputError(
                    f"{name} pattern '{text}' matches only directories "
                    f"(e.g. '{matches[0]}'), no CSV/Parquet file."
                )
            files.extend(found)
            continue
        files.append(_check_file(Path(text)))
    if not files:
        raise InputError(f"{name} names no file: give a CSV/Parquet file or a glob.")
    seen: dict[Path, Path] = {}
    for path in files:
        key = path.resolve()
        if key in seen:
            also = "" if str(seen[key]) == str(path) else f" (also as '{seen[key]}')"
            raise InputError(
                f"{name} names the file '{path}' more than once{also}; give each "
                "file once, or its rows would count twice."
            )
        seen[key] = path
    return files


# --------------------------------------------------------------------------
# reading


def _pyarrow_parquet(path):
    try:
        import pyarrow.parquet as pq
    except ImportError as err:
        raise MissingDependencyError(
            f"cannot read '{path}': reading Parquet needs pyarrow "
            "(pip install 'bayesreg[parquet]')."
        ) from err
    return pq


def _unreadable(path, err) -> InputError:
    """The one message for a file the parsers refuse."""
    if isinstance(err, pd.errors.EmptyDataError):
        return InputError(f"data file '{path}' is empty.")
    kind = "Parquet" if table_format(path) == "parquet" else "CSV"
    first = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return InputError(f"cannot read '{path}' as {kind}: {type(err).__name__}: {first}")


_PARSE_ERRORS = (pd.errors.ParserError, UnicodeDecodeError, OSError, ValueError)


def _check_unique(names, path):
    seen, dups = set(), []
    for name in names:
        if name in seen and name not in dups:
            dups.append(name)
        seen.add(name)
    if dups:
        raise InputError(
            f"data file '{path}' has duplicated column name(s) "
            f"{', '.join(repr(d) for d in dups)}; give every column its own name."
        )


def _read(path: Path, header_only: bool):
    """The table at ``path`` (or only its column names); InputError on failure.

    Column names must be unique, checked on the header before pandas reads
    (and renames) them.
    """
    parquet = table_format(path) == "parquet"
    try:
        if parquet:
            names = [str(c) for c in _pyarrow_parquet(path).read_schema(path).names]
        else:
            header = pd.read_csv(
                path, header=None, nrows=1, dtype=str, keep_default_na=False
            )
            names = [str(c) for c in header.iloc[0]] if len(header) else []
        _check_unique(names, path)
        if header_only:
            return names
        return pd.read_parquet(path) if parquet else pd.read_csv(path)
    except InputError:
        raise
    except (pd.errors.EmptyDataError, *_PARSE_ERRORS) as err:
        raise _unreadable(path, err) from err


def read_table(path) -> pd.DataFrame:
    """Read a CSV or Parquet file (by its name's ending) with pandas.

    Raises
    ------
    InputError
        When the file is missing, a directory, empty, has duplicated column
        names or cannot be parsed.
    """
    return _read(_check_file(Path(path)), header_only=False)


def table_columns(path) -> list[str]:
    """Column names of a CSV or Parquet file, from its header only.

    Raises
    ------
    InputError
        When the file cannot be read, has no header or duplicated names.
    """
    return _read(_check_file(Path(path)), header_only=True)


def read_chunks(path, columns, chunksize: int):
    """DataFrames of at most ``chunksize`` rows holding ``columns`` of ``path``.

    CSV through ``pandas.read_csv(chunksize=...)``, Parquet through pyarrow's
    record batches; only one chunk is in memory at a time. A parse error
    anywhere in the file is the InputError of :func:`read_table`.
    """
    path = Path(path)
    parquet = table_format(path) == "parquet"
    try:
        if parquet:
            reader = _pyarrow_parquet(path).ParquetFile(path)
            for batch in reader.iter_batches(batch_size=chunksize, columns=columns):
                yield batch.to_pandas()
        else:
            yield from pd.read_csv(path, usecols=columns, chunksize=chunksize)
    except InputError:
        raise
    except (pd.errors.EmptyDataError, *_PARSE_ERRORS) as err:
        raise _unreadable(path, err) from err
