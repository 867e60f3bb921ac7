"""Draws to ArviZ InferenceData: names, original column scale, attributes,
observed data and the pointwise log likelihood."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .._validation import check_positive
from ..data import unstandardize_coef
from .model import COEF, OFFSET, ModelData, likelihood_variables

__all__ = ["pointwise_loglik", "to_inference_data"]


def pointwise_loglik(post, data: ModelData, sigma) -> xr.Dataset:
    """``log p(y_i | draw)`` per draw and row, dims (chain, draw, obs).

    ``post`` holds ``coef`` on the original columns; the draws of the
    likelihood's own variables (:func:`likelihood_variables`, e.g. ``nu``)
    are passed to ``data.lik.pointwise_loglik`` by name. A family without a
    noise scale gets ``sigma = 1``.
    """
    coef = post[COEF].transpose("chain", "draw", "feature").values
    intercept = post["intercept"].values if data.fit_intercept else None
    if not data.has_scale:
        s = 1.0
    else:
        s = sigma.fixed if sigma.fixed is not None else post["sigma"].values
    extra = {
        v: post[v].transpose("chain", "draw").values
        for v in likelihood_variables(data.lik)
    }
    ll = data.lik.pointwise_loglik(data.X, data.y, coef, intercept, s, **extra)
    return xr.Dataset({"y": (("chain", "draw", "obs"), ll)})


def to_inference_data(post, stats, data: ModelData, prior, sigma, sampler, ll):
    """The InferenceData of draws ``post`` (an xarray Dataset in the model's
    units) and sampler statistics ``stats``; ``ll``: add ``log_likelihood``."""
    import arviz as az

    # not the centred intercept, nor the unconstrained values nutpie adds
    # (``sigma_log__``; PyMC's naming of transformed variables)
    keep = [v for v in post.data_vars if v != OFFSET and not v.endswith("__")]
    post = post[keep].assign_coords(feature=list(data.feature_names))
    if data.x_scale is not None:
        coef = post[COEF].transpose(..., "feature")
        post[COEF] = coef.copy(data=unstandardize_coef(coef.values, data.x_scale))
    post.attrs = {
        "sampler": sampler,
        "prior": repr(prior),
        "sigma": repr(sigma) if sigma.fixed is None else sigma.fixed,
        "likelihood": data.lik.name,
        "likelihood_repr": repr(data.family),
        "has_scale": int(data.has_scale),
        "fit_intercept": int(data.fit_intercept),
        "standardize": int(data.x_scale is not None),
        "n_samples": data.n,
        "x_sd": np.asarray(data.x_sd, dtype=float),
        "y_sd": float(data.y_sd),
    }
    groups = {"posterior": post, "sample_stats": stats}
    if data.x_scale is not None:
        groups["constant_data"] = xr.Dataset(
            {"x_scale": ("feature", data.x_scale)},
            coords={"feature": list(data.feature_names)},
        )
    if data.y is not None:
        groups["observed_data"] = xr.Dataset({"y": ("obs", data.y)})
        if ll:
            groups["log_likelihood"] = pointwise_loglik(post, data, sigma)
    return az.InferenceData(**groups)


def sigma_of(idata, sigma, owner):
    """``(sigma, how)``: the noise scale for a MAP next to a posterior.

    ``sigma`` if given, else the fit's fixed sigma (its attrs; 1.0 for a
    likelihood without a noise scale, as the MAP takes it), else the
    posterior median of ``sigma``; never a default unrelated to the data.
    ``how`` is "given", "fixed" or "posterior median".
    """
    if sigma is not None:
        return check_positive(sigma, "sigma", owner), "given"
    attr = idata.posterior.attrs.get("sigma")
    if isinstance(attr, int | float | np.floating):
        return float(attr), "fixed"
    if "sigma" in idata.posterior:
        return float(np.median(idata.posterior["sigma"].values)), "posterior median"
    raise ValueError(f"{owner}: pass sigma (the fit has no fixed or sampled sigma).")
