"""A table's columns as the data model reads them: which column each header names (the template's
Vietnamese headers, the internal names, common aliases), the kind of each column, and every cell
typed by its kind's parser (helpers.cells) in one loop, each failure a located problem.
"""

from __future__ import annotations

import pandas as pd

from . import criteria as crit
from . import gazetteer, tables
from .cells import PARSERS, Cell, CellError, parse_group, parse_year
from .identify import Identifier
from .names import fold
from .records import (
    ALIASES,
    CRIME,
    DESCRIPTIVE,
    FIXED_HEADERS,
    GROUP,
    LOCATION,
    NOTE,
    NTM_STATUS,
    NTM_STATUS_LABELS,
    Problem,
    headers,
)


def _column_for(header: str, level: str) -> str | None:
    key = fold(str(header)).replace("_", " ").strip()
    if not key:
        return None
    cols = dict(headers(level))
    cols.update({"commune_name": FIXED_HEADERS["commune_name"], "district_name": FIXED_HEADERS["district_name"],
                 "commune_type": FIXED_HEADERS["commune_type"]} if level == "commune" else
                {"district_name": FIXED_HEADERS["district_name"]})
    for col, vi in cols.items():
        if key in (fold(vi), fold(col).replace("_", " ")):
            return col
    for col, names in {**ALIASES, **crit.aliases(level)}.items():
        if col in cols and key in names:
            return col
    return None


def is_header(text: str) -> bool:
    return _column_for(text, "commune") is not None or _column_for(text, "district") is not None


def level_of(columns: list[str]) -> str | None:
    found = {_column_for(c, "commune") for c in columns}
    if found & {"commune_code", "commune_name"}:
        return "commune"
    dfound = {_column_for(c, "district") for c in columns}
    if dfound & {*crit.columns("district"), NTM_STATUS, "district_code"}:
        return "district"
    return None


def parse_ntm_status(cell: Cell) -> str | None:
    """A district's NTM status, by its Vietnamese label or key."""
    if cell.blank:
        return None
    v = fold(str(cell.value))
    for key, label in NTM_STATUS_LABELS.items():
        if v in (fold(key).replace("_", " "), fold(label), fold(key)):
            return key
    raise CellError("tình trạng nông thôn mới không hợp lệ",
                    "unknown NTM status (use: " + "; ".join(NTM_STATUS_LABELS.values()) + ")")


def column_kinds(level: str) -> dict[str, str]:
    """The kind (a key of cells.PARSERS, or ntm) of each data column of a level."""
    kinds = {col: "share" if kind == "ratio_min" else "bool" for col, kind in crit.kinds(level).items()}
    if level == "commune":
        kinds.update({GROUP: "group", CRIME: "count", NOTE: "text"})
    else:
        kinds[NTM_STATUS] = "ntm"
    return kinds


def _parser(kind: str):
    return {"ntm": parse_ntm_status, "group": parse_group}.get(kind) or PARSERS[kind]


