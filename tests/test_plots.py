"""Figures: check what is drawn (line data, marker positions), not only that it runs."""

import itertools
import math
import re
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy import optimize

from bayesreg import Gaussian, Laplace, fit_map, sample_posterior
from bayesreg.plots import (
    constrained_optimum,
    default_lams,
    lp_ball,
    path_summary,
    plot_constraint_regions,
    plot_path,
    plot_penalized_loss_1d,
    plot_posterior,
    plot_predictive,
    plot_prior_densities,
    plot_weight_decay,
    predictive_draws,
    residual_sigma,
    weight_decay_path,
)
from bayesreg.plots.didactic import _decay_data, _two_weight_data
from bayesreg.posterior import sample_path

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def line(ax, prefix):
    """The one Line2D whose label starts with ``prefix``."""
    found = [ln for ln in ax.get_lines() if ln.get_label().startswith(prefix)]
    assert len(found) == 1, [ln.get_label() for ln in ax.get_lines()]
    return found[0]


# --------------------------------------------------------------------------
# prior densities


def test_prior_densities_matched_variance_draws_the_priors_own_densities():
    fig = plot_prior_densities("variance", 1.5)
    lin, log = fig.axes
    assert lin.get_yscale() == "linear" and log.get_yscale() == "log"
    for ax in (lin, log):
        g, lap = line(ax, "Gaussian"), line(ax, "Laplace")
        w = g.get_xdata()
        np.testing.assert_allclose(g.get_ydata(), np.exp(Gaussian(1.5).logpdf(w)))
        b = 1.5 / math.sqrt(2.0)  # same variance: 2 b^2 = 1.5^2
        np.testing.assert_allclose(lap.get_ydata(), np.exp(Laplace(b).logpdf(w)))
    # sharper peak at 0 and heavier tails for the Laplace
    w, dg, dl = g.get_xdata(), g.get_ydata(), lap.get_ydata()
    zero = np.flatnonzero(w == 0.0)
    assert zero.size == 1
    assert dl[zero[0]] == pytest.approx(1 / (2 * b)) and dl[zero[0]] > dg[zero[0]]
    assert dl[-1] > dg[-1] and dl[0] > dg[0]


def test_prior_densities_matched_penalty_and_given_ax():
    fig, ax = plt.subplots()
    out = plot_prior_densities("penalty", 4.0, sigma=2.0, yscale="log", ax=ax)
    assert out is fig and ax.get_yscale() == "log"
    g, lap = line(ax, "Gaussian"), line(ax, "Laplace")
    w = g.get_xdata()
    gp, lp = Gaussian.from_penalty(4.0, 2.0), Laplace.from_penalty(4.0, 2.0)
    np.testing.assert_allclose(g.get_ydata(), np.exp(gp.logpdf(w, 2.0)))
    np.testing.assert_allclose(lap.get_ydata(), np.exp(lp.logpdf(w, 2.0)))


def test_prior_densities_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"'match' parameter .* 'variance', 'penalty'"):
        plot_prior_densities("mode")
    with pytest.raises(ValueError, match=r"'ax' parameter .* 2 matplotlib Axes"):
        _, ax = plt.subplots()
        plot_prior_densities(ax=ax)


# --------------------------------------------------------------------------
# one weight


@pytest.mark.parametrize("lam", [0.5, 1.0, 3.0])
def test_l1_minimum_is_exactly_zero_for_large_lam(lam):
    # default data: x'x = 1, x'y = 0.5, so the lasso is zero for lam >= 0.5
    ax = plot_penalized_loss_1d(lam).axes[0]
    l1, l2 = line(ax, "L1 minimum"), line(ax, "L2 minimum")
    assert l1.get_xdata()[0] == 0.0
    w2 = l2.get_xdata()[0]
    assert w2 == pytest.approx(0.5 / (1.0 + lam), rel=1e-10) and w2 > 0
    # markers sit at the bottom of the drawn penalized losses
    for marker, curve in ((l1, "loss + L1"), (l2, "loss + L2")):
        c = line(ax, curve)
        k = np.flatnonzero(c.get_xdata() == marker.get_xdata()[0])
        assert k.size == 1
        assert c.get_ydata()[k[0]] == pytest.approx(marker.get_ydata()[0], abs=1e-12)
        assert c.get_ydata().min() >= marker.get_ydata()[0] - 1e-12


