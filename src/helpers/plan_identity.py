"""Which plan a document is: its number, kind, issuing body, province, date, title, and the
national programme it implements, read from the heading of the official text or, in a news
article or a portal page that quotes the plan, from its prose.

The official heading gives them line by line ("ỦY BAN NHÂN DÂN / TỈNH THANH HÓA", "Số:
443/KH-UBND", "Thanh Hóa, ngày 20 tháng 10 năm 2022", "KẾ HOẠCH", the title); the press writes
them in a sentence ("ngày 29/11/2022, Ủy ban nhân dân tỉnh Thừa Thiên Huế ban hành Kế hoạch số
443/KH-UBND", "Kế hoạch số 295/KH-UBND của UBND thành phố Hà Nội"). A plan issued by a decision
("QUYẾT ĐỊNH Ban hành Kế hoạch …", QĐ …/QĐ-UBND) or as a scheme (Đề án …/ĐA-UBND) is of that
kind. The number of the national programme (926/QĐ-TTg) is never taken for the plan's own.
"""

from __future__ import annotations

import re
import unicodedata

from . import gazetteer
from .plans import all_plans

# the kinds of document a provincial plan is issued as: heading word, the code in its number
KINDS = {"Kế hoạch": ("KẾ HOẠCH", "KH"), "Quyết định": ("QUYẾT ĐỊNH", "QĐ"), "Đề án": ("ĐỀ ÁN", "ĐA")}
# provinces named in plans of 2022–2023 by a name the gazetteer no longer holds: Thừa Thiên Huế
# became the centrally-run city of Huế on 1 January 2025
FORMER_NAMES = {"thừa thiên huế": "hue", "thừa thiên - huế": "hue"}


def national_programmes() -> dict[str, tuple[str, str]]:
    """The national programmes a provincial plan may implement, from their plan files
    (data/plans): number → (plan id, date signed)."""
    return {p.number: (p.id, p.date.isoformat()) for p in all_plans() if p.kind == "national"}


_NUMBER = r"(\d{1,5}/[A-ZĐa-zđ]{1,4}(?:-[A-ZĐa-zđ0-9]+)+)"
_DMY = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
_LONG_DATE = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_BODY = r"(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)"
_LEVEL = r"(tỉnh|thành phố|TỈNH|THÀNH PHỐ|Tỉnh|Thành phố)"
_PLACE_NAME = r"([A-ZĐÀ-Ỹ][\wÀ-ỹĐđ]*(?:[ \-][A-ZĐÀ-Ỹ][\wÀ-ỹĐđ]*){0,4})"


