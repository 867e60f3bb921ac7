"""scikit-learn compatible estimator over the MAP (and posterior) engines."""

from __future__ import annotations

import dataclasses

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import check_bool, check_choice, check_positive
from .data import (
    SufficientStats,
    default_feature_names,
    feature_names_of,
    is_stats_input,
    not_2d_message,
)
from .map import _check_prior, _fit, _likelihood
from .priors import Gaussian

__all__ = ["BayesianLinearRegression"]

_MAP = "map"


def _methods() -> tuple[str, ...]:
    """``"map"`` and the methods of the registered samplers, in order."""
    from .posterior.samplers import REGISTRY

    return (_MAP, *dict.fromkeys(s.method for s in REGISTRY.values()))


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
        posterior (Gaussian or Flat prior, see ``sample_posterior``). The
        sampling methods are those of the registered samplers
        (``bayesreg.posterior.samplers.REGISTRY``, their ``method``).
    draws, tune, chains : int >= 1, default 1000, 1000, 4
        Sampling settings (ignored by ``method="map"``; ``exact`` has no tune).
    sampler : str, optional
        A registered sampler serving ``method``: for ``"nuts"`` one of
        ``"nutpie"`` (the default), ``"pymc"``, ``"numpyro"``. Ignored by
        ``"map"`` and by a method with one sampler (``"exact"``).
    random_state : int >= 0, optional
        Seed of the sampler and of :meth:`predict_interval`.
    standardize : bool, default False
        Put the prior on the weights of the columns divided by their standard
        deviations (ddof=0, as ``StandardScaler``); ``coef_`` stays on the
        original scale (see :func:`bayesreg.fit_map`).

    The prior's own fields are nested parameters, ``prior__<field>``
    (``prior__scale``, ``prior__l1_scale``, ...), so ``GridSearchCV`` can tune
    them: :meth:`set_params` replaces the (immutable) prior by
    ``dataclasses.replace(prior, **changes)``, starting from
    ``Gaussian(scale=1.0)`` when ``prior`` is None.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    map_ : MAPResult or None
        The MAP fit (None when sigma has a prior or the prior a hyperprior);
        ``map_.feature_names`` are X's column names.
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
        standardize=False,
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
        self.standardize = standardize

    # -- nested parameters of the prior -------------------------------------

    def _prior_or_default(self):
        return Gaussian(scale=1.0) if self.prior is None else self.prior

    def get_params(self, deep=True):
        """Parameters; with ``deep``, also ``prior__<field>`` for each field
        of the prior (of ``Gaussian(scale=1.0)`` when ``prior`` is None)."""
        params = super().get_params(deep=deep)
        prior = self._prior_or_default()
        if deep and dataclasses.is_dataclass(prior) and not isinstance(prior, type):
            for f in dataclasses.fields(prior):
                params[f"prior__{f.name}"] = getattr(prior, f.name)
        return params

    def set_params(self, **params):
        """Set parameters; ``prior__<field>`` keys replace the prior by
        ``dataclasses.replace(prior, **changes)`` (validated by the prior)."""
        changes = {
            key.removeprefix("prior__"): params.pop(key)
            for key in list(params)
            if key.startswith("prior__")
        }
        super().set_params(**params)  # a new 'prior' first, then its fields
        if changes:
            prior = self._prior_or_default()
            valid = (
                [f.name for f in dataclasses.fields(prior)]
                if dataclasses.is_dataclass(prior) and not isinstance(prior, type)
                else []
            )
            for key in changes:
                if key not in valid:
                    raise ValueError(
                        f"Invalid parameter {key!r} for estimator {prior!r}. "
                        f"Valid parameters are: {sorted(valid)!r}."
                    )
            new = dataclasses.replace(prior, **changes)
            # the default prior unchanged stays None: get/set_params round-trip
            if not (self.prior is None and new == prior):
                self.prior = new
        return self

    # -- fitting ------------------------------------------------------------

    def _prior(self):
        if self.prior is None:
            return Gaussian(scale=1.0)
        return _check_prior(self.prior, type(self).__name__)

    def _validate(self, X, y=None, *, fitting, owner):
        """``validate_data`` (``(X, y)`` when ``fitting``, else ``X`` against
        the fit) with a short message for a 1-D X; refuses duplicated names."""
        if fitting:
            feature_names_of(X, 0, owner)
        try:
            if fitting:
                return validate_data(self, X, y, dtype=np.float64, y_numeric=True)
            return validate_data(self, X, dtype=np.float64, reset=False)
        except ValueError as err:
            if str(err).startswith("Expected 2D array, got"):
                raise ValueError(not_2d_message(X, "X", owner)) from None
            raise

    def _names(self):
        names = getattr(self, "feature_names_in_", None)
        if names is None:
            return default_feature_names(self.n_features_in_)
        return tuple(str(c) for c in names)

    def fit(self, X, y):
        """Fit the model; returns ``self``."""
        owner = type(self).__name__
        prior = self._prior()
        if self.method != _MAP:
            check_choice(self.method, "method", owner, _methods())
        fit_intercept = check_bool(self.fit_intercept, "fit_intercept", owner)
        standardize = check_bool(self.standardize, "standardize", owner)
        if not self._stats_input(X, y):
            X, y = self._validate(X, y, fitting=True, owner=owner)
        if self.method != _MAP:
            return self._fit_posterior(X, y, prior, owner, fit_intercept, standardize)
        sigma = check_positive(self.sigma, "sigma", owner)
        self.map_ = self._map(X, y, prior, sigma, fit_intercept, standardize, owner)
        self.coef_ = self.map_.coef
        self.intercept_ = self.map_.intercept
        self.sigma_ = sigma
        self.idata_ = None
        return self

    def _map(self, X, y, prior, sigma, fit_intercept, standardize, owner):
        """MAP on the validated ``X, y`` (or a SufficientStats)."""
        lik, scale = _likelihood(
            X,
            y,
            fit_intercept,
            [prior],
            validate=False,
            standardize=standardize,
            owner=owner,
            feature_names=None if isinstance(X, SufficientStats) else self._names(),
        )
        return _fit(lik, prior, sigma, 1e-9, None, x_scale=scale, owner=owner)

    def _stats_input(self, X, y):
        """Accept a SufficientStats in place of ``(X, y)``; set the input attributes."""
        if not is_stats_input(X, y):
            return False
        self.n_features_in_ = X.n_features
        default = default_feature_names(X.n_features)
        if tuple(X.feature_names) != default:
            self.feature_names_in_ = np.asarray(X.feature_names, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        return True

    def _fit_posterior(self, X, y, prior, owner, fit_intercept, standardize):
        from .posterior import api
        from .posterior.samplers import sampler_names

        # a method served by one sampler (exact) ignores ``sampler``, as before
        several = len(sampler_names(self.method)) > 1
        # validated here, with this estimator's parameter names
        sigma, draws, tune, chains, sampler, seed = api.check_common(
            prior,
            self.sigma,
            self.draws,
            self.tune,
            self.chains,
            self.sampler if several else None,
            self.random_state,
            owner,
            seed_name="random_state",
            method=self.method,
        )
        names = None if isinstance(X, SufficientStats) else self._names()
        data = api.prepare(
            X, y, fit_intercept, owner, standardize=standardize, feature_names=names
        )
        self.idata_ = api.run_sampler(
            data, prior, sigma, draws, tune, chains, sampler, seed, False, True
        )
        post = self.idata_.posterior
        self.coef_ = post["coef"].mean(("chain", "draw")).values
        self.intercept_ = (
            float(post["intercept"].mean()) if "intercept" in post else 0.0
        )
        fixed = sigma.fixed is not None
        self.sigma_ = sigma.fixed if fixed else float(post["sigma"].mean())
        self.map_ = None
        if fixed and prior.hyperprior is None:
            self.map_ = self._map(
                X, y, prior, sigma.fixed, fit_intercept, standardize, owner
            )
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
        X = self._validate(X, fitting=False, owner=f"{type(self).__name__}.predict")
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
        owner = f"{type(self).__name__}.predict_interval"
        X = self._validate(X, fitting=False, owner=owner)
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
