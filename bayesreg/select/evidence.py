"""``select_lambda(method="evidence")``: type-II maximum likelihood of the
Gaussian prior, the noise scale estimated jointly.

Model (as scikit-learn's ``BayesianRidge``, MacKay 1992, Tipping 2001): ``y_c
= X_c w + e``, ``e ~ N(0, 1/alpha)``, ``w ~ N(0, I/lambda)`` on the centred
data (with ``fit_intercept``; ``n`` rows all the same, as BayesianRidge).
Write ``H = X_c'X_c`` with eigenvalues ``e_1..e_p`` (from the SVD ``X_c = U
S V'``, ``e = s^2`` padded with zeros), ``z = U'y_c`` and ``r = lambda /
alpha`` (the package's unscaled ridge ``lam = sigma^2 / tau^2``). The
posterior mean is ``m = (H + r I)^-1 X_c'y_c`` and the log evidence

    log p(y | alpha, lambda) = p/2 log r + n/2 log alpha - alpha/2 E(r)
                               - 1/2 sum_i log(r + e_i) - n/2 log(2 pi),
    E(r) = ||y_c - X_c m||^2 + r ||m||^2
         = y_c'y_c - ||z||^2 + sum_i z_i^2 r / (s_i^2 + r)

(Bishop 2006, eq. 3.86, with ``log|lambda I + alpha H| = p log alpha +
sum log(r + e_i)``). Optional Gamma terms ``lambda_1 log lambda - lambda_2
lambda + alpha_1 log alpha - alpha_2 alpha`` (default 0: plain type-II ML)
make the maximum the fixed point of BayesianRidge's updates with its
``lambda_1 .. alpha_2`` (the Gamma(shape, rate) densities taken per
``d log``). For fixed ``r`` the maximizing ``alpha`` is closed form,

    alpha(r) = (n/2 + lambda_1 + alpha_1) / (E(r)/2 + lambda_2 r + alpha_2),

leaving the one-dimensional profile ``J(r)``; its stationary points in ``t =
log r`` solve ``dJ/dt = p/2 + lambda_1 - 1/2 sum_i r/(r + e_i) - c r
D'(r)/D(r) = 0`` (``c`` the numerator, ``D`` the denominator of
``alpha(r)``). The maximum taken is the one reached by ascending ``J`` from
BayesianRidge's start ``r0 = var(y_c)`` (``alpha = 1 / var(y_c)``, ``lambda =
1``), bracketed on a log grid and found to machine precision by Brent's
method. With ``p >= n`` there can be another maximum (or a supremum) as
``r -> 0``: ``sigma -> 0``, the fit interpolates; it is not taken unless the
ascent leads there (a warning says when no maximum is found).
``sigma = alpha^-1/2`` and ``lam = r``; ``criterion`` is ``J`` over the grid
(the log evidence with ``alpha`` profiled out, when the Gamma terms are 0).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import optimize

from .._validation import check_nonnegative
from ._common import default_grid, final_map, prior_at
from .result import LambdaSelection

__all__ = ["OPTIONS", "profile", "run"]

#: method options and their defaults: BayesianRidge's Gamma terms (0: none)
OPTIONS: dict = {"alpha_1": 0.0, "alpha_2": 0.0, "lambda_1": 0.0, "lambda_2": 0.0}

_OWNER = "select_lambda(method='evidence')"


class _Profile:
    """``J(r)`` and ``dJ/dlog r`` of the module docstring."""

    def __init__(self, Xc, yc, alpha_1, alpha_2, lambda_1, lambda_2):
        n, p = Xc.shape
        u, s, _ = np.linalg.svd(Xc, full_matrices=False)
        s2 = s * s
        keep = s2 > s2.max(initial=0.0) * max(n, p) * np.finfo(float).eps
        self.s2 = s2[keep]
        z = u[:, keep].T @ yc
        self.z2 = z * z
        self.eig = np.concatenate([s2, np.zeros(p - s2.size)])
        # the part of y_c outside the column space of X_c (>= 0 up to rounding)
        self.rest = max(float(yc @ yc) - float(self.z2.sum()), 0.0)
        self.n, self.p = n, p
        self.var_y = float(yc @ yc) / n
        self.c = n / 2.0 + lambda_1 + alpha_1
        self.lambda_1, self.lambda_2, self.alpha_2 = lambda_1, lambda_2, alpha_2

    def parts(self, r):
        e = self.rest + float(np.sum(self.z2 * (r / (self.s2 + r))))
        d = e / 2.0 + self.lambda_2 * r + self.alpha_2
        return e, d

    def alpha(self, r):
        return self.c / self.parts(r)[1]

    def value(self, r):
        _, d = self.parts(r)
        c = self.c
        return (
            (self.p / 2.0 + self.lambda_1) * math.log(r)
            - 0.5 * float(np.sum(np.log(r + self.eig)))
            - c * math.log(d)
            + c * math.log(c)
            - c
            - self.n / 2.0 * math.log(2.0 * math.pi)
        )

    def slope(self, t):
        r = math.exp(t)
        _, d = self.parts(r)
        de = float(np.sum(self.z2 * self.s2 / (self.s2 + r) ** 2))
        return (
            self.p / 2.0
            + self.lambda_1
            - 0.5 * float(np.sum(r / (r + self.eig)))
            - self.c * r * (de / 2.0 + self.lambda_2) / d
        )


def profile(X, y, fit_intercept, standardize, **gamma_terms):
    """The profile ``J`` of the centred (and standardized) data."""
    Xc = np.asarray(X, dtype=float)
    yc = np.asarray(y, dtype=float)
    if standardize:
        Xc = Xc / Xc.std(axis=0)
    if fit_intercept:
        Xc = Xc - Xc.mean(axis=0)
        yc = yc - yc.mean()
    return _Profile(Xc, yc, **gamma_terms)


def maximize(prof):
    """The ``r`` of the local maximum of ``J`` reached by ascent from
    BayesianRidge's start ``r0 = var(y)`` (module docstring)."""
    t0 = math.log(prof.var_y) if prof.var_y > 0 else 0.0
    scale = math.log(float(np.mean(prof.eig)) or 1.0)
    ts = np.sort(np.append(np.linspace(scale - 25.0, scale + 25.0, 201), t0))
    slopes = np.array([prof.slope(t) for t in ts])
    j = int(np.searchsorted(ts, t0))
    tops = np.flatnonzero((slopes[:-1] > 0) & (slopes[1:] <= 0))
    tops = tops[tops >= j] if slopes[j] > 0 else tops[tops < j][::-1]
    if tops.size == 0:
        edge = ts[-1] if slopes[j] > 0 else ts[0]
        warnings.warn(
            f"{_OWNER}: the evidence has no maximum in lam in "
            f"[{math.exp(ts[0]):.3g}, {math.exp(ts[-1]):.3g}] (with p >= n it "
            f"can grow as lam -> 0 and sigma -> 0); returning the edge "
            f"{math.exp(edge):.3g}.",
            RuntimeWarning,
            stacklevel=4,
        )
        return math.exp(edge)
    i = int(tops[0])
    return math.exp(
        optimize.brentq(prof.slope, ts[i], ts[i + 1], xtol=1e-15, rtol=1e-15)
    )


