"""The one renderer: the data objects sections return, as the report's HTML.

DataFrames (described by helpers.present.table, or plain), folium.Maps, matplotlib Figures and
the text blocks of helpers.present each have a jinja2 template (autoescaped) under assets/.
In a notebook, `activate()` makes these IPython's HTML formatters and loads the report's
stylesheet, so JupyterLab shows each section exactly as the report does, while each object's
plain-text form stays its data. The batch renders the executed notebook with nbconvert, which
takes these same HTML outputs.
"""

from __future__ import annotations

import base64
import html as html_lib
import io
import os
import re
import time
from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import __version__, present
from .export import csv_bytes
from .formats import cell_text, count, default_format, fraction, is_number, number
from .paths import ASSETS_DIR

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
STYLESHEET_OUTPUT = "antt-stylesheet"  # metadata mark of the stylesheet output (not part of a report)


@lru_cache(maxsize=None)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(ASSETS_DIR)), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters["b64"] = lambda data: base64.b64encode(data).decode()
    env.filters["print_mm"] = print_width_mm
    return env


def template(name: str):
    return _env().get_template(name)


# ---------------------------------------------------------------- numbers and time

def build_time() -> datetime:
    """Time of generation: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch) if epoch else time.time(), tz=timezone.utc)


def format_time(t: datetime) -> str:
    """'20/11/2026 08:15 (giờ Việt Nam)'."""
    return t.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M") + " (giờ Việt Nam)"


# ---------------------------------------------------------------- cells

def _table_context(df: pd.DataFrame) -> dict:
    spec = present.describe(df) or {}
    flags = present.flagged(df)
    df = present.bare(df)
    hidden = set(spec.get("hidden", []))
    links = {c: h for c, h in spec.get("links", {}).items() if c in df and h in df}
    formats = spec.get("formats", {})
    columns = [c for c in df.columns if c not in hidden]
    fmt = {c: formats.get(c) or default_format(df[c]) for c in df.columns}
    grouped = [c for c in spec.get("group", []) if c in columns]
    values = {c: df[c].array for c in set(columns) | set(links.values())}
    rows = []
    for i in range(len(df)):
        cells = []
        for c in columns:
            v = values[c][i]
            if c in grouped and i and v == values[c][i - 1]:
                cells.append({"text": "", "num": False, "href": None})  # shown once for its group of rows
                continue
            href = values[links[c]][i] if c in links else None
            cells.append({"text": cell_text(v, fmt[c]), "num": is_number(v) and fmt[c] != "year",
                          "href": href if isinstance(href, str) and href else None})
        rows.append({"cells": cells, "flag": flags[i]})
    csv = spec.get("csv")
    return {"columns": [str(c) for c in columns], "rows": rows,
            "caption": str(spec.get("caption", "")).replace("{n}", count(len(df))),
            "csv_name": csv, "csv_data": csv_bytes(df, fmt) if csv else None, "intro": spec.get("intro", ""),
            "notes": spec.get("notes", []), "bullets": spec.get("bullets", []),
            "collapsed": str(spec.get("collapsed", "")).replace("{n}", count(len(df))),
            "paper": bool(spec.get("paper"))}


def _kpis_context(df: pd.DataFrame) -> dict:
    """Key-figure cards: each row names what is counted, the count, the total it is out of (or NA)
    and the unit (present.KPI_COLUMNS)."""
    spec = present.describe(df) or {}
    cards = []
    label_col, value_col, of_col, unit_col = present.KPI_COLUMNS
    for row in df.to_dict("records"):
        value, of, unit = row.get(value_col), row.get(of_col), row.get(unit_col) or ""
        if of is not None and not pd.isna(of) and of:
            shown = fraction(value, of, unit)
        else:
            shown = f"{number(value, 0)} {unit}".strip()
        cards.append({"value": shown, "label": row[label_col]})
    return {"cards": cards, "notes": spec.get("notes", []), "intro": spec.get("intro", "")}


# ---------------------------------------------------------------- objects

def html(obj) -> str:
    """The HTML of one section object, as it appears in the report and in JupyterLab."""
    import folium
    from matplotlib.figure import Figure

    if isinstance(obj, pd.DataFrame):
        spec = present.describe(obj) or {}
        if spec.get("kind") == "kpis":
            return template("kpis.html.j2").render(**_kpis_context(obj))
        return template("table.html.j2").render(**_table_context(obj))
    if isinstance(obj, folium.Map):
        return map_html(obj)
    if isinstance(obj, Figure):
        return template("figure.html.j2").render(png=figure_png(obj), caption=obj.get_label(), cls="antt-figure")
    if isinstance(obj, present.Header):
        return template("header.html.j2").render(h=obj)
    if isinstance(obj, present.Heading):
        return template("heading.html.j2").render(h=obj)
    if isinstance(obj, present.Text):
        return template("text.html.j2").render(t=obj)
    if isinstance(obj, present.Columns):
        cols = [(h, [html(o) for o in (v if isinstance(v, list) else [v]) if o is not None]) for h, v in obj.items]
        return template("columns.html.j2").render(columns=[(h, Markup("".join(parts))) for h, parts in cols])
    if isinstance(obj, present.Provenance):
        return template("provenance.html.j2").render(p=obj, version=__version__,
                                                     built=format_time(build_time()))
    raise TypeError(f"no HTML form for {type(obj).__name__}")


FIGURE_DPI = 110


present.use_html(html)  # the section blocks draw themselves with it in a notebook


def print_width_mm(png: bytes) -> str:
    """The width at which a figure's PNG is printed: its own size (pixels over the dots per inch
    it carries), so that its text keeps on paper the point size it was drawn at (charts.PRINT_PT)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    dpi = image.info.get("dpi", (FIGURE_DPI, FIGURE_DPI))[0]
    return f"{image.width / dpi * 25.4:.1f}"


