"""Bayesian logistic regression: a scikit-learn classifier over the priors."""

from __future__ import annotations

import math

import numpy as np
from scipy.special import expit, logsumexp
from sklearn.base import ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted

from .data import SufficientStats
from .glm_estimator import _MAP, BayesianGLM, check_prob
from .likelihoods import Logistic
from .likelihoods.rows import log1pexp

__all__ = ["BayesianLogisticRegression"]


class BayesianLogisticRegression(ClassifierMixin, BayesianGLM):
    """Binary logistic regression with a prior on the weights.

    Model: ``P(y_i = classes_[1]) = expit(eta_i)``, ``eta_i = b0 + x_i'w``,
    with ``w_j ~ prior`` and a flat prior on the intercept ``b0``. Any two
    labels work: ``classes_`` holds them sorted and the second is coded 1,
    as in scikit-learn. With ``method="map"`` the weights are the MAP
    estimate, the minimizer over ``w`` (and ``b0``) of the negative log
    posterior

        ``sum_i [log(1 + exp(eta_i)) - t_i eta_i] - log p(w)``,

    ``t_i = 1`` if ``y_i == classes_[1]`` else 0 (see :func:`bayesreg.fit_map`
    with ``likelihood="logistic"``). A ``Gaussian(tau)`` prior
    (``-log p(w) = ||w||^2 / (2 tau^2)``) gives
    ``LogisticRegression(C=tau**2)``; a ``Laplace(b)`` prior
    (``||w||_1 / b``) gives ``LogisticRegression(penalty="l1", C=b)``.
    With ``method="nuts"`` the posterior is sampled
    (:func:`bayesreg.sample_posterior` with ``likelihood="logistic"``),
    stored in ``idata_``; ``coef_`` and ``intercept_`` are posterior means
    and the probabilities are posterior predictive ones (averaged over the
    draws, see :meth:`predict_proba`).

    Parameters
    ----------
    prior : Prior, default None
        Prior on each weight; ``None`` means ``Gaussian(scale=1.0)``, i.e.
        ``LogisticRegression(C=1.0)``, scikit-learn's default.
    fit_intercept : bool, default True
    method : {"map", "nuts"}, default "map"
        MAP estimate, or NUTS draws (the sampling methods are those of the
        registered samplers that take the logistic likelihood; ``"exact"``
        draws exist only for the Gaussian likelihood).
    draws, tune, chains : int >= 1, default 1000, 1000, 4
        Sampling settings (ignored by ``method="map"``).
    sampler : str, optional
        A registered sampler serving ``method``: for ``"nuts"`` one of
        ``"nutpie"`` (the default), ``"pymc"``, ``"numpyro"``.
    random_state : int >= 0, optional
        Seed of the sampler.
    standardize : bool, default False
        Put the prior on the weights of the columns divided by their standard
        deviations (ddof=0, as ``StandardScaler``); ``coef_`` stays on the
        original scale.

    The prior's fields are nested parameters ``prior__<field>``, as for
    :class:`~bayesreg.BayesianLinearRegression`. There is no ``sigma``: the
    Bernoulli likelihood has no noise scale.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two labels, sorted; ``classes_[1]`` is the "positive" one.
    coef_ : ndarray of shape (n_features,)
        Weights of ``P(y = classes_[1])`` (1-D, as
        :class:`~bayesreg.BayesianLinearRegression`'s; scikit-learn's
        ``LogisticRegression.coef_`` is the same row with shape (1, n)).
    intercept_ : float
    map_ : MAPResult or None
        The MAP fit (None when the prior has a hyperprior).
    idata_ : arviz.InferenceData or None
        Sampling methods only (else None).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` had string column names.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from bayesreg import BayesianLogisticRegression, Laplace
    >>> X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    >>> model = BayesianLogisticRegression(Laplace(0.1), standardize=True)
    >>> model = model.fit(X, y)
    >>> int((model.coef_ != 0).sum()), round(model.score(X, y), 3)
    (8, 0.974)
    >>> model.predict_proba(X.iloc[:2]).round(3)
    array([[1.  , 0.  ],
           [0.99, 0.01]])
    """

    def __init__(
        self,
        prior=None,
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
        self.fit_intercept = fit_intercept
        self.method = method
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.sampler = sampler
        self.random_state = random_state
        self.standardize = standardize

    _sampling_hint = "method='nuts'"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    # -- fitting ------------------------------------------------------------

    def _binary_target(self, y, owner):
        """``y`` as 0/1 (1 for ``classes_[1]``); sets ``classes_``."""
        check_classification_targets(y)
        y_type = type_of_target(y, input_name="y", raise_unknown=True)
        classes = np.unique(y)
        shown = ", ".join(repr(c.item() if hasattr(c, "item") else c) for c in classes)
        if classes.size > 2 or y_type != "binary":
            raise ValueError(
                "Only binary classification is supported. The type of the target "
                f"is {y_type!r}: {owner} found {classes.size} classes in y "
                f"({shown[:200]}) and models exactly two. For more, wrap it: "
                f"sklearn.multiclass.OneVsRestClassifier({owner}(...))."
            )
        if classes.size < 2:
            raise ValueError(
                f"{owner} needs samples of 2 classes in y; got 1 class only ({shown})."
            )
        self.classes_ = classes
        return (y == classes[1]).astype(np.float64)

    def fit(self, X, y):
        """Fit the model; returns ``self``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Two distinct labels (numbers, strings, booleans).
        """
        owner = type(self).__name__
        family = Logistic()
        prior, fit_intercept, standardize = self._check_common(owner, family)
        if isinstance(X, SufficientStats):
            raise ValueError(
                f"{owner} needs the rows X, y; sufficient statistics describe "
                "only the Gaussian likelihood."
            )
        X, y = self._validate(X, y, fitting=True, owner=owner, y_numeric=False)
        t = self._binary_target(y, owner)
        if self.method != _MAP:
            self._sample(X, t, prior, 1.0, family, owner, fit_intercept, standardize)
            return self
        self.map_ = self._map(
            X, t, prior, 1.0, fit_intercept, standardize, owner, family
        )
        self.coef_ = self.map_.coef
        self.intercept_ = self.map_.intercept
        self.idata_ = None
        return self

    # -- prediction -----------------------------------------------------------

    def _log_proba(self, X, what):
        """``(log P(classes_[0]), log P(classes_[1]))`` per row of ``X``: at the
        MAP, or averaged over the posterior draws."""
        check_is_fitted(self)
        X = self._validate(X, fitting=False, owner=f"{type(self).__name__}.{what}")
        if getattr(self, "idata_", None) is None:
            eta = X @ self.coef_ + self.intercept_
            return -log1pexp(eta), -log1pexp(-eta)
        eta, _ = self._eta_draws(X)
        log_s = math.log(eta.shape[0])
        log0 = logsumexp(-log1pexp(eta), axis=0) - log_s
        log1 = logsumexp(-log1pexp(-eta), axis=0) - log_s
        return log0, log1

    def decision_function(self, X):
        """Log-odds of ``classes_[1]``: ``x'coef_ + intercept_`` for the MAP;
        for a sampled fit, ``log(p / (1 - p))`` of the posterior predictive
        probability ``p`` of :meth:`predict_proba` (so that the decision,
        the probabilities and :meth:`predict` agree).

        Returns
        -------
        ndarray of shape (n_samples,)
            Positive where ``classes_[1]`` is predicted.
        """
        log0, log1 = self._log_proba(X, "decision_function")
        return log1 - log0

    def predict_log_proba(self, X):
        """Log of :meth:`predict_proba`, computed without underflow.

        Returns
        -------
        ndarray of shape (n_samples, 2)
        """
        return np.column_stack(self._log_proba(X, "predict_log_proba"))

    def predict_proba(self, X):
        """Class probabilities, columns in the order of ``classes_``.

        MAP: ``P(classes_[1]) = expit(x'coef_ + intercept_)``. Sampled fit:
        the posterior predictive probability, ``expit(x'w + b0)`` averaged
        over the draws (not ``expit`` of the averaged weights).

        Returns
        -------
        ndarray of shape (n_samples, 2)
        """
        return np.exp(np.column_stack(self._log_proba(X, "predict_proba")))

    def predict(self, X):
        """The more probable class per row: ``classes_[1]`` where
        :meth:`decision_function` is positive, else ``classes_[0]``.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        log0, log1 = self._log_proba(X, "predict")
        return self.classes_[(log1 > log0).astype(int)]

    def predict_proba_interval(self, X, prob=0.9):
        """Equal-tailed posterior interval of ``P(y = classes_[1] | x)`` per row.

        The ``(1 - prob)/2`` and ``(1 + prob)/2`` quantiles of
        ``expit(x'w + b0)`` over the posterior draws. (The interval for
        ``classes_[0]`` is ``1 - `` it, reversed.) Needs a sampling method.

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Lower and upper bounds.
        """
        check_is_fitted(self)
        self._check_posterior("predict_proba_interval")
        prob = check_prob(prob, "predict_proba_interval")
        owner = f"{type(self).__name__}.predict_proba_interval"
        X = self._validate(X, fitting=False, owner=owner)
        eta, _ = self._eta_draws(X)
        q = np.quantile(expit(eta), [(1 - prob) / 2, (1 + prob) / 2], axis=0)
        return q.T
