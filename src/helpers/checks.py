"""Checks over a whole data file at once: a unit-year given twice (in two sheets too), a verdict
contradicting its sub-conditions, blank cells that decide a verdict, units and years without data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import criteria as crit
from . import gazetteer
from .columns import column_kinds
from .labels import XA
from .records import FALSE_TEXT, GROUP, LOCATION, TRUE_TEXT, Problem, headers, vintage_of


def _data_columns(records: pd.DataFrame, level: str) -> list[str]:
    return [c for c in column_kinds(level) if c in records]


def rows_with_data(records: pd.DataFrame, level: str) -> pd.Series:
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
                     rows_with_data(recs, "district").to_numpy())


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
    of_row = crit.units_of_years(recs["year"]).fillna("legacy")
    for vintage in ("legacy", "2025"):
        rows = (of_row == vintage).astype(bool)
        if rows.any():
            types = gazetteer.communes(vintage=vintage).set_index("code")["type"]
            out[rows] = recs.loc[rows, "commune_code"].map(types)
    return out


def _missing(recs: pd.DataFrame, province: gazetteer.Province, hdr: dict) -> list[Problem]:
    """A warning for every commune of the province without data in a year of the file (in the
    units of that year)."""
    filled = recs[rows_with_data(recs, "commune")]
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
