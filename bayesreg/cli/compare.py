"""``bayesreg compare``: the MAP next to scikit-learn's matched fit."""

from __future__ import annotations

import sys

from .._validation import InputError
from .loading import load_data
from .model import (
    check_likelihood,
    check_options,
    check_target,
    families_with,
    make_likelihood,
    model,
)
from .outputs import std
from .parsers import HelpFormatter, data_parser, likelihood_parser, prior_parser

__all__ = ["add_parser", "run"]


def add_parser(sub, common):
    cmp_ = sub.add_parser(
        "compare",
        parents=[data_parser(), likelihood_parser(), prior_parser(), common],
        formatter_class=HelpFormatter,
        help="MAP vs the matched scikit-learn fit; exit 0 if they agree, else 1",
        description="Fit the MAP and scikit-learn's matched Ridge/Lasso/ElasticNet/"
        "LinearRegression (LogisticRegression with --likelihood logistic, "
        "PoissonRegressor with --likelihood poisson) and print them side by "
        "side. Exit status 0 when every coefficient agrees to rtol and the exact "
        "zeros match, 1 otherwise.",
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
    from ..compare import check_map, penalized_equivalent

    check_options(args)
    family = make_likelihood(args)
    check_likelihood(args, family)
    X, y, source = load_data(args)
    check_target(family, X, y, source)
    prior, sigma = model(args, (X, y), family)
    if "penalty" not in prior.capabilities():
        raise InputError(
            f"compare needs a prior with a penalty form, which scikit-learn fits "
            f"({', '.join(families_with({'penalty'}))}); --prior {args.prior} "
            f"({prior!r}) has none."
        )
    try:  # scikit-learn may lack the penalty for this likelihood (L1 Poisson)
        penalized_equivalent(prior, sigma, len(y), likelihood=family)
    except ValueError as err:
        raise InputError(str(err)) from err
    res = check_map(
        X, y, prior, sigma=sigma, rtol=args.rtol, likelihood=family, **std(args)
    )
    noise = f", sigma={sigma:.6g}" if family.has_scale else ""
    print(
        f"{source}: n={len(y)}, p={X.shape[1]}; {prior!r}, likelihood {family!r}{noise}"
    )
    print(res)
    if not res.ok:
        print(
            f"bayesreg compare: MAP and scikit-learn disagree (max |diff| "
            f"{res.max_abs_diff:.3g} > {res.atol:.3g} or different zeros)",
            file=sys.stderr,
        )
    return 0 if res.ok else 1
