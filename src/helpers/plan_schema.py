"""A plan file as data: the plan and its targets, pydantic models that every file must follow.

A plan file (`data/plans/<province>.yaml`) holds the plan's identity, every target as data,
its qualitative targets, task groups, agency assignments and reporting obligations.
Comparisons are kept exactly as written: `>` for "trên", `>=` for "ít nhất", `=` for a bare
level ("99% số xã", "đạt 25%"): a plan that states a level without a comparison word.
A share target is about the indicator of its level and grade in the criteria set in force at
its deadline (helpers.criteria): share_communes, the share of xã attaining the commune
indicator; share_districts, the share of district-level units attaining the district one.

A problem in a file is named as its author finds it: the file, the target by its id
(`targets[crime-2019].baseline_year`), the line, and the reason; a misspelt key is refused with
the key it is close to.
"""

from __future__ import annotations

import datetime as dt
import difflib
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, field_validator, model_validator

from . import criteria as crit
from . import gazetteer, records, schema

SHARE_COMMUNES = "share_communes"
SHARE_DISTRICTS = "share_districts"
CRIME_CASES = "crime_cases_social_order"  # a cut in social-order crime cases against a baseline year
UNIT_STATUS = "unit_status"  # named units reaching a status (đạt chuẩn nông thôn mới …)
METRICS = (SHARE_COMMUNES, SHARE_DISTRICTS, CRIME_CASES, UNIT_STATUS)
LEVELS = ("commune", "district", "province")
COMPARISONS = (">", ">=", "=", "<=", "<")
GRADES = ("basic", "advanced")
UNIT_STATUSES = tuple(records.NTM_STATUS_LABELS)
KINDS = ("province", "national")
ROLE_LABELS = {"lead": "chủ trì", "support": "phối hợp", "implement": "thực hiện"}  # an agency's role in a task
FREQUENCY_LABELS = {"yearly": "hằng năm", "half-yearly": "6 tháng một lần", "quarterly": "hằng quý",
                    "monthly": "hằng tháng"}  # how often a reporting duty falls due
TARGET_FIELDS = ("metric", "level", "indicator", "grade", "comparison", "threshold", "count", "of", "deadline",
                 "baseline_year", "units", "source")
YEARS = (2000, 2100)  # the years a plan's period and deadlines may name


class PlanError(ValueError):
    """A plan file that does not follow the schema."""


def _one_of(value, choices: tuple, what: str):
    if value not in choices:
        raise ValueError(f"must be one of {', '.join(map(str, choices))}; unknown {what} {value!r}")
    return value


