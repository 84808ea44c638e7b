"""Draft a plan's targets from the plan document itself (`antt extract-plan FILE`).

Reads plain text (any encoding the file declares or UTF-8/UTF-16/Windows-1258, any Unicode
normal form, with the broken lines and page breaks a PDF copy leaves), .docx and PDF with a text
layer; finds the targets in the ways Vietnamese plans write them, each with the sentence it
came from; lists what looks like a target but cannot be read with confidence as `unparsed`.
The output has the shape of a curated plan file (`data/plans/*.yaml`) for a person to review.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex

from . import criteria as crit
from . import gazetteer
from .names import fold, name_key
from .textfile import NotText, decode


class ExtractError(ValueError):
    """The document cannot be read."""


# ---------------------------------------------------------------- reading

def read_document(path: Path | str) -> str:
    """The text of a .txt, .docx or .pdf file."""
    path = Path(path)
    if not path.exists():
        raise ExtractError(f"{path}: file not found")
    if not path.is_file():
        raise ExtractError(f"{path}: not a file")
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return _read_docx(path)
        if suffix == ".pdf":
            return _read_pdf(path)
        return _decode(path.read_bytes(), path)
    except ExtractError:
        raise
    except Exception as exc:  # a damaged file of a known kind
        raise ExtractError(f"{path}: cannot read the {suffix.lstrip('.') or 'text'} file: {type(exc).__name__}: {exc}") from exc


def _decode(data: bytes, path: Path) -> str:
    try:
        return decode(data)
    except NotText as exc:
        raise ExtractError(f"{path}: not a text file ({exc})") from None


def _read_docx(path: Path) -> str:
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" ".join(c.text for c in row.cells))
    return "\n\n".join(parts)


def _read_pdf(path: Path) -> str:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the error is reported once, as one line
    reader = PdfReader(str(path))
    # layout mode keeps Vietnamese letters whole (the default mode splits stacked diacritics)
    pages = [p.extract_text(extraction_mode="layout") or "" for p in reader.pages]
    text = "\n\f\n".join(pages)
    if not text.strip():
        raise ExtractError(f"{path}: the PDF has no text layer (a scan?): run OCR first")
    return text


# ---------------------------------------------------------------- normalising

_PAGE_LINE = re.compile(r"^\s*(?:trang\s*)?\d{1,3}\s*(?:/\s*\d{1,3})?\s*$", re.I)
_SENTENCE_END = re.compile(r"[.;:!?…]\s*[\"”)]?\s*$")


def normalise(text: str) -> list[str]:
    """Paragraphs of a document: NFC, spaces unified, lines broken by the copy joined again,
    page breaks and lone page numbers dropped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").replace("\ufeff", "")
    text = text.replace("\f", "\n\n")
    paras: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip() and not _PAGE_LINE.match(ln)]
        if not lines:
            continue
        joined = lines[0]
        for ln in lines[1:]:
            # a new item starts a new paragraph; a wrapped line continues the sentence
            if re.match(r"^([-–•+]|[IVX]+\.|\d+(\.\d+)*[.)]\s|[a-zđ]\)\s)", ln) and _SENTENCE_END.search(joined):
                paras.append(joined)
                joined = ln
            else:
                joined += " " + ln
        paras.append(re.sub(r"\s+", " ", joined))
    # a page break in the middle of a sentence: join with the next paragraph
    out: list[str] = []
    for p in paras:
        if out and not _SENTENCE_END.search(out[-1]) and p[:1].islower():
            out[-1] = out[-1] + " " + p
        else:
            out.append(p)
    return out


# ---------------------------------------------------------------- sections and clauses

