"""The sections of the plan comparison (helpers.comparison, notebook 02): the provinces' plans side
by side with the national programme of the year, every word a leader reads in Vietnamese, and
the years it refuses."""

from __future__ import annotations

import json

import pytest

from helpers import comparison, plan_schema, plans, present
from helpers.paths import NOTEBOOKS_DIR


@pytest.fixture(scope="module")
def cmp() -> comparison.Comparison:
    return comparison.load(["tuyen-quang", "gia-lai"])


def test_a_comparison_needs_two_provinces_and_a_year_of_the_plans_units():
    with pytest.raises(ValueError, match="at least two provinces"):
        comparison.load(["tuyen-quang"])
    with pytest.raises(ValueError, match="2026 is assessed on the units from 1/7/2025"):
        comparison.load(["tuyen-quang", "gia-lai"], 2026)


def test_by_default_the_latest_legacy_year_against_the_programme_of_that_year(cmp):
    assert cmp.year == 2025 and cmp.national == plans.national(2025)
    assert [p.number for p in cmp.plans] == ["29/KH-UBND", "179/KH-UBND"]
    header = comparison.title(cmp)
    assert repr(header).splitlines()[1] == f"Các kế hoạch thực hiện {cmp.national.name}; tiến độ năm 2025"


def test_the_notebook_s_own_words_name_the_programme_the_comparison_measures_against(cmp):
    """The notebook's headings are written in it: they must say what the plan file says."""
    nb = json.loads((NOTEBOOKS_DIR / "02_plan_comparison.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert f"## 2. Mục tiêu so với {cmp.national.name}" in text
    assert f"các kế hoạch thực hiện {cmp.national.name}:" in text


def test_the_targets_side_by_side_flag_exactly_the_rows_that_differ(cmp):
    table = comparison.targets(cmp)
    df = present.bare(table)
    assert list(df.columns) == [f"Mục tiêu {cmp.national.name}", "Tuyên Quang", "Tuyên Quang: so với 926",
                                "Gia Lai", "Gia Lai: so với 926", "Có khác biệt"]
    same = df[~df["Có khác biệt"]]
    assert (same["Tuyên Quang: so với 926"] == same["Gia Lai: so với 926"]).all()
    bullets = present.describe(table)["bullets"]
    assert "Tuyên Quang đặt mục tiêu cao hơn Quyết định 926: trên 99% số xã đạt chỉ tiêu 19.2, đến năm 2025 " \
           "(Quyết định 926: 99% số xã đạt chỉ tiêu 19.2, đến năm 2025)." in bullets


def test_identity_has_a_column_per_plan_and_the_programme(cmp):
    df = present.bare(comparison.identity(cmp)).set_index("Thông tin")
    assert list(df.columns) == ["Tuyên Quang", "Gia Lai", cmp.national.name]
    assert df.loc["Số hiệu"].tolist() == ["29/KH-UBND", "179/KH-UBND", "926/QĐ-TTg"]
    assert df.loc["Thời kỳ"].tolist() == ["2023–2025", "2023–2025", "2021–2025"]


def test_roles_and_reporting_duties_read_in_vietnamese(cmp):
    columns = comparison.tasks(cmp)
    for plan, (_, parts) in zip(cmp.plans, columns.items):
        words = repr(parts[2])  # after the task groups and the assignments
        for duty in plan.reporting:
            assert plan_schema.FREQUENCY_LABELS[duty.frequency] in words
            assert duty.frequency not in words
        roles = [a.role for a in plan.assignments]
        if roles:
            shown = present.bare(parts[1])["Vai trò"].tolist()
            assert shown == [plan_schema.ROLE_LABELS.get(r) for r in roles]
