"""How a province stands against each target of a plan in a year.

Progress status of a target in a year (method adapted from Open SDG's, on a linear scale since
shares stop at 100 %; see PITFALLS):
- achieved: the target's condition holds in that year (ahead: before its deadline);
- otherwise, when the deadline has come: missed;
- otherwise the pace ratio R = (actual yearly change since the start year) / (yearly change
  needed from the start year to reach the target by its deadline), where the start year is the
  year before the plan's period begins (the situation the plan set out from):
  R ≥ 0.95 on track; 0.60 ≤ R < 0.95 at risk; R < 0.60 off track (deterioration included);
  when the start already met the target and it is now lost: off track;
- named units (unit_status): achieved or, before the deadline, at risk; after it, missed;
- not measurable: the data cannot say (no verdicts, no crime counts for the baseline or the
  year, a unit missing, or a target kept as text).
In progress, `=` is met by reaching the level (a share above it does not miss the target).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from . import attainment, formats, gazetteer, records
from .plan_schema import CRIME_CASES, SHARE_COMMUNES, SHARE_DISTRICTS, Plan, Target, indicator_of

ON_TRACK = 0.95


AT_RISK = 0.60


# Before its deadline a target is ahead, on track or behind; at its deadline, met or missed.
STATUS_LABELS = {
    "achieved": "Đã đạt",
    "missed": "Không đạt",
    "ahead": "Vượt tiến độ",
    "on_track": "Đúng tiến độ",
    "at_risk": "Có nguy cơ không đạt",
    "off_track": "Chậm tiến độ",
    "not_measurable": "Không đo được",
}


# A target at its deadline, as the final review of a period says it: met or not
REVIEW_LABELS = {"achieved": "Đạt", "missed": "Không đạt", "on_track": "Không đạt", "at_risk": "Không đạt",
                 "off_track": "Không đạt", "not_measurable": "Không đo được"}


MET = ("achieved", "ahead")  # the level is reached (by the deadline, or before it)


DISTRICT_LEVEL_TYPES = ("Huyện", "Thị xã", "Thành phố")


def district_level(districts: pd.DataFrame) -> pd.DataFrame:
    """The units district targets count (huyện, thị xã, thành phố thuộc tỉnh; not the quận)."""
    return districts[districts["type"].isin(DISTRICT_LEVEL_TYPES)]


def required_count(comparison: str, threshold: float, n: int) -> int:
    """The least count of n units that meets 'comparison threshold %' ("trên 99% of 121" → 120)."""
    exact = threshold * n / 100.0
    if comparison == ">":
        return min(n, math.floor(exact + 1e-9) + 1)
    return min(n, math.ceil(exact - 1e-9))


def _meets(value: float, comparison: str, threshold: float) -> bool:
    if comparison == ">":
        return value > threshold + 1e-9
    if comparison in (">=", "="):
        return value >= threshold - 1e-9
    if comparison == "<=":
        return value <= threshold + 1e-9
    return value < threshold - 1e-9


def reached(year: int, deadline: int) -> str:
    """The status of a target whose level is reached in `year`: met at (or after) its deadline,
    ahead of schedule before it (it can still be lost before the deadline)."""
    return "achieved" if year >= deadline else "ahead"


def pace_status(start: float | None, now: float, target: float, start_year: int, year: int, deadline: int) -> tuple[str, float | None]:
    """Status of a target not met in `year`: at or after its deadline it is missed (off track),
    whatever the history; before it, from the linear pace ratio (see the module docstring).
    Returns the status and the ratio (or None)."""
    if year >= deadline:
        return "missed", None
    if start is None or year <= start_year:
        return "not_measurable", None
    needed = (target - start) / (deadline - start_year)
    if needed <= 0:
        return "off_track", None  # the start met the target; now it does not
    ratio = ((now - start) / (year - start_year)) / needed
    if ratio >= ON_TRACK:
        return "on_track", ratio
    if ratio >= AT_RISK:
        return "at_risk", ratio
    return "off_track", ratio


@dataclass
class Evidence:
    """What a province's progress is measured on: its units and records (statuses computed once
    per year, however many targets read them)."""

    province: gazetteer.Province
    communes: pd.DataFrame  # gazetteer communes
    districts: pd.DataFrame  # gazetteer districts
    records: pd.DataFrame  # commune records
    district_records: pd.DataFrame
    history: dict[int, pd.DataFrame] = field(default_factory=dict)  # commune_status by year, if known
    district_history: dict[int, pd.DataFrame] = field(default_factory=dict)  # district_status by year, if known
    # computed once per year, however many targets (and years of a final review) read them
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def status(self, year: int) -> pd.DataFrame:
        if year not in self.history:
            self.history[year] = attainment.commune_status(self.communes, self.records, year)
        return self.history[year]

    def has_year(self, year: int, districts: bool = False) -> bool:
        """Whether the commune (or district) records hold a year."""
        key = ("years", districts)
        if key not in self._memo:
            recs = self.district_records if districts else self.records
            self._memo[key] = set() if recs.empty else {int(y) for y in recs["year"].dropna().unique()}
        return int(year) in self._memo[key]

    def rates(self, year: int) -> pd.Series:
        """The province's commune rates in a year (attainment.rates of the whole province)."""
        key = ("rates", year)
        if key not in self._memo:
            self._memo[key] = attainment.rates(self.status(year), None).iloc[0]
        return self._memo[key]

    def district_status(self, year: int) -> pd.DataFrame:
        if year not in self.district_history:
            self.district_history[year] = attainment.district_status(district_level(self.districts),
                                                                     self.district_records, year)
        return self.district_history[year]

    def crime(self) -> pd.Series:
        """Social-order crime cases by year."""
        if "crime" not in self._memo:
            self._memo["crime"] = attainment.crime_by_year(self.records, self.communes["code"]).set_index("year")["cases"]
        return self._memo["crime"]


