"""Folium maps of commune status: offline, deterministic, and safe with any text in the data.

Each commune is a GeoJSON feature with the properties `code`, `name`, `district` and `status`
(plus the failing sub-conditions and the crime count). The data sits in the page as JSON inside
`<script type="application/json">` blocks, read by the workbook's own small runtime
(assets/antt-map.js), which puts every text into the page with `textContent`. Leaflet comes from
the XStatic-Leaflet package and is inlined: the page makes no request when opened.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import json
import os
from pathlib import Path

import branca.element
import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from folium.map import Layer
from jinja2 import Template

from . import assets
from . import criteria as crit
from .attainment import CRIME, failing_labels
from .geometry import COORD_DECIMALS, WGS84
from .labels import BASIC, NOT_ATTAINED, DISTRICT_OUTLINE, PROVINCE_OUTLINE, STATUS_ORDER, STATUSES


# ---------------------------------------------------------------- determinism

@contextlib.contextmanager
def deterministic_ids(prefix: str = "antt"):
    """Within the block, branca elements get ids from a counter instead of random bytes,
    so the same map renders to the same bytes."""
    counter = itertools.count(1)
    original = branca.element.Element.__dict__["_generate_id"]
    branca.element.Element._generate_id = classmethod(lambda cls: f"{prefix}{next(counter):05d}")
    try:
        yield
    finally:
        branca.element.Element._generate_id = original


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

class JsonData(MacroElement):
    """A JSON block in the page header, read by the runtime with ANTT.read(dom_id)."""

    _template = Template(
        "{% macro header(this, kwargs) %}"
        '<script type="application/json" id="{{ this.dom_id }}">{{ this.payload }}</script>'
        "{% endmacro %}")

    def __init__(self, dom_id: str, data):
        super().__init__()
        self._name = "JsonData"
        self.dom_id = dom_id
        self.payload = safe_json(data)


class CommuneLayer(Layer):
    """Communes coloured by the status held in property `field`, with text-only tooltips."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = ANTT.communeLayer(ANTT.read({{ this.dom_id|tojson }}), "
        "ANTT.read('antt-statuses'), {{ this.field|tojson }});"
        "{% endmacro %}")

    def __init__(self, dom_id: str, field: str, name: str, show: bool = True, overlay: bool = False):
        super().__init__(name=name, overlay=overlay, control=True, show=show)
        self._name = "CommuneLayer"
        self.dom_id = dom_id
        self.field = field


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


class Legend(MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "ANTT.legend({{ this._parent.get_name() }}, ANTT.read('antt-statuses'), {{ this.order }}, "
        "{{ this.title }}, {{ this.notices }});"
        "{% endmacro %}")

    def __init__(self, title: str, notices: list[str], order: list[str]):
        super().__init__()
        self._name = "Legend"
        # JSON literals, readable in the page source, with <, > and & escaped
        self.title, self.notices, self.order = safe_json(title), safe_json(notices), safe_json(order)


class OfflineAssets(MacroElement):
    """Leaflet and the workbook runtime, inline in the page header."""

    _template = Template(
        "{% macro header(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self):
        super().__init__()
        self._name = "OfflineAssets"
        self.code = "".join([
            assets.style_tag(assets.leaflet_css()),
            assets.style_tag(assets.own("antt-map.css")),
            assets.script_tag(assets.leaflet_js()),
            assets.script_tag(assets.own("antt-map.js")),
        ])


def _offline_map(bounds: tuple[float, float, float, float]) -> folium.Map:
    m = folium.Map(location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2], tiles=None,
                   zoom_start=9, zoom_snap=0.25, control_scale=False, prefer_canvas=False)
    # no CDN: folium's default links are dropped and Leaflet is inlined instead
    m.default_js = []
    m.default_css = []
    m.add_child(OfflineAssets(), name="antt_assets")
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return m


# ---------------------------------------------------------------- the status map

def status_palette(counts: dict[str, int] | None = None) -> dict:
    """The status colours and labels as the runtime reads them (one source: labels.STATUSES)."""
    out = {}
    for code in STATUS_ORDER:
        s = STATUSES[code]
        out[code] = {"label": s.label, "colour": s.colour, "outline": s.outline, "dashed": s.dashed}
        if counts is not None:
            out[code]["count"] = int(counts.get(code, 0))
    return out


