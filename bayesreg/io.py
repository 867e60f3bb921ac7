"""Reading tables, saving and loading results; every write is atomic.

A file is written to a temporary name in the same directory and renamed over
the target only once complete (``os.replace``), so an interrupted or failed run
never leaves a half-written file. :class:`OutputDir` goes one step further: a
whole run writes into a staging directory and its files replace the old ones
only when the run succeeded, so an existing report is never mixed with the
files of a failed run.

Posteriors are saved as netCDF through ArviZ (no pickle anywhere);
:func:`load` reads them back exactly.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import signal
import tempfile
import threading
from pathlib import Path

import numpy as np
import pandas as pd

from ._validation import InputError

__all__ = [
    "InputError",
    "OutputDir",
    "atomic_path",
    "deferred_signals",
    "expand_data_paths",
    "load",
    "read_table",
    "save_idata",
    "select_columns",
    "table_columns",
]


# --------------------------------------------------------------------------
# atomic writes


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path next to ``path``; rename it to ``path`` on success.

    On an exception the temporary file is removed and ``path`` is untouched.

    Examples
    --------
    >>> with atomic_path("summary.csv") as tmp:  # doctest: +SKIP
    ...     df.to_csv(tmp)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp made it owner-only
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def deferred_signals(signums=(signal.SIGINT, signal.SIGTERM)):
    """Hold SIGINT and SIGTERM during the block; act on them when it ends.

    The HDF5 library under netCDF calls back into Python and swallows a
    KeyboardInterrupt raised there ("Exception ignored ..."), and a signal
    between two renames would leave half an output: such steps run whole, and
    a signal that came meanwhile is handed to the previous handler afterwards
    (Ctrl-C raises KeyboardInterrupt then). Outside the main thread, where
    Python runs no signal handlers, this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = {
        s: signal.signal(s, lambda signum, _: caught.append(signum)) for s in signums
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if caught:
        handler = previous[caught[0]]
        if callable(handler):
            handler(caught[0], None)
        elif handler == signal.SIG_DFL:
            signal.raise_signal(caught[0])


def save_idata(idata, path) -> Path:
    """Write an ``arviz.InferenceData`` to netCDF atomically; return the path.

    Signals wait until the file is complete (:func:`deferred_signals`), so
    Ctrl-C during the write is not lost inside the netCDF library.
    """
    path = Path(path)
    with atomic_path(path) as tmp, deferred_signals():
        idata.to_netcdf(str(tmp))
    return path


def load(path):
    """Load a posterior saved by ``bayesreg fit`` (netCDF) as InferenceData.

    The data are read into memory and the file is closed; values, coordinates
    and attributes round-trip exactly. Same as ``arviz.from_netcdf``.

    Parameters
    ----------
    path : str or Path
        A ``posterior.nc`` written by :func:`save_idata` or ``bayesreg fit``.

    Returns
    -------
    arviz.InferenceData
    """
    import arviz as az

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No such posterior file: '{path}'.")
    idata = az.from_netcdf(str(path))
    # from_netcdf already loads into memory (lazy=False); make sure of it
    for group in idata.groups():
        getattr(idata, group).load()
    return idata


_STAGE = ".bayesreg-stage-"


class OutputDir:
    """Stage the files of one run, then move them into ``path`` together.

    Use as a context manager. Inside, :meth:`file` gives the staging path for
    a file name; the staging directory is a hidden ``.bayesreg-stage-<pid>-*``
    directory inside ``path`` (same file system, so moves are renames). On
    success every staged file replaces its namesake in ``path``
    (``os.replace``, atomic per file, with signals held until all are moved)
    in the order written, with ``last`` (e.g. ``report.html``) moved last. On
    any exception, KeyboardInterrupt included, the staging directory is
    deleted and ``path`` is left as it was (removed again if this run created
    it). Entering also removes the staging directories of runs that died
    (SIGKILL, power loss): those whose process id no longer runs, and
    untagged ones left by bayesreg versions before the tag.

    Entering checks that ``path`` is writable, so a command enters it before
    any long work.
    """

    def __init__(self, path, last=None):
        self.path = Path(path)
        self.last = last
        self._stage = None
        self._created = False
        self._names = []

    def __enter__(self):
        if self.path.exists() and not self.path.is_dir():
            raise InputError(f"--out '{self.path}' exists and is not a directory.")
        self._created = not self.path.exists()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            _remove_stale_stages(self.path)
            self._stage = Path(
                tempfile.mkdtemp(prefix=f"{_STAGE}{os.getpid()}-", dir=self.path)
            )
        except OSError as err:
            raise InputError(f"cannot write to --out '{self.path}': {err}") from err
        return self

    def file(self, name) -> Path:
        """Staging path for the output file ``name`` (a plain file name)."""
        if name not in self._names:
            self._names.append(name)
        return self._stage / name

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                names = [n for n in self._names if n != self.last]
                if self.last in self._names:
                    names.append(self.last)
                with deferred_signals():
                    for name in names:
                        src = self._stage / name
                        if src.exists():
                            with open(src, "rb+") as f:
                                os.fsync(f.fileno())
                            os.replace(src, self.path / name)
        finally:
            shutil.rmtree(self._stage, ignore_errors=True)
            if exc_type is not None and self._created:
                with contextlib.suppress(OSError):
                    self.path.rmdir()  # only if empty
        return False


def _remove_stale_stages(path: Path):
    """Delete the staging directories in ``path`` of processes that are gone."""
    for stage in path.glob(f"{_STAGE}*"):
        match = re.match(rf"{re.escape(_STAGE)}(\d+)-", stage.name)
        if match and _alive(int(match.group(1))):
            continue
        shutil.rmtree(stage, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


# --------------------------------------------------------------------------
# reading tables


def read_table(path) -> pd.DataFrame:
    """Read a CSV or Parquet file (by extension; CSV otherwise) with pandas.

    Raises
    ------
    InputError
        When the file is missing, empty or cannot be parsed.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"data file '{path}' does not exist.")
    if path.is_dir():
        raise InputError(f"data file '{path}' is a directory, not a CSV/Parquet file.")
    return _read(path, header_only=False)


def _read(path: Path, header_only: bool):
    """The table at ``path`` (or only its column names); InputError on failure.

    Column names must be unique: pandas would rename a second ``target`` to
    ``target.1`` and silently make it a feature.
    """
    parquet = path.name.lower().endswith((".parquet", ".pq"))
    try:
        if parquet:
            try:
                import pyarrow.parquet as pq
            except ImportError as err:
                raise InputError(
                    f"cannot read '{path}': reading Parquet needs pyarrow "
                    "(pip install 'bayesreg[parquet]')."
                ) from err
            names = [str(c) for c in pq.read_schema(path).names]
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
    except pd.errors.EmptyDataError as err:
        raise InputError(f"data file '{path}' is empty.") from err
    except (pd.errors.ParserError, UnicodeDecodeError, OSError, ValueError) as err:
        kind = "Parquet" if parquet else "CSV"
        first = str(err).strip().splitlines()[0] if str(err).strip() else ""
        raise InputError(
            f"cannot read '{path}' as {kind}: {type(err).__name__}: {first}"
        ) from err


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


def expand_data_paths(patterns) -> list[Path]:
    """The files named by the ``DATA`` arguments, in the order given.

    A pattern with ``*``, ``?`` or ``[`` is a glob and expands to its matches
    in sorted order (so ``'part-*.csv'`` may be quoted and left to bayesreg);
    any other argument must be an existing file.

    Raises
    ------
    InputError
        For a missing file, a directory, a pattern that matches no file, or a
        file named twice (its rows would be counted twice).
    """
    if isinstance(patterns, str | os.PathLike):
        patterns = [patterns]
    files: list[Path] = []
    for pattern in patterns:
        text = os.fspath(pattern)
        if glob.has_magic(text) and not Path(text).exists():
            matches = sorted(glob.glob(text))
            if not matches:
                raise InputError(
                    f"DATA pattern '{text}' matches no file; give existing CSV/"
                    "Parquet files or a pattern that matches some."
                )
            found = [Path(m) for m in matches if Path(m).is_file()]
            if not found:
                raise InputError(
                    f"DATA pattern '{text}' matches only directories "
                    f"(e.g. '{matches[0]}'), no CSV/Parquet file."
                )
            files.extend(found)
            continue
        path = Path(text)
        if not path.exists():
            raise InputError(f"data file '{path}' does not exist.")
        if path.is_dir():
            raise InputError(
                f"data file '{path}' is a directory, not a CSV/Parquet file."
            )
        files.append(path)
    seen: dict[Path, Path] = {}
    for path in files:
        key = path.resolve()
        if key in seen:
            also = "" if str(seen[key]) == str(path) else f" (also as '{seen[key]}')"
            raise InputError(
                f"DATA names the file '{path}' more than once{also}; give each "
                "file once, or its rows would count twice."
            )
        seen[key] = path
    return files


def table_columns(path) -> list[str]:
    """Column names of a CSV or Parquet file, from its header only.

    Parquet by the name's ending (``.parquet``, ``.pq``), CSV otherwise.

    Raises
    ------
    InputError
        When the file cannot be read or has no header.
    """
    return _read(Path(path), header_only=True)


def _row_label(pos) -> str:
    """1-based data row (not counting a CSV header line)."""
    return f"data row {pos + 1}"


def column_listing(columns) -> str:
    """The first 20 column names, for messages."""
    return ", ".join(columns[:20]) + (" ..." if len(columns) > 20 else "")


def feature_columns(columns, target, features, source) -> list[str]:
    """The feature columns: ``features`` checked against ``columns``, or all
    columns but ``target``; messages name ``source``."""
    if target not in columns:
        raise InputError(
            f"target column '{target}' not found in {source}; columns are: "
            f"{column_listing(columns)}."
        )
    if features is None:
        features = [c for c in columns if c != target]
    else:
        features = list(features)
        missing = [c for c in features if c not in columns]
        if missing:
            raise InputError(
                f"feature column(s) {', '.join(repr(c) for c in missing)} not found "
                f"in {source}; columns are: {column_listing(columns)}."
            )
        if target in features:
            raise InputError(f"column '{target}' is both the target and a feature.")
        if len(set(features)) != len(features):
            raise InputError("--features lists a column more than once.")
    if not features:
        raise InputError(f"{source} has no feature columns besides '{target}'.")
    return features


def select_columns(df, target, features=None, *, dropna=False, source="data"):
    """Split a DataFrame into a numeric ``X`` (DataFrame) and ``y`` (Series).

    Parameters
    ----------
    df : DataFrame
    target : str
        Name of the target column.
    features : list of str, optional
        Feature columns; default: every other column.
    dropna : bool
        Drop rows with a missing value in the used columns instead of failing.
    source : str
        Name of the input used in messages (the file name).

    Returns
    -------
    X : DataFrame, y : Series, n_dropped : int

    Raises
    ------
    InputError
        Missing columns, non-numeric or constant features, missing or
        non-finite values (without ``dropna``), fewer than 2 rows.
    """
    columns = [str(c) for c in df.columns]
    df = df.set_axis(columns, axis=1)
    if target is None:
        raise InputError(f"--target is required: name the target column of {source}.")
    features = feature_columns(columns, target, features, source)
    if len(df) == 0:
        raise InputError(
            f"{source} has no rows (only a header); at least 2 are needed."
        )
    used = df[[*features, target]]
    for col in used.columns:
        s = used[col]
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            bad = pd.to_numeric(s, errors="coerce").isna() & s.notna()
            example = ""
            if bad.any():
                pos = int(np.flatnonzero(bad.to_numpy())[0])
                example = f", e.g. {s.iloc[pos]!r} in {_row_label(pos)}"
            role = "target" if col == target else "feature"
            raise InputError(
                f"{role} column '{col}' in {source} is not numeric "
                f"(dtype {s.dtype}{example}); encode it as numbers or leave it out "
                "with --features."
            )
    values = used.to_numpy(dtype=float)
    bad_rows = ~np.isfinite(values).all(axis=1)
    n_dropped = int(bad_rows.sum())
    if n_dropped:
        if not dropna:
            first = int(np.flatnonzero(bad_rows)[0])
            col = used.columns[int(np.flatnonzero(~np.isfinite(values[first]))[0])]
            raise InputError(
                f"{source} has {n_dropped} row(s) with missing or non-finite values "
                f"(first: {_row_label(first)}, column '{col}'); pass --dropna "
                "to drop them."
            )
        used = used.loc[~bad_rows]
    if len(used) < 2:
        raise InputError(
            f"{source} has {len(used)} usable row(s); at least 2 are needed."
        )
    X = used[features].astype(float)
    y = used[target].astype(float)
    for col in features:
        if X[col].nunique() == 1:
            raise InputError(
                f"feature column '{col}' in {source} is constant (every value is "
                f"{X[col].iloc[0]:g}); leave it out with --features."
            )
    if y.nunique() == 1:
        raise InputError(f"target column '{target}' in {source} is constant.")
    return X.reset_index(drop=True), y.reset_index(drop=True), n_dropped
