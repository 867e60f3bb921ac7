"""The PyMC model of the regression, built from the priors, and its cache.

Model (``fit_intercept=True``)::

    y_i = b0 + x_i'w + e_i,   e_i ~ N(0, sigma^2),
    w_j ~ prior (possibly relative to sigma, possibly with a hyperprior),
    b0 ~ flat (improper, as scikit-learn's unpenalized intercept),
    sigma fixed, or sigma ~ a prior from :mod:`bayesreg.noise`.

The likelihood is :class:`~bayesreg.likelihoods.GaussianLikelihood`'s PyMC
form, on sufficient statistics: one gradient costs O(p^2), whatever ``n``.
The model samples ``w`` and the centred intercept (as ``ȳ +
intercept_offset``) and reports ``intercept = ȳ + intercept_offset - x̄'w``.

With ``standardize=True`` the prior acts on the weights of the columns
``X_j / s_j`` (``s_j`` their standard deviation, ddof=0): the model is built
on the statistics of the scaled columns, and the ``coef`` draws are mapped back
to the original columns, ``coef_j = coef_std_j / s_j`` (the intercept needs no
change). Hyperprior variables (``coef_tau``, ``coef_lam2``) stay in the
standardized units.

Compile once, sample many: the data, a fixed ``sigma`` and the prior scales are
``pm.Data`` containers, and models are cached by structure (prior family,
``relative``, hyperprior, sigma prior, ``p``, intercept), so a refit or a path
over a grid of scales does not recompile.
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
from ..likelihoods import GaussianLikelihood
from ..likelihoods.gaussian import OFFSET

__all__ = [
    "COEF",
    "OFFSET",
    "ModelData",
    "build_model",
    "clear_cache",
    "model_for",
    "prepare",
]

#: Name of the weights in the model and in the results.
COEF = "coef"


@dataclass(frozen=True)
class ModelData:
    """The likelihood of the (possibly standardized) data, and what the results
    need besides: the rows as given (for the pointwise log likelihood), the
    column scales and the standard deviations of the columns and of ``y``."""

    lik: GaussianLikelihood
    X: np.ndarray | None = None
    y: np.ndarray | None = None
    x_scale: np.ndarray | None = None
    x_sd: np.ndarray | None = None
    y_sd: float | None = None

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
) -> ModelData:
    """Validated statistics (of the columns ``X_j / s_j`` with ``standardize``);
    ``X, y`` kept unscaled for the pointwise log likelihood."""
    fit_intercept = bool(fit_intercept)
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
    )


def build_model(prior, sigma, data: ModelData):
    """PyMC model of the regression, data and scales as ``pm.Data``.

    Variables: ``coef`` (dims ``feature``), ``intercept_offset`` and the
    deterministic ``intercept`` (with an intercept), ``sigma`` (a variable
    when it has a prior, else ``pm.Data`` ``sigma_fixed``), and whatever the
    prior's hyperprior adds. The likelihood is a ``pm.Potential`` named
    ``loglik`` (:meth:`GaussianLikelihood.to_pymc`).
    """
    import pymc as pm

    coords = {"feature": [f"x{j}" for j in range(data.p)]}
    with pm.Model(coords=coords) as model:
        s = sigma.to_pymc("sigma")
        w = prior.to_pymc(COEF, "feature", s)
        data.lik.to_pymc(w, s)
    return model


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
    values = {
        **data.pymc_data(),
        **prior.pymc_data(COEF),
        **sigma.pymc_data("sigma"),
    }
    entry = _CACHE.get(key)
    if entry is None:
        entry = Entry(build_model(prior, sigma, data))
        _CACHE[key] = entry
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    return entry, values