def test_small_lam_soft_thresholds_and_markers_come_from_fit_map():
    rng = np.random.default_rng(3)
    x = rng.standard_normal(30)
    y = 1.3 * x + 0.5 * rng.standard_normal(30)
    lam = 4.0
    _, ax = plt.subplots()
    plot_penalized_loss_1d(lam, x=x, y=y, ax=ax)
    xy, xx = x @ y, x @ x
    w1 = line(ax, "L1 minimum").get_xdata()[0]
    assert xy > lam
    assert w1 == pytest.approx((xy - lam) / xx, rel=1e-9)
    exact = fit_map(x[:, None], y, Laplace.from_penalty(lam), 1.0, False).coef[0]
    assert w1 == exact


# --------------------------------------------------------------------------
# constraint regions


@pytest.mark.parametrize("t", [0.5, 2.0])
def test_lp_ball_diamond_vertices_and_norms(t):
    ball = lp_ball(t, 1)
    pts = {tuple(p) for p in ball.T}
    for v in [(t, 0.0), (0.0, t), (-t, 0.0), (0.0, -t)]:
        assert v in pts
    np.testing.assert_allclose(np.abs(ball).sum(axis=0), t, rtol=1e-12)
    for p in (0.5, 2.0, 3.0):
        b = lp_ball(t, p)
        np.testing.assert_allclose((np.abs(b) ** p).sum(axis=0) ** (1 / p), t)
    square = lp_ball(t, np.inf)
    np.testing.assert_allclose(np.abs(square).max(axis=0), t)


def test_constraint_plot_draws_the_diamond_and_the_lagrange_optimum():
    t = 1.0
    fig = plot_constraint_regions(t=t, ord=(0.5, 1, 2, np.inf))
    ax = fig.axes[0]
    diamond = line(ax, "L1 ball")
    xy = np.column_stack([diamond.get_xdata(), diamond.get_ydata()])
    for v in [(t, 0.0), (0.0, t), (-t, 0.0), (0.0, -t)]:
        assert (xy == v).all(axis=1).any()
    X, y = _two_weight_data(0)
    opt = line(ax, "L1 optimum")
    w = np.array([opt.get_xdata()[0], opt.get_ydata()[0]])
    w_c, lam = constrained_optimum(X, y, t, 1)
    np.testing.assert_array_equal(w, w_c)
    # the optimum is the MAP at the Lagrange multiplier, on the boundary, a corner
    np.testing.assert_array_equal(
        w, fit_map(X, y, Laplace.from_penalty(lam), 1.0, False).coef
    )
    assert np.abs(w).sum() == pytest.approx(t, abs=1e-9)
    assert w[1] == 0.0
    assert "lam = " in opt.get_label()


def _slsqp(X, y, t, p):
    cons = {"type": "ineq", "fun": lambda w: t - np.linalg.norm(w, p)}
    res = optimize.minimize(
        lambda w: 0.5 * np.sum((y - X @ w) ** 2),
        np.zeros(2) + 0.1,
        constraints=[cons],
        method="SLSQP",
        options=dict(ftol=1e-14, maxiter=500),
    )
    return res.x


@pytest.mark.parametrize("p", [2, 3.0, np.inf])
def test_constrained_optimum_matches_a_generic_solver(p):
    X, y = _two_weight_data(1)
    w, lam = constrained_optimum(X, y, 0.8, p)
    np.testing.assert_allclose(w, _slsqp(X, y, 0.8, p), atol=2e-5)
    assert (lam is not None) == (p == 2)
    if p == 2:
        ridge = fit_map(X, y, Gaussian.from_penalty(lam), 1.0, False).coef
        np.testing.assert_array_equal(w, ridge)


def test_boundary_search_agrees_with_the_lasso_lagrange_route():
    X, y = _two_weight_data(2)
    w_lasso, _ = constrained_optimum(X, y, 0.7, 1)
    w_search, lam = constrained_optimum(X, y, 0.7, 1.0 + 1e-9)
    assert lam is None
    np.testing.assert_allclose(w_search, w_lasso, atol=1e-5)


def test_inside_ball_returns_least_squares():
    X, y = _two_weight_data(0)
    w, lam = constrained_optimum(X, y, 100.0, 1)
    np.testing.assert_allclose(w, np.linalg.lstsq(X, y, rcond=None)[0])
    assert lam == 0.0


