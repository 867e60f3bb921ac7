"""Sections of the report: data, settings, MAP vs scikit-learn, prior
densities, the L1/L2 pictures and the timings."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from ..compare import check_map, penalized_equivalent
from .format import fmt_num, model_repr
from .page import available, badge, figure_html, omit, p, table_html, write_csv

__all__ = [
    "data_section",
    "didactic_section",
    "equivalence_section",
    "prior_section",
    "settings_section",
    "timings_section",
]


def data_section(page, X, y, source, out, standardize=False):
    parts = page.section("data", "Data")
    parts.append(
        p(
            f"{source}: n = {len(y)} rows, p = {X.shape[1]} features, "
            f"target '{y.name}'. Model: y = b0 + X w + e, e ~ N(0, sigma^2), "
            "flat prior on the intercept b0."
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


def settings_section(page, sigma, notes, priors, n, options):
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
    rows = []
    for prior in priors.values():
        pen = prior.penalty(sigma)
        rows.append(
            {
                "prior": model_repr(prior),
                "l1": pen.l1,
                "l2": pen.l2,
                "scikit-learn": model_repr(penalized_equivalent(prior, sigma, n)),
            }
        )
    parts.append(
        table_html(
            pd.DataFrame(rows, index=pd.Index(list(priors), name="name")),
            "each prior's MAP minimizes 1/2||y - b0 - Xw||^2 + l1 ||w||_1 "
            "+ l2/2 ||w||^2",
        )
    )
    parts.append(
        p(
            f"Posterior sampling: nutpie NUTS, {options.chains} chains x "
            f"{options.draws} draws after {options.tune} tuning steps, seed "
            f"{options.seed}; sigma fixed at {sigma:.5g}."
        )
    )


def equivalence_section(page, X, y, sigma, priors, out, result, standardize):
    parts = page.section("equivalence", "MAP vs scikit-learn")
    parts.append(
        p(
            "The MAP estimate (scipy, exact zeros for L1) next to scikit-learn's "
            "fit with the matched penalty. They agree when every coefficient and "
            "the intercept differ by at most rtol x max(1, max|coef|) (rtol = "
            "1e-6) and both have the same exact zeros."
        )
    )
    for name, prior in priors.items():
        res = check_map(X, y, prior, sigma, standardize=standardize)
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
