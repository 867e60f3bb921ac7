"""Densities of the heavy-tailed and bridge priors against scipy.stats."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from bayesreg.priors import REGISTRY, StudentT

GRID = np.concatenate([-np.logspace(-6, 3, 40), [0.0], np.logspace(-6, 3, 40)])


@pytest.mark.parametrize(("df", "scale"), [(1.0, 1.0), (3.0, 0.2), (30.0, 5.0)])
@pytest.mark.parametrize("sigma", [1.0, 2.5])
@pytest.mark.parametrize("relative", [False, True])
def test_student_t_logpdf_and_gradient(df, scale, sigma, relative):
    prior = StudentT(df=df, scale=scale, relative=relative)
    s = scale * sigma if relative else scale
    ref = stats.t(df, scale=s).logpdf(GRID)
    np.testing.assert_allclose(prior.logpdf(GRID, sigma), ref, rtol=1e-12, atol=1e-12)
    for w in (-7.3, -0.01, 0.4, 12.0):
        err = optimize.check_grad(
            lambda v: prior.neg_log_density(v, sigma),
            lambda v: prior.gradient(v, sigma),
            np.array([w]),
        )
        assert err < 1e-6 * max(1.0, abs(prior.gradient(np.array([w]), sigma)[0]))


def test_student_t_is_registered_and_declares_what_it_can_do():
    assert REGISTRY["student_t"] is StudentT
    assert StudentT().capabilities() == {"gradient", "nonconvex"}
    with pytest.raises(ValueError, match="no penalty form"):
        StudentT().penalty(1.0)
    with pytest.raises(ValueError, match="'df' parameter of StudentT"):
        StudentT(df=0.0)