def evidence(province: str, dataset: records.Dataset, history: dict[int, pd.DataFrame] | None = None,
           vintage: str = "legacy") -> Evidence:
    """What progress needs of a province on the units of `vintage`; `history` (commune statuses
    by year) avoids recomputing."""
    from . import vintage as vintages

    p = gazetteer.province(province, vintage)
    records, _ = vintages.records_on(p, dataset.communes)
    if vintage == "legacy":
        return Evidence(p, gazetteer.communes(p), gazetteer.districts(p), records, dataset.districts, dict(history or {}))
    return Evidence(p, vintages.units_2025(p), pd.DataFrame(columns=["code", "name", "type"]), records,
                  dataset.districts.iloc[0:0], dict(history or {}))


def _share_communes(inp: Evidence, year: int, grade: str) -> tuple[int, int, int] | None:
    if not inp.has_year(year):
        return None
    r = inp.rates(year)
    if int(r["no_data"]) == int(r["xa"]):
        return None
    return int(r["basic"] if grade == "basic" else r["advanced"]), int(r["xa"]), int(r["no_data"])


def _share_districts(inp: Evidence, year: int, column: str) -> tuple[int, int, int] | None:
    if not inp.has_year(year, districts=True):
        return None
    d = inp.district_status(year)
    if column not in d:
        return None
    known = d[column].notna()
    if not known.any():
        return None
    return int(d[column].fillna(False).astype(bool).sum()), len(d), int((~known).sum())


def _crime(inp: Evidence, year: int) -> float | None:
    v = inp.crime().get(year)
    return None if v is None or pd.isna(v) else float(v)


def _percent(k: int, n: int) -> float:
    return 100.0 * k / n if n else float("nan")


def progress(plan: Plan, inp: Evidence, year: int) -> list[dict]:
    """Each target of a plan measured in a year: the target's fields plus actual, gap, status."""
    start_year = plan.period.start - 1
    out = []
    for t in plan.targets:
        row = t.as_dict()
        row.update({"plan": plan.number, "province": inp.province.slug, "year": year, "actual": None,
                    "actual_count": None, "denominator": None, "denominator_note": "", "required": None,
                    "gap": None, "gap_text": "", "status": "not_measurable", "pace_ratio": None,
                    "start_year": start_year, "start_value": None, "note": ""})
        if t.metric == SHARE_COMMUNES:
            _progress_share(row, t, _share_communes(inp, year, t.grade), _share_communes(inp, start_year, t.grade),
                            "xã", "xã (không tính phường, thị trấn: bộ tiêu chí xã nông thôn mới chỉ áp dụng cho xã)",
                            year, start_year)
        elif t.metric == SHARE_DISTRICTS:
            col = indicator_of(t).verdict_column
            _progress_share(row, t, _share_districts(inp, year, col), _share_districts(inp, start_year, col),
                            "đơn vị cấp huyện",
                            "đơn vị cấp huyện (huyện, thị xã, thành phố thuộc tỉnh; kế hoạch ghi “đơn vị cấp huyện” "
                            "và bộ tiêu chí QĐ 320/QĐ-TTg áp dụng cho cả huyện và thị xã, thành phố)", year, start_year)
        elif t.metric == CRIME_CASES:
            _progress_crime(row, t, inp, year, start_year)
        elif t.metric == "unit_status":
            _progress_units(row, t, inp, year)
        row["status_label"] = STATUS_LABELS[row["status"]]
        out.append(row)
    return out


