"""The output files of ``bayesreg fit`` and ``bayesreg path``."""

from __future__ import annotations

import numpy as np

from ..io import save_idata
from ..likelihoods import get_likelihood
from ..priors import prior_class
from .format import model_repr
from .page import figure_html

__all__ = ["coef_figure", "write_fit_outputs", "write_path_outputs"]


def _new_figure(figsize):
    import matplotlib.pyplot as plt

    return plt.figure(figsize=figsize, layout="constrained")


def coef_figure(table, title):
    """Horizontal bars of the MAP coefficients, exact zeros marked."""
    t = table.drop(index="(intercept)")
    fig = _new_figure((6.0, 0.35 * len(t) + 1.2))
    ax = fig.add_subplot()
    ax.barh(t.index, t["map"], color=np.where(t["zero"], "0.7", "tab:blue"))
    for i, z in enumerate(t["zero"]):
        if z:
            ax.annotate("0", (0, i), ha="center", va="center", color="tab:red")
    ax.axvline(0, color="0.3", lw=0.8)
    ax.invert_yaxis()
    ax.set_xlabel("coefficient")
    ax.set_title(title, fontsize="medium")
    return fig


def write_fit_outputs(
    out, table, idata, prior, X, y, sigma, *, standardize=None, likelihood="gaussian"
):
    """Files of ``bayesreg fit`` (``out`` is an entered OutputDir).

    ``standardize``: as in the fit (default: the posterior's own record);
    ``likelihood``: the family of the fit.
    """
    family = get_likelihood(likelihood, "write_fit_outputs")
    table.to_csv(out.file("summary.csv"))
    written = ["summary.csv"]
    if idata is None:
        title = f"MAP, {model_repr(prior)}"
        if "quadratic" not in family.capabilities():
            title += f", {family!r}"
        fig = coef_figure(table, title)
        figure_html(out, "coef.png", fig, "MAP coefficients")
        written.append("coef.png")
        return written
    from ..plots import plot_posterior

    save_idata(idata, out.file("posterior.nc"))
    written.append("posterior.nc")
    fixed = sigma if isinstance(sigma, float) else None
    fig = plot_posterior(
        idata,
        X,
        y,
        prior,
        fixed,
        show_prior=fixed is not None,
        standardize=standardize,
        likelihood=family,
    )
    figure_html(out, "posterior.png", fig, "posterior")
    written.append("posterior.png")
    return written


def write_path_outputs(
    out,
    X,
    y,
    lams,
    table,
    family,
    sigma,
    bayes=None,
    *,
    standardize=False,
    likelihood="gaussian",
):
    """Files of ``bayesreg path``: path.csv, bayes_path.csv, path.png
    (``family``: the prior family, ``likelihood``: the data's)."""
    from ..plots import plot_path

    table.to_csv(out.file("path.csv"))
    written = ["path.csv"]
    fits = None
    if bayes is not None:
        bayes, fits = bayes
        bayes.to_csv(out.file("bayes_path.csv"), index=False)
        written.append("bayes_path.csv")
    fig = plot_path(
        X,
        y,
        lams,
        prior=prior_class(family, "write_path_outputs"),
        sigma=sigma,
        bayesian=False,
        idatas=fits,
        standardize=standardize,
        likelihood=likelihood,
    )
    figure_html(out, "path.png", fig, "regularization path")
    written.append("path.png")
    return written