# --------------------------------------------------------------------------
# weight decay


def test_weight_decay_step_is_the_l2_gradient_step():
    X, y = _decay_data(0)
    lam, a = 0.7, 0.05
    w0 = np.linspace(-1, 1, X.shape[1])
    step = weight_decay_path(X, y, lam, "l2", lr=a, n_steps=1, w0=w0)[1]
    grad = X.T @ (X @ w0 - y) + lam * w0
    np.testing.assert_allclose(step, w0 - a * grad, rtol=1e-13)


def test_gradient_descent_ends_at_the_map_and_only_prox_gives_zeros():
    X, y = _decay_data(0)
    lam = 0.5
    lasso = fit_map(X, y, Laplace.from_penalty(lam), 1.0, False).coef
    ridge = fit_map(X, y, Gaussian.from_penalty(lam), 1.0, False).coef
    assert (lasso == 0).sum() >= 2
    prox = weight_decay_path(X, y, lam, "l1_prox", n_steps=2000)
    np.testing.assert_allclose(prox[-1], lasso, atol=1e-8)
    np.testing.assert_array_equal(prox[-1] == 0, lasso == 0)
    assert np.all(prox[-200:, lasso == 0] == 0.0)  # dead weights stay dead
    l2 = weight_decay_path(X, y, lam, "l2", n_steps=2000)
    np.testing.assert_allclose(l2[-1], ridge, atol=1e-8)
    assert np.all(l2[-1] != 0)
    sub = weight_decay_path(X, y, lam, "l1", n_steps=2000)
    tail = sub[-200:, lasso == 0]
    assert np.all(tail != 0.0)  # the constant push overshoots, never settles
    # near 0 the push a*lam exceeds the data gradient: the weight keeps crossing 0
    flips = (np.diff(np.sign(tail), axis=0) != 0).sum(axis=0)
    assert np.all(flips >= 20)


def test_weight_decay_plot_draws_the_paths():
    X, y = _decay_data(0)
    fig = plot_weight_decay(lam=0.5, n_steps=300)
    assert len(fig.axes) == 3
    prox_ax = fig.axes[2]
    path = weight_decay_path(X, y, 0.5, "l1_prox", n_steps=300)
    lines = [ln for ln in prox_ax.get_lines() if ln.get_label().startswith("x")]
    drawn = np.column_stack([ln.get_ydata() for ln in lines])
    np.testing.assert_array_equal(drawn, path)
    zeros = int((path[-1] == 0).sum())
    assert f"{zeros} of 5 weights exactly 0" in prox_ax.get_title()
    assert "0 of 5 weights exactly 0" in fig.axes[1].get_title()


def test_weight_decay_rejects_unknown_method():
    with pytest.raises(ValueError, match=r"'methods' parameter .* 'l1_prox'"):
        plot_weight_decay(methods=("sgd",))


# --------------------------------------------------------------------------
# fitted models: paths, posteriors, predictions (exact conjugate draws: no compile)


@pytest.fixture(scope="module")
def diabetes():
    from bayesreg.datasets import load_diabetes

    X, y = load_diabetes()
    return X, y, residual_sigma(X, y)


@pytest.fixture(scope="module")
def ridge_fit(diabetes):
    X, y, sigma = diabetes
    prior = Gaussian.from_penalty(0.5, sigma)
    idata = sample_posterior(
        X, y, prior, sigma, sampler="exact", draws=2000, chains=2, random_seed=7
    )
    return idata, prior, sigma


def test_residual_sigma_is_the_least_squares_estimate(diabetes):
    X, y, sigma = diabetes
    Xa = np.column_stack([np.ones(len(y)), X])
    r = y - Xa @ np.linalg.lstsq(Xa, y, rcond=None)[0]
    assert sigma == pytest.approx(math.sqrt(r @ r / (len(y) - Xa.shape[1])))


