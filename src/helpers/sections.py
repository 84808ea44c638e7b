"""The sections of the province report (notebook 01), each a data object.

Every function takes a loaded `workbook.ProvinceYear` and returns what the notebook displays
and the report shows: a DataFrame (Vietnamese headers, numbers as numbers, described by
helpers.present.table), a folium.Map, a matplotlib Figure or a text block. The frames are
made from the ProvinceYear's own tidy frames (its analyst API); nothing here writes a file.
"""

from __future__ import annotations

import folium
import pandas as pd
from matplotlib.figure import Figure

from . import (
    attainment,
    charts,
    formats,
    gazetteer,
    geometry,
    labels,
    maps,
    path_to_target,
    plan_wording,
    plans,
    present,
    render,
    territory,
)
from . import criteria as crit
from .commune_history import matrix
from .labels import BASIC, NO_DATA, NOT_APPLICABLE, NOT_ATTAINED, SOURCE_COLUMN, STATUSES, XA
from .path_to_target import GRADES
from .plan_progress import MET, REVIEW_LABELS, STATUS_LABELS
from .records import NTM_STATUS_LABELS
from .stability import LOST
from .workbook import ProvinceYear

CRIME_HEADER = "Số vụ phạm tội về TTXH"
REASONS_HEADER = "Điều kiện chưa đạt"


def _code(grade: str, ctx: ProvinceYear | None = None, year: int | None = None) -> str:
    """How a reader names the commune indicator of a grade in a year: the short name the criteria set in
    force gives, marked "(tạm thời)" where the indicator is provisional (so every card, caption and column
    header that shows a figure of it carries the mark)."""
    if ctx is not None:
        return ctx._criteria_of(year or ctx.year).named(grade)
    return crit.for_year(year or crit.DEFAULT_YEAR).named(grade)


def _slug(ctx: ProvinceYear) -> str:
    return ctx._map_name.removesuffix(".html")


def _indicators(ctx: ProvinceYear) -> str:
    """The indicators a report is about, as its subtitle names them."""
    c = ctx.criteria
    out = f"{c.named('basic')} (xã)"
    if "district" in c.levels and ctx.vintage == "legacy":
        out += f" và {c.short('basic', 'district')}, {c.short('advanced', 'district')} (huyện)"
    return out


def title(ctx: ProvinceYear) -> present.Header:
    """The report's cover: title, headline (helpers.sections.headline), particulars, notices."""
    return present.Header(f"Tiêu chí an ninh, trật tự trong xây dựng nông thôn mới — {ctx.province.name}",
                          f"Kết quả thực hiện chỉ tiêu {_indicators(ctx)}, năm {ctx.year}",
                          tuple(ctx._notices), facts(ctx.province.name, ctx.year, ctx._dataset.provenance),
                          lead=headline(ctx).paragraphs)


def facts(place: str, year: int, data: str) -> tuple[tuple[str, str], ...]:
    """The particulars a printed report opens with."""
    c = crit.for_year(year)
    return (("Địa bàn", place), ("Năm đánh giá", str(year)),
            ("Bộ tiêu chí", f"{c.title} ({c.legal_reference})" + (" — có chỉ tiêu tạm thời" if c.unconfirmed else "")),
            ("Nguồn số liệu", data), ("Thời điểm lập", render.format_time(render.build_time())))


# ---------------------------------------------------------------- the outline

# The report's sections in order (key, heading); {basic}, {district} are the indicators' names in
# the year's criteria set, {baseline} the crime baseline year, {review} the period reviewed. A leader
# reads the result and what to act on first (issue 24); the per-commune detail is an annex, folded
# on screen and printed from a new page.
OUTLINE = (
    ("map", "Bản đồ các xã theo mức đạt chỉ tiêu {basic}"),
    ("rates", "Tỷ lệ xã đạt chỉ tiêu {basic}"),
    ("plan", "Tiến độ thực hiện kế hoạch"),
    ("review", "Tổng kết giai đoạn {review}"),
    ("path", "Còn thiếu bao nhiêu xã để đạt mục tiêu, và xã nào gần đạt nhất"),
    ("failing", "Các xã chưa đạt và lý do"),
    ("district", "Chỉ tiêu cấp huyện {district}"),
    ("crime", "Tội phạm về trật tự xã hội so với năm {baseline}"),
    ("series", "Kết quả qua các năm, trước và sau sắp xếp đơn vị hành chính"),
    ("stability", "Giữ vững kết quả qua các năm"),
    ("history", "Lịch sử đánh giá từng xã"),
)
ANNEX = ("history",)  # sections after the report's body, headed "Phụ lục"


def outline(ctx: ProvinceYear) -> list[tuple[str, str]]:
    """The sections this report has (key, heading; the body numbered, the annex lettered): the
    district section only where the year's criteria set has a district level and the units have
    districts; the series across the reorganisation only on the 2025 units; the final review of
    the programme that ended only in a report of its last year or later."""
    c = ctx.criteria
    have = {"district": "district" in c.levels and ctx.vintage == "legacy",
            "series": ctx.vintage == "2025" and any(ctx._criteria_of(y).units != "2025" for y in ctx.years),
            "review": ctx._reviewed_period is not None}
    keys = [(k, h) for k, h in OUTLINE if have.get(k, True)]
    fill = {"basic": c.named("basic"), "baseline": ctx._crime_baseline,
            "district": " và ".join(i.short for i in c.for_level("district")),
            "review": "–".join(map(str, ctx._reviewed_period or ()))}
    body = [(k, h) for k, h in keys if k not in ANNEX]
    annex = [(k, h) for k, h in keys if k in ANNEX]
    return [(k, f"{n}. {h.format(**fill)}") for n, (k, h) in enumerate(body, 1)] + \
        [(k, f"Phụ lục {chr(ord('A') + n)}. {h.format(**fill)}") for n, (k, h) in enumerate(annex)]


