"""One weight: data loss plus an L1 or L2 penalty, minima from :func:`bayesreg.fit_map`.

All penalties use the package's unscaled convention
``1/2 ||y - X w||^2 + lam pen(w)``, ``pen = ||w||_1`` (L1) or ``1/2 ||w||^2`` (L2).
"""

from __future__ import annotations

import numpy as np

from ..._validation import check_int, check_nonnegative, check_positive
from ...data import check_X_y
from ...map import fit_map
from ...priors import Gaussian, Laplace
from .._common import axes_for
from ._style import DATA_COLOR, L1_COLOR, L2_COLOR

__all__ = ["one_weight_data", "plot_penalized_loss_1d"]


def one_weight_data(true_w=0.5, n_samples=20, noise=0.0, random_state=0):
    """``x`` with ``x'x = 1`` and ``y = true_w x + noise e``.

    With unit-norm ``x`` the data loss is ``1/2 (w - x'y)^2 + const``, so the
    lasso minimum is ``sign(x'y) max(|x'y| - lam, 0)`` and the ridge minimum
    ``x'y / (1 + lam)``.
    """
    owner = "one_weight_data"
    n = check_int(n_samples, "n_samples", owner)
    noise = check_nonnegative(noise, "noise", owner)
    rng = np.random.default_rng(random_state)
    x = rng.standard_normal(n)
    x /= np.linalg.norm(x)
    y = true_w * x + noise * rng.standard_normal(n)
    return x, y


def plot_penalized_loss_1d(
    lam=1.0,
    *,
    x=None,
    y=None,
    true_w=0.5,
    noise=0.0,
    random_state=0,
    sigma=1.0,
    wlim=None,
    ax=None,
):
    """One weight, ``y = w x``: data loss, L1 and L2 penalties, penalized losses.

    Draws ``D(w) = 1/2 ||y - w x||^2``, the penalties ``lam |w|`` and
    ``lam/2 w^2`` (dashed) and the penalized losses ``D + lam |w|`` and
    ``D + lam/2 w^2``. Their minima are the MAP estimates of
    ``Laplace.from_penalty(lam, sigma)`` and ``Gaussian.from_penalty(lam, sigma)``
    computed by :func:`bayesreg.fit_map` (no intercept) and marked: the L1
    minimum is exactly 0 once ``lam >= |x'y|``; the L2 minimum
    ``x'y / (x'x + lam)`` approaches 0 but never reaches it.

    Parameters
    ----------
    lam : float > 0
    x, y : array-like of shape (n_samples,), optional
        Default: :func:`one_weight_data` with ``true_w``, ``noise`` and
        ``random_state`` (``x'x = 1``).
    sigma : float > 0
        Noise scale used to build the matched priors (the minima do not depend
        on it).
    wlim : (float, float), optional
        Range of ``w`` drawn.
    ax : Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        The minimum markers are labelled ``'L1 minimum'`` and ``'L2 minimum'``.
    """
    owner = "plot_penalized_loss_1d"
    lam = check_positive(lam, "lam", owner)
    sigma = check_positive(sigma, "sigma", owner)
    if x is None:
        x, y = one_weight_data(true_w, noise=noise, random_state=random_state)
    X, y, _ = check_X_y(np.asarray(x, dtype=float).reshape(-1, 1), y)
    x = X[:, 0]
    minima = {
        "L1": fit_map(X, y, Laplace.from_penalty(lam, sigma), sigma, False).coef[0],
        "L2": fit_map(X, y, Gaussian.from_penalty(lam, sigma), sigma, False).coef[0],
    }
    xx, xy, yy = x @ x, x @ y, y @ y
    w_ols = xy / xx
    if wlim is None:
        half = 1.6 * max(abs(w_ols), 0.25)
        wlim = (-half, half)
    w = np.union1d(np.linspace(wlim[0], wlim[1], 601), [0.0, *minima.values()])

    def data_loss(w):
        return 0.5 * (yy - 2.0 * w * xy + w**2 * xx)

    penalties = {"L1": lambda w: lam * np.abs(w), "L2": lambda w: 0.5 * lam * w**2}
    colors = {"L1": L1_COLOR, "L2": L2_COLOR}
    texts = {"L1": f"{lam:g}|w|", "L2": f"{lam:g}/2 w²"}
    fig, (a,) = axes_for(ax, 1, owner, figsize=(7.0, 5.2))
    a.plot(w, data_loss(w), color=DATA_COLOR, lw=2, label="data loss ½‖y − wx‖²")
    for k in ("L1", "L2"):
        pen = penalties[k]
        a.plot(
            w, pen(w), color=colors[k], ls="--", lw=1, label=f"{k} penalty {texts[k]}"
        )
        a.plot(w, data_loss(w) + pen(w), color=colors[k], lw=2, label=f"loss + {k}")
    for k in ("L1", "L2"):
        wk = minima[k]
        a.plot(
            [wk],
            [data_loss(wk) + penalties[k](wk)],
            ls="none",
            marker="o" if k == "L1" else "s",
            ms=9,
            mfc="white",
            mec=colors[k],
            mew=2,
            zorder=5,
            label=f"{k} minimum",
        )
        a.annotate(
            f"{k} MAP w = {wk:.3g}",
            (wk, data_loss(wk) + penalties[k](wk)),
            textcoords="offset points",
            xytext=(8, 10) if k == "L1" else (-30, -18),
            color=colors[k],
            fontsize="small",
            bbox=dict(fc="white", ec="none", alpha=0.8, pad=1),
        )
    a.axvline(0.0, color="0.8", lw=0.8, zorder=0)
    a.axvline(
        w_ols, color=DATA_COLOR, lw=0.8, ls=":", zorder=0, label="least squares w"
    )
    top = float(np.max(data_loss(np.asarray(wlim)) + 0.5 * lam * np.square(wlim)))
    a.set_ylim(-0.05 * top, top)
    a.set_xlim(*wlim)
    a.set_xlabel("weight w")
    a.set_ylabel("loss")
    a.set_title(f"one weight, x'y = {xy:.3g}, lam = {lam:g}", fontsize="medium")
    a.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3)
    return fig
