"""What a reader reads of an output: the visible text of a report, a map or the index, with the
maps inside a report, the texts a map's runtime shows (its legend, popups and notices come from
the page's JSON blocks), the CSV downloads cell by cell, and the tables as rows of cell texts.

Read from the file itself with the standard library's HTML parser, so that any page can be
checked without a browser, as fast as the build writes them (helpers.audit checks what this
returns).
"""

from __future__ import annotations

import base64
import csv
import io
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .export import CSV_SEPARATOR

SKIPPED = {"script", "style", "template", "noscript"}
DATA_CSV = "data:text/csv;charset=utf-8;base64,"
# the strings of a map's JSON blocks that its runtime shows: by their key, or by the key that
# holds them (every other string is data for the runtime: codes, colours, ids)
SHOWN_KEYS = {"label", "name", "district", "title", "caption", "text", "n", "note", "province_name", "legend",
              "search_placeholder", "search_label", "link_label", "link_hint"}
SHOWN_IN = {"notices", "sub_labels", "failing_heads", "heads", "views", "labels", "lines", "popup"}


@dataclass(frozen=True)
class Passage:
    """One piece of text a reader meets: where it is (file, and a place inside it) and what it says."""

    file: str
    where: str
    text: str


@dataclass
class Table:
    """A table as the reader sees it: caption, header cells and rows of cell texts, and the
    heading it stands under (a province's column in a comparison)."""

    file: str
    caption: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    heading: str = ""


@dataclass
class Page:
    """Everything a reader reads of one HTML file."""

    file: str
    passages: list[Passage] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    csvs: dict[str, list[list[str]]] = field(default_factory=dict)  # download name → rows
    cards: list[tuple[str, str]] = field(default_factory=list)  # key-figure cards: (value, label)
    maps: list[Page] = field(default_factory=list)  # the map pages inside a report
    json_blocks: dict[str, object] = field(default_factory=dict)

    def text(self) -> str:
        """All the visible text, one passage a line."""
        return "\n".join(p.text for p in self.passages)

    def all_passages(self) -> list[Passage]:
        out = list(self.passages)
        for m in self.maps:
            out += m.all_passages()
        return out


class _Reader(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[str] = []
        self.skip = 0
        self.json_id: str | None = None
        self.json_text: list[str] = []
        self.heading = ""
        self.in_heading = False
        self.table: Table | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.in_caption = False
        self.card: dict | None = None
        self.card_part: str | None = None
        self.csv_name = ""

    # -------------------------------------------------------------- structure
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in SKIPPED:
            self.skip += 1
            if tag == "script" and a.get("type") == "application/json":
                self.json_id, self.json_text = a.get("id") or "", []
            return
        self._embedded(tag, a)
        self._structure_start(tag, (a.get("class") or "").split())
        self.stack.append(tag)

    def _embedded(self, tag: str, a: dict) -> None:
        """A map inside the page, an image's text, a CSV download, a hover text."""
        if tag == "iframe" and a.get("srcdoc"):
            self.page.maps.append(read(a["srcdoc"], f"{self.page.file} › {a.get('title') or 'bản đồ'}"))
        if tag == "img" and a.get("alt"):
            self._add(a["alt"], "ảnh")
        if tag == "a" and (a.get("href") or "").startswith(DATA_CSV):
            self._csv(a.get("download") or "bảng.csv", a["href"][len(DATA_CSV):])
        if a.get("title") and tag != "iframe":
            self._add(a["title"], "chú thích khi trỏ chuột")

    def _structure_start(self, tag: str, cls: list[str]) -> None:
        if tag in ("h1", "h2", "h3"):
            self.in_heading, self.heading = True, ""
        elif tag == "table":
            self.table = Table(self.page.file, "", [], heading=" ".join(self.heading.split()))
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        if "antt-kpi" in cls:
            self.card = {"v": [], "l": []}
        elif self.card is not None and tag == "div" and ("v" in cls or "l" in cls):
            self.card_part = "v" if "v" in cls else "l"

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skip = max(0, self.skip - 1)
            if tag == "script" and self.json_id is not None:
                try:
                    self.page.json_blocks[self.json_id] = json.loads("".join(self.json_text))
                except ValueError:
                    self.page.json_blocks[self.json_id] = None
                self.json_id = None
            return
        self._table_end(tag)
        if tag in ("h1", "h2", "h3"):
            self.in_heading = False
        if self.card is not None and tag == "div":
            if self.card_part:
                self.card_part = None
            else:
                self.page.cards.append((" ".join("".join(self.card["v"]).split()),
                                        " ".join("".join(self.card["l"]).split())))
                self.card = None
        while self.stack:
            if self.stack.pop() == tag:
                break

    def _table_end(self, tag: str) -> None:
        if tag == "caption":
            self.in_caption = False
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            if "thead" in self.stack and not self.table.columns:
                self.table.columns = self.row
            else:
                self.table.rows.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self.page.tables.append(self.table)
            self.table = None

    def handle_data(self, data):
        if self.skip:
            if self.json_id is not None:
                self.json_text.append(data)
            return
        if self.cell is not None:
            self.cell.append(data)
        if self.in_caption and self.table is not None:
            self.table.caption += data
        if self.card is not None and self.card_part:
            self.card[self.card_part].append(data)
        if self.in_heading:
            self.heading += data
        self._add(data, self.heading.strip() or "đầu trang")

    # -------------------------------------------------------------- pieces
    def _add(self, text: str, where: str) -> None:
        text = " ".join(text.split())
        if text:
            self.page.passages.append(Passage(self.page.file, where, text))

    def _csv(self, name: str, payload: str) -> None:
        raw = base64.b64decode(payload).decode("utf-8-sig")
        # the downloads are this tool's (helpers.export): one separator, whatever a header holds
        # ("Huyện, thị xã, thành phố" has more commas than a two-column file has semicolons)
        rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=CSV_SEPARATOR))
        self.page.csvs[name] = rows
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                head = rows[0][j] if j < len(rows[0]) else f"cột {j + 1}"
                self._add(v, f"tệp {name}, dòng {i + 1}, cột “{head}”")


def _json_texts(value, file: str, where: str, key: str = "", parent: str = "") -> list[Passage]:
    """The strings of a map's JSON block that its runtime shows (names, labels, notices, notes)."""
    out: list[Passage] = []
    if isinstance(value, str):
        if (key in SHOWN_KEYS or parent in SHOWN_IN) and value.strip():
            out.append(Passage(file, where, " ".join(value.split())))
    elif isinstance(value, dict):
        for k, v in value.items():
            out += _json_texts(v, file, where, k, key)
    elif isinstance(value, list):  # a list of texts (notices), or of records (features, views)
        for v in value:
            out += _json_texts(v, file, where, "", key if isinstance(v, str) else "")
    return out


def read(html: str, file: str) -> Page:
    """Everything a reader reads of one HTML page (a map inside it included)."""
    page = Page(file)
    reader = _Reader(page)
    reader.feed(html)
    reader.close()
    for dom_id, data in page.json_blocks.items():
        page.passages += _json_texts(data, file, f"bản đồ (dữ liệu hiển thị “{dom_id}”)")
    return page
