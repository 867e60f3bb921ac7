"""The ``bayesreg report``: the whole story of one data set in one HTML page.

:func:`build_report` fits the data with flat, Gaussian, Laplace and elastic-net
priors at one noise scale ``sigma`` and writes, through an
:class:`~bayesreg.io.OutputDir`:

* ``report.html``: self-contained (figures embedded as base64 PNG, inline CSS,
  no scripts, no network), opens in any browser;
* the same figures as PNG files and every table as a CSV file beside it.

Sections: data summary; settings (sigma, priors, matched penalties); MAP vs
scikit-learn equivalence tables; full posteriors (NUTS) for the Gaussian and
Laplace priors with diagnostics (R-hat, ESS, divergences); posterior vs MAP;
MAP and Bayesian regularization paths; prior densities and the classic L1/L2
pictures; timings of each step.

The functions used by the ``fit`` and ``path`` subcommands (coefficient tables,
lam grids, path tables and their output files) live here too.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io as _io
import math
import sys
import time
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .compare import check_map, penalized_equivalent
from .io import InputError, save_idata
from .map import fit_map, fit_map_path
from .priors import ElasticNet, Flat, Gaussian, Laplace

__all__ = [
    "ReportOptions",
    "ReportResult",
    "bayes_path",
    "build_report",
    "default_settings",
    "lam_grid",
    "map_path_table",
    "map_table",
]


def fmt_num(x, digits=4) -> str:
    """``x`` to ``digits`` significant digits; ``0`` (never ``-0``) when it rounds to 0.

    Positional notation for ``1e-4 <= |x| < 1e6`` (``0.0001235``, ``123500``),
    scientific outside it; ``""`` for NaN or None.
    """
    if x is None:
        return ""
    if isinstance(x, bool | np.bool_):
        return str(bool(x))
    x = float(x)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    r = float(f"{x:.{digits}g}")
    if r == 0:
        return "0"
    if 1e-4 <= abs(r) < 1e6:
        return np.format_float_positional(
            r, precision=digits, unique=False, fractional=False, trim="-"
        )
    return f"{r:.{digits}g}"


#: Parameters always shown by :func:`model_repr`, even at their default.
_ALWAYS_SHOWN = ("alpha", "l1_ratio", "C", "scale", "l1_scale", "l2_scale")


def model_repr(obj, digits=6) -> str:
    """One-line ``Name(param=value, ...)`` of a prior or scikit-learn estimator.

    Floats to ``digits`` significant digits (no float noise such as
    ``0.10000000000000005``), never wrapped over lines; parameters at their
    default are left out, except the penalty ones (``alpha``, ``l1_ratio``,
    ``C``) and a prior's scales.
    """
    import dataclasses
    import inspect

    if hasattr(obj, "get_params"):
        params = obj.get_params(deep=False)
        sig = inspect.signature(type(obj).__init__).parameters
        defaults = {k: v.default for k, v in sig.items()}
    elif dataclasses.is_dataclass(obj):
        params = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        defaults = {f.name: f.default for f in dataclasses.fields(obj)}
    else:
        return " ".join(repr(obj).split())
    args = []
    for key, value in params.items():
        default = defaults.get(key, inspect.Parameter.empty)
        try:
            same = bool(value == default)
        except (TypeError, ValueError):  # e.g. arrays
            same = False
        if same and key not in _ALWAYS_SHOWN:
            continue
        if isinstance(value, float | np.floating) and not isinstance(value, bool):
            text = fmt_num(value, digits)
        elif hasattr(value, "get_params") or dataclasses.is_dataclass(value):
            text = model_repr(value, digits)
        else:
            text = " ".join(repr(value).split())
        args.append(f"{key}={text}")
    return f"{type(obj).__name__}({', '.join(args)})"


# --------------------------------------------------------------------------
# tables shared with the fit and path subcommands


def map_table(X, y, prior, sigma, *, standardize=False):
    """``(MAPResult, DataFrame)``: one row per coefficient plus ``(intercept)``.

    Columns ``map`` (the MAP estimate, on the original scale also with
    ``standardize``, where the prior acts on the columns divided by their sd)
    and ``zero`` (an exact zero).
    """
    res = fit_map(X, y, prior, sigma, standardize=standardize)
    names = [*res.feature_names, "(intercept)"]
    table = pd.DataFrame(
        {
            "map": np.append(res.coef, res.intercept),
            "zero": np.append(res.coef == 0, False),
        },
        index=pd.Index(names, name="feature"),
    )
    return res, table


def describe_map(res, n_samples) -> str:
    """Text naming the prior, the matched penalty and scikit-learn estimator."""
    est = penalized_equivalent(res.prior, res.sigma, n_samples)
    l1, l2 = res.penalty.l1, res.penalty.l2
    terms = [f"{l1:.6g} ||w||_1"] if l1 else []
    terms += [f"{l2:.6g}/2 ||w||^2"] if l2 else []
    std = res.x_scale is not None
    where = " on the columns divided by their sd" if std else ""
    sk = f"StandardScaler() then {model_repr(est)}" if std else model_repr(est)
    return (
        f"MAP of {model_repr(res.prior)} with sigma={res.sigma:.6g}: minimizes "
        f"{' + '.join(['1/2||y - b0 - Xw||^2', *terms])}{where}, "
        f"i.e. scikit-learn's {sk}\n"
        f"converged: {res.converged} ({res.message}); "
        f"{int((res.coef == 0).sum())} exact zero(s)"
    )


def lam_grid(
    X, y, family, n, lam_min=None, lam_max=None, l1_ratio=0.5, *, standardize=False
):
    """Log grid of ``n`` penalties ``lam``, from strong to weak.

    Default ``lam_max``: for ``laplace`` the smallest lam with an all-zero
    MAP, ``max_j |x_j'y|`` on centred data (divided by ``l1_ratio`` for
    ``elasticnet``); for ``gaussian`` 1000 times the mean diagonal of the
    centred ``X'X``. With ``standardize`` both on the standardized columns
    (divided by their sd, ddof=0), where the penalty then acts. Default
    ``lam_min = lam_max / 1000`` (``/ 1e6`` for ``gaussian``).
    """
    if n < 2:
        raise InputError(f"--n-lams must be an integer >= 2; got {n}.")
    Xc, yc = _centred(X, y, standardize)
    if family == "gaussian":
        top = 1000.0 * float(np.mean(np.sum(Xc**2, axis=0)))
        ratio = 1e6
    else:
        top = float(np.max(np.abs(Xc.T @ yc)))
        top = top / l1_ratio if family == "elasticnet" else top
        ratio = 1e3
    for value, option in ((lam_max, "--lam-max"), (lam_min, "--lam-min")):
        if value is not None and not (math.isfinite(value) and value > 0):
            raise InputError(f"{option} must be a number in (0, inf); got {value:g}.")
    hi = lam_max if lam_max is not None else top
    lo = lam_min if lam_min is not None else hi / ratio
    if not lo < hi:
        raise InputError(f"--lam-min ({lo:g}) must be smaller than --lam-max ({hi:g}).")
    return np.geomspace(hi, lo, n)


def priors_for(family, lams, sigma, l1_ratio=0.5):
    """The prior of each ``lam`` (``Prior.from_penalty``) at noise scale sigma."""
    if family == "elasticnet":
        return [ElasticNet.from_penalty(lam, sigma, l1_ratio=l1_ratio) for lam in lams]
    cls = {"gaussian": Gaussian, "laplace": Laplace}[family]
    return [cls.from_penalty(lam, sigma) for lam in lams]


def map_path_table(X, y, priors, lams, sigma, *, standardize=False) -> pd.DataFrame:
    """MAP coefficients along the path: index ``lam``, one column per feature.

    With ``standardize`` the penalty acts on the standardized columns; the
    coefficients are on the original scale.
    """
    results = fit_map_path(X, y, priors, sigma, standardize=standardize)
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
    from .posterior import sample_path

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
        )
    return path_table(lams, fits, prob), fits


def path_table(lams, fits, prob=0.9) -> pd.DataFrame:
    """The long table of :func:`bayes_path` from fits already sampled."""
    import arviz as az

    from .plots import path_summary

    med, lo, hi = path_summary(fits, prob)
    rows = []
    for i, (lam, idata) in enumerate(zip(lams, fits, strict=True)):
        coef = idata.posterior["coef"]
        rhat = az.rhat(coef)["coef"].values if coef.sizes["chain"] > 1 else None
        ess = az.ess(coef)["coef"].values
        tail = az.ess(coef, method="tail")["coef"].values
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
    from .posterior import diagnose

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


def _thresholds_text() -> str:
    """The checks of :func:`bayesreg.posterior.diagnose`, its own defaults."""
    import inspect

    from .posterior import diagnose

    params = inspect.signature(diagnose).parameters
    rhat, ess = params["rhat_max"].default, params["ess_per_chain"].default
    return (
        f"no divergences, R-hat <= {rhat:g}, bulk and tail ESS >= {ess:g} per chain, "
        "as bayesreg.posterior.diagnose checks"
    )


# --------------------------------------------------------------------------
# figures


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


# --------------------------------------------------------------------------
# the HTML page

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;
color:#222;background:#fafafa;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:1em 2em 4em;background:#fff}
h1{border-bottom:2px solid #2a6;padding-bottom:.3em}
h2{margin-top:2em;border-bottom:1px solid #ddd}
nav ol{columns:2}
table.tbl{border-collapse:collapse;font-size:.85em;margin:.6em 0 1.2em}
table.tbl th,table.tbl td{border:1px solid #ccc;padding:2px 8px;text-align:right}
table.tbl th{background:#f0f0f0}
table.tbl tr:nth-child(even) td{background:#fbfbfb}
figure{margin:1em 0;overflow-x:auto}
figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85em;color:#555}
.ok{color:#075;font-weight:bold}
.bad{color:#b00;font-weight:bold}
.note{background:#fff8e0;border-left:4px solid #e0b000;padding:.4em .8em}
code{background:#f3f3f3;padding:0 .2em}
"""


