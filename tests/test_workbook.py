"""The analyst's API: one province and year, tidy frames, the same ones the report is made of."""

from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pytest

from helpers import attainment, gazetteer, present, render, sections, workbook


@pytest.fixture(scope="module")
def tq():
    return workbook.load("tuyen-quang", 2025)


def test_communes_is_one_row_per_commune_and_year(tq):
    c = tq.communes()
    assert len(c) == len(gazetteer.communes("tuyen-quang")) * len(tq.years) == 137 * 5
    assert not c.duplicated(["code", "year"]).any()
    assert {"year", "code", "name", "district_name", "status", "status_label", "basic", "advanced", "failing",
            "reasons", "crime_cases", "no_serious_crime", "safe_residential_share"} <= set(c.columns)
    y = c[c["year"] == 2025]
    assert (y["status"] == "not_attained").sum() == 3 and (y["status"] == "advanced").sum() == 48
    # what keeps a xã from 19.2, in words; the crime counts add up to the province's
    bad = y[y["status"] == "not_attained"]
    assert all(r for r in bad["reasons"]) and bad["failing"].map(len).min() >= 1
    assert int(y["crime_cases"].sum()) == int(tq.crime().set_index("year").loc[2025, "cases"]) == 381


def test_a_copy_each_time(tq):
    c = tq.communes()
    c["status"] = "x"  # an analyst's edit does not reach the report
    assert (tq.communes()["status"] != "x").all()


def test_rates_by_district_and_for_the_province(tq):
    by = tq.rates()
    assert set(by["year"]) == set(tq.years) and by.groupby("year")["xa"].sum().eq(121).all()
    p = tq.rates(by=None).set_index("year").loc[2025]
    assert (int(p["n_basic"]), int(p["xa"])) == (118, 121) and round(float(p["basic_pct"]), 1) == 97.5
    with pytest.raises(ValueError, match="by must be"):
        tq.rates(by="commune")


def test_progress_is_the_plan_measured(tq):
    pr = tq.progress()
    assert list(pr["target_id"]) == [t.id for t in tq.plan.targets]
    assert list(pr.columns) == workbook.PROGRESS_COLUMNS and len(pr.columns) < 25
    row = pr[(pr["metric"] == "share_communes") & (pr["grade"] == "basic")].iloc[0]
    assert (row["actual_count"], row["denominator"], row["required"], row["gap"]) == (118, 121, 120, 2)
    assert row["actual_text"] == "118/121 xã (97,5%)" and row["required_text"] == "ít nhất 120/121 xã"


def test_a_past_year_on_the_2025_units_is_measured_for_each_former_province_as_its_own_report_measures_it():
    merged = workbook.load("tuyen-quang", 2024, vintage="2025").progress()
    assert list(dict.fromkeys(merged["province"])) == ["Tỉnh Hà Giang", "Tỉnh Tuyên Quang"]
    cols = ["plan", "target_id", "actual_count", "denominator", "actual_text", "target_status"]
    for slug, name in (("ha-giang", "Tỉnh Hà Giang"), ("tuyen-quang", "Tỉnh Tuyên Quang")):
        own = workbook.load(slug, 2024).progress()
        assert (own["province"] == name).all()
        mine = merged[merged["province"] == name].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine[cols], own[cols])
    assert set(merged.loc[merged["province"] == "Tỉnh Tuyên Quang", "plan"]) == {"Kế hoạch 29/KH-UBND (Tỉnh Tuyên Quang)"}


def test_geometry_is_a_geodataframe_that_explores(tq):
    g = tq.geometry()
    assert isinstance(g, gpd.GeoDataFrame) and g.crs.to_epsg() == 4326 and len(g) == 137
    assert set(g["status"]) >= {"advanced", "basic", "not_attained", "not_applicable"}
    m = g.explore(column="status_label", tiles=None)
    assert isinstance(m, folium.Map)
    page = render.html(m)  # drawn offline, like every map of the workbook
    assert "cdn.jsdelivr.net/npm/leaflet" not in page and "L.map" in page


def test_analyses_agree_with_the_report_tables(tq):
    need = tq.path_to_targets()
    prov = need[(need["level"] == "province") & (need["grade"] == "basic")].iloc[0]
    assert (prov["xa"], prov["attaining"], prov["required"], prov["gap"]) == (121, 118, 120, 2)
    table = sections.path_to_targets(tq)
    assert table["Còn thiếu"].tolist() == need["gap"].tolist()
    assert table["Đơn vị"].tolist() == need["district_name"].tolist()
    near = tq.closest("basic")
    assert len(near) == 3 and near["reasons"].str.len().gt(0).all()
    s = tq.stability().set_index(["to_year", "grade"]).loc[(2025, "basic")]
    assert int(s["attaining_after"]) == 118
    rates = attainment.rates(tq._status, None).iloc[0]
    assert int(rates["basic"]) == int(s["attaining_after"])


def test_commune_history_by_name_or_code(tq):
    by_name = tq.commune_history("hung loi")
    assert list(by_name["year"]) == tq.years and "no_serious_crime" in by_name
    assert by_name.equals(tq.commune_history("Xã Hùng Lợi")) and by_name.equals(tq.commune_history("02455"))
    with pytest.raises(LookupError, match="no commune 'atlantis'"):
        tq.commune_history("atlantis")


