"""Reading attainment data as the police bring it: Excel, CSV in any common encoding, folders.

Accepted: .xlsx (the template of `antt template`, or any sheet with recognisable headers), .csv
(UTF-8 with or without BOM, UTF-16, Windows-1258; comma, semicolon or tab), and data folders
(communes.csv, districts.csv, dataset.yaml). Headers may be the Vietnamese ones of the template
or the internal names; communes may be given by GSO code (with or without leading zeros) or by
name (with or without diacritics and "Xã/Phường/Thị trấn"), with the district to tell apart
namesakes.

One reading path (helpers.tables) and one typing loop: each column has a kind, each kind a
parser (helpers.cells). Every problem names file, sheet, row (as the user sees it), column,
value and reason, in Vietnamese and English. Errors stop the data from being used; warnings
(a commune or a year without data) do not, and every output made from incomplete data says so.
Checks run over the whole file at once, so a commune given twice in two sheets is found.
"""

from __future__ import annotations

import dataclasses
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import criteria as crit
from . import gazetteer, schema, tables
from .cells import PARSERS, Cell, CellError, parse_code, parse_group, parse_year
from .labels import XA
from .names import fold, name_key
from .paths import DEMO_DIR, resolve
from .tables import UnreadableError
from .textfile import NotText, decode

__all__ = ["UnreadableError", "Problem", "DataError", "Dataset", "read", "load_file", "read_folder", "validate"]

COMMUNE_KEYS = ["commune_code", "year"]
DISTRICT_KEYS = ["district_code", "year"]
CRIME = "crime_cases"
NOTE = "note"
NTM_STATUS = "ntm_status"
NTM_STATUS_LABELS = {
    "dat_chuan": "Đạt chuẩn huyện nông thôn mới",
    "hoan_thanh_nhiem_vu": "Hoàn thành nhiệm vụ xây dựng nông thôn mới",
    "chua_dat": "Chưa đạt chuẩn",
}
TRUE_TEXT, FALSE_TEXT = "Đạt", "Không đạt"
COMMUNE_SHEET, DISTRICT_SHEET = "Xã", "Huyện"
# columns that describe a unit without deciding anything: given twice, a warning (the code decides)
DESCRIPTIVE = {"commune_name", "district_name", "commune_type", NOTE}
INSTRUCTIONS_SHEET = "Hướng dẫn"  # the template's first sheet
TEMPLATE_TITLE = "Mẫu nhập số liệu tiêu chí an ninh, trật tự"  # the first line of its instructions
LOCATION = ["_file", "_sheet", "_row"]  # where each record was read (kept until the checks are done)

GROUP = crit.GROUP
# Vietnamese headers (and other headers data files use) of the columns that are not
# sub-conditions or verdicts: those come from the criteria sets (helpers.criteria)
FIXED_HEADERS = {
    "commune_code": "Mã xã", "commune_name": "Tên xã", "commune_type": "Loại đơn vị", "district_code": "Mã huyện",
    "district_name": "Huyện", "year": "Năm", GROUP: "Nhóm xã", CRIME: "Số vụ phạm tội về TTXH", NOTE: "Ghi chú",
    NTM_STATUS: "Tình trạng nông thôn mới",
}
ALIASES = {
    "commune_code": ["ma xa", "ma don vi", "ma dvhc", "ma", "code", "ward code", "ma phuong xa"],
    "commune_name": ["ten xa", "xa", "ten don vi", "don vi", "commune", "ten"],
    "district_code": ["ma huyen"],
    "district_name": ["huyen", "ten huyen", "district"],
    "year": ["nam", "year", "nam danh gia"],
    GROUP: ["nhom xa", "nhom", "group", "nhom (1, 2, 3)"],
    CRIME: ["so vu pham toi ve ttxh", "so vu pham toi ve trat tu xa hoi", "so vu ttxh", "so vu"],
    NOTE: ["ghi chu", "note"],
    NTM_STATUS: ["tinh trang nong thon moi", "tinh trang ntm"],
}


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located precisely, with its reason in Vietnamese and English.
    An error stops the data from being used; a warning (data missing) does not."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason_vi: str
    reason_en: str
    sheet: str | None = None
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        val = f" value {self.value!r}:" if self.value not in (None, "") else ""
        mark = "warning / cảnh báo: " if self.severity == "warning" else ""
        return f"{', '.join(where)}:{val} {mark}{self.reason_en} / {self.reason_vi}"