class Page:
    """A list of sections rendered as one self-contained HTML document."""

    def __init__(self, title):
        self.title = title
        self.sections = []  # (anchor, heading, [html parts])

    def section(self, anchor, heading):
        """Start a section; return the list its HTML parts are appended to."""
        parts = []
        self.sections.append((anchor, heading, parts))
        return parts

    def render(self) -> str:
        toc = "".join(
            f'<li><a href="#{a}">{html.escape(h)}</a></li>' for a, h, _ in self.sections
        )
        body = "\n".join(
            f'<section id="{a}"><h2>{html.escape(h)}</h2>\n'
            + "\n".join(p)
            + "</section>"
            for a, h, p in self.sections
        )
        return (
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(self.title)}</title><style>{_CSS}</style></head>"
            f"<body><main><h1>{html.escape(self.title)}</h1>"
            f"<nav><ol>{toc}</ol></nav>\n{body}\n</main></body></html>\n"
        )


def p(text) -> str:
    """An escaped paragraph."""
    return f"<p>{html.escape(text)}</p>"


def note(text) -> str:
    return f'<p class="note">{html.escape(text)}</p>'


def badge(ok) -> str:
    return (
        '<span class="ok">agree</span>' if ok else '<span class="bad">DISAGREE</span>'
    )


