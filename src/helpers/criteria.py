"""Criteria sets as versioned data: which indicators of the security-and-order criterion apply
in a year, their sub-conditions, thresholds (per commune group where the set has groups), legal
sources, and the names every output gives them.

Each file of data/criteria/ (`ANTT_CRITERIA` moves the folder) is one set: the 2021–2025
set (19.2, 9.4, 9.1; QĐ 318/320/QĐ-TTg) and the 2026–2030 set (criterion 10 of QĐ
51/2025/QĐ-TTg, a provisional indicator where the sources are silent). The set in force for a
year is the one whose period holds it. No module outside this layer names an indicator: titles,
legends, columns and notices take `short`, `header`, `name` and `notice` from the set.

A unit attains an indicator in a year when every sub-condition holds (and the indicator it
requires, if any). Records may give verdicts directly; when sub-conditions are present too, the
two must agree. Verdicts are three-valued: True, False, or missing (pd.NA) when the data cannot
decide.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import schema
from .labels import STATUSES
from .paths import CRITERIA_DIR

DEFAULT_YEAR = 2025  # the year whose set applies when a caller names none (the 2021–2025 programme)
GROUP = "commune_group"  # the records' column of a xã's group (1, 2 or 3) in sets that have groups


class CriteriaError(ValueError):
    """A criteria file is malformed, or no set applies to a year."""


class VerdictContradiction(ValueError):
    """A verdict given in the data contradicts the verdict its sub-conditions imply."""

    def __init__(self, table: pd.DataFrame):
        self.table = table
        first = table.iloc[0]
        super().__init__(
            f"{len(table)} verdict(s) contradict their sub-conditions; first: row {first['row']}, "
            f"column {first['column']}: given {first['given']}, sub-conditions give {first['derived']}"
        )


# ---------------------------------------------------------------- a criteria file, as the workbook reads it

class SubCondition(BaseModel):
    """One condition of an indicator: a yes/no, or a share at least a threshold (per commune group
    where the set has groups)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    header: str  # short Vietnamese column header in data files and templates
    kind: Literal["boolean", "ratio_min"]
    label: str
    text: str
    source: str
    confidence: Literal["C", "U"]
    threshold: float | None = Field(default=None, ge=0, le=1)
    threshold_by_group: dict[int, float] | None = None  # group → threshold, where the set has groups

    @model_validator(mode="after")
    def _ratio_has_a_threshold(self):
        if self.kind == "ratio_min" and self.threshold is None and not self.threshold_by_group:
            raise ValueError("a ratio_min sub-condition needs a threshold (or threshold_by_group)")
        if self.threshold_by_group and not all(0 <= v <= 1 for v in self.threshold_by_group.values()):
            raise ValueError("thresholds are shares between 0 and 1")
        return self


class Indicator(BaseModel):
    """An indicator of a level and grade: its names in every output, legal source, verdict column,
    sub-conditions, the indicator it requires, and how data files and plans name it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    code: str
    short: str  # how tables, legends and titles name it ("19.2", "19.2 nâng cao")
    header: str  # the column of its verdict in data files ("Đạt 19.2")
    grade: Literal["basic", "advanced"]
    level: Literal["commune", "district"]
    applies_to: tuple[str, ...] = Field(min_length=1)
    criterion: int
    criterion_name: str
    name: str
    legal_source: str
    legal_note: str = ""
    guidance: tuple[str, ...] = ()
    verdict_column: str
    sub_conditions: tuple[SubCondition, ...] = Field(min_length=1)
    requires: str | None = None
    confidence: Literal["C", "U"] = "C"
    # other headers of its verdict column that data files use (lower case, without diacritics)
    aliases: tuple[str, ...] = ()
    # how plan documents name it: regular expressions on lower-case text without diacritics
    # (helpers.plan_text); the grade "nâng cao" or a mention of the advanced indicator decides the grade
    mentions: tuple[str, ...] = ()

    @field_validator("mentions")
    @classmethod
    def _patterns_compile(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for p in value:  # matched by helpers.plan_text with `regex` (stopped if it runs too long)
            try:
                re.compile(p)
                regex.compile(p)
            except (re.error, regex.error) as exc:
                raise ValueError(f"mention {p!r} is not a regular expression: {exc}") from None
        return value


class Groups(BaseModel):
    """The commune groups of a set (thresholds may differ by group) and their names."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str
    confidence: Literal["C", "U"]
    names: dict[int, str] = Field(min_length=1)


