"""Reading attainment data as the police bring it: Excel, CSV in any common encoding, folders.

Accepted: .xlsx (the template of `antt template`, or any sheet with recognisable headers), .csv
(UTF-8 with or without BOM, UTF-16, Windows-1258; comma, semicolon or tab), and data folders
(communes.csv, districts.csv, dataset.yaml). Headers may be the Vietnamese ones of the template
or the internal names; communes may be given by GSO code (with or without leading zeros) or by
name (with or without diacritics and "Xã/Phường/Thị trấn"), with the district to tell apart
namesakes. Every problem is reported with file, sheet, row, column, value and reason, in
Vietnamese and English; nothing is guessed and nothing is drawn from data with problems.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import criteria as crit
from . import gazetteer
from .labels import XA
from .names import fold, name_key
from .paths import DEMO_DIR, resolve
from .textfile import NotText, decode

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

# Vietnamese headers of the columns that are not sub-conditions (those come from criteria.yaml)
FIXED_HEADERS = {
    "commune_code": "Mã xã", "commune_name": "Tên xã", "commune_type": "Loại đơn vị", "district_code": "Mã huyện",
    "district_name": "Huyện", "year": "Năm", "basic_19_2": "Đạt 19.2", "advanced_19_2": "Đạt 19.2 nâng cao",
    CRIME: "Số vụ phạm tội về TTXH", NOTE: "Ghi chú", "ind_9_4": "Đạt 9.4", "ind_9_1": "Đạt 9.1",
    NTM_STATUS: "Tình trạng nông thôn mới",
}
ALIASES = {
    "commune_code": ["ma xa", "ma don vi", "ma dvhc", "ma", "code", "ward code", "ma phuong xa"],
    "commune_name": ["ten xa", "xa", "ten don vi", "don vi", "commune", "ten"],
    "district_code": ["ma huyen"],
    "district_name": ["huyen", "ten huyen", "district"],
    "year": ["nam", "year", "nam danh gia"],
    "basic_19_2": ["dat 19.2", "chi tieu 19.2", "ket qua 19.2"],
    "advanced_19_2": ["dat 19.2 nang cao", "19.2 nang cao"],
    CRIME: ["so vu pham toi ve ttxh", "so vu pham toi ve trat tu xa hoi", "so vu ttxh", "so vu"],
    NOTE: ["ghi chu", "note"],
    "ind_9_4": ["dat 9.4", "chi tieu 9.4"],
    "ind_9_1": ["dat 9.1", "chi tieu 9.1"],
    NTM_STATUS: ["tinh trang nong thon moi", "tinh trang ntm"],
}


class UnreadableError(ValueError):
    """A file that cannot be read at all (missing, not a table, unknown encoding)."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located precisely, with its reason in Vietnamese and English."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason_vi: str
    reason_en: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        val = f" value {self.value!r}:" if self.value not in (None, "") else ""
        return f"{', '.join(where)}:{val} {self.reason_en} / {self.reason_vi}"


class DataError(ValueError):
    """Input data with problems; `problems` lists each one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        head = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{head}{more}")


@dataclass
class Dataset:
    """Attainment records of one data source."""

    communes: pd.DataFrame
    districts: pd.DataFrame
    name: str
    source: str
    illustrative: bool
    path: Path
    meta: dict = field(default_factory=dict)

    def years(self) -> list[int]:
        return sorted(int(y) for y in self.communes["year"].dropna().unique())

    def latest_year(self) -> int:
        return self.years()[-1]

    @property
    def provenance(self) -> str:
        """What a report's footer says of the data: its name, status and source."""
        status = "dữ liệu minh họa (giả lập)" if self.illustrative else "dữ liệu do người dùng cung cấp"
        return f"{self.name} — {status}. {self.source}".strip()


def commune_columns() -> list[str]:
    c = crit.load_criteria()
    return COMMUNE_KEYS + c.sub_condition_columns("commune") + c.verdict_columns("commune") + [CRIME, NOTE]


def district_columns() -> list[str]:
    c = crit.load_criteria()
    return DISTRICT_KEYS + c.sub_condition_columns("district") + c.verdict_columns("district") + [NTM_STATUS]


def headers(level: str) -> dict[str, str]:
    """Internal column name → Vietnamese header, for a level (commune or district)."""
    c = crit.load_criteria()
    cols = commune_columns() if level == "commune" else district_columns()
    subs = c.headers(level)
    return {col: subs.get(col) or FIXED_HEADERS[col] for col in cols}


