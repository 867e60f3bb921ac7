"""The report's horseshoe prior and its sparse summaries (SAVS, ranks, the
coefficient plot), next to the lasso's."""

from __future__ import annotations

import pandas as pd

from .page import figure_html, omit, p, table_html, write_csv

__all__ = ["horseshoe_prior", "sparse_section"]

#: The horseshoe of the report: ``tau ~ HalfCauchy(1)`` relative to sigma.
HORSESHOE = ("horseshoe", {"scale": 1.0, "relative": True})


def horseshoe_prior(sigma, likelihood):
    """The report's horseshoe and the sampler ``auto`` picks for it, or
    ``(None, reason)`` when the family is not registered or only a NUTS
    sampler takes it (a cold compile the report does not pay here)."""
    from ..noise import FixedSigma
    from ..posterior.samplers import REGISTRY
    from ..priors import REGISTRY as PRIORS

    name, kw = HORSESHOE
    if name not in PRIORS:
        return None, f"no prior family {name!r} is registered"
    prior = PRIORS[name](**kw)
    chosen = REGISTRY["auto"].resolve(prior, FixedSigma(sigma), likelihood)
    if not chosen.requires and not chosen.iid:
        return None, (
            f"only a general sampler ({chosen.name}) takes it with likelihood "
            f"{likelihood!r}; sample_posterior(..., {prior!r}) draws it"
        )
    return prior, None


def sparse_section(page, fits, out, result):
    """SAVS estimate, inclusion frequency and BayesReg rank of each
    coefficient for the sparse priors (Laplace, horseshoe), and their
    coefficient plots."""
    import matplotlib.pyplot as plt

    from ..plots import plot_coefficients
    from ..sparse import sparse_summary

    parts = page.section("sparse", "Sparse summaries of the posterior")
    names = [n for n in ("laplace", "horseshoe") if n in fits]
    if not names:
        omit(parts, result, "sparse summaries", "no sparse prior was sampled")
        return
    parts.append(
        p(
            "No posterior mean is exactly zero. SAVS (Ray & Bhattacharya 2018) "
            "thresholds the posterior mean of the standardized coefficients "
            "v_j: sign(v_j) (|v_j| n - 1/v_j^2)_+ / n; 'inclusion' is the "
            "fraction of draws that SAVS keeps; 'rank' is BayesReg's: the 75th "
            "percentile of each variable's rank by |v_j| over the draws."
        )
    )
    tables = []
    for name in names:
        t = sparse_summary(fits[name]["idata"])
        t.columns = pd.MultiIndex.from_product([[name], t.columns])
        tables.append(t)
    table = pd.concat(tables, axis=1)
    flat = table.copy()
    flat.columns = [f"{a} {b}" for a, b in table.columns]
    write_csv(out, "sparse_summary.csv", flat)
    kept = {n: int((table[(n, "savs")] != 0).sum()) for n in names}
    parts.append(
        table_html(
            flat,
            "posterior mean, SAVS estimate (original units), inclusion "
            "frequency and rank per prior; SAVS keeps "
            + ", ".join(f"{v} of {len(flat)} ({n})" for n, v in kept.items())
            + "; sparse_summary.csv",
        )
    )
    fig, axes = plt.subplots(
        1, len(names), figsize=(6.2 * len(names), 4.2), layout="constrained"
    )
    axes = [axes] if len(names) == 1 else list(axes)
    for ax, name in zip(axes, names, strict=True):
        plot_coefficients(fits[name]["idata"], top=20, ax=ax)
        ax.set_title(f"{name}: {ax.get_title()}", fontsize=9)
    parts.append(
        figure_html(
            out,
            "coefficients_sparse.png",
            fig,
            "posterior median and 90% interval of the standardized coefficients, "
            "the 20 largest by |median| (the rest summarized in one row)",
        )
    )
