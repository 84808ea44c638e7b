"""The country at a glance: each province's share of xã attaining the commune indicator, its rank, its shape.

The national overview report (notebook 03, helpers.national) reads everything from here. Shares
are computed exactly as in a province report (helpers.attainment.rates: xã only, a xã without
data counts in the denominator), so a province's row here equals the summary of its own report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from . import attainment, gazetteer, labels, plan_progress, plan_schema, plans, records, request, shapes, vintage
from .records import CRIME


@dataclass
class Overview:
    """The national picture of one year: a row per province, every year's rows for the map."""

    year: int
    vintage: str
    dataset: records.Dataset
    table: pd.DataFrame  # summary() of `year`
    history: dict[int, pd.DataFrame]  # summary() of every year in the data
    shapes: gpd.GeoDataFrame  # one approximate polygon per province (code, geometry)
    statuses: dict[int, pd.DataFrame] = field(default_factory=dict, repr=False)  # commune_status by year
    request: request.Request | None = None  # what was asked for, resolved (helpers.request)


def _records(dataset: records.Dataset, vintage_: str) -> pd.DataFrame:
    """Commune records on the units of the vintage: the years assessed on them, and (2025 units)
    the legacy years carried to them."""
    if vintage_ == "legacy":
        return vintage.records_on(gazetteer.province(gazetteer.provinces()["code"].iloc[0]), dataset.communes)[0]
    parts = [vintage.records_on(gazetteer.province(code, "2025"), dataset.communes)[0]
             for code in gazetteer.provinces("2025")["code"]]
    return pd.concat(parts, ignore_index=True)


def summary(units: pd.DataFrame, records: pd.DataFrame, year: int, vintage_: str = "legacy",
            status: pd.DataFrame | None = None) -> pd.DataFrame:
    """A row per province: xã, counts and shares attaining the basic and advanced indicator (as
    attainment.rates), social-order crimes in `year` and in 2019 with the change, whether the
    province has data at all, and whether it has its own plan (else 926/QĐ-TTg applies).
    Sorted by rank: basic share, then advanced share, then name. `status`: the year's
    attainment.commune_status of `units`, if already computed."""
    status = attainment.commune_status(units, records, year) if status is None else status
    status = status.drop(columns=["district_code", "district_name"], errors="ignore")
    status["province_code"] = units["province_code"].to_numpy()
    rates = attainment.rates(status, "province_code")
    has = status.groupby("province_code")["has_record"].any()
    crimes_now = status.groupby("province_code")[CRIME].sum(min_count=1)
    base = records[records["year"] == baseline_year(year)].set_index("commune_code")[CRIME]
    crimes_base = base.groupby(base.index.map(units.set_index("code")["province_code"])).sum(min_count=1)
    p = gazetteer.provinces(vintage_)
    out = p[["code", "slug", "name", "short_name"]].merge(rates, left_on="code", right_on="province_code", how="left")
    out = out.drop(columns=["province_code"])
    out["units"] = out["code"].map(units.groupby("province_code").size()).fillna(0).astype(int)
    out["has_data"] = out["code"].map(has).fillna(False).astype(bool)
    out.loc[~out["has_data"], ["basic_pct", "advanced_pct"]] = np.nan
    out["crimes"] = out["code"].map(crimes_now).astype("Float64")
    out["crimes_2019"] = out["code"].map(crimes_base).astype("Float64")
    out["crimes_change_pct"] = (out["crimes"] - out["crimes_2019"]) / out["crimes_2019"] * 100
    out["own_plan"] = [plans.has_own_plan(s, year, vintage_) for s in out["slug"]]
    out["year"] = year
    out = out.sort_values(["basic_pct", "advanced_pct", "name"], ascending=[False, False, True],
                          na_position="last", kind="stable").reset_index(drop=True)
    rank, prev = [], None
    for i, (ok, b, a) in enumerate(zip(out["has_data"], out["basic_pct"], out["advanced_pct"])):
        if not ok:
            rank.append(pd.NA)
            continue
        if prev is None or (b, a) != prev[1]:  # equal shares share a rank
            prev = (i + 1, (b, a))
        rank.append(prev[0])
    out["rank"] = pd.array(rank, dtype="Int64")
    return out


