"""Lp balls, the balls of priors, and the loss contours that touch them.

* :func:`lp_ball`: the boundary ``||w||_p = t`` in two weights.
* :func:`prior_ball`: the ball of any prior (the level set of its density),
  e.g. the Lq ball of ``GeneralizedGaussian(power=q)``.
* :func:`constrained_optimum`, :func:`plot_constraint_regions`: loss contours
  with the balls and the constrained optima (Lagrange view: the L1 and L2
  optima are MAP fits).
"""

from __future__ import annotations

import math
import re

import numpy as np
from scipy import optimize

from ..._validation import check_int, check_positive
from ...data import check_X_y
from ...likelihoods import GaussianLikelihood
from ...map import fit_map
from ...priors import Gaussian, Laplace, Prior, prior_class
from .._common import axes_for
from ._style import DATA_COLOR, L1_COLOR, L2_COLOR

__all__ = ["constrained_optimum", "lp_ball", "plot_constraint_regions", "prior_ball"]


def lp_ball(t=1.0, p=2.0, n_points=400):
    """Boundary ``{w in R^2: ||w||_p = t}`` as an array of shape (2, m).

    ``p = inf`` gives the square, ``p = 1`` the diamond (vertices exactly at
    ``(±t, 0), (0, ±t)``), ``p < 1`` the star-shaped non-convex ball. Points run
    counter-clockwise from ``(t, 0)`` and the curve is closed.
    """
    t = check_positive(t, "t", "lp_ball")
    p = check_positive(p, "p", "lp_ball") if p != np.inf else np.inf
    if p == np.inf:
        return t * np.array([[1, 1, -1, -1, 1, 1], [0, 1, 1, -1, -1, 0]], dtype=float)
    m = check_int(n_points, "n_points", "lp_ball", 8) // 4
    # per quadrant, u runs from 0 to 1 exactly: c = cos, s = sin of u * pi/2
    u = np.linspace(0.0, 1.0, m + 1)[:-1]
    c = np.cos(u * np.pi / 2)
    s = np.sin(u * np.pi / 2)
    c[0], s[0] = 1.0, 0.0
    # superellipse: |c|^(2/p) + ... gives ||(c^(2/p), s^(2/p))||_p = 1 exactly
    a, b = c ** (2.0 / p), s ** (2.0 / p)
    quads = [(a, b), (-b, a), (-a, -b), (b, -a)]
    xs = np.concatenate([q[0] for q in quads] + [[1.0]])
    ys = np.concatenate([q[1] for q in quads] + [[0.0]])
    return t * np.vstack([xs, ys])


def _pnorm(w, p):
    w = np.abs(np.asarray(w, dtype=float))
    if p == np.inf:
        return np.max(w, axis=0)
    return np.sum(w**p, axis=0) ** (1.0 / p)


# --------------------------------------------------------------------------
# the ball of a prior


def _as_prior(p, owner):
    """A prior for a Prior or a registered name; None for a number ``p``."""
    if isinstance(p, Prior):
        return p
    if isinstance(p, str) or (isinstance(p, type) and issubclass(p, Prior)):
        return prior_class(p, owner)()
    return None


def _prior_name(prior) -> str:
    """``'GeneralizedGaussian(power=0.5, scale=1)'``: the repr, floats short."""
    text = re.sub(r", relative=False", "", repr(prior))
    return re.sub(r"\d+\.\d+(?:e[+-]?\d+)?", lambda m: f"{float(m.group()):g}", text)


def _prior_radius(prior, t, directions, sigma=1.0):
    """Distance from 0 to the ball's boundary along each column of ``directions``.

    Solves ``pen(r |d1|) + pen(r |d2|) = pen(t) + pen(0)``, ``pen = -logpdf``,
    by bisection to full precision on ``[0, sqrt(2) t]`` (the bracket holds
    for any prior whose density falls off from 0); the axes give ``r = t``.
    """
    d = np.abs(np.asarray(directions, dtype=float))
    d = d / np.linalg.norm(d, axis=0)

    def pen(w):
        return -np.asarray(prior.logpdf(w, sigma), dtype=float)

    level = pen(np.array([t, 0.0])).sum()

    def excess(r):
        return pen(r * d[0]) + pen(r * d[1]) - level

    lo, hi = np.zeros(d.shape[1]), np.full(d.shape[1], math.sqrt(2.0) * t)
    if not (pen(np.array([t]))[0] > pen(np.array([0.0]))[0]) or np.any(excess(hi) < 0):
        raise ValueError(
            f"{prior!r} has no ball: its density does not fall off away from 0."
        )
    for _ in range(1100):  # bisection halves down to the float spacing
        mid = 0.5 * (lo + hi)
        if np.all((mid == lo) | (mid == hi)):
            break
        out = excess(mid) >= 0
        hi, lo = np.where(out, mid, hi), np.where(out, lo, mid)
    r = hi
    r[(d[0] == 1.0) | (d[1] == 1.0)] = t
    return r


