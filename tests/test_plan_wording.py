"""Targets and their progress in words, as a leader reads them: every value through helpers.formats."""

from helpers import plan_schema, plan_wording, plans


def _target(**kw) -> plan_schema.Target:
    base = {"id": "t", "metric": "share_communes", "level": "commune", "grade": "basic", "comparison": ">=",
            "threshold": 90, "deadline": 2025, "source": "câu trong kế hoạch"}
    return plan_schema.Target.model_validate({**base, **kw})


def test_a_target_reads_as_its_plan_writes_it():
    texts = [plan_wording.target_text(t) for t in plans.plan_for("tuyen-quang", 2025).targets]
    assert texts[:3] == ["giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2019, đến năm 2025",
                         "trên 99% số xã đạt chỉ tiêu 19.2, đến năm 2025",
                         "50% số xã đạt chỉ tiêu 19.2 nâng cao, đến năm 2025"]
    assert texts[3] == "Thành phố Tuyên Quang: hoàn thành nhiệm vụ xây dựng nông thôn mới, đến năm 2025"
    assert texts[5] == "ít nhất 60% đơn vị cấp huyện đạt chỉ tiêu 9.4, đến năm 2025"


def test_a_level_with_decimals_or_a_count_is_written_the_vietnamese_way():
    assert plan_wording.target_text(_target(threshold=97.5)) == "ít nhất 97,5% số xã đạt chỉ tiêu 19.2, đến năm 2025"
    assert plan_wording.target_text(_target(count=1200, of=1250, threshold=96)).startswith("ít nhất 1.200/1.250 số xã")
    crime = _target(metric="crime_cases_social_order", level="province", grade=None, threshold=7.5, baseline_year=2019)
    assert plan_wording.target_text(crime) == ("giảm ít nhất 7,5% số vụ phạm tội về trật tự xã hội so với năm 2019, "
                                               "đến năm 2025")
    derived = _target(derived_from="100% số xã đạt chuẩn nông thôn mới")
    assert plan_wording.target_text(derived).startswith("mức sàn suy ra từ mục tiêu “100% số xã đạt chuẩn nông thôn mới”")


def test_progress_in_words():
    share = {"metric": "share_communes", "actual": 95.04, "actual_count": 115, "denominator": 121, "required": 120}
    assert plan_wording.actual_text(share) == "115/121 xã (95,0%)"
    assert plan_wording.required_text(share) == "ít nhất 120/121 xã"
    crime = {"metric": "crime_cases_social_order", "actual": -3.5, "actual_count": 1200, "denominator": 1160,
             "required": 1102, "baseline_year": 2019.0}
    assert plan_wording.actual_text(crime) == "tăng 3,5% (1.200 vụ so với 1.160 vụ năm 2019)"
    assert plan_wording.required_text(crime) == "không quá 1.102 vụ"
    unknown = {**share, "actual_count": None}
    assert plan_wording.actual_text(unknown) == "–" and plan_wording.crime_change_text(None, 1, 2, 2019) == "–"