def table_html(df, caption=None, index=True, digits=4) -> str:
    """A DataFrame as an HTML table (numbers to ``digits`` significant digits)."""
    if df.index.dtype.kind == "f":  # e.g. lam: significant digits, not 6 decimals
        labels = [fmt_num(v, 6) for v in df.index]
        df = df.set_axis(pd.Index(labels, name=df.index.name), axis=0)
    text = df.to_html(
        classes="tbl",
        border=0,
        float_format=lambda x: fmt_num(x, digits),
        index=index,
        na_rep="",
    )
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{text}{cap}</figure>"


def figure_html(out, name, fig, caption) -> str:
    """Save ``fig`` as ``name`` (PNG) in ``out``; return an embedding <figure>."""
    import matplotlib.pyplot as plt

    buf = _io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=110)
    finally:
        plt.close(fig)
    data = buf.getvalue()
    out.file(name).write_bytes(data)
    b64 = base64.b64encode(data).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{b64}" alt="{html.escape(caption)}">'
        f"<figcaption>{html.escape(caption)} (<code>{html.escape(name)}</code>)"
        "</figcaption></figure>"
    )


def write_csv(out, name, df, index=True):
    df.to_csv(out.file(name), index=index)


# --------------------------------------------------------------------------
# settings


@dataclass
class ReportOptions:
    """Settings of :func:`build_report` (``None``: chosen from the data)."""

    sigma: float | None = None
    gaussian_scale: float | None = None
    laplace_scale: float | None = None
    draws: int = 500
    tune: int = 500
    chains: int = 4
    seed: int = 0
    n_lams: int = 40
    n_bayes_lams: int = 8
    path_draws: int = 300
    #: Penalize the columns divided by their sd (ddof=0); coefficients are
    #: reported on the original scale.
    standardize: bool = True


