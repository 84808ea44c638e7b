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
from .plan_identity import identity
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
_LEAD_IN = re.compile(r"^(?:[^,:;]{0,40}:\s*)?(?:đến hết|đến cuối|đến|trong|hết|cuối)\s+năm\s+\d{4}$", re.I)
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
    # (or a share: "… trật tự. 100% số huyện …")
    pieces = re.split(r"(?<=[;])\s+|(?<=\.)\s+(?=[A-ZĐÀ-Ỹ]|\d{1,3}(?:[.,]\d+)?\s*%)", text)
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


# "mỗi huyện, thị xã", "từng địa phương": a target each unit of the level must reach by itself
_EACH = re.compile(r"(?:mỗi|từng)\s+(huyện(?:\s*,\s*(?:thị xã|thành phố))*|địa phương|đơn vị cấp huyện|cấp huyện)",
                   re.I)
def _scope(clause: str, before: int) -> dict:
    """The scope a target applies to, from the words before it: each district (or locality) of
    the province by itself, or the province as a whole."""
    m = _EACH.search(clause[:before])
    if not m:
        return {"level": "province"}
    return {"level": "district", "scope": "each_district", "scope_text": m.group(0)}


def _share_target(clause: str, deadline: int | None, section: str) -> dict | None:
    f = fold(_EACH.sub("", clause))  # "mỗi huyện có 100% số xã": a share of xã, each district's
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
    scope = _scope(clause, (m_cnt or m_pct).start())
    if "scope" in scope:  # "mỗi huyện có 100% số xã …": the share each district must reach by itself
        out.update(scope=scope["scope"], scope_text=scope["scope_text"])
    return out


_CRIME = (rf"(?:kéo\s+)?giảm\s+(?:{_WORDS}\s+)?{_PCT}\s+(?:số\s+vụ\s+)?(?:phạm\s+tội|tội\s+phạm)\s+"
          r"(?:về\s+)?(trật\s+tự\s+xã\s+hội|TTXH)")
_OTHER_CRIME = re.compile(rf"giảm\s+(?:{_WORDS}\s+)?{_PCT}\s+(?:số\s+vụ\s+)?(?:phạm\s+tội|tội\s+phạm|phạm\s+pháp)\s+"
                          r"(?:về\s+)?(?!trật\s+tự\s+xã\s+hội|TTXH)([^,;.()]{3,40}?)(?=\s+so\s+với|\s*[,;.()]|\s*$)", re.I)


def _crime_target(clause: str, deadline: int | None, section: str) -> dict | None:
    """A cut in social-order crime cases (số vụ phạm tội về trật tự xã hội, TTXH), against a
    named year, the year before ("so với năm trước", "cùng kỳ") or, unsaid, the year before the
    deadline (marked unconfirmed); for the province, or for each district ("mỗi huyện, thị xã
    kéo giảm …"). Another series ("phạm pháp hình sự", "tệ nạn xã hội") is never read as this one."""
    m = re.search(_CRIME, clause, re.I)
    if not m or deadline is None:
        return None
    rest = clause[m.end():]
    named = re.search(r"so\s+với\s+(?:thống\s+kê\s+|cùng\s+kỳ\s+)?năm\s+(\d{4})", rest, re.I)
    before = re.search(r"so\s+với\s+(?:năm\s+trước|cùng\s+kỳ)", rest, re.I)
    baseline = int(named.group(1)) if named else deadline - 1
    out = {"metric": "crime_cases_social_order", "metric_text": re.sub(r"\s+", " ", clause[m.end(2):m.end()]).lstrip(" %"),
           **_scope(clause, m.start()), "indicator": None, "grade": None,
           "comparison": _COMPARISON.get((m.group(1) or "").lower(), "="), "threshold": _num(m.group(2)),
           "count": None, "of": None, "deadline": deadline, "baseline_year": baseline, "units": [],
           "section": section, "source": clause}
    if not (named or before):
        out["unconfirmed"] = ["baseline_year"]
        out["review"] = f"Câu không ghi năm so sánh; công cụ lấy năm liền trước thời hạn ({baseline}): cần đối chiếu."
    return out


