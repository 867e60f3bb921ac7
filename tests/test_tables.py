"""The one table reader: the command line's and from_files' messages are the same."""

import pandas as pd
import pytest

import bayesreg.io as bio
import bayesreg.stats as bstats
from bayesreg import data
from bayesreg._validation import InputError
from bayesreg.data import SufficientStats


def test_io_and_stats_re_export_the_data_functions():
    for name in ("read_table", "table_columns", "expand_data_paths", "select_columns",
                 "feature_columns", "column_listing"):  # fmt: skip
        assert getattr(bio, name) is getattr(data, name)
    for name in ("from_chunks", "from_files", "from_dask", "CSV_SUFFIXES"):
        assert getattr(bstats, name) is getattr(data, name)


def test_duplicated_column_names_refused_by_every_route(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("a,t,t\n1,2,3\n4,5,7\n")
    msg = r"'.*dup.csv' has duplicated column name\(s\) 't'"
    for read in (data.read_table, data.table_columns):
        with pytest.raises(InputError, match=msg):
            read(path)
    with pytest.raises(InputError, match=msg):
        SufficientStats.from_files(path, "t")


def test_missing_file_is_an_input_error_and_a_file_not_found_error(tmp_path):
    for call in (
        lambda: data.read_table(tmp_path / "nope.csv"),
        lambda: data.expand_data_paths([tmp_path / "nope.csv"]),
        lambda: SufficientStats.from_files(tmp_path / "nope.csv", "t"),
    ):
        with pytest.raises(InputError, match="nope.csv' does not exist") as info:
            call()
        assert isinstance(info.value, FileNotFoundError)
    with pytest.raises(FileNotFoundError, match="paths pattern .* matches no file"):
        SufficientStats.from_files(str(tmp_path / "*.csv"), "t")


def test_a_file_named_twice_is_refused(tmp_path):
    path = tmp_path / "d.csv"
    pd.DataFrame({"a": [1.0, 2.0], "t": [0.0, 1.0]}).to_csv(path, index=False)
    with pytest.raises(InputError, match="more than once"):
        SufficientStats.from_files([path, str(tmp_path / "*.csv")], "t")


def test_unreadable_files_name_the_file_and_the_format(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,t\n" + "1,2\n" * 30 + "1,2,3,4\n")
    with pytest.raises(InputError, match=r"cannot read '.*ragged.csv' as CSV"):
        data.read_table(path)
    fake = tmp_path / "fake.parquet"
    fake.write_text("a,t\n1,2\n")
    for call in (
        lambda: data.read_table(fake),
        lambda: SufficientStats.from_files(fake, "t"),
    ):
        with pytest.raises(InputError, match=r"cannot read '.*fake.parquet' as Parq"):
            call()


def test_feature_columns_messages(tmp_path):
    cols = ["a", "b", "t"]
    assert data.feature_columns(cols, "t", None, "src") == ["a", "b"]
    with pytest.raises(InputError, match="target column 'y' not found in src"):
        data.feature_columns(cols, "y", None, "src")
    with pytest.raises(InputError, match=r"feature column\(s\) 'z' not found"):
        data.feature_columns(cols, "t", ["a", "z"], "src")
    with pytest.raises(InputError, match="'a' more than once"):
        data.feature_columns(cols, "t", ["a", "a"], "src")
