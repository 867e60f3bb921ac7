"""Likelihoods that are a sum over rows, with the intercept profiled out.

A family gives the negative log density of one row as a function of the
linear predictor ``eta = b0 + x'w`` and its first two derivatives
(:meth:`RowLikelihood.rows`); this module builds the rest of the contract of
:mod:`.base` from them:

* ``loss(w, sigma) = sigma^2 min_b0 sum_i f(b0 + x_i'w, y_i)``: the intercept
  (flat prior) is profiled out by a one-dimensional Newton solve, warm-started
  from the last one, so the MAP engines see a function of ``w`` alone, as for
  the Gaussian likelihood. ``sigma`` is 1 for the families without a scale
  (logistic, Poisson). By the envelope theorem its gradient is
  ``sigma^2 X'f'(eta)`` at the optimal ``b0``, and its Hessian is the Schur
  complement ``sigma^2 (X'DX - X'd d'X / sum(d))``, ``d = f''(eta)``: the
  weighted-centred Gram matrix.
* ``quadratic_model(w, sigma)``: that gradient and Hessian as a
  :class:`~bayesreg.likelihoods.GaussianLikelihood` (the weighted least-squares
  problem of IRLS), so the exact Gaussian solvers minimize the local quadratic
  model with an L1 part: the inner step of the proximal Newton method
  (:mod:`bayesreg.map.solvers.newton`).
"""

from __future__ import annotations

import math

import numpy as np

from ..data import check_n_samples, check_X_y
from .base import Likelihood
from .gaussian import OFFSET, GaussianLikelihood

__all__ = ["RowLikelihood"]

# the intercept's Newton solve stops when |sum f'| <= this times sum |f'| + n
_B0_RTOL = 1e-13


