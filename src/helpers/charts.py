"""Static figures (matplotlib Figures, no pyplot); helpers.render turns them into PNG."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from . import criteria as crit
from . import formats

BAR = "#0b5d9e"
BASE = "#7f7f7f"
TARGET = "#d55e00"

# Every figure is drawn at the size it is printed at (helpers.render prints one figure inch per
# inch of paper), so a font size here is its size on A4: none below PRINT_PT (issue 24: legends and
# labels of at least 8 pt), none wider than the page's text (180 mm, page.css) less a margin.
PRINT_PT = 8.0
# a value axis reads as every number of the report does (helpers.formats: decimal comma, dot between thousands)
AXIS_NUMBERS = FuncFormatter(lambda value, _position: formats.level(value))
PRINT_WIDTH_IN = 6.8
MAP_HEIGHT_IN = 5.6  # the map itself; its legend and notices go below, the whole fits one A4 page
COUNTRY_MAP_HEIGHT_IN = 3.9  # the map of the country fits under the national report's cover block


def crime_chart(trend: pd.DataFrame, baseline_year: int = 2019, reduction_pct: float | None = 5.0,
                caption: str = "") -> Figure:
    """Bars of social-order crime cases per year, the baseline, and the line of the reduction
    target (baseline × (1 − reduction)). `caption` becomes the figure's label (its caption)."""
    fig = Figure(figsize=(PRINT_WIDTH_IN, 3.2))  # no pyplot: no global state, lighter to import
    fig.set_label(caption)
    ax = fig.subplots()
    years = trend["year"].astype(int).astype(str)
    values = trend["cases"].astype(float)
    ax.bar(years, values, color=[BASE if y == str(baseline_year) else BAR for y in years])
    base = trend.loc[trend["year"] == baseline_year, "cases"]
    if len(base) and pd.notna(base.iloc[0]) and reduction_pct is not None:
        goal = float(base.iloc[0]) * (1 - reduction_pct / 100)
        ax.axhline(goal, color=TARGET, linestyle="--", linewidth=1.5,
                   label=f"Mức giảm {formats.level(reduction_pct)}% so với năm {baseline_year}")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False, fontsize=9)
    for i, v in enumerate(values):
        if pd.notna(v):
            ax.text(i, v, formats.count(v), ha="center", va="bottom", fontsize=9)
    ax.set_ylabel("Số vụ")
    ax.yaxis.set_major_formatter(AXIS_NUMBERS)
    ax.set_title("Số vụ phạm tội về trật tự xã hội theo năm", fontsize=11)
    ax.set_ylim(0, float(values.max()) * 1.15 if values.notna().any() else 1)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def series_chart(series: pd.DataFrame, set_names: dict[str, str], caption: str = "") -> Figure:
    """The shares attaining (basic and advanced) year by year, one line per stretch of years on
    the same units and criteria set; a dashed line marks each change, labelled with what changed.
    `series`: workbook.ProvinceYear.series(); `set_names`: how a change names each set, by id."""
    from .labels import STATUSES

    fig = Figure(figsize=(PRINT_WIDTH_IN, 3.4))
    fig.set_label(caption)
    ax = fig.subplots()
    s = series.reset_index(drop=True)
    x = list(range(len(s)))
    stretch = (s["units"].ne(s["units"].shift()) | s["criteria"].ne(s["criteria"].shift())).cumsum()
    for grade, name in (("basic", "cơ bản"), ("advanced", "nâng cao")):
        colour = STATUSES[grade].colour
        for i, (_, part) in enumerate(s.groupby(stretch, sort=True)):
            ax.plot(part.index, part[f"{grade}_pct"], marker="o", color=colour, linewidth=2,
                    label=f"Tỷ lệ xã đạt ({name})" if i == 0 else None)
            for xi, v in zip(part.index, part[f"{grade}_pct"]):
                # one decimal, as the table of the series: one figure reads the same in both
                ax.annotate(formats.number(v), (xi, v), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=PRINT_PT)
    for i in s.index[1:][stretch.diff().iloc[1:].gt(0).to_numpy()]:
        ax.axvline(i - 0.5, color=BASE, linestyle="--", linewidth=1.2)
        what = []
        if s.loc[i, "units"] != s.loc[i - 1, "units"]:
            what.append("đơn vị hành chính mới")
        if s.loc[i, "criteria"] != s.loc[i - 1, "criteria"]:
            what.append(set_names[s.loc[i, "criteria"]])
        ax.text(i - 0.55, 2, "Từ năm " + str(int(s.loc[i, "year"])) + ":\n" + "\n".join(what), fontsize=PRINT_PT,
                color="#333333", ha="right", va="bottom")
    ax.set_xticks(x, [str(int(y)) for y in s["year"]])
    ax.set_ylim(0, 109)
    ax.set_ylabel("% số xã")
    ax.yaxis.set_major_formatter(AXIS_NUMBERS)
    ax.set_title("Tỷ lệ xã đạt chỉ tiêu an ninh, trật tự qua các năm", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def status_map_figure(geo, status: pd.DataFrame, districts_geo, title: str, notices: list[str],
                      names: pd.DataFrame | None = None, islands=None, island_codes=(),
                      criteria: crit.Criteria | None = None) -> Figure:
    """A static image of the status map, for printing and PDF (the interactive map does not print).
    Colours come from labels.STATUSES and the statuses' names from the year's criteria set
    (`criteria`, by default the set of DEFAULT_YEAR), as on the interactive map."""
    from dataclasses import replace

    from .labels import STATUS_ORDER, STATUSES

    c = criteria or crit.for_year(crit.DEFAULT_YEAR)
    order = [replace(STATUSES[code], label=c.status_label(code)) for code in STATUS_ORDER]
    return classes_map_figure(geo, status[["code", "status"]].rename(columns={"status": "class"}),
                              order, districts_geo, title, notices, names=names,
                              islands=islands, island_codes=island_codes)


def classes_map_figure(geo, classes: pd.DataFrame, order: list, outlines, title: str, notices: list[str],
                       outline_width: float = 0.9, names: pd.DataFrame | None = None, islands=None,
                       island_codes=(), height_in: float = MAP_HEIGHT_IN) -> Figure:
    """A static map: each unit of `geo` (code, geometry) filled with the colour of its class
    (`classes`: code, class), the classes in `order` (objects with code, label, colour, outline,
    dashed; the last is used for units without a class), `outlines` drawn over them, the place
    `names` (name, label_lon, label_lat, label_rank) where they fit, the `islands` of the
    territory (helpers.territory.features; archipelagos named), a legend with counts, the title
    and the notices. Units in `island_codes` (far islands) are shown in an overview inset. The map
    is at most `height_in` tall, its legend and notices below it."""
    from matplotlib.patches import Patch

    fallback = order[-1].code
    g = geo.merge(classes[["code", "class"]], on="code", how="left")
    g["class"] = g["class"].fillna(fallback)
    fig = Figure(figsize=(PRINT_WIDTH_IN, height_in))  # no Agg canvas yet: geopandas redraws after each layer
    ax = fig.subplots()
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.95)  # the map as large as the page allows
    _draw_classes(ax, g, order, outlines, outline_width)
    far = g["code"].isin(set(island_codes)) if len(island_codes) else pd.Series(False, index=g.index)
    land = g[~far] if (~far).any() else g
    x0, y0, x1, y1 = land.total_bounds
    if islands is not None and len(islands) and not far.any():
        _draw_islands(ax, islands, labels=True)  # the country: every island in view
        x0, x1 = min(x0, islands["lon"].min()), max(x1, islands["lon"].max())
        y0, y1 = min(y0, islands["lat"].min()), max(y1, islands["lat"].max())
    pad = 0.03 * max(x1 - x0, y1 - y0)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_axis_off()
    ax.set_aspect(1 / np.cos(np.radians((y0 + y1) / 2)))
    if far.any():
        _inset(ax, g, order, islands)
    FigureCanvasAgg(fig)  # drawn once, when saved (placing names measures text with its renderer)
    if names is not None and len(names):
        place_names(fig, ax, names)
    counts = g["class"].value_counts()
    handles = [Patch(facecolor=s.colour, edgecolor=s.outline, linestyle="--" if s.dashed else "-",
                     label=f"{s.label} ({formats.count(counts.get(s.code, 0))})") for s in order]
    legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=2, frameon=False,
                       fontsize=PRINT_PT)
    ax.set_title(title, fontsize=11)
    ax.annotate(_wrapped(notices), xy=(0.5, 0), xycoords=legend, xytext=(0, -6), textcoords="offset points",
                ha="center", va="top", fontsize=PRINT_PT)
    return fig


