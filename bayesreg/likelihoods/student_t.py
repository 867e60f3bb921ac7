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
#: The mean of that prior, Gamma(2, rate 0.1).
_DF_PRIOR_MEAN = 20.0


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

    def bind(self, X, y, fit_intercept=True, *, owner="fit_map", feature_names=None):
        """With ``df=None`` (posteriors only) the data are bound as for ``df =
        20``, the prior mean, which sets ``xty`` and the PyMC model's starting
        intercept ``b0_start`` (any start is exact: the intercept is flat)."""
        import copy

        kw = dict(owner=owner, feature_names=feature_names)
        if self.df is not None:
            return super().bind(X, y, fit_intercept, **kw)
        stand_in = StudentT(_DF_PRIOR_MEAN).bind(X, y, fit_intercept, **kw)
        lik = copy.copy(stand_in)
        lik.df, lik._b0, lik._stand_in = None, {}, stand_in
        return lik

    def pymc_data(self) -> dict:
        if self.df is None:
            return self._stand_in.pymc_data()
        return super().pymc_data()

    def rows(self, eta, y, sigma, order=2):
        nu = self.fixed_df("StudentT.rows")
        r = y - eta
        a = nu * sigma * sigma
        f = 0.5 * (nu + 1) * np.log1p(r * r / a) + np.log(sigma) + _log_norm(nu)
        if order == 0:
            return f, None, None
        den = a + r * r
        d1 = -(nu + 1) * r / den
        return f, d1, ((nu + 1) * (a - r * r) / den**2 if order == 2 else None)

    def pymc_logp(self, eta, y, sigma):
        import pymc as pm
        import pytensor.tensor as pt

        if self.df is None:
            nu = pm.Gamma(DF, alpha=2.0, beta=0.1)
            return pt.sum(pm.logp(pm.StudentT.dist(nu=nu, mu=eta, sigma=sigma), y))
        # -f of rows() with the constant from scipy: PyTensor's gammaln (in
        # pm.StudentT's logp) is off by 5.6e-10 at 2.5 (df = 4), 1.7e-8 at 0.5
        nu, r = self.df, y - eta
        c = _log_norm(nu)
        f = 0.5 * (nu + 1) * pt.log1p(r * r / (nu * sigma * sigma)) + pt.log(sigma)
        return -pt.sum(f + c)

    def pointwise_loglik(self, X, y, coef, intercept, sigma, nu=None):
        """``log p(y_i | x_i, draw) = -f(eta_i)``; with ``df=None`` the degrees
        of freedom are the draws ``nu`` (the model's ``nu``, shape of the
        draws, e.g. (chain, draw)), with a fixed ``df`` they are ``df``."""
        if nu is None:
            if self.df is None:
                raise ValueError(
                    "StudentT(df=None).pointwise_loglik needs nu: the draws of "
                    "the model's 'nu', one per draw of coef."
                )
            return super().pointwise_loglik(X, y, coef, intercept, sigma)
        eta = np.einsum("...p,np->...n", coef, X)
        if intercept is not None:
            eta = eta + np.asarray(intercept)[..., None]
        s, v = (np.asarray(a, dtype=float) for a in (sigma, nu))
        s = s[..., None] if s.ndim else s
        v = v[..., None] if v.ndim else v
        r = y - eta
        c = gammaln(v / 2) - gammaln((v + 1) / 2) + 0.5 * np.log(v * math.pi)
        return -(0.5 * (v + 1) * np.log1p(r * r / (v * s * s)) + np.log(s) + c)

    def mean(self, eta):
        """The expected response at ``eta`` (``df > 1``)."""
        return eta


def _log_norm(nu: float) -> float:
    """``c(df)`` of the module docstring: ``log Gamma(df/2) - log Gamma((df +
    1)/2) + 1/2 log(df pi)``."""
    return float(gammaln(nu / 2) - gammaln((nu + 1) / 2) + 0.5 * math.log(nu * math.pi))
