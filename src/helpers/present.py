"""How a section's data is presented, kept beside the data rather than baked into HTML.

A section returns plain data objects: a DataFrame (Vietnamese headers, numbers kept as numbers),
a folium.Map, a matplotlib Figure, or one of the small text blocks below. For a DataFrame,
`table(...)` returns a `Table`, a DataFrame that carries how the report shows it (`spec`):
caption, CSV download, which rows to flag, links, number formats, text around it. It stays a
DataFrame: an analyst sorts, filters and joins it, and the description follows the frames
pandas derives from it (a caption may hold `{n}`, the number of rows, filled in when it is
shown). helpers.render turns all of these into HTML, in JupyterLab and in the report alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import gazetteer
from .formats import FORMATS
from .labels import DEFAULT_TEXT, PARAMETER_LABELS, VINTAGE_LABELS

# how a block is drawn as HTML in a notebook: helpers.render gives it (use_html) when it is
# imported, so that this module, which render reads, does not import render back
_HTML_OF: list = []


def use_html(html) -> None:
    """Draw the blocks of this module with `html` (helpers.render.html) in a notebook."""
    _HTML_OF[:] = [html]


def _html(block) -> str | None:
    """The block's HTML, or None (its text) before helpers.render is imported."""
    return _HTML_OF[0](block) if _HTML_OF else None
KPI_COLUMNS = ("Chỉ số", "Số lượng", "Trên tổng số", "Đơn vị tính")  # the columns of key-figure cards


class Table(pd.DataFrame):
    """A DataFrame with the description of how the report shows it (`spec`, made by `table`).
    pandas' documented way to extend a DataFrame, a subclass naming its extra attribute in
    `_metadata`, so that a frame derived from it (sorted, filtered) keeps the description; its
    columns are plain Series."""

    _metadata = ["spec"]
    spec: dict | None = None

    @property
    def _constructor(self):
        return Table

    @property
    def _constructor_sliced(self):
        return pd.Series


