"""What a reader reads of an output page: its visible text (never scripts or styles), its tables
as rows of cell texts, its key-figure cards, its CSV downloads cell by cell, the maps inside it,
and the strings of a map's JSON blocks that its runtime shows (never its codes or colours)."""

import base64
import json

import pandas as pd

from helpers import export, visible


def _download(name: str, data: bytes) -> str:
    return f'<a class="antt-csv" download="{name}" href="{visible.DATA_CSV}{base64.b64encode(data).decode()}">Tải bảng</a>'


def _json(dom_id: str, data) -> str:
    return f'<script type="application/json" id="{dom_id}">{json.dumps(data, ensure_ascii=False)}</script>'


PAGE = """<!doctype html><html lang="vi"><head><title>Báo cáo</title>
<style>.antt-kpi { color: red }</style><script>var hidden = "không hiển thị";</script></head>
<body><h1>Tỉnh Tuyên Quang, năm 2025</h1>
<p>Tỷ lệ xã   đạt
   chỉ tiêu: <b>97,5</b>% &amp; tăng</p>
<noscript>Bật JavaScript</noscript><template><p>mẫu ẩn</p></template>
<h2>Các chỉ số chính</h2>
<div class="antt-kpis"><div class="antt-kpi"><div class="v"> 118/121 </div><div class="l">xã đạt
19.2</div></div><div class="antt-kpi"><div class="v">3</div><div class="l">xã nâng cao</div></div></div>
<img src="chart.png" alt="Biểu đồ tỷ lệ xã đạt"><abbr title="Thông tư 124">TT124</abbr>
<table><caption>Các xã chưa đạt</caption>
<thead><tr><th>Xã</th><th>Số vụ</th></tr></thead>
<tbody><tr><td>Xã  Hùng Lợi</td><td class="num">1.185</td></tr><tr><td><a href="#x">Xã Kim Bình</a></td><td>–</td></tr>
</tbody></table>
</body></html>"""


def test_only_what_a_reader_sees_is_read_with_its_spaces_collapsed():
    page = visible.read(PAGE, "bao-cao.html")
    text = page.text()
    assert "Tỷ lệ xã đạt chỉ tiêu:" in text.splitlines() and "& tăng" in text
    for hidden in ("không hiển thị", "color: red", "Bật JavaScript", "mẫu ẩn"):
        assert hidden not in text
    assert all(p.file == "bao-cao.html" and p.text == " ".join(p.text.split()) and p.text for p in page.passages)


def test_each_passage_says_under_which_heading_it_is():
    page = visible.read(PAGE, "bao-cao.html")
    where = {p.text: p.where for p in page.passages}
    assert where["Báo cáo"] == "đầu trang"
    assert where["Tỷ lệ xã đạt chỉ tiêu:"] == "Tỉnh Tuyên Quang, năm 2025"
    assert where["118/121"] == "Các chỉ số chính"


def test_image_texts_and_hover_texts_are_read():
    where = {p.text: p.where for p in visible.read(PAGE, "bao-cao.html").passages}
    assert where["Biểu đồ tỷ lệ xã đạt"] == "ảnh"
    assert where["Thông tư 124"] == "chú thích khi trỏ chuột"


def test_a_table_is_its_caption_its_header_and_rows_of_cell_texts():
    (table,) = visible.read(PAGE, "bao-cao.html").tables
    assert (table.file, table.caption, table.columns) == ("bao-cao.html", "Các xã chưa đạt", ["Xã", "Số vụ"])
    assert table.rows == [["Xã Hùng Lợi", "1.185"], ["Xã Kim Bình", "–"]]


def test_key_figure_cards_pair_each_value_with_its_label():
    assert visible.read(PAGE, "bao-cao.html").cards == [("118/121", "xã đạt 19.2"), ("3", "xã nâng cao")]


def test_a_csv_download_is_read_cell_by_cell_as_a_spreadsheet_opens_it():
    df = pd.DataFrame({"Xã": ["Xã Hùng Lợi", "=1+1"], "Tỷ lệ (%)": [97.5, 1234.25], "Đạt": [True, False]})
    html = f"<body><h2>Bảng</h2>{_download('cac-xa.csv', export.csv_bytes(df))}</body>"
    page = visible.read(html, "bao-cao.html")
    assert page.csvs == {"cac-xa.csv": [["Xã", "Tỷ lệ (%)", "Đạt"], ["Xã Hùng Lợi", "97,5", "Đạt"],
                                        ["'=1+1", "1.234,3", "Chưa đạt"]]}
    where = {p.text: p.where for p in page.passages}
    assert where["Xã Hùng Lợi"] == "tệp cac-xa.csv, dòng 2, cột “Xã”"
    assert where["Chưa đạt"] == "tệp cac-xa.csv, dòng 3, cột “Đạt”"


