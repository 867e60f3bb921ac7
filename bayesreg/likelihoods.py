"""Gaussian likelihood on sufficient statistics, or on X when p >> n.

The intercept has a flat prior and is handled by centring X and y exactly as
scikit-learn's ``fit_intercept=True`` does; the centred problem is
``||y_c - X_c w||^2`` and the intercept is ``ȳ - x̄'w``.

With ``n >= p`` everything is computed from ``X'X`` (p x p), ``X'y`` and
``y'y``: one gradient costs O(p^2). With ``p > n`` forming ``X'X`` costs more
than it saves, so the likelihood keeps the centred ``X`` and a gradient costs
O(n p); columns ``X'X_j`` are formed only for the features asked for.
"""

from __future__ import annotations

import math

import numpy as np

from .data import (
    SufficientStats,
    check_finite_products,
    check_n_samples,
    check_X_y,
    default_feature_names,
)

__all__ = ["GaussianLikelihood"]

_LOG_2PI = math.log(2.0 * math.pi)


class GaussianLikelihood:
    """``y = X w + b0 + e``, ``e ~ N(0, sigma^2)``, with ``b0`` profiled out.

    Use :meth:`from_arrays` or :meth:`from_stats` to build one.
    """

    def __init__(
        self,
        *,
        n,
        x_offset,
        y_offset,
        feature_names,
        xtx=None,
        xty=None,
        yty=None,
        X=None,
        y=None,
    ):
        self.n = int(n)
        self.x_offset = x_offset
        self.y_offset = float(y_offset)
        self.feature_names = feature_names
        self.X, self.y = X, y
        if X is not None:
            self.xty = X.T @ y
            self.yty = float(y @ y)
            self.xtx = None
        else:
            self.xtx, self.xty, self.yty = xtx, xty, float(yty)
        self.n_features = self.xty.shape[0]

    @classmethod
    def from_arrays(
        cls,
        X,
        y,
        fit_intercept=True,
        *,
        validate=True,
        use_gram=None,
        feature_names=None,
        owner="GaussianLikelihood.from_arrays",
    ):
        """Centre (if ``fit_intercept``) and choose the gram or the design form.

        ``use_gram=None`` picks the gram form when ``n_samples >= n_features``.
        ``feature_names`` (default: X's columns if validated, else
        ``x0, x1, ...``) and ``owner`` (the function named in error messages)
        are kept or used as given.

        Raises
        ------
        ValueError
            Too few rows (2 with an intercept, else 1), or invalid ``X, y``.
        InputError
            If ``X'X``, ``X'y``, ``y'y`` or the column means overflow.
        """
        if validate:
            X, y, names = check_X_y(X, y, owner=owner, fit_intercept=fit_intercept)
        else:
            names = default_feature_names(X.shape[1])
            check_n_samples(X.shape[0], fit_intercept, owner)
        if feature_names is not None:
            names = tuple(feature_names)
        n, p = X.shape
        if use_gram is None:
            use_gram = n >= p
        # the design form keeps X in column order: L1 fits read it by columns
        order = "C" if use_gram else "F"
        if fit_intercept:
            x_offset, y_offset = X.mean(axis=0), float(y.mean())
            Xc, yc = np.subtract(X, x_offset, order=order), y - y_offset
        else:
            x_offset, y_offset = np.zeros(p), 0.0
            Xc, yc = np.asarray(X, order=order), y
        common = dict(n=n, x_offset=x_offset, y_offset=y_offset, feature_names=names)
        with np.errstate(over="ignore", invalid="ignore"):
            if use_gram:
                lik = cls(xtx=Xc.T @ Xc, xty=Xc.T @ yc, yty=float(yc @ yc), **common)
                diag = np.diag(lik.xtx)
            else:
                lik = cls(X=Xc, y=yc, **common)
                diag = np.einsum("ij,ij->j", Xc, Xc)
        check_finite_products(owner, names, diag, lik.xty, lik.yty, x_offset, X=X, y=y)
        return lik

    @classmethod
    def from_stats(
        cls,
        stats: SufficientStats,
        fit_intercept=True,
        *,
        owner="GaussianLikelihood.from_stats",
    ):
        """Gram form from :class:`~bayesreg.data.SufficientStats`.

        Raises ``ValueError`` for too few rows and :class:`InputError` for
        statistics that are not finite (``owner`` named in the messages).
        """
        check_n_samples(stats.n, fit_intercept, owner)
        with np.errstate(over="ignore", invalid="ignore"):
            xtx, xty, yty = stats.gram(fit_intercept)
        check_finite_products(
            owner, stats.feature_names, np.diag(xtx), xty, yty, stats.x_mean
        )
        p = stats.n_features
        return cls(
            n=stats.n,
            x_offset=stats.x_mean if fit_intercept else np.zeros(p),
            y_offset=stats.y_mean if fit_intercept else 0.0,
            feature_names=stats.feature_names,
            xtx=xtx,
            xty=xty,
            yty=yty,
        )

    @property
    def has_gram(self) -> bool:
        return self.xtx is not None

    def gram_times(self, w) -> np.ndarray:
        """``X'X w``."""
        if self.has_gram:
            return self.xtx @ w
        return self.X.T @ (self.X @ w)

    def correlation(self, w) -> np.ndarray:
        """``X'(y - X w)``: minus the gradient of ``1/2 ||y - X w||^2``."""
        return self.xty - self.gram_times(w)

    def rss(self, w) -> float:
        """``||y - X w||^2`` (never negative)."""
        if self.has_gram:
            return max(self.yty - 2.0 * (w @ self.xty) + w @ (self.xtx @ w), 0.0)
        r = self.y - self.X @ w
        return float(r @ r)

    def gram_columns(self, idx) -> np.ndarray:
        """``X'X[:, idx]``, shape (n_features, len(idx))."""
        if self.has_gram:
            return self.xtx[:, idx]
        return self.X.T @ self.X[:, idx]

    def neg_log_likelihood(self, w, sigma) -> float:
        """``||y - Xw||^2 / (2 sigma^2) + n log(sigma) + n/2 log(2 pi)``."""
        return (
            0.5 * self.rss(w) / sigma**2
            + self.n * math.log(sigma)
            + 0.5 * self.n * _LOG_2PI
        )

    def gradient(self, w, sigma) -> np.ndarray:
        """Gradient of :meth:`neg_log_likelihood` in ``w``."""
        return -self.correlation(w) / sigma**2

    def intercept(self, w) -> float:
        return self.y_offset - float(self.x_offset @ w)