def _iso(day: str, month: str, year: str) -> str | None:
    d, m, y = int(day), int(month), int(year)
    if not (1 <= d <= 31 and 1 <= m <= 12 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _kind_of_number(number: str) -> str | None:
    code = number.split("/", 1)[1].split("-", 1)[0].upper()
    return next((kind for kind, (_, c) in KINDS.items() if c == code), None)


def _province(name: str) -> str | None:
    """A province's slug from its name as a document writes it ("THANH HÓA", "Thừa Thiên Huế"),
    among the legacy provinces (the plans of 926/QĐ-TTg predate 1 July 2025), else the 2025 ones."""
    name = re.sub(r"\s+", " ", name).strip(" .,;:")
    if name.lower() in FORMER_NAMES:
        return FORMER_NAMES[name.lower()]
    for vintage in ("legacy", "2025"):
        for candidate in (name, name.title()):
            try:
                return gazetteer.province(candidate, vintage).slug
            except gazetteer.UnknownUnitError:
                continue
    return None


def _issuer(text: str) -> tuple[str | None, str | None]:
    """The issuing People's Committee ("Ủy ban nhân dân tỉnh Gia Lai") and its province, from the
    heading (on one line or two) or from prose."""
    for m in re.finditer(rf"{_BODY}\s*\n?\s*{_LEVEL}\s+{_PLACE_NAME}", text):
        words = m.group(2).split()
        # the name ends where a province name ends: try the longest first
        for k in range(len(words), 0, -1):
            written = " ".join(words[:k])
            slug = _province(written)
            if slug:  # the name as the plan writes it (a former name stays)
                return f"Ủy ban nhân dân {m.group(1).lower()} {written.title() if written.isupper() else written}", slug
    m = re.search(r"Cơ quan ban hành\s*:?\s*(?:Tỉnh|Thành phố|UBND tỉnh|UBND thành phố)?\s*([^\n]+)", text)
    if m and (slug := _province(m.group(1))):
        prov = gazetteer.province(slug)
        level = "thành phố" if prov.name.lower().startswith("thành phố") else "tỉnh"
        return f"Ủy ban nhân dân {level} {prov.short_name}", slug
    return None, None


def _own_number(text: str) -> tuple[str | None, str | None]:
    """The plan's own number, and the kind its wording gives: the "Số:" line of the heading, a
    portal's "Số hiệu", else "Kế hoạch (số) N/KH-UBND" in prose; never a national decision's."""
    for pattern in (rf"(?m)^\s*Số(?:\s+hiệu)?\s*:?\s*{_NUMBER}",
                    rf"((?i:kế hoạch|quyết định|đề án))\s+(?i:số\s+)?{_NUMBER}"):
        for m in re.finditer(pattern, text):
            number = m.group(m.lastindex)
            if number.upper() in {n.upper() for n in national_programmes()} or number.upper().endswith("-TTG"):
                continue
            said = None
            if m.lastindex == 2:
                said = next((k for k in KINDS if k.lower() == m.group(1).lower()), None)
            return number, said
    return None, None


def _heading_kind_and_title(lines: list[str]) -> tuple[str | None, str | None]:
    """The document's kind from its heading word on a line of its own (KẾ HOẠCH, QUYẾT ĐỊNH, ĐỀ
    ÁN), and the title on the lines after it (up to the first sentence of the body)."""
    for i, line in enumerate(lines[:60]):
        word = line.strip().strip("*").strip()
        kind = next((k for k, (head, _) in KINDS.items() if word.upper() == head), None)
        if kind is None:
            continue
        title_lines = []
        for nxt in lines[i + 1:i + 6]:
            s = nxt.strip().strip("*").strip()
            if not s:
                if title_lines:
                    break
                continue
            if title_lines and re.match(r"(Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|I\.|1\.)", s):
                break  # the body, where no blank line ends the title
            title_lines.append(s)
        return kind, " ".join(title_lines) or None
    return None, None


def _date(text: str, number: str | None) -> str | None:
    """The plan's date: "<place>, ngày d tháng m năm y" of the heading, a portal's "Ngày ban
    hành", or in prose the date next to the plan's own number or to its issuing ("ngày
    29/11/2022, UBND tỉnh … ban hành")."""
    patterns = [rf"[A-ZĐÀ-Ỹ][\wÀ-ỹ ]{{0,40}}?,\s*{_LONG_DATE}", rf"Ngày ban hành\s*:?\s*{_DMY}",
                *([rf"{re.escape(number)}\s*,?\s*(?:ngày|ban hành ngày)\s+{_DMY}"] if number else []),
                rf"[Nn]gày\s+{_DMY}\s*,?\s*(?:{_BODY}[^.;\n]{{0,80}}?)?ban hành"]
    for pattern in patterns:
        m = re.search(pattern, text)
        if m and (iso := _iso(*m.groups())):
            return iso
    return None


def _implements(text: str) -> dict | None:
    """The national programme a plan implements, by its number, whatever date the text quotes
    for it (a slip in the date does not hide it); the quoted date is kept when it differs."""
    for number, (plan_id, signed) in national_programmes().items():
        digits = re.escape(number.split("/")[0])
        m = (re.search(rf"(?<!\d){digits}\s*/\s*QĐ\s*-\s*TTg", text, re.I)
             or re.search(rf"(?:Quyết định|QĐ)\s+(?:số\s+)?{digits}(?![\d/])", text, re.I))
        if not m:
            continue
        out = {"plan": plan_id, "number": number, "date": signed}
        after = text[m.end():m.end() + 40]
        d = re.match(rf"\s*,?\s*(?:ngày\s+)?{_DMY}", after)
        quoted = _iso(*d.groups()) if d else None
        if quoted and quoted != signed:
            out["quoted_date"] = quoted
            out["review"] = (f"Văn bản ghi ngày của Quyết định {number} là {d.group(1)}/{d.group(2)}/{d.group(3)}; "
                             f"quyết định ký ngày {signed[8:10]}/{signed[5:7]}/{signed[:4]}: cần đối chiếu.")
        return out
    return None


def identity(paras: list[str], raw: str = "") -> dict:
    """Number, kind, issuer, province, date, title, signer and the programme implemented, where
    the text gives them (None where it does not)."""
    text = unicodedata.normalize("NFC", raw or "\n".join(paras)).replace("\u00a0", " ")
    lines = text.splitlines() or paras
    number, said = _own_number(text)
    heading_kind, title = _heading_kind_and_title(lines)
    issuer, province = _issuer(text)
    if province is None:
        m = re.search(rf"(?m)^\s*{_PLACE_NAME}\s*,\s*{_LONG_DATE}", text)
        province = _province(m.group(1)) if m else None
    if province is None and title:
        m = re.search(rf"(?:tỉnh|thành phố)\s+{_PLACE_NAME}\s*$", title, re.I)
        province = _province(m.group(1)) if m else None
    kind = heading_kind or (_kind_of_number(number) if number else None) or said
    return {"number": number, "kind": kind, "issuer": issuer, "province": province, "date": _date(text, number),
            "title": title, "implements": _implements(text), "signer": _signer(paras, lines)}


def _signer(paras: list[str], lines: list[str]) -> str | None:
    """The signer: a "Người ký" line, else the name under CHỦ TỊCH / KT. / TM. (often the last line)."""
    m = next((re.match(r"\s*Người ký\s*:?\s*(.+)$", ln) for ln in lines if re.match(r"\s*Người ký\b", ln)), None)
    if m:
        return m.group(1).strip()
    signer = None
    for i, p in enumerate(paras):
        if re.search(r"(CHỦ TỊCH|KT\.|TM\.)", p) and i + 1 < len(paras):
            cand = paras[-1] if i == len(paras) - 2 else paras[i + 1]
            cand = re.sub(r"[*_]", "", cand).strip()
            if 2 <= len(cand.split()) <= 5 and all(w[:1].isupper() for w in cand.split()):
                signer = cand
    return signer
