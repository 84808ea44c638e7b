import pandas as pd
import pytest

from helpers import attainment as at
from helpers import formats, loader, records
from helpers import gazetteer as gz

TRUE5 = dict(resolution_and_plan="true", no_anti_state_activity="true", no_mass_complaints="true",
             no_serious_crime="true", security_models_effective="true")


def write_folder(tmp_path, rows):
    pd.DataFrame(rows).to_csv(tmp_path / "communes.csv", index=False)
    return tmp_path


def test_status_counts_only_xa(tmp_path):
    units = gz.communes("tuyen-quang")
    xa = units[units["type"] == "Xã"]["code"].tolist()
    phuong = units[units["type"] == "Phường"]["code"].iloc[0]
    rows = [dict(commune_code=xa[0], year=2025, **TRUE5, safe_standard_tt124="true", safe_residential_share="80%"),
            dict(commune_code=xa[1], year=2025, **{**TRUE5, "no_serious_crime": "false"}),
            dict(commune_code=xa[2], year=2025, **TRUE5, safe_standard_tt124="false", safe_residential_share="90"),
            dict(commune_code=phuong, year=2025, crime_cases="3")]
    ds = loader.read_folder(write_folder(tmp_path, rows))
    st = at.commune_status(units, ds.communes, 2025).set_index("code")
    assert st.loc[xa[0], "status"] == "advanced"
    assert st.loc[xa[1], "status"] == "not_attained"
    assert st.loc[xa[1], "failing"] == ["no_serious_crime"]
    assert st.loc[xa[2], "status"] == "basic"
    assert st.loc[phuong, "status"] == "not_applicable"
    assert st.loc[xa[3], "status"] == "no_data"
    r = at.rates(st.reset_index(), None).iloc[0]
    assert (r["xa"], r["basic"], r["advanced"], r["not_attained"], r["no_data"]) == (121, 2, 1, 1, 118)
    assert r["basic_pct"] == pytest.approx(200 / 121)


def test_fraction_reads_like_a_report():
    assert formats.fraction(118, 121) == "118/121 xã (97,5%)"
    assert formats.fraction(4, 7, "đơn vị cấp huyện") == "4/7 đơn vị cấp huyện (57,1%)"


def test_problems_name_file_row_column_and_reason(tmp_path):
    rows = [dict(commune_code="02200", year=2025, crime_cases="-1"),
            dict(commune_code="99999", year=2025),
            dict(commune_code="2233", year=2025, **{**TRUE5, "no_mass_complaints": "maybe"}),
            dict(commune_code="02233", year=2024, **TRUE5, basic_19_2="false")]
    with pytest.raises(records.DataError) as err:
        loader.read_folder(write_folder(tmp_path, rows))
    text = "\n".join(str(p) for p in err.value.problems)
    assert "communes.csv, row 2, column crime_cases: value '-1'" in text
    assert "row 4, column no_mass_complaints: value 'maybe'" in text
    # codes without leading zeros are accepted; the other problems are reported on the next pass
    rows[0]["crime_cases"] = "2"
    rows[2]["no_mass_complaints"] = "true"
    with pytest.raises(records.DataError) as err:
        loader.read_folder(write_folder(tmp_path, rows))
    text = "\n".join(str(p) for p in err.value.problems)
    assert "row 3, column commune_code: value '99999': unknown code in the gazetteer" in text
    assert "row 5, column basic_19_2" in text and "contradicts the sub-conditions" in text


def test_duplicate_commune_year_is_a_problem(tmp_path):
    rows = [dict(commune_code="02233", year=2025, **TRUE5), dict(commune_code="02233", year=2025, **TRUE5)]
    with pytest.raises(records.DataError, match="row 3, column year.*already has a row for this year"):
        loader.read_folder(write_folder(tmp_path, rows))


def test_crime_by_year_against_baseline():
    recs = pd.DataFrame({"commune_code": ["a", "b", "a", "b"], "year": [2019, 2019, 2025, 2025],
                         "crime_cases": pd.array([10, 10, 9, 9], dtype="Int64")})
    t = at.crime_by_year(recs, pd.Series(["a", "b"]))
    assert t["cases"].tolist() == [20, 18]
    assert t["change_pct"].tolist() == [0.0, -10.0]
