"""Likelihoods: the contract (:mod:`.base`) and the Gaussian family.

:class:`GaussianLikelihood` is the one implementation of the Gaussian
likelihood, used by the MAP engine, the PyMC model, the exact conjugate draws
and the pointwise log likelihood.
"""

from .base import Likelihood
from .gaussian import GaussianLikelihood

__all__ = ["GaussianLikelihood", "Likelihood"]