# ---------------------------------------------------------------- values

_TRUE = {"true", "1", "yes", "y", "dat", "co", "x", "t", "v"}
_FALSE = {"false", "0", "no", "n", "khong dat", "chua dat", "khong", "f"}


def parse_bool(value) -> bool | None:
    """A boolean from a cell ('true', '1', 'Đạt', 'x' …); None for empty; ValueError otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer, float)) and value in (0, 1):
        return bool(value)
    text = fold(str(value))
    if text == "":
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(value)


def _blank(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == ""


# ---------------------------------------------------------------- reading tables

@dataclass
class Table:
    file: str
    sheet: str | None
    frame: pd.DataFrame  # raw cells (objects), columns as in the file
    first_row: int  # file row number of the frame's first record


def _decode(data: bytes, path: Path) -> str:
    try:
        return decode(data)
    except NotText as exc:
        hint = "not a text table (binary content); save it as .xlsx or .csv" if exc.binary else str(exc)
        raise UnreadableError(f"{path}: {hint}") from None


def _read_csv(path: Path) -> list[Table]:
    text = _decode(path.read_bytes(), path)
    if not text.strip():
        raise UnreadableError(f"{path}: the file is empty")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        sep = dialect.delimiter
    except csv.Error:
        sep = ","
    df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    return [Table(str(path), None, df.astype(object).where(df.notna(), None), 2)]


def _read_xlsx(path: Path) -> list[Table]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise UnreadableError(f"{path}: not a readable Excel workbook ({type(exc).__name__})") from exc
    tables = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        # the header row: the first with two or more recognisable headers
        for i, row in enumerate(rows[:20]):
            names = [str(c) if c is not None else "" for c in row]
            if sum(_column_for(n, "commune") is not None or _column_for(n, "district") is not None
                   for n in names) >= 2:
                cols = [n if n else f"_{j}" for j, n in enumerate(names)]
                body = [list(r) + [None] * (len(cols) - len(r)) for r in rows[i + 1:]]
                df = pd.DataFrame(body, columns=cols, dtype=object)
                df = df[~df.apply(lambda r: all(_blank(v) for v in r), axis=1)]
                tables.append(Table(str(path), ws.title, df, i + 2))
                break
    wb.close()
    return tables


def read_tables(path: Path) -> list[Table]:
    """Every table of a file (.xlsx: each sheet with a header row; .csv: the file)."""
    if not path.exists():
        raise UnreadableError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path)
    raise UnreadableError(f"{path}: unsupported file type '{suffix}' (use .xlsx or .csv)")


# ---------------------------------------------------------------- headers

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
    for col, names in ALIASES.items():
        if col in cols and key in names:
            return col
    return None


def _level_of(table: Table) -> str | None:
    cols = {c: _column_for(c, "commune") for c in table.frame.columns}
    dcols = {c: _column_for(c, "district") for c in table.frame.columns}
    if any(v in ("commune_code", "commune_name") for v in cols.values()):
        return "commune"
    if any(v in ("ind_9_4", "ind_9_1", NTM_STATUS) for v in dcols.values()) or \
            any(v == "district_code" for v in dcols.values()):
        return "district"
    return None


# ---------------------------------------------------------------- typing and checking

def _typed(table: Table, level: str, province: gazetteer.Province | None) -> tuple[pd.DataFrame, list[Problem], dict]:
    """Records with internal columns and typed values, a Problem for every bad cell, and the
    file's own header of each internal column (problems name the column as the file does)."""
    c = crit.load_criteria()
    problems: list[Problem] = []
    mapping = {}
    for col in table.frame.columns:
        internal = _column_for(col, level)
        if internal and internal not in mapping.values():
            mapping[col] = internal
    raw = table.frame.rename(columns=mapping)
    header_of = {v: k for k, v in mapping.items()}

    def problem(i, col, value, vi, en):
        problems.append(Problem(table.file, table.first_row + i, header_of.get(col, col),
                                None if _blank(value) else str(value), vi, en, table.sheet))

    out = pd.DataFrame(index=raw.index)
    key = "commune_code" if level == "commune" else "district_code"
    if "year" not in raw:
        problems.append(Problem(table.file, table.first_row - 1, FIXED_HEADERS["year"], None,
                                "thiếu cột Năm", "required column 'year' (Năm) is missing", table.sheet))
        return out, problems, header_of
    years = []
    for i, v in enumerate(raw["year"].tolist()):
        try:
            y = int(float(str(v).strip()))
            if not 2000 <= y <= 2100 or float(str(v).strip()) % 1:
                raise ValueError
            years.append(y)
        except (ValueError, TypeError):
            years.append(None)
            problem(i, "year", v, "năm không hợp lệ", "not a valid year")
    out["year"] = pd.array(years, dtype="Int64")
    codes = _identify(raw, level, province, table, problems, header_of)
    out[key] = codes
    subs = {s.id: s for ind in c.for_level(level) for s in ind.sub_conditions}
    for col in c.sub_condition_columns(level) + c.verdict_columns(level):
        if col not in raw:
            continue
        sub = subs.get(col)
        if sub is not None and sub.kind == "ratio_min":
            vals = []
            for i, v in enumerate(raw[col].tolist()):
                if _blank(v):
                    vals.append(np.nan)
                    continue
                text = str(v).strip().replace(",", ".")
                try:
                    num = float(text.rstrip("%"))
                    if text.endswith("%") or num > 1:
                        num /= 100.0
                    if not 0 <= num <= 1:
                        raise ValueError
                    vals.append(num)
                except ValueError:
                    vals.append(np.nan)
                    problem(i, col, v, "tỷ lệ phải nằm trong khoảng 0–100%", "share must be between 0 and 100%")
            out[col] = vals
        else:
            vals = []
            for i, v in enumerate(raw[col].tolist()):
                try:
                    vals.append(parse_bool(v))
                except ValueError:
                    vals.append(None)
                    problem(i, col, v, "giá trị phải là Đạt hoặc Không đạt", "value must be Đạt or Không đạt (true/false)")
            out[col] = pd.array(vals, dtype="boolean")
    if level == "commune":
        vals = []
        for i, v in enumerate(raw[CRIME].tolist() if CRIME in raw else [None] * len(raw)):
            if _blank(v):
                vals.append(None)
                continue
            try:
                num = float(str(v).strip().replace(",", "."))
                if num < 0 or num % 1:
                    raise ValueError
                vals.append(int(num))
            except ValueError:
                vals.append(None)
                problem(i, CRIME, v, "số vụ phải là số nguyên không âm", "case count must be a whole number ≥ 0")
        out[CRIME] = pd.array(vals, dtype="Int64")
        out[NOTE] = [None if _blank(v) else str(v).strip() for v in (raw[NOTE] if NOTE in raw else [None] * len(raw))]
    else:
        vals = []
        for i, v in enumerate(raw[NTM_STATUS].tolist() if NTM_STATUS in raw else [None] * len(raw)):
            if _blank(v):
                vals.append(None)
                continue
            hit = [k for k, lab in NTM_STATUS_LABELS.items() if fold(str(v)) in (fold(k).replace("_", " "), fold(lab), fold(k))]
            if hit:
                vals.append(hit[0])
            else:
                vals.append(None)
                problem(i, NTM_STATUS, v, "tình trạng nông thôn mới không hợp lệ",
                        "unknown NTM status (use: " + "; ".join(NTM_STATUS_LABELS.values()) + ")")
        out[NTM_STATUS] = vals
    out.index = range(len(out))
    return out, problems, header_of