class DataError(ValueError):
    """Input data with problems; `problems` lists each one (errors first)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: p.severity != "error")
        errors = [p for p in self.problems if p.severity == "error"]
        head = "\n".join(str(p) for p in errors[:20])
        more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} problem(s) in the data:\n{head}{more}")


@dataclass
class Dataset:
    """Attainment records of one data source; `warnings` are the problems that did not stop it
    (communes or years without data)."""

    communes: pd.DataFrame
    districts: pd.DataFrame
    name: str
    source: str
    illustrative: bool
    path: Path
    meta: dict = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def years(self) -> list[int]:
        return sorted(int(y) for y in self.communes["year"].dropna().unique())

    def until(self, year: int) -> "Dataset":
        """The same data without the years after `year`: what a report or frame of that year
        may show (a 2024 report never shows 2025)."""
        def upto(frame: pd.DataFrame) -> pd.DataFrame:
            if frame.empty or "year" not in frame or not (frame["year"] > year).any():
                return frame
            return frame[~(frame["year"] > year)]

        communes, districts = upto(self.communes), upto(self.districts)
        if communes is self.communes and districts is self.districts:
            return self
        return dataclasses.replace(self, communes=communes, districts=districts)

    def latest_year(self) -> int:
        years = self.years()
        if not years:
            raise ValueError(f"{self.path}: the data holds no record (every row is empty)")
        return years[-1]

    @property
    def provenance(self) -> str:
        """What a report's footer says of the data: its name, status and source."""
        status = "dữ liệu minh họa (giả lập)" if self.illustrative else "dữ liệu do người dùng cung cấp"
        if fold(status).startswith(fold(self.name)):  # the name already says it: said once
            return f"{status[0].upper()}{status[1:]}. {self.source}".strip()
        return f"{self.name} — {status}. {self.source}".strip()


def commune_columns() -> list[str]:
    """The columns of commune records: keys, the commune group, every criteria set's
    sub-conditions and verdicts, crime cases, note."""
    return COMMUNE_KEYS + [GROUP] + crit.columns("commune") + [CRIME, NOTE]


def district_columns() -> list[str]:
    return DISTRICT_KEYS + crit.columns("district") + [NTM_STATUS]


def headers(level: str) -> dict[str, str]:
    """Internal column name → Vietnamese header, for a level (commune or district)."""
    cols = commune_columns() if level == "commune" else district_columns()
    subs = crit.all_headers(level)
    return {col: subs.get(col) or FIXED_HEADERS[col] for col in cols}


# ---------------------------------------------------------------- columns and their parsers

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


def _is_header(text: str) -> bool:
    return _column_for(text, "commune") is not None or _column_for(text, "district") is not None


def _level_of(columns: list[str]) -> str | None:
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


# ---------------------------------------------------------------- typing: one loop, a table of parsers

