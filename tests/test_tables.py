"""Raw tables from the files analysts bring, CSV or Excel: the header row found under a title,
every row numbered as the user sees it (blank rows never shift a number), Excel number formats
kept, formulas without a stored result and cells beyond the header reported, and files that
cannot be read refused with the reason."""

import unicodedata

import openpyxl
import pytest

from helpers import tables
from helpers.cells import Cell

HEADERS = {"year", "năm", "commune_code", "mã xã", "crime_cases", "số vụ", "note", "ghi chú", "safe_residential_share"}


def is_header(text: str) -> bool:
    return text.strip().lower() in HEADERS


def _csv(tmp_path, text: str, name: str = "so-lieu.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _bytes(path, data: bytes):
    path.write_bytes(data)
    return path


def _values(table) -> list[tuple[int, list]]:
    return [(no, [c.value for c in cells]) for no, cells in table.rows]


def test_a_csv_header_under_a_title_and_rows_numbered_as_a_text_editor_shows_them(tmp_path):
    path = _csv(tmp_path, "Báo cáo năm 2025\n\nyear,commune_code,crime_cases\n2025,02233,3\n\n,,\n2025,02236,1\n")
    (table,) = tables.read(path, is_header)
    assert (table.file, table.sheet, table.header_row, table.hidden) == (str(path), None, 3, False)
    assert table.columns == ["year", "commune_code", "crime_cases"]
    assert _values(table) == [(4, ["2025", "02233", "3"]), (7, ["2025", "02236", "1"])]
    assert table.issues == []


def test_a_cell_over_several_lines_does_not_shift_the_next_rows_number(tmp_path):
    path = _csv(tmp_path, 'year,commune_code,note\n2025,02233,"dòng một\ndòng hai\ndòng ba"\n2025,02236,\n')
    (table,) = tables.read(path, is_header)
    assert _values(table) == [(2, ["2025", "02233", "dòng một\ndòng hai\ndòng ba"]), (5, ["2025", "02236", ""])]


@pytest.mark.parametrize("text", [
    "year;commune_code;crime_cases;note\n2025;02233;1,5;a, b\n2025;02236;2;\n",  # Excel in Vietnamese
    "year\tcommune_code\tcrime_cases\tnote\n2025\t02233\t1,5\ta, b\n2025\t02236\t2\t\n",
    'year,commune_code,crime_cases,note\n2025,02233,"1,5","a, b"\n2025,02236,2,\n',
])
def test_the_separator_is_found_and_a_decimal_comma_stays_in_its_cell(tmp_path, text):
    (table,) = tables.read(_csv(tmp_path, text), is_header)
    assert table.columns == ["year", "commune_code", "crime_cases", "note"]
    assert _values(table) == [(2, ["2025", "02233", "1,5", "a, b"]), (3, ["2025", "02236", "2", ""])]


@pytest.mark.parametrize("encoding,name", [("utf-8-sig", "bom.csv"), ("utf-16", "unicode.txt"),
                                           ("utf-16-le", "unicode.tsv"), ("cp1258", "windows.csv")])
def test_the_encodings_vietnamese_offices_save_in_read_the_same(tmp_path, encoding, name):
    text = "mã xã\tghi chú\n02233\tXã Kim Bình: Đạt\n"
    if encoding == "cp1258":  # Windows-1258 writes tone marks apart
        text = unicodedata.normalize("NFD", text)
    (table,) = tables.read(_csv(tmp_path, text, name, encoding), is_header)
    assert table.columns == ["mã xã", "ghi chú"]  # no byte-order mark in the first header
    assert _values(table) == [(2, ["02233", "Xã Kim Bình: Đạt"])]
    assert unicodedata.is_normalized("NFC", table.rows[0][1][1].value)


def test_a_short_row_is_padded_and_a_long_one_reported_where_the_value_is(tmp_path):
    path = _csv(tmp_path, "year,commune_code,crime_cases\n2025,02233\n2025,02236,1,,\n2025,02239,2,,x\n")
    (table,) = tables.read(path, is_header)
    assert _values(table) == [(2, ["2025", "02233", None]), (3, ["2025", "02236", "1"]),
                              (4, ["2025", "02239", "2"])]
    (issue,) = table.issues  # blank cells past the header are no problem
    assert (issue.row, issue.index, issue.value, issue.column) == (4, 4, "x", "ô thứ 5")
    assert "more cells (5) than the header (3)" in issue.reason_en and issue.reason_vi


def test_a_blank_header_cell_gets_a_placeholder_name(tmp_path):
    (table,) = tables.read(_csv(tmp_path, "year,,commune_code\n2025,ghi,02233\n"), is_header)
    assert table.columns == ["year", "_1", "commune_code"]


def test_a_row_with_only_one_known_header_is_not_the_header(tmp_path):
    path = _csv(tmp_path, "year,Tỉnh Tuyên Quang\nyear,commune_code\n2025,02233\n")
    (table,) = tables.read(path, is_header)
    assert table.header_row == 2 and _values(table) == [(3, ["2025", "02233"])]


def test_a_file_without_a_header_in_its_first_rows_has_no_table(tmp_path):
    lines = [f"dòng {i},ghi chú" for i in range(tables.HEADER_SCAN)]
    assert tables.read(_csv(tmp_path, "\n".join([*lines, "year,commune_code", "2025,02233"]) + "\n"), is_header) == []
    assert tables.read(_csv(tmp_path, "a,b\n1,2\n", "other.csv"), is_header) == []


def test_upper_case_suffixes_and_text_exports_are_read(tmp_path):
    for name in ("SO-LIEU.CSV", "so-lieu.txt", "so-lieu.tsv"):
        (table,) = tables.read(_csv(tmp_path, "year,commune_code\n2025,02233\n", name), is_header)
        assert table.columns == ["year", "commune_code"]


@pytest.mark.parametrize("make,message", [
    (lambda p: p / "none.csv", "file not found"),
    (lambda p: p, "is a folder"),
    (lambda p: _csv(p, "year,commune_code\n", "so-lieu.json"), "unsupported file type '.json'"),
    (lambda p: _csv(p, "", "empty.csv"), "the file is empty"),
    (lambda p: _csv(p, " \n\n\t\n", "blank.csv"), "the file is empty"),
    (lambda p: _bytes(p / "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), "binary content"),
    (lambda p: _csv(p, 'year,note\n2025,"' + "x" * 200_000 + '"\n', "huge.csv"), "not a well-formed CSV file"),
])
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(tables.UnreadableError, match=message) as err:
        tables.read(path, is_header)
    assert str(path) in str(err.value)


def _workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Số liệu 2025"
    ws.append(["BÁO CÁO KẾT QUẢ", "=1+1"])  # a formula above the header is not the table's
    ws.append([])
    ws.append(["year", "commune_code", "crime_cases", "safe_residential_share"])
    ws.append([2025, "02233", 3, 0.7])
    ws["D4"].number_format = "0%"
    ws.append([])
    ws.append([2025, "02236", "=SUM(1,2)", 0.5])
    notes = wb.create_sheet("Ghi chú")
    notes.append(["Sheet này không có bảng số liệu"])
    hidden = wb.create_sheet("Cũ")
    hidden.append(["năm", "mã xã"])
    hidden.append([2024, 2233])
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


def test_each_excel_sheet_with_a_header_is_a_table_with_excel_row_numbers(tmp_path):
    path = _workbook(tmp_path / "so-lieu.xlsx")
    data, old = tables.read(path, is_header)
    assert (data.sheet, data.header_row, data.hidden) == ("Số liệu 2025", 3, False)
    assert data.columns == ["year", "commune_code", "crime_cases", "safe_residential_share"]
    assert [no for no, _ in data.rows] == [4, 6]
    assert data.rows[0][1] == [Cell(2025, "General"), Cell("02233", "General"), Cell(3, "General"), Cell(0.7, "0%")]
    assert (old.sheet, old.hidden, _values(old)) == ("Cũ", True, [(2, [2024, 2233])])


def test_a_formula_without_a_stored_result_is_a_problem_not_an_empty_cell(tmp_path):
    data, _ = tables.read(_workbook(tmp_path / "so-lieu.xlsx"), is_header)
    assert data.rows[1][1][2].value is None
    (issue,) = data.issues
    assert (issue.row, issue.index, issue.column, issue.value) == (6, 2, "crime_cases", "=SUM(1,2)")
    assert "never saved by Excel" in issue.reason_en and "mở tệp bằng Excel" in issue.reason_vi


def test_an_upper_case_excel_suffix_and_a_macro_workbook_are_read(tmp_path):
    for name in ("SO-LIEU.XLSX", "so-lieu.xlsm"):
        wb = openpyxl.Workbook()
        wb.active.append(["year", "commune_code"])
        wb.active.append([2025, "02233"])
        wb.save(tmp_path / name)
        (table,) = tables.read(tmp_path / name, is_header)
        assert _values(table) == [(2, [2025, "02233"])]


@pytest.mark.parametrize("content,message", [
    (tables.OLE_MAGIC + b"\xa1\xb1\x1a\xe1" + b"\x00" * 504, "password-protected workbook or an old .xls"),
    (b"PK\x03\x04 truncated", "not a readable Excel workbook"),
    ("year,commune_code\n2025,02233\n".encode(), "not a readable Excel workbook"),  # a CSV named .xlsx
])
def test_a_protected_or_damaged_workbook_is_refused_with_what_to_do(tmp_path, content, message):
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(content)
    with pytest.raises(tables.UnreadableError, match=message) as err:
        tables.read(path, is_header)
    assert "Excel" in str(err.value) and str(path) in str(err.value)


def test_a_value_typed_beyond_the_titles_of_an_excel_sheet_is_reported_as_in_a_csv_file(tmp_path):
    """Excel pads every row to the sheet's width: a value in a column without a title was read as
    a column named '_4' and then dropped without a word."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["year", "commune_code", "crime_cases"])
    ws.append([2025, "02233", 3])
    ws.append([2025, "02236", 1, None, "quên cột"])
    wb.save(tmp_path / "so-lieu.xlsx")
    (table,) = tables.read(tmp_path / "so-lieu.xlsx", is_header)
    assert table.columns == ["year", "commune_code", "crime_cases"]
    (issue,) = table.issues
    assert (issue.row, issue.value, issue.column) == (3, "quên cột", "ô thứ 5")
    assert "more cells (5) than the header (3)" in issue.reason_en


def test_text_typed_on_a_mac_is_read_composed_from_excel_as_from_csv(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Nhóm 2")
    wb = openpyxl.Workbook()
    wb.active.append(["year", "commune_code", "note"])
    wb.active.append([2025, "02233", decomposed])
    wb.save(tmp_path / "so-lieu.xlsx")
    (table,) = tables.read(tmp_path / "so-lieu.xlsx", is_header)
    assert table.rows[0][1][2].value == "Nhóm 2" != decomposed