def _progress_share(row: dict, t: Target, now, start, unit: str, note: str, year: int, start_year: int) -> None:
    row["denominator_note"] = note
    if now is None:
        row["note"] = f"Không có số liệu năm {year}."
        return
    k, n, missing = now
    row.update(actual=_percent(k, n), actual_count=k, denominator=n)  # unrounded: rounded once, where shown
    threshold = t.threshold if t.count is None else 100.0 * t.count / t.of
    need = required_count(t.comparison, threshold, n) if t.count is None or t.of != n else t.count
    row["required"] = need
    row["gap"] = max(0, need - k)
    row["gap_text"] = "đã đạt" if row["gap"] == 0 else f"còn {formats.count(row['gap'])} {unit}"
    if missing:
        row["note"] = f"{missing} {unit} không có số liệu, được tính là chưa đạt."
    if k >= need:
        row["status"] = reached(year, t.deadline)
        return
    s = None if start is None else _percent(start[0], start[1])
    row["start_value"] = s
    target_value = 100.0 * need / n
    row["status"], ratio = pace_status(s, _percent(k, n), target_value, start_year, year, t.deadline)
    row["pace_ratio"] = None if ratio is None else round(ratio, 3)
    if s is None and year < t.deadline:
        row["note"] = (row["note"] + f" Không có số liệu năm xuất phát {start_year} để tính tốc độ.").strip()


def _progress_crime(row: dict, t: Target, inp: Evidence, year: int, start_year: int) -> None:
    base = _crime(inp, t.baseline_year)
    now = _crime(inp, year)
    row["denominator_note"] = f"số vụ phạm tội về trật tự xã hội toàn tỉnh năm {t.baseline_year}"
    if base is None or now is None or base == 0:
        row["note"] = f"Không có số vụ phạm tội về trật tự xã hội năm {t.baseline_year if base is None else year}."
        return
    reduction = (base - now) / base * 100.0
    allowed = math.floor(base * (1 - t.threshold / 100.0) + 1e-9)
    row.update(actual=reduction, actual_count=int(now), denominator=int(base), required=allowed)
    row["gap"] = max(0, int(now) - allowed)
    row["gap_text"] = "đã đạt" if row["gap"] == 0 else f"còn phải giảm {formats.count(row['gap'])} vụ"
    if _meets(reduction, t.comparison, t.threshold):
        row["status"] = reached(year, t.deadline)
        return
    start = _crime(inp, start_year)
    s = None if start is None else (base - start) / base * 100.0
    row["start_value"] = s
    row["status"], ratio = pace_status(s, reduction, t.threshold, start_year, year, t.deadline)
    row["pace_ratio"] = None if ratio is None else round(ratio, 3)


def _progress_units(row: dict, t: Target, inp: Evidence, year: int) -> None:
    recs = inp.district_records
    have = recs[recs["year"] == year].set_index("district_code") if not recs.empty else pd.DataFrame()
    met, missing = 0, []
    for u in t.units:
        status = have[records.NTM_STATUS].get(u["code"]) if records.NTM_STATUS in have else None
        if status is None or (isinstance(status, float) and math.isnan(status)) or status is pd.NA:
            missing.append(u["name"])
        elif status == u["status"]:
            met += 1
    n = len(t.units)
    row.update(denominator=n, required=n, denominator_note="đơn vị được kế hoạch nêu tên")
    if missing:  # not measured: no count is shown as if it were one
        row["note"] = f"Không có số liệu tình trạng nông thôn mới của {', '.join(missing)} năm {year}."
        return
    row.update(actual_count=met, actual=_percent(met, n))
    row["gap"] = n - met
    if met == n:
        row["status"], row["gap_text"] = reached(year, t.deadline), "đã đạt"
        return
    names = ", ".join(u["name"] for u in t.units)
    row["gap_text"] = f"{names} chưa đạt tình trạng yêu cầu"
    row["status"] = "at_risk" if year < t.deadline else "missed"