_ROMAN = re.compile(r"^([IVX]+)\.\s+\S")
_ARABIC = re.compile(r"^(\d+)\.\s+\S")
_CLAUSE_START = ("kéo giảm", "có thêm", "có ít nhất", "có trên", "giữ vững")
_DEADLINE = re.compile(r"(?:(?:đến hết|đến cuối|hết|cuối|đến|trong)\s+năm\s+(\d{4})|^năm\s+(\d{4})\s*,)", re.I)
_LEAD_IN = re.compile(r"^(?:đến hết|đến cuối|đến|trong|hết|cuối)\s+năm\s+\d{4}$", re.I)
_YEAR_LABEL = re.compile(r"^(?:[-–•]\s*)?(?:năm|đến cuối năm|đến hết năm|cuối năm)\s+(\d{4})\s*:", re.I)


def _sections(paras: list[str]) -> list[tuple[str, str]]:
    """Each paragraph with its section number ('I.2')."""
    roman, arabic, out = "", "", []
    for p in paras:
        m = _ROMAN.match(p)
        if m and len(p) < 200:
            roman, arabic = m.group(1), ""
        else:
            m = _ARABIC.match(p)
            if m and len(p) < 200:
                arabic = m.group(1)
        out.append((p, f"{roman}.{arabic}" if roman and arabic else roman))
    return out


def clauses(paragraph: str) -> list[str]:
    """A paragraph cut into the clauses that each state one target: at ';', at the end of a
    sentence, and at ', ' before a phrase that opens a new target ('kéo giảm', 'có thêm' …)."""
    text = re.sub(r"^[-–•+]\s*", "", paragraph.strip())
    # sentence ends: a period followed by a space and a capital letter (not '19.2', '02/8/2022')
    pieces = re.split(r"(?<=[;])\s+|(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", text)
    out: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if piece.endswith(";"):
            piece = piece[:-1].rstrip()
        starts = "|".join(re.escape(s) for s in _CLAUSE_START)
        sub = [s.strip() for s in re.split(rf",\s+(?=(?:{starts})\b)", piece, flags=re.I) if s.strip()]
        # a lead-in that only gives the deadline ("Đến hết năm 2025, có …") stays with its clause
        merged: list[str] = []
        for s in sub:
            if merged and _LEAD_IN.match(merged[-1]):
                merged[-1] = f"{merged[-1]}, {s}"
            else:
                merged.append(s)
        out += merged
    return out


# ---------------------------------------------------------------- recognising targets

_PCT = r"(\d{1,3}(?:[.,]\d+)?)\s*%"
_COUNT = r"(\d{1,4})\s*/\s*(\d{1,4})"
_COMPARISON = {"trên": ">", "hơn": ">", "vượt": ">", "ít nhất": ">=", "tối thiểu": ">=", "từ": ">=",
               "không dưới": ">=", "không quá": "<=", "dưới": "<"}
_WORDS = r"(trên|hơn|vượt|ít nhất|tối thiểu|không dưới|không quá|dưới|từ)"


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _indicator(clause: str, level: str, deadline: int) -> crit.Indicator | None:
    """The indicator a clause names, among those of the criteria set in force at its deadline
    (each indicator's `mentions`, tried in rounds: the first mention of every indicator before
    the second of any, so that a code named outright wins over a descriptive phrase). A clause
    saying "nâng cao" names the advanced indicator of what it mentions."""
    try:
        c = crit.for_year(deadline)
    except crit.CriteriaError:
        return None
    if level not in c.levels:
        return None
    f = fold(clause)
    indicators = c.for_level(level)
    hit = None
    for k in range(max((len(i.mentions) for i in indicators), default=0)):
        hit = next((i for i in indicators if k < len(i.mentions) and _mentions(c, i, k, f)), None)
        if hit:
            break
    if hit is not None and hit.grade == "basic" and "nang cao" in f:
        hit = next((i for i in indicators if i.requires == hit.id), hit)
    return hit


MENTION_TIMEOUT_S = 2.0  # a criteria file's pattern on one sentence; a sound one takes microseconds


