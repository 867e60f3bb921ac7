"""The classic L1/L2 pictures, computed with the package's own engines.

* :func:`plot_prior_densities`: Laplace vs Gaussian densities (linear and log).
* :func:`plot_penalized_loss_1d`: one weight, data loss plus L1 / L2 penalty,
  minima from :func:`bayesreg.fit_map`.
* :func:`plot_constraint_regions`: loss contours with Lp balls and the
  constrained optimum (Lagrange view: the L1 and L2 optima are MAP fits).
* :func:`plot_weight_decay`: gradient descent with weight decay, with the L1
  subgradient step and with the proximal (soft-threshold) step.

All penalties use the package's unscaled convention
``1/2 ||y - X w||^2 + lam pen(w)``, ``pen = ||w||_1`` (L1) or ``1/2 ||w||^2`` (L2).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from .._validation import check_choice, check_int, check_nonnegative, check_positive
from ..data import check_X_y
from ..likelihoods import GaussianLikelihood
from ..map import fit_map
from ..priors import Gaussian, Laplace, Prior
from ._common import axes_for

__all__ = [
    "constrained_optimum",
    "lp_ball",
    "plot_constraint_regions",
    "plot_penalized_loss_1d",
    "plot_prior_densities",
    "plot_weight_decay",
    "weight_decay_path",
]

L1_COLOR, L2_COLOR, DATA_COLOR = "tab:blue", "tab:orange", "0.25"


# --------------------------------------------------------------------------
# prior densities


def plot_prior_densities(
    match="variance",
    value=1.0,
    *,
    sigma=1.0,
    priors=None,
    xmax=None,
    yscale=("linear", "log"),
    ax=None,
):
    """Laplace vs Gaussian prior densities, on a linear and a log scale.

    Parameters
    ----------
    match : {'variance', 'penalty'}
        ``'variance'``: both priors have standard deviation ``value``
        (``Gaussian(scale=value)``, ``Laplace(scale=value/sqrt(2))``).
        ``'penalty'``: both are the priors of the same ``lam = value`` in
        ``1/2||y - Xw||^2 + lam pen(w)`` at noise scale ``sigma``
        (``Gaussian.from_penalty(lam, sigma)``, ``Laplace.from_penalty(lam, sigma)``).
    value : float > 0
        Standard deviation or ``lam``, see ``match``.
    sigma : float > 0
        Noise scale (only used with ``match='penalty'``).
    priors : dict of str -> Prior, optional
        Draw these priors instead (``match`` and ``value`` then only title it).
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
        Each curve is ``exp(prior.logpdf(w, sigma))``.
    """
    owner = "plot_prior_densities"
    check_choice(match, "match", owner, ("variance", "penalty"))
    value = check_positive(value, "value", owner)
    sigma = check_positive(sigma, "sigma", owner)
    yscale = [yscale] if isinstance(yscale, str) else list(yscale)
    for s in yscale:
        check_choice(s, "yscale", owner, ("linear", "log"))
    if priors is None:
        if match == "variance":
            priors = {
                "Gaussian": Gaussian(scale=value),
                "Laplace": Laplace(scale=value / math.sqrt(2.0)),
            }
            title = f"matched variance (sd = {value:g})"
        else:
            priors = {
                "Gaussian (L2)": Gaussian.from_penalty(value, sigma),
                "Laplace (L1)": Laplace.from_penalty(value, sigma),
            }
            title = f"matched penalty (lam = {value:g}, sigma = {sigma:g})"
    else:
        title = "prior densities"
    for name, prior in priors.items():
        if not isinstance(prior, Prior):
            raise TypeError(
                f"The 'priors' parameter of {owner} must map names to bayesreg "
                f"priors. Got {prior!r} for {name!r} instead."
            )
    if xmax is None:
        sd = [_prior_sd(p, sigma) for p in priors.values()]
        xmax = 4.0 * max(sd)
    xmax = check_positive(xmax, "xmax", owner)
    w = np.linspace(-xmax, xmax, 801)  # odd: w = 0 is a grid point
    w[400] = 0.0
    fig, axes = axes_for(ax, len(yscale), owner)
    colors = [L2_COLOR, L1_COLOR, "tab:green", "tab:red", "tab:purple"]
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


def _prior_sd(prior, sigma):
    """Standard deviation of the prior (1.0 for an improper one)."""
    var = prior.variance(sigma)
    return math.sqrt(var) if math.isfinite(var) else 1.0


# --------------------------------------------------------------------------
# one weight


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


# --------------------------------------------------------------------------
# constraint regions


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

    Returns
    -------
    w : ndarray of shape (2,)
    lam : float or None
        The Lagrange multiplier (0.0 when the least-squares fit is inside the
        ball, None for p other than 1 and 2).
    """
    owner = "constrained_optimum"
    t = check_positive(t, "t", owner)
    X, y, _ = check_X_y(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"{owner} needs exactly 2 features; X has {X.shape[1]}.")
    lik = GaussianLikelihood.from_arrays(X, y, fit_intercept)
    w_ols = np.linalg.lstsq(lik.xtx, lik.xty, rcond=None)[0]
    if _pnorm(w_ols, p) <= t:
        return w_ols, 0.0
    if p in (1, 2):
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
    ring = lp_ball(1.0, p, 4000)[:, :-1]
    k = ring.shape[1]

    def point(theta):  # boundary point at polar angle theta
        d = np.array([np.cos(theta), np.sin(theta)])
        return t * d / _pnorm(d, p)

    def loss(theta):
        return 0.5 * lik.rss(point(theta))

    angles = np.arctan2(ring[1], ring[0])
    i = int(np.argmin([loss(a) for a in angles]))
    lo, hi = angles[(i - 1) % k], angles[(i + 1) % k]
    if hi < lo:
        hi += 2 * np.pi
    res = optimize.minimize_scalar(loss, bounds=(lo, hi), method="bounded")
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
    ord : float or sequence of float
        Values of ``p`` (``np.inf`` for the square); e.g. ``(0.5, 1, 2, np.inf)``.
    fit_intercept : bool, default False
    n_levels : int
        Number of background contour levels.
    ax : Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        The balls are labelled ``'L{p} ball'``, the optima ``'L{p} optimum...'``.
    """
    owner = "plot_constraint_regions"
    t = check_positive(t, "t", owner)
    n_levels = check_int(n_levels, "n_levels", owner)
    ords = [ord] if np.isscalar(ord) else list(ord)
    for p in ords:
        if p != np.inf:
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
        color = {1: L1_COLOR, 2: L2_COLOR}.get(p) or next(others, "0.4")
        name = "∞" if p == np.inf else f"{p:g}"
        ball = lp_ball(t, p)
        a.fill(*ball, color=color, alpha=0.12, lw=0)
        a.plot(*ball, color=color, lw=2, label=f"L{name} ball, ‖w‖_{name} ≤ {t:g}")
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
            label=f"L{name} optimum ({wr[0]:.2f}, {wr[1]:.2f}){how}",
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


# --------------------------------------------------------------------------
# weight decay


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