class Criteria(BaseModel):
    """One criteria set (a file of data/criteria): its legal source, period, levels, units and
    indicators; what the rest of the workbook reads of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    id: str
    title: str
    legal_source: str
    legal_reference: str
    period: tuple[int, int]  # the file's {start, end}
    effective: dt.date
    levels: tuple[Literal["commune", "district"], ...] = Field(min_length=1)
    units: Literal["legacy", "2025"]
    not_applicable: str
    notice: str = ""
    groups: Groups | None = None
    sources: dict[str, dict[str, str]]
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    path: str = ""  # the file it was read from

    @field_validator("period", mode="before")
    @classmethod
    def _start_and_end(cls, value):
        if isinstance(value, dict):
            missing = [k for k in ("start", "end") if k not in value]
            if missing or set(value) - {"start", "end"}:
                raise ValueError(f"a period is {{start: year, end: year}}, got {value!r}")
            return (value["start"], value["end"])
        return value

    @field_validator("notice")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return " ".join(value.split())

    @model_validator(mode="after")
    def _consistent(self):
        ids = {i.id for i in self.indicators}
        self._unique_ids()
        for where, key in [("legal_source", self.legal_source)] + \
                [(f"indicator {i.id}: legal_source", i.legal_source) for i in self.indicators] + \
                [(f"indicator {i.id}: sub-condition {s.id}: source", s.source) for i in self.indicators
                 for s in i.sub_conditions] + ([("groups: source", self.groups.source)] if self.groups else []):
            if key not in self.sources:
                raise ValueError(f"{where} {key!r} is not in sources")
        for i in self.indicators:
            if i.requires and i.requires not in ids:
                raise ValueError(f"indicator {i.id}: requires unknown indicator {i.requires!r}")
            if i.level not in self.levels:
                raise ValueError(f"indicator {i.id}: level {i.level} is not among the set's levels")
            for s in i.sub_conditions:
                if s.threshold_by_group and (not self.groups or set(s.threshold_by_group) != set(self.groups.names)):
                    raise ValueError(f"indicator {i.id}: sub-condition {s.id}: threshold_by_group must give a "
                                     f"threshold for each commune group of the set")
        for level in self.levels:
            grades = sorted(i.grade for i in self.indicators if i.level == level)
            # the reports, maps and plan targets measure two grades (attained, attained at the
            # advanced grade); a set with one grade only would need them all to drop a column
            if grades != ["advanced", "basic"]:
                raise ValueError(f"level {level}: needs one basic indicator and one advanced indicator "
                                 f"(found {len(grades)}: {', '.join(grades) or 'none'})")
        if self.period[1] < self.period[0]:
            raise ValueError("period: end before start")
        return self

    def _unique_ids(self) -> None:
        """An indicator id once in the set; within a level, a verdict column once and a
        sub-condition id always of one kind: a data column names one thing (a second
        `no_serious_crime` of another kind would be read as either)."""
        indicators: set[str] = set()
        columns: dict[tuple[str, str], str] = {}
        kinds: dict[tuple[str, str], tuple[str, str]] = {}
        for i in self.indicators:
            if i.id in indicators:
                raise ValueError(f"indicator {i.id}: the id is given to two indicators")
            indicators.add(i.id)
            if (i.level, i.verdict_column) in columns:
                raise ValueError(f"indicator {i.id}: verdict_column {i.verdict_column!r} is already that of "
                                 f"indicator {columns[(i.level, i.verdict_column)]}")
            columns[(i.level, i.verdict_column)] = i.id
            for sub in i.sub_conditions:
                first = kinds.setdefault((i.level, sub.id), (sub.kind, i.id))
                if first[0] != sub.kind:
                    raise ValueError(f"indicator {i.id}: sub-condition {sub.id} is of kind {sub.kind}, but of kind "
                                     f"{first[0]} in indicator {first[1]}: one id, one kind")

    @cached_property
    def _by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator of an id (KeyError when the set has none)."""
        return self._by_id[indicator_id]

    @property
    def group_names(self) -> tuple[tuple[int, str], ...]:
        """(group, name) of the set's commune groups, in order; () for a set without groups."""
        return tuple(sorted(self.groups.names.items())) if self.groups else ()

    def covers(self, year: int) -> bool:
        return self.period[0] <= int(year) <= self.period[1]

    @property
    def unconfirmed(self) -> bool:
        """Whether an indicator of the set is provisional (its outputs must say so)."""
        return any(i.confidence == "U" for i in self.indicators)

    @cached_property
    def _levels(self) -> dict[str, tuple[Indicator, ...]]:
        """Indicators by level, each after the one it requires (computed once: every commune's
        status and label asks for them)."""
        ordered = sorted(self.indicators, key=lambda i: (i.requires is not None, i.id))
        return {lvl: tuple(i for i in ordered if i.level == lvl) for lvl in {i.level for i in ordered}}

    def for_level(self, level: str) -> list[Indicator]:
        """Indicators of a level, each after the one it requires."""
        return list(self._levels.get(level, ()))

    def commune_indicator(self, grade: str) -> Indicator:
        """The commune indicator of a grade (basic or advanced)."""
        hit = [i for i in self.for_level("commune") if i.grade == grade]
        if len(hit) != 1:
            raise KeyError(f"no single commune indicator of grade {grade!r} in {self.id}")
        return hit[0]

    def short(self, grade: str = "basic", level: str = "commune") -> str:
        """How outputs name the indicator of a grade ('19.2', '19.2 nâng cao')."""
        hit = [i for i in self.for_level(level) if i.grade == grade]
        return hit[0].short if hit else ""

    def named(self, grade: str = "basic", level: str = "commune") -> str:
        """The short name of a grade's indicator in a title or heading, marked "(tạm thời)" where
        the indicator is provisional (legends and table cells use the bare short name)."""
        hit = [i for i in self.for_level(level) if i.grade == grade]
        if not hit:
            return ""
        return hit[0].short + (" (tạm thời)" if hit[0].confidence == "U" else "")

    def sub_condition_columns(self, level: str) -> list[str]:
        """Column names of a level's sub-conditions, in file order, without repeats."""
        cols: list[str] = []
        for ind in self.for_level(level):
            cols += [s.id for s in ind.sub_conditions if s.id not in cols]
        return cols

    def sub_condition(self, level: str, sub_id: str) -> SubCondition:
        for ind in self.for_level(level):
            for s in ind.sub_conditions:
                if s.id == sub_id:
                    return s
        raise KeyError(sub_id)

    def headers(self, level: str) -> dict[str, str]:
        """Vietnamese column headers of a level's sub-conditions and verdicts, by id."""
        out: dict[str, str] = {}
        for ind in self.for_level(level):
            for s in ind.sub_conditions:
                out.setdefault(s.id, s.header)
            out.setdefault(ind.verdict_column, ind.header)
        return out

    def verdict_columns(self, level: str) -> list[str]:
        return [i.verdict_column for i in self.for_level(level)]

    def source_title(self, key: str) -> str:
        return str(self.sources.get(key, {}).get("title", key))

    def status_label(self, code: str) -> str:
        """A status as a reader sees it under this set ('Đạt 19.2 nâng cao', 'Chưa đạt 19.2')."""
        return STATUSES[code].label.format(basic=self.short("basic"), advanced=self.short("advanced"),
                                           na=self.not_applicable)


