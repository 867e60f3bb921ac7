"""scikit-learn compatible estimator over the MAP (and posterior) engines."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import check_choice, check_positive
from .likelihoods import GaussianLikelihood
from .map import _check_prior, _fit
from .priors import Gaussian

__all__ = ["BayesianLinearRegression"]

_METHODS = ("map",)


class BayesianLinearRegression(RegressorMixin, BaseEstimator):
    """Linear regression with a prior on the weights.

    Model: ``y = X w + b0 + e`` with ``e ~ N(0, sigma^2)``, ``w_j ~ prior`` and
    a flat prior on the intercept ``b0``. With ``method="map"`` the weights are
    the MAP estimate, the minimizer of
    ``||y - b0 - X w||^2 / (2 sigma^2) - log p(w)`` (see :func:`bayesreg.fit_map`).

    Parameters
    ----------
    prior : Prior, default None
        Prior on each weight; ``None`` means ``Gaussian(scale=1.0)`` (with
        ``sigma=1`` that is ``Ridge(alpha=1.0)``).
    sigma : float > 0, default 1.0
        Noise standard deviation.
    fit_intercept : bool, default True
    method : {"map"}, default "map"

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    map_ : MAPResult
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` had string column names.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from bayesreg import BayesianLinearRegression, Laplace
    >>> X, y = load_diabetes(return_X_y=True, as_frame=True)
    >>> model = BayesianLinearRegression(prior=Laplace(scale=0.01)).fit(X, y)
    >>> sorted(model.feature_names_in_[model.coef_ == 0])
    ['age', 'ldl', 's4', 's6', 'tc']
    """

    def __init__(self, prior=None, sigma=1.0, fit_intercept=True, method="map"):
        self.prior = prior
        self.sigma = sigma
        self.fit_intercept = fit_intercept
        self.method = method

    def _prior(self):
        if self.prior is None:
            return Gaussian(scale=1.0)
        return _check_prior(self.prior, type(self).__name__)

    def fit(self, X, y):
        """Fit the model; returns ``self``."""
        owner = type(self).__name__
        prior = self._prior()
        sigma = check_positive(self.sigma, "sigma", owner)
        check_choice(self.method, "method", owner, _METHODS)
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
        lik = GaussianLikelihood.from_arrays(
            X, y, bool(self.fit_intercept), validate=False
        )
        self.map_ = _fit(lik, prior, sigma, tol=1e-9, max_iter=1000)
        self.coef_ = self.map_.coef
        self.intercept_ = self.map_.intercept
        return self

    def predict(self, X):
        """``X @ coef_ + intercept_``."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return X @ self.coef_ + self.intercept_