def _identify(raw: pd.DataFrame, level: str, province, table: Table, problems: list[Problem],
              header_of: dict) -> list[str | None]:
    """GSO code of each row's unit: from its code, else from its name (and district)."""
    if level == "district":
        units = gazetteer.districts(province) if province else gazetteer.districts()
        width, code_col, name_col = 3, "district_code", "district_name"
    else:
        units = gazetteer.communes(province) if province else gazetteer.communes()
        width, code_col, name_col = 5, "commune_code", "commune_name"
    everyone = gazetteer.communes() if level == "commune" else gazetteer.districts()
    known = set(units["code"])
    all_codes = everyone.set_index("code")
    by_key: dict[str, list[int]] = {}
    for j, n in enumerate(units["name"]):
        by_key.setdefault(name_key(n), []).append(j)
    header = {k: header_of.get(k, FIXED_HEADERS[k]) for k in ("commune_code", "commune_name", "district_code",
                                                               "district_name")}
    out: list[str | None] = []
    for i in range(len(raw)):
        row_no = table.first_row + i
        code_val = raw[code_col].iloc[i] if code_col in raw else None
        name_val = raw[name_col].iloc[i] if name_col in raw else None
        if not _blank(code_val):
            text = str(code_val).strip()
            if text.endswith(".0"):
                text = text[:-2]
            if not text.isdigit():
                problems.append(Problem(table.file, row_no, header[code_col], text, "mã phải là số",
                                        "code must be a number", table.sheet))
                out.append(None)
                continue
            code = text.zfill(width)
            if code in known:
                out.append(code)
            elif code in all_codes.index:
                other = gazetteer.province(all_codes.loc[code, "province_code"]).name
                problems.append(Problem(table.file, row_no, header[code_col], text,
                                        f"đơn vị thuộc {other}, không thuộc {province.name}",
                                        f"unit of another province ({other})", table.sheet))
                out.append(None)
            else:
                problems.append(Problem(table.file, row_no, header[code_col], text,
                                        "mã không có trong danh mục hành chính", "unknown code in the gazetteer",
                                        table.sheet))
                out.append(None)
            continue
        if _blank(name_val):
            problems.append(Problem(table.file, row_no, header[code_col], None, "thiếu mã và tên đơn vị",
                                    "neither code nor name given", table.sheet))
            out.append(None)
            continue
        hits = by_key.get(name_key(str(name_val)), [])
        if len(hits) > 1 and level == "commune" and "district_name" in raw and not _blank(raw["district_name"].iloc[i]):
            dk = name_key(str(raw["district_name"].iloc[i]))
            hits = [j for j in hits if name_key(units["district_name"].iloc[j]) == dk]
        if len(hits) == 1:
            out.append(units["code"].iloc[hits[0]])
        elif not hits:
            problems.append(Problem(table.file, row_no, header[name_col], str(name_val),
                                    "tên không có trong danh mục hành chính" + (f" của {province.name}" if province else ""),
                                    "unknown name in the gazetteer" + (" of this province" if province else ""),
                                    table.sheet))
            out.append(None)
        else:
            problems.append(Problem(table.file, row_no, header[name_col], str(name_val),
                                    f"tên trùng {len(hits)} đơn vị: ghi thêm mã hoặc huyện",
                                    f"name matches {len(hits)} units: give the code or the district", table.sheet))
            out.append(None)
    return out


