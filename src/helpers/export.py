"""Tables written for spreadsheets (CSV downloads, Excel files): raw values, and text that a
spreadsheet cannot mistake for a formula.

Excel, LibreOffice and Google Sheets evaluate a cell that starts with `=`, `+`, `-` or `@` (and,
in some versions, a tab or a carriage return) as a formula, so a note such as
`=cmd|' /C calc'!A0` in the data would run when a download is opened. Every text cell that
starts so is prefixed with an apostrophe, the spreadsheets' own "this is text" mark; numbers
stay numbers (a negative number is not text and is left alone).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from . import atomic
from .formats import cell_text, default_format, is_number

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATOR = ";"  # Excel's list separator under Vietnamese settings (decimal comma)


def safe_cell(value):
    """A cell value that no spreadsheet evaluates: text starting like a formula gets a leading
    apostrophe; anything else is returned unchanged.

    >>> safe_cell("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> safe_cell(-4), safe_cell("Xã Hùng Lợi")
    (-4, 'Xã Hùng Lợi')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell (and header) made safe by `safe_cell`; numbers untouched."""
    out = df.copy()
    out.columns = [safe_cell(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: safe_cell(_plain_text(v)))
    return out


def _plain_text(value):
    """Lists (e.g. failing sub-conditions) as '; '-joined text; other values unchanged."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def csv_bytes(df: pd.DataFrame, formats: dict[str, str] | None = None) -> bytes:
    """The table as Excel with Vietnamese settings opens it as it is: UTF-8 with a byte-order
    mark (the diacritics), ';' between cells (the list separator when the decimal mark is a
    comma), CRLF line ends, and every value written as the page writes it (decimal comma, dot
    between thousands, shares rounded as shown, Đạt/Chưa đạt, a dash for a missing value), so
    a spreadsheet reads the numbers as numbers and the figures match the report. Text that a
    spreadsheet could take for a formula is stored as text. `formats` gives a column's format
    (formats.FORMATS); by default it follows the column's type."""
    formats = formats or {}
    columns = {}
    for c in df.columns:
        fmt = formats.get(c) or default_format(df[c])
        # a number stays a number (a negative one is no formula); any other text is made safe
        columns[safe_cell(str(c))] = [cell_text(v, fmt) if is_number(v) else safe_cell(cell_text(v, fmt))
                                      for v in df[c].array]
    shown = pd.DataFrame(columns, columns=list(columns))
    return ("\ufeff" + shown.to_csv(index=False, sep=CSV_SEPARATOR, lineterminator="\r\n")).encode("utf-8")


def append_row(ws, values: list) -> None:
    """Append a row to an openpyxl worksheet, text always stored as text: openpyxl would store a
    string starting with '=' as a formula, which Excel then evaluates."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            cell.data_type = "s"


def spreadsheet_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A frame of the analyst's API as a spreadsheet can read it: a list of ids as '; '-joined
    text (not Python's "['a', 'b']"), a category as its text, a missing value as an empty cell,
    text made safe by `safe_cell`; numbers and yes/no stay numbers and TRUE/FALSE. A
    GeoDataFrame's geometry is left out (a spreadsheet has no place for it)."""
    out = safe_frame(_as_text(df))
    return out.astype("object").where(out.notna(), None)


def _as_text(df: pd.DataFrame) -> pd.DataFrame:
    """The frame without its geometry, its lists joined and its categories as text."""
    out = pd.DataFrame(df.drop(columns=["geometry"], errors="ignore"))
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype("str")
        elif out[col].dtype == object and out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(_plain_text).astype("str")
    return out


def to_excel(df: pd.DataFrame, path: str | Path, sheet_name: str = "Bảng") -> Path:
    """Write a frame of the analyst's API to an Excel file as spreadsheet_frame makes it, in
    one piece (a reader never opens a half-written file).

    >>> from helpers import workbook, export                                      # doctest: +SKIP
    >>> export.to_excel(workbook.load("tuyen-quang", 2025).closest(), "gan-dat.xlsx")  # doctest: +SKIP
    """
    buffer = io.BytesIO()
    spreadsheet_frame(df).to_excel(buffer, sheet_name=sheet_name, index=False, engine="openpyxl")
    return atomic.write(Path(path), buffer.getvalue())


def to_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a frame of the analyst's API as a CSV file that Excel with Vietnamese settings opens
    as it is (csv_bytes: UTF-8 with a mark, ';' between cells, decimal comma), lists as text."""
    return atomic.write(Path(path), csv_bytes(_as_text(df)))
