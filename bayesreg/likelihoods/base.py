"""The likelihood contract: what an engine may ask of a data model.

A likelihood holds the data (for the Gaussian: its sufficient statistics) and
evaluates, for weights ``w`` and a noise scale ``sigma``,

===========================  =================================================
method                       who uses it
===========================  =================================================
``capabilities()``           solvers: ``"quadratic"`` (Gaussian: the exact
                             solvers apply), ``"irls"`` (convex, with
                             ``quadratic_model``: proximal Newton)
``loss``, ``score``          ``sigma^2 (-log p(y | w))`` up to a constant and
                             minus its gradient: the data term of every MAP
                             objective (``1/2 rss`` and ``X'(y - Xw)`` for the
                             Gaussian)
``neg_log_likelihood``       every MAP solver (scipy's objective)
``gradient``                 scipy's smooth MAP (L-BFGS-B), the exact solvers
``hessian_vector``           trust-region Newton steps; ``hessian`` the dense
                             matrix (by default from ``hessian_vector``)
``intercept``                the intercept that goes with ``w``
``to_pymc``, ``pymc_data``,  the PyMC model of :mod:`bayesreg.posterior`: the
``pymc_key``                 same log likelihood as a PyTensor expression on
                             ``pm.Data`` containers (compile once, swap data)
``pointwise_loglik``         ``log p(y_i | draw)`` per row, for PSIS-LOO
===========================  =================================================

The intercept has a flat prior. A MAP engine profiles it out
(``neg_log_likelihood(w, sigma)`` is the minimum over the intercept); a
posterior samples it (``to_pymc`` adds it to the model).

A likelihood *family* (``Gaussian()``, ``Logistic()``, ``Poisson()``,
``StudentT(df)``) is what a user passes (``likelihood=`` takes one, or its
registered name); :meth:`Likelihood.bind` returns it holding the data.
Families without a noise scale (``has_scale = False``: logistic, Poisson)
take ``sigma = 1`` wherever a sigma appears.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

__all__ = ["Likelihood"]


class Likelihood:
    """Base class of the likelihoods; subclasses implement every method."""

    #: Short name of the family (``"gaussian"``).
    name: ClassVar[str | None] = None
    n: int
    n_features: int
    feature_names: tuple
    fit_intercept: bool
    #: False for families without a noise scale (logistic, Poisson)
    has_scale: ClassVar[bool] = True
    #: the response is modelled as real numbers (not labels or counts)
    continuous: ClassVar[bool] = True

    def capabilities(self) -> frozenset:
        """What solvers may use beyond the required methods (see above)."""
        return frozenset()

    def bind(self, X, y, fit_intercept=True, *, owner="fit_map", feature_names=None):
        """This family holding validated data ``X, y``."""
        raise NotImplementedError

    # -- MAP ------------------------------------------------------------------

    def neg_log_likelihood(self, w, sigma) -> float:
        """``-log p(y | w, sigma)``, the intercept profiled out."""
        raise NotImplementedError

    def gradient(self, w, sigma) -> np.ndarray:
        """Gradient of :meth:`neg_log_likelihood` in ``w``."""
        raise NotImplementedError

    def loss(self, w, sigma) -> float:
        """``sigma^2`` times :meth:`neg_log_likelihood`, up to a constant."""
        raise NotImplementedError

    def score(self, w, sigma) -> np.ndarray:
        """Minus the gradient of :meth:`loss`."""
        raise NotImplementedError

    def hessian_vector(self, w, v, sigma) -> np.ndarray:
        """Hessian of :meth:`neg_log_likelihood` at ``w`` times ``v``."""
        raise NotImplementedError

    def hessian(self, w, sigma) -> np.ndarray:
        """Dense Hessian of :meth:`neg_log_likelihood` at ``w`` (p x p)."""
        eye = np.eye(self.n_features)
        return np.column_stack([self.hessian_vector(w, e, sigma) for e in eye])

    def intercept(self, w, sigma=None) -> float:
        """The intercept of the fit with weights ``w`` (and noise scale
        ``sigma`` where it matters)."""
        raise NotImplementedError

    # -- PyMC -------------------------------------------------------------------

    def pymc_data(self) -> dict:
        """Values of the ``pm.Data`` containers made by :meth:`to_pymc`."""
        raise NotImplementedError

    def pymc_key(self) -> tuple:
        """Everything but the ``pm.Data`` values: equal keys share a model."""
        raise NotImplementedError

    def to_pymc(self, w, sigma) -> None:
        """Add the log likelihood of weights ``w`` and noise scale ``sigma``
        (PyTensor variables) to the PyMC model in context, with the intercept
        when ``fit_intercept``."""
        raise NotImplementedError

    # -- LOO ------------------------------------------------------------------

    def pointwise_loglik(self, X, y, coef, intercept, sigma) -> np.ndarray:
        """``log p(y_i | x_i, draw)`` for draws ``coef`` (..., p), ``intercept``
        (...) or None and ``sigma`` (a float or (...)): shape (..., n)."""
        raise NotImplementedError
