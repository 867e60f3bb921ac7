"""Priors on regression weights.

Each prior is a small immutable object that knows its own math: its log
density, the gradient of its negative log density where it is smooth, and the
penalty it corresponds to in the package's unscaled convention

    1/2 ||y - X w||^2 + l1 ||w||_1 + l2/2 ||w||^2,

which is ``sigma^2`` times the negative log posterior when the noise scale
``sigma`` is fixed. Engines ask the prior for these; a prior never imports an
engine.

Scales are scale parameters, as in scipy and PyMC. With ``relative=True`` the
scale is relative to the noise scale: the prior scale of each weight is
``sigma * scale`` (Park & Casella 2008).

Each prior also knows how to become a PyMC variable (:meth:`Prior.to_pymc`,
PyMC imported only there). :class:`Gaussian` and :class:`Laplace` accept a
``hyperprior`` on their scale (:class:`LambdaSquaredGamma`,
:class:`ScaleHalfCauchy`); such a prior has no fixed penalty, so the MAP
engine rejects it and only the posterior samplers use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from ._validation import check_nonnegative, check_positive

__all__ = [
    "ElasticNet",
    "Flat",
    "Gaussian",
    "LambdaSquaredGamma",
    "Laplace",
    "Penalty",
    "Prior",
    "ScaleHalfCauchy",
]

_LOG_2PI = math.log(2.0 * math.pi)


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


def _check_sigma(sigma, owner: str) -> float:
    return check_positive(sigma, "sigma", owner)


# --------------------------------------------------------------------------
# hyperpriors on a prior's scale (used by the posterior samplers only)


@dataclass(frozen=True)
class LambdaSquaredGamma:
    """Hyperprior ``lam^2 ~ Gamma(shape=r, rate=delta)``, prior scale ``1/lam``.

    Park & Casella (2008), section 3.1: with ``Laplace(relative=True,
    hyperprior=LambdaSquaredGamma(r, delta))`` the weights are
    ``w_j | sigma, lam ~ Laplace(0, sigma / lam)``. The PyMC variable is named
    ``<name>_lam2`` (``lam^2``).
    """

    r: float = 1.0
    delta: float = 1.0

    def __post_init__(self):
        for name in ("r", "delta"):
            value = check_positive(getattr(self, name), name, "LambdaSquaredGamma")
            object.__setattr__(self, name, value)

    def to_pymc(self, name):
        """Add ``lam^2`` to the current PyMC model; return the scale ``1/lam``."""
        import pymc as pm

        lam2 = pm.Gamma(f"{name}_lam2", alpha=self.r, beta=self.delta)
        return lam2**-0.5


@dataclass(frozen=True)
class ScaleHalfCauchy:
    """Hyperprior ``tau ~ HalfCauchy(beta)`` on the prior scale itself.

    With ``Gaussian(hyperprior=ScaleHalfCauchy(beta))`` the weights are
    ``w_j | tau ~ N(0, tau^2)`` (times ``sigma^2`` if ``relative``). The PyMC
    variable is named ``<name>_tau``.
    """

    beta: float = 1.0

    def __post_init__(self):
        value = check_positive(self.beta, "beta", "ScaleHalfCauchy")
        object.__setattr__(self, "beta", value)

    def to_pymc(self, name):
        """Add ``tau`` to the current PyMC model and return it."""
        import pymc as pm

        return pm.HalfCauchy(f"{name}_tau", beta=self.beta)


def _check_hyperprior(prior):
    h = prior.hyperprior
    if h is not None and not hasattr(h, "to_pymc"):
        raise TypeError(
            f"The 'hyperprior' parameter of {type(prior).__name__} must be None, "
            f"LambdaSquaredGamma or ScaleHalfCauchy. Got {h!r} instead."
        )


def _no_fixed_scale(prior):
    if prior.hyperprior is not None:
        raise ValueError(
            f"{type(prior).__name__} has a hyperprior on its scale "
            f"({prior.hyperprior!r}), so it has no fixed scale, density or "
            "penalty; only the posterior samplers (sample_posterior) accept it."
        )


def _pymc_scale(prior, name, value, sigma):
    """Scale of the weights ``name``: a hyperprior or ``pm.Data`` ``<name>_scale``."""
    import pymc as pm

    if prior.hyperprior is not None:
        scale = prior.hyperprior.to_pymc(name)
    else:
        scale = pm.Data(f"{name}_scale", float(value))
    return scale * sigma if prior.relative else scale


def _repr(prior, fields):
    args = [f"{f}={getattr(prior, f)!r}" for f in fields]
    if prior.hyperprior is not None:
        args.append(f"hyperprior={prior.hyperprior!r}")
    return f"{type(prior).__name__}({', '.join(args)})"


@dataclass(frozen=True)
class Prior:
    """Base class: an independent prior on each regression weight."""

    #: True when the negative log density is differentiable everywhere.
    smooth = True
    #: Hyperprior on the scale (Gaussian and Laplace accept one).
    hyperprior = None
    relative = False

    def _scales(self, sigma) -> tuple[float, ...]:
        """Absolute scale parameters, given the noise scale ``sigma``."""
        raise NotImplementedError

    def logpdf(self, w, sigma=1.0) -> np.ndarray:
        """Elementwise log density of the weights ``w``."""
        raise NotImplementedError

    def neg_log_density(self, w, sigma=1.0) -> float:
        """Return ``-sum_j log p(w_j)``."""
        return float(-np.sum(self.logpdf(w, sigma)))

    def gradient(self, w, sigma=1.0) -> np.ndarray:
        """Gradient of :meth:`neg_log_density` (zero-subgradient at kinks)."""
        raise NotImplementedError

    def penalty(self, sigma=1.0) -> Penalty:
        """Penalty whose minimizer, with ``1/2 ||y - X w||^2``, is the MAP.

        ``sigma^2 * neg_log_density(w)`` equals ``penalty(sigma).value(w)`` up
        to a constant, so ``1/2 ||y - Xw||^2 + penalty.value(w)`` is
        ``sigma^2`` times the negative log posterior.
        """
        raise NotImplementedError

    # -- PyMC ---------------------------------------------------------------

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

        Returns
        -------
        TensorVariable
        """
        raise NotImplementedError

    def pymc_data(self, name) -> dict:
        """Values of the ``pm.Data`` containers made by :meth:`to_pymc`."""
        return {}

    def pymc_key(self) -> tuple:
        """Everything but the ``pm.Data`` values: equal keys share a model."""
        return (type(self).__name__, self.relative, self.hyperprior)

    def conjugate_variance(self):
        """Prior variance ``v0`` for conjugate (exact) sampling, or None.

        Returns ``(v0, relative)`` when ``w_j ~ N(0, v0)`` (times ``sigma^2``
        if ``relative``) with ``v0 = inf`` for the flat prior, or ``None``
        when the prior is not Gaussian (Laplace, elastic net, hyperpriors).
        """
        return None


