"""Folium maps of commune status: offline, deterministic, and safe with any text in the data.

Each commune is a GeoJSON feature with the properties `code`, `name`, `district` and `status`
(plus the failing sub-conditions and the crime count). The data sits in the page as JSON inside
`<script type="application/json">` blocks, read by the workbook's own small runtime
(assets/antt-map.js), which puts every text into the page with `textContent`. Leaflet comes from
the XStatic-Leaflet package and is inlined: the page makes no request when opened.
"""

from __future__ import annotations

import copy
import json
import re
import weakref
from dataclasses import dataclass
from pathlib import Path

import branca.element
import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.map import Layer
from jinja2 import Template

from . import assets, formats
from . import criteria as crit
from .attainment import CRIME, next_step
from .geometry import COORD_DECIMALS, WGS84, dissolve_districts
from .labels import (
    DISTRICT_OUTLINE,
    FAIL,
    NO_DATA,
    NOT_APPLICABLE,
    PASS,
    PROVINCE_OUTLINE,
    SHARE_CLASSES,
    STATUS_ORDER,
    STATUSES,
    VIEW_CLASSES,
)

# ---------------------------------------------------------------- determinism

# branca names each element `<name>_<id>`, the id 32 random hex digits (os.urandom, uuid4)
_ELEMENT_ID = re.compile(r"_([0-9a-f]{32})(?![0-9a-f])")
_DATA_OPEN, _DATA_CLOSE = '<script type="application/json"', "</script>"


def _without_data(page: str) -> str:
    """The page's markup and scripts, without its JSON data blocks."""
    parts, i = [], 0
    while (j := page.find(_DATA_OPEN, i)) >= 0:
        parts.append(page[i:j])
        k = page.find(_DATA_CLOSE, j)
        i = len(page) if k < 0 else k + len(_DATA_CLOSE)
    parts.append(page[i:])
    return "".join(parts)


def stable_ids(page: str, prefix: str = "antt") -> str:
    """The page with branca's random element ids numbered in the order they first appear
    (`map_antt00001` …), so that the same map renders to the same bytes. The ids are read from the
    markup and scripts, not from the data blocks; a map made with folium alone works the same."""
    ids = dict.fromkeys(_ELEMENT_ID.findall(_without_data(page)))
    if not ids:
        return page
    numbered = {old: f"_{prefix}{i:05d}" for i, old in enumerate(ids, 1)}
    return _ELEMENT_ID.sub(lambda m: numbered.get(m.group(1), m.group()), page)


class Verbatim(branca.element.Element):
    """Text put in the page as it is. branca wraps what a macro renders in `Element(text)`,
    which compiles the text as a jinja template to render it back unchanged; for a map's data
    (about 1 MB of JSON) and the inlined Leaflet that compiling was most of the render time, and
    data holding `{{` would have been read as template syntax."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class HeaderBlock(MacroElement):
    """An element whose whole output is one block of the page header (`header_text()`), put
    there verbatim: MacroElement.render's placing of a header, without the template."""

    def header_text(self) -> str:
        raise NotImplementedError

    def render(self, **kwargs) -> None:
        self.get_root().header.add_child(Verbatim(self.header_text()), name=self.get_name())


# ---------------------------------------------------------------- GeoJSON

def _round(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geom, lambda xy: np.round(xy, COORD_DECIMALS))


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def feature_collection(geo: gpd.GeoDataFrame, props: pd.DataFrame, key: str = "code") -> dict:
    """GeoJSON FeatureCollection of `geo` (EPSG:4326) with the columns of `props` joined on `key`,
    sorted by `key`, coordinates rounded to about one metre."""
    g = geo.to_crs(WGS84) if geo.crs is not None and str(geo.crs) != WGS84 else geo
    merged = g[[key, "geometry"]].merge(props, on=key, how="left", validate="one_to_one").sort_values(key)
    features = []
    for row in merged.itertuples(index=False):
        d = row._asdict()
        geom = d.pop("geometry")
        features.append({"type": "Feature", "id": str(d[key]),
                         "properties": {k: _plain(v) for k, v in d.items()},
                         "geometry": json.loads(shapely.to_geojson(_round(geom)))})
    return {"type": "FeatureCollection", "features": features}


