"""Attainment records: reading a data folder, each commune's status in a year, rates and trends.

A data folder holds `communes.csv` (one row per commune and year), `districts.csv` (one row
per district and year) and `dataset.yaml` (its name, source, and whether it is illustrative).
Columns use the internal names below; the loader for Excel and Vietnamese headers builds on
`read_table` and `check_communes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import criteria as crit
from . import gazetteer
from .labels import ADVANCED, BASIC, NO_DATA, NOT_APPLICABLE, NOT_ATTAINED, STATUSES, XA
from .paths import DEMO_DIR, resolve

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


def commune_columns() -> list[str]:
    """Internal column names of a commune record, in order."""
    c = crit.load_criteria()
    return COMMUNE_KEYS + c.sub_condition_columns("commune") + c.verdict_columns("commune") + [CRIME, NOTE]


def district_columns() -> list[str]:
    """Internal column names of a district record, in order."""
    c = crit.load_criteria()
    return DISTRICT_KEYS + c.sub_condition_columns("district") + c.verdict_columns("district") + [NTM_STATUS]


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
    """Attainment records of one data folder."""

    communes: pd.DataFrame
    districts: pd.DataFrame
    name: str
    source: str
    illustrative: bool
    path: Path
    meta: dict = field(default_factory=dict)

    def years(self) -> list[int]:
        return sorted(int(y) for y in self.communes["year"].unique())

    def latest_year(self) -> int:
        return self.years()[-1]


_TRUE = {"true", "1", "yes", "y", "đạt", "dat", "có", "co", "x", "t"}
_FALSE = {"false", "0", "no", "n", "không đạt", "khong dat", "chưa đạt", "chua dat", "không", "khong", "f"}


def parse_bool(value) -> bool | None:
    """A boolean from a cell ('true', '1', 'Đạt', 'x' …); None for empty; ValueError otherwise."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text == "":
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(value)


def _typed(df: pd.DataFrame, level: str, file: str, first_row: int = 2) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert text cells to booleans, shares, counts; collect a Problem per impossible value.
    `first_row` is the spreadsheet row number of the frame's first record (header is row 1)."""
    c = crit.load_criteria()
    problems: list[Problem] = []
    out = df.copy()
    key = "commune_code" if level == "commune" else "district_code"
    width = 5 if level == "commune" else 3
    for col in [key]:
        out[col] = out[col].astype("string").str.strip().str.replace(r"\.0$", "", regex=True).str.zfill(width)
    years = pd.to_numeric(out["year"], errors="coerce")
    for i in np.flatnonzero(years.isna() | (years < 2000) | (years > 2100) | (years % 1 != 0)):
        problems.append(Problem(file, first_row + int(i), "year", str(df["year"].iloc[i]),
                                "năm không hợp lệ", "not a valid year"))
    out["year"] = years.astype("Int64")
    bool_cols = [s.id for ind in c.for_level(level) for s in ind.sub_conditions if s.kind == "boolean"]
    bool_cols += c.verdict_columns(level)
    for col in dict.fromkeys(bool_cols):
        if col not in out:
            continue
        vals = []
        for i, v in enumerate(out[col].tolist()):
            try:
                vals.append(parse_bool(v))
            except ValueError:
                vals.append(None)
                problems.append(Problem(file, first_row + i, col, str(v),
                                        "giá trị phải là Đạt/Không đạt (có/không, 1/0)",
                                        "value must be true/false (Đạt/Không đạt, 1/0)"))
        out[col] = pd.array(vals, dtype="boolean")
    ratio_cols = [s.id for ind in c.for_level(level) for s in ind.sub_conditions if s.kind == "ratio_min"]
    for col in ratio_cols:
        if col not in out:
            continue
        raw = out[col].astype("string").str.strip().str.rstrip("%").str.replace(",", ".", regex=False)
        num = pd.to_numeric(raw, errors="coerce")
        pct = out[col].astype("string").str.contains("%", regex=False).fillna(False)
        num = num.where(~(pct | (num > 1)), num / 100)
        bad = (out[col].notna() & (out[col].astype("string").str.strip() != "") & num.isna()) | (num < 0) | (num > 1)
        for i in np.flatnonzero(bad.fillna(False)):
            problems.append(Problem(file, first_row + int(i), col, str(df[col].iloc[i]),
                                    "tỷ lệ phải nằm trong khoảng 0–100%", "share must be between 0 and 100%"))
        out[col] = num.where(~bad.fillna(False))
    if CRIME in out:
        num = pd.to_numeric(out[CRIME], errors="coerce")
        bad = (out[CRIME].notna() & (out[CRIME].astype("string").str.strip() != "") & num.isna()) \
            | (num < 0) | ((num % 1 != 0) & num.notna())
        for i in np.flatnonzero(bad.fillna(False)):
            problems.append(Problem(file, first_row + int(i), CRIME, str(df[CRIME].iloc[i]),
                                    "số vụ phải là số nguyên không âm", "case count must be a whole number ≥ 0"))
        out[CRIME] = num.where(~bad.fillna(False)).astype("Int64")
    return out, problems


