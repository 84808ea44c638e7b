"""The sections of the commune attainment report (notebook 01), as HTML fragments.

Each function takes a loaded `workbook.ProvinceYear` and returns what the notebook displays.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import attainment, charts, gazetteer, maps, report
from .attainment import fraction
from .loader import NTM_STATUS_LABELS
from .labels import BASIC, NO_DATA, NOT_ATTAINED
from .paths import maps_dir
from .workbook import ProvinceYear


def title(ctx: ProvinceYear) -> report.Fragment:
    return report.header(f"Tiêu chí an ninh, trật tự trong xây dựng nông thôn mới — {ctx.province.name}",
                         f"Kết quả thực hiện chỉ tiêu 19.2 (xã) và 9.4, 9.1 (huyện), năm {ctx.year}",
                         ctx.notices)


def status_map(ctx: ProvinceYear, out: str | Path | None = None, height: int = 640) -> report.Fragment:
    """The map: saved to maps/<province>-<year>.html, shown interactive, with a static image for
    printing and the table of every commune (with a CSV download)."""
    m = maps.status_map(ctx.geo, ctx.history, ctx.year, title=ctx.title, notices=ctx.notices,
                        districts=ctx.districts, districts_geo=ctx.districts_geo)
    page = maps.render(m)
    path = maps.write_atomic(maps_dir(out) / ctx.map_name, page)
    frame = maps.embed(page, height=height).data
    outlines = ctx.districts_geo if ctx.districts_geo is not None else ctx.geo.dissolve(by="district_code")
    png = charts.status_map_png(ctx.geo, ctx.status, outlines, ctx.title, ctx.notices)
    static = report.image(png, f"Bản đồ mức đạt chỉ tiêu 19.2, {ctx.province.name}, năm {ctx.year}",
                          cls="antt-figure antt-map-static")
    note = report.paragraph(f"Bản đồ riêng: maps/{path.name}. {ctx.boundary_source}.", "antt-note")
    return report.Fragment(frame + str(static) + str(note) + str(map_table(ctx)))


def map_table(ctx: ProvinceYear) -> report.Fragment:
    """Every commune on the map with its status: the map's data as a table."""
    st = ctx.status
    reasons = [attainment.failing_labels(attainment.next_step(s, f)[0]) for s, f in zip(st["status"], st["failing"])]
    df = pd.DataFrame({
        "Mã": st["code"].to_numpy(), "Đơn vị": st["name"].to_numpy(), ctx.group_label: st["district_name"].to_numpy(),
        "Tình trạng": st["status_label"].to_numpy(),
        "Điều kiện chưa đạt": ["; ".join(r) if r else "–" for r in reasons],
        "Số vụ phạm tội về TTXH": [("–" if pd.isna(k) else int(k)) for k in st["crime_cases"]],
    })
    table = report.table(df, f"Số liệu của bản đồ: {len(df)} đơn vị cấp xã, năm {ctx.year}",
                         csv_name=f"ban-do-{ctx.province.slug}-{ctx.year}.csv")
    return report.Fragment(f'<details class="antt-details"><summary>Bảng số liệu của bản đồ '
                           f"({len(df)} đơn vị cấp xã)</summary>{table}</details>")


def _xa_rates(ctx: ProvinceYear) -> tuple[pd.DataFrame, pd.Series]:
    by_district = attainment.rates(ctx.status)
    total = attainment.rates(ctx.status, None).iloc[0]
    return by_district, total


def summary(ctx: ProvinceYear) -> report.Fragment:
    """Key figures of the province."""
    _, t = _xa_rates(ctx)
    n = int(t["xa"])
    kpis = [
        (fraction(int(t["basic"]), n), "xã đạt chỉ tiêu 19.2 (bộ tiêu chí xã NTM)"),
        (fraction(int(t["advanced"]), n), "xã đạt chỉ tiêu 19.2 (bộ tiêu chí xã NTM nâng cao)"),
        (f"{int(t['not_attained'])} xã", "chưa đạt chỉ tiêu 19.2"),
    ]
    if int(t["no_data"]):
        kpis.append((f"{int(t['no_data'])} xã", "không có số liệu"))
    na = int((ctx.status["status"] == "not_applicable").sum())
    items = "".join(f'<div class="antt-kpi"><div class="v">{report.esc(v)}</div><div class="l">{report.esc(label)}</div></div>'
                    for v, label in kpis)
    note = report.paragraph(f"Chỉ tính xã; {na} phường, thị trấn không áp dụng bộ tiêu chí xã nông thôn mới "
                            "và không được tính vào mẫu số.", "antt-note")
    return report.Fragment(f'<div class="antt-kpis">{items}</div>{note}')


