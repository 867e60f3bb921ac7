"""The ``bayesreg`` parser and :func:`main`: signals, warnings and exit codes."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import warnings

from .._validation import InputError
from . import compare, fit, path, report, sbc
from .parsers import common_parser
from .signals import SIGNALS, on_signal

__all__ = ["build_parser", "main"]

#: The subcommands, in the order of ``bayesreg --help``.
COMMANDS = (fit, compare, path, report, sbc)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``bayesreg`` command."""
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="bayesreg",
        description="Bayesian regularized regression: priors as penalties, exact "
        "MAP estimates checked against scikit-learn, full posteriors.",
        epilog="Exit codes: 0 success, 1 disagreement or failed run, 2 bad input. "
        "Run 'bayesreg COMMAND --help' for the options of a command.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = common_parser()
    for command in COMMANDS:
        command.add_parser(sub, common)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """Warnings as one line, ``bayesreg: warning: ...`` (no source lines)."""
    text = " ".join(str(message).split())
    print(f"bayesreg: {category.__name__}: {text}", file=sys.stderr)


def main(argv=None) -> int:
    """Run the ``bayesreg`` command; return its exit code.

    SIGINT and SIGTERM end the run with exit code 130 and 143 (128 + the
    signal), remove what it staged and leave earlier output as it was; a
    closed standard output (``| head``) ends it quietly with 141 (SIGPIPE).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    # pip's PyTensor cannot find a BLAS; the default sampler (nutpie) needs none
    warnings.filterwarnings("ignore", message="PyTensor could not link to a BLAS")
    if not args.debug:
        warnings.showwarning = _show_warning
    SIGNALS.clear()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, on_signal)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except InputError as err:
        if args.debug:
            raise
        print(f"bayesreg {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:
        signum = getattr(err, "signum", signal.SIGINT)
        what = "terminated (SIGTERM)" if signum == signal.SIGTERM else "interrupted"
        print(f"bayesreg {args.command}: {what}", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:
        # the reader of stdout went away (e.g. | head): stop quietly, as Unix
        # tools do, and keep Python from complaining when it flushes stdout
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except Exception as err:
        if args.debug:
            raise
        text = str(err).strip().splitlines()[0] if str(err).strip() else ""
        print(
            f"bayesreg {args.command}: error: {type(err).__name__}: {text} "
            "(run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