def _place(table: tables.RawTable, index: int) -> str:
    """Where a column is, as the user finds it: its letter in a sheet, its place in a CSV."""
    if table.sheet is None:
        return str(index + 1)
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def typed_records(table: tables.RawTable, level: str, province: gazetteer.Province | None
           ) -> tuple[pd.DataFrame, list[Problem], dict]:
    """Records with internal columns and typed values (plus where each was read), a Problem
    for every bad cell, and the file's own header of each internal column."""
    mapping: dict[int, str] = {}
    problems = []
    for j, col in enumerate(table.columns):
        internal = _column_for(col, level)
        if internal is None:
            continue
        first = next((k for k, v in mapping.items() if v == internal), None)
        if first is None:
            mapping[j] = internal
            continue
        # which of two code (or verdict) columns is right cannot be guessed: the second is not read
        here, there = _place(table, j), _place(table, first)
        problems.append(Problem(table.file, table.header_row, f"{col} ({here})", None,
                                f"cột thứ hai cho cùng một nội dung với cột {table.columns[first]} ({there}): chỉ giữ "
                                "một cột (cột thứ hai không được đọc)",
                                f"a second column for what column {table.columns[first]} ({there}) gives: keep one "
                                "of them (the second is not read)", table.sheet,
                                "warning" if internal in DESCRIPTIVE else "error"))
    header_of = {internal: table.columns[j] for j, internal in mapping.items()}
    problems += [Problem(table.file, i.row, i.column, i.value, i.reason_vi, i.reason_en, table.sheet)
                 for i in table.issues]
    if "year" not in header_of:
        problems.append(Problem(table.file, table.header_row, FIXED_HEADERS["year"], None, "thiếu cột Năm",
                                "required column 'year' (Năm) is missing", table.sheet))
        return pd.DataFrame(columns=LOCATION), problems, header_of
    kinds = column_kinds(level)
    identify = Identifier(level, province)
    records = []
    present = set(mapping.values())
    parsers = [(col, _assessed_year if kind == "year" else _parser(kind), {})  # chosen once, not per cell
               for col, kind in {"year": "year", **kinds}.items() if col in present]
    for no, cells in table.rows:
        raw = {internal: cells[j] for j, internal in mapping.items()}
        rec = {"_file": table.file, "_sheet": table.sheet, "_row": no}
        for col, parse, seen in parsers:
            value = _parsed(parse, raw[col], seen)
            if isinstance(value, CellError):
                rec[col] = None
                problems.append(Problem(table.file, no, header_of.get(col, col),
                                        None if raw[col].blank else str(raw[col].value), value.reason_vi,
                                        value.reason_en, table.sheet))
            else:
                rec[col] = value
        rec[f"{level}_code"] = identify(raw, no, table, header_of, problems, rec.get("year"))
        records.append(rec)
    out = pd.DataFrame(records, columns=[*LOCATION, f"{level}_code", "year", *[k for k in kinds if k in
                                                                              mapping.values()]])
    return with_types(out, kinds), problems, header_of


def _assessed_year(cell: Cell) -> int:
    """A year (cells.parse_year) that a criteria set of data/criteria applies to: a row of
    another year is a located problem, as every other cell, not the end of the check."""
    year = parse_year(cell)
    try:
        crit.for_year(year)
    except crit.CriteriaError:
        spans = ", ".join(f"{c.period[0]}–{c.period[1]}" for c in crit.load_sets())
        raise CellError(f"không có bộ tiêu chí nào áp dụng cho năm {year} (các bộ tiêu chí: {spans})",
                        f"no criteria set applies to {year} (the sets cover {spans})") from None
    return year


def _parsed(parse, cell: Cell, seen: dict):
    """parse(cell), or the CellError it raises; a column's cells repeat (Đạt, Không đạt, the same
    shares and counts), so each distinct cell of a column is parsed once (`seen`). Every parsed
    value is immutable (bool, int, float, str), so rows may share it. The key holds the value's
    type: True == 1 == 1.0 in Python, but a count column refuses a checkbox."""
    key = (type(cell.value), cell)
    try:
        return seen[key]
    except KeyError:
        value = seen[key] = _parse_or_error(parse, cell)
        return value
    except TypeError:  # an unhashable value: parsed every time
        return _parse_or_error(parse, cell)


def _parse_or_error(parse, cell: Cell):
    try:
        return parse(cell)
    except CellError as err:
        return err


def with_types(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    out = frame.copy()
    out["year"] = pd.array(out["year"], dtype="Int64")
    for col, kind in kinds.items():
        if col not in out:
            continue
        if kind == "bool":
            out[col] = pd.array(out[col], dtype="boolean")
        elif kind in ("count", "group"):
            out[col] = pd.array(out[col], dtype="Int64")
        elif kind == "share":
            out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    return out


