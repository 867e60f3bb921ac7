"""Input checking and sufficient statistics.

For a Gaussian likelihood the data enter only through ``n``, the column means
and the centred cross-products ``sum (x - x̄)(x - x̄)'``, ``sum (x - x̄)(y - ȳ)``
and ``sum (y - ȳ)^2``. :class:`SufficientStats` holds exactly these; parts
computed separately add up exactly (``a + b``) with the pairwise update of
Chan, Golub & LeVeque (1979), which never forms ``X'X - n m m'`` from raw data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pandas.api.types import is_numeric_dtype
from sklearn.utils import check_array

from ._validation import InputError

__all__ = [
    "SufficientStats",
    "check_X_y",
    "check_finite_products",
    "check_n_samples",
    "default_feature_names",
    "feature_names_of",
    "not_2d_message",
    "standardize_columns",
    "unstandardize_coef",
]


@lru_cache(maxsize=16)
def default_feature_names(n_features: int) -> tuple[str, ...]:
    """``("x0", "x1", ...)``."""
    return tuple(f"x{j}" for j in range(n_features))


def _param_of(owner, name="X") -> str:
    """``"The 'X' parameter of fit_map"``, or ``"X"`` without an owner."""
    return name if owner is None else f"The {name!r} parameter of {owner}"


def feature_names_of(X, n_features: int, owner=None) -> tuple[str, ...]:
    """Column names of a DataFrame, else ``("x0", "x1", ...)``.

    Raises
    ------
    ValueError
        If the DataFrame has duplicated column names (naming them).
    """
    columns = getattr(X, "columns", None)
    if columns is not None:
        counts = Counter(columns)
        dup = [c for c, k in counts.items() if k > 1]
        if dup:
            raise ValueError(
                f"{_param_of(owner)} has duplicated column name(s): "
                f"{', '.join(repr(c) for c in dup)}. Each column needs its own "
                "name: rename or drop the duplicates."
            )
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


def not_2d_message(a, name="X", owner=None) -> str:
    """The message for an ``X`` that is not 2-D: its shape, not its values."""
    shape = np.shape(a)
    return (
        f"{_param_of(owner, name)} must be 2-dimensional (n_samples, n_features); "
        f"got a {len(shape)}-D array of shape {shape}. Reshape your data: "
        f"{name}.reshape(-1, 1) if it holds one feature, {name}.reshape(1, -1) "
        "if it holds one sample."
    )


def _check_array(a, name: str, ensure_2d: bool, owner=None) -> np.ndarray:
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
        if text.startswith("Expected 2D array, got"):
            raise ValueError(not_2d_message(a, name, owner)) from None
        if "could not convert" in text or "dtype='numeric'" in text:
            text = f"{name} must be numeric: {text}"
        elif not text.startswith(("Input", name)):
            text = f"Invalid {name}: {text}"
        raise ValueError(text) from err
    except TypeError as err:
        raise TypeError(f"Invalid {name}: {err}") from err


def check_n_samples(n: int, fit_intercept: bool, owner: str) -> None:
    """Refuse fewer than 2 rows with an intercept (it takes one), 0 without."""
    need = 2 if fit_intercept else 1
    if n < need:
        why = " with fit_intercept=True (the intercept takes one)" if need > 1 else ""
        raise ValueError(
            f"{owner} needs at least {need} samples (rows){why}; got {n} "
            f"sample{'' if n == 1 else 's'}."
        )


def check_X_y(X, y, *, owner=None, fit_intercept=None):
    """Validate a design matrix and a target without modifying either.

    Parameters
    ----------
    X, y : array-like
    owner : str, optional
        The function the user called, named in the error messages.
    fit_intercept : bool, optional
        If given, refuse too few rows (:func:`check_n_samples`).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features), float64
    y : ndarray of shape (n_samples,), float64
    feature_names : tuple of str

    Raises
    ------
    ValueError
        For NaN or inf, X that is not 2-D, y that is not 1-D, empty input,
        too few rows, non-numeric or duplicated columns, or mismatched numbers
        of rows.
    """
    if X is None or y is None:
        raise ValueError(
            f"X and y must both be given; got X={type(X).__name__}, "
            f"y={type(y).__name__}."
        )
    _check_numeric_columns(X)
    feature_names_of(X, 0, owner)  # duplicated names, before scikit-learn's check
    Xa = _check_array(X, "X", ensure_2d=True, owner=owner)
    names = feature_names_of(X, Xa.shape[1], owner)
    ya = _check_array(y, "y", ensure_2d=False, owner=owner)
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
    if fit_intercept is not None:
        check_n_samples(Xa.shape[0], fit_intercept, owner or "check_X_y")
    return Xa, ya, names


# --------------------------------------------------------------------------
# standardized columns and finite cross-products


def _is_constant(sd, mean, n):
    """scikit-learn's test for a constant feature (a variance at rounding
    level, ``var <= n eps var + (n mean eps)^2``), in units of
    ``max(|mean|, sd)`` so that it cannot overflow."""
    eps = np.finfo(np.float64).eps
    unit = np.maximum(np.abs(mean), sd)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (sd / unit) ** 2
        rel_mean = mean / unit
        return (unit == 0) | (var <= n * eps * var + (n * rel_mean * eps) ** 2)


def _column_mean_sd(X):
    """Mean and standard deviation (ddof=0) of each column, without overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        mean, sd = X.mean(axis=0), X.std(axis=0)
    bad = ~(np.isfinite(mean) & np.isfinite(sd))
    if bad.any():  # huge columns: divide by their largest magnitude first
        big = np.max(np.abs(X[:, bad]), axis=0)
        mean[bad] = big * (X[:, bad] / big).mean(axis=0)
        sd[bad] = big * (X[:, bad] / big).std(axis=0)
    return mean, sd


