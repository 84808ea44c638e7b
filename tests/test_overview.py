"""The national overview: province shares and ranks, share classes, the map's properties and links."""

import pandas as pd
import pytest

from helpers import gazetteer, labels, overview, records


def _records(rows: list[tuple]) -> pd.DataFrame:
    """(code, year, basic, advanced, crimes) → commune records with the loader's columns."""
    df = pd.DataFrame(rows, columns=["commune_code", "year", "basic_19_2", "advanced_19_2", "crime_cases"])
    df["basic_19_2"] = df["basic_19_2"].astype("boolean")
    df["advanced_19_2"] = df["advanced_19_2"].astype("boolean")
    return df.reindex(columns=records.commune_columns())


@pytest.fixture
def hand_made():
    units = pd.DataFrame({
        "code": ["90001", "90002", "90003", "90004", "90005", "90006", "90007"],
        "name": ["Xã A", "Xã B", "Xã C", "Xã D", "Phường E", "Xã F", "Xã G"],
        "short_name": ["A", "B", "C", "D", "E", "F", "G"],
        "type": ["Xã", "Xã", "Xã", "Xã", "Phường", "Xã", "Xã"],
        "province_code": ["08", "08", "08", "08", "08", "64", "64"],
    })
    records = _records([
        ("90001", 2025, True, True, 1), ("90002", 2025, True, False, 2), ("90003", 2025, False, False, 3),
        # 90004 has no record in 2025: it stays in the denominator (not shown to attain)
        ("90005", 2025, None, None, 4),
        ("90006", 2025, True, False, 0), ("90007", 2025, True, False, 1),
        ("90001", 2019, True, False, 5), ("90005", 2019, None, None, 5), ("90006", 2019, True, False, 2),
    ])
    return units, records


def test_summary_equals_the_hand_computation(hand_made):
    units, records = hand_made
    s = overview.summary(units, records, 2025).set_index("code")
    assert len(s) == 63  # every legacy province has a row
    tq, gl = s.loc["08"], s.loc["64"]
    assert (tq["xa"], tq["basic"], tq["advanced"], tq["no_data"]) == (4, 2, 1, 1)  # phường not counted
    assert tq["basic_pct"] == 50.0 and tq["advanced_pct"] == 25.0
    assert (gl["xa"], gl["basic"], gl["advanced"], gl["basic_pct"]) == (2, 2, 0, 100.0)
    assert gl["rank"] == 1 and tq["rank"] == 2
    assert tq["crimes"] == 10 and tq["crimes_2019"] == 10 and tq["crimes_change_pct"] == 0
    assert gl["crimes"] == 1 and gl["crimes_2019"] == 2 and gl["crimes_change_pct"] == -50
    assert bool(tq["own_plan"]) and bool(gl["own_plan"]) and not bool(s.loc["01", "own_plan"])
    other = s.loc["01"]  # Hà Nội: no record at all → no share, no rank (not 0 %)
    assert not other["has_data"] and pd.isna(other["basic_pct"]) and pd.isna(other["rank"])


def test_equal_shares_share_a_rank(hand_made):
    units, records = hand_made
    records = records[records["commune_code"] != "90004"].copy()
    units = units[units["code"] != "90004"]
    records.loc[records["commune_code"] == "90003", "basic_19_2"] = True
    records.loc[records["commune_code"] == "90001", "advanced_19_2"] = False
    s = overview.summary(units, records, 2025).set_index("code")
    assert s.loc["08", "basic_pct"] == s.loc["64", "basic_pct"] == 100.0
    assert s.loc["08", "rank"] == s.loc["64", "rank"] == 1


@pytest.mark.parametrize("pct, grade, code", [
    (None, "basic", labels.NO_DATA), (float("nan"), "basic", labels.NO_DATA), (0.0, "basic", "b0"),
    (79.99, "basic", "b0"), (80.0, "basic", "b80"), (98.9, "basic", "b95"), (99.0, "basic", "b99"),
    (100.0, "basic", "b99"), (19.9, "advanced", "a0"), (50.0, "advanced", "a50"), (45.0, "advanced", "a40"),
])
def test_share_classes(pct, grade, code):
    assert overview.share_class(pct, grade) == code


def test_share_classes_are_defined_once_with_distinct_colours():
    for classes in labels.SHARE_CLASSES.values():
        assert [c.lower for c in classes] == sorted(c.lower for c in classes)
        assert len({c.colour for c in classes}) == len(classes)
        assert labels.STATUSES[labels.NO_DATA].colour not in {c.colour for c in classes}


def test_expand_all_and_lists():
    assert len(gazetteer.expand(["all"])) == 63
    assert len(gazetteer.expand(["all"], "2025")) == 34
    assert gazetteer.expand(["08", "gia-lai", "Tuyên Quang"]) == ["tuyen-quang", "gia-lai"]
    with pytest.raises(gazetteer.UnknownUnitError):
        gazetteer.expand(["atlantis"])


def test_a_link_that_is_not_a_relative_html_file_is_refused():
    from helpers import maps

    for bad in ("javascript:alert(1)", "https://example.org/x.html", "/etc/passwd.html", "x.exe"):
        with pytest.raises(ValueError, match="refusing link"):
            maps._safe_href(bad)
    assert maps._safe_href("../reports/ha-noi-2025.html") == "../reports/ha-noi-2025.html"
