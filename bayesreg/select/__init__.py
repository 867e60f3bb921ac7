"""Choosing lam (a prior's scale) from the data: :func:`select_lambda`.

One function, five answers on the same prior objects, side by side:

==============  ============================================================
method          what is maximized or minimized (module)
==============  ============================================================
``cv``          K-fold cross-validated MSE of the MAP over a lam grid, warm
                started (:mod:`.cv`); the 1-SE rule too
``evidence``    the marginal likelihood of the Gaussian prior, sigma
                estimated jointly: type-II ML, scikit-learn's
                ``BayesianRidge`` (:mod:`.evidence`)
``mcem``        the marginal likelihood of the Bayesian lasso by Park &
                Casella's (2008) Monte Carlo EM with Gibbs draws (:mod:`.mcem`)
``loo``         the PSIS-LOO elpd of the posterior over the grid, one
                compiled model (:mod:`.loo`)
``hyperprior``  no choice: the posterior of lam under a hyperprior, its
                median reported (:mod:`.hyperprior`)
==============  ============================================================
"""

from __future__ import annotations

import numpy as np

from .._validation import check_bool, check_choice, check_int, check_positive
from ..data import check_X_y
from ..map import _check_prior
from .result import LambdaSelection

__all__ = ["METHODS", "LambdaSelection", "select_lambda"]

_OWNER = "select_lambda"

#: method name -> module of this package with ``OPTIONS`` and ``run``
METHODS = {
    "cv": "cv",
    "evidence": "evidence",
    "mcem": "mcem",
    "loo": "loo",
    "hyperprior": "hyperprior",
}


def _check_grid(grid):
    if grid is None:
        return None
    try:
        g = np.asarray(grid, dtype=float)
    except (TypeError, ValueError):
        g = None
    if g is None or g.ndim != 1 or g.size < 1 or not np.all(np.isfinite(g) & (g > 0)):
        raise ValueError(
            f"The 'grid' parameter of {_OWNER} must be None or a 1-D array of "
            f"finite lam values > 0. Got {grid!r} instead."
        )
    return np.sort(g)[::-1].copy()


def _check_options(method, module, options):
    unknown = sorted(set(options) - set(module.OPTIONS))
    if unknown:
        allowed = ", ".join(repr(k) for k in module.OPTIONS) or "none"
        raise TypeError(
            f"{_OWNER}(method={method!r}) got unexpected option(s) "
            f"{', '.join(repr(k) for k in unknown)}; it takes {allowed}."
        )
    return {**module.OPTIONS, **options}


def select_lambda(
    X,
    y,
    prior,
    method="cv",
    *,
    sigma=None,
    grid=None,
    n_lams=None,
    cv=5,
    fit_intercept=True,
    standardize=False,
    random_seed=None,
    progressbar=False,
    **method_options,
) -> LambdaSelection:
    """Choose the scale of ``prior`` (its penalty lam) from the data.

    The MAP of the chosen prior at noise scale ``sigma`` minimizes ``1/2
    ||y - b0 - Xw||^2 + lam pen(w)`` (``pen`` the prior's penalty form, e.g.
    ``||w||_1`` for :class:`~bayesreg.Laplace`, ``1/2 ||w||^2`` for
    :class:`~bayesreg.Gaussian`, ``r ||w||_1 + (1 - r)/2 ||w||^2`` for
    :class:`~bayesreg.ElasticNet` with ``r`` taken from ``prior``).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    prior : Prior
        Gives the family (and ``relative``, the elastic net's l1 ratio); its
        own scale is ignored except by ``hyperprior``.
    method : {"cv", "evidence", "mcem", "loo", "hyperprior"}, default "cv"
        See the module docstring and each method's module.
    sigma : float > 0, optional
        Noise scale. ``cv``, ``loo``: the chosen prior is at this sigma
        (None: :func:`bayesreg.default_sigma`). ``evidence``: must be None
        (sigma is estimated). ``mcem``, ``hyperprior``: None gives sigma the
        Jeffreys prior and reports its posterior mean (mcem) or median; a
        float fixes it.
    grid : array-like of lam > 0, optional
        The lam values to compare (sorted descending). Default: ``n_lams``
        log-spaced values from the family's ``lam_range`` (glmnet's and
        LassoCV's grid for L1 parts, ``eps = 1e-3``).
    n_lams : int >= 2, optional
        Size of the default grid: 100 (``loo``: 20).
    cv : int >= 2, scikit-learn splitter or iterable of (train, test)
        ``cv`` only. An int is ``KFold(cv)`` (unshuffled, scikit-learn's
        default).
    fit_intercept, standardize : bool
        As in :func:`bayesreg.fit_map`.
    random_seed : int >= 0, optional
        Seeds the samplers (``mcem``, ``loo``, ``hyperprior``).
    progressbar : bool, default False
        tqdm progress over the folds, EM iterations or grid.
    **method_options
        Options of one method, listed in its module's ``OPTIONS`` (e.g.
        ``cv``: ``fold_lam``; ``mcem``: ``n_iter``, ``draws``...).

    Returns
    -------
    LambdaSelection

    Raises
    ------
    ValueError, TypeError
        Bad parameters or data, a method the prior's family cannot use (e.g.
        ``evidence`` with a Laplace prior), an option the method lacks.

    Examples
    --------
    >>> from bayesreg import Gaussian, Laplace, select_lambda
    >>> from bayesreg.datasets import load_diabetes
    >>> X, y = load_diabetes()
    >>> res = select_lambda(X, y, Laplace(1.0))  # 5-fold CV, sigma by default
    >>> round(res.lam, 2), round(res.lam_1se, 2), round(res.sigma, 2)
    (1.35, 66.98, 54.15)
    >>> ev = select_lambda(X, y, Gaussian(1.0), "evidence")  # BayesianRidge
    >>> round(ev.lam, 4), round(ev.sigma, 2)
    (0.0336, 54.15)
    """
    from importlib import import_module

    check_choice(method, "method", _OWNER, tuple(METHODS))
    _check_prior(prior, _OWNER)
    module = import_module(f".{METHODS[method]}", __name__)
    options = _check_options(method, module, method_options)
    if sigma is not None and not hasattr(sigma, "to_pymc"):
        sigma = check_positive(sigma, "sigma", _OWNER)
    grid = _check_grid(grid)
    if n_lams is not None:
        n_lams = check_int(n_lams, "n_lams", _OWNER, minimum=2)
    fit_intercept = check_bool(fit_intercept, "fit_intercept", _OWNER)
    standardize = check_bool(standardize, "standardize", _OWNER)
    progressbar = check_bool(progressbar, "progressbar", _OWNER)
    if random_seed is not None:
        random_seed = check_int(random_seed, "random_seed", _OWNER, minimum=0)
    X, y, _ = check_X_y(X, y, owner=_OWNER, fit_intercept=fit_intercept)
    return module.run(
        X,
        y,
        prior,
        sigma=sigma,
        grid=grid,
        n_lams=n_lams,
        cv=cv,
        fit_intercept=fit_intercept,
        standardize=standardize,
        random_seed=random_seed,
        progressbar=progressbar,
        **options,
    )
