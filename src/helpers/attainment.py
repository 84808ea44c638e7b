"""Attainment: each commune's status in a year, rates, trends and district verdicts.

Records come from helpers.loader (files, folders, checks); this module turns them into what
the reports show.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import criteria as crit
from .labels import ADVANCED, BASIC, NO_DATA, NOT_APPLICABLE, NOT_ATTAINED, XA
from .records import CRIME, NOTE, NTM_STATUS

# ---------------------------------------------------------------- statuses and rates

def commune_status(units: pd.DataFrame, records: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each commune's status in a year (advanced / basic / not attained / not applicable / no data),
    with its verdicts (by the criteria set in force that year), failing sub-conditions, what keeps
    it from the next grade, and crime count. `units` are gazetteer communes."""
    c = crit.for_year(year)
    rec = records[records["year"] == year].drop_duplicates("commune_code").set_index("commune_code")
    rec = rec.reindex(units["code"])
    rec.index.name = "code"
    flat = rec.reset_index(drop=True)
    holds = crit.holds_all(flat, "commune", c)  # once, for the verdicts, the failing and the sc_ columns
    v = crit.verdicts(flat, "commune", c, holds)
    fails = crit.failing_sub_conditions(flat, "commune", c, holds)
    out = units[["code", "name", "short_name", "type", "district_code", "district_name"]].copy() \
        if "district_code" in units else units[["code", "name", "short_name", "type"]].copy()
    basic = v[c.commune_indicator("basic").verdict_column].to_numpy()
    adv = v[c.commune_indicator("advanced").verdict_column].to_numpy()
    status = np.full(len(out), NO_DATA, dtype=object)
    is_xa = (out["type"] == XA).to_numpy()
    b = pd.array(basic, dtype="boolean")
    a = pd.array(adv, dtype="boolean")
    status[is_xa & (b == False).fillna(False).to_numpy(bool)] = NOT_ATTAINED  # noqa: E712
    status[is_xa & (b == True).fillna(False).to_numpy(bool)] = BASIC  # noqa: E712
    status[is_xa & (a == True).fillna(False).to_numpy(bool)] = ADVANCED  # noqa: E712
    status[~is_xa] = NOT_APPLICABLE
    out["status"] = status
    labels = {s: c.status_label(s) for s in set(status)}
    out["status_label"] = [labels[s] for s in status]
    out["basic"] = b
    out["advanced"] = a
    out["failing"] = [list(f) if x else [] for f, x in zip(fails.to_numpy(), is_xa)]
    out[CRIME] = rec[CRIME].to_numpy() if CRIME in rec else pd.NA
    out[NOTE] = rec[NOTE].to_numpy() if NOTE in rec else None
    out[crit.GROUP] = rec[crit.GROUP].to_numpy() if crit.GROUP in rec else pd.NA
    basic_ids = set(crit.sub_condition_ids(c.commune_indicator("basic")))
    label = {i: c.sub_condition("commune", i).label for i in c.sub_condition_columns("commune")}
    nxt = [_next_ids(st, f, basic_ids) for st, f in zip(status, out["failing"])]
    out["next_failing"] = nxt
    out["reasons"] = _with_undecided(["; ".join(label[i] for i in ids) for ids in nxt], out, holds, c)
    for sub_id, held in holds.items():
        out[f"sc_{sub_id}"] = held.to_numpy()
    out["has_record"] = out["code"].isin(set(records.loc[records["year"] == year, "commune_code"]))
    return out.reset_index(drop=True)


UNDECIDED_VI = "chưa đủ số liệu để đánh giá {grade}: {what}"


def _with_undecided(reasons: list[str], out: pd.DataFrame, holds: dict[str, pd.Series], c: crit.Criteria) -> list:
    """The reasons, where the advanced grade of a basic xã cannot be decided (its verdict blank
    and a sub-condition it needs unknown) led by what is missing, the commune group named where a
    threshold depends on it: never an empty reason that reads as 'nothing fails'."""
    reasons = list(reasons)
    undecided = (out["status"] == BASIC).to_numpy() & pd.array(out["advanced"], dtype="boolean").isna()
    groups = out[crit.GROUP].to_numpy()
    for i in np.flatnonzero(undecided):
        missing = [s.label + (" (thiếu Nhóm xã: ngưỡng theo nhóm)" if s.threshold_by_group and pd.isna(groups[i]) else "")
                   for s in c.commune_indicator("advanced").sub_conditions if pd.isna(holds[s.id].iloc[i])]
        if missing:
            head = UNDECIDED_VI.format(grade=c.short("advanced"), what="; ".join(missing))
            reasons[i] = f"{head}; {reasons[i]}" if reasons[i] else head
    return reasons


def failing_labels(ids: list[str], c: crit.Criteria) -> list[str]:
    """Vietnamese labels of failing sub-condition ids (of the set `c`)."""
    return [c.sub_condition("commune", i).label for i in ids]


