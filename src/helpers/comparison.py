"""The sections of the plan comparison report (notebook 02): two or more provinces side by side,
and the national programme (926/QĐ-TTg) beside them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import charts, gazetteer, maps, plans, report, workbook
from .paths import maps_dir


@dataclass
class Comparison:
    year: int
    contexts: list[workbook.ProvinceYear]
    plans: list[plans.Plan]
    national: plans.Plan

    @property
    def names(self) -> list[str]:
        return [c.province.short_name for c in self.contexts]

    @property
    def notices(self) -> list[str]:
        seen: list[str] = []
        for c in self.contexts:
            seen += [n for n in c.notices if n not in seen]
        return seen


def load(provinces: list[str], year: int | None = None, data: str = "", boundaries: str = "") -> Comparison:
    if len(provinces) < 2:
        raise ValueError("a comparison needs at least two provinces")
    ctxs = [workbook.load(p, year, data, boundaries) for p in provinces]
    return Comparison(ctxs[0].year, ctxs, [plans.plan_for(c.province.slug) for c in ctxs], plans.national())


def title(cmp: Comparison) -> report.Fragment:
    return report.header(f"So sánh kế hoạch thực hiện tiêu chí an ninh, trật tự: {' – '.join(cmp.names)}",
                         f"Các kế hoạch thực hiện Quyết định 926/QĐ-TTg; tiến độ năm {cmp.year}", cmp.notices)


def identity(cmp: Comparison) -> report.Fragment:
    cols = {p.name if p.kind == "national" else c.province.short_name: p
            for c, p in zip(cmp.contexts, cmp.plans)}
    cols = {**cols, "Quyết định 926/QĐ-TTg": cmp.national}

    def field(p: plans.Plan, key: str) -> str:
        if key == "number":
            return p.number
        if key == "date":
            return f"{p.date:%d/%m/%Y}"
        if key == "issuer":
            return p.issuer
        if key == "signer":
            return p.signer.get("name", "") + (f" ({p.signer['title']})" if p.signer.get("title") else "")
        if key == "basis":
            return "; ".join(p.legal_basis) or "–"
        if key == "guidance":
            return "; ".join(p.guidance) or "–"
        if key == "period":
            return f"{p.period['start']}–{p.period['end']}"
        if key == "targets":
            return f"{len(p.targets)} mục tiêu định lượng, {len(p.qualitative_targets)} mục tiêu định tính"
        if key == "source":
            return ("đầy đủ" if p.source.get("complete") else "không đầy đủ: thiếu " + ", ".join(p.source.get("missing", [])))
        return ""

    rows = [("Số hiệu", "number"), ("Ngày ban hành", "date"), ("Cơ quan ban hành", "issuer"), ("Người ký", "signer"),
            ("Căn cứ", "basis"), ("Hướng dẫn áp dụng", "guidance"), ("Thời kỳ", "period"),
            ("Mục tiêu", "targets"), ("Bản văn bản được đọc", "source")]
    df = pd.DataFrame([{"": label, **{name: field(p, key) for name, p in cols.items()}} for label, key in rows])
    return report.table(df, "Thông tin văn bản")


def targets(cmp: Comparison) -> report.Fragment:
    """The targets side by side with the national ones, differences highlighted and stated."""
    table = plans.compare(cmp.plans, cmp.national)
    data = {"Mục tiêu Quyết định 926/QĐ-TTg": [r + (" *" if u else "") for r, u in
                                              zip(table["reference"], table["reference_unconfirmed"])]}
    for name, p in zip(cmp.names, cmp.plans):
        data[name] = [f"{t} — {plans.DIFF_LABELS[d]}" if t != "–" else f"– ({plans.DIFF_LABELS[d]})"
                      for t, d in zip(table[p.id], table[f"{p.id}:diff"])]
    df = pd.DataFrame(data)
    flag = pd.Series([any(table[f"{p.id}:diff"].iloc[i] not in ("same", "absent") for p in cmp.plans)
                      for i in range(len(table))])
    found = plans.differences(cmp.plans, cmp.national)
    parts = [report.table(df, "Mục tiêu của các kế hoạch so với Quyết định 926/QĐ-TTg (dòng tô màu: có khác biệt)",
                          csv_name=f"so-sanh-muc-tieu-{'-'.join(c.province.slug for c in cmp.contexts)}.csv",
                          highlight=flag),
             report.paragraph("Các khác biệt tìm thấy:"), report.bullets(found)]
    if any(table["reference_unconfirmed"].map(bool)):
        parts.append(report.paragraph("* Mục tiêu của Quyết định 926/QĐ-TTg lấy theo bài tóm tắt trên cổng thông tin "
                                      "nông thôn mới (nguồn ghi trong data/plans/national-926.yaml); câu chữ, cách so "
                                      "sánh chưa đối chiếu được với văn bản gốc.", "antt-note"))
    return report.Fragment("".join(str(p) for p in parts))


def progress(cmp: Comparison) -> report.Fragment:
    """Each province against its own targets, in the same year."""
    out = []
    for ctx, plan in zip(cmp.contexts, cmp.plans):
        rows = plans.progress(plan, plans.inputs(ctx.province.slug, ctx.dataset, ctx.history), cmp.year)
        tmap = {t.id: t for t in plan.targets}
        df = pd.DataFrame({
            "Mục tiêu": [plans.target_text(tmap[r["id"]]) for r in rows],
            f"Thực tế {cmp.year}": [plans.actual_text(r) for r in rows],
            "Còn thiếu": [r["gap_text"] or "–" for r in rows],
            "Tình trạng": [r["status_label"] for r in rows],
        })
        out.append(f'<div class="antt-col"><h3>{report.esc(ctx.province.name)} — {report.esc(plan.name)}</h3>'
                   f'{report.table(df, "", highlight=pd.Series([r["status"] != "achieved" for r in rows]))}</div>')
    return report.Fragment('<div class="antt-cols">' + "".join(out) + "</div>"
                           + str(report.paragraph(plans.METHOD_TEXT, "antt-note")))


def side_maps(cmp: Comparison, out: str | Path | None = None) -> report.Fragment:
    """The provinces' maps side by side (each also saved in maps/), with static images for print."""
    cells = []
    for ctx in cmp.contexts:
        m = maps.status_map(ctx.geo, ctx.history, ctx.year, title=ctx.title, notices=ctx.notices,
                            districts=ctx.districts, districts_geo=ctx.districts_geo)
        page = maps.render(m)
        maps.write_atomic(maps_dir(out) / ctx.map_name, page)
        outlines = ctx.districts_geo if ctx.districts_geo is not None else ctx.geo.dissolve(by="district_code")
        png = charts.status_map_png(ctx.geo, ctx.status, outlines, ctx.title, ctx.notices)
        cells.append(f'<div class="antt-col"><h3>{report.esc(ctx.province.name)}</h3>{maps.embed(page, 560).data}'
                     f'{report.image(png, ctx.title, cls="antt-figure antt-map-static")}</div>')
    return report.Fragment('<div class="antt-cols">' + "".join(cells) + "</div>")


