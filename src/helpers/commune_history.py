"""A commune's history: its sub-conditions, verdicts, status and crime count, year by year, and
the statuses of every xã of a province side by side across the years."""

from __future__ import annotations

import pandas as pd

from . import criteria as crit
from .labels import XA
from .names import named


def find(communes: pd.DataFrame, ref: str) -> str:
    """The code of the commune `ref` names: a GSO code ('02233', '2233') or a name with or
    without diacritics and prefix ('Xã Hùng Lợi', 'hung loi'). Raises LookupError naming the
    candidates when the name is ambiguous or unknown."""
    hit = named(communes.drop_duplicates("code"), ref, 5)
    if len(hit) == 1:
        return str(hit["code"].iloc[0])
    if len(hit) > 1:
        opts = "; ".join(f"{r.code} {r.name} ({r.district_name})" for r in hit.itertuples())
        raise LookupError(f"{ref!r} names {len(hit)} communes: {opts}; give the code")
    raise LookupError(f"no commune {ref!r} in this province")


def of_commune(communes: pd.DataFrame, code: str) -> pd.DataFrame:
    """One commune year by year (`communes`: the tidy frame of workbook.ProvinceYear.communes):
    year, status, status_label, basic, advanced, each sub-condition of the criteria sets of its
    years (True, False or NA), crime_cases, note."""
    subs = []
    for y in sorted(set(communes["year"])):
        subs += [x for x in crit.for_year(y).sub_condition_columns("commune") if x not in subs]
    one = communes[communes["code"] == code].sort_values("year")
    cols = ["year", "status", "status_label", "basic", "advanced", *subs, "crime_cases", "note"]
    return one.reindex(columns=cols).reset_index(drop=True)


def matrix(communes: pd.DataFrame) -> pd.DataFrame:
    """Every xã (rows: code, name, district_name) and its status code in each year (columns)."""
    xa = communes[communes["type"] == XA]
    wide = xa.pivot(index=["code", "name", "district_name"], columns="year", values="status")
    wide.columns = [int(c) for c in wide.columns]
    return wide.reset_index()

