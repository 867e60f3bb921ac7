"""The PyMC model of the regression, built from the priors, and its cache.

Model (``fit_intercept=True``)::

    eta_i = b0 + x_i'w,   y_i | eta_i ~ the likelihood family,
    w_j ~ prior (possibly relative to sigma, possibly with a hyperprior),
    b0 ~ flat (improper, as scikit-learn's unpenalized intercept),
    sigma fixed, or sigma ~ a prior from :mod:`bayesreg.noise` (families
    with a noise scale; the others take sigma = 1 where a prior asks for it).

The likelihood is the bound family's PyMC form (``lik.to_pymc``). The
Gaussian one, :class:`~bayesreg.likelihoods.GaussianLikelihood`, works on
sufficient statistics: one gradient costs O(p^2), whatever ``n``; it samples
``w`` and the centred intercept (as ``ȳ + intercept_offset``) and reports
``intercept = ȳ + intercept_offset - x̄'w``. The row families
(:mod:`bayesreg.likelihoods.rows`: logistic, Poisson, Student-t) hold ``X, y``
as ``pm.Data``, sample ``intercept_offset`` about the intercept profiled at
``w = 0`` and report ``intercept`` the same way.

With ``standardize=True`` the prior acts on the weights of the columns
``X_j / s_j`` (``s_j`` their standard deviation, ddof=0): the model is built
on the statistics of the scaled columns, and the ``coef`` draws are mapped back
to the original columns, ``coef_j = coef_std_j / s_j`` (the intercept needs no
change). Hyperprior variables (``coef_tau``, ``coef_lam2``) stay in the
standardized units.

Compile once, sample many: the data, a fixed ``sigma`` and the prior scales are
``pm.Data`` containers, and models are cached by structure (prior family,
``relative``, hyperprior, sigma prior, and the likelihood's ``pymc_key``:
family and its parameters, ``p``, intercept), so a refit (other rows, even
another number of them) or a path over a grid of scales does not recompile.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ..data import (
    SufficientStats,
    check_n_samples,
    check_X_y,
    is_stats_input,
    standardize_columns,
)
from ..likelihoods import Gaussian, GaussianLikelihood, Likelihood
from ..likelihoods.gaussian import OFFSET

__all__ = [
    "COEF",
    "OFFSET",
    "ModelData",
    "build_model",
    "clear_cache",
    "likelihood_variables",
    "model_for",
    "prepare",
]

#: Name of the weights in the model and in the results.
COEF = "coef"


@dataclass(frozen=True)
class ModelData:
    """The likelihood of the (possibly standardized) data, and what the results
    need besides: the family as the user gave it (``Gaussian()``,
    ``StudentT(df=4)``), the rows as given (for the pointwise log
    likelihood), the column scales and the standard deviations of the
    columns and of ``y``."""

    lik: Likelihood
    X: np.ndarray | None = None
    y: np.ndarray | None = None
    x_scale: np.ndarray | None = None
    x_sd: np.ndarray | None = None
    y_sd: float | None = None
    family: Likelihood = field(default_factory=Gaussian)

    @property
    def has_scale(self) -> bool:
        """Whether the likelihood has a noise scale ``sigma``."""
        return self.lik.has_scale

    @property
    def n(self) -> int:
        return self.lik.n

    @property
    def p(self) -> int:
        return self.lik.n_features

    @property
    def fit_intercept(self) -> bool:
        return self.lik.fit_intercept

    @property
    def feature_names(self) -> tuple:
        return tuple(self.lik.feature_names)

    @property
    def xty(self) -> np.ndarray:
        return self.lik.xty

    def pymc_data(self) -> dict:
        return self.lik.pymc_data()


def prepare(
    X,
    y,
    fit_intercept,
    owner="sample_posterior",
    *,
    standardize=False,
    feature_names=None,
    likelihood=None,
) -> ModelData:
    """The likelihood ``likelihood`` (a family; None: Gaussian) bound to the
    validated data (the columns ``X_j / s_j`` with ``standardize``); ``X, y``
    kept unscaled for the pointwise log likelihood.

    The Gaussian family is built on sufficient statistics (a
    :class:`~bayesreg.data.SufficientStats` input is accepted); the others
    need the rows.

    Raises
    ------
    ValueError
        Invalid data, a constant column with ``standardize``, a target the
        family cannot model (e.g. ``y`` not 0/1 for the logistic), or a
        SufficientStats input with a family other than the Gaussian.
    """
    fit_intercept = bool(fit_intercept)
    family = Gaussian() if likelihood is None else likelihood
    if "quadratic" not in family.capabilities():
        return _prepare_rows(
            X, y, fit_intercept, owner, standardize, feature_names, family
        )
    scale = None
    if is_stats_input(X, y):
        check_n_samples(X.n, fit_intercept, owner)
        stats, Xa, ya = X, None, None
        if standardize:
            stats, scale = standardize_columns(stats, owner)
    else:
        Xa, ya, names = check_X_y(X, y, owner=owner, fit_intercept=fit_intercept)
        names = names if feature_names is None else tuple(feature_names)
        Xs = Xa
        if standardize:
            Xs, scale = standardize_columns(Xa, owner, names)
        with np.errstate(over="ignore", invalid="ignore"):
            stats = SufficientStats.from_arrays(Xs, ya, names)
    lik = GaussianLikelihood.from_stats(stats, fit_intercept, owner=owner, X=Xa, y=ya)
    # column and target sds (ddof=0, centred) of the data as given
    x_sd = np.sqrt(np.diag(stats.xx) / stats.n)
    return ModelData(
        lik=lik,
        X=Xa,
        y=ya,
        x_scale=scale,
        x_sd=x_sd if scale is None else x_sd * scale,
        y_sd=math.sqrt(stats.yy / stats.n),
        family=family,
    )


def _prepare_rows(X, y, fit_intercept, owner, standardize, feature_names, family):
    """:func:`prepare` for a family that sums over rows (``family.bind``)."""
    if is_stats_input(X, y):
        raise ValueError(
            f"The 'likelihood' parameter of {owner} is {family!r}, which needs the "
            "rows X, y; a SufficientStats input describes only the Gaussian "
            "likelihood. Pass X and y, or likelihood='gaussian'."
        )
    Xa, ya, names = check_X_y(X, y, owner=owner, fit_intercept=fit_intercept)
    names = names if feature_names is None else tuple(feature_names)
    Xs, scale = Xa, None
    if standardize:
        Xs, scale = standardize_columns(Xa, owner, names)
    lik = family.bind(Xs, ya, fit_intercept, owner=owner, feature_names=names)
    return ModelData(
        lik=lik,
        X=Xa,
        y=lik.y,
        x_scale=scale,
        x_sd=Xa.std(axis=0),
        y_sd=float(np.std(lik.y)),
        family=family,
    )


def build_model(prior, sigma, data: ModelData):
    """PyMC model of the regression, data and scales as ``pm.Data``.

    Variables: ``coef`` (dims ``feature``), ``intercept_offset`` and the
    deterministic ``intercept`` (with an intercept), ``sigma`` (a variable
    when it has a prior, else ``pm.Data`` ``sigma_fixed``; the constant 1 for
    a family without a noise scale), whatever the prior's hyperprior adds and
    whatever the likelihood adds (``nu`` for ``StudentT(df=None)``). The
    likelihood is a ``pm.Potential`` named ``loglik`` (``data.lik.to_pymc``).
    """
    import pymc as pm

    coords = {"feature": [f"x{j}" for j in range(data.p)]}
    with pm.Model(coords=coords) as model:
        s = sigma.to_pymc("sigma") if data.has_scale else 1.0
        w = prior.to_pymc(COEF, "feature", s)
        before = {v.name for v in model.free_RVs}
        data.lik.to_pymc(w, s)
    added = [v.name for v in model.free_RVs if v.name not in before]
    _LIK_VARS[data.lik.pymc_key()] = tuple(v for v in added if v != OFFSET)
    return model


#: likelihood pymc_key -> the variables its ``to_pymc`` adds besides the
#: intercept (filled by :func:`build_model`)
_LIK_VARS: dict = {}


def likelihood_variables(lik) -> tuple[str, ...]:
    """Names of the model variables that ``lik.to_pymc`` adds besides the
    intercept (``("nu",)`` for ``StudentT(df=None)``), as recorded when a
    model with it was built; their draws are passed by name to
    ``lik.pointwise_loglik``. Empty when no PyMC model was built (the exact
    sampler draws only ``coef``, ``intercept`` and ``sigma``)."""
    return _LIK_VARS.get(lik.pymc_key(), ())


@dataclass
class Entry:
    """A cached model and what samplers compiled from it, by sampler name."""

    model: object
    compiled: dict = field(default_factory=dict)


_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 16


def clear_cache() -> None:
    """Forget every cached model (benchmarks time cold compiles with it)."""
    _CACHE.clear()


def _prior_key(prior) -> tuple:
    key = prior.pymc_key()
    if prior.pymc_data(COEF):
        return key
    # nothing to swap in: the model holds the prior's values as constants (a
    # prior defined outside the package may not say so in its pymc_key)
    return (key, type(prior), repr(sorted(vars(prior).items())))


def model_for(prior, sigma, data: ModelData):
    """The cached :class:`Entry` for this structure, and its ``pm.Data`` values."""
    key = (_prior_key(prior), sigma.pymc_key(), data.lik.pymc_key())
    values = {**data.pymc_data(), **prior.pymc_data(COEF)}
    if data.has_scale:  # else the model has no sigma (nutpie refuses unused data)
        values.update(sigma.pymc_data("sigma"))
    entry = _CACHE.get(key)
    if entry is None:
        entry = Entry(build_model(prior, sigma, data))
        _CACHE[key] = entry
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    return entry, values
