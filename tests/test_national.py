"""The sections of the national report (helpers.national, notebook 03): the country's figures
equal the sum of its provinces, the programme named is the one in force in the year, and links go
only to the reports a build wrote."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import gazetteer, national, plans, present


@pytest.fixture(scope="module")
def nat_2025() -> national.National:
    return national.load(2025, "", "legacy", ["tuyen-quang", "gia-lai"])


@pytest.fixture(scope="module")
def nat_2026() -> national.National:
    return national.load(2026, "", None, ["tuyen-quang"])


def test_map_properties_link_only_built_reports(nat_2025):
    nat = nat_2025
    props = national.map_properties(nat)
    assert len(props) == 63 and set(props["code"]) == set(gazetteer.provinces()["code"])
    links = dict(zip(props["code"], props["href"]))
    assert links["08"] == "../reports/tuyen-quang-2025.html" and links["64"] == "../reports/gia-lai-2025.html"
    assert sum(pd.notna(h) for h in links.values()) == 2
    tq = props.set_index("code").loc["08", "years"]
    assert sorted(tq) == ["2019", "2022", "2023", "2024", "2025"]
    assert set(tq["2025"]["c"]) == {"basic", "advanced"}
    # the tooltip states the same fraction as the province's own report
    row = nat.overview.table.set_index("code").loc["08"]
    assert f"Đạt 19.2: {int(row['basic'])}/{int(row['xa'])} xã" in tq["2025"]["t"][0]
    assert nat.overview.shapes["code"].nunique() == 63


def test_totals_are_the_sum_of_the_ranking(nat_2025):
    totals = present.bare(national.totals(nat_2025)).set_index("Chỉ số")["Số lượng"]
    ranking = present.bare(national.ranking(nat_2025))
    assert totals["tỉnh, thành phố có số liệu"] == ranking["Số xã"].notna().sum() == 63
    assert totals["xã đạt chỉ tiêu 19.2"] == ranking["Đạt 19.2"].sum()
    assert totals["vụ phạm tội về trật tự xã hội năm 2025"] == ranking["Vụ phạm tội về TTXH 2025"].sum()


def test_the_ranking_is_in_order_of_the_basic_share(nat_2025):
    df = present.bare(national.ranking(nat_2025))
    assert df["Hạng"].is_monotonic_increasing and df["Hạng"].iloc[0] == 1
    shares = df["Tỷ lệ đạt 19.2 (%)"].astype(float)
    assert shares.is_monotonic_decreasing
    assert sorted(df["Báo cáo"].dropna()) == ["gia-lai-2025.html", "tuyen-quang-2025.html"]


@pytest.mark.parametrize("which", ["nat_2025", "nat_2026"])
def test_the_programme_named_is_the_one_in_force_in_the_year(request, which):
    nat = request.getfixturevalue(which)
    programme = plans.national(nat.year)
    used = repr(national.plans_used(nat))
    assert f"các mục tiêu của {programme.name} ngày {programme.date:%d/%m/%Y}" in used
    assert ("926" in used) == (nat.year <= 2025)  # a 2026 report never measures against the ended programme


def test_the_2026_report_reviews_the_ended_programme_on_the_new_provinces(nat_2026):
    assert nat_2026.review_period == (2021, 2025)
    assert national.review_header(nat_2026) == f"Tổng kết 2021–2025: mục tiêu {plans.national(2025).name} đã đạt"
    df = present.bare(national.ranking(nat_2026))
    assert len(df) == 34 and df["Báo cáo"].dropna().tolist() == ["tuyen-quang-2026.html"]
    met = df[national.review_header(nat_2026)].dropna()
    assert len(met) > 0 and met.str.fullmatch(r"\d+/\d+").all()
    assert nat_2026.report_name("gia-lai") is None
    assert set(df["Tỉnh, thành phố"]) == set(gazetteer.provinces("2025")["name"])
    assert pd.api.types.is_integer_dtype(df["Số xã"])