class Target(BaseModel):
    """One target of a plan, as its file gives it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    metric: str
    level: str
    scope: str = "province"
    indicator: str | None = None
    grade: str | None = None
    comparison: str
    threshold: float | None = None
    count: StrictInt | None = None
    of: StrictInt | None = None
    deadline: StrictInt
    deadline_note: str | None = ""
    baseline_year: StrictInt | None = None
    units: tuple[dict, ...] = ()
    source: str
    source_ref: str | None = ""
    section: str | int = ""
    unconfirmed: tuple[str, ...] = ()
    # set when the level is not the plan's own target for the indicator but a floor implied by
    # another of its goals (a xã reaching NTM must attain the indicator): that goal, in words
    derived_from: str | None = ""

    @field_validator("metric", "level", "comparison", "grade")
    @classmethod
    def _choice(cls, v, info):
        choices = {"metric": METRICS, "level": LEVELS, "comparison": COMPARISONS, "grade": GRADES}[info.field_name]
        return v if v is None else _one_of(v, choices, info.field_name)

    @field_validator("threshold", mode="before")
    @classmethod
    def _a_number(cls, v):
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise ValueError(f"must be a percentage between 0 and 100, got {v!r}")
        return v

    @field_validator("source")
    @classmethod
    def _cited(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the sentence of the plan the target comes from is required")
        return v.strip()

    @field_validator("deadline_note", "source_ref", "derived_from", mode="after")
    @classmethod
    def _text(cls, v) -> str:
        return (v or "").strip() if v is not None else ""

    @field_validator("section", mode="after")
    @classmethod
    def _section(cls, v) -> str:
        return str(v)

    @field_validator("unconfirmed")
    @classmethod
    def _fields(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [f for f in v if f not in TARGET_FIELDS]
        if bad:
            raise ValueError(f"unknown field(s) {', '.join(bad)}")
        return v

    @model_validator(mode="after")
    def _what_the_metric_needs(self) -> Target:
        """What a metric requires of a target: its threshold, level, grade, baseline or units
        (a message starting with a field's name is placed at that field)."""
        t = self.threshold
        if self.metric != UNIT_STATUS and (t is None or not 0 <= t <= 100):
            raise ValueError(f"threshold: must be a percentage between 0 and 100, got {t!r}")
        if self.metric == SHARE_COMMUNES and (self.level != "commune" or self.grade is None):
            raise ValueError(f"a {self.metric} target needs level commune and a grade")
        if self.metric == SHARE_DISTRICTS and self.level != "district":
            raise ValueError(f"a {self.metric} target needs level district")
        if self.metric == CRIME_CASES and self.baseline_year is None:
            raise ValueError("baseline_year: a crime reduction target needs the baseline year")
        if (self.count is None) != (self.of is None):
            raise ValueError("count and of go together (e.g. 85 of 85)")
        if self.count is not None and not 0 <= self.count <= self.of:
            raise ValueError(f"count {self.count!r} of {self.of!r} is not a valid count")
        if self.metric == UNIT_STATUS:
            if not self.units:
                raise ValueError("units: a unit_status target names its units")
            for u in self.units:
                if not {"code", "name", "status"} <= set(u):
                    raise ValueError(f"units: each unit needs code, name and status, got {u!r}")
                if u["status"] not in UNIT_STATUSES:
                    raise ValueError(f"units: unknown unit status {u['status']!r}")
        return self

    def as_dict(self) -> dict:
        return {"id": self.id, **{f: getattr(self, f) for f in TARGET_FIELDS},
                "units": [dict(u) for u in self.units], "section": self.section,
                "unconfirmed": list(self.unconfirmed), "derived_from": self.derived_from}

    @cached_property
    def criteria(self) -> crit.Criteria:
        """The criteria set in force at the target's deadline: it names the target's indicator."""
        return crit.for_year(self.deadline)

    @property
    def key(self) -> tuple:
        """What a target measures, to line up the same target across plans."""
        if self.metric == UNIT_STATUS:
            return (self.metric, tuple(sorted(u["code"] for u in self.units)))
        return (self.metric, self.grade)


class Signer(BaseModel):
    """Who signed the plan, and as what."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    title: str | None = None

    def __str__(self) -> str:
        return self.name + (f" ({self.title})" if self.title else "")


class Period(BaseModel):
    """The years a plan runs, both included."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: StrictInt
    end: StrictInt

    @field_validator("start", "end")
    @classmethod
    def _year(cls, v: int) -> int:
        if not YEARS[0] <= v <= YEARS[1]:
            raise ValueError(f"{v} is not a year from {YEARS[0]} to {YEARS[1]}")
        return v

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"ends ({self.end}) before it starts ({self.start})")
        return self


class Source(BaseModel):
    """The text of the plan the file was made from, and what it lacks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str
    url: str | None = None
    complete: bool = False
    missing: tuple[str, ...] = ()  # what the text read does not hold ("chế độ báo cáo" …)


class QualitativeTarget(BaseModel):
    """A target in words only, not measured by the data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: str | None = None
    text: str
    source_ref: str | None = None  # where the text was read, when not in the plan's own document


