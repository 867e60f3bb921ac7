"""Input checking and sufficient statistics.

For a Gaussian likelihood the data enter only through ``n``, the column means
and the centred cross-products ``sum (x - x̄)(x - x̄)'``, ``sum (x - x̄)(y - ȳ)``
and ``sum (y - ȳ)^2``. :class:`SufficientStats` holds exactly these; parts
computed separately add up exactly (``a + b``) with the pairwise update of
Chan, Golub & LeVeque (1979), which never forms ``X'X - n m m'`` from raw data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pandas.api.types import is_numeric_dtype
from sklearn.utils import check_array

__all__ = ["SufficientStats", "check_X_y", "default_feature_names", "feature_names_of"]


@lru_cache(maxsize=16)
def default_feature_names(n_features: int) -> tuple[str, ...]:
    """``("x0", "x1", ...)``."""
    return tuple(f"x{j}" for j in range(n_features))


def feature_names_of(X, n_features: int) -> tuple[str, ...]:
    """Column names of a DataFrame, else ``("x0", "x1", ...)``."""
    columns = getattr(X, "columns", None)
    if columns is not None and all(isinstance(c, str) for c in columns):
        return tuple(columns)
    return default_feature_names(n_features)


def _check_numeric_columns(X):
    dtypes = getattr(X, "dtypes", None)
    if dtypes is None or not hasattr(dtypes, "items"):
        return
    bad = [
        f"{name!r} ({dtype})"
        for name, dtype in dtypes.items()
        if not is_numeric_dtype(dtype)
    ]
    if bad:
        raise ValueError(
            f"X has non-numeric column(s): {', '.join(bad)}. Encode them as numbers "
            "before fitting."
        )


def _check_array(a, name: str, ensure_2d: bool) -> np.ndarray:
    try:
        return check_array(
            a,
            dtype=np.float64,
            ensure_2d=ensure_2d,
            allow_nd=False,
            ensure_all_finite=True,
            input_name=name,
        )
    except ValueError as err:
        text = str(err)
        if "could not convert" in text or "dtype='numeric'" in text:
            text = f"{name} must be numeric: {text}"
        elif not text.startswith(("Input", name)):
            text = f"Invalid {name}: {text}"
        raise ValueError(text) from err
    except TypeError as err:
        raise TypeError(f"Invalid {name}: {err}") from err


def check_X_y(X, y):
    """Validate a design matrix and a target without modifying either.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features), float64
    y : ndarray of shape (n_samples,), float64
    feature_names : tuple of str

    Raises
    ------
    ValueError
        For NaN or inf, X that is not 2-D, y that is not 1-D, empty input,
        non-numeric columns, or mismatched numbers of rows.
    """
    if X is None or y is None:
        raise ValueError(
            f"X and y must both be given; got X={type(X).__name__}, "
            f"y={type(y).__name__}."
        )
    _check_numeric_columns(X)
    Xa = _check_array(X, "X", ensure_2d=True)
    ya = _check_array(y, "y", ensure_2d=False)
    if ya.ndim == 2 and ya.shape[1] == 1:
        ya = ya[:, 0]
    if ya.ndim != 1:
        raise ValueError(
            f"y must be 1-dimensional (one target); got an array of shape {ya.shape}."
        )
    if Xa.shape[0] != ya.shape[0]:
        raise ValueError(
            "X and y must have the same number of rows; got "
            f"X with {Xa.shape[0]} rows and y with {ya.shape[0]}."
        )
    return Xa, ya, feature_names_of(X, Xa.shape[1])


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
        from .stats import from_chunks

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
            For a missing file or a glob that matches nothing.
        ValueError
            For a missing column, non-numeric values, missing values without
            ``dropna``, files without rows, or a bad ``chunksize``.
        """
        from .stats import from_files

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
        from .stats import from_dask

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
