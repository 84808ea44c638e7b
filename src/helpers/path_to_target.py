"""The path to each commune target of a plan: how many more xã must attain, and which are closest.

For the province and for every district (or former province, on the 2025 units), each target
on the share of xã attaining the basic or the advanced indicator is turned into a count with the plan's own
comparison ("trên 99 %" of 121 xã needs 120, "99 %" needs 120 too, "trên 99 %" of 100 needs
100): the xã attaining now, the count required, and the gap. The xã closest to attaining are
those failing the fewest sub-conditions of the grade, so the list ranks what one action could
change first. Only xã count (phường and thị trấn are outside the commune criteria); a xã
without data counts in the denominator and is not attaining, as in every rate of the workbook.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from . import criteria as crit
from .labels import ADVANCED, BASIC, NO_DATA, NOT_ATTAINED, XA
from .plan_progress import required_count
from .plan_schema import SHARE_COMMUNES, Target

GRADES = ("basic", "advanced")
ATTAINING = {"basic": (BASIC, ADVANCED), "advanced": (ADVANCED,)}
# who can move up a grade: a xã not attaining (or without data) for basic, a basic-only xã for advanced
CANDIDATES = {"basic": (NOT_ATTAINED, NO_DATA), "advanced": (BASIC,)}


def commune_targets(targets: list[Target] | tuple[Target, ...]) -> list[Target]:
    """The targets of a plan on the share of xã attaining the basic or the advanced indicator."""

    return [t for t in targets if t.metric == SHARE_COMMUNES and t.grade in GRADES]


def _threshold(t: Target) -> float:
    return float(t.threshold) if t.count is None else 100.0 * t.count / t.of


# the scopes of a target each district must reach by itself ("mỗi huyện có 100% số xã …")
PER_DISTRICT = ("each_district", "each_locality")
NEEDED_COLUMNS = ["target_id", "grade", "comparison", "threshold", "deadline", "scope", "level", "district_code",
                  "district_name", "xa", "attaining", "candidates", "required", "gap"]


def needed(status: pd.DataFrame, targets: list[Target], province_name: str = "Toàn tỉnh") -> pd.DataFrame:
    """For the province (first row of each target) and each group of `status` (district_code,
    district_name): how many xã attain, how many could (candidates: not attaining the grade
    yet), how many are required, and the gap.

    A target of the province is measured for the province; each district's row gives its share
    of what the province still needs: the province's gap shared among the districts in
    proportion to their candidates (largest remainders, so that the shares add up to the
    province's gap), not the province's percentage applied to the district. A target set per
    district (scope each_district) is measured in every district, and the province's row adds
    up the districts'. `status` is attainment.commune_status of one year. Columns: NEEDED_COLUMNS
    (gap never negative; level "province" or "district").
    """
    xa = status[status["type"] == XA]
    groups = [(code, name, part) for (code, name), part in xa.groupby(["district_code", "district_name"], sort=True)] \
        if "district_code" in xa else []
    rows = []
    for t in commune_targets(targets):
        threshold = _threshold(t)
        row = partial(_needed_row, t, threshold)
        if t.scope in PER_DISTRICT:
            parts = [row("district", c, n, p, required_count(t.comparison, threshold, len(p))) for c, n, p in groups]
            whole = row("province", "", province_name, xa, sum(p["required"] for p in parts))
            whole["gap"] = sum(p["gap"] for p in parts)
            rows += [whole, *parts]
            continue
        need = required_count(t.comparison, threshold, len(xa)) if len(xa) else 0
        if t.count is not None and t.of == len(xa):
            need = t.count  # a plan that states the count itself
        whole = row("province", "", province_name, xa, need)
        parts = [row("district", c, n, p, 0) for c, n, p in groups]
        for p, share in zip(parts, shares(whole["gap"], [p["candidates"] for p in parts])):
            p["required"], p["gap"] = p["attaining"] + share, share
        rows += [whole, *parts]
    return pd.DataFrame(rows, columns=NEEDED_COLUMNS)


def _needed_row(t: Target, threshold: float, level: str, code: str, name: str, part: pd.DataFrame,
                required: int) -> dict:
    k = int(part["status"].isin(ATTAINING[t.grade]).sum())
    return {"target_id": t.id, "grade": t.grade, "comparison": t.comparison, "threshold": threshold,
            "deadline": t.deadline, "scope": t.scope, "level": level, "district_code": code, "district_name": name,
            "xa": len(part), "attaining": k, "candidates": len(part) - k, "required": required,
            "gap": max(0, required - k)}


def shares(total: int, weights: list[int]) -> list[int]:
    """`total` shared in proportion to `weights` in whole numbers that add up to it (largest
    remainders; a tie goes to the larger weight, then to the first), none above its weight.

    >>> shares(5, [10, 6, 4])
    [3, 1, 1]
    >>> shares(0, [3, 2]), shares(2, [0, 0])
    ([0, 0], [0, 0])
    """
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    total = min(total, whole)
    quotas = [total * w / whole for w in weights]
    out = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - out[i]), -weights[i], i))
    for i in order[:total - sum(out)]:
        out[i] += 1
    return out


def _distance(cand: pd.DataFrame, fails: list[list[str]], ind: crit.Indicator,
              records: pd.DataFrame | None) -> pd.array:
    """Percentage points short, summed over the numeric sub-conditions each xã fails (NA where
    none of its failing ones is numeric, or a value it needs is unknown)."""
    numeric = [s for s in ind.sub_conditions if s.kind == "ratio_min"]
    if records is None or not numeric or cand.empty:
        return pd.array([pd.NA] * len(cand), dtype="Float64")
    rec = records.drop_duplicates("commune_code").set_index("commune_code").reindex(cand["code"])
    short = {s.id: 100.0 * crit.shortfall(rec, s) for s in numeric}
    out = []
    for i, failing in enumerate(fails):
        parts = [short[s.id][i] for s in numeric if s.id in failing]
        out.append(pd.NA if not parts or any(np.isnan(p) for p in parts) else round(float(sum(parts)), 6))
    return pd.array(out, dtype="Float64")


def closest(status: pd.DataFrame, grade: str, previous: pd.DataFrame | None = None,
            criteria: crit.Criteria | None = None, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """The xã that do not yet attain `grade`, closest first: fewest failing sub-conditions of the
    grade, then the smallest distance to the thresholds of the numeric ones that fail (with
    `records`, the year's records: a residential share of 72 % where the xã's group needs 75 %
    is 3 points away), then those that attained it the year before (`previous`, the status of
    the previous year: they lost it and know the way back), then by code. A xã without data, or
    whose verdict of the grade is undecided (a blank cell it depends on), comes last: nothing
    says how far it is.

    Columns: rank, code, name, district_name, grade, n_failing, failing (sub-condition ids of
    the grade), distance (percentage points short on the failing numeric sub-conditions, summed;
    NA when only yes/no conditions fail or the value is unknown), attained_before (bool, NA when
    unknown), status.
    """
    if grade not in GRADES:
        raise ValueError(f"grade must be one of {GRADES}, got {grade!r}")
    criteria = criteria or crit.for_year(crit.DEFAULT_YEAR)
    ind = criteria.commune_indicator(grade)
    own = {s.id for s in ind.sub_conditions}
    cand = status[(status["type"] == XA) & status["status"].isin(CANDIDATES[grade])].copy()
    fails = [[i for i in f if i in own] for f in cand["failing"]]
    cand["failing"] = fails
    # undecided: no data, or a blank cell the grade's verdict depends on (a 2026 xã without its
    # commune group): nothing says how far it is, so it is not ranked among the closest
    undecided = (cand["status"] == NO_DATA).to_numpy()
    if grade in cand:
        undecided = undecided | pd.array(cand[grade], dtype="boolean").isna()
    cand["n_failing"] = pd.array([pd.NA if u else len(f) for f, u in zip(fails, undecided)], dtype="Int64")
    if previous is not None:
        before = previous.set_index("code")["status"].reindex(cand["code"])
        cand["attained_before"] = pd.array(
            [pd.NA if pd.isna(b) or b == NO_DATA else b in ATTAINING[grade] for b in before], dtype="boolean")
    else:
        cand["attained_before"] = pd.array([pd.NA] * len(cand), dtype="boolean")
    cand["grade"] = grade
    cand["distance"] = _distance(cand, fails, ind, records)
    cand["_no_data"] = undecided
    cand["_before"] = ~cand["attained_before"].fillna(False).astype(bool)
    cand = cand.sort_values(["_no_data", "n_failing", "distance", "_before", "code"], kind="stable",
                            na_position="last")
    cand["rank"] = range(1, len(cand) + 1)
    cols = ["rank", "code", "name", "district_name", "grade", "n_failing", "failing", "distance", "attained_before",
            "status"]
    return cand.reindex(columns=cols).reset_index(drop=True)
