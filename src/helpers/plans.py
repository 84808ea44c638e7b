"""Province plans (and the national programme 926/QĐ-TTg) as data: schema, progress, comparison.

A plan file (`data/plans/<province>.yaml`) holds the plan's identity, every target as data,
its qualitative targets, task groups, agency assignments and reporting obligations.

Comparisons are kept exactly as written: `>` for "trên", `>=` for "ít nhất", `=` for a bare
level ("99% số xã", "đạt 25%"): a plan that states a level without a comparison word. In
progress, `=` is met by reaching the level (a share above it does not miss the target).

Progress status of a target in a year (method adapted from Open SDG's, on a linear scale since
shares stop at 100 %; see PITFALLS):
- achieved: the target's condition holds in that year;
- otherwise, when the deadline has come: off track;
- otherwise the pace ratio R = (actual yearly change since the start year) / (yearly change
  needed from the start year to reach the target by its deadline), where the start year is the
  year before the plan's period begins (the situation the plan set out from):
  R ≥ 0.95 on track; 0.60 ≤ R < 0.95 at risk; R < 0.60 off track (deterioration included);
  when the start already met the target and it is now lost: off track;
- named units (unit_status): achieved or, before the deadline, at risk; after it, off track;
- not measurable: the data cannot say (no verdicts, no crime counts for the baseline or the
  year, a unit missing, or a target kept as text).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from . import attainment, formats, gazetteer, loader, schema
from . import criteria as crit
from .labels import MISSING_TEXT
from .paths import PLANS_DIR

# A share target is about the indicator of its level and grade in the criteria set in force at
# its deadline (helpers.criteria): share_communes, the share of xã attaining the commune
# indicator; share_districts, the share of district-level units attaining the district one.
SHARE_COMMUNES = "share_communes"
SHARE_DISTRICTS = "share_districts"
CRIME_CASES = "crime_cases_social_order"  # a cut in social-order crime cases against a baseline year
METRICS = (SHARE_COMMUNES, SHARE_DISTRICTS, CRIME_CASES, "unit_status")
LEVELS = ("commune", "district", "province")
COMPARISONS = (">", ">=", "=", "<=", "<")
GRADES = ("basic", "advanced")
UNIT_STATUSES = tuple(loader.NTM_STATUS_LABELS)
TARGET_FIELDS = ("metric", "level", "indicator", "grade", "comparison", "threshold", "count", "of", "deadline",
                 "baseline_year", "units", "source")

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
REVIEW_TEXT = ("“Đạt” khi điều kiện của mục tiêu được đáp ứng ở năm thời hạn; “Không đạt” khi không; “Không đo "
               "được” khi số liệu không đủ. Mục tiêu “trên X%” đòi hỏi vượt X%; “X%” và “ít nhất X%” đạt khi bằng "
               "hoặc cao hơn X%.")
COMPARISON_WORDS = {">": "trên", ">=": "ít nhất", "=": "", "<=": "không quá", "<": "dưới"}
DISTRICT_LEVEL_TYPES = ("Huyện", "Thị xã", "Thành phố")


def district_level(districts: pd.DataFrame) -> pd.DataFrame:
    """The units district targets count (huyện, thị xã, thành phố thuộc tỉnh; not the quận)."""
    return districts[districts["type"].isin(DISTRICT_LEVEL_TYPES)]


class PlanError(ValueError):
    """A plan file that does not follow the schema."""


@dataclass(frozen=True)
class Target:
    id: str
    metric: str
    level: str
    indicator: str | None
    grade: str | None
    comparison: str
    threshold: float | None
    count: int | None
    of: int | None
    deadline: int
    baseline_year: int | None
    units: tuple[dict, ...]
    source: str
    section: str = ""
    deadline_note: str = ""
    scope: str = "province"
    source_ref: str = ""
    unconfirmed: tuple[str, ...] = ()
    # set when the level is not the plan's own target for the indicator but a floor implied by
    # another of its goals (a xã reaching NTM must attain the indicator): that goal, in words
    derived_from: str = ""

    def as_dict(self) -> dict:
        return {"id": self.id, **{f: getattr(self, f) for f in TARGET_FIELDS},
                "units": [dict(u) for u in self.units], "section": self.section,
                "unconfirmed": list(self.unconfirmed), "derived_from": self.derived_from}

    @property
    def key(self) -> tuple:
        """What a target measures, to line up the same target across plans."""
        if self.metric == "unit_status":
            return (self.metric, tuple(sorted(u["code"] for u in self.units)))
        return (self.metric, self.grade)


@dataclass(frozen=True)
class Plan:
    id: str
    kind: str
    province: str | None
    number: str
    date: dt.date
    title: str
    issuer: str
    signer: dict
    legal_basis: tuple[str, ...]
    guidance: tuple[str, ...]
    period: dict
    source: dict
    targets: tuple[Target, ...]
    qualitative_targets: tuple[dict, ...]
    task_groups: tuple[dict, ...]
    assignments: tuple[dict, ...]
    reporting: tuple[dict, ...]
    implements: str | None = None
    path: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    units: str = "legacy"  # the administrative units its targets are measured on

    def covers(self, year: int) -> bool:
        """Whether the plan is the one in force for a year's report: its period holds the year
        (a year before its start still reads against it, as the situation it set out from)."""
        return int(year) <= int(self.period["end"])

    @property
    def label(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"

    @property
    def name(self) -> str:
        """How a reader names the plan: its file's `name`, else from its number."""
        if self.raw.get("name"):
            return str(self.raw["name"])
        if self.kind == "national":
            return f"Quyết định {self.number}"
        return f"Kế hoạch {self.number} ({gazetteer.province(self.province).name})"

    @property
    def short_number(self) -> str:
        """The number without its issuer's mark, as a sentence repeats it: '926' of '926/QĐ-TTg'."""
        return self.number.partition("/")[0]

    @property
    def short_name(self) -> str:
        """How a sentence that already named the plan names it again: 'Quyết định 926' for the
        national programme's decision 926/QĐ-TTg; else its name."""
        return f"Quyết định {self.short_number}" if self.kind == "national" and not self.raw.get("name") else self.name