def prior_ball(prior, t=1.0, n_points=400, sigma=1.0):
    """Boundary of the ball of a prior in two weights, as an array of shape (2, m).

    The ball is the set where the prior density of ``(w1, w2)`` is at least
    its value at ``(t, 0)``: ``{w: pen(w1) + pen(w2) <= pen(t) + pen(0)}``
    with ``pen = -log p``; its MAP penalty is constant on the boundary. The
    Laplace prior gives the L1 diamond, the Gaussian the disc, and
    ``GeneralizedGaussian(power=q)`` the Lq ball ``|w1|^q + |w2|^q = t^q``
    for any scale; other priors (elastic net, Student-t) their own shapes.
    Points run counter-clockwise from ``(t, 0)`` and the curve is closed.

    Parameters
    ----------
    prior : Prior or str
        A prior, or a registered name (its default parameters).
    t : float > 0
        Where the boundary crosses the first axis.
    n_points : int
    sigma : float > 0
        Noise scale (for relative priors).
    """
    owner = "prior_ball"
    t = check_positive(t, "t", owner)
    prior = _as_prior(prior, owner)
    if prior is None:
        raise TypeError(f"{owner} needs a bayesreg prior or a registered name.")
    directions = lp_ball(1.0, 2.0, n_points)
    return directions * _prior_radius(prior, t, directions, sigma)


def _two_weight_data(random_state=0):
    rng = np.random.default_rng(random_state)
    n = 60
    z = rng.standard_normal((n, 2))
    X = np.column_stack([z[:, 0], 0.5 * z[:, 0] + math.sqrt(0.75) * z[:, 1]])
    X /= np.linalg.norm(X, axis=0)
    y = X @ np.array([1.6, 0.6]) + 0.1 * rng.standard_normal(n)
    return X, y


def constrained_optimum(X, y, t=1.0, p=1.0, fit_intercept=False):
    """Minimize ``1/2 ||y - Xw||^2`` subject to ``||w||_p <= t`` (two weights).

    For ``p = 1`` and ``p = 2`` the Lagrange view is used: the optimum is the
    MAP of ``Laplace.from_penalty(lam)`` (lasso) or ``Gaussian.from_penalty(lam)``
    (ridge) from :func:`bayesreg.fit_map`, with the multiplier ``lam`` found by
    root finding on ``||w(lam)||_p = t``. For other ``p`` the loss is minimized
    along the boundary of the ball (grid, then a bounded scalar search).
    ``p`` may also be a prior (or a registered name): the ball is then
    :func:`prior_ball` (for ``GeneralizedGaussian(power=q)`` the Lq ball),
    searched along its boundary.

    Returns
    -------
    w : ndarray of shape (2,)
    lam : float or None
        The Lagrange multiplier (0.0 when the least-squares fit is inside the
        ball, None for p other than 1 and 2).
    """
    owner = "constrained_optimum"
    t = check_positive(t, "t", owner)
    prior = _as_prior(p, owner)
    X, y, _ = check_X_y(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"{owner} needs exactly 2 features; X has {X.shape[1]}.")
    lik = GaussianLikelihood.from_arrays(X, y, fit_intercept)
    w_ols = np.linalg.lstsq(lik.xtx, lik.xty, rcond=None)[0]
    if prior is not None:
        if _prior_radius(prior, t, w_ols[:, None] / np.linalg.norm(w_ols))[0] >= (
            np.linalg.norm(w_ols)
        ):
            return w_ols, 0.0
    elif _pnorm(w_ols, p) <= t:
        return w_ols, 0.0
    if prior is None and p in (1, 2):
        family = Laplace if p == 1 else Gaussian

        def coef(lam):
            return fit_map(X, y, family.from_penalty(lam), 1.0, fit_intercept).coef

        hi = float(np.max(np.abs(lik.xty)))  # lasso: w = 0 from here on
        while _pnorm(coef(hi), p) > t:
            hi *= 4.0
        lam = optimize.brentq(
            lambda lam: _pnorm(coef(lam), p) - t, hi * 1e-12, hi, xtol=1e-14
        )
        return coef(lam), float(lam)
    if prior is None:
        ring = lp_ball(1.0, p, 4000)[:, :-1]
        losses = [0.5 * lik.rss(t * d / _pnorm(d, p)) for d in ring.T]
    else:  # the boundary points at once (one vectorized bisection)
        ring = prior_ball(prior, t, 4000)[:, :-1]
        losses = [0.5 * lik.rss(w) for w in ring.T]
    k = ring.shape[1]

    def point(theta):  # boundary point at polar angle theta
        d = np.array([np.cos(theta), np.sin(theta)])
        if prior is not None:
            return d * _prior_radius(prior, t, d[:, None])[0]
        return t * d / _pnorm(d, p)

    def loss(theta):
        return 0.5 * lik.rss(point(theta))

    angles = np.arctan2(ring[1], ring[0])
    i = int(np.argmin(losses))
    lo, hi = angles[(i - 1) % k], angles[(i + 1) % k]
    if hi < lo:
        hi += 2 * np.pi
    res = optimize.minimize_scalar(loss, bounds=(lo, hi), method="bounded")
    if prior is not None and losses[i] <= res.fun:  # a corner: exact on the grid
        return ring[:, i], None
    return point(res.x), None


