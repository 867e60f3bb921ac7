"""scikit-learn compatible estimator over the MAP (and posterior) engines."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import check_choice, check_positive
from .data import SufficientStats, default_feature_names
from .likelihoods import GaussianLikelihood
from .map import _check_prior, _fit, _likelihood
from .priors import Gaussian

__all__ = ["BayesianLinearRegression"]

_METHODS = ("map", "nuts", "exact")
_NUTS_SAMPLERS = ("nutpie", "pymc", "numpyro")


class BayesianLinearRegression(RegressorMixin, BaseEstimator):
    """Linear regression with a prior on the weights.

    Model: ``y = X w + b0 + e`` with ``e ~ N(0, sigma^2)``, ``w_j ~ prior`` and
    a flat prior on the intercept ``b0``. With ``method="map"`` the weights are
    the MAP estimate, the minimizer of
    ``||y - b0 - X w||^2 / (2 sigma^2) - log p(w)`` (see :func:`bayesreg.fit_map`).
    With ``method="nuts"`` or ``"exact"`` the full posterior is sampled
    (:func:`bayesreg.sample_posterior`), stored in ``idata_``, and ``coef_``,
    ``intercept_`` are posterior means.

    Parameters
    ----------
    prior : Prior, default None
        Prior on each weight; ``None`` means ``Gaussian(scale=1.0)`` (with
        ``sigma=1`` that is ``Ridge(alpha=1.0)``).
    sigma : float > 0 or SigmaPrior, default 1.0
        Noise standard deviation, or (sampling methods only) a prior on it:
        ``HalfNormal``, ``HalfCauchy``, ``Jeffreys``, ``InverseGamma``.
    fit_intercept : bool, default True
    method : {"map", "nuts", "exact"}, default "map"
        MAP estimate; NUTS draws; or i.i.d. draws from the closed-form
        posterior (Gaussian or Flat prior, see ``sample_posterior``).
    draws, tune, chains : int >= 1, default 1000, 1000, 4
        Sampling settings (ignored by ``method="map"``; ``exact`` has no tune).
    sampler : {"nutpie", "pymc", "numpyro"}, optional
        NUTS implementation for ``method="nuts"``; default the package's.
    random_state : int >= 0, optional
        Seed of the sampler and of :meth:`predict_interval`.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    map_ : MAPResult or None
        The MAP fit (None when sigma has a prior or the prior a hyperprior).
    idata_ : arviz.InferenceData
        Sampling methods only.
    sigma_ : float
        The fixed sigma, or its posterior mean.
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
    ['age', 's1', 's2', 's4', 's6']
    """

    def __init__(
        self,
        prior=None,
        sigma=1.0,
        fit_intercept=True,
        method="map",
        *,
        draws=1000,
        tune=1000,
        chains=4,
        sampler=None,
        random_state=None,
    ):
        self.prior = prior
        self.sigma = sigma
        self.fit_intercept = fit_intercept
        self.method = method
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.sampler = sampler
        self.random_state = random_state

    def _prior(self):
        if self.prior is None:
            return Gaussian(scale=1.0)
        return _check_prior(self.prior, type(self).__name__)

    def fit(self, X, y):
        """Fit the model; returns ``self``."""
        owner = type(self).__name__
        prior = self._prior()
        check_choice(self.method, "method", owner, _METHODS)
        stats = self._stats_input(X, y)
        if self.method != "map":
            return self._fit_posterior(X, y, prior, owner)
        sigma = check_positive(self.sigma, "sigma", owner)
        if stats:
            lik = GaussianLikelihood.from_stats(X, bool(self.fit_intercept))
        else:
            X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
            lik = _likelihood(X, y, bool(self.fit_intercept), [prior], validate=False)
        self.map_ = _fit(lik, prior, sigma, tol=1e-9, max_iter=None)
        self.coef_ = self.map_.coef
        self.intercept_ = self.map_.intercept
        self.sigma_ = sigma
        self.idata_ = None
        return self

    def _stats_input(self, X, y):
        """Accept a SufficientStats in place of ``(X, y)``; set the input attributes."""
        if not isinstance(X, SufficientStats):
            return False
        if y is not None:
            raise ValueError(
                "y must be None when X is a SufficientStats (the statistics already "
                f"contain the target); got y of type {type(y).__name__}."
            )
        self.n_features_in_ = X.n_features
        default = default_feature_names(X.n_features)
        if tuple(X.feature_names) != default:
            self.feature_names_in_ = np.asarray(X.feature_names, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        return True

    def _fit_posterior(self, X, y, prior, owner):
        from .posterior import sample_posterior

        if self.method == "exact":
            sampler = "exact"
        else:
            sampler = self.sampler
            if sampler is not None:
                check_choice(sampler, "sampler", owner, _NUTS_SAMPLERS)
        if isinstance(X, SufficientStats):
            Xin = X
        else:
            X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
            names = getattr(self, "feature_names_in_", None)
            Xin = X if names is None else pd.DataFrame(X, columns=list(names))
        self.idata_ = sample_posterior(
            Xin,
            y,
            prior,
            self.sigma,
            draws=self.draws,
            tune=self.tune,
            chains=self.chains,
            sampler=sampler,
            random_seed=self.random_state,
            fit_intercept=bool(self.fit_intercept),
        )
        post = self.idata_.posterior
        self.coef_ = post["coef"].mean(("chain", "draw")).values
        self.intercept_ = (
            float(post["intercept"].mean()) if "intercept" in post else 0.0
        )
        fixed = isinstance(self.sigma, int | float)
        self.sigma_ = float(self.sigma) if fixed else float(post["sigma"].mean())
        self.map_ = None
        if fixed and prior.hyperprior is None:
            fi = bool(self.fit_intercept)
            lik = (
                GaussianLikelihood.from_stats(X, fi)
                if isinstance(X, SufficientStats)
                else _likelihood(X, y, fi, [prior], validate=False)
            )
            self.map_ = _fit(lik, prior, float(self.sigma), tol=1e-9, max_iter=None)
        return self

    def _draws(self, X):
        """Posterior draws of the mean ``X w + b0`` (draws, rows) and of sigma."""
        post = self.idata_.posterior.stack(sample=("chain", "draw"))
        mu = post["coef"].values.T @ X.T
        if "intercept" in post:
            mu += post["intercept"].values[:, None]
        s = post["sigma"].values if "sigma" in post else np.full(len(mu), self.sigma_)
        return mu, s

    def predict(self, X, return_std=False):
        """``X @ coef_ + intercept_``: the MAP, or the posterior predictive mean.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        return_std : bool, default False
            Also return the posterior predictive standard deviation,
            ``sqrt(Var[x'w + b0] + E[sigma^2])`` over the draws (noise
            included). Needs a sampling method.

        Returns
        -------
        y_mean : ndarray of shape (n_samples,)
        y_std : ndarray of shape (n_samples,), only if ``return_std``
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        mean = X @ self.coef_ + self.intercept_
        if not return_std:
            return mean
        self._check_posterior("predict(return_std=True)")
        mu, s = self._draws(X)
        return mean, np.sqrt(mu.var(axis=0) + np.mean(s**2))

    def predict_interval(self, X, prob=0.9):
        """Equal-tailed posterior predictive interval of a new ``y`` per row.

        ``y_rep = x'w + b0 + sigma z``, ``z ~ N(0, 1)``, one ``y_rep`` per
        posterior draw (seeded by ``random_state``); the interval is its
        ``(1 - prob)/2`` and ``(1 + prob)/2`` quantiles.

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Lower and upper bounds.
        """
        check_is_fitted(self)
        self._check_posterior("predict_interval")
        prob = check_positive(prob, "prob", "predict_interval")
        if not prob < 1:
            raise ValueError(
                "The 'prob' parameter of predict_interval must be a float in the "
                f"range (0.0, 1.0). Got {prob!r} instead."
            )
        X = validate_data(self, X, dtype=np.float64, reset=False)
        mu, s = self._draws(X)
        rng = np.random.default_rng(self.random_state)
        y_rep = mu + s[:, None] * rng.standard_normal(mu.shape)
        q = np.quantile(y_rep, [(1 - prob) / 2, (1 + prob) / 2], axis=0)
        return q.T

    def _check_posterior(self, what):
        if getattr(self, "idata_", None) is None:
            raise ValueError(
                f"{what} needs a posterior: fit with method='nuts' or 'exact' "
                f"(this model used method={self.method!r})."
            )