@dataclass(frozen=True)
class Flat(Prior):
    """Improper flat prior, ``p(w) = 1``: the MAP is least squares.

    Examples
    --------
    >>> Flat().penalty(sigma=2.0)
    Penalty(l1=0.0, l2=0.0)
    """

    def _scales(self, sigma):
        return ()

    def logpdf(self, w, sigma=1.0):
        return np.zeros_like(np.asarray(w, dtype=float))

    def gradient(self, w, sigma=1.0):
        return np.zeros_like(np.asarray(w, dtype=float))

    def penalty(self, sigma=1.0):
        _check_sigma(sigma, "Flat.penalty")
        return Penalty(0.0, 0.0)

    @classmethod
    def from_penalty(cls, lam=0.0, sigma=1.0):
        """The flat prior is the zero penalty; ``lam`` must be 0."""
        if lam != 0:
            raise ValueError(
                f"The 'lam' parameter of Flat.from_penalty must be 0.0. Got {lam!r}"
                " instead."
            )
        return cls()

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        return pm.Flat(name, dims=dims)

    def conjugate_variance(self):
        return (math.inf, False)


@dataclass(frozen=True)
class Gaussian(Prior):
    """Normal prior ``w_j ~ N(0, tau^2)`` with ``tau = scale`` (or ``sigma*scale``).

    ``-log p(w) = ||w||^2 / (2 tau^2) + p log(tau sqrt(2 pi))``; the MAP is ridge
    regression with ``lam = sigma^2 / tau^2`` in ``1/2||y - Xw||^2 + lam/2 ||w||^2``,
    i.e. scikit-learn's ``Ridge(alpha=sigma**2 / tau**2)``.

    Parameters
    ----------
    scale : float > 0
        Prior standard deviation ``tau``.
    relative : bool, default False
        If True the prior standard deviation is ``sigma * scale``.
    hyperprior : ScaleHalfCauchy or LambdaSquaredGamma, optional
        Random scale ``tau`` (``scale`` is then ignored); posterior sampling only.

    Examples
    --------
    >>> Gaussian(scale=0.5).penalty(sigma=1.0)
    Penalty(l1=0.0, l2=4.0)
    >>> Gaussian.from_penalty(4.0, sigma=1.0)
    Gaussian(scale=0.5, relative=False)
    """

    scale: float = 1.0
    relative: bool = field(default=False)
    hyperprior: object = field(default=None, repr=False)

    def __post_init__(self):
        object.__setattr__(
            self, "scale", check_positive(self.scale, "scale", "Gaussian")
        )
        _check_hyperprior(self)

    def __repr__(self):
        return _repr(self, ("scale", "relative"))

    def _scales(self, sigma):
        _no_fixed_scale(self)
        sigma = _check_sigma(sigma, "Gaussian")
        return (self.scale * sigma if self.relative else self.scale,)

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        tau = _pymc_scale(self, name, self.scale, sigma)
        return pm.Normal(name, mu=0.0, sigma=tau, dims=dims)

    def pymc_data(self, name):
        return {} if self.hyperprior is not None else {f"{name}_scale": self.scale}

    def conjugate_variance(self):
        if self.hyperprior is not None:
            return None
        return (self.scale * self.scale, self.relative)

    def logpdf(self, w, sigma=1.0):
        (tau,) = self._scales(sigma)
        w = np.asarray(w, dtype=float)
        return -0.5 * (w / tau) ** 2 - math.log(tau) - 0.5 * _LOG_2PI

    def gradient(self, w, sigma=1.0):
        (tau,) = self._scales(sigma)
        return np.asarray(w, dtype=float) / (tau * tau)

    def penalty(self, sigma=1.0):
        (tau,) = self._scales(sigma)
        return Penalty(0.0, (sigma / tau) * (sigma / tau))

    @classmethod
    def from_penalty(cls, lam, sigma=1.0, relative=False):
        """Prior whose MAP minimizes ``1/2||y - Xw||^2 + lam/2 ||w||^2``."""
        lam = check_positive(lam, "lam", "Gaussian.from_penalty")
        sigma = _check_sigma(sigma, "Gaussian.from_penalty")
        tau = sigma / math.sqrt(lam)
        return cls(scale=tau / sigma if relative else tau, relative=relative)


