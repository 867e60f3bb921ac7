"""``bayesreg fit --lam cv|evidence|mcem|...``: the penalty chosen from the data.

``--lam`` takes a number (the penalty itself) or the name of a method of
:func:`bayesreg.select_lambda` (its ``METHODS`` registry). With a name, the
family of ``--prior`` (and ``--relative``, ``--l1-ratio``) is kept and its
scale chosen: ``cv`` (``--folds`` K-fold cross-validation of the MAP,
``--one-se`` for the 1-SE rule), ``evidence`` (type-II maximum likelihood,
the Gaussian prior; sigma estimated too), ``mcem`` (Park & Casella's Monte
Carlo EM, the Laplace prior; sigma under the Jeffreys prior), ... The fit
then uses the chosen prior at the chosen noise scale (``--sigma`` when
given, else the one the method used or estimated). The chosen lam and
method are printed; with ``--out`` the criterion is written as
``lam_selection.csv`` and drawn as ``lam_selection.png``.
"""

from __future__ import annotations

import argparse

from .._validation import InputError
from .model import make_prior
from .outputs import say, std

__all__ = [
    "add_arguments",
    "check",
    "choose",
    "lam_methods",
    "lam_type",
    "pop_method",
    "write_outputs",
]


def lam_methods() -> tuple[str, ...]:
    """The method names ``--lam`` takes (``bayesreg.select.METHODS``)."""
    from ..select import METHODS

    return tuple(METHODS)


def lam_type(methods):
    """An argparse ``type``: a number, or one of ``methods`` (kept as str)."""

    def parse(text):
        if text in methods:
            return text
        try:
            return float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"invalid value {text!r}: a number (the penalty) or one of "
                f"{', '.join(methods)} (chosen from the data)"
            ) from None

    parse.__name__ = "lam"
    return parse


def add_arguments(parser):
    """The options of choosing lam (``bayesreg fit``)."""
    g = parser.add_argument_group("choosing lam (--lam METHOD)")
    g.add_argument(
        "--folds",
        type=int,
        default=5,
        metavar="K",
        help="--lam cv: number of folds (unshuffled K-fold, as scikit-learn's LassoCV)",
    )
    g.add_argument(
        "--one-se",
        action="store_true",
        help="--lam cv: the largest lam within one standard error of the "
        "smallest CV error (glmnet's lambda.1se) instead of the smallest",
    )


def pop_method(args):
    """The method named by ``--lam`` (``args.lam`` then becomes None), or None
    when ``--lam`` is a number or absent; refuses options that do not go
    with it, before any work."""
    method = getattr(args, "lam", None)
    if not isinstance(method, str):
        if getattr(args, "one_se", False):
            raise InputError("--one-se goes with --lam cv.")
        return None
    if args.scale is not None:
        raise InputError(
            f"--lam {method} chooses the prior's scale from the data: leave "
            "--scale out."
        )
    if getattr(args, "one_se", False) and method != "cv":
        raise InputError(f"--one-se goes with --lam cv, not --lam {method}.")
    if getattr(args, "folds", 5) < 2:
        raise InputError(f"--folds must be an integer >= 2; got {args.folds}.")
    if getattr(args, "sigma_prior", None) is not None:
        raise InputError(
            f"--lam {method} fixes sigma at the value it uses or estimates; "
            "--sigma-prior makes it unknown: give one of them."
        )
    args.lam = None
    return method


def check(method, family, chunked):
    """A chosen lam needs the Gaussian likelihood and the rows in memory."""
    if "quadratic" not in family.capabilities():
        raise InputError(
            f"--lam {method} chooses lam for the Gaussian likelihood only; got "
            f"--likelihood {family!r}. Give --lam a number."
        )
    if chunked:
        raise InputError(
            f"--lam {method} needs the rows in memory: several files, "
            "--chunksize or --dask-scheduler give only sufficient statistics. "
            "Give one file, or --lam a number."
        )


def _base_prior(args, method):
    """The prior of ``--prior`` (and its family options) at penalty 1: the
    family whose scale is chosen."""
    from ..priors import REGISTRY

    if not hasattr(REGISTRY[args.prior], "from_penalty"):
        have = ", ".join(k for k, c in REGISTRY.items() if hasattr(c, "from_penalty"))
        raise InputError(
            f"--lam {method} chooses a penalty: --prior must be a family with a "
            f"penalty form ({have}); got --prior {args.prior}."
        )
    ns = argparse.Namespace(**{**vars(args), "lam": 1.0, "scale": None})
    return make_prior(ns, 1.0)


def choose(args, X, y, method):
    """``(prior, sigma, selection)``: :func:`bayesreg.select_lambda` on the
    rows; prints the chosen lam and method."""
    from ..select import select_lambda

    base = _base_prior(args, method)
    say(args, f"choosing lam by {method} for {type(base).__name__}")
    try:
        res = select_lambda(
            X,
            y,
            base,
            method,
            sigma=args.sigma,
            cv=args.folds,
            random_seed=args.seed,
            progressbar=not args.quiet,
            **std(args),
        )
    except (TypeError, ValueError) as err:
        raise InputError(f"--lam {method}: {err}") from err
    prior, lam = res.prior, res.lam
    text = f"lam chosen by {method}: {lam:.6g}{_uncertainty(res)}"
    if args.one_se:
        prior, lam = res.prior_1se, res.lam_1se
        text = f"lam chosen by cv, 1-SE rule: {lam:.6g} (minimum: {res.lam:.6g})"
    how = "--sigma" if args.sigma is not None else f"from --lam {method}"
    print(f"{text}; {prior!r}, sigma = {res.sigma:.6g} ({how})")
    return prior, float(res.sigma), res


def _uncertainty(res) -> str:
    """What the result says of its choice: the 1-SE lam (cv), the Monte
    Carlo SE (mcem, proportional to lam), the 90% interval of the draws
    (hyperprior)."""
    import numpy as np

    if res.lam_1se is not None:
        return f" (1-SE rule: {res.lam_1se:.6g})"
    if "mc_se" in res.details:
        rate = res.details["rate"]
        return f" (Monte Carlo SE {res.lam * res.details['mc_se'] / rate:.3g})"
    if res.method == "hyperprior":
        lo, hi = np.quantile(res.trace, [0.05, 0.95])
        return f" (posterior median; 90% interval [{lo:.6g}, {hi:.6g}])"
    return ""


def write_outputs(out, selection, X, y, args) -> list:
    """``lam_selection.csv`` (columns ``lam``, ``criterion``, ``criterion_se``
    over the grid; or ``lam`` alone: the EM iterates, the posterior draws)
    and ``lam_selection.png``; their names."""
    import numpy as np
    import pandas as pd

    from ..plots import plot_lambda_selection
    from ..plots.select import trace_lams

    sel = selection
    if sel.grid is not None and sel.criterion is not None:
        table = pd.DataFrame({"lam": sel.grid, "criterion": sel.criterion})
        if sel.criterion_se is not None:
            table["criterion_se"] = sel.criterion_se
    else:  # mcem: the EM iterates; hyperprior: the posterior draws
        table = pd.DataFrame({"lam": trace_lams(sel)})
    table["chosen"] = np.isclose(table["lam"], sel.lam, rtol=1e-12, atol=0)
    table.to_csv(out.file("lam_selection.csv"), index=False)
    fig = plot_lambda_selection(sel, X, y, **std(args))
    try:
        fig.savefig(out.file("lam_selection.png"), dpi=110)
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return ["lam_selection.csv", "lam_selection.png"]
