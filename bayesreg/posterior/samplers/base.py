"""The sampler contract and the registry of samplers.

A sampler is a small registered object. It states

* ``name``: what ``sampler=`` calls it;
* ``method``: the kind of draws, the estimator's ``method`` it serves
  (``"nuts"``: Markov chains; ``"exact"``: independent closed-form draws);
* ``requires``: the prior capabilities it needs (:mod:`bayesreg.priors.base`),
  checked by :func:`~bayesreg.priors.base.require`;
* ``likelihood_requires``: the likelihood capabilities it needs
  (:meth:`bayesreg.likelihoods.Likelihood.capabilities`: ``"quadratic"``,
  the Gaussian, for closed-form draws); the PyMC samplers need none, every
  family has a PyMC form;
* ``module`` and ``install``: the package it needs and how to install it;
* ``iid``: whether its draws are independent (then no convergence checks);

and implements ``run``. Nothing outside a sampler's own file looks at its
name: the API, the estimator and the command line read :data:`REGISTRY`.
A new sampler is one file with a ``@register`` class, imported in
``samplers/__init__.py``.
"""

from __future__ import annotations

import importlib.util
from typing import ClassVar

from ..._validation import check_choice
from ...likelihoods import Gaussian
from ...priors import require

__all__ = ["REGISTRY", "Sampler", "get_sampler", "register", "sampler_names"]

#: Registered samplers: name -> Sampler instance, in registration order.
REGISTRY: dict[str, Sampler] = {}


class Sampler:
    """Base class of the samplers (see the module docstring)."""

    name: ClassVar[str]
    method: ClassVar[str] = "nuts"
    requires: ClassVar[frozenset] = frozenset()
    likelihood_requires: ClassVar[frozenset] = frozenset()
    module: ClassVar[str | None] = None
    install: ClassVar[str | None] = None
    iid: ClassVar[bool] = False
    #: The package's default sampler (exactly one registered sampler).
    default: ClassVar[bool] = False

    def __repr__(self):
        return f"<sampler {self.name!r}>"

    def describe(self) -> str:
        """What its draws are, for the command line's help."""
        return "independent closed-form draws" if self.iid else "Markov chain draws"

    def available(self) -> bool:
        """Whether the package it needs is installed."""
        return self.module is None or importlib.util.find_spec(self.module) is not None

    def check(self, prior, sigma, owner: str, likelihood=None) -> None:
        """Refuse what this sampler cannot do, before any data is touched.

        Raises ``ImportError`` (with the install hint) when it is not
        available, ``ValueError`` when the likelihood (a family; None: the
        Gaussian) or the prior lacks a capability it requires.
        """
        if not self.available():
            raise ImportError(
                f"sampler={self.name!r} needs the {self.module!r} package, which "
                f"is not installed: {self.install}"
            )
        self.check_likelihood(likelihood)
        require(prior, self.requires, f"sampler={self.name!r}")

    def resolve(self, prior, sigma, likelihood=None) -> Sampler:
        """The sampler that draws for this model: itself (``auto`` picks one)."""
        return self

    def accepts_likelihood(self, likelihood) -> bool:
        """Whether ``likelihood`` (a family; None: the Gaussian) declares every
        capability in :attr:`likelihood_requires`."""
        have = _likelihood_capabilities(likelihood)
        return self.likelihood_requires <= have

    def check_likelihood(self, likelihood) -> None:
        """``ValueError`` naming the missing likelihood capabilities and the
        samplers that would accept the family."""
        if self.accepts_likelihood(likelihood):
            return
        have = _likelihood_capabilities(likelihood)
        lacks = sorted(self.likelihood_requires - have)
        others = [k for k, s in REGISTRY.items() if s.accepts_likelihood(likelihood)]
        raise ValueError(
            f"sampler={self.name!r} needs a likelihood with the capability "
            f"{', '.join(repr(c) for c in lacks)}; likelihood {likelihood!r} "
            "declares "
            f"{sorted(have) or 'none'}. Use sampler= one of "
            f"{', '.join(repr(k) for k in others)}."
        )

    def run(self, prior, sigma, data, *, draws, tune, chains, seed, progressbar):
        """Draw from the posterior of ``prior``, ``sigma`` (a SigmaPrior) and
        ``data`` (a :class:`~bayesreg.posterior.model.ModelData`).

        Returns ``(posterior, sample_stats)``, xarray Datasets with dims
        ``chain, draw`` (and ``feature`` for ``coef``), in the model's units
        and names (``coef``, ``intercept``, ``sigma``, hyperprior variables;
        ``sample_stats`` has ``diverging``).
        """
        raise NotImplementedError


def _likelihood_capabilities(likelihood) -> frozenset:
    """Capabilities of a family (None: the Gaussian)."""
    return (Gaussian() if likelihood is None else likelihood).capabilities()


def register(cls):
    """Class decorator: add an instance of a :class:`Sampler` subclass to
    :data:`REGISTRY` under its ``name``."""
    if cls.name in REGISTRY and type(REGISTRY[cls.name]) is not cls:
        raise ValueError(f"A sampler named {cls.name!r} is already registered.")
    REGISTRY[cls.name] = cls()
    return cls


def sampler_names(method=None) -> tuple[str, ...]:
    """Names of the registered samplers (of one ``method``), in order."""
    return tuple(k for k, s in REGISTRY.items() if method in (None, s.method))


def default_sampler(method=None) -> str:
    """The default sampler, or the first registered one of ``method`` if the
    default does not serve it."""
    names = sampler_names(method)
    return next((k for k in names if REGISTRY[k].default), names[0])


def get_sampler(name, owner: str, method=None, param="sampler") -> Sampler:
    """The registered sampler ``name`` (None: the default), validated.

    ``method`` restricts the choices to the samplers serving it.
    """
    if name is None:
        name = default_sampler(method)
    check_choice(name, param, owner, sampler_names(method))
    return REGISTRY[name]