# ---------------------------------------------------------------- schema

# the keys a plan file and each of its targets may have: any other is a misspelling (treshold)
PLAN_KEYS = ("id", "kind", "province", "units", "name", "number", "date", "title", "issuer", "signer", "implements",
             "legal_basis", "legal_basis_source", "guidance", "period", "source", "targets", "qualitative_targets",
             "task_groups", "assignments", "reporting")
TARGET_KEYS = ("id", "metric", "level", "scope", "indicator", "grade", "comparison", "threshold", "count", "of",
               "deadline", "deadline_note", "baseline_year", "units", "source", "source_ref", "section",
               "unconfirmed", "derived_from")
YEARS = (2000, 2100)  # the years a plan's period and deadlines may name


def _known_keys(raw: dict, known: tuple[str, ...], path, where: str) -> None:
    import difflib

    for key in raw:
        if key not in known:
            near = difflib.get_close_matches(str(key), known, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else f"; known keys: {', '.join(known)}"
            raise _err(path, f"{where}.{key}", f"unknown key{hint}")


def _err(path, where: str, msg: str) -> PlanError:
    return PlanError(f"{path}: {where}: {msg}")


def _need(d: dict, key: str, path, where: str, types=None):
    if not isinstance(d, dict) or key not in d:
        raise _err(path, where, f"missing key '{key}'")
    v = d[key]
    if types is not None and not isinstance(v, types):
        names = types.__name__ if isinstance(types, type) else " or ".join(t.__name__ for t in types)
        raise _err(path, f"{where}.{key}", f"must be {names}, got {type(v).__name__} {v!r}")
    return v


def _choice(raw: dict, key: str, choices: tuple, path, where: str, required: bool = True):
    value = _need(raw, key, path, where, str) if required else raw.get(key)
    if value is not None and value not in choices:
        raise _err(path, f"{where}.{key}", f"must be one of {', '.join(map(str, choices))}; unknown {key} {value!r}")
    return value


def _check_metric(raw: dict, metric: str, level: str, grade: str | None, path, where: str) -> None:
    """What a metric requires of a target: its threshold, level, grade or baseline."""
    threshold = raw.get("threshold")
    if metric != "unit_status":
        if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not 0 <= threshold <= 100:
            raise _err(path, f"{where}.threshold", f"must be a percentage between 0 and 100, got {threshold!r}")
    if metric == SHARE_COMMUNES and (level != "commune" or grade is None):
        raise _err(path, where, f"a {metric} target needs level commune and a grade")
    if metric == SHARE_DISTRICTS and level != "district":
        raise _err(path, where, f"a {metric} target needs level district")
    if metric == CRIME_CASES and not isinstance(raw.get("baseline_year"), int):
        raise _err(path, f"{where}.baseline_year", "a crime reduction target needs the baseline year")


def _count(raw: dict, path, where: str) -> tuple[int | None, int | None]:
    count, of = raw.get("count"), raw.get("of")
    if (count is None) != (of is None):
        raise _err(path, where, "count and of go together (e.g. 85 of 85)")
    if count is not None and not (isinstance(count, int) and isinstance(of, int) and 0 <= count <= of):
        raise _err(path, where, f"count {count!r} of {of!r} is not a valid count")
    return count, of


def _units(raw: dict, metric: str, path, where: str) -> list:
    units = raw.get("units") or []
    if metric == "unit_status":
        if not units:
            raise _err(path, f"{where}.units", "a unit_status target names its units")
        for u in units:
            if not isinstance(u, dict) or not {"code", "name", "status"} <= set(u):
                raise _err(path, f"{where}.units", f"each unit needs code, name and status, got {u!r}")
            if u["status"] not in UNIT_STATUSES:
                raise _err(path, f"{where}.units", f"unknown unit status {u['status']!r}")
    return units


def _target(raw: dict, path, where: str, period: dict) -> Target:
    tid = _need(raw, "id", path, where, str)
    where = f"targets[{tid}]"
    _known_keys(raw, TARGET_KEYS, path, where)
    metric = _choice(raw, "metric", METRICS, path, where)
    level = _choice(raw, "level", LEVELS, path, where)
    comparison = _choice(raw, "comparison", COMPARISONS, path, where)
    grade = _choice(raw, "grade", GRADES, path, where, required=False)
    _check_metric(raw, metric, level, grade, path, where)
    threshold = raw.get("threshold")
    deadline = _need(raw, "deadline", path, where, int)
    if not period["start"] <= deadline <= period["end"]:
        raise _err(path, f"{where}.deadline", f"{deadline} is outside the plan's period "
                                              f"{period['start']}–{period['end']}")
    count, of = _count(raw, path, where)
    units = _units(raw, metric, path, where)
    source = _need(raw, "source", path, where, str)
    if not source.strip():
        raise _err(path, f"{where}.source", "the sentence of the plan the target comes from is required")
    unconfirmed = raw.get("unconfirmed") or []
    bad = [f for f in unconfirmed if f not in TARGET_FIELDS]
    if bad:
        raise _err(path, f"{where}.unconfirmed", f"unknown field(s) {', '.join(bad)}")
    return Target(id=tid, metric=metric, level=level, indicator=raw.get("indicator"), grade=grade,
                  comparison=comparison, threshold=float(threshold) if threshold is not None else None,
                  count=count, of=of, deadline=deadline, baseline_year=raw.get("baseline_year"),
                  units=tuple(dict(u) for u in units), source=source.strip(), section=str(raw.get("section", "")),
                  deadline_note=raw.get("deadline_note", "") or "", scope=raw.get("scope", "province"),
                  source_ref=raw.get("source_ref", "") or "", unconfirmed=tuple(unconfirmed),
                  derived_from=str(raw.get("derived_from") or "").strip())


def _check_lists(raw: dict, path) -> None:
    """The plan's lists of qualitative targets, task groups, assignments and reporting duties."""
    for key in ("qualitative_targets", "task_groups", "assignments", "reporting"):
        if not isinstance(raw.get(key, []), list):
            raise _err(path, f"plan.{key}", "must be a list")
    for i, r in enumerate(raw.get("reporting") or []):
        for k in ("reporter", "recipient", "frequency"):
            _need(r, k, path, f"reporting[{i + 1}]", str)
    for i, a in enumerate(raw.get("assignments") or []):
        _need(a, "agency", path, f"assignments[{i + 1}]", str)
        _need(a, "tasks", path, f"assignments[{i + 1}]", list)


def parse_plan(raw: dict, path: str | Path = "<plan>") -> Plan:
    """Validate a parsed plan file; PlanError names the file, the key and the reason."""
    if not isinstance(raw, dict):
        raise PlanError(f"{path}: the plan must be a mapping of keys")
    _known_keys(raw, PLAN_KEYS, path, "plan")
    pid = _need(raw, "id", path, "plan", str)
    kind = _need(raw, "kind", path, "plan", str)
    if kind not in ("province", "national"):
        raise _err(path, "plan.kind", f"must be province or national, got {kind!r}")
    prov = raw.get("province")
    units = raw.get("units", "legacy")
    if units not in gazetteer.VINTAGES:
        raise _err(path, "plan.units", f"must be legacy or 2025, got {units!r}")
    if kind == "province":
        try:
            prov = gazetteer.province(_need(raw, "province", path, "plan", (str, int)), units).slug
        except gazetteer.UnknownUnitError as exc:
            raise _err(path, "plan.province", str(exc)) from exc
    date = _need(raw, "date", path, "plan", dt.date)
    period = _need(raw, "period", path, "plan", dict)
    for k in ("start", "end"):
        if not YEARS[0] <= _need(period, k, path, "plan.period", int) <= YEARS[1]:
            raise _err(path, f"plan.period.{k}", f"{period[k]} is not a year from {YEARS[0]} to {YEARS[1]}")
    if period["end"] < period["start"]:
        raise _err(path, "plan.period", f"ends ({period['end']}) before it starts ({period['start']})")
    signer = _need(raw, "signer", path, "plan", dict)
    _need(signer, "name", path, "plan.signer", str)
    targets_raw = _need(raw, "targets", path, "plan", list)
    targets = [_target(t, path, f"targets[{i + 1}]", period) for i, t in enumerate(targets_raw)]
    ids = [t.id for t in targets]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise _err(path, "targets", f"duplicate target id(s) {', '.join(dup)}")
    _check_lists(raw, path)
    return Plan(id=pid, kind=kind, province=prov, number=_need(raw, "number", path, "plan", str), date=date,
                title=_need(raw, "title", path, "plan", str), issuer=_need(raw, "issuer", path, "plan", str),
                signer=signer, legal_basis=tuple(raw.get("legal_basis") or ()), guidance=tuple(raw.get("guidance") or ()),
                period=period, source=raw.get("source") or {}, targets=tuple(targets),
                qualitative_targets=tuple(raw.get("qualitative_targets") or ()),
                task_groups=tuple(raw.get("task_groups") or ()), assignments=tuple(raw.get("assignments") or ()),
                reporting=tuple(raw.get("reporting") or ()), implements=raw.get("implements"), path=str(path), raw=raw,
                units=units)


def read_plan(path: Path | str) -> Plan:
    path = Path(path)
    try:
        raw = schema.strict_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(f"{path}: cannot read the plan: {exc}") from None
    except yaml.YAMLError as exc:
        raise PlanError(schema.yaml_problem(path, exc)) from None
    return parse_plan(raw, path)


@lru_cache(maxsize=None)
def all_plans(plans_dir: str = str(PLANS_DIR)) -> tuple[Plan, ...]:
    """Every plan file of the folder (province plans and national programmes), by period."""
    plans = [read_plan(p) for p in sorted(Path(plans_dir).glob("*.yaml"))]
    _one_per_year(plans)
    return tuple(sorted(plans, key=lambda p: (p.period["start"], p.id)))


def _one_per_year(plans: list[Plan]) -> None:
    """Two plans of one province (or two national programmes) on the same units for the same
    year: which one a report measures would be a choice made without a word; refused."""
    seen: dict[tuple, Plan] = {}
    for p in plans:
        for year in range(p.period["start"], p.period["end"] + 1):
            other = seen.setdefault((p.kind, p.province, p.units, year), p)
            if other is not p:
                raise PlanError(f"{p.path}: the plan covers {year}, as {other.path} does, for the same "
                                f"{'province' if p.kind == 'province' else 'country'} and units: keep one of the two")


def _first_covering(plans: list[Plan], year: int) -> Plan | None:
    hits = [p for p in plans if p.covers(year)]
    return hits[0] if hits else None


def national(year: int = 2025, plans_dir: str = str(PLANS_DIR)) -> Plan:
    """The national programme in force for a year (926/QĐ-TTg until 2025); for a year no
    programme of the folder covers, a plan without targets that says so (NONE)."""
    units = crit.units_of_year(int(year))
    found = _first_covering([p for p in all_plans(plans_dir) if p.kind == "national" and p.units == units], year)
    return found or _no_programme(int(year), units)


NONE = "none"  # the kind of the plan of a year that no programme covers


def _no_programme(year: int, units: str) -> Plan:
    return Plan(id=f"none-{year}", kind=NONE, province=None, number="", date=dt.date(year, 1, 1),
                title="", issuer="", signer={}, legal_basis=(), guidance=(), period={"start": year, "end": year},
                source={}, targets=(), qualitative_targets=(), task_groups=(), assignments=(), reporting=(),
                raw={"name": f"chưa có chương trình, kế hoạch nào trong công cụ cho năm {year}"}, units=units)


def own_plan(province: str, year: int = 2025, vintage: str | None = None,
             plans_dir: Path | str = PLANS_DIR) -> Plan | None:
    """The province's own plan in force for a year (on the units of `vintage`, by default those
    of the year), or None."""
    units = vintage or crit.units_of_year(int(year))
    slug = gazetteer.province(province, units).slug
    mine = [p for p in all_plans(str(plans_dir)) if p.kind == "province" and p.province == slug and p.units == units]
    return _first_covering(mine, year)


def plan_for(province: str, year: int = 2025, vintage: str | None = None, plans_dir: Path | str = PLANS_DIR) -> Plan:
    """The plan a province is measured against in a year: its own, else the national programme."""
    return own_plan(province, year, vintage, plans_dir) or national(year if not vintage or vintage == crit.units_of_year(
        int(year)) else (2025 if vintage == "legacy" else 2026), str(plans_dir))


def has_own_plan(province: str, year: int = 2025, vintage: str | None = None,
                 plans_dir: Path | str = PLANS_DIR) -> bool:
    return own_plan(province, year, vintage, plans_dir) is not None


# ---------------------------------------------------------------- progress

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
class Inputs:
    """What progress needs of one province: its units and records."""

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


def inputs(province: str, dataset: loader.Dataset, history: dict[int, pd.DataFrame] | None = None,
           vintage: str = "legacy") -> Inputs:
    """What progress needs of a province on the units of `vintage`; `history` (commune statuses
    by year) avoids recomputing."""
    from . import vintage as vintages

    p = gazetteer.province(province, vintage)
    records, _ = vintages.records_on(p, dataset.communes)
    if vintage == "legacy":
        return Inputs(p, gazetteer.communes(p), gazetteer.districts(p), records, dataset.districts, dict(history or {}))
    return Inputs(p, vintages.units_2025(p), pd.DataFrame(columns=["code", "name", "type"]), records,
                  dataset.districts.iloc[0:0], dict(history or {}))


def _share_communes(inp: Inputs, year: int, grade: str) -> tuple[int, int, int] | None:
    if not inp.has_year(year):
        return None
    r = inp.rates(year)
    if int(r["no_data"]) == int(r["xa"]):
        return None
    return int(r["basic"] if grade == "basic" else r["advanced"]), int(r["xa"]), int(r["no_data"])


def _share_districts(inp: Inputs, year: int, column: str) -> tuple[int, int, int] | None:
    if not inp.has_year(year, districts=True):
        return None
    d = inp.district_status(year)
    if column not in d:
        return None
    known = d[column].notna()
    if not known.any():
        return None
    return int(d[column].fillna(False).astype(bool).sum()), len(d), int((~known).sum())


def _crime(inp: Inputs, year: int) -> float | None:
    v = inp.crime().get(year)
    return None if v is None or pd.isna(v) else float(v)


def _percent(k: int, n: int) -> float:
    return 100.0 * k / n if n else float("nan")


def progress(plan: Plan, inp: Inputs, year: int) -> list[dict]:
    """Each target of a plan measured in a year: the target's fields plus actual, gap, status."""
    start_year = int(plan.period["start"]) - 1
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
    row["gap_text"] = "đã đạt" if row["gap"] == 0 else f"còn {row['gap']} {unit}"
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


def _progress_crime(row: dict, t: Target, inp: Inputs, year: int, start_year: int) -> None:
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
    row["gap_text"] = "đã đạt" if row["gap"] == 0 else f"còn phải giảm {row['gap']} vụ"
    if _meets(reduction, t.comparison, t.threshold):
        row["status"] = reached(year, t.deadline)
        return
    start = _crime(inp, start_year)
    s = None if start is None else (base - start) / base * 100.0
    row["start_value"] = s
    row["status"], ratio = pace_status(s, reduction, t.threshold, start_year, year, t.deadline)
    row["pace_ratio"] = None if ratio is None else round(ratio, 3)


def _progress_units(row: dict, t: Target, inp: Inputs, year: int) -> None:
    recs = inp.district_records
    have = recs[recs["year"] == year].set_index("district_code") if not recs.empty else pd.DataFrame()
    met, missing = 0, []
    for u in t.units:
        status = have[loader.NTM_STATUS].get(u["code"]) if loader.NTM_STATUS in have else None
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


def progress_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def progress_table(plan: Plan, rows: list[dict], title: str, width: int = 80) -> str:
    """The progress rows as a terminal shows them to a reader: in Vietnamese, one block per
    target, every line within `width` columns (`antt progress --format table`)."""
    import textwrap

    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]

    out = wrap(title, "") + ["─" * min(width, 80)]
    for i, r in enumerate(rows, 1):
        t = next(x for x in plan.targets if x.id == r["id"])
        out += wrap(f"{i}. {target_text(t)}" + (f" (mục {r['section']})" if r.get("section") else ""), "")
        out += wrap(f"Thực tế {r['year']}: {actual_text(r)}; yêu cầu: {required_text(r)}", "   ")
        out += wrap(f"Còn thiếu: {r['gap_text'] or MISSING_TEXT}. Tình trạng: {r['status_label']}", "   ")
        if r.get("note"):
            out += wrap(f"Ghi chú: {r['note']}", "   ")
        if r.get("source"):
            out += wrap(f"Câu chữ trong văn bản: “{r['source']}”", "   ")
    return "\n".join(out)