def _mentions(c: crit.Criteria, indicator: crit.Indicator, k: int, folded: str) -> bool:
    """Whether a clause matches an indicator's k-th mention. The patterns come from a criteria
    file, which a user may write: one that backtracks without end (such as `(a+)+$`) is stopped
    after MENTION_TIMEOUT_S and refused, naming the file, the indicator and the pattern."""
    pattern = indicator.mentions[k]
    try:
        return regex.search(pattern, folded, timeout=MENTION_TIMEOUT_S) is not None
    except TimeoutError:
        raise ExtractError(
            f"{c.path or c.id}: indicator {indicator.id}: the mention pattern {pattern!r} ran for more than "
            f"{MENTION_TIMEOUT_S:g} s on one sentence of the document (a pattern that backtracks without end, "
            "such as a repeated group of repeats); simplify it / mẫu nhận dạng trong tệp bộ tiêu chí chạy quá lâu: "
            "hãy đơn giản hóa") from None


# the wording of the units since 1 July 2025: a share of "đơn vị hành chính cấp xã" or of
# "xã, phường, đặc khu" counts every commune-level unit, where the NTM criteria count xã only
_ALL_UNITS = re.compile(r"don vi hanh chinh cap xa|xa\s*,\s*phuong\s*,?\s*(?:va\s+)?dac khu|cap xa")
ALL_UNITS_REVIEW = ("Câu ghi mẫu số là mọi đơn vị hành chính cấp xã (xã, phường, đặc khu); công cụ đo tỷ lệ trên "
                    "số xã (bộ tiêu chí nông thôn mới chỉ áp dụng cho xã): cần đối chiếu trước khi dùng.")


@dataclass
class Context:
    province: gazetteer.Province | None
    horizon: int | None


def _share_target(clause: str, deadline: int | None, section: str) -> dict | None:
    f = fold(clause)
    if re.search(r"\bxa\b", f) and not re.search(r"(cap huyen|\bhuyen\b)", f.split("dat")[0]):
        level = "commune"
    elif re.search(r"(cap huyen|\bhuyen\b)", f):
        level = "district"
    else:
        return None
    m_pct = re.search(rf"(?:{_WORDS}\s+)?{_PCT}\s*(?:số\s+)?(?:xã|đơn vị|huyện)", clause, re.I)
    m_cnt = re.search(rf"(?:{_WORDS}\s+)?{_COUNT}\s*(?:số\s+)?(?:xã|đơn vị|huyện)", clause, re.I)
    if not (m_pct or m_cnt):
        return None
    if deadline is None:
        return None
    ind = _indicator(clause, level, deadline)
    if ind is None:
        return None
    if m_cnt:
        word, count, of = m_cnt.group(1), int(m_cnt.group(2)), int(m_cnt.group(3))
        if count > of or of == 0:
            return None
        threshold = round(100.0 * count / of, 2)
    else:
        word, count, of = m_pct.group(1), None, None
        threshold = _num(m_pct.group(2))
        if threshold > 100:
            return None
    metric = "share_communes" if level == "commune" else "share_districts"
    out = {"metric": metric, "level": level, "indicator": ind.code, "grade": ind.grade,
           "comparison": _COMPARISON.get((word or "").lower(), "="), "threshold": threshold, "count": count, "of": of,
           "deadline": deadline, "baseline_year": None, "units": [], "section": section, "source": clause}
    if level == "commune" and _ALL_UNITS.search(fold(clause)):
        out["review"] = ALL_UNITS_REVIEW
    return out


def _crime_target(clause: str, deadline: int | None, section: str) -> dict | None:
    """A cut in social-order crime cases (số vụ phạm tội về trật tự xã hội), against a named year,
    the year before ("so với năm trước", "cùng kỳ") or, unsaid, the year before the deadline
    (marked unconfirmed). The other series, "phạm pháp hình sự", is never read as this one."""
    m = re.search(rf"(?:kéo\s+)?giảm\s+(?:{_WORDS}\s+)?{_PCT}\s+(?:số\s+vụ\s+)?(?:phạm\s+tội|tội\s+phạm)\s+"
                  rf"(?:về\s+)?trật\s+tự\s+xã\s+hội", clause, re.I)
    if not m or deadline is None:
        return None
    rest = clause[m.end():]
    named = re.search(r"so\s+với\s+(?:thống\s+kê\s+|cùng\s+kỳ\s+)?năm\s+(\d{4})", rest, re.I)
    before = re.search(r"so\s+với\s+(?:năm\s+trước|cùng\s+kỳ)", rest, re.I)
    baseline = int(named.group(1)) if named else deadline - 1
    out = {"metric": "crime_cases_social_order", "level": "province", "indicator": None, "grade": None,
           "comparison": _COMPARISON.get((m.group(1) or "").lower(), "="), "threshold": _num(m.group(2)),
           "count": None, "of": None, "deadline": deadline, "baseline_year": baseline, "units": [],
           "section": section, "source": clause}
    if not (named or before):
        out["unconfirmed"] = ["baseline_year"]
        out["review"] = f"Câu không ghi năm so sánh; công cụ lấy năm liền trước thời hạn ({baseline}): cần đối chiếu."
    return out


