"""Progress against a plan's targets, on hand-made provinces and on the demo data."""

import datetime as dt

import pandas as pd
import pytest

from helpers import plan_progress, plan_schema, plans, records


@pytest.mark.parametrize("comparison,threshold,n,need", [(">", 99, 121, 120), ("=", 99, 180, 179), (">=", 60, 7, 5),
                                                         ("=", 25, 7, 2), (">=", 60, 17, 11), ("=", 25, 17, 5),
                                                         (">", 50, 10, 6), (">=", 50, 10, 5), ("=", 100, 85, 85)])
def test_required_counts(comparison, threshold, n, need):
    assert plan_progress.required_count(comparison, threshold, n) == need


def _inputs(share_by_year: dict[int, int], n_xa: int = 10, crime: dict[int, int] | None = None,
            district_status: dict[int, str] | None = None) -> plan_progress.Evidence:
    """A province of n_xa xã and one phường; in each year the first k xã attain basic 19.2."""
    from helpers import gazetteer

    units = pd.DataFrame({"code": [f"{i:05d}" for i in range(n_xa + 1)], "name": [f"Xã {i}" for i in range(n_xa + 1)],
                          "short_name": [str(i) for i in range(n_xa + 1)], "type": ["Xã"] * n_xa + ["Phường"],
                          "district_code": ["001"] * (n_xa + 1), "district_name": ["Huyện A"] * (n_xa + 1)})
    rows = []
    for year, k in share_by_year.items():
        for i in range(n_xa + 1):
            rows.append({"commune_code": f"{i:05d}", "year": year, "basic_19_2": (i < k) if i < n_xa else None,
                         "advanced_19_2": False if i < n_xa else None,
                         "crime_cases": (crime or {}).get(year, 0) if i == 0 else 0})
    recs = pd.DataFrame(rows)
    recs["basic_19_2"] = recs["basic_19_2"].astype("boolean")
    recs["advanced_19_2"] = recs["advanced_19_2"].astype("boolean")
    recs["crime_cases"] = recs["crime_cases"].astype("Int64")
    dist = pd.DataFrame({"code": ["001"], "name": ["Huyện A"], "type": ["Huyện"], "province_code": ["99"]})
    drec = pd.DataFrame([{"district_code": "001", "year": y, "ind_9_4": None, "ind_9_1": None,
                          records.NTM_STATUS: s} for y, s in (district_status or {}).items()])
    prov = gazetteer.Province("99", "Tỉnh Thử", "Thử", "thu", "legacy", 0.0, 0.0)
    return plan_progress.Evidence(prov, units, dist, recs, drec)


def _plan(*targets) -> plan_schema.Plan:
    raw = {"id": "p", "kind": "national", "number": "1/KH", "date": dt.date(2023, 1, 1), "title": "t", "issuer": "i",
           "signer": {"name": "s"}, "period": {"start": 2023, "end": 2025}, "targets": list(targets)}
    return plan_schema.parse_plan(raw)


def _share(comparison=">=", threshold=90, deadline=2025):
    return {"id": "x", "metric": "share_communes", "level": "commune", "grade": "basic", "comparison": comparison,
            "threshold": threshold, "deadline": deadline, "source": "s"}


def test_progress_achieved_counts_only_xa():
    row = plan_progress.progress(_plan(_share(">=", 90)), _inputs({2022: 5, 2024: 9}), 2024)[0]
    assert (row["actual_count"], row["denominator"], row["required"], row["gap"]) == (9, 10, 9, 0)
    # the level is reached in 2024, before the deadline of 2025: ahead, not met yet
    assert row["status"] == "ahead" and row["actual"] == 90.0
    row = plan_progress.progress(_plan(_share(">=", 90, deadline=2024)), _inputs({2022: 5, 2024: 9}), 2024)[0]
    assert row["status"] == "achieved"  # reached at its deadline: met


