"""The truth audit: read every output of a build as its reader reads it (helpers.visible) and
report what a leader would find visibly wrong.

Three families of checks:
- artefacts of the code in any text a reader meets (pages, maps' legends and popups, CSV
  downloads): a number or a year written as a float, a missing value in any spelling, a
  boolean in Python's or English words, an English status code, a template placeholder, code
  or an API name, a phrase repeated across a dash;
- one figure, one value: the crime cases of a year, the change against a baseline, the count
  and share of xã attaining a grade in a year, wherever a report, the national overview or a
  CSV shows them;
- statuses the year cannot have (a target met or missed before its deadline, ahead or behind
  after it), targets without their source sentence, provisional indicators shown without their
  mark, and the index in Vietnamese alphabetical order.

`audit(folder)` returns the findings; `antt audit DIR` prints them and exits 1 when there are any.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import visible
from .labels import SOURCE_COLUMN
from .names import sort_key

# ---------------------------------------------------------------- artefacts of the code

_STRIP = [re.compile(r"https?://\S+"),  # addresses and file names are not prose
          re.compile(r"\S+\.(?:csv|xlsx|xlsm|geojson|gpkg|zip|shp|yaml|yml|txt|docx|pdf|html)\b", re.I),
          re.compile(r"\b\d+\.\d+\.\d+\b")]  # a version (vietnamadminunits 1.0.4)
ARTEFACTS = {
    "a number written as a float": re.compile(r"(?<![\d.,])\d+\.0(?![\d.])|\b(?:19|20)\d\d[.,]0\b"),
    "a number with too many decimals": re.compile(r"\d[.,]\d{4,}(?!\d)"),
    "a share with a decimal point": re.compile(r"(?<![\d.])\d{1,3}\.\d{1,2}\s?%"),
    "a missing value written as code": re.compile(r"\b(?:nan|NaN|NAN|None|NaT|null|undefined)\b|<NA>"),
    "a boolean in Python's or English words": re.compile(r"\b(?:True|False|true|false)\b"),
    "an English status code": re.compile(
        r"\b(?:not_attained|not_applicable|no_data|not_measurable|on_track|off_track|at_risk|advanced|basic|"
        r"achieved|attained|missed)\b"),
    "a template placeholder": re.compile(r"\{[A-Za-z_]\w*\}|\{\{|\}\}|\$\{|%\([a-z_]+\)[sd]|(?<![\w%])%[sd]\b"),
    "code or an API name": re.compile(r"\b[A-Za-z_]\w*\.[a-z_]\w*\(|\b[a-z]+_[a-z0-9_]+\b|Traceback|\bdef |\bimport "),
    "a phrase repeated": re.compile(r"(?i)\b(\w+(?:\s+\w+){1,4})\s+[—–-]\s+\1\b"),
}
# a document number given twice in one clause ("179/KH-UBND (Tỉnh Gia Lai), 179/KH-UBND")
REPEATED_NUMBER = re.compile(r"(\b\d+/[A-ZĐ][\w-]*)[^.;:]{0,40}?,\s*\1\b")


@dataclass(frozen=True)
class Finding:
    """One thing a reader would find wrong: where, which check, the text, and why."""

    file: str
    where: str
    check: str
    text: str

    def __str__(self) -> str:
        return f"{self.file} [{self.where}] {self.check}: {self.text}"


def _excerpt(text: str, start: int, end: int) -> str:
    a, b = max(0, start - 50), min(len(text), end + 50)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


def artefacts(passages: list[visible.Passage]) -> list[Finding]:
    """Every artefact of the code in the passages, each once per file and text."""
    out, seen = [], set()
    for p in passages:
        text = p.text
        for rx in _STRIP:
            text = rx.sub(" ", text)
        checks = list(ARTEFACTS.items()) + [("a document number repeated", REPEATED_NUMBER)]
        for name, rx in checks:
            m = rx.search(text)
            if m and (p.file, name, text) not in seen:
                seen.add((p.file, name, text))
                out.append(Finding(p.file, p.where, name, _excerpt(text, m.start(), m.end())))
    return out


# ---------------------------------------------------------------- one figure, one value

def parse_number(text: str) -> float | None:
    """A Vietnamese number as shown ('1.185', '-6,9', '−6,9 %', '95,0%'), or None."""
    t = text.strip().replace("\u2212", "-").replace("%", "").replace(" ", "")
    if not re.fullmatch(r"-?\d{1,3}(?:\.\d{3})*(?:,\d+)?|-?\d+(?:,\d+)?", t):
        return None
    return float(t.replace(".", "").replace(",", "."))


@dataclass(frozen=True)
class Claim:
    """A figure a reader reads: what it is (quantity, province, year), its value, and where."""

    key: tuple
    value: float
    file: str
    where: str


CRIME_CAPTION = re.compile(r"^Số vụ phạm tội về trật tự xã hội so với năm (\d{4})")
CRIME_PHRASE = re.compile(r"(giảm|tăng) (\d[\d.]*(?:,\d+)?)% \((\d[\d.]*) vụ so với (\d[\d.]*) vụ năm (\d{4})\)")
HEADLINE = re.compile(r"(\d[\d.]*)/(\d[\d.]*) xã \((\d+(?:,\d+)?)%\) đạt chỉ tiêu ([^;]+)")
FRACTION = re.compile(r"^(\d[\d.]*)/(\d[\d.]*) xã \((\d+(?:,\d+)?)%\)")
YEAR_IN = re.compile(r"năm (\d{4})")
DEADLINE = re.compile(r"đến năm (\d{4})")
FORMER = "Tỉnh cũ"  # the column of a table whose rows are the former provinces of a province of 2025
LEGACY_ROW = "Đơn vị cũ"  # how the series names the years on the legacy units (every former province together)
ADVANCED_WORDS = ("nâng cao", "hiện đại", "kiểu mẫu")


def _grade(text: str) -> str:
    return "advanced" if any(w in text for w in ADVANCED_WORDS) else "basic"


def _deadline(target: str) -> int | None:
    """A target's deadline: the year after "đến năm", else the last year it names (a target "so
    với năm 2019, đến năm 2025" is due in 2025, not 2019)."""
    m = DEADLINE.search(target)
    years = YEAR_IN.findall(target)
    return int(m.group(1)) if m else (int(years[-1]) if years else None)


