"""Convergence checks of a Markov chain run, as sentences saying what to try."""

from __future__ import annotations

import numpy as np

from . import convergence

__all__ = ["SamplingWarning", "diagnose"]


class SamplingWarning(UserWarning):
    """Divergences, R-hat above 1.01 or a low effective sample size."""


def diagnose(idata, rhat_max=1.01, ess_per_chain=100) -> list[str]:
    """Problems with a NUTS run, each as a sentence saying what to try.

    Checks divergences, ``R-hat > rhat_max`` and bulk or tail ESS below
    ``ess_per_chain`` times the number of chains (ArviZ's diagnostics; the
    thresholds of Vehtari et al. 2021), computed for all scalars at once by
    :mod:`.convergence` (the same numbers as ArviZ's). Returns an empty list if
    all is well.
    """
    msgs = []
    post = idata.posterior
    n_chains, n_draws = post.sizes["chain"], post.sizes["draw"]
    if "sample_stats" in idata.groups() and "diverging" in idata.sample_stats:
        n_div = int(idata.sample_stats["diverging"].sum())
        if n_div:
            msgs.append(
                f"{n_div} of {n_chains * n_draws} draws ended in a divergence: the "
                "posterior is hard for NUTS there and may be biased. Try a larger "
                "tune, a prior scale relative to sigma, or a less heavy hyperprior."
            )
    vars_ = [v for v in post.data_vars if post[v].dtype.kind == "f"]
    rhat, bulk, tail = _per_variable(post, vars_)
    if n_chains >= 2:
        worst = max(vars_, key=lambda v: rhat[v])
        r = rhat[worst]
        if r > rhat_max:
            msgs.append(
                f"R-hat of {worst!r} is {r:.3f} > {rhat_max}: the chains disagree. "
                "Run more tune and draws, or check the model for multimodality."
            )
    need = ess_per_chain * n_chains
    for method, ess in (("bulk", bulk), ("tail", tail)):
        worst = min(vars_, key=lambda v: ess[v])
        e = ess[worst]
        if e < need:
            msgs.append(
                f"{method} ESS of {worst!r} is {e:.0f} < {need} "
                f"({ess_per_chain} per chain): increase draws (or tune)."
            )
    return msgs


def _per_variable(post, vars_):
    """Largest R-hat, smallest bulk and tail ESS of each variable, as dicts.

    :func:`.convergence.rhat_ess` runs once on the variables of one dtype side
    by side, as ``(chain, draw, k)``; the reductions skip NaN (NaN if all are),
    as xarray's ``.max()`` and ``.min()`` on ArviZ's results do.
    """
    arrays = {v: post[v].transpose("chain", "draw", ...).values for v in vars_}
    out = ({}, {}, {})
    for dtype in {a.dtype for a in arrays.values()}:
        names = [v for v in vars_ if arrays[v].dtype == dtype]
        flat = [arrays[v].reshape(*arrays[v].shape[:2], -1) for v in names]
        stops = np.cumsum([f.shape[2] for f in flat])[:-1]
        values = convergence.rhat_ess(np.concatenate(flat, axis=2))
        reducers = (np.nanmax, np.nanmin, np.nanmin)
        for res, reduce, vals in zip(out, reducers, values, strict=True):
            for v, part in zip(names, np.split(vals, stops), strict=True):
                res[v] = np.nan if np.isnan(part).all() else float(reduce(part))
    return out
