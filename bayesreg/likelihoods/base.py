"""The likelihood contract: what an engine may ask of a data model.

A likelihood holds the data (for the Gaussian: its sufficient statistics) and
evaluates, for weights ``w`` and a noise scale ``sigma``,

===========================  =================================================
method                       who uses it
===========================  =================================================
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

    # -- MAP ------------------------------------------------------------------

    def neg_log_likelihood(self, w, sigma) -> float:
        """``-log p(y | w, sigma)``, the intercept profiled out."""
        raise NotImplementedError

    def gradient(self, w, sigma) -> np.ndarray:
        """Gradient of :meth:`neg_log_likelihood` in ``w``."""
        raise NotImplementedError

    def hessian_vector(self, w, v, sigma) -> np.ndarray:
        """Hessian of :meth:`neg_log_likelihood` at ``w`` times ``v``."""
        raise NotImplementedError

    def hessian(self, w, sigma) -> np.ndarray:
        """Dense Hessian of :meth:`neg_log_likelihood` at ``w`` (p x p)."""
        eye = np.eye(self.n_features)
        return np.column_stack([self.hessian_vector(w, e, sigma) for e in eye])

    def intercept(self, w) -> float:
        """The intercept of the fit with weights ``w``."""
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
