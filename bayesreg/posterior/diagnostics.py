"""Convergence checks of a Markov chain run, as sentences saying what to try."""

from __future__ import annotations

__all__ = ["SamplingWarning", "diagnose"]


class SamplingWarning(UserWarning):
    """Divergences, R-hat above 1.01 or a low effective sample size."""


def diagnose(idata, rhat_max=1.01, ess_per_chain=100) -> list[str]:
    """Problems with a NUTS run, each as a sentence saying what to try.

    Checks divergences, ``R-hat > rhat_max`` and bulk or tail ESS below
    ``ess_per_chain`` times the number of chains (ArviZ's diagnostics; the
    thresholds of Vehtari et al. 2021). Returns an empty list if all is well.
    """
    import arviz as az

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
    if n_chains >= 2:
        rhat = az.rhat(post[vars_])
        worst = max(vars_, key=lambda v: float(rhat[v].max()))
        r = float(rhat[worst].max())
        if r > rhat_max:
            msgs.append(
                f"R-hat of {worst!r} is {r:.3f} > {rhat_max}: the chains disagree. "
                "Run more tune and draws, or check the model for multimodality."
            )
    need = ess_per_chain * n_chains
    for method in ("bulk", "tail"):
        ess = az.ess(post[vars_], method=method)
        worst = min(vars_, key=lambda v: float(ess[v].min()))
        e = float(ess[worst].min())
        if e < need:
            msgs.append(
                f"{method} ESS of {worst!r} is {e:.0f} < {need} "
                f"({ess_per_chain} per chain): increase draws (or tune)."
            )
    return msgs