def _year_of(page: visible.Page) -> int | None:
    m = re.search(r"-(\d{4})\.html$", page.file)
    return int(m.group(1)) if m else None


def _crime_table(t: visible.Table, province, year, add) -> None:
    m = CRIME_CAPTION.match(t.caption)
    if not m or "Năm" not in t.columns:
        return
    base = int(m.group(1))
    for r in t.rows:
        if r[0].isdigit():
            add(("crime cases", province, int(r[0])), parse_number(r[1]))
            if len(r) > 2:
                add(("crime change", province, int(r[0]), base), parse_number(r[2]))


def _final_review(t: visible.Table, province, year, add) -> None:
    if not t.caption.startswith("Tổng kết các mục tiêu") or "Mục tiêu" not in t.columns:
        return
    years = [c for c in t.columns if c.isdigit()]
    j = t.columns.index("Mục tiêu")
    old = t.columns.index(FORMER) if FORMER in t.columns else None
    for r in t.rows:
        target, who = r[j], province if old is None else ("legacy", r[old])
        base = re.search(r"so với năm (\d{4})", target)
        for y in years:
            v = parse_number(r[t.columns.index(y)])
            if v is not None and "số vụ" in target and base:
                add(("crime change", who, int(y), int(base.group(1))), -v)  # a reduction: the change's opposite
            elif v is not None and "số xã" in target:
                add(("share", who, int(y), _grade(target)), v)


def _progress(t: visible.Table, province, year, add, phrases: bool = False) -> None:
    """The counts and shares of a progress table; with `phrases` (or rows about former
    provinces) also the crime figures its sentences give."""
    if not t.caption.startswith("Tiến độ thực hiện") or not year or f"Thực tế {year}" not in t.columns:
        return
    j, a = t.columns.index("Mục tiêu"), t.columns.index(f"Thực tế {year}")
    old = t.columns.index(FORMER) if FORMER in t.columns else None
    for r in t.rows:
        who = province if old is None else ("legacy", r[old])
        f = FRACTION.match(r[a])
        if f and "số xã" in r[j]:
            add(("count", who, year, _grade(r[j])), parse_number(f.group(1)))
            add(("share", who, year, _grade(r[j])), parse_number(f.group(3)))
        if phrases or old is not None:  # in a report the province's sentences are read as passages
            _crime_phrases(r[a], who, year, add)


