"""sample_posterior and sample_path: checks, then a sampler (compare_loo,
re-exported here, is in :mod:`.loo`)."""

from __future__ import annotations

import warnings

import numpy as np

from .._validation import check_bool, check_int
from ..likelihoods import get_likelihood
from ..map import _check_prior
from ..noise import as_sigma_prior
from .diagnostics import SamplingWarning, diagnose
from .loo import compare_loo
from .model import prepare
from .results import to_inference_data
from .samplers import get_sampler

__all__ = ["compare_loo", "sample_path", "sample_posterior"]

_OWNER = "sample_posterior"


def _check_seed(random_seed, owner=_OWNER, name="random_seed"):
    if random_seed is None:
        return None
    return check_int(random_seed, name, owner, minimum=0)


def check_common(
    prior,
    sigma,
    draws,
    tune,
    chains,
    sampler,
    seed,
    owner,
    seed_name="random_seed",
    method=None,
    likelihood=None,
):
    """Validated ``(sigma, draws, tune, chains, sampler, seed)``: ``sigma`` a
    SigmaPrior, ``sampler`` a registered Sampler (of ``method`` if given) that
    accepts every prior (``prior`` or a list of them), ``sigma`` and the
    ``likelihood`` family (None: the Gaussian), which must take ``sigma``."""
    priors = prior if isinstance(prior, list) else [prior]
    for pr in priors:
        _check_prior(pr, owner)
    sigma = as_sigma_prior(sigma, owner)
    if likelihood is not None:
        _check_scale(likelihood, sigma, owner)
    draws = check_int(draws, "draws", owner)
    tune = check_int(tune, "tune", owner, minimum=0)
    chains = check_int(chains, "chains", owner)
    sampler = get_sampler(sampler, owner, method)
    for pr in priors:
        sampler.check(pr, sigma, owner, likelihood)
    return sigma, draws, tune, chains, sampler, _check_seed(seed, owner, seed_name)


def _check_scale(family, sigma, owner):
    """A family without a noise scale takes sigma = 1: refuse anything else."""
    if family.has_scale or sigma.fixed == 1.0:
        return
    got = sigma if sigma.fixed is None else sigma.fixed
    raise ValueError(
        f"The 'sigma' parameter of {owner} does not apply to likelihood "
        f"{family!r}, which has no noise scale: leave it at 1.0 (a prior "
        f"relative to sigma then uses sigma = 1). Got {got!r} instead."
    )


def _check_flags(owner, **flags):
    """Each keyword checked by :func:`check_bool`; returned in order."""
    return [check_bool(value, name, owner) for name, value in flags.items()]