def test_map_path_lines_are_fit_map_and_hit_exact_zeros(diabetes):
    X, y, sigma = diabetes
    lams = default_lams(X, y, "laplace", n_lams=8)
    fig = plot_path(X, y, lams, prior="laplace", sigma=sigma, bayesian=False)
    (ax,) = fig.axes
    drawn = np.column_stack([line(ax, name).get_ydata() for name in X.columns])
    for k, lam in enumerate(lams):
        res = fit_map(X, y, Laplace.from_penalty(lam, sigma), sigma)
        np.testing.assert_allclose(drawn[k], res.coef, rtol=1e-7, atol=1e-6)
    np.testing.assert_array_equal(line(ax, "age").get_xdata(), lams)
    at_max = [line(ax, name).get_ydata()[0] for name in X.columns]
    assert lams[0] == pytest.approx(np.max(np.abs((X - X.mean()).T @ (y - y.mean()))))
    assert np.all(np.array(at_max) == 0.0)  # lam_max: the lasso is exactly zero
    assert np.all([line(ax, n).get_ydata()[-1] != 0 for n in X.columns])


def test_bayesian_path_median_and_band(diabetes):
    import arviz as az

    X, y, sigma = diabetes
    lams = np.geomspace(50.0, 0.05, 5)
    idatas = sample_path(
        X,
        y,
        [Gaussian.from_penalty(lam, sigma) for lam in lams],
        sigma,
        sampler="exact",
        draws=1000,
        chains=2,
        random_seed=3,
        progressbar=False,
    )
    fig = plot_path(X, y, lams, prior="gaussian", sigma=sigma, idatas=idatas, prob=0.8)
    map_ax, bayes_ax = fig.axes
    med, lo, hi = path_summary(idatas, 0.8)
    mcse = np.array(
        [
            az.mcse(idata.posterior, var_names=["coef"], method="median")["coef"].values
            for idata in idatas
        ]
    )
    for j, name in enumerate(X.columns):
        np.testing.assert_array_equal(line(bayes_ax, name).get_ydata(), med[:, j])
        map_line = line(map_ax, name).get_ydata()
        # Gaussian posterior: median = mean = MAP, up to Monte Carlo error
        assert np.all(np.abs(med[:, j] - map_line) <= 4 * mcse[:, j])
    assert np.all(lo < med) and np.all(med < hi)
    band = bayes_ax.collections[0].get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx(lo[:, 0].min())
    assert band[:, 1].max() == pytest.approx(hi[:, 0].max())


def test_plot_path_checks_idatas_length(diabetes):
    X, y, sigma = diabetes
    with pytest.raises(ValueError, match="one fit per lam"):
        plot_path(X, y, [1.0, 2.0], sigma=sigma, idatas=[object()])


def test_posterior_density_marks_map_and_sklearn(diabetes, ridge_fit):
    import arviz as az

    X, y, _ = diabetes
    idata, prior, sigma = ridge_fit
    fig = plot_posterior(idata, X, y, prior, show_prior=True)
    res = fit_map(X, y, prior, sigma)
    draws = idata.posterior["coef"].values.reshape(-1, X.shape[1])
    for j, name in enumerate(X.columns):
        ax = next(a for a in fig.axes if a.get_title() == name)
        assert line(ax, "MAP").get_xdata()[0] == res.coef[j]
        sk = line(ax, "scikit-learn").get_xdata()[0]
        assert sk == pytest.approx(res.coef[j], rel=1e-6, abs=1e-6)
        post = line(ax, "posterior")
        assert np.trapezoid(post.get_ydata(), post.get_xdata()) == pytest.approx(
            1.0, abs=0.02
        )
        hdi = line(ax, "94% HDI").get_xdata()
        np.testing.assert_allclose(hdi, az.hdi(draws[:, j], hdi_prob=0.94))
        pr = line(ax, "prior")
        np.testing.assert_allclose(
            pr.get_ydata(), np.exp(prior.logpdf(pr.get_xdata(), sigma))
        )


def test_posterior_forest_and_feature_subset(diabetes, ridge_fit):
    X, y, _ = diabetes
    idata, prior, sigma = ridge_fit
    fig = plot_posterior(idata, X, y, prior, kind="forest", features=["bmi", "s5"])
    (ax,) = fig.axes
    res = fit_map(X, y, prior, sigma)
    rows = line(ax, "MAP").get_ydata()
    labels = {t.get_position()[1]: t.get_text() for t in ax.get_yticklabels()}
    got = dict(zip([labels[r] for r in rows], line(ax, "MAP").get_xdata(), strict=True))
    assert got == {"bmi": res.coef[2], "s5": res.coef[8]}
    with pytest.raises(ValueError, match="unknown"):
        plot_posterior(idata, X, y, prior, features=["nope"])


