"""Student-t errors: robust linear regression.

``y_i = b0 + x_i'w + sigma e_i``, ``e_i ~ t_df``; one row's negative log
density, with ``r = y - eta``, is

    f(eta) = (df + 1)/2 log(1 + r^2 / (df sigma^2)) + log(sigma) + c(df),
    c(df) = log(Gamma(df/2)) - log(Gamma((df + 1)/2)) + 1/2 log(df pi),

``f' = -(df + 1) r / (df sigma^2 + r^2)``, ``f'' = (df + 1)(df sigma^2 - r^2)
/ (df sigma^2 + r^2)^2``, negative for ``|r| > sqrt(df) sigma``: the
likelihood is not log-concave, so its MAP (scipy.optimize from several
starts) may have several local optima. ``df -> inf`` is the Gaussian. The
MAP objective is ``sigma^2`` times the negative log posterior, as for the
Gaussian (``sigma`` fixed); a posterior can give ``sigma`` a prior and, with
``df=None``, ``df ~ Gamma(2, 0.1)`` (Juárez & Steel 2010).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln

from .._validation import check_positive
from .rows import RowLikelihood

__all__ = ["StudentT"]

#: PyMC name of the degrees of freedom when they have a prior.
DF = "nu"


class StudentT(RowLikelihood):
    """Student-t errors with ``df`` degrees of freedom (fixed, or None for the
    ``Gamma(2, 0.1)`` prior of a posterior) and scale ``sigma``."""

    name = "student_t"
    convex = False

    def __init__(self, df=5.0):
        self.df = None if df is None else check_positive(df, "df", "StudentT")

    def __repr__(self):
        return f"StudentT(df={self.df!r})"

    def key(self):
        return (self.df,)

    def fixed_df(self, owner) -> float:
        if self.df is None:
            raise ValueError(
                f"{owner}: likelihood StudentT(df=None) gives df a prior, which "
                "only a posterior can use; pass a number df > 0 for the MAP."
            )
        return self.df

    def start_intercept(self, resid, sigma):
        return float(np.median(resid))

    def rows(self, eta, y, sigma, order=2):
        nu = self.fixed_df("StudentT.rows")
        r = y - eta
        a = nu * sigma * sigma
        c = gammaln(nu / 2) - gammaln((nu + 1) / 2) + 0.5 * math.log(nu * math.pi)
        f = 0.5 * (nu + 1) * np.log1p(r * r / a) + np.log(sigma) + c
        if order == 0:
            return f, None, None
        den = a + r * r
        d1 = -(nu + 1) * r / den
        return f, d1, ((nu + 1) * (a - r * r) / den**2 if order == 2 else None)

    def pymc_logp(self, eta, y, sigma):
        import pymc as pm
        import pytensor.tensor as pt

        nu = pm.Gamma(DF, alpha=2.0, beta=0.1) if self.df is None else self.df
        return pt.sum(pm.logp(pm.StudentT.dist(nu=nu, mu=eta, sigma=sigma), y))

    def mean(self, eta):
        """The expected response at ``eta`` (``df > 1``)."""
        return eta