def baseline_year(year: int) -> int:
    """The year crimes are compared with in `year`: the national programme's crime target's
    baseline (2019 for 926/QĐ-TTg), else the year before the programme's period."""
    hit = [t for t in plans.national(year).targets if t.metric == plan_schema.CRIME_CASES and t.baseline_year]
    return int(hit[0].baseline_year) if hit else int(plans.national(year).period.start) - 1


def share_target(year: int) -> float | None:
    """The national programme's target share of xã attaining the basic indicator (99 % for
    926/QĐ-TTg): rankings flag the provinces below it."""
    hit = [t for t in plans.national(year).targets if t.metric == plan_schema.SHARE_COMMUNES and t.grade == "basic"]
    return hit[0].threshold if hit else None


def final_review(dataset: records.Dataset, period: tuple[int, int],
                 statuses: dict[int, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The national programme of a period that ended, reviewed for every legacy province at its
    deadline: how many of its targets each met, of those the data can measure (legacy slug,
    met, measured). The commune and district statuses of the country are computed once, not per
    province; `statuses`: commune_status of every legacy commune by year, where already known."""
    start, end = period
    plan = plans.national(end)
    units = gazetteer.communes()
    records = _records(dataset, "legacy")
    known = statuses or {}
    years = {y: known[y] if y in known else attainment.commune_status(units, records, y) for y in (start - 1, end)}
    by_province = {y: dict(tuple(s.groupby(units["province_code"].to_numpy()))) for y, s in years.items()}
    rec_by = dict(tuple(records.groupby(records["commune_code"].map(units.set_index("code")["province_code"]))))
    all_districts = plan_progress.district_level(gazetteer.districts()).reset_index(drop=True)
    district_years = {y: attainment.district_status(all_districts, dataset.districts, y) for y in years}
    district_by = {y: dict(tuple(d.groupby(all_districts["province_code"].to_numpy()))) for y, d in district_years.items()}
    rows = []
    for p in gazetteer.provinces().itertuples(index=False):
        prov = gazetteer.province(p.code)
        mine = units[units["province_code"] == p.code]
        history = {y: by_province[y].get(p.code, years[y].iloc[0:0]) for y in years}
        district_history = {y: district_by[y].get(p.code, district_years[y].iloc[0:0]) for y in years}
        inp = plan_progress.Evidence(prov, mine, gazetteer.districts(prov), rec_by.get(p.code, records.iloc[0:0]),
                           dataset.districts, history, district_history)
        status = [r["status"] for r in plan_progress.progress(plan, inp, end)]
        rows.append({"slug": p.slug, "met": status.count("achieved"),
                     "measured": len(status) - status.count("not_measurable")})
    return pd.DataFrame(rows)


def share_class(pct: float | None, grade: str) -> str:
    """The class code (labels.SHARE_CLASSES) of a share, or no_data."""
    if pct is None or pd.isna(pct):
        return labels.NO_DATA
    return next(c.code for c in reversed(labels.SHARE_CLASSES[grade]) if pct >= c.lower)


def compute(req: request.Request) -> Overview:
    """Everything the national report shows for a national request (helpers.request)."""
    year, units_, dataset = req.year, req.units, req.dataset()
    units = shapes.country_units(units_)
    # the overview of `year` shows that year and the earlier ones, never a later one
    records = _records(dataset, units_)
    records = records[~(records["year"] > year)]
    years = sorted(int(y) for y in records["year"].dropna().unique())
    dataset = dataset.until(year)
    statuses = {y: attainment.commune_status(units, records, y) for y in years}
    history = {y: summary(units, records, y, units_, statuses[y]) for y in years}
    return Overview(year, units_, dataset, history[year], history, shapes.country(units_), statuses, req)
