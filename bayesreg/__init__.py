"""bayesreg: Bayesian regularized regression.

A Gaussian prior on the weights gives ridge regression as its MAP estimate, a
Laplace prior gives the lasso, a flat prior gives least squares. Heavy
submodules (PyMC, matplotlib) are imported only when first used.
"""

from importlib import import_module

from .priors import (
    ElasticNet,
    Flat,
    Gaussian,
    GeneralizedGaussian,
    Laplace,
    Penalty,
    Prior,
    StudentT,
)

__version__ = "0.1.0"

# public name -> submodule that defines it (imported on first access)
_LAZY = {
    "MAPResult": "map",
    "fit_map": "map",
    "fit_map_path": "map",
    "SufficientStats": "data",
    "BayesianLinearRegression": "estimator",
    "BayesianLinearRegressionCV": "estimator_cv",
    "BayesianLogisticRegression": "classifier",
    "check_map": "compare",
    "penalized_equivalent": "compare",
    "sample_posterior": "posterior",
    "sample_path": "posterior",
    "compare_loo": "posterior",
    "HalfNormal": "sigma",
    "HalfCauchy": "sigma",
    "Jeffreys": "sigma",
    "InverseGamma": "sigma",
    "residual_sigma": "sigma",
    "default_sigma": "sigma",
    "summary": "summaries",
    "sbc": "calibration",
    "sparse_summary": "sparse",
    "load": "io",
    "select_lambda": "select",
    "LambdaSelection": "select",
    "Horseshoe": "priors",
    "HorseshoePlus": "priors",
    "RegularizedHorseshoe": "priors",
}

__all__ = [
    "ElasticNet",
    "Flat",
    "Gaussian",
    "GeneralizedGaussian",
    "Laplace",
    "Penalty",
    "Prior",
    "StudentT",
    *_LAZY,
]


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'bayesreg' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
