"""Choosing lam: every criterion on one lam axis, over the MAP path.

:func:`plot_lambda_selection` draws one panel per
:class:`~bayesreg.select.LambdaSelection` (from
:func:`bayesreg.select_lambda`), stacked on a shared logarithmic lam axis,
and, given the data, the MAP path of each prior family below them:

==============  ============================================================
method          panel
==============  ============================================================
``cv``          mean cross-validated MSE with its +-1 SE band; ``lam_min``
                (solid) and ``lam_1se`` (dashed) marked
``evidence``    log evidence (sigma profiled out) over the grid
``loo``         PSIS-LOO elpd over the grid with its +-1 SE band
``mcem``        the Monte Carlo EM iterates (iteration against lam), the
                estimate +-2 Monte Carlo standard errors shaded
``hyperprior``  histogram of the posterior draws of lam (log bins), its
                median marked
==============  ============================================================

``lam`` is the package's unscaled penalty in ``1/2 ||y - Xw||^2 + lam
pen(w)``; each choice is a vertical line of its method's colour in every
panel, so the choices can be compared with each other and with the path.
"""

from __future__ import annotations

import numpy as np

from ._common import axes_for

__all__ = ["METHOD_COLORS", "plot_lambda_selection", "trace_lams"]

#: colour of each selection method (its lines in every panel)
METHOD_COLORS = {
    "cv": "tab:blue",
    "evidence": "tab:orange",
    "mcem": "tab:green",
    "loo": "tab:red",
    "hyperprior": "tab:purple",
}

_OWNER = "plot_lambda_selection"


def _as_list(selections):
    from ..select import LambdaSelection

    items = [selections] if isinstance(selections, LambdaSelection) else selections
    try:
        items = list(items)
    except TypeError:
        items = None
    if not items or not all(isinstance(s, LambdaSelection) for s in items):
        raise TypeError(
            f"The 'selections' parameter of {_OWNER} must be a LambdaSelection "
            "(from bayesreg.select_lambda) or a non-empty sequence of them. Got "
            f"{selections!r} instead."
        )
    return items


def _label(sel) -> str:
    return f"{sel.method} ({type(sel.prior).__name__})"


def trace_lams(sel):
    """``mcem``: the EM iterates as lam values (``lam`` is proportional to
    the relative rate ``1/scale`` at fixed sigma); ``hyperprior``: the draws."""
    trace = np.asarray(sel.trace, dtype=float)
    if sel.method == "mcem":
        return sel.lam * trace * sel.prior.scale
    return trace


#: line style of a choice, by the prior family's place among the selections
_FAMILY_STYLES = ("-", (0, (6, 2)), "-.", (0, (1, 1)))


def _family_key(sel):
    """The prior family and its l1 ratio: choices of one key share a lam."""
    pen = sel.prior.penalty(sel.sigma)
    return type(sel.prior), round(pen.l1 / (pen.l1 + pen.l2), 12)


def _mark(ax, sel, style):
    ax.axvline(sel.lam, color=METHOD_COLORS.get(sel.method, "k"), ls=style, lw=1.3)


def _cv_panel(ax, sel):
    c, se, g = sel.criterion, sel.criterion_se, sel.grid
    color = METHOD_COLORS["cv"]
    ax.fill_between(g, c - se, c + se, color=color, alpha=0.2, lw=0)
    ax.plot(g, c, color=color, marker=".", ms=3, lw=1.2)
    if sel.lam_1se is not None:
        ax.axvline(sel.lam_1se, color=color, ls=":", lw=1.2, label="1-SE rule")
    ax.set_ylabel("CV MSE")


def _curve_panel(ylabel):
    def panel(ax, sel):
        color = METHOD_COLORS.get(sel.method, "k")
        c = np.asarray(sel.criterion, dtype=float)
        se = sel.criterion_se
        if se is None:
            se = sel.details.get("elpd_se")  # loo: the SE of each elpd
        if se is not None:
            se = np.asarray(se, dtype=float)
            ax.fill_between(sel.grid, c - se, c + se, color=color, alpha=0.2, lw=0)
        ax.plot(sel.grid, c, color=color, marker=".", ms=3, lw=1.2)
        ax.set_ylabel(ylabel)

    return panel


def _mcem_panel(ax, sel):
    color = METHOD_COLORS["mcem"]
    lams = trace_lams(sel)
    burn = int(sel.details.get("burn", 0))
    it = np.arange(1, lams.size + 1)
    ax.plot(lams, it, color=color, lw=0.8, alpha=0.6)
    ax.scatter(lams[burn:], it[burn:], color=color, s=10, zorder=3, label="kept")
    ax.scatter(lams[:burn], it[:burn], color="0.6", s=10, zorder=3, label="burn-in")
    mc_se = sel.details.get("mc_se")
    if mc_se is not None:
        half = 2.0 * sel.lam * mc_se * sel.prior.scale
        ax.axvspan(sel.lam - half, sel.lam + half, color=color, alpha=0.2, lw=0)
    ax.set_ylabel("EM iteration")


def _hyperprior_panel(ax, sel):
    lams = trace_lams(sel)
    lams = lams[np.isfinite(lams) & (lams > 0)]
    bins = np.geomspace(lams.min(), lams.max(), 40) if lams.min() < lams.max() else 10
    ax.hist(lams, bins=bins, density=True, color=METHOD_COLORS["hyperprior"], alpha=0.5)
    ax.set_ylabel("posterior of lam")