def next_step(status: str, failing: list[str], c: crit.Criteria) -> tuple[list[str], str | None]:
    """The failing sub-conditions that matter for a commune, with their heading: those of the
    basic indicator for a xã that does not attain it, those of the advanced one for a xã that
    attains only the basic indicator, none otherwise."""
    ids = _next_ids(status, failing, set(crit.sub_condition_ids(c.commune_indicator("basic"))))
    if status == NOT_ATTAINED:
        return ids, f"Điều kiện {c.short('basic')} chưa đạt:"
    if status == BASIC:
        return ids, f"Điều kiện {c.short('advanced')} chưa đạt:"
    return [], None


def _next_ids(status: str, failing: list[str], basic_ids: set[str]) -> list[str]:
    if status == NOT_ATTAINED:
        return [i for i in failing if i in basic_ids]
    if status == BASIC:
        return [i for i in failing if i not in basic_ids]
    return []


def rates(status: pd.DataFrame, by: str | None = "district_code") -> pd.DataFrame:
    """Counts and shares of xã attaining the basic and the advanced indicator, by district (or province).

    Only xã enter the denominator; a xã with no data counts in the denominator (it has not
    been shown to attain) and is reported in `no_data`.
    """
    xa = status[status["type"] == XA]
    keys = [by] if by else []
    if by and "district_name" in status:
        keys.append("district_name")

    def agg(df: pd.DataFrame) -> pd.Series:
        n = len(df)
        basic = int(df["status"].isin([BASIC, ADVANCED]).sum())
        adv = int((df["status"] == ADVANCED).sum())
        return pd.Series({"xa": n, "basic": basic, "advanced": adv,
                          "not_attained": int((df["status"] == NOT_ATTAINED).sum()),
                          "no_data": int((df["status"] == NO_DATA).sum()),
                          "basic_pct": 100.0 * basic / n if n else np.nan,
                          "advanced_pct": 100.0 * adv / n if n else np.nan})

    if not keys:
        return agg(xa).to_frame().T
    # by group: the same counts as agg, summed column-wise (a Python call per group was 60 % of
    # the national overview's rates)
    st = xa["status"]
    flags = pd.DataFrame({"xa": 1, "basic": st.isin([BASIC, ADVANCED]), "advanced": st == ADVANCED,
                          "not_attained": st == NOT_ATTAINED, "no_data": st == NO_DATA}, index=xa.index)
    out = flags.groupby([xa[k] for k in keys], sort=True).sum().astype(int).reset_index()
    for grade in ("basic", "advanced"):
        out[f"{grade}_pct"] = 100.0 * out[grade] / out["xa"]
    return out


def crime_by_year(records: pd.DataFrame, codes: pd.Series, baseline_year: int = 2019) -> pd.DataFrame:
    """Social-order crime cases per year in the given communes, and the change against the baseline."""
    sub = records[records["commune_code"].isin(set(codes))]
    tot = sub.groupby("year")[CRIME].sum(min_count=1).astype("Float64")
    out = tot.rename("cases").reset_index()
    base = tot.get(baseline_year, pd.NA)
    out["change_pct"] = (out["cases"] - base) / base * 100 if pd.notna(base) and base else pd.NA
    return out


def crime_by_district(records: pd.DataFrame, units: pd.DataFrame, baseline_year: int = 2019) -> pd.DataFrame:
    """Social-order crime cases per district (or former province, on the 2025 units) and year,
    with the district's change against its own baseline year (NA where the baseline is missing
    or zero). `units`: code, district_code, district_name. Columns: district_code,
    district_name, year, cases, baseline_year, baseline_cases, change_pct."""
    cols = ["district_code", "district_name", "year", "cases", "baseline_year", "baseline_cases", "change_pct"]
    of = units.set_index("code")[["district_code", "district_name"]]
    sub = records[records["commune_code"].isin(set(of.index))].join(of, on="commune_code")
    if sub.empty:
        return pd.DataFrame(columns=cols)
    out = (sub.groupby(["district_code", "district_name", "year"])[CRIME].sum(min_count=1).astype("Float64")
           .rename("cases").reset_index())
    base = out[out["year"] == baseline_year].set_index("district_code")["cases"]
    out["baseline_year"] = pd.array([baseline_year] * len(out), dtype="Int64")
    out["baseline_cases"] = out["district_code"].map(base).astype("Float64")
    usable = out["baseline_cases"].notna() & (out["baseline_cases"] != 0)
    out["change_pct"] = ((out["cases"] - out["baseline_cases"]) / out["baseline_cases"] * 100).where(usable, pd.NA)
    out["year"] = out["year"].astype("Int64")
    return out[cols].sort_values(["district_code", "year"]).reset_index(drop=True)


def district_status(units: pd.DataFrame, records: pd.DataFrame, year: int) -> pd.DataFrame:
    """District verdicts (the verdict columns of the year's criteria set: 9.4 and 9.1 in
    2021–2025) and NTM status of a year, one row per district of `units`."""
    rec = records[records["year"] == year].set_index("district_code").reindex(units["code"])
    c = crit.for_year(year)
    v = crit.verdicts(rec.reset_index(drop=True), "district", c)
    out = units[["code", "name", "type"]].copy().reset_index(drop=True)
    for col in c.verdict_columns("district"):
        out[col] = v[col].to_numpy()
    out[NTM_STATUS] = rec[NTM_STATUS].to_numpy() if NTM_STATUS in rec else pd.NA
    return out
