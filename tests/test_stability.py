"""Kept, lost and gained between two years, against a hand-made two-year case."""

from helpers import stability
from helpers.labels import ADVANCED, BASIC, NO_DATA, NOT_ATTAINED

from handmade import status

# A: basic → not attained (lost 19.2); B: advanced → basic (lost the advanced grade, kept 19.2);
# C: not attained → basic (gained); D: basic → basic (kept); E: no data → basic (not counted)
Y1 = status([("A", "D", "Xã", BASIC, []), ("B", "D", "Xã", ADVANCED, []), ("C", "D", "Xã", NOT_ATTAINED, ["x"]),
             ("D", "D", "Xã", BASIC, []), ("E", "D", "Xã", NO_DATA, [])])
Y2 = status([("A", "D", "Xã", NOT_ATTAINED, ["no_serious_crime"]), ("B", "D", "Xã", BASIC, ["safe_standard_tt124"]),
             ("C", "D", "Xã", BASIC, []), ("D", "D", "Xã", BASIC, []), ("E", "D", "Xã", BASIC, [])])


def test_summary_counts_kept_lost_gained():
    s = stability.summary({2024: Y1, 2025: Y2}).set_index("grade")
    assert s.loc["basic", ["attaining_before", "kept", "lost", "gained", "attaining_after", "no_data"]].tolist() == \
        [3, 2, 1, 1, 4, 1]
    assert s.loc["advanced", ["attaining_before", "kept", "lost", "gained", "attaining_after", "no_data"]].tolist() == \
        [1, 0, 1, 0, 0, 1]
    assert set(s["from_year"]) == {2024} and set(s["to_year"]) == {2025}


def test_changes_name_each_xa():
    ch = stability.changes({2024: Y1, 2025: Y2})
    got = {(r.grade, r.change, r.code) for r in ch.itertuples()}
    assert got == {("basic", "lost", "A"), ("basic", "gained", "C"), ("advanced", "lost", "B")}
    a = ch[ch["code"] == "A"].iloc[0]
    assert a["failing_after"] == ["no_serious_crime"] and a["status_before"] == BASIC


def test_pairs_are_consecutive_years_of_the_data():
    s = stability.summary({2019: Y1, 2022: Y2, 2023: Y2})
    assert sorted(set(zip(s["from_year"], s["to_year"]))) == [(2019, 2022), (2022, 2023)]
    assert stability.summary({2025: Y2}).empty and stability.changes({2025: Y2}).empty


def test_transitions_computed_once_give_what_each_computes_alone():
    history = {2023: Y1, 2024: Y2, 2025: Y1}
    steps = stability.transitions(history)
    assert len(steps) == 2 * 2  # two pairs of years, two grades
    assert stability.summary(history, steps).equals(stability.summary(history))
    assert stability.changes(history, steps).equals(stability.changes(history))
