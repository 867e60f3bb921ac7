"""Two independent samplers on one posterior: PyMC's NUTS next to Gibbs.

The report's Laplace and horseshoe posteriors come from the sampler
``"auto"`` picks (Gibbs, with the Gaussian likelihood). The same models are
also sampled by nutpie (NUTS on the PyMC model) in worker processes started
when the report starts, so their compilation (the slow part, 10-20 s cold)
overlaps the rest of the report on the other core. The table puts both
posteriors side by side: means and sds per coefficient and

``z_j = (mean_gibbs - mean_nuts) / sqrt(mcse_gibbs^2 + mcse_nuts^2)``

(ArviZ's MCSE of the mean), which for two correct samplers is about standard
normal, and ``z sd``, the same for the sds (delta-method MCSE of the sd): ``|z| >
4`` or ``|z sd| > 4`` is flagged.
"""

from __future__ import annotations

import html
import time
import warnings

import numpy as np
import pandas as pd

from .format import fmt_num
from .page import note, omit, p, table_html, write_csv

__all__ = ["CrossCheck", "crosscheck_section"]

_NUTS = "nutpie"


def _nuts_job(X, y, prior, sigma, settings):
    """``(function, args, kwargs)`` of one NUTS run in a worker: the worker
    imports :mod:`bayesreg.posterior` only, not the report."""
    from ..posterior import sample_posterior

    kw = dict(sampler=_NUTS, log_likelihood=False, progressbar=False, **settings)
    return sample_posterior, (X, y, prior, sigma), kw


class CrossCheck:
    """NUTS runs of some priors, started in worker processes at once.

    ``start`` submits one job per prior (``spawn`` processes: no fork of a
    process with BLAS threads); ``result(name)`` waits for one.
    """

    def __init__(self):
        self.jobs, self.seconds, self.pool, self.error = {}, {}, None, None

    def start(self, X, y, priors, sigma, options):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        settings = dict(
            draws=options.draws,
            tune=options.tune,
            chains=options.chains,
            random_seed=options.seed,
            standardize=options.standardize,
        )
        try:
            self.pool = ProcessPoolExecutor(
                max_workers=min(2, len(priors)),
                mp_context=multiprocessing.get_context("spawn"),
            )
            for name, prior in priors.items():
                fn, args, kw = _nuts_job(X, y, prior, sigma, settings)
                future = self.pool.submit(fn, *args, **kw)
                future.add_done_callback(self._timer(name))
                self.jobs[name] = future
        except (OSError, RuntimeError) as err:  # no processes here
            self.error = f"could not start worker processes ({err})"

    def _timer(self, name):
        t0 = time.perf_counter()

        def done(_future):
            self.seconds[name] = time.perf_counter() - t0

        return done

    def result(self, name):
        """``(coef, divergences, seconds)`` of ``name`` (coef: chains, draws,
        features; seconds from submission to the end, start-up and compilation
        included), or raises its error."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SamplingWarning: shown as a table
            idata = self.jobs[name].result()
        seconds = self.seconds.get(name, float("nan"))
        coef = idata.posterior["coef"].transpose("chain", "draw", "feature").values
        return coef, int(idata.sample_stats["diverging"].sum()), seconds

    def close(self):
        """Stop the workers (at once when a job is still running: the report
        failed before it needed the result)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


def _mcse_mean_sd(coef):
    """ArviZ's MCSE of the mean of each coefficient, and of its sd by the
    delta method: ``MCSE(sd) = MCSE(mean of (w - mean)^2) / (2 sd)`` (ArviZ
    0.23's ``method="sd"`` fails with this numpy)."""
    import arviz as az

    dims = ("chain", "draw")
    dev2 = ((coef - coef.mean(dims)) ** 2).rename("coef")
    mcse = az.mcse(coef.rename("coef").to_dataset())["coef"].values
    mcse_var = az.mcse(dev2.to_dataset())["coef"].values
    return mcse, mcse_var / (2.0 * coef.std(dims).values)


