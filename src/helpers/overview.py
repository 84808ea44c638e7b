"""The sections of the national overview report (notebook 03): every province on one map,
ranked, with a link to each province's own report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import attainment, charts, gazetteer, labels, maps, national, plans, report, workbook
from .paths import maps_dir, resolve

VIEWS = [{"id": "basic", "label": "Tỷ lệ xã đạt chỉ tiêu 19.2", "grade": "basic"},
         {"id": "advanced", "label": "Tỷ lệ xã đạt chỉ tiêu 19.2 nâng cao", "grade": "advanced"}]


@dataclass
class National:
    overview: national.Overview
    linked: list[str]  # slugs of the provinces whose reports exist alongside this one

    @property
    def year(self) -> int:
        return self.overview.year

    @property
    def vintage(self) -> str:
        return self.overview.vintage

    @property
    def units_label(self) -> str:
        return " (đơn vị hành chính từ 01/7/2025)" if self.vintage == "2025" else ""

    @property
    def notices(self) -> list[str]:
        return labels.notices(self.overview.dataset.illustrative, labels.APPROXIMATE_PROVINCES_NOTICE, self.vintage)

    @property
    def map_name(self) -> str:
        return f"national{'-v2025' if self.vintage == '2025' else ''}-{self.year}.html"

    def report_name(self, slug: str) -> str | None:
        """The report of a province in the same folder as this one, if this build made it."""
        return workbook.output_name(slug, self.vintage, self.year) if slug in self.linked else None


def load(year: int | None = None, data: str = "", vintage_: str = "legacy",
         provinces: list[str] | None = None) -> National:
    """The national picture of `year` from `data` (the demo data by default, covering every
    province); `provinces`: the provinces whose reports this build wrote, to link them."""
    if vintage_ not in gazetteer.VINTAGES:
        raise ValueError(f"unknown vintage {vintage_!r}: expected legacy or 2025")
    legacy = tuple(gazetteer.provinces()["slug"])
    dataset = workbook.load_dataset(str(resolve(data)) if data else "", legacy)
    linked = gazetteer.expand(list(provinces or []), vintage_)
    return National(national.overview(year, dataset, vintage_), linked)


def title(nat: National) -> report.Fragment:
    n = len(nat.overview.table)
    return report.header(f"Tiêu chí an ninh, trật tự trong xây dựng nông thôn mới — toàn quốc{nat.units_label}",
                         f"Tỷ lệ xã đạt chỉ tiêu 19.2 của {n} tỉnh, thành phố, năm {nat.year}", nat.notices)


def _lines(row) -> list[str]:
    """Tooltip lines of a province in a year."""
    if not row.has_data:
        return ["Không có số liệu năm này."]
    out = [f"Đạt 19.2: {attainment.fraction(int(row.basic), int(row.xa))}",
           f"Đạt 19.2 nâng cao: {attainment.fraction(int(row.advanced), int(row.xa))}",
           f"Xếp hạng theo tỷ lệ đạt 19.2: {int(row.rank)}"]
    if pd.notna(row.crimes):
        change = (f" ({report.number(row.crimes_change_pct)}% so với năm {national.BASELINE_YEAR})"
                  if pd.notna(row.crimes_change_pct) else "")
        out.append(f"Số vụ phạm tội về TTXH: {report.number(row.crimes, 0)}{change}")
    out.append("Kế hoạch riêng của tỉnh" if row.own_plan else "Đo theo mục tiêu của Quyết định 926/QĐ-TTg")
    return out


def map_properties(nat: National) -> pd.DataFrame:
    """Feature properties of each province: code, name, href, and per year the share class of
    each view and the tooltip lines."""
    years: dict[str, dict[str, dict]] = {}
    for y, table in sorted(nat.overview.history.items()):
        for row in table.itertuples(index=False):
            years.setdefault(row.code, {})[str(y)] = {
                "c": {v["id"]: national.share_class(getattr(row, f"{v['grade']}_pct"), v["grade"]) for v in VIEWS},
                "t": _lines(row)}
    t = nat.overview.table
    hrefs = [f"../reports/{n}" if (n := nat.report_name(s)) else None for s in t["slug"]]
    return pd.DataFrame({"code": t["code"], "name": t["name"], "label": t["short_name"], "href": hrefs,
                         "years": [years.get(c, {}) for c in t["code"]]})


def country_map(nat: National, out: str | Path | None = None, height: int = 760) -> report.Fragment:
    """The map of provinces (saved to maps/national-<year>.html), a static image of it for
    printing, and its table."""
    ov = nat.overview
    config = maps.share_config(VIEWS, sorted(ov.history), nat.year,
                               [f"Toàn quốc{nat.units_label} — năm {nat.year}"] + nat.notices)
    m = maps.share_map(ov.shapes, map_properties(nat), config)
    page = maps.render(m)
    path = maps.write_atomic(maps_dir(out) / nat.map_name, page)
    frame = maps.embed(page, height=height).data
    t = ov.table
    classes = pd.DataFrame({"code": t["code"], "class": [national.share_class(p, "basic") for p in t["basic_pct"]]})
    order = labels.SHARE_CLASSES["basic"] + [labels.STATUSES[labels.NO_DATA]]
    png = charts.classes_map_png(ov.shapes, classes, order, ov.shapes, f"Tỷ lệ xã đạt chỉ tiêu 19.2, năm {nat.year}",
                                 nat.notices, outline_width=0.4)
    static = report.image(png, f"Bản đồ tỷ lệ xã đạt chỉ tiêu 19.2 theo tỉnh, năm {nat.year}",
                          cls="antt-figure antt-map-static")
    note = report.paragraph(f"Bản đồ riêng: maps/{path.name}. Bấm vào một tỉnh để mở báo cáo của tỉnh. "
                            "Chọn lớp «19.2 nâng cao» hoặc năm khác ở góc phải bản đồ.", "antt-note")
    return report.Fragment(frame + str(static) + str(note))


def ranking(nat: National) -> report.Fragment:
    """Provinces ranked by their share of xã attaining 19.2 (then the advanced share), with a
    link to each province's report."""
    t = nat.overview.table
    df = pd.DataFrame({
        "Hạng": [("–" if pd.isna(r) else int(r)) for r in t["rank"]],
        "Tỉnh, thành phố": t["name"],
        "Đạt 19.2": [attainment.fraction(int(b), int(x)) if ok else "không có số liệu"
                     for b, x, ok in zip(t["basic"], t["xa"], t["has_data"])],
        "Đạt 19.2 nâng cao": [attainment.fraction(int(a), int(x)) if ok else "–"
                              for a, x, ok in zip(t["advanced"], t["xa"], t["has_data"])],
        f"Vụ phạm tội về TTXH {nat.year}": [report.number(v, 0) for v in t["crimes"]],
        f"So với {national.BASELINE_YEAR}": [("–" if pd.isna(v) else report.number(v) + "%") for v in t["crimes_change_pct"]],
        "Mục tiêu": ["Kế hoạch của tỉnh" if o else "Quyết định 926/QĐ-TTg" for o in t["own_plan"]],
    })
    reports = [nat.report_name(s) for s in t["slug"]]
    links = {"Tỉnh, thành phố": pd.Series(reports, dtype=object)}
    below = t["has_data"] & (t["basic_pct"] < 99)
    linked = sum(n is not None for n in reports)
    intro = report.paragraph(
        f"Xếp hạng {int(t['has_data'].sum())} tỉnh, thành phố có số liệu theo tỷ lệ xã đạt chỉ tiêu 19.2 "
        f"(mẫu số: số xã; phường, thị trấn không tính), rồi theo tỷ lệ đạt 19.2 nâng cao. "
        f"Dòng tô màu: dưới 99%. Báo cáo của {linked} tỉnh có trong lần tạo này (bấm tên tỉnh để mở).")
    table = report.table(df, f"Xếp hạng các tỉnh, thành phố, năm {nat.year}",
                         csv_name=f"xep-hang-{nat.year}.csv", highlight=below.reset_index(drop=True), links=links)
    return report.Fragment(str(intro) + str(table))


