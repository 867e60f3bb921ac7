"""One simulation of simulation-based calibration, and running many in parallel.

A simulation draws every parameter from its prior, data from the likelihood,
then the posterior by :func:`bayesreg.sample_posterior`, and returns the rank
of each true value among the (thinned) posterior draws.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from ..posterior.model import COEF
from .ranks import min_ess, rank_of

__all__ = ["Simulation", "run_simulations"]


@dataclass(frozen=True)
class Simulation:
    """Everything a worker needs for one simulation (picklable: priors and
    sigma priors are frozen dataclasses, the sampler goes by its name)."""

    prior: object
    sigma: object
    n: int
    p: int
    X: np.ndarray | None
    sampler: str
    chains: int
    draws: int  # per chain, before thinning
    tune: int
    thin: int
    fit_intercept: bool
    intercept_scale: float

    def true_values(self, rng):
        """``(truth, X, y)``: parameters from their priors, then the data.

        ``sigma`` first (its prior's ``rvs``), then the weights and their
        hyperparameters (``prior.rvs``, given sigma when relative), the
        intercept ``b0 ~ N(0, intercept_scale^2)``, ``X`` with i.i.d. N(0, 1)
        entries (unless fixed) and ``y = b0 + X w + sigma e``, ``e ~ N(0, I)``.
        """
        sigma = self.sigma.rvs(rng)
        truth = dict(self.prior.rvs(self.p, sigma, rng, name=COEF))
        w = truth.pop(COEF)
        values = {f"{COEF}[{j}]": float(w[j]) for j in range(self.p)}
        b0 = self.intercept_scale * rng.standard_normal() if self.fit_intercept else 0.0
        if self.fit_intercept:
            values["intercept"] = float(b0)
        if self.sigma.fixed is None:
            values["sigma"] = float(sigma)
        values.update({k: float(v) for k, v in truth.items()})
        X = self.X if self.X is not None else rng.standard_normal((self.n, self.p))
        y = b0 + X @ w + sigma * rng.standard_normal(self.n)
        return values, X, y

    def posterior(self, X, y, seed):
        """The posterior draws by name, each (chain, draw), and the number of
        sampling warnings (divergences, R-hat, ESS)."""
        from ..posterior import SamplingWarning, sample_posterior

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            idata = sample_posterior(
                X,
                y,
                self.prior,
                self.sigma,
                draws=self.draws,
                tune=self.tune,
                chains=self.chains,
                sampler=self.sampler,
                random_seed=seed,
                fit_intercept=self.fit_intercept,
                log_likelihood=False,
            )
        post = idata.posterior
        draws = {}
        for name, var in post.data_vars.items():
            if name == COEF:
                values = var.transpose("chain", "draw", "feature").values
                for j in range(values.shape[-1]):
                    draws[f"{COEF}[{j}]"] = values[..., j]
            elif set(var.dims) == {"chain", "draw"}:
                draws[name] = var.transpose("chain", "draw").values
        n_warn = sum(1 for w in caught if issubclass(w.category, SamplingWarning))
        return draws, n_warn

    def __call__(self, seed: np.random.SeedSequence, with_ess: bool):
        """One simulation: ``(truth, ranks, ess, n_warn)``; ``ess`` is the
        smallest bulk/tail ESS of the thinned draws (NaN unless ``with_ess``)."""
        rng = np.random.default_rng(seed)
        truth, X, y = self.true_values(rng)
        draws, n_warn = self.posterior(X, y, int(rng.integers(2**31 - 1)))
        missing = [k for k in truth if k not in draws]
        if missing:
            raise ValueError(
                f"sampler={self.sampler!r} reports no draws of {missing} for "
                f"{self.prior!r}; simulation-based calibration needs every "
                "parameter drawn from the prior."
            )
        thinned = {k: draws[k][:, :: self.thin] for k in truth}
        ranks = {k: rank_of(v, truth[k]) for k, v in thinned.items()}
        ess = min_ess(thinned.values()) if with_ess else math.nan
        return truth, ranks, ess, n_warn


def _one_thread(sim, seed, with_ess):
    """A simulation with one BLAS thread (workers share the cores)."""
    from .._threads import one_blas_thread

    with one_blas_thread():
        return sim(seed, with_ess)


def run_simulations(sim: Simulation, seeds, n_jobs, progressbar, with_ess):
    """``sim`` for each seed, in order, on ``n_jobs`` processes (joblib's
    loky backend; a worker keeps its compiled PyMC models between the
    simulations it runs, see :mod:`bayesreg.posterior.model`), with a tqdm
    progress bar."""
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    tasks = (delayed(_one_thread)(sim, s, with_ess) for s in seeds)
    results = Parallel(n_jobs=n_jobs, return_as="generator")(tasks)
    return list(tqdm(results, total=len(seeds), desc="sbc", disable=not progressbar))