def safe_json(data) -> str:
    """JSON that can sit inside a <script> element: <, > and & are escaped as \\u sequences."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def read_features(page: str, dom_id: str = "antt-communes") -> dict:
    """The GeoJSON embedded in a map page (for tests and other tools)."""
    start_tag = f'<script type="application/json" id="{dom_id}">'
    i = page.index(start_tag) + len(start_tag)
    j = page.index("</script>", i)
    return json.loads(page[i:j])


# ---------------------------------------------------------------- folium elements

class JsonData(HeaderBlock):
    """A JSON block in the page header, read by the runtime with ANTT.read(dom_id)."""

    def __init__(self, dom_id: str, data):
        super().__init__()
        self._name = "JsonData"
        self.dom_id = dom_id
        self.payload = safe_json(data)

    def header_text(self) -> str:
        return f'<script type="application/json" id="{self.dom_id}">{self.payload}</script>'


class Atlas(Layer):
    """The commune layer and its controls (view, year, legend, search, fullscreen, notices),
    drawn by the runtime from the JSON blocks antt-communes and antt-config."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = ANTT.atlas({{ this._parent.get_name() }}, "
        "ANTT.read('antt-communes'), ANTT.read('antt-config'));"
        "{% endmacro %}")

    def __init__(self):
        # the runtime adds the layer to the map itself; it is not in the layer control
        super().__init__(name="Xã", overlay=True, control=False, show=False)
        self._name = "Atlas"


class OutlineLayer(Layer):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = ANTT.outlineLayer(ANTT.read({{ this.dom_id|tojson }}), "
        "{{ this.colour|tojson }}, {{ this.weight }});"
        "{% endmacro %}")

    def __init__(self, dom_id: str, name: str, colour: str, weight: float, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "OutlineLayer"
        self.dom_id, self.colour, self.weight = dom_id, colour, weight


class DistrictNames(Layer):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = ANTT.districtNames(ANTT.read({{ this.dom_id|tojson }}));"
        "{% endmacro %}")

    def __init__(self, dom_id: str, name: str):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "DistrictNames"
        self.dom_id = dom_id


class OfflineAssets(HeaderBlock):
    """Leaflet and the workbook runtime, inline in the page header."""

    def __init__(self):
        super().__init__()
        self._name = "OfflineAssets"
        self.code = "".join([
            assets.style_tag(assets.leaflet_css()),
            assets.style_tag(assets.own("antt-map.css")),
            assets.script_tag(assets.leaflet_js()),
            assets.script_tag(assets.own("antt-map.js")),
        ])

    def header_text(self) -> str:
        return self.code


# the maps made offline (helpers.maps.offline), each once
_OFFLINE: "weakref.WeakSet[folium.Map]" = weakref.WeakSet()


def offline(m: folium.Map) -> folium.Map:
    """Any folium map (e.g. from GeoDataFrame.explore) made to draw without the Internet: Leaflet
    inline instead of folium's CDN links. folium's other default assets (jQuery, Bootstrap,
    awesome markers) are dropped; maps made of GeoJSON layers and tooltips do not use them."""
    if m not in _OFFLINE:
        _OFFLINE.add(m)
        m.default_js = []
        m.default_css = []
        m.add_child(OfflineAssets(), name="antt_assets")
    return m


def _offline_map(bounds: tuple[float, float, float, float]) -> folium.Map:
    m = folium.Map(location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2], tiles=None,
                   zoom_start=9, zoom_snap=0.25, control_scale=False, prefer_canvas=False,
                   # no tiles, so nothing to credit; Leaflet's default credit carries a foreign flag
                   attribution_control=False)
    # no CDN: folium's default links are dropped and Leaflet is inlined instead
    offline(m)
    # the runtime fits the opening view (helpers/assets/antt-map.js, without an animation: a
    # zoom still animating would ignore the fit made once the page is laid out)
    return m


# ---------------------------------------------------------------- the status map

def _fill_holes(geom: shapely.Geometry) -> shapely.Geometry:
    """The outline of an area: its parts without their holes (specks between real polygons)."""
    parts = [shapely.Polygon(p.exterior) for p in getattr(geom, "geoms", [geom]) if p.geom_type == "Polygon"]
    return shapely.union_all(parts) if parts else geom


def _class(s) -> dict:
    return {"label": s.label, "colour": s.colour, "outline": s.outline, "dashed": s.dashed}


