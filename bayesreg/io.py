"""Saving and loading results; every write is atomic.

A file is written to a temporary name in the same directory and renamed over
the target only once complete (``os.replace``), so an interrupted or failed run
never leaves a half-written file. :class:`OutputDir` goes one step further: a
whole run writes into a staging directory and its files replace the old ones
only when the run succeeded, so an existing report is never mixed with the
files of a failed run.

Posteriors are saved as netCDF through ArviZ (no pickle anywhere);
:func:`load` reads them back exactly.

Tables are read by :mod:`bayesreg.data.tables` (the one CSV/Parquet/glob
reader) and :mod:`bayesreg.data.columns`; their names are re-exported here
for the code that imported them from ``bayesreg.io``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
from pathlib import Path

from ._validation import InputError
from .data.columns import column_listing, feature_columns, select_columns
from .data.tables import expand_data_paths, read_table, table_columns

__all__ = [
    "InputError",
    "OutputDir",
    "atomic_path",
    "column_listing",
    "deferred_signals",
    "expand_data_paths",
    "feature_columns",
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
