"""Sparse summaries of a posterior: SAVS and BayesReg's variable ranking.

Posterior means and medians of a shrinkage prior (Laplace, horseshoe) are
never exactly zero. Two summaries turn draws into a selection:

* SAVS, the signal adaptive variable selector of Ray & Bhattacharya (2018,
  "Signal adaptive variable selector for the horseshoe prior", arXiv
  1810.09004), a one-step adaptive-lasso thresholding of a posterior point
  estimate ``w``:

  ``w_j^sparse = sign(w_j) (|w_j| ||x_j||^2 - mu_j)_+ / ||x_j||^2``,
  ``mu_j = 1 / w_j^2``.

  The formula is not invariant to the units of ``x_j`` and ``y``. It is
  applied here (``standardize=True``, the default) to the coefficients of
  the standardized problem, ``v_j = w_j sd(x_j) / sd(y)`` with columns of
  unit variance, ``||z_j||^2 = n`` (centred, population sds recorded by the
  fit), and mapped back to the original units; ``standardize=False``
  applies it to ``w`` itself with ``||x_j||^2 = n sd(x_j)^2`` (the centred
  column). Applied to the posterior mean (the paper's estimate) it gives a
  sparse point estimate; applied to every draw, the fraction of draws in
  which ``w_j^sparse != 0`` is an inclusion frequency.
* The Bayesian feature ranking of Makalic & Schmidt's BayesReg (R package
  ``bayesreg``, function ``bayesreg.bfr``): in each draw the variables are
  ranked by ``|w_j|`` on columns of unit norm (rank 1: the largest; here
  ``|w_j| sd(x_j)``, the same order); a variable's rank is then the order of
  the 75th percentile of its ranks over the draws, ties sharing the lower
  rank (1, 2, 2, 4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validation import check_bool

__all__ = ["feature_ranks", "savs", "sparse_summary"]


def savs(coef, col_norm2):
    """The SAVS operator (module docstring) on ``coef`` (..., p).

    Parameters
    ----------
    coef : array-like of shape (..., n_features)
        Point estimates or draws.
    col_norm2 : array-like of shape (n_features,)
        ``||x_j||^2`` of the columns the coefficients belong to, > 0.

    Returns
    -------
    numpy.ndarray
        ``sign(w_j) (|w_j| ||x_j||^2 - 1 / w_j^2)_+ / ||x_j||^2``, with 0
        (never -0.0) where that is not positive, ``w_j = 0`` included.
    """
    w = np.asarray(coef, dtype=float)
    norm2 = np.asarray(col_norm2, dtype=float)
    if norm2.shape != w.shape[-1:] or not np.all(norm2 > 0):
        raise ValueError(
            "The 'col_norm2' parameter of savs must hold one positive number per "
            f"coefficient ({w.shape[-1]}). Got {norm2!r} instead."
        )
    with np.errstate(divide="ignore"):
        mu = 1.0 / (w * w)
    kept = np.maximum(np.abs(w) * norm2 - mu, 0.0)
    return np.where(kept > 0, np.sign(w) * kept / norm2, 0.0)  # no -0.0


def feature_ranks(draws) -> np.ndarray:
    """BayesReg's rank of each variable (module docstring).

    Parameters
    ----------
    draws : array-like of shape (n_draws, n_features)
        ``|w_j|`` on a common scale (columns of equal norm).

    Returns
    -------
    numpy.ndarray of int, shape (n_features,)
        1 for the most important variable.
    """
    from scipy.stats import rankdata

    a = np.abs(np.asarray(draws, dtype=float))
    per_draw = rankdata(-a, axis=1, method="ordinal")  # 1: the largest |w_j|
    q75 = np.quantile(per_draw, 0.75, axis=0)  # R's quantile type 7
    return rankdata(q75, method="min").astype(int)


def sparse_summary(fit, *, standardize=True) -> pd.DataFrame:
    """SAVS estimate, inclusion frequency and rank of each coefficient.

    Parameters
    ----------
    fit : arviz.InferenceData or fitted estimator
        From :func:`bayesreg.sample_posterior` (its attrs ``x_sd``, ``y_sd``
        and ``n_samples`` give the column norms) or a
        ``BayesianLinearRegression`` fitted with a sampling method.
    standardize : bool, default True
        Threshold the coefficients of the standardized problem (module
        docstring) rather than those in the original units.

    Returns
    -------
    pandas.DataFrame
        Index: features. Columns: ``mean`` (posterior mean), ``savs`` (SAVS
        of the mean, original units), ``inclusion`` (fraction of draws whose
        SAVS is not zero), ``rank`` (BayesReg's), sorted by nothing (the
        features' order).
    """
    from .plots._common import coef_draws
    from .summaries import _unwrap

    standardize = check_bool(standardize, "standardize", "sparse_summary")
    idata, _ = _unwrap(fit)
    draws, names = coef_draws(idata)
    attrs = idata.posterior.attrs
    x_sd = np.asarray(attrs["x_sd"], dtype=float)
    n = int(attrs["n_samples"])
    if np.any(x_sd <= 0):
        raise ValueError(
            "sparse_summary needs columns with a positive standard deviation; "
            f"got x_sd = {x_sd!r}."
        )
    if standardize:
        to_std = x_sd / float(attrs["y_sd"])
        norm2 = np.full(len(names), float(n))
    else:
        to_std = np.ones(len(names))
        norm2 = n * x_sd**2
    mean = draws.mean(axis=0)
    point = savs(mean * to_std, norm2) / to_std
    inclusion = (savs(draws * to_std, norm2) != 0).mean(axis=0)
    return pd.DataFrame(
        {
            "mean": mean,
            "savs": point,
            "inclusion": inclusion,
            "rank": feature_ranks(draws * x_sd),
        },
        index=pd.Index(names, name="feature"),
    )
