"""The sections of the plan comparison report (notebook 02): two or more provinces side by side,
and the national programme (926/QĐ-TTg) beside them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import criteria as crit
from . import plan_compare, plan_progress, plan_schema, plan_wording, plans, present, request, workbook
from .labels import SOURCE_COLUMN
from .sections import facts, status_map


@dataclass
class Comparison:
    year: int
    contexts: list[workbook.ProvinceYear]
    plans: list[plan_schema.Plan]
    national: plan_schema.Plan

    @property
    def names(self) -> list[str]:
        return [c.province.short_name for c in self.contexts]

    @property
    def notices(self) -> list[str]:
        seen: list[str] = []
        for c in self.contexts:
            seen += [n for n in c._notices if n not in seen]
        return seen


def load(provinces: list[str], year: int | None = None, data: str = "", boundaries: str = "") -> Comparison:
    """The provinces' plans side by side, with their progress in `year`. The plans compared
    implement the 2021–2025 programme, on the legacy units: by default the latest year of the
    data on those units."""
    if len(provinces) < 2:
        raise ValueError("a comparison needs at least two provinces")
    if year and crit.units_of_year(int(year)) != "legacy":
        raise ValueError(f"the plans compared implement the 2021–2025 programme on the units until 30/6/2025; "
                         f"{year} is assessed on the units from 1/7/2025")
    req = request.resolve(list(provinces), year, data, boundaries, "legacy")
    ctxs = [workbook.open_request(dataclasses.replace(req, provinces=(p,))) for p in req.provinces]
    return Comparison(req.year, ctxs, [c.plan for c in ctxs], plans.national(req.year))


def title(cmp: Comparison) -> present.Header:
    return present.Header(f"So sánh kế hoạch thực hiện tiêu chí an ninh, trật tự: {' – '.join(cmp.names)}",
                          f"Các kế hoạch thực hiện {cmp.national.name}; tiến độ năm {cmp.year}", tuple(cmp.notices),
                          facts(", ".join(c.province.name for c in cmp.contexts), cmp.year,
                                cmp.contexts[0]._dataset.provenance))


IDENTITY_ROWS = (("Số hiệu", "number"), ("Ngày ban hành", "date"), ("Cơ quan ban hành", "issuer"),
                 ("Người ký", "signer"), ("Căn cứ", "basis"), ("Hướng dẫn áp dụng", "guidance"),
                 ("Thời kỳ", "period"), ("Mục tiêu", "targets"), ("Bản văn bản được đọc", "source"))


def _field(p: plan_schema.Plan, key: str) -> str:
    values = {
        "number": p.number, "date": f"{p.date:%d/%m/%Y}", "issuer": p.issuer,
        "signer": str(p.signer),
        "basis": "; ".join(p.legal_basis) or None, "guidance": "; ".join(p.guidance) or None,
        "period": f"{p.period.start}–{p.period.end}",
        "targets": f"{len(p.targets)} mục tiêu định lượng, {len(p.qualitative_targets)} mục tiêu định tính",
        "source": None if p.source is None else "đầy đủ" if p.source.complete else
                  "không đầy đủ" + (": thiếu " + ", ".join(p.source.missing) if p.source.missing else ""),
    }
    return values[key]


def identity(cmp: Comparison) -> pd.DataFrame:
    """The plans' identities side by side, with the national programme."""
    cols = {c.province.short_name: p for c, p in zip(cmp.contexts, cmp.plans)}
    cols[cmp.national.name] = cmp.national
    df = pd.DataFrame([{"Thông tin": label, **{name: _field(p, key) for name, p in cols.items()}}
                       for label, key in IDENTITY_ROWS])
    return present.table(df, "Thông tin văn bản")


