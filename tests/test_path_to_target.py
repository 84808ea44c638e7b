"""How many more xã each target needs, checked against a hand computation on a hand-made province."""

import pytest

from helpers import path_to_target

from handmade import PREVIOUS, PROVINCE, target


def _gaps(frame, tid):
    rows = frame[frame["target_id"] == tid]
    return {r.district_name: (r.xa, r.attaining, r.required, r.gap) for r in rows.itertuples()}


def test_a_province_target_is_measured_for_the_province_and_its_gap_shared_among_districts():
    targets = [target("above80", "basic", ">", 80), target("at80", "basic", "=", 80),
               target("adv50", "advanced", ">=", 50)]
    need = path_to_target.needed(PROVINCE, targets, "Tỉnh T")
    # "trên 80%" of 15 xã: more than 12, so 13; 11 attain → 2 more. The 2 are shared by the xã not
    # attaining: D1 has 1, D2 has 3 (quotas 0.5 and 1.5; the tied remainder goes to D2, which has
    # more). Not the province's 80 % applied to each district (D1 would then need none, D2 three).
    assert _gaps(need, "above80") == {"Tỉnh T": (15, 11, 13, 2), "Huyện D1": (10, 9, 9, 0),
                                      "Huyện D2": (5, 2, 4, 2)}
    # "80%" is met by reaching it: 12 of 15, one more, from D2 (quota 0.75 against 0.25)
    assert _gaps(need, "at80") == {"Tỉnh T": (15, 11, 12, 1), "Huyện D1": (10, 9, 9, 0), "Huyện D2": (5, 2, 3, 1)}
    # advanced, "ít nhất 50%": 8 of 15, 3 attain, 5 more; candidates 8 and 4: quotas 3.33 and 1.67
    assert _gaps(need, "adv50") == {"Tỉnh T": (15, 3, 8, 5), "Huyện D1": (10, 2, 5, 3), "Huyện D2": (5, 1, 3, 2)}
    assert list(need["level"].iloc[:3]) == ["province", "district", "district"]
    assert list(need["candidates"].iloc[:3]) == [4, 1, 3]
    for _, rows in need.groupby("target_id"):
        assert rows["gap"].iloc[0] == rows["gap"].iloc[1:].sum()


def test_a_target_set_per_district_is_measured_in_every_district():
    t = target("each100", "basic", "=", 100)
    t = t.__class__(**{**t.__dict__, "scope": "each_district"})
    need = path_to_target.needed(PROVINCE, [t], "Tỉnh T")
    # every district must have all its xã attaining: D1 10 of 10 (9 attain), D2 5 of 5 (2 attain);
    # the province's row adds the districts up
    assert _gaps(need, "each100") == {"Tỉnh T": (15, 11, 15, 4), "Huyện D1": (10, 9, 10, 1), "Huyện D2": (5, 2, 5, 3)}
    assert set(need["scope"]) == {"each_district"}


@pytest.mark.parametrize("total, weights, want", [(7, [5, 5, 5], [3, 2, 2]), (9, [4, 0, 5], [4, 0, 5]),
                                                  (12, [4, 0, 5], [4, 0, 5]), (1, [1, 1], [1, 0])])
def test_shares_add_up_and_never_exceed_a_weight(total, weights, want):
    assert path_to_target.shares(total, weights) == want


def test_district_shares_on_the_demo_add_up_to_the_province_s_gap():
    from helpers import workbook

    for province, year in [("tuyen-quang", 2025), ("gia-lai", 2024), ("tuyen-quang", 2026)]:
        need = workbook.load(province, year).path_to_targets()
        assert not need.empty
        for _, rows in need.groupby("target_id"):
            whole, parts = rows.iloc[0], rows.iloc[1:]
            assert whole["level"] == "province" and (parts["level"] == "district").all()
            assert whole["gap"] == parts["gap"].sum() and (parts["gap"] <= parts["candidates"]).all()
            assert whole["xa"] == parts["xa"].sum() and whole["attaining"] == parts["attaining"].sum()


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
    recs = ctx._records[ctx._records["year"] == 2026].set_index("commune_code")
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
