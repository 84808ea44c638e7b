"""The 2021–2025 reports keep their content: every table of the province report (and of the
comparison and the national overview) equals the one recorded in tests/golden."""

import pytest

from golden_tables import CASES, GOLDEN, csv, tables


@pytest.mark.parametrize("province,year", CASES)
def test_tables_of_the_2021_2025_reports_are_unchanged(province, year):
    got = tables(province, year)
    recorded = sorted(p.name for p in GOLDEN.glob(f"{province}-{year}-*.csv"))
    assert sorted(f"{province}-{year}-{name}.csv" for name in got) == recorded
    for name, df in got.items():
        want = (GOLDEN / f"{province}-{year}-{name}.csv").read_text(encoding="utf-8")
        assert csv(df) == want, f"{province} {year}: table {name} changed"