def _texts(c: crit.Criteria) -> dict:
    """What a map says under one criteria set: the views' names, the statuses' labels, the
    heading of the failing conditions."""
    return {"views": {"status": f"Mức đạt chỉ tiêu {c.named('basic')}",
                      "basic": f"{c.short('basic')} (bộ tiêu chí xã nông thôn mới)",
                      "advanced": c.short("advanced")},
            "classes": {code: c.status_label(code) for code in STATUS_ORDER},
            "heads": {st: next_step(st, [], c)[1] for st in STATUS_ORDER if next_step(st, [], c)[1]}}


def map_config(years: list[int], year: int, notices: list[str]) -> dict:
    """Views, classes (colours from labels.py, names from the criteria set of each year) and
    years, as the runtime reads them."""
    sets = {int(y): crit.for_year(y) for y in years}
    here = _texts(sets[int(year)])
    two = [PASS, FAIL, NOT_APPLICABLE, NO_DATA]
    views = [{"id": "status", "label": here["views"]["status"], "classes": STATUS_ORDER},
             {"id": "basic", "label": here["views"]["basic"], "classes": two},
             {"id": "advanced", "label": here["views"]["advanced"], "classes": two}]
    sub_labels: dict[str, str] = {}
    for c in {c.id: c for c in sets.values()}.values():
        for ind in c.for_level("commune"):
            for sub in ind.sub_conditions:
                if sub.id not in sub_labels:
                    mark = " (nội dung chưa xác nhận)" if sub.confidence == "U" else ""
                    views.append({"id": f"sc:{sub.id}", "label": f"Điều kiện: {sub.label}{mark}", "classes": two})
                sub_labels[sub.id] = sub.label
    classes = {code: _class(s) for code, s in {**STATUSES, **VIEW_CLASSES}.items()}
    for code, label in here["classes"].items():
        classes[code]["label"] = label
    return {"views": views, "classes": classes, "years": [int(y) for y in years], "year": int(year),
            "notices": notices, "sub_labels": sub_labels, "failing_heads": here["heads"], "thousands": formats.THOUSANDS,
            # what changes with the criteria set of the year shown
            "year_texts": {str(y): _texts(c) for y, c in sets.items()}}


def _year_properties(status: pd.DataFrame, c: crit.Criteria) -> dict[str, dict]:
    """Per commune, what the map shows for one year, compactly (keys the runtime reads):
    s status, b/a basic/advanced verdicts, f failing sub-condition ids of the next step up,
    k crime count, n note, g commune group, sc each sub-condition (true/false). Missing values
    are left out."""
    subs = c.sub_condition_columns("commune")
    none = [None] * len(status)

    def column(name: str, required: bool = True) -> list:  # read column by column: one pass each
        return [_plain(v) for v in status[name].tolist()] if required or name in status else none

    code, st, failing = status["code"].tolist(), status["status"].tolist(), status["next_failing"].tolist()
    basic, advanced, crime = column("basic"), column("advanced"), column(CRIME)
    note, group = column("note", False), column(crit.GROUP, False)
    sub_values = [(k, column(f"sc_{k}", False)) for k in subs]
    out = {}
    for i in range(len(status)):
        rec = {"s": st[i], "b": basic[i], "a": advanced[i], "f": list(failing[i]), "k": crime[i], "n": note[i] or None,
               "g": group[i]}
        if st[i] != NOT_APPLICABLE:
            rec["sc"] = {k: values[i] for k, values in sub_values if values[i] is not None}
        out[code[i]] = {k: v for k, v in rec.items() if v not in (None, [], {})}
    return out


def commune_properties(history: dict[int, pd.DataFrame], year: int) -> pd.DataFrame:
    """Feature properties of each commune: code, name, district, status (of `year`), and the
    same for every year of `history` (attainment.commune_status frames by year)."""
    current = history[year]
    per_year = {str(y): _year_properties(st, crit.for_year(y)) for y, st in sorted(history.items())}
    return pd.DataFrame({
        "code": current["code"].astype(str),
        "name": current["name"],
        "district": current["district_name"] if "district_name" in current else None,
        "status": current["status"],
        "years": [{y: per_year[y].get(code) for y in per_year if per_year[y].get(code)} for code in current["code"]],
    })