def default_settings(X, y, options, *, standardize=None):
    """``(sigma, note, priors)`` with the default choices stated in ``note``.

    * ``sigma``: :func:`bayesreg.sigma.default_sigma` (the least-squares
      residual sd; the sd of ``y`` when that is not defined);
    * Gaussian scale ``tau`` with ``lam2 = sigma^2/tau^2`` equal to 0.1 times
      the mean diagonal of the centred ``X'X``;
    * Laplace scale ``b`` with ``lam1 = sigma^2/b`` equal to 0.1 times
      ``max_j |x_j'y|``, one tenth of the smallest all-zero lasso penalty;
    * elastic net: ``ElasticNet.from_penalty(lam1, sigma, l1_ratio=0.5)``, an
      even mix, ``l1 = l2 = lam1 / 2``.

    With ``standardize`` (default ``options.standardize``) ``X'X`` and ``X'y``
    are those of the standardized columns (centred, divided by their sd), on
    which the penalty then acts.
    """
    from .sigma import default_sigma

    if standardize is None:
        standardize = getattr(options, "standardize", False)
    notes = []
    sigma = options.sigma
    if sigma is None:
        sigma, how = default_sigma(np.asarray(X, dtype=float), np.asarray(y, float))
        notes.append(how)
    else:
        notes.append(f"sigma = {sigma:.6g} (given)")
    Xc, yc = _centred(X, y, standardize)
    cols = "standardized X" if standardize else "centred X"
    lam2 = 0.1 * float(np.mean(np.sum(Xc**2, axis=0)))
    lam1 = 0.1 * float(np.max(np.abs(Xc.T @ yc)))
    if options.gaussian_scale is not None:
        gaussian = Gaussian(scale=options.gaussian_scale)
    else:
        gaussian = Gaussian.from_penalty(lam2, sigma)
        notes.append(
            f"Gaussian scale tau = {gaussian.scale:.6g}: lam = sigma^2/tau^2 = "
            f"{lam2:.6g}, 0.1 x mean diagonal of X'X ({cols})"
        )
    if options.laplace_scale is not None:
        laplace = Laplace(scale=options.laplace_scale)
    else:
        laplace = Laplace.from_penalty(lam1, sigma)
        notes.append(
            f"Laplace scale b = {laplace.scale:.6g}: lam = sigma^2/b = {lam1:.6g}, "
            f"0.1 x max|x_j'y| ({cols}; max|x_j'y| is the smallest lam giving "
            "all zeros)"
        )
    lam = laplace.penalty(sigma).l1
    enet = ElasticNet.from_penalty(lam, sigma, l1_ratio=0.5)
    notes.append(
        f"elastic net: the Laplace lam = {lam:.6g} split evenly, l1 = l2 = "
        f"{lam / 2:.6g} (ElasticNet.from_penalty(lam, sigma, l1_ratio=0.5), "
        "scikit-learn's l1_ratio = 0.5)"
    )
    priors = {"flat": Flat(), "gaussian": gaussian, "laplace": laplace}
    priors["elasticnet"] = enet
    return float(sigma), notes, priors


