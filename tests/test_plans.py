"""Plans as data: every quantitative target pinned to the plan text; schema; progress; comparison."""

import copy
import datetime as dt

import pandas as pd
import pytest
import yaml

from helpers import plan_compare, plan_progress, plan_schema, plans, records
from helpers.names import fold
from helpers.paths import PLANS_DIR

from conftest import SHARED

SEEDS = SHARED / "seeds"

# (id, metric, level, grade, comparison, threshold, deadline, baseline_year, unit codes)
TQ = [
    ("crime-2019", "crime_cases_social_order", "province", None, ">=", 5, 2025, 2019, []),
    ("commune-19-2-basic", "share_communes", "commune", "basic", ">", 99, 2025, None, []),
    ("commune-19-2-advanced", "share_communes", "commune", "advanced", "=", 50, 2025, None, []),
    ("keep-tp-tuyen-quang", "unit_status", "district", None, "=", None, 2025, None, ["070"]),
    ("ham-yen-ntm", "unit_status", "district", None, "=", None, 2025, None, ["074"]),
    ("district-9-4", "share_districts", "district", "basic", ">=", 60, 2025, None, []),
    ("district-9-1", "share_districts", "district", "advanced", "=", 25, 2025, None, []),
]
GL = [
    ("commune-19-2-basic", "share_communes", "commune", "basic", "=", 99, 2025, None, []),
    ("commune-19-2-advanced", "share_communes", "commune", "advanced", "=", 50, 2025, None, []),
    ("district-9-4", "share_districts", "district", "basic", ">=", 60, 2025, None, []),
    ("district-9-1", "share_districts", "district", "advanced", "=", 25, 2025, None, []),
]


