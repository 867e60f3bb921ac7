"""glmnet conversions against stored fits of R's glmnet 4.1 (no R needed).

``tests/data/glmnet/reference.csv`` holds glmnet's coefficients (gaussian,
``standardize=FALSE``, ``thresh=1e-30``) on the data sets next to it; see
``make_reference.R`` there for how to regenerate them.
"""

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bayesreg import ElasticNet, Flat, Gaussian, Laplace, fit_map
from bayesreg.compare import from_glmnet, glmnet_y_scale, to_glmnet
from bayesreg.datasets import load_diabetes

DATA = Path(__file__).parent / "data" / "glmnet"
# glmnet at thresh=1e-30 and the exact MAP agree to ~3e-13 relative
RTOL = 1e-9


@cache
def _reference():
    return pd.read_csv(
        DATA / "reference.csv",
        comment="#",
        dtype={"alpha": float, "lambda": float, "coef": float},
    )


@cache
def _dataset(name):
    df = pd.read_csv(DATA / f"{name}.csv")
    return df.drop(columns="y"), df["y"].to_numpy()


def _fits():
    keys = ["dataset", "intercept", "alpha", "lambda"]
    out = []
    for (name, fi, alpha, lam), g in _reference().groupby(keys, sort=False):
        coef = g.set_index("term")["coef"]
        out.append(
            pytest.param(
                name,
                bool(fi),
                float(alpha),
                float(lam),
                coef,
                id=f"{name}-intercept={bool(fi)}-alpha={alpha:g}-lambda={lam:.4g}",
            )
        )
    return out


FITS = _fits()


def _glmnet_coef(X, coef):
    return float(coef["(Intercept)"]), coef[list(X.columns)].to_numpy()


def _map(X, y, lam, alpha, sigma, fi, y_scale):
    prior = from_glmnet(lam, alpha, sigma, len(y), y_scale=y_scale)
    res = fit_map(X, y, prior, sigma, fit_intercept=fi, tol=1e-12)
    assert res.converged
    return res


def _max_diff(res, b0, b):
    return max(np.max(np.abs(res.coef - b)), abs(res.intercept - b0))


def test_reference_covers_the_design():
    ref = _reference()
    assert set(ref["dataset"]) == {
        "diabetes",
        "synth_small",
        "synth_wide",
        "synth_scaled",
    }
    assert set(ref["alpha"]) == {0.0, 0.3, 0.5, 1.0}
    assert set(ref["intercept"]) == {True, False}
    X, _ = _dataset("synth_wide")
    assert X.shape[1] > X.shape[0]
    header = (DATA / "reference.csv").read_text().splitlines()[0]
    assert "glmnet 4.1" in header


def test_diabetes_csv_is_the_package_data():
    X, y = load_diabetes()
    Xc, yc = _dataset("diabetes")
    assert list(Xc.columns) == list(X.columns)
    np.testing.assert_array_equal(Xc.to_numpy(), X.to_numpy())
    np.testing.assert_array_equal(yc, y.to_numpy())


@pytest.mark.parametrize("sigma", [1.0, 3.7])
@pytest.mark.parametrize(("name", "fi", "alpha", "lam", "coef"), FITS)
def test_map_equals_glmnet(name, fi, alpha, lam, coef, sigma):
    X, y = _dataset(name)
    b0, b = _glmnet_coef(X, coef)
    res = _map(X, y, lam, alpha, sigma, fi, glmnet_y_scale(y, fi))
    atol = RTOL * max(1.0, float(np.max(np.abs(b))))
    assert _max_diff(res, b0, b) <= atol
    np.testing.assert_array_equal(res.coef == 0, b == 0)
    if not fi:
        assert res.intercept == 0.0 and b0 == 0.0


@pytest.mark.parametrize(("name", "fi", "alpha", "lam", "coef"), FITS)
def test_old_formula_fails_for_ridge_and_y_scale_is_irrelevant_for_lasso(
    name, fi, alpha, lam, coef
):
    # the documented objective (y_scale = 1) is wrong whenever alpha < 1
    X, y = _dataset(name)
    b0, b = _glmnet_coef(X, coef)
    res = _map(X, y, lam, alpha, 1.0, fi, 1.0)
    atol = RTOL * max(1.0, float(np.max(np.abs(b))))
    if alpha < 1:
        assert _max_diff(res, b0, b) > 1e3 * atol
    else:
        assert _max_diff(res, b0, b) <= atol
        for y_scale in (None, 1e-3, 1e3):
            prior = from_glmnet(lam, alpha, 1.0, len(y), y_scale=y_scale)
            assert prior == from_glmnet(lam, alpha, 1.0, len(y), y_scale=1.0)


@pytest.mark.parametrize(("name", "fi", "alpha", "lam", "coef"), FITS)
def test_glmnet_round_trip_on_reference(name, fi, alpha, lam, coef):
    _, y = _dataset(name)
    s_y = glmnet_y_scale(y, fi)
    for sigma in (1.0, 3.7):
        prior = from_glmnet(lam, alpha, sigma, len(y), y_scale=s_y)
        lam2, alpha2 = to_glmnet(prior, sigma, len(y), y_scale=s_y)
        assert lam2 == pytest.approx(lam, rel=1e-12)
        assert alpha2 == pytest.approx(alpha, rel=1e-12, abs=1e-15)


