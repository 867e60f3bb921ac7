"""compare_loo: fits compared by PSIS-LOO, whatever their prior, sampler or
likelihood, as long as they are fits of the same observations."""

from __future__ import annotations

import numpy as np

__all__ = ["compare_loo"]


def compare_loo(fits, **kwargs):
    """Compare fits by PSIS-LOO (``arviz.compare(fits, ic="loo")``).

    ``fits`` maps a name to an InferenceData with a ``log_likelihood`` group
    (:func:`sample_posterior` with ``X, y`` arrays) or to a
    :class:`~bayesreg.BayesianLinearRegression` fitted with ``method="nuts"``
    or ``"exact"`` on arrays (its ``idata_``). The fits may differ in prior,
    sampler and likelihood (e.g. a Gaussian and a Student-t fit: the
    pointwise ``log p(y_i | draw)`` are densities of the same ``y_i``) but
    must be of the same observations: fits whose ``observed_data`` differ
    are refused. Returns ArviZ's table, best first: ``elpd_loo``, ``p_loo``,
    ``elpd_diff``, ``weight``, ``se``, ``dse``, ``warning``.
    """
    import arviz as az

    if not isinstance(fits, dict) or len(fits) < 2:
        raise ValueError(
            "The 'fits' parameter of compare_loo must be a dict of at least two "
            f"name -> InferenceData; got {type(fits).__name__}."
        )
    fits = {name: _loo_idata(name, fit) for name, fit in fits.items()}
    for name, idata in fits.items():
        if "log_likelihood" not in idata.groups():
            raise ValueError(
                f"Fit {name!r} has no log_likelihood group: sample it from X, y "
                "arrays with log_likelihood=True (SufficientStats cannot give one)."
            )
    _check_same_observations(fits)
    return az.compare(fits, ic="loo", **kwargs)


def _check_same_observations(fits):
    """Refuse fits of different ``y`` (those that record it)."""
    seen = None
    for name, idata in fits.items():
        if "observed_data" not in idata.groups() or "y" not in idata.observed_data:
            continue
        y = np.asarray(idata.observed_data["y"].values, dtype=float)
        if seen is None:
            seen = name, y
        elif y.shape != seen[1].shape or not np.array_equal(y, seen[1]):
            raise ValueError(
                f"The 'fits' parameter of compare_loo must hold fits of the same "
                f"observations; {seen[0]!r} and {name!r} were fitted to different "
                f"y ({seen[1].size} and {y.size} values)."
            )


def _loo_idata(name, fit):
    """The InferenceData of a value of ``compare_loo``'s ``fits``."""
    if hasattr(fit, "groups") and hasattr(fit, "posterior"):
        return fit
    if hasattr(fit, "get_params") and hasattr(fit, "method"):  # the estimator
        idata = getattr(fit, "idata_", None)
        if idata is None:
            state = (
                f"was fitted with method={fit.method!r}"
                if hasattr(fit, "coef_")
                else "is not fitted"
            )
            raise ValueError(
                f"Fit {name!r} of compare_loo is a {type(fit).__name__} that "
                f"{state}: LOO needs a posterior. Fit it with method='nuts' or "
                "'exact'."
            )
        return idata
    raise TypeError(
        f"Fit {name!r} of compare_loo must be an arviz.InferenceData or a fitted "
        f"BayesianLinearRegression; got {type(fit).__name__}."
    )
