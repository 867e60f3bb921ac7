"""What the command prints (results on stdout, status on stderr) and ``--out``."""

from __future__ import annotations

import contextlib
import sys

__all__ = ["one_line", "output_dir", "print_table", "say", "std"]


def say(args, text):
    """A status line on stderr (kept off stdout, which holds the results)."""
    if not getattr(args, "quiet", False):
        print(f"bayesreg: {text}", file=sys.stderr)


def one_line(err) -> str:
    """The first line of an exception's message (its type if it has none)."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def output_dir(args):
    """The OutputDir of ``--out`` entered before any work (so an unwritable
    directory fails at once), or a do-nothing context without ``--out``."""
    if getattr(args, "out", None) is None:
        return contextlib.nullcontext()
    from ..io import OutputDir

    last = "report.html" if args.command == "report" else None
    return OutputDir(args.out, last=last)


def std(args):
    """``standardize=`` for the library calls, only when asked for."""
    return {"standardize": True} if getattr(args, "standardize", False) else {}


def print_table(table):
    import pandas as pd

    with pd.option_context("display.float_format", _significant, "display.width", 160):
        print(table.to_string())


def _significant(value) -> str:
    """A number to 6 significant digits (0 for -0)."""
    return f"{value + 0.0:.6g}"