def plot_constraint_regions(
    X=None,
    y=None,
    t=1.0,
    *,
    ord=(1, 2),
    fit_intercept=False,
    n_levels=10,
    random_state=0,
    ax=None,
):
    """Loss contours with Lp balls and the constrained optima (two weights).

    Draws contours of ``1/2 ||y - Xw||^2``, the boundary of
    ``{w: ||w||_p <= t}`` for each ``p`` in ``ord``, the least-squares fit,
    and for each ``p`` the constrained optimum (see
    :func:`constrained_optimum`) with the loss contour through it: the contour
    touches the ball there. For ``p = 1`` the touching point is often a corner
    of the diamond, which is an exact zero.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2), optional
    y : array-like of shape (n_samples,), optional
        Default: a correlated two-feature example where the L1 optimum is a
        corner.
    t : float > 0
        Radius of the balls.
    ord : float, prior, or a sequence of them
        Values of ``p`` (``np.inf`` for the square), e.g. ``(0.5, 1, 2, np.inf)``;
        or priors (instances or registered names) whose balls
        (:func:`prior_ball`) are drawn, e.g. ``GeneralizedGaussian(power=0.5)``.
    fit_intercept : bool, default False
    n_levels : int
        Number of background contour levels.
    ax : Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        The balls are labelled ``'L{p} ball'``, the optima ``'L{p} optimum...'``;
        a prior's ``'<prior> ball'`` and ``'<prior> optimum...'``.
    """
    owner = "plot_constraint_regions"
    t = check_positive(t, "t", owner)
    n_levels = check_int(n_levels, "n_levels", owner)
    single = np.isscalar(ord) or isinstance(ord, Prior)
    ords = [ord] if single else list(ord)
    for p in ords:
        if _as_prior(p, owner) is None and p != np.inf:
            check_positive(p, "ord", owner)
    if X is None:
        X, y = _two_weight_data(random_state)
    X, y, names = check_X_y(X, y)
    lik = GaussianLikelihood.from_arrays(X, y, fit_intercept)
    w_ols = np.linalg.lstsq(lik.xtx, lik.xty, rcond=None)[0]
    half = 1.25 * max(np.max(np.abs(w_ols)), t)
    g = np.linspace(-half, half, 241)
    W1, W2 = np.meshgrid(g, g)
    Wf = np.vstack([W1.ravel(), W2.ravel()])
    quad = np.einsum("ik,ij,jk->k", Wf, lik.xtx, Wf)
    loss = (0.5 * (lik.yty - 2.0 * lik.xty @ Wf + quad)).reshape(W1.shape)
    fig, (a,) = axes_for(ax, 1, owner, figsize=(5.6, 5.2))
    lmin = 0.5 * lik.rss(w_ols)
    levels = lmin + (loss.max() - lmin) * np.linspace(0, 1, n_levels + 2)[1:-1] ** 2
    a.contour(W1, W2, loss, levels=levels, colors="0.7", linewidths=0.8)
    a.plot(*w_ols, ls="none", marker="x", ms=9, color=DATA_COLOR, label="least squares")
    others = iter(["tab:green", "tab:red", "tab:purple", "tab:brown", "tab:pink"])
    for p in ords:
        prior = _as_prior(p, owner)
        if prior is None:
            color = {1: L1_COLOR, 2: L2_COLOR}.get(p) or next(others, "0.4")
            name = "∞" if p == np.inf else f"{p:g}"
            ball, title = lp_ball(t, p), f"‖w‖_{name} ≤ {t:g}"
            name = f"L{name}"
        else:
            color, name = next(others, "0.4"), _prior_name(prior)
            ball, title = prior_ball(prior, t), f"through ({t:g}, 0)"
        a.fill(*ball, color=color, alpha=0.12, lw=0)
        a.plot(*ball, color=color, lw=2, label=f"{name} ball, {title}")
        w, lam = constrained_optimum(X, y, t, p, fit_intercept)
        a.contour(
            W1, W2, loss, levels=[0.5 * lik.rss(w)], colors=[color], linestyles=":"
        )
        wr = np.round(w, 2) + 0.0  # no "-0.00" in the legend
        how = "" if lam is None else f" = MAP, lam = {lam:.3g}"
        a.plot(
            *w,
            ls="none",
            marker="o",
            ms=8,
            mfc=color,
            mec="black",
            zorder=5,
            label=f"{name} optimum ({wr[0]:.2f}, {wr[1]:.2f}){how}",
        )
    a.axhline(0, color="0.85", lw=0.8, zorder=0)
    a.axvline(0, color="0.85", lw=0.8, zorder=0)
    a.set_aspect("equal")
    a.set_xlim(-half, half)
    a.set_ylim(-half, half)
    a.set_xlabel(f"w1 ({names[0]})")
    a.set_ylabel(f"w2 ({names[1]})")
    a.set_title("loss contours and constraint regions", fontsize="medium")
    a.legend(fontsize="x-small", loc="lower left")
    return fig
