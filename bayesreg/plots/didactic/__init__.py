"""The classic L1/L2 pictures, computed with the package's own engines.

* :func:`plot_prior_densities` (``prior_densities``): prior densities of any
  registered families, matched in variance or penalty, linear and log scale.
* :func:`plot_penalized_loss_1d` (``one_weight``): one weight, data loss plus
  L1 / L2 penalty, minima from :func:`bayesreg.fit_map`.
* :func:`plot_constraint_regions` (``geometry``): loss contours with Lp balls
  or the balls of priors (:func:`prior_ball`) and the constrained optima.
* :func:`plot_weight_decay` (``weight_decay``): gradient descent with weight
  decay, with the L1 subgradient step and with the proximal step.

All penalties use the package's unscaled convention
``1/2 ||y - X w||^2 + lam pen(w)``, ``pen = ||w||_1`` (L1) or ``1/2 ||w||^2`` (L2).
"""

from .geometry import (
    _two_weight_data,
    constrained_optimum,
    lp_ball,
    plot_constraint_regions,
    prior_ball,
)
from .one_weight import one_weight_data, plot_penalized_loss_1d
from .prior_densities import matched_prior, plot_prior_densities
from .weight_decay import _decay_data, plot_weight_decay, weight_decay_path

__all__ = [
    "_decay_data",
    "_two_weight_data",
    "constrained_optimum",
    "lp_ball",
    "matched_prior",
    "one_weight_data",
    "plot_constraint_regions",
    "plot_penalized_loss_1d",
    "plot_prior_densities",
    "plot_weight_decay",
    "prior_ball",
    "weight_decay_path",
]
