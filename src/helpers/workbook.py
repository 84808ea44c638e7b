"""One province and year, loaded once: units, data, geometry, statuses; and the analyst's API.

`load(province, year)` returns a ProvinceYear. Its methods hand out tidy frames, the same ones
the report's sections are made of: `communes()` (every commune in every year of the data),
`rates()`, `crime()`, `progress()`, `geometry()` (a GeoDataFrame: `.explore()` works), and the
three analyses `path_to_targets()` / `closest()`, `stability()` / `changes()` and
`commune_history()`. Notebooks call `load(...)` with their parameters and display what the
sections make of it, so the logic stays here, tested, and the notebooks stay thin.

>>> wb = load("tuyen-quang", 2025)                                  # doctest: +SKIP
>>> c = wb.communes()                                               # doctest: +SKIP
>>> c[(c.year == 2025) & (c.status == "not_attained")][["name", "district_name", "reasons"]]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import (
    attainment,
    boundaries,
    commune_history,
    datasets,
    gazetteer,
    geometry,
    labels,
    path_to_target,
    plan_progress,
    plan_schema,
    plan_wording,
    plans,
    records,
    request,
    shapes,
    stability,
    territory,
    vintage,
)
from . import criteria as crit
from .frame_types import typed
from .names import named
from .output_names import output_name
from .records import CRIME as CRIME_COLUMN

# what `ctx.` completes to: the analyst's API (README, "The analyst's API"); the rest is private
API = ("province", "year", "years", "previous_year", "vintage", "criteria", "plan", "district", "communes",
       "commune_history", "rates", "crime", "crime_by_district", "crime_target", "progress", "path_to_targets",
       "closest", "stability", "changes", "series", "final_review", "geometry")
FINAL_REVIEW_COLUMNS = ["province", "plan", "target_id", "target", "target_status", "gap", "gap_text", "unconfirmed"]
PROGRESS_COLUMNS = ["province", "plan", "year", "target_id", "target", "section", "metric", "grade", "deadline", "baseline_year",
                    "actual", "actual_count", "denominator", "actual_text", "required", "required_text", "gap",
                    "gap_text", "target_status", "target_status_label", "pace_ratio", "unconfirmed",
                    "denominator_note", "note"]
# the counts of xã by grade, named apart from the frames' yes/no verdicts `basic` and `advanced`
COUNT_COLUMNS = {"basic": "n_basic", "advanced": "n_advanced", "not_attained": "n_not_attained",
                 "no_data": "n_no_data"}


@dataclass
class ProvinceYear:
    """One province and year loaded (`load`): `province` (a gazetteer.Province: slug, code,
    name), `year`, and the analyst's API (API). The fields and properties whose names start
    with an underscore are what the report's sections read; an analyst reads the frames."""

    province: gazetteer.Province
    year: int
    _dataset: records.Dataset
    _units: pd.DataFrame  # gazetteer communes
    _districts: pd.DataFrame  # gazetteer districts
    _geo: gpd.GeoDataFrame  # one polygon per commune
    _districts_geo: gpd.GeoDataFrame | None  # real district polygons, when given
    _boundary_source: str
    _approximate: bool
    _status: pd.DataFrame  # attainment.commune_status of `year`
    _history: dict[int, pd.DataFrame]  # attainment.commune_status of every year in the data
    _records: pd.DataFrame | None = None  # commune records of these units (carried, for 2025)
    _match: boundaries.Match | None = None  # how a boundary file matched, when one was given
    _carried: pd.DataFrame | None = None  # for 2025 units: how each verdict was formed
    _request: request.Request | None = None  # what was asked for, resolved (helpers.request)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        return (f"<ProvinceYear {self.province.name}, {self.year}: {len(self._units)} communes, years "
                f"{', '.join(map(str, self.years))}; {self._dataset.name}>")

    def _once(self, key: str, make):
        """make(), computed once per ProvinceYear (several sections read the same result); a
        DataFrame is handed out as a copy, so that no caller changes what the others read."""
        if key not in self._cache:
            self._cache[key] = make()
        value = self._cache[key]
        return value.copy() if isinstance(value, pd.DataFrame) else value

    @property
    def vintage(self) -> str:
        """The units the frames are on: "legacy" (until 30/6/2025) or "2025" (from 1/7/2025)."""
        return self.province.vintage

    @property
    def _group_label(self) -> str:
        """What groups the communes in tables: districts, or (2025 units) the former provinces."""
        return "Huyện, thị xã, thành phố" if self.vintage == "legacy" else "Thuộc tỉnh cũ"

    @property
    def _group_noun(self) -> str:
        """The groups named in a sentence ("theo từng …"): districts, or the former provinces."""
        return "huyện, thị xã, thành phố" if self.vintage == "legacy" else "tỉnh cũ"

    @property
    def _notices(self) -> list[str]:
        """What every output made from these inputs must say about them."""
        have, total = self._coverage
        incomplete = labels.incomplete_notice(self.year, have, total) if have < total else None
        return labels.notices(self._dataset.illustrative,
                              labels.APPROXIMATE_BOUNDARIES_NOTICE if self._approximate else None, self.vintage,
                              incomplete, self.criteria.notice,
                              carried_history=self.criteria.units == "2025")

    @property
    def _island_codes(self) -> list[str]:
        """Units on far islands (helpers.territory: the archipelagos): drawn there, outside the
        map's opening view, which an overview in a corner shows."""
        far = territory.far_codes(self.vintage)
        return [c for c in self._units["code"] if c in far]

    @property
    def _coverage(self) -> tuple[int, int]:
        """Xã with data in this year, and all xã."""
        xa = self._status[self._status["type"] == labels.XA]
        return int(xa["has_record"].sum()), len(xa)

    @property
    def _title(self) -> str:
        return f"{self.province.name}{vintage.units_label(self.vintage, self.year)} — năm {self.year}"

    @property
    def _map_name(self) -> str:
        return output_name(self.province.slug, self.vintage, self.year)

    # ---------------------------------------------------------------- the analyst's API

    @property
    def criteria(self) -> crit.Criteria:
        """The criteria set in force in this year (helpers.criteria)."""
        return self._request.criteria

    def _criteria_of(self, year: int) -> crit.Criteria:
        """The criteria set in force in `year`, looked up once per year for this province and year."""
        year = int(year)
        return self.criteria if year == self.year else self._once(f"criteria:{year}", lambda: crit.for_year(year))

    @property
    def years(self) -> list[int]:
        """The years of the data, in order."""
        return sorted(self._history)

    @property
    def previous_year(self) -> int | None:
        """The year of the data before `year`, if any."""
        before = [y for y in self.years if y < self.year]
        return before[-1] if before else None

    def communes(self) -> pd.DataFrame:
        """Every commune in every year of the data, one row each (a tidy frame).

        Columns: year, code, name, short_name, type, district_code, district_name (on the 2025
        units: the former province), status (labels.STATUS_ORDER codes), status_label, basic and
        advanced (the verdicts: True, False or NA), failing (ids of every failing sub-condition),
        reasons (what keeps the xã from the next grade, in Vietnamese), crime_cases, note,
        has_record, and one column per sub-condition (True, False or NA) named by its id.

        >>> c = load("tuyen-quang", 2025).communes()                    # doctest: +SKIP
        >>> c[c.year == 2025].groupby("district_name")["status"].value_counts().unstack()  # doctest: +SKIP
        """
        return self._once("communes", lambda: typed(self._communes()))

    def _communes(self) -> pd.DataFrame:
        frames = []
        for y, st in sorted(self._history.items()):
            f = st.rename(columns={c: c[3:] for c in st.columns if c.startswith("sc_")})
            f.insert(0, "year", y)
            frames.append(f.drop(columns=["next_failing"]))
        return pd.concat(frames, ignore_index=True)

    def rates(self, by: str | None = "district") -> pd.DataFrame:
        """Counts and shares of xã attaining the basic and the advanced indicator in every year: by district
        (`by="district"`; on the 2025 units, by former province) or for the province (`by=None`).
        Columns: year, [district_code, district_name,] xa, n_basic, n_advanced, n_not_attained,
        n_no_data, basic_pct, advanced_pct (percent, 0–100)."""
        if by not in ("district", None):
            raise ValueError(f"by must be 'district' or None, got {by!r}")
        frames = [attainment.rates(st, "district_code" if by else None).assign(year=y)
                  for y, st in sorted(self._history.items())]
        out = pd.concat(frames, ignore_index=True).rename(columns=COUNT_COLUMNS)
        return typed(out[["year", *[c for c in out.columns if c != "year"]]])

    def crime(self, baseline_year: int | None = None) -> pd.DataFrame:
        """Social-order crime cases of the province per year (year, cases, change_pct against
        `baseline_year`, in percent; by default the baseline of crime_target())."""
        return typed(attainment.crime_by_year(self._records, self._units["code"], baseline_year or self._crime_baseline))

    def district(self, ref: str) -> str:
        """The `district_name` of the frames for a district (a former province, on the 2025
        units) given as loosely as a province or a commune: its code, or its name with or
        without diacritics, prefix or "(cũ)" ('ham yen', 'Huyện Hàm Yên', '074', 'ha giang').
        Raises LookupError naming the districts when it names none or several.

        >>> ctx = load("tuyen-quang", 2025)                                      # doctest: +SKIP
        >>> ctx.communes().query("district_name == @ctx.district('ham yen')")    # doctest: +SKIP
        """
        d = self._districts
        hit = named(d, ref, len(str(d["code"].iloc[0])))
        if len(hit) == 1:
            return str(hit["name"].iloc[0])
        names = "; ".join(f"{r.code} {r.name}" for r in (hit if len(hit) else d).itertuples())
        raise LookupError(f"{ref!r} names {'several' if len(hit) else 'no'} district of {self.province.name} "
                          f"({names}): give its code or its name")

    def crime_by_district(self, baseline_year: int | None = None) -> pd.DataFrame:
        """Social-order crime cases per district (former province, on the 2025 units) and year,
        each against its own `baseline_year` (by default the baseline of crime_target()):
        district_code, district_name, year, cases, baseline_year, baseline_cases, change_pct.

        >>> load("tuyen-quang", 2025).crime_by_district().query("year == 2025")  # doctest: +SKIP
        """
        return typed(attainment.crime_by_district(self._records, self._units, baseline_year or self._crime_baseline))

    def crime_target(self) -> plan_schema.Target | None:
        """The crime reduction target this year's report measures against: the plan's in force
        (the province's own, else the national programme's), else the national programme's."""
        hits = self._once("crime_targets", lambda: [t for plan in (self.plan, plans.national(self.year))
                                                    for t in plan.targets if t.metric == plan_schema.CRIME_CASES])
        return hits[0] if hits else None

    @property
    def _crime_baseline(self) -> int:
        """The year crime cases are compared with: the crime target's baseline, else the year
        before the programme period in force."""
        t = self.crime_target()
        return int(t.baseline_year) if t and t.baseline_year else self.criteria.period[0] - 1

    @property
    def plan(self) -> plan_schema.Plan:
        """The plan the province is measured against this year: its own, or the national
        programme in force (926/QĐ-TTg until 2025)."""
        return self._once("plan", lambda: plans.plan_for(self.province.slug, self.year))

    def progress(self, year: int | None = None) -> pd.DataFrame:
        """Every target of the plan measured in `year` (default: this year), one row each:
        province (the province measured), plan, year, target_id, target (in words), section, metric,
        grade, deadline, baseline_year, actual (the share in %, or the crime reduction in %),
        actual_count, denominator, actual_text, required, required_text, gap, gap_text, target_status
        (a plan_progress.STATUS_LABELS key), target_status_label, pace_ratio, unconfirmed,
        denominator_note, note. The plans of 2021–2025 were written for the provinces before
        1 July 2025: on the 2025 units, a year of that period is measured for each former province
        the province was made of, on the legacy units, against that province's plan.

        >>> load("tuyen-quang", 2025).progress()[["target", "actual_text", "target_status_label"]]  # doctest: +SKIP
        """
        year = int(year or self.year)
        units = self._criteria_of(year).units
        rows = []
        for slug, name, plan in self._plans_measured(year):
            targets = {t.id: t for t in plan.targets}
            rows += [{
                "province": name, "plan": plan.name, "year": r["year"], "target_id": r["id"],
                "target": plan_wording.target_text(targets[r["id"]]), "section": r["section"], "metric": r["metric"],
                "grade": r["grade"], "deadline": r["deadline"], "baseline_year": r["baseline_year"],
                "actual": r["actual"], "actual_count": r["actual_count"], "denominator": r["denominator"],
                "actual_text": plan_wording.actual_text(r), "required": r["required"],
                "required_text": plan_wording.required_text(r), "gap": r["gap"], "gap_text": r["gap_text"],
                "target_status": r["status"], "target_status_label": r["status_label"], "pace_ratio": r["pace_ratio"],
                "unconfirmed": bool(r["unconfirmed"]), "denominator_note": r["denominator_note"], "note": r["note"],
            } for r in plan_progress.progress(plan, self._evidence(slug, units), year)]
        return typed(pd.DataFrame(rows, columns=PROGRESS_COLUMNS))

    def _measured_provinces(self, units: str) -> tuple[str, ...]:
        """The provinces a plan on `units` is measured for: this one, or on the 2025 units for a
        plan written before 1 July 2025, each former province it was made of (legacy slugs)."""
        return datasets.legacy_provinces(self.province) if self.vintage != units else (self.province.slug,)

    def _plans_measured(self, year: int) -> list[tuple[str, str, plan_schema.Plan]]:
        """(slug, name, plan) of each province measured in `year` and the plan it is measured
        against: its own, else the national programme of the year."""
        units = self._criteria_of(year).units
        own = self.vintage == units  # else the former provinces, named as they were (legacy)
        return [(s, self.province.name if own else gazetteer.province(s).name, plans.plan_for(s, year))
                for s in self._measured_provinces(units)]

    def _evidence(self, slug: str, units: str) -> plan_progress.Evidence:
        """What plan progress reads of a province on `units`, once per ProvinceYear: the progress
        and the final review read the same statuses of the same years."""
        history = self._history if self.vintage == units else None
        return self._once(f"evidence:{slug}:{units}", lambda: plan_progress.evidence(slug, self._dataset, history, units))

    def geometry(self, year: int | None = None) -> gpd.GeoDataFrame:
        """The communes' shapes (EPSG:4326) with their status in `year` (default: this year):
        code, name, district_name, type, status, status_label, reasons, crime_cases, geometry.

        >>> load("gia-lai", 2024).geometry().explore(column="status_label")  # doctest: +SKIP
        """
        c = self.communes()
        c = c[c["year"] == int(year or self.year)]
        cols = ["code", "name", "district_name", "type", "status", "status_label", "reasons", "crime_cases"]
        g = self._geo[["code", "geometry"]].merge(c[cols], on="code", how="left", validate="one_to_one")
        return typed(gpd.GeoDataFrame(g, geometry="geometry", crs=self._geo.crs).to_crs(geometry.WGS84))

    def path_to_targets(self) -> pd.DataFrame:
        """How many more xã must attain to meet each commune target of the plan in this year
        (helpers.path_to_target.needed): for the province, and each district's share of what the
        province still needs (a target set per district: what each district itself needs).

        >>> need = load("tuyen-quang", 2025).path_to_targets()                   # doctest: +SKIP
        >>> need.query("level == 'district' and gap > 0")[["district_name", "candidates", "gap"]]  # doctest: +SKIP
        """
        return typed(path_to_target.needed(self._status, list(self.plan.targets), self.province.name))

    def closest(self, grade: str = "basic") -> pd.DataFrame:
        """The xã not attaining `grade` ("basic" or "advanced") this year, closest first: fewest
        conditions failing, then the distance to the numeric thresholds of their group
        (helpers.path_to_target.closest), with the Vietnamese labels of what fails."""
        prev = self._history.get(self.previous_year) if self.previous_year else None
        year = self._records[self._records["year"] == self.year] if self._records is not None else None
        out = path_to_target.closest(self._status, grade, prev, self.criteria, year)
        out["reasons"] = ["; ".join(attainment.failing_labels(f, self.criteria)) for f in out["failing"]]
        return typed(out)

    def stability(self) -> pd.DataFrame:
        """Kept, lost and gained grades (basic and advanced) between consecutive years of the data."""
        return typed(stability.summary(self._history, self._transitions()).rename(columns=COUNT_COLUMNS))

    def _transitions(self) -> list[tuple]:
        """The consecutive years of the data joined (read by stability and changes alike)."""
        return self._once("transitions", lambda: stability.transitions(self._history))

    def changes(self) -> pd.DataFrame:
        """Each xã that lost or gained a grade between consecutive years of the data."""
        return self._once("changes", lambda: typed(self._changes()))

    def _changes(self) -> pd.DataFrame:
        out = stability.changes(self._history, self._transitions())
        sets = {y: self._criteria_of(y) for y in set(out["to_year"])}
        out["reasons_after"] = ["; ".join(attainment.failing_labels(attainment.next_step(s, f, sets[y])[0], sets[y]))
                                for s, f, y in zip(out["status_after"], out["failing_after"], out["to_year"])]
        return out

    def series(self) -> pd.DataFrame:
        """The province's results year by year across the reorganisation of 1 July 2025: the
        years until 2025 on the legacy units (every former province together, under the
        2021–2025 criteria), the later years on the 2025 units (under their criteria set).
        Columns: year, units (legacy or 2025), criteria (the set's id), indicator (its name),
        xa, n_basic, n_advanced, basic_pct, advanced_pct, crime_cases."""
        return self._once("series", lambda: typed(self._series()))

    def _series(self) -> pd.DataFrame:
        rows = []
        legacy_years = [y for y in self.years if self._criteria_of(y).units == "legacy"]
        former = self._series_provinces
        on_legacy, _ = vintage.records_on(gazetteer.province(former[0]), self._dataset.communes)
        units = {s: gazetteer.communes(s) for s in former} if self.vintage == "2025" else {}
        own = {s: on_legacy[on_legacy["commune_code"].isin(set(u["code"]))] for s, u in units.items()}
        for y in legacy_years:
            if self.vintage == "legacy":
                status = self._history[y]
            else:
                status = pd.concat([attainment.commune_status(units[s], own[s], y) for s in former],
                                   ignore_index=True)
            rows.append(self._series_row(y, "legacy", status))
        for y in (y for y in self.years if self._criteria_of(y).units == "2025" and self.vintage == "2025"):
            rows.append(self._series_row(y, "2025", self._history[y]))
        return pd.DataFrame(rows)

    @property
    def _series_provinces(self) -> tuple[str, ...]:
        """The legacy provinces whose results make the series' years on the legacy units."""
        return self._measured_provinces("legacy")

    def _series_row(self, year: int, units: str, status: pd.DataFrame) -> dict:
        r = attainment.rates(status, None).iloc[0]
        c = self._criteria_of(year)
        crime = status[CRIME_COLUMN].astype("Float64").sum(min_count=1)
        return {"year": year, "units": units, "criteria": c.id, "indicator": c.short("basic"), "xa": int(r["xa"]),
                "n_basic": int(r["basic"]), "n_advanced": int(r["advanced"]), "basic_pct": float(r["basic_pct"]),
                "advanced_pct": float(r["advanced_pct"]), "crime_cases": None if pd.isna(crime) else int(crime)}

    @property
    def _reviewed_period(self) -> tuple[int, int] | None:
        """The criteria period this report reviews (2021–2025 from 2025 on): the latest one that
        ended by this year and whose last year the data has; None before."""
        return crit.reviewed_period(self.year, self.years)

    def final_review(self) -> pd.DataFrame:
        """The programme period that ended (_reviewed_period, 2021–2025) reviewed: every target of
        the national programme and of the province's own plan at the period's deadline — met or
        missed, by how much — and its path over the years of the data, for the province (on the
        2025 units: for each former province, on the units the period was assessed on).
        Columns: province, plan, target_id, target, one column per year (the actual value: the
        share of xã or units in %, or the crime reduction in %), target_status (plan_progress.STATUS_LABELS
        key at the deadline), gap, gap_text, unconfirmed. Before the period's last year: no row, the
        same columns (without the years), so that code written for one year runs on another."""
        if self._reviewed_period is None:
            return typed(pd.DataFrame(columns=FINAL_REVIEW_COLUMNS))
        start, end = self._reviewed_period
        units = self._criteria_of(end).units
        years = [y for y in self.years if start <= y <= end]
        rows = []
        for slug in self._measured_provinces(units):
            inp, name = self._evidence(slug, units), gazetteer.province(slug).name
            for plan in [p for p in (plans.own_plan(slug, end, units), plans.national(end)) if p]:
                by_year = {y: {r["id"]: r for r in plan_progress.progress(plan, inp, y)} for y in years}
                for t in plan.targets:
                    last = by_year[end][t.id]
                    rows.append({"province": name, "plan": plan.name, "target_id": t.id,
                                 "target": plan_wording.target_text(t),
                                 **{str(y): by_year[y][t.id]["actual"] for y in years},
                                 "target_status": last["status"], "gap": last["gap"], "gap_text": last["gap_text"],
                                 "unconfirmed": bool(last["unconfirmed"])})
        return typed(pd.DataFrame(rows, columns=[*FINAL_REVIEW_COLUMNS[:4], *map(str, years), *FINAL_REVIEW_COLUMNS[4:]]))

    def commune_history(self, ref: str) -> pd.DataFrame:
        """One commune (GSO code or name, with or without diacritics) year by year: status,
        verdicts, each sub-condition, crime cases and note.

        >>> load("tuyen-quang").commune_history("hung loi")            # doctest: +SKIP
        """
        c = self.communes()
        return commune_history.of_commune(c, commune_history.find(c, ref))