def test_predictive_plot_medians_and_coverage(diabetes, ridge_fit):
    X, y, _ = diabetes
    idata, prior, sigma = ridge_fit
    fig = plot_predictive(idata, X, prob=0.9, random_seed=1, max_bars=len(y))
    (ax,) = fig.axes
    pred = predictive_draws(idata, X, random_seed=1)
    lo, med, hi = np.quantile(pred, [0.05, 0.5, 0.95], axis=0)
    centres = ax.containers[0].lines[0]
    np.testing.assert_array_equal(centres.get_xdata(), y.to_numpy())
    np.testing.assert_allclose(centres.get_ydata(), med)
    inside = np.mean((y >= lo) & (y <= hi))
    assert f"{inside:.0%} of observations" in ax.get_title()
    # the mean's median tracks the MAP fit (Gaussian posterior, Monte Carlo error)
    mean = predictive_draws(idata, X, kind="mean")
    res = fit_map(X, y, prior, sigma)
    fitted = X.to_numpy() @ res.coef + res.intercept
    # i.i.d. draws: MCSE of a median is sqrt(pi/2) sd / sqrt(N); 4.5 MCSE for 442 rows
    mcse = math.sqrt(math.pi / 2) * mean.std(axis=0) / math.sqrt(mean.shape[0])
    assert np.all(np.abs(np.median(mean, axis=0) - fitted) <= 4.5 * mcse)


def test_predictive_plot_of_many_rows_is_a_sorted_band_naming_the_model(
    diabetes, ridge_fit
):
    X, y, _ = diabetes
    idata, prior, sigma = ridge_fit
    fig = plot_predictive(idata, X, prior=prior, prob=0.9, random_seed=1)
    (ax,) = fig.axes
    assert len(y) == 442 and not ax.containers  # no wall of 442 error bars
    pred = predictive_draws(idata, X, random_seed=1)
    lo, med, hi = np.quantile(pred, [0.05, 0.5, 0.95], axis=0)
    order = np.argsort(med, kind="stable")
    median, observed = line(ax, "median"), line(ax, "observed")
    np.testing.assert_allclose(median.get_ydata(), med[order])
    assert np.all(np.diff(median.get_ydata()) >= 0)
    np.testing.assert_array_equal(observed.get_ydata(), y.to_numpy()[order])
    np.testing.assert_array_equal(observed.get_xdata(), np.arange(len(y)))
    (band,) = ax.collections  # the 90% interval, shaded
    verts = band.get_paths()[0].vertices
    assert verts[:, 1].min() == pytest.approx(lo.min())
    assert verts[:, 1].max() == pytest.approx(hi.max())
    outside = (y < lo) | (y > hi)
    out = line(ax, "outside")
    assert out.get_label() == f"outside ({outside.sum()} of {len(y)})"
    np.testing.assert_array_equal(out.get_ydata(), y.to_numpy()[order][outside[order]])
    title = ax.get_title()
    assert f"Gaussian(scale={prior.scale:.4g}" in title
    assert f"sigma = {sigma:.4g}" in title
    assert f"{np.mean(~outside):.0%} of observations inside" in title
    # a few rows: one error bar each, still naming the model
    small = plot_predictive(idata, X[:30], y[:30], prior=prior, random_seed=1)
    (ax,) = small.axes
    np.testing.assert_array_equal(
        ax.containers[0].lines[0].get_xdata(), y.to_numpy()[:30]
    )
    assert f"sigma = {sigma:.4g}" in ax.get_title()


def test_posterior_marks_use_the_posterior_median_sigma_with_a_sigma_prior(diabetes):
    from bayesreg import Jeffreys

    X, y, _ = diabetes
    prior = Gaussian(scale=2.0, relative=True)
    idata = sample_posterior(
        X, y, prior, Jeffreys(), sampler="exact", draws=1000, chains=2, random_seed=5
    )
    s = float(np.median(idata.posterior["sigma"].values))
    fig = plot_posterior(idata, X, y, prior, Jeffreys(), kind="forest")
    (ax,) = fig.axes
    res = fit_map(X, y, prior, s)
    np.testing.assert_array_equal(line(ax, "MAP").get_xdata(), res.coef)
    assert f"sigma = {s:.3g}, posterior median" in fig.get_suptitle().replace("\n", " ")


