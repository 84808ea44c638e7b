"""Targets and their progress in words, as a leader reads them (every value through helpers.formats)."""

from __future__ import annotations

from . import formats, records
from .labels import MISSING_TEXT
from .plan_schema import CRIME_CASES, SHARE_COMMUNES, SHARE_DISTRICTS, Plan, Target

REVIEW_TEXT = ("“Đạt” khi điều kiện của mục tiêu được đáp ứng ở năm thời hạn; “Không đạt” khi không; “Không đo "
               "được” khi số liệu không đủ. Mục tiêu “trên X%” đòi hỏi vượt X%; “X%” và “ít nhất X%” đạt khi bằng "
               "hoặc cao hơn X%.")


COMPARISON_WORDS = {">": "trên", ">=": "ít nhất", "=": "", "<=": "không quá", "<": "dưới"}


def progress_table(plan: Plan, rows: list[dict], title: str, width: int = 80) -> str:
    """The progress rows as a terminal shows them to a reader: in Vietnamese, one block per
    target, every line within `width` columns (`antt progress --format table`)."""
    import textwrap

    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]

    out = wrap(title, "") + ["─" * min(width, 80)]
    for i, r in enumerate(rows, 1):
        t = next(x for x in plan.targets if x.id == r["id"])
        out += wrap(f"{i}. {target_text(t)}" + (f" (mục {r['section']})" if r.get("section") else ""), "")
        out += wrap(f"Thực tế {r['year']}: {actual_text(r)}; yêu cầu: {required_text(r)}", "   ")
        out += wrap(f"Còn thiếu: {r['gap_text'] or MISSING_TEXT}. Tình trạng: {r['status_label']}", "   ")
        if r.get("note"):
            out += wrap(f"Ghi chú: {r['note']}", "   ")
        if r.get("source"):
            out += wrap(f"Câu chữ trong văn bản: “{r['source']}”", "   ")
    return "\n".join(out)


def target_text(t: Target) -> str:
    """A target in words, as a leader reads it: 'trên 99% số xã đạt 19.2 (cơ bản) đến năm 2025'."""
    word = COMPARISON_WORDS[t.comparison]
    if t.count is not None:
        amount = f"{formats.count(t.count)}/{formats.count(t.of)}"
    elif t.threshold is not None:
        amount = f"{formats.level(t.threshold)}%"
    else:
        amount = ""
    level = f"{word} {amount}".strip()
    c = t.criteria  # the indicator as the set in force at the deadline names it
    if t.metric == SHARE_COMMUNES:
        what = f"{level} số xã đạt chỉ tiêu {c.short(t.grade)}"
    elif t.metric == SHARE_DISTRICTS:
        what = f"{level} đơn vị cấp huyện đạt chỉ tiêu {c.short(t.grade or 'basic', 'district')}"
    elif t.metric == CRIME_CASES:
        scope = "mỗi địa phương " if t.scope == "each_locality" else ""
        what = f"{scope}giảm {level} số vụ phạm tội về trật tự xã hội so với năm {t.baseline_year}"
    else:
        what = "; ".join(f"{u['name']}: {records.NTM_STATUS_LABELS[u['status']].lower()}" for u in t.units)
    if t.derived_from:
        return f"mức sàn suy ra từ mục tiêu “{t.derived_from}”: {what}, đến năm {t.deadline}"
    return f"{what}, đến năm {t.deadline}"


def actual_text(row: dict) -> str:
    """The actual value of a progress row in words ('118/121 xã (97,5%)', 'giảm 7,5% (381 vụ …)')."""
    if formats.is_missing(row["actual_count"]) or formats.is_missing(row["denominator"]):
        return MISSING_TEXT
    m = row["metric"]
    if m == SHARE_COMMUNES:
        return formats.fraction(row["actual_count"], row["denominator"], "xã")
    if m == SHARE_DISTRICTS:
        return formats.fraction(row["actual_count"], row["denominator"], "đơn vị cấp huyện")
    if m == CRIME_CASES:
        return crime_change_text(row["actual"], row["actual_count"], row["denominator"], row["baseline_year"])
    return f"{formats.count(row['actual_count'])}/{formats.count(row['denominator'])} đơn vị đạt"


def crime_change_text(reduction, cases, baseline_cases, baseline_year) -> str:
    """'giảm 7,5% (381 vụ so với 412 vụ năm 2019)': a reduction (in %, negative for a rise) in words."""
    if formats.is_missing(reduction):
        return MISSING_TEXT
    verb = "giảm" if reduction >= 0 else "tăng"
    return (f"{verb} {formats.number(abs(reduction))}% ({formats.count(cases)} vụ so với "
            f"{formats.count(baseline_cases)} vụ năm {formats.year(baseline_year)})")


def required_text(row: dict) -> str:
    """What the target requires, in units ('ít nhất 120/121 xã', 'không quá 391 vụ')."""
    if formats.is_missing(row["required"]) or formats.is_missing(row["denominator"]):
        return MISSING_TEXT
    m = row["metric"]
    if m == SHARE_COMMUNES:
        return f"ít nhất {formats.count(row['required'])}/{formats.count(row['denominator'])} xã"
    if m == SHARE_DISTRICTS:
        return f"ít nhất {formats.count(row['required'])}/{formats.count(row['denominator'])} đơn vị cấp huyện"
    if m == CRIME_CASES:
        return f"không quá {formats.count(row['required'])} vụ"
    return f"{formats.count(row['required'])}/{formats.count(row['denominator'])} đơn vị"


METHOD_TEXT = (
    "Cách đánh giá: ở năm thời hạn của mục tiêu (và sau đó), “Đã đạt” khi điều kiện của mục tiêu được đáp ứng, "
    "“Không đạt” khi không. Trước thời hạn, mục tiêu chưa thể đạt hay không đạt: “Vượt tiến độ” khi đã đạt mức "
    "mục tiêu trước thời hạn; nếu chưa, so sánh tốc độ thực tế bình quân mỗi năm kể từ năm xuất phát (năm trước khi "
    "kế hoạch bắt đầu) với tốc độ cần có để đạt mục tiêu đúng hạn (thang tuyến tính, vì tỷ lệ không vượt quá 100%): "
    "tỷ số từ 0,95 trở lên là “Đúng tiến độ”; từ 0,60 đến dưới 0,95 là “Có nguy cơ không đạt”; dưới 0,60 (kể cả "
    "đi lùi) là “Chậm tiến độ”. Mục tiêu nêu tên đơn vị: trước thời hạn, “Vượt tiến độ” hoặc “Có nguy cơ không "
    "đạt”. “Không đo được” khi số liệu không đủ. Mục tiêu “trên X%” đòi hỏi vượt X%; mục tiêu “X%” và “ít nhất "
    "X%” đạt khi tỷ lệ bằng hoặc cao hơn X%. Theo phương pháp của Open SDG, điều chỉnh."
)