def table(df: pd.DataFrame, caption: str = "", *, csv: str | None = None, flag: dict | None = None,
          links: dict[str, str] | None = None, hidden: list[str] | None = None,
          formats: dict[str, str] | None = None, intro: str = "", notes: list[str] | None = None,
          bullets: list[str] | None = None, collapsed: str = "", kind: str = "table",
          group: list[str] | None = None, paper: bool = False) -> Table:
    """Describe how the report shows `df` and return it (the same data, described).

    caption   the table's caption; `{n}` is replaced by the number of rows when shown
    csv       file name of the CSV download (raw values), or None for no download
    flag      rows to highlight: {"column": c, "in": [values]} or {"column": c, "not_in": [...]}
              or {"column": c, "true": True} (a truthy cell flags its row)
    links     column → column holding each row's relative href (None: no link)
    hidden    columns kept in the data (and the CSV) but not shown
    formats   column → one of FORMATS; by default from the column's type
    intro, notes, bullets   text before the table, notes after it, a list after the notes
    collapsed the summary line of a collapsed table (<details>), or "" for an open table
    paper     True: a collapsed table printed open (an annex's); by default only its summary line
              is printed (the full list is in the HTML file and its CSV)
    kind      "table", or "kpis" (key-figure cards from the columns KPI_COLUMNS: what is counted,
              the count, the total it is out of (or NA) and the unit)
    group     columns whose value is shown only where it changes (rows of one commune, say)

    >>> df = table(pd.DataFrame({"Xã": ["A"], "Số vụ": [3]}), "Bảng ({n} xã)", csv="bang.csv")
    >>> describe(df)["caption"], describe(df)["csv"]
    ('Bảng ({n} xã)', 'bang.csv')
    """
    bad = [f for f in (formats or {}).values() if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown table format(s) {bad}; expected one of {FORMATS}")
    if kind not in ("table", "kpis"):
        raise ValueError(f"unknown table kind {kind!r}")
    out = Table(df.reset_index(drop=True))  # a copy: the caller's frame is left as it is
    out.spec = {"caption": caption, "csv": csv, "flag": flag, "links": dict(links or {}),
                "hidden": list(hidden or []), "formats": dict(formats or {}), "intro": intro,
                "notes": list(notes or []), "bullets": list(bullets or []), "collapsed": collapsed,
                "kind": kind, "group": list(group or []), "paper": paper}
    return out


def describe(df: pd.DataFrame) -> dict | None:
    """The description `table` gave a frame, or None for a plain frame."""
    return df.spec if isinstance(df, Table) else None


def bare(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as a plain DataFrame, without its description (the same data)."""
    return pd.DataFrame(df) if isinstance(df, Table) else df


def flagged(df: pd.DataFrame) -> list[bool]:
    """Which rows the description flags (none when the flag's column is gone)."""
    spec = describe(df) or {}
    rule = spec.get("flag")
    if not rule or rule.get("column") not in df:
        return [False] * len(df)
    col = df[rule["column"]].astype(object).where(df[rule["column"]].notna(), None)  # NA: flags nothing
    if "in" in rule:
        return [v is not None and v in rule["in"] for v in col]
    if "not_in" in rule:
        return [v is not None and v not in rule["not_in"] for v in col]
    return [bool(v) if v is not None else False for v in col]


def parameters(values: dict) -> tuple[tuple[str, str], ...]:
    """Notebook parameters as a reader sees them: Vietnamese names, values in words (provinces
    by name, the administrative units by their date, file paths by their file name)."""
    out = []
    for k, v in values.items():
        if k == "vintage":
            v = VINTAGE_LABELS.get(v, v)
        elif k in ("province", "provinces"):
            refs = v if isinstance(v, (list, tuple)) else [v]
            v = ", ".join(gazetteer.province(p, values.get("vintage", "legacy")).name for p in refs if p)
        elif k in ("data", "boundaries") and v:
            v = Path(str(v)).name
        elif isinstance(v, (list, tuple)):
            v = ", ".join(map(str, v))
        out.append((PARAMETER_LABELS.get(k, k), DEFAULT_TEXT.get(k, "mặc định") if v in (None, "") else str(v)))
    return tuple(out)


# ---------------------------------------------------------------- text blocks

@dataclass(frozen=True)
class Header:
    """A report's title, subtitle and the notices every output must carry; `lead`, the headline
    sentences, right under the title: what the first screen states, on a phone too."""

    title: str
    subtitle: str
    notices: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()  # the document's particulars (province, year, data source …)
    lead: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return "\n".join([self.title, self.subtitle, *self.lead, *(f"{k}: {v}" for k, v in self.facts),
                          *self.notices])

    def _repr_html_(self) -> str | None:
        return _html(self)


@dataclass(frozen=True)
class Heading:
    """A section's heading in a report (its anchor made from the text); an annex's heading starts
    a new page on paper."""

    text: str
    annex: bool = False

    @property
    def anchor(self) -> str:
        import re

        return re.sub(r"[^\w]+", "-", self.text, flags=re.UNICODE).strip("-")

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str | None:
        return _html(self)


@dataclass(frozen=True)
class Text:
    """Paragraphs (and an optional list) of plain text; `note` sets them in the smaller grey type."""

    paragraphs: tuple[str, ...]
    bullets: tuple[str, ...] = ()
    note: bool = False

    def __repr__(self) -> str:
        return "\n".join([*self.paragraphs, *(f"- {b}" for b in self.bullets)])

    def _repr_html_(self) -> str | None:
        return _html(self)


def text(*paragraphs: str, bullets: list[str] | tuple[str, ...] = (), note: bool = False) -> Text:
    return Text(tuple(p for p in paragraphs if p), tuple(bullets), note)


@dataclass(frozen=True)
class Provenance:
    """Where a report comes from: its parameters (Vietnamese names), data, boundaries, version, time."""

    parameters: tuple[tuple[str, str], ...]
    data_source: str
    boundary_source: str
    extra: tuple[str, ...] = field(default_factory=tuple)

    def __repr__(self) -> str:
        return "\n".join([f"{k}: {v}" for k, v in self.parameters] + [self.data_source, self.boundary_source,
                                                                        *self.extra])

    def _repr_html_(self) -> str | None:
        return _html(self)


@dataclass(frozen=True)
class Columns:
    """Objects shown side by side (one column each, under its heading): the maps or the tables
    of several provinces. `items` are (heading, object) pairs; an object may be a list, shown
    one after the other in its column."""

    items: tuple[tuple[str, object], ...]

    def __getitem__(self, heading: str):
        return dict(self.items)[heading]

    def __repr__(self) -> str:
        return "Columns(" + ", ".join(f"{h!r}: {type(o).__name__}" for h, o in self.items) + ")"

    def _repr_html_(self) -> str | None:
        return _html(self)
