"""The report's section "Choosing lambda": cross-validation and the evidence
side by side, on one lam axis over the MAP path.

Three cheap choices (no sampling, well under a second on diabetes):
:func:`bayesreg.select_lambda` with ``cv`` for the Laplace and the Gaussian
prior (K = 5 unshuffled folds, the report's sigma) and ``evidence`` (type-II
maximum likelihood, sigma estimated jointly: scikit-learn's
``BayesianRidge``) for the Gaussian prior. Park & Casella's Monte Carlo EM
and the posterior of lam under a hyperprior need posterior draws; the
section says how to get them rather than running them.
"""

from __future__ import annotations

import pandas as pd

from .format import fmt_num, model_repr
from .page import available, figure_html, note, omit, p, table_html, write_csv

__all__ = ["select_section"]

#: (prior family, select_lambda method) drawn, in order
_RUNS = (("laplace", "cv"), ("gaussian", "cv"), ("gaussian", "evidence"))

_CRITERION = {
    "cv": "CV MSE at the choice",
    "evidence": "log evidence at the choice",
}


def _at_choice(sel) -> float:
    """The criterion at the chosen lam (its maximum or minimum)."""
    if sel.method == "evidence":
        return float(sel.details["log_evidence"])
    i = int(abs(sel.grid - sel.lam).argmin())
    return float(sel.criterion[i])


def select_section(page, X, y, sigma, options, out, result, likelihood="gaussian"):
    """Run the choices of :data:`_RUNS`, write ``lam_selection.csv`` and
    ``lam_selection.png``; return ``{(family, method): LambdaSelection}``."""
    from ..likelihoods import get_likelihood
    from ..priors import prior_class

    parts = page.section("choosing-lambda", "Choosing lambda")
    lik = get_likelihood(likelihood, "select_section")
    select_lambda = available("select", "select_lambda")
    if select_lambda is None:
        omit(parts, result, "choosing lambda", "bayesreg.select is missing")
        return {}
    if "quadratic" not in lik.capabilities():
        omit(
            parts,
            result,
            "choosing lambda",
            f"select_lambda chooses lam for the Gaussian likelihood; this report "
            f"fits {lik!r}",
        )
        return {}
    std = options.standardize
    sels = {}
    for family, method in _RUNS:
        base = prior_class(family).from_penalty(1.0, sigma)
        sels[family, method] = select_lambda(
            X,
            y,
            base,
            method,
            sigma=None if method == "evidence" else sigma,
            standardize=std,
        )
    rows = []
    for (family, method), sel in sels.items():
        rows.append(
            {
                "method": method,
                "prior": family,
                "lam": sel.lam,
                "sigma": sel.sigma,
                "lam (1-SE rule)": sel.lam_1se,
                "criterion": _CRITERION[method],
                "value": _at_choice(sel),
                "chosen prior": model_repr(sel.prior),
            }
        )
    table = pd.DataFrame(rows)
    write_csv(out, "lam_selection.csv", table, index=False)
    cv_l1 = sels["laplace", "cv"]
    ev = sels["gaussian", "evidence"]
    parts.append(
        p(
            "Which lam? Cross-validation chooses the penalty whose MAP predicts "
            "held-out rows best (5 unshuffled folds, as scikit-learn's LassoCV; "
            "the 1-SE rule takes the largest lam within one standard error of "
            "the best). Type-II maximum likelihood (the evidence) chooses the "
            "Gaussian prior's scale and sigma that make the data most probable, "
            "as scikit-learn's BayesianRidge. "
            f"Here cv gives the Laplace prior lam = {fmt_num(cv_l1.lam)} "
            f"(1-SE rule: {fmt_num(cv_l1.lam_1se)}) and the evidence the "
            f"Gaussian prior lam = {fmt_num(ev.lam)} with sigma = "
            f"{fmt_num(ev.sigma)}."
            + (" Penalties act on the standardized columns." if std else "")
        )
    )
    parts.append(table_html(table, "The choices (lam_selection.csv)", index=False))
    from ..plots import plot_lambda_selection

    fig = plot_lambda_selection(list(sels.values()), X, y, standardize=std)
    parts.append(
        figure_html(
            out,
            "lam_selection.png",
            fig,
            "Each criterion over lam with its choice marked (solid: minimum or "
            "maximum; dotted: 1-SE rule), and the MAP path of each prior below",
        )
    )
    parts.append(
        note(
            "Park & Casella's Monte Carlo EM (bayesreg fit --lam mcem --prior "
            "laplace --relative) and the posterior of lam under a hyperprior "
            "(select_lambda(method='hyperprior')) need posterior draws and are "
            "left out of this report to keep it fast."
        )
    )
    return sels
