"""plot_lambda_selection (issue 14): each criterion drawn on one lam axis,
each choice marked in the panels of its prior family, the MAP path below."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from sklearn.linear_model import Lasso

from bayesreg import Gaussian, Laplace, select_lambda
from bayesreg.datasets import load_diabetes
from bayesreg.plots import plot_lambda_selection
from bayesreg.select import LambdaSelection


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes()


@pytest.fixture(scope="module")
def selections(diabetes):
    """Real cv and evidence; mcem and hyperprior results made by hand (their
    drawing does not depend on how the numbers were sampled)."""
    X, y = diabetes
    cv = select_lambda(X, y, Laplace(), "cv", n_lams=25)
    ev = select_lambda(X, y, Gaussian(), "evidence", n_lams=25)
    rates = np.linspace(0.3, 0.24, 12)
    mc_prior = Laplace(scale=1 / 0.24, relative=True)
    mcem = LambdaSelection(
        method="mcem",
        prior=mc_prior,
        lam=mc_prior.penalty(54.0).l1,
        sigma=54.0,
        trace=rates,
        details={"burn": 4, "mc_se": 0.001},
    )
    draws = np.random.default_rng(0).lognormal(np.log(5.0), 0.5, 400)
    hyper = LambdaSelection(
        method="hyperprior",
        prior=Laplace.from_penalty(float(np.median(draws)), 54.0),
        lam=float(np.median(draws)),
        sigma=54.0,
        trace=draws,
    )
    return [cv, ev, mcem, hyper]


def _vlines(ax):
    """x of the vertical lines of ``ax`` (two equal x, spanning the axes)."""
    return [
        line.get_xdata()[0]
        for line in ax.lines
        if len(line.get_xdata()) == 2 and line.get_xdata()[0] == line.get_xdata()[1]
    ]


def test_each_criterion_and_choice_is_drawn(diabetes, selections):
    X, y = diabetes
    cv, ev, mcem, hyper = selections
    fig = plot_lambda_selection(selections, X, y, n_path=30)
    axes = fig.axes
    # 4 criterion panels, then one MAP path per family (Laplace, Gaussian)
    assert len(axes) == 6
    a_cv, a_ev, a_mc, a_hy, p_l1, p_l2 = axes
    # cv: the mean CV error over the grid and its +-1 SE band; min and 1-SE
    curve = next(ln for ln in a_cv.lines if len(ln.get_xdata()) == cv.grid.size)
    np.testing.assert_array_equal(curve.get_ydata(), cv.criterion)
    band = [c for c in a_cv.collections if isinstance(c, PolyCollection)]
    assert band
    verts = band[0].get_paths()[0].vertices
    assert verts[:, 1].max() == pytest.approx(np.max(cv.criterion + cv.criterion_se))
    assert cv.lam in _vlines(a_cv) and cv.lam_1se in _vlines(a_cv)
    # evidence: its curve, and only the Gaussian choice in its panel
    curve = next(ln for ln in a_ev.lines if len(ln.get_xdata()) == ev.grid.size)
    np.testing.assert_allclose(curve.get_ydata(), ev.criterion)
    assert np.argmax(curve.get_ydata()) == np.argmin(np.abs(ev.grid - ev.lam))
    assert _vlines(a_ev) == [ev.lam]
    # mcem: one point per EM iterate, on the lam axis (lam prop. to the rate)
    pts = np.concatenate([c.get_offsets() for c in a_mc.collections[:2]])
    lams = sorted(pts[:, 0])
    np.testing.assert_allclose(lams, sorted(mcem.lam * mcem.trace / 0.24))
    # hyperprior: a density histogram of the draws
    heights = [p.get_height() for p in a_hy.patches]
    widths = [p.get_width() for p in a_hy.patches]
    assert np.dot(heights, widths) == pytest.approx(1.0)
    # every Laplace choice in every Laplace panel; the Gaussian one apart
    for a in (a_cv, a_mc, a_hy, p_l1):
        assert {cv.lam, mcem.lam, hyper.lam} <= set(_vlines(a))
        assert ev.lam not in _vlines(a)
    assert _vlines(p_l2) == [ev.lam]
    assert all(a.get_xscale() == "log" for a in axes)
    labels = [t.get_text() for t in a_cv.get_legend().get_texts()]
    assert len(labels) == 4 and labels[1].startswith("evidence (Gaussian)")
    plt.close(fig)


def test_map_path_panel_is_the_lasso_path(diabetes, selections):
    """The path's curves at each lam are scikit-learn's Lasso(alpha=lam/n)."""
    X, y = diabetes
    cv = selections[0]
    fig = plot_lambda_selection(cv, X, y, n_path=8)
    path = fig.axes[1]
    lines = [ln for ln in path.lines if len(ln.get_xdata()) == 8]
    assert [ln.get_label() for ln in lines] == list(X.columns)
    lams = lines[0].get_xdata()
    for k in (0, 4, 7):
        ref = Lasso(alpha=lams[k] / len(y), tol=1e-12, max_iter=100_000).fit(X, y)
        got = [ln.get_ydata()[k] for ln in lines]
        np.testing.assert_allclose(got, ref.coef_, atol=1e-6 * np.abs(y).max())
    plt.close(fig)


def test_result_plot_and_given_axes(selections):
    cv = selections[0]
    fig = cv.plot()
    assert len(fig.axes) == 1 and cv.lam in _vlines(fig.axes[0])
    plt.close(fig)
    fig, axes = plt.subplots(2, 1)
    assert plot_lambda_selection(selections[:2], ax=axes) is fig
    plt.close(fig)


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "pattern"),
    [
        (([],), {}, TypeError, "'selections' parameter"),
        ((["cv"],), {}, TypeError, "'selections' parameter"),
        ((None,), {"n_path": 1}, ValueError, "'n_path'"),
    ],
)
def test_bad_arguments(selections, args, kwargs, exc, pattern):
    args = (selections[0],) if args == (None,) else args
    with pytest.raises(exc, match=pattern):
        plot_lambda_selection(*args, **kwargs)


def test_x_without_y_is_refused(diabetes, selections):
    X, _ = diabetes
    with pytest.raises(ValueError, match="'X' and 'y' parameters"):
        plot_lambda_selection(selections[0], X)


def test_loo_panel_draws_the_elpd_and_its_se_band():
    grid = np.geomspace(100.0, 1.0, 6)
    elpd = -2400.0 - (np.log(grid) - np.log(10.0)) ** 2
    se = np.full(6, 3.0)
    loo = LambdaSelection(
        method="loo",
        prior=Laplace.from_penalty(10.0, 50.0),
        lam=10.0,
        sigma=50.0,
        grid=grid,
        criterion=elpd,
        details={"elpd_se": se},
    )
    fig = plot_lambda_selection(loo)
    ax = fig.axes[0]
    curve = next(ln for ln in ax.lines if len(ln.get_xdata()) == 6)
    np.testing.assert_array_equal(curve.get_ydata(), elpd)
    band = next(c for c in ax.collections if isinstance(c, PolyCollection))
    top = band.get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx((elpd + se).max())
    assert ax.get_ylabel() == "LOO elpd" and _vlines(ax) == [10.0]
    plt.close(fig)
