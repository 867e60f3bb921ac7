"""The machinery the scikit-learn estimators share (:class:`BayesianGLM`).

The prior and its nested ``prior__`` parameters, input checks, the MAP and
the posterior sampling, used by
:class:`~bayesreg.estimator.BayesianLinearRegression` and
:class:`~bayesreg.classifier.BayesianLogisticRegression`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import validate_data

from . import likelihoods as lk
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

__all__ = ["BayesianGLM", "check_prob"]

_MAP = "map"


def _methods(family=None) -> tuple[str, ...]:
    """``"map"`` and the methods of the registered samplers (those taking the
    likelihood ``family``, if given), in order."""
    from .posterior.samplers import REGISTRY

    samplers = [
        s for s in REGISTRY.values() if family is None or s.accepts_likelihood(family)
    ]
    return (_MAP, *dict.fromkeys(s.method for s in samplers))


def check_prob(prob, what: str) -> float:
    """``prob`` as a float in (0, 1), or raise naming ``what``."""
    prob = check_positive(prob, "prob", what)
    if not prob < 1:
        raise ValueError(
            f"The 'prob' parameter of {what} must be a float in the range "
            f"(0.0, 1.0). Got {prob!r} instead."
        )
    return prob


class BayesianGLM(BaseEstimator):
    """What the estimators share: a prior on the weights (``prior__<field>``
    nested parameters), input checks, the MAP and posterior sampling for one
    likelihood family. Subclasses define ``__init__`` and ``fit``."""

    #: how to get a posterior, for the message of :meth:`_check_posterior`
    _sampling_hint = "method='nuts' or 'exact'"

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

    # -- checks ---------------------------------------------------------------

    def _prior(self):
        if self.prior is None:
            return Gaussian(scale=1.0)
        return _check_prior(self.prior, type(self).__name__)

    def _check_common(self, owner, family):
        """``(prior, fit_intercept, standardize)``, with ``method`` checked
        (a method none of whose samplers takes the likelihood ``family`` is
        refused)."""
        prior = self._prior()
        if self.method != _MAP:
            allowed = _methods(family)
            if self.method not in allowed and self.method in _methods():
                raise ValueError(
                    f"The 'method' parameter of {owner} must be one of "
                    f"{', '.join(repr(m) for m in allowed)} with likelihood "
                    f"{family!r}. Got {self.method!r} instead: no sampler of "
                    "that method takes this likelihood (closed-form 'exact' "
                    "draws need the Gaussian one)."
                )
            check_choice(self.method, "method", owner, allowed)
        fit_intercept = check_bool(self.fit_intercept, "fit_intercept", owner)
        standardize = check_bool(self.standardize, "standardize", owner)
        return prior, fit_intercept, standardize

    def _validate(self, X, y=None, *, fitting, owner, y_numeric=True):
        """``validate_data`` (``(X, y)`` when ``fitting``, else ``X`` against
        the fit) with a short message for a 1-D X; refuses duplicated names."""
        if fitting:
            feature_names_of(X, 0, owner)
        try:
            if fitting:
                return validate_data(self, X, y, dtype=np.float64, y_numeric=y_numeric)
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

    # -- the MAP and the posterior -------------------------------------------

    def _map(self, X, y, prior, sigma, fit_intercept, standardize, owner, family):
        """MAP on the validated ``X, y`` (or a SufficientStats, Gaussian only)."""
        gaussian = isinstance(family, lk.Gaussian)
        lik, scale = _likelihood(
            X,
            y,
            fit_intercept,
            [prior],
            validate=False,
            standardize=standardize,
            owner=owner,
            feature_names=None if isinstance(X, SufficientStats) else self._names(),
            family=None if gaussian else family,
        )
        return _fit(lik, prior, sigma, 1e-9, None, x_scale=scale, owner=owner)

    def _sample(self, X, y, prior, sigma, family, owner, fit_intercept, standardize):
        """Sample the posterior into ``idata_``; set ``coef_``, ``intercept_``
        (posterior means) and ``map_`` (when the MAP is defined: fixed sigma,
        no hyperprior, fixed Student-t df). Returns the SigmaPrior."""
        from .posterior import api
        from .posterior.samplers import sampler_names

        # a method served by one sampler (exact) ignores ``sampler``, as before
        several = len(sampler_names(self.method)) > 1
        # validated here, with this estimator's parameter names
        sigma, draws, tune, chains, sampler, seed = api.check_common(
            prior,
            sigma,
            self.draws,
            self.tune,
            self.chains,
            self.sampler if several else None,
            self.random_state,
            owner,
            seed_name="random_state",
            method=self.method,
            likelihood=family,
        )
        names = None if isinstance(X, SufficientStats) else self._names()
        data = api.prepare(
            X,
            y,
            fit_intercept,
            owner,
            standardize=standardize,
            feature_names=names,
            likelihood=family,
        )
        self.idata_ = api.run_sampler(
            data, prior, sigma, draws, tune, chains, sampler, seed, False, True
        )
        post = self.idata_.posterior
        self.coef_ = post["coef"].mean(("chain", "draw")).values
        self.intercept_ = (
            float(post["intercept"].mean()) if "intercept" in post else 0.0
        )
        self.map_ = None
        if (
            sigma.fixed is not None
            and prior.hyperprior is None
            and getattr(family, "df", 0.0) is not None
        ):
            self.map_ = self._map(
                X, y, prior, sigma.fixed, fit_intercept, standardize, owner, family
            )
        return sigma

    def _eta_draws(self, X):
        """The linear predictor ``X w + b0`` per posterior draw (draws, rows),
        and the stacked posterior."""
        post = self.idata_.posterior.stack(sample=("chain", "draw"))
        eta = post["coef"].values.T @ X.T
        if "intercept" in post:
            eta += post["intercept"].values[:, None]
        return eta, post

    def _check_posterior(self, what):
        if getattr(self, "idata_", None) is None:
            raise ValueError(
                f"{what} needs a posterior: fit with {self._sampling_hint} "
                f"(this model used method={self.method!r})."
            )
