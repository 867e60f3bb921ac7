"""Figures: the L1/L2 pictures, regularization paths and posteriors.

Every function takes data or a fitted result, draws on new axes or on the
``ax=`` given, and returns the matplotlib Figure.
"""

from .didactic import (
    constrained_optimum,
    lp_ball,
    plot_constraint_regions,
    plot_penalized_loss_1d,
    plot_prior_densities,
    plot_weight_decay,
    weight_decay_path,
)
from .fits import (
    default_lams,
    path_summary,
    plot_path,
    plot_posterior,
    plot_predictive,
    predictive_draws,
    residual_sigma,
)

__all__ = [
    "constrained_optimum",
    "default_lams",
    "lp_ball",
    "path_summary",
    "plot_constraint_regions",
    "plot_path",
    "plot_penalized_loss_1d",
    "plot_posterior",
    "plot_predictive",
    "plot_prior_densities",
    "plot_weight_decay",
    "predictive_draws",
    "residual_sigma",
    "weight_decay_path",
]
