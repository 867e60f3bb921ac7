"""The vectorized R-hat and bulk / tail ESS give ArviZ's numbers; diagnose() too."""

from __future__ import annotations

import warnings

import arviz as az
import numpy as np
import pytest

from bayesreg.posterior import convergence, diagnose

RTOL = 1e-10


def _ar1(rng, n_chain, n_draw, phi, k):
    """``k`` AR(1) series per chain, ``x_t = phi x_{t-1} + e_t``, started at e_0."""
    e = rng.normal(size=(n_chain, n_draw, k))
    x = np.empty_like(e)
    x[:, 0] = e[:, 0]
    for t in range(1, n_draw):
        x[:, t] = phi * x[:, t - 1] + e[:, t]
    return x


def _columns(rng, n_chain, n_draw, phi):
    """AR(1) columns plus ties, discrete values, a constant and a split median."""
    x = _ar1(rng, n_chain, n_draw, phi, 9)
    x[..., 2] = np.round(x[..., 2])  # ties
    x[..., 3] = x[..., 3] > 0.5  # two values
    x[..., 4] = 2.5  # constant: R-hat NaN, ESS chain * 2 * (draw // 2)
    # 0, 1 alternating, half ones for an even chain count: the folded draws are
    # constant (their R-hat NaN) and R-hat is the bulk one
    x[..., 5] = (np.arange(n_draw) + np.arange(n_chain)[:, None]) % 2
    x[..., 6] = np.round(3 * x[..., 6]) ** 2  # many ties, skewed
    x[..., 7] = 1e6 + 1e-3 * x[..., 7]  # large offset
    x[..., 8] = np.arange(n_chain)[:, None] % 2  # each chain stuck at one value
    return x


def _arviz(x):
    ds = az.convert_to_dataset({"a": x})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return (
            az.rhat(ds)["a"].values,
            az.ess(ds, method="bulk")["a"].values,
            az.ess(ds, method="tail")["a"].values,
        )


def _ours(x):
    return convergence.rhat(x), convergence.ess_bulk(x), convergence.ess_tail(x)


def _assert_same(ours, ref):
    for name, a, b in zip(("rhat", "ess_bulk", "ess_tail"), ours, ref, strict=True):
        assert a.shape == b.shape, name
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b), err_msg=name)
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=0, err_msg=name)


