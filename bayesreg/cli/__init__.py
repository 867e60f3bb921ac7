"""The ``bayesreg`` command: fit, compare, path and report from the shell.

``bayesreg fit`` also fits data larger than memory: given several files (or a
glob), ``--chunksize`` or ``--dask-scheduler`` it reads the files chunk by
chunk (or on a Dask cluster) into :class:`~bayesreg.data.SufficientStats` and
fits from those; the other commands read one file into memory.

Exit codes: 0 success; 1 ``compare`` found a disagreement, or the run failed;
2 bad input (a missing file or column, a bad value): one line on stderr, no
traceback unless ``--debug``.

Layout: :mod:`.app` (the parser, :func:`main`, exit codes), one module per
subcommand (:mod:`.fit`, :mod:`.compare`, :mod:`.path`, :mod:`.report`) and
the shared parts: :mod:`.parsers` (option groups), :mod:`.loading` (data),
:mod:`.model` (option checks, noise scale, prior and sampler from the
registries), :mod:`.outputs` (printing, ``--out``) and :mod:`.signals`.
Nothing below the command line imports it.
"""

from .app import build_parser, main

__all__ = ["build_parser", "main"]
