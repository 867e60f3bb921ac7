"""sampler="auto", the default: exact where conjugate, gibbs where the prior
gives its conditionals, else NUTS; chosen from what the samplers declare."""

from __future__ import annotations

import numpy as np
import pytest

from bayesreg import BayesianLinearRegression, sample_posterior
from bayesreg.likelihoods import Logistic, StudentT
from bayesreg.noise import FixedSigma, HalfCauchy, InverseGamma, Jeffreys
from bayesreg.posterior import samplers as reg
from bayesreg.priors import Gaussian, GeneralizedGaussian, Laplace

AUTO = reg.REGISTRY["auto"]


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(40, 3))
    y = X @ [1.0, 0.0, -0.5] + 0.5 + rng.normal(scale=0.8, size=40)
    return X, y


def test_auto_is_the_one_default_and_a_method_of_its_own():
    assert reg.DEFAULT_SAMPLER == "auto"
    assert [k for k, s in reg.REGISTRY.items() if s.default] == ["auto"]
    assert reg.sampler_names("auto") == ("auto",)
    # method="nuts" keeps meaning Markov chains, nutpie first
    assert reg.default_sampler("nuts") == "nutpie"
    assert reg.default_sampler("exact") == "exact"


@pytest.mark.parametrize(
    "prior, sigma, likelihood, want",
    [
        (Gaussian(1.0), FixedSigma(0.8), None, "exact"),
        (Gaussian(1.0, relative=True), Jeffreys(), None, "exact"),
        (Gaussian(1.0, relative=True), InverseGamma(2.0, 1.0), None, "exact"),
        # absolute scale with unknown sigma: not conjugate, Gibbs has it
        (Gaussian(1.0), Jeffreys(), None, "gibbs"),
        (Laplace(1.0), FixedSigma(0.8), None, "gibbs"),
        (Laplace(1.0, relative=True), Jeffreys(), None, "gibbs"),
        # no full conditionals: NUTS
        (GeneralizedGaussian(power=1.5, scale=1.0), FixedSigma(0.8), None, "nutpie"),
        # not the Gaussian likelihood: neither closed form nor Gibbs
        (Gaussian(1.0), FixedSigma(1.0), Logistic(), "nutpie"),
        (Laplace(1.0), FixedSigma(0.8), StudentT(df=4.0), "nutpie"),
    ],
)
def test_auto_resolves_to_the_most_direct_sampler(prior, sigma, likelihood, want):
    assert AUTO.resolve(prior, sigma, likelihood).name == want


def test_auto_takes_what_gibbs_refuses_to_nuts():
    """HalfCauchy sigma: nutpie unless the Gibbs sampler takes that sigma."""
    got = AUTO.resolve(Laplace(1.0), HalfCauchy(1.0)).name
    try:
        reg.REGISTRY["gibbs"].check(Laplace(1.0), HalfCauchy(1.0), "test")
    except ValueError:
        assert got == "nutpie"
    else:
        assert got == "gibbs"


@pytest.mark.parametrize(
    "prior, sigma, want",
    [(Gaussian(1.0), 0.8, "exact"), (Laplace(1.0, relative=True), Jeffreys(), "gibbs")],
)
def test_auto_draws_are_the_chosen_samplers_draws(data, prior, sigma, want):
    X, y = data
    kw = dict(draws=50, tune=20, chains=2, random_seed=7)
    a = sample_posterior(X, y, prior, sigma, **kw)  # sampler=None: auto
    b = sample_posterior(X, y, prior, sigma, sampler=want, **kw)
    for var in b.posterior.data_vars:
        np.testing.assert_array_equal(a.posterior[var], b.posterior[var])
    assert a.posterior.attrs["sampler"] == want
    assert a.posterior.attrs["sampler_requested"] == "auto"
    assert b.posterior.attrs["sampler_requested"] == want


@pytest.mark.filterwarnings("ignore::bayesreg.posterior.SamplingWarning")
def test_the_estimator_and_path_with_auto(data):
    X, y = data
    model = BayesianLinearRegression(
        Laplace(1.0), 0.8, method="auto", draws=30, tune=10, chains=2, random_state=0
    ).fit(X, y)
    assert model.idata_.posterior.attrs["sampler"] == "gibbs"
    from bayesreg import sample_path

    fits = sample_path(
        X,
        y,
        [Laplace(0.5), Laplace(2.0)],
        0.8,
        draws=30,
        tune=10,
        chains=2,
        random_seed=0,
        progressbar=False,
    )
    assert [f.posterior.attrs["sampler"] for f in fits] == ["gibbs", "gibbs"]


def test_a_registered_sampler_is_ranked_by_its_declarations(monkeypatch):
    """An iid sampler is preferred over everything; no name is needed."""

    class Again(type(reg.REGISTRY["exact"])):
        name = "exact_again"

    monkeypatch.setitem(reg.REGISTRY, "exact_again", Again())
    ranked = [s.name for s in AUTO.candidates()]
    assert ranked.index("exact") < ranked.index("exact_again") < ranked.index("gibbs")
    assert ranked.index("gibbs") < ranked.index("nutpie") < ranked.index("pymc")
    assert "auto" not in ranked


def test_auto_falls_back_when_nutpie_is_missing(monkeypatch):
    monkeypatch.setattr(type(reg.REGISTRY["nutpie"]), "available", lambda self: False)
    prior = GeneralizedGaussian(power=1.5, scale=1.0)
    assert AUTO.resolve(prior, FixedSigma(1.0)).name == "pymc"


def test_auto_says_why_when_nothing_takes_the_model(data, monkeypatch):
    X, y = data
    monkeypatch.setattr(type(AUTO), "candidates", lambda self: [reg.REGISTRY["exact"]])
    with pytest.raises(ValueError, match=r"sampler='auto' found no .*exact: "):
        sample_posterior(X, y, Laplace(1.0), 0.8, draws=10)
