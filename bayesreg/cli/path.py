"""``bayesreg path``: MAP (and posterior) coefficients over a grid of lam."""

from __future__ import annotations

import time
from pathlib import Path

from .._validation import InputError
from .loading import load_data
from .model import (
    check_likelihood,
    check_options,
    check_sampler,
    check_target,
    family_options,
    make_likelihood,
    noise_scale,
    sampling,
    varies_penalty,
)
from .outputs import output_dir, print_table, say, std
from .parsers import (
    HelpFormatter,
    data_parser,
    likelihood_parser,
    prior_parser,
    sampling_parser,
)
from .signals import raise_if_interrupted

__all__ = ["add_parser", "run"]


def add_parser(sub, common):
    path = sub.add_parser(
        "path",
        parents=[
            data_parser(),
            likelihood_parser(),
            prior_parser(),
            sampling_parser(),
            common,
        ],
        formatter_class=HelpFormatter,
        help="regularization path: table and figure over a grid of lam",
        description="MAP (and with --method nuts/exact, posterior) coefficients "
        "over a log grid of the penalty lam (strong to weak). Writes path.csv "
        "and path.png (and bayes_path.csv) to --out.",
    )
    path.add_argument("--n-lams", type=int, default=30, help="grid size")
    path.add_argument(
        "--lam-min", type=float, help="smallest lam (default: from the family)"
    )
    path.add_argument(
        "--lam-max",
        type=float,
        help="largest lam (default: laplace/elasticnet: the smallest lam giving "
        "all zeros; gaussian: 1000 x mean diagonal of the centred X'X, or of "
        "the Hessian of -log p(y | w) at w = 0 for a convex --likelihood; each "
        "family's lam_range)",
    )
    path.add_argument(
        "--out",
        metavar="DIR",
        default="bayesreg-path",
        help="directory for path.csv, path.png (and bayes_path.csv)",
    )
    path.set_defaults(func=run)
    return path


def _check_path_options(args):
    """A family with a penalty to vary, and no option that fixes the prior."""
    from ..priors import REGISTRY

    if not varies_penalty(REGISTRY[args.prior]):
        others = [k for k, cls in REGISTRY.items() if varies_penalty(cls)]
        raise InputError(
            f"--prior {args.prior} has no penalty to vary; choose another prior "
            f"({', '.join(others)})."
        )
    fixing = ("scale", "lam", "relative", *family_options())
    if any(getattr(args, k, None) not in (None, False) for k in fixing):
        names = ["--" + k.replace("_", "-") for k in fixing]
        raise InputError(
            "path varies lam over a grid: use --lam-min/--lam-max, not "
            f"{', '.join(names[:-1])} or {names[-1]}."
        )


def run(args) -> int:
    from ..report import (
        bayes_path,
        lam_grid,
        map_path_table,
        priors_for,
        write_path_outputs,
    )

    check_options(args)
    _check_path_options(args)
    family = make_likelihood(args)
    check_likelihood(args, family)
    with output_dir(args) as out:
        X, y, source = load_data(args)
        check_target(family, X, y, source)
        sigma, how = noise_scale(args, (X, y), family)
        if how is not None:
            say(args, how)
        kw = std(args)
        lams = lam_grid(
            X,
            y,
            args.prior,
            args.n_lams,
            args.lam_min,
            args.lam_max,
            likelihood=family,
            sigma=sigma,
            **kw,
        )
        priors = priors_for(args.prior, lams, sigma)
        if args.method != "map":
            check_sampler(args, priors[0], sigma)
        noise = f"sigma={sigma:.6g}" if family.has_scale else "no noise scale"
        print(
            f"{source}: n={len(y)}, p={X.shape[1]}; {args.prior} path over "
            f"{len(lams)} values of lam in [{lams.min():.4g}, {lams.max():.4g}], "
            f"likelihood {family!r}, {noise}"
        )
        t0 = time.perf_counter()
        table = map_path_table(X, y, priors, lams, sigma, likelihood=family, **kw)
        bayes = None
        if args.method != "map":
            bayes = bayes_path(
                X,
                y,
                priors,
                lams,
                sigma,
                seed=args.seed,
                likelihood=family,
                **sampling(args),
            )
        elapsed = time.perf_counter() - t0
        raise_if_interrupted()
        print_table(table)
        print(f"time: {elapsed:.2f} s")
        written = write_path_outputs(
            out, X, y, lams, table, args.prior, sigma, bayes, likelihood=family, **kw
        )
        raise_if_interrupted()
    print(f"wrote {', '.join(written)} to {Path(args.out).absolute()}")
    return 0
