"""Full posteriors: PyMC models built from the priors, and exact conjugate draws.

Model (``fit_intercept=True``)::

    y_i = b0 + x_i'w + e_i,   e_i ~ N(0, sigma^2),
    w_j ~ prior (possibly relative to sigma, possibly with a hyperprior),
    b0 ~ flat (improper, as scikit-learn's unpenalized intercept),
    sigma fixed, or sigma ~ a prior from :mod:`bayesreg.sigma`.

The Gaussian log likelihood is written on sufficient statistics. With
``x̄, ȳ`` the column means and ``X'X, X'y, y'y`` the *centred* cross-products,

    log L = -(rss(w) + n (ȳ - a)^2) / (2 sigma^2) - n log sigma - n/2 log(2 pi),
    rss(w) = y'y - 2 w'X'y + w'X'X w,     a = b0 + x̄'w,

which equals ``sum_i log N(y_i; b0 + x_i'w, sigma^2)`` exactly. The model
samples ``w`` and the centred intercept ``a`` (as ``ȳ + intercept_offset``,
flat; ``a`` is a posteriori independent of ``w``) and reports ``intercept =
a - x̄'w``. One gradient costs O(p^2), whatever ``n``. Without an intercept
the raw cross-products are used and ``a`` is absent.

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

import importlib.util
import math
import os
import warnings
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import xarray as xr
from scipy import linalg

from ._validation import check_bool, check_choice, check_int, check_positive
from .data import (
    SufficientStats,
    check_finite_products,
    check_n_samples,
    check_X_y,
    standardize_columns,
    unstandardize_coef,
)
from .map import _check_prior
from .sigma import FixedSigma, SigmaPrior

__all__ = [
    "DEFAULT_SAMPLER",
    "SAMPLERS",
    "SamplingWarning",
    "compare_loo",
    "diagnose",
    "sample_path",
    "sample_posterior",
]

#: Available values of ``sampler``.
SAMPLERS = ("nutpie", "pymc", "exact", "numpyro")
#: Default sampler, measured on diabetes (benchmarks/posterior.py).
DEFAULT_SAMPLER = "nutpie"

_OWNER = "sample_posterior"
_COEF = "coef"
_OFFSET = "intercept_offset"  # internal: centred intercept minus ȳ
_INSTALL = {
    "nutpie": "pip install nutpie",
    "numpyro": "pip install numpyro jax",
}


class SamplingWarning(UserWarning):
    """Divergences, R-hat above 1.01 or a low effective sample size."""


# --------------------------------------------------------------------------
# input


@dataclass(frozen=True)
class _Data:
    n: int
    xtx: np.ndarray
    xty: np.ndarray
    yty: float
    x_mean: np.ndarray
    y_mean: float
    fit_intercept: bool
    feature_names: tuple
    X: np.ndarray | None
    y: np.ndarray | None
    x_scale: np.ndarray | None = None
    x_sd: np.ndarray | None = None
    y_sd: float | None = None

    @property
    def p(self):
        return self.xty.shape[0]

    def pymc_data(self):
        return {
            "xtx": self.xtx,
            "xty": self.xty,
            "yty": self.yty,
            "n": float(self.n),
            "x_mean": self.x_mean,
            "y_mean": self.y_mean,
        }


def _prepare(
    X, y, fit_intercept, owner=_OWNER, *, standardize=False, feature_names=None
) -> _Data:
    """Validated statistics (of the columns ``X_j / s_j`` with ``standardize``);
    ``X, y`` kept unscaled for the pointwise log likelihood."""
    fit_intercept = bool(fit_intercept)
    scale = None
    if isinstance(X, SufficientStats):
        if y is not None:
            raise ValueError(
                "y must be None when X is a SufficientStats (the statistics already "
                f"contain the target); got y of type {type(y).__name__}."
            )
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
    with np.errstate(over="ignore", invalid="ignore"):
        xtx, xty, yty = stats.gram(fit_intercept)
    check_finite_products(
        owner, stats.feature_names, np.diag(xtx), xty, yty, stats.x_mean, X=Xa, y=ya
    )
    p = stats.n_features
    # column and target sds (ddof=0, centred) of the data as given
    x_sd = np.sqrt(np.diag(stats.xx) / stats.n)
    return _Data(
        n=stats.n,
        xtx=np.ascontiguousarray(xtx),
        xty=np.asarray(xty),
        yty=float(yty),
        x_mean=stats.x_mean if fit_intercept else np.zeros(p),
        y_mean=float(stats.y_mean) if fit_intercept else 0.0,
        fit_intercept=fit_intercept,
        feature_names=tuple(stats.feature_names),
        X=Xa,
        y=ya,
        x_scale=scale,
        x_sd=x_sd if scale is None else x_sd * scale,
        y_sd=math.sqrt(stats.yy / stats.n),
    )


def _check_sigma(sigma, owner=_OWNER) -> SigmaPrior:
    if isinstance(sigma, SigmaPrior):
        return sigma
    if isinstance(sigma, bool) or not isinstance(sigma, int | float | np.floating):
        raise TypeError(
            f"The 'sigma' parameter of {owner} must be a float in the range "
            "(0.0, inf) or a sigma prior (HalfNormal, HalfCauchy, Jeffreys, "
            f"InverseGamma). Got {sigma!r} instead."
        )
    return FixedSigma(check_positive(sigma, "sigma", owner))


def _check_sampler(sampler, owner=_OWNER):
    sampler = DEFAULT_SAMPLER if sampler is None else sampler
    check_choice(sampler, "sampler", owner, SAMPLERS)
    module = {"numpyro": "numpyro", "nutpie": "nutpie"}.get(sampler)
    if module and importlib.util.find_spec(module) is None:
        raise ImportError(
            f"sampler={sampler!r} needs the {module!r} package, which is not "
            f"installed: {_INSTALL[sampler]}"
        )
    return sampler


def _check_seed(random_seed, owner=_OWNER, name="random_seed"):
    if random_seed is None:
        return None
    return check_int(random_seed, name, owner, minimum=0)


# --------------------------------------------------------------------------
# PyMC model


def gaussian_loglik(w, offset, sigma, data):
    """PyTensor Gaussian log likelihood on the sufficient statistics of ``data``.

    ``offset`` is the centred intercept minus ``ȳ`` (ignored without an
    intercept); ``data`` maps ``xtx, xty, yty, n`` to tensors.
    """
    import pytensor.tensor as pt

    rss = data["yty"] - 2.0 * pt.dot(w, data["xty"]) + pt.dot(w, pt.dot(data["xtx"], w))
    if offset is not None:
        rss = rss + data["n"] * offset**2
    n = data["n"]
    return -0.5 * rss / sigma**2 - n * pt.log(sigma) - 0.5 * n * math.log(2 * math.pi)


def build_model(prior, sigma, data: _Data):
    """PyMC model of the regression, data and scales as ``pm.Data``.

    Variables: ``coef`` (dims ``feature``), ``intercept_offset`` and the
    deterministic ``intercept`` (with an intercept), ``sigma`` (a variable
    when it has a prior, else ``pm.Data`` ``sigma_fixed``), and whatever the
    prior's hyperprior adds. The likelihood is a ``pm.Potential`` named
    ``loglik`` (see the module docstring).
    """
    import pymc as pm

    coords = {"feature": [f"x{j}" for j in range(data.p)]}
    with pm.Model(coords=coords) as model:
        d = {k: pm.Data(k, v) for k, v in data.pymc_data().items()}
        s = sigma.to_pymc("sigma")
        w = prior.to_pymc(_COEF, "feature", s)
        offset = None
        if data.fit_intercept:
            offset = pm.Flat(_OFFSET)
            pm.Deterministic(
                "intercept", d["y_mean"] + offset - pm.math.dot(d["x_mean"], w)
            )
        pm.Potential("loglik", gaussian_loglik(w, offset, s, d))
    return model


@dataclass
class _Entry:
    model: object
    nutpie: object = None


_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 16


def _model_for(prior, sigma, data):
    """Cached model for this structure, with its ``pm.Data`` values to use."""
    key = (prior.pymc_key(), sigma.pymc_key(), data.p, data.fit_intercept)
    values = {
        **data.pymc_data(),
        **prior.pymc_data(_COEF),
        **sigma.pymc_data("sigma"),
    }
    entry = _CACHE.get(key)
    if entry is None:
        entry = _Entry(build_model(prior, sigma, data))
        _CACHE[key] = entry
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    return entry, values


def _run_nutpie(entry, values, draws, tune, chains, seed, progressbar):
    import nutpie

    if entry.nutpie is None:
        entry.nutpie = nutpie.compile_pymc_model(entry.model)
    compiled = entry.nutpie.with_data(**values)
    idata = nutpie.sample(
        compiled,
        draws=draws,
        tune=tune,
        chains=chains,
        seed=seed,
        progress_bar=progressbar,
        save_warmup=False,
    )
    return idata.posterior, idata.sample_stats


def _run_pymc(entry, values, draws, tune, chains, seed, progressbar, nuts_sampler):
    import pymc as pm

    with entry.model:
        pm.set_data(values)
        kwargs = {}
        if nuts_sampler == "pymc":
            # chains in parallel (PyMC's default uses half the cores); the NUMBA
            # backend avoids PyTensor's missing-BLAS C path and was 1.4x faster
            # here (benchmarks/posterior.py)
            kwargs = dict(
                cores=min(chains, os.cpu_count() or 1),
                compile_kwargs=dict(mode="NUMBA"),
            )
        idata = pm.sample(
            draws=draws,
            tune=tune,
            chains=chains,
            random_seed=seed,
            progressbar=progressbar,
            nuts_sampler=nuts_sampler,
            compute_convergence_checks=False,
            **kwargs,
        )
    return idata.posterior, idata.sample_stats


# --------------------------------------------------------------------------
# exact conjugate sampling


def _exact(prior, sigma, data: _Data, draws, chains, seed):
    """I.i.d. draws of a Gaussian (or flat) prior with a known or conjugate sigma.

    With ``w ~ N(0, V0)``, ``A = X'X + sigma^2 V0^-1`` (``V0`` relative to
    ``sigma^2`` when ``relative``): ``w | sigma ~ N(A^-1 X'y, sigma^2 A^-1)``.
    With ``sigma^2 ~ InvGamma(a0, b0)`` and a relative prior (or a flat one),
    ``sigma^2 | y ~ InvGamma(a0 + (m - p + k)/2, b0 + (y'y - X'y' A^-1 X'y)/2)``
    where ``m = n - 1`` with an intercept (integrated out), else ``n``, and ``k``
    is ``p`` for a Gaussian prior, 0 for the flat one. The intercept is
    ``b0 | w, sigma ~ N(ȳ - x̄'w, sigma^2 / n)``.
    """
    conj = prior.conjugate_variance()
    if conj is None:
        raise ValueError(
            "sampler='exact' needs a Gaussian prior without hyperprior, or Flat; "
            f"got {prior!r}. Use sampler='nutpie' or 'pymc'."
        )
    v0, relative = conj
    p, rng = data.p, np.random.default_rng(seed)
    shape = (chains, draws)
    ig = sigma.inverse_gamma()
    if sigma.fixed is None and (ig is None or not (relative or math.isinf(v0))):
        raise ValueError(
            "sampler='exact' with an unknown sigma needs a conjugate pair: a "
            "Gaussian prior with relative=True (or Flat) and sigma ~ Jeffreys() or "
            f"InverseGamma(a, b); got {prior!r} and sigma={sigma!r}."
        )
    # prior precision in units of 1/sigma^2
    k = 0 if math.isinf(v0) else p
    lam = 0.0 if k == 0 else 1.0 / v0
    if sigma.fixed is not None and not relative:
        lam = lam * sigma.fixed**2
    A = data.xtx + lam * np.eye(p)
    try:
        chol = linalg.cho_factor(A, lower=True)
    except linalg.LinAlgError as err:
        raise ValueError(
            "sampler='exact': X'X + prior precision is not positive definite "
            "(collinear columns with a flat prior?); use a Gaussian prior."
        ) from err
    m = linalg.cho_solve(chol, data.xty)
    if sigma.fixed is not None:
        s = np.full(shape, sigma.fixed)
    else:
        a0, b0 = ig
        m_eff = data.n - 1 if data.fit_intercept else data.n
        an = a0 + 0.5 * (m_eff - p + k)
        bn = b0 + 0.5 * (data.yty - m @ data.xty)
        if not (an > 0 and bn > 0):
            raise ValueError(
                "sampler='exact': the posterior of sigma is improper "
                f"(shape {an:g}, scale {bn:g}); more rows or a proper prior needed."
            )
        s = np.sqrt(bn / rng.gamma(an, size=shape))
    # w = m + sigma L^-T z  has covariance sigma^2 (L L')^-1 = sigma^2 A^-1
    z = rng.standard_normal((p, chains * draws))
    e = linalg.solve_triangular(chol[0], z, trans="T", lower=True)
    w = m + s[..., None] * e.T.reshape(*shape, p)
    dims = ("chain", "draw")
    post = {_COEF: ((*dims, "feature"), w)}
    if data.fit_intercept:
        b = data.y_mean - w @ data.x_mean
        b = b + s / math.sqrt(data.n) * rng.standard_normal(shape)
        post["intercept"] = (dims, b)
    if sigma.fixed is None:
        post["sigma"] = (dims, s)
    coords = {"chain": np.arange(chains), "draw": np.arange(draws)}
    stats = xr.Dataset({"diverging": (dims, np.zeros(shape, bool))}, coords=coords)
    return xr.Dataset(post, coords=coords), stats


# --------------------------------------------------------------------------
# results


def _pointwise_loglik(post, data: _Data, sigma):
    """``log N(y_i; b0 + x_i'w, sigma^2)`` per draw and row, dims (chain, draw, obs)."""
    w = post[_COEF].values
    mu = np.einsum("cdp,np->cdn", w, data.X)
    if data.fit_intercept:
        mu += post["intercept"].values[..., None]
    s = sigma.fixed if sigma.fixed is not None else post["sigma"].values[..., None]
    z = (data.y - mu) / s
    ll = -0.5 * z**2 - np.log(s) - 0.5 * math.log(2 * math.pi)
    return xr.Dataset({"y": (("chain", "draw", "obs"), ll)})


def _finish(post, stats, data, prior, sigma, sampler, log_likelihood):
    import arviz as az

    keep = [v for v in post.data_vars if v != _OFFSET]
    post = post[keep].assign_coords(feature=list(data.feature_names))
    if data.x_scale is not None:
        coef = post[_COEF].transpose(..., "feature")
        post[_COEF] = coef.copy(data=unstandardize_coef(coef.values, data.x_scale))
    post.attrs = {
        "sampler": sampler,
        "prior": repr(prior),
        "sigma": repr(sigma) if sigma.fixed is None else sigma.fixed,
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
        if log_likelihood:
            groups["log_likelihood"] = _pointwise_loglik(post, data, sigma)
    return az.InferenceData(**groups)


def diagnose(idata, rhat_max=1.01, ess_per_chain=100) -> list[str]:
    """Problems with a NUTS run, each as a sentence saying what to try.

    Checks divergences, ``R-hat > rhat_max`` and bulk or tail ESS below
    ``ess_per_chain`` times the number of chains (ArviZ's diagnostics; the
    thresholds of Vehtari et al. 2021). Returns an empty list if all is well.
    """
    import arviz as az

    msgs = []
    post = idata.posterior
    n_chains, n_draws = post.sizes["chain"], post.sizes["draw"]
    if "sample_stats" in idata.groups() and "diverging" in idata.sample_stats:
        n_div = int(idata.sample_stats["diverging"].sum())
        if n_div:
            msgs.append(
                f"{n_div} of {n_chains * n_draws} draws ended in a divergence: the "
                "posterior is hard for NUTS there and may be biased. Try a larger "
                "tune, a prior scale relative to sigma, or a less heavy hyperprior."
            )
    vars_ = [v for v in post.data_vars if post[v].dtype.kind == "f"]
    if n_chains >= 2:
        rhat = az.rhat(post[vars_])
        worst = max(vars_, key=lambda v: float(rhat[v].max()))
        r = float(rhat[worst].max())
        if r > rhat_max:
            msgs.append(
                f"R-hat of {worst!r} is {r:.3f} > {rhat_max}: the chains disagree. "
                "Run more tune and draws, or check the model for multimodality."
            )
    need = ess_per_chain * n_chains
    for method in ("bulk", "tail"):
        ess = az.ess(post[vars_], method=method)
        worst = min(vars_, key=lambda v: float(ess[v].min()))
        e = float(ess[worst].min())
        if e < need:
            msgs.append(
                f"{method} ESS of {worst!r} is {e:.0f} < {need} "
                f"({ess_per_chain} per chain): increase draws (or tune)."
            )
    return msgs


def _sample(data, prior, sigma, draws, tune, chains, sampler, seed, progressbar, ll):
    if sampler == "exact":
        post, stats = _exact(prior, sigma, data, draws, chains, seed)
    else:
        entry, values = _model_for(prior, sigma, data)
        if sampler == "nutpie":
            run = _run_nutpie(entry, values, draws, tune, chains, seed, progressbar)
        else:
            run = _run_pymc(
                entry, values, draws, tune, chains, seed, progressbar, sampler
            )
        post, stats = run
    idata = _finish(post, stats, data, prior, sigma, sampler, ll)
    if sampler != "exact":
        for msg in diagnose(idata):
            warnings.warn(msg, SamplingWarning, stacklevel=3)
    return idata


def _check_common(
    prior, sigma, draws, tune, chains, sampler, seed, owner, seed_name="random_seed"
):
    priors = prior if isinstance(prior, list) else [prior]
    for pr in priors:
        _check_prior(pr, owner)
    return (
        _check_sigma(sigma, owner),
        check_int(draws, "draws", owner),
        check_int(tune, "tune", owner, minimum=0),
        check_int(chains, "chains", owner),
        _check_sampler(sampler, owner),
        _check_seed(seed, owner, seed_name),
    )


def _check_flags(owner, **flags):
    """Each keyword checked by :func:`check_bool`; returned in order."""
    return [check_bool(value, name, owner) for name, value in flags.items()]


def sample_posterior(
    X,
    y=None,
    prior=None,
    sigma=1.0,
    *,
    draws=1000,
    tune=1000,
    chains=4,
    sampler=None,
    random_seed=None,
    fit_intercept=True,
    progressbar=False,
    log_likelihood=True,
    standardize=False,
):
    """Draw from the posterior of a Gaussian linear model with a prior on ``w``.

    Model: ``y = b0 + X w + e``, ``e ~ N(0, sigma^2)``, ``w_j ~ prior``, flat
    prior on ``b0``; the log posterior is
    ``-(||y - b0 - Xw||^2) / (2 sigma^2) - n log sigma + sum_j log p(w_j)
    + log p(sigma)``, computed from sufficient statistics (module docstring).
    With ``standardize=True`` the prior is on ``v_j = s_j w_j``, the weights of
    the columns ``X_j / s_j`` (``s_j`` the column standard deviation, ddof=0):
    ``log p(w)`` above becomes ``sum_j log p(s_j w_j)``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or SufficientStats
    y : array-like of shape (n_samples,), or None when X is a SufficientStats
    prior : Prior
        Any prior of :mod:`bayesreg.priors`, possibly ``relative`` to sigma and
        with a hyperprior on its scale.
    sigma : float > 0 or SigmaPrior, default 1.0
        A fixed noise scale, or ``HalfNormal``, ``HalfCauchy``, ``Jeffreys`` or
        ``InverseGamma`` to make it unknown.
    draws, chains : int >= 1
        Draws kept per chain, chains.
    tune : int >= 0
        Warm-up iterations per chain (the exact sampler has none and ignores it).
    sampler : {"nutpie", "pymc", "exact", "numpyro"}, default DEFAULT_SAMPLER
        NUTS by nutpie (default, fastest here; see benchmarks/posterior.py),
        PyMC's own NUTS, numpyro's (needs jax and numpyro), or i.i.d. draws
        from the closed-form posterior (Gaussian or Flat prior with sigma
        fixed, or relative to sigma with a Jeffreys/InverseGamma sigma).
    random_seed : int >= 0, optional
        The same seed gives identical draws.
    fit_intercept : bool, default True
    progressbar : bool, default False
    log_likelihood : bool, default True
        Add the pointwise log likelihood (for LOO). Needs the rows, so a
        ``SufficientStats`` input gives neither ``log_likelihood`` nor
        ``observed_data``. Its size is ``chains * draws * n_samples`` floats.
    standardize : bool, default False
        Put the prior on the weights of the standardized columns ``X_j / s_j``
        (``s_j = sqrt(diag(xx) / n)`` for a SufficientStats). The ``coef``
        draws are still those of the original columns.

    Returns
    -------
    arviz.InferenceData
        ``posterior``: ``coef`` (chain, draw, feature) with the feature names
        as coordinates, ``intercept`` (if ``fit_intercept``), ``sigma`` (if it
        has a prior) and hyperprior variables (``coef_lam2``, ``coef_tau``;
        in standardized units with ``standardize``); its attrs hold
        ``sampler``, ``prior``, ``sigma``, ``fit_intercept``, ``standardize``
        (0/1), ``n_samples`` and ``x_sd``, ``y_sd`` (the standard deviations,
        ddof=0, of the columns and of y as given). ``constant_data`` (only with
        ``standardize=True``): ``x_scale`` (dim ``feature``), the ``s_j``.
        ``sample_stats`` (for ``"exact"``: ``diverging``, all False);
        ``log_likelihood`` (``y``, dims chain, draw, obs); ``observed_data``.

    Warns
    -----
    SamplingWarning
        On divergences, R-hat > 1.01 or low ESS (see :func:`diagnose`).

    Examples
    --------
    The Bayesian lasso of Park & Casella (2008) on the diabetes data
    (``y`` centred, ``lam = 0.237`` on the unscaled columns, Jeffreys prior):

    >>> from sklearn.datasets import load_diabetes
    >>> from bayesreg import Laplace, Jeffreys, sample_posterior
    >>> X, y = load_diabetes(return_X_y=True, as_frame=True)
    >>> prior = Laplace(scale=1 / 0.237, relative=True)
    >>> idata = sample_posterior(X, y - y.mean(), prior, Jeffreys(),
    ...                          random_seed=1)  # doctest: +SKIP
    >>> med = idata.posterior["coef"].median(("chain", "draw"))  # doctest: +SKIP
    >>> med.round(1).to_series()  # doctest: +SKIP
    feature
    age     -3.6
    sex   -214.8
    bmi    523.2
    bp     307.8
    s1    -174.3
    s2      -5.5
    s3    -153.3
    s4      89.0
    s5     520.8
    s6      65.4
    Name: coef, dtype: float64

    Zero divergences (nutpie, 4 x 1000 draws); compare Park & Casella's
    Figure 2. With ``Laplace(relative=True,
    hyperprior=LambdaSquaredGamma(1.0, 1.78))`` ``lam`` is sampled too.
    """
    owner = _OWNER
    if prior is None:
        raise TypeError(f"{owner} needs a prior (e.g. bayesreg.Laplace(scale=1.0)).")
    sigma, draws, tune, chains, sampler, seed = _check_common(
        prior, sigma, draws, tune, chains, sampler, random_seed, owner
    )
    fit_intercept, progressbar, log_likelihood, standardize = _check_flags(
        owner,
        fit_intercept=fit_intercept,
        progressbar=progressbar,
        log_likelihood=log_likelihood,
        standardize=standardize,
    )
    data = _prepare(X, y, fit_intercept, owner, standardize=standardize)
    return _sample(
        data,
        prior,
        sigma,
        draws,
        tune,
        chains,
        sampler,
        seed,
        progressbar,
        log_likelihood,
    )


def sample_path(
    X,
    y,
    priors,
    sigma=1.0,
    *,
    draws=1000,
    tune=1000,
    chains=4,
    sampler=None,
    random_seed=None,
    fit_intercept=True,
    progressbar=True,
    log_likelihood=False,
    standardize=False,
):
    """:func:`sample_posterior` for each prior of one family, compiling once.

    The priors must differ only in their scale (same class, ``relative`` and
    hyperprior): the scale is a ``pm.Data`` input of one compiled model. Each
    posterior is the one :func:`sample_posterior` defines for its prior
    (``standardize`` as there).

    Returns
    -------
    list of arviz.InferenceData
        One per prior, in order. ``random_seed`` seeds the whole path.
    """
    owner = "sample_path"
    priors = list(priors)
    if not priors:
        raise ValueError("The 'priors' parameter of sample_path must not be empty.")
    sigma, draws, tune, chains, sampler, seed = _check_common(
        priors, sigma, draws, tune, chains, sampler, random_seed, owner
    )
    fit_intercept, progressbar, log_likelihood, standardize = _check_flags(
        owner,
        fit_intercept=fit_intercept,
        progressbar=progressbar,
        log_likelihood=log_likelihood,
        standardize=standardize,
    )
    keys = {p.pymc_key() for p in priors}
    if len(keys) > 1:
        raise ValueError(
            "The 'priors' parameter of sample_path must hold priors of one family "
            f"differing only in scale; got {len(keys)} structures: {priors!r}."
        )
    data = _prepare(X, y, fit_intercept, owner, standardize=standardize)
    seeds = np.random.SeedSequence(seed).generate_state(len(priors))
    if progressbar:
        from tqdm.auto import tqdm

        priors = tqdm(priors, desc="sample_path")
    return [
        _sample(
            data,
            pr,
            sigma,
            draws,
            tune,
            chains,
            sampler,
            int(s),
            False,
            log_likelihood,
        )
        for pr, s in zip(priors, seeds, strict=True)
    ]


def compare_loo(fits, **kwargs):
    """Compare fits by PSIS-LOO (``arviz.compare(fits, ic="loo")``).

    ``fits`` maps a name to an InferenceData with a ``log_likelihood`` group
    (:func:`sample_posterior` with ``X, y`` arrays) or to a
    :class:`~bayesreg.BayesianLinearRegression` fitted with ``method="nuts"``
    or ``"exact"`` on arrays (its ``idata_``). Returns ArviZ's table, best
    first: ``elpd_loo``, ``p_loo``, ``elpd_diff``, ``weight``, ``se``,
    ``dse``, ``warning``.
    """
    import arviz as az

    if not isinstance(fits, dict) or len(fits) < 2:
        raise ValueError(
            "The 'fits' parameter of compare_loo must be a dict of at least two "
            f"name -> InferenceData; got {type(fits).__name__}."
        )
    fits = {name: _loo_idata(name, fit) for name, fit in fits.items()}
    for name, idata in fits.items():
        if "log_likelihood" not in idata.groups():
            raise ValueError(
                f"Fit {name!r} has no log_likelihood group: sample it from X, y "
                "arrays with log_likelihood=True (SufficientStats cannot give one)."
            )
    return az.compare(fits, ic="loo", **kwargs)


def _loo_idata(name, fit):
    """The InferenceData of a value of ``compare_loo``'s ``fits``."""
    if hasattr(fit, "groups") and hasattr(fit, "posterior"):
        return fit
    if hasattr(fit, "get_params") and hasattr(fit, "method"):  # the estimator
        idata = getattr(fit, "idata_", None)
        if idata is None:
            state = (
                f"was fitted with method={fit.method!r}"
                if hasattr(fit, "coef_")
                else "is not fitted"
            )
            raise ValueError(
                f"Fit {name!r} of compare_loo is a {type(fit).__name__} that "
                f"{state}: LOO needs a posterior. Fit it with method='nuts' or "
                "'exact'."
            )
        return idata
    raise TypeError(
        f"Fit {name!r} of compare_loo must be an arviz.InferenceData or a fitted "
        f"BayesianLinearRegression; got {type(fit).__name__}."
    )
