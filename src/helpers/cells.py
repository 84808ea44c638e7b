"""One cell of an attainment table, read exactly or refused: the parsers of every kind of column.

A parser takes the raw cell (text from a CSV file; a number, text, boolean or date from Excel,
with the cell's number format) and returns the typed value, None for an empty cell, or raises
CellError with the reason in Vietnamese and English. Nothing is guessed: a value that could be
read two ways is refused.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import formats
from .names import fold


class CellError(ValueError):
    """A cell that cannot be read as its column requires."""

    def __init__(self, reason_vi: str, reason_en: str):
        self.reason_vi, self.reason_en = reason_vi, reason_en
        super().__init__(reason_en)


class Cell(NamedTuple):
    """A raw cell: its value, and for Excel its number format (e.g. '0%'). A named tuple, not a
    frozen dataclass: a national file makes a million of them, and a tuple is made 5x faster."""

    value: object
    number_format: str = ""

    @property
    def blank(self) -> bool:
        v = self.value
        if type(v) is str:  # every cell of a CSV file: the quick way
            return not v.strip()
        return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == ""


MAX_COUNT = 1_000_000  # a commune's yearly count of cases cannot be larger
_TRUE = {"true", "1", "yes", "y", "dat", "co", "x", "t", "v"}
_FALSE = {"false", "0", "no", "n", "khong dat", "chua dat", "khong", "f"}
_INT = re.compile(r"[+]?\d+")
_WHOLE_YEAR = re.compile(r"^(\d{4})[.,]0+$")
_GROUPED = re.compile(r"\d{1,3}(?:([.,\u00a0 ])\d{3})(?:\1\d{3})*")  # 1.000 / 1,000 / 1 000 000
_DECIMAL = re.compile(r"[+-]?(\d+([.,]\d+)?|[.,]\d+)")


def _number_text(text: str) -> str:
    return text.strip().replace("\u2009", " ")


def parse_bool(cell: Cell) -> bool | None:
    """A verdict or sub-condition: Đạt / Không đạt (also true/false, 1/0, x, có/không).

    >>> parse_bool(Cell("Đạt")), parse_bool(Cell("không đạt")), parse_bool(Cell(1.0)), parse_bool(Cell(""))
    (True, False, True, None)
    """
    if cell.blank:
        return None
    v = cell.value
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        if v in (0, 1):
            return bool(v)
        raise CellError("giá trị phải là Đạt hoặc Không đạt", "value must be Đạt or Không đạt (true/false)")
    text = fold(str(v))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("giá trị phải là Đạt hoặc Không đạt", "value must be Đạt or Không đạt (true/false)")


def parse_count(cell: Cell) -> int | None:
    """A count of cases: a whole number ≥ 0. Thousands may be grouped with a dot, a comma or a
    space ('1.200', '1,200', '1 200' are 1200); a fraction, or digits grouped otherwise, is refused.

    >>> parse_count(Cell("1.200")), parse_count(Cell("2,000")), parse_count(Cell(7.0)), parse_count(Cell(" "))
    (1200, 2000, 7, None)
    """
    if cell.blank:
        return None
    v = cell.value
    if isinstance(v, (bool, np.bool_)):
        raise CellError("số vụ phải là số nguyên không âm", "case count must be a whole number ≥ 0")
    if isinstance(v, (int, np.integer)):
        n = int(v)
    elif isinstance(v, (float, np.floating)):
        if not math.isfinite(v) or v != int(v):
            raise CellError("số vụ phải là số nguyên không âm", "case count must be a whole number ≥ 0")
        n = int(v)
    else:
        text = _number_text(str(v))
        if _INT.fullmatch(text):
            n = int(text)
        elif _GROUPED.fullmatch(text):
            n = int(re.sub(r"\D", "", text))
        else:
            raise CellError("số vụ phải là số nguyên không âm (dấu phân cách hàng nghìn đặt đúng nhóm ba chữ số)",
                            "case count must be a whole number ≥ 0 (thousands grouped by three digits)")
    if n < 0:
        raise CellError("số vụ phải là số nguyên không âm", "case count must be a whole number ≥ 0")
    if n > MAX_COUNT:
        raise CellError(f"số vụ quá lớn (hơn {formats.count(MAX_COUNT)} vụ ở một xã trong một năm)",
                        f"case count too large (over {MAX_COUNT:,} in one commune and year)")
    return n


def parse_share(cell: Cell) -> float | None:
    """A share on the scale the template asks for, 0–100 % ('70', '70%', '70,5'), returned as a
    fraction (0.70). An Excel cell formatted as a percentage holds the fraction itself. A bare
    number between 0 and 1 could be either scale ('0.7': 0.7 % or 70 %?) and is refused.

    >>> parse_share(Cell("70")), parse_share(Cell("70,5%")), parse_share(Cell(1)), parse_share(Cell(0.7, "0%"))
    (0.7, 0.705, 0.01, 0.7)
    """
    if cell.blank:
        return None
    v = cell.value
    percent_cell = "%" in (cell.number_format or "")
    if isinstance(v, (bool, np.bool_)):
        raise CellError("tỷ lệ phải là số từ 0 đến 100 (%)", "share must be a number from 0 to 100 (%)")
    explicit = False
    if isinstance(v, (int, float, np.integer, np.floating)):
        num = float(v)
        if percent_cell:
            num, explicit = num * 100.0, True
    else:
        text = _number_text(str(v))
        explicit = text.endswith("%")
        text = text.removesuffix("%").strip()  # one sign: "70%%" is a typing slip, refused
        if not _DECIMAL.fullmatch(text):
            raise CellError("tỷ lệ phải là số từ 0 đến 100 (%)", "share must be a number from 0 to 100 (%)")
        num = float(text.replace(",", "."))
    if not math.isfinite(num) or not 0 <= num <= 100:
        raise CellError("tỷ lệ phải nằm trong khoảng 0–100%", "share must be between 0 and 100%")
    if 0 < num < 1 and not explicit:
        raise CellError("không rõ là phần trăm hay tỷ số: ghi theo thang 0–100 (ví dụ 70) hoặc ghi kèm dấu % "
                        "(ví dụ 0,5%)", "ambiguous: is it a percentage or a fraction? write it on the 0–100 "
                        "scale (e.g. 70) or with a % sign (e.g. 0.5%)")
    return round(num / 100.0, 6)


def parse_year(cell: Cell) -> int:
    """A year between 2000 and 2100 (an empty year is a problem: every row needs one).

    >>> parse_year(Cell("2025")), parse_year(Cell(2024.0)), parse_year(Cell("2023.0"))
    (2025, 2024, 2023)
    """
    if cell.blank:
        raise CellError("thiếu năm", "the year is missing")
    v = cell.value
    text = _number_text(str(int(v) if isinstance(v, float) and v == int(v) else v))
    text = _WHOLE_YEAR.sub(r"\1", text)  # "2025.0": a year a spreadsheet wrote as a number into a CSV
    if not _INT.fullmatch(text) or not 2000 <= int(text) <= 2100:
        raise CellError("năm không hợp lệ (cần năm từ 2000 đến 2100)", "not a valid year (2000–2100)")
    return int(text)


def parse_code(cell: Cell, width: int) -> str | None:
    """A GSO code of `width` digits, leading zeros optional ('2233' is '02233').

    >>> parse_code(Cell("2233"), 5), parse_code(Cell(2233.0), 5)
    ('02233', '02233')
    """
    if cell.blank:
        return None
    v = cell.value
    if isinstance(v, float) and math.isfinite(v) and v == int(v):
        v = int(v)
    text = str(v).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > width:  # 0–9 only, not '２２３３' or '²'
        raise CellError(f"mã phải là số có tối đa {width} chữ số", f"code must be a number of up to {width} digits")
    return text.zfill(width)


def parse_group(cell: Cell) -> int | None:
    """A commune group of the 2026–2030 criteria: 1, 2 or 3 ('Nhóm 2' is 2).

    >>> parse_group(Cell("2")), parse_group(Cell(3.0)), parse_group(Cell("Nhóm 1")), parse_group(Cell(""))
    (2, 3, 1, None)
    """
    if cell.blank:
        return None
    text = str(int(cell.value)) if isinstance(cell.value, float) and cell.value == int(cell.value) else str(cell.value)
    digits = re.sub(r"(?i)^\s*nh[oó]m\s*", "", text).strip().removesuffix(".0")
    if digits not in ("1", "2", "3"):
        raise CellError("nhóm xã phải là 1, 2 hoặc 3", "the commune group must be 1, 2 or 3")
    return int(digits)


def parse_text(cell: Cell) -> str | None:
    """Free text (names, notes), trimmed."""
    return None if cell.blank else str(cell.value).strip()


PARSERS = {"bool": parse_bool, "count": parse_count, "share": parse_share, "text": parse_text}
