"""Choosing the target and feature columns of a table, with one set of messages.

:func:`feature_columns` checks names against a table's columns (for
:func:`select_columns`, the command line's multi-file check and
:meth:`~bayesreg.data.SufficientStats.from_files`); :func:`select_columns`
splits an in-memory table into a numeric ``X`` and ``y``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import InputError

__all__ = ["column_listing", "feature_columns", "select_columns"]


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
        dups = sorted({c for c in features if features.count(c) > 1})
        if dups:
            raise InputError(
                f"the features list column(s) {', '.join(repr(c) for c in dups)} "
                "more than once (--features)."
            )
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