def heading(ctx: ProvinceYear, key: str) -> present.Heading | present.Text:
    """A section's numbered heading, or nothing when the report leaves the section out."""
    for k, text in outline(ctx):
        if k == key:
            return present.Heading(text, annex=k in ANNEX)
    if key not in dict(OUTLINE):
        raise KeyError(f"unknown section {key!r}: one of {', '.join(k for k, _ in OUTLINE)}")
    return present.text()


def intro(ctx: ProvinceYear) -> present.Text:
    """What the report holds, and the criteria set it assesses against."""
    c = ctx.criteria
    named = {True: [], False: []}  # in the annex or not: the headings without their number, in lower case
    for k, h in outline(ctx):
        part = h.split(". ", 1)[1]
        named[k in ANNEX].append(part[0].lower() + part[1:])
    text = "Báo cáo gồm: " + "; ".join(named[False]) + "."
    if named[True]:
        text += " Phụ lục: " + "; ".join(named[True]) + "."
    basis = f"Chỉ tiêu được đánh giá theo {c.title} ({c.legal_reference})."
    if c.unconfirmed:
        basis += " Chỉ tiêu an ninh, trật tự của bộ tiêu chí này là chỉ tiêu tạm thời (xem lưu ý ở đầu báo cáo)."
    return present.text(text, basis)


# ---------------------------------------------------------------- the map

def status_map(ctx: ProvinceYear, height: int = 640) -> folium.Map:
    """The interactive map of the communes (every year of the data, every view), with a static
    image of this year for printing."""
    dissolved = geometry.dissolve_districts(ctx._geo) if ctx._districts_geo is None else None  # once, for both maps
    m = maps.status_map(ctx._geo, ctx._history, ctx.year, title=ctx._title, notices=ctx._notices,
                        districts=ctx._districts, districts_geo=ctx._districts_geo, province_code=ctx.province.code,
                        vintage=ctx.vintage, island_codes=ctx._island_codes, dissolved=dissolved)
    outlines = ctx._districts_geo if ctx._districts_geo is not None else \
        dissolved.rename(columns={"district_code": "code"})
    names = maps.label_properties(outlines).merge(ctx._districts[["code", "short_name"]].rename(
        columns={"short_name": "name"}).astype({"code": str}), on="code", how="inner")
    fig = charts.status_map_figure(ctx._geo, ctx._status, outlines, ctx._title, ctx._notices, names=names,
                                   islands=territory.features(ctx.vintage, ctx.province.code),
                                   island_codes=ctx._island_codes, criteria=ctx.criteria)
    return maps.for_print(m, fig, f"Bản đồ mức đạt chỉ tiêu {_code('basic', ctx)}, {ctx.province.name}, năm {ctx.year}",
                          title=f"Bản đồ {ctx.province.name}, năm {ctx.year}", height=height)


def map_table(ctx: ProvinceYear) -> pd.DataFrame:
    """Every commune on the map with its status: the map's data as a table."""
    c = ctx.communes()
    c = c[c["year"] == ctx.year]
    df = pd.DataFrame({
        "Mã": c["code"], "Đơn vị": c["name"], ctx._group_label: c["district_name"],
        "Tình trạng": c["status_label"], REASONS_HEADER: c["reasons"],
        CRIME_HEADER: c["crime_cases"].astype("Int64"),
    })
    return present.table(df, f"Số liệu của bản đồ: {{n}} đơn vị cấp xã, năm {ctx.year}",
                         csv=f"ban-do-{_slug(ctx)}.csv",
                         collapsed="Bảng số liệu của bản đồ ({n} đơn vị cấp xã)")


# ---------------------------------------------------------------- rates

def headline(ctx: ProvinceYear) -> present.Text:
    """The first thing a leader reads: the share of xã attaining this year, and where the
    province stands against its plan (how many targets met, ahead, on track, behind)."""
    t = attainment.rates(ctx._status, None).iloc[0]
    n = int(t["xa"])
    first = (f"Năm {ctx.year}: {formats.fraction(int(t['basic']), n)} đạt chỉ tiêu {_code('basic', ctx)}; "
             f"{formats.fraction(int(t['advanced']), n)} đạt chỉ tiêu {_code('advanced', ctx)}.")
    if int(t["no_data"]):
        first += f" {int(t['no_data'])} xã không có số liệu."
    if ctx.plan.kind == plans.NONE:
        return present.text(first)
    progress = ctx.progress()
    status = progress["target_status"].tolist()
    counts = [f"{status.count(k)} {STATUS_LABELS[k].lower()}" for k in STATUS_LABELS if status.count(k)]
    against = (f"So với {ctx.plan.name}" if progress["province"].nunique() <= 1 else
               f"So với kế hoạch của {progress['province'].nunique()} tỉnh cũ hợp thành tỉnh")
    second = (f"{against}: {len(status)} mục tiêu đo trong năm {ctx.year}, gồm " + ", ".join(counts)
              + " (chi tiết ở mục “Tiến độ thực hiện kế hoạch”).") if status else ""
    return present.text(first, second)


