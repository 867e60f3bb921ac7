"""Issue 13's acceptance grid: sampler="gibbs" against PyMC's NUTS (nutpie)
on the same model, for the Gibbs priors x sigma priors, on diabetes, a
200 x 50 sparse synthetic problem and a 100 x 300 one.

The check, per variable both samplers report: posterior means within 4
combined Monte Carlo standard errors (``sqrt(mcse_g^2 + mcse_n^2)``,
``_mean_sd_mcse`` of ``tests/test_gibbs.py``: ArviZ's ESS), posterior sds
within 10% (and the draws are enough for that: 4 combined MCSE of the sd
below 10% of it). Hyperparameters (``coef_tau``, ``coef_lam2``) are heavy
tailed: means only. Where more than 1% of NUTS's draws diverge it is no
reference and the case is an expected failure that says so (horseshoe+ on
diabetes: 1676 of 8000 draws diverged, bulk ESS 18-1800 against Gibbs'
1500-12000; the Gibbs and NUTS means still agreed).

Every case compiles its own PyMC model (prior, sigma prior and ``p`` make
the structure; 5-10 s each on an idle machine here), so the full product
(7 priors x 4 sigma priors x 3 problems = 84 compiles) does not fit the
time budget. By default: the full product on diabetes, and on each synthetic
problem every prior with one sigma prior (``ROTATION``; every sigma prior
meets some priors on each problem), less ``SKIPPED_BY_DEFAULT`` and with one
sigma prior per horseshoe family on diabetes (``ONE_SIGMA_ON_DIABETES``):
31 cases. ``BAYESREG_FULL_GRID=1`` runs all 84.
"""

from __future__ import annotations

import os
import warnings

import arviz as az
import numpy as np
import pytest

from bayesreg import ElasticNet, Gaussian, Laplace, sample_posterior
from bayesreg.datasets import load_diabetes
from bayesreg.noise import HalfCauchy, InverseGamma, Jeffreys
from bayesreg.posterior import SamplingWarning
from bayesreg.priors import LambdaSquaredGamma, ScaleHalfCauchy
from tests.test_gibbs import _mean_sd_mcse

try:  # the horseshoe family (issue 13, brief A)
    from bayesreg.priors import Horseshoe, HorseshoePlus
except ImportError:  # pragma: no cover - before it exists
    Horseshoe = HorseshoePlus = None

GIBBS = dict(draws=3000, tune=500, chains=4, random_seed=3, log_likelihood=False)
NUTS = dict(draws=2000, tune=1000, chains=4, random_seed=3, log_likelihood=False)
SD_RTOL = 0.10
#: Draws times this for heavy-tailed posteriors: at the base draws 4
#: combined MCSE of a coefficient's sd were 10-17% of it on diabetes and 19%
#: on 200 x 50 with the horseshoe (> SD_RTOL; the MCSE falls as 1/sqrt(draws)).
MORE_DRAWS = {"horseshoe": 4, "horseshoeplus": 4}
#: Gibbs draws times this on a problem (Gibbs is cheap there): with p > n
#: sigma mixes slowly (100 x 300, Laplace, InverseGamma sigma: bulk ESS of
#: sigma 457 of 12,000 draws, R-hat 1.017 at 3,000 draws, 1.005 at 12,000).
MORE_GIBBS_DRAWS = {"wide100x300": 4}
#: The Gibbs chains (overdispersed starts) must agree first: on 100 x 300
#: with the horseshoe and Jeffreys' sigma they did not (R-hat 1.17, bulk ESS
#: of sigma and tau 6, sigma 0.16 against NUTS's 0.85 with 9% divergent).
MAX_RHAT = 1.01
#: NUTS is no reference when more than this share of its draws diverged.
MAX_DIVERGING = 0.01
HYPER = ("coef_tau", "coef_lam2")

# -- the problems: columns standardized; diabetes' y too (sigma about 0.7)


def _diabetes():
    X, y = load_diabetes()
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    return (X - X.mean(0)) / X.std(0), (y - y.mean()) / y.std()