def parse_criteria(data, path: Path | str = "<criteria>") -> Criteria:
    """Validate the parsed YAML of a criteria file (schema.SchemaError names file, keys, line)."""
    try:
        return schema.parse(data, Criteria, path).model_copy(update={"path": str(path)})
    except schema.SchemaError as exc:
        raise CriteriaError(str(exc)) from None


def read_criteria(path: Path | str) -> Criteria:
    try:
        return schema.read(path, Criteria).model_copy(update={"path": str(path)})
    except schema.SchemaError as exc:
        raise CriteriaError(str(exc)) from None


@lru_cache(maxsize=4)
def load_sets(folder: str = str(CRITERIA_DIR)) -> tuple[Criteria, ...]:
    """Every criteria set of a folder, by effective date; periods may not overlap."""
    files = sorted(Path(folder).glob("*.yaml"))
    if not files:
        raise CriteriaError(f"{folder}: no criteria set (*.yaml) found")
    sets = sorted((read_criteria(p) for p in files), key=lambda c: c.effective)
    for a, b in zip(sets, sets[1:]):
        if b.period[0] <= a.period[1]:
            raise CriteriaError(f"{b.path}: its period {b.period[0]}–{b.period[1]} overlaps that of {a.path} "
                                f"({a.period[0]}–{a.period[1]})")
    return tuple(sets)


