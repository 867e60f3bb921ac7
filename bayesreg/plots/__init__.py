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
``coefficients``    :func:`plot_coefficients` (top k, the rest summarized)
``predictive``      :func:`plot_predictive`, :func:`predictive_draws`
``select``          :func:`plot_lambda_selection` (choosing lam: criteria,
                    choices and the MAP path on one lam axis)
``calibration``     :func:`plot_calibration`, :func:`plot_count_frequencies`
                    (labels and counts: predicted means against the data)
==================  =========================================================
"""

from ..sigma import residual_sigma
from .calibration import (
    calibration_table,
    count_values,
    plot_calibration,
    plot_count_frequencies,
    predicted_mean,
    value_probabilities,
)
from .coefficients import coefficient_table, plot_coefficients
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
from .path import default_lams, path_summary, penalty_scales, plot_path
from .posterior import plot_posterior
from .predictive import plot_predictive, predictive_draws
from .select import plot_lambda_selection

__all__ = [
    "calibration_table",
    "coefficient_table",
    "constrained_optimum",
    "count_values",
    "default_lams",
    "lp_ball",
    "matched_prior",
    "path_summary",
    "penalty_scales",
    "plot_calibration",
    "plot_coefficients",
    "plot_constraint_regions",
    "plot_count_frequencies",
    "plot_lambda_selection",
    "plot_path",
    "plot_penalized_loss_1d",
    "plot_posterior",
    "plot_predictive",
    "plot_prior_densities",
    "plot_weight_decay",
    "predicted_mean",
    "predictive_draws",
    "prior_ball",
    "residual_sigma",
    "value_probabilities",
    "weight_decay_path",
]