@pytest.mark.parametrize("phi", [0.0, 0.5, 0.95, 0.999, 1.0, -0.5, -0.95])
@pytest.mark.parametrize(
    "n_chain, n_draw", [(4, 500), (4, 20), (4, 5), (2, 4), (3, 101), (2, 37), (1, 60)]
)
def test_equal_to_arviz(n_chain, n_draw, phi):
    rng = np.random.default_rng([n_chain, n_draw, round(1000 * phi) + 1000])
    x = _columns(rng, n_chain, n_draw, phi)
    ref = _arviz(x)
    _assert_same(_ours(x), ref)
    _assert_same(convergence.rhat_ess(x), ref)
    if n_chain == 1:
        assert np.isnan(ref[0]).all()
    else:
        assert np.isfinite(ref[0][[0, 1, 7]]).all()  # the checks bite
        assert np.isnan(ref[0][4])
        assert np.isfinite(ref[0][5])
        if n_chain % 2 == 0:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ArviZ's 0 / 0
                assert np.isnan(az.rhat(x[..., 5], method="folded"))
    assert ref[1][4] == n_chain * 2 * (n_draw // 2)


def test_equal_to_arviz_nan_float32_and_shapes():
    rng = np.random.default_rng(3)
    x = _ar1(rng, 3, 40, 0.7, 6).reshape(3, 40, 2, 3)
    x[1, 7, 0, 2] = np.nan
    for arr in (x, x.astype(np.float32), x[..., 0, 0]):
        ours = _ours(arr)
        _assert_same(ours, _arviz(arr))
        _assert_same(convergence.rhat_ess(arr), ours)
        assert ours[0].shape == arr.shape[2:]
    assert np.isnan(_ours(x)[1][0, 2])
    assert np.isfinite(_ours(x)[1][1]).all()


def test_blocks_of_columns_change_nothing(monkeypatch):
    x = _columns(np.random.default_rng(5), 3, 30, 0.8)
    x[1, 3, 4] = np.nan
    whole = convergence.rhat_ess(x)
    monkeypatch.setattr(convergence, "_BLOCK", 200)  # two columns per block
    for blocked in (convergence.rhat_ess(x), _ours(x)):
        for a, b in zip(blocked, whole, strict=True):
            np.testing.assert_array_equal(a, b)
    _assert_same(whole, _arviz(x))


def test_too_few_draws_is_nan_as_in_arviz():
    x = np.random.default_rng(4).normal(size=(2, 3, 2))
    ours = _ours(x)
    _assert_same(ours, _arviz(x))
    assert all(np.isnan(o).all() for o in ours)


def test_not_chain_draw_array():
    with pytest.raises(ValueError, match=r"'x' parameter of rhat .* Got shape \(5,\)"):
        convergence.rhat(np.zeros(5))


def _diagnose_arviz(idata, rhat_max=1.01, ess_per_chain=100):
    """diagnose() as it was, on az.rhat / az.ess."""
    msgs = []
    post = idata.posterior
    n_chains, n_draws = post.sizes["chain"], post.sizes["draw"]
    if "sample_stats" in idata.groups() and "diverging" in idata.sample_stats:
        n_div = int(idata.sample_stats["diverging"].sum())
        if n_div:
            msgs.append(
                f"{n_div} of {n_chains * n_draws} draws ended in a divergence: the "
                "posterior is hard for NUTS there and may be biased. Try a larger "
                "tune, a prior scale relative to sigma, or a less heavy hyperprior."
            )
    vars_ = [v for v in post.data_vars if post[v].dtype.kind == "f"]
    if n_chains >= 2:
        rhat = az.rhat(post[vars_])
        worst = max(vars_, key=lambda v: float(rhat[v].max()))
        r = float(rhat[worst].max())
        if r > rhat_max:
            msgs.append(
                f"R-hat of {worst!r} is {r:.3f} > {rhat_max}: the chains disagree. "
                "Run more tune and draws, or check the model for multimodality."
            )
    need = ess_per_chain * n_chains
    for method in ("bulk", "tail"):
        ess = az.ess(post[vars_], method=method)
        worst = min(vars_, key=lambda v: float(ess[v].min()))
        e = float(ess[worst].min())
        if e < need:
            msgs.append(
                f"{method} ESS of {worst!r} is {e:.0f} < {need} "
                f"({ess_per_chain} per chain): increase draws (or tune)."
            )
    return msgs


def _idata(rng, n_chain, n_draw, phi, diverging=0):
    beta = _ar1(rng, n_chain, n_draw, phi, 5)
    beta[..., 4] = 1.0  # a constant coefficient: NaN R-hat skipped, as in xarray
    post = {
        "beta": beta,
        "sigma": np.exp(_ar1(rng, n_chain, n_draw, phi, 1)[..., 0] / 4),
        "tau": _ar1(rng, n_chain, n_draw, 0.3, 2).astype(np.float32),
        "k": rng.integers(0, 3, size=(n_chain, n_draw)),
    }
    div = np.zeros((n_chain, n_draw), bool)
    div.flat[:diverging] = True
    return az.from_dict(posterior=post, sample_stats={"diverging": div})


@pytest.mark.parametrize(
    "n_chain, n_draw, phi, diverging",
    [(4, 400, 0.0, 0), (4, 400, 0.97, 3), (2, 300, 0.9, 0), (1, 500, 0.5, 0)],
)
def test_diagnose_messages_unchanged(n_chain, n_draw, phi, diverging):
    idata = _idata(np.random.default_rng(n_draw), n_chain, n_draw, phi, diverging)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = _diagnose_arviz(idata)
    assert diagnose(idata) == expected
    assert bool(expected) == (phi > 0.5 or n_chain == 1)
    for kwargs in ({"rhat_max": 1.001}, {"ess_per_chain": 10}):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = _diagnose_arviz(idata, **kwargs)
        assert diagnose(idata, **kwargs) == expected


@pytest.mark.parametrize("prior_name, draws", [("horseshoe", 60), ("lasso", 1000)])
def test_diagnose_messages_unchanged_gibbs_fit(prior_name, draws):
    from bayesreg import Horseshoe, Jeffreys, Laplace, sample_posterior
    from bayesreg.datasets import load_diabetes
    from bayesreg.priors import LambdaSquaredGamma

    prior = {
        "horseshoe": Horseshoe(),
        "lasso": Laplace(relative=True, hyperprior=LambdaSquaredGamma(1.0, 1.78)),
    }[prior_name]
    X, y = load_diabetes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        idata = sample_posterior(
            X,
            y,
            prior,
            Jeffreys(),
            sampler="gibbs",
            draws=draws,
            tune=100,
            chains=2,
            random_seed=1,
        )
        expected = _diagnose_arviz(idata)
    assert len(idata.posterior.data_vars) > 2
    assert diagnose(idata) == expected
    assert bool(expected) == (prior_name == "horseshoe")