def district_rates(ctx: ProvinceYear) -> report.Fragment:
    by, t = _xa_rates(ctx)
    rows = pd.DataFrame({
        ctx.group_label: by["district_name"],
        "Số xã": by["xa"],
        "Đạt 19.2": [fraction(b, n) for b, n in zip(by["basic"], by["xa"])],
        "Đạt 19.2 nâng cao": [fraction(a, n) for a, n in zip(by["advanced"], by["xa"])],
        "Chưa đạt": by["not_attained"],
        "Không có số liệu": by["no_data"],
    })
    total = pd.DataFrame([{
        ctx.group_label: f"Toàn tỉnh {ctx.province.short_name}", "Số xã": int(t["xa"]),
        "Đạt 19.2": fraction(int(t["basic"]), int(t["xa"])),
        "Đạt 19.2 nâng cao": fraction(int(t["advanced"]), int(t["xa"])),
        "Chưa đạt": int(t["not_attained"]), "Không có số liệu": int(t["no_data"])}])
    df = pd.concat([rows, total], ignore_index=True)
    return report.table(df, f"Tỷ lệ xã đạt chỉ tiêu 19.2 theo đơn vị cấp huyện, năm {ctx.year}",
                        csv_name=f"ty-le-19-2-{ctx.province.slug}-{ctx.year}.csv",
                        highlight=pd.Series([False] * len(rows) + [True]))


def district_indicators(ctx: ProvinceYear) -> report.Fragment:
    if ctx.vintage == "2025":
        return report.paragraph("Từ 01/7/2025 không còn cấp huyện: chỉ tiêu 9.4 và 9.1 chỉ có ý nghĩa với các đơn vị "
                                "cấp huyện cũ (xem báo cáo theo đơn vị hành chính cũ).")
    d = attainment.district_status(ctx.districts, ctx.dataset.districts, ctx.year)

    def yes(v) -> str:
        return "–" if v is None or v is pd.NA else ("Đạt" if bool(v) else "Chưa đạt")

    df = pd.DataFrame({
        "Đơn vị cấp huyện": d["name"],
        "Chỉ tiêu 9.4": [yes(v) for v in d["ind_9_4"]],
        "Chỉ tiêu 9.1 (nâng cao)": [yes(v) for v in d["ind_9_1"]],
        "Tình trạng nông thôn mới": [NTM_STATUS_LABELS.get(s, "–") if isinstance(s, str) else "–" for s in d["ntm_status"]],
    })
    n = len(d)
    k94 = int(d["ind_9_4"].fillna(False).astype(bool).sum())
    k91 = int(d["ind_9_1"].fillna(False).astype(bool).sum())
    note = report.paragraph(f"Đạt 9.4: {fraction(k94, n, 'đơn vị cấp huyện')}; đạt 9.1: {fraction(k91, n, 'đơn vị cấp huyện')}. "
                            "Mẫu số là mọi đơn vị cấp huyện (huyện, thị xã, thành phố thuộc tỉnh), như các kế hoạch ghi "
                            "“đơn vị cấp huyện”.")
    return report.Fragment(str(report.table(df, f"Chỉ tiêu an ninh, trật tự cấp huyện, năm {ctx.year}",
                                            csv_name=f"cap-huyen-{ctx.province.slug}-{ctx.year}.csv")) + str(note))


def failing_communes(ctx: ProvinceYear) -> report.Fragment:
    """The xã that do not attain 19.2 (or have no data), each with its failing sub-conditions."""
    st = ctx.status
    bad = st[st["status"].isin([NOT_ATTAINED, NO_DATA]) & (st["type"] == "Xã")]
    if bad.empty:
        return report.paragraph(f"Năm {ctx.year}, mọi xã đều đạt chỉ tiêu 19.2.")
    reasons = [attainment.failing_labels(attainment.next_step(s, f)[0]) for s, f in zip(bad["status"], bad["failing"])]
    df = pd.DataFrame({
        "Mã xã": bad["code"].to_numpy(),
        "Xã": bad["name"].to_numpy(),
        ctx.group_label: bad["district_name"].to_numpy(),
        "Tình trạng": bad["status_label"].to_numpy(),
        "Điều kiện chưa đạt": ["; ".join(f) if f else "–" for f in reasons],
        "Ghi chú": [n if isinstance(n, str) and n else "–" for n in bad["note"]],
    })
    return report.table(df, f"Các xã chưa đạt chỉ tiêu 19.2 năm {ctx.year} và lý do",
                        csv_name=f"xa-chua-dat-{ctx.province.slug}-{ctx.year}.csv")


def basic_only(ctx: ProvinceYear) -> report.Fragment:
    """Counts of the advanced sub-conditions that keep basic-only xã from the advanced 19.2."""
    st = ctx.status[ctx.status["status"] == BASIC]
    counts = pd.Series([label for f in st["failing"] for label in attainment.failing_labels(attainment.next_step(BASIC, f)[0])]).value_counts()
    if counts.empty:
        return report.paragraph("")
    df = pd.DataFrame({"Điều kiện 19.2 nâng cao chưa đạt": counts.index, "Số xã": counts.to_numpy()})
    return report.table(df, f"Vì sao {len(st)} xã mới đạt 19.2 cơ bản chưa đạt 19.2 nâng cao")


