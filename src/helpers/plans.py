"""The plans in force: every plan file read (helpers.plan_schema), and for a province and year the
plan it is measured against (its own, else the national programme of the year).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from . import criteria as crit
from . import gazetteer
from .paths import PLANS_DIR
from .plan_schema import Period, Plan, PlanError, Signer, read_plan


@lru_cache(maxsize=None)
def all_plans(plans_dir: str = str(PLANS_DIR)) -> tuple[Plan, ...]:
    """Every plan file of the folder (province plans and national programmes), by period."""
    plans = [read_plan(p) for p in sorted(Path(plans_dir).glob("*.yaml"))]
    _one_per_year(plans)
    return tuple(sorted(plans, key=lambda p: (p.period.start, p.id)))


def _one_per_year(plans: list[Plan]) -> None:
    """Two plans of one province (or two national programmes) on the same units for the same
    year: which one a report measures would be a choice made without a word; refused."""
    seen: dict[tuple, Plan] = {}
    for p in plans:
        for year in range(p.period.start, p.period.end + 1):
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
    return Plan.model_construct(id=f"none-{year}", kind=NONE, province=None, number="", date=dt.date(year, 1, 1),
                                title="", issuer="", signer=Signer(name=""), legal_basis=(), guidance=(),
                                period=Period(start=year, end=year), source=None, targets=(), qualitative_targets=(),
                                task_groups=(), assignments=(), reporting=(), units=units, path="",
                                name_given=f"chưa có chương trình, kế hoạch nào trong công cụ cho năm {year}")


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


def quoting(phrase: str, years) -> list[Plan]:
    """The national programmes in force in any of `years` whose quoted targets say `phrase`:
    a sentence that attributes the phrase to a programme names it from its file, not from memory."""
    found: list[Plan] = []
    for year in sorted(set(int(y) for y in years)):
        p = national(year)
        if p not in found and any(phrase in t.source for t in p.targets):
            found.append(p)
    return found


