import pandas as pd
import pytest
import yaml

from helpers import criteria as crit
from helpers.paths import CRITERIA_DIR

FILE_2021 = CRITERIA_DIR / "ntm-2021-2025.yaml"

BASIC = ["resolution_and_plan", "no_anti_state_activity", "no_mass_complaints", "no_serious_crime",
         "security_models_effective"]


def rec(**kw):
    row = {k: True for k in BASIC}
    row.update(safe_standard_tt124=True, safe_residential_share=0.8)
    row.update(kw)
    return row


def test_indicators_and_sources():
    c = crit.for_year(2025)
    codes = {(i.code, i.grade, i.level) for i in c.indicators}
    assert codes == {("19.2", "basic", "commune"), ("19.2", "advanced", "commune"),
                     ("9.4", "basic", "district"), ("9.1", "advanced", "district")}
    assert crit.sub_condition_ids(c.indicator("commune_19_2_basic")) == BASIC
    for ind in c.indicators:
        assert "QĐ" not in ind.legal_source and c.source_title(ind.legal_source).startswith("Quyết định")
        assert ind.sub_conditions
    assert c.indicator("commune_19_2_basic").applies_to == ("Xã",)


def test_derive_all_hold_and_one_fails():
    df = pd.DataFrame([rec(), rec(no_mass_complaints=False), rec(safe_residential_share=0.69)])
    v = crit.verdicts(df)
    assert v["basic_19_2"].tolist() == [True, False, True]
    assert v["advanced_19_2"].tolist() == [True, False, False]  # advanced requires basic
    assert crit.failing_sub_conditions(df).tolist() == [[], ["no_mass_complaints"], ["safe_residential_share"]]


def test_missing_sub_condition_leaves_verdict_undecided_unless_given():
    df = pd.DataFrame([rec(no_serious_crime=None), rec(no_serious_crime=None, basic_19_2=True)])
    v = crit.verdicts(df)
    assert v["basic_19_2"].isna().iloc[0]
    assert v["basic_19_2"].iloc[1] == True  # noqa: E712 given verdict used


def test_contradiction_is_an_error_naming_row_and_column():
    df = pd.DataFrame([rec(), rec(no_serious_crime=False, basic_19_2=True)])
    with pytest.raises(crit.VerdictContradiction, match="row 1, column basic_19_2: given True"):
        crit.verdicts(df)


def test_advanced_without_basic_is_a_contradiction():
    df = pd.DataFrame([{"basic_19_2": False, "advanced_19_2": True}])
    clash = crit.contradictions(df)
    assert clash[["column", "given"]].values.tolist() == [["advanced_19_2", True]]


def test_district_indicators():
    df = pd.DataFrame([{"resolution_and_plan": True, "no_mass_complaints": True, "crime_contained": True,
                        "no_complex_area": False}])
    v = crit.verdicts(df, "district")
    assert v["ind_9_4"].tolist() == [True] and v["ind_9_1"].tolist() == [False]


def test_schema_rejects_broken_file_naming_keys_and_lines(tmp_path):
    text = FILE_2021.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["indicators"][0]["sub_conditions"][0]["kind"] = "maybe"
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(crit.CriteriaError, match=r"c.yaml: indicators\[0\].sub_conditions\[0\].kind \(line \d+\): "
                                                 r"Input should be 'boolean' or 'ratio_min'"):
        crit.read_criteria(path)
    data = yaml.safe_load(text)
    data["indicators"][1]["requires"] = "nothing"
    with pytest.raises(crit.CriteriaError, match="requires unknown indicator 'nothing'"):
        crit.parse_criteria(data, tmp_path / "c.yaml")
    data = yaml.safe_load(text)
    data["indicators"] = [i for i in data["indicators"] if not (i["level"] == "commune" and i["grade"] == "advanced")]
    with pytest.raises(crit.CriteriaError, match=r"level commune: needs one basic indicator and one advanced "
                                                 r"indicator \(found 1: basic\)"):
        crit.parse_criteria(data, tmp_path / "c.yaml")


def test_the_set_in_force_is_chosen_by_year():
    assert crit.for_year(2019).id == crit.for_year(2025).id == "ntm-2021-2025"  # 2019: the baseline year
    c26 = crit.for_year(2026)
    assert c26.id == "ntm-2026-2030" and c26.effective.isoformat() == "2026-02-15" and c26.levels == ("commune",)
    assert c26.legal_reference.startswith("Quyết định 51/2025/QĐ-TTg") and c26.unconfirmed and c26.notice
    assert c26.indicator("commune_10_security").criterion_name == "Tiếp cận pháp luật và an ninh, quốc phòng"
    assert [n for _, n in c26.group_names][2].startswith("Nhóm 3: xã khu vực II, III")
    assert crit.units_of_year(2025) == "legacy" and crit.units_of_year(2027) == "2025"
    with pytest.raises(crit.CriteriaError, match="no criteria set applies to 2031"):
        crit.for_year(2031)


def test_thresholds_by_commune_group():
    c = crit.for_year(2026)
    sub = c.sub_condition("commune", "safe_residential_share")
    df = pd.DataFrame({"safe_residential_share": [0.72, 0.72, 0.72, 0.72], "commune_group": [1, 2, 3, None]})
    # 72 % meets the 70 % of group 3, not the 80 % of group 1 nor the 75 % of group 2; without a group: unknown
    assert crit.sub_condition_holds(df, sub).tolist() == [False, False, True, pd.NA]


def test_status_labels_come_from_the_set():
    assert crit.for_year(2025).status_label("advanced") == "Đạt 19.2 nâng cao"
    assert crit.for_year(2025).status_label("not_applicable") == "Không áp dụng (phường, thị trấn)"
    assert crit.for_year(2026).status_label("not_attained") == "Chưa đạt ANTT tiêu chí 10"
    assert crit.for_year(2026).named("advanced") == "ANTT NTM hiện đại (tạm thời)"
    assert crit.for_year(2025).named("basic") == "19.2"
    assert crit.for_year(2026).status_label("not_applicable") == "Không áp dụng (phường, đặc khu)"


def test_overlapping_sets_are_refused(tmp_path):
    import shutil

    for f in CRITERIA_DIR.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    data = yaml.safe_load(FILE_2021.read_text(encoding="utf-8"))
    data["id"], data["period"] = "overlap", {"start": 2024, "end": 2027}
    data["effective"] = "2024-01-01"
    (tmp_path / "overlap.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(crit.CriteriaError, match="overlaps"):
        crit.load_sets(str(tmp_path))


@pytest.mark.parametrize("old,new,expected", [
    ("  - id: commune_10_security_modern", "  - id: commune_10_security",
     "indicator commune_10_security: the id is given to two indicators"),
    ("      - id: safe_residential_share", "      - id: no_serious_crime",
     "indicator commune_10_security_modern: sub-condition no_serious_crime is of kind"),
])
def test_an_id_given_twice_in_a_criteria_file_is_refused_when_it_is_read(tmp_path, old, new, expected):
    """Refused when the file is read (validate, build and the notebook alike), not by a KeyError
    in the middle of a build (issue 25)."""
    text = (CRITERIA_DIR / "ntm-2026-2030.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "ntm-2026-2030.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(crit.CriteriaError) as exc:
        crit.read_criteria(path)
    assert str(exc.value).startswith(str(path)) and expected in str(exc.value), exc.value
