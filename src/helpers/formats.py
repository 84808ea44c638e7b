"""How a reader sees a value: the one Vietnamese text of a number, a count, a share, a year, a
verdict or a missing value, for the pages, the tables, the charts, the downloads and the terminal.

Vietnamese writes a decimal comma and a dot between thousands (`1.185`, `97,5`). A count is a
whole number however it was stored (a float column with a gap in it is still a count), a year is
a year (`2019`, never `2019.0`), a missing value is a dash, a yes/no is Đạt/Chưa đạt. Everything
a reader meets goes through here, so one figure reads the same wherever it appears.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from .labels import BOOL_TEXT, MISSING_TEXT

FORMATS = ("int", "dec1", "dec2", "bool", "text", "year")
DECIMAL, THOUSANDS = ",", "."  # 1.185 vụ, 97,5%: also given to the maps' runtime (their legend counts)


def is_missing(value) -> bool:
    """None, pandas' NA, NaN or NaT: a value the data does not have."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def is_number(value) -> bool:
    """A real number (not a boolean, not missing): shown right-aligned, formatted by `number`."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)) and not is_missing(value)


def number(x, decimals: int = 1) -> str:
    """Vietnamese number format: decimal comma, dot for thousands; a missing value is a dash.
    Halves round away from zero, as a reader rounds (6,85 → 6,9), the same in every place.

    >>> number(1234567, 0), number(97.52), number(None), number(6.85), number(-6.85), number(-0.04)
    ('1.234.567', '97,5', '–', '6,9', '-6,9', '0,0')
    """
    if is_missing(x):
        return MISSING_TEXT
    value = _round_half_away(float(x), decimals) + 0.0  # + 0.0: a value rounded to zero has no sign (-0,0)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", DECIMAL).replace("\u2009", THOUSANDS)


def _round_half_away(x: float, decimals: int) -> float:
    """x rounded to `decimals` places, halves away from zero. The decimal text of the float
    decides (6.85 is stored as 6.8499999…, and a reader still rounds it up)."""
    scaled = round(abs(x) * 10 ** decimals, 9)  # 684.9999999 → 685.0: the value the reader sees
    return math.copysign(math.floor(scaled + 0.5) / 10 ** decimals, x)


def level(x, max_decimals: int = 2) -> str:
    """A level as a plan writes it: only the decimals it has, up to `max_decimals` ('99', '7,5').

    >>> level(99.0), level(7.5), level(2.25), level(None)
    ('99', '7,5', '2,25', '–')
    """
    if is_missing(x):
        return MISSING_TEXT
    decimals = next((d for d in range(max_decimals) if abs(_round_half_away(float(x), d) - float(x)) < 1e-9),
                    max_decimals)
    return number(x, decimals)


def count(x) -> str:
    """A count ('1.185'); a float that holds a count is still shown as a whole number."""
    return number(x, 0)


def share(k, n, decimals: int = 1) -> str:
    """k out of n as a percentage without the sign ('97,5'); a dash when n is 0 or missing."""
    if is_missing(k) or is_missing(n) or not float(n):
        return MISSING_TEXT
    return number(100.0 * float(k) / float(n), decimals)


def fraction(k, n, unit: str = "xã") -> str:
    """'118/121 xã (97,5%)': the way leaders read a rate.

    >>> fraction(85.0, 121.0), fraction(None, 121)
    ('85/121 xã (70,2%)', '–')
    """
    if is_missing(k) or is_missing(n):
        return MISSING_TEXT
    pct = share(k, n)
    shown = f"{count(k)}/{count(n)}" + (f" {unit}" if unit else "")
    return f"{shown} ({pct}%)" if pct != MISSING_TEXT else shown


def year(x) -> str:
    """A year as a reader writes it ('2019', whatever the column's type)."""
    return MISSING_TEXT if is_missing(x) else str(int(x))


def verdict(x) -> str:
    """A yes/no (a verdict, a sub-condition): Đạt / Chưa đạt; a dash when unknown."""
    return MISSING_TEXT if is_missing(x) else BOOL_TEXT[bool(x)]


def default_format(series: pd.Series) -> str:
    """The format of a column by its type: verdicts, counts, shares (one decimal) or text."""
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "dec1"
    return "text"


def cell_text(value, fmt: str) -> str:
    """A value as a reader sees it in a table cell, in a download or in the terminal.

    >>> cell_text(2019.0, "year"), cell_text(True, "text"), cell_text(87.8048780487805, "dec1")
    ('2019', 'Đạt', '87,8')
    """
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value) if value else MISSING_TEXT
    if is_missing(value):
        return MISSING_TEXT
    if fmt == "bool" or isinstance(value, (bool, np.bool_)):
        return verdict(value)
    if fmt == "year":
        return year(value)
    if fmt == "int" and is_number(value):
        return count(value)
    if fmt in ("dec1", "dec2") and is_number(value):
        return number(value, int(fmt[-1]))
    if is_number(value) and fmt == "text":
        return count(value) if float(value).is_integer() else number(value)
    return str(value)
