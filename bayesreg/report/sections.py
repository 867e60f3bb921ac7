"""Sections of the report: data, settings, MAP vs scikit-learn, prior
densities, the L1/L2 pictures and the timings."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from ..compare import check_map
from ..likelihoods import Gaussian
from ..map import fit_map
from .format import fmt_num, model_repr
from .page import (
    available,
    badge,
    figure_html,
    note,
    omit,
    p,
    table_html,
    write_csv,
)
from .tables import data_term, equivalent

__all__ = [
    "calibration_section",
    "data_section",
    "didactic_section",
    "equivalence_section",
    "prior_section",
    "settings_section",
    "timings_section",
]


def model_text(likelihood=None) -> str:
    """The model in words: the Gaussian's equation, else the family and its
    linear predictor (with or without a noise scale)."""
    family = Gaussian() if likelihood is None else likelihood
    if "quadratic" in family.capabilities():
        return "y = b0 + X w + e, e ~ N(0, sigma^2), flat prior on the intercept b0"
    scale = (
        "with noise scale sigma" if family.has_scale else "no noise scale (sigma = 1)"
    )
    return (
        f"y_i ~ {family!r} given the linear predictor eta_i = b0 + x_i'w, "
        f"{scale}, flat prior on the intercept b0"
    )


def data_section(page, X, y, source, out, standardize=False, likelihood=None):
    parts = page.section("data", "Data")
    parts.append(
        p(
            f"{source}: n = {len(y)} rows, p = {X.shape[1]} features, "
            f"target '{y.name}'. Model: {model_text(likelihood)}."
        )
    )
    desc = pd.concat([X, y], axis=1).describe().T
    desc.index.name = "column"
    if standardize:
        sd = np.asarray(X, dtype=float).std(axis=0)
        desc["penalty scale"] = pd.Series(sd, index=X.columns)
        big, small = X.columns[np.argmax(sd)], X.columns[np.argmin(sd)]
        spread = (
            f"all {fmt_num(sd[0])}"
            if fmt_num(sd.min()) == fmt_num(sd.max())
            else f"from {fmt_num(sd.min())} for '{small}' to {fmt_num(sd.max())} "
            f"for '{big}'"
        )
        parts.append(
            p(
                "Standardized: the prior (the penalty) acts on each feature "
                f"divided by its sd with ddof=0 (the 'penalty scale' column, "
                f"{spread}; y is not scaled). Every coefficient, interval and "
                "path in this report is on the original scale of the columns."
            )
        )
    write_csv(out, "data_summary.csv", desc)
    shown = desc.copy()  # a mean of 1e-19 next to an sd of 0.05 is a 0
    shown.loc[shown["mean"].abs() <= 1e-12 * shown["std"], "mean"] = 0.0
    parts.append(table_html(shown, "column summaries (data_summary.csv)"))


def settings_section(page, sigma, notes, priors, n, options, likelihood=None):
    parts = page.section("settings", "Settings")
    if options.standardize:
        notes = [
            "standardized: the penalties below act on the columns divided by "
            "their sd (ddof=0); scikit-learn fits the same estimator on "
            "StandardScaler().fit_transform(X); coefficients are reported on "
            "the original scale (--no-standardize: penalties on raw units)",
            *notes,
        ]
    else:
        notes = ["not standardized: the penalties act on the raw columns", *notes]
    parts.append(
        "<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in notes) + "</ul>"
    )
    family = Gaussian() if likelihood is None else likelihood
    rows = []
    for prior in priors.values():
        pen = prior.penalty(sigma)
        est = equivalent(prior, sigma, n, family)
        rows.append(
            {
                "prior": model_repr(prior),
                "l1": pen.l1,
                "l2": pen.l2,
                "scikit-learn": "none" if est is None else model_repr(est),
            }
        )
    parts.append(
        table_html(
            pd.DataFrame(rows, index=pd.Index(list(priors), name="name")),
            f"each prior's MAP minimizes {data_term(family)} + l1 ||w||_1 "
            "+ l2/2 ||w||^2",
        )
    )
    noise = (
        f"sigma fixed at {sigma:.5g}" if family.has_scale else f"{family!r}, no sigma"
    )
    parts.append(
        p(
            f"Posterior sampling: nutpie NUTS, {options.chains} chains x "
            f"{options.draws} draws after {options.tune} tuning steps, seed "
            f"{options.seed}; {noise}."
        )
    )


def equivalence_section(
    page, X, y, sigma, priors, out, result, standardize, likelihood=None
):
    lik = Gaussian() if likelihood is None else likelihood
    parts = page.section("equivalence", "MAP vs scikit-learn")
    parts.append(
        p(
            "The MAP estimate (exact zeros for L1) next to scikit-learn's "
            "fit with the matched penalty. They agree when every coefficient and "
            "the intercept differ by at most rtol x max(1, max|coef|) (rtol = "
            "1e-6) and both have the same exact zeros."
        )
    )
    for name, prior in priors.items():
        if equivalent(prior, sigma, len(y), lik) is None:
            _map_only(parts, X, y, sigma, prior, name, out, result, standardize, lik)
            continue
        res = check_map(X, y, prior, sigma, standardize=standardize, likelihood=lik)
        text = (
            f"max |diff| = {res.max_abs_diff:.3g} (atol {res.atol:.3g}), "
            f"same zeros: {res.support_agrees}"
        )
        result.checks.append((name, res.ok, text))
        table = res.table()
        write_csv(out, f"equivalence_{name}.csv", table)
        parts.append(
            f"<h3>{html.escape(name)}: {html.escape(model_repr(prior))} vs <code>"
            f"{html.escape(model_repr(res.estimator))}</code> {badge(res.ok)}</h3>"
        )
        parts.append(table_html(table, f"{text} (equivalence_{name}.csv)"))


def _map_only(parts, X, y, sigma, prior, name, out, result, standardize, lik):
    """The MAP alone, for a prior and likelihood scikit-learn has no fit for."""
    res = fit_map(X, y, prior, sigma, standardize=standardize, likelihood=lik)
    table = pd.DataFrame(
        {
            "map": np.append(res.coef, res.intercept),
            "map_zero": np.append(res.coef == 0, False),
        },
        index=pd.Index([*res.feature_names, "(intercept)"], name="feature"),
    )
    write_csv(out, f"equivalence_{name}.csv", table)
    result.unmatched.append(name)
    parts.append(
        f"<h3>{html.escape(name)}: {html.escape(model_repr(prior))}, "
        f"{html.escape(repr(lik))}</h3>"
    )
    parts.append(
        note(
            f"scikit-learn has no estimator for this prior with {lik!r}: the "
            "MAP alone (converged: " + str(res.converged) + ")."
        )
    )
    parts.append(table_html(table, f"MAP only (equivalence_{name}.csv)"))


def calibration_section(page, X, y, sigma, priors, fits, out, result, options, lik):
    """Predicted means against the data, for a likelihood of labels or counts.

    The calibration of the Laplace prior's MAP (and of its posterior mean of
    ``E[y | x]``, when sampled): rows binned by prediction, observed mean of
    ``y`` per bin; with more than two values of ``y`` (counts) also the
    observed vs expected frequency of each value.
    """
    from ..plots import (
        count_values,
        plot_calibration,
        plot_count_frequencies,
        predicted_mean,
        value_probabilities,
    )

    parts = page.section("calibration", "Predicted vs observed")
    if getattr(lik, "mean", None) is None:
        omit(parts, result, "predicted vs observed", f"{lik!r} has no 'mean'")
        return
    name = "laplace" if "laplace" in priors else next(iter(priors))
    res = fit_map(
        X, y, priors[name], sigma, standardize=options.standardize, likelihood=lik
    )
    Xa, ya = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    series = {f"MAP ({name})": predicted_mean(lik, Xa, res.coef, res.intercept)}
    draws = None
    if name in fits:
        post = fits[name]["idata"].posterior
        coef = post["coef"].transpose("chain", "draw", "feature").values
        coef = coef.reshape(-1, coef.shape[-1])
        b0 = post["intercept"].values.reshape(-1) if "intercept" in post else None
        draws = (coef, b0)
        series[f"posterior mean ({name})"] = predicted_mean(lik, Xa, *draws)
    binary = bool(np.all((ya == 0) | (ya == 1)))
    what = "P(y = 1 | x)" if binary else "E[y | x]"
    parts.append(
        p(
            f"The rows binned by their predicted {what} under {lik!r} (10 "
            "bins of equal width, empty ones left out): each point is a bin's "
            "mean prediction against the observed mean of y in it (the "
            "frequency of y = 1 for labels), with ±2 standard errors and the "
            "number of rows in the bin; a calibrated model has its points on "
            "the diagonal."
        )
    )
    fig = plot_calibration(ya, series)
    table = fig.calibration_tables[next(iter(series))]
    parts.append(
        figure_html(
            out,
            "calibration.png",
            fig,
            f"calibration of the {name} prior's "
            + " and ".join(series)
            + f": observed vs predicted {what} in bins (histogram: the "
            "predictions)",
        )
    )
    write_csv(out, "calibration.csv", table)
    parts.append(
        table_html(
            table,
            f"calibration of the MAP ({name}) by bin: rows, mean predicted, "
            "observed mean, its standard error, prediction range "
            "(calibration.csv)",
        )
    )
    if np.unique(ya).size > 2:
        values = count_values(ya)
        coef, b0 = draws if draws is not None else (res.coef, res.intercept)
        probs, values = value_probabilities(lik, Xa, coef, b0, values, sigma)
        src = "posterior predictive" if draws is not None else "MAP"
        parts.append(
            figure_html(
                out,
                "count_frequencies.png",
                plot_count_frequencies(ya, probs, values),
                f"observed counts of each value of y against the {src} "
                f"expectation sum_i P(y_i = k | x_i) ({name} prior)",
            )
        )


def prior_section(page, sigma, priors, out, result):
    parts = page.section("priors", "Prior densities")
    plot = available("plots", "plot_prior_densities")
    if plot is None:
        omit(parts, result, "prior densities", "bayesreg.plots is missing")
        return
    fig = plot(
        priors={"Gaussian": priors["gaussian"], "Laplace": priors["laplace"]},
        sigma=sigma,
    )
    parts.append(
        figure_html(
            out,
            "prior_densities.png",
            fig,
            "the Gaussian and Laplace priors of this report, linear and log scale",
        )
    )
    parts.append(
        figure_html(
            out,
            "prior_densities_matched.png",
            plot(match="variance", value=1.0),
            "Laplace vs Gaussian with the same variance: the Laplace has more mass "
            "at 0 and heavier tails",
        )
    )


def didactic_section(page, out, result):
    parts = page.section("pictures", "The L1/L2 pictures")
    figures = (
        (
            "plot_penalized_loss_1d",
            "penalized_loss_1d.png",
            "one weight: data loss plus L1 or L2 penalty; the L1 minimum is "
            "exactly 0 once lam >= |x'y|, the L2 minimum only shrinks",
        ),
        (
            "plot_constraint_regions",
            "constraint_regions.png",
            "loss contours touching the L1 diamond (often at a corner: an exact "
            "zero) and the L2 disc",
        ),
        (
            "plot_weight_decay",
            "weight_decay.png",
            "gradient descent with L2 weight decay, the L1 subgradient step and "
            "the proximal L1 step",
        ),
    )
    missing = []
    for func, name, caption in figures:
        plot = available("plots", func)
        if plot is None:
            missing.append(func)
            continue
        parts.append(figure_html(out, name, plot(), caption))
    if missing:
        omit(parts, result, "L1/L2 pictures", f"missing: {', '.join(missing)}")


def timings_section(page, timings, out):
    parts = page.section("timings", "Timings")
    df = pd.DataFrame(timings, columns=["step", "seconds"]).set_index("step")
    df.loc["total"] = df["seconds"].sum()
    write_csv(out, "timings.csv", df)
    parts.append(
        table_html(
            df,
            "wall-clock seconds per step (timings.csv); the first PyMC step of a "
            "process includes compiling the model",
        )
    )
    import platform

    versions = {"python": platform.python_version()}
    for mod in ("numpy", "scipy", "sklearn", "pandas", "pymc", "nutpie", "arviz"):
        try:
            versions[mod] = __import__(mod).__version__
        except ImportError:
            versions[mod] = "not installed"
    parts.append(p("Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items())))
