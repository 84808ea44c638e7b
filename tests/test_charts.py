"""The static figures of the reports (the printed map, the charts)."""

import pytest

from helpers import charts, maps, workbook


@pytest.mark.parametrize("year,expected", [
    (2025, ["Đạt 19.2 nâng cao", "Đạt 19.2 (cơ bản)", "Chưa đạt 19.2", "Không áp dụng (phường, thị trấn)"]),
    (2026, ["Đạt ANTT NTM hiện đại", "Đạt ANTT tiêu chí 10 (cơ bản)", "Chưa đạt ANTT tiêu chí 10",
            "Không áp dụng (phường, đặc khu)"])])
def test_printed_map_legend_names_the_year_s_indicator_with_counts(year, expected):
    ctx = workbook.load("tuyen-quang", year)
    fig = charts.status_map_figure(ctx._geo, ctx._status, ctx._geo, ctx._title, ctx._notices, criteria=ctx.criteria)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    counts = ctx._status["status"].value_counts()
    assert texts[:4] == [f"{label} ({counts.get(code, 0)})" for label, code in
                         zip(expected, ["advanced", "basic", "not_attained", "not_applicable"], strict=True)]
    assert not any("{" in t for t in texts)


def _printed_texts(fig) -> list:
    """Every text drawn on a saved figure (the drawing places the names and wraps the notices)."""
    from matplotlib.text import Text

    from helpers import render

    render.figure_png(fig)
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and t.get_figure() is not None]


@pytest.mark.parametrize("province,year", [("da-nang", 2026), ("gia-lai", 2025), ("khanh-hoa", 2026)])
def test_every_text_of_a_printed_figure_is_at_least_8_pt_and_the_figure_fits_the_a4_text_width(province, year):
    """Printed one figure inch per inch of paper (helpers.render.print_width_mm), a figure's font
    size is its size on A4: the map (names, legend, notices, the inset of the far islands) and
    both charts."""
    from helpers import render, sections

    ctx = workbook.load(province, year)
    figures = [maps.frame(sections.status_map(ctx)).figure, sections.crime_chart(ctx)]
    if ctx.vintage == "2025":
        figures.append(sections.series_chart(ctx))
    for fig in figures:
        texts = _printed_texts(fig)
        assert len(texts) >= 5
        small = sorted({(t.get_fontsize(), t.get_text()[:30]) for t in texts if t.get_fontsize() < charts.PRINT_PT})
        assert not small, f"{province} {year}: text below {charts.PRINT_PT} pt: {small[:5]}"
        width_mm = float(render.print_width_mm(render.figure_png(fig)))
        assert width_mm <= 180, f"{province} {year}: a figure {width_mm} mm wide does not fit the page's 180 mm"
    names = [t.get_text() for t in _printed_texts(figures[0])]
    assert sum("Quần đảo" in n for n in names) == (province in ("da-nang", "khanh-hoa")), names


def test_the_numbers_of_a_chart_read_as_the_tables_write_them():
    """Counts over a thousand with a dot between thousands, a level with a decimal comma: the
    crime chart and the table beside it show one figure the same way."""
    import pandas as pd

    trend = pd.DataFrame({"year": [2019, 2024, 2025], "cases": [1185, 1066, 980]})
    fig = charts.crime_chart(trend, baseline_year=2019, reduction_pct=7.5)
    texts = [t.get_text() for t in _printed_texts(fig)]
    assert {"1.185", "1.066", "980"} <= set(texts)
    assert "1.200" in texts or "1.000" in texts  # a tick of the value axis
    assert not any(t in texts for t in ("1185", "1066", "1000", "1200"))
    assert "Mức giảm 7,5% so với năm 2019" in texts
    series = pd.DataFrame({"year": [2024, 2025], "units": ["legacy"] * 2, "criteria": ["ntm-2021-2025"] * 2,
                           "basic_pct": [62.5, 70.25], "advanced_pct": [10.0, 12.5]})
    texts = [t.get_text() for t in _printed_texts(charts.series_chart(series, {"ntm-2021-2025": "bộ tiêu chí"}))]
    # as the series table shows them: one decimal, halves away from zero (formats.number)
    assert {"62,5", "70,3", "10,0", "12,5"} <= set(texts) and not {"63", "70", "13"} & set(texts)
