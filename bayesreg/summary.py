"""Per-coefficient posterior summaries next to the MAP and the penalized fit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validation import check_nonnegative, check_positive

__all__ = ["summary"]


def _unwrap(obj):
    """``(idata, defaults)`` from an InferenceData or a fitted estimator."""
    idata = getattr(obj, "idata_", None)
    if idata is not None:
        return idata, {"prior": obj._prior(), "sigma": obj.sigma, "map": obj.map_}
    if not hasattr(obj, "posterior"):
        raise TypeError(
            "summary needs an arviz.InferenceData with a posterior group or a "
            "BayesianLinearRegression fitted with method='nuts' or 'exact'; "
            f"got {type(obj).__name__}."
        )
    return obj, {}


def _sigma_for_map(idata, sigma):
    """A float sigma for the MAP: given, else fixed in the fit, else the median."""
    if isinstance(sigma, int | float) and not isinstance(sigma, bool):
        return check_positive(sigma, "sigma", "summary")
    if "sigma" in idata.posterior:
        return float(idata.posterior["sigma"].median())
    fixed = idata.posterior.attrs.get("sigma")
    return float(fixed) if fixed is not None else 1.0


def _point_estimates(idata, X, y, prior, sigma, map_result):
    """MAP and scikit-learn columns, or None when the prior has no penalty."""
    from .compare import penalized_equivalent
    from .map import fit_map

    fit_intercept = bool(idata.posterior.attrs.get("fit_intercept", 1))
    s = _sigma_for_map(idata, sigma)
    try:
        prior.penalty(s)
    except ValueError:  # hyperprior on the scale: no fixed penalty
        return None, None
    if map_result is None and X is not None:
        map_result = fit_map(X, y, prior, s, fit_intercept)
    map_coef = None if map_result is None else map_result.coef
    pen_coef = None
    if X is not None:
        est = penalized_equivalent(prior, s, len(y), fit_intercept)
        pen_coef = est.fit(np.asarray(X), np.asarray(y)).coef_
    return map_coef, pen_coef


def summary(
    idata,
    hdi_prob=0.94,
    X=None,
    y=None,
    prior=None,
    sigma=None,
    *,
    eps=None,
):
    """Summarize the posterior of the coefficients, one row per feature.

    Parameters
    ----------
    idata : arviz.InferenceData or fitted BayesianLinearRegression
        With a posterior variable ``coef`` (dims chain, draw, feature).
    hdi_prob : float in (0, 1), default 0.94
        Probability mass of the highest-density interval.
    X, y : array-like, optional
        Data of the fit: with ``prior`` they add the MAP and the matched
        scikit-learn estimate.
    prior : Prior, optional
    sigma : float or SigmaPrior, optional
        Noise scale for the MAP; by default the fixed sigma of the fit or the
        posterior median of ``sigma``.
    eps : float >= 0, optional
        Threshold of the sparsity measure ``P(|w_j| > eps)``. Default: 1 % of
        the largest absolute posterior mean ("practically zero" relative to the
        largest effect).

    Returns
    -------
    pandas.DataFrame
        Index: feature names. Columns: ``mean``, ``median``, ``sd``,
        ``hdi_low``, ``hdi_high``, ``mcse_mean``, ``ess_bulk``, ``ess_tail``,
        ``r_hat`` (ArviZ, rank-normalized split R-hat), ``p_abs_gt_eps``,
        ``excludes_zero`` (the HDI does not contain 0) and, when available,
        ``map`` and ``penalized`` (the matched scikit-learn fit). The
        threshold and the HDI level are in ``df.attrs``.
    """
    import arviz as az

    idata, defaults = _unwrap(idata)
    hdi_prob = check_positive(hdi_prob, "hdi_prob", "summary")
    if not hdi_prob < 1:
        raise ValueError(
            "The 'hdi_prob' parameter of summary must be a float in the range "
            f"(0.0, 1.0). Got {hdi_prob!r} instead."
        )
    coef = idata.posterior["coef"]
    table = az.summary(idata, var_names=["coef"], hdi_prob=hdi_prob)
    low, high = table.columns[2], table.columns[3]
    names = [str(v) for v in coef["feature"].values]
    df = pd.DataFrame(
        {
            "mean": table["mean"].to_numpy(),
            "median": coef.median(("chain", "draw")).values,
            "sd": table["sd"].to_numpy(),
            "hdi_low": table[low].to_numpy(),
            "hdi_high": table[high].to_numpy(),
            "mcse_mean": table["mcse_mean"].to_numpy(),
            "ess_bulk": table["ess_bulk"].to_numpy(),
            "ess_tail": table["ess_tail"].to_numpy(),
            "r_hat": table["r_hat"].to_numpy(),
        },
        index=pd.Index(names, name="feature"),
    )
    if eps is None:
        eps = 0.01 * float(np.abs(df["mean"]).max())
    eps = check_nonnegative(eps, "eps", "summary")
    df["p_abs_gt_eps"] = (np.abs(coef) > eps).mean(("chain", "draw")).values
    df["excludes_zero"] = (df["hdi_low"] > 0) | (df["hdi_high"] < 0)
    prior = prior if prior is not None else defaults.get("prior")
    sigma = sigma if sigma is not None else defaults.get("sigma")
    if prior is not None:
        map_coef, pen_coef = _point_estimates(
            idata, X, y, prior, sigma, defaults.get("map")
        )
        if map_coef is not None:
            df["map"] = map_coef
        if pen_coef is not None:
            df["penalized"] = pen_coef
    df.attrs.update(hdi_prob=hdi_prob, eps=eps)
    return df
