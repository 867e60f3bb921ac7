"""Sections of the report on the full posteriors: diagnostics, PSIS-LOO, and
the posterior next to the MAP."""

from __future__ import annotations

import html
import time
import warnings

import pandas as pd

from .format import fmt_num, model_repr
from .page import figure_html, note, omit, p, table_html, write_csv
from .tables import thresholds_text

__all__ = [
    "loo_section",
    "posterior_display",
    "posterior_fit",
    "posterior_vs_map_section",
]


def posterior_fit(
    parts, X, y, sigma, prior, name, options, out, result, likelihood="gaussian"
):
    from ..posterior import diagnose, sample_posterior
    from ..summaries import summary

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # diagnose() below reports them
        idata = sample_posterior(
            X,
            y,
            prior,
            sigma,
            draws=options.draws,
            tune=options.tune,
            chains=options.chains,
            random_seed=options.seed,
            standardize=options.standardize,
            likelihood=likelihood,
        )
    elapsed = time.perf_counter() - t0
    # a prior without a density (horseshoe) has no MAP column
    shown_prior = prior if prior.has_density else None
    table = summary(
        idata, X=X, y=y, prior=shown_prior, sigma=sigma, likelihood=likelihood
    )
    write_csv(out, f"posterior_{name}.csv", table)
    msgs = diagnose(idata)
    result.diagnostics.append((name, msgs))
    div = int(idata.sample_stats["diverging"].sum())
    diag = pd.DataFrame(
        {
            "sampler": [idata.posterior.attrs["sampler"]],
            "chains x draws": [f"{options.chains} x {options.draws}"],
            "divergences": [div],
            "max R-hat": [float(table["r_hat"].max())],
            "min ESS bulk": [float(table["ess_bulk"].min())],
            "min ESS tail": [float(table["ess_tail"].min())],
            "seconds": [elapsed],
        }
    )
    parts.append(f"<h3>{html.escape(name)}: {html.escape(model_repr(prior))}</h3>")
    parts.append(
        table_html(diag, "diagnostics (ArviZ: rank-normalized R-hat, ESS)", False)
    )
    if msgs:
        parts.extend(note(m) for m in msgs)
    else:
        parts.append(p(f"Passes the checks: {thresholds_text()}."))
    zeros = int((table["map"] == 0).sum()) if "map" in table else 0
    eps_std = table.attrs.get("eps_std")
    eps = (
        f"eps_j = {fmt_num(eps_std)} x sd(y) / sd(x_j), a change of one sd in x_j "
        f"moving y by {fmt_num(100 * eps_std)}% of its sd"
        if eps_std is not None
        else "eps given"
    )
    caption = (
        f"mean, sd, 94% HDI, R-hat, bulk ESS, P(|w_j| > eps_j) with {eps}, the "
        "MAP and the matched scikit-learn fit ('penalized'); eps, median, MCSE, "
        f"tail ESS in posterior_{name}.csv"
    )
    if shown_prior is None:
        caption = caption.replace(
            "the MAP and the matched scikit-learn fit ('penalized')",
            "no MAP (the prior's density has a pole at 0)",
        )
    if zeros:
        caption += (
            f". The MAP has {zeros} exact zero(s); no posterior mean is exactly "
            "zero: sparsity is a property of the mode, not of the posterior."
        )
    parts.append(table_html(posterior_display(table), caption))
    return {"idata": idata, "summary": table, "prior": prior}


#: Columns of a posterior summary shown in the HTML (the CSV has them all).
_POSTERIOR_COLUMNS = {
    "mean": "mean",
    "sd": "sd",
    "hdi_low": "HDI low",
    "hdi_high": "HDI high",
    "r_hat": "R-hat",
    "ess_bulk": "ESS bulk",
    "p_abs_gt_eps": "P(|w|>eps)",
    "map": "map",
    "penalized": "penalized",
}