def load(province: str, year: int | None = None, data: str | Path | None = None,
         boundaries: str | Path | None = None, vintage: str | None = None) -> ProvinceYear:
    """Load everything for one province and year (the latest year in which the data has the
    province's xã by default).

    `data`: a data file or folder (the demo data by default).
    `boundaries`: a commune-level file (its shapes are drawn; every commune must have one) or a
    district-level file (real district outlines; approximate communes inside them).
    `vintage`: "legacy" (units until 30/6/2025) or "2025" (units from 1/7/2025, the legacy
    records carried to them by helpers.vintage); by default, the units the year is assessed on
    (its criteria set's: legacy until 2025, the 2025 units from 2026).

    >>> ctx = load("gia-lai", 2024)  # doctest: +SKIP
    """
    return open_request(request.resolve(province, year, data, boundaries, vintage))


def open_request(req: request.Request) -> ProvinceYear:
    """A one-province request (helpers.request) loaded: its units, records, statuses of every
    year until the request's and shapes."""
    prov, year = req.province, req.year
    units = shapes.units(prov)
    records, detail = vintage.records_on(prov, req.dataset().communes)
    districts = shapes.groups(prov, units)
    # the records of these units only (the data may hold the whole country), and (a report or
    # frame of `year` shows that year and the earlier ones, never a later one) until `year`
    records = records[records["commune_code"].isin(set(units["code"])) & ~(records["year"] > year)]
    known_years = sorted(int(y) for y in records["year"].dropna().unique())
    drawn = shapes.drawn(req.province, req.boundaries, units, districts, req.year)
    history = {y: attainment.commune_status(units, records, y) for y in known_years}
    return ProvinceYear(prov, year, req.dataset().until(year), units, districts, drawn.geo, drawn.districts_geo,
                        drawn.source, drawn.approximate, history[year], history, _records=records, _match=drawn.match,
                        _carried=detail, _request=req)
