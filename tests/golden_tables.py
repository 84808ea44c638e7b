"""The tables of the 2021–2025 reports, as CSV, for the test that their content stays the same
(test_golden.py). `python tests/golden_tables.py` writes them again (review the diff first)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

GOLDEN = Path(__file__).parent / "golden"
CASES = [("tuyen-quang", 2025), ("gia-lai", 2025), ("tuyen-quang", 2023)]


def tables(province: str, year: int) -> dict[str, pd.DataFrame]:
    """Every table section of the province report, and of the comparison and overview ones."""
    from helpers import comparison, national, sections, workbook

    ctx = workbook.load(province, year)
    out = {}
    for name in ("map_table", "district_rates", "district_indicators", "failing_communes", "basic_only",
                 "path_to_targets", "stability", "status_changes", "status_matrix", "crime", "plan_progress"):
        obj = getattr(sections, name)(ctx)
        if isinstance(obj, pd.DataFrame):
            out[name] = obj
    for grade in ("basic", "advanced"):
        obj = sections.closest_communes(ctx, grade)
        if isinstance(obj, pd.DataFrame):
            out[f"closest_{grade}"] = obj
    if province == "tuyen-quang" and year == 2025:
        cmp = comparison.load(["tuyen-quang", "gia-lai"], year)
        out["comparison_targets"] = comparison.targets(cmp)
        nat = national.load(year, "", "legacy", [])
        out["national_ranking"] = national.ranking(nat)
    return out


def csv(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


def main() -> None:
    for province, year in CASES:
        for name, df in tables(province, year).items():
            path = GOLDEN / f"{province}-{year}-{name}.csv"
            path.write_text(csv(df), encoding="utf-8")
            print("wrote", path.relative_to(GOLDEN.parent.parent), file=sys.stderr)


if __name__ == "__main__":
    main()
