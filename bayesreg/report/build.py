"""The report: fit, sample and draw everything; write report.html and its files."""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import time
from dataclasses import dataclass, field

from ..likelihoods import get_likelihood
from .crosscheck import CrossCheck, crosscheck_section
from .page import Page, available, omit, p
from .paths import bayes_path_section, map_path_section
from .posteriors import loo_section, posterior_fit, posterior_vs_map_section
from .sections import (
    calibration_section,
    data_section,
    didactic_section,
    equivalence_section,
    prior_section,
    settings_section,
    timings_section,
)
from .select import select_section
from .settings import ReportOptions, default_settings
from .sparse import horseshoe_prior, sparse_section

__all__ = ["ReportResult", "build_report"]


@dataclass
class ReportResult:
    """What :func:`build_report` found: checks, timings, omitted sections."""

    checks: list = field(default_factory=list)  # (name, ok, text)
    diagnostics: list = field(default_factory=list)  # (name, [messages])
    timings: list = field(default_factory=list)  # (step, seconds)
    omitted: list = field(default_factory=list)  # (section, reason)
    unmatched: list = field(default_factory=list)  # priors scikit-learn lacks
    crosschecks: list = field(default_factory=list)  # (name, ok, text)

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
        lines += [f"  {name:<11} no scikit-learn equivalent" for name in self.unmatched]
        for name, msgs in self.diagnostics:
            state = "; ".join(msgs) if msgs else "no problems (R-hat, ESS, divergences)"
            lines.append(f"posterior {name}: {state}")
        for name, ok, text in self.crosschecks:
            state = "agree" if ok else "DIFFER"
            lines.append(f"NUTS vs Gibbs, {name}: {state} ({text})")
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


_STEPS = (
    "data summary",
    "MAP vs scikit-learn",
    "posterior gaussian",
    "posterior laplace",
    "posterior horseshoe",
    "sparse summaries",
    "posterior vs MAP",
    "predicted vs observed",
    "MAP paths",
    "Bayesian path",
    "choosing lambda",
    "prior densities",
    "L1/L2 pictures",
    "NUTS vs Gibbs",
)


def build_report(X, y, source, out, options=None, progress=True) -> ReportResult:
    """Fit, sample and draw everything; write the files through ``out``.

    The sections follow the likelihood (``options.likelihood``): a family
    without a noise scale has sigma = 1 and none is stated; one that is not
    ``continuous`` (labels, counts) gets the section "Predicted vs observed"
    (calibration of the predicted means) in place of the posterior
    predictive intervals; scikit-learn's side of each comparison is there
    when :func:`bayesreg.compare.penalized_equivalent` has an estimator for
    the prior and the likelihood.

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
    check = CrossCheck()
    try:
        return _build(X, y, source, out, options, progress, check)
    finally:
        check.close()


def _build(X, y, source, out, options, progress, check) -> ReportResult:
    lik = get_likelihood(options.likelihood, "build_report")
    result = ReportResult()
    page = Page(f"bayesreg report: {source}")
    sigma, notes, priors = default_settings(X, y, options)
    horseshoe, why_not = horseshoe_prior(sigma, lik)
    skip = {"predicted vs observed"} if lik.continuous else set()
    # the posteriors drawn: the story's Gaussian and Laplace, and a horseshoe
    sampled = {k: priors[k] for k in ("gaussian", "laplace")}
    if horseshoe is not None:
        sampled["horseshoe"] = horseshoe
    else:
        skip.add("posterior horseshoe")
    # NUTS on the sparse posteriors that another sampler draws, compiled in
    # worker processes while the rest of the report runs
    checked = crosscheck_priors(sampled, sigma, lik)
    if checked:
        check.start(X, y, checked, sigma, options)
    names = [s for s in _STEPS if s not in skip]
    steps = _Steps(names, progress)
    n = X.shape[0]

    with steps("data summary"):
        data_section(page, X, y, source, out, options.standardize, lik)
        settings_section(page, sigma, notes, priors, n, options, lik)
    with steps("MAP vs scikit-learn"):
        equivalence_section(
            page, X, y, sigma, priors, out, result, options.standardize, lik
        )
    fits = {}
    sample = available("posterior", "sample_posterior")
    summarize = available("summaries", "summary")
    post_parts = page.section("posterior", "Full posteriors")
    if why_not:
        post_parts.append(p(f"No horseshoe fit: {why_not}."))
    for name in sampled:
        with steps(f"posterior {name}"):
            if sample is None or summarize is None:
                continue
            opts = options
            if name == "horseshoe":  # the global scale needs more draws
                draws = options.draws * options.horseshoe_draws_factor
                opts = dataclasses.replace(options, draws=draws)
            fits[name] = posterior_fit(
                post_parts, X, y, sigma, sampled[name], name, opts, out, result, lik
            )
    if not fits:
        omit(post_parts, result, "full posteriors", "bayesreg.posterior is missing")
    if len(fits) > 1:
        loo_section(post_parts, fits, out)
    with steps("sparse summaries"):
        sparse_section(page, fits, out, result)
    cross_parts = page.section("nuts-vs-gibbs", "Two samplers, one posterior")
    with_map = {k: f for k, f in fits.items() if f["prior"].has_density}
    with steps("posterior vs MAP"):
        posterior_vs_map_section(
            page, X, y, sigma, with_map, out, result, options.standardize, lik
        )
    if not lik.continuous:
        with steps("predicted vs observed"):
            calibration_section(
                page, X, y, sigma, priors, with_map, out, result, options, lik
            )
    with steps("MAP paths"):
        maps = map_path_section(page, X, y, sigma, options, out, lik)
    with steps("Bayesian path"):
        bayes_path_section(page, X, y, sigma, maps, options, out, result, lik)
    with steps("choosing lambda"):
        select_section(page, X, y, sigma, options, out, result, lik)
    with steps("prior densities"):
        prior_section(page, sigma, priors, out, result)
    with steps("L1/L2 pictures"):
        didactic_section(page, out, result)
    with steps("NUTS vs Gibbs"):  # last: the workers had the most time
        crosscheck_section(cross_parts, fits, check, out, result)
    steps.close()
    result.timings = steps.times
    timings_section(page, result.timings, out)
    out.file("report.html").write_text(page.render(), encoding="utf-8")
    return result


def crosscheck_priors(priors, sigma, likelihood) -> dict:
    """The Laplace and horseshoe priors that ``auto`` samples with something
    other than the NUTS sampler of the cross-check (Gibbs, here)."""
    from ..noise import FixedSigma
    from ..posterior.samplers import REGISTRY
    from .crosscheck import _NUTS

    auto = REGISTRY["auto"]
    return {
        k: priors[k]
        for k in ("laplace", "horseshoe")
        if k in priors
        and auto.resolve(priors[k], FixedSigma(sigma), likelihood).name != _NUTS
    }
