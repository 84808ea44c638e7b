"""Tables written for spreadsheets (CSV downloads, Excel files): raw values, and text that a
spreadsheet cannot mistake for a formula.

Excel, LibreOffice and Google Sheets evaluate a cell that starts with `=`, `+`, `-` or `@` (and,
in some versions, a tab or a carriage return) as a formula, so a note such as
`=cmd|' /C calc'!A0` in the data would run when a download is opened. Every text cell that
starts so is prefixed with an apostrophe, the spreadsheets' own "this is text" mark; numbers
stay numbers (a negative number is not text and is left alone).
"""

from __future__ import annotations

import numbers

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads the diacritics), CRLF line ends, raw
    values (counts and shares as numbers with a decimal point), formula-safe text."""
    safe = safe_frame(df)
    for col in safe.columns:
        if pd.api.types.is_bool_dtype(safe[col]):
            safe[col] = safe[col].astype("boolean")
    return ("\ufeff" + safe.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def is_number(value) -> bool:
    """A real number (not a boolean) that a table shows right-aligned."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not pd.isna(value)


def append_row(ws, values: list) -> None:
    """Append a row to an openpyxl worksheet, text always stored as text: openpyxl would store a
    string starting with '=' as a formula, which Excel then evaluates."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            cell.data_type = "s"
