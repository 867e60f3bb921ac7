"""Sections of the report on the regularization paths: MAP and Bayesian."""

from __future__ import annotations

import numpy as np

from .format import fmt_num
from .page import figure_html, note, p, table_html, write_csv
from .tables import (
    bayes_path,
    lam_grid,
    map_path_table,
    path_diagnostics,
    priors_for,
    thresholds_text,
)

__all__ = ["bayes_path_section", "map_path_section"]


def map_path_section(page, X, y, sigma, options, out, likelihood="gaussian"):
    from ..plots import plot_path

    parts = page.section("paths", "Regularization paths")
    maps = {}
    lik = likelihood
    for family in ("gaussian", "laplace"):
        std = options.standardize
        lams = lam_grid(
            X,
            y,
            family,
            options.n_lams,
            standardize=std,
            likelihood=lik,
            sigma=sigma,
        )
        priors = priors_for(family, lams, sigma)
        table = map_path_table(
            X, y, priors, lams, sigma, standardize=std, likelihood=lik
        )
        maps[family] = table
        write_csv(out, f"path_map_{family}.csv", table)
        fig = plot_path(
            X,
            y,
            lams,
            prior=family,
            sigma=sigma,
            bayesian=False,
            standardize=std,
            likelihood=lik,
        )
        parts.append(
            figure_html(
                out,
                f"path_map_{family}.png",
                fig,
                f"MAP path, {family} prior: coefficients over {len(lams)} values "
                f"of lam (path_map_{family}.csv)",
            )
        )
    return maps


def bayes_path_section(
    page, X, y, sigma, maps, options, out, result, likelihood="gaussian"
):
    from ..plots import plot_path

    parts = page.section("bayes-path", "Bayesian regularization path (Laplace)")
    full = maps["laplace"]
    idx = np.unique(
        np.linspace(0, len(full) - 1, options.n_bayes_lams).round().astype(int)
    )
    lams = full.index.to_numpy()[idx]
    priors = priors_for("laplace", lams, sigma)
    bayes, fits = bayes_path(
        X,
        y,
        priors,
        lams,
        sigma,
        draws=options.path_draws,
        tune=options.path_draws,
        chains=options.chains,
        seed=options.seed,
        standardize=options.standardize,
        likelihood=likelihood,
    )
    write_csv(out, "path_bayes_laplace.csv", bayes, index=False)
    fig = plot_path(
        X,
        y,
        lams,
        prior="laplace",
        sigma=sigma,
        idatas=fits,
        prob=0.9,
        standardize=options.standardize,
        likelihood=likelihood,
    )
    parts.append(
        figure_html(
            out,
            "path_bayes_laplace.png",
            fig,
            f"left: MAP (lasso) path; right: posterior median and central 90% "
            f"band at {len(lams)} values of lam ({options.chains} x "
            f"{options.path_draws} draws each, sampler "
            f"{fits[0].posterior.attrs['sampler']}; path_bayes_laplace.csv)",
        )
    )
    per_lam, notes = path_diagnostics(bayes, fits)
    parts.append(
        table_html(
            per_lam,
            "diagnostics per lam: max R-hat, min ESS bulk and tail, divergences; "
            f"flag: the checks that fail ({thresholds_text()})",
        )
    )
    if notes:
        flagged = ", ".join(
            fmt_num(lam, 6) for lam in per_lam.index[per_lam["flag"] != ""]
        )
        parts.append(
            note(
                f"{len(notes)} of {len(per_lam)} lams fail the checks of the main "
                f"fits (lam = {flagged}); their bands are less reliable."
            )
        )
        parts.extend(note(t) for t in notes)
    else:
        parts.append(
            p(f"Every lam passes the checks of the main fits: {thresholds_text()}.")
        )