def summary(ctx: ProvinceYear) -> pd.DataFrame:
    """Key figures of the province (label, value, of, unit)."""
    t = attainment.rates(ctx._status, None).iloc[0]
    n = int(t["xa"])
    rows = [
        {"Chỉ số": f"xã đạt chỉ tiêu {_code('basic', ctx)}", "Số lượng": int(t["basic"]), "Trên tổng số": n,
         "Đơn vị tính": "xã"},
        {"Chỉ số": f"xã đạt chỉ tiêu {_code('advanced', ctx)}", "Số lượng": int(t["advanced"]),
         "Trên tổng số": n, "Đơn vị tính": "xã"},
        {"Chỉ số": f"chưa đạt chỉ tiêu {_code('basic', ctx)}", "Số lượng": int(t["not_attained"]), "Trên tổng số": None, "Đơn vị tính": "xã"},
    ]
    if int(t["no_data"]):
        rows.append({"Chỉ số": "không có số liệu", "Số lượng": int(t["no_data"]), "Trên tổng số": None, "Đơn vị tính": "xã"})
    na = int((ctx._status["status"] == NOT_APPLICABLE).sum())
    df = pd.DataFrame(rows, columns=list(present.KPI_COLUMNS)).astype({"Trên tổng số": "Int64"})
    return present.table(df, kind="kpis", notes=[
        f"Chỉ tính xã; {na} {ctx.criteria.not_applicable} không áp dụng bộ tiêu chí xã nông thôn mới và không được "
        "tính vào mẫu số."])


def district_rates(ctx: ProvinceYear) -> pd.DataFrame:
    """Xã attaining the basic and the advanced indicator in each district (or former province), and the total."""
    by = attainment.rates(ctx._status)
    total = attainment.rates(ctx._status, None).assign(district_name=f"Toàn tỉnh {ctx.province.short_name}")
    r = pd.concat([by, total], ignore_index=True)
    b, a = _code("basic", ctx), _code("advanced", ctx)
    df = pd.DataFrame({
        ctx._group_label: r["district_name"], "Số xã": r["xa"].astype(int),
        f"Đạt {b}": r["basic"].astype(int), f"Tỷ lệ đạt {b} (%)": r["basic_pct"].astype(float),
        f"Đạt {a}": r["advanced"].astype(int), f"Tỷ lệ đạt {a} (%)": r["advanced_pct"].astype(float),
        "Chưa đạt": r["not_attained"].astype(int), "Không có số liệu": r["no_data"].astype(int),
    })
    return present.table(df, f"Tỷ lệ xã đạt chỉ tiêu {b} theo {ctx._group_noun}, năm {ctx.year}",
                         csv=f"ty-le-xa-dat-{_slug(ctx)}.csv",
                         flag={"column": ctx._group_label, "in": [f"Toàn tỉnh {ctx.province.short_name}"]})