# ---------------------------------------------------------------- wording and comparison

def indicator_of(t: Target) -> crit.Indicator:
    """The indicator a share target is about: of its level and grade, in the criteria set in
    force at its deadline."""
    level = "commune" if t.metric == SHARE_COMMUNES else "district"
    c = crit.for_year(t.deadline)
    hit = [i for i in c.for_level(level) if i.grade == (t.grade or "basic")]
    if not hit:
        raise PlanError(f"target {t.id}: the criteria set in force in {t.deadline} ({c.id}) has no {level} indicator")
    return hit[0]


def target_text(t: Target) -> str:
    """A target in words, as a leader reads it: 'trên 99% số xã đạt 19.2 (cơ bản) đến năm 2025'."""
    word = COMPARISON_WORDS[t.comparison]
    if t.count is not None:
        amount = f"{t.count}/{t.of}"
    elif t.threshold is not None:
        amount = f"{t.threshold:g}%".replace(".", ",")
    else:
        amount = ""
    level = f"{word} {amount}".strip()
    c = crit.for_year(t.deadline)  # the indicator as the set in force at the deadline names it
    if t.metric == SHARE_COMMUNES:
        what = f"{level} số xã đạt chỉ tiêu {c.short(t.grade)}"
    elif t.metric == SHARE_DISTRICTS:
        what = f"{level} đơn vị cấp huyện đạt chỉ tiêu {c.short(t.grade or 'basic', 'district')}"
    elif t.metric == CRIME_CASES:
        scope = "mỗi địa phương " if t.scope == "each_locality" else ""
        what = f"{scope}giảm {level} số vụ phạm tội về trật tự xã hội so với năm {t.baseline_year}"
    else:
        what = "; ".join(f"{u['name']}: {loader.NTM_STATUS_LABELS[u['status']].lower()}" for u in t.units)
    if t.derived_from:
        return f"mức sàn suy ra từ mục tiêu “{t.derived_from}”: {what}, đến năm {t.deadline}"
    return f"{what}, đến năm {t.deadline}"