def test_diabetes_ridge_bmi():
    # the case that exposed the bug: glmnet alpha=0, lambda=0.01
    X, y = _dataset("diabetes")
    ref = _reference()
    row = ref[
        (ref["dataset"] == "diabetes")
        & ref["intercept"]
        & (ref["alpha"] == 0.0)
        & (ref["lambda"] == 0.01)
        & (ref["term"] == "bmi")
    ]
    bmi = float(row["coef"].iloc[0])
    assert bmi == pytest.approx(504.92, abs=0.01)
    new = _map(X, y, 0.01, 0.0, 1.0, True, glmnet_y_scale(y))
    assert new.coef[list(X.columns).index("bmi")] == pytest.approx(bmi, rel=1e-10)
    old = _map(X, y, 0.01, 0.0, 1.0, True, 1.0)
    assert old.coef[list(X.columns).index("bmi")] == pytest.approx(138.37, abs=0.01)


def test_to_glmnet_formulas():
    n, sigma, s_y = 40, 2.0, 7.5
    l1, l2 = 4.0 / 0.5, 4.0 / 0.25
    lam, alpha = to_glmnet(ElasticNet(0.5, 0.5), sigma, n, y_scale=s_y)
    assert lam == pytest.approx((l1 + l2 * s_y) / n)
    assert alpha == pytest.approx(l1 / (l1 + l2 * s_y))
    lam, alpha = to_glmnet(Gaussian(0.5), sigma, n, y_scale=s_y)
    assert (lam, alpha) == (pytest.approx(l2 * s_y / n), 0.0)
    assert to_glmnet(Laplace(0.5), sigma, n) == (pytest.approx(l1 / n), 1.0)
    assert to_glmnet(Laplace(0.5), sigma, n, y_scale=s_y) == to_glmnet(
        Laplace(0.5), sigma, n
    )
    assert to_glmnet(Flat(), sigma, n) == (0.0, 1.0)


def test_from_glmnet_formulas():
    n, sigma, s_y, lam = 40, 2.0, 7.5, 0.3
    pen = from_glmnet(lam, 0.25, sigma, n, y_scale=s_y).penalty(sigma)
    assert pen.l1 == pytest.approx(n * lam * 0.25)
    assert pen.l2 == pytest.approx(n * lam * 0.75 / s_y)
    assert isinstance(from_glmnet(lam, 0.0, sigma, n, y_scale=s_y), Gaussian)
    assert isinstance(from_glmnet(lam, 1.0, sigma, n), Laplace)
    assert isinstance(from_glmnet(0.0, 0.5, sigma, n), Flat)


@pytest.mark.parametrize(
    "prior", [Gaussian(0.3), Laplace(0.02), ElasticNet(0.1, 0.7), Flat()], ids=repr
)
@pytest.mark.parametrize("s_y", [0.01, 1.0, 250.0])
def test_prior_round_trip(prior, s_y):
    lam, alpha = to_glmnet(prior, 2.0, 50, y_scale=s_y)
    back = from_glmnet(lam, alpha, 2.0, 50, y_scale=s_y)
    assert back.penalty(2.0).l1 == pytest.approx(prior.penalty(2.0).l1)
    assert back.penalty(2.0).l2 == pytest.approx(prior.penalty(2.0).l2)


def test_missing_y_scale_raises():
    for call in (
        lambda: from_glmnet(0.1, 0.5, 1.0, 10),
        lambda: from_glmnet(0.1, 0.0, 1.0, 10),
        lambda: to_glmnet(Gaussian(1.0), 1.0, 10),
        lambda: to_glmnet(ElasticNet(1.0, 1.0), 1.0, 10),
    ):
        with pytest.raises(ValueError, match="'y_scale'") as info:
            call()
        msg = str(info.value)
        assert "divides its ridge term" in msg and "glmnet_y_scale(y)" in msg


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_invalid_y_scale(bad):
    msg = r"The 'y_scale' parameter of from_glmnet must be a float in the range"
    with pytest.raises(ValueError, match=msg):
        from_glmnet(0.1, 0.5, 1.0, 10, y_scale=bad)
    with pytest.raises(ValueError, match="'y_scale' parameter of to_glmnet"):
        to_glmnet(Gaussian(1.0), 1.0, 10, y_scale=bad)
    with pytest.raises(TypeError, match="'y_scale'"):
        from_glmnet(0.1, 0.5, 1.0, 10, y_scale="1")


def test_glmnet_y_scale():
    y = pd.Series([1.0, 4.0, -2.0, 9.0])
    assert glmnet_y_scale(y) == pytest.approx(np.std(y.to_numpy()))
    assert glmnet_y_scale(y, fit_intercept=False) == pytest.approx(
        np.sqrt(np.mean(y.to_numpy() ** 2))
    )
    with pytest.raises(ValueError, match="finite"):
        glmnet_y_scale([1.0, np.nan])
    with pytest.raises(ValueError, match="non-empty"):
        glmnet_y_scale([])