def district_features(geo: gpd.GeoDataFrame, names: pd.DataFrame, districts_geo: gpd.GeoDataFrame | None = None,
                      dissolved: gpd.GeoDataFrame | None = None) -> dict:
    """District outlines (the real ones when given, else the union of their communes:
    `dissolved`, if already computed by geometry.dissolve_districts) with a label point inside each."""
    if districts_geo is not None:
        d = districts_geo.to_crs(WGS84)[["code", "geometry"]].copy()
    else:
        d = (dissolved if dissolved is not None else dissolve_districts(geo)).rename(columns={"district_code": "code"})
    d["code"] = d["code"].astype(str)
    props = label_properties(d).merge(names.rename(columns={"short_name": "label"})[["code", "name"]], on="code",
                                      how="left")
    return feature_collection(d, props)


def label_properties(units: gpd.GeoDataFrame) -> pd.DataFrame:
    """Where each unit's name goes (a point inside its largest part), its extent (label_bbox: a
    name wider than its unit is not shown) and its rank (larger units are labelled first)."""
    g = units.to_crs(WGS84)
    largest = [max(getattr(x, "geoms", [x]), key=lambda part: part.area) for x in g.geometry]
    pts = shapely.point_on_surface(largest)
    bounds = np.round(shapely.bounds(largest), COORD_DECIMALS)
    area = np.array([x.area for x in g.geometry])
    rank = pd.Series(area).rank(method="first").astype(int).to_numpy()
    return pd.DataFrame({"code": g["code"].astype(str).to_numpy(),
                         "label_lon": np.round(shapely.get_x(pts), COORD_DECIMALS),
                         "label_lat": np.round(shapely.get_y(pts), COORD_DECIMALS),
                         "label_bbox": [list(b) for b in bounds], "label_rank": rank})


class TerritoryLayer(Layer):
    """The islands and archipelagos of the national territory (helpers.territory), always shown."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = ANTT.territory(ANTT.read('antt-territory')).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}")

    def __init__(self):
        super().__init__(name="Biển, đảo", overlay=True, control=False, show=True)
        self._name = "TerritoryLayer"


class Inset(MacroElement):
    """An overview of the whole province with its far islands, in a corner of the map."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "ANTT.inset({{ this._parent.get_name() }}, ANTT.read('antt-province'), ANTT.read('antt-territory'));"
        "{% endmacro %}")

    def __init__(self):
        super().__init__()
        self._name = "Inset"


def territory_data(vintage: str, province_code: str | None = None) -> dict:
    """The islands to draw (those no commune-level unit of the map draws already, and the small
    ones of the units too, as dots) and the names of their groups, for the runtime."""
    from . import territory

    f = territory.features(vintage, province_code)
    f = f[~(f["in_unit"] & (f["radius_km"] > territory.DOT_MAX_KM))]  # a large island shows as its shape
    lab = territory.labels(vintage, province_code)
    return {"islands": [{"name": r.name, "label": r.label, "lon": r.lon, "lat": r.lat} for r in f.itertuples()],
            "labels": [{"label": r.label, "archipelago": bool(r.archipelago), "lon": r.lon, "lat": r.lat}
                       for r in lab.itertuples()]}


def _leaflet_bounds(b: tuple) -> list:
    """(min_lon, min_lat, max_lon, max_lat) as Leaflet's [[south, west], [north, east]]."""
    return [[round(float(b[1]), COORD_DECIMALS), round(float(b[0]), COORD_DECIMALS)],
            [round(float(b[3]), COORD_DECIMALS), round(float(b[2]), COORD_DECIMALS)]]


def _add_territory(m: folium.Map, data: dict) -> bool:
    if not data["islands"] and not data["labels"]:
        return False
    m.add_child(JsonData("antt-territory", data), name="antt_territory")
    TerritoryLayer().add_to(m)
    return True


def _islands_in_view(geo: gpd.GeoDataFrame, vintage: str, far: list[str] | tuple) -> list[str]:
    """The units of the map on islands (helpers.territory) that its opening view shows: no
    control may cover them."""
    from . import territory

    return sorted((set(territory.unit_islands(vintage)) & set(geo["code"])) - set(far))


def _outside(view: tuple, data: dict) -> bool:
    """Whether some island of the territory lies beyond the opening view (min_lon, min_lat, max_lon, max_lat)."""
    return any(not (view[0] <= i["lon"] <= view[2] and view[1] <= i["lat"] <= view[3]) for i in data["islands"])


def _bounds_with(bounds: tuple, data: dict) -> tuple[float, float, float, float]:
    lons = [bounds[0], bounds[2]] + [i["lon"] for i in data["islands"]]
    lats = [bounds[1], bounds[3]] + [i["lat"] for i in data["islands"]]
    return min(lons), min(lats), max(lons), max(lats)