def figure_png(fig) -> bytes:
    """A figure as PNG, the same bytes for the same figure (no software or date stamp)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from .text_metrics import shared

    buf = io.BytesIO()
    FigureCanvasAgg(fig)
    with shared():  # each text measured once, not once per renderer (the same pixels)
        fig.savefig(buf, format="png", dpi=FIGURE_DPI, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def warm_up() -> None:
    """Compile every template and load matplotlib's fonts: what a batch does once, before its
    workers fork, instead of in each worker's first notebook."""
    from matplotlib.figure import Figure

    env = _env()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().set_title("Xã đạt chỉ tiêu")
    figure_png(fig)


def map_html(m, height: int | None = None) -> str:
    """A map inside the report: an iframe holding its whole page (scripts stay inside the frame),
    and its static image, shown when printing."""
    from . import maps

    page = maps.render(m)
    f = maps.frame(m)
    figure, caption = f.figure, f.caption
    return template("map.html.j2").render(page=page, height=height or f.height, title=f.title or maps.DEFAULT_TITLE,
                                         png=figure_png(figure) if figure is not None else None, caption=caption)


# ---------------------------------------------------------------- notebooks

def stylesheet() -> str:
    """The report's component styles (scoped to antt-* classes: safe inside JupyterLab)."""
    from . import assets

    return assets.own("report.css")


def activate() -> None:
    """In a notebook: show DataFrames described by present.table, folium maps, figures and text
    blocks as the report shows them, and load the report's stylesheet. Plain DataFrames keep
    pandas' own display; every object's text/plain form is unchanged (the data itself)."""
    import folium
    from IPython import get_ipython
    from IPython.display import HTML, display
    from matplotlib.figure import Figure

    ip = get_ipython()
    if ip is None:
        return
    fmt = ip.display_formatter.formatters["text/html"]

    def frame(df):
        return html(df) if present.describe(df) is not None else df._repr_html_()

    fmt.for_type(pd.DataFrame, frame)
    for kind in (folium.Map, Figure, present.Header, present.Heading, present.Text, present.Provenance,
                 present.Columns):
        fmt.for_type(kind, html)
    # the figure is shown once, as HTML (IPython's inline backend would add a PNG as well)
    ip.display_formatter.formatters["image/png"].type_printers.pop(Figure, None)
    from . import assets

    display(HTML(assets.style_tag(stylesheet())), metadata={STYLESHEET_OUTPUT: True})


# ---------------------------------------------------------------- the page around a notebook

_HEADING = re.compile(r'<h2 id="([^"]+)"(?: class="[^"]*")?>(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h2>', re.S)


def toc(body: str) -> list[tuple[str, str]]:
    """(anchor, text) of each h2 heading of a rendered notebook body."""
    out = []
    for anchor, inner in _HEADING.findall(body):
        text = html_lib.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        out.append((html_lib.unescape(anchor), text))
    return out


def page(body: str, title: str) -> str:
    """A standalone report page: the stylesheets, a table of contents, the rendered body."""
    from . import assets

    return template("report.html.j2").render(title=title, body=Markup(body), toc=toc(body),
                                             css=Markup(assets.own("page.css") + assets.own("report.css")),
                                             version=__version__)
