"""Data in: input checks, sufficient statistics, standardization, tables, Dask.

==================  =========================================================
module              what
==================  =========================================================
``checks``          :func:`check_X_y` and the other input checks
``sufficient``      :class:`SufficientStats` (exact ``a + b``), chunks
``standardize``     :func:`standardize_columns`, :func:`unstandardize_coef`
``tables``          the one CSV/Parquet/glob reader (:func:`read_table`, ...)
``columns``         target and feature columns of a table
``files``           statistics of files read in chunks
``dask``            statistics computed by Dask
==================  =========================================================

Imports run one way: ``checks`` <- ``sufficient`` <- ``standardize``,
``dask`` <- ``files``; ``tables`` and ``columns`` need nothing else here.
Dask, pyarrow and scikit-learn are imported only when used.
"""

from .checks import (
    check_finite_products,
    check_n_samples,
    check_X_y,
    default_feature_names,
    feature_names_of,
    not_2d_message,
)
from .columns import column_listing, feature_columns, select_columns
from .dask import from_dask
from .files import from_files
from .standardize import standardize_columns, unstandardize_coef
from .sufficient import SufficientStats, from_chunks, is_stats_input
from .tables import (
    CSV_SUFFIXES,
    PARQUET_SUFFIXES,
    FileNotFoundInputError,
    chunked_format,
    expand_data_paths,
    read_chunks,
    read_table,
    table_columns,
    table_format,
)

__all__ = [
    "CSV_SUFFIXES",
    "PARQUET_SUFFIXES",
    "FileNotFoundInputError",
    "SufficientStats",
    "check_X_y",
    "check_finite_products",
    "check_n_samples",
    "chunked_format",
    "column_listing",
    "default_feature_names",
    "expand_data_paths",
    "feature_columns",
    "feature_names_of",
    "from_chunks",
    "from_dask",
    "from_files",
    "is_stats_input",
    "not_2d_message",
    "read_chunks",
    "read_table",
    "select_columns",
    "standardize_columns",
    "table_columns",
    "table_format",
    "unstandardize_coef",
]
