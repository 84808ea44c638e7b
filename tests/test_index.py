"""What a build leaves beside its outputs (helpers.batch.index): the folder's manifest merged by
output path across builds, and the index page a leader opens first."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers.batch import index

BUILT, EARLIER = "2026-12-06T08:00:00+07:00", "2026-11-30T15:30:00+07:00"


def _entry(path: str, province: str = "tuyen-quang", label: str = "Tỉnh Tuyên Quang", year: int | None = 2025,
           status: str = "ok", built: str = BUILT, kind: str | None = None, error: str | None = None) -> dict:
    return {"province": province, "label": label, "year": year, "notebook": "nb.ipynb", "seconds": 1.0,
            "built": built, "data": "d", "kind": kind or path.split("/")[0][:-1], "path": path,
            "status": status, "error": error, "inputs": None, "file": None}


def _files(out: Path, *paths: str) -> None:
    for p in paths:
        (out / p).parent.mkdir(parents=True, exist_ok=True)
        (out / p).write_text("x", encoding="utf-8")


def test_an_earlier_entry_stays_while_its_file_exists_and_this_build_s_wins(tmp_path):
    _files(tmp_path, "reports/a.html", "reports/b.html")
    previous = [_entry("reports/b.html", built=EARLIER), _entry("reports/a.html", built=EARLIER),
                _entry("reports/gone.html", built=EARLIER),
                _entry("reports/failed.html", status="error", error="x", built=EARLIER), "not an entry"]
    merged = index.merge(previous, [_entry("reports/a.html")], tmp_path)
    assert [(e["path"], e["built"]) for e in merged] == [
        ("reports/a.html", BUILT), ("reports/b.html", EARLIER), ("reports/failed.html", EARLIER)]


@pytest.mark.parametrize("text", [None, "{not json", '["a list"]', '{"outputs": "none"}'])
def test_a_missing_or_unreadable_manifest_is_read_as_empty(tmp_path, text):
    if text is not None:
        (tmp_path / "reports").mkdir()
        (tmp_path / "reports" / index.MANIFEST).write_text(text, encoding="utf-8")
    assert index.read_manifest(tmp_path) == {"outputs": []}


def test_two_builds_into_one_folder_keep_each_other_s_outputs(tmp_path):
    _files(tmp_path, "reports/tuyen-quang-2025.html", "maps/tuyen-quang-2025.html", "reports/gia-lai-2025.html")
    index.publish([_entry("reports/tuyen-quang-2025.html", built=EARLIER),
                   _entry("maps/tuyen-quang-2025.html", built=EARLIER)], tmp_path, {"built": EARLIER})
    merged = index.publish([_entry("reports/gia-lai-2025.html", "gia-lai", "Tỉnh Gia Lai")], tmp_path,
                           {"built": BUILT, "data": "dữ liệu", "boundaries": "gần đúng"})
    doc = json.loads((tmp_path / "reports" / index.MANIFEST).read_text(encoding="utf-8"))
    assert doc["outputs"] == merged and doc["built"] == BUILT
    assert [e["path"] for e in merged] == ["maps/tuyen-quang-2025.html", "reports/gia-lai-2025.html",
                                           "reports/tuyen-quang-2025.html"]
    assert not list(tmp_path.rglob("*.tmp"))


class _Rows(HTMLParser):
    """The text of each cell of the index table, row by row, as a reader sees it."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []
        elif tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "td":
            self.rows[-1].append(" ".join(" ".join(self._cell).split()))  # blocks apart, as a reader sees them
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_the_index_lists_the_country_then_provinces_by_name_then_comparisons(tmp_path):
    entries = [
        _entry("reports/comparison-tuyen-quang-gia-lai-2025.html", "tuyen-quang+gia-lai", "Tuyên Quang – Gia Lai"),
        _entry("reports/tuyen-quang-2025.html"), _entry("maps/tuyen-quang-2025.html"),
        _entry("reports/an-giang-2025.html", "an-giang", "Tỉnh An Giang", built=EARLIER),
        _entry("reports/da-nang-2025.html", "da-nang", "Thành phố Đà Nẵng", status="error",
               error="dữ liệu thiếu cột <code>"),
        _entry("reports/national-2025.html", "national", "Toàn quốc"),
    ]
    page = index.write_index(entries, tmp_path, {"built": BUILT, "illustrative": True, "data": "d",
                                                 "boundaries": "b"}).read_text(encoding="utf-8")
    rows = _Rows()
    rows.feed(page)
    table = [r for r in rows.rows if r]
    assert [r[0] for r in table] == ["Toàn quốc", "Tỉnh An Giang", "Thành phố Đà Nẵng", "Tỉnh Tuyên Quang",
                                     "Tuyên Quang – Gia Lai"]
    assert table[3][1:] == ["2025", "Báo cáo Tỉnh Tuyên Quang, năm 2025", "Bản đồ Tỉnh Tuyên Quang, năm 2025",
                            "Đã tạo"]
    assert table[1][4] == "Tạo ở lần trước: 30/11/2026 15:30 (giờ Việt Nam)"
    assert table[2][4] == ("Chưa tạo được (tệp cũ, nếu có, được giữ nguyên) Chi tiết kỹ thuật (cho người lập báo cáo) "
                           "dữ liệu thiếu cột <code>")  # said in Vietnamese; the error kept, read as text, never as markup
    assert "&lt;code&gt;" in page and "1 tệp chưa tạo được" in page and "DỮ LIỆU MINH HỌA" in page
    assert "tuyen-quang-2025.html" in rows.links and "../maps/tuyen-quang-2025.html" in rows.links
    assert "da-nang-2025.html" not in rows.links  # a failed output is not linked


def test_an_output_s_stat_names_its_file_and_a_path_outside_the_folder_stays_as_given(tmp_path):
    _files(tmp_path, "reports/a.html")
    size, mtime = index.output_stat(tmp_path / "reports" / "a.html")
    assert size == 1 and mtime > 0
    assert index.output_stat(tmp_path / "reports" / "none.html") is None
    assert index.rel_path(tmp_path / "reports" / "a.html", tmp_path) == "reports/a.html"
    assert index.rel_path(Path("/elsewhere/a.html"), tmp_path) == "/elsewhere/a.html"
    assert re.fullmatch(r"\d+", str(mtime))