def _model_target(clause: str, deadline: int | None, section: str) -> dict | None:
    """A count of model communes per district: "mỗi huyện … có ít nhất 01 xã đạt chuẩn nông thôn
    mới kiểu mẫu về an ninh, trật tự"."""
    m = re.search(rf"có\s+(?:{_WORDS}\s+)?(\d{{1,3}})\s+xã\s+(?:đạt\s+(?:chuẩn\s+)?)?(?:nông\s+thôn\s+mới\s+)?"
                  r"kiểu\s+mẫu", clause, re.I)
    if not m or deadline is None:
        return None
    scope = _scope(clause, m.start())
    if scope["level"] != "district":
        return None
    return {"metric": "model_communes_per_district", **scope, "indicator": None, "grade": "model",
            "comparison": _COMPARISON.get((m.group(1) or "").lower(), ">="), "threshold": None,
            "count": int(m.group(2)), "of": None, "deadline": deadline, "baseline_year": None, "units": [],
            "section": section, "source": clause,
            "review": "Số xã kiểu mẫu về an ninh, trật tự của mỗi huyện: công cụ chưa đo loại mục tiêu này."}


_KEEP = re.compile(r"(?:giữ vững|duy trì)\s+(?:chỉ tiêu|tiêu chí)[^;]*?(?:đối với|của|ở)\s+(?:các|những)\s+"
                   r"(?:xã|huyện|đơn vị|địa phương)[^;]*?(?:đã\s+)?(?:được\s+)?công\s+nhận", re.I)


def _keep_targets(clause: str, deadline: int | None, section: str) -> list[dict]:
    """Per year, keep the indicator for the units already recognised ("Năm 2022, phấn đấu giữ
    vững chỉ tiêu về an ninh, trật tự đối với các xã đã được công nhận nông thôn mới, … huyện
    nông thôn mới"): one target per level the sentence names, no number to reach."""
    m = _KEEP.search(clause)
    if not m or deadline is None:
        return []
    tail = fold(clause[m.start():])
    levels = [lv for lv, word in (("commune", r"\bxa\b"), ("district", r"\bhuyen\b")) if re.search(word, tail)]
    return [{"metric": "unit_status", "level": level, "scope": "already_recognised", "indicator": None,
             "grade": None, "comparison": "=", "threshold": None, "count": None, "of": None, "deadline": deadline,
             "baseline_year": None, "units": [], "status": "giu_vung", "section": section, "source": clause,
             "review": "Giữ vững chỉ tiêu cho các đơn vị đã được công nhận: công cụ chưa đo loại mục tiêu này."}
            for level in levels]


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


_ITEM = re.compile(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)](?:\s+|$)")
_VERBS = re.compile(r"(?<!\w)(phấn đấu|giữ vững|đạt|kéo giảm|có ít nhất)(?!\w)", re.I)


def why_unparsed(clause: str) -> str | None:
    """Why a clause that gave no target must still be shown to the reviewer (None: it carries
    nothing a target is made of): what looks like a target, a crime series other than social
    order, a number or a year, a target verb."""
    f = fold(clause)
    # a number starts where a run of digits starts, and is taken whole: linear on any run of digits
    has_amount = re.search(r"(?<!\d)\d++(?:[.,]\d++)?+\s*+%|(?<!\d)\d++\s*+/\s*+\d++\s*+(xa|don vi|huyen)", f)
    has_subject = re.search(r"\bxa\b|huyen|pham toi|pham phap|chi tieu \d+\.\d|tieu chi\s+(?:so\s+)?\d+", f)
    if (other := _OTHER_CRIME.search(clause)) and not re.search(_CRIME, clause, re.I):
        return f"mục tiêu giảm tội phạm của một chuỗi số liệu khác ({other.group(3).strip()}), không phải tội phạm về TTXH"
    if has_amount and has_subject:
        return "có dạng một mục tiêu (tỷ lệ hoặc số đơn vị) nhưng không đọc được chắc chắn"
    if re.search(r"\d", _ITEM.sub("", clause)):  # an item's own number ("2.", "1.1.", "a)") is no figure
        return "có số hoặc năm"
    if m := _VERBS.search(clause):
        return f"có động từ mục tiêu ({m.group(1).lower()})"
    return None


