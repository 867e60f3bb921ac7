"""Poisson counts with the log link.

``y_i ~ Poisson(exp(eta_i))``, ``eta_i = b0 + x_i'w``; one row's negative log
density is ``f(eta) = exp(eta) - y eta + log(y!)``, ``f' = exp(eta) - y``,
``f'' = exp(eta) > 0``: convex. No noise scale (``sigma = 1`` in MAP
objectives): a Gaussian(tau) prior is scikit-learn's ``PoissonRegressor``
with ``alpha = 1 / (n tau^2)`` (its objective is the mean half deviance plus
``alpha/2 ||w||^2``).
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln, logsumexp

from .rows import RowLikelihood

__all__ = ["Poisson"]


class Poisson(RowLikelihood):
    """Poisson likelihood, log link; ``y`` non-negative integers, not all 0."""

    name = "poisson"
    has_scale = False
    continuous = False

    def __repr__(self):
        return "Poisson()"

    def check_y(self, y, owner):
        bad = (y < 0) | (y != np.round(y))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"{owner}: likelihood='poisson' needs y of non-negative integer "
                f"counts; found {int(bad.sum())} that are not, e.g. y[{i}] = "
                f"{y[i]:g}."
            )
        if not np.any(y > 0):
            raise ValueError(
                f"{owner}: likelihood='poisson' needs at least one positive count; "
                "every y is 0."
            )
        return y

    def start_intercept(self, resid, sigma):
        return float(np.log(max(float(self.y.mean()), 1e-12)))

    def intercept_bracket(self, xw, sigma):
        """The closed form ``b0 = log(sum y) - log(sum exp(xw))`` (where
        ``sum_i exp(xw_i + b0) = sum_i y_i``), twice."""
        b = float(np.log(self.y.sum()) - logsumexp(xw))
        return b, b

    def rows(self, eta, y, sigma, order=2):
        with np.errstate(over="ignore"):
            mu = np.exp(eta)
        f = mu - y * eta + gammaln(y + 1.0)
        if order == 0:
            return f, None, None
        return f, mu - y, (mu if order == 2 else None)

    def pymc_logp(self, eta, y, sigma):
        import pytensor.tensor as pt

        return pt.sum(y * eta - pt.exp(eta) - pt.gammaln(y + 1.0))

    def mean(self, eta):
        """The expected count at linear predictor ``eta``."""
        return np.exp(eta)