def test_progress_strict_comparison_needs_more():
    row = plan_progress.progress(_plan(_share(">", 90)), _inputs({2022: 5, 2024: 9}), 2024)[0]
    # 'trên 90%' of 10 xã is 10; at 2024 the pace since 2022 is (90-50)/2 = 20 pts a year, the
    # pace needed to reach 100% by 2025 is (100-50)/3 = 16.7: ratio 1.2, on track
    assert (row["required"], row["gap"], row["gap_text"]) == (10, 1, "còn 1 xã")
    assert row["status"] == "on_track" and row["pace_ratio"] == pytest.approx(1.2)


def test_progress_at_risk_and_off_track_by_pace():
    # needed: (90-50)/3 = 13.3 pts a year; actual (60-50)/2 = 5 → ratio 0.375, off track
    assert plan_progress.progress(_plan(_share()), _inputs({2022: 5, 2024: 6}), 2024)[0]["status"] == "off_track"
    # actual (70-50)/2 = 10 → ratio 0.75, at risk
    row = plan_progress.progress(_plan(_share()), _inputs({2022: 5, 2024: 7}), 2024)[0]
    assert row["status"] == "at_risk" and row["pace_ratio"] == pytest.approx(0.75)
    # the deadline has come and the target is missed
    assert plan_progress.progress(_plan(_share(deadline=2024)), _inputs({2022: 5, 2024: 8}), 2024)[0]["status"] == "missed"


def test_progress_not_measurable_without_data():
    row = plan_progress.progress(_plan(_share()), _inputs({2022: 5}), 2024)[0]
    assert row["status"] == "not_measurable" and "Không có số liệu năm 2024" in row["note"]


def test_progress_crime_reduction_against_baseline():
    t = {"id": "c", "metric": "crime_cases_social_order", "level": "province", "comparison": ">=", "threshold": 5,
         "deadline": 2025, "baseline_year": 2019, "source": "s"}
    inp = _inputs({2019: 5, 2022: 5, 2024: 5}, crime={2019: 200, 2022: 196, 2024: 191})
    row = plan_progress.progress(_plan(t), inp, 2024)[0]
    # −4.5 % by 2024: 10 cases allowed down to 190; pace (4.5-2)/2 = 1.25 vs (5-2)/3 = 1.0 → on track
    assert row["actual"] == 4.5 and row["required"] == 190 and row["gap_text"] == "còn phải giảm 1 vụ"
    assert row["status"] == "on_track"
    inp = _inputs({2019: 5, 2024: 5}, crime={2019: 200, 2024: 190})
    assert plan_progress.progress(_plan(t), inp, 2024)[0]["status"] == "ahead"  # reached a year before its deadline
    assert plan_progress.progress(_plan({**t, "deadline": 2024}), inp, 2024)[0]["status"] == "achieved"


def test_progress_named_units():
    t = {"id": "u", "metric": "unit_status", "level": "district", "comparison": "=", "deadline": 2025, "source": "s",
         "units": [{"code": "001", "name": "Huyện A", "status": "dat_chuan"}]}
    assert plan_progress.progress(_plan(t), _inputs({2024: 5}, district_status={2024: "chua_dat"}), 2024)[0]["status"] == "at_risk"
    assert plan_progress.progress(_plan(t), _inputs({2025: 5}, district_status={2025: "dat_chuan"}), 2025)[0]["status"] == "achieved"
    assert plan_progress.progress(_plan(t), _inputs({2024: 5}), 2024)[0]["status"] == "not_measurable"


def test_demo_progress_lists_every_target():
    from helpers import datasets

    ds = datasets.read(datasets.source(""))
    for slug in ("tuyen-quang", "gia-lai"):
        rows = plan_progress.progress(plans.plan_for(slug), plan_progress.evidence(slug, ds), 2025)
        assert [r["id"] for r in rows] == [t.id for t in plans.plan_for(slug).targets]
        assert all({"actual", "gap", "status", "metric", "comparison", "threshold"} <= set(r) for r in rows)
    tq = {r["id"]: r for r in plan_progress.progress(plans.plan_for("tuyen-quang"), plan_progress.evidence("tuyen-quang", ds), 2025)}
    assert tq["commune-19-2-basic"]["required"] == 120 and tq["commune-19-2-basic"]["gap_text"] == "còn 2 xã"