def targets(cmp: Comparison) -> pd.DataFrame:
    """The targets side by side with the national ones, differences highlighted and stated."""
    table = plan_compare.compare(cmp.plans, cmp.national)
    data = {f"Mục tiêu {cmp.national.name}": [r + (" *" if u else "") for r, u in
                                             zip(table["reference"], table["reference_unconfirmed"])]}
    for name, p in zip(cmp.names, cmp.plans):
        data[name] = [t if t != "–" else None for t in table[p.id]]
        data[f"{name}: so với {cmp.national.short_number}"] = [plan_compare.diff_label(d, cmp.national)
                                                               for d in table[f"{p.id}:diff"]]
    data["Có khác biệt"] = [any(table[f"{p.id}:diff"].iloc[i] not in ("same", "absent") for p in cmp.plans)
                           for i in range(len(table))]
    df = pd.DataFrame(data)
    notes = []
    if any(table["reference_unconfirmed"].map(bool)):
        notes.append(f"* Mục tiêu của {cmp.national.name} lấy theo bài tóm tắt trên cổng thông tin nông thôn mới "
                     "(nguồn ghi trong tệp kế hoạch quốc gia của công cụ); câu chữ, cách so sánh chưa đối chiếu được "
                     "với văn bản gốc.")
    notes.append("Các khác biệt tìm thấy:")
    return present.table(df, f"Mục tiêu của các kế hoạch so với {cmp.national.name} (dòng tô màu: có khác biệt)",
                         csv=f"so-sanh-muc-tieu-{'-'.join(c.province.slug for c in cmp.contexts)}.csv",
                         flag={"column": "Có khác biệt", "true": True}, hidden=["Có khác biệt"], notes=notes,
                         bullets=plan_compare.differences(cmp.plans, cmp.national))


def progress(cmp: Comparison) -> present.Columns:
    """Each province against its own targets, in the same year."""
    items = []
    for ctx, plan in zip(cmp.contexts, cmp.plans):
        rows = ctx.progress(cmp.year).to_dict("records")
        tmap = {t.id: t for t in plan.targets}
        df = pd.DataFrame({
            "Mục tiêu": [r["target"] for r in rows],
            f"Thực tế {cmp.year}": [r["actual_text"] for r in rows],
            "Còn thiếu": [r["gap_text"] or None for r in rows],
            "Tình trạng": [r["target_status_label"] for r in rows],
            SOURCE_COLUMN: [f"“{tmap[r['target_id']].source}”" for r in rows],
        })
        items.append((f"{ctx.province.name} — {plan.name}",
                      present.table(df, f"Tiến độ thực hiện các mục tiêu, năm {cmp.year}", flag={"column": "Tình trạng", "not_in": [plan_progress.STATUS_LABELS[m] for m in plan_progress.MET]},
                                    csv=f"tien-do-{ctx.province.slug}-{cmp.year}.csv")))
    items[-1] = (items[-1][0], [items[-1][1], present.text(plan_wording.METHOD_TEXT, note=True)])
    return present.Columns(tuple(items))


def side_maps(cmp: Comparison) -> present.Columns:
    """The provinces' maps side by side, each with its static image for printing."""
    return present.Columns(tuple((ctx.province.name, status_map(ctx, height=560)) for ctx in cmp.contexts))


def tasks(cmp: Comparison) -> present.Columns:
    """Task groups, agency assignments and reporting obligations side by side."""
    items = []
    for ctx, plan in zip(cmp.contexts, cmp.plans):
        groups = [f"{g.section}. {g.title}" if g.section else g.title for g in plan.task_groups] or ["(không có trong bản văn bản được đọc)"]
        assign = pd.DataFrame({
            "Cơ quan": [a.agency for a in plan.assignments],
            "Vai trò": [plan_schema.ROLE_LABELS.get(a.role) for a in plan.assignments],
            "Nhiệm vụ": ["; ".join(a.tasks) for a in plan.assignments],
        })
        rep = [f"{r.reporter} → {r.recipient}: {plan_schema.FREQUENCY_LABELS[r.frequency]}"
               + (f", {r.due}" if r.due else "") for r in plan.reporting] \
            or ["(không có trong bản văn bản được đọc)"]
        missing = plan.source.missing if plan.source else ()
        parts = [present.text("Nhóm nhiệm vụ:", bullets=groups),
                 present.table(assign, "Phân công") if len(assign) else present.text("Phân công: –"),
                 present.text("Chế độ báo cáo:", bullets=rep)]
        if missing:
            parts.append(present.text("Bản văn bản được đọc bị cắt: thiếu " + ", ".join(missing) + ".", note=True))
        items.append((ctx.province.name, parts))
    return present.Columns(tuple(items))


def provenance(cmp: Comparison, values: dict) -> present.Provenance:
    plans_used = "; ".join(f"{p.name}: {Path(p.path).name}" for p in cmp.plans + [cmp.national])
    return present.Provenance(present.parameters(values), cmp.contexts[0]._dataset.provenance,
                              cmp.contexts[0]._boundary_source, (f"Kế hoạch (tệp dữ liệu): {plans_used}",))
