"""Per-coefficient posterior summaries next to the MAP and the penalized fit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validation import check_nonnegative, check_positive

__all__ = ["has_map", "sigma_for_map", "summary"]


def _unwrap(obj):
    """``(idata, defaults)`` from an InferenceData or a fitted estimator."""
    idata = getattr(obj, "idata_", None)
    if idata is not None:
        return idata, {
            "prior": obj._prior(),
            "sigma": getattr(obj, "sigma", 1.0),  # the classifier has none
            "map": obj.map_,
            "likelihood": getattr(obj, "likelihood_", None),
        }
    if not hasattr(obj, "posterior"):
        raise TypeError(
            "summary needs an arviz.InferenceData with a posterior group or a "
            "BayesianLinearRegression fitted with method='nuts' or 'exact'; "
            f"got {type(obj).__name__}."
        )
    return obj, {}


def sigma_for_map(idata, sigma):
    """A float sigma for the MAP: given, else fixed in the fit, else the
    median of its posterior (:func:`bayesreg.posterior.results.sigma_of`)."""
    from .posterior.results import sigma_of

    if not (isinstance(sigma, int | float) and not isinstance(sigma, bool)):
        sigma = None  # a sigma prior: the posterior median
    return sigma_of(idata, sigma, "summary")[0]


def _family(idata, likelihood):
    """The likelihood family for the MAP: ``likelihood`` if given, else the
    fit's (its attrs ``likelihood``, ``likelihood_repr``) when the registered
    family with default parameters is that one; None when the fit's family
    cannot be rebuilt from its name (e.g. ``StudentT(df=3.0)``: pass it)."""
    from .likelihoods import LIKELIHOODS, Gaussian, get_likelihood

    if likelihood is not None:
        return get_likelihood(likelihood, "summary")
    attrs = idata.posterior.attrs
    name = attrs.get("likelihood")
    if name is None:  # fitted before likelihoods were recorded: Gaussian
        return Gaussian()
    cls = LIKELIHOODS.get(name)
    if cls is None:
        return None
    family = cls()
    if attrs.get("likelihood_repr", repr(family)) != repr(family):
        return None
    return family


def has_map(prior) -> bool:
    """Whether ``fit_map`` can solve ``prior`` (a capability it uses: not a
    hyperprior on the scale, not the horseshoe family)."""
    return bool(prior.capabilities() & {"gradient", "penalty", "prox"})


def _point_estimates(idata, X, y, prior, sigma, map_result, family):
    """The MAP (any prior ``fit_map`` can solve, with the fit's likelihood
    ``family``) and the matched scikit-learn fit (priors with a penalty form,
    Gaussian likelihood); None where there is none."""
    from .compare import check_map
    from .map import fit_map

    attrs = idata.posterior.attrs
    fit_intercept = bool(attrs.get("fit_intercept", 1))
    can = prior.capabilities()
    if not has_map(prior):  # e.g. a hyperprior on the scale
        return None, None
    if X is None:
        return (None if map_result is None else map_result.coef), None
    if family is None:
        return None, None
    s = sigma_for_map(idata, sigma)
    std = {"standardize": True} if attrs.get("standardize", 0) else {}
    if "penalty" not in can or "quadratic" not in family.capabilities():
        res = fit_map(X, y, prior, s, fit_intercept, likelihood=family, **std)
        return res.coef, None
    res = check_map(X, y, prior, s, fit_intercept, **std)
    return res.map_coef, res.penalized_coef


def _data_scales(idata, X, y):
    """``(sd of each column, scale of the response)`` from the data, else from
    the fit. The response's scale is sd(y) for a likelihood with a noise
    scale, 1 (the link scale) for one without (logistic, Poisson)."""
    attrs = idata.posterior.attrs
    link = not attrs.get("has_scale", 1)
    if X is not None and (y is not None or link):
        Xa = np.asarray(X, dtype=float)
        y_scale = 1.0 if link else float(np.std(np.asarray(y, dtype=float)))
        return Xa.std(axis=0), y_scale
    if "x_sd" in attrs and ("y_sd" in attrs or link):
        x_sd = np.atleast_1d(np.asarray(attrs["x_sd"], dtype=float))
        return x_sd, 1.0 if link else float(attrs["y_sd"])
    raise ValueError(
        "summary needs X and y (or eps) for the default eps, which is relative to "
        "each column's sd; this InferenceData does not record them."
    )


def _thresholds(idata, X, y, eps, eps_std, p):
    """The practical-zero threshold of each coefficient (see :func:`summary`)."""
    if eps is None:
        eps_std = check_nonnegative(eps_std, "eps_std", "summary")
        x_sd, y_sd = _data_scales(idata, X, y)
        with np.errstate(divide="ignore"):
            return eps_std * y_sd / x_sd
    arr = np.asarray(eps, dtype=float)
    if arr.ndim == 0:
        return np.full(p, check_nonnegative(float(arr), "eps", "summary"))
    if arr.shape != (p,) or not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(
            f"The 'eps' parameter of summary must be a float >= 0 or an array of "
            f"{p} finite values >= 0 (one per coefficient). Got {eps!r} instead."
        )
    return arr


def summary(
    idata,
    hdi_prob=0.94,
    X=None,
    y=None,
    prior=None,
    sigma=None,
    *,
    eps=None,
    eps_std=0.01,
    likelihood=None,
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
        Noise scale for the MAP; by default the fixed sigma of the fit (1.0
        for a likelihood without a noise scale) or the posterior median of
        ``sigma``.
    eps : float >= 0 or array of shape (n_features,), optional
        Threshold of the sparsity measure ``P(|w_j| > eps_j)``, in the units
        of each coefficient: one value for all, or one per coefficient.
    eps_std : float >= 0, default 0.01
        Used when ``eps`` is None. For a likelihood with a noise scale
        (Gaussian, Student-t): ``eps_j = eps_std * sd(y) / sd(x_j)``
        (population sds of the data), so ``|w_j| <= eps_j`` says a change of
        one sd in feature ``j`` moves the mean of ``y`` by at most ``eps_std``
        sds of ``y``: practically zero in every feature's own units. For one
        without (logistic, Poisson: the fit's attrs ``has_scale = 0``) the
        threshold is on the link scale, ``eps_j = eps_std / sd(x_j)``: one
        sd of feature ``j`` moves the log-odds (logistic) or the log of the
        expected count (Poisson) by at most ``eps_std``, i.e. multiplies the
        odds or the rate by at most ``exp(eps_std)``. The sds come from ``X``
        (and ``y``) or, without them, from the fit (recorded by
        :func:`~bayesreg.sample_posterior`).
    likelihood : str or likelihood family, optional
        The likelihood of the MAP column (a name or a family of
        :mod:`bayesreg.likelihoods`). By default the fit's (its attrs
        ``likelihood``; Gaussian for a fit that does not record one); a
        family with parameters other than its defaults (``StudentT(df=3)``)
        cannot be rebuilt from its name: pass it, or there is no ``map``
        column. The ``penalized`` column (scikit-learn's Ridge, Lasso,
        ElasticNet) is given for the Gaussian likelihood only.

    Returns
    -------
    pandas.DataFrame
        Index: feature names. Columns: ``mean``, ``median``, ``sd``,
        ``hdi_low``, ``hdi_high``, ``mcse_mean``, ``ess_bulk``, ``ess_tail``,
        ``r_hat`` (ArviZ, rank-normalized split R-hat), ``eps`` (each
        threshold), ``p_abs_gt_eps``, ``excludes_zero`` (the HDI does not
        contain 0) and, when available, ``map`` and ``penalized`` (the
        matched scikit-learn fit). Numbers are not rounded. The HDI level and
        ``eps_std`` are in ``df.attrs``.
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
    table = az.summary(idata, var_names=["coef"], hdi_prob=hdi_prob, round_to="none")
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
    thresholds = _thresholds(idata, X, y, eps, eps_std, len(names))
    df["eps"] = thresholds
    above = np.abs(coef) > _per_feature(coef, thresholds)
    df["p_abs_gt_eps"] = above.mean(("chain", "draw")).values
    df["excludes_zero"] = (df["hdi_low"] > 0) | (df["hdi_high"] < 0)
    prior = prior if prior is not None else defaults.get("prior")
    sigma = sigma if sigma is not None else defaults.get("sigma")
    if prior is not None:
        family = _family(idata, likelihood or defaults.get("likelihood"))
        map_coef, pen_coef = _point_estimates(
            idata, X, y, prior, sigma, defaults.get("map"), family
        )
        if map_coef is not None:
            df["map"] = map_coef
        if pen_coef is not None:
            df["penalized"] = pen_coef
    df.attrs.update(hdi_prob=hdi_prob, eps_std=eps_std if eps is None else None)
    return df


def _per_feature(coef, values):
    """``values`` (one per feature) as a DataArray aligned with ``coef``."""
    import xarray as xr

    return xr.DataArray(
        np.asarray(values), dims=["feature"], coords={"feature": coef["feature"]}
    )