def _strictness(t: Target) -> tuple[float, int]:
    """Order targets of one kind: a higher threshold, then a strict '>' over '>=' or '='."""
    return (t.threshold if t.count is None else 100.0 * t.count / t.of, 1 if t.comparison == ">" else 0)


def compare(plans: list[Plan], reference: Plan) -> pd.DataFrame:
    """Targets of several plans side by side with the reference (national) plan.

    One row per kind of target (metric and grade, or the named units); for each plan its target
    in words and its difference from the reference: same, stricter, looser, missing (the
    reference has it, the plan does not), extra (the plan has it, the reference does not)."""
    keys: list[tuple] = []
    for p in [reference] + plans:
        for t in p.targets:
            if t.key not in keys:
                keys.append(t.key)
    rows = []
    for key in keys:
        ref = next((t for t in reference.targets if t.key == key), None)
        row = {"key": key, "reference": target_text(ref) if ref else "–",
               "reference_unconfirmed": list(ref.unconfirmed) if ref else []}
        for p in plans:
            t = next((x for x in p.targets if x.key == key), None)
            if t is None:
                diff = "missing" if ref is not None else "absent"
            elif ref is None:
                diff = "extra"
            elif _strictness(t) == _strictness(ref) and t.scope != ref.scope:
                diff = "scope"
            elif _strictness(t) > _strictness(ref):
                diff = "stricter"
            elif _strictness(t) < _strictness(ref):
                diff = "looser"
            else:
                diff = "same"
            row[p.id] = target_text(t) if t else "–"
            row[f"{p.id}:diff"] = diff
        rows.append(row)
    return pd.DataFrame(rows)