def check_communes(records: pd.DataFrame, file: str, first_row: int = 2) -> list[Problem]:
    """Problems of typed commune records against the gazetteer and the criteria:
    unknown communes, duplicate commune-years, verdicts contradicting sub-conditions,
    verdicts given for units the criteria do not apply to."""
    problems: list[Problem] = []
    known = gazetteer.communes().set_index("code")
    for i in np.flatnonzero(~records["commune_code"].isin(known.index).to_numpy()):
        problems.append(Problem(file, first_row + int(i), "commune_code", str(records["commune_code"].iloc[i]),
                                "mã xã không có trong danh mục hành chính", "unknown commune code"))
    dup = records.duplicated(COMMUNE_KEYS, keep="first").to_numpy()
    for i in np.flatnonzero(dup):
        problems.append(Problem(file, first_row + int(i), "year", str(records["year"].iloc[i]),
                                f"xã {records['commune_code'].iloc[i]} đã có dòng cho năm này",
                                f"commune {records['commune_code'].iloc[i]} already has a row for this year"))
    clash = crit.contradictions(records.reset_index(drop=True), "commune")
    for _, r in clash.iterrows():
        problems.append(Problem(file, first_row + int(r["row"]), r["column"], "Đạt" if r["given"] else "Không đạt",
                                "kết luận trái với các điều kiện thành phần",
                                f"verdict contradicts the sub-conditions (they give {'true' if r['derived'] else 'false'})"))
    c = crit.load_criteria()
    verdict_cols = [col for col in c.verdict_columns("commune") + c.sub_condition_columns("commune") if col in records]
    types = records["commune_code"].map(known["type"])
    not_xa = (types.notna() & (types != XA)).to_numpy()
    for i in np.flatnonzero(not_xa):
        filled = [col for col in verdict_cols if pd.notna(records[col].iloc[i])]
        if filled:
            problems.append(Problem(file, first_row + int(i), filled[0], str(records[filled[0]].iloc[i]),
                                    f"{types.iloc[i].lower()} không áp dụng tiêu chí xã nông thôn mới",
                                    f"the commune NTM criteria do not apply to a {types.iloc[i]}"))
    return problems


def read_folder(path: Path | str | None = None) -> Dataset:
    """Read and check a data folder (the demo data by default). Raises DataError on problems."""
    folder = resolve(path) if path else DEMO_DIR
    if not folder.is_dir():
        raise DataError([Problem(str(folder), None, None, None, "không tìm thấy thư mục số liệu",
                                 "data folder not found")])
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
        raw = pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
        missing = [c for c in cols[:2] if c not in raw.columns]
        if missing:
            problems.append(Problem(str(file), 1, missing[0], None, "thiếu cột bắt buộc", "required column missing"))
            continue
        typed, probs = _typed(raw, level, str(file))
        problems += probs
        if level == "commune" and not probs:
            problems += check_communes(typed, str(file))
        frames[level] = typed
    if problems:
        raise DataError(problems)
    return Dataset(communes=frames["commune"], districts=frames["district"],
                   name=str(meta.get("name", folder.name)), source=str(meta.get("source", "")),
                   illustrative=bool(meta.get("illustrative", False)), path=folder, meta=meta)


# ---------------------------------------------------------------- statuses and rates

