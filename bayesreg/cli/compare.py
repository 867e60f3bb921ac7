"""``bayesreg compare``: the MAP next to scikit-learn's matched fit."""

from __future__ import annotations

import sys

from .._validation import InputError
from .loading import load_data
from .model import check_options, families_with, model
from .outputs import std
from .parsers import HelpFormatter, data_parser, prior_parser

__all__ = ["add_parser", "run"]


def add_parser(sub, common):
    cmp_ = sub.add_parser(
        "compare",
        parents=[data_parser(), prior_parser(), common],
        formatter_class=HelpFormatter,
        help="MAP vs the matched scikit-learn fit; exit 0 if they agree, else 1",
        description="Fit the MAP and scikit-learn's matched Ridge/Lasso/ElasticNet/"
        "LinearRegression and print them side by side. Exit status 0 when every "
        "coefficient agrees to rtol and the exact zeros match, 1 otherwise.",
    )
    cmp_.add_argument(
        "--rtol",
        type=float,
        default=1e-6,
        help="tolerance relative to max(1, max|coef|)",
    )
    cmp_.set_defaults(func=run)
    return cmp_


def run(args) -> int:
    from ..compare import check_map

    check_options(args)
    X, y, source = load_data(args)
    prior, sigma = model(args, (X, y))
    if "penalty" not in prior.capabilities():
        raise InputError(
            f"compare needs a prior with a penalty form, which scikit-learn fits "
            f"({', '.join(families_with({'penalty'}))}); --prior {args.prior} "
            f"({prior!r}) has none."
        )
    res = check_map(X, y, prior, sigma=sigma, rtol=args.rtol, **std(args))
    print(f"{source}: n={len(y)}, p={X.shape[1]}; {prior!r}, sigma={sigma:.6g}")
    print(res)
    if not res.ok:
        print(
            f"bayesreg compare: MAP and scikit-learn disagree (max |diff| "
            f"{res.max_abs_diff:.3g} > {res.atol:.3g} or different zeros)",
            file=sys.stderr,
        )
    return 0 if res.ok else 1