def status_map(geo: gpd.GeoDataFrame, history: dict[int, pd.DataFrame], year: int, *, title: str,
               notices: list[str], districts: pd.DataFrame, districts_geo: gpd.GeoDataFrame | None = None,
               province_code: str | None = None, vintage: str = "legacy",
               island_codes: list[str] | tuple = (), dissolved: gpd.GeoDataFrame | None = None) -> folium.Map:
    """The commune status map of one province, opening on `year`, with every year of `history`.

    `geo` holds one polygon per commune (code, district_code); `history` maps each year to
    attainment.commune_status; `districts` (gazetteer.districts) names the districts and
    `districts_geo` optionally gives their real polygons. `notices` are shown on the map (data
    and boundary honesty). No base layer of tiles is offered: an online one would need the Internet
    and could draw the East Sea with other names for the national territory. `province_code` (of `vintage`)
    adds the province's islands and archipelagos (helpers.territory); `island_codes` are units on
    far islands: the map opens on the others, and an overview in a corner shows them all.
    `dissolved`: geometry.dissolve_districts(geo), when the caller has it already."""
    status = history[year]
    if districts_geo is None and dissolved is None:
        dissolved = dissolve_districts(geo)
    missing = sorted(set(status["code"]) - set(geo["code"]))
    if missing:
        raise ValueError(f"no shape for {len(missing)} commune(s), e.g. {', '.join(missing[:5])}")
    terr = territory_data(vintage, province_code) if province_code else {"islands": [], "labels": []}
    on_land = geo[~geo["code"].isin(set(island_codes))] if island_codes else geo
    view = tuple((on_land if len(on_land) else geo).to_crs(WGS84).total_bounds)
    # the map opens on the mainland; far islands are on it too, and in the corner's overview
    m = _offline_map(view)
    frame(m).title = title
    m.add_child(JsonData("antt-config", {**map_config(sorted(history), year, [title] + notices),
                                         "view": _leaflet_bounds(view),
                                         "keep_clear": _islands_in_view(geo, vintage, island_codes)}),
                name="antt_config")
    m.add_child(JsonData("antt-communes", feature_collection(geo, commune_properties(history, year))),
                name="antt_communes")
    m.add_child(JsonData("antt-districts", district_features(geo, districts, districts_geo, dissolved)),
                name="antt_districts")
    outlines = districts_geo.to_crs(WGS84) if districts_geo is not None else dissolved
    province = _fill_holes(shapely.union_all(outlines.geometry.values))
    m.add_child(JsonData("antt-province", json.loads(shapely.to_geojson(_round(province)))), name="antt_province")
    Atlas().add_to(m)
    OutlineLayer("antt-districts", "Ranh giới huyện", DISTRICT_OUTLINE, 1.6).add_to(m)
    OutlineLayer("antt-province", "Ranh giới tỉnh", PROVINCE_OUTLINE, 2.4).add_to(m)
    if _add_territory(m, terr) and _outside(view, terr):
        Inset().add_to(m)  # islands beyond the opening view: an overview in a corner shows them
    DistrictNames("antt-districts", "Tên huyện").add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


# ---------------------------------------------------------------- maps of many provinces

def share_config(views: list[dict], years: list[int], year: int, notices: list[str]) -> dict:
    """Runtime configuration of a map of shares (labels.SHARE_CLASSES): `views` are
    {"id", "label", "grade"}; each view's legend lists its share classes and "no data"."""
    classes = {c.code: _class(c) for grade in SHARE_CLASSES.values() for c in grade}
    classes[NO_DATA] = _class(STATUSES[NO_DATA])
    return {"views": [{"id": v["id"], "label": v["label"],
                       "classes": [c.code for c in SHARE_CLASSES[v["grade"]]] + [NO_DATA]} for v in views],
            "classes": classes, "years": [int(y) for y in years], "year": int(year), "notices": notices,
            "thousands": formats.THOUSANDS,
            "sub_labels": {}, "failing_heads": {}, "search_placeholder": "Tìm tỉnh, thành phố…",
            "search_label": "Tìm tỉnh theo tên", "link_label": "Mở báo cáo của tỉnh",
            "link_hint": "Bấm vào tỉnh để mở báo cáo của tỉnh."}