def test_an_ambiguous_name_lists_the_candidates():
    from helpers.commune_history import find

    c = pd.DataFrame({"code": ["1", "2"], "name": ["Xã Tân Tiến"] * 2, "short_name": ["Tân Tiến"] * 2,
                      "district_name": ["Huyện A", "Huyện B"]})
    with pytest.raises(LookupError, match=r"names 2 communes: 1 Xã Tân Tiến \(Huyện A\); 2 Xã Tân Tiến \(Huyện B\)"):
        find(c, "tan tien")


def test_repr_says_what_it_holds(tq):
    assert repr(tq).startswith("<ProvinceYear Tỉnh Tuyên Quang, 2025: 137 communes, years 2019, 2022")


@pytest.mark.parametrize("slug,year", [("tuyen-quang", 2024), ("gia-lai", 2022)])
def test_a_year_s_frames_show_that_year_and_earlier_never_a_later_one(slug, year):
    """The demo data runs to 2026: a 2024 context shows no result of 2025 (its crime table, its
    trend, its commune history and its stability all stop where its year does)."""
    ctx = workbook.load(slug, year)
    assert max(ctx.years) == year and max(ctx._history) == year
    frames = {"communes": ctx.communes(), "crime": ctx.crime(), "stability": ctx.stability(),
              "changes": ctx.changes(), "series": ctx.series(), "progress": ctx.progress()}
    for name, frame in frames.items():
        years = [c for c in frame.columns if "year" in str(c).lower()]
        assert years, name
        for col in years:
            values = pd.to_numeric(frame[col], errors="coerce").dropna()
            assert (values <= year).all(), (name, col, sorted(values.unique()))
    later = workbook.load(slug, year + 1)
    assert max(later._history) == year + 1  # the data has it: only this context leaves it out


def test_load_takes_the_keywords_the_readme_gives():
    from conftest import boundary_file

    f = boundary_file("tuyen-quang-communes-2025.geojson")
    ctx = workbook.load("tuyen-quang", 2025, data="", boundaries=f, vintage="2025")
    assert ctx.vintage == "2025" and ctx._approximate is False and ctx._match.by_code == 124


def test_the_final_review_before_the_period_ends_has_its_columns_and_no_row():
    early = workbook.load("tuyen-quang", 2024).final_review()
    late = workbook.load("tuyen-quang", 2026).final_review()
    assert early.empty and list(early.columns) == workbook.FINAL_REVIEW_COLUMNS
    assert len(late) > 0 and [c for c in late.columns if not c.isdigit()] == workbook.FINAL_REVIEW_COLUMNS
    assert early.query("target_status == 'missed'").empty  # code written for one year runs on the other


@pytest.mark.parametrize("slug,year,groups", [("tuyen-quang", 2025, 7), ("tuyen-quang", 2026, 2)])
def test_crime_by_district_adds_up_to_the_province_and_has_each_district_s_change(slug, year, groups):
    """Per district (per former province on the 2025 units) and year; the districts' cases add
    up to the province's every year, and each change is against the district's own baseline."""
    ctx = workbook.load(slug, year)
    d = ctx.crime_by_district()
    assert d["district_code"].nunique() == groups and d["year"].max() == year
    assert str(d["year"].dtype) == "Int64" and str(d["cases"].dtype) == "Int64"
    province = ctx.crime().set_index("year")["cases"]
    by_year = d.groupby("year")["cases"].sum()
    assert (by_year.reindex(province.index) == province).all()
    base = ctx._crime_baseline
    for _, row in d[d["year"] == year].iterrows():
        b = d[(d["district_code"] == row["district_code"]) & (d["year"] == base)]["cases"]
        if len(b) and b.iloc[0]:
            assert row["change_pct"] == pytest.approx((row["cases"] - b.iloc[0]) / b.iloc[0] * 100)


def test_ctx_completes_to_the_documented_api_and_nothing_else(tq):
    """`ctx.` shows the analyst's API only (IPython and JupyterLab hide names that start with
    '_'); every name is documented in the README and has a docstring."""
    public = [n for n in dir(tq) if not n.startswith("_")]
    assert public == sorted(workbook.API) and len(public) == 22
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    api = readme[readme.index("## The analyst's API"):readme.index("## Command line")]
    for name in workbook.API:
        assert f"`{name}" in api, name
        if name not in ("province", "year"):  # the two fields, documented in the class
            assert getattr(type(tq), name).__doc__, name


def test_the_readme_s_examples_run(tmp_path, monkeypatch):
    """The README's block of the analyst's API, run as it is (in an empty folder: its export
    writes there)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    api = readme[readme.index("## The analyst's API"):readme.index("## Command line")]
    code = api.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    exec(compile(code, "README.md", "exec"), names)
    assert isinstance(names["ctx"], workbook.ProvinceYear) and (tmp_path / "gan-dat.xlsx").stat().st_size > 0
    assert len(names["c"]) > 0


def test_the_groups_are_named_as_a_sentence_names_them():
    """On the 2025 units the groups are the former provinces: "theo tỉnh cũ", "từng tỉnh cũ"
    (not the column header "Thuộc tỉnh cũ" lower-cased into a sentence)."""
    ctx = workbook.load("tuyen-quang", 2026)
    title = present.describe(sections.district_rates(ctx))["caption"]
    intro = present.describe(sections.path_to_targets(ctx))["intro"]
    assert "từng tỉnh cũ theo tỷ lệ" in intro and "thuộc tỉnh cũ" not in intro
    assert "theo tỉnh cũ, năm 2026" in title