def _centred(X, y, standardize=False):
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


# --------------------------------------------------------------------------
# the report


@dataclass
class ReportResult:
    """What :func:`build_report` found: checks, timings, omitted sections."""

    checks: list = field(default_factory=list)  # (name, ok, text)
    diagnostics: list = field(default_factory=list)  # (name, [messages])
    timings: list = field(default_factory=list)  # (step, seconds)
    omitted: list = field(default_factory=list)  # (section, reason)

    @property
    def ok(self) -> bool:
        """True when every MAP agrees with its scikit-learn fit."""
        return all(ok for _, ok, _ in self.checks)

    def text_summary(self) -> str:
        lines = ["MAP vs scikit-learn:"]
        lines += [
            f"  {name:<11} {'agree' if ok else 'DISAGREE'}  {t}"
            for name, ok, t in self.checks
        ]
        for name, msgs in self.diagnostics:
            state = "; ".join(msgs) if msgs else "no problems (R-hat, ESS, divergences)"
            lines.append(f"posterior {name}: {state}")
        for section, reason in self.omitted:
            lines.append(f"omitted: {section} ({reason})")
        total = sum(t for _, t in self.timings)
        lines.append(f"total time: {total:.1f} s")
        return "\n".join(lines)


class _Steps:
    """Times each step and shows progress (tqdm on stderr)."""

    def __init__(self, names, progress):
        from tqdm.auto import tqdm

        self.bar = tqdm(
            total=len(names),
            unit="step",
            file=sys.stderr,
            disable=not progress,
            bar_format="bayesreg report {n}/{total} |{bar:20}| {elapsed} {desc}",
        )
        self.times = []

    @contextlib.contextmanager
    def __call__(self, name):
        self.bar.set_description_str(name)
        t0 = time.perf_counter()
        yield
        self.times.append((name, time.perf_counter() - t0))
        self.bar.update()

    def close(self):
        self.bar.set_description_str("done")
        self.bar.close()


def _available(module, name=None):
    """The attribute ``name`` of ``bayesreg.<module>``, or None if absent."""
    import importlib

    try:
        mod = importlib.import_module(f"bayesreg.{module}")
    except ImportError:
        return None
    return mod if name is None else getattr(mod, name, None)


_STEPS = (
    "data summary",
    "MAP vs scikit-learn",
    "posterior gaussian",
    "posterior laplace",
    "posterior vs MAP",
    "MAP paths",
    "Bayesian path",
    "prior densities",
    "L1/L2 pictures",
)


