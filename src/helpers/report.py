"""HTML pieces of the reports: headers, notices, tables with a CSV download, the provenance
footer, and the page that wraps a rendered notebook. Every text from the data is escaped.
"""

from __future__ import annotations

import base64
import html
import os
import re
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import __version__
from .paths import ASSETS_DIR


class Fragment:
    """An HTML fragment that displays as HTML in Jupyter and in the rendered report."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def build_time() -> datetime:
    """Time of generation: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch) if epoch else time.time(), tz=timezone.utc)


def format_time(t: datetime) -> str:
    """'20/11/2026 08:15 (UTC+7)' in Vietnam's time zone."""
    local = t.astimezone(timezone.utc).timestamp() + 7 * 3600
    d = datetime.fromtimestamp(local, tz=timezone.utc)
    return d.strftime("%d/%m/%Y %H:%M") + " (giờ Việt Nam)"


def number(x, decimals: int = 1) -> str:
    """Vietnamese number format: decimal comma, dot for thousands."""
    if x is None or (isinstance(x, float) and pd.isna(x)) or x is pd.NA:
        return "–"
    if isinstance(x, (int,)) or (hasattr(x, "is_integer") and float(x).is_integer() and decimals == 0):
        return f"{int(x):,}".replace(",", ".")
    text = f"{float(x):,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def notices(lines: list[str]) -> Fragment:
    """A visible box with the data and boundary notices."""
    if not lines:
        return Fragment("")
    items = "".join(f"<p>{esc(t)}</p>" for t in lines)
    return Fragment(f'<div class="antt-notices" role="note">{items}</div>')


def header(title: str, subtitle: str, lines: list[str]) -> Fragment:
    return Fragment(f'<header class="antt-title"><h1>{esc(title)}</h1><p class="antt-subtitle">{esc(subtitle)}</p>'
                    f"</header>{notices(lines)}")


def csv_link(df: pd.DataFrame, filename: str, label: str = "Tải bảng (CSV)") -> str:
    """A download link holding the table as UTF-8 CSV (with BOM, so Excel reads the accents)."""
    data = ("\ufeff" + df.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")
    uri = "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode()
    return f'<a class="antt-csv" download="{esc(filename)}" href="{uri}">{esc(label)}</a>'


def table(df: pd.DataFrame, caption: str = "", csv_name: str | None = None,
          formats: dict[str, callable] | None = None, highlight: pd.Series | None = None,
          links: dict[str, pd.Series] | None = None) -> Fragment:
    """An escaped HTML table, its caption, and a CSV download of the same rows. `links` maps a
    column to the relative href of each row's cell (None: no link); hrefs are escaped too."""
    links = links or {}
    formats = formats or {}
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in df.columns)
    rows = []
    for i, (_, row) in enumerate(df.iterrows()):
        cells = []
        for c in df.columns:
            v = row[c]
            text = formats[c](v) if c in formats else ("–" if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) else v)
            cls = ' class="num"' if isinstance(v, (int, float)) and not isinstance(v, bool) else ""
            href = links[c].iloc[i] if c in links else None
            inner = f'<a href="{esc(href)}">{esc(text)}</a>' if isinstance(href, str) and href else esc(text)
            cells.append(f"<td{cls}>{inner}</td>")
        mark = ' class="antt-flag"' if highlight is not None and bool(highlight.iloc[i]) else ""
        rows.append(f"<tr{mark}>{''.join(cells)}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    link = csv_link(df, csv_name) if csv_name else ""
    return Fragment(f'<div class="antt-table">{link}<table>{cap}<thead><tr>{head}</tr></thead>'
                    f"<tbody>{''.join(rows)}</tbody></table></div>")


def paragraph(text: str, cls: str = "") -> Fragment:
    c = f' class="{esc(cls)}"' if cls else ""
    return Fragment(f"<p{c}>{esc(text)}</p>")


def bullets(items: list[str]) -> Fragment:
    return Fragment("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")


def image(png: bytes, alt: str, cls: str = "antt-figure") -> Fragment:
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    return Fragment(f'<figure class="{esc(cls)}"><img src="{uri}" alt="{esc(alt)}"/>'
                    f"<figcaption>{esc(alt)}</figcaption></figure>")


def footer(parameters: dict, data_source: str, boundary_source: str, extra: list[str] | None = None) -> Fragment:
    """Provenance: parameters, data and its status, boundaries, project version, time."""
    params = ", ".join(f"{esc(k)} = {esc(v if v not in (None, '') else 'mặc định')}" for k, v in parameters.items())
    lines = [
        f"<dt>Tham số</dt><dd>{params}</dd>",
        f"<dt>Nguồn số liệu</dt><dd>{esc(data_source)}</dd>",
        f"<dt>Ranh giới</dt><dd>{esc(boundary_source)}</dd>",
        f"<dt>Danh mục hành chính</dt><dd>{esc('vietnamadminunits 1.0.4 (mã GSO)')}</dd>",
        f"<dt>Phiên bản công cụ</dt><dd>ANTT Workbook {esc(__version__)}</dd>",
        f"<dt>Thời điểm tạo</dt><dd>{esc(format_time(build_time()))}</dd>",
    ]
    lines += [f"<dt>Ghi chú</dt><dd>{esc(e)}</dd>" for e in (extra or [])]
    return Fragment(f'<footer class="antt-provenance"><h2 id="nguon-goc">Nguồn gốc tài liệu</h2><dl>{"".join(lines)}</dl></footer>')


# ---------------------------------------------------------------- the page around a notebook

_ENV = Environment(loader=FileSystemLoader(str(ASSETS_DIR)), autoescape=select_autoescape(["html", "j2"]))
_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h2>', re.S)


def toc(body: str) -> list[tuple[str, str]]:
    """(anchor, text) of each h2 heading of a rendered notebook body."""
    out = []
    for anchor, inner in _HEADING.findall(body):
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        out.append((html.unescape(anchor), text))
    return out


def page(body: str, title: str, css: str = "") -> str:
    """A standalone report page: our stylesheet, a table of contents, the notebook body."""
    from . import assets

    template = _ENV.get_template("report.html.j2")
    return template.render(title=title, body=body, toc=toc(body),
                           css=assets.own("report.css") + css, version=__version__)


def write(path: Path, text: str) -> Path:
    from .maps import write_atomic

    return write_atomic(path, text)