def for_year(year: int, folder: str | None = None) -> Criteria:
    """The criteria set in force for a year's assessment. A year before every set's period (a
    baseline year, such as 2019 for the crime target) is read with the earliest set."""
    sets = load_sets(folder or str(CRITERIA_DIR))
    for c in sets:
        if c.covers(year):
            return c
    if int(year) < sets[0].period[0]:
        return sets[0]
    spans = ", ".join(f"{c.period[0]}–{c.period[1]} ({c.id})" for c in sets)
    raise CriteriaError(f"no criteria set applies to {year}: the sets cover {spans}")


def reviewed_period(year: int, years_with_data) -> tuple[int, int] | None:
    """The criteria period a report of `year` reviews (2021–2025 from 2025 on): the latest one
    that ended by `year` and whose last year the data has; None before."""
    for c in reversed(load_sets()):
        if c.period[1] <= year and c.period[1] in years_with_data:
            return c.period
    return None


def units_of_year(year: int) -> str:
    """The administrative units a year is assessed on (its set's): legacy or 2025."""
    return for_year(year).units


def units_of_years(years: pd.Series) -> pd.Series:
    """units_of_year of every value of a column of years (each distinct year looked up once)."""
    known = {y: units_of_year(int(y)) for y in years.dropna().unique()}
    return years.map(known)


def columns(level: str, folder: str | None = None) -> list[str]:
    """Sub-condition and verdict columns of a level across every set (the data files' columns)."""
    out: list[str] = []
    for c in load_sets(folder or str(CRITERIA_DIR)):
        if level in c.levels:
            out += [x for x in c.sub_condition_columns(level) if x not in out]
    for c in load_sets(folder or str(CRITERIA_DIR)):
        if level in c.levels:
            out += [x for x in c.verdict_columns(level) if x not in out]
    return out


def all_headers(level: str, folder: str | None = None) -> dict[str, str]:
    """Vietnamese headers of a level's columns across every set (the latest set's wording wins
    for a column two sets share)."""
    out: dict[str, str] = {}
    for c in load_sets(folder or str(CRITERIA_DIR)):
        if level in c.levels:
            out.update(c.headers(level))
    return out


def aliases(level: str, folder: str | None = None) -> dict[str, list[str]]:
    """Other headers data files use for a level's verdict columns, across every set."""
    out: dict[str, list[str]] = {}
    for c in load_sets(folder or str(CRITERIA_DIR)):
        for ind in c.for_level(level):
            out.setdefault(ind.verdict_column, [])
            out[ind.verdict_column] += [a for a in ind.aliases if a not in out[ind.verdict_column]]
    return out