_UNIT = r"((?:thành phố|thị xã|huyện)\s+[A-ZĐÀ-Ỹ][\wÀ-ỹĐđ']*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹĐđ']*)*)"


def _unit_target(clause: str, deadline: int | None, section: str, ctx: Context) -> dict | None:
    m = re.search(rf"(?:có thêm|phấn đấu|để)?\s*{_UNIT}\s+đạt chuẩn (?:huyện )?nông thôn mới", clause)
    status = "dat_chuan"
    if not m:
        m = re.search(rf"(?:giữ vững|duy trì)\s+{_UNIT}\s+hoàn thành nhiệm vụ xây dựng nông thôn mới", clause, re.I)
        status = "hoan_thanh_nhiem_vu"
    if not m or deadline is None or ctx.province is None:
        return None
    name = m.group(1)
    hit = gazetteer.districts(ctx.province)
    hit = hit[hit["name"].map(name_key) == name_key(name.split(" ", 1)[1] if name.lower().startswith("huyện") else name)]
    if hit.empty:
        hit = gazetteer.districts(ctx.province)
        hit = hit[hit["short_name"].map(name_key) == name_key(re.sub(r"^(thành phố|thị xã|huyện)\s+", "", name, flags=re.I))]
    if len(hit) != 1:
        return None
    row = hit.iloc[0]
    return {"metric": "unit_status", "level": "district", "indicator": None, "grade": None, "comparison": "=",
            "threshold": None, "count": None, "of": None, "deadline": deadline, "baseline_year": None,
            "units": [{"code": row["code"], "name": row["name"], "status": status}], "section": section,
            "source": clause}


def _looks_like_target(clause: str) -> bool:
    f = fold(clause)
    # a number starts where a run of digits starts, and is taken whole: linear on any run of digits
    has_amount = re.search(r"(?<!\d)\d++(?:[.,]\d++)?+\s*+%|(?<!\d)\d++\s*+/\s*+\d++\s*+(xa|don vi|huyen)", f)
    has_subject = re.search(r"\bxa\b|huyen|pham toi|pham phap|chi tieu \d+\.\d|tieu chi\s+(?:so\s+)?\d+", f)
    return bool(has_amount and has_subject)


def _target_id(t: dict, seen: set[str]) -> str:
    if t["metric"] == "crime_cases_social_order":
        base = f"crime-{t['baseline_year']}"
    elif t["metric"] == "unit_status":
        base = f"unit-{t['units'][0]['code']}"
    else:  # level, the indicator's code as a slug, and (communes) the grade: commune-19-2-basic
        code = re.sub(r"[^0-9a-z]+", "-", fold(t["indicator"])).strip("-")
        base = f"{t['level']}-{code}" + (f"-{t['grade']}" if t["level"] == "commune" else "")
    tid = base if base not in seen else f"{base}-{t['deadline']}"
    n = 2
    while tid in seen:
        tid = f"{base}-{t['deadline']}-{n}"
        n += 1
    seen.add(tid)
    return tid


# ---------------------------------------------------------------- identity

def _province_slug(name: str) -> str | None:
    try:
        return gazetteer.province(name).slug
    except gazetteer.UnknownUnitError:
        return None