def test_plot_posterior_accepts_a_fitted_estimator(diabetes):
    from bayesreg import BayesianLinearRegression

    X, y, sigma = diabetes
    prior = Gaussian.from_penalty(2.0, sigma)
    est = BayesianLinearRegression(prior=prior, sigma=sigma, method="exact")
    est.fit(X, y)
    fig = plot_posterior(est, X, y, kind="forest")
    res = fit_map(X, y, prior, sigma)
    np.testing.assert_array_equal(line(fig.axes[0], "MAP").get_xdata(), res.coef)
    with pytest.raises(TypeError, match="InferenceData"):
        plot_posterior(object())


def test_plot_path_from_sufficient_statistics_shows_progress(diabetes, capsys):
    from bayesreg import SufficientStats

    X, y, sigma = diabetes
    stats = SufficientStats.from_arrays(X, y)
    lams = np.geomspace(10.0, 0.1, 4)
    fig = plot_path(
        stats, None, lams, prior="gaussian", sigma=sigma, sampler="exact", draws=200
    )
    assert "sample_path" in capsys.readouterr().err  # tqdm progress bar
    from_arrays = plot_path(X, y, lams, prior="gaussian", sigma=sigma, bayesian=False)
    for name in X.columns:
        np.testing.assert_allclose(
            line(fig.axes[0], name).get_ydata(),
            line(from_arrays.axes[0], name).get_ydata(),
            rtol=1e-9,
            atol=1e-9,
        )


# --------------------------------------------------------------------------
# layout of the forest plot (more than 12 coefficients)


@pytest.fixture(scope="module")
def breast_cancer():
    """30 features; y a column of the data (``target`` is 0/1)."""
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame

    def data(target):
        X = frame.drop(columns=sorted({target, "target"}))
        return X, frame[target]

    return data


def _extents_overlap(a, b, pad=0.0):
    return a.x0 < b.x1 + pad and b.x0 < a.x1 + pad and a.y0 < b.y1 and b.y0 < a.y1


