"""The ANTT indicators (19.2 basic/advanced for communes, 9.4 and 9.1 for districts) and verdicts.

`data/criteria.yaml` holds each indicator's legal source and sub-conditions. A unit attains an
indicator in a year when every sub-condition holds (and the indicator it requires, if any).
Records may give verdicts directly; when sub-conditions are present too, the two must agree.
Verdicts are three-valued: True, False, or missing (pd.NA) when the data cannot decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .paths import CRITERIA_FILE

KINDS = ("boolean", "ratio_min")
LEVELS = ("commune", "district")


class CriteriaError(ValueError):
    """The criteria file is malformed."""


class VerdictContradiction(ValueError):
    """A verdict given in the data contradicts the verdict its sub-conditions imply."""

    def __init__(self, table: pd.DataFrame):
        self.table = table
        first = table.iloc[0]
        super().__init__(
            f"{len(table)} verdict(s) contradict their sub-conditions; first: row {first['row']}, "
            f"column {first['column']}: given {first['given']}, sub-conditions give {first['derived']}"
        )


@dataclass(frozen=True)
class SubCondition:
    id: str
    kind: str
    label: str
    text: str
    source: str
    confidence: str
    threshold: float | None = None
    header: str = ""  # short Vietnamese column header in data files and templates


@dataclass(frozen=True)
class Indicator:
    id: str
    code: str
    grade: str
    level: str
    applies_to: tuple[str, ...]
    criterion: int
    criterion_name: str
    name: str
    legal_source: str
    legal_note: str
    verdict_column: str
    sub_conditions: tuple[SubCondition, ...]
    requires: str | None = None
    guidance: tuple[str, ...] = ()


@dataclass(frozen=True)
class Criteria:
    indicators: dict[str, Indicator]
    sources: dict[str, dict] = field(default_factory=dict)

    def for_level(self, level: str) -> list[Indicator]:
        """Indicators of a level, each after the one it requires."""
        out = [i for i in self.indicators.values() if i.level == level]
        return sorted(out, key=lambda i: (i.requires is not None, i.id))

    def commune_indicator(self, grade: str) -> Indicator:
        """The commune indicator of a grade (basic or advanced)."""
        hit = [i for i in self.for_level("commune") if i.grade == grade]
        if len(hit) != 1:
            raise KeyError(f"no single commune indicator of grade {grade!r}")
        return hit[0]

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
        """Vietnamese column headers of a level's sub-conditions, by id."""
        out: dict[str, str] = {}
        for ind in self.for_level(level):
            for s in ind.sub_conditions:
                out.setdefault(s.id, s.header)
        return out

    def verdict_columns(self, level: str) -> list[str]:
        return [i.verdict_column for i in self.for_level(level)]

    def source_title(self, key: str) -> str:
        return str(self.sources.get(key, {}).get("title", key))


def _need(mapping: dict, key: str, where: str, path: Path):
    if key not in mapping or mapping[key] in (None, ""):
        raise CriteriaError(f"{path}: {where}: missing key '{key}'")
    return mapping[key]


def parse_criteria(data: dict, path: Path = CRITERIA_FILE) -> Criteria:
    """Validate the parsed YAML of a criteria file and build the Criteria object."""
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise CriteriaError(f"{path}: top level must be a mapping with a list 'indicators'")
    sources = data.get("sources") or {}
    indicators: dict[str, Indicator] = {}
    for n, raw in enumerate(data["indicators"], start=1):
        where = f"indicators[{n}]"
        iid = _need(raw, "id", where, path)
        where = f"indicator '{iid}'"
        level = _need(raw, "level", where, path)
        if level not in LEVELS:
            raise CriteriaError(f"{path}: {where}: level must be one of {LEVELS}, got {level!r}")
        if raw.get("legal_source") not in sources:
            raise CriteriaError(f"{path}: {where}: legal_source {raw.get('legal_source')!r} is not in 'sources'")
        subs = []
        for m, s in enumerate(_need(raw, "sub_conditions", where, path), start=1):
            swhere = f"{where}, sub_conditions[{m}]"
            kind = _need(s, "kind", swhere, path)
            if kind not in KINDS:
                raise CriteriaError(f"{path}: {swhere}: kind must be one of {KINDS}, got {kind!r}")
            if kind == "ratio_min" and not isinstance(s.get("threshold"), (int, float)):
                raise CriteriaError(f"{path}: {swhere}: a ratio_min sub-condition needs a numeric threshold")
            if s.get("confidence") not in ("C", "U"):
                raise CriteriaError(f"{path}: {swhere}: confidence must be C or U")
            if s.get("source") not in sources:
                raise CriteriaError(f"{path}: {swhere}: source {s.get('source')!r} is not in 'sources'")
            subs.append(SubCondition(
                id=_need(s, "id", swhere, path), kind=kind, label=_need(s, "label", swhere, path),
                text=_need(s, "text", swhere, path), source=s["source"], confidence=s["confidence"],
                threshold=float(s["threshold"]) if kind == "ratio_min" else None,
                header=_need(s, "header", swhere, path)))
        indicators[iid] = Indicator(
            id=iid, code=str(_need(raw, "code", where, path)), grade=_need(raw, "grade", where, path),
            level=level, applies_to=tuple(_need(raw, "applies_to", where, path)),
            criterion=int(_need(raw, "criterion", where, path)),
            criterion_name=_need(raw, "criterion_name", where, path), name=_need(raw, "name", where, path),
            legal_source=raw["legal_source"], legal_note=raw.get("legal_note", ""),
            verdict_column=_need(raw, "verdict_column", where, path), sub_conditions=tuple(subs),
            requires=raw.get("requires"), guidance=tuple(raw.get("guidance") or ()))
    for ind in indicators.values():
        if ind.requires and ind.requires not in indicators:
            raise CriteriaError(f"{path}: indicator '{ind.id}': requires unknown indicator '{ind.requires}'")
    return Criteria(indicators=indicators, sources=sources)