def district_indicators(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """The district indicators 9.4 and 9.1 and the NTM status of each district."""
    if ctx.vintage == "2025" or "district" not in ctx.criteria.levels:
        return present.text()  # no district level from 1 July 2025: the section is left out
    d = attainment.district_status(ctx._districts, ctx._dataset.districts, ctx.year)
    basic, advanced = ctx.criteria.for_level("district")
    df = pd.DataFrame({
        "Đơn vị cấp huyện": d["name"],
        f"Chỉ tiêu {basic.short}": d[basic.verdict_column].astype("boolean"),
        f"Chỉ tiêu {advanced.short} (nâng cao)": d[advanced.verdict_column].astype("boolean"),
        "Tình trạng nông thôn mới": [NTM_STATUS_LABELS.get(s) if isinstance(s, str) else None
                                     for s in d["ntm_status"]],
    })
    n = len(d)
    k_b = int(d[basic.verdict_column].fillna(False).astype(bool).sum())
    k_a = int(d[advanced.verdict_column].fillna(False).astype(bool).sum())
    return present.table(df, f"Chỉ tiêu an ninh, trật tự cấp huyện, năm {ctx.year}",
                         csv=f"cap-huyen-{_slug(ctx)}.csv", notes=[
                             f"Đạt {basic.short}: {formats.fraction(k_b, n, 'đơn vị cấp huyện')}; đạt {advanced.short}: "
                             f"{formats.fraction(k_a, n, 'đơn vị cấp huyện')}. Mẫu số là mọi đơn vị cấp huyện "
                             "(huyện, thị xã, thành phố thuộc tỉnh), như các kế hoạch ghi “đơn vị cấp huyện”."])


# ---------------------------------------------------------------- communes that fail

def failing_communes(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """The xã that do not attain the basic indicator (or have no data), each with its failing sub-conditions."""
    c = ctx.communes()
    bad = c[(c["year"] == ctx.year) & c["status"].isin([NOT_ATTAINED, NO_DATA]) & (c["type"] == XA)]
    if bad.empty:
        return present.text(f"Năm {ctx.year}, mọi xã đều đạt chỉ tiêu {_code('basic', ctx)}.")
    df = pd.DataFrame({
        "Mã xã": bad["code"], "Xã": bad["name"], ctx._group_label: bad["district_name"],
        "Tình trạng": bad["status_label"], REASONS_HEADER: bad["reasons"], "Ghi chú": bad["note"],
    })
    return present.table(df, f"Các xã chưa đạt chỉ tiêu {_code('basic', ctx)} năm {ctx.year} và lý do",
                         csv=f"xa-chua-dat-{_slug(ctx)}.csv")


def basic_only(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """How many basic-only xã fail each sub-condition of the advanced indicator."""
    st = ctx._status[ctx._status["status"] == BASIC]
    labels = [lab for f in st["next_failing"] for lab in attainment.failing_labels(f, ctx.criteria)]
    if not labels:
        return present.text()
    counts = pd.Series(labels).value_counts()
    df = pd.DataFrame({f"Điều kiện {_code('advanced', ctx)} chưa đạt": counts.index, "Số xã": counts.to_numpy()})
    return present.table(df, f"Vì sao {len(st)} xã mới đạt {_code('basic', ctx)} cơ bản chưa đạt {_code('advanced', ctx)}")


def carried(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """For 2025 units: how each new xã's verdict was carried from its predecessors."""
    from . import vintage

    if ctx.vintage != "2025" or ctx._carried is None or ctx.criteria.units == "2025":
        return present.text()  # a year assessed on the 2025 units themselves carries nothing
    d = ctx._carried[ctx._carried["year"] == ctx.year].set_index("code")
    st = ctx._status[ctx._status["type"] == XA]
    df = pd.DataFrame({
        "Xã mới": st["name"].to_numpy(),
        "Xã, phường, thị trấn cũ hợp thành": [d["predecessors"].get(c) for c in st["code"]],
        f"Số xã cũ đạt {_code('basic', ctx)}": pd.array([d["basic_attained"].get(c) for c in st["code"]], dtype="Int64"),
        "Số xã cũ": pd.array([d["xa"].get(c) for c in st["code"]], dtype="Int64"),
        "Kết quả quy đổi": st["status_label"].to_numpy(),
    })
    return present.table(df, f"Quy đổi kết quả sang xã mới, năm {ctx.year}", csv=f"quy-doi-{_slug(ctx)}.csv",
                         intro=vintage.rule_text(ctx.criteria))


# ---------------------------------------------------------------- the path to each target

def path_to_targets(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """For the province and each district: how many more xã must attain to meet each commune
    target of the plan, with the plan's own comparison."""
    need = ctx.path_to_targets()
    if need.empty:
        return present.text(f"{ctx.plan.name} không có mục tiêu về tỷ lệ xã đạt chỉ tiêu {_code('basic', ctx)}.")
    targets = {t.id: t for t in ctx.plan.targets}
    df = pd.DataFrame({
        "Mục tiêu": [plan_wording.target_text(targets[i]) for i in need["target_id"]],
        "Đơn vị": need["district_name"],
        "Số xã": need["xa"].astype(int), "Đang đạt": need["attaining"].astype(int),
        "Chưa đạt": need["candidates"].astype(int),
        "Cần đạt": need["required"].astype(int), "Còn thiếu": need["gap"].astype(int),
    })
    group = ctx._group_noun
    per_district = bool(need["scope"].isin(path_to_target.PER_DISTRICT).any())
    return present.table(df, f"Số xã cần đạt thêm để đạt từng mục tiêu của kế hoạch, tính trên số liệu năm {ctx.year}",
                         csv=f"con-thieu-{_slug(ctx)}.csv", flag={"column": "Còn thiếu", "true": True},
                         intro=f"Theo {ctx.plan.name}. Mỗi mục tiêu tỷ lệ được quy ra số xã theo đúng cách so sánh của "
                               "kế hoạch (“trên 99%” đòi hỏi nhiều hơn “99%”). Mục tiêu của toàn tỉnh được tính cho "
                               "toàn tỉnh; số xã còn thiếu của tỉnh được chia cho từng " + group + " theo tỷ lệ số xã "
                               "chưa đạt của đơn vị đó (cộng các phần bằng số còn thiếu của tỉnh), chứ không áp tỷ lệ "
                               "của tỉnh cho từng đơn vị."
                               + (" Mục tiêu đặt cho từng đơn vị được tính riêng cho từng đơn vị; dòng toàn tỉnh cộng "
                                  "số còn thiếu của các đơn vị." if per_district else "") + " Dòng tô màu: còn thiếu.")


DISTANCE_HEADER = "Còn thiếu so với ngưỡng (điểm %)"


def closest_communes(ctx: ProvinceYear, grade: str = "basic") -> pd.DataFrame | present.Text:
    """The xã not attaining `grade`, closest first: the list the police act on."""
    if grade not in GRADES:
        raise ValueError(f"grade must be one of {GRADES}")
    near = ctx.closest(grade)
    code = _code(grade, ctx)
    if near.empty:
        return present.text(f"Năm {ctx.year}, không còn xã nào chưa đạt chỉ tiêu {code}.")
    prev = ctx.previous_year
    df = pd.DataFrame({
        "Thứ tự": near["rank"].astype(int), "Mã xã": near["code"], "Xã": near["name"],
        ctx._group_label: near["district_name"],
        "Số điều kiện chưa đạt": near["n_failing"].astype("Int64"), REASONS_HEADER: near["reasons"],
        f"Đạt năm {prev}" if prev else "Đạt năm trước": near["attained_before"].astype("boolean"),
    })
    shown_distance = bool(near["distance"].notna().any())
    if shown_distance:  # how far a failing share is from its group's threshold: what ranks equals
        df.insert(5, DISTANCE_HEADER, near["distance"].astype("Float64"))
    return present.table(
        df, f"Các xã gần đạt chỉ tiêu {code} nhất, năm {ctx.year}", csv=f"gan-dat-{grade}-{_slug(ctx)}.csv",
        flag={"column": "Số điều kiện chưa đạt", "in": [1]},
        collapsed=("Danh sách {n} xã chưa đạt chỉ tiêu " + code + ", xếp theo mức gần đạt") if len(df) > 20 else "",
        notes=["Xếp theo số điều kiện chưa đạt (ít nhất trước), "
               + ("rồi khoảng cách tới ngưỡng của nhóm xã (số điểm phần trăm còn thiếu của các tỷ lệ chưa đạt), "
                  if shown_distance else "")
               + "rồi các xã đã đạt năm trước (đã từng đáp ứng). "
               "Dòng tô màu: chỉ còn một điều kiện chưa đạt. Xã không có số liệu xếp cuối."])


# ---------------------------------------------------------------- stability

def _period(y0, y1) -> str:
    return f"{int(y0)} → {int(y1)}"


def stability(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """Kept, lost and gained grades (basic and advanced) between consecutive years of the data."""
    s = ctx.stability()
    if s.empty:
        return present.text("Số liệu chỉ có một năm: chưa thể so sánh giữa các năm.")
    df = pd.DataFrame({
        "Giai đoạn": [_period(a, b) for a, b in zip(s["from_year"], s["to_year"])],
        "Chỉ tiêu": [_code(g, ctx, y) for g, y in zip(s["grade"], s["to_year"])],
        "Đạt năm đầu": s["attaining_before"], "Giữ vững": s["kept"], "Mất": s["lost"], "Mới đạt": s["gained"],
        "Đạt năm sau": s["attaining_after"], "Không có số liệu": s["n_no_data"],
    })
    return present.table(df, "Giữ vững, mất và mới đạt chỉ tiêu giữa các năm có số liệu",
                         csv=f"giu-vung-{_slug(ctx)}.csv", flag={"column": "Mất", "true": True},
                         intro=_stability_intro(s))


SUSTAINABLY = "theo hướng bền vững"


def _stability_intro(s: pd.DataFrame) -> str:
    """Why kept and lost grades matter, with the programmes of the table's years that ask for it."""
    asking = plans.quoting(SUSTAINABLY, [*s["from_year"], *s["to_year"]])
    named = f"; {' và '.join(p.name for p in asking)} đặt mục tiêu “{SUSTAINABLY}”" if asking else ""
    return f"Các kế hoạch yêu cầu “giữ vững” kết quả đã đạt{named}. Dòng tô màu: có xã mất chỉ tiêu."


def status_changes(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """Each xã that lost or gained a grade, the latest years first."""
    ch = ctx.changes()
    if ch.empty:
        return present.text()
    ch = ch.sort_values(["to_year", "change", "grade", "code"], ascending=[False, False, True, True], kind="stable")
    df = pd.DataFrame({
        "Giai đoạn": [_period(a, b) for a, b in zip(ch["from_year"], ch["to_year"])],
        "Chỉ tiêu": [_code(g, ctx, y) for g, y in zip(ch["grade"], ch["to_year"])],
        "Thay đổi": ["Mất" if c == LOST else "Mới đạt" for c in ch["change"]],
        "Mã xã": ch["code"], "Xã": ch["name"], ctx._group_label: ch["district_name"],
        "Tình trạng năm sau": [ctx._criteria_of(y).status_label(s) for s, y in zip(ch["status_after"], ch["to_year"])],
        f"{REASONS_HEADER} (năm sau)": ch["reasons_after"],
    })
    return present.table(df, "Các xã mất hoặc mới đạt chỉ tiêu", csv=f"thay-doi-{_slug(ctx)}.csv",
                         flag={"column": "Thay đổi", "in": ["Mất"]},
                         collapsed="Danh sách {n} lượt xã mất hoặc mới đạt chỉ tiêu" if len(df) > 20 else "")


# ---------------------------------------------------------------- commune histories


def _history_rows(ctx: ProvinceYear, h: pd.DataFrame) -> pd.DataFrame:
    """What is assessed (rows) by year (columns), from commune_history.of_commune. Years under
    different criteria sets share the rows of the sub-conditions they have in common; a
    sub-condition a year's set does not have is left empty in that year."""
    years = [int(y) for y in h["year"]]
    of_year = {y: ctx._criteria_of(y) for y in years}
    sets = list({c.id: c for c in of_year.values()}.values())
    rows = [("Tình trạng", [of_year[y].status_label(s) for s, y in zip(h["status"], years)])]
    for grade in GRADES:
        names = " / ".join(dict.fromkeys(c.short(grade) for c in sets))
        rows.append((f"Kết luận chỉ tiêu {names}", list(h[grade])))
        seen = []
        for c in sets:
            seen += [sub for sub in c.commune_indicator(grade).sub_conditions if sub.id not in [x.id for x in seen]]
        rows += [(f"– {sub.label}", [v if of_year[y].covers(y) and sub.id in of_year[y].sub_condition_columns("commune") else None
                                       for v, y in zip(h[sub.id], years)]) for sub in seen]
    rows.append((CRIME_HEADER, [None if pd.isna(v) else int(v) for v in h["crime_cases"]]))
    df = pd.DataFrame([[label, *values] for label, values in rows], columns=["Nội dung", *map(str, years)])
    for y in map(str, years):
        df[y] = df[y].astype(object)
    return df


def lost_histories(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """The history of every xã that lost its grade (basic or advanced) in the latest year of the data:
    what changed, condition by condition."""
    ch = ctx.changes()
    lost = ch[(ch["change"] == LOST) & (ch["to_year"] == ctx.year)].drop_duplicates("code")
    if lost.empty:
        return present.text(f"Năm {ctx.year}, không có xã nào mất chỉ tiêu {_code('basic', ctx)} hoặc "
                            f"{_code('advanced', ctx)} so với năm có số liệu trước đó.")
    frames = []
    for r in lost.itertuples(index=False):
        rows = _history_rows(ctx, ctx.commune_history(r.code))
        rows.insert(0, "Xã", f"{r.name} ({r.district_name})")
        frames.append(rows)
    df = pd.concat(frames, ignore_index=True)
    return present.table(df, f"Lịch sử đánh giá của các xã mất chỉ tiêu năm {ctx.year}",
                         csv=f"lich-su-xa-mat-chi-tieu-{_slug(ctx)}.csv", group=["Xã"],
                         collapsed=f"Lịch sử đánh giá của {len(lost)} xã mất chỉ tiêu năm {ctx.year}", paper=True,
                         intro="Từng điều kiện thành phần và kết luận qua các năm có số liệu. Lịch sử của các xã "
                               "khác có trong sổ tay phân tích của cán bộ chuyên môn.")


def status_matrix(ctx: ProvinceYear) -> pd.DataFrame:
    """Every xã's status in every year of the data."""
    mx = matrix(ctx.communes())
    years = [c for c in mx.columns if isinstance(c, int)]
    df = pd.DataFrame({"Mã xã": mx["code"], "Xã": mx["name"], ctx._group_label: mx["district_name"]})
    for y in years:
        df[str(y)] = [STATUSES[s].short for s in mx[y]]
    return present.table(df, "Tình trạng của từng xã qua các năm", csv=f"tinh-trang-qua-cac-nam-{_slug(ctx)}.csv",
                         collapsed="Tình trạng của {n} xã qua các năm",
                         notes=[_short_statuses(ctx)])


def _short_statuses(ctx: ProvinceYear) -> str:
    """What the short status words of the matrix mean, under every set of the years shown."""
    sets = list({c.id: c for c in (ctx._criteria_of(y) for y in ctx.years)}.values())
    out = [f"{STATUSES[code].short}: " + " / ".join(dict.fromkeys(c.status_label(code) for c in sets))
           for code in (labels.ADVANCED, BASIC, NOT_ATTAINED)]
    return "; ".join(out) + f"; {STATUSES[NO_DATA].short}: {STATUSES[NO_DATA].label.lower()}."


# ---------------------------------------------------------------- crime

def crime(ctx: ProvinceYear, baseline_year: int | None = None) -> pd.DataFrame | present.Text:
    """Social-order crime cases per year, and the change against the baseline year (by default
    that of the crime target in force: ProvinceYear._crime_baseline)."""
    baseline_year = baseline_year or ctx._crime_baseline
    trend = ctx.crime(baseline_year)
    trend = trend[trend["year"] <= ctx.year]
    if trend.empty or trend["cases"].isna().all():
        return present.text("Không có số liệu về số vụ phạm tội về trật tự xã hội.")
    df = pd.DataFrame({
        "Năm": trend["year"].astype(int), CRIME_HEADER: trend["cases"].astype("Int64"),
        f"So với năm {baseline_year} (%)": trend["change_pct"].astype("Float64"),
    })
    return present.table(df, f"Số vụ phạm tội về trật tự xã hội so với năm {baseline_year}",
                         csv=f"toi-pham-ttxh-{_slug(ctx)}.csv", formats={"Năm": "year"})


def crime_chart(ctx: ProvinceYear, baseline_year: int | None = None) -> Figure | present.Text:
    """Bars of the crime cases per year, the baseline and the line of the reduction target."""
    baseline_year = baseline_year or ctx._crime_baseline
    trend = ctx.crime(baseline_year)
    trend = trend[trend["year"] <= ctx.year]
    if trend.empty or trend["cases"].isna().all():
        return present.text()
    t = ctx.crime_target()
    reduction = t.threshold if t is not None and t.baseline_year == baseline_year else None
    return charts.crime_chart(trend, baseline_year, reduction,
                              caption=f"Số vụ phạm tội về trật tự xã hội, {ctx.province.name}")


# ---------------------------------------------------------------- one series across the reorganisation

def _series_label(units: str, former: int) -> str:
    """The units of a year of the series: the new ones, or the legacy units of the `former`
    provinces (added together when the province was formed from several)."""
    if units != "legacy":
        return "Đơn vị từ 01/7/2025"
    return "Đơn vị cũ (cộng các tỉnh cũ)" if former > 1 else "Đơn vị cũ"


def series(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """The province's results year by year across 1 July 2025: the years until 2025 on the legacy
    units (every former province together), the later ones on the new units, each under its own
    criteria set; where the units or the set change is marked."""
    s = ctx.series()
    if s.empty:
        return present.text()
    names = {c.id: c for c in crit.load_sets()}
    change = [i > 0 and (u != pu or k != pk) for i, (u, pu, k, pk) in
              enumerate(zip(s["units"], s["units"].shift(), s["criteria"], s["criteria"].shift()))]
    provinces = ctx._series_provinces  # the former ones, added together on the legacy units when several
    former = ", ".join(gazetteer.province(p).name for p in provinces)
    df = pd.DataFrame({
        "Năm": s["year"].astype(int),
        "Đơn vị hành chính": [_series_label(u, len(provinces)) for u in s["units"]],
        "Bộ tiêu chí": [names[k].legal_reference.split(" ngày ")[0] for k in s["criteria"]],
        "Chỉ tiêu": [names[k].short("basic") for k in s["criteria"]],
        "Số xã": s["xa"].astype(int),
        "Đạt (cơ bản)": s["n_basic"].astype(int), "Tỷ lệ đạt (%)": s["basic_pct"].astype(float),
        "Đạt (nâng cao)": s["n_advanced"].astype(int), "Tỷ lệ đạt nâng cao (%)": s["advanced_pct"].astype(float),
        CRIME_HEADER: s["crime_cases"].astype("Int64"),
        "Đổi đơn vị hoặc bộ tiêu chí": change,
    })
    return present.table(df, f"Kết quả qua các năm của {ctx.province.name}, trước và sau sắp xếp đơn vị hành chính",
                         csv=f"chuoi-so-lieu-{_slug(ctx)}.csv", formats={"Năm": "year"},
                         flag={"column": "Đổi đơn vị hoặc bộ tiêu chí", "true": True},
                         hidden=["Đổi đơn vị hoặc bộ tiêu chí"],
                         intro=f"Các năm đến 2025: số liệu của {former} trên đơn vị hành chính cũ"
                               f"{', cộng chung' if len(provinces) > 1 else ''}, "
                               "đánh giá theo bộ tiêu chí giai đoạn đó. Từ năm có đơn vị hành chính mới: số liệu trên "
                               "các xã mới, theo bộ tiêu chí mới. Dòng tô màu: năm đầu tiên đổi đơn vị hành chính hoặc "
                               "bộ tiêu chí; tỷ lệ trước và sau không so sánh trực tiếp được.")


def series_chart(ctx: ProvinceYear) -> Figure | present.Text:
    """The shares of the series, the change of units and of criteria set marked."""
    s = ctx.series()
    if s.empty:
        return present.text()
    names = {c.id: c for c in crit.load_sets()}
    return charts.series_chart(s, {k: f"bộ tiêu chí {names[k].period[0]}–{names[k].period[1]}" +
                                      (" (chỉ tiêu tạm thời)" if names[k].unconfirmed else "") for k in s["criteria"]},
                               caption=f"Tỷ lệ xã đạt qua các năm, {ctx.province.name}")


# ---------------------------------------------------------------- the final review of a period

def final_review(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """Every target of the programme that ended (and of the province's own plan) at its deadline:
    met or missed, by how much, and its path over the years."""
    r = ctx.final_review()
    if r.empty:
        return present.text()
    start, end = ctx._reviewed_period
    years = [c for c in r.columns if c.isdigit()]
    cols = {"Tỉnh cũ": r["province"]} if ctx.vintage != ctx._criteria_of(end).units else {}
    one_plan = r["plan"].nunique() == 1  # then named once, in the intro, not on every row
    if not one_plan:
        cols["Kế hoạch"] = r["plan"]
    df = pd.DataFrame({
        **cols,
        "Mục tiêu": [t + (" *" if u else "") for t, u in zip(r["target"], r["unconfirmed"])],
        **{y: r[y].astype("Float64") for y in years},
        f"Kết quả {end}": [REVIEW_LABELS.get(s, STATUS_LABELS[s]) for s in r["target_status"]],
        "Còn thiếu": [g or None for g in r["gap_text"]],
    })
    met = int((r["target_status"] == "achieved").sum())
    measured = int((r["target_status"] != "not_measurable").sum())
    notes = ["Các cột năm: tỷ lệ xã (hoặc đơn vị cấp huyện) đạt chỉ tiêu, %; với mục tiêu giảm tội phạm: mức giảm "
             f"số vụ so với năm gốc, %. {plan_wording.REVIEW_TEXT}"]
    if r["unconfirmed"].any():
        notes.append("* Giá trị hoặc câu chữ chưa đối chiếu được với văn bản gốc.")
    return present.table(df, f"Tổng kết các mục tiêu giai đoạn {start}–{end}: {met}/{measured} mục tiêu đo được đã đạt",
                         csv=f"tong-ket-{start}-{end}-{_slug(ctx)}.csv",
                         flag={"column": f"Kết quả {end}", "not_in": [REVIEW_LABELS["achieved"]]},
                         intro=(f"Mỗi mục tiêu của {r['plan'].iloc[0]}" if one_plan else
                                "Mỗi mục tiêu của chương trình quốc gia và của kế hoạch tỉnh")
                         + f", đo ở thời hạn cuối năm {end}: đạt hay không đạt, còn thiếu bao nhiêu, và kết quả qua "
                           f"các năm {start}–{end}. Dòng tô màu: không đạt.", notes=notes)


# ---------------------------------------------------------------- the plan

def plan_progress(ctx: ProvinceYear) -> pd.DataFrame | present.Text:
    """Progress of the province against every target of its own plan (or of the national
    programme in force). A plan written before 1 July 2025 is measured, on the 2025 units, for
    each former province the province was made of, on the legacy units (ProvinceYear.progress)."""
    plan = ctx.plan
    if plan.kind == plans.NONE:
        return present.text(f"Năm {ctx.year}: {plan.name}; tiến độ chưa đo được.")
    measured = ctx._plans_measured(ctx.year)
    rows = ctx.progress().to_dict("records")
    sources = {(p.name, t.id): t.source for _, _, p in measured for t in p.targets}
    former = ctx.vintage != plan.units  # measured for the former provinces, on their units
    several_plans = len({p.name for _, _, p in measured}) > 1
    df = pd.DataFrame({
        **({"Tỉnh cũ": [r["province"] for r in rows]} if former else {}),
        **({"Kế hoạch": [r["plan"] for r in rows]} if several_plans else {}),
        "Mục tiêu": [r["target"] + (" *" if r["unconfirmed"] else "") for r in rows],
        "Mục": [r["section"] for r in rows],
        f"Thực tế {ctx.year}": [r["actual_text"] for r in rows],
        "Yêu cầu": [r["required_text"] for r in rows],
        "Còn thiếu": [r["gap_text"] or None for r in rows],
        "Tình trạng": [r["target_status_label"] for r in rows],
        SOURCE_COLUMN: [f"“{sources[r['plan'], r['target_id']]}”" for r in rows],
    })
    numbers = {  # the same figures as numbers, for the CSV and for analysts (not shown on the page)
        "Số đạt (xã, đơn vị) hoặc số vụ": pd.array([r["actual_count"] for r in rows], dtype="Int64"),
        "Mẫu số hoặc số vụ năm gốc": pd.array([r["denominator"] for r in rows], dtype="Int64"),
        "Tỷ lệ đạt hoặc mức giảm (%)": pd.array([r["actual"] for r in rows], dtype="Float64"),
        "Mức yêu cầu": pd.array([r["required"] for r in rows], dtype="Int64"),
        "Số còn thiếu": pd.array([r["gap"] for r in rows], dtype="Int64"),
    }
    df = df.assign(**numbers)
    intro = _former_intro(ctx, measured) if former else _plan_intro(ctx, plan)
    notes = sorted({r["denominator_note"] for r in rows if r["denominator_note"]} |
                   {r["note"].rstrip(".") for r in rows if r["note"]})
    after = ["Mẫu số: " + "; ".join(notes) + "."] if notes else []
    if any(r["unconfirmed"] for r in rows):
        after.append("* Giá trị hoặc câu chữ chưa đối chiếu được với văn bản gốc.")
    after.append(plan_wording.METHOD_TEXT)
    bullets = list(dict.fromkeys(f"{q.section}: {q.text}" if q.section else q.text for _, _, p in measured for q in p.qualitative_targets))
    if bullets:
        after.append("Mục tiêu định tính (không đo bằng số liệu):")
    return present.table(df, f"Tiến độ thực hiện các mục tiêu, năm {ctx.year}", csv=f"tien-do-{_slug(ctx)}.csv",
                         flag={"column": "Tình trạng", "not_in": [STATUS_LABELS[m] for m in MET]},
                         hidden=list(numbers), intro=intro, notes=after, bullets=bullets)


def _cited(plan) -> str:
    """A plan as the progress section cites it."""
    if plan.name_given:
        return f"{plan.name}: {plan.source.document}" if plan.source else plan.name
    if plan.kind == "province":
        return f"Kế hoạch {plan.label} của {gazetteer.province(plan.province).name}"
    return f"{plan.name} ngày {plan.date:%d/%m/%Y}"  # the national programme


def _plan_intro(ctx: ProvinceYear, plan) -> str:
    if plan.kind == "province":
        return f"Theo {_cited(plan)}."
    return (f"{ctx.province.name} chưa có tệp kế hoạch riêng trong công cụ: tiến độ được đo theo các mục tiêu "
            f"của {plan.name} ngày {plan.date:%d/%m/%Y}.")


def _former_intro(ctx: ProvinceYear, measured: list) -> str:
    """Why the table measures the former provinces, and against which plan each."""
    names = [name for _, name, _ in measured]
    whom = (f"{names[0]} cũ" if len(names) == 1 else
            f"từng tỉnh cũ hợp thành {ctx.province.name} ({', '.join(names)})")
    plans_of = "; ".join(f"{name}: {_cited(p)}" for _, name, p in measured)
    return (f"Các kế hoạch áp dụng cho năm {ctx.year} được lập cho các tỉnh trước khi sắp xếp đơn vị hành chính "
            f"(01/7/2025): tiến độ được đo cho {whom}, trên các xã và đơn vị cấp huyện cũ, theo kế hoạch riêng của "
            f"tỉnh cũ nếu công cụ có, nếu không theo các mục tiêu của chương trình quốc gia. Kế hoạch áp dụng: "
            f"{plans_of}.")


# ---------------------------------------------------------------- provenance

def provenance(ctx: ProvinceYear, values: dict) -> present.Provenance:
    return present.Provenance(present.parameters(values), ctx._dataset.provenance, ctx._boundary_source)
