"""The data model: a Dataset of records, the problems found in them, a folder's dataset.yaml."""

import pytest

from helpers import datasets, loader, records
from helpers.paths import DEMO_DIR


def test_a_report_of_a_year_reads_that_year_and_the_earlier_ones():
    demo = datasets.read(datasets.source(""))
    assert demo.years()[-1] == 2026 and demo.latest_year() == 2026
    y2024 = demo.until(2024)
    assert y2024.years() == [2019, 2022, 2023, 2024] and demo.until(2026) is demo
    assert not (y2024.districts["year"] > 2024).any()


def test_the_provenance_says_once_that_the_data_is_illustrative():
    demo = datasets.read(datasets.source(""))
    assert demo.provenance.startswith("Dữ liệu minh họa (giả lập). Số liệu giả lập")
    assert demo.provenance.count("minh họa") == 1


def test_a_problem_names_file_sheet_row_column_value_and_reason_errors_first():
    warning = records.Problem("a.xlsx", 7, "Mã xã", "", "thiếu", "missing", sheet="Xã", severity="warning")
    error = records.Problem("a.xlsx", 3, "Năm", "20255", "năm không hợp lệ", "not a year", sheet="Xã")
    assert str(error) == "a.xlsx, sheet Xã, row 3, column Năm: value '20255': not a year / năm không hợp lệ"
    exc = records.DataError([warning, error])
    assert exc.problems == [error, warning] and str(exc).startswith("1 problem(s) in the data:\na.xlsx, sheet Xã")


def test_the_units_a_record_names_follow_its_year():
    assert [records.vintage_of(y) for y in (2019, 2025, 2026, None)] == ["legacy", "legacy", "2025", "legacy"]


def test_a_misspelt_key_of_dataset_yaml_is_refused_naming_the_file(tmp_path):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(DEMO_DIR, folder)
    meta = folder / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("illustrative:", "ilustrative:"), encoding="utf-8")
    with pytest.raises(loader.UnreadableError, match=r"dataset.yaml: ilustrative \(line \d+\): Extra inputs"):
        loader.read(folder)
    meta.write_text("name: Số liệu\nillustrative: 'có'\n", encoding="utf-8")
    with pytest.raises(loader.UnreadableError, match="illustrative .*valid boolean"):
        loader.read(folder)