class TaskGroup(BaseModel):
    """A group of the plan's tasks, as its section heads it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: str | None = None
    title: str


class Assignment(BaseModel):
    """An agency's part in the plan: its role and its tasks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agency: str
    role: str | None = None  # a key of ROLE_LABELS
    section: str | None = None
    tasks: tuple[str, ...]

    @field_validator("role")
    @classmethod
    def _role(cls, v):
        return v if v is None else _one_of(v, tuple(ROLE_LABELS), "role")


class ReportingDuty(BaseModel):
    """Who reports to whom, how often and by when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reporter: str
    recipient: str
    frequency: str  # a key of FREQUENCY_LABELS
    due: str | None = None  # as the plan words it ("trước ngày 15 tháng 10")
    due_month_day: str | None = None  # the same as MM-DD
    section: str | None = None
    text: str | None = None

    @field_validator("frequency")
    @classmethod
    def _frequency(cls, v):
        return _one_of(v, tuple(FREQUENCY_LABELS), "frequency")


PARTS = {"signer": Signer, "period": Period, "source": Source}  # the parts of a plan that are one mapping
LISTS = {"targets": Target, "qualitative_targets": QualitativeTarget, "task_groups": TaskGroup,
         "assignments": Assignment, "reporting": ReportingDuty}


class Plan(BaseModel):
    """A province's plan or a national programme, as its file gives it."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    id: str
    kind: str
    units: str = "legacy"  # the administrative units its targets are measured on
    province: str | int | None = None
    name_given: str | None = Field(default=None, alias="name")  # how readers name it, when not from its number
    number: str
    date: dt.date
    title: str
    issuer: str
    signer: Signer
    implements: str | None = None
    legal_basis: tuple[str, ...] = ()
    legal_basis_source: str | None = None
    guidance: tuple[str, ...] = ()
    period: Period
    source: Source | None = None
    targets: tuple[Target, ...]
    qualitative_targets: tuple[QualitativeTarget, ...] = ()
    task_groups: tuple[TaskGroup, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    reporting: tuple[ReportingDuty, ...] = ()
    path: str = ""

    @field_validator("kind", "units")
    @classmethod
    def _choice(cls, v, info):
        return _one_of(v, KINDS if info.field_name == "kind" else gazetteer.VINTAGES, info.field_name)

    @field_validator("province")
    @classmethod
    def _known_province(cls, v, info):
        """A province's plan names its province (slug, code or name), kept as its slug."""
        if v is None:
            return v
        try:
            return gazetteer.province(v, info.data.get("units", "legacy")).slug
        except gazetteer.UnknownUnitError as exc:
            raise ValueError(str(exc)) from None

    @model_validator(mode="after")
    def _whole(self) -> Plan:
        if self.kind == "province" and self.province is None:
            raise ValueError("missing key 'province'")
        ids = [t.id for t in self.targets]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"targets: duplicate target id(s) {', '.join(dup)}")
        start, end = self.period.start, self.period.end
        for t in self.targets:
            if not start <= t.deadline <= end:
                raise ValueError(f"targets[{t.id}].deadline: {t.deadline} is outside the plan's period {start}–{end}")
        return self

    def covers(self, year: int) -> bool:
        """Whether the plan is the one in force for a year's report: its period holds the year
        (a year before its start still reads against it, as the situation it set out from)."""
        return int(year) <= self.period.end

    @property
    def label(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"

    @cached_property
    def name(self) -> str:
        """How a reader names the plan: its file's `name`, else from its number."""
        if self.name_given:
            return str(self.name_given)
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
        return f"Quyết định {self.short_number}" if self.kind == "national" and not self.name_given else self.name


# ---------------------------------------------------------------- problems, as an author finds them

def _place(loc: tuple, raw) -> str:
    """Where a problem is: `plan.<key>`, `targets[<id>].<key>` (a target by its id), or an item
    of another list by its number counted from 1 (`assignments[2].role`)."""
    if loc[:1] and loc[0] in LISTS and len(loc) >= 2 and isinstance(loc[1], int):
        items = raw.get(loc[0]) if isinstance(raw, dict) else None
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        tid = item.get("id") if loc[0] == "targets" and isinstance(item, dict) and item.get("id") else loc[1] + 1
        return f"{loc[0]}[{tid}]" + "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in loc[2:])
    return "plan" + "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in loc)


def _keys(model: type[BaseModel]) -> tuple[str, ...]:
    """The keys a part of a plan file may have, as the file writes them."""
    return tuple(f.alias or n for n, f in model.model_fields.items() if n != "path")


def _model_at(loc: tuple) -> type[BaseModel]:
    """The model of the mapping that holds the last key of `loc`: the plan, one of its parts
    (signer, period, source) or an item of one of its lists."""
    if len(loc) >= 3 and loc[0] in LISTS and isinstance(loc[1], int):
        return LISTS[loc[0]]
    if len(loc) >= 2 and loc[0] in PARTS:
        return PARTS[loc[0]]
    return Plan


def _problem(err: dict, raw) -> str:
    loc, kind = tuple(err["loc"]), err["type"]
    msg = str(err["msg"])
    if kind == "value_error":  # ours
        msg = msg.removeprefix("Value error, ")
    elif kind in ("model_type", "model_attributes_type", "dict_type"):  # a value where a mapping belongs
        msg = f"must be a mapping of keys ({', '.join(_keys(_model_at((*loc, ''))))}), got {err['input']!r}"
    elif kind in ("tuple_type", "list_type"):
        msg = f"must be a list, got {err['input']!r}"
    elif kind == "string_type":
        msg = f"must be a text, got {err['input']!r}"
    elif "input" in err and kind not in ("missing", "extra_forbidden"):  # pydantic's own: with what was given
        msg = f"{msg}, got {err['input']!r}"
    if kind == "missing":
        return f"{_place(loc[:-1], raw)}: missing key '{loc[-1]}'"
    if kind == "extra_forbidden":
        keys = _keys(_model_at(loc))
        near = difflib.get_close_matches(str(loc[-1]), keys, n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else f"; known keys: {', '.join(keys)}"
        return f"{_place(loc, raw)}: unknown key{hint}"
    where = _place(loc, raw)
    head, _, rest = msg.partition(": ")
    if rest and (head in _keys(Target) or head in _keys(Plan)):  # placed at a field by its validator
        where, msg = f"{where}.{head}", rest
    elif msg.startswith("targets"):  # placed by the plan's validator
        where, _, msg = msg.partition(": ")
        return f"{where}: {msg}"
    return f"{where}: {msg}"


def parse_plan(raw, path: str | Path = "<plan>", text: str = "") -> Plan:
    """Validate a parsed plan file; PlanError names the file, each problem's place (a target by
    its id), the line when the text is given, and the reason."""
    if not isinstance(raw, dict):
        raise PlanError(f"{path}: the plan must be a mapping of keys")
    try:
        return Plan.model_validate({**raw, "path": str(path)})
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            line = schema.line_of(text, tuple(err["loc"])) if text else None
            lines.append(f"{path}: {_problem(err, raw)}" + (f" (line {line})" if line else ""))
        raise PlanError("\n".join(dict.fromkeys(lines))) from None


def read_plan(path: Path | str) -> Plan:
    """A plan file read (strict YAML, helpers.schema) and validated."""
    path = Path(path)
    try:
        text, raw = schema.read_yaml(path)
    except schema.SchemaError as exc:
        raise PlanError(str(exc)) from None
    return parse_plan(raw, path, text)


def indicator_of(t: Target) -> crit.Indicator:
    """The indicator a share target is about: of its level and grade, in the criteria set in
    force at its deadline."""
    level = "commune" if t.metric == SHARE_COMMUNES else "district"
    hit = [i for i in t.criteria.for_level(level) if i.grade == (t.grade or "basic")]
    if not hit:
        raise PlanError(f"target {t.id}: the criteria set in force in {t.deadline} ({t.criteria.id}) has no {level} "
                        "indicator")
    return hit[0]