def build_report(X, y, source, out, options=None, progress=True) -> ReportResult:
    """Fit, sample and draw everything; write the files through ``out``.

    Parameters
    ----------
    X : DataFrame of shape (n_samples, n_features), numeric
    y : Series of shape (n_samples,)
    source : str
        Name of the data shown in the report.
    out : bayesreg.io.OutputDir
        Entered output directory (files are staged, moved on success).
    options : ReportOptions, optional
    progress : bool
        Show a progress bar on stderr.

    Returns
    -------
    ReportResult
    """
    options = options or ReportOptions()
    result = ReportResult()
    page = Page(f"bayesreg report: {source}")
    steps = _Steps(_STEPS, progress)
    sigma, notes, priors = default_settings(X, y, options)
    n = X.shape[0]

    with steps("data summary"):
        _data_section(page, X, y, source, out, options.standardize)
        _settings_section(page, sigma, notes, priors, n, options)
    with steps("MAP vs scikit-learn"):
        _equivalence_section(
            page, X, y, sigma, priors, out, result, options.standardize
        )
    fits = {}
    sample = _available("posterior", "sample_posterior")
    summarize = _available("summary", "summary")
    post_parts = page.section("posterior", "Full posteriors (NUTS)")
    for name in ("gaussian", "laplace"):
        with steps(f"posterior {name}"):
            if sample is None or summarize is None:
                continue
            fits[name] = _posterior(
                post_parts, X, y, sigma, priors[name], name, options, out, result
            )
    if not fits:
        _omit(post_parts, result, "full posteriors", "bayesreg.posterior is missing")
    if len(fits) > 1:
        _loo(post_parts, fits, out)
    with steps("posterior vs MAP"):
        _posterior_vs_map_section(
            page, X, y, sigma, fits, out, result, options.standardize
        )
    with steps("MAP paths"):
        maps = _map_path_section(page, X, y, sigma, options, out)
    with steps("Bayesian path"):
        _bayes_path_section(page, X, y, sigma, maps, options, out, result)
    with steps("prior densities"):
        _prior_section(page, sigma, priors, out, result)
    with steps("L1/L2 pictures"):
        _didactic_section(page, out, result)
    steps.close()
    result.timings = steps.times
    _timings_section(page, result.timings, out)
    out.file("report.html").write_text(page.render(), encoding="utf-8")
    return result


def _omit(parts, result, section, reason):
    result.omitted.append((section, reason))
    parts.append(note(f"This section is omitted: {reason}."))


def _data_section(page, X, y, source, out, standardize=False):
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


def _settings_section(page, sigma, notes, priors, n, options):
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


def _equivalence_section(page, X, y, sigma, priors, out, result, standardize):
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


