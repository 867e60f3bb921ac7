"""Sufficient statistics of Dask collections, reduced on a Dask cluster.

Each block (array) or partition (DataFrame) becomes the statistics of that
part and the parts are reduced pairwise in a tree of Dask tasks: only p x p
results travel between workers. Dask is imported only when used (the
``bayesreg[dask]`` extra).
"""

from __future__ import annotations

from .checks import default_feature_names, feature_names_of
from .sufficient import SufficientStats, _add, _no_rows, _pairwise_sum, _part_stats

__all__ = ["from_dask", "import_dask"]

_DASK_INSTALL = "pip install 'bayesreg[dask]'"


def import_dask(module="dask"):
    """Import ``module`` (a Dask module), or raise naming the extra to install."""
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
    dask = import_dask()
    da = import_dask("dask.array")
    dd = import_dask("dask.dataframe")
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
    dask = import_dask()
    parts = _dask_parts(X, y)
    total = _pairwise_sum(parts, dask.delayed(_add, pure=True))
    if total is None:
        raise _no_rows("X")
    if isinstance(scheduler, str) and "://" in scheduler:
        distributed = import_dask("distributed")
        with distributed.Client(scheduler, set_as_default=False) as client:
            result = client.compute(total).result()
    elif scheduler is not None and hasattr(scheduler, "compute"):
        result = scheduler.compute(total).result()  # a distributed.Client
    else:
        (result,) = dask.compute(total, scheduler=scheduler)
    if result is None:
        raise _no_rows("X")
    return result
