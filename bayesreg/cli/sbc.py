"""``bayesreg sbc``: simulation-based calibration of a sampler for one model."""

from __future__ import annotations

from .._validation import InputError
from .model import check_options, make_prior
from .outputs import output_dir, say
from .parsers import HelpFormatter, prior_parser
from .signals import raise_if_interrupted

__all__ = ["add_parser", "run"]

#: --sigma-prior choices: keyword -> class name in bayesreg.noise
SIGMA_PRIORS = {
    "halfnormal": "HalfNormal",
    "halfcauchy": "HalfCauchy",
    "inversegamma": "InverseGamma",
    "jeffreys": "Jeffreys",
}


def add_parser(sub, common):
    from ..posterior.samplers import REGISTRY

    cmd = sub.add_parser(
        "sbc",
        parents=[prior_parser(), common],
        formatter_class=HelpFormatter,
        help="simulation-based calibration: is a sampler right for a prior?",
        description="Simulation-based calibration (Talts et al. 2018): --sims "
        "times, draw sigma, the weights (and hyperparameters) from their priors "
        "and the intercept from N(0, 1), simulate y = b0 + Xw + sigma e on N(0, 1) "
        "rows, sample the posterior and rank each true value among the thinned "
        "draws. Uniform ranks (chi-square, Bonferroni at 0.01 over parameters) "
        "mean the sampler passes. Writes ranks.csv, truth.csv, pvalues.csv and "
        "sbc.png (ECDF difference with simultaneous 95%% bands) to --out and "
        "prints a one-line verdict; exit code 0 pass, 1 fail. Needs proper "
        "priors: not --prior flat, not --sigma-prior jeffreys.",
    )
    g = cmd.add_argument_group("calibration")
    g.add_argument(
        "--sampler",
        dest="sbc_sampler",
        choices=list(REGISTRY),
        default="exact",
        help="the posterior sampler to check",
    )
    g.add_argument("--sims", type=int, default=1000, help="number of simulations")
    g.add_argument(
        "--draws", type=int, default=100, help="posterior draws ranked per simulation"
    )
    g.add_argument("--chains", type=int, default=4, help="chains per simulation")
    g.add_argument("--tune", type=int, default=300, help="warm-up steps per chain")
    g.add_argument(
        "--thin",
        type=int,
        default=None,
        help="rank every THIN-th draw (default: from the ESS of two pilot runs)",
    )
    g.add_argument("--n", type=int, default=20, help="rows per simulated data set")
    g.add_argument("--p", type=int, default=3, help="features per data set")
    g.add_argument("--seed", type=int, default=0, help="random seed (int >= 0)")
    g.add_argument("--jobs", type=int, default=-1, help="processes (-1: every core)")
    g.add_argument("--out", metavar="DIR", help="directory for the output files")
    h = cmd.add_argument_group("hyperprior and noise prior")
    h.add_argument(
        "--lam2-gamma",
        nargs=2,
        type=float,
        metavar=("R", "DELTA"),
        help="random scale 1/lam with lam^2 ~ Gamma(R, rate DELTA) (Park & "
        "Casella); --scale is then not needed",
    )
    h.add_argument(
        "--tau-halfcauchy",
        type=float,
        metavar="BETA",
        help="random scale tau ~ HalfCauchy(BETA); --scale is then not needed",
    )
    h.add_argument(
        "--sigma-prior",
        choices=list(SIGMA_PRIORS),
        help="make sigma unknown with this prior (default: fixed --sigma, 1.0)",
    )
    h.add_argument(
        "--sigma-prior-scale",
        type=float,
        default=1.0,
        metavar="S",
        help="scale of --sigma-prior (halfnormal, halfcauchy; beta of "
        "inversegamma: sigma^2 ~ InvGamma(shape, S))",
    )
    h.add_argument(
        "--sigma-prior-shape",
        type=float,
        default=3.0,
        metavar="A",
        help="shape of --sigma-prior inversegamma",
    )
    # no --method: check_options and make_prior read it as absent
    cmd.set_defaults(func=run, method=None)
    return cmd


def _sigma(args):
    """The fixed sigma (--sigma, default 1.0) or the --sigma-prior object."""
    from .. import noise

    if args.sigma_prior is None:
        return 1.0 if args.sigma is None else args.sigma
    if args.sigma is not None:
        raise InputError(
            f"--sigma fixes the noise scale, --sigma-prior {args.sigma_prior} "
            "makes it unknown: give one of them."
        )
    cls = getattr(noise, SIGMA_PRIORS[args.sigma_prior])
    if args.sigma_prior == "jeffreys":
        return cls()
    if args.sigma_prior == "inversegamma":
        return cls(args.sigma_prior_shape, args.sigma_prior_scale)
    return cls(args.sigma_prior_scale)


def _prior(args, sigma):
    """The prior of --prior (cli.model.make_prior), with a hyperprior."""
    from ..priors import LambdaSquaredGamma, ScaleHalfCauchy

    hyper = None
    if args.lam2_gamma is not None and args.tau_halfcauchy is not None:
        raise InputError("give one of --lam2-gamma and --tau-halfcauchy.")
    if args.lam2_gamma is not None:
        hyper = LambdaSquaredGamma(*args.lam2_gamma)
    elif args.tau_halfcauchy is not None:
        hyper = ScaleHalfCauchy(args.tau_halfcauchy)
    if hyper is not None and args.scale is None and args.lam is None:
        args.scale = 1.0  # ignored under a hyperprior
    prior = make_prior(args, sigma if isinstance(sigma, float) else 1.0)
    if hyper is None:
        return prior
    if "hyperprior" not in getattr(prior, "__dataclass_fields__", {}):
        raise InputError(
            f"--prior {args.prior} takes no hyperprior on its scale "
            "(--lam2-gamma, --tau-halfcauchy)."
        )
    return prior.replace(hyperprior=hyper)


def run(args) -> int:
    from ..calibration import sbc

    if args.standardize:
        raise InputError("--standardize does not apply: sbc simulates its own data.")
    check_options(args)
    for name in ("sims", "draws", "chains", "n", "p"):
        if getattr(args, name) < 1:
            raise InputError(
                f"--{name} must be an integer >= 1; got {getattr(args, name)}."
            )
    try:
        sigma = _sigma(args)
        prior = _prior(args, sigma)
    except (TypeError, ValueError) as err:
        raise InputError(str(err)) from err
    say(args, f"sbc: {prior!r}, sigma {sigma!r}, sampler {args.sbc_sampler}")
    with output_dir(args) as out:
        try:
            result = sbc(
                prior,
                sigma,
                n=args.n,
                p=args.p,
                sampler=args.sbc_sampler,
                n_sims=args.sims,
                n_draws=args.draws,
                chains=args.chains,
                tune=args.tune,
                thin="auto" if args.thin is None else args.thin,
                random_seed=args.seed,
                n_jobs=args.jobs,
                progressbar=not args.quiet,
            )
        except (TypeError, ValueError) as err:
            raise InputError(str(err)) from err
        raise_if_interrupted()
        if out is not None:
            _write(result, out)
    print(result.verdict())
    return 0 if result.ok else 1


def _write(result, out):
    import matplotlib.pyplot as plt

    result.ranks.to_csv(out.file("ranks.csv"), index_label="simulation")
    result.truth.to_csv(out.file("truth.csv"), index_label="simulation")
    result.pvalues.to_csv(out.file("pvalues.csv"), index_label="parameter")
    fig = result.plot()
    fig.savefig(out.file("sbc.png"), dpi=110)
    plt.close(fig)
    out.file("verdict.txt").write_text(result.verdict() + "\n")
