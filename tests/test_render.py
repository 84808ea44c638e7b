"""The one renderer: escaped text, Vietnamese numbers, raw-valued CSV downloads, the page."""

import base64
import re

import pandas as pd
import pytest

from helpers import batch, present, render

EVIL = "<script>alert(1)</script> \"Xã\" 'Bản'"


def _csv(html: str) -> str:
    uri = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html).group(1)
    return base64.b64decode(uri).decode("utf-8")


def test_table_escapes_and_offers_the_same_rows_as_csv():
    df = present.table(pd.DataFrame({"Xã": [EVIL, "Xã Hùng Lợi"], "Số vụ": [3, 4]}), "Bảng", csv="bang.csv")
    html = render.html(df)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;Xã&#34; &#39;Bản&#39;" in html
    csv = _csv(html)
    assert csv.startswith("\ufeffXã;Số vụ") and "Xã Hùng Lợi;4" in csv


def test_csv_is_what_excel_with_vietnamese_settings_reads_as_the_page_shows_it():
    df = present.table(pd.DataFrame({"Đơn vị": ["A", "B"], "Số xã": [1234, 5], "Tỷ lệ đạt (%)": [97.52, 100.0],
                                     "Đạt": pd.array([True, None], dtype="boolean")}), "Bảng", csv="b.csv")
    html = render.html(df)
    assert ">1.234<" in html and ">97,5<" in html and ">100,0<" in html  # shown the Vietnamese way
    assert ">Đạt<" in html and ">–<" in html
    rows = _csv(html).splitlines()
    # ';' between cells, decimal comma, dot between thousands, shares as rounded on the page, Đạt/Chưa đạt
    assert rows[1] == "A;1.234;97,5;Đạt" and rows[2] == "B;5;100,0;–"
    years = present.table(pd.DataFrame({"Năm": [2019.0, None], "Số vụ": [1185.0, float("nan")]}), csv="y.csv",
                          formats={"Năm": "year", "Số vụ": "int"})
    assert _csv(render.html(years)).splitlines()[1:] == ["2019;1.185", "–;–"]  # no float year, no nan


def test_csv_cells_that_look_like_formulas_are_neutralised():
    df = present.table(pd.DataFrame({"Ghi chú": ["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "-x", "\tTab", "ok"],
                                     "Số vụ": [1, -2, 3, 4, 5, 6]}), csv="x.csv")
    lines = _csv(render.html(df)).splitlines()[1:]
    assert [line.split(";")[0] for line in lines] == ["'=cmd|' /C calc'!A0", "'+1", "'@SUM(A1)", "'-x", "'\tTab", "ok"]
    assert lines[1].endswith(";-2")  # a negative number stays a number


def test_caption_counts_the_rows_shown_and_follows_a_filter():
    df = present.table(pd.DataFrame({"Xã": list("abcd"), "Lỗi": [1, 0, 2, 0]}), "Có {n} xã",
                       flag={"column": "Lỗi", "true": True})
    assert "Có 4 xã" in render.html(df)
    sub = df[df["Lỗi"] > 0]  # an analyst's filter keeps the description
    html = render.html(sub)
    assert "Có 2 xã" in html and html.count('class="antt-flag"') == 2


def test_hidden_columns_stay_in_the_data_and_links_are_escaped():
    df = present.table(pd.DataFrame({"Tỉnh": ["A<b>", "B", "C"], "Báo cáo": ['a".html', None, float("nan")]}),
                       links={"Tỉnh": "Báo cáo"}, hidden=["Báo cáo"], csv="t.csv")
    html = render.html(df)
    assert '<a href="a&#34;.html">A&lt;b&gt;</a>' in html
    assert html.count("<a href") == 1  # no link for None or NaN
    assert "<th scope=\"col\">Báo cáo</th>" not in html and "Báo cáo" in _csv(html)


def test_key_figures_read_as_leaders_read_rates():
    df = present.table(pd.DataFrame({"Chỉ số": ["xã đạt"], "Số lượng": [118], "Trên tổng số": [121],
                                     "Đơn vị tính": ["xã"]}), kind="kpis")
    assert "118/121 xã (97,5%)" in render.html(df)


def test_text_blocks_escape():
    html = render.html(present.Header(EVIL, EVIL, (EVIL,))) + render.html(present.text(EVIL, bullets=[EVIL]))
    html += render.html(present.Provenance(((EVIL, EVIL),), EVIL, EVIL, (EVIL,)))
    assert "<script>alert(1)" not in html and html.count("&lt;script&gt;") == 10  # 3 + 2 + 5 texts, every one escaped


def test_unknown_objects_and_formats_are_refused():
    with pytest.raises(TypeError, match="no HTML form for int"):
        render.html(3)
    with pytest.raises(ValueError, match="unknown table format"):
        present.table(pd.DataFrame({"a": [1]}), formats={"a": "percent"})


def test_vietnamese_numbers_and_time():
    assert render.number(1234567, 0) == "1.234.567"
    assert render.number(97.52) == "97,5"
    assert render.number(None) == "–"
    from datetime import datetime, timezone

    assert render.format_time(datetime(2026, 1, 1, 0, 0, tzinfo=timezone.utc)) == "01/01/2026 07:00 (giờ Việt Nam)"


def test_page_has_a_table_of_contents_from_the_headings():
    body = '<h2 id="1.-Bản-đồ">1. Bản đồ<a class="anchor-link" href="#1.-Bản-đồ">¶</a></h2><p>x</p><h2 id="b">B &amp; C</h2>'
    assert render.toc(body) == [("1.-Bản-đồ", "1. Bản đồ"), ("b", "B & C")]
    page = render.page(body, "Tiêu đề")
    assert '<html lang="vi">' in page and 'href="#1.-Bản-đồ"' in page
    # one script of our own, which folds the contents on a phone (without it they stay open); none loaded
    assert page.count("<script") == 1 and "<script src" not in page and "matchMedia" in page


def test_index_escapes_names_and_errors(tmp_path):
    entries = [{"province": "p", "label": EVIL, "year": 2025, "notebook": "n", "kind": "report",
                "path": "reports/p-2025.html", "status": "error", "seconds": 1.0, "error": EVIL}]
    page = batch.write_index(entries, tmp_path, {"data": EVIL, "boundaries": "x", "illustrative": True}
                             ).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_the_stylesheet_touches_only_its_own_classes():
    # the same sheet loads inside JupyterLab: a rule on body, h2 or table would restyle the UI
    selectors = re.findall(r"(?:^|})\s*([^{}@]+?)\s*{", re.sub(r"/\*.*?\*/", "", render.stylesheet(), flags=re.S))
    for group in selectors:
        for sel in group.split(","):
            assert sel.strip().startswith(".antt-"), sel


def test_flags_ignore_missing_values():
    df = present.table(pd.DataFrame({"n": pd.array([1, None, 2], dtype="Int64")}), flag={"column": "n", "in": [1]})
    assert present.flagged(df) == [True, False, False]
    df = present.table(pd.DataFrame({"s": ["a", None]}), flag={"column": "s", "not_in": ["a"]})
    assert present.flagged(df) == [False, False]
