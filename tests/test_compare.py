import numpy as np
import pytest
from sklearn.linear_model import ElasticNet as SkElasticNet
from sklearn.linear_model import Lasso, LinearRegression, Ridge

from bayesreg import ElasticNet, Flat, Gaussian, Laplace, fit_map
from bayesreg.compare import (
    check_map,
    from_glmnet,
    lasso_orthonormal,
    penalized_equivalent,
    ridge_closed_form,
    ridge_eigen,
    to_glmnet,
)
from bayesreg.datasets import load_diabetes, make_correlated_regression


def test_penalized_equivalent_factors():
    est = penalized_equivalent(Gaussian(2.0), sigma=3.0, n_samples=100)
    assert isinstance(est, Ridge) and est.alpha == pytest.approx(9.0 / 4.0)
    est = penalized_equivalent(Laplace(2.0), sigma=3.0, n_samples=100)
    assert isinstance(est, Lasso) and est.alpha == pytest.approx(9.0 / (100 * 2.0))
    est = penalized_equivalent(ElasticNet(2.0, 0.5), sigma=3.0, n_samples=100)
    l1, l2 = 9.0 / 2.0, 9.0 / 0.25
    assert isinstance(est, SkElasticNet)
    assert est.alpha * est.l1_ratio == pytest.approx(l1 / 100)
    assert est.alpha * (1 - est.l1_ratio) == pytest.approx(l2 / 100)
    assert isinstance(penalized_equivalent(Flat(), 1.0, 10), LinearRegression)


@pytest.mark.parametrize(
    "prior", [Gaussian(0.3), Laplace(0.02), ElasticNet(0.1, 0.7), Flat()], ids=repr
)
def test_glmnet_round_trip(prior):
    # more (against glmnet itself) in tests/test_glmnet.py
    lam, alpha = to_glmnet(prior, sigma=2.0, n_samples=50, y_scale=3.0)
    back = from_glmnet(lam, alpha, sigma=2.0, n_samples=50, y_scale=3.0)
    assert back.penalty(2.0).l1 == pytest.approx(prior.penalty(2.0).l1)
    assert back.penalty(2.0).l2 == pytest.approx(prior.penalty(2.0).l2)


@pytest.mark.parametrize("prior", [Gaussian(0.1), Laplace(0.01), ElasticNet(0.02, 1.0)])
def test_check_map_on_diabetes(prior):
    X, y = load_diabetes()
    res = check_map(X, y, prior, sigma=1.0)
    assert res.ok and res.support_agrees
    table = res.table()
    assert list(table.index) == [*X.columns, "(intercept)"]
    assert (table["abs_diff"] <= res.atol).all()
    assert "max |diff|" in str(res)


def test_check_map_flags_a_disagreement(monkeypatch):
    X, y = load_diabetes()
    import bayesreg.compare as compare

    def wrong(*args, **kwargs):
        res = fit_map(*args, **kwargs)
        return type(res)(**{**res.__dict__, "coef": res.coef + 1e-3})

    monkeypatch.setattr(compare, "fit_map", wrong)
    res = compare.check_map(X, y, Gaussian(0.1), sigma=1.0)
    assert not res.ok and res.max_abs_diff == pytest.approx(1e-3, rel=1e-6)


@pytest.mark.parametrize("lam", [0.0, 1.0, 50.0])
def test_ridge_oracles(lam):
    X, y, _ = make_correlated_regression(80, 6, 3, rho=0.8, random_state=2)
    w = fit_map(X, y, Gaussian.from_penalty(lam) if lam else Flat(), 1.0, False).coef
    np.testing.assert_allclose(w, ridge_closed_form(X, y, lam), rtol=1e-9)
    np.testing.assert_allclose(w, ridge_eigen(X, y, lam), rtol=1e-8)


@pytest.mark.parametrize("lam", [0.1, 0.5, 1.5])
def test_lasso_soft_thresholding_on_orthonormal_design(lam):
    rng = np.random.default_rng(5)
    Q, _ = np.linalg.qr(rng.normal(size=(40, 8)))
    w_true = np.array([2.0, -1.5, 0.05, -0.02, 1.0, 0.0, 0.3, -0.8])
    y = Q @ w_true + 0.01 * rng.normal(size=40)
    w = fit_map(Q, y, Laplace.from_penalty(lam), 1.0, fit_intercept=False).coef
    want = lasso_orthonormal(Q, y, lam)
    np.testing.assert_allclose(w, want, atol=1e-12)
    np.testing.assert_array_equal(w == 0, want == 0)
    assert (want == 0).any() and (want != 0).any()
