"""The prior contract, its declared capabilities, and the registry of families.

A prior is a small immutable object that knows its own math. Every prior has

* ``logpdf(w, sigma)``: the elementwise log density of the weights, and
* ``to_pymc(name, dims, sigma)``: the same density as a PyMC variable.

What else a prior can do it *declares* in :meth:`Prior.capabilities`; engines
state what they need and :func:`require` refuses a prior that lacks it, naming
both (as skglm's solvers declare the penalty attributes they use):

=============  ==============================================================
capability     method, and who needs it
=============  ==============================================================
``gradient``   ``gradient(w, sigma)`` of ``-log p`` everywhere: scipy's
               smooth MAP (L-BFGS-B)
``penalty``    ``penalty(sigma)`` = ``(l1, l2)`` with ``sigma^2 (-log p(w))
               = l1 ||w||_1 + l2/2 ||w||^2 + const``: the exact solvers
               (Cholesky, active set), scikit-learn equivalents, paths
``conjugate``  ``conjugate_variance()``: exact Normal(-Inverse-Gamma) draws
``prox``       ``prox(z, step, sigma)``, the proximal map of ``-log p``: the
               MAP of a non-smooth prior without a penalty form
``nonconvex``  ``-log p`` is not convex: the MAP starts from several points
``gibbs``      ``gibbs_init``, ``gibbs_update``, ``gibbs_variables``: the
               full conditionals of a Gaussian scale mixture, for
               ``sampler="gibbs"``
=============  ==============================================================

A family registers a name with :func:`register` (``@register("laplace")``);
the command line's ``--prior`` choices, the report and the plots read
:data:`REGISTRY`, so a new family is one new file plus its registration.
A prior defined outside the package needs no registration to be fitted: a
subclass of :class:`Prior` with ``logpdf``, ``gradient`` (declared) and
``to_pymc`` works with ``fit_map(..., solver="scipy")`` and
``sample_posterior``.

Scales are scale parameters, as in scipy and PyMC. With ``relative=True`` a
scale is relative to the noise scale: the prior scale of each weight is
``sigma * scale`` (Park & Casella 2008).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .._validation import check_positive

__all__ = [
    "CAPABILITIES",
    "REGISTRY",
    "Penalty",
    "Prior",
    "prior_class",
    "register",
    "require",
]

#: The capabilities a prior may declare (see the module docstring).
CAPABILITIES = frozenset(
    {"gradient", "penalty", "conjugate", "prox", "nonconvex", "gibbs"}
)

#: Registered families: name -> Prior subclass, in registration order.
REGISTRY: dict[str, type] = {}

LOG_2PI = math.log(2.0 * math.pi)


@dataclass(frozen=True)
class Penalty:
    """Penalty ``l1 ||w||_1 + l2/2 ||w||^2`` added to ``1/2 ||y - X w||^2``.

    Priors compute ``l1``, ``l2`` with products, never ``**``, so an extreme
    scale gives 0 or inf, not an OverflowError.
    """

    l1: float
    l2: float

    def value(self, w) -> float:
        """Return ``l1 ||w||_1 + l2/2 ||w||^2``."""
        w = np.asarray(w, dtype=float)
        return float(self.l1 * np.abs(w).sum() + 0.5 * self.l2 * (w @ w))


def register(name: str):
    """Class decorator: add a prior family to :data:`REGISTRY` under ``name``."""

    def add(cls):
        if name in REGISTRY and REGISTRY[name] is not cls:
            raise ValueError(f"A prior family named {name!r} is already registered.")
        cls.name = name
        REGISTRY[name] = cls
        return cls

    return add


def prior_class(name, owner: str = "prior_class"):
    """The registered family called ``name`` (a Prior subclass passes through)."""
    if isinstance(name, type) and issubclass(name, Prior):
        return name
    if isinstance(name, str) and name.lower() in REGISTRY:
        return REGISTRY[name.lower()]
    raise ValueError(
        f"The 'prior' parameter of {owner} must be one of "
        f"{', '.join(repr(k) for k in REGISTRY)} or a Prior class. Got {name!r} "
        "instead."
    )


def require(prior, needs, who: str):
    """Raise unless ``prior`` declares every capability in ``needs``.

    ``who`` names the engine in the message, e.g. ``"solver='active_set'"``.
    """
    have = prior.capabilities()
    missing = [c for c in needs if c not in have]
    if missing:
        raise ValueError(
            f"{who} needs a prior with {', '.join(repr(c) for c in missing)}; "
            f"{prior!r} declares {sorted(have) or 'none'}."
        )
    return prior


def check_sigma(sigma, owner: str) -> float:
    return check_positive(sigma, "sigma", owner)


@dataclass(frozen=True)
class Prior:
    """Base class: an independent prior on each regression weight.

    Subclasses implement :meth:`logpdf` and :meth:`to_pymc` and declare in
    :meth:`capabilities` which optional methods they provide.
    """

    #: Registered name of the family (set by :func:`register`).
    name: ClassVar[str | None] = None
    #: Capabilities of the family; an instance may have fewer (a hyperprior).
    family_capabilities: ClassVar[frozenset] = frozenset()
    #: Extra command-line options of the family: {keyword: help text}.
    cli_options: ClassVar[dict] = {}
    #: Hyperprior on the scale (Gaussian and Laplace accept one).
    hyperprior = None
    relative = False
    #: Whether the family has a closed-form marginal density with a finite
    #: mode: ``logpdf``, ``variance`` and a MAP. False for the horseshoe
    #: family (its marginal density has a pole at ``w = 0``): posterior
    #: sampling only; engines and plots read this, never the family's name.
    has_density: ClassVar[bool] = True

    def capabilities(self) -> frozenset:
        """What this prior can do beyond ``logpdf``/``to_pymc`` (module docstring)."""
        return frozenset(self.family_capabilities)

    # -- required -----------------------------------------------------------

    def logpdf(self, w, sigma=1.0) -> np.ndarray:
        """Elementwise log density of the weights ``w``."""
        raise NotImplementedError(f"{type(self).__name__} must implement logpdf")

    def to_pymc(self, name, dims, sigma):
        """Add the weights as a PyMC variable to the model in context.

        Parameters
        ----------
        name : str
            Name of the weight variable; fixed scales become ``pm.Data``
            containers named as in :meth:`pymc_data`, so a compiled model can
            be reused for another scale without recompiling.
        dims : str
            Name of the coordinate of the weights.
        sigma : float or PyTensor variable
            Noise scale; used only when ``relative`` is True.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement to_pymc")

    def no_density_error(self, who: str) -> ValueError:
        """The error for ``who`` (``"fit_map"``, ``"logpdf"``, ...) asking a
        prior with ``has_density = False`` for a density, penalty or MAP."""
        return ValueError(
            f"{who}: {self!r} has no closed-form density and no finite MAP (its "
            "marginal density has a pole at w = 0, where the posterior density "
            "is unbounded); sample its posterior instead: sample_posterior(..., "
            "sampler='gibbs' or 'nutpie'), or method='nuts' in the estimators."
        )

    # -- optional capabilities ------------------------------------------------

    def neg_log_density(self, w, sigma=1.0) -> float:
        """Return ``-sum_j log p(w_j)``."""
        return float(-np.sum(self.logpdf(w, sigma)))

    def variance(self, sigma=1.0) -> float:
        """Prior variance of one weight, ``2 int_0^inf w^2 p(w) dw`` (priors
        are symmetric about 0); by quadrature unless a family has a closed form."""
        from scipy import integrate

        def moment(w):
            return w * w * math.exp(float(self.logpdf(np.array([w]), sigma)[0]))

        return 2.0 * integrate.quad(moment, 0.0, np.inf, limit=200)[0]

    def gradient(self, w, sigma=1.0) -> np.ndarray:
        """Gradient of :meth:`neg_log_density` (capability ``gradient``)."""
        raise NotImplementedError(f"{type(self).__name__} declares no gradient")

    def penalty(self, sigma=1.0) -> Penalty:
        """Penalty whose minimizer, with ``1/2 ||y - X w||^2``, is the MAP.

        ``sigma^2 * neg_log_density(w)`` equals ``penalty(sigma).value(w)`` up
        to a constant (capability ``penalty``).
        """
        raise ValueError(
            f"{self!r} has no penalty form (l1, l2); it declares "
            f"{sorted(self.capabilities()) or 'none'}."
        )

    def conjugate_variance(self):
        """``(v0, relative)`` when ``w_j ~ N(0, v0)`` (times ``sigma^2`` if
        ``relative``; ``v0 = inf`` for the flat prior), else None."""
        return None

    def prox(self, z, step, sigma=1.0) -> np.ndarray:
        """``argmin_w 1/2 (w - z)^2 + step * (-log p(w))``, elementwise."""
        raise NotImplementedError(f"{type(self).__name__} declares no prox")

    def pymc_data(self, name) -> dict:
        """Values of the ``pm.Data`` containers made by :meth:`to_pymc`."""
        return {}

    def pymc_key(self) -> tuple:
        """Everything but the ``pm.Data`` values: equal keys share a model."""
        return (type(self).__name__, self.relative, self.hyperprior)

    # -- construction ---------------------------------------------------------

    def replace(self, **changes):
        """A copy with ``changes`` (validated as in the constructor)."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_options(cls, *, scale=None, lam=None, sigma=1.0, relative=False, **extra):
        """The prior from command-line style options.

        Exactly one of ``scale`` (the prior scale) and ``lam`` (the penalty
        in ``1/2||y - Xw||^2 + lam pen(w)`` at noise scale ``sigma``); families
        with more parameters take them as keywords (see ``cli_options``).
        """
        cls.check_options(scale, lam, extra)
        if lam is not None:
            if not hasattr(cls, "from_penalty"):
                raise ValueError(
                    f"--prior {cls.name} has no penalty form: give --scale."
                )
            return cls.from_penalty(lam, sigma, relative=relative)
        return cls(scale=scale, relative=relative)

    @classmethod
    def check_options(cls, scale, lam, extra):
        """Refuse options the family does not take, and both or neither of
        ``scale`` and ``lam``."""
        unknown = [k for k, v in extra.items() if v is not None]
        if unknown:
            raise ValueError(
                f"--prior {cls.name} takes no {', '.join(_opt(k) for k in unknown)}."
            )
        if (scale is None) == (lam is None):
            raise ValueError(
                f"--prior {cls.name} needs exactly one of --scale S (prior scale) or "
                "--lam L (penalty in 1/2||y - Xw||^2 + lam * pen(w))."
            )

    @classmethod
    def lam_range(cls, max_abs_xty, mean_diag_xtx, **extra):
        """``(lam_max, lam_min)`` of a default path grid (penalty families)."""
        raise ValueError(f"--prior {cls.name} has no penalty to vary along a path.")


def _opt(keyword: str) -> str:
    return "--" + keyword.replace("_", "-")
