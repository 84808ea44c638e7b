"""Report fragments: escaped text, Vietnamese numbers, CSV downloads, the page and its contents."""

import base64
import re

import pandas as pd

from helpers import batch, report

EVIL = "<script>alert(1)</script> \"Xã\" 'Bản'"


def test_table_escapes_and_offers_the_same_rows_as_csv():
    df = pd.DataFrame({"Xã": [EVIL, "Xã Hùng Lợi"], "Số vụ": [3, 4]})
    html = str(report.table(df, "Bảng", csv_name="bang.csv"))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;Xã&quot; &#x27;Bản&#x27;" in html
    uri = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html).group(1)
    csv = base64.b64decode(uri).decode("utf-8")
    assert csv.startswith("\ufeffXã,Số vụ") and "Xã Hùng Lợi,4" in csv


def test_footer_and_header_escape():
    html = str(report.footer({"province": EVIL}, EVIL, "x")) + str(report.header(EVIL, EVIL, [EVIL]))
    assert "<script>alert(1)" not in html


def test_index_escapes_names_and_errors(tmp_path):
    entries = [{"province": "p", "year": 2025, "notebook": "n", "kind": "report", "path": "reports/p-2025.html",
                "status": "error", "seconds": 1.0, "error": EVIL}]
    page = batch.write_index(entries, tmp_path, {"data": EVIL, "boundaries": "x", "illustrative": True},
                             {"p": EVIL}).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_vietnamese_numbers():
    assert report.number(1234567, 0) == "1.234.567"
    assert report.number(97.52) == "97,5"
    assert report.number(None) == "–"


def test_page_has_a_table_of_contents_from_the_headings():
    body = '<h2 id="1.-Bản-đồ">1. Bản đồ<a class="anchor-link" href="#1.-Bản-đồ">¶</a></h2><p>x</p><h2 id="b">B &amp; C</h2>'
    assert report.toc(body) == [("1.-Bản-đồ", "1. Bản đồ"), ("b", "B & C")]
    page = report.page(body, "Tiêu đề")
    assert '<html lang="vi">' in page and 'href="#1.-Bản-đồ"' in page and "<script" not in page


def test_table_links_are_escaped_and_only_where_given():
    import pandas as pd

    from helpers import report

    df = pd.DataFrame({"Tỉnh": ["A<b>", "B", "C"]})
    html = str(report.table(df, links={"Tỉnh": pd.Series(['a".html', None, float("nan")], dtype=object)}))
    assert '<a href="a&quot;.html">A&lt;b&gt;</a>' in html
    assert html.count("<a href") == 1  # no link for None or NaN