def _sparse(n, p, seed):
    """``y = 1 + X w + N(0, 1)``, five non-zero weights, columns N(0, 1)
    with correlation 0.3 between neighbours (an AR(1) design)."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, p))
    X = np.empty_like(Z)
    X[:, 0] = Z[:, 0]
    for j in range(1, p):
        X[:, j] = 0.3 * X[:, j - 1] + np.sqrt(1 - 0.09) * Z[:, j]
    w = np.zeros(p)
    w[rng.choice(p, 5, replace=False)] = [2.0, -1.5, 1.0, -0.75, 0.5]
    return X, 1.0 + X @ w + rng.normal(size=n)


PROBLEMS = {
    "diabetes": (_diabetes, 0.7),
    "sparse200x50": (lambda: _sparse(200, 50, 1), 1.0),
    "wide100x300": (lambda: _sparse(100, 300, 2), 1.0),
}

PRIORS = {
    "gaussian": Gaussian(scale=0.5),
    "gaussian-halfcauchy": Gaussian(relative=True, hyperprior=ScaleHalfCauchy(1.0)),
    "laplace": Laplace(scale=0.3),
    "laplace-lam2gamma": Laplace(
        relative=True, hyperprior=LambdaSquaredGamma(1.0, 0.1)
    ),
    "elasticnet": ElasticNet(l1_scale=0.5, l2_scale=1.0, relative=True),
}
if Horseshoe is not None:
    PRIORS["horseshoe"] = Horseshoe(scale=1.0)
    PRIORS["horseshoeplus"] = HorseshoePlus(scale=1.0)

SIGMAS = {
    "fixed": None,  # the problem's own value
    "jeffreys": Jeffreys(),
    "inversegamma": InverseGamma(2.0, 1.0),
}
if "gibbs" in HalfCauchy(1.0).capabilities():  # brief C's auxiliary variable
    SIGMAS["halfcauchy"] = HalfCauchy(1.0)


#: On the synthetic problems each prior meets one sigma prior (every sigma
#: prior meets some priors on each). With p > n a Gaussian-scale prior and an
#: unknown sigma trade sigma against the prior scale: measured for ridge with
#: a half-Cauchy scale and a half-Cauchy sigma on 100 x 300, a bulk ESS of
#: sigma of 6-7 for both samplers (4 x 3000 Gibbs, 4 x 1000 NUTS draws), so
#: the two Gaussian priors get a fixed sigma there.
ROTATION = {
    "sparse200x50": {
        "gaussian": "inversegamma",
        "gaussian-halfcauchy": "jeffreys",
        "laplace": "fixed",
        "laplace-lam2gamma": "halfcauchy",
        "elasticnet": "jeffreys",
        "horseshoe": "halfcauchy",
        "horseshoeplus": "inversegamma",
    },
    "wide100x300": {
        "gaussian": "fixed",
        "gaussian-halfcauchy": "fixed",
        "laplace": "inversegamma",
        "laplace-lam2gamma": "jeffreys",
        "elasticnet": "halfcauchy",
        "horseshoe": "jeffreys",
        "horseshoeplus": "halfcauchy",
    },
}


#: Left out of the default run (CI time): each costs 80-360 s on 100 x 300,
#: and NUTS is no reference for the horseshoe family on diabetes (an
#: expected failure at every sigma prior; one per family is kept).
SKIPPED_BY_DEFAULT = {
    "wide100x300": {"gaussian-halfcauchy", "laplace-lam2gamma", "horseshoe"}
    | {"horseshoeplus", "elasticnet"},
}
ONE_SIGMA_ON_DIABETES = {"horseshoe": "jeffreys", "horseshoeplus": "inversegamma"}


def _cases():
    full = os.environ.get("BAYESREG_FULL_GRID") == "1"
    for problem in PROBLEMS:
        for prior in PRIORS:
            if not full and prior in SKIPPED_BY_DEFAULT.get(problem, ()):
                continue
            if full or problem == "diabetes":
                chosen = list(SIGMAS)
                if not full and prior in ONE_SIGMA_ON_DIABETES:
                    chosen = [ONE_SIGMA_ON_DIABETES[prior]]
            else:
                chosen = [ROTATION[problem][prior]]
            for sigma in chosen:
                if sigma not in SIGMAS:  # HalfCauchy before brief C's kernel
                    continue
                name = f"{problem}/{prior}/{sigma}"
                yield pytest.param(problem, prior, sigma, id=name)


@pytest.fixture(scope="module")
def problems():
    return {name: make() for name, (make, _) in PROBLEMS.items()}


def _fit(X, y, prior, sigma, sampler, kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingWarning)
        return sample_posterior(X, y, prior, sigma, sampler=sampler, **kw)


def _disagreements(g, n, k=4.0, sd_rtol=SD_RTOL) -> list[str]:
    """What fails the check, one line per variable (empty when it passes).

    ``coef`` and ``intercept``: sds within ``sd_rtol``, and enough draws for
    that (``k`` combined MCSE of the sd at most ``sd_rtol`` of it). ``sigma``
    mixes more slowly (bulk ESS 100-300 of 4000-12000 draws on 100 x 300):
    its sd within ``sd_rtol`` or, where its MCSE is larger, ``k`` combined
    MCSE. Hyperparameters: means only.
    """
    out = []
    for var in sorted(set(g.posterior.data_vars) & set(n.posterior.data_vars)):
        mg, sg, emg, esg = _mean_sd_mcse(g, var)
        mn, sn, emn, esn = _mean_sd_mcse(n, var)
        z = np.abs(mg - mn) / np.hypot(emg, emn)
        if np.any(z > k):
            j = int(np.argmax(z))
            out.append(f"{var}: mean off by {np.max(z):.1f} MCSE (index {j})")
        if var in HYPER:
            continue
        mc = k * np.hypot(esg, esn)
        tol = np.maximum(sd_rtol * sn, mc) if var == "sigma" else sd_rtol * sn
        rel = np.abs(sg - sn) / sn
        if np.any(np.abs(sg - sn) > tol):
            j = int(np.argmax(rel))
            out.append(f"{var}: sd off by {100 * np.max(rel):.0f}% (index {j})")
        if var != "sigma" and np.any(mc > sd_rtol * sn):
            out.append(
                f"{var}: too few draws for the sd check (4 MCSE = "
                f"{100 * np.max(mc / sn):.0f}% of the sd)"
            )
    return out


@pytest.mark.slow
@pytest.mark.parametrize("problem, prior, sigma", list(_cases()))
def test_gibbs_agrees_with_nuts(problems, problem, prior, sigma):
    X, y = problems[problem]
    s = SIGMAS[sigma] if SIGMAS[sigma] is not None else PROBLEMS[problem][1]
    k = MORE_DRAWS.get(prior, 1)
    kg = k * MORE_GIBBS_DRAWS.get(problem, 1)
    g = _fit(X, y, PRIORS[prior], s, "gibbs", dict(GIBBS, draws=kg * GIBBS["draws"]))
    n = _fit(X, y, PRIORS[prior], s, "nutpie", dict(NUTS, draws=k * NUTS["draws"]))
    rhat = float(az.rhat(g.posterior).to_array().max())
    assert rhat <= MAX_RHAT, f"the Gibbs chains disagree: R-hat {rhat:.3f}"
    diverging = float(n.sample_stats["diverging"].mean())
    if diverging > MAX_DIVERGING:
        pytest.xfail(f"NUTS is no reference: {100 * diverging:.1f}% divergent draws")
    bad = _disagreements(g, n)
    assert not bad, "; ".join(bad)


@pytest.mark.slow
def test_a_wrong_kernel_fails_the_check(problems, monkeypatch):
    """Teeth: the Laplace prior's precisions times 1.2 (its latent variances
    divided by 1.2) are caught on diabetes."""
    X, y = problems["diabetes"]
    prior, s = PRIORS["laplace"], PROBLEMS["diabetes"][1]
    n = _fit(X, y, prior, s, "nutpie", NUTS)
    assert not _disagreements(_fit(X, y, prior, s, "gibbs", GIBBS), n)
    right = Laplace.gibbs_update

    def wrong(self, w, sigma, state, rng):
        new = right(self, w, sigma, state, rng)
        return {**new, "var": new["var"] / 1.2}

    monkeypatch.setattr(Laplace, "gibbs_update", wrong)
    assert _disagreements(_fit(X, y, prior, s, "gibbs", GIBBS), n)