@dataclass(frozen=True)
class Laplace(Prior):
    """Laplace prior ``p(w_j) = exp(-|w_j|/b) / (2b)`` with ``b = scale``.

    ``-log p(w) = ||w||_1 / b + p log(2b)``; the MAP is the lasso with
    ``lam = sigma^2 / b`` in ``1/2||y - Xw||^2 + lam ||w||_1``, i.e.
    scikit-learn's ``Lasso(alpha=sigma**2 / (n_samples * b))``.

    Parameters
    ----------
    scale : float > 0
        Laplace scale ``b`` (the standard deviation is ``b sqrt(2)``).
    relative : bool, default False
        If True the scale is ``sigma * scale``: with ``scale = 1/lam`` this is
        the Park & Casella (2008) prior ``w_j | sigma ~ Laplace(0, sigma/lam)``.
    hyperprior : LambdaSquaredGamma or ScaleHalfCauchy, optional
        Random scale (``scale`` is then ignored); posterior sampling only.
        ``LambdaSquaredGamma(r, delta)`` is Park & Casella's
        ``lam^2 ~ Gamma(r, delta)`` with scale ``1/lam``.

    Examples
    --------
    >>> Laplace(scale=0.25).penalty(sigma=1.0)
    Penalty(l1=4.0, l2=0.0)
    """

    scale: float = 1.0
    relative: bool = field(default=False)
    hyperprior: object = field(default=None, repr=False)
    smooth = False

    def __post_init__(self):
        object.__setattr__(
            self, "scale", check_positive(self.scale, "scale", "Laplace")
        )
        _check_hyperprior(self)

    def __repr__(self):
        return _repr(self, ("scale", "relative"))

    def _scales(self, sigma):
        _no_fixed_scale(self)
        sigma = _check_sigma(sigma, "Laplace")
        return (self.scale * sigma if self.relative else self.scale,)

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        b = _pymc_scale(self, name, self.scale, sigma)
        return pm.Laplace(name, mu=0.0, b=b, dims=dims)

    def pymc_data(self, name):
        return {} if self.hyperprior is not None else {f"{name}_scale": self.scale}

    def logpdf(self, w, sigma=1.0):
        (b,) = self._scales(sigma)
        return -np.abs(np.asarray(w, dtype=float)) / b - math.log(2.0 * b)

    def gradient(self, w, sigma=1.0):
        (b,) = self._scales(sigma)
        return np.sign(np.asarray(w, dtype=float)) / b

    def penalty(self, sigma=1.0):
        (b,) = self._scales(sigma)
        return Penalty(sigma * (sigma / b), 0.0)

    @classmethod
    def from_penalty(cls, lam, sigma=1.0, relative=False):
        """Prior whose MAP minimizes ``1/2||y - Xw||^2 + lam ||w||_1``."""
        lam = check_positive(lam, "lam", "Laplace.from_penalty")
        sigma = _check_sigma(sigma, "Laplace.from_penalty")
        b = sigma * (sigma / lam)
        return cls(scale=b / sigma if relative else b, relative=relative)


