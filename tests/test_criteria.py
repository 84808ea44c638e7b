import pandas as pd
import pytest
import yaml

from helpers import criteria as crit
from helpers.paths import CRITERIA_FILE

BASIC = ["resolution_and_plan", "no_anti_state_activity", "no_mass_complaints", "no_serious_crime",
         "security_models_effective"]


def rec(**kw):
    row = {k: True for k in BASIC}
    row.update(safe_standard_tt124=True, safe_residential_share=0.8)
    row.update(kw)
    return row


def test_indicators_and_sources():
    c = crit.load_criteria()
    codes = {(i.code, i.grade, i.level) for i in c.indicators.values()}
    assert codes == {("19.2", "basic", "commune"), ("19.2", "advanced", "commune"),
                     ("9.4", "basic", "district"), ("9.1", "advanced", "district")}
    assert crit.sub_condition_ids("commune_19_2_basic") == BASIC
    for ind in c.indicators.values():
        assert "QĐ" not in ind.legal_source and c.source_title(ind.legal_source).startswith("Quyết định")
        assert ind.sub_conditions
    assert c.indicators["commune_19_2_basic"].applies_to == ("Xã",)


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


def test_schema_rejects_broken_file(tmp_path):
    data = yaml.safe_load(CRITERIA_FILE.read_text(encoding="utf-8"))
    data["indicators"][0]["sub_conditions"][0]["kind"] = "maybe"
    with pytest.raises(crit.CriteriaError, match=r"indicator 'commune_19_2_basic', sub_conditions\[1\]: kind must be"):
        crit.parse_criteria(data, tmp_path / "c.yaml")
    data = yaml.safe_load(CRITERIA_FILE.read_text(encoding="utf-8"))
    data["indicators"][1]["requires"] = "nothing"
    with pytest.raises(crit.CriteriaError, match="requires unknown indicator 'nothing'"):
        crit.parse_criteria(data, tmp_path / "c.yaml")