def run_sampler(data, prior, sigma, draws, tune, chains, sampler, seed, progress, ll):
    """One posterior: ``sampler.run`` (of the sampler it resolves to, for
    ``auto``), InferenceData, convergence warnings."""
    requested, sampler = sampler, sampler.resolve(prior, sigma, data.family)
    post, stats = sampler.run(
        prior,
        sigma,
        data,
        draws=draws,
        tune=tune,
        chains=chains,
        seed=seed,
        progressbar=progress,
    )
    idata = to_inference_data(post, stats, data, prior, sigma, sampler.name, ll)
    idata.posterior.attrs["sampler_requested"] = requested.name
    if not sampler.iid:
        for msg in diagnose(idata):
            warnings.warn(msg, SamplingWarning, stacklevel=3)
    return idata


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
    likelihood="gaussian",
):
    """Draw from the posterior of a (generalized) linear model with a prior on ``w``.

    Model: linear predictor ``eta_i = b0 + x_i'w``, ``w_j ~ prior``, flat
    prior on ``b0``, ``y_i | eta_i`` from the ``likelihood`` family; the log
    posterior is ``sum_i log p(y_i | eta_i) + sum_j log p(w_j) + log p(sigma)``
    (+ ``log p(nu)`` for ``StudentT(df=None)``), with

    - ``"gaussian"``: ``log p(y_i | eta_i) = -(y_i - eta_i)^2 / (2 sigma^2)
      - log sigma - 1/2 log(2 pi)``, summed from sufficient statistics
      (:mod:`bayesreg.likelihoods.gaussian`);
    - ``"logistic"``: ``y_i in {0, 1}``, ``log p = y_i eta_i - log(1 +
      exp(eta_i))``;
    - ``"poisson"``: ``y_i in {0, 1, 2, ...}``, ``log p = y_i eta_i -
      exp(eta_i) - log(y_i!)``;
    - ``"student_t"`` (``StudentT(df)``, default ``df = 5``): ``log p =
      log Gamma((df+1)/2) - log Gamma(df/2) - 1/2 log(df pi) - log sigma -
      (df+1)/2 log(1 + (y_i - eta_i)^2 / (df sigma^2))``; with ``df=None``
      the degrees of freedom are the variable ``nu ~ Gamma(2, rate=0.1)``,
      ``p(nu) = 0.01 nu exp(-nu / 10)`` (Juárez & Steel 2010).

    Logistic and Poisson have no noise scale: ``sigma`` must stay 1.0, which
    is what a prior ``relative`` to sigma then uses. With ``standardize=True``
    the prior is on ``v_j = s_j w_j``, the weights of the columns ``X_j /
    s_j`` (``s_j`` the column standard deviation, ddof=0): ``log p(w)`` above
    becomes ``sum_j log p(s_j w_j)``, for every family.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or SufficientStats
        A SufficientStats only with the Gaussian likelihood.
    y : array-like of shape (n_samples,), or None when X is a SufficientStats
    prior : Prior
        Any prior with ``logpdf`` and ``to_pymc`` (every family of
        :mod:`bayesreg.priors`, or a subclass of :class:`bayesreg.Prior`
        defined elsewhere), possibly ``relative`` to sigma and with a
        hyperprior on its scale.
    sigma : float > 0 or SigmaPrior, default 1.0
        A fixed noise scale, or ``HalfNormal``, ``HalfCauchy``, ``Jeffreys`` or
        ``InverseGamma`` to make it unknown (Gaussian and Student-t; 1.0 for
        the others).
    draws, chains : int >= 1
        Draws kept per chain, chains.
    tune : int >= 0
        Warm-up iterations per chain (the exact sampler has none and ignores it).
    sampler : str, default DEFAULT_SAMPLER
        A name in :data:`bayesreg.posterior.samplers.REGISTRY`: ``"auto"``
        (the default: ``"exact"`` where the posterior is conjugate, else
        ``"gibbs"`` where the prior gives its full conditionals and the
        likelihood is the Gaussian, else ``"nutpie"``; the attrs record the
        one used), ``"nutpie"`` (NUTS by nutpie; see
        benchmarks/posterior.py), ``"gibbs"`` (scale-mixture priors, the
        Gaussian likelihood), ``"pymc"`` (PyMC's own NUTS), ``"numpyro"``
        (needs jax and numpyro), or ``"exact"``: i.i.d. draws from the
        closed-form posterior (the Gaussian likelihood, the capability
        ``quadratic``, and a prior with the capability ``conjugate``:
        Gaussian or Flat, with sigma fixed, or relative to sigma with a
        Jeffreys/InverseGamma sigma).
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
    likelihood : {"gaussian", "logistic", "poisson", "student_t"} or family, \
default "gaussian"
        The family of ``y`` given ``eta`` (above): a registered name (its
        default parameters) or an object of :mod:`bayesreg.likelihoods`, e.g.
        ``StudentT(df=None)``.

    Returns
    -------
    arviz.InferenceData
        ``posterior``: ``coef`` (chain, draw, feature) with the feature names
        as coordinates, ``intercept`` (if ``fit_intercept``), ``sigma`` (if it
        has a prior), ``nu`` (``StudentT(df=None)``) and hyperprior variables
        (``coef_lam2``, ``coef_tau``; in standardized units with
        ``standardize``); its attrs hold ``sampler``, ``prior``, ``sigma``
        (1.0 for a family without a noise scale), ``likelihood`` (the
        family's name), ``sampler_requested`` (``"auto"`` when ``sampler``
        was chosen by it), ``likelihood_repr`` (e.g. ``"StudentT(df=4.0)"``),
        ``has_scale`` (0/1), ``fit_intercept``, ``standardize``
        (0/1), ``n_samples`` and ``x_sd``, ``y_sd`` (the standard deviations,
        ddof=0, of the columns and of y as given). ``constant_data`` (only with
        ``standardize=True``): ``x_scale`` (dim ``feature``), the ``s_j``.
        ``sample_stats`` (for ``"exact"``: ``diverging``, all False);
        ``log_likelihood`` (``y``, dims chain, draw, obs); ``observed_data``.

    Raises
    ------
    ValueError
        Bad parameters or data, e.g. a sigma other than 1.0 with a family
        without a noise scale, ``sampler="exact"`` with a likelihood other
        than the Gaussian, or a SufficientStats input with one.

    Warns
    -----
    SamplingWarning
        On divergences, R-hat > 1.01 or low ESS (see :func:`diagnose`), for
        the Markov chain samplers.

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

    These are nutpie's medians (4 x 1000 draws, zero divergences); the
    default ``sampler="auto"`` runs the Gibbs engine here, which reproduces
    them (``tests/test_gibbs.py``); compare Park & Casella's Figure 2.
    With ``Laplace(relative=True, hyperprior=LambdaSquaredGamma(1.0,
    1.78))`` ``lam`` is sampled too.
    """
    owner = _OWNER
    if prior is None:
        raise TypeError(f"{owner} needs a prior (e.g. bayesreg.Laplace(scale=1.0)).")
    family = get_likelihood(likelihood, owner)
    sigma, draws, tune, chains, sampler, seed = check_common(
        prior,
        sigma,
        draws,
        tune,
        chains,
        sampler,
        random_seed,
        owner,
        likelihood=family,
    )
    fit_intercept, progressbar, log_likelihood, standardize = _check_flags(
        owner,
        fit_intercept=fit_intercept,
        progressbar=progressbar,
        log_likelihood=log_likelihood,
        standardize=standardize,
    )
    data = prepare(
        X, y, fit_intercept, owner, standardize=standardize, likelihood=family
    )
    return run_sampler(
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
    likelihood="gaussian",
):
    """:func:`sample_posterior` for each prior of one family, compiling once.

    The priors must differ only in their scale (same class, ``relative`` and
    hyperprior): the scale is a ``pm.Data`` input of one compiled model. Each
    posterior is the one :func:`sample_posterior` defines for its prior
    (``standardize`` and ``likelihood`` as there).

    Returns
    -------
    list of arviz.InferenceData
        One per prior, in order. ``random_seed`` seeds the whole path.
    """
    owner = "sample_path"
    priors = list(priors)
    if not priors:
        raise ValueError("The 'priors' parameter of sample_path must not be empty.")
    family = get_likelihood(likelihood, owner)
    sigma, draws, tune, chains, sampler, seed = check_common(
        priors,
        sigma,
        draws,
        tune,
        chains,
        sampler,
        random_seed,
        owner,
        likelihood=family,
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
    data = prepare(
        X, y, fit_intercept, owner, standardize=standardize, likelihood=family
    )
    seeds = np.random.SeedSequence(seed).generate_state(len(priors))
    if progressbar:
        from tqdm.auto import tqdm

        priors = tqdm(priors, desc="sample_path")
    return [
        run_sampler(
            data, pr, sigma, draws, tune, chains, sampler, int(s), False, log_likelihood
        )
        for pr, s in zip(priors, seeds, strict=True)
    ]
