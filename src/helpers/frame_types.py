"""The pandas type of every column of the analyst's frames: one table, applied where a frame leaves the API.

An analyst filters, negates, sums and sorts the frames of helpers.workbook with ordinary pandas:
`c[~c.no_serious_crime]`, `c.status >= "basic"`, `c.commune_group == 2`. That works only when a
column has pandas' own type, the same in every frame and every year whatever the data held:
nullable booleans for yes/no conditions and verdicts, nullable integers for counts, years and
the commune group, floats for shares, an ordered category for a commune's status, strings for
codes and text. `COLUMNS` is that table (README, "Column types", shows it); `typed` applies it.
"""

from __future__ import annotations

import pandas as pd

from . import criteria as crit
from .labels import STATUS_ORDER

# a commune's status, lowest first: `c.status >= "basic"` keeps the xã attaining at least the basic grade
STATUS_TYPE = pd.CategoricalDtype(list(reversed(STATUS_ORDER)), ordered=True)

# each kind of column: its pandas type, and what it holds (the README's table)
KINDS: dict[str, tuple[object, str]] = {
    "flag": ("boolean", "yes/no, NA when unknown (pandas nullable boolean)"),
    "count": ("Int64", "a whole number, NA when unknown (pandas nullable integer)"),
    "year": ("Int64", "a year (pandas nullable integer)"),
    "share": ("float64", "a share or a difference in percent (0–100), NaN when unknown"),
    "status": (STATUS_TYPE, "ordered category: " + " < ".join(STATUS_TYPE.categories)),
    "code": ("str", "a code, as text (leading zeros kept)"),
    "text": ("str", "text"),
    "list": ("object", "a list of ids (helpers.export writes it as '; '-joined text)"),
}

# every column of the API's frames and its kind; a criteria set's sub-conditions are flags too
COLUMNS: dict[str, str] = {
    # who
    "code": "code", "name": "text", "short_name": "text", "type": "text", "district_code": "code",
    "district_name": "text", "province": "text", "commune_group": "count",
    # when
    "year": "year", "from_year": "year", "to_year": "year", "baseline_year": "year", "deadline": "year",
    # a commune's result
    "status": "status", "status_label": "text", "status_before": "status", "status_after": "status",
    "basic": "flag", "advanced": "flag", "has_record": "flag", "attained_before": "flag",
    "failing": "list", "failing_after": "list", "reasons": "text", "reasons_after": "text", "note": "text",
    "n_failing": "count", "distance": "share", "rank": "count", "change": "text", "grade": "text",
    # counts of xã
    "xa": "count", "n_basic": "count", "n_advanced": "count", "n_not_attained": "count", "n_no_data": "count",
    "basic_pct": "share", "advanced_pct": "share", "attaining": "count", "candidates": "count",
    "attaining_before": "count", "kept": "count", "lost": "count", "gained": "count", "attaining_after": "count",
    # crime
    "crime_cases": "count", "cases": "count", "baseline_cases": "count", "change_pct": "share",
    # targets
    "plan": "text", "target_id": "text", "target": "text", "metric": "text", "level": "text", "scope": "text",
    "comparison": "text", "threshold": "share", "actual": "share", "actual_count": "count",
    "denominator": "count", "required": "count", "gap": "count", "gap_text": "text", "target_status": "text",
    "target_status_label": "text", "pace_ratio": "share", "unconfirmed": "flag", "section": "text",
    "actual_text": "text", "required_text": "text", "denominator_note": "text",
    # the series across the reorganisation
    "units": "text", "criteria": "text", "indicator": "text",
}


def kind(column: str) -> str:
    """The kind of a column: its entry in COLUMNS, a sub-condition's id (a flag), or a year
    (the final review's one column per year: the actual value, a share)."""
    if column in COLUMNS:
        return COLUMNS[column]
    if column in _sub_conditions():
        return "flag"
    if str(column).isdigit():
        return "share"
    raise KeyError(f"column {column!r} has no type in helpers.frame_types.COLUMNS")


def dtype(column: str) -> object:
    """The pandas type of a column (see kind)."""
    return KINDS[kind(column)][0]


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every column (but a GeoDataFrame's geometry) cast to its type."""
    out = frame.copy()
    for col in out.columns:
        if col == "geometry":
            continue
        want = dtype(col)
        if kind(col) == "list":
            out[col] = out[col].map(lambda v: list(v) if isinstance(v, (list, tuple)) else [])
        elif kind(col) == "flag":
            out[col] = out[col].map(lambda v: pd.NA if v is None or v is pd.NA or v != v else bool(v)).astype(want)
        elif kind(col) == "share" and str(out[col].dtype) != "float64":
            # via the nullable type: an object column may hold None and pd.NA beside the numbers
            values = pd.array(out[col].astype(object).where(out[col].notna(), None), dtype="Float64")
            out[col] = values.to_numpy(dtype="float64", na_value=float("nan"))
        elif str(out[col].dtype) != str(want):
            out[col] = out[col].astype(want)
    return out


def markdown_table() -> str:
    """COLUMNS as the README shows it: one row per kind, its pandas type and its columns."""
    rows = ["| Kind | pandas type | What it holds | Columns |", "|---|---|---|---|"]
    for k, (t, what) in KINDS.items():
        cols = [c for c, ck in COLUMNS.items() if ck == k] + (["each sub-condition (by its id)"] if k == "flag" else [])
        shown = "ordered category" if k == "status" else str(t)
        rows.append(f"| {k} | `{shown}` | {what} | {', '.join(f'`{c}`' if ' ' not in c else c for c in cols)} |")
    return "\n".join(rows)


def _sub_conditions() -> set[str]:
    return {s for c in crit.load_sets() for s in c.sub_condition_columns("commune")}
