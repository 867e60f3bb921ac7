"""Settings of the report: its options and the default noise scale and priors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..likelihoods import get_likelihood
from ..priors import prior_class
from .tables import data_scales

__all__ = ["STORY", "ReportOptions", "default_settings"]

#: The prior families the report tells its story with, in its order.
STORY = ("flat", "gaussian", "laplace", "elasticnet")


@dataclass
class ReportOptions:
    """Settings of :func:`build_report` (``None``: chosen from the data)."""

    sigma: float | None = None
    gaussian_scale: float | None = None
    laplace_scale: float | None = None
    draws: int = 500
    tune: int = 500
    chains: int = 4
    seed: int = 0
    n_lams: int = 40
    n_bayes_lams: int = 8
    path_draws: int = 300
    #: Penalize the columns divided by their sd (ddof=0); coefficients are
    #: reported on the original scale.
    standardize: bool = True
    #: The likelihood family (or its registered name) of every fit.
    likelihood: object = "gaussian"
    #: The horseshoe fit draws this many times ``draws``: its global scale
    #: mixes slowly under Gibbs (bulk ESS about 8% of the draws on diabetes,
    #: measured), and Gibbs draws are cheap (4 x 2000 in about 0.5 s).
    horseshoe_draws_factor: int = 4


def default_settings(X, y, options, *, standardize=None):
    """``(sigma, note, priors)`` with the default choices stated in ``note``.

    * ``sigma``: :func:`bayesreg.sigma.default_sigma` (the least-squares
      residual sd; the sd of ``y`` when that is not defined); 1 for a
      likelihood without a noise scale (``has_scale`` False);
    * Gaussian scale ``tau`` with ``lam2 = sigma^2/tau^2`` equal to 0.1 times
      the mean diagonal of the centred ``X'X``;
    * Laplace scale ``b`` with ``lam1 = sigma^2/b`` equal to 0.1 times
      ``max_j |x_j'y|``, one tenth of the smallest all-zero lasso penalty;
    * elastic net: ``ElasticNet.from_penalty(lam1, sigma, l1_ratio=0.5)``, an
      even mix, ``l1 = l2 = lam1 / 2``.

    With ``standardize`` (default ``options.standardize``) ``X'X`` and ``X'y``
    are those of the standardized columns (centred, divided by their sd), on
    which the penalty then acts. For a likelihood other than the Gaussian,
    ``X'y`` and ``X'X`` are the gradient and curvature of its data term at
    ``w = 0`` (:func:`bayesreg.report.tables.data_scales`).
    """
    from ..sigma import default_sigma

    if standardize is None:
        standardize = getattr(options, "standardize", False)
    family = get_likelihood(getattr(options, "likelihood", "gaussian"), "report")
    quadratic = "quadratic" in family.capabilities()
    notes = [] if quadratic else [f"likelihood {family!r}"]
    sigma = options.sigma
    if not family.has_scale:
        if sigma is not None:
            raise ValueError(
                f"The likelihood {family!r} has no noise scale: leave sigma out "
                f"(got {sigma!r})."
            )
        sigma = 1.0
        notes.append("no noise scale: sigma = 1 in every penalty")
    elif sigma is None:
        sigma, how = default_sigma(np.asarray(X, dtype=float), np.asarray(y, float))
        notes.append(how)
    else:
        notes.append(f"sigma = {sigma:.6g} (given)")
    xty, diag = data_scales(X, y, family, sigma, standardize)
    cols = "standardized X" if standardize else "centred X"
    if not quadratic:
        cols += (
            "; for this likelihood the gradient of its data term at w = 0 in "
            "place of X'y, and its Hessian there in place of X'X when it is convex"
        )
    lam2 = 0.1 * diag
    lam1 = 0.1 * xty
    family = {name: prior_class(name) for name in STORY}
    if options.gaussian_scale is not None:
        gaussian = family["gaussian"].from_options(scale=options.gaussian_scale)
    else:
        gaussian = family["gaussian"].from_penalty(lam2, sigma)
        notes.append(
            f"Gaussian scale tau = {gaussian.scale:.6g}: lam = sigma^2/tau^2 = "
            f"{lam2:.6g}, 0.1 x mean diagonal of X'X ({cols})"
        )
    if options.laplace_scale is not None:
        laplace = family["laplace"].from_options(scale=options.laplace_scale)
    else:
        laplace = family["laplace"].from_penalty(lam1, sigma)
        notes.append(
            f"Laplace scale b = {laplace.scale:.6g}: lam = sigma^2/b = {lam1:.6g}, "
            f"0.1 x max|x_j'y| ({cols}; max|x_j'y| is the smallest lam giving "
            "all zeros)"
        )
    lam = laplace.penalty(sigma).l1
    enet = family["elasticnet"].from_penalty(lam, sigma, l1_ratio=0.5)
    notes.append(
        f"elastic net: the Laplace lam = {lam:.6g} split evenly, l1 = l2 = "
        f"{lam / 2:.6g} (ElasticNet.from_penalty(lam, sigma, l1_ratio=0.5), "
        "scikit-learn's l1_ratio = 0.5)"
    )
    priors = {"flat": family["flat"].from_options()}
    priors.update(gaussian=gaussian, laplace=laplace, elasticnet=enet)
    return float(sigma), notes, priors