SERIES_COLUMNS = {"Đạt (cơ bản)": ("count", "basic"), "Tỷ lệ đạt (%)": ("share", "basic"),
                  "Đạt (nâng cao)": ("count", "advanced"), "Tỷ lệ đạt nâng cao (%)": ("share", "advanced")}


def _series(t: visible.Table, province, year, add) -> None:
    if not t.caption.startswith("Kết quả qua các năm") or "Năm" not in t.columns:
        return
    units = t.columns.index("Đơn vị hành chính") if "Đơn vị hành chính" in t.columns else None
    for r in t.rows:
        if not r[0].isdigit():
            continue
        # the legacy years count the former provinces' xã together: not the province of 2025's xã
        together = units is not None and province[0] != "legacy" and r[units].startswith(LEGACY_ROW)
        who = ("legacy together", province[1]) if together else province
        for j, c in enumerate(t.columns):
            if c in SERIES_COLUMNS:
                add((SERIES_COLUMNS[c][0], who, int(r[0]), SERIES_COLUMNS[c][1]), parse_number(r[j]))
            elif c.startswith("Số vụ"):
                add(("crime cases", province, int(r[0])), parse_number(r[j]))


TABLE_CLAIMS = (_crime_table, _final_review, _progress, _series)


def _crime_phrases(text: str, who, year: int | None, add) -> None:
    """The figures of a sentence "giảm 12,4% (353 vụ so với 403 vụ năm 2019)"."""
    for m in CRIME_PHRASE.finditer(text):
        verb, pct, now, base, base_year = m.groups()
        add(("crime cases", who, int(base_year)), parse_number(base))
        if year:
            add(("crime cases", who, year), parse_number(now))
            add(("crime change", who, year, int(base_year)), (-1 if verb == "giảm" else 1) * parse_number(pct))


def _former_rows(page: visible.Page) -> set[str]:
    """The texts of the rows about former provinces (tables and their CSVs with a “Tỉnh cũ”
    column): their sentences are claims about those provinces, read with their row."""
    rows = [r for t in page.tables if FORMER in t.columns for r in t.rows]
    rows += [r for csv in page.csvs.values() if csv and FORMER in csv[0] for r in csv[1:]]
    return {cell for r in rows for cell in r}


def _collector(out: list[Claim], file: str):
    """adder(where) → add(key, value): a claim of `file`, shown at `where`, appended to `out`."""
    def adder(where: str):
        def add(key, value):
            if value is not None:
                out.append(Claim(key, round(value, 6), file, where))
        return add
    return adder


def claims(page: visible.Page, province: tuple[str, str]) -> list[Claim]:
    """The figures of one report that must agree with each other and with the other outputs:
    from its tables, its key-figure cards and its sentences."""
    year = _year_of(page)
    out: list[Claim] = []
    adder = _collector(out, page.file)
    for t in page.tables:
        for extract in TABLE_CLAIMS:
            extract(t, province, year, adder(f"bảng “{t.caption}”"))
    for value, label in page.cards:
        f = FRACTION.match(value)
        if f and year and label.startswith("xã đạt"):
            add = adder(f"thẻ số liệu “{label}”")
            add(("count", province, year, _grade(label)), parse_number(f.group(1)))
            add(("share", province, year, _grade(label)), parse_number(f.group(3)))
    former = _former_rows(page)
    for p in page.passages:
        if p.text in former:
            continue
        add = adder(p.where)
        for m in HEADLINE.finditer(p.text) if year else ():
            add(("count", province, year, _grade(m.group(4))), parse_number(m.group(1)))
            add(("share", province, year, _grade(m.group(4))), parse_number(m.group(3)))
        _crime_phrases(p.text, province, year, add)
    return out


