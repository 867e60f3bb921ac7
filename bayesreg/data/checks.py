"""Input checks with messages that name the parameter, its owner and the fix.

:func:`check_X_y` validates a design matrix and a target (numeric, finite,
2-D and 1-D, unique column names, enough rows); :func:`check_finite_products`
refuses cross-products that overflowed. scikit-learn is imported only when an
array is first checked, so reading a table does not pay for it.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import numpy as np
from pandas.api.types import is_numeric_dtype

from .._validation import InputError

__all__ = [
    "check_X_y",
    "check_finite_products",
    "check_n_samples",
    "default_feature_names",
    "feature_names_of",
    "not_2d_message",
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


def _accepted_as_is(a, ndim: int) -> bool:
    """Whether scikit-learn's ``check_array`` would return ``a`` itself: a
    plain float64 ndarray with ``ndim`` non-empty dimensions, all finite.

    The test costs ~5 us, ``check_array`` ~50-100 us (its dataframe probes);
    anything else, and every error, still goes through ``check_array``.
    """
    if type(a) is not np.ndarray or a.dtype != np.float64 or a.ndim != ndim:
        return False
    if 0 in a.shape:
        return False
    # a finite sum means finite values; an overflowing one decides nothing
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.isfinite(np.add.reduce(a, axis=None)))


def _check_array(a, name: str, ensure_2d: bool, owner=None) -> np.ndarray:
    if _accepted_as_is(a, 2 if ensure_2d else 1):
        return a
    from sklearn.utils import check_array

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


def check_finite_products(owner, names, xx_diag, xy, yy, x_mean, *, X=None, y=None):
    """Raise :class:`InputError` if a cross-product or a mean overflowed.

    ``X, y`` (the arrays the products came from, if there are any) give the
    largest magnitudes in the message; without them the input was a
    :class:`SufficientStats`, already not finite.
    """
    # one finite total says all is finite (4 numpy calls instead of ~12);
    # an overflowing total decides nothing
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.sum(xx_diag) + np.sum(xy) + np.sum(x_mean) + yy
    if np.isfinite(total):
        return
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