def commune_properties(status: pd.DataFrame) -> pd.DataFrame:
    """The feature properties of each commune, from a commune_status frame. The failing
    sub-conditions shown are those of the next step up: basic 19.2 for a xã that does not
    attain it, advanced 19.2 for one that attains only the basic indicator."""
    basic_ids = set(crit.sub_condition_ids("commune_19_2_basic"))
    failing, heads = [], []
    for st, ids in zip(status["status"], status["failing"]):
        if st == NOT_ATTAINED:
            failing.append(failing_labels([i for i in ids if i in basic_ids]))
            heads.append("Điều kiện 19.2 chưa đạt:")
        elif st == BASIC:
            failing.append(failing_labels([i for i in ids if i not in basic_ids]))
            heads.append("Điều kiện 19.2 nâng cao chưa đạt:")
        else:
            failing.append([])
            heads.append(None)
    return pd.DataFrame({
        "code": status["code"].astype(str),
        "name": status["name"],
        "district": status["district_name"] if "district_name" in status else None,
        "status": status["status"],
        "failing": failing,
        "failing_head": heads,
        CRIME: status[CRIME].astype("object").where(status[CRIME].notna(), None),
    })


def district_features(geo: gpd.GeoDataFrame, names: pd.DataFrame, districts_geo: gpd.GeoDataFrame | None = None) -> dict:
    """District outlines (the real ones when given, else the union of their communes) with a
    label point inside each."""
    if districts_geo is not None:
        d = districts_geo.to_crs(WGS84)[["code", "geometry"]].copy()
    else:
        d = geo.dissolve(by="district_code", as_index=False, method="coverage")[["district_code", "geometry"]]
        d = d.rename(columns={"district_code": "code"})
    d["code"] = d["code"].astype(str)
    pts = d.geometry.representative_point()
    props = pd.DataFrame({"code": d["code"], "label_lon": pts.x.round(COORD_DECIMALS),
                          "label_lat": pts.y.round(COORD_DECIMALS)})
    props = props.merge(names.rename(columns={"short_name": "label"})[["code", "name"]], on="code", how="left")
    return feature_collection(d, props)


def status_map(geo: gpd.GeoDataFrame, status: pd.DataFrame, *, title: str, notices: list[str],
               districts: pd.DataFrame, districts_geo: gpd.GeoDataFrame | None = None) -> folium.Map:
    """The commune status map of one province and year.

    `geo` holds one polygon per commune (code, district_code), `status` comes from
    attainment.commune_status, `districts` from gazetteer.districts (names), `districts_geo`
    optionally the real district polygons. `notices` are shown on the map (data and boundary
    honesty: illustrative data, approximate boundaries)."""
    missing = sorted(set(status["code"]) - set(geo["code"]))
    if missing:
        raise ValueError(f"no shape for {len(missing)} commune(s), e.g. {', '.join(missing[:5])}")
    with deterministic_ids():
        m = _offline_map(tuple(geo.to_crs(WGS84).total_bounds))
        counts = status["status"].value_counts().to_dict()
        root = m  # header macros of these elements land in the page header at render time
        root.add_child(JsonData("antt-statuses", status_palette(counts)), name="antt_statuses")
        root.add_child(JsonData("antt-communes", feature_collection(geo, commune_properties(status))),
                       name="antt_communes")
        dist = district_features(geo, districts, districts_geo)
        root.add_child(JsonData("antt-districts", dist), name="antt_districts")
        province = shapely.union_all(
            (districts_geo.to_crs(WGS84) if districts_geo is not None else geo).geometry.values)
        root.add_child(JsonData("antt-province", json.loads(shapely.to_geojson(_round(province)))),
                       name="antt_province")
        CommuneLayer("antt-communes", "status", "Xã theo mức đạt chỉ tiêu 19.2").add_to(m)
        OutlineLayer("antt-districts", "Ranh giới huyện", DISTRICT_OUTLINE, 1.6).add_to(m)
        OutlineLayer("antt-province", "Ranh giới tỉnh", PROVINCE_OUTLINE, 2.4).add_to(m)
        DistrictNames("antt-districts", "Tên huyện").add_to(m)
        Legend("Chỉ tiêu 19.2 (an ninh, trật tự)", [title] + notices, STATUS_ORDER).add_to(m)
        folium.LayerControl(collapsed=True).add_to(m)
    return m


# ---------------------------------------------------------------- output

def render(m: folium.Map) -> str:
    """The full standalone HTML page of a map."""
    with deterministic_ids("antt_r"):
        page = m.get_root().render()
    return page.replace("<html>", '<html lang="vi">', 1)


def write_atomic(path: Path, text: str) -> Path:
    """Write a file through a temporary name in the same folder, then rename it into place,
    so a reader never sees half a file and a failure leaves the old file intact."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def save(m: folium.Map, path: Path) -> Path:
    """Render a map and write it atomically."""
    return write_atomic(path, render(m))


def embed(m: folium.Map, height: int = 640):
    """The map for display inside a notebook or report: an iframe holding the whole page."""
    from IPython.display import HTML

    doc = html.escape(render(m), quote=True)
    return HTML(f'<div class="antt-map-frame"><iframe class="antt-map" srcdoc="{doc}" '
                f'style="width:100%;height:{height}px;border:1px solid #ccc" title="Bản đồ"></iframe></div>')