def kinds(level: str, folder: str | None = None) -> dict[str, str]:
    """Each column's kind (boolean or ratio_min; verdicts are boolean) across every set."""
    out: dict[str, str] = {}
    for c in load_sets(folder or str(CRITERIA_DIR)):
        for ind in c.for_level(level):
            for s in ind.sub_conditions:
                out[s.id] = s.kind
            out[ind.verdict_column] = "boolean"
    return out


def sub_condition_ids(indicator: Indicator) -> list[str]:
    """Ids of one indicator's own sub-conditions."""
    return [s.id for s in indicator.sub_conditions]


def _flags(values: pd.Series | pd.api.extensions.ExtensionArray) -> tuple[np.ndarray, np.ndarray]:
    """Three-valued booleans as two numpy arrays: (true, known)."""
    arr = pd.array(values, dtype="boolean")
    known = ~np.asarray(arr.isna(), dtype=bool)
    return arr.to_numpy(dtype=bool, na_value=False) & known, known


def _false(values: pd.Series) -> np.ndarray:
    """Where a three-valued boolean is known to be False."""
    true, known = _flags(values)
    return known & ~true


def _three_valued(true: np.ndarray, known: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(pd.arrays.BooleanArray(true & known, ~known), index=index)


def _and3(values: list[pd.Series], index: pd.Index) -> pd.Series:
    """Three-valued AND: False if any False, True if all True, NA otherwise."""
    any_false = np.zeros(len(index), dtype=bool)
    all_true = np.full(len(index), bool(values))
    for v in values:
        true, known = _flags(v)
        any_false |= known & ~true
        all_true &= true
    return _three_valued(all_true, any_false | all_true, index)


def _value_and_threshold(records: pd.DataFrame, sub: SubCondition) -> tuple[np.ndarray, np.ndarray]:
    """A ratio_min sub-condition's value in each record and the threshold that applies to it
    (its commune group's, where thresholds are by group); NaN where either is unknown."""
    num = pd.to_numeric(records[sub.id], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if sub.threshold_by_group:
        groups = records[GROUP] if GROUP in records else pd.Series(pd.NA, index=records.index)
        threshold = pd.to_numeric(groups, errors="coerce").map(dict(sub.threshold_by_group)) \
            .to_numpy(dtype=float, na_value=np.nan)
    else:
        threshold = np.full(len(records), float(sub.threshold))
    return num, threshold


def sub_condition_holds(records: pd.DataFrame, sub: SubCondition) -> pd.Series:
    """Whether a sub-condition holds in each record (NA when the column is missing or empty, or
    when a threshold depends on a commune group the record does not give)."""
    if sub.id not in records:
        return pd.Series(pd.NA, index=records.index, dtype="boolean")
    if sub.kind == "ratio_min":
        num, threshold = _value_and_threshold(records, sub)
        known = ~(np.isnan(num) | np.isnan(threshold))
        with np.errstate(invalid="ignore"):
            return _three_valued(num >= threshold - 1e-9, known, records.index)
    return records[sub.id].astype("boolean")


def shortfall(records: pd.DataFrame, sub: SubCondition) -> np.ndarray:
    """How far each record's value falls short of a ratio_min sub-condition's threshold (its
    group's, where thresholds are by group), as a fraction: 0 where it holds, NaN where the value
    or the group is unknown. For ranking the xã closest to a grade."""
    if sub.kind != "ratio_min" or sub.id not in records:
        return np.full(len(records), np.nan)
    num, threshold = _value_and_threshold(records, sub)
    return np.clip(threshold - num, 0.0, None)


def holds_all(records: pd.DataFrame, level: str = "commune", criteria: Criteria | None = None) -> dict[str, pd.Series]:
    """Whether each sub-condition of the level holds in each record, by id: computed once for
    the verdicts, the failing sub-conditions and the tables that show them."""
    criteria = criteria or for_year(DEFAULT_YEAR)
    return {s.id: sub_condition_holds(records, s) for ind in criteria.for_level(level) for s in ind.sub_conditions}


def derive(records: pd.DataFrame, level: str = "commune", criteria: Criteria | None = None,
           holds: dict[str, pd.Series] | None = None) -> pd.DataFrame:
    """Verdicts implied by the sub-conditions, one boolean column per indicator (NA: undecided).
    `holds`: holds_all(records, level, criteria), when already computed."""
    criteria = criteria or for_year(DEFAULT_YEAR)
    holds = holds if holds is not None else holds_all(records, level, criteria)
    out = pd.DataFrame(index=records.index)
    for ind in criteria.for_level(level):
        parts = [holds[s.id] for s in ind.sub_conditions]
        if ind.requires:
            parts.append(out[criteria.indicator(ind.requires).verdict_column])
        out[ind.verdict_column] = _and3(parts, records.index)
    return out


def failing_sub_conditions(records: pd.DataFrame, level: str = "commune",
                           criteria: Criteria | None = None, holds: dict[str, pd.Series] | None = None) -> pd.Series:
    """Ids of the sub-conditions that fail in each record, in criteria order."""
    criteria = criteria or for_year(DEFAULT_YEAR)
    holds = holds if holds is not None else holds_all(records, level, criteria)
    ids = [s.id for ind in criteria.for_level(level) for s in ind.sub_conditions]
    if not ids:
        return pd.Series([[] for _ in range(len(records))], index=records.index, dtype=object)
    fails = np.column_stack([_false(holds[i]) for i in ids])
    return pd.Series([[ids[j] for j in row.nonzero()[0]] for row in fails], index=records.index, dtype=object)


def contradictions(records: pd.DataFrame, level: str = "commune", criteria: Criteria | None = None,
                   derived: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows where a given verdict disagrees with the sub-conditions, or an advanced verdict
    holds while the indicator it requires does not: row (index), column, given, derived."""
    criteria = criteria or for_year(DEFAULT_YEAR)
    derived = derived if derived is not None else derive(records, level, criteria)
    rows = []
    for ind in criteria.for_level(level):
        col = ind.verdict_column
        if col not in records:
            continue
        given, given_known = _flags(records[col])
        got, got_known = _flags(derived[col])
        for i in np.flatnonzero(given_known & got_known & (given != got)):
            rows.append((records.index[i], col, bool(given[i]), bool(got[i])))
        if ind.requires:
            req_col = criteria.indicator(ind.requires).verdict_column
            if req_col in records:
                req, req_known = _flags(records[req_col])
                for i in np.flatnonzero(given & req_known & ~req):
                    idx = records.index[i]
                    if not any(r[0] == idx and r[1] == col for r in rows):
                        rows.append((idx, col, True, False))
    return pd.DataFrame(rows, columns=["row", "column", "given", "derived"])


def verdicts(records: pd.DataFrame, level: str = "commune", criteria: Criteria | None = None,
             holds: dict[str, pd.Series] | None = None) -> pd.DataFrame:
    """Final verdict of each record and indicator: the given verdict, else the derived one.

    Raises VerdictContradiction when a given verdict contradicts its sub-conditions.
    """
    criteria = criteria or for_year(DEFAULT_YEAR)
    derived = derive(records, level, criteria, holds)
    clash = contradictions(records, level, criteria, derived)
    if not clash.empty:
        raise VerdictContradiction(clash)
    out = pd.DataFrame(index=records.index)
    for ind in criteria.for_level(level):
        col = ind.verdict_column
        got, got_known = _flags(derived[col])
        if col in records:
            given, given_known = _flags(records[col])
            true, known = np.where(given_known, given, got), given_known | got_known
        else:
            true, known = got, got_known
        if ind.requires:
            req, req_known = _flags(out[criteria.indicator(ind.requires).verdict_column])
            fails = req_known & ~req
            true, known = true & ~fails, known | fails
        out[col] = _three_valued(true, known, records.index)
    return out