def check_communes(records: pd.DataFrame, file: str, first_row: int = 2, sheet: str | None = None,
                   province: gazetteer.Province | None = None, complete: bool = False,
                   names: dict | None = None) -> list[Problem]:
    """Problems of typed commune records: duplicate commune-years, verdicts contradicting the
    sub-conditions, verdicts for units the criteria do not apply to, and (with `complete` and a
    province) communes missing for a year."""
    problems: list[Problem] = []
    hdr = {**headers("commune"), **(names or {})}
    ok = records["commune_code"].notna() & records["year"].notna()
    dup = (records.duplicated(COMMUNE_KEYS, keep="first") & ok).to_numpy()
    for i in np.flatnonzero(dup):
        problems.append(Problem(file, first_row + int(i), hdr["year"], str(records["year"].iloc[i]),
                                f"xã {records['commune_code'].iloc[i]} đã có một dòng cho năm này",
                                f"commune {records['commune_code'].iloc[i]} already has a row for this year", sheet))
    clash = crit.contradictions(records.reset_index(drop=True), "commune")
    for _, r in clash.iterrows():
        problems.append(Problem(file, first_row + int(r["row"]), hdr[r["column"]],
                                TRUE_TEXT if r["given"] else FALSE_TEXT, "kết luận trái với các điều kiện thành phần",
                                f"verdict contradicts the sub-conditions (they give {'Đạt' if r['derived'] else 'Không đạt'})",
                                sheet))
    known = gazetteer.communes().set_index("code")
    c = crit.load_criteria()
    verdict_cols = [col for col in c.verdict_columns("commune") + c.sub_condition_columns("commune") if col in records]
    types = records["commune_code"].map(known["type"])
    for i in np.flatnonzero((types.notna() & (types != XA)).to_numpy()):
        filled = [col for col in verdict_cols if pd.notna(records[col].iloc[i])]
        if filled:
            problems.append(Problem(file, first_row + int(i), hdr[filled[0]], str(records[filled[0]].iloc[i]),
                                    f"{types.iloc[i].lower()} không áp dụng tiêu chí xã nông thôn mới",
                                    f"the commune NTM criteria do not apply to a {types.iloc[i]}", sheet))
    if complete and province is not None:
        units = gazetteer.communes(province)
        for year in sorted(set(records["year"].dropna())):
            have = set(records.loc[records["year"] == year, "commune_code"].dropna())
            for _, u in units[~units["code"].isin(have)].iterrows():
                problems.append(Problem(file, None, hdr["commune_code"], u["code"],
                                        f"thiếu số liệu của {u['name']} ({u['district_name']}) năm {int(year)}",
                                        f"no row for {u['name']} in {int(year)}", sheet))
    return problems


