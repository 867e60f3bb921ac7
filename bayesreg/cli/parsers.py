"""Option groups shared by the subcommands; the prior and sampler choices and
the family options come from the registries."""

from __future__ import annotations

import argparse
import sys

from .loading import DATASETS
from .model import family_options, likelihood_options, methods

__all__ = [
    "HelpFormatter",
    "common_parser",
    "data_parser",
    "likelihood_parser",
    "prior_parser",
    "sampling_parser",
]


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Show ``(default: ...)`` only for options with a real default."""

    def _get_help_string(self, action):
        if action.default in (None, False) or "%(default)" in (action.help or ""):
            return action.help
        return super()._get_help_string(action)


def common_parser():
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("general")
    g.add_argument(
        "--debug", action="store_true", help="show the full traceback on errors"
    )
    g.add_argument(
        "-q", "--quiet", action="store_true", help="no progress or status lines"
    )
    return p


def data_parser(many=False):
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("data")
    text = "CSV or Parquet file (by extension) with one row per observation"
    if many:
        text = (
            "CSV or Parquet file(s) (by extension) with one row per observation, "
            "or a quoted glob such as 'parts/*.csv'; several files are read in "
            "chunks (see --chunksize)"
        )
    g.add_argument("data", nargs="*" if many else "?", metavar="DATA", help=text)
    g.add_argument(
        "--dataset",
        choices=DATASETS,
        help="use a bundled data set instead of DATA (target column 'target')",
    )
    g.add_argument("--target", metavar="COL", help="name of the target column")
    g.add_argument(
        "--features",
        nargs="+",
        metavar="COL",
        help="feature columns (default: every column but the target)",
    )
    g.add_argument(
        "--dropna",
        action="store_true",
        help="drop rows with missing values (default: refuse them)",
    )
    return p


def _summary(cls) -> str:
    """The one-line summary of a family: its module's docstring, else its name."""
    doc = (getattr(sys.modules.get(cls.__module__), "__doc__", None) or "").strip()
    text = doc.splitlines()[0].rstrip(".").replace("``", "") if doc else cls.__name__
    return text[4:] if text.startswith("The ") else text


def _family_summary(cls) -> str:
    """The first clause of a likelihood family's docstring (up to ``;``,
    ``:`` or `` (``), else its name."""
    import re

    doc = " ".join((cls.__doc__ or "").split()).replace("``", "")
    text = re.split(r";|:| \(", doc, maxsplit=1)[0].rstrip(".") if doc else ""
    text = text or cls.__name__
    return text[4:] if text.startswith("The ") else text


def likelihood_parser():
    """``--likelihood`` (choices: the likelihood registry) and an option
    ``--likelihood-PARAM`` for each parameter of a family (``--likelihood-df``
    of student_t), read from the families' constructors."""
    from ..likelihoods import LIKELIHOODS

    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("likelihood")
    g.add_argument(
        "--likelihood",
        choices=list(LIKELIHOODS),
        default="gaussian",
        help="the model of the target given b0 + Xw: "
        + "; ".join(f"{k}: {_family_summary(cls)}" for k, cls in LIKELIHOODS.items())
        + "; families without a noise scale ("
        + ", ".join(k for k, cls in LIKELIHOODS.items() if not cls.has_scale)
        + ") take no --sigma (default: %(default)s)",
    )
    for key, defaults in likelihood_options().items():
        g.add_argument(
            f"--likelihood-{key.replace('_', '-')}",
            dest=f"likelihood_{key}",
            type=float,
            metavar=key.upper(),
            help="; ".join(
                f"--likelihood {name}: its parameter {key} (default {default})"
                for name, default in defaults.items()
            ),
        )
    return p


def prior_parser(required=True, lam_methods=()):
    """``--prior``, ``--scale``, ``--lam``, family options, ``--sigma``...;
    with ``lam_methods``, ``--lam`` also takes those method names (lam
    chosen from the data, :mod:`bayesreg.cli.select`)."""
    from ..priors import REGISTRY

    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("prior and noise")
    g.add_argument(
        "--prior",
        choices=list(REGISTRY),
        required=required,
        help="prior on each weight: "
        + "; ".join(f"{k}: {_summary(cls)}" for k, cls in REGISTRY.items()),
    )
    g.add_argument(
        "--scale",
        type=float,
        metavar="S",
        help="prior scale (gaussian: sd tau; laplace/elasticnet: L1 scale b; "
        "otherwise the family's scale parameter)",
    )
    lam_help = (
        "penalty instead of a scale: 1/2||y - Xw||^2 + L * pen(w), "
        "pen = 1/2||w||^2 (gaussian), ||w||_1 (laplace); families with a "
        "penalty form only"
    )
    if lam_methods:
        from .select import lam_type

        lam_help += f"; or {'|'.join(lam_methods)}: chosen from the data"
    g.add_argument(
        "--lam",
        type=lam_type(lam_methods) if lam_methods else float,
        metavar="L",
        help=lam_help,
    )
    for key, text in family_options().items():
        g.add_argument(
            "--" + key.replace("_", "-"),
            type=float,
            metavar=key.split("_")[-1].upper(),
            help=text,
        )
    relative = [k for k, cls in REGISTRY.items() if cls.relative]
    g.add_argument(
        "--relative",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the prior scale is relative to sigma: w_j | sigma has scale "
        "sigma * S (Park & Casella); implied by --lam with --sigma-prior "
        f"(default: relative for {', '.join(relative) or 'no family'}, "
        "absolute for the others)",
    )
    g.add_argument(
        "--sigma",
        type=float,
        metavar="S",
        help="fixed noise standard deviation (default: the least-squares "
        "residual sd of the data, or the sd of y when n <= p + 1; printed); "
        "not for a --likelihood without a noise scale",
    )
    g.add_argument(
        "--standardize",
        action="store_true",
        help="put the prior on the coefficients of the columns divided by their "
        "sd (as scikit-learn's StandardScaler); coefficients are reported in the "
        "original units",
    )
    return p


def sampling_parser():
    from ..posterior.samplers import REGISTRY, default_sampler

    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("posterior sampling")
    kinds = []
    for method in methods()[1:]:
        samplers = [s for s in REGISTRY.values() if s.method == method]
        names = ", ".join(
            s.name
            + (f": a {' and '.join(sorted(s.requires))} prior" * bool(s.requires))
            for s in samplers
        )
        kinds.append(f"{method}: {samplers[0].describe()} (--sampler {names})")
    g.add_argument(
        "--method",
        choices=methods(),
        default="map",
        help="map: MAP estimate (scipy); " + "; ".join(kinds),
    )
    g.add_argument(
        "--sampler",
        choices=list(REGISTRY),
        help="the sampler of --method (default: "
        + ", ".join(f"{default_sampler(m)} for {m}" for m in methods()[1:])
        + ")",
    )
    g.add_argument("--draws", type=int, default=1000, help="draws per chain")
    g.add_argument("--tune", type=int, default=1000, help="warm-up steps per chain")
    g.add_argument("--chains", type=int, default=4, help="number of chains")
    g.add_argument("--seed", type=int, default=None, help="random seed (int >= 0)")
    return p