def _place(table: tables.RawTable, index: int) -> str:
    """Where a column is, as the user finds it: its letter in a sheet, its place in a CSV."""
    if table.sheet is None:
        return str(index + 1)
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _typed(table: tables.RawTable, level: str, province: gazetteer.Province | None
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
    identify = _Identifier(level, province)
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
    return _with_types(out, kinds), problems, header_of


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


def _with_types(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
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


def vintage_of(year) -> str:
    """The administrative units a record of `year` names: legacy until 2025, the 2025 units from
    2026 on (the units of the year's criteria set)."""
    return crit.units_of_year(int(year)) if year is not None and not pd.isna(year) else "legacy"


class _Units:
    """The units a file may name, for one level and vintage (within one province, if given)."""

    def __init__(self, level: str, province: str | gazetteer.Province | None, vintage: str):
        self.level, self.vintage = level, vintage
        self.province = gazetteer.province(province.slug if isinstance(province, gazetteer.Province) else province,
                                           vintage) if province else None
        if level == "district":
            self.units = gazetteer.districts(self.province) if self.province else gazetteer.districts()
            self.everyone = gazetteer.districts().set_index("code")
        else:
            self.units = gazetteer.communes(self.province, vintage) if self.province else gazetteer.communes(
                vintage=vintage)
            self.everyone = gazetteer.communes(vintage=vintage).set_index("code")
        self.known = set(self.units["code"])
        self.by_key: dict[str, list[int]] = {}
        for j, n in enumerate(self.units["name"]):
            self.by_key.setdefault(name_key(n), []).append(j)


class _Identifier:
    """The GSO code of each row's unit: from its code, else from its name (and district), among
    the units of the row's year (legacy until 2025, the 2025 units from 2026)."""

    def __init__(self, level: str, province: str | gazetteer.Province | None):
        self.level = level
        self.province = province
        self.width, self.code_col, self.name_col = (3, "district_code", "district_name") if level == "district" \
            else (5, "commune_code", "commune_name")
        self._units: dict[str, _Units] = {}

    def units(self, vintage: str) -> _Units:
        if vintage not in self._units:
            self._units[vintage] = _Units(self.level, self.province, vintage)
        return self._units[vintage]

    def _named(self, u: _Units, name: str, district: Cell) -> list[int]:
        """The positions of the units a name may mean: loosely (without diacritics, case or
        prefix), then the one spelt exactly among names that differ only by their diacritics
        (Văn Lang, Văn Lăng), then those of the district given."""
        hits = u.by_key.get(name_key(name), [])
        if len(hits) > 1:
            given = " ".join(name.split()).casefold()
            spelt = [u.units[c] for c in ("name", "short_name") if c in u.units]
            exact = [j for j in hits if any(str(col.iloc[j]).casefold() == given for col in spelt)]
            hits = exact if len(exact) == 1 else hits
        if len(hits) > 1 and self.level == "commune" and not district.blank and "district_name" in u.units:
            dk = name_key(str(district.value))
            hits = [j for j in hits if name_key(u.units["district_name"].iloc[j]) == dk]
        return hits

    def __call__(self, raw: dict, no: int, table, header_of: dict, problems: list[Problem],
                 year: int | None = None) -> str | None:
        header = {k: header_of.get(k, FIXED_HEADERS[k]) for k in FIXED_HEADERS if k.endswith(("_code", "_name"))}

        def problem(col, value, vi, en):
            problems.append(Problem(table.file, no, header[col], value, vi, en, table.sheet))

        vintage = vintage_of(year)
        try:
            u = self.units(vintage)
        except gazetteer.UnknownUnitError:
            problem(self.code_col, None, f"tỉnh {self.province} không còn từ ngày 01/7/2025: số liệu năm {year} ghi "
                    "theo tỉnh mới", f"province {self.province} does not exist in {year} (units from 1 July 2025)")
            return None
        code_cell, name_cell = raw.get(self.code_col, Cell(None)), raw.get(self.name_col, Cell(None))
        if not code_cell.blank:
            try:
                code = parse_code(code_cell, self.width)
            except CellError as err:
                problem(self.code_col, str(code_cell.value), err.reason_vi, err.reason_en)
                return None
            if code in u.known:
                return code
            when = " (đơn vị từ 01/7/2025)" if vintage == "2025" else ""
            if code in u.everyone.index and u.province is not None:
                other = gazetteer.province(u.everyone.loc[code, "province_code"], vintage).name
                problem(self.code_col, str(code_cell.value), f"đơn vị thuộc {other}, không thuộc {u.province.name}",
                        f"unit of another province ({other})")
            else:
                problem(self.code_col, str(code_cell.value), f"mã không có trong danh mục hành chính{when}",
                        "unknown code in the gazetteer" + (" of the units from 1 July 2025" if when else ""))
            return None
        if name_cell.blank:
            problem(self.code_col, None, "thiếu mã và tên đơn vị", "neither code nor name given")
            return None
        name = str(name_cell.value)
        hits = self._named(u, name, raw.get("district_name", Cell(None)))
        if len(hits) == 1:
            return u.units["code"].iloc[hits[0]]
        where = f" của {u.province.name}" if u.province else ""
        if not hits:
            problem(self.name_col, name, "tên không có trong danh mục hành chính" + where,
                    "unknown name in the gazetteer" + (" of this province" if u.province else ""))
        else:
            if vintage == "legacy":
                problem(self.name_col, name, f"tên trùng {len(hits)} đơn vị: ghi thêm mã hoặc huyện",
                        f"name matches {len(hits)} units: give the code or the district")
            else:  # no district since 1 July 2025: only the code tells them apart
                problem(self.name_col, name, f"tên trùng {len(hits)} đơn vị: ghi thêm mã xã (từ 01/7/2025 không còn "
                        "cấp huyện)", f"name matches {len(hits)} units: give the commune code (no district level "
                        "since 1 July 2025)")
        return None


# ---------------------------------------------------------------- checks over the whole file

def _data_columns(records: pd.DataFrame, level: str) -> list[str]:
    return [c for c in column_kinds(level) if c in records]


def _filled(records: pd.DataFrame, level: str) -> pd.Series:
    """Rows that hold any data (a template row with only its code, name and year holds none)."""
    cols = _data_columns(records, level)
    if not cols:
        return pd.Series(False, index=records.index)
    return records[cols].notna().any(axis=1)


def _at(rec) -> str:
    """'sheet Xã, row 5' or 'row 5': where a record was read, for messages."""
    return (f"sheet {rec['_sheet']}, " if rec.get("_sheet") else "") + f"row {rec['_row']}"


def _at_vi(rec) -> str:
    return (f"trang {rec['_sheet']}, " if rec.get("_sheet") else "") + f"dòng {rec['_row']}"


def check_communes(records: pd.DataFrame, province: gazetteer.Province | None, complete: bool,
                   names: dict | None = None) -> list[Problem]:
    """Problems of typed commune records of a whole file: duplicate commune-years (across sheets
    too), verdicts contradicting the sub-conditions, verdicts for units the criteria do not
    apply to, and (with `complete` and a province) communes missing in a year (warnings)."""
    problems: list[Problem] = []
    hdr = {**headers("commune"), **(names or {})}
    recs = records.reset_index(drop=True)

    def located(i, col, value, vi, en, severity="error"):
        r = recs.iloc[i]
        problems.append(Problem(r["_file"], int(r["_row"]), hdr.get(col, col), value, vi, en, r["_sheet"], severity))

    problems += _repeated(recs, "commune", hdr, np.ones(len(recs), dtype=bool))
    for cset, part in _by_set(recs):
        clash = crit.contradictions(part.drop(columns=LOCATION).reset_index(drop=True), "commune", cset)
        for _, r in clash.iterrows():
            located(int(part.index[int(r["row"])]), r["column"], TRUE_TEXT if r["given"] else FALSE_TEXT,
                    "kết luận trái với các điều kiện thành phần",
                    f"verdict contradicts the sub-conditions (they give {'Đạt' if r['derived'] else 'Không đạt'})")
    types = _types(recs)
    for cset, part in _by_set(recs):
        for i, sub, ind in _blank_groups(part, cset, types):
            located(i, GROUP, None, f"Nhóm xã trống: ngưỡng của “{sub.header}” tùy theo nhóm xã, nên chưa đánh giá được "
                    f"{cset.short(ind)}; xã được tính là chưa đủ số liệu cho mức này",
                    f"commune group blank: the threshold of '{sub.header}' depends on it, so {cset.short(ind)} cannot "
                    "be decided; the xã counts as without data for that grade", "warning")
    verdict_cols = [col for col in crit.columns("commune") if col in recs]
    given = recs[verdict_cols].notna().to_numpy()
    for i in np.flatnonzero((types.notna() & (types != XA)).to_numpy()):
        filled = [col for col, g in zip(verdict_cols, given[i]) if g]
        if filled:
            located(i, filled[0], str(recs[filled[0]].iloc[i]), f"{types.iloc[i].lower()} không áp dụng tiêu chí xã "
                    "nông thôn mới", f"the commune NTM criteria do not apply to a {types.iloc[i]}")
    if complete and province is not None:
        problems += _missing(recs, province, hdr)
    return problems


def check_districts(records: pd.DataFrame, names: dict | None = None) -> list[Problem]:
    """A district-year given twice (in one file or across files) with data: an error naming both
    places, as for communes (the reports would otherwise take one of the two silently)."""
    if records.empty or "district_code" not in records:
        return []
    recs = records.reset_index(drop=True)
    return _repeated(recs, "district", {**headers("district"), **(names or {})},
                     _filled(recs, "district").to_numpy())


def _repeated(recs: pd.DataFrame, level: str, hdr: dict, rows: np.ndarray) -> list[Problem]:
    """A unit-year given twice among `rows` (across sheets and files too): an error at the
    second row naming the first (its file too when that is another)."""
    code_col = f"{level}_code"
    unit_vi, unit_en = ("xã", "commune") if level == "commune" else ("huyện", "district")
    codes, years = recs[code_col].to_numpy(), recs["year"].to_numpy()  # columns read once, not per row
    first, out = {}, []
    for i in np.flatnonzero(rows & recs[code_col].notna().to_numpy() & recs["year"].notna().to_numpy()):
        key = (codes[i], int(years[i]))
        if key not in first:
            first[key] = i
            continue
        r, prev = recs.iloc[i], recs.iloc[first[key]]
        elsewhere = f", {prev['_file']}" if prev["_file"] != r["_file"] else ""
        out.append(Problem(r["_file"], int(r["_row"]), hdr.get("year", "year"), str(key[1]),
                           f"{unit_vi} {key[0]} đã có một dòng cho năm này ({_at_vi(prev)}{elsewhere})",
                           f"{unit_en} {key[0]} already has a row for this year ({_at(prev)}{elsewhere})",
                           r["_sheet"]))
    return out


def _blank_groups(part: pd.DataFrame, cset: crit.Criteria, types: pd.Series):
    """(position, sub-condition, grade) where a xã's blank commune group leaves a verdict it
    decides blank: a value given for a sub-condition whose threshold depends on the group, and
    no verdict given for its indicator."""
    if not cset.groups:
        return
    blank = part[GROUP].isna() if GROUP in part else pd.Series(True, index=part.index)
    is_xa = types.reindex(part.index) == XA
    for grade in ("basic", "advanced"):
        ind = cset.commune_indicator(grade)
        verdict_blank = part[ind.verdict_column].isna() if ind.verdict_column in part else True
        for sub in ind.sub_conditions:
            if sub.threshold_by_group and sub.id in part:
                rows = blank & is_xa & part[sub.id].notna() & verdict_blank
                for i in rows[rows].index:
                    yield int(i), sub, grade


def _by_set(recs: pd.DataFrame):
    """The records of each criteria set (by year), with their positions in `recs`."""
    years = recs["year"].dropna().astype(int)
    sets: dict[str, tuple] = {}
    for y in sorted(set(years)):
        try:
            c = crit.for_year(y)
        except crit.CriteriaError:
            continue
        sets.setdefault(c.id, (c, []))[1].append(y)
    for c, ys in sets.values():
        yield c, recs[recs["year"].isin(ys)]


def _types(recs: pd.DataFrame) -> pd.Series:
    """The type (Xã, Phường …) of each record's unit, in the units of its year."""
    out = pd.Series(None, index=recs.index, dtype=object)
    of_row = recs["year"].map(vintage_of)
    for vintage in ("legacy", "2025"):
        rows = (of_row == vintage).astype(bool)
        if rows.any():
            types = gazetteer.communes(vintage=vintage).set_index("code")["type"]
            out[rows] = recs.loc[rows, "commune_code"].map(types)
    return out


def _missing(recs: pd.DataFrame, province: gazetteer.Province, hdr: dict) -> list[Problem]:
    """A warning for every commune of the province without data in a year of the file (in the
    units of that year)."""
    filled = recs[_filled(recs, "commune")]
    file = str(recs["_file"].iloc[0]) if len(recs) else ""
    out = []
    for year in sorted(set(recs["year"].dropna())):
        try:
            units = gazetteer.communes(gazetteer.province(province.slug, vintage_of(year)), vintage_of(year))
        except gazetteer.UnknownUnitError:
            continue
        if "district_name" not in units:
            units = units.assign(district_name=gazetteer.province(province.slug, vintage_of(year)).name)
        have = set(filled.loc[filled["year"] == year, "commune_code"].dropna())
        for _, u in units[~units["code"].isin(have)].iterrows():
            out.append(Problem(file, None, hdr["commune_code"], u["code"],
                               f"không có số liệu của {u['name']} ({u['district_name']}) năm {int(year)}",
                               f"no data for {u['name']} in {int(year)}", None, "warning"))
    return out


# ---------------------------------------------------------------- loading

def _province_of_records(typed: pd.DataFrame, problems: list[Problem], names: dict) -> gazetteer.Province | None:
    """The province a file is about: that of most of its communes; others are reported."""
    years = typed["year"].dropna()
    vintage = vintage_of(years.max()) if len(years) else "legacy"
    rows = typed["year"].map(lambda y: vintage_of(y) == vintage).astype(bool) & typed["commune_code"].notna()
    codes = typed.loc[rows, "commune_code"]
    if not len(codes):
        return None
    province_of = gazetteer.communes(vintage=vintage).set_index("code")["province_code"]
    pc = province_of.loc[codes].mode().iloc[0]
    prov = gazetteer.province(pc, vintage)
    others = typed["commune_code"].where(rows).map(province_of)
    for i in np.flatnonzero((others.notna() & (others != pc)).to_numpy()):
        r = typed.iloc[i]
        problems.append(Problem(r["_file"], int(r["_row"]), names.get("commune_code", "Mã xã"), r["commune_code"],
                                f"xã thuộc tỉnh khác ({gazetteer.province(others.iloc[i], vintage).name}), "
                                f"không thuộc {prov.name}", "commune of another province", r["_sheet"]))
    return prov


def _read_levels(path: Path, province: gazetteer.Province | None) -> tuple[dict, list[Problem], dict, object]:
    """Every table of a file, typed, grouped by level."""
    frames: dict[str, list[pd.DataFrame]] = {"commune": [], "district": []}
    problems: list[Problem] = []
    names: dict = {}
    for t in tables.read(path, _is_header):
        level = _level_of(t.columns)
        if level is None:
            continue
        if t.hidden:  # not read: what the user does not see in Excel would change the figures unseen
            problems.append(Problem(t.file, None, None, None,
                                    "trang tính bị ẩn nên không được đọc; nếu cần nhập số liệu của nó, hãy bỏ ẩn "
                                    "(Excel: chuột phải vào tên trang › Unhide) rồi kiểm tra lại",
                                    f"a hidden sheet holding a {level} table: not read; to import it, unhide it "
                                    "(Excel: right-click a sheet tab › Unhide) and check again", t.sheet, "warning"))
            continue
        typed, probs, header_of = _typed(t, level, province)
        problems += probs
        if level == "commune":
            names.update(header_of)
        frames[level].append(typed)
    return frames, problems, names, province


def _is_instructions_csv(path: Path) -> bool:
    """Whether a text file is the template's instructions sheet saved as CSV (what a plain
    "Save as CSV" keeps when the workbook opens on its first sheet)."""
    if tables.SUFFIXES.get(path.suffix.lower()) != "csv":
        return False
    try:
        head = decode(path.read_bytes())  # small: this is asked only of a file without a commune table
    except (OSError, NotText, UnicodeDecodeError):
        return False
    return head.lstrip('\ufeff"').startswith(TEMPLATE_TITLE)


def _any_province(ref: str) -> gazetteer.Province:
    """A province named on the command line: a legacy one, else one of the 2025 units."""
    try:
        return gazetteer.province(ref)
    except gazetteer.UnknownUnitError:
        return gazetteer.province(ref, "2025")


def load_file(path: Path | str, province: str | None = None, complete: bool = True) -> Dataset:
    """Read and check a data file (.xlsx or .csv). Raises UnreadableError or DataError."""
    return load_files([Path(path)], province, complete)


def load_files(paths: list[Path], province: str | None = None, complete: bool = True,
               where: Path | None = None) -> Dataset:
    """Read and check several data files as one data set (a folder with one file per district,
    say): a commune-year given in two files is a problem like one given twice in a file."""
    path = where or paths[0]
    prov = _any_province(province) if province else None
    frames: dict[str, list[pd.DataFrame]] = {"commune": [], "district": []}
    problems: list[Problem] = []
    names: dict = {}
    for file in paths:
        f, probs, n, _ = _read_levels(file, prov)
        for level in frames:
            frames[level] += f[level]
        problems += probs
        names.update(n)
    communes = pd.concat(frames["commune"], ignore_index=True) if frames["commune"] else None
    if communes is None or "commune_code" not in communes:
        instructions = [f for f in paths if _is_instructions_csv(f)]
        if instructions:
            problems.append(Problem(
                str(instructions[0]), 1, None, None,
                f"tệp CSV này là trang “{INSTRUCTIONS_SHEET}” của tệp mẫu: CSV chỉ lưu trang đang mở. Mở tệp Excel, "
                f"chọn trang “{COMMUNE_SHEET}” rồi lưu thành CSV, hoặc dùng thẳng tệp .xlsx",
                f"this CSV holds the template's instructions sheet ({INSTRUCTIONS_SHEET}): a CSV keeps only the sheet "
                f"that was open when it was saved (LibreOffice, Excel). Open the workbook, select the sheet "
                f"{COMMUNE_SHEET}, and save as CSV again, or give the .xlsx itself"))
        else:
            problems.append(Problem(str(path), None, None, None, "không tìm thấy bảng số liệu xã (cần cột Mã xã hoặc "
                                    "Tên xã, Năm)", "no commune table found (needs Mã xã or Tên xã, and Năm)"))
        raise DataError(problems)
    if prov is None:
        prov = _province_of_records(communes, problems, names)
    filled_rows = _filled(communes, "commune")
    if not filled_rows.any() and not [p for p in problems if p.severity == "error"]:
        # as `build` refuses it: one error, not a warning for every commune of the province
        problems.append(Problem(str(path), None, None, None, "tệp không có số liệu: mọi dòng đều trống (mẫu chưa được "
                                "điền?)", "the file holds no data: every row is empty (a template not filled in yet?)"))
        raise DataError(problems)
    problems += check_communes(communes, prov, complete, names)
    districts = pd.concat(frames["district"], ignore_index=True) if frames["district"] else pd.DataFrame()
    problems += check_districts(districts, names)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(problems)
    filled = communes[filled_rows]
    if len(districts):
        districts = districts[_filled(districts, "district")]
    label = f"tệp {path.name}" if len(paths) == 1 else f"{len(paths)} tệp trong thư mục {path.name}"
    return Dataset(_records(filled, commune_columns(), "commune"), _records(districts, district_columns(), "district"),
                   f"Số liệu từ {label}", label[0].upper() + label[1:], False, path,
                   {"province": prov.slug if prov else None}, [p for p in problems if p.severity == "warning"])


def _records(frame: pd.DataFrame, columns: list[str], level: str) -> pd.DataFrame:
    """Typed records in the canonical columns (those the file lacks typed too), without where
    they were read."""
    out = frame.drop(columns=[c for c in LOCATION if c in frame]).reindex(columns=columns)
    return _with_types(out, column_kinds(level)).reset_index(drop=True)


def _meta(folder: Path) -> dict:
    meta_file = folder / "dataset.yaml"
    if not meta_file.exists():
        return {}
    try:
        meta = schema.strict_load(meta_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableError(f"{meta_file}: not a readable YAML file ({type(exc).__name__})") from None
    except yaml.YAMLError as exc:
        raise UnreadableError(schema.yaml_problem(meta_file, exc)) from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise UnreadableError(f"{meta_file}: must be a mapping of keys (name, source, illustrative)")
    if "illustrative" in meta and not isinstance(meta["illustrative"], bool):
        raise UnreadableError(f"{meta_file}: illustrative must be true or false, got {meta['illustrative']!r}")
    return meta


def read_folder(path: Path | str | None = None) -> Dataset:
    """Read and check a data folder (the demo data by default). Raises DataError on problems."""
    folder = resolve(path) if path else DEMO_DIR
    if not folder.is_dir():
        raise UnreadableError(f"{folder}: data folder not found")
    meta = _meta(folder)
    if not (folder / "communes.csv").exists():
        files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in tables.SUFFIXES
                       and not f.name.startswith(("~$", ".")))  # not Excel's lock files
        if files:  # a folder of the users' own files (one per district, per year …), read as one
            ds = load_files(files, None, False, folder)
            if meta:
                ds.name, ds.source = str(meta.get("name", ds.name)), str(meta.get("source", ds.source))
            return ds
    problems: list[Problem] = []
    frames = {}
    for name, level, cols in (("communes.csv", "commune", commune_columns()),
                              ("districts.csv", "district", district_columns())):
        file = folder / name
        if not file.exists():
            if level == "commune":
                problems.append(Problem(str(file), None, None, None, "thiếu tệp", "file missing"))
            frames[level] = pd.DataFrame(columns=cols)
            continue
        found = tables.read(file, _is_header)
        if not found:
            problems.append(Problem(str(file), None, None, None, "không tìm thấy dòng tiêu đề",
                                    "no header row found"))
            frames[level] = pd.DataFrame(columns=cols)
            continue
        typed, probs, names = _typed(found[0], level, None)
        problems += probs
        problems += check_communes(typed, None, False, names) if level == "commune" else check_districts(typed, names)
        frames[level] = _records(typed, cols, level)
    if [p for p in problems if p.severity == "error"]:
        raise DataError(problems)
    return Dataset(communes=frames["commune"], districts=frames["district"],
                   name=str(meta.get("name", folder.name)), source=str(meta.get("source", "")),
                   illustrative=bool(meta.get("illustrative", False)), path=folder, meta=meta,
                   warnings=[p for p in problems if p.severity == "warning"])


def read(path: Path | str | None = None, province: str | None = None) -> Dataset:
    """A data folder or a data file (the demo data by default)."""
    with _collector_paused():
        if not path:
            return read_folder(None)
        p = resolve(path)
        if p.is_dir():
            return read_folder(p)
        return load_file(p, province)


@contextmanager
def _collector_paused():
    """Reading makes a million small objects (a cell each) that all live until the end: the cyclic
    garbage collector would walk the whole heap again and again for nothing (40 % of the time of
    reading the country's data)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def validate(path: Path | str, province: str | None = None) -> list[Problem]:
    """Every problem of a data file or folder, errors first, then warnings (an empty list when
    it is clean). Raises UnreadableError when the file cannot be read at all."""
    try:
        ds = read(path, province)
    except DataError as exc:
        return exc.problems
    return ds.warnings