SCOPE_LABELS = {"province": "toàn tỉnh", "each_locality": "mỗi địa phương"}
# a plan's target against the reference's ({ref}: the reference's short name)
DIFF_LABELS = {"same": "như {ref}", "scope": "cùng mức, khác phạm vi", "stricter": "cao hơn {ref}",
               "looser": "thấp hơn {ref}", "missing": "không đặt mục tiêu này", "extra": "mục tiêu riêng", "absent": "–"}


def diff_label(diff: str, reference: Plan) -> str:
    """A difference of compare() in words, against `reference` ('cao hơn Quyết định 926')."""
    return DIFF_LABELS[diff].format(ref=reference.short_name)


def differences(plans: list[Plan], reference: Plan) -> list[str]:
    """The differences the comparison finds, as sentences: between the plans themselves, and of
    each plan against the reference."""
    table = compare(plans, reference)
    out = []
    names = {p.id: gazetteer.province(p.province).short_name if p.province else p.number for p in plans}
    ref_name = reference.short_name
    for _, r in table.iterrows():
        texts = {p.id: r[p.id] for p in plans}
        diffs = {p.id: r[f"{p.id}:diff"] for p in plans}
        if len(plans) >= 2 and len(set(texts.values())) > 1:
            have = [pid for pid in texts if texts[pid] != "–"]
            lack = [pid for pid in texts if texts[pid] == "–"]
            if have and lack:
                out.append(f"Chỉ {', '.join(names[p] for p in have)} đặt mục tiêu: "
                           + "; ".join(f"{names[p]}: {texts[p]}" for p in have)
                           + f" ({', '.join(names[p] for p in lack)} không đặt).")
            else:
                out.append("Khác nhau: " + "; ".join(f"{names[p]} yêu cầu {texts[p]}" for p in have) + ".")
        for pid, d in diffs.items():
            if d in ("stricter", "looser"):
                out.append(f"{names[pid]} đặt mục tiêu {diff_label(d, reference)}: {texts[pid]} ({ref_name}: "
                           f"{r['reference']}).")
            elif d == "missing":
                out.append(f"{names[pid]} không đặt mục tiêu của {ref_name}: {r['reference']}.")
            elif d == "scope":
                t = next(x for p in plans if p.id == pid for x in p.targets if x.key == r["key"])
                ref = next(x for x in reference.targets if x.key == r["key"])
                out.append(f"{names[pid]} giữ mức của {ref_name} nhưng áp dụng cho {SCOPE_LABELS[t.scope]} "
                           f"({ref_name}: {SCOPE_LABELS[ref.scope]}): {texts[pid]}.")
    return out