# ---------------------------------------------------------------- loading

def _province_of(tables: list[Table], province) -> gazetteer.Province | None:
    if province:
        return gazetteer.province(province)
    return None


def load_file(path: Path | str, province: str | None = None, complete: bool = True) -> Dataset:
    """Read and check a data file (.xlsx or .csv). Raises UnreadableError or DataError."""
    path = Path(path)
    tables = read_tables(path)
    prov = _province_of(tables, province)
    problems: list[Problem] = []
    frames = {"commune": [], "district": []}
    for t in tables:
        level = _level_of(t)
        if level is None:
            continue
        typed, probs, names = _typed(t, level, prov)
        problems += probs
        if level == "commune" and "commune_code" in typed:
            if prov is None:
                # the province the file is about: that of most of its communes
                codes = typed["commune_code"].dropna()
                if len(codes):
                    pc = gazetteer.communes().set_index("code").loc[codes, "province_code"].mode().iloc[0]
                    prov = gazetteer.province(pc)
                    others = typed["commune_code"].map(gazetteer.communes().set_index("code")["province_code"])
                    for i in np.flatnonzero((others.notna() & (others != pc)).to_numpy()):
                        problems.append(Problem(t.file, t.first_row + int(i), names.get("commune_code", "Mã xã"),
                                                typed["commune_code"].iloc[i],
                                                f"xã thuộc tỉnh khác ({gazetteer.province(others.iloc[i]).name}), "
                                                f"không thuộc {prov.name}", "commune of another province", t.sheet))
            problems += check_communes(typed, t.file, t.first_row, t.sheet, prov, complete, names)
        frames[level].append(typed)
    if not frames["commune"]:
        problems.append(Problem(str(path), None, None, None, "không tìm thấy bảng số liệu xã (cần cột Mã xã hoặc Tên xã, Năm)",
                                "no commune table found (needs Mã xã or Tên xã, and Năm)"))
    if problems:
        raise DataError(problems)
    communes = pd.concat(frames["commune"], ignore_index=True).reindex(columns=commune_columns())
    districts = (pd.concat(frames["district"], ignore_index=True) if frames["district"]
                 else pd.DataFrame(columns=district_columns())).reindex(columns=district_columns())
    return Dataset(communes, districts, f"Số liệu từ tệp {path.name}", f"Tệp {path.name}", False, path,
                   {"province": prov.slug if prov else None})


def read_folder(path: Path | str | None = None) -> Dataset:
    """Read and check a data folder (the demo data by default). Raises DataError on problems."""
    folder = resolve(path) if path else DEMO_DIR
    if not folder.is_dir():
        raise UnreadableError(f"{folder}: data folder not found")
    meta_file = folder / "dataset.yaml"
    meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
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
        tables = read_tables(file)
        typed, probs, names = _typed(tables[0], level, None)
        problems += probs
        if level == "commune":
            problems += check_communes(typed, str(file), names=names)
        frames[level] = typed.reindex(columns=cols)
    if problems:
        raise DataError(problems)
    return Dataset(communes=frames["commune"], districts=frames["district"],
                   name=str(meta.get("name", folder.name)), source=str(meta.get("source", "")),
                   illustrative=bool(meta.get("illustrative", False)), path=folder, meta=meta)


def load(path: Path | str | None = None, province: str | None = None) -> Dataset:
    """A data folder or a data file (the demo data by default)."""
    if not path:
        return read_folder(None)
    p = resolve(path)
    if p.is_dir():
        return read_folder(p)
    return load_file(p, province)


def validate(path: Path | str, province: str | None = None) -> list[Problem]:
    """Every problem of a data file or folder (an empty list when it is clean).
    Raises UnreadableError when the file cannot be read at all."""
    try:
        load(path, province)
    except DataError as exc:
        return exc.problems
    return []