@dataclass(frozen=True)
class ElasticNet(Prior):
    """Elastic-net prior ``p(w_j) ∝ exp(-|w_j|/b - w_j^2/(2 tau^2))``.

    ``b = l1_scale`` and ``tau = l2_scale``. The density is normalized exactly:
    ``Z = tau sqrt(2 pi) erfcx(tau / (b sqrt 2))``. The MAP is the elastic net
    ``1/2||y - Xw||^2 + l1 ||w||_1 + l2/2 ||w||^2`` with ``l1 = sigma^2/b`` and
    ``l2 = sigma^2/tau^2``, i.e. scikit-learn's ``ElasticNet(alpha=a,
    l1_ratio=r)`` with ``a r = l1/n`` and ``a (1-r) = l2/n``.

    Parameters
    ----------
    l1_scale, l2_scale : float > 0
        The Laplace scale ``b`` and the Gaussian scale ``tau``.
    relative : bool, default False
        If True both scales are multiplied by ``sigma``.
    """

    l1_scale: float = 1.0
    l2_scale: float = 1.0
    relative: bool = field(default=False)
    smooth = False

    def __post_init__(self):
        for name in ("l1_scale", "l2_scale"):
            value = check_positive(getattr(self, name), name, "ElasticNet")
            object.__setattr__(self, name, value)

    def _scales(self, sigma):
        sigma = _check_sigma(sigma, "ElasticNet")
        k = sigma if self.relative else 1.0
        return (self.l1_scale * k, self.l2_scale * k)

    def logpdf(self, w, sigma=1.0):
        b, tau = self._scales(sigma)
        w = np.asarray(w, dtype=float)
        log_z = (
            math.log(tau)
            + 0.5 * _LOG_2PI
            + math.log(special.erfcx(tau / (b * math.sqrt(2.0))))
        )
        return -np.abs(w) / b - 0.5 * (w / tau) ** 2 - log_z

    def gradient(self, w, sigma=1.0):
        b, tau = self._scales(sigma)
        w = np.asarray(w, dtype=float)
        return np.sign(w) / b + w / (tau * tau)

    def penalty(self, sigma=1.0):
        b, tau = self._scales(sigma)
        return Penalty(sigma * (sigma / b), (sigma / tau) * (sigma / tau))

    def to_pymc(self, name, dims, sigma):
        import pymc as pm

        k = sigma if self.relative else 1.0
        b = pm.Data(f"{name}_l1_scale", self.l1_scale) * k
        tau = pm.Data(f"{name}_l2_scale", self.l2_scale) * k
        return pm.CustomDist(name, b, tau, logp=_elastic_net_logp, dims=dims)

    def pymc_data(self, name):
        return {f"{name}_l1_scale": self.l1_scale, f"{name}_l2_scale": self.l2_scale}

    @classmethod
    def from_penalty(cls, lam, sigma=1.0, l1_ratio=0.5, relative=False):
        """Prior whose MAP minimizes ``1/2||y-Xw||^2 + lam P(w)``.

        ``P(w) = r ||w||_1 + (1 - r)/2 ||w||^2`` (glmnet's elastic-net penalty).

        ``r = l1_ratio`` must lie in the open interval (0, 1); use
        :class:`Laplace` or :class:`Gaussian` for the end points.
        """
        lam = check_positive(lam, "lam", "ElasticNet.from_penalty")
        sigma = _check_sigma(sigma, "ElasticNet.from_penalty")
        r = check_nonnegative(l1_ratio, "l1_ratio", "ElasticNet.from_penalty")
        if not 0.0 < r < 1.0:
            raise ValueError(
                "The 'l1_ratio' parameter of ElasticNet.from_penalty must be a float "
                f"in the range (0.0, 1.0). Got {l1_ratio!r} instead."
            )
        b = sigma * (sigma / (lam * r))
        tau = sigma / math.sqrt(lam * (1.0 - r))
        k = sigma if relative else 1.0
        return cls(l1_scale=b / k, l2_scale=tau / k, relative=relative)


def _elastic_net_logp(value, b, tau):
    """PyTensor log density of :class:`ElasticNet` (same normalizer as logpdf)."""
    import pytensor.tensor as pt

    log_z = pt.log(tau) + 0.5 * _LOG_2PI + pt.log(pt.erfcx(tau / (b * math.sqrt(2.0))))
    return -pt.abs(value) / b - 0.5 * (value / tau) ** 2 - log_z