def _posterior(parts, X, y, sigma, prior, name, options, out, result):
    from .posterior import diagnose, sample_posterior
    from .summary import summary

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
        )
    elapsed = time.perf_counter() - t0
    table = summary(idata, X=X, y=y, prior=prior, sigma=sigma)
    write_csv(out, f"posterior_{name}.csv", table)
    msgs = diagnose(idata)
    result.diagnostics.append((name, msgs))
    div = int(idata.sample_stats["diverging"].sum())
    diag = pd.DataFrame(
        {
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
        parts.append(p(f"Passes the checks: {_thresholds_text()}."))
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
    """The columns of a :func:`bayesreg.summary.summary` that fit the page."""
    cols = [c for c in _POSTERIOR_COLUMNS if c in table]
    return table[cols].rename(columns=_POSTERIOR_COLUMNS)


def _loo(parts, fits, out):
    """PSIS-LOO comparison of the sampled priors (ArviZ, via compare_loo)."""
    from .posterior import compare_loo

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


def _posterior_vs_map_section(page, X, y, sigma, fits, out, result, standardize):
    from .plots import plot_posterior, plot_predictive

    parts = page.section("posterior-vs-map", "Posterior vs MAP")
    if not fits:
        _omit(parts, result, "posterior vs MAP", "no posterior was sampled")
        return
    parts.append(
        p(
            "Each panel: the posterior density of one coefficient with its 94% "
            "HDI, the prior density, the MAP (solid line) and the matched "
            "scikit-learn fit (dashed). With the Laplace prior the MAP sits at "
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
        )
        parts.append(
            figure_html(
                out,
                f"posterior_vs_map_{name}.png",
                fig,
                f"{name} prior: posterior densities, prior, MAP and scikit-learn",
            )
        )
    name = "laplace" if "laplace" in fits else next(iter(fits))
    max_bars = 50
    fig = plot_predictive(
        fits[name]["idata"], X, y, prior=fits[name]["prior"], max_bars=max_bars
    )
    shown = (
        "each observation's interval against its observed value"
        if len(y) <= max_bars
        else f"the {len(y)} observations sorted by predicted median: the band is "
        "their interval, the dots the observed values (red: outside)"
    )
    parts.append(
        figure_html(
            out,
            "posterior_predictive.png",
            fig,
            f"{name} prior, sigma = {sigma:.4g}: posterior predictive median and 90% "
            f"interval of a new observation; {shown}",
        )
    )


def _map_path_section(page, X, y, sigma, options, out):
    from .plots import plot_path

    parts = page.section("paths", "Regularization paths")
    maps = {}
    for family in ("gaussian", "laplace"):
        std = options.standardize
        lams = lam_grid(X, y, family, options.n_lams, standardize=std)
        priors = priors_for(family, lams, sigma)
        table = map_path_table(X, y, priors, lams, sigma, standardize=std)
        maps[family] = table
        write_csv(out, f"path_map_{family}.csv", table)
        fig = plot_path(
            X, y, lams, prior=family, sigma=sigma, bayesian=False, standardize=std
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


def _bayes_path_section(page, X, y, sigma, maps, options, out, result):
    from .plots import plot_path

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
    )
    parts.append(
        figure_html(
            out,
            "path_bayes_laplace.png",
            fig,
            f"left: MAP (lasso) path; right: posterior median and central 90% "
            f"band at {len(lams)} values of lam ({options.chains} x "
            f"{options.path_draws} draws each, one compiled model; "
            "path_bayes_laplace.csv)",
        )
    )
    per_lam, notes = path_diagnostics(bayes, fits)
    parts.append(
        table_html(
            per_lam,
            "diagnostics per lam: max R-hat, min ESS bulk and tail, divergences; "
            f"flag: the checks that fail ({_thresholds_text()})",
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
            p(f"Every lam passes the checks of the main fits: {_thresholds_text()}.")
        )


def _prior_section(page, sigma, priors, out, result):
    parts = page.section("priors", "Prior densities")
    plot = _available("plots", "plot_prior_densities")
    if plot is None:
        _omit(parts, result, "prior densities", "bayesreg.plots is missing")
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


def _didactic_section(page, out, result):
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
        plot = _available("plots", func)
        if plot is None:
            missing.append(func)
            continue
        parts.append(figure_html(out, name, plot(), caption))
    if missing:
        _omit(parts, result, "L1/L2 pictures", f"missing: {', '.join(missing)}")


def _timings_section(page, timings, out):
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


# --------------------------------------------------------------------------
# outputs of fit and path


def write_fit_outputs(out, table, idata, prior, X, y, sigma, *, standardize=None):
    """Files of ``bayesreg fit`` (``out`` is an entered OutputDir).

    ``standardize``: as in the fit (default: the posterior's own record).
    """
    table.to_csv(out.file("summary.csv"))
    written = ["summary.csv"]
    if idata is None:
        fig = coef_figure(table, f"MAP, {model_repr(prior)}")
        figure_html(out, "coef.png", fig, "MAP coefficients")
        written.append("coef.png")
        return written
    from .plots import plot_posterior

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
    )
    figure_html(out, "posterior.png", fig, "posterior")
    written.append("posterior.png")
    return written


def write_path_outputs(
    out, X, y, lams, table, family, sigma, bayes=None, *, standardize=False
):
    """Files of ``bayesreg path``: path.csv, bayes_path.csv, path.png."""
    from .plots import plot_path

    table.to_csv(out.file("path.csv"))
    written = ["path.csv"]
    fits = None
    if bayes is not None:
        bayes, fits = bayes
        bayes.to_csv(out.file("bayes_path.csv"), index=False)
        written.append("bayes_path.csv")
    cls = {"gaussian": Gaussian, "laplace": Laplace, "elasticnet": ElasticNet}
    fig = plot_path(
        X,
        y,
        lams,
        prior=cls[family],
        sigma=sigma,
        bayesian=False,
        idatas=fits,
        standardize=standardize,
    )
    figure_html(out, "path.png", fig, "regularization path")
    written.append("path.png")
    return written