def tasks(cmp: Comparison) -> report.Fragment:
    """Task groups, agency assignments and reporting obligations side by side."""
    cols = []
    for ctx, plan in zip(cmp.contexts, cmp.plans):
        groups = [f"{g['section']}. {g['title']}" for g in plan.task_groups] or ["(không có trong bản văn bản được đọc)"]
        assign = pd.DataFrame({
            "Cơ quan": [a["agency"] for a in plan.assignments],
            "Vai trò": [{"lead": "chủ trì", "support": "phối hợp", "implement": "thực hiện"}.get(a.get("role"), "–")
                        for a in plan.assignments],
            "Nhiệm vụ": ["; ".join(a["tasks"]) for a in plan.assignments],
        })
        rep = [f"{r['reporter']} → {r['recipient']}: {'hằng năm' if r['frequency'] == 'yearly' else r['frequency']}"
               + (f", {r['due']}" if r.get("due") else "") for r in plan.reporting] \
            or ["(không có trong bản văn bản được đọc)"]
        missing = plan.source.get("missing") or []
        note = (report.paragraph("Bản văn bản được đọc bị cắt: thiếu " + ", ".join(missing) + ".", "antt-note")
                if missing else report.paragraph(""))
        cols.append(f'<div class="antt-col"><h3>{report.esc(ctx.province.name)}</h3>'
                    f"<h4>Nhóm nhiệm vụ</h4>{report.bullets(groups)}"
                    f"<h4>Phân công</h4>{report.table(assign, '') if len(assign) else report.paragraph('–')}"
                    f"<h4>Chế độ báo cáo</h4>{report.bullets(rep)}{note}</div>")
    return report.Fragment('<div class="antt-cols">' + "".join(cols) + "</div>")


def provenance(cmp: Comparison, parameters: dict) -> report.Fragment:
    plans_used = "; ".join(f"{p.name}: {p.path.split('data/')[-1]}" for p in cmp.plans + [cmp.national])
    return report.footer(parameters, cmp.contexts[0].dataset.provenance, cmp.contexts[0].boundary_source,
                         extra=[f"Kế hoạch (dữ liệu): {plans_used}"])


def slug(provinces: list[str]) -> str:
    return "-".join(gazetteer.province(p).slug for p in provinces)