def _safe_href(href) -> str | None:
    """Only relative links to HTML files go into a map (never a scheme such as javascript:)."""
    if href is None or (isinstance(href, float) and np.isnan(href)) or href == "":
        return None
    href = str(href)
    if ":" in href or href.startswith(("/", "\\")) or not href.endswith(".html"):
        raise ValueError(f"refusing link {href!r}: only relative links to .html files")
    return href


def share_map(geo: gpd.GeoDataFrame, props: pd.DataFrame, config: dict, names_label: str = "Tên tỉnh",
              vintage: str = "legacy") -> folium.Map:
    """A map of units (provinces) coloured by precomputed share classes, one view per grade.

    `geo` holds code and geometry; `props` holds code, name, href (a relative link to the unit's
    report, or None) and years ({year: {"c": {view: class}, "t": [tooltip lines]}}), and
    optionally label (the short name written on the map)."""
    missing = sorted(set(props["code"]) - set(geo["code"]))
    if missing:
        raise ValueError(f"no shape for {len(missing)} unit(s), e.g. {', '.join(missing[:5])}")
    props = props.assign(href=[_safe_href(h) for h in props["href"]], district="")
    terr = territory_data(vintage)
    # the opening view holds the whole national territory, the archipelagos included
    view = _bounds_with(tuple(geo.to_crs(WGS84).total_bounds), terr)
    m = _offline_map(view)
    frame(m).title = config["notices"][0] if config.get("notices") else DEFAULT_TITLE
    m.options["zoom_start"] = 6
    m.add_child(JsonData("antt-config", {**config, "view": _leaflet_bounds(view)}), name="antt_config")
    m.add_child(JsonData("antt-communes", feature_collection(geo, props)), name="antt_communes")
    labels = label_properties(geo).merge(
        props.assign(name=props["label"] if "label" in props else props["name"])[["code", "name"]], on="code", how="left")
    m.add_child(JsonData("antt-districts", feature_collection(geo, labels)), name="antt_districts")
    country = _fill_holes(shapely.union_all(geo.to_crs(WGS84).geometry.values))
    m.add_child(JsonData("antt-province", json.loads(shapely.to_geojson(_round(country)))), name="antt_province")
    Atlas().add_to(m)
    OutlineLayer("antt-districts", "Ranh giới tỉnh", DISTRICT_OUTLINE, 1.0).add_to(m)
    _add_territory(m, terr)
    DistrictNames("antt-districts", names_label).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


# ---------------------------------------------------------------- output

def render(m: folium.Map) -> str:
    """The full standalone HTML page of a map (made offline first, see `offline`)."""
    offline(m)
    root = m.get_root()
    root.title = frame(m).title or DEFAULT_TITLE  # the page's title, in Vietnamese
    # folium adds to the page while it renders (a shown layer's addTo, under a new id each time):
    # a copy is rendered, so that a map rendered twice (report and stand-alone map) gives one page
    page = stable_ids(copy.deepcopy(root).render())
    # a colour scale's legend (a numeric .explore()) links d3 from a CDN: the local copy instead
    return assets.inline_cdn_scripts(page).replace("<html>", '<html lang="vi">', 1)


def save(m: folium.Map, path: Path | str) -> Path:
    """Render a map and write it atomically (helpers.atomic)."""
    from . import atomic

    return atomic.write(path, render(m))


DEFAULT_TITLE = "Bản đồ"
DEFAULT_HEIGHT = 640


@dataclass
class Frame:
    """What a report shows with a map, beside the map itself: the frame's title and height, and
    the static figure printed in its place (a matplotlib Figure) with its caption."""

    title: str = ""
    height: int = DEFAULT_HEIGHT
    figure: object = None
    caption: str = ""


# each map's frame, kept beside the folium.Map (not as attributes hung on folium's object) and
# gone with it
_FRAMES: "weakref.WeakKeyDictionary[folium.Map, Frame]" = weakref.WeakKeyDictionary()


def frame(m: folium.Map) -> Frame:
    """The frame of a map (an empty one for a map made elsewhere, e.g. by .explore())."""
    if m not in _FRAMES:
        _FRAMES[m] = Frame()
    return _FRAMES[m]


def for_print(m: folium.Map, figure, caption: str, title: str = DEFAULT_TITLE,
              height: int = DEFAULT_HEIGHT) -> folium.Map:
    """Give a map what a report shows with it: a static figure for printing (a matplotlib
    Figure, shown only on paper), its caption, the frame's title and height (helpers.render)."""
    f = frame(m)
    f.figure, f.caption, f.title, f.height = figure, caption, title, height
    return m
