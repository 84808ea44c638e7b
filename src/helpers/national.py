"""The sections of the national overview report (notebook 03): every province on one map,
ranked, with a link to each province's own report."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import pandas as pd

from . import (
    charts,
    formats,
    gazetteer,
    labels,
    maps,
    overview,
    plans,
    present,
    request,
    territory,
    vintage,
)
from . import criteria as crit
from .output_names import output_name
from .sections import facts

GRADES = ("basic", "advanced")


def views(c: crit.Criteria) -> list[dict]:
    """The map's views: the share of xã attaining each grade of the set's commune indicator."""
    return [{"id": g, "label": f"Tỷ lệ xã đạt chỉ tiêu {c.named(g)}", "grade": g} for g in GRADES]


@dataclass
class National:
    overview: overview.Overview
    linked: list[str]  # slugs of the provinces whose reports exist alongside this one
    review: pd.DataFrame | None = None  # overview.final_review, by province of the vintage (code, met, measured)
    review_period: tuple[int, int] | None = None  # the period it reviews

    @property
    def year(self) -> int:
        return self.overview.year

    @property
    def vintage(self) -> str:
        return self.overview.vintage

    @property
    def criteria(self) -> crit.Criteria:
        return self.overview.request.criteria

    @property
    def units_label(self) -> str:
        return vintage.units_label(self.vintage, self.year)

    @property
    def notices(self) -> list[str]:
        return labels.notices(self.overview.dataset.illustrative, labels.APPROXIMATE_PROVINCES_NOTICE, self.vintage,
                              criteria=self.criteria.notice,
                              carried_history=crit.units_of_year(self.year) == self.vintage)

    def report_name(self, slug: str) -> str | None:
        """The report of a province in the same folder as this one, if this build made it."""
        return output_name(slug, self.vintage, self.year) if slug in self.linked else None


def load(year: int | None = None, data: str = "", vintage_: str | None = None,
         provinces: list[str] | None = None) -> National:
    """The national picture of `year` from `data` (the demo data by default, covering every
    province); `provinces`: the provinces whose reports this build wrote, to link them.
    `vintage_`: the units ("legacy" or "2025"); by default, those the year is assessed on."""
    req = request.resolve(request.NATIONAL, year, data, vintage=vintage_)
    dataset = req.dataset()
    linked = gazetteer.expand(list(provinces or []), req.units)
    ov = overview.compute(req)
    period = crit.reviewed_period(ov.year, dataset.years())
    review = _review(dataset, period, req.units, ov.statuses if req.units == "legacy" else None) if period else None
    return National(ov, linked, review, period)


def _review(dataset, period: tuple[int, int], vintage_: str, statuses: dict | None = None) -> pd.DataFrame:
    """The final review by province of the vintage: a new province sums its former ones
    (`statuses`: the legacy communes' statuses by year, where already computed)."""
    r = overview.final_review(dataset, period, statuses)
    if vintage_ == "legacy":
        return r.assign(code=[gazetteer.province(s).code for s in r["slug"]])
    r["code"] = [gazetteer.province(gazetteer.successor(s), "2025").code for s in r["slug"]]
    return r.groupby("code", as_index=False)[["met", "measured"]].sum()


def title(nat: National) -> present.Header:
    n = len(nat.overview.table)
    return present.Header(f"Tiêu chí an ninh, trật tự trong xây dựng nông thôn mới — toàn quốc{nat.units_label}",
                          f"Tỷ lệ xã đạt chỉ tiêu {nat.criteria.named()} của {n} tỉnh, thành phố, năm {nat.year}",
                          tuple(nat.notices),
                          facts(f"Toàn quốc ({n} tỉnh, thành phố)", nat.year, nat.overview.dataset.provenance))


def _lines(row, c: crit.Criteria) -> list[str]:
    """Tooltip lines of a province in a year (names from that year's criteria set `c`)."""
    if not row.has_data:
        return ["Không có số liệu năm này."]
    out = [f"Đạt {c.named('basic')}: {formats.fraction(int(row.basic), int(row.xa))}",
           f"Đạt {c.named('advanced')}: {formats.fraction(int(row.advanced), int(row.xa))}",
           f"Xếp hạng theo tỷ lệ đạt {c.named('basic')}: {int(row.rank)}"]
    if pd.notna(row.crimes):
        change = (f" ({formats.number(row.crimes_change_pct)}% so với năm {overview.baseline_year(row.year)})"
                  if pd.notna(row.crimes_change_pct) else "")
        out.append(f"Số vụ phạm tội về TTXH: {formats.number(row.crimes, 0)}{change}")
    out.append("Kế hoạch riêng của tỉnh" if row.own_plan else f"Đo theo mục tiêu của {plans.national(row.year).name}")
    return out


def map_properties(nat: National) -> pd.DataFrame:
    """Feature properties of each province: code, name, href, and per year the share class of
    each view and the tooltip lines."""
    years: dict[str, dict[str, dict]] = {}
    for y, table in sorted(nat.overview.history.items()):
        c = crit.for_year(y)
        for row in table.itertuples(index=False):
            years.setdefault(row.code, {})[str(y)] = {
                "c": {g: overview.share_class(getattr(row, f"{g}_pct"), g) for g in GRADES},
                "t": _lines(row, c)}
    t = nat.overview.table
    hrefs = [f"../reports/{n}" if (n := nat.report_name(s)) else None for s in t["slug"]]
    return pd.DataFrame({"code": t["code"], "name": t["name"], "label": t["short_name"], "href": hrefs,
                         "years": [years.get(c, {}) for c in t["code"]]})


def country_map(nat: National, height: int = 760) -> folium.Map:
    """The map of provinces, with a static image of it for printing."""
    ov = nat.overview
    config = maps.share_config(views(nat.criteria), sorted(ov.history), nat.year,
                               [f"Toàn quốc{nat.units_label} — năm {nat.year}"] + nat.notices)
    m = maps.share_map(ov.shapes, map_properties(nat), config, vintage=nat.vintage)
    t = ov.table
    classes = pd.DataFrame({"code": t["code"], "class": [overview.share_class(p, "basic") for p in t["basic_pct"]]})
    order = labels.SHARE_CLASSES["basic"] + [labels.STATUSES[labels.NO_DATA]]
    names = maps.label_properties(ov.shapes).merge(t[["code", "short_name"]].rename(columns={"short_name": "name"}),
                                                   on="code", how="inner")
    short = nat.criteria.named()
    fig = charts.classes_map_figure(ov.shapes, classes, order, ov.shapes, f"Tỷ lệ xã đạt chỉ tiêu {short}, năm {nat.year}",
                                    nat.notices, outline_width=0.4, names=names,
                                    islands=territory.features(nat.vintage), height_in=charts.COUNTRY_MAP_HEIGHT_IN)
    return maps.for_print(m, fig, f"Bản đồ tỷ lệ xã đạt chỉ tiêu {short} theo tỉnh, năm {nat.year}",
                          title=f"Bản đồ toàn quốc, năm {nat.year}", height=height)


def ranking(nat: National) -> pd.DataFrame:
    """Provinces ranked by their share of xã attaining the basic indicator (then the advanced share), with a
    link to each province's report."""
    t = nat.overview.table
    has = t["has_data"]
    b, a = nat.criteria.named("basic"), nat.criteria.named("advanced")
    df = pd.DataFrame({
        "Hạng": t["rank"].astype("Int64"),
        "Tỉnh, thành phố": t["name"],
        "Số xã": t["xa"].where(has).astype("Int64"),
        f"Đạt {b}": t["basic"].where(has).astype("Int64"),
        f"Tỷ lệ đạt {b} (%)": t["basic_pct"].astype("Float64"),
        f"Đạt {a}": t["advanced"].where(has).astype("Int64"),
        f"Tỷ lệ đạt {a} (%)": t["advanced_pct"].astype("Float64"),
        f"Vụ phạm tội về TTXH {nat.year}": t["crimes"].astype("Int64"),
        f"So với {overview.baseline_year(nat.year)} (%)": t["crimes_change_pct"].astype("Float64"),
        "Mục tiêu": ["Kế hoạch của tỉnh" if o else None for o in t["own_plan"]],
        **_review_column(nat),
        "Báo cáo": [nat.report_name(s) for s in t["slug"]],
    })
    target = overview.share_target(nat.year)
    below = f"Dưới {formats.number(target, 0)}%" if target is not None else None
    if below:
        df[below] = has & (t["basic_pct"] < target)
    linked = int(df["Báo cáo"].notna().sum())
    notes = [f"Cột “Mục tiêu”: “Kế hoạch của tỉnh” khi công cụ có tệp kế hoạch riêng của tỉnh; “–”: tiến độ đo theo "
             f"{plans.national(nat.year).name}."]
    notes += [] if nat.review is None else [
        f"{review_header(nat)}: số mục tiêu tỉnh đạt ở thời hạn {nat.review_period[1]} trên số mục tiêu đo được"
        + ("; tỉnh từ 01/7/2025 cộng các tỉnh cũ hợp thành." if nat.vintage == "2025" else ".")]
    return present.table(
        df, f"Xếp hạng các tỉnh, thành phố, năm {nat.year}", csv=f"xep-hang-{nat.year}.csv",
        flag={"column": below, "true": True} if below else None, links={"Tỉnh, thành phố": "Báo cáo"},
        hidden=["Báo cáo"] + ([below] if below else []), notes=notes,
        intro=f"Xếp hạng {int(has.sum())} tỉnh, thành phố có số liệu theo tỷ lệ xã đạt chỉ tiêu {b} (mẫu số: số xã; "
              f"{nat.criteria.not_applicable} không tính), rồi theo tỷ lệ đạt {a}."
              + (f" Dòng tô màu: {below.lower()} (mục tiêu của {plans.national(nat.year).name})." if below else "")
              + f" Báo cáo của {linked} tỉnh có trong lần tạo này (bấm tên tỉnh để mở).")


def review_header(nat: National) -> str:
    start, end = nat.review_period
    return f"Tổng kết {start}–{end}: mục tiêu {plans.national(end).name} đã đạt"


def _review_column(nat: National) -> dict:
    """The ranking's column of the final review: targets met of those measurable ("2/5")."""
    if nat.review is None:
        return {}
    r = nat.review.set_index("code")
    return {review_header(nat): [f"{int(r.at[c, 'met'])}/{int(r.at[c, 'measured'])}" if c in r.index and
                                 r.at[c, "measured"] else None for c in nat.overview.table["code"]]}


def totals(nat: National) -> pd.DataFrame:
    """The country's totals: xã, attaining the basic and the advanced indicator, crimes against 2019."""
    t = nat.overview.table[nat.overview.table["has_data"]]
    xa, b, a = int(t["xa"].sum()), int(t["basic"].sum()), int(t["advanced"].sum())
    crimes, base = t["crimes"].sum(), t["crimes_2019"].sum()
    df = pd.DataFrame([
        {"Chỉ số": "tỉnh, thành phố có số liệu", "Số lượng": len(t), "Trên tổng số": len(nat.overview.table), "Đơn vị tính": "tỉnh"},
        {"Chỉ số": f"xã đạt chỉ tiêu {nat.criteria.named('basic')}", "Số lượng": b, "Trên tổng số": xa,
         "Đơn vị tính": "xã"},
        {"Chỉ số": f"xã đạt chỉ tiêu {nat.criteria.named('advanced')}", "Số lượng": a, "Trên tổng số": xa,
         "Đơn vị tính": "xã"},
        {"Chỉ số": f"vụ phạm tội về trật tự xã hội năm {nat.year}", "Số lượng": int(crimes), "Trên tổng số": None, "Đơn vị tính": "vụ"},
    ], columns=list(present.KPI_COLUMNS)).astype({"Trên tổng số": "Int64"})
    change = f"{formats.number((crimes - base) / base * 100)}%" if base else "–"
    return present.table(df, kind="kpis", notes=[f"Số vụ phạm tội về trật tự xã hội so với năm "
                                                 f"{overview.baseline_year(nat.year)}: {change}."])


def plans_used(nat: National) -> present.Text:
    """Which provinces are measured against their own plan, and which against the national programme."""
    t = nat.overview.table
    own = sorted(t.loc[t["own_plan"], "short_name"])
    programme = plans.national(nat.year)
    return present.text(
        f"{len(own)} tỉnh có tệp kế hoạch riêng trong công cụ ({', '.join(own) or 'chưa có'}); "
        f"{len(t) - len(own)} tỉnh còn lại được đo theo các mục tiêu của {programme.name} ngày "
        f"{programme.date:%d/%m/%Y}, cho đến khi kế hoạch của tỉnh được nhập vào công cụ.")


def provenance(nat: National, values: dict) -> present.Provenance:
    return present.Provenance(present.parameters(values), nat.overview.dataset.provenance,
                              labels.APPROXIMATE_PROVINCES_NOTICE)
