"""``bayesreg report``: the whole story in one self-contained report.html."""

from __future__ import annotations

import argparse
from pathlib import Path

from .loading import load_data
from .model import check_likelihood, check_options, check_target, make_likelihood
from .outputs import output_dir
from .parsers import HelpFormatter, data_parser, likelihood_parser
from .signals import raise_if_interrupted

__all__ = ["add_parser", "run"]


def add_parser(sub, common):
    rep = sub.add_parser(
        "report",
        parents=[data_parser(), likelihood_parser(), common],
        formatter_class=HelpFormatter,
        help="the whole story in one self-contained report.html (default: diabetes)",
        description="Data summary, MAP vs scikit-learn for Gaussian/Laplace/"
        "ElasticNet priors, full posteriors with diagnostics (Gaussian, Laplace, "
        "horseshoe; the Gibbs ones checked against nutpie's NUTS), sparse "
        "summaries (SAVS, ranks), regularization "
        "paths, prior densities and timings, in one report.html (figures "
        "embedded) plus PNG and CSV files beside it. With a --likelihood for "
        "labels or counts (logistic, poisson) it adds the calibration of the "
        "predicted means (and, for counts, observed vs expected frequencies).",
    )
    rep.add_argument(
        "--out",
        metavar="DIR",
        default="bayesreg-report",
        help="directory for report.html and its PNG and CSV files",
    )
    g = rep.add_argument_group("model settings")
    g.add_argument(
        "--sigma",
        type=float,
        default=None,
        help="fixed noise sd (default: the least-squares residual sd); not for "
        "a --likelihood without a noise scale",
    )
    g.add_argument(
        "--standardize",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="penalize the columns divided by their sd (coefficients stay in the "
        "original units); --no-standardize penalizes raw units",
    )
    g.add_argument(
        "--gaussian-scale",
        type=float,
        help="Gaussian prior sd (default: gives lam = 0.1 x mean diagonal of X'X)",
    )
    g.add_argument(
        "--laplace-scale",
        type=float,
        help="Laplace prior scale (default: gives lam = 0.1 x max|X'y|)",
    )
    g.add_argument("--draws", type=int, default=500, help="draws per chain")
    g.add_argument("--tune", type=int, default=500, help="warm-up steps per chain")
    g.add_argument("--chains", type=int, default=4, help="number of chains")
    g.add_argument("--seed", type=int, default=0, help="random seed")
    g.add_argument("--n-lams", type=int, default=40, help="MAP path grid size")
    g.add_argument(
        "--n-bayes-lams", type=int, default=8, help="Bayesian path grid size"
    )
    rep.set_defaults(func=run)
    return rep


def run(args) -> int:
    from ..report import ReportOptions, build_report

    check_options(args)
    family = make_likelihood(args)
    check_likelihood(args, family)
    with output_dir(args) as out:
        X, y, source = load_data(args)
        check_target(family, X, y, source)
        options = ReportOptions(
            likelihood=family,
            sigma=args.sigma,
            gaussian_scale=args.gaussian_scale,
            laplace_scale=args.laplace_scale,
            draws=args.draws,
            tune=args.tune,
            chains=args.chains,
            seed=args.seed,
            n_lams=args.n_lams,
            n_bayes_lams=args.n_bayes_lams,
            standardize=args.standardize,
        )
        result = build_report(X, y, source, out, options, progress=not args.quiet)
        raise_if_interrupted()
    print(result.text_summary())
    print(f"report: {(Path(args.out) / 'report.html').absolute()}")
    return 0 if result.ok else 1