def totals(nat: National) -> report.Fragment:
    """The country's totals: xã, attaining basic and advanced 19.2, crimes against 2019."""
    t = nat.overview.table[nat.overview.table["has_data"]]
    xa, b, a = int(t["xa"].sum()), int(t["basic"].sum()), int(t["advanced"].sum())
    crimes, base = t["crimes"].sum(), t["crimes_2019"].sum()
    rows = [("Tỉnh, thành phố có số liệu", f"{len(t)}/{len(nat.overview.table)}"),
            ("Xã đạt chỉ tiêu 19.2", attainment.fraction(b, xa)),
            ("Xã đạt chỉ tiêu 19.2 nâng cao", attainment.fraction(a, xa)),
            (f"Số vụ phạm tội về TTXH năm {nat.year}", report.number(crimes, 0)),
            (f"So với năm {national.BASELINE_YEAR}",
             report.number((crimes - base) / base * 100) + "%" if base else "–")]
    df = pd.DataFrame(rows, columns=["Chỉ số", "Giá trị"])
    return report.table(df, f"Toàn quốc, năm {nat.year}", csv_name=f"toan-quoc-{nat.year}.csv")


def plans_used(nat: National) -> report.Fragment:
    """Which provinces are measured against their own plan, and which against 926/QĐ-TTg."""
    t = nat.overview.table
    own = sorted(t.loc[t["own_plan"], "short_name"])
    nat926 = plans.national()
    return report.paragraph(
        f"{len(own)} tỉnh có tệp kế hoạch riêng trong công cụ ({', '.join(own) or 'chưa có'}); "
        f"{len(t) - len(own)} tỉnh còn lại được đo theo các mục tiêu của {nat926.name} ngày "
        f"{nat926.date:%d/%m/%Y}, cho đến khi kế hoạch của tỉnh được nhập (lệnh antt extract-plan).")


def provenance(nat: National, parameters: dict) -> report.Fragment:
    return report.footer(parameters, nat.overview.dataset.provenance, labels.APPROXIMATE_PROVINCES_NOTICE)