def forest_layout_problems(fig):
    """What collides or is cut off in a forest plot, measured on the canvas."""
    from matplotlib.collections import LineCollection
    from matplotlib.transforms import Bbox

    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    (ax,) = fig.axes
    problems = []
    inside = fig.bbox
    titles = [t for t in (ax.title, fig._suptitle) if t is not None and t.get_text()]
    assert titles, "the forest plot has no title"
    for t in titles:
        e = t.get_window_extent(r)
        if e.x0 < inside.x0 or e.x1 > inside.x1 or e.y0 < inside.y0 or e.y1 > inside.y1:
            problems.append(f"title {t.get_text()!r} clipped: {e.bounds}")
    legends = [leg for leg in (ax.get_legend(), *fig.legends) if leg is not None]
    assert len(legends) == 1
    box = legends[0].get_window_extent(r)
    (hdi,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    texts = [*titles, ax.xaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels()]
    for t in texts:
        if t.get_visible() and t.get_text():
            if _extents_overlap(box, t.get_window_extent(r)):
                problems.append(f"legend covers the text {t.get_text()!r}")
    for seg in hdi.get_segments():
        bar = Bbox(ax.transData.transform(seg))
        bar = Bbox.from_extents(bar.x0, bar.y0 - 2, bar.x1, bar.y1 + 2)  # lw 2.5
        if _extents_overlap(box, bar):
            problems.append(f"legend {box.bounds} covers an HDI bar {bar.bounds}")
    labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
    boxes = sorted((t.get_window_extent(r) for t in labels), key=lambda b: b.x0)
    assert len(boxes) >= 3
    for a, b in itertools.pairwise(boxes):
        if a.x1 + 2 > b.x0:  # at least 2 px between tick labels
            problems.append(f"x tick labels overlap: {a.x1:.0f} > {b.x0:.0f}")
    return problems


@pytest.mark.parametrize(
    ("target", "lam", "jeffreys"),
    [
        ("mean smoothness", 1000.0, False),  # weights ~1e-4: long tick labels
        ("target", 1000.0, False),  # the top bar lies where the legend went
        ("mean smoothness", 1000.0, True),  # the longer title ("posterior median")
    ],
)
def test_forest_layout_title_legend_and_ticks(breast_cancer, target, lam, jeffreys):
    from bayesreg import Jeffreys

    X, y = breast_cancer(target)
    sigma = residual_sigma(X, y)
    prior = Gaussian.from_penalty(lam, sigma)
    noise = sigma
    if jeffreys:
        prior, noise = Gaussian(scale=prior.scale / sigma, relative=True), Jeffreys()
    idata = sample_posterior(
        X, y, prior, noise, sampler="exact", draws=500, chains=2, random_seed=0
    )
    fig = plot_posterior(idata, X, y, prior, noise, kind="auto")
    assert len(fig.axes) == 1 and len(fig.axes[0].get_yticklabels()) == X.shape[1]
    assert forest_layout_problems(fig) == []


def test_plot_path_sampling_warnings_name_their_lam(diabetes):
    from bayesreg.posterior import SamplingWarning, diagnose

    X, y, sigma = diabetes
    lams = np.array([300.0, 3.0])
    with pytest.warns(SamplingWarning) as record:
        fig = plot_path(
            X, y, lams, prior="laplace", sigma=sigma, draws=40, tune=40, chains=2,
            random_seed=1, progressbar=False,
        )  # fmt: skip
    msgs = [str(w.message) for w in record if w.category is SamplingWarning]
    assert msgs and all(re.match(r"lam=(300|3): ", m) for m in msgs), msgs
    # each named lam's own fit fails exactly those checks (40 draws: low ESS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingWarning)
        idatas = sample_path(
            X, y, [Laplace.from_penalty(lam, sigma) for lam in lams], sigma,
            draws=40, tune=40, chains=2, random_seed=1, progressbar=False,
        )  # fmt: skip
    expected = [
        f"lam={lam:g}: {m}"
        for lam, i in zip(lams, idatas, strict=True)
        for m in diagnose(i)
    ]
    assert sorted(msgs) == sorted(expected)
    assert len(fig.axes) == 2


# --------------------------------------------------------------------------
# standardize: the penalty on the columns divided by their sd


@pytest.fixture(scope="module")
def wine():
    from sklearn.datasets import load_wine

    frame = load_wine(as_frame=True).frame
    X, y = frame.drop(columns=["alcohol", "target"]), frame["alcohol"]
    return X, y, residual_sigma(X, y)


def test_plot_path_standardized_is_the_standardized_map_path(wine):
    X, y, sigma = wine
    fig = plot_path(X, y, prior="laplace", sigma=sigma, n_lams=6, bayesian=False,
                    standardize=True)  # fmt: skip
    (ax,) = fig.axes
    lams = line(ax, "proline").get_xdata()
    Xs = (X - X.mean()) / X.std(ddof=0)
    assert lams[0] == pytest.approx(np.max(np.abs(Xs.T @ (y - y.mean()))))
    np.testing.assert_allclose(lams, default_lams(X, y, "laplace", 6, standardize=True))
    for k, lam in enumerate(lams):
        res = fit_map(X, y, Laplace.from_penalty(lam, sigma), sigma, standardize=True)
        drawn = [line(ax, name).get_ydata()[k] for name in X.columns]
        np.testing.assert_allclose(drawn, res.coef, rtol=1e-7, atol=1e-9)
    assert "standardized" in ax.get_xlabel()


def test_plot_posterior_standardized_marks_and_prior(wine):
    X, y, sigma = wine
    prior = Gaussian.from_penalty(20.0, sigma)
    idata = sample_posterior(X, y, prior, sigma, sampler="exact", draws=500,
                             chains=2, random_seed=0, standardize=True)  # fmt: skip
    fig = plot_posterior(idata, X, y, prior, show_prior=True)  # as in the fit
    std = fit_map(X, y, prior, sigma, standardize=True)
    raw = fit_map(X, y, prior, sigma)
    s = X.std(ddof=0).to_numpy()
    for j, name in enumerate(X.columns):
        ax = next(a for a in fig.axes if a.get_title() == name)
        assert line(ax, "MAP").get_xdata()[0] == std.coef[j]
        sk = line(ax, "scikit-learn").get_xdata()[0]
        assert sk == pytest.approx(std.coef[j], rel=1e-6, abs=1e-9)
        pr = line(ax, "prior")
        w = pr.get_xdata()
        np.testing.assert_allclose(
            pr.get_ydata(), s[j] * np.exp(prior.logpdf(s[j] * w, sigma))
        )
    assert np.max(np.abs(std.coef - raw.coef)) > 0.01  # the marks moved