def side_by_side(gibbs_idata, nuts_coef) -> pd.DataFrame:
    """Per coefficient: both means, sds, MCSEs, ``z`` and the sd ratio."""
    import xarray as xr

    g = gibbs_idata.posterior["coef"].transpose("chain", "draw", "feature")
    names = [str(v) for v in g["feature"].values]
    gv = g.values
    nuts = xr.DataArray(nuts_coef, dims=("chain", "draw", "feature"), name="coef")
    mcse_g, sd_err_g = _mcse_mean_sd(g)
    mcse_n, sd_err_n = _mcse_mean_sd(nuts)
    mg, mn = gv.mean(axis=(0, 1)), nuts_coef.mean(axis=(0, 1))
    sg, sn = gv.std(axis=(0, 1)), nuts_coef.std(axis=(0, 1))
    return pd.DataFrame(
        {
            "mean gibbs": mg,
            "mean nuts": mn,
            "sd gibbs": sg,
            "sd nuts": sn,
            "z": (mg - mn) / np.hypot(mcse_g, mcse_n),
            "z sd": (sg - sn) / np.hypot(sd_err_g, sd_err_n),
            "sd ratio": sg / sn,
        },
        index=pd.Index(names, name="feature"),
    )


def crosscheck_section(parts, fits, check, out, result):
    """The side-by-side tables (appended to ``parts``, a page section) of the
    fits that ``check`` also ran by NUTS."""
    if check.error or not check.jobs:
        why = check.error or (
            f"every posterior here is drawn by {_NUTS} (NUTS) already; the "
            "check compares it with a Gibbs sampler, which needs the Gaussian "
            "likelihood"
        )
        omit(parts, result, "NUTS vs Gibbs", why)
        return
    parts.append(
        p(
            "The same posteriors drawn by a second, independent sampler: "
            "nutpie's NUTS on the PyMC model, next to the draws above. "
            "z = (mean difference) / sqrt(MCSE_1^2 + MCSE_2^2) is about "
            "standard normal when both are right, as is 'z sd', the same for the "
            "sds (MCSE of the sd); |z| > 4 or |z sd| > 4 is flagged."
        )
    )
    for name in check.jobs:
        fit = fits.get(name)
        try:
            coef, div, seconds = check.result(name)
        except Exception as err:
            omit(parts, result, f"NUTS for {name}", f"{type(err).__name__}: {err}")
            continue
        if fit is None:
            continue
        sampler = fit["idata"].posterior.attrs.get("sampler", "?")
        table = side_by_side(fit["idata"], coef)
        table.columns = [
            c.replace("gibbs", sampler).replace("nuts", _NUTS) for c in table.columns
        ]
        write_csv(out, f"nuts_vs_{sampler}_{name}.csv", table)
        bad = (table["z"].abs() > 4) | (table["z sd"].abs() > 4)
        ratio = table["sd ratio"]
        result.crosschecks.append(
            (
                name,
                not bad.any(),
                f"{sampler} and {_NUTS}: max |z| = {table['z'].abs().max():.2f} "
                f"(means), {table['z sd'].abs().max():.2f} (sds), sd ratios "
                f"{ratio.min():.2f}-{ratio.max():.2f}, "
                f"{div} NUTS divergences",
            )
        )
        shown = table.copy()
        shown["flag"] = np.where(bad, "check", "")
        parts.append(f"<h3>{html.escape(f'{name}: {sampler} vs {_NUTS}')}</h3>")
        parts.append(
            table_html(
                shown,
                f"posterior mean and sd per coefficient from {sampler} and from "
                f"{_NUTS} ({coef.shape[0]} x {coef.shape[1]} draws, "
                f"{div} divergences, {fmt_num(seconds)} s in a worker process, "
                f"start-up and compilation included); nuts_vs_{sampler}_{name}.csv",
            )
        )
        if div:
            parts.append(
                note(
                    f"{_NUTS} reported {div} divergences for {name}: its draws "
                    "may miss the narrow regions of the posterior (the funnel of "
                    "small global scales), which a Gibbs sampler has no trouble "
                    "with; the agreement of the means is then the weaker check."
                )
            )
        if bad.any():
            parts.append(
                note(
                    f"{int(bad.sum())} coefficient(s) differ by more than the "
                    "Monte Carlo error allows; more draws, or a look at the "
                    "diagnostics of both, will tell which sampler is off."
                )
            )