def test_a_header_with_commas_and_a_row_longer_than_its_header_are_read():
    """The downloads are this tool's: ';' between cells, whatever commas a header holds."""
    data = "Huyện, thị xã, thành phố;Số vụ\r\nXã A;3;thừa\r\n".encode()
    page = visible.read(_download("a.csv", data), "p.html")
    assert page.csvs["a.csv"] == [["Huyện, thị xã, thành phố", "Số vụ"], ["Xã A", "3", "thừa"]]
    assert {p.text: p.where for p in page.passages}["thừa"] == "tệp a.csv, dòng 2, cột “cột 3”"


def test_a_map_inside_a_report_is_read_as_a_page_of_its_own():
    inner = "<html><body><h2>Bản đồ</h2><p>Chú giải: Đạt</p></body></html>"
    html = (f'<body><p>Trước bản đồ</p><iframe title="Bản đồ xã" srcdoc="{inner.replace(chr(34), "&quot;")}">'
            '</iframe><iframe srcdoc="&lt;p&gt;Không tên&lt;/p&gt;"></iframe></body>')
    page = visible.read(html, "bao-cao.html")
    assert [m.file for m in page.maps] == ["bao-cao.html › Bản đồ xã", "bao-cao.html › bản đồ"]
    assert page.maps[0].text() == "Bản đồ\nChú giải: Đạt"
    assert "Chú giải: Đạt" not in page.text()  # the report's own text
    assert [p.text for p in page.all_passages()] == ["Trước bản đồ", "Bản đồ", "Chú giải: Đạt", "Không tên"]
    assert page.all_passages()[1].file == "bao-cao.html › Bản đồ xã"


def test_a_maps_json_shows_its_labels_and_notices_but_not_its_codes_or_colours():
    data = {
        "views": [{"id": "status", "label": "Mức đạt chỉ tiêu 19.2", "classes": ["advanced", "basic"]}],
        "classes": {"advanced": {"label": "Đạt 19.2 nâng cao", "colour": "#0b5d9e"}},
        "notices": ["DỮ LIỆU MINH HỌA", "  Ranh giới   gần đúng "],
        "sub_labels": {"no_serious_crime": "Không có tội phạm nghiêm trọng"},
        "features": [{"code": "02233", "name": "Xã Hùng Lợi", "district": "Huyện Yên Sơn", "n": "3 vụ",
                      "popup": {"lines": "Số vụ: 3"}, "status": "basic"}],
        "year": 2025,
        "empty": {"label": "   "},
        "search_placeholder": "Tìm tỉnh, thành phố…", "link_hint": "Bấm vào tỉnh để mở báo cáo của tỉnh.",
    }
    page = visible.read(f"<body>{_json('antt-data', data)}</body>", "ban-do.html")
    assert page.json_blocks == {"antt-data": data}
    shown = [p.text for p in page.passages]
    assert shown == ["Mức đạt chỉ tiêu 19.2", "Đạt 19.2 nâng cao", "DỮ LIỆU MINH HỌA", "Ranh giới gần đúng",
                     "Không có tội phạm nghiêm trọng", "Xã Hùng Lợi", "Huyện Yên Sơn", "3 vụ", "Số vụ: 3",
                     "Tìm tỉnh, thành phố…", "Bấm vào tỉnh để mở báo cáo của tỉnh."]
    assert {p.where for p in page.passages} == {"bản đồ (dữ liệu hiển thị “antt-data”)"}


def test_a_json_block_that_does_not_parse_is_kept_as_none():
    page = visible.read('<script type="application/json" id="bad">{"label": </script><p>Sau</p>', "p.html")
    assert page.json_blocks == {"bad": None} and page.text() == "Sau"


def test_an_empty_page_reads_nothing():
    page = visible.read("", "trong.html")
    assert (page.passages, page.tables, page.csvs, page.cards, page.maps, page.text()) == ([], [], {}, [], [], "")
