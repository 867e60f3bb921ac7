"""The ``bayesreg report``: the whole story of one data set in one HTML page.

:func:`build_report` fits the data with flat, Gaussian, Laplace and elastic-net
priors at one noise scale ``sigma`` and writes, through an
:class:`~bayesreg.io.OutputDir`:

* ``report.html``: self-contained (figures embedded as base64 PNG, inline CSS,
  no scripts, no network), opens in any browser;
* the same figures as PNG files and every table as a CSV file beside it.

Sections: data summary; settings (sigma, priors, matched penalties); MAP vs
scikit-learn equivalence tables; full posteriors for the Gaussian, Laplace
and horseshoe priors (the sampler ``"auto"`` picks: closed form, Gibbs,
else NUTS) with diagnostics (R-hat, ESS, divergences); sparse summaries
(SAVS, inclusion, BayesReg ranks, coefficient plot); posterior vs MAP; MAP
and Bayesian regularization paths; choosing lambda; prior densities and the
classic L1/L2 pictures; the Gibbs posteriors next to nutpie's NUTS (run in
worker processes while the rest is built); timings of each step.

Modules: :mod:`.format` (numbers, one-line model descriptions), :mod:`.tables`
(coefficient and path tables, lam grids from the prior registry, shared with
the ``fit`` and ``path`` subcommands), :mod:`.outputs` (the files of ``fit``
and ``path``), :mod:`.settings` (options, default sigma and priors),
:mod:`.page` (HTML), the sections (:mod:`.sections`, :mod:`.posteriors`,
:mod:`.sparse`, :mod:`.crosscheck`, :mod:`.paths`, :mod:`.select`) and
:mod:`.build`. Nothing below the report imports it.
"""

from .build import ReportResult, build_report
from .format import fmt_num, model_repr
from .outputs import coef_figure, write_fit_outputs, write_path_outputs
from .page import Page, badge, figure_html, note, p, table_html, write_csv
from .posteriors import posterior_display
from .settings import ReportOptions, default_settings
from .tables import (
    bayes_path,
    describe_map,
    lam_grid,
    map_path_table,
    map_table,
    path_diagnostics,
    path_table,
    priors_for,
)

__all__ = [
    "Page",
    "ReportOptions",
    "ReportResult",
    "badge",
    "bayes_path",
    "build_report",
    "coef_figure",
    "default_settings",
    "describe_map",
    "figure_html",
    "fmt_num",
    "lam_grid",
    "map_path_table",
    "map_table",
    "model_repr",
    "note",
    "p",
    "path_diagnostics",
    "path_table",
    "posterior_display",
    "priors_for",
    "table_html",
    "write_csv",
    "write_fit_outputs",
    "write_path_outputs",
]