# ---------------------------------------------------------------- for readers

def actual_text(row: dict) -> str:
    """The actual value of a progress row in words ('118/121 xã (97,5%)', 'giảm 7,5% (381 vụ …)')."""
    if formats.is_missing(row["actual_count"]) or formats.is_missing(row["denominator"]):
        return MISSING_TEXT
    m = row["metric"]
    if m == SHARE_COMMUNES:
        return formats.fraction(row["actual_count"], row["denominator"], "xã")
    if m == SHARE_DISTRICTS:
        return formats.fraction(row["actual_count"], row["denominator"], "đơn vị cấp huyện")
    if m == CRIME_CASES:
        return crime_change_text(row["actual"], row["actual_count"], row["denominator"], row["baseline_year"])
    return f"{formats.count(row['actual_count'])}/{formats.count(row['denominator'])} đơn vị đạt"


def crime_change_text(reduction, cases, baseline_cases, baseline_year) -> str:
    """'giảm 7,5% (381 vụ so với 412 vụ năm 2019)': a reduction (in %, negative for a rise) in words."""
    if formats.is_missing(reduction):
        return MISSING_TEXT
    verb = "giảm" if reduction >= 0 else "tăng"
    return (f"{verb} {formats.number(abs(reduction))}% ({formats.count(cases)} vụ so với "
            f"{formats.count(baseline_cases)} vụ năm {formats.year(baseline_year)})")


