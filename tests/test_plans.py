"""The plans in force: every quantitative target pinned to the plan text, one plan per province and year."""

import datetime as dt

import pytest

from helpers import plan_schema, plans
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
    assert (tq.number, tq.date, tq.signer.name) == ("29/KH-UBND", dt.date(2023, 2, 20), "Nguyễn Thế Giang")
    assert (gl.number, gl.date, gl.signer.name) == ("179/KH-UBND", dt.date(2023, 1, 19), "Trương Hải Long")
    assert tq.implements == gl.implements == "national-926"
    assert tq.reporting[0].due == "trước ngày 15 tháng 10" and tq.reporting[0].recipient == "Công an tỉnh"
    assert gl.source.complete is False and gl.reporting == ()
    assert {a.agency for a in tq.assignments} >= {"Công an tỉnh", "Sở Tài chính", "Sở Nông nghiệp và Phát triển nông thôn"}
    assert len(tq.task_groups) == 6


def test_national_targets_cite_their_source_and_mark_what_is_unconfirmed():
    nat = plans.national()
    assert nat.number == "926/QĐ-TTg" and nat.date == dt.date(2022, 8, 2)
    assert {t.key for t in nat.targets} == {("crime_cases_social_order", None), ("share_communes", "basic"),
                                            ("share_communes", "advanced"), ("share_districts", "basic"),
                                            ("share_districts", "advanced")}
    for t in nat.targets:
        assert t.source_ref.startswith("https://") and t.unconfirmed


# ---------------------------------------------------------------- progress on a hand-made case


# ---------------------------------------------------------------- a plan file read strictly (issue 25)


def test_two_plans_of_one_province_for_one_year_are_refused(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    text = (PLANS_DIR / "tuyen-quang.yaml").read_text(encoding="utf-8")
    (folder / "tuyen-quang.yaml").write_text(text, encoding="utf-8")
    (folder / "tuyen-quang-ban-sao.yaml").write_text(text.replace("id: tuyen-quang", "id: tq-copy", 1), encoding="utf-8")
    with pytest.raises(plan_schema.PlanError, match="covers 2023, as .*tuyen-quang-ban-sao.yaml does, for the same "
                                              "province and units: keep one of the two"):
        plans.all_plans(str(folder))
