"""Prior densities side by side, on a linear and a log scale.

Any registered prior family can be drawn (:data:`bayesreg.priors.REGISTRY`):
matched to one standard deviation (its scale parameters rescaled) or to one
penalty weight ``lam`` (``Family.from_penalty``). The default adds the bridge
prior ``GeneralizedGaussian(power=0.5)`` to the Gaussian and the Laplace.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..._validation import check_choice, check_positive
from ...priors import GeneralizedGaussian, Prior, prior_class
from .._common import axes_for
from ._style import L1_COLOR, L2_COLOR

__all__ = ["matched_prior", "plot_prior_densities"]

_DEFAULT_FAMILIES = {
    "variance": ("gaussian", "laplace", GeneralizedGaussian(power=0.5)),
    "penalty": ("gaussian", "laplace"),
}


def _prior_sd(prior, sigma):
    """Standard deviation of the prior (1.0 for an improper one)."""
    var = prior.variance(sigma)
    return math.sqrt(var) if math.isfinite(var) else 1.0


def _scale_fields(prior):
    return [
        f.name
        for f in dataclasses.fields(prior)
        if f.name == "scale" or f.name.endswith("_scale")
    ]


def matched_prior(family, match, value, sigma=1.0, owner="matched_prior"):
    """The prior of ``family`` with standard deviation ``value`` or penalty ``value``.

    Parameters
    ----------
    family : str, Prior class or Prior
        A registered name, a class (its default parameters), or an instance
        (keeps its shape parameters, e.g. ``GeneralizedGaussian(power=0.5)``).
    match : {'variance', 'penalty'}
        ``'variance'``: every scale parameter (``scale``, ``*_scale``)
        multiplied by one factor so that the standard deviation is ``value``.
        ``'penalty'``: ``Family.from_penalty(value, sigma)`` (families with a
        penalty form only).
    """
    if isinstance(family, Prior):
        prior, cls = family, type(family)
    else:
        cls = prior_class(family, owner)
        prior = None
    _check_density(cls, owner)
    if match == "penalty":
        if not hasattr(cls, "from_penalty") or isinstance(family, Prior):
            raise ValueError(
                f"{owner}: match='penalty' needs a family with a penalty form "
                f"(a name or class with from_penalty); got {family!r}."
            )
        return cls.from_penalty(value, sigma)
    prior = cls() if prior is None else prior
    fields = _scale_fields(prior)
    sd = _prior_sd(prior, sigma)
    if not fields or not math.isfinite(prior.variance(sigma)):
        raise ValueError(
            f"{owner}: cannot match the variance of {prior!r} (no scale parameter "
            "or an improper prior)."
        )
    factor = value / sd
    return prior.replace(**{f: getattr(prior, f) * factor for f in fields})


def _check_density(cls, owner):
    """Refuse a family without a closed-form density (``has_density``)."""
    if not cls.has_density:
        raise ValueError(
            f"{owner}: {cls.__name__} has no closed-form density to draw (its "
            "marginal density is an integral over its scales, with a pole at "
            "w = 0); draw it from sample_posterior or its rvs instead."
        )


def _label(prior, match, sigma) -> str:
    """``'Laplace (L1)'``, ``'GeneralizedGaussian(power=0.5)'``, ``'Gaussian'``."""
    name = type(prior).__name__
    shape = [
        f"{f.name}={getattr(prior, f.name):g}"
        for f in dataclasses.fields(prior)
        if f.name not in _scale_fields(prior)
        and isinstance(getattr(prior, f.name), int | float)
        and not isinstance(getattr(prior, f.name), bool)
    ]
    if shape:
        name += f"({', '.join(shape)})"
    if match == "penalty" and "penalty" in prior.capabilities():
        pen = prior.penalty(sigma)
        kind = "+".join(k for k, v in (("L1", pen.l1), ("L2", pen.l2)) if v > 0)
        name += f" ({kind})" if kind else ""
    return name


def plot_prior_densities(
    match="variance",
    value=1.0,
    *,
    sigma=1.0,
    priors=None,
    families=None,
    xmax=None,
    yscale=("linear", "log"),
    ax=None,
):
    """Prior densities of several families, on a linear and a log scale.

    Parameters
    ----------
    match : {'variance', 'penalty'}
        ``'variance'``: every prior has standard deviation ``value`` (e.g.
        ``Gaussian(scale=value)``, ``Laplace(scale=value/sqrt(2))``).
        ``'penalty'``: every prior is the prior of the same ``lam = value`` in
        ``1/2||y - Xw||^2 + lam pen(w)`` at noise scale ``sigma``
        (``Family.from_penalty(lam, sigma)``).
    value : float > 0
        Standard deviation or ``lam``, see ``match``.
    sigma : float > 0
        Noise scale (for ``match='penalty'`` and relative priors).
    priors : dict of str -> Prior, optional
        Draw these priors as they are (``match`` and ``value`` then only
        title it).
    families : sequence of (str, Prior class or Prior), optional
        Families to match (see :func:`matched_prior`); any registered name.
        Default: Gaussian, Laplace and ``GeneralizedGaussian(power=0.5)`` for
        ``'variance'``, Gaussian and Laplace for ``'penalty'``.
    xmax : float, optional
        Half-width of the weight axis (default: 4 standard deviations of the
        widest prior).
    yscale : sequence of {'linear', 'log'}
        One panel per entry.
    ax : Axes or sequence of Axes, optional
        One per entry of ``yscale``.

    Returns
    -------
    matplotlib.figure.Figure
        Each curve is ``exp(prior.logpdf(w, sigma))``, labelled with the
        family's name (and ``(L1)``/``(L2)`` for ``'penalty'``).
    """
    owner = "plot_prior_densities"
    check_choice(match, "match", owner, ("variance", "penalty"))
    value = check_positive(value, "value", owner)
    sigma = check_positive(sigma, "sigma", owner)
    yscale = [yscale] if isinstance(yscale, str) else list(yscale)
    for s in yscale:
        check_choice(s, "yscale", owner, ("linear", "log"))
    if priors is None:
        if families is None:
            families = _DEFAULT_FAMILIES[match]
        made = [matched_prior(f, match, value, sigma, owner) for f in families]
        priors = {_label(p, match, sigma): p for p in made}
        if match == "variance":
            title = f"matched variance (sd = {value:g})"
        else:
            title = f"matched penalty (lam = {value:g}, sigma = {sigma:g})"
    else:
        title = "prior densities"
    for name, prior in priors.items():
        if not isinstance(prior, Prior):
            raise TypeError(
                f"The 'priors' parameter of {owner} must map names to bayesreg "
                f"priors. Got {prior!r} for {name!r} instead."
            )
        _check_density(type(prior), owner)
    if xmax is None:
        sd = [_prior_sd(p, sigma) for p in priors.values()]
        xmax = 4.0 * max(sd)
    xmax = check_positive(xmax, "xmax", owner)
    w = np.linspace(-xmax, xmax, 801)  # odd: w = 0 is a grid point
    w[400] = 0.0
    fig, axes = axes_for(ax, len(yscale), owner)
    colors = [L2_COLOR, L1_COLOR, "tab:green", "tab:red", "tab:purple", "tab:brown"]
    for a, scale in zip(axes, yscale, strict=True):
        for (name, prior), color in zip(priors.items(), colors, strict=False):
            dens = np.exp(prior.logpdf(w, sigma))
            a.plot(
                w, dens, color=color, label=f"{name}, sd {_prior_sd(prior, sigma):.3g}"
            )
        a.set_yscale(scale)
        a.set_xlabel("weight w")
        a.set_ylabel("density p(w)" + (" (log scale)" if scale == "log" else ""))
        a.axvline(0.0, color="0.8", lw=0.8, zorder=0)
        a.set_title(f"{title}: {scale} scale", fontsize="medium")
    axes[0].legend(fontsize="small")
    return fig