def _seed_text(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed plan text not available: {path}")
    return " ".join(path.read_text(encoding="utf-8").split())


@pytest.mark.parametrize("slug,expected,seed", [("tuyen-quang", TQ, "000_6bb1b0fded41f021.txt"),
                                                 ("gia-lai", GL, "004_2c2778167a101bb1.txt")])
def test_every_quantitative_target_is_pinned_to_the_plan_text(slug, expected, seed):
    plan = plans.plan_for(slug)
    got = [(t.id, t.metric, t.level, t.grade, t.comparison, t.threshold, t.deadline, t.baseline_year,
            [u["code"] for u in t.units]) for t in plan.targets]
    assert got == expected
    text = _seed_text(seed)
    for t in plan.targets:
        assert " ".join(t.source.split()) in text, t.id  # the sentence, word for word
        # the comparison word is what the sentence says
        src = t.source
        if t.comparison == ">":
            assert f"trên {t.threshold:g}%" in src
        elif t.comparison == ">=":
            assert f"ít nhất {t.threshold:g}%" in src
        elif t.threshold is not None:
            assert f"{t.threshold:g}%" in src and f"trên {t.threshold:g}%" not in src and "ít nhất" not in src


def test_plan_identity():
    tq, gl = plans.plan_for("tuyen-quang"), plans.plan_for("gia-lai")
    assert (tq.number, tq.date, tq.signer["name"]) == ("29/KH-UBND", dt.date(2023, 2, 20), "Nguyễn Thế Giang")
    assert (gl.number, gl.date, gl.signer["name"]) == ("179/KH-UBND", dt.date(2023, 1, 19), "Trương Hải Long")
    assert tq.implements == gl.implements == "national-926"
    assert tq.reporting[0]["due"] == "trước ngày 15 tháng 10" and tq.reporting[0]["recipient"] == "Công an tỉnh"
    assert gl.source["complete"] is False and gl.reporting == ()
    assert {a["agency"] for a in tq.assignments} >= {"Công an tỉnh", "Sở Tài chính", "Sở Nông nghiệp và Phát triển nông thôn"}
    assert len(tq.task_groups) == 6


def test_national_targets_cite_their_source_and_mark_what_is_unconfirmed():
    nat = plans.national()
    assert nat.number == "926/QĐ-TTg" and nat.date == dt.date(2022, 8, 2)
    assert {t.key for t in nat.targets} == {("crime_cases_social_order", None), ("share_communes", "basic"),
                                            ("share_communes", "advanced"), ("share_districts", "basic"),
                                            ("share_districts", "advanced")}
    for t in nat.targets:
        assert t.source_ref.startswith("https://") and t.unconfirmed


@pytest.mark.parametrize("change,message", [
    (lambda d: d["targets"][1].update(comparison="≥"), "targets[commune-19-2-basic].comparison: must be one of"),
    (lambda d: d["targets"][1].update(threshold="99%"), "targets[commune-19-2-basic].threshold: must be a percentage"),
    (lambda d: d["targets"][0].pop("baseline_year"), "targets[crime-2019].baseline_year: a crime reduction target needs"),
    (lambda d: d["targets"][3].update(units=[]), "targets[keep-tp-tuyen-quang].units: a unit_status target names"),
    (lambda d: d.pop("date"), "plan: missing key 'date'"),
    (lambda d: d.update(province="atlantis"), "plan.province: unknown province 'atlantis'"),
    (lambda d: d["targets"][2].update(id="commune-19-2-basic"), "duplicate target id(s) commune-19-2-basic"),
    (lambda d: d["targets"][1].update(metric="share_xa"), "unknown metric 'share_xa'"),
])
def test_schema_rejects_a_broken_plan_with_a_clear_message(change, message):
    raw = yaml.safe_load((PLANS_DIR / "tuyen-quang.yaml").read_text(encoding="utf-8"))
    broken = copy.deepcopy(raw)
    change(broken)
    with pytest.raises(plan_schema.PlanError) as err:
        plan_schema.parse_plan(broken, "broken.yaml")
    assert str(err.value).startswith("broken.yaml: ") and message in str(err.value)


@pytest.mark.parametrize("comparison,threshold,n,need", [(">", 99, 121, 120), ("=", 99, 180, 179), (">=", 60, 7, 5),
                                                         ("=", 25, 7, 2), (">=", 60, 17, 11), ("=", 25, 17, 5),
                                                         (">", 50, 10, 6), (">=", 50, 10, 5), ("=", 100, 85, 85)])
def test_required_counts(comparison, threshold, n, need):
    assert plan_progress.required_count(comparison, threshold, n) == need


# ---------------------------------------------------------------- progress on a hand-made case

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


def test_comparison_finds_the_differences_itself():
    tq, gl = plans.plan_for("tuyen-quang"), plans.plan_for("gia-lai")
    found = plan_compare.differences([tq, gl], plans.national())
    text = " ".join(found)
    assert "Tuyên Quang yêu cầu trên 99% số xã đạt chỉ tiêu 19.2" in text
    assert "Gia Lai yêu cầu 99% số xã đạt chỉ tiêu 19.2" in text
    assert any(s.startswith("Chỉ Tuyên Quang đặt mục tiêu: Tuyên Quang: giảm ít nhất 5% số vụ phạm tội") and
               "so với năm 2019" in s for s in found)
    assert "Gia Lai không đặt mục tiêu của Quyết định 926: mỗi địa phương giảm ít nhất 5%" in text
    table = plan_compare.compare([tq, gl], plans.national()).set_index("key")
    assert table.loc[[("share_communes", "basic")], f"{tq.id}:diff"].iloc[0] == "stricter"
    assert table.loc[[("share_communes", "basic")], f"{gl.id}:diff"].iloc[0] == "same"
    assert fold("Hàm Yên") in fold(text)


# ---------------------------------------------------------------- a plan file read strictly (issue 25)

def _tq_text() -> str:
    return (PLANS_DIR / "tuyen-quang.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("old,new,expected", [
    ("    threshold: 5", "    treshold: 5", "targets[crime-2019].treshold: unknown key (did you mean 'threshold'?)"),
    ("period: {start: 2023, end: 2025}", "period: {start: 2023, end: 2020}",
     "plan.period: ends (2020) before it starts (2023)"),
    ("    deadline: 2025", "    deadline: 1990", "targets[crime-2019].deadline: 1990 is outside the plan's period 2023–2025"),
    ("date: 2023-02-20", "date: 2023-13-20", "line 8, column 7: not valid YAML ('2023-13-20' is not a valid date"),
])
def test_a_plan_file_with_a_misspelt_key_an_impossible_period_deadline_or_date_is_refused(tmp_path, old, new, expected):
    text = _tq_text()
    assert old in text, old
    path = tmp_path / "tuyen-quang.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(plan_schema.PlanError) as exc:
        plan_schema.read_plan(path)
    assert str(exc.value).startswith(f"{path}: ") and expected in str(exc.value), exc.value


def test_two_plans_of_one_province_for_one_year_are_refused(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "tuyen-quang.yaml").write_text(_tq_text(), encoding="utf-8")
    (folder / "tuyen-quang-ban-sao.yaml").write_text(_tq_text().replace("id: tuyen-quang", "id: tq-copy", 1),
                                                     encoding="utf-8")
    with pytest.raises(plan_schema.PlanError, match="covers 2023, as .*tuyen-quang-ban-sao.yaml does, for the same "
                                              "province and units: keep one of the two"):
        plans.all_plans(str(folder))
