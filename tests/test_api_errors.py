"""Bad inputs to the public API: one row per case.

Each row names the function called, its arguments, the exception type and
words the message must contain: the function the user called, the parameter
and what was given (scikit-learn style).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bayesreg import (
    BayesianLinearRegression,
    Gaussian,
    Laplace,
    SufficientStats,
    fit_map,
    sample_posterior,
)
from bayesreg._validation import InputError
from bayesreg.compare import check_map, penalized_equivalent
from bayesreg.datasets import load_diabetes
from bayesreg.map import fit_map_path
from bayesreg.posterior import compare_loo, sample_path

X, Y = load_diabetes()
XA, YA = X.to_numpy(), Y.to_numpy()


def _with(col, factor, frame=X):
    out = frame.copy()
    out[col] = out[col] * factor
    return out


def _nan_x():
    Xn = XA.copy()
    Xn[5, 2] = np.nan
    return Xn


def _est(**params):
    """``BayesianLinearRegression(**params).fit(X, y)``, built when called."""

    def fit(X, y):
        return BayesianLinearRegression(**params).fit(X, y)

    return fit


def _map_only_estimator():
    return BayesianLinearRegression(Gaussian(1.0)).fit(X, Y)


EXACT = dict(sampler="exact", draws=5, chains=1)
DUP = X.set_axis(
    ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "bmi", "s6"], axis=1
)

# (function, args, kwargs, exception, words in the message)
CASES = {
    # -- booleans: 'no' used to mean True -------------------------------------
    "fit_map fit_intercept='no'": (
        fit_map,
        (X, Y, Gaussian(1.0)),
        dict(fit_intercept="no"),
        TypeError,
        ["'fit_intercept' parameter of fit_map", "bool", "'no'"],
    ),
    "fit_map standardize=1": (
        fit_map,
        (X, Y, Gaussian(1.0)),
        dict(standardize=1),
        TypeError,
        ["'standardize' parameter of fit_map", "bool", "Got 1"],
    ),
    "fit_map_path fit_intercept=None": (
        fit_map_path,
        (X, Y, [Laplace(1.0)]),
        dict(fit_intercept=None),
        TypeError,
        ["'fit_intercept' parameter of fit_map_path", "Got None"],
    ),
    "sample_posterior fit_intercept='no'": (
        sample_posterior,
        (X, Y, Gaussian(1.0)),
        dict(fit_intercept="no", **EXACT),
        TypeError,
        ["'fit_intercept' parameter of sample_posterior", "'no'"],
    ),
    "sample_posterior progressbar='yes'": (
        sample_posterior,
        (X, Y, Gaussian(1.0)),
        dict(progressbar="yes", **EXACT),
        TypeError,
        ["'progressbar' parameter of sample_posterior", "'yes'"],
    ),
    "sample_posterior log_likelihood=0": (
        sample_posterior,
        (X, Y, Gaussian(1.0)),
        dict(log_likelihood=0, **EXACT),
        TypeError,
        ["'log_likelihood' parameter of sample_posterior", "Got 0"],
    ),
    "sample_path standardize='yes'": (
        sample_path,
        (X, Y, [Gaussian(1.0)]),
        dict(standardize="yes", **EXACT),
        TypeError,
        ["'standardize' parameter of sample_path", "'yes'"],
    ),
    "check_map fit_intercept='no'": (
        check_map,
        (X, Y, Gaussian(1.0)),
        dict(fit_intercept="no"),
        TypeError,
        ["'fit_intercept' parameter of check_map", "'no'"],
    ),
    "penalized_equivalent fit_intercept='no'": (
        penalized_equivalent,
        (Gaussian(1.0), 1.0, 10),
        dict(fit_intercept="no"),
        TypeError,
        ["'fit_intercept' parameter of penalized_equivalent", "'no'"],
    ),
    "estimator fit_intercept='no'": (
        _est(fit_intercept="no"),
        (X, Y),
        {},
        TypeError,
        ["'fit_intercept' parameter of BayesianLinearRegression", "'no'"],
    ),
    "estimator standardize='no'": (
        _est(standardize="no"),
        (X, Y),
        {},
        TypeError,
        ["'standardize' parameter of BayesianLinearRegression", "'no'"],
    ),
    # -- too few rows ------------------------------------------------------------
    "fit_map one row": (
        fit_map,
        (X.iloc[:1], Y.iloc[:1], Gaussian(1.0)),
        {},
        ValueError,
        ["fit_map needs at least 2 samples", "fit_intercept=True", "got 1 sample"],
    ),
    "fit_map one row, stats": (
        fit_map,
        (SufficientStats.from_arrays(X.iloc[:1], Y.iloc[:1]), None, Gaussian(1.0)),
        {},
        ValueError,
        ["fit_map needs at least 2 samples", "got 1 sample"],
    ),
    "sample_posterior one row": (
        sample_posterior,
        (X.iloc[:1], Y.iloc[:1], Gaussian(1.0)),
        EXACT,
        ValueError,
        ["sample_posterior needs at least 2 samples", "got 1 sample"],
    ),
    "sample_posterior one row, stats": (
        sample_posterior,
        (SufficientStats.from_arrays(X.iloc[:1], Y.iloc[:1]), None, Gaussian(1.0)),
        EXACT,
        ValueError,
        ["sample_posterior needs at least 2 samples", "got 1 sample"],
    ),
    "estimator one row": (
        _est(),
        (X.iloc[:1], Y.iloc[:1]),
        {},
        ValueError,
        ["BayesianLinearRegression needs at least 2 samples", "got 1 sample"],
    ),
    "check_map one row": (
        check_map,
        (X.iloc[:1], Y.iloc[:1], Gaussian(1.0)),
        {},
        ValueError,
        ["check_map needs at least 2 samples", "got 1 sample"],
    ),
    "fit_map no rows, no intercept": (
        fit_map,
        (X.iloc[:0], Y.iloc[:0], Gaussian(1.0)),
        dict(fit_intercept=False),
        ValueError,
        ["0 sample"],
    ),
    "check_map constant column, standardize": (
        check_map,
        (X.assign(s4=1.5), Y, Gaussian(1.0)),
        dict(standardize=True),
        ValueError,
        ["check_map", "constant column", "'s4'"],
    ),
    "estimator constant column, standardize": (
        _est(standardize=True),
        (X.assign(s4=1.5), Y),
        {},
        ValueError,
        ["BayesianLinearRegression", "constant column", "'s4'"],
    ),
    # -- the estimator's own parameter names ---------------------------------------
    "estimator draws=0": (
        _est(prior=Gaussian(1.0), method="exact", draws=0),
        (X, Y),
        {},
        ValueError,
        ["'draws' parameter of BayesianLinearRegression", "Got 0"],
    ),
    "estimator chains=1.5": (
        _est(prior=Gaussian(1.0), method="exact", chains=1.5),
        (X, Y),
        {},
        TypeError,
        ["'chains' parameter of BayesianLinearRegression", "1.5"],
    ),
    "estimator random_state=-1": (
        _est(prior=Gaussian(1.0), method="exact", random_state=-1),
        (X, Y),
        {},
        ValueError,
        ["'random_state' parameter of BayesianLinearRegression", "Got -1"],
    ),
    "estimator sigma=-1, exact": (
        _est(prior=Gaussian(1.0), method="exact", sigma=-1.0),
        (X, Y),
        {},
        ValueError,
        ["'sigma' parameter of BayesianLinearRegression", "(0.0, inf)", "Got -1.0"],
    ),
    # -- shapes and names -------------------------------------------------------------
    "fit_map 1-D X": (
        fit_map,
        (XA[:, 2], YA, Gaussian(1.0)),
        {},
        ValueError,
        ["'X' parameter of fit_map", "2-dimensional", "shape (442,)", "Reshape"],
    ),
    "sample_posterior 1-D X": (
        sample_posterior,
        (XA[:, 2], YA, Gaussian(1.0)),
        EXACT,
        ValueError,
        ["'X' parameter of sample_posterior", "shape (442,)"],
    ),
    "estimator 1-D X": (
        _est(),
        (XA[:, 2], YA),
        {},
        ValueError,
        ["'X' parameter of BayesianLinearRegression", "shape (442,)"],
    ),
    "fit_map duplicated columns": (
        fit_map,
        (DUP, Y, Gaussian(1.0)),
        {},
        ValueError,
        ["'X' parameter of fit_map", "duplicated column", "'bmi'"],
    ),
    "estimator duplicated columns": (
        _est(),
        (DUP, Y),
        {},
        ValueError,
        ["BayesianLinearRegression", "duplicated column", "'bmi'"],
    ),
    "sample_posterior duplicated columns": (
        sample_posterior,
        (DUP, Y, Gaussian(1.0)),
        EXACT,
        ValueError,
        ["sample_posterior", "duplicated column", "'bmi'"],
    ),
    # -- overflow ------------------------------------------------------------------
    "fit_map X'X overflows": (
        fit_map,
        (_with("bmi", 1e300), Y, Gaussian(1.0)),
        {},
        InputError,
        ["fit_map", "X'X", "overflow", "'bmi'", "standardize=True"],
    ),
    "fit_map L1 X'X overflows": (
        fit_map,
        (_with("s5", 1e300), Y, Laplace(1.0)),
        {},
        InputError,
        ["fit_map", "X'X", "'s5'", "power of ten"],
    ),
    "fit_map y'y overflows": (
        fit_map,
        (X, Y * 1e300, Gaussian(1.0)),
        {},
        InputError,
        ["fit_map", "y'y", "rescale y"],
    ),
    "fit_map stats overflow": (
        fit_map,
        (SufficientStats.from_arrays(_with("bp", 1e300), Y), None, Gaussian(1.0)),
        {},
        InputError,
        ["fit_map", "X'X", "'bp'", "recompute the statistics"],
    ),
    "sample_posterior X'X overflows": (
        sample_posterior,
        (_with("bmi", 1e300), Y, Gaussian(1.0)),
        EXACT,
        InputError,
        ["sample_posterior", "X'X", "'bmi'"],
    ),
    "estimator X'X overflows": (
        _est(),
        (_with("bmi", 1e300), Y),
        {},
        InputError,
        ["BayesianLinearRegression", "X'X", "'bmi'"],
    ),
    # -- compare_loo --
    "compare_loo MAP-only estimator": (
        lambda: compare_loo({"a": _map_only_estimator(), "b": _map_only_estimator()}),
        (),
        {},
        ValueError,
        ["compare_loo", "'a'", "method='map'", "'nuts' or 'exact'"],
    ),
    "compare_loo unfitted estimator": (
        compare_loo,
        ({"a": BayesianLinearRegression(), "b": BayesianLinearRegression()},),
        {},
        ValueError,
        ["compare_loo", "not fitted"],
    ),
    "compare_loo not a fit": (
        compare_loo,
        ({"a": 1.0, "b": 2.0},),
        {},
        TypeError,
        ["compare_loo", "InferenceData", "float"],
    ),
    # -- cases that already worked --
    "negative sigma": (
        fit_map,
        (X, Y, Gaussian(1.0)),
        dict(sigma=-1.0),
        ValueError,
        ["'sigma' parameter of fit_map", "(0.0, inf)", "Got -1.0"],
    ),
    "bad prior type": (
        fit_map,
        (X, Y, "ridge"),
        {},
        TypeError,
        ["'prior' parameter of fit_map", "'ridge'"],
    ),
    "NaN in X": (fit_map, (_nan_x(), YA, Gaussian(1.0)), {}, ValueError, ["NaN"]),
    "X/y row mismatch": (
        fit_map,
        (X, Y.iloc[:-1], Gaussian(1.0)),
        {},
        ValueError,
        ["same number of rows", "442", "441"],
    ),
    "bad sampler name": (
        sample_posterior,
        (X, Y, Gaussian(1.0)),
        dict(sampler="no_such_sampler"),
        ValueError,
        ["'sampler' parameter of sample_posterior", "'gibbs'", "'exact'"],
    ),
    "estimator bad sampler": (
        _est(method="nuts", sampler="exact"),
        (X, Y),
        {},
        ValueError,
        ["'sampler' parameter of BayesianLinearRegression", "'exact'"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_message(case):
    func, args, kwargs, exc, words = CASES[case]
    with pytest.raises(exc) as err:
        func(*args, **kwargs)
    text = str(err.value)
    missing = [w for w in words if w not in text]
    assert not missing, f"{missing} not in: {text}"
    assert len(text) < 600, "messages stay short (no array dumps)"


def test_numpy_bools_are_accepted():
    a = fit_map(X, Y, Gaussian(1.0), fit_intercept=np.True_, standardize=np.False_)
    b = fit_map(X, Y, Gaussian(1.0))
    np.testing.assert_array_equal(a.coef, b.coef)


def test_one_row_without_intercept_is_accepted():
    res = fit_map(X.iloc[:1], Y.iloc[:1], Gaussian(1.0), fit_intercept=False)
    assert res.converged and np.any(res.coef != 0)


def test_standardize_rescues_an_overflowing_column():
    """The advice in the overflow message is true: standardize=True fits, and
    the weight of the column scaled by 1e300 is the weight without it / 1e300."""
    big = _with("bmi", 1e300)
    res = fit_map(big, Y, Laplace(1.0), 50.0, standardize=True)
    ref = fit_map(X, Y, Laplace(1.0), 50.0, standardize=True)
    assert res.converged
    expect = ref.coef.copy()
    expect[2] /= 1e300
    np.testing.assert_allclose(res.coef, expect, rtol=1e-9)
    assert res.intercept == pytest.approx(ref.intercept, rel=1e-9)


def test_set_params_prior_field_is_validated_by_the_prior():
    model = BayesianLinearRegression(prior=Laplace(1.0))
    with pytest.raises(ValueError, match=r"'scale' parameter of Laplace.*Got 0"):
        model.set_params(prior__scale=0)
    assert model.prior == Laplace(1.0)


def test_mixed_frame_is_not_silently_renamed():
    df = pd.DataFrame(XA[:, :3], columns=["a", "b", "c"])
    res = fit_map(df, YA, Gaussian(1.0))
    assert res.feature_names == ("a", "b", "c")
