"""Loading what the police bring: Excel and CSV, encodings, headers, names, and every problem."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import loader, records

ANTT = str(Path(sys.executable).parent / "antt")


def run(*args):
    return subprocess.run([ANTT, *args], capture_output=True, text=True)


ROWS = [  # Tuyên Quang, 2025: a xã by name without diacritics and prefix, a code without its zeros
    {"Mã xã": "", "Tên xã": "hung loi", "Huyện": "Yên Sơn", "Năm": "2025", "Đạt 19.2": "Đạt", "Số vụ phạm tội về TTXH": "2"},
    {"Mã xã": "2233", "Tên xã": "", "Huyện": "", "Năm": "2025", "Đạt 19.2": "Không đạt", "Số vụ phạm tội về TTXH": "0"},
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_in_every_common_encoding(tmp_path, encoding):
    path = tmp_path / "data.csv"
    text = pd.DataFrame(ROWS).to_csv(index=False, sep=";" if encoding == "cp1258" else ",")
    if encoding == "cp1258":
        text = _windows_1258(text)
    path.write_bytes(text.encode(encoding))
    ds = loader.load_file(path, "tuyen-quang", complete=False)
    got = ds.communes.set_index("commune_code")
    assert list(got.index) == ["02455", "02233"]  # Xã Hùng Lợi found by its name
    assert bool(got.loc["02455", "basic_19_2"]) is True and bool(got.loc["02233", "basic_19_2"]) is False
    assert int(got.loc["02455", "crime_cases"]) == 2


def _windows_1258(text: str) -> str:
    """Vietnamese as Windows-1258 writes it: letters with â ê ô ă ơ ư precomposed, tone marks apart."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out)


def _problems(tmp_path, rows, province="tuyen-quang", complete=False, name="seeded.csv"):
    path = tmp_path / name
    pd.DataFrame(rows).to_csv(path, index=False)
    with pytest.raises(records.DataError) as err:
        loader.load_file(path, province, complete=complete)
    return [str(p) for p in err.value.problems]


def test_every_kind_of_problem_is_listed_with_its_row(tmp_path):
    rows = [
        {"Mã xã": "99999", "Năm": 2025},  # row 2: unknown commune
        {"Mã xã": "23560", "Năm": 2025},  # row 3: commune of another province (Gia Lai)
        {"Mã xã": "02233", "Năm": 2025},  # row 4
        {"Mã xã": "02233", "Năm": 2025},  # row 5: duplicate commune-year
        {"Mã xã": "02236", "Năm": 2025, "Số vụ phạm tội về TTXH": "-3"},  # row 6: impossible value
        {"Mã xã": "02239", "Năm": 2025, "Không có khiếu kiện đông người kéo dài": "Không đạt", "Đạt 19.2": "Đạt"},  # row 7
        {"Mã xã": "02200", "Năm": 2025, "Đạt 19.2": "Đạt"},  # row 8: a phường given a verdict
        {"Tên xã": "Xã Không Có", "Năm": 2025},  # row 9: unknown name
        {"Mã xã": "02242", "Năm": "hai nghìn"},  # row 10: bad year
    ]
    text = "\n".join(_problems(tmp_path, rows))
    for needle in ["row 2, column Mã xã: value '99999': unknown code",
                   "row 3, column Mã xã: value '23560': unit of another province (Tỉnh Gia Lai)",
                   "row 5, column Năm: value '2025': commune 02233 already has a row for this year",
                   "row 6, column Số vụ phạm tội về TTXH: value '-3': case count must be a whole number",
                   "row 7, column Đạt 19.2: value 'Đạt': verdict contradicts the sub-conditions",
                   "row 8, column Đạt 19.2: value 'True': the commune NTM criteria do not apply to a Phường",
                   "row 9, column Tên xã: value 'Xã Không Có': unknown name",
                   "row 10, column Năm: value 'hai nghìn': not a valid year"]:
        assert needle in text, needle
    assert "không thuộc Tỉnh Tuyên Quang" in text and "trái với các điều kiện thành phần" in text


@pytest.mark.parametrize("content,expected", [(None, "file not found"), (b"\x00\x01\x02" * 100, "binary content"),
                                              (b"PK\x03\x04 broken", "not a readable Excel workbook")])
def test_unreadable_file_exits_2_with_one_line(tmp_path, content, expected):
    path = tmp_path / ("x.xlsx" if content and content.startswith(b"PK") else "x.csv")
    if content is not None:
        path.write_bytes(content)
    r = run("validate", str(path))
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and expected in r.stderr


def test_validate_exit_codes_and_nothing_written(tmp_path):
    bad = tmp_path / "bad.csv"
    pd.DataFrame([{"Mã xã": "99999", "Năm": 2025}]).to_csv(bad, index=False)
    before = sorted(p.name for p in tmp_path.iterdir())
    r = run("validate", str(bad), "--province", "tuyen-quang")
    assert r.returncode == 1 and "row 2, column Mã xã: value '99999'" in r.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def _fill_from_demo(path: Path, years: list[int]) -> None:
    """Fill a template with the demo values, as an analyst would, cell by cell."""
    import openpyxl

    from helpers.paths import DEMO_DIR

    demo = loader.read_folder(DEMO_DIR)
    rec = demo.communes.set_index(["commune_code", "year"])
    drec = demo.districts.set_index(["district_code", "year"])
    wb = openpyxl.load_workbook(path)
    for sheet, frame, labels in (("Xã", rec, records.headers("commune")), ("Huyện", drec, records.headers("district"))):
        ws = wb[sheet]
        head = [c.value for c in ws[1]]
        col_of = {name: head.index(vi) + 1 for name, vi in labels.items() if vi in head}
        for r in range(2, ws.max_row + 1):
            key = (str(ws.cell(r, 1).value), int(ws.cell(r, col_of["year"]).value))
            if key not in frame.index:
                continue
            row = frame.loc[key]
            for name, col in col_of.items():
                if name in ("commune_code", "district_code", "year"):
                    continue
                v = row.get(name)
                if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
                    continue
                if isinstance(v, (bool,)) or str(v) in ("True", "False"):
                    v = records.TRUE_TEXT if bool(v) else records.FALSE_TEXT
                elif name == records.NTM_STATUS:
                    v = records.NTM_STATUS_LABELS[v]
                elif name == records.CRIME:
                    v = int(v)
                ws.cell(r, col).value = v
    wb.save(path)


