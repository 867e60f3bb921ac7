"""Tables shared by the ``fit`` and ``path`` subcommands and the report.

Coefficient tables of one MAP, lam grids and the priors along them (read from
the prior registry: ``prior_class(name).lam_range`` and ``.from_penalty``),
MAP and Bayesian path tables and their diagnostics.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from .._validation import InputError
from ..likelihoods import get_likelihood
from ..map import fit_map, fit_map_path
from ..priors import prior_class
from .format import fmt_num, model_repr

__all__ = [
    "bayes_path",
    "centred",
    "data_scales",
    "data_term",
    "describe_map",
    "equivalent",
    "lam_grid",
    "map_path_table",
    "map_table",
    "path_diagnostics",
    "path_table",
    "priors_for",
    "thresholds_text",
]


def map_table(X, y, prior, sigma, *, standardize=False, likelihood="gaussian"):
    """``(MAPResult, DataFrame)``: one row per coefficient plus ``(intercept)``.

    Columns ``map`` (the MAP estimate, on the original scale also with
    ``standardize``, where the prior acts on the columns divided by their sd)
    and ``zero`` (an exact zero). ``likelihood``: a family or its name.
    """
    res = fit_map(X, y, prior, sigma, standardize=standardize, likelihood=likelihood)
    names = [*res.feature_names, "(intercept)"]
    table = pd.DataFrame(
        {
            "map": np.append(res.coef, res.intercept),
            "zero": np.append(res.coef == 0, False),
        },
        index=pd.Index(names, name="feature"),
    )
    return res, table


def data_term(likelihood) -> str:
    """The data term of the MAP objective of a likelihood family, as text:
    ``1/2||y - b0 - Xw||^2`` for a quadratic (Gaussian) one, else
    ``-log p(y | b0 + Xw)``, times ``sigma^2`` for a family with a noise
    scale."""
    family = get_likelihood(likelihood, "data_term")
    if "quadratic" in family.capabilities():
        return "1/2||y - b0 - Xw||^2"
    nll = "-log p(y | b0 + Xw)"
    return f"sigma^2 [{nll}]" if family.has_scale else nll


def equivalent(prior, sigma, n_samples, likelihood="gaussian"):
    """scikit-learn's estimator matched to the MAP of ``prior`` under
    ``likelihood`` (:func:`bayesreg.compare.penalized_equivalent`), or None
    when scikit-learn has none (a prior without a penalty form, or a
    penalty the estimator of that likelihood lacks, e.g. L1 for Poisson)."""
    from ..compare import penalized_equivalent

    if "penalty" not in prior.capabilities():
        return None
    try:
        return penalized_equivalent(prior, sigma, n_samples, likelihood=likelihood)
    except (ValueError, NotImplementedError):
        return None


def describe_map(res, n_samples, likelihood="gaussian") -> str:
    """Text naming the prior (and the likelihood), the objective the MAP
    minimizes and the matched scikit-learn estimator, if there is one."""
    family = get_likelihood(likelihood, "describe_map")
    std = res.x_scale is not None
    where = " on the columns divided by their sd" if std else ""
    head = f"MAP of {model_repr(res.prior)}"
    if "quadratic" not in family.capabilities():
        head += f", likelihood {family!r}"
    scale = f" with sigma={res.sigma:.6g}" if family.has_scale else " (no noise scale)"
    head = f"{head}{scale}: minimizes "
    data = data_term(family)
    est = equivalent(res.prior, res.sigma, n_samples, family)
    if res.penalty is None:  # no penalty form: no scikit-learn equivalent
        text = (
            f"{head}{data} - {'sigma^2 ' * family.has_scale}sum_j log p(w_j)"
            f"{where} "
            f"(solver {res.solver!r}; no scikit-learn equivalent)"
        )
    else:
        l1, l2 = res.penalty.l1, res.penalty.l2
        terms = [f"{l1:.6g} ||w||_1"] if l1 else []
        terms += [f"{l2:.6g}/2 ||w||^2"] if l2 else []
        text = f"{head}{' + '.join([data, *terms])}{where}"
        if est is None:
            text += " (no scikit-learn equivalent)"
        else:
            sk = f"StandardScaler() then {model_repr(est)}" if std else model_repr(est)
            text += f", i.e. scikit-learn's {sk}"
    starts = getattr(res, "starts", ())
    if len(starts) > 1:
        text += (
            f"\nnon-convex: {len(starts)} starts "
            f"({', '.join(s.name for s in starts)}), best {res.best_start!r}; "
            f"the starts {'disagree' if res.starts_disagree else 'agree'}"
        )
    return (
        f"{text}\nconverged: {res.converged} ({res.message}); "
        f"{int((res.coef == 0).sum())} exact zero(s)"
    )


def lam_grid(
    X,
    y,
    family,
    n,
    lam_min=None,
    lam_max=None,
    l1_ratio=None,
    *,
    standardize=False,
    likelihood="gaussian",
    sigma=1.0,
    **extra,
):
    """Log grid of ``n`` penalties ``lam``, from strong to weak.

    The default ``lam_max`` and ``lam_min`` are the family's
    ``lam_range(max_j |x_j'y|, mean_j (X'X)_jj, **extra)`` on the centred
    data (for ``laplace`` the smallest lam with an all-zero MAP, for
    ``elasticnet`` that divided by ``l1_ratio``, for ``gaussian`` 1000 times
    the mean diagonal of ``X'X``); with only ``lam_max`` given, ``lam_min``
    keeps the family's ratio. With ``standardize`` on the standardized
    columns (divided by their sd, ddof=0), where the penalty then acts.
    ``l1_ratio`` and ``extra`` are the family's options (None: its default).
    Another ``likelihood`` takes the gradient and curvature of its data term
    at ``w = 0`` and noise scale ``sigma`` in place of ``X'y`` and ``X'X``
    (:func:`bayesreg.plots.penalty_scales`).
    """
    if n < 2:
        raise InputError(f"--n-lams must be an integer >= 2; got {n}.")
    cls = prior_class(family, "lam_grid")
    if l1_ratio is not None:
        extra["l1_ratio"] = l1_ratio
    xty, diag = data_scales(X, y, likelihood, sigma, standardize)
    try:
        top, bottom = cls.lam_range(xty, diag, **extra)
    except ValueError as err:  # a family without a penalty to vary
        raise InputError(str(err)) from err
    for value, option in ((lam_max, "--lam-max"), (lam_min, "--lam-min")):
        if value is not None and not (math.isfinite(value) and value > 0):
            raise InputError(f"{option} must be a number in (0, inf); got {value:g}.")
    hi, lo = top, bottom
    if lam_max is not None:
        hi, lo = lam_max, lam_max * (bottom / top)
    lo = lam_min if lam_min is not None else lo
    if not lo < hi:
        raise InputError(f"--lam-min ({lo:g}) must be smaller than --lam-max ({hi:g}).")
    return np.geomspace(hi, lo, n)


def priors_for(family, lams, sigma, l1_ratio=None, **extra):
    """The prior of each ``lam`` (``prior_class(family).from_penalty``) at
    noise scale sigma; ``l1_ratio`` and ``extra``: the family's options."""
    cls = prior_class(family, "priors_for")
    if l1_ratio is not None:
        extra["l1_ratio"] = l1_ratio
    return [cls.from_penalty(lam, sigma, **extra) for lam in lams]


def data_scales(X, y, likelihood="gaussian", sigma=1.0, standardize=False):
    """``(max_j |x_j'y|, mean_j (X'X)_jj)`` of the centred (standardized)
    data for the Gaussian likelihood; for another family the gradient and
    curvature of its data term at ``w = 0``
    (:func:`bayesreg.plots.penalty_scales`)."""
    family = get_likelihood(likelihood, "lam_grid")
    if "quadratic" in family.capabilities():
        Xc, yc = centred(X, y, standardize)
        return (
            float(np.max(np.abs(Xc.T @ yc))),
            float(np.mean(np.sum(Xc**2, axis=0))),
        )
    from ..plots import penalty_scales

    return penalty_scales(X, y, family, sigma, standardize=standardize)


def map_path_table(
    X, y, priors, lams, sigma, *, standardize=False, likelihood="gaussian"
) -> pd.DataFrame:
    """MAP coefficients along the path: index ``lam``, one column per feature.

    With ``standardize`` the penalty acts on the standardized columns; the
    coefficients are on the original scale.
    """
    results = fit_map_path(
        X, y, priors, sigma, standardize=standardize, likelihood=likelihood
    )
    return pd.DataFrame(
        np.array([r.coef for r in results]),
        index=pd.Index(np.asarray(lams, dtype=float), name="lam"),
        columns=list(results[0].feature_names),
    )


def bayes_path(
    X,
    y,
    priors,
    lams,
    sigma,
    *,
    draws,
    tune,
    chains,
    sampler=None,
    seed=None,
    progressbar=False,
    prob=0.9,
    standardize=False,
    likelihood="gaussian",
):
    """Posterior along the path (one compiled model for all lam).

    With ``standardize`` the prior acts on the weights of the standardized
    columns; the draws are on the original scale.

    Returns
    -------
    table : DataFrame
        Long format, columns ``lam, feature, median, lower, upper`` (the
        central ``prob`` interval, as drawn by ``plots.plot_path``),
        ``mean, r_hat, ess_bulk, ess_tail, divergences``.
    idatas : list of arviz.InferenceData
    """
    from ..posterior import sample_path

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # diagnostics are in the table
        fits = sample_path(
            X,
            y,
            priors,
            sigma,
            draws=draws,
            tune=tune,
            chains=chains,
            sampler=sampler,
            random_seed=seed,
            progressbar=progressbar,
            standardize=standardize,
            likelihood=likelihood,
        )
    return path_table(lams, fits, prob), fits


def path_table(lams, fits, prob=0.9) -> pd.DataFrame:
    """The long table of :func:`bayes_path` from fits already sampled."""
    from ..plots import path_summary
    from ..posterior.convergence import rhat_ess

    med, lo, hi = path_summary(fits, prob)
    rows = []
    for i, (lam, idata) in enumerate(zip(lams, fits, strict=True)):
        coef = idata.posterior["coef"]
        values = coef.transpose("chain", "draw", "feature").values
        rhat, ess, tail = rhat_ess(values)  # ArviZ's numbers, vectorized
        rhat = rhat if coef.sizes["chain"] > 1 else None
        mean = coef.mean(("chain", "draw")).values
        div = int(idata.sample_stats["diverging"].sum())
        for j, name in enumerate(coef["feature"].values):
            rows.append(
                {
                    "lam": float(lam),
                    "feature": str(name),
                    "median": med[i, j],
                    "lower": lo[i, j],
                    "upper": hi[i, j],
                    "mean": float(mean[j]),
                    "r_hat": math.nan if rhat is None else float(rhat[j]),
                    "ess_bulk": float(ess[j]),
                    "ess_tail": float(tail[j]),
                    "divergences": div,
                }
            )
    table = pd.DataFrame(rows)
    table.attrs["prob"] = prob
    return table


def _problem_labels(msgs) -> str:
    """Short names of what :func:`~bayesreg.posterior.diagnose` flagged."""
    keys = (
        ("divergence", "divergences"),
        ("R-hat", "R-hat"),
        ("bulk ESS", "ESS bulk"),
        ("tail ESS", "ESS tail"),
    )
    found = [label for key, label in keys if any(key in m for m in msgs)]
    if msgs and not found:
        found = ["see note"]
    return ", ".join(found)


def path_diagnostics(table, fits):
    """``(per_lam, notes)``: the worst diagnostics at each lam and what failed.

    ``per_lam`` (index ``lam``): max R-hat, min ESS bulk and tail, divergences
    and ``flag``, the checks of :func:`bayesreg.posterior.diagnose` (same
    thresholds as the main fits) that fail at that lam. ``notes``: one
    sentence per flagged lam, naming it and quoting ``diagnose``.
    """
    from ..posterior import diagnose

    per_lam = table.groupby("lam", sort=False).agg(
        r_hat=("r_hat", "max"),
        ess_bulk=("ess_bulk", "min"),
        ess_tail=("ess_tail", "min"),
        divergences=("divergences", "max"),
    )
    per_lam.columns = ["max R-hat", "min ESS bulk", "min ESS tail", "divergences"]
    flags, notes = [], []
    for lam, idata in zip(per_lam.index, fits, strict=True):
        msgs = diagnose(idata)
        flags.append(_problem_labels(msgs))
        if msgs:
            notes.append(f"lam = {fmt_num(lam, 6)}: " + " ".join(msgs))
    per_lam["flag"] = flags
    return per_lam, notes


def thresholds_text() -> str:
    """The checks of :func:`bayesreg.posterior.diagnose`, its own defaults."""
    import inspect

    from ..posterior import diagnose

    params = inspect.signature(diagnose).parameters
    rhat, ess = params["rhat_max"].default, params["ess_per_chain"].default
    return (
        f"no divergences, R-hat <= {rhat:g}, bulk and tail ESS >= {ess:g} per chain, "
        "as bayesreg.posterior.diagnose checks"
    )


def centred(X, y, standardize=False):
    """``(Xc, yc)``: centred columns (divided by their sd, ddof=0, if standardize).

    Constant columns keep the sd 1, as scikit-learn's StandardScaler does.
    """
    Xa = np.asarray(X, dtype=float)
    Xc = Xa - Xa.mean(axis=0)
    if standardize:
        sd = Xc.std(axis=0)
        Xc = Xc / np.where(sd > 0, sd, 1.0)
    ya = np.asarray(y, dtype=float)
    return Xc, ya - ya.mean()
