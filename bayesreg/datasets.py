"""Bundled and synthetic data sets."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import datasets as _sk

from ._validation import check_int, check_nonnegative

__all__ = ["load_diabetes", "make_correlated_regression"]


def load_diabetes(scaled=True):
    """scikit-learn's diabetes data (442 rows, 10 features) as ``(X, y)``.

    ``X`` is a DataFrame (columns ``age, sex, bmi, bp, s1..s6``), ``y`` a Series
    named ``target``. ``scaled=True`` is the data as shipped (each column
    centred and scaled to unit Euclidean norm); ``scaled=False`` the raw units.
    """
    X, y = _sk.load_diabetes(return_X_y=True, as_frame=True, scaled=scaled)
    return X, y.rename("target")


def make_correlated_regression(
    n_samples=100,
    n_features=20,
    n_informative=5,
    *,
    rho=0.5,
    noise=1.0,
    random_state=None,
):
    """Gaussian design with ``corr(x_i, x_j) = rho^|i-j|`` and a sparse truth.

    Returns ``X`` (ndarray), ``y`` and the true weights ``w`` (the first
    ``n_informative`` are drawn from N(0, 1) times 3, the rest are 0).
    """
    n = check_int(n_samples, "n_samples", "make_correlated_regression")
    p = check_int(n_features, "n_features", "make_correlated_regression")
    k = check_int(n_informative, "n_informative", "make_correlated_regression", 0)
    rho = check_nonnegative(rho, "rho", "make_correlated_regression")
    noise = check_nonnegative(noise, "noise", "make_correlated_regression")
    if rho >= 1:
        raise ValueError(
            "The 'rho' parameter of make_correlated_regression must be a float in "
            f"the range [0.0, 1.0). Got {rho!r} instead."
        )
    rng = np.random.default_rng(random_state)
    # AR(1) columns: x_j = rho x_{j-1} + sqrt(1 - rho^2) z_j has the wanted corr.
    Z = rng.standard_normal((n, p))
    X = np.empty((n, p))
    X[:, 0] = Z[:, 0]
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1.0 - rho**2) * Z[:, j]
    w = np.zeros(p)
    w[: min(k, p)] = 3.0 * rng.standard_normal(min(k, p))
    y = X @ w + noise * rng.standard_normal(n)
    return X, y, w


def as_frame(X, y, feature_names=None):
    """``(DataFrame, Series)`` view of arrays, columns ``x0, x1, ...``."""
    X = np.asarray(X)
    names = feature_names or [f"x{j}" for j in range(X.shape[1])]
    return pd.DataFrame(X, columns=names), pd.Series(y, name="target")