def _target_id(t: dict, seen: dict[str, int]) -> str:
    """A target's id, unique in the draft: its base, else with its deadline, else numbered.
    `seen` holds every id given and, for a numbered stem, the last number used (so that a
    document repeating one target many times is numbered in linear time)."""
    if t["metric"] == "crime_cases_social_order":
        base = f"crime-{t['baseline_year']}" + ("-each-district" if t.get("scope") == "each_district" else "")
    elif t["metric"] == "model_communes_per_district":
        base = "model-communes-each-district"
    elif t["metric"] == "unit_status" and not t["units"]:
        base = f"keep-{t['level']}-{t['deadline']}"
    elif t["metric"] == "unit_status":
        base = f"unit-{t['units'][0]['code']}"
    else:  # level, the indicator's code as a slug, and (communes) the grade: commune-19-2-basic
        code = re.sub(r"[^0-9a-z]+", "-", fold(t["indicator"])).strip("-")
        base = f"{t['level']}-{code}" + (f"-{t['grade']}" if t["level"] == "commune" else "")
    tid = base if base not in seen else f"{base}-{t['deadline']}"
    if tid in seen:
        stem, n = tid, seen[tid] + 1
        while f"{stem}-{n}" in seen:
            n += 1
        seen[stem] = n
        tid = f"{stem}-{n}"
    seen[tid] = 1
    return tid


# ---------------------------------------------------------------- the whole extraction

_PREAMBLE_BASIS = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Theo)\b")
# the enactment: "Ủy ban nhân dân tỉnh … ban hành Kế hoạch … như sau:" (the plan itself, in `plan`)
_ENACTMENT = re.compile(r"^(?:Ủy ban nhân dân|UBND)\b.{0,80}?\bban hành\s+(?:Kế hoạch|Quyết định|Đề án)", re.I)
_METADATA = re.compile(r"^(?:Số(?:\s+hiệu)?\s*:?\s*\d|Ngày (?:ban hành|có hiệu lực)|Loại văn bản|Cơ quan ban hành|Người ký|"
                       r"Lĩnh vực|(?:Thứ \w+,\s*)?Ngày \d{1,2}/\d{1,2}/\d{4}$|[A-ZĐÀ-Ỹ][\wÀ-ỹ ]{0,40},\s*ngày\s+\d)")
_CUT = re.compile(r"(?:\.\.\.|…|\[\s*(?:\.\.\.|…)\s*\])\s*$")
TRUNCATED_REVIEW = "Câu bị cắt giữa chừng trong văn bản: chỉ đọc phần còn lại; cần đối chiếu với bản đầy đủ."


def _identity_text(para: str, ident: dict) -> bool:
    """Whether a paragraph of the preamble only says which plan this is (already in `plan`)."""
    if _METADATA.match(para) or _ENACTMENT.match(para):
        return True
    heading = re.sub(r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|ĐỀ ÁN)\s+", "", para)
    if ident["title"] and fold(heading) in fold(ident["title"]):
        return True
    return bool(ident["number"]) and ident["number"] in para and len(para) < 400 and not _VERBS.search(para)


def _truncated(para: str, last: bool) -> bool:
    """A sentence cut off by the copy: the document's last paragraph without its final stop, or
    one that ends with an ellipsis ("…", "[...]") where the text was cut."""
    return bool(_CUT.search(para)) or (last and not _SENTENCE_END.search(para))