def commune_status(units: pd.DataFrame, records: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each commune's status in a year (advanced / basic / not attained / not applicable / no data),
    with its verdicts, failing sub-conditions and crime count. `units` are gazetteer communes."""
    c = crit.load_criteria()
    rec = records[records["year"] == year].drop_duplicates("commune_code").set_index("commune_code")
    rec = rec.reindex(units["code"])
    rec.index.name = "code"
    v = crit.verdicts(rec.reset_index(drop=True), "commune", c)
    v.index = rec.index
    fails = crit.failing_sub_conditions(rec.reset_index(drop=True), "commune", c)
    fails.index = rec.index
    out = units[["code", "name", "short_name", "type", "district_code", "district_name"]].copy() \
        if "district_code" in units else units[["code", "name", "short_name", "type"]].copy()
    basic = v["basic_19_2"].to_numpy()
    adv = v["advanced_19_2"].to_numpy()
    status = np.full(len(out), NO_DATA, dtype=object)
    is_xa = (out["type"] == XA).to_numpy()
    b = pd.array(basic, dtype="boolean")
    a = pd.array(adv, dtype="boolean")
    status[is_xa & (b == False).fillna(False).to_numpy(bool)] = NOT_ATTAINED  # noqa: E712
    status[is_xa & (b == True).fillna(False).to_numpy(bool)] = BASIC  # noqa: E712
    status[is_xa & (a == True).fillna(False).to_numpy(bool)] = ADVANCED  # noqa: E712
    status[~is_xa] = NOT_APPLICABLE
    out["status"] = status
    out["status_label"] = [STATUSES[s].label for s in status]
    out["basic"] = b
    out["advanced"] = a
    out["failing"] = [list(f) if x else [] for f, x in zip(fails.to_numpy(), is_xa)]
    out[CRIME] = rec[CRIME].to_numpy() if CRIME in rec else pd.NA
    out[NOTE] = rec[NOTE].to_numpy() if NOTE in rec else None
    for sub in [s for ind in c.for_level("commune") for s in ind.sub_conditions]:
        holds = crit.sub_condition_holds(rec.reset_index(drop=True), sub)
        out[f"sc_{sub.id}"] = holds.to_numpy()
    out["has_record"] = out["code"].isin(set(records.loc[records["year"] == year, "commune_code"]))
    return out.reset_index(drop=True)


def failing_labels(ids: list[str]) -> list[str]:
    """Vietnamese labels of failing sub-condition ids."""
    c = crit.load_criteria()
    return [c.sub_condition("commune", i).label for i in ids]


def next_step(status: str, failing: list[str]) -> tuple[list[str], str | None]:
    """The failing sub-conditions that matter for a commune, with their heading: those of basic
    19.2 for a xã that does not attain it, those of advanced 19.2 for one that attains only the
    basic indicator, none otherwise."""
    basic_ids = set(crit.sub_condition_ids("commune_19_2_basic"))
    if status == NOT_ATTAINED:
        return [i for i in failing if i in basic_ids], "Điều kiện 19.2 chưa đạt:"
    if status == BASIC:
        return [i for i in failing if i not in basic_ids], "Điều kiện 19.2 nâng cao chưa đạt:"
    return [], None


def rates(status: pd.DataFrame, by: str | None = "district_code") -> pd.DataFrame:
    """Counts and shares of xã attaining basic and advanced 19.2, by district (or province).

    Only xã enter the denominator; a xã with no data counts in the denominator (it has not
    been shown to attain) and is reported in `no_data`.
    """
    xa = status[status["type"] == XA]
    keys = [by] if by else []
    if by and "district_name" in status:
        keys.append("district_name")
    grouped = xa.groupby(keys, sort=True) if keys else None

    def agg(df: pd.DataFrame) -> pd.Series:
        n = len(df)
        basic = int(df["status"].isin([BASIC, ADVANCED]).sum())
        adv = int((df["status"] == ADVANCED).sum())
        return pd.Series({"xa": n, "basic": basic, "advanced": adv,
                          "not_attained": int((df["status"] == NOT_ATTAINED).sum()),
                          "no_data": int((df["status"] == NO_DATA).sum()),
                          "basic_pct": 100.0 * basic / n if n else np.nan,
                          "advanced_pct": 100.0 * adv / n if n else np.nan})

    if grouped is None:
        return agg(xa).to_frame().T
    out = grouped.apply(agg, include_groups=False).reset_index()
    for col in ("xa", "basic", "advanced", "not_attained", "no_data"):
        out[col] = out[col].astype(int)
    return out


def fraction(k: int, n: int, unit: str = "xã") -> str:
    """'118/121 xã (97,5%)': the way leaders read a rate, with a Vietnamese decimal comma."""
    pct = f"{100.0 * k / n:.1f}".replace(".", ",") if n else "–"
    return f"{k}/{n} {unit} ({pct}%)"


def crime_by_year(records: pd.DataFrame, codes: pd.Series, baseline_year: int = 2019) -> pd.DataFrame:
    """Social-order crime cases per year in the given communes, and the change against the baseline."""
    sub = records[records["commune_code"].isin(set(codes))]
    tot = sub.groupby("year")[CRIME].sum(min_count=1).astype("Float64")
    out = tot.rename("cases").reset_index()
    base = tot.get(baseline_year, pd.NA)
    out["change_pct"] = (out["cases"] - base) / base * 100 if pd.notna(base) and base else pd.NA
    return out


def district_status(units: pd.DataFrame, records: pd.DataFrame, year: int) -> pd.DataFrame:
    """District verdicts (9.4, 9.1) and NTM status of a year, one row per district of `units`."""
    rec = records[records["year"] == year].set_index("district_code").reindex(units["code"])
    v = crit.verdicts(rec.reset_index(drop=True), "district")
    out = units[["code", "name", "type"]].copy().reset_index(drop=True)
    out["ind_9_4"] = v["ind_9_4"].to_numpy()
    out["ind_9_1"] = v["ind_9_1"].to_numpy()
    out[NTM_STATUS] = rec[NTM_STATUS].to_numpy() if NTM_STATUS in rec else pd.NA
    return out
