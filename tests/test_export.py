"""The analyst's frames written for spreadsheets: lists as text a spreadsheet reads, no formula,
one piece."""

import openpyxl
import pandas as pd

from helpers import export, workbook


def test_to_excel_writes_lists_as_text_and_keeps_numbers_and_yes_no(tmp_path):
    near = workbook.load("tuyen-quang", 2025).closest("advanced")
    path = export.to_excel(near, tmp_path / "gần đạt.xlsx")
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == tuple(near.columns) and len(rows) == len(near) + 1
    failing = [r[rows[0].index("failing")] for r in rows[1:]]
    assert all(isinstance(f, str) and "[" not in f for f in failing)  # not Python's "['a', 'b']"
    many = near[near["failing"].map(len) > 1]
    if len(many):
        i = near.index.get_loc(many.index[0]) + 1
        assert rows[i][rows[0].index("failing")] == "; ".join(many["failing"].iloc[0])
    assert isinstance(rows[1][rows[0].index("n_failing")], int)
    assert rows[1][rows[0].index("status")] in ("basic", "not_attained")  # the category as its text
    assert not list(tmp_path.glob("*.tmp"))


def test_to_excel_leaves_missing_cells_empty_and_the_geometry_out(tmp_path):
    geo = workbook.load("gia-lai", 2026).geometry()
    path = export.to_excel(geo, tmp_path / "xa.xlsx")
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert "geometry" not in rows[0] and len(rows) == len(geo) + 1
    values = [v for r in rows[1:] for v in r]
    assert not any(isinstance(v, str) and v.lower() in ("nan", "<na>", "none") for v in values)


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    df = pd.DataFrame({"note": ["=1+1", "bình thường"], "failing": [["a", "b"], []], "n": pd.array([1, None], "Int64")})
    rows = list(openpyxl.load_workbook(export.to_excel(df, tmp_path / "x.xlsx")).active.iter_rows(values_only=True))
    assert rows[1] == ("'=1+1", "a; b", 1) and rows[2] == ("bình thường", None, None)
    text = (export.to_csv(df, tmp_path / "x.csv")).read_text(encoding="utf-8-sig")
    assert "'=1+1;\"a; b\";1" in text and "[" not in text  # quoted: ';' separates the cells
