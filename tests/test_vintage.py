"""Legacy records carried to the 2025 units: the aggregation rule on a hand-made case."""

import pandas as pd
import pytest

from helpers import attainment, vintage

# New Xã Thái Bình (02494) = Phú Thịnh (02482) + Thái Bình (02494, split: its other part went to
# Phường Nông Tiến 02212; 02494 is its default new unit) + Tiến Bộ (02500).


def records(tien_bo):
    rows = [("02482", True, 3), ("02494", True, 10), ("02500", tien_bo, 1), ("02212", None, 7)]
    df = pd.DataFrame([{"commune_code": c, "year": 2025, "basic_19_2": b, "advanced_19_2": False if b else b,
                        "crime_cases": k} for c, b, k in rows])
    df["basic_19_2"] = df["basic_19_2"].astype("boolean")
    df["advanced_19_2"] = df["advanced_19_2"].astype("boolean")
    df["crime_cases"] = df["crime_cases"].astype("Int64")
    return df


def status_of(recs, code):
    carried, detail = vintage.carry(recs, "tuyen-quang")
    st = attainment.commune_status(vintage.units_2025("tuyen-quang"), carried, 2025).set_index("code")
    return st.loc[code], carried.set_index("commune_code"), detail.set_index("code")


def test_attains_only_when_every_predecessor_xa_attains():
    st, carried, detail = status_of(records(True), "02494")
    assert st["status"] == "basic"
    assert (detail.loc["02494", "xa"], detail.loc["02494", "basic_attained"]) == (3, 3)
    st, _, detail = status_of(records(False), "02494")
    assert st["status"] == "not_attained"
    assert detail.loc["02494", "basic_attained"] == 2  # the share is kept: 2 of 3


def test_a_predecessor_without_a_verdict_leaves_it_undecided():
    st, _, _ = status_of(records(None), "02494")
    assert st["status"] == "no_data"


def test_split_commune_counts_its_crimes_once():
    _, carried, _ = status_of(records(True), "02494")
    assert carried.loc["02494", "crime_cases"] == 3 + 10 + 1
    # Thái Bình's other part, in Phường Nông Tiến, inherits its assessment but not its cases
    assert carried.loc["02212", "crime_cases"] == 7
    st, _, _ = status_of(records(True), "02212")
    assert st["status"] == "not_applicable"  # a new phường


@pytest.mark.parametrize("slug,units,from_legacy", [("tuyen-quang", 124, 51), ("gia-lai", 135, 77)])
def test_units_and_their_former_provinces(slug, units, from_legacy):
    u = vintage.units_2025(slug)
    assert len(u) == units
    legacy_code = {"tuyen-quang": "08", "gia-lai": "64"}[slug]
    assert (u["district_code"] == legacy_code).sum() == from_legacy