def standardize_columns(X, owner: str, feature_names=None):
    """Divide each column by its standard deviation ``s_j`` (ddof=0).

    ``s_j`` is scikit-learn's ``StandardScaler().scale_`` (the root mean
    square about the column mean, also with ``with_mean=False``); for a
    :class:`SufficientStats` it is ``sqrt(diag(xx) / n)`` from the centred
    cross-products, which is the same number. Columns are scaled, not
    centred: the engines centre (or not) as ``fit_intercept`` says.

    Parameters
    ----------
    X : ndarray of shape (n, p) (validated) or SufficientStats
    owner : str
        The function the user called, named in the error message.
    feature_names : sequence of str, optional
        Names for the message (a SufficientStats carries its own).

    Returns
    -------
    X_scaled : ndarray or SufficientStats
        ``X / s``; or the statistics of ``X / s`` (means ``x̄/s``, ``xx / s s'``,
        ``xy / s``; ``y`` unchanged).
    scale : ndarray of shape (p,)
        ``s``.

    Raises
    ------
    ValueError
        If a column is constant (zero standard deviation), naming it.
    """
    if isinstance(X, SufficientStats):  # overflowed xx: caught by the engines
        n, mean, names = X.n, X.x_mean, X.feature_names
        with np.errstate(over="ignore", invalid="ignore"):
            scale = np.sqrt(np.diag(X.xx) / n)
    else:
        n = X.shape[0]
        names = feature_names or default_feature_names(X.shape[1])
        mean, scale = _column_mean_sd(X)
    const = [names[j] for j in np.flatnonzero(_is_constant(scale, mean, n))]
    if const:
        raise ValueError(
            f"{owner} with standardize=True cannot scale constant column(s) "
            f"(standard deviation 0): {', '.join(repr(c) for c in const)}. Drop "
            "them (a constant column carries no information beyond the intercept)."
        )
    if not isinstance(X, SufficientStats):
        return X / scale, scale
    return (
        SufficientStats(
            n=X.n,
            x_mean=X.x_mean / scale,
            y_mean=X.y_mean,
            xx=X.xx / np.outer(scale, scale),
            xy=X.xy / scale,
            yy=X.yy,
            feature_names=X.feature_names,
        ),
        scale,
    )


def unstandardize_coef(coef, scale):
    """Coefficients of the columns ``X / s`` as coefficients of ``X``: ``coef / s``.

    ``coef`` may hold draws: its last axis is the feature. The intercept needs
    no change (scaling a column does not move the fitted values).
    ``scale=None`` (not standardized) returns ``coef`` unchanged.
    """
    if scale is None:
        return coef
    return coef / scale


def check_finite_products(owner, names, xx_diag, xy, yy, x_mean, *, X=None, y=None):
    """Raise :class:`InputError` if a cross-product or a mean overflowed.

    ``X, y`` (the arrays the products came from, if there are any) give the
    largest magnitudes in the message; without them the input was a
    :class:`SufficientStats`, already not finite.
    """
    checks = (
        ("X'X", np.asarray(xx_diag)),
        ("X'y", np.asarray(xy)),
        ("the column means", np.asarray(x_mean)),
    )
    bad_cols = np.zeros(len(names), bool)
    what = []
    for label, values in checks:
        nonfinite = ~np.isfinite(values)
        if nonfinite.any():
            what.append(label)
            bad_cols |= nonfinite
    y_bad = not np.isfinite(yy)
    if y_bad:
        what.append("y'y")
    if not what:
        return
    parts = []
    if bad_cols.any():
        cols = np.flatnonzero(bad_cols)
        if X is not None:
            with np.errstate(invalid="ignore"):
                mags = np.max(np.abs(X[:, cols]), axis=0)
            order = np.argsort(-mags)[:5]
            listed = ", ".join(f"{names[cols[k]]!r} ({mags[k]:.3g})" for k in order)
            parts.append(f"column(s) with the largest magnitude: {listed}")
        else:
            listed = ", ".join(repr(names[j]) for j in cols[:5])
            parts.append(f"column(s) {listed}")
    if y_bad and y is not None:
        parts.append(f"y has values up to {np.max(np.abs(y)):.3g} in magnitude")
    if X is not None:
        todo = []
        if bad_cols.any():
            todo.append(
                "rescale the column(s), e.g. divide by a power of ten, or pass "
                "standardize=True"
            )
        if y_bad:
            todo.append("rescale y, e.g. divide it by a power of ten")
        advice = "; ".join(todo)
    else:
        advice = (
            "recompute the statistics from rescaled data (divide the large "
            "column(s) or y by a power of ten)"
        )
    raise InputError(
        f"{owner}: {' and '.join(what)} overflowed (not finite in float64)"
        f"{': ' + '; '.join(parts) if parts else ''}. To fix: {advice}."
    )


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