def posterior_display(table) -> pd.DataFrame:
    """The columns of a :func:`bayesreg.summary` that fit the page."""
    cols = [c for c in _POSTERIOR_COLUMNS if c in table]
    return table[cols].rename(columns=_POSTERIOR_COLUMNS)


def loo_section(parts, fits, out):
    """PSIS-LOO comparison of the sampled priors (ArviZ, via compare_loo)."""
    from ..posterior import compare_loo

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = compare_loo({name: f["idata"] for name, f in fits.items()})
    table = table.drop(columns=["scale"], errors="ignore")
    table.index.name = "prior"
    write_csv(out, "loo.csv", table)
    parts.append("<h3>Which prior predicts better? PSIS-LOO</h3>")
    shown = table.copy()
    if "weight" in shown:  # stacking weights like 9.99e-16 are 0 to the reader
        shown["weight"] = shown["weight"].astype(float).round(6)
    parts.append(
        table_html(
            shown,
            "expected log predictive density (leave-one-out, ArviZ), best first; "
            "elpd_diff is small compared with dse when the priors predict "
            "equally well; weights rounded to 1e-6 (loo.csv: exact)",
        )
    )
    for w in caught:  # e.g. high Pareto k; not library deprecations
        if not issubclass(w.category, DeprecationWarning | FutureWarning):
            parts.append(note(f"ArviZ: {' '.join(str(w.message).split())}"))


def _matched(prior, sigma, y, likelihood) -> bool:
    from .tables import equivalent

    return equivalent(prior, sigma, len(y), likelihood) is not None


def posterior_vs_map_section(
    page, X, y, sigma, fits, out, result, standardize, likelihood=None
):
    from ..likelihoods import Gaussian
    from ..plots import plot_posterior, plot_predictive

    lik = Gaussian() if likelihood is None else likelihood

    parts = page.section("posterior-vs-map", "Posterior vs MAP")
    if not fits:
        omit(parts, result, "posterior vs MAP", "no posterior was sampled")
        return
    parts.append(
        p(
            "Each panel: the posterior density of one coefficient with its 94% "
            "HDI, the prior density, the MAP (solid line) and the matched "
            "scikit-learn fit (dashed; where scikit-learn has one for the prior "
            "and the likelihood). With the Laplace prior the MAP sits at "
            "exactly 0 for some coefficients while the posterior spreads around it."
        )
    )
    for name, fit in fits.items():
        fig = plot_posterior(
            fit["idata"],
            X,
            y,
            fit["prior"],
            sigma,
            kind="auto",
            show_prior=True,
            standardize=standardize,
            likelihood=lik,
        )
        parts.append(
            figure_html(
                out,
                f"posterior_vs_map_{name}.png",
                fig,
                f"{name} prior: posterior densities, prior, MAP"
                + (
                    " and scikit-learn" if _matched(fit["prior"], sigma, y, lik) else ""
                ),
            )
        )
    if not lik.continuous:  # labels, counts: see "Predicted vs observed"
        return
    name = "laplace" if "laplace" in fits else next(iter(fits))
    max_bars = 50
    # a new observation has Gaussian noise; for another family: the mean only
    gaussian = "quadratic" in lik.capabilities()
    kind = "predictive" if gaussian else "mean"
    fig = plot_predictive(
        fits[name]["idata"],
        X,
        y,
        kind=kind,
        prior=fits[name]["prior"],
        max_bars=max_bars,
    )
    shown = (
        "each observation's interval against its observed value"
        if len(y) <= max_bars
        else f"the {len(y)} observations sorted by predicted median: the band is "
        "their interval, the dots the observed values (red: outside)"
    )
    what = (
        "posterior predictive median and 90% interval of a new observation"
        if gaussian
        else f"posterior median and 90% interval of the mean b0 + x'w ({lik!r}: "
        "no noise drawn, so fewer than 90% of the observations fall inside)"
    )
    parts.append(
        figure_html(
            out,
            "posterior_predictive.png",
            fig,
            f"{name} prior, sigma = {sigma:.4g}: {what}; {shown}",
        )
    )