def required_text(row: dict) -> str:
    """What the target requires, in units ('ít nhất 120/121 xã', 'không quá 391 vụ')."""
    if formats.is_missing(row["required"]) or formats.is_missing(row["denominator"]):
        return MISSING_TEXT
    m = row["metric"]
    if m == SHARE_COMMUNES:
        return f"ít nhất {formats.count(row['required'])}/{formats.count(row['denominator'])} xã"
    if m == SHARE_DISTRICTS:
        return f"ít nhất {formats.count(row['required'])}/{formats.count(row['denominator'])} đơn vị cấp huyện"
    if m == CRIME_CASES:
        return f"không quá {formats.count(row['required'])} vụ"
    return f"{formats.count(row['required'])}/{formats.count(row['denominator'])} đơn vị"


METHOD_TEXT = (
    "Cách đánh giá: ở năm thời hạn của mục tiêu (và sau đó), “Đã đạt” khi điều kiện của mục tiêu được đáp ứng, "
    "“Không đạt” khi không. Trước thời hạn, mục tiêu chưa thể đạt hay không đạt: “Vượt tiến độ” khi đã đạt mức "
    "mục tiêu trước thời hạn; nếu chưa, so sánh tốc độ thực tế bình quân mỗi năm kể từ năm xuất phát (năm trước khi "
    "kế hoạch bắt đầu) với tốc độ cần có để đạt mục tiêu đúng hạn (thang tuyến tính, vì tỷ lệ không vượt quá 100%): "
    "tỷ số từ 0,95 trở lên là “Đúng tiến độ”; từ 0,60 đến dưới 0,95 là “Có nguy cơ không đạt”; dưới 0,60 (kể cả "
    "đi lùi) là “Chậm tiến độ”. Mục tiêu nêu tên đơn vị: trước thời hạn, “Vượt tiến độ” hoặc “Có nguy cơ không "
    "đạt”. “Không đo được” khi số liệu không đủ. Mục tiêu “trên X%” đòi hỏi vượt X%; mục tiêu “X%” và “ít nhất "
    "X%” đạt khi tỷ lệ bằng hoặc cao hơn X%. Theo phương pháp của Open SDG, điều chỉnh."
)