def _wrapped(notices: list[str]) -> str:
    """The notices in lines as wide as the printed map (PRINT_PT text in PRINT_WIDTH_IN)."""
    import textwrap

    per_line = int(PRINT_WIDTH_IN * 72 / (0.56 * PRINT_PT))  # DejaVu Sans: about 0.56 em per character
    return "\n".join(line for n in notices for line in textwrap.wrap(n, per_line))


def _draw_classes(ax, g, order: list, outlines, outline_width: float) -> None:
    for s in order:
        part = g[g["class"] == s.code]
        if len(part):
            part.plot(ax=ax, color=s.colour, edgecolor=s.outline, linewidth=0.25,
                      linestyle="--" if s.dashed else "-")
    outlines.boundary.plot(ax=ax, color="#1f1f1f", linewidth=outline_width)


ISLAND = "#1f3b57"


def _draw_islands(ax, islands: pd.DataFrame, labels: bool, size: float = 4, fontsize: float = PRINT_PT) -> None:
    """Islands as dots, and each archipelago's name (helpers.territory)."""
    import matplotlib.patheffects as pe

    ax.scatter(islands["lon"], islands["lat"], s=size, color=ISLAND, zorder=5, linewidths=0)
    if not labels:
        return
    for grp, part in islands[islands["archipelago"]].groupby("label", sort=True):
        ax.text(float(part["lon"].mean()), float(part["lat"].max()) + 0.35, grp, fontsize=fontsize, style="italic",
                color=ISLAND, ha="center", va="bottom", zorder=6,
                path_effects=[pe.withStroke(linewidth=2, foreground="white")])


