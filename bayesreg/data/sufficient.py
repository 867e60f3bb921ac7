"""Sufficient statistics of a Gaussian linear model, exactly additive.

For a Gaussian likelihood the data enter only through ``n``, the column means
and the centred cross-products ``sum (x - x̄)(x - x̄)'``, ``sum (x - x̄)(y - ȳ)``
and ``sum (y - ȳ)^2``. :class:`SufficientStats` holds exactly these; parts
computed separately add up exactly (``a + b``) with the pairwise update of
Chan, Golub & LeVeque (1979), which never forms ``X'X - n m m'`` from raw data.

Parts (chunks, file batches, Dask blocks) are each centred on their *own*
means and combined in a balanced binary tree (:func:`_pairwise_sum`), so
rounding errors grow with the logarithm of the number of parts, and only
O(log k) p x p partial sums are held at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .checks import check_X_y

__all__ = ["SufficientStats", "from_chunks", "is_stats_input"]


@dataclass(frozen=True, eq=False)
class SufficientStats:
    """Sufficient statistics of a Gaussian linear model.

    Attributes
    ----------
    n : int
        Number of rows.
    x_mean : ndarray of shape (p,)
    y_mean : float
    xx : ndarray of shape (p, p)
        Centred cross-products ``sum_i (x_i - x̄)(x_i - x̄)'``.
    xy : ndarray of shape (p,)
        ``sum_i (x_i - x̄)(y_i - ȳ)``.
    yy : float
        ``sum_i (y_i - ȳ)^2``.
    feature_names : tuple of str
    """

    n: int
    x_mean: np.ndarray
    y_mean: float
    xx: np.ndarray
    xy: np.ndarray
    yy: float
    feature_names: tuple[str, ...]

    @property
    def n_features(self) -> int:
        return self.x_mean.shape[0]

    @classmethod
    def from_arrays(cls, X, y, feature_names=None) -> SufficientStats:
        """Statistics of in-memory arrays (two passes: means, then centred sums)."""
        Xa, ya, names = check_X_y(X, y)
        x_mean = Xa.mean(axis=0)
        y_mean = float(ya.mean())
        Xc = Xa - x_mean
        yc = ya - y_mean
        return cls(
            n=Xa.shape[0],
            x_mean=x_mean,
            y_mean=y_mean,
            xx=Xc.T @ Xc,
            xy=Xc.T @ yc,
            yy=float(yc @ yc),
            feature_names=tuple(feature_names) if feature_names else names,
        )

    @classmethod
    def from_chunks(cls, chunks, feature_names=None) -> SufficientStats:
        """Statistics of data given as an iterable of ``(X_chunk, y_chunk)``.

        Each chunk is centred on its own means (:meth:`from_arrays`) and the
        chunks are combined with the exact pairwise update (``a + b``) in a
        balanced tree; only one chunk and O(log k) p x p partial sums are held
        at a time, so the chunks may come from a generator over data larger
        than memory. The result equals :meth:`from_arrays` on the stacked
        chunks up to rounding, without ever forming ``X'X - n x̄ x̄'``.

        Parameters
        ----------
        chunks : iterable of (array-like (m, p), array-like (m,))
            Chunks without rows are skipped. DataFrame chunks must all have the
            same columns in the same order.
        feature_names : sequence of str, optional
            Default: the columns of the first DataFrame chunk, else ``x0, x1, ...``.

        Raises
        ------
        ValueError
            If there are no rows, or chunks differ in their columns.
        """
        return from_chunks(chunks, feature_names)

    @classmethod
    def from_files(
        cls,
        paths,
        target: str,
        chunksize: int = 100_000,
        features=None,
        *,
        dropna: bool = False,
        scheduler=None,
    ) -> SufficientStats:
        """Statistics of CSV or Parquet files, read ``chunksize`` rows at a time.

        Parameters
        ----------
        paths : str, path or sequence of them
            Files or glob patterns (``"data/part-*.parquet"``), read in the
            order given, globs expanded in sorted order. Format by name:
            ``.csv`` (also ``.csv.gz``, ``.csv.bz2``, ``.csv.xz``, ``.csv.zst``,
            ``.csv.zip``) or ``.parquet`` / ``.pq`` (needs pyarrow).
        target : str
            Name of the target column.
        chunksize : int, default 100_000
            Rows per chunk (one chunk of ``chunksize x p`` floats is in memory
            at a time). Not used with ``scheduler``: Dask then reads in its
            own partitions (about 64 MB of CSV, or one Parquet row group).
        features : sequence of str, optional
            Feature columns; default all columns of the first file but ``target``.
        dropna : bool, default False
            Drop rows with a missing value in a used column; else such a row
            raises an error naming the file, its rows and the column.
        scheduler : str or distributed.Client, optional
            Read and reduce with Dask (:meth:`from_dask`): the address of a
            running ``dask.distributed`` scheduler (``"tcp://host:8786"``; the
            files must then be readable by the workers under the same paths), a
            ``Client``, or a Dask scheduler name (``"threads"``, ``"processes"``).
            Default: read in this process, no Dask.

        Raises
        ------
        FileNotFoundError
            For a missing file or a glob that matches nothing (an
            :class:`~bayesreg.data.FileNotFoundInputError`, also an ``InputError``).
        InputError
            For a file that cannot be read, duplicated column names, a
            missing column or a file named twice (the messages of the one
            table reader, :mod:`bayesreg.data.tables`).
        ValueError
            For non-numeric values, missing values without ``dropna``, files
            without rows, or a bad ``chunksize``.
        """
        from .files import from_files  # reads tables: imported when used

        return from_files(
            paths, target, chunksize, features, dropna=dropna, scheduler=scheduler
        )

    @classmethod
    def from_dask(cls, X, y, *, scheduler=None) -> SufficientStats:
        """Statistics of a ``dask.array`` or ``dask.dataframe``, computed by Dask.

        Each block (array) or partition (DataFrame) becomes the statistics of
        that part, and the parts are reduced pairwise in a tree of Dask tasks:
        only p x p results travel between workers. Computed with Dask's current
        scheduler, so with a ``dask.distributed.Client`` active it runs on that
        cluster unchanged. Needs ``pip install 'bayesreg[dask]'``.

        Parameters
        ----------
        X : dask.array.Array of shape (n, p) or dask.dataframe.DataFrame
        y : dask.array.Array of shape (n,), dask.dataframe.Series or str
            With a DataFrame ``X``, the name of its target column (the data are
            then read once, all other columns are features) or a Series
            partitioned as ``X``.
        scheduler : str or distributed.Client, optional
            A scheduler address (``"tcp://host:8786"``), a ``Client``, or a Dask
            scheduler name; default the current Dask scheduler.

        Examples
        --------
        >>> from dask.distributed import Client  # doctest: +SKIP
        >>> import dask.dataframe as dd
        >>> client = Client("tcp://scheduler:8786")
        >>> df = dd.read_parquet("s3://bucket/data/*.parquet")
        >>> stats = SufficientStats.from_dask(df, "y")
        >>> fit_map(stats, None, Laplace(0.1))
        """
        from .dask import from_dask  # Dask itself only when used

        return from_dask(X, y, scheduler=scheduler)

    def __add__(self, other: SufficientStats) -> SufficientStats:
        if not isinstance(other, SufficientStats):
            return NotImplemented
        if other.n_features != self.n_features:
            raise ValueError(
                "Cannot add SufficientStats with different numbers of features: "
                f"{self.n_features} and {other.n_features}."
            )
        n = self.n + other.n
        dx = other.x_mean - self.x_mean
        dy = other.y_mean - self.y_mean
        k = self.n * other.n / n
        return SufficientStats(
            n=n,
            x_mean=self.x_mean + dx * (other.n / n),
            y_mean=self.y_mean + dy * (other.n / n),
            xx=self.xx + other.xx + k * np.outer(dx, dx),
            xy=self.xy + other.xy + k * dx * dy,
            yy=self.yy + other.yy + k * dy * dy,
            feature_names=self.feature_names,
        )

    def gram(self, fit_intercept: bool = True):
        """Return ``(X'X, X'y, y'y)``: centred if ``fit_intercept``, else raw."""
        if fit_intercept:
            return self.xx, self.xy, self.yy
        m, ybar, n = self.x_mean, self.y_mean, self.n
        return (
            self.xx + n * np.outer(m, m),
            self.xy + n * m * ybar,
            self.yy + n * ybar * ybar,
        )


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


def is_stats_input(X, y) -> bool:
    """Whether ``X`` is a :class:`SufficientStats` (then ``y`` must be None)."""
    if not isinstance(X, SufficientStats):
        return False
    if y is not None:
        raise ValueError(
            "y must be None when X is a SufficientStats (the statistics already "
            f"contain the target); got y of type {type(y).__name__}."
        )
    return True


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
