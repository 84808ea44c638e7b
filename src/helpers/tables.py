"""Raw tables from the files analysts bring: each sheet of an Excel workbook, or a CSV file.

One reading path for both: a table is its header row and its rows, each row with the number
the user sees (the Excel row, or the line of a text editor), so blank rows never shift a
reported row. Excel cells keep their number format (a percentage cell holds a fraction), and a
formula without a stored result (a file written by a script, never opened and saved by Excel)
is a problem of its own rather than an empty cell.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .cells import Cell
from .textfile import NotText, decode

HEADER_SCAN = 20  # the header row is among the first rows of a sheet
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # a password-protected .xlsx, or an old .xls
SUFFIXES = {".xlsx": "excel", ".xlsm": "excel", ".csv": "csv", ".txt": "csv", ".tsv": "csv"}


class UnreadableError(ValueError):
    """A file that cannot be read at all (missing, not a table, unknown encoding, protected)."""


@dataclass(frozen=True)
class Issue:
    """A problem found while reading, before any value is parsed (a formula without its result,
    a row longer than the header): its row, the column's index in the row, the value, why."""

    row: int
    index: int | None
    value: str | None
    reason_vi: str
    reason_en: str
    column: str | None = None  # the column's header, once the header row is known


@dataclass
class RawTable:
    file: str
    sheet: str | None
    header_row: int
    columns: list[str]
    rows: list[tuple[int, list[Cell]]]  # (row number as the user sees it, cells)
    issues: list[Issue] = field(default_factory=list)
    hidden: bool = False  # a sheet hidden in Excel: what the user does not see is not read (the caller says so)


def read(path: Path, is_header: Callable[[str], bool]) -> list[RawTable]:
    """Every table of a file: each Excel sheet with a header row, or the CSV file. A header row
    is the first of the first HEADER_SCAN rows with two or more cells that `is_header`."""
    if not path.exists():
        raise UnreadableError(f"{path}: file not found")
    if path.is_dir():
        raise UnreadableError(f"{path}: is a folder, not a data file")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise UnreadableError(f"{path}: unsupported file type '{path.suffix}' (use .xlsx or .csv)")
    return _read_excel(path, is_header) if kind == "excel" else _read_csv(path, is_header)


def _header_index(rows: list[list[Cell]], is_header: Callable[[str], bool]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SCAN]):
        if sum(1 for c in row if not c.blank and is_header(str(c.value))) >= 2:
            return i
    return None


def _table(file: str, sheet: str | None, numbered: list[tuple[int, list[Cell]]], is_header,
           issues: list[Issue]) -> RawTable | None:
    at = _header_index([cells for _, cells in numbered], is_header)
    if at is None:
        return None
    header_no, head = numbered[at]
    # the header ends with its last title: Excel pads a row to the sheet's width, and a value typed
    # beyond the titles is reported as in a CSV file, not read as a column nobody named
    width = max((j + 1 for j, c in enumerate(head) if not c.blank), default=0)
    columns = [str(c.value).strip() if not c.blank else f"_{j}" for j, c in enumerate(head[:width])]
    rows = []
    for no, cells in numbered[at + 1:]:
        if all(c.blank for c in cells):
            continue  # a blank row: skipped, and the next row keeps its own number
        extra = [j for j in range(len(columns), len(cells)) if not cells[j].blank]
        if extra:
            issues.append(Issue(no, extra[0], str(cells[extra[0]].value), "dòng có nhiều ô hơn dòng tiêu đề",
                                f"the row has more cells ({len(cells)}) than the header ({len(columns)})"))
        rows.append((no, cells[:len(columns)] + [Cell(None)] * (len(columns) - len(cells))))
    named = [Issue(i.row, i.index, i.value, i.reason_vi, i.reason_en,
                   columns[i.index] if i.index is not None and i.index < len(columns) else f"ô thứ {i.index + 1}")
             for i in issues if i.row > header_no]
    return RawTable(file, sheet, header_no, columns, rows, named)


def _read_csv(path: Path, is_header) -> list[RawTable]:
    try:
        text = decode(path.read_bytes())
    except NotText as exc:
        hint = "not a text table (binary content); save it as .xlsx or .csv" if exc.binary else str(exc)
        raise UnreadableError(f"{path}: {hint}") from None
    if not text.strip():
        raise UnreadableError(f"{path}: the file is empty")
    try:
        sep = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        sep = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    numbered, line = [], 1
    try:
        for record in reader:
            numbered.append((line, [Cell(v) for v in record]))
            line = reader.line_num + 1  # a quoted cell may span lines: the next record starts after it
    except csv.Error as exc:
        raise UnreadableError(f"{path}: line {reader.line_num}: not a well-formed CSV file ({exc})") from None
    table = _table(str(path), None, numbered, is_header, [])
    return [table] if table else []


def _read_excel(path: Path, is_header) -> list[RawTable]:
    import openpyxl

    head = path.read_bytes()[:8]
    if head.startswith(OLE_MAGIC):
        raise UnreadableError(f"{path}: a password-protected workbook or an old .xls file; remove the password "
                              "or save it as .xlsx (Excel: File › Save As › Excel Workbook)")
    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, KeyError, OSError, ValueError, TypeError) as exc:
        raise UnreadableError(f"{path}: not a readable Excel workbook ({type(exc).__name__}: {exc}): damaged, or not an "
                              "Excel file; open it in Excel, which offers to repair it, and save it again / tệp "
                              "Excel bị hỏng hoặc không phải tệp Excel") from None
    tables = []
    try:
        for ws in values.worksheets:
            try:
                table = _sheet(path, ws, formulas[ws.title], is_header)
            except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, SyntaxError, ValueError) as exc:
                # a damaged stream inside the workbook (openpyxl reads each sheet's XML lazily); an
                # XML error is a SyntaxError
                raise UnreadableError(
                    f"{path}: sheet {ws.title}: the workbook is damaged ({type(exc).__name__}: {exc}); open it in "
                    "Excel, which offers to repair it, and save it again / tệp Excel bị hỏng: mở bằng Excel để "
                    "sửa rồi lưu lại") from None
            if table is not None:
                tables.append(table)
    finally:
        values.close()
        formulas.close()
    return tables


def _sheet(path: Path, ws, wf, is_header) -> RawTable | None:
    """One sheet's table (values from `ws`, formulas from `wf`), if it has a header row."""
    numbered, issues = [], []
    for row, frow in zip(ws.iter_rows(), wf.iter_rows(), strict=False):
        cells = []
        for j, (cell, fcell) in enumerate(zip(row, frow, strict=False)):
            value = getattr(cell, "value", None)
            if value is None and getattr(fcell, "data_type", None) == "f":
                issues.append(Issue(fcell.row, j, str(fcell.value),
                                    "ô có công thức nhưng chưa có giá trị (tệp chưa được mở và lưu bằng Excel): "
                                    "mở tệp bằng Excel, lưu lại rồi kiểm tra lại",
                                    "a formula without a stored result (the file was never saved by Excel): "
                                    "open it in Excel, save it, and check again"))
            if isinstance(value, str):  # as a text file's cells are (helpers.textfile): composed Unicode
                value = unicodedata.normalize("NFC", value)
            cells.append(Cell(value, getattr(cell, "number_format", "") or ""))
        number = next((c.row for c in row if getattr(c, "row", None)), None)
        if number is not None:
            numbered.append((number, cells))
    table = _table(str(path), ws.title, numbered, is_header, issues)
    if table is not None:
        table.hidden = ws.sheet_state != "visible"
    return table