@lru_cache(maxsize=4)
def load_criteria(path: Path = CRITERIA_FILE) -> Criteria:
    """Read and validate the criteria file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CriteriaError(f"{path}: cannot read criteria file: {exc}") from exc
    return parse_criteria(data, path)


def sub_condition_ids(indicator_id: str, criteria: Criteria | None = None) -> list[str]:
    """Ids of one indicator's own sub-conditions."""
    criteria = criteria or load_criteria()
    return [s.id for s in criteria.indicators[indicator_id].sub_conditions]


def _and3(values: list[pd.Series], index: pd.Index) -> pd.Series:
    """Three-valued AND: False if any False, True if all True, NA otherwise."""
    if not values:
        return pd.Series(pd.NA, index=index, dtype="boolean")
    frame = pd.concat([v.astype("boolean") for v in values], axis=1)
    any_false = (frame == False).fillna(False).any(axis=1)  # noqa: E712
    all_true = (frame == True).fillna(False).all(axis=1)  # noqa: E712
    out = pd.Series(pd.NA, index=index, dtype="boolean")
    out[all_true] = True
    out[any_false] = False
    return out


def sub_condition_holds(records: pd.DataFrame, sub: SubCondition) -> pd.Series:
    """Whether a sub-condition holds in each record (NA when the column is missing or empty)."""
    if sub.id not in records:
        return pd.Series(pd.NA, index=records.index, dtype="boolean")
    col = records[sub.id]
    if sub.kind == "ratio_min":
        num = pd.to_numeric(col, errors="coerce")
        out = (num >= sub.threshold).astype("boolean")
        out[num.isna()] = pd.NA
        return out
    return col.astype("boolean")


def derive(records: pd.DataFrame, level: str = "commune", criteria: Criteria | None = None) -> pd.DataFrame:
    """Verdicts implied by the sub-conditions, one boolean column per indicator (NA: undecided)."""
    criteria = criteria or load_criteria()
    out = pd.DataFrame(index=records.index)
    for ind in criteria.for_level(level):
        parts = [sub_condition_holds(records, s) for s in ind.sub_conditions]
        if ind.requires:
            parts.append(out[criteria.indicators[ind.requires].verdict_column])
        out[ind.verdict_column] = _and3(parts, records.index)
    return out


def failing_sub_conditions(records: pd.DataFrame, level: str = "commune",
                           criteria: Criteria | None = None) -> pd.Series:
    """Ids of the sub-conditions that fail in each record, in criteria order."""
    criteria = criteria or load_criteria()
    subs = [s for ind in criteria.for_level(level) for s in ind.sub_conditions]
    fails = pd.DataFrame({s.id: (sub_condition_holds(records, s) == False).fillna(False)  # noqa: E712
                          for s in subs}, index=records.index)
    return pd.Series([[c for c in fails.columns if row[c]] for _, row in fails.iterrows()],
                     index=records.index, dtype=object)


def contradictions(records: pd.DataFrame, level: str = "commune", criteria: Criteria | None = None) -> pd.DataFrame:
    """Rows where a given verdict disagrees with the sub-conditions, or an advanced verdict
    holds while the indicator it requires does not: row (index), column, given, derived."""
    criteria = criteria or load_criteria()
    derived = derive(records, level, criteria)
    rows = []
    for ind in criteria.for_level(level):
        col = ind.verdict_column
        if col not in records:
            continue
        given = records[col].astype("boolean")
        clash = given.notna() & derived[col].notna() & (given != derived[col])
        for idx in records.index[clash.fillna(False)]:
            rows.append((idx, col, bool(given[idx]), bool(derived[col][idx])))
        if ind.requires:
            req_col = criteria.indicators[ind.requires].verdict_column
            if req_col in records:
                req = records[req_col].astype("boolean")
                bad = (given == True) & (req == False)  # noqa: E712
                for idx in records.index[bad.fillna(False)]:
                    if not any(r[0] == idx and r[1] == col for r in rows):
                        rows.append((idx, col, True, False))
    return pd.DataFrame(rows, columns=["row", "column", "given", "derived"])


def verdicts(records: pd.DataFrame, level: str = "commune", criteria: Criteria | None = None) -> pd.DataFrame:
    """Final verdict of each record and indicator: the given verdict, else the derived one.

    Raises VerdictContradiction when a given verdict contradicts its sub-conditions.
    """
    criteria = criteria or load_criteria()
    clash = contradictions(records, level, criteria)
    if not clash.empty:
        raise VerdictContradiction(clash)
    derived = derive(records, level, criteria)
    out = pd.DataFrame(index=records.index)
    for ind in criteria.for_level(level):
        col = ind.verdict_column
        given = records[col].astype("boolean") if col in records else pd.Series(pd.NA, index=records.index, dtype="boolean")
        final = given.copy()
        final[given.isna()] = derived[col][given.isna()]
        if ind.requires:
            req = out[criteria.indicators[ind.requires].verdict_column]
            final[(req == False).fillna(False)] = False  # noqa: E712
        out[col] = final
    return out
