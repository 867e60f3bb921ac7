"""Shared helpers of the plotting modules: axes, prior families, fitted posteriors."""

from __future__ import annotations

import numpy as np

from ..posterior.results import sigma_of

__all__ = [
    "MAP_COLOR",
    "POST_COLOR",
    "PRIOR_COLOR",
    "SKLEARN_COLOR",
    "axes_for",
    "coef_draws",
    "likelihood_of",
    "prior_family",
    "sigma_of",
    "sklearn_equivalent",
    "unwrap_fit",
]

MAP_COLOR, SKLEARN_COLOR, PRIOR_COLOR, POST_COLOR = (
    "black",
    "tab:red",
    "tab:green",
    "tab:blue",
)


def axes_for(ax, n_panels: int, owner: str, *, figsize=None, sharey=False):
    """Return ``(fig, list_of_axes)``: new axes, or the ``ax`` given.

    ``ax`` may be None (a new figure with ``n_panels`` side by side), one Axes
    (only when ``n_panels == 1``) or a sequence of ``n_panels`` Axes.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        if figsize is None:
            figsize = (4.6 * n_panels, 3.8)
        fig, axes = plt.subplots(
            1, n_panels, figsize=figsize, sharey=sharey, layout="constrained"
        )
        return fig, list(np.atleast_1d(axes))
    axes = list(np.atleast_1d(np.asarray(ax, dtype=object)))
    if len(axes) != n_panels:
        raise ValueError(
            f"The 'ax' parameter of {owner} must be None or {n_panels} matplotlib "
            f"Axes (one per panel). Got {len(axes)} instead."
        )
    return axes[0].figure, axes


def prior_family(prior, owner: str):
    """The family of a penalty path: a registered name or a Prior class.

    Read from the prior registry (:func:`bayesreg.priors.prior_class`); the
    family must have a penalty form (``from_penalty``), since a path varies
    ``lam`` in ``1/2 ||y - Xw||^2 + lam pen(w)``.
    """
    from ..priors import prior_class

    family = prior_class(prior, owner)
    if not hasattr(family, "from_penalty"):
        raise ValueError(
            f"The 'prior' parameter of {owner} must be a family with a penalty "
            f"form (from_penalty); {family.__name__} has none."
        )
    return family


# --------------------------------------------------------------------------
# fitted posteriors


def unwrap_fit(obj, prior, sigma, owner):
    """``(idata, prior, sigma)`` from an InferenceData or a fitted estimator."""
    idata = getattr(obj, "idata_", None)
    if idata is not None:  # fitted BayesianLinearRegression(method='nuts'/'exact')
        if prior is None:
            prior = obj._prior()
        if sigma is None:
            sigma = getattr(obj, "sigma", 1.0)  # BayesianLogisticRegression: none
        obj = idata
    if not hasattr(obj, "posterior") or "coef" not in obj.posterior:
        raise TypeError(
            f"{owner} needs an arviz.InferenceData with posterior 'coef' (from "
            "bayesreg.sample_posterior) or a BayesianLinearRegression fitted with "
            f"method='nuts' or 'exact'; got {type(obj).__name__}."
        )
    if sigma is not None and (
        isinstance(sigma, bool) or not isinstance(sigma, int | float | np.floating)
    ):
        sigma = None  # a sigma prior: use the fit's posterior median
    return obj, prior, sigma


def coef_draws(idata):
    """``(draws of shape (n_draws, n_features), feature names)``."""
    post = idata.posterior["coef"].transpose("chain", "draw", "feature")
    names = [str(v) for v in post["feature"].values]
    return post.values.reshape(-1, len(names)), names


def likelihood_of(idata, likelihood, owner):
    """The likelihood family of a fit: ``likelihood`` if given (a family or
    its registered name), else the one the fit records (``posterior.attrs``
    ``likelihood``, the Gaussian if none) when its registered family with
    default parameters is that one (``likelihood_repr``); else None (e.g.
    ``StudentT(df=3.0)``, which its name does not rebuild: pass it)."""
    from ..likelihoods import LIKELIHOODS, get_likelihood

    if likelihood is not None:
        return get_likelihood(likelihood, owner)
    attrs = idata.posterior.attrs
    cls = LIKELIHOODS.get(attrs.get("likelihood", "gaussian"))
    if cls is None:
        return None
    family = cls()
    if attrs.get("likelihood_repr", repr(family)) != repr(family):
        return None
    return family


def sklearn_equivalent(prior, sigma, n_samples, likelihood):
    """scikit-learn's estimator matched to the MAP of ``prior`` and
    ``likelihood`` (:func:`bayesreg.compare.penalized_equivalent`), or None
    where scikit-learn has none."""
    from ..compare import penalized_equivalent

    if prior is None or "penalty" not in prior.capabilities():
        return None
    try:
        return penalized_equivalent(prior, sigma, n_samples, likelihood=likelihood)
    except (ValueError, NotImplementedError):
        return None
