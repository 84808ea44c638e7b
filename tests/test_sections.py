"""The sections of the province report (helpers.sections) on a province's own files: a first file
of one year, the demo's years, and what the sections say of a programme, named from its file."""

from __future__ import annotations

import pandas as pd
import pytest
import scenarios

from helpers import plans, present, sections, workbook


@pytest.fixture(scope="module")
def first_file(tmp_path_factory) -> workbook.ProvinceYear:
    return workbook.load("gia-lai", data=str(scenarios.write("first-file", tmp_path_factory.mktemp("first"))))


@pytest.fixture(scope="module")
def tq() -> workbook.ProvinceYear:
    return workbook.load("tuyen-quang", 2025)


def test_one_year_of_data_says_it_cannot_compare_years(first_file):
    assert repr(sections.stability(first_file)) == "Số liệu chỉ có một năm: chưa thể so sánh giữa các năm."
    assert repr(sections.status_changes(first_file)) == ""  # nothing shown
    assert repr(sections.lost_histories(first_file)).startswith("Năm 2025, không có xã nào mất chỉ tiêu 19.2")


def test_stability_counts_add_up_and_name_the_programme_that_asks_for_it_from_its_file(tq):
    table = sections.stability(tq)
    df = present.bare(table)
    assert (df["Đạt năm đầu"] == df["Giữ vững"] + df["Mất"]).all()
    assert (df["Đạt năm sau"] == df["Giữ vững"] + df["Mới đạt"]).all()
    assert df["Giai đoạn"].iloc[0] == "2019 → 2022"  # consecutive years of the data, not of the calendar
    national = plans.national(2025)
    assert any(sections.SUSTAINABLY in t.source for t in national.targets)
    assert present.describe(table)["intro"] == (
        f"Các kế hoạch yêu cầu “giữ vững” kết quả đã đạt; {national.name} đặt mục tiêu “theo hướng bền vững”. "
        "Dòng tô màu: có xã mất chỉ tiêu.")


def test_no_programme_is_named_for_years_no_programme_file_quotes():
    years = pd.DataFrame({"from_year": [2026], "to_year": [2027]})
    assert plans.quoting(sections.SUSTAINABLY, [2026, 2027]) == []
    assert sections._stability_intro(years) == ("Các kế hoạch yêu cầu “giữ vững” kết quả đã đạt. "
                                                "Dòng tô màu: có xã mất chỉ tiêu.")


def test_the_headline_gives_the_summary_s_figures(first_file):
    summary = present.bare(sections.summary(first_file)).set_index("Chỉ số")
    attained, total = summary.loc["xã đạt chỉ tiêu 19.2", ["Số lượng", "Trên tổng số"]]
    assert f"{attained}/{total} xã" in repr(sections.headline(first_file))
    assert repr(sections.headline(first_file)).startswith("Năm 2025: ")


def test_a_first_file_without_its_baseline_has_no_change_on_the_baseline(first_file):
    df = present.bare(sections.crime(first_file))
    assert df["Năm"].tolist() == [2025]
    assert df.filter(like="So với năm").isna().all().all()  # never a rate made up without its baseline


def test_facts_name_the_place_the_year_and_the_data():
    facts = dict(sections.facts("Tỉnh Gia Lai", 2025, "tệp của tỉnh"))
    assert list(facts) == ["Địa bàn", "Năm đánh giá", "Bộ tiêu chí", "Nguồn số liệu", "Thời điểm lập"]
    assert (facts["Địa bàn"], facts["Năm đánh giá"], facts["Nguồn số liệu"]) == ("Tỉnh Gia Lai", "2025", "tệp của tỉnh")
    assert "2021–2025" in facts["Bộ tiêu chí"] and "2026–2030" in dict(sections.facts("x", 2026, "d"))["Bộ tiêu chí"]
    assert facts["Thời điểm lập"].endswith("(giờ Việt Nam)")


def test_a_past_year_on_the_2025_units_shows_each_former_province_and_its_plan():
    ctx = workbook.load("tuyen-quang", 2024, vintage="2025")
    table = sections.plan_progress(ctx)
    df, d = present.bare(table), present.describe(table)
    assert list(df.columns[:3]) == ["Tỉnh cũ", "Kế hoạch", "Mục tiêu"]
    assert sorted(set(df["Tỉnh cũ"])) == ["Tỉnh Hà Giang", "Tỉnh Tuyên Quang"]
    assert "từng tỉnh cũ hợp thành Tỉnh Tuyên Quang (Tỉnh Hà Giang, Tỉnh Tuyên Quang)" in d["intro"]
    assert "Tỉnh Hà Giang: Quyết định 926/QĐ-TTg ngày 02/08/2022" in d["intro"]
    assert "Tỉnh Tuyên Quang: Kế hoạch 29/KH-UBND" in d["intro"]
    assert d["hidden"] == list(df.columns[9:])  # the province and the plan are shown, the numbers for the CSV kept
    headline = repr(sections.headline(ctx)).splitlines()[1]
    assert headline.startswith(f"So với kế hoạch của 2 tỉnh cũ hợp thành tỉnh: {len(df)} mục tiêu đo trong năm 2024")


def test_a_province_of_one_former_province_names_it_and_its_units():
    ctx = workbook.load("son-la", 2024, vintage="2025")
    table = sections.plan_progress(ctx)
    assert list(present.bare(table).columns[:2]) == ["Tỉnh cũ", "Mục tiêu"]  # one plan: named in the intro
    assert "tiến độ được đo cho Tỉnh Sơn La cũ, trên các xã và đơn vị cấp huyện cũ" in present.describe(table)["intro"]


@pytest.mark.parametrize(("province", "former", "label"), [
    ("son-la", ["Tỉnh Sơn La"], "Đơn vị cũ"),  # kept as it was on 1/7/2025: nothing added together
    ("tuyen-quang", ["Tỉnh Hà Giang", "Tỉnh Tuyên Quang"], "Đơn vị cũ (cộng các tỉnh cũ)"),
])
def test_the_series_says_former_provinces_are_added_together_only_when_there_are_several(province, former, label):
    ctx = workbook.load(province, 2024, vintage="2025")
    table = sections.series(ctx)
    df = present.bare(table)
    assert set(df.loc[df["Năm"] <= 2024, "Đơn vị hành chính"]) == {label}
    intro = present.describe(table)["intro"]
    assert intro.startswith(f"Các năm đến 2025: số liệu của {', '.join(former)} trên đơn vị hành chính cũ")
    assert ("cộng chung" in intro) == (len(former) > 1)
