"""Stability: which xã kept, lost or gained the commune indicator (basic or advanced) from one year of the data to
the next. The plans ask to "giữ vững" what was reached, and 926/QĐ-TTg wants the targets met
"theo hướng bền vững": a xã that attained and lost it is a finding of its own.

Years are consecutive years *of the data* (2019 → 2022 when the data has no 2020 or 2021). A xã
without data in either year of a pair is neither kept, lost nor gained: it is counted apart.
"""

from __future__ import annotations

import pandas as pd

from .labels import NO_DATA, XA
from .path_to_target import ATTAINING, GRADES

LOST, GAINED = "lost", "gained"


def _pairs(history: dict[int, pd.DataFrame]) -> list[tuple[int, int]]:
    years = sorted(history)
    return list(zip(years, years[1:]))


def _joined(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    cols = ["code", "name", "district_name", "status", "failing"]
    b = before[before["type"] == XA].reindex(columns=cols)
    a = after[after["type"] == XA].reindex(columns=cols)
    return b.merge(a, on=["code"], suffixes=("_before", "_after"), how="inner", validate="one_to_one")


def transitions(history: dict[int, pd.DataFrame]) -> list[tuple]:
    """For each pair of consecutive years and each grade: the years, the grade, the xã of both
    years joined, whether each attained the grade before and after, and whether both are known.
    What `summary` and `changes` both read: a caller that wants both computes it once."""
    out = []
    for y0, y1 in _pairs(history):
        j = _joined(history[y0], history[y1])
        known = (j["status_before"] != NO_DATA) & (j["status_after"] != NO_DATA)
        for grade in GRADES:
            out.append((y0, y1, grade, j, j["status_before"].isin(ATTAINING[grade]),
                        j["status_after"].isin(ATTAINING[grade]), known))
    return out


def changes(history: dict[int, pd.DataFrame], steps: list[tuple] | None = None) -> pd.DataFrame:
    """Every xã that lost or gained a grade between two consecutive years of `history`
    (attainment.commune_status by year; `steps`: its `transitions`, if already computed).
    Columns: from_year, to_year, grade, change (lost or gained), code, name, district_name,
    status_before, status_after, failing_after (ids)."""
    rows = []
    for y0, y1, grade, j, had, has, known in transitions(history) if steps is None else steps:
        for change, mask in ((LOST, had & ~has), (GAINED, ~had & has)):
            for r in j[mask & known].itertuples(index=False):
                rows.append({"from_year": y0, "to_year": y1, "grade": grade, "change": change, "code": r.code,
                             "name": r.name_after, "district_name": r.district_name_after,
                             "status_before": r.status_before, "status_after": r.status_after,
                             "failing_after": list(r.failing_after)})
    cols = ["from_year", "to_year", "grade", "change", "code", "name", "district_name", "status_before",
            "status_after", "failing_after"]
    return pd.DataFrame(rows, columns=cols)


def summary(history: dict[int, pd.DataFrame], steps: list[tuple] | None = None) -> pd.DataFrame:
    """For each pair of consecutive years and each grade: xã attaining in the first year, kept,
    lost, gained, attaining in the second year, and xã without data in either year (`steps`:
    the `transitions` of `history`, if already computed)."""
    rows = []
    for y0, y1, grade, _, had, has, known in transitions(history) if steps is None else steps:
        rows.append({"from_year": y0, "to_year": y1, "grade": grade,
                     "attaining_before": int(had.sum()), "kept": int((had & has & known).sum()),
                     "lost": int((had & ~has & known).sum()), "gained": int((~had & has & known).sum()),
                     "attaining_after": int(has.sum()), "no_data": int((~known).sum())})
    return pd.DataFrame(rows, columns=["from_year", "to_year", "grade", "attaining_before", "kept", "lost",
                                       "gained", "attaining_after", "no_data"])
