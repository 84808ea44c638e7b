"""What a build runs: one job per report, in the order they start, with the names of its outputs."""

from helpers import datasets, request
from helpers.batch import jobs


def _jobs(provinces, years, units):
    src = datasets.source("")
    return jobs.plan_jobs([request.for_build(request.build_provinces(provinces, units), y, units, src, None) for y in years])


def test_two_provinces_get_their_reports_and_the_comparison_of_their_plans():
    js = _jobs(["tuyen-quang", "gia-lai"], [2024, 2025], "legacy")
    assert [(j.notebook, j.report) for j in js] == [
        (jobs.PROVINCE_NOTEBOOK, "tuyen-quang-2024.html"), (jobs.PROVINCE_NOTEBOOK, "tuyen-quang-2025.html"),
        (jobs.PROVINCE_NOTEBOOK, "gia-lai-2024.html"), (jobs.PROVINCE_NOTEBOOK, "gia-lai-2025.html"),
        (jobs.COMPARISON_NOTEBOOK, "comparison-tuyen-quang-gia-lai-2024.html"),
        (jobs.COMPARISON_NOTEBOOK, "comparison-tuyen-quang-gia-lai-2025.html")]
    assert js[0].map == "tuyen-quang-2024.html" and js[-1].map is None
    assert js[0].parameters == {"province": "tuyen-quang", "year": 2024, "data": "", "boundaries": "",
                                "vintage": "legacy"}
    assert js[0].title == "Tỉnh Tuyên Quang — năm 2024: tiêu chí an ninh, trật tự"


def test_five_provinces_or_more_start_with_the_national_overview_and_the_2025_units_compare_no_plans():
    js = _jobs(["all"], [2026], "2025")
    assert js[0].notebook == jobs.NATIONAL_NOTEBOOK and js[0].report == "national-2026.html"
    assert len(js) == 1 + 34 and not any(j.notebook == jobs.COMPARISON_NOTEBOOK for j in js)
    carried = _jobs(["tuyen-quang"], [2024], "2025")
    assert [j.report for j in carried] == ["tuyen-quang-v2025-2024.html"]
    assert carried[0].title.startswith("Tỉnh Tuyên Quang (đơn vị hành chính từ 01/7/2025) — năm 2024")
    assert jobs.with_national(range(jobs.NATIONAL_FROM)) and not jobs.with_national(range(jobs.MAX_COMPARED))
