"""Gradient descent with weight decay, the L1 subgradient step and the proximal step.

All penalties use the package's unscaled convention
``1/2 ||y - X w||^2 + lam pen(w)``, ``pen = ||w||_1`` (L1) or ``1/2 ||w||^2`` (L2).
"""

from __future__ import annotations

import numpy as np

from ..._validation import check_choice, check_int, check_nonnegative, check_positive
from ...data import check_X_y
from ...map import fit_map
from ...priors import Gaussian, Laplace
from .._common import axes_for

__all__ = ["plot_weight_decay", "weight_decay_path"]


_METHODS = ("l2", "l1", "l1_prox")
_RULES = {
    "l2": "L2 weight decay: w ← (1 − a·lam) w − a ∇D",
    "l1": "L1 subgradient: w ← w − a ∇D − a·lam·sign(w)",
    "l1_prox": "L1 proximal: w ← S(w − a ∇D, a·lam)",
}


def weight_decay_path(X, y, lam, method="l2", *, lr=None, n_steps=200, w0=None):
    """Gradient-descent iterates for ``D(w) + lam pen(w)``, ``D = 1/2||y - Xw||^2``.

    No intercept (centre the data first if you need one).

    ``method``:

    * ``'l2'``: weight decay ``w <- (1 - a lam) w - a grad D(w)``, which is a
      gradient step on ``D + lam/2 ||w||^2``;
    * ``'l1'``: subgradient step ``w <- w - a grad D(w) - a lam sign(w)``: the
      L1 push has constant size ``a lam`` and makes weights jitter around 0;
    * ``'l1_prox'``: proximal step ``w <- S(w - a grad D(w), a lam)`` with the
      soft threshold ``S(z, k) = sign(z) max(|z| - k, 0)`` (ISTA), which puts
      weights exactly at 0 and keeps them there.

    Parameters
    ----------
    lr : float > 0, optional
        Step size ``a``; default ``0.2 / L`` with ``L`` the largest eigenvalue
        of ``X'X`` (any ``a < 2 / L`` converges for L2).
    n_steps : int
    w0 : array-like, optional
        Start; default the least-squares fit.

    Returns
    -------
    ndarray of shape (n_steps + 1, n_features)
        Row ``k`` is the iterate after ``k`` steps (row 0 is ``w0``).
    """
    owner = "weight_decay_path"
    check_choice(method, "method", owner, _METHODS)
    lam = check_nonnegative(lam, "lam", owner)
    n_steps = check_int(n_steps, "n_steps", owner)
    X, y, _ = check_X_y(X, y)
    xtx, xty = X.T @ X, X.T @ y
    if lr is None:
        lr = 0.2 / np.linalg.eigvalsh(xtx)[-1]
    a = check_positive(lr, "lr", owner)
    w = (
        np.linalg.lstsq(X, y, rcond=None)[0]
        if w0 is None
        else np.asarray(w0, dtype=float).copy()
    )
    out = np.empty((n_steps + 1, w.size))
    out[0] = w
    for k in range(1, n_steps + 1):
        grad = xtx @ w - xty
        if method == "l2":
            w = (1.0 - a * lam) * w - a * grad
        elif method == "l1":
            w = w - a * grad - a * lam * np.sign(w)
        else:
            z = w - a * grad
            w = np.sign(z) * np.maximum(np.abs(z) - a * lam, 0.0) + 0.0  # no -0.0
        out[k] = w
    return out


def _decay_data(random_state=0):
    rng = np.random.default_rng(random_state)
    n, p = 50, 5
    X = rng.standard_normal((n, p))
    X /= np.linalg.norm(X, axis=0)
    y = X @ np.array([2.0, -1.5, 0.0, 0.4, -0.2]) + 0.3 * rng.standard_normal(n)
    return X, y


def plot_weight_decay(
    X=None,
    y=None,
    lam=0.5,
    *,
    methods=_METHODS,
    lr=None,
    n_steps=150,
    random_state=0,
    ax=None,
):
    """Weight trajectories of gradient descent under L2 and L1 regularization.

    One panel per method of :func:`weight_decay_path` (``'l2'``, ``'l1'``,
    ``'l1_prox'``), one line per weight, starting at the least-squares fit.
    Dashed lines mark the MAP weights from :func:`bayesreg.fit_map` (no
    intercept, ``Gaussian.from_penalty(lam)`` / ``Laplace.from_penalty(lam)``),
    where the iterates should end. Only the proximal L1 step reaches exact
    zeros and stays there; the subgradient step keeps jittering around 0 and
    L2 weight decay only shrinks.

    Parameters
    ----------
    X, y : array-like, optional
        Default: 5 unit-norm features, two of them (almost) irrelevant.
    lam : float >= 0
    methods : sequence of {'l2', 'l1', 'l1_prox'}
    lr : float > 0, optional
        Step size (default ``0.2 / L``, see :func:`weight_decay_path`).
    n_steps : int
    ax : sequence of Axes, optional
        One per method.

    Returns
    -------
    matplotlib.figure.Figure
        Panel titles state how many weights are exactly 0 at the last step.
    """
    owner = "plot_weight_decay"
    methods = [methods] if isinstance(methods, str) else list(methods)
    for m in methods:
        check_choice(m, "methods", owner, _METHODS)
    lam = check_nonnegative(lam, "lam", owner)
    if X is None:
        X, y = _decay_data(random_state)
    X, y, names = check_X_y(X, y)
    fig, axes = axes_for(ax, len(methods), owner, sharey=True)
    for a, method in zip(axes, methods, strict=True):
        path = weight_decay_path(X, y, lam, method, lr=lr, n_steps=n_steps)
        family = Gaussian if method == "l2" else Laplace
        target = (
            fit_map(X, y, family.from_penalty(lam), 1.0, False).coef
            if lam > 0
            else path[0]
        )
        steps = np.arange(path.shape[0])
        for j in range(path.shape[1]):
            (line,) = a.plot(steps, path[:, j], lw=1.6, label=names[j])
            a.axhline(target[j], color=line.get_color(), ls="--", lw=0.8)
        zeros = int(np.sum(path[-1] == 0.0))
        a.axhline(0.0, color="black", lw=0.6, zorder=0)
        a.set_title(
            f"{_RULES[method]}\n{zeros} of {path.shape[1]} weights exactly 0 "
            f"after {n_steps} steps",
            fontsize="small",
        )
        a.set_xlabel("gradient step")
    axes[0].set_ylabel("weight (dashed: MAP)")
    axes[0].legend(fontsize="x-small", title=f"lam = {lam:g}", title_fontsize="x-small")
    return fig
