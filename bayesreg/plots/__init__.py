"""Figures: the L1/L2 pictures, regularization paths and posteriors.

Every function takes data or a fitted result, draws on new axes or on the
``ax=`` given, and returns the matplotlib Figure.

==================  =========================================================
module              figures
==================  =========================================================
``didactic``        prior densities, one weight, Lp and prior balls, weight
                    decay (one module each)
``path``            :func:`plot_path`, :func:`default_lams`
``posterior``       :func:`plot_posterior`
``predictive``      :func:`plot_predictive`, :func:`predictive_draws`
==================  =========================================================
"""

from ..sigma import residual_sigma
from .didactic import (
    constrained_optimum,
    lp_ball,
    matched_prior,
    plot_constraint_regions,
    plot_penalized_loss_1d,
    plot_prior_densities,
    plot_weight_decay,
    prior_ball,
    weight_decay_path,
)
from .path import default_lams, path_summary, plot_path
from .posterior import plot_posterior
from .predictive import plot_predictive, predictive_draws

__all__ = [
    "constrained_optimum",
    "default_lams",
    "lp_ball",
    "matched_prior",
    "path_summary",
    "plot_constraint_regions",
    "plot_path",
    "plot_penalized_loss_1d",
    "plot_posterior",
    "plot_predictive",
    "plot_prior_densities",
    "plot_weight_decay",
    "predictive_draws",
    "prior_ball",
    "residual_sigma",
    "weight_decay_path",
]
