"""The 2021–2025 reports keep their content: every table of the province report (and of the
comparison and the national overview) equals the one recorded in tests/golden.

A column added on purpose since the recording is named in ADDED: it must be there, and the
rest of its table must still equal the recording."""

import pytest

from golden_tables import CASES, GOLDEN, csv, tables

# table → columns added since the recording (the final review of 2021–2025, issue 14)
ADDED = {"national_ranking": ["Tổng kết 2021–2025: mục tiêu Quyết định 926/QĐ-TTg đã đạt"]}


@pytest.mark.parametrize("province,year", CASES)
def test_tables_of_the_2021_2025_reports_are_unchanged(province, year):
    got = tables(province, year)
    recorded = sorted(p.name for p in GOLDEN.glob(f"{province}-{year}-*.csv"))
    assert sorted(f"{province}-{year}-{name}.csv" for name in got) == recorded
    for name, df in got.items():
        added = ADDED.get(name, [])
        assert set(added) <= set(df.columns), f"{province} {year}: table {name} lacks {added}"
        want = (GOLDEN / f"{province}-{year}-{name}.csv").read_text(encoding="utf-8")
        assert csv(df.drop(columns=added)) == want, f"{province} {year}: table {name} changed"
