"""The static figures of the reports (the printed map, the charts)."""

import pytest

from helpers import charts, workbook


@pytest.mark.parametrize("year,expected", [
    (2025, ["Đạt 19.2 nâng cao", "Đạt 19.2 (cơ bản)", "Chưa đạt 19.2", "Không áp dụng (phường, thị trấn)"]),
    (2026, ["Đạt ANTT NTM hiện đại", "Đạt ANTT tiêu chí 10 (cơ bản)", "Chưa đạt ANTT tiêu chí 10",
            "Không áp dụng (phường, đặc khu)"])])
def test_printed_map_legend_names_the_year_s_indicator_with_counts(year, expected):
    ctx = workbook.load("tuyen-quang", year)
    fig = charts.status_map_figure(ctx.geo, ctx.status, ctx.geo, ctx.title, ctx.notices, criteria=ctx.criteria)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    counts = ctx.status["status"].value_counts()
    assert texts[:4] == [f"{label} ({counts.get(code, 0)})" for label, code in
                         zip(expected, ["advanced", "basic", "not_attained", "not_applicable"], strict=True)]
    assert not any("{" in t for t in texts)