def test_filled_template_round_trips(tmp_path):
    path = tmp_path / "tq.xlsx"
    r = run("template", "--province", "tuyen-quang", "--year", "2024", "--year", "2025", "--out", str(path))
    assert r.returncode == 0, r.stderr
    _fill_from_demo(path, [2024, 2025])
    r = run("validate", str(path))
    assert r.returncode == 0, r.stdout
    ds = loader.load_file(path)
    demo = loader.read_folder(None)
    got = ds.communes.sort_values(["commune_code", "year"]).reset_index(drop=True)
    want = demo.communes[demo.communes["commune_code"].isin(set(got["commune_code"])) &
                         demo.communes["year"].isin([2024, 2025])].sort_values(["commune_code", "year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got.drop(columns=["note"]), want.drop(columns=["note"]), check_dtype=False)
    assert len(ds.districts) == 14


def test_a_hidden_sheet_is_not_read_and_said_so(tmp_path):
    """A filled template with a hidden copy of its commune sheet (old figures kept out of sight):
    only what the user sees is read, and a located warning names the hidden sheet."""
    import openpyxl

    path = tmp_path / "tq.xlsx"
    assert run("template", "--province", "tuyen-quang", "--year", "2025", "--out", str(path)).returncode == 0
    _fill_from_demo(path, [2025])
    wb = openpyxl.load_workbook(path)
    old = wb.copy_worksheet(wb["Xã"])
    old.title = "Xã (cũ)"
    old.sheet_state = "hidden"
    wb.save(path)
    ds = loader.load_file(path)
    assert len(ds.communes) == 137 and ds.communes["commune_code"].is_unique  # the units of Tuyên Quang, once
    hidden = [w for w in ds.warnings if w.sheet == "Xã (cũ)"]
    assert len(hidden) == 1 and "a hidden sheet holding a commune table: not read" in str(hidden[0])
    r = run("validate", str(path))
    assert r.returncode == 0 and "sheet Xã (cũ): warning / cảnh báo: a hidden sheet" in r.stdout and \
        "trang tính bị ẩn" in r.stdout


@pytest.mark.parametrize("damage", ["sheet", "bytes"])
def test_a_damaged_workbook_is_said_so_in_validate_and_build(tmp_path, damage):
    """A stream of the workbook cut short (a sheet's XML), or bytes flipped inside the archive:
    one clear line, no 'unexpected error', the same in validate and build."""
    import zipfile

    good = tmp_path / "good.xlsx"
    assert run("template", "--province", "tuyen-quang", "--year", "2026", "--out", str(good)).returncode == 0
    bad = tmp_path / "bad.xlsx"
    if damage == "sheet":
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as z:
            for n in src.namelist():
                data = src.read(n)
                z.writestr(n, data[:len(data) // 2] if n == "xl/worksheets/sheet2.xml" else data)
        expected = f"{bad}: sheet Xã: the workbook is damaged"
    else:
        data = bytearray(good.read_bytes())
        for i in range(len(data) // 2, len(data) // 2 + 200):
            data[i] ^= 0x55
        bad.write_bytes(bytes(data))
        expected = f"{bad}: not a readable Excel workbook"
    for args in (("validate", str(bad)), ("build", "--data", str(bad), "--province", "tuyen-quang", "--year", "2026",
                                          "--out", str(tmp_path / "out"))):
        r = run(*args)
        lines = [ln for ln in r.stderr.strip().splitlines() if not ln.startswith("antt build: ")]
        assert r.returncode == 2 and len(lines) == 1 and expected in lines[0], r.stderr
        assert "unexpected error" not in r.stderr and "bị hỏng" in r.stderr
    assert not (tmp_path / "out" / "reports").exists()


def test_the_template_s_instructions_saved_as_csv_are_told_apart(tmp_path):
    """LibreOffice's plain "Save as CSV" of the template keeps its first sheet, the instructions:
    the user is told what happened and what to do, not "no commune table found"."""
    import csv

    import openpyxl

    book = tmp_path / "tq.xlsx"
    assert run("template", "--province", "tuyen-quang", "--year", "2026", "--out", str(book)).returncode == 0
    ws = openpyxl.load_workbook(book).worksheets[0]
    saved = tmp_path / "tq.csv"
    with saved.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)])
    r = run("validate", str(saved))
    assert r.returncode == 1
    assert f"{saved}, row 1: this CSV holds the template's instructions sheet (Hướng dẫn)" in r.stdout
    assert "select the sheet Xã" in r.stdout and "no commune table found" not in r.stdout
    r = run("build", "--data", str(saved), "--province", "tuyen-quang", "--year", "2026", "--out", str(tmp_path / "o"))
    assert r.returncode != 0 and "instructions sheet" in r.stderr