def _date_and_place(text: str) -> tuple[str | None, str | None]:
    """The plan's date (ISO) and its province (slug), from "<place>, ngày d tháng m năm y", a
    "Ngày ban hành" line, or the issuing People's Committee."""
    date = province = None
    m = re.search(r"([A-ZĐÀ-Ỹ][\wÀ-ỹ ]{0,40}?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text)
    if m:
        date = f"{int(m.group(4)):04d}-{int(m.group(3)):02d}-{int(m.group(2)):02d}"
        province = _province_slug(m.group(1).strip())
    if date is None:
        m = re.search(r"Ngày ban hành\s*:?\s*(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if m:
            date = f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    if province is None:
        m = re.search(r"(?:UBND|Ủy ban nhân dân|ỦY BAN NHÂN DÂN)\s+(?:tỉnh|TỈNH|thành phố|THÀNH PHỐ)\s+([^\n,.]+)", text)
        if m:
            province = _province_slug(m.group(1).strip().title())
    return date, province


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


def identity(paras: list[str], raw: str = "") -> dict:
    """Number, date, province and signer of a plan, where the text gives them."""
    text = "\n".join(paras)
    lines = unicodedata.normalize("NFC", raw).replace("\u00a0", " ").splitlines() if raw else paras
    out: dict = {"number": None, "date": None, "province": None, "signer": None, "title": None}
    m = re.search(r"Số(?:\s+hiệu)?\s*:?\s*(\d+/[A-ZĐ0-9\-]+(?:-[A-ZĐ0-9]+)*)", text)
    if m:
        out["number"] = m.group(1)
    out["date"], out["province"] = _date_and_place(text)
    out["signer"] = _signer(paras, lines)
    m = re.search(r"KẾ HOẠCH\s*\n?(.{20,400}?)(?:\n|$)", text)
    if m:
        out["title"] = m.group(1).strip()
    return out


# ---------------------------------------------------------------- the whole extraction

def extract(text: str) -> dict:
    """{"plan": identity, "targets": [...], "unparsed": [...]} from a plan's text."""
    paras = normalise(text)
    ident = identity(paras, text)
    prov = gazetteer.province(ident["province"]) if ident["province"] else None
    horizon = None
    m = re.search(r"(?:đến năm|giai đoạn \d{4}\s*[-–]\s*)(\d{4})", " ".join(paras[:12]))
    if m:
        horizon = int(m.group(1))
    elif ident["title"] and (m := re.search(r"\bnăm\s+(\d{4})\s*$", ident["title"])):
        horizon = int(m.group(1))  # a plan for one year ("… trật tự năm 2026")
    ctx = Context(prov, horizon)
    targets, unparsed, seen = [], [], set()
    for para, section in _sections(paras):
        label = _YEAR_LABEL.match(para)
        para_deadline = int(label.group(1)) if label else None
        for clause in clauses(para):
            d = _DEADLINE.search(clause)
            year = d and (d.group(1) or d.group(2))
            if year and not re.search(r"so\s+với\s+(?:thống\s+kê\s+)?năm\s+" + year, clause):
                para_deadline = int(year)
            deadline = para_deadline
            t = (_crime_target(clause, deadline or horizon, section)
                 or _share_target(clause, deadline, section)
                 or _unit_target(clause, deadline or horizon, section, ctx))
            if t is None and _share_target(clause, horizon, section) is not None:
                t = _share_target(clause, horizon, section)
                t["deadline_note"] = "Câu không ghi thời hạn; lấy thời hạn của kế hoạch."
            if t is not None:
                t = {"id": _target_id(t, seen), **t}
                targets.append(t)
            elif _looks_like_target(clause):
                unparsed.append({"section": section, "text": clause})
    plan = {"number": ident["number"], "date": ident["date"], "province": ident["province"],
            "signer": {"name": ident["signer"]}, "title": ident["title"],
            "period": {"end": horizon} if horizon else None}
    return {"plan": plan, "targets": targets, "unparsed": unparsed}


def extract_file(path: Path | str) -> dict:
    return extract(read_document(path))
