"""A table's columns: the headers recognised, each cell typed by its kind, every bad cell and doubled column reported."""

import pandas as pd
import pytest

from helpers import loader, records


def test_internal_names_work_as_headers(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("commune_code,year,basic_19_2\n2233,2025,true\n", encoding="utf-8")
    ds = loader.load_file(path, "tuyen-quang", complete=False)
    assert ds.communes["commune_code"].tolist() == ["02233"]


def test_repeated_cells_are_parsed_once_yet_every_bad_one_is_reported(tmp_path):
    """Each distinct cell of a column is parsed once (a national file repeats them), by value and
    type: an Excel checkbox (TRUE) in the count column is refused although TRUE == 1 in Python,
    and a bad value repeated on two rows is reported on both."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã xã", "Năm", "Số vụ phạm tội về TTXH"])
    for code, count in (("02233", 1), ("02236", True), ("02239", 1), ("02242", "-3"), ("02245", "-3")):
        ws.append([code, 2025, count])
    wb.save(tmp_path / "counts.xlsx")
    with pytest.raises(records.DataError) as err:
        loader.load_file(tmp_path / "counts.xlsx", "tuyen-quang")
    bad = sorted((p.row, p.value) for p in err.value.problems if p.column == "Số vụ phạm tội về TTXH")
    assert bad == [(3, "True"), (5, "-3"), (6, "-3")]


def test_a_second_column_for_the_same_item_is_reported_not_ignored(tmp_path):
    """Two code columns (or two crime columns) cannot both be right: the second is an error,
    located by its letter; a second note column only a warning."""
    demo = pd.read_csv(loader.DEMO_DIR / "communes.csv", dtype=str, keep_default_na=False)
    rows = demo[(demo["year"] == "2025") & demo["commune_code"].isin(
        set(loader.gazetteer.communes("tuyen-quang")["code"]))].head(3)
    frame = pd.DataFrame({"Mã xã": rows["commune_code"].to_list(), "Năm": rows["year"].to_list(),
                          "Số vụ phạm tội về TTXH": rows["crime_cases"].to_list()})
    frame.insert(1, "Mã xã ", ["99999", "99998", "99997"])  # the same header, as a pasted column brings it
    path = tmp_path / "x.xlsx"
    frame.to_excel(path, index=False, sheet_name="Xã")
    problems = loader.validate(path, "tuyen-quang")
    twice = [p for p in problems if "a second column" in p.reason_en]
    assert len(twice) == 1 and twice[0].severity == "error" and twice[0].column == "Mã xã (B)"
    assert "a second column for what column Mã xã (A) gives: keep one of them" in str(twice[0])
    csv_path = tmp_path / "x.csv"
    frame.rename(columns={"Mã xã ": "Ghi chú"}).assign(**{"Ghi chú ": "x"}).to_csv(csv_path, index=False)
    notes = [p for p in loader.validate(csv_path, "tuyen-quang") if "a second column" in p.reason_en]
    assert len(notes) == 1 and notes[0].severity == "warning" and notes[0].column == "Ghi chú (5)"
