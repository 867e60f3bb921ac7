"""Priors on regression weights: the contract, the registry and the families.

Each family is one file registering itself (``@register("name")``); see
:mod:`bayesreg.priors.base` for the contract and the declared capabilities
(``gradient``, ``penalty``, ``conjugate``, ``prox``, ``nonconvex``) that the
engines ask for.
"""

from .base import CAPABILITIES, REGISTRY, Penalty, Prior, prior_class, register, require
from .elastic_net import ElasticNet
from .flat import Flat
from .gaussian import Gaussian
from .generalized_gaussian import GeneralizedGaussian
from .horseshoe import Horseshoe
from .horseshoe_plus import HorseshoePlus
from .hyper import LambdaSquaredGamma, ScaleHalfCauchy
from .laplace import Laplace
from .regularized_horseshoe import RegularizedHorseshoe
from .student_t import StudentT

__all__ = [
    "CAPABILITIES",
    "REGISTRY",
    "ElasticNet",
    "Flat",
    "Gaussian",
    "GeneralizedGaussian",
    "Horseshoe",
    "HorseshoePlus",
    "LambdaSquaredGamma",
    "Laplace",
    "Penalty",
    "Prior",
    "RegularizedHorseshoe",
    "ScaleHalfCauchy",
    "StudentT",
    "prior_class",
    "register",
    "require",
]