def comparison_claims(page: visible.Page, names: dict[str, str], units: str) -> list[Claim]:
    """The figures of a plan comparison: each province's progress, in the column under its
    name ("Tỉnh Gia Lai — Kế hoạch …"), with the sentences of its rows."""
    year = _year_of(page)
    out: list[Claim] = []
    adder = _collector(out, page.file)
    for t in page.tables:
        name = next((n for n in names.values() if t.heading.startswith(f"{n} — ")), None)
        if name is not None:
            _progress(t, (units, name), year, adder(f"{t.heading}, bảng “{t.caption}”"), phrases=True)
    return out


def _units(file_name: str) -> str:
    """The units an output is drawn on, from its name: a province of 2025 is not the legacy one."""
    year = int(re.search(r"(\d{4})\.html$", file_name).group(1))
    return "2025" if year >= 2026 or "-v2025-" in file_name else "legacy"


def national_claims(page: visible.Page, units: str) -> list[Claim]:
    """The figures of the national overview's ranking, province by province."""
    year = _year_of(page)
    out = []
    for t in page.tables:
        if not t.rows or "Tỉnh, thành phố" not in t.columns:
            continue
        cols = t.columns
        name_col = cols.index("Tỉnh, thành phố")
        for r in t.rows:
            name = (units, r[name_col])
            for j, c in enumerate(cols):
                if j >= len(r):
                    continue
                v = parse_number(r[j])
                if v is None:
                    continue
                where = f"bảng “{t.caption}”"
                base = re.match(r"So với (?:năm )?(\d{4})", c)
                if c.startswith("Tỷ lệ đạt") and "(%)" in c:
                    out.append(Claim(("share", name, year, _grade(c)), v, page.file, where))
                elif c.startswith("Đạt "):
                    out.append(Claim(("count", name, year, _grade(c)), v, page.file, where))
                elif c.startswith(("Số vụ", "Vụ phạm tội")):
                    out.append(Claim(("crime cases", name, year), v, page.file, where))
                elif base:
                    out.append(Claim(("crime change", name, year, int(base.group(1))), v, page.file, where))
    return out


def disagreements(all_claims: list[Claim]) -> list[Finding]:
    """Every figure shown with two values."""
    by_key: dict[tuple, list[Claim]] = defaultdict(list)
    for c in all_claims:
        by_key[c.key].append(c)
    out = []
    for key, cs in by_key.items():
        values = sorted({c.value for c in cs})
        if len(values) > 1 and max(values) - min(values) > 1e-6:
            shown = "; ".join(f"{c.value:g} ({c.file}: {c.where})" for c in sorted(cs, key=lambda c: c.value))
            out.append(Finding(cs[0].file, cs[0].where, "one figure with two values", f"{key}: {shown}"))
    return out


# ---------------------------------------------------------------- statuses, sources, marks

STATUSES_BEFORE = {"Vượt tiến độ", "Đúng tiến độ", "Có nguy cơ không đạt", "Chậm tiến độ", "Không đo được"}
STATUSES_AT = {"Đã đạt", "Không đạt", "Đạt", "Không đo được"}


def statuses(page: visible.Page) -> list[Finding]:
    """A target's status must be possible in the year of the report: before its deadline it is
    ahead, on track or behind, never met or missed; at or after it, met or missed. Every target
    shows the sentence of the document it comes from."""
    out = []
    for t in page.tables:
        if not t.caption.startswith("Tiến độ thực hiện") or "Tình trạng" not in t.columns:
            continue
        m = YEAR_IN.search(t.caption)
        year = int(m.group(1)) if m else None
        j, s = t.columns.index("Mục tiêu"), t.columns.index("Tình trạng")
        src = t.columns.index(SOURCE_COLUMN) if SOURCE_COLUMN in t.columns else None
        for r in t.rows:
            deadline = _deadline(r[j])
            status = r[s]
            if year and deadline:
                allowed = STATUSES_BEFORE if year < deadline else STATUSES_AT
                if status not in allowed:
                    out.append(Finding(page.file, f"bảng “{t.caption}”", "a status the year cannot have",
                                       f"{r[j]}: “{status}” in {year}, deadline {deadline}"))
            if src is None or not r[src].strip() or r[src] == "–":
                out.append(Finding(page.file, f"bảng “{t.caption}”", "a target without its source sentence", r[j]))
    return out


PROVISIONAL = "tạm thời"