def crime(ctx: ProvinceYear, baseline_year: int = 2019) -> report.Fragment:
    trend = attainment.crime_by_year(ctx.records, ctx.units["code"], baseline_year)
    trend = trend[trend["year"] <= ctx.year]
    if trend.empty or trend["cases"].isna().all():
        return report.paragraph("Không có số liệu về số vụ phạm tội về trật tự xã hội.")
    df = pd.DataFrame({
        "Năm": trend["year"].astype(int).astype(str),
        "Số vụ phạm tội về TTXH": trend["cases"].map(lambda v: report.number(v, 0)),
        f"So với năm {baseline_year}": [("–" if pd.isna(c) else f"{report.number(c)}%")
                                        for c in trend["change_pct"]],
    })
    png = charts.crime_chart(trend, baseline_year)
    return report.Fragment(str(report.table(df, f"Số vụ phạm tội về trật tự xã hội so với năm {baseline_year}",
                                            csv_name=f"toi-pham-ttxh-{ctx.province.slug}.csv"))
                           + str(report.image(png, f"Số vụ phạm tội về trật tự xã hội, {ctx.province.name}")))


def provenance(ctx: ProvinceYear, parameters: dict) -> report.Fragment:
    return report.footer(parameters, ctx.dataset.provenance, ctx.boundary_source)



def plan_progress(ctx: ProvinceYear) -> report.Fragment:
    """Progress of the province against every target of its own plan (or of 926/QĐ-TTg).
    The plans were written on the legacy units: for 2025 units, progress is that of the legacy
    province of the same name, on its legacy units."""
    from . import plans

    plan = plans.plan_for(ctx.province.slug)
    history = ctx.history if ctx.vintage == "legacy" else None
    rows = plans.progress(plan, plans.inputs(ctx.province.slug, ctx.dataset, history), ctx.year)
    targets = {t.id: t for t in plan.targets}
    df = pd.DataFrame({
        "Mục tiêu": [plans.target_text(targets[r["id"]]) + (" *" if r["unconfirmed"] else "") for r in rows],
        "Mục": [r["section"] for r in rows],
        f"Thực tế {ctx.year}": [plans.actual_text(r) for r in rows],
        "Yêu cầu": [plans.required_text(r) for r in rows],
        "Còn thiếu": [r["gap_text"] or "–" for r in rows],
        "Tình trạng": [r["status_label"] for r in rows],
    })
    legacy = gazetteer.province(ctx.province.slug)
    scope = (f" Kế hoạch được lập trên đơn vị hành chính cũ: tiến độ tính trên {legacy.name} cũ." if ctx.vintage == "2025"
             else "")
    intro = (f"Theo {plan.name}, {plan.label}.{scope}" if plan.kind == "province" else
             f"{ctx.province.name} chưa có tệp kế hoạch riêng trong công cụ: tiến độ được đo theo các mục tiêu "
             f"của {plan.name} ngày {plan.date:%d/%m/%Y}.")
    notes = sorted({r["denominator_note"] for r in rows if r["denominator_note"]} | {r["note"] for r in rows if r["note"]})
    parts = [report.paragraph(intro),
             report.table(df, f"Tiến độ thực hiện các mục tiêu, năm {ctx.year}",
                          csv_name=f"tien-do-{ctx.province.slug}-{ctx.year}.csv",
                          highlight=pd.Series([r["status"] != "achieved" for r in rows])),
             report.paragraph("Mẫu số: " + "; ".join(notes) + ".") if notes else report.paragraph("")]
    if any(r["unconfirmed"] for r in rows):
        parts.append(report.paragraph("* Giá trị hoặc câu chữ chưa đối chiếu được với văn bản gốc.", "antt-note"))
    if plan.qualitative_targets:
        parts.append(report.paragraph("Mục tiêu định tính (không đo bằng số liệu):"))
        parts.append(report.bullets([f"{q['section']}: {q['text']}" for q in plan.qualitative_targets]))
    parts.append(report.paragraph(plans.METHOD_TEXT, "antt-note"))
    return report.Fragment("".join(str(p) for p in parts))


def carried(ctx: ProvinceYear) -> report.Fragment:
    """For 2025 units: the rule that carries legacy verdicts to them, and how each xã's verdict formed."""
    from . import vintage

    if ctx.vintage != "2025" or ctx.carried is None:
        return report.Fragment("")
    d = ctx.carried[ctx.carried["year"] == ctx.year].set_index("code")
    st = ctx.status[ctx.status["type"] == "Xã"]
    df = pd.DataFrame({
        "Xã mới": st["name"].to_numpy(),
        "Xã, phường, thị trấn cũ hợp thành": [d["predecessors"].get(c, "–") for c in st["code"]],
        "Xã cũ đạt 19.2": [f"{int(d['basic_attained'].get(c, 0))}/{int(d['xa'].get(c, 0))}" if c in d.index else "–"
                            for c in st["code"]],
        "Kết quả quy đổi": st["status_label"].to_numpy(),
    })
    return report.Fragment(str(report.paragraph(vintage.RULE_TEXT)) +
                           str(report.table(df, f"Quy đổi kết quả sang xã mới, năm {ctx.year}",
                                            csv_name=f"quy-doi-{ctx.province.slug}-{ctx.year}.csv")))
