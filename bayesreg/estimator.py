"""scikit-learn compatible estimators over the MAP (and posterior) engines.

:class:`BayesianLinearRegression` (Gaussian, Poisson or Student-t responses)
is here; :class:`~bayesreg.classifier.BayesianLogisticRegression` shares its
machinery, :class:`~bayesreg.glm_estimator.BayesianGLM` (the prior and its
nested ``prior__`` parameters, input checks, the MAP and the posterior
sampling). :class:`~bayesreg.estimator_cv.BayesianLinearRegressionCV` chooses
the prior's scale from the data first (as ``LassoCV`` next to ``Lasso``).
"""

from __future__ import annotations

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.utils.validation import check_is_fitted

from . import likelihoods as lk
from ._validation import check_positive
from .glm_estimator import _MAP, BayesianGLM, check_prob

__all__ = ["BayesianGLM", "BayesianLinearRegression"]


def _regression_names() -> tuple[str, ...]:
    """The registered likelihood names but 'logistic' (a classifier's)."""
    return tuple(k for k in lk.LIKELIHOODS if k != lk.Logistic.name)


class BayesianLinearRegression(RegressorMixin, BayesianGLM):
    """Linear regression with a prior on the weights.

    Model: ``eta_i = b0 + x_i'w`` with ``w_j ~ prior`` and a flat prior on the
    intercept ``b0``, and, by ``likelihood``,

    * ``"gaussian"``: ``y_i = eta_i + e_i``, ``e_i ~ N(0, sigma^2)``;
    * ``"student_t"``: ``y_i = eta_i + sigma e_i``, ``e_i ~ t_df``
      (``StudentT(df=5.0)``; pass ``bayesreg.likelihoods.StudentT(df=...)``
      for another ``df``): robust to outliers;
    * ``"poisson"``: ``y_i ~ Poisson(exp(eta_i))``, counts (no noise scale:
      ``sigma`` must stay 1.0).

    With ``method="map"`` the weights are the MAP estimate, the minimizer over
    ``w`` (and ``b0``) of the negative log posterior

    * gaussian: ``||y - b0 - X w||^2 / (2 sigma^2) - log p(w)``;
    * student_t: ``sum_i (df + 1)/2 log(1 + (y_i - eta_i)^2 / (df sigma^2))
      - log p(w)`` (not convex: several local optima are possible);
    * poisson: ``sum_i [exp(eta_i) - y_i eta_i] - log p(w)``

    up to terms free of ``w`` and ``b0`` (``n log sigma`` and the t density's
    normalizing constant; ``sum_i log y_i!``), with ``eta = b0 + X w`` (see
    :func:`bayesreg.fit_map`, which minimizes ``sigma^2`` times it). A
    ``Gaussian(tau)`` prior gives ``Ridge(alpha=sigma^2 / tau^2)`` (gaussian)
    and ``PoissonRegressor(alpha=1 / (n_samples tau^2))`` (poisson).
    With ``method="nuts"`` or ``"exact"`` the full posterior is sampled
    (:func:`bayesreg.sample_posterior`), stored in ``idata_``, and ``coef_``,
    ``intercept_`` are posterior means.

    Parameters
    ----------
    prior : Prior, default None
        Prior on each weight; ``None`` means ``Gaussian(scale=1.0)`` (with
        ``sigma=1`` that is ``Ridge(alpha=1.0)``).
    sigma : float > 0 or SigmaPrior, default 1.0
        Noise standard deviation (gaussian) or scale (student_t), or
        (sampling methods only) a prior on it: ``HalfNormal``, ``HalfCauchy``,
        ``Jeffreys``, ``InverseGamma``. Must be 1.0 for ``"poisson"``.
    fit_intercept : bool, default True
    method : {"map", "nuts", "exact"}, default "map"
        MAP estimate; NUTS draws; or i.i.d. draws from the closed-form
        posterior (gaussian likelihood with a Gaussian or Flat prior, see
        ``sample_posterior``). The sampling methods are those of the
        registered samplers (``bayesreg.posterior.samplers.REGISTRY``, their
        ``method``).
    likelihood : {"gaussian", "student_t", "poisson"} or family, default "gaussian"
        The distribution of ``y`` given ``eta`` (above): a name, or an
        instance of a family of :mod:`bayesreg.likelihoods` (e.g.
        ``StudentT(df=3.0)``; ``StudentT(df=None)`` gives df a prior, for the
        sampling methods). ``"logistic"`` is refused: a binary response is
        :class:`~bayesreg.BayesianLogisticRegression`'s.
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
    likelihood_ : bayesreg.likelihoods.Likelihood
        The family fitted (``likelihood`` as an instance).
    map_ : MAPResult or None
        The MAP fit (None when sigma has a prior, the prior a hyperprior or
        the Student-t df a prior); ``map_.feature_names`` are X's column
        names.
    idata_ : arviz.InferenceData
        Sampling methods only.
    sigma_ : float
        The fixed sigma, or its posterior mean (1.0 for poisson).
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
        likelihood="gaussian",
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
        self.likelihood = likelihood
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.sampler = sampler
        self.random_state = random_state
        self.standardize = standardize

    # -- fitting ------------------------------------------------------------

    def _family(self, owner):
        """The likelihood family of ``likelihood`` (an instance)."""
        spec = self.likelihood
        names = _regression_names()
        allowed = (
            f"one of {', '.join(repr(k) for k in names)} or a "
            "bayesreg.likelihoods family (e.g. StudentT(df=4.0))"
        )
        if isinstance(spec, lk.Logistic) or (
            isinstance(spec, str) and spec == lk.Logistic.name
        ):
            raise ValueError(
                f"The 'likelihood' parameter of {owner} must be {allowed}. Got "
                f"{spec!r} instead: for a binary response use "
                "bayesreg.BayesianLogisticRegression (a classifier with "
                "classes_, predict_proba and the same priors)."
            )
        if isinstance(spec, str) and spec in names:
            return lk.LIKELIHOODS[spec]()
        if type(spec) in lk.LIKELIHOODS.values():
            return spec
        raise ValueError(
            f"The 'likelihood' parameter of {owner} must be {allowed}. Got "
            f"{spec!r} instead."
        )

    def fit(self, X, y):
        """Fit the model; returns ``self``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features) or SufficientStats
            A SufficientStats (with ``y=None``) only for the gaussian
            likelihood.
        y : array-like of shape (n_samples,)
            Real numbers; non-negative integer counts, not all 0, for poisson.
        """
        return self._fit(X, y)

    def _fit(self, X, y, chosen=None):
        """:meth:`fit`; ``chosen``: ``(prior, sigma)`` in place of the
        parameters ``prior`` and ``sigma`` (those a selection of lam chose,
        :class:`~bayesreg.estimator_cv.BayesianLinearRegressionCV`)."""
        owner = type(self).__name__
        family = self._family(owner)
        prior, fit_intercept, standardize = self._check_common(owner, family)
        sigma_param = self.sigma
        if chosen is not None:
            prior, sigma_param = chosen
        gaussian = isinstance(family, lk.Gaussian)
        if not family.has_scale and not (
            isinstance(sigma_param, int | float | np.floating)
            and not isinstance(sigma_param, bool)
            and sigma_param == 1.0
        ):
            raise ValueError(
                f"The 'sigma' parameter of {owner} does not apply to likelihood "
                f"{family!r}, which has no noise scale; leave it at 1.0. Got "
                f"{sigma_param!r} instead."
            )
        if self._stats_input(X, y):
            if not gaussian:
                raise ValueError(
                    f"{owner}: likelihood {family!r} needs the rows X, y; "
                    "sufficient statistics describe only the Gaussian likelihood."
                )
        else:
            X, y = self._validate(X, y, fitting=True, owner=owner)
        self.likelihood_ = family
        if self.method != _MAP:
            sigma = self._sample(
                X, y, prior, sigma_param, family, owner, fit_intercept, standardize
            )
            post = self.idata_.posterior
            fixed = sigma.fixed is not None
            self.sigma_ = sigma.fixed if fixed else float(post["sigma"].mean())
            return self
        sigma = check_positive(sigma_param, "sigma", owner)
        if isinstance(family, lk.StudentT):
            family.fixed_df(owner)
        self.map_ = self._map(
            X, y, prior, sigma, fit_intercept, standardize, owner, family
        )
        self.coef_ = self.map_.coef
        self.intercept_ = self.map_.intercept
        self.sigma_ = sigma
        self.idata_ = None
        return self

    # -- prediction -----------------------------------------------------------

    def _response_draws(self, X):
        """Per posterior draw (draws, rows): the mean response, the variance of
        ``y`` around it, and a function drawing ``y_rep`` with a Generator."""
        eta, post = self._eta_draws(X)
        family = self.likelihood_
        if isinstance(family, lk.Poisson):
            with np.errstate(over="ignore"):
                mu = np.exp(eta)
            return mu, mu, lambda rng: rng.poisson(mu).astype(float)
        s = post["sigma"].values if "sigma" in post else np.full(len(eta), self.sigma_)
        s = s[:, None]
        if isinstance(family, lk.StudentT):
            from .likelihoods.student_t import DF

            nu = post[DF].values if DF in post else np.full(len(eta), family.df)
            nu = nu[:, None]
            with np.errstate(divide="ignore", invalid="ignore"):
                var = np.where(nu > 2, s**2 * nu / (nu - 2), np.inf)
            var = np.broadcast_to(var, eta.shape)
            return eta, var, lambda rng: eta + s * rng.standard_t(nu, eta.shape)
        if isinstance(family, lk.Gaussian):
            var = np.broadcast_to(s**2, eta.shape)
            return eta, var, lambda rng: eta + s * rng.standard_normal(eta.shape)
        raise ValueError(
            f"{type(self).__name__}: no posterior predictive for likelihood "
            f"{family!r} (gaussian, student_t and poisson have one)."
        )

    def predict(self, X, return_std=False):
        """The mean response: the MAP, or the posterior predictive mean.

        MAP: ``x'coef_ + intercept_`` (gaussian, student_t) or
        ``exp(x'coef_ + intercept_)`` (poisson). Sampling methods: the same
        for gaussian and student_t (``coef_``, ``intercept_`` are posterior
        means); for poisson the posterior mean of ``exp(x'w + b0)`` over the
        draws.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        return_std : bool, default False
            Also return the posterior predictive standard deviation,
            ``sqrt(Var[E(y | w, b0)] + E[Var(y | w, b0)])`` over the draws
            (noise included: ``sigma^2``, ``sigma^2 df / (df - 2)`` (inf for
            ``df <= 2``) or ``exp(x'w + b0)``). Needs a sampling method.

        Returns
        -------
        y_mean : ndarray of shape (n_samples,)
        y_std : ndarray of shape (n_samples,), only if ``return_std``
        """
        check_is_fitted(self)
        X = self._validate(X, fitting=False, owner=f"{type(self).__name__}.predict")
        family = getattr(self, "likelihood_", None)
        linear = X @ self.coef_ + self.intercept_
        sampled = getattr(self, "idata_", None) is not None
        if return_std:
            self._check_posterior("predict(return_std=True)")
        if not return_std and (not sampled or not isinstance(family, lk.Poisson)):
            return np.exp(linear) if isinstance(family, lk.Poisson) else linear
        mu, var, _ = self._response_draws(X)
        mean = mu.mean(axis=0) if isinstance(family, lk.Poisson) else linear
        if not return_std:
            return mean
        return mean, np.sqrt(mu.var(axis=0) + var.mean(axis=0))

    def predict_interval(self, X, prob=0.9):
        """Equal-tailed posterior predictive interval of a new ``y`` per row.

        One ``y_rep`` per posterior draw (seeded by ``random_state``):
        ``x'w + b0 + sigma z`` with ``z ~ N(0, 1)`` (gaussian) or ``z ~ t_df``
        (student_t), ``Poisson(exp(x'w + b0))`` (poisson); the interval is
        its ``(1 - prob)/2`` and ``(1 + prob)/2`` quantiles (for poisson,
        counts: ``numpy.quantile(..., method="inverted_cdf")``).

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Lower and upper bounds.
        """
        check_is_fitted(self)
        self._check_posterior("predict_interval")
        prob = check_prob(prob, "predict_interval")
        owner = f"{type(self).__name__}.predict_interval"
        X = self._validate(X, fitting=False, owner=owner)
        _, _, draw = self._response_draws(X)
        y_rep = draw(np.random.default_rng(self.random_state))
        counts = isinstance(self.likelihood_, lk.Poisson)
        q = np.quantile(
            y_rep,
            [(1 - prob) / 2, (1 + prob) / 2],
            axis=0,
            method="inverted_cdf" if counts else "linear",
        )
        return q.T