def _horizon(paras: list[str], ident: dict) -> int | None:
    """The plan's last year: "đến năm 2025", "giai đoạn 2021-2025", or a one-year plan's title."""
    m = re.search(r"(?:đến năm|giai đoạn \d{4}\s*[-–]\s*)(\d{4})", " ".join(paras[:12]), re.I)
    if m:
        return int(m.group(1))
    if ident["title"] and (m := re.search(r"\bnăm\s+(\d{4})\s*$", ident["title"])):
        return int(m.group(1))  # a plan for one year ("… trật tự năm 2026")
    return None


def _clause_targets(clause: str, deadline: int | None, section: str, ctx: Context) -> list[dict]:
    """The targets a clause states, each kind tried in turn; a share without a deadline of its
    own takes the plan's (and says so)."""
    horizon = ctx.horizon
    found = [t for t in [_crime_target(clause, deadline or horizon, section)
                         or _model_target(clause, deadline or horizon, section)
                         or _share_target(clause, deadline, section)
                         or _unit_target(clause, deadline or horizon, section, ctx)] if t]
    found = found or _keep_targets(clause, deadline, section)
    if not found and (t := _share_target(clause, horizon, section)) is not None:
        t["deadline_note"] = "Câu không ghi thời hạn; lấy thời hạn của kế hoạch."
        found = [t]
    return found


def extract(text: str) -> dict:
    """{"plan": identity, "targets": [...], "unparsed": [...]} from a plan's text. Every clause
    that carries a number, a year or a target verb ends up in a target, in `unparsed` (with its
    section and why), or in the plan's identity and legal basis: nothing is dropped silently."""
    paras = normalise(text)
    ident = identity(paras, text)
    prov = gazetteer.province(ident["province"]) if ident["province"] else None
    horizon = _horizon(paras, ident)
    ctx = Context(prov, horizon)
    targets, unparsed, basis, seen = [], [], [], {}
    sections = _sections(paras)
    for k, (para, section) in enumerate(sections):
        label = _YEAR_LABEL.match(para)
        para_deadline = int(label.group(1)) if label else None
        cut = _truncated(para, k == len(sections) - 1)
        parts = clauses(_CUT.sub("", para).rstrip() if cut else para)
        for j, clause in enumerate(parts):
            d = _DEADLINE.search(clause)
            year = d and (d.group(1) or d.group(2))
            if year and not re.search(r"so\s+với\s+(?:thống\s+kê\s+)?năm\s+" + year, clause):
                para_deadline = int(year)
            found = _clause_targets(clause, para_deadline, section, ctx)
            if found:
                for t in found:
                    if cut and j == len(parts) - 1:
                        t["truncated"] = True
                        t["review"] = " ".join(filter(None, [t.get("review"), TRUNCATED_REVIEW]))
                    targets.append({"id": _target_id(t, seen), **t})
                continue
            if not section and _identity_text(clause if len(parts) > 1 else para, ident):
                continue
            if not section and _PREAMBLE_BASIS.match(clause) and not targets:
                basis.append(clause)
                continue
            if why := why_unparsed(clause):
                entry = {"section": section, "text": clause, "why": why}
                if cut and j == len(parts) - 1:
                    entry["truncated"] = True
                unparsed.append(entry)
    implements = ident["implements"] or {}
    # the keys of a plan file (helpers.plans): `kind` there is national or province, the form of
    # the document is `document_kind`; `implements` is the national plan's id
    plan = {"kind": "province" if ident["province"] else None, "province": ident["province"],
            "number": ident["number"], "document_kind": ident["kind"], "date": ident["date"],
            "title": ident["title"], "issuer": ident["issuer"], "signer": {"name": ident["signer"]},
            "implements": implements.get("plan"), "legal_basis": basis,
            "period": {"end": horizon} if horizon else None}
    if implements.get("review"):
        plan["review"] = implements["review"]
    return {"plan": plan, "targets": targets, "unparsed": unparsed}


def extract_file(path: Path | str) -> dict:
    return extract(read_document(path))
