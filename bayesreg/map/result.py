"""The result of a MAP fit and the optimality checks behind ``converged``.

Three checks, one per kind of prior, all relative to ``max_j |X'y|_j`` so that
they read the same (a gradient in the units of ``X'y``):

* ``kkt`` (priors with a ``penalty``): the KKT conditions of
  ``1/2 ||y - Xw||^2 + l1 ||w||_1 + l2/2 ||w||^2``;
* ``gradient`` (smooth priors): ``max_j |X'(y - Xw) - sigma^2 grad_j|``, the
  gradient of ``1/2 rss(w) + sigma^2 neg_log_density(w)``;
* ``fixed_point`` (priors with a ``prox`` and no gradient): ``L max_j |w_j -
  T(w)_j|`` with ``T(w) = prox(w + X'(y - Xw) / L, sigma^2 / L)`` the
  proximal-gradient map, ``L`` the largest eigenvalue of ``X'X``.

A result never claims more than its check showed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..priors import Penalty, Prior

__all__ = ["CHECKS", "MAPResult", "Start", "kkt_violation", "relative_scale"]

#: check name -> (what holds when it passes, the quantity it bounds)
CHECKS = {
    "kkt": ("KKT conditions satisfied", "relative KKT violation"),
    "gradient": ("gradient vanishes", "relative gradient norm"),
    "fixed_point": (
        "fixed point of the proximal-gradient map",
        "relative fixed-point residual",
    ),
}


@dataclass(frozen=True)
class Start:
    """One start of a non-convex MAP: where from, and where it ended."""

    name: str
    coef: np.ndarray
    objective: float
    converged: bool
    n_iter: int


@dataclass(frozen=True)
class MAPResult:
    """Result of :func:`fit_map`.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        MAP weights of the original columns (also with ``standardize=True``);
        exact zeros where the L1 KKT conditions (or, for a non-smooth prior
        without a penalty form, the optimality condition at 0 of its proximal
        map) put them.
    intercept : float
        ``ȳ - x̄'coef`` (0.0 without an intercept).
    converged : bool
        True only if the check of the prior passed: ``kkt_violation <= tol``.
    n_iter : int
        Exact solves: Newton steps (smooth priors) or active-set steps (L1);
        for ``solver="scipy"`` the optimizer's iterations plus those of the
        exact finish (summed over the starts of a non-convex prior).
    kkt_violation : float
        The relative optimality violation of ``check``. For a prior with a
        penalty (``check == "kkt"``) ``max_j |r_j| / max_j |X'y|_j``: for
        ``w_j != 0`` ``r_j = g_j - l1 sign(w_j)``, for ``w_j = 0``
        ``r_j = max(|g_j| - l1, 0)``, with ``g = X'(y - Xw) - l2 w``. For a
        smooth prior without one (``"gradient"``) ``r = X'(y - Xw) - sigma^2
        grad(-log p)(w)``; for a prox prior (``"fixed_point"``) the
        proximal-gradient residual of :mod:`bayesreg.map.result`. With
        ``standardize=True``, of the standardized problem (``X_j / s_j`` and
        its weights ``coef_j s_j``).
    objective : float
        For a prior with a penalty ``F(coef) = 1/2 rss + l1 ||w||_1 + l2/2
        ||w||^2``, the unscaled penalized objective; otherwise ``1/2 rss +
        sigma^2 * prior.neg_log_density(coef)`` (``sigma^2`` times the negative
        log posterior up to a constant, the prior's normalizing constant
        included). With ``standardize=True`` that of the standardized problem,
        on the columns ``X_j / s_j`` and the weights ``coef * x_scale``.
    penalty : Penalty or None
        ``prior.penalty(sigma)``; None for a prior without a penalty form.
    prior : Prior
    sigma : float
    feature_names : tuple of str
    message : str
    x_scale : ndarray of shape (n_features,) or None
        The column standard deviations ``s_j`` the penalty was applied after
        (``standardize=True``), else None.
    solver : str
        The solver that produced the fit (``"quadratic"``, ``"active_set"``,
        ``"scipy"``).
    check : str
        ``"kkt"``, ``"gradient"`` or ``"fixed_point"`` (above).
    starts : tuple of Start
        For a non-convex prior, every start (``"zero"``, ``"ridge"`` or
        ``"least_squares"`` when the prior's variance is infinite,
        ``"coef_init"``) with its end point (weights of the original columns)
        and objective; empty otherwise. See :attr:`best_start` and
        :attr:`starts_disagree`.
    likelihood : str
        Name of the likelihood family (``"gaussian"``, ``"logistic"``, ...).
        For the others, ``1/2 rss`` above reads ``loss``: ``sigma^2`` times
        the negative log likelihood with the intercept profiled out (``sigma
        = 1`` for logistic and Poisson), and ``X'(y - Xw)`` reads the score
        ``-d loss / dw``; the checks are relative to the score at zero.
    """

    coef: np.ndarray
    intercept: float
    converged: bool
    n_iter: int
    kkt_violation: float
    objective: float
    penalty: Penalty | None
    prior: Prior
    sigma: float
    feature_names: tuple[str, ...]
    message: str
    x_scale: np.ndarray | None = None
    solver: str = "quadratic"
    check: str = "kkt"
    starts: tuple[Start, ...] = ()
    likelihood: str = "gaussian"

    @property
    def best_start(self) -> str | None:
        """Name of the start whose end point is ``coef`` (None for one start)."""
        if not self.starts:
            return None
        return min(self.starts, key=lambda s: s.objective).name

    @property
    def starts_disagree(self) -> bool:
        """True when two starts ended more than ``1e-6 max(1, max|w|)`` apart."""
        if len(self.starts) < 2:
            return False
        ends = np.array([s.coef for s in self.starts])
        atol = 1e-6 * max(1.0, float(np.abs(ends).max()))
        return bool(np.abs(ends - ends[0]).max() > atol)


def relative_scale(lik) -> float:
    """``max_j |X'y|_j``, the yardstick of every check (never 0)."""
    return max(float(np.max(np.abs(lik.xty), initial=0.0)), np.finfo(float).tiny)


def kkt_violation(lik, w, penalty: Penalty, sigma=1.0) -> float:
    """Relative KKT violation of ``w`` for ``F`` (see :class:`MAPResult`);
    ``lik.score`` is ``X'(y - Xw)`` for the Gaussian likelihood."""
    g = lik.score(w, sigma) - penalty.l2 * w
    return max_kkt_residual(g, w, penalty.l1) / relative_scale(lik)


def max_kkt_residual(g, w, l1) -> float:
    nz = w != 0
    r = np.where(nz, np.abs(g - l1 * np.sign(w)), np.maximum(np.abs(g) - l1, 0.0))
    return float(np.max(r, initial=0.0))


def gradient_violation(lik, w, prior, sigma) -> float:
    """``max_j |X'(y - Xw) - sigma^2 grad_j(w)| / max_j |X'y|_j``."""
    g = lik.score(w, sigma) - sigma * sigma * prior.gradient(w, sigma)
    return float(np.max(np.abs(g), initial=0.0)) / relative_scale(lik)


def objective(lik, w, prior, sigma, penalty=None) -> float:
    """``loss + penalty`` or ``loss + sigma^2 neg_log_density`` (``loss =
    1/2 rss`` for the Gaussian likelihood)."""
    if penalty is not None:
        return lik.loss(w, sigma) + penalty.value(w)
    return lik.loss(w, sigma) + sigma * sigma * prior.neg_log_density(w, sigma)
