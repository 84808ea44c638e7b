"""A commune's history: finding it by the words a user gives, its record year by year with the
sub-conditions of every criteria set in force, and every xã's status side by side by year."""

import pandas as pd
import pytest

from helpers import commune_history
from helpers.labels import ADVANCED, BASIC, NO_DATA, NOT_APPLICABLE, NOT_ATTAINED

_OLD_ONLY = "security_models_effective"  # a sub-condition of 2021–2025, dropped from 2026–2030


def _row(year, code, name, district, typ, status, crime, **subs):
    return {"year": year, "code": code, "name": f"{typ} {name}", "short_name": name, "type": typ,
            "district_code": district[:3], "district_name": district, "status": status,
            "status_label": status, "basic": status in (BASIC, ADVANCED), "advanced": status == ADVANCED,
            "crime_cases": crime, "note": f"ghi chú {code} {year}", **subs}


def _communes() -> pd.DataFrame:
    rows = [
        _row(2026, "02236", "Kim Bình", "Huyện Chiêm Hóa", "Xã", ADVANCED, 0, no_serious_crime=True),
        _row(2024, "02236", "Kim Bình", "Huyện Chiêm Hóa", "Xã", NOT_ATTAINED, 4, no_serious_crime=False,
             **{_OLD_ONLY: False}),
        _row(2025, "02236", "Kim Bình", "Huyện Chiêm Hóa", "Xã", BASIC, 1, no_serious_crime=True,
             **{_OLD_ONLY: True}),
        _row(2025, "02233", "Hùng Lợi", "Huyện Yên Sơn", "Xã", BASIC, 2),
        _row(2024, "02233", "Hùng Lợi", "Huyện Yên Sơn", "Xã", BASIC, 2),
        _row(2025, "02650", "Hùng Lợi", "Huyện Hàm Yên", "Xã", NO_DATA, None),
        _row(2025, "02206", "Tân Quang", "Thành phố Tuyên Quang", "Phường", NOT_APPLICABLE, 6),
    ]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("ref", ["02236", "2236", " 02236 ", "Xã Kim Bình", "Kim Bình", "kim binh", "KIM BÌNH",
                                 "xa kim binh"])
def test_a_commune_is_found_by_its_code_or_its_name_as_loosely_as_a_user_writes_it(ref):
    assert commune_history.find(_communes(), ref) == "02236"


def test_a_commune_listed_in_several_years_is_one_commune():
    communes = _communes()
    assert (communes["code"] == "02236").sum() == 3
    assert commune_history.find(communes, "Kim Bình") == "02236"


def test_a_name_two_communes_share_is_refused_naming_both_with_their_districts():
    with pytest.raises(LookupError) as err:
        commune_history.find(_communes(), "hùng lợi")
    message = str(err.value)
    assert "names 2 communes" in message and "give the code" in message
    assert "02233 Xã Hùng Lợi (Huyện Yên Sơn)" in message and "02650 Xã Hùng Lợi (Huyện Hàm Yên)" in message
    assert commune_history.find(_communes(), "2650") == "02650"  # the code tells them apart


@pytest.mark.parametrize("ref", ["Xã Không Có", "99999", "Kim"])
def test_a_commune_the_province_does_not_have_is_refused(ref):
    with pytest.raises(LookupError, match="no commune .* in this province"):
        commune_history.find(_communes(), ref)


def test_a_commune_history_runs_year_by_year_with_its_own_values():
    one = commune_history.of_commune(_communes(), "02236")
    assert list(one["year"]) == [2024, 2025, 2026]
    assert list(one["status"]) == [NOT_ATTAINED, BASIC, ADVANCED]
    assert list(one["crime_cases"]) == [4, 1, 0]
    assert list(one["note"]) == ["ghi chú 02236 2024", "ghi chú 02236 2025", "ghi chú 02236 2026"]
    assert list(one.index) == [0, 1, 2]


def test_a_commune_history_has_the_sub_conditions_of_every_criteria_set_of_its_years():
    one = commune_history.of_commune(_communes(), "02236")
    cols = list(one.columns)
    assert cols[:5] == ["year", "status", "status_label", "basic", "advanced"]
    assert cols[-2:] == ["crime_cases", "note"]
    assert _OLD_ONLY in cols and "no_serious_crime" in cols and "safe_standard_tt124" in cols
    assert len(cols) == len(set(cols))  # a sub-condition of both sets appears once
    assert list(one["no_serious_crime"]) == [False, True, True]
    assert list(one[_OLD_ONLY].iloc[:2]) == [False, True] and pd.isna(one[_OLD_ONLY].iloc[2])
    assert one["safe_standard_tt124"].isna().all()  # a sub-condition the data lacks: an empty column


def test_a_history_of_years_under_one_set_has_only_that_sets_sub_conditions():
    legacy = _communes().query("year <= 2025")
    assert _OLD_ONLY in commune_history.of_commune(legacy, "02236").columns
    new = _communes().query("year == 2026")
    assert _OLD_ONLY not in commune_history.of_commune(new, "02236").columns


def test_an_unknown_code_has_an_empty_history():
    assert commune_history.of_commune(_communes(), "09999").empty


def test_the_matrix_has_every_xa_once_and_its_status_in_each_year():
    wide = commune_history.matrix(_communes())
    assert list(wide.columns) == ["code", "name", "district_name", 2024, 2025, 2026]
    assert all(isinstance(c, int) for c in wide.columns[3:])
    assert list(wide["code"]) == ["02233", "02236", "02650"]  # a phường is not assessed
    by_code = wide.set_index("code")
    assert list(by_code.loc["02236", [2024, 2025, 2026]]) == [NOT_ATTAINED, BASIC, ADVANCED]
    assert by_code.loc["02233", 2025] == BASIC and pd.isna(by_code.loc["02233", 2026])
    assert by_code.loc["02650", "district_name"] == "Huyện Hàm Yên"
