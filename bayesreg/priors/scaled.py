"""Families with one scale that may be random: the shared part of Gaussian and
Laplace (``scale``, ``relative``, an optional hyperprior on the scale)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from .._validation import check_positive
from .base import Prior, check_sigma
from .hyper import check_hyperprior

__all__ = ["ScaleFamily"]


@dataclass(frozen=True, repr=False)
class ScaleFamily(Prior):
    """A prior with one scale ``scale`` (times ``sigma`` when ``relative``),
    or a random scale from ``hyperprior`` (then no fixed density: no
    capabilities, posterior sampling only)."""

    scale: float = 1.0
    relative: bool = field(default=False)
    hyperprior: object = field(default=None, repr=False)
    #: Capabilities the family keeps under a hyperprior that declares them too
    #: (the hyperprior's ``capabilities``, e.g. ``gibbs`` for
    #: LambdaSquaredGamma on a Laplace prior).
    hyper_capabilities: ClassVar[frozenset] = frozenset()
    #: The hyperprior capability each of ``hyper_capabilities`` needs, where
    #: it is not the same name (Gaussian: ``gibbs`` needs a hyperprior with
    #: ``gibbs_scale2`` conditionals, as ScaleHalfCauchy declares).
    hyper_needs: ClassVar[dict] = {}

    def __post_init__(self):
        name = type(self).__name__
        object.__setattr__(self, "scale", check_positive(self.scale, "scale", name))
        check_hyperprior(self)

    def __repr__(self):
        args = [f"scale={self.scale!r}", f"relative={self.relative!r}"]
        if self.hyperprior is not None:
            args.append(f"hyperprior={self.hyperprior!r}")
        return f"{type(self).__name__}({', '.join(args)})"

    def capabilities(self):
        if self.hyperprior is None:
            return self.family_capabilities
        declared = frozenset(getattr(self.hyperprior, "capabilities", ()))
        return frozenset(
            c for c in self.hyper_capabilities if self.hyper_needs.get(c, c) in declared
        )

    def pymc_data(self, name):
        return {} if self.hyperprior is not None else {f"{name}_scale": self.scale}

    def absolute_scale(self, sigma) -> float:
        """``scale`` (times ``sigma`` when relative); a hyperprior has none."""
        if self.hyperprior is not None:
            raise ValueError(
                f"{type(self).__name__} has a hyperprior on its scale "
                f"({self.hyperprior!r}), so it has no fixed scale, density or "
                "penalty; only the posterior samplers (sample_posterior) accept it."
            )
        sigma = check_sigma(sigma, type(self).__name__)
        return self.scale * sigma if self.relative else self.scale

    def draw_scale(self, sigma, rng, name="coef"):
        """``(scale, hyper)`` for one draw from the prior (``rvs``): the fixed
        scale, or one from the hyperprior (its ``rvs``), times ``sigma`` when
        relative; ``hyper`` holds the hyperparameter drawn, named as in
        :meth:`to_pymc` (``<name>_lam2``, ``<name>_tau``)."""
        if self.hyperprior is None:
            scale, hyper = self.scale, {}
        else:
            scale, hyper = self.hyperprior.rvs(name, rng)
        return (scale * sigma if self.relative else scale), hyper

    def pymc_scale(self, name, sigma):
        """The scale in a PyMC model: the hyperprior's variable, or ``pm.Data``
        ``<name>_scale`` (times ``sigma`` when relative)."""
        import pymc as pm

        if self.hyperprior is not None:
            scale = self.hyperprior.to_pymc(name)
        else:
            scale = pm.Data(f"{name}_scale", float(self.scale))
        return scale * sigma if self.relative else scale

    # -- Gibbs conditionals (capability ``gibbs``) ---------------------------
    #
    # The state is a dict of per-chain arrays; ``state["var"]`` (chains, p) is
    # the prior variance of each weight given the auxiliaries, in units of
    # sigma^2 when ``relative``: w_j | aux ~ N(0, var_j) (times sigma^2).

    def gibbs_variables(self, name, state) -> dict:
        """Hyperparameter draws to report, named as in :meth:`to_pymc`."""
        return {}
