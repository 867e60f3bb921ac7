"""Kept for compatibility: statistics of chunks, files and Dask collections.

They live in :mod:`bayesreg.data` now (``sufficient``, ``files``, ``dask``,
and the one table reader in ``tables``); this module re-exports the names it
had.
"""

from .data.dask import from_dask
from .data.dask import import_dask as _import_dask
from .data.files import from_files
from .data.sufficient import _pairwise_sum, from_chunks
from .data.tables import CSV_SUFFIXES, PARQUET_SUFFIXES

__all__ = [
    "CSV_SUFFIXES",
    "PARQUET_SUFFIXES",
    "_import_dask",
    "_pairwise_sum",
    "from_chunks",
    "from_dask",
    "from_files",
]