class RowLikelihood(Likelihood):
    """A sum-over-rows likelihood; subclasses define :meth:`rows` and the
    PyMC and pointwise forms. Build one with :meth:`bind`."""

    #: True when ``f'' >= 0`` everywhere (the MAP of a log-concave prior is
    #: then unique, and the proximal Newton solver applies).
    convex: bool = True
    X: np.ndarray | None = None
    y: np.ndarray | None = None
    _last: tuple | None = None

    def capabilities(self) -> frozenset:
        return frozenset({"irls"} if self.convex else ())

    # -- what a family defines ------------------------------------------------

    def rows(self, eta, y, sigma, order=2):
        """``(f, f', f'')`` per row at linear predictor ``eta`` (``f'`` for
        ``order >= 1``, ``f''`` for ``order == 2``, else None): ``f`` the
        negative log density of ``y`` (broadcast against ``eta``), derivatives
        in ``eta``."""
        raise NotImplementedError

    def check_y(self, y, owner) -> np.ndarray:
        """Refuse a target the family cannot model; return it as float."""
        return y

    def start_intercept(self, resid, sigma) -> float:
        """A first intercept for the offsets ``resid = y - Xw`` seen as data."""
        return 0.0

    def intercept_bracket(self, xw, sigma):
        """``(lo, hi)`` holding the profiled intercept for the offsets ``xw``
        when ``sum_i f'(xw_i + b0)`` increases in ``b0`` (a convex family;
        ``lo == hi`` for a closed form), else None."""
        return None

    # -- binding to data --------------------------------------------------------

    def bind(self, X, y, fit_intercept=True, *, owner="fit_map", feature_names=None):
        """A copy of this family holding validated ``X, y``."""
        import copy

        Xa, ya, names = check_X_y(X, y, owner=owner, fit_intercept=fit_intercept)
        ya = self.check_y(ya, owner)
        check_n_samples(Xa.shape[0], fit_intercept, owner)
        lik = copy.copy(self)
        lik.X, lik.y = Xa, ya
        lik.n, lik.n_features = Xa.shape
        lik.fit_intercept = bool(fit_intercept)
        lik.feature_names = names if feature_names is None else tuple(feature_names)
        lik.x_mean = Xa.mean(axis=0) if fit_intercept else np.zeros(Xa.shape[1])
        lik._b0, lik._last = {}, None
        lik.xty = lik.score(np.zeros(lik.n_features), 1.0)
        return lik

    # -- the intercept ----------------------------------------------------------

    def _eta(self, w, sigma):
        """``(eta, b0)`` with ``b0`` the profiled intercept of ``w``."""
        state = self._state(w, sigma)
        return state[0], state[1]

    def _state(self, w, sigma):
        """``(eta, b0, f, f', f'')`` at ``w`` and its profiled intercept,
        kept for the last ``(w, sigma)``: a solver asks for the loss, the
        score and the curvatures at the same point (one Newton step of
        :mod:`bayesreg.map.solvers.newton` asks about 6 times)."""
        key, last = (sigma, self.key()), self._last
        if last is not None and last[0] == key and np.array_equal(last[1], w):
            return last[2]
        xw = self.X @ w
        if not self.fit_intercept:
            state = (xw, 0.0, *self.rows(xw, self.y, sigma))
        else:
            state = self._profile(xw, sigma)
        self._last = (key, np.array(w, dtype=float), state)
        return state

    def _profile(self, xw, sigma):
        """The profiled intercept of the offsets ``xw`` by Newton's method,
        from the last one: inside the family's bracket, with bisection when a
        Newton step leaves it (convex families); otherwise from the better of
        the last one and :meth:`start_intercept`, halving steps until the sum
        does not increase (a failed line search's trial point can leave a
        useless last intercept: 4e294 was seen)."""
        bracket = self.intercept_bracket(xw, sigma)
        b = self._b0.get(sigma)
        if bracket is not None:
            lo, hi = bracket
            if b is None or not lo <= b <= hi:
                b = 0.5 * (lo + hi)
        else:
            start = self.start_intercept(self.y - xw, sigma)
            f_last = np.inf if b is None else self._sum(xw + b, sigma)
            if not f_last <= self._sum(xw + start, sigma):
                b = start
        for _ in range(100):
            f, d1, d2 = self.rows(xw + b, self.y, sigma)
            g, h = float(d1.sum()), float(d2.sum())
            if abs(g) <= _B0_RTOL * (float(np.abs(d1).sum()) + self.n):
                break
            if bracket is not None:
                if hi - lo <= 4.0 * np.finfo(float).eps * max(abs(b), 1.0):
                    break
                lo, hi = (lo, b) if g > 0 else (b, hi)
                step = b - g / h if h > 0 else np.nan
                b = step if lo < step < hi else 0.5 * (lo + hi)
                continue
            # Newton where the curvature is positive (else |f''| as a scale),
            # halved until the sum does not increase
            step = g / h if h > 0 else g / max(float(np.abs(d2).sum()), 1.0)
            # (an increase within rounding of f0 is no increase)
            f0, t = float(f.sum()), 1.0
            slack = 1e-13 * (abs(f0) + 1.0)
            while t > 1e-12 and self._sum(xw + b - t * step, sigma) > f0 + slack:
                t *= 0.5
            b -= t * step
        else:
            f, d1, d2 = self.rows(xw + b, self.y, sigma)
        self._b0[sigma] = b
        return xw + b, b, f, d1, d2

    def _sum(self, eta, sigma) -> float:
        return float(self.rows(eta, self.y, sigma, order=0)[0].sum())

    def intercept(self, w, sigma=None) -> float:
        sigma = 1.0 if sigma is None else sigma
        return float(self._eta(np.asarray(w, dtype=float), sigma)[1])

    # -- the contract -----------------------------------------------------------

    def neg_log_likelihood(self, w, sigma=1.0) -> float:
        """``min_b0 sum_i f(b0 + x_i'w, y_i)``."""
        return float(self._state(w, sigma)[2].sum())

    def gradient(self, w, sigma=1.0) -> np.ndarray:
        return self.X.T @ self._state(w, sigma)[3]

    def loss(self, w, sigma=1.0) -> float:
        return sigma * sigma * self.neg_log_likelihood(w, sigma)

    def score(self, w, sigma=1.0) -> np.ndarray:
        return -sigma * sigma * self.gradient(w, sigma)

    def _weights(self, w, sigma):
        """``(d, centre)``: the curvatures ``f''`` at the profiled intercept and
        the ``d``-weighted column means (zero without an intercept)."""
        d = self._state(w, sigma)[4]
        if not self.fit_intercept or d.sum() <= 0:
            return d, np.zeros(self.n_features)
        return d, (d @ self.X) / d.sum()

    def hessian_vector(self, w, v, sigma=1.0) -> np.ndarray:
        d, centre = self._weights(w, sigma)
        xv = self.X @ v - centre @ v
        return self.X.T @ (d * xv) - centre * (d @ xv)

    def hessian(self, w, sigma=1.0) -> np.ndarray:
        d, centre = self._weights(w, sigma)
        # A'A with A = sqrt(d) Xc: numpy sends A.T @ A to syrk (2000x50:
        # 0.5 ms; Xc.T @ (d Xc) took 6-100 ms in gemm here)
        A = np.sqrt(np.maximum(d, 0.0))[:, None] * (self.X - centre)
        H = A.T @ A
        if np.any(d < 0):  # Student-t rows with negative curvature
            B = np.sqrt(np.maximum(-d, 0.0))[:, None] * (self.X - centre)
            H -= B.T @ B
        return H

    def quadratic_model(self, w, sigma=1.0) -> GaussianLikelihood:
        """The local quadratic model of :meth:`loss` at ``w``, as a Gaussian
        likelihood: ``1/2 rss(v)`` would be ``loss(w) + g'(v - w) + 1/2 (v -
        w)'H(v - w)`` up to a constant (``g``, ``H`` the gradient and Hessian
        of ``loss``): its ``score(v)`` is ``-g - H(v - w)`` and its Gram
        matrix ``H``, which is what the solvers use. Gram form (``X'X = H``,
        ``X'y = Hw - g``) when ``n >= p``, with ``y'y = 0``, so its ``rss`` (a
        clipped constant) means nothing; otherwise the design ``sqrt(d) (X -
        centre)`` with the working response of IRLS (curvatures floored at
        ``1e-12 max d`` so that it stays finite: for Student-t rows with
        negative curvature this is a convex stand-in, not the Hessian)."""
        w = np.asarray(w, dtype=float)
        s2 = sigma * sigma
        d, centre = self._weights(w, sigma)
        score = self.score(w, sigma)
        common = dict(
            n=self.n,
            x_offset=np.zeros(self.n_features),
            y_offset=0.0,
            feature_names=self.feature_names,
            fit_intercept=False,
        )
        if self.n >= self.n_features:
            H = self.hessian(w, sigma) * s2
            return GaussianLikelihood(xtx=H, xty=H @ w + score, yty=0.0, **common)
        d = np.maximum(d, 1e-12 * max(float(d.max()), np.finfo(float).tiny))
        root = np.sqrt(d * s2)
        Xt = np.asfortranarray(root[:, None] * (self.X - centre))
        resid = -s2 * self._state(w, sigma)[3]
        return GaussianLikelihood(X=Xt, y=Xt @ w + resid / root, **common)

    # -- PyMC and LOO -----------------------------------------------------------

    def pymc_logp(self, eta, y, sigma):
        """Sum of the rows' log densities as a PyTensor expression."""
        raise NotImplementedError

    def pymc_data(self) -> dict:
        values = {"X": self.X, "y": self.y}
        if self.fit_intercept:
            values.update(
                x_mean=self.x_mean, b0_start=self.intercept(np.zeros(self.n_features))
            )
        return values

    def pymc_key(self) -> tuple:
        return (type(self), self.n_features, self.fit_intercept, self.key())

    def key(self) -> tuple:
        """The family's parameters that the compiled model depends on."""
        return ()

    def to_pymc(self, w, sigma) -> None:
        """``X, y`` as ``pm.Data``; with an intercept the flat
        ``intercept_offset`` (the intercept of the centred columns minus its
        value at ``w = 0``) and the deterministic ``intercept``; the log
        likelihood as the ``pm.Potential`` ``loglik``."""
        import pymc as pm
        import pytensor.tensor as pt

        d = {k: pm.Data(k, v) for k, v in self.pymc_data().items()}
        eta = pt.dot(d["X"], w)
        if self.fit_intercept:
            offset = pm.Flat(OFFSET)
            centred = d["b0_start"] + offset
            pm.Deterministic("intercept", centred - pt.dot(d["x_mean"], w))
            eta = eta + centred - pt.dot(d["x_mean"], w)
        pm.Potential("loglik", self.pymc_logp(eta, d["y"], sigma))

    def pointwise_loglik(self, X, y, coef, intercept, sigma) -> np.ndarray:
        """``log p(y_i | x_i, draw)``: ``-f(eta_i)`` per draw and row."""
        eta = np.einsum("...p,np->...n", coef, X)
        if intercept is not None:
            eta = eta + np.asarray(intercept)[..., None]
        s = np.asarray(sigma, dtype=float)
        s = s[..., None] if s.ndim else s
        with np.errstate(over="ignore"):
            return -self.rows(eta, y, s, order=0)[0]


def log1pexp(x):
    """``log(1 + exp(x))`` without overflow."""
    return np.logaddexp(0.0, x)


LOG_2PI = math.log(2.0 * math.pi)
