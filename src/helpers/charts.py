"""Static figures (matplotlib Figures, no pyplot); helpers.render turns them into PNG."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

BAR = "#0b5d9e"
BASE = "#7f7f7f"
TARGET = "#d55e00"


def crime_chart(trend: pd.DataFrame, baseline_year: int = 2019, reduction_pct: float | None = 5.0,
                caption: str = "") -> Figure:
    """Bars of social-order crime cases per year, the baseline, and the line of the reduction
    target (baseline × (1 − reduction)). `caption` becomes the figure's label (its caption)."""
    fig = Figure(figsize=(7.5, 3.4))  # no pyplot: no global state, lighter to import
    fig.set_label(caption)
    ax = fig.subplots()
    years = trend["year"].astype(int).astype(str)
    values = trend["cases"].astype(float)
    ax.bar(years, values, color=[BASE if y == str(baseline_year) else BAR for y in years])
    base = trend.loc[trend["year"] == baseline_year, "cases"]
    if len(base) and pd.notna(base.iloc[0]) and reduction_pct is not None:
        goal = float(base.iloc[0]) * (1 - reduction_pct / 100)
        ax.axhline(goal, color=TARGET, linestyle="--", linewidth=1.5,
                   label=f"Mức giảm {reduction_pct:g}% so với năm {baseline_year}")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False, fontsize=9)
    for i, v in enumerate(values):
        if pd.notna(v):
            ax.text(i, v, f"{int(v)}", ha="center", va="bottom", fontsize=9)
    ax.set_ylabel("Số vụ")
    ax.set_title("Số vụ phạm tội về trật tự xã hội theo năm", fontsize=11)
    ax.set_ylim(0, float(values.max()) * 1.15 if values.notna().any() else 1)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def status_map_figure(geo, status: pd.DataFrame, districts_geo, title: str, notices: list[str]) -> Figure:
    """A static image of the status map, for printing and PDF (the interactive map does not print).
    Colours and labels come from labels.STATUSES, as on the interactive map."""
    from .labels import STATUS_ORDER, STATUSES

    return classes_map_figure(geo, status[["code", "status"]].rename(columns={"status": "class"}),
                           [STATUSES[c] for c in STATUS_ORDER], districts_geo, title, notices)


def classes_map_figure(geo, classes: pd.DataFrame, order: list, outlines, title: str, notices: list[str],
                       outline_width: float = 0.9) -> Figure:
    """A static map: each unit of `geo` (code, geometry) filled with the colour of its class
    (`classes`: code, class), the classes in `order` (objects with code, label, colour, outline,
    dashed; the last is used for units without a class), `outlines` drawn over them, a legend
    with counts, the title and the notices."""
    from matplotlib.patches import Patch

    fallback = order[-1].code
    g = geo.merge(classes[["code", "class"]], on="code", how="left")
    g["class"] = g["class"].fillna(fallback)
    fig = Figure(figsize=(8.0, 8.6))
    ax = fig.subplots()
    for s in order:
        part = g[g["class"] == s.code]
        if len(part):
            part.plot(ax=ax, color=s.colour, edgecolor=s.outline, linewidth=0.25,
                      linestyle="--" if s.dashed else "-")
    outlines.boundary.plot(ax=ax, color="#1f1f1f", linewidth=outline_width)
    ax.set_axis_off()
    ax.set_aspect(1 / np.cos(np.radians(float(g.geometry.union_all().centroid.y))))
    counts = g["class"].value_counts()
    handles = [Patch(facecolor=s.colour, edgecolor=s.outline, linestyle="--" if s.dashed else "-",
                     label=f"{s.label} ({int(counts.get(s.code, 0))})") for s in order]
    legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=2, frameon=False,
                       fontsize=8)
    ax.set_title(title, fontsize=11)
    ax.annotate("\n".join(notices), xy=(0.5, 0), xycoords=legend, xytext=(0, -6), textcoords="offset points",
                ha="center", va="top", fontsize=7)
    return fig