def provisional_marks(page: visible.Page, provisional_names: list[str]) -> list[Finding]:
    """On a page built on a provisional indicator, every card, table header and CSV header that
    names it carries the provisional mark."""
    out = []
    places = [(label, "thẻ số liệu") for _, label in page.cards]
    places += [(c, f"tiêu đề cột của bảng “{t.caption}”") for t in page.tables for c in t.columns]
    places += [(c, f"tiêu đề cột của tệp {name}") for name, rows in page.csvs.items() if rows for c in rows[0]]
    for text, where in places:
        if any(n in text for n in provisional_names) and PROVISIONAL not in text:
            out.append(Finding(page.file, where, "a provisional indicator without its mark", text))
    return out


def repeated_cells(page: visible.Page, least: int = 15) -> list[Finding]:
    """A column that says the same thing on every row of a long table: text a reader reads once
    in the caption or a note, not on every row."""
    out = []
    for t in page.tables:
        if len(t.rows) < least:
            continue
        for j, c in enumerate(t.columns):
            cells = {r[j] for r in t.rows if j < len(r)}
            text = next(iter(cells)) if len(cells) == 1 else ""
            if len(text) > 30 or re.search(r"\d+/[A-ZĐ]", text):  # a name or a document, not a data value
                out.append(Finding(page.file, f"bảng “{t.caption}”", "the same text on every row",
                                   f"column “{c}”: “{next(iter(cells))}” × {len(t.rows)}"))
    return out


def index_order(page: visible.Page) -> list[Finding]:
    """The index lists provinces in Vietnamese alphabetical order."""
    out = []
    for t in page.tables:
        if "Tỉnh" not in t.columns:
            continue
        names = [r[t.columns.index("Tỉnh")] for r in t.rows]
        provinces = [n for n in names if n.startswith(("Tỉnh ", "Thành phố "))]
        bare = [n.removeprefix("Tỉnh ").removeprefix("Thành phố ") for n in dict.fromkeys(provinces)]
        if bare != sorted(bare, key=sort_key):
            wrong = next(a for a, b in zip(bare, sorted(bare, key=sort_key)) if a != b)
            out.append(Finding(page.file, f"bảng “{t.caption}”", "not in Vietnamese alphabetical order",
                               f"{wrong} is out of place"))
    return out


# ---------------------------------------------------------------- a whole build

def _provisional_names() -> list[str]:
    from . import criteria as crit

    names = []
    for c in crit.load_sets():
        if c.unconfirmed:
            names += [c.short("basic"), c.short("advanced")]
    return names


def audit(folder: Path) -> list[Finding]:
    """Every finding over the reports and maps of an output folder (`<folder>/reports`,
    `<folder>/maps`)."""
    folder = Path(folder)
    files = sorted((folder / "reports").glob("*.html")) + sorted((folder / "maps").glob("*.html"))
    if not files:
        raise FileNotFoundError(f"{folder}: no report or map to audit (expected {folder}/reports/*.html)")
    provisional = _provisional_names()
    findings: list[Finding] = []
    all_claims: list[Claim] = []
    names = _province_names()
    for path in files:
        rel = str(path.relative_to(folder))
        page = visible.read(path.read_text(encoding="utf-8"), rel)
        findings += artefacts(page.all_passages())
        findings += statuses(page)
        findings += repeated_cells(page)
        if PROVISIONAL.upper() in page.text().upper() and "CHỈ TIÊU TẠM THỜI" in page.text():
            findings += provisional_marks(page, provisional)
        if path.name == "index.html":
            findings += index_order(page)
        elif path.name.startswith("national-"):
            all_claims += national_claims(page, _units(path.name))
        elif path.name.startswith("comparison-"):
            all_claims += comparison_claims(page, names[_units(path.name)], _units(path.name))
        elif path.parent.name == "reports":
            slug = re.sub(r"-(?:v2025-)?\d{4}\.html$", "", path.name)
            units = _units(path.name)
            all_claims += claims(page, (units, names[units].get(slug, slug)))
    findings += disagreements(all_claims)
    return findings


def _province_names() -> dict[str, dict[str, str]]:
    """units → slug → the name the national ranking shows."""
    from . import gazetteer

    return {v: dict(zip(gazetteer.provinces(v)["slug"], gazetteer.provinces(v)["name"])) for v in ("legacy", "2025")}