_PANELS = {
    "cv": _cv_panel,
    "evidence": _curve_panel("log evidence"),
    "loo": _curve_panel("LOO elpd"),
    "mcem": _mcem_panel,
    "hyperprior": _hyperprior_panel,
}


def _families(items):
    """``{family key: first selection of it}``, in order."""
    seen = {}
    for sel in items:
        seen.setdefault(_family_key(sel), sel)
    return seen


def _lam_span(items):
    lo, hi = np.inf, 0.0
    for sel in items:
        values = [sel.lam]
        if sel.grid is not None:
            values += [np.min(sel.grid), np.max(sel.grid)]
        if sel.trace is not None and sel.method in ("mcem", "hyperprior"):
            lams = trace_lams(sel)
            values += [np.min(lams), np.max(lams)]
        lo, hi = min(lo, *values), max(hi, *values)
    return lo, hi


def _path_panel(ax, sel, X, y, lams, fit_intercept, standardize):
    from ..map import fit_map_path
    from ..select._common import prior_at

    priors = [prior_at(sel.prior, lam, sel.sigma) for lam in lams]
    fits = fit_map_path(X, y, priors, sel.sigma, fit_intercept, standardize=standardize)
    coef = np.array([f.coef for f in fits])
    names = fits[0].feature_names
    for j, name in enumerate(names):
        ax.plot(lams, coef[:, j], color=f"C{j % 10}", lw=1.2, label=name)
    ax.axhline(0.0, color="0.6", lw=0.8, zorder=0)
    ax.set_ylabel(f"MAP weight ({type(sel.prior).__name__})")
    ax.legend(fontsize="xx-small", ncol=2 if len(names) > 6 else 1, loc="best")


def plot_lambda_selection(
    selections,
    X=None,
    y=None,
    *,
    fit_intercept=True,
    standardize=False,
    n_path=60,
    ax=None,
):
    """The criteria of :func:`bayesreg.select_lambda` on one lam axis, each
    choice marked, over the MAP path.

    Parameters
    ----------
    selections : LambdaSelection or sequence of LambdaSelection
        One panel each, top to bottom, in the order given (see the module
        docstring for what each method draws).
    X, y : array-like, optional
        The data the selections were made on: adds, below, the MAP path
        (:func:`bayesreg.fit_map_path`, warm starts from large to small lam)
        of each prior family among the selections, at that selection's
        sigma (the MAP path in lam does not depend on sigma).
    fit_intercept, standardize : bool
        As in the selections (for the path).
    n_path : int >= 2, default 60
        Number of log-spaced lam of the path, over the span of every grid,
        draw and choice.
    ax : sequence of Axes, optional
        One per panel (``len(selections)`` plus one per family with ``X``).

    Returns
    -------
    matplotlib.figure.Figure
        Each choice is a vertical line (in ``Axes.lines``, x data ``[lam,
        lam]``) of its method's colour (:data:`METHOD_COLORS`) and its prior
        family's line style, in every panel of that family (a lam of an L1
        penalty and one of an L2 penalty are different numbers); the legend
        of the first panel names them all.
    """
    from matplotlib.ticker import NullLocator

    from .._validation import check_int

    items = _as_list(selections)
    n_path = check_int(n_path, "n_path", _OWNER, minimum=2)
    if (X is None) != (y is None):
        raise ValueError(
            f"The 'X' and 'y' parameters of {_OWNER} go together (the MAP path "
            "needs both). Got only one of them."
        )
    families = _families(items)
    styles = {k: _FAMILY_STYLES[i % 4] for i, k in enumerate(families)}
    paths = list(families.values()) if X is not None else []
    n_panels = len(items) + len(paths)
    if ax is None:
        import matplotlib.pyplot as plt

        height = 1.2 + 2.0 * n_panels
        fig, axes = plt.subplots(
            n_panels, 1, sharex=True, figsize=(7.5, height), squeeze=False
        )
        # fixed margins: a constrained layout of many log axes is slow to draw
        fig.subplots_adjust(
            left=0.12, right=0.97, top=1 - 0.35 / height, bottom=0.55 / height,
            hspace=0.32,
        )  # fmt: skip
        axes = list(axes[:, 0])
    else:
        fig, axes = axes_for(ax, n_panels, _OWNER)
    lo, hi = _lam_span(items)
    lams = np.geomspace(hi, lo, n_path)
    # each panel: its criterion or path, and the choices of its prior family
    for i, (a, sel) in enumerate(zip(axes, items + paths, strict=True)):
        key = _family_key(sel)
        if i < len(items):
            _PANELS[sel.method](a, sel)
            a.set_title(
                f"{_label(sel)}: lam = {sel.lam:.4g}, sigma = {sel.sigma:.4g}",
                fontsize="small",
                loc="left",
            )
        else:
            _path_panel(a, sel, X, y, lams, fit_intercept, standardize)
        for other in items:
            if _family_key(other) == key:
                _mark(a, other, styles[key])
        a.set_xscale("log")
    handles = [
        axes[0].plot(
            [],
            [],
            color=METHOD_COLORS.get(s.method, "k"),
            ls=styles[_family_key(s)],
            label=f"{_label(s)}: {s.lam:.4g}",
        )[0]
        for s in items
    ]
    axes[0].legend(handles=handles, fontsize="x-small", loc="best")
    axes[-1].set_xlabel("lam (penalty weight, log scale)")
    # decades only: minor ticks on many shared log axes double the drawing time
    axes[-1].xaxis.set_minor_locator(NullLocator())
    return fig
