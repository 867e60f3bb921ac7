"""Bernoulli responses with the logit link: logistic regression.

``P(y_i = 1) = expit(eta_i)``, ``eta_i = b0 + x_i'w``; one row's negative log
density is ``f(eta) = log(1 + exp(eta)) - y eta`` (``y`` in {0, 1}), with
``f' = expit(eta) - y`` and ``f'' = expit(eta) (1 - expit(eta)) > 0``: convex,
so the MAP of a log-concave prior is unique. There is no noise scale: MAP
objectives take ``sigma = 1``, so a Laplace(b) prior's penalty is ``||w||_1 /
b`` and a Gaussian(tau) prior's ``||w||^2 / (2 tau^2)``, i.e. scikit-learn's
``LogisticRegression`` with ``C = b`` (L1) or ``C = tau^2`` (L2)
(:func:`bayesreg.compare.penalized_equivalent`).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from .rows import RowLikelihood, log1pexp

__all__ = ["Logistic"]


class Logistic(RowLikelihood):
    """Bernoulli likelihood, logit link; ``y`` must hold 0s and 1s, both
    present (other labels are refused, naming the values found)."""

    name = "logistic"
    has_scale = False
    continuous = False

    def __repr__(self):
        return "Logistic()"

    def check_y(self, y, owner):
        values = np.unique(y)
        if values.size != 2 or not np.all(np.isin(values, (0.0, 1.0))):
            found = ", ".join(f"{v:g}" for v in values[:6])
            more = "" if values.size <= 6 else f", ... ({values.size} in all)"
            raise ValueError(
                f"{owner}: likelihood='logistic' needs y of 0s and 1s, with both "
                f"present; found the values {found}{more}."
            )
        return y

    def start_intercept(self, resid, sigma):
        m = float(np.clip(self.y.mean(), 1e-12, 1 - 1e-12))
        return float(np.log(m / (1 - m)))

    def intercept_bracket(self, xw, sigma):
        """``sum_i expit(xw_i + b0) = sum_i y_i`` holds between ``L - max xw``
        and ``L - min xw``, ``L = logit(mean y)``: each term is below (above)
        ``mean y`` there."""
        m = float(np.clip(self.y.mean(), 1e-300, 1 - 1e-16))
        logit = float(np.log(m) - np.log1p(-m))
        return logit - float(xw.max()), logit - float(xw.min())

    def rows(self, eta, y, sigma, order=2):
        f = log1pexp(eta) - y * eta
        if order == 0:
            return f, None, None
        mu = expit(eta)
        return f, mu - y, (mu * (1.0 - mu) if order == 2 else None)

    def pymc_logp(self, eta, y, sigma):
        import pytensor.tensor as pt

        return pt.sum(y * eta - pt.softplus(eta))

    def mean(self, eta):
        """``P(y = 1)`` at linear predictor ``eta``."""
        return expit(eta)