def _inset(ax, g, order: list, islands) -> None:
    """An overview of the whole province with its far islands, in a corner."""
    inset = ax.inset_axes([0.7, 0.0, 0.3, 0.3])
    for s in order:
        part = g[g["class"] == s.code]
        if len(part):
            part.plot(ax=inset, color=s.colour, edgecolor=s.outline, linewidth=0.1)
    if islands is not None and len(islands):
        _draw_islands(inset, islands, labels=True, size=1.5)
    inset.set_aspect(ax.get_aspect())
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_xlabel("")
    inset.set_ylabel("")
    inset.set_facecolor("#eef4f8")


def place_names(fig, ax, names: pd.DataFrame, fontsize: float = PRINT_PT) -> None:
    """Place names at their points, larger units first; a name overlapping one already placed,
    or wider than its unit, is left out (the static map is read on paper: no overlaps)."""
    import matplotlib.patheffects as pe

    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()  # measure in the axes' final place (the drawing applies the aspect again: no change)
    placed = []
    for r in names.sort_values("label_rank", ascending=False).itertuples():
        t = ax.text(r.label_lon, r.label_lat, r.name, fontsize=fontsize, ha="center", va="center", zorder=7,
                    path_effects=[pe.withStroke(linewidth=2, foreground="white")])
        box = t.get_window_extent(renderer)
        b = r.label_bbox
        unit = ax.transData.transform([[b[0], b[1]], [b[2], b[3]]])
        if any(box.overlaps(p) for p in placed) or box.width > abs(unit[1][0] - unit[0][0]) * 1.3 + 8:
            t.remove()
            continue
        placed.append(box.expanded(1.04, 1.15))