def run(
    X,
    y,
    prior,
    *,
    sigma,
    grid,
    n_lams,
    cv,
    fit_intercept,
    standardize,
    random_seed,
    progressbar,
    **gamma_terms,
):
    """Type-II ML of ``lam`` and ``sigma`` for a conjugate Gaussian prior."""
    conj = prior.conjugate_variance() if "conjugate" in prior.capabilities() else None
    if conj is None or not math.isfinite(conj[0]):
        raise ValueError(
            f"The 'prior' parameter of {_OWNER} must be a Gaussian prior with a "
            f"fixed scale (capability 'conjugate', finite variance): the evidence "
            f"has a closed form only there. Got {prior!r} instead; use method='cv', "
            "'mcem' (Laplace) or 'loo'."
        )
    if sigma is not None:
        raise ValueError(
            f"The 'sigma' parameter of {_OWNER} must be None: the evidence "
            f"estimates sigma jointly with lam. Got {sigma!r} instead."
        )
    terms = {k: check_nonnegative(v, k, _OWNER) for k, v in gamma_terms.items()}
    prof = profile(X, y, fit_intercept, standardize, **terms)
    lam = maximize(prof)
    sigma = 1.0 / math.sqrt(prof.alpha(lam))
    if grid is None:
        grid = default_grid(
            X, y, prior, sigma, n_lams or 100, fit_intercept, standardize
        )
    chosen = prior_at(prior, lam, sigma)
    coef, intercept = final_map(X, y, chosen, sigma, fit_intercept, standardize)
    return LambdaSelection(
        method="evidence",
        prior=chosen,
        lam=float(lam),
        sigma=float(sigma),
        grid=grid,
        criterion=np.array([prof.value(r) for r in grid]),
        coef=coef,
        intercept=float(intercept),
        details={
            "alpha": prof.alpha(lam),
            "lambda": lam * prof.alpha(lam),
            "log_evidence": prof.value(lam),
            **terms,
        },
    )
