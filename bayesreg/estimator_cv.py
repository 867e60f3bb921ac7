""":class:`BayesianLinearRegressionCV`: the prior's scale chosen from the data.

Why a separate class rather than ``BayesianLinearRegression(lam="cv")``:
scikit-learn keeps the estimator with a fixed penalty (``Lasso``, ``Ridge``,
``ElasticNet``) apart from the one that chooses it (``LassoCV``,
``RidgeCV``, ``ElasticNetCV``, ``LogisticRegressionCV``). Here too the plain
:class:`~bayesreg.BayesianLinearRegression` keeps ``prior__scale`` as an
ordinary parameter for ``GridSearchCV`` (a ``lam="cv"`` switch would make
that scale silently ignored), and every parameter of the ``CV`` class
describes the selection (:func:`bayesreg.select_lambda`) or the final fit.
"""

from __future__ import annotations

from . import likelihoods as lk
from ._validation import check_choice, check_positive
from .data import is_stats_input
from .estimator import BayesianLinearRegression

__all__ = ["BayesianLinearRegressionCV"]


def _lam_methods() -> tuple[str, ...]:
    from .select import METHODS

    return tuple(METHODS)


class BayesianLinearRegressionCV(BayesianLinearRegression):
    """Linear regression with a prior whose scale (penalty ``lam``) is chosen
    from the data, then fitted as :class:`~bayesreg.BayesianLinearRegression`.

    Model: ``y_i = b0 + x_i'w + e_i``, ``e_i ~ N(0, sigma^2)``, ``w_j ~
    prior``, a flat prior on ``b0``. :meth:`fit` runs
    ``bayesreg.select_lambda(X, y, prior, method=lam, ...)``, which chooses
    the scale of ``prior``'s family (its penalty ``lam`` in ``1/2 ||y - b0 -
    Xw||^2 + lam pen(w)``, ``pen = ||w||_1`` for Laplace, ``1/2 ||w||^2`` for
    Gaussian), and then fits the chosen prior at the chosen noise scale:
    the MAP (``method="map"``), or the posterior with lam fixed at its
    choice (``"nuts"``, ``"exact"``, ``"gibbs"``: an empirical-Bayes
    posterior).

    With the same folds and grid, ``lam="cv"`` chooses what scikit-learn's
    ``LassoCV`` / ``ElasticNetCV`` (``lam_options={"fold_lam":
    "per_sample"}``) or ``RidgeCV(scoring="neg_mean_squared_error")``
    choose, and ``lam="evidence"`` with a Gaussian prior is
    ``BayesianRidge``.

    Parameters
    ----------
    prior : Prior, default None
        Gives the family (and ``relative``, the elastic net's l1 ratio);
        its own scale is replaced by the chosen one (``lam="hyperprior"``
        reads its hyperprior). None means ``Gaussian(scale=1.0)``.
    lam : {"cv", "evidence", "mcem", "loo", "hyperprior"}, default "cv"
        How lam is chosen (:func:`bayesreg.select_lambda`'s ``method``):
        K-fold cross-validated MSE of the MAP; type-II maximum likelihood
        (Gaussian prior, sigma estimated jointly); Park & Casella's Monte
        Carlo EM (Laplace prior); PSIS-LOO over the grid; the posterior
        median under a hyperprior.
    sigma : float > 0, optional
        Noise standard deviation. None: what the selection uses or
        estimates (``cv``, ``loo``: :func:`bayesreg.default_sigma`;
        ``evidence``: its type-II ML estimate; ``mcem``, ``hyperprior``: a
        posterior summary under the Jeffreys prior); the final fit keeps it
        fixed.
    fit_intercept : bool, default True
    method : {"map", "nuts", "exact", ...}, default "map"
        The final fit, as in :class:`~bayesreg.BayesianLinearRegression`.
    grid : array-like of lam > 0, optional
        The lam values compared (default: ``n_lams`` values from the
        family's range, as LassoCV's).
    n_lams : int >= 2, optional
        Size of the default grid (``select_lambda``'s default when None).
    cv : int >= 2, scikit-learn splitter or iterable of (train, test), default 5
        Folds of ``lam="cv"`` (an int is the unshuffled ``KFold(cv)``).
    rule : {"min", "1se"}, default "min"
        ``lam="cv"`` only: the lam of the smallest CV error, or the largest
        lam within one standard error of it (glmnet's ``lambda.1se``).
    lam_options : dict, optional
        Options of the selection method (``select_lambda``'s
        ``**method_options``, e.g. ``{"fold_lam": "per_sample"}`` for cv,
        ``{"n_iter": 40}`` for mcem).
    draws, tune, chains, sampler : optional
        Sampling settings of the final fit (ignored by ``method="map"``).
    random_state : int >= 0, optional
        Seed of the selection's samplers and of the final fit's.
    standardize : bool, default False
        Put the prior on the columns divided by their sd (ddof=0), in the
        selection and the final fit; ``coef_`` stays on the original scale.

    Attributes
    ----------
    selection_ : bayesreg.select.LambdaSelection
        The whole selection: the criterion over the grid, the 1-SE choice,
        the EM iterates or the draws of lam; ``selection_.plot()`` draws it.
    lam_ : float
        The chosen penalty (unscaled convention, at ``sigma_``).
    prior_ : Prior
        The chosen prior (its scale chosen), the one fitted.
    coef_, intercept_, sigma_, map_, idata_, n_features_in_, feature_names_in_
        As in :class:`~bayesreg.BayesianLinearRegression`.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from bayesreg import Gaussian
    >>> from bayesreg.estimator_cv import BayesianLinearRegressionCV
    >>> X, y = load_diabetes(return_X_y=True)
    >>> model = BayesianLinearRegressionCV(Gaussian(), lam="evidence").fit(X, y)
    >>> round(model.lam_, 4), round(model.sigma_, 2)
    (0.0336, 54.15)
    """

    def __init__(
        self,
        prior=None,
        lam="cv",
        *,
        sigma=None,
        fit_intercept=True,
        method="map",
        grid=None,
        n_lams=None,
        cv=5,
        rule="min",
        lam_options=None,
        draws=1000,
        tune=1000,
        chains=4,
        sampler=None,
        random_state=None,
        standardize=False,
    ):
        self.prior = prior
        self.lam = lam
        self.sigma = sigma
        self.fit_intercept = fit_intercept
        self.method = method
        self.grid = grid
        self.n_lams = n_lams
        self.cv = cv
        self.rule = rule
        self.lam_options = lam_options
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.sampler = sampler
        self.random_state = random_state
        self.standardize = standardize

    def _family(self, owner):
        """The Gaussian likelihood: the only one lam is chosen for."""
        return lk.Gaussian()

    def _check_selection(self, owner):
        """``(lam method, rule, sigma or None, options)``, checked."""
        lam = check_choice(self.lam, "lam", owner, _lam_methods())
        rule = check_choice(self.rule, "rule", owner, ("min", "1se"))
        if rule == "1se" and lam != "cv":
            raise ValueError(
                f"The 'rule' parameter of {owner} must be 'min' with "
                f"lam={lam!r}; '1se' needs lam='cv'. Got {rule!r} instead."
            )
        sigma = None
        if self.sigma is not None:
            sigma = check_positive(self.sigma, "sigma", owner)
        options = self.lam_options
        if options is None:
            options = {}
        if not isinstance(options, dict):
            raise TypeError(
                f"The 'lam_options' parameter of {owner} must be None or a dict "
                f"of options of select_lambda(method={lam!r}). Got {options!r} "
                "instead."
            )
        return lam, rule, sigma, options

    def fit(self, X, y):
        """Choose lam by ``lam``, then fit the chosen prior; returns ``self``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        """
        from .select import select_lambda

        owner = type(self).__name__
        lam, rule, sigma, options = self._check_selection(owner)
        prior, fit_intercept, standardize = self._check_common(owner, lk.Gaussian())
        if is_stats_input(X, y):
            raise ValueError(
                f"{owner} needs the rows X, y to choose lam; sufficient "
                "statistics are for BayesianLinearRegression with a chosen prior."
            )
        Xa, ya = self._validate(X, y, fitting=True, owner=owner)
        res = select_lambda(
            Xa,
            ya,
            prior,
            lam,
            sigma=sigma,
            grid=self.grid,
            n_lams=self.n_lams,
            cv=self.cv,
            fit_intercept=fit_intercept,
            standardize=standardize,
            random_seed=self.random_state,
            **options,
        )
        one_se = rule == "1se"
        self.selection_ = res
        self.prior_ = res.prior_1se if one_se else res.prior
        self.lam_ = float(res.lam_1se if one_se else res.lam)
        self._fit(X, y, chosen=(self.prior_, float(res.sigma)))
        return self
