"""``bayesreg fit``: one model; print and save its coefficient table."""

from __future__ import annotations

import time
from pathlib import Path

from .._validation import InputError
from .loading import DEFAULT_CHUNKSIZE, data_files, load_data, load_stats
from .model import (
    SIGMA_PRIORS,
    check_likelihood,
    check_options,
    check_sampler,
    check_target,
    make_likelihood,
    make_sigma,
    model,
    sampling,
)
from .outputs import output_dir, print_table, say, std
from .parsers import (
    HelpFormatter,
    data_parser,
    likelihood_parser,
    prior_parser,
    sampling_parser,
)
from .select import add_arguments as add_select_arguments
from .select import check as check_select
from .select import choose, lam_methods, pop_method, write_outputs
from .signals import raise_if_interrupted

__all__ = ["add_parser", "run"]


def add_parser(sub, common):
    fit = sub.add_parser(
        "fit",
        parents=[
            data_parser(many=True),
            likelihood_parser(),
            prior_parser(lam_methods=lam_methods()),
            sampling_parser(),
            common,
        ],
        formatter_class=HelpFormatter,
        help="fit one model; print and save the coefficient table",
        description="Fit y = b0 + Xw + e, e ~ N(0, sigma^2) (or another "
        "--likelihood of b0 + Xw: logistic for 0/1 labels, Poisson counts, "
        "Student-t errors), with the chosen prior on w. Prints the MAP (or "
        "posterior summary) table; with --out writes "
        "summary.csv, posterior.nc (netCDF, for nuts/exact) and figures. "
        "Data larger than memory: with several files, --chunksize or "
        "--dask-scheduler the files are read in chunks into the sufficient "
        "statistics (n, means, X'X, X'y, y'y) and the model is fitted from those, "
        "with the same results; scikit-learn's matched fit (column 'penalized') "
        "needs the rows and is left out.",
    )
    fit.add_argument(
        "--sigma-prior",
        choices=SIGMA_PRIORS,
        help="make sigma unknown with this prior (nuts/exact only); --lam is then "
        "a prior relative to sigma with that penalty at the default sigma",
    )
    fit.add_argument(
        "--sigma-prior-scale",
        type=float,
        metavar="S",
        help="scale of --sigma-prior (default: the sample sd of y)",
    )
    fit.add_argument("--out", metavar="DIR", help="directory for the output files")
    add_select_arguments(fit)
    big = fit.add_argument_group("data larger than memory")
    big.add_argument(
        "--chunksize",
        type=int,
        metavar="N",
        help="read DATA N rows at a time (an integer >= 1) into sufficient "
        f"statistics; only one chunk is in memory (default with several files: "
        f"{DEFAULT_CHUNKSIZE})",
    )
    big.add_argument(
        "--dask-scheduler",
        metavar="ADDRESS",
        help="compute the statistics on the running dask.distributed cluster at "
        "ADDRESS, e.g. tcp://127.0.0.1:8786 (its workers must see the DATA files "
        "under the same paths; needs pip install 'bayesreg[dask]')",
    )
    fit.set_defaults(func=run)
    return fit


def run(args) -> int:
    lam_method = pop_method(args)  # --lam cv|evidence|...: chosen below
    check_options(args)
    if args.sigma_prior is None and args.sigma_prior_scale is not None:
        raise InputError("--sigma-prior-scale goes with --sigma-prior.")
    family = make_likelihood(args)
    files = data_files(args)
    chunked = files is not None and (
        len(files) > 1 or args.chunksize is not None or args.dask_scheduler is not None
    )
    check_likelihood(args, family, chunked=chunked)
    if lam_method is not None:
        check_select(lam_method, family, chunked)
    with output_dir(args) as out:
        stats = X = y = None
        if chunked:
            stats, source = load_stats(args, files)
            data, n, p, target = (stats, None), stats.n, stats.n_features, args.target
        else:
            X, y, source = load_data(args, files)
            check_target(family, X, y, source)
            data, n, p, target = (X, y), len(y), X.shape[1], y.name
        selection = None
        if lam_method is None:
            prior, fixed = model(args, data, family)
        else:
            prior, fixed, selection = choose(args, X, y, lam_method)
        sigma = make_sigma(args, y if stats is None else stats, fixed)
        if args.method != "map":
            check_sampler(args, prior, sigma)
        print(f"{source}: n={n}, p={p}, target '{target}', likelihood {family!r}")
        t0 = time.perf_counter()
        table, idata, header = _fit_table(
            args, data, stats, prior, sigma, fixed, family
        )
        elapsed = time.perf_counter() - t0
        raise_if_interrupted()
        print(header)
        print_table(table)
        print(f"time: {elapsed:.2f} s")
        if out is not None:
            from ..report import write_fit_outputs

            written = write_fit_outputs(
                out, table, idata, prior, X, y, sigma, likelihood=family, **std(args)
            )
            if selection is not None:
                written += write_outputs(out, selection, X, y, args)
            raise_if_interrupted()
    if args.out is not None:
        print(f"wrote {', '.join(written)} to {Path(args.out).absolute()}")
    return 0


def _fit_table(args, data, stats, prior, sigma, fixed, family):
    """``(table, idata or None, header text)`` of ``bayesreg fit``."""
    if args.method == "map":
        from ..report import describe_map, map_table

        res, table = map_table(*data, prior, fixed, likelihood=family, **std(args))
        n = data[0].n if stats is not None else len(data[1])
        return table, None, describe_map(res, n, family)
    from ..posterior import sample_posterior
    from ..summaries import has_map, summary

    idata = sample_posterior(
        *data, prior, sigma, random_seed=args.seed, likelihood=family, **sampling(args)
    )
    raise_if_interrupted()
    fixed_sigma = sigma if isinstance(sigma, float) else None
    if stats is None:
        table = summary(
            idata,
            X=data[0],
            y=data[1],
            prior=prior,
            sigma=fixed_sigma,
            likelihood=family,
        )
    else:
        table = summary(idata, prior=prior, sigma=fixed_sigma)
        if has_map(prior):
            table["map"] = _map_from_stats(idata, stats, prior, fixed_sigma, args)
        say(
            args,
            "note: fitted from sufficient statistics, so the columns of "
            "scikit-learn's matched fit ('penalized' here, its mark in "
            "posterior.png) and the pointwise log likelihood are left out: "
            "they need the rows",
        )
    noise = f"sigma={sigma!r}" if family.has_scale else f"likelihood {family!r}"
    if family.has_scale and "quadratic" not in family.capabilities():
        noise += f", likelihood {family!r}"
    used = idata.posterior.attrs.get("sampler", args.method)
    how = args.method if used == args.method else f"{args.method}, sampler {used}"
    header = (
        f"posterior of {prior!r}, {noise}, {how} "
        f"({args.chains} chains x {args.draws} draws)"
    )
    return table, idata, header


def _map_from_stats(idata, stats, prior, sigma, args):
    """The ``map`` column of :func:`bayesreg.summary`, from statistics."""
    from ..map import fit_map
    from ..summaries import sigma_for_map

    s = sigma_for_map(idata, sigma)
    return fit_map(stats, None, prior, s, **std(args)).coef
