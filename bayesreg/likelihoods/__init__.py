"""Likelihoods: the contract (:mod:`.base`) and the families.

:class:`GaussianLikelihood` is the one implementation of the Gaussian
likelihood, used by the MAP engine, the PyMC model, the exact conjugate draws
and the pointwise log likelihood. :class:`Logistic`, :class:`Poisson` and
:class:`StudentT` are sums over rows with the intercept profiled out
(:mod:`.rows`). ``likelihood=`` arguments take a family or its name in
:data:`LIKELIHOODS` (:func:`get_likelihood`); a new family is one file plus
:func:`register_likelihood`.
"""

from .base import Likelihood
from .gaussian import Gaussian, GaussianLikelihood
from .logistic import Logistic
from .poisson import Poisson
from .rows import RowLikelihood
from .student_t import StudentT

__all__ = [
    "LIKELIHOODS",
    "Gaussian",
    "GaussianLikelihood",
    "Likelihood",
    "Logistic",
    "Poisson",
    "RowLikelihood",
    "StudentT",
    "get_likelihood",
    "register_likelihood",
]

#: name -> family class (built with its default parameters).
LIKELIHOODS: dict[str, type] = {}


def register_likelihood(cls: type) -> type:
    """Register the family ``cls`` under ``cls.name``."""
    if cls.name in LIKELIHOODS:
        raise ValueError(f"A likelihood named {cls.name!r} is already registered.")
    LIKELIHOODS[cls.name] = cls
    return cls


for _cls in (Gaussian, Logistic, Poisson, StudentT):
    register_likelihood(_cls)


def get_likelihood(spec, owner: str) -> Likelihood:
    """The family for ``spec``: a :class:`Likelihood` instance as given, or a
    registered name (its default parameters)."""
    if isinstance(spec, Likelihood):
        return spec
    if isinstance(spec, str) and spec in LIKELIHOODS:
        return LIKELIHOODS[spec]()
    raise ValueError(
        f"The 'likelihood' parameter of {owner} must be one of "
        f"{', '.join(repr(k) for k in LIKELIHOODS)} or a bayesreg.likelihoods "
        f"family (e.g. StudentT(df=4)). Got {spec!r} instead."
    )
