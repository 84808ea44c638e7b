"""How many more xã each target needs, checked against a hand computation on a hand-made province."""

import pytest

from helpers import path_to_target

from handmade import PREVIOUS, PROVINCE, target


def _gaps(frame, tid):
    rows = frame[frame["target_id"] == tid]
    return {r.unit_name: (r.xa, r.attaining, r.required, r.gap) for r in rows.itertuples()}


def test_needed_counts_by_the_plans_own_comparison():
    targets = [target("above80", "basic", ">", 80), target("at80", "basic", "=", 80),
               target("adv50", "advanced", ">=", 50)]
    need = path_to_target.needed(PROVINCE, targets, "Tỉnh T")
    # "trên 80%" of 15 xã: more than 12, so 13; 11 attain → 2 more. D1: more than 8 of 10 → 9, 9 attain.
    # D2: more than 4 of 5 → 5, 2 attain → 3 more.
    assert _gaps(need, "above80") == {"Tỉnh T": (15, 11, 13, 2), "Huyện D1": (10, 9, 9, 0),
                                      "Huyện D2": (5, 2, 5, 3)}
    # "80%" is met by reaching it: 12 of 15, 8 of 10, 4 of 5
    assert _gaps(need, "at80") == {"Tỉnh T": (15, 11, 12, 1), "Huyện D1": (10, 9, 8, 0), "Huyện D2": (5, 2, 4, 2)}
    # advanced, "ít nhất 50%": 8 of 15 (3 attain), 5 of 10 (2), 3 of 5 (1)
    assert _gaps(need, "adv50") == {"Tỉnh T": (15, 3, 8, 5), "Huyện D1": (10, 2, 5, 3), "Huyện D2": (5, 1, 3, 2)}
    assert list(need["level"].iloc[:3]) == ["province", "district", "district"]


def test_needed_ignores_targets_that_are_not_commune_shares():
    t = target("x", "basic", ">", 80)
    other = t.__class__(**{**t.__dict__, "metric": "share_districts", "level": "district", "grade": None})
    assert path_to_target.needed(PROVINCE, [other]).empty


def test_closest_ranks_fewest_failing_conditions_then_those_that_lost_it():
    near = path_to_target.closest(PROVINCE, "basic", PREVIOUS)
    # x13 and x10 each fail one condition of 19.2 (x10's advanced one does not count here); x13 attained
    # it the year before, so it comes first; x14 fails two; x15 has no data and comes last
    assert list(near["code"]) == ["x13", "x10", "x14", "x15"]
    assert list(near["n_failing"].astype("object").fillna(-1)) == [1, 1, 2, -1]
    assert near["failing"].iloc[1] == ["no_mass_complaints"]
    # x15 had no data the year before either: unknown
    assert list(near["attained_before"].astype("object").fillna("na")) == [True, False, False, "na"]
    assert list(near["rank"]) == [1, 2, 3, 4]


def test_closest_for_the_advanced_grade_ranks_basic_only_xa():
    near = path_to_target.closest(PROVINCE, "advanced")
    assert near["code"].iloc[0] == "x03" and near["n_failing"].iloc[0] == 1  # fails one advanced condition
    assert near["code"].iloc[1] == "x12"  # also one, code order
    assert set(near["code"]) == {f"x{i:02d}" for i in range(3, 10)} | {"x12"}
    assert near["attained_before"].isna().all()  # no previous year given


def test_unknown_grade_is_refused():
    with pytest.raises(ValueError, match="grade must be one of"):
        path_to_target.closest(PROVINCE, "model")


def test_closest_ranks_equals_by_how_far_their_share_is_from_their_group_s_threshold():
    """2026, Gia Lai: most xã short of the advanced grade fail only the residential share. They
    rank by the points their share lacks against their own group's threshold (80, 75 or 70 %),
    computed here from the records, then by the rest; a xã failing only a yes/no condition has no
    distance and follows those that have one."""
    import pandas as pd

    from helpers import workbook

    ctx = workbook.load("gia-lai", 2026)
    near = ctx.closest("advanced")
    recs = ctx.records[ctx.records["year"] == 2026].set_index("commune_code")
    sub = ctx.criteria.sub_condition("commune", "safe_residential_share")
    thresholds = dict(sub.threshold_by_group)
    one = near[near["n_failing"] == 1]
    assert len(one) > 20 and one["distance"].notna().sum() > 20
    for _, row in one.iterrows():
        if row["failing"] == ["safe_residential_share"]:
            r = recs.loc[row["code"]]
            want = 100 * (thresholds[int(r["commune_group"])] - float(r["safe_residential_share"]))
            assert row["distance"] == pytest.approx(want), row["code"]
        else:
            assert pd.isna(row["distance"])
    ranked = one["distance"].dropna().to_list()
    assert ranked == sorted(ranked) and len(set(ranked)) > 3
    last_with = one.index[one["distance"].notna()].max()
    assert one.loc[last_with + 1:, "distance"].isna().all()  # yes/no only: after those with a distance
