"""MAP estimates versus scikit-learn's penalized fits, and analytic oracles.

Conventions (``n`` rows, noise scale ``sigma``, ``(l1, l2) =
prior.penalty(sigma)``; see README):

=====================  ====================  ===================================
prior                  unscaled penalty      scikit-learn (Gaussian likelihood)
=====================  ====================  ===================================
Flat                   none                  ``LinearRegression()``
Gaussian(tau)          ``l2 = s^2/tau^2``    ``Ridge(alpha=l2)``
Laplace(b)             ``l1 = s^2/b``        ``Lasso(alpha=l1/n)``
ElasticNet(b, tau)     ``l1`` and ``l2``     ``ElasticNet(alpha=(l1+l2)/n,
                                             l1_ratio=l1/(l1+l2))``
=====================  ====================  ===================================

Logistic (``sigma = 1``): ``LogisticRegression(C=1/(l1 + l2),
l1_ratio=l1/(l1 + l2))``, i.e. ``C = tau^2`` for Gaussian(tau) and ``C = b``
for Laplace(b); Poisson: ``PoissonRegressor(alpha=l2/n)`` (no L1 part). The
exact objectives are in :mod:`bayesreg.compare.sklearn`.

glmnet (gaussian, ``standardize=FALSE``) divides its ridge term by the scale
``s_y`` of y (:func:`glmnet_y_scale`), so ``lambda = (l1 + l2 s_y)/n`` and
``alpha = l1/(l1 + l2 s_y)``; see :func:`to_glmnet`, tested against glmnet 4.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler

from .._validation import check_bool, check_positive
from ..data import check_X_y, standardize_columns
from ..likelihoods import Gaussian as GaussianFamily
from ..map import _check_prior, fit_map
from .glmnet import from_glmnet, glmnet_y_scale, to_glmnet
from .oracles import lasso_orthonormal, ridge_closed_form, ridge_eigen
from .sklearn import check_family, penalized_equivalent

__all__ = [
    "SAGA_ZERO",
    "CompareResult",
    "check_map",
    "from_glmnet",
    "glmnet_y_scale",
    "lasso_orthonormal",
    "penalized_equivalent",
    "ridge_closed_form",
    "ridge_eigen",
    "to_glmnet",
]

#: saga's coefficients below ``SAGA_ZERO * tol * max(1, max|coef|)`` count as
#: zeros (see :func:`check_map`)
SAGA_ZERO = 1e4


@dataclass(frozen=True)
class CompareResult:
    """MAP versus the matched scikit-learn fit (see :func:`check_map`).

    Coefficients and intercepts are on the original scale of ``X`` in both
    columns; ``x_scale`` holds the column standard deviations when the
    comparison was standardized (``standardize=True``), else None.
    ``zero_atol``: scikit-learn's coefficients at most this in absolute value
    count as zeros (0.0: exact zeros only). ``notes``: what the comparison
    left out, and why.
    """

    feature_names: tuple[str, ...]
    map_coef: np.ndarray
    penalized_coef: np.ndarray
    map_intercept: float
    penalized_intercept: float
    max_abs_diff: float
    support_agrees: bool
    atol: float
    ok: bool
    estimator: object
    x_scale: np.ndarray | None = None
    zero_atol: float = 0.0
    likelihood: str = "gaussian"
    notes: tuple[str, ...] = ()

    def table(self) -> pd.DataFrame:
        """One row per coefficient (and the intercept)."""
        names = [*self.feature_names, "(intercept)"]
        a = np.append(self.map_coef, self.map_intercept)
        b = np.append(self.penalized_coef, self.penalized_intercept)
        return pd.DataFrame(
            {
                "map": a,
                "sklearn": b,
                "abs_diff": np.abs(a - b),
                "map_zero": np.append(self.map_coef == 0, False),
                "sklearn_zero": np.append(
                    np.abs(self.penalized_coef) <= self.zero_atol, False
                ),
            },
            index=pd.Index(names, name="feature"),
        )

    def __str__(self):
        scaler = "StandardScaler() then " if self.x_scale is not None else ""
        head = (
            f"MAP vs {scaler}{self.estimator!r}\n"
            f"max |diff| = {self.max_abs_diff:.3g} (atol {self.atol:.3g}), "
            f"same zeros: {self.support_agrees}, ok: {self.ok}"
        )
        head += "".join(f"\nnote: {note}" for note in self.notes)
        with pd.option_context(
            "display.float_format", "{:.6g}".format, "display.width", 120
        ):
            return f"{head}\n{self.table().to_string()}"


def check_map(
    X,
    y,
    prior,
    sigma=1.0,
    fit_intercept=True,
    *,
    rtol=1e-6,
    standardize=False,
    likelihood="gaussian",
):
    """Fit the MAP and the matched scikit-learn estimator; compare them.

    The MAP is ``fit_map(X, y, prior, sigma, fit_intercept,
    likelihood=likelihood)``, the estimator :func:`penalized_equivalent`
    (``tol=1e-12``, ``max_iter=100000``; objectives and mapping in
    :mod:`bayesreg.compare.sklearn`). ``ok`` is True when both agree to
    ``rtol * max(1, max|coef|)`` on every coefficient and the intercept, have
    the same zeros, and the MAP converged.

    Zeros: the MAP's are exact. Coordinate descent (Lasso, ElasticNet) gives
    exact zeros too; saga (logistic with an L1 part) stops when no epoch
    moves a coefficient by more than ``tol * max|coef|``, so its
    coefficients up to ``SAGA_ZERO * tol * max(1, max|coef|)`` (``1e-8``
    relative at ``tol=1e-12``; ``zero_atol`` of the result) count as zeros.
    saga's stopping rule looks at the coefficients only: when they are all
    zero it stops after an epoch or two with its intercept unconverged
    (0.315 instead of ``logit(mean(y)) = 0.180`` on one problem), so the
    intercept is then left out of ``max_abs_diff`` and ``ok``, and a note
    says so. saga is slow on ill-conditioned problems with a weak L1 penalty
    (standardized breast cancer, Laplace(1): 290,000 epochs, 90 s, for
    ``tol=1e-12``); it warns with a ConvergenceWarning when ``max_iter``
    runs out.

    With ``standardize=True`` the MAP is ``fit_map(..., standardize=True)``
    (the prior on the weights of ``X_j / s_j``) and the scikit-learn side is
    :func:`penalized_equivalent` fitted on ``StandardScaler().fit_transform(X)``
    (``StandardScaler(with_mean=False)`` without an intercept: the same
    ``s_j``, the sd with ddof=0, and no centring), mapped back to the original
    columns: ``coef = coef_std / scale_`` and, with an intercept,
    ``intercept = intercept_std - (mean_ / scale_) @ coef_std``. The
    tolerance uses the original-scale ``coef``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Real numbers (gaussian), 0s and 1s (logistic) or counts (poisson).
    prior : Prior
        A prior with a penalty form.
    sigma : float > 0, default 1.0
        Must be 1.0 for the logistic and Poisson likelihoods.
    fit_intercept : bool, default True
    rtol : float > 0, default 1e-6
    standardize : bool, default False
    likelihood : {"gaussian", "logistic", "poisson"} or family, default "gaussian"

    Returns
    -------
    CompareResult
    """
    owner = "check_map"
    _check_prior(prior, owner)
    family, sigma = check_family(likelihood, sigma, owner)
    fit_intercept = check_bool(fit_intercept, "fit_intercept", owner)
    standardize = check_bool(standardize, "standardize", owner)
    rtol = check_positive(rtol, "rtol", owner)
    X, y, names = check_X_y(X, y, owner=owner, fit_intercept=fit_intercept)
    if not isinstance(family, GaussianFamily):
        family.bind(X, y, fit_intercept, owner=owner)  # the target, named here
    if standardize:
        standardize_columns(X, owner, names)  # a constant column, named here
    est = penalized_equivalent(
        prior, sigma, X.shape[0], fit_intercept, likelihood=family
    )
    res = fit_map(
        X, y, prior, sigma, fit_intercept, standardize=standardize, likelihood=family
    )
    scaler = None
    if standardize:
        scaler = StandardScaler(with_mean=fit_intercept).fit(X)
        est.fit(scaler.transform(X), y)
    else:
        est.fit(X, y)
    sk_coef = np.asarray(est.coef_, dtype=float).ravel()
    sk_int = float(np.ravel(est.intercept_)[0]) if fit_intercept else 0.0
    if scaler is not None:
        if fit_intercept:
            sk_int -= float((scaler.mean_ / scaler.scale_) @ sk_coef)
        sk_coef = sk_coef / scaler.scale_
    big = max(1.0, float(np.max(np.abs(sk_coef), initial=0.0)))
    saga = getattr(est, "solver", None) == "saga"
    zero_atol = SAGA_ZERO * est.tol * big if saga else 0.0
    notes = []
    diff = float(np.max(np.abs(res.coef - sk_coef), initial=0.0))
    if saga and fit_intercept and not np.any(sk_coef):
        notes.append(
            "intercept not compared: saga stops once an epoch leaves every "
            "coefficient at zero, before its intercept converges"
        )
    else:
        diff = max(diff, abs(res.intercept - sk_int))
    atol = rtol * big
    same = bool(np.array_equal(res.coef == 0, np.abs(sk_coef) <= zero_atol))
    return CompareResult(
        feature_names=names,
        map_coef=res.coef,
        penalized_coef=sk_coef,
        map_intercept=res.intercept,
        penalized_intercept=sk_int,
        max_abs_diff=diff,
        support_agrees=same,
        atol=atol,
        ok=bool(diff <= atol and same and res.converged),
        estimator=est,
        x_scale=res.x_scale,
        zero_atol=zero_atol,
        likelihood=family.name,
        notes=tuple(notes),
    )
