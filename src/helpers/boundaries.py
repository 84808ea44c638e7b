"""Real boundary files: reading (GeoJSON, zipped Shapefile, GeoPackage; any CRS), telling commune
files from district files, and matching features to gazetteer units.

Features are matched by GSO code when the file has a code column, else by normalised name
(within the district when the file names districts). What does not match, either way, is
reported; a commune map is drawn only when every commune has a shape.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from . import formats
from .geometry import WGS84
from .names import name_key


class BoundaryError(ValueError):
    """A boundary file that cannot be used (unreadable, no CRS, or not covering every unit)."""


@dataclass
class Match:
    """Gazetteer units matched to a boundary file's features."""

    level: str  # commune or district
    geo: gpd.GeoDataFrame  # code (+ district_code for communes), geometry; EPSG:4326
    by_code: int = 0
    by_name: int = 0
    extra_features: list[str] = field(default_factory=list)  # features matching no unit
    missing_units: list[str] = field(default_factory=list)  # units without a feature ("code name")
    file: str = ""
    simplified: tuple[int, int, int] | None = None  # vertices before and after, tolerance in metres
    layer: str | None = None  # the layer used, in a file of several (a GeoPackage)
    layers: list[str] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return self.by_code + self.by_name

    def summary(self) -> str:
        """The matching counts, in Vietnamese, for reports."""
        unit = "xã" if self.level == "commune" else "huyện"
        parts = [f"khớp {self.matched} {unit} ({self.by_code} theo mã, {self.by_name} theo tên)"]
        if self.layer:
            parts.insert(0, f"lớp «{self.layer}» (tệp có {len(self.layers)} lớp: {', '.join(self.layers)}; "
                            "dùng lớp khớp nhiều đơn vị nhất)")
        if self.extra_features:
            parts.append(f"{len(self.extra_features)} đối tượng trong tệp không khớp đơn vị nào")
        if self.missing_units:
            parts.append(f"{len(self.missing_units)} {unit} không có ranh giới trong tệp")
        if self.simplified:
            before, after, metres = self.simplified
            parts.append(f"ranh giới chi tiết được đơn giản hóa với dung sai {metres} m (từ {formats.count(before)} "
                         f"còn {formats.count(after)} điểm) để bản đồ nhẹ")
        return "; ".join(parts)


FORMATS_TEXT = "GeoJSON, GeoPackage, or a Shapefile (.shp with its .shx, .dbf and .prj) in a .zip"
SHAPEFILE_PARTS = {".shx": "the index of its shapes", ".dbf": "the table of its codes and names"}


FORMATS_TEXT_VI = "tệp GeoJSON, GeoPackage, hoặc Shapefile (.shp kèm .shx, .dbf, .prj) nén trong một tệp .zip"


def _unreadable(path: Path, reason: str) -> BoundaryError:
    return BoundaryError(f"{path}: {reason}; a boundary file is a {FORMATS_TEXT} / không đọc được tệp ranh giới "
                         f"(cần {FORMATS_TEXT_VI})")


def _shapefile_source(path: Path) -> str:
    """What GDAL opens for a Shapefile, given as a .zip or a .shp: the parts it needs are checked
    first, so that a missing one is named (GDAL's own message is an index error)."""
    if path.suffix.lower() == ".shp":
        members, where = {p.name.lower(): p.name for p in path.parent.iterdir()}, "beside it"
        shps = [path.name]
    else:
        try:
            with zipfile.ZipFile(path) as z:
                names = [n for n in z.namelist() if not n.endswith("/") and "__MACOSX" not in n]
        except (zipfile.BadZipFile, OSError) as exc:
            raise _unreadable(path, f"not a readable zip archive ({exc})") from None
        shps = [n for n in names if n.lower().endswith(".shp")]
        others = [n for n in names if n.lower().endswith((".geojson", ".json", ".gpkg"))]
        if not shps and len(others) == 1:
            return f"zip://{path}!{others[0]}"
        if not shps:
            shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "") or "nothing"
            raise _unreadable(path, f"the zip holds no Shapefile (.shp) nor any GeoJSON or GeoPackage; it holds: {shown}")
        if len(shps) > 1:
            raise _unreadable(path, f"the zip holds {len(shps)} Shapefiles ({', '.join(shps)}): give one zip per "
                                    "boundary file")
        members, where = {n.lower(): n for n in names}, "in the zip"
    stem = shps[0][:-4]
    for suffix, what in SHAPEFILE_PARTS.items():
        if (stem + suffix).lower() not in members:
            part = Path(stem + suffix).name
            raise BoundaryError(
                f"{path}: the Shapefile {Path(shps[0]).name} has no {part} {where}, {what}: put the {part} that came "
                f"with it {where}; a Shapefile is read from its .shp, .shx, .dbf and .prj together / thiếu tệp "
                f"{part} đi kèm tệp .shp")
    if (stem + ".prj").lower() not in members:
        raise BoundaryError(f"{path}: the Shapefile {Path(shps[0]).name} has no .prj {where}: its coordinate "
                            "reference system (CRS) is unknown; put the .prj that came with it "
                            f"{where} / thiếu tệp .prj (hệ tọa độ) đi kèm tệp .shp")
    return str(path) if path.suffix.lower() == ".shp" else f"zip://{path}!{shps[0]}"


def layers(path: Path | str) -> list[str | None]:
    """The layers of a boundary file that hold areas (a GeoPackage may hold several); [None] for
    a file of one layer."""
    path = Path(path)
    if path.suffix.lower() != ".gpkg":
        return [None]
    try:
        found = pyogrio.list_layers(str(path))
    except Exception as exc:
        raise _unreadable(path, f"damaged or not a GeoPackage ({type(exc).__name__}: {exc})") from None
    areas = [str(name) for name, kind in found if str(kind) in AREAS | {"Unknown", "None"}]
    if not areas:
        shown = ", ".join(f"{n} ({k})" for n, k in found) or "none"
        raise BoundaryError(f"{path}: no layer of the GeoPackage holds areas (its layers: {shown}) / không có lớp "
                            "nào chứa vùng (đa giác)")
    return areas if len(areas) > 1 else [None]


def read(path: Path | str, layer: str | None = None) -> gpd.GeoDataFrame:
    """A boundary file in EPSG:4326: .geojson/.json, .gpkg (one of its layers), .shp, or a .zip
    holding a Shapefile (or one GeoJSON or GeoPackage)."""
    path = Path(path)
    if not path.exists():
        raise BoundaryError(f"{path}: boundary file not found")
    if path.is_dir():
        raise _unreadable(path, "a folder, not a file")
    target = _shapefile_source(path) if path.suffix.lower() in (".zip", ".shp") else str(path)
    try:
        gdf = gpd.read_file(target, layer=layer) if layer else gpd.read_file(target)
    except Exception as exc:
        detail = str(exc).split("; It might help")[0]
        raise _unreadable(path, f"damaged, or not a boundary file ({type(exc).__name__}: {detail})") from None
    if gdf.empty:
        raise BoundaryError(f"{path}: the boundary file has no features")
    if gdf.crs is None:
        raise BoundaryError(f"{path}: the boundary file declares no coordinate reference system (CRS)")
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    if gdf.empty:
        raise BoundaryError(f"{path}: every feature of the boundary file has an empty geometry")
    kinds = set(gdf.geometry.geom_type)
    if not kinds <= AREAS:
        other = ", ".join(sorted(kinds - AREAS))
        raise BoundaryError(f"{path}: the file holds {other} features, not areas: a boundary file needs polygons "
                            f"(Polygon or MultiPolygon) / tệp ranh giới phải chứa vùng (đa giác), không phải {other}")
    try:
        gdf = gdf.to_crs(WGS84)
    except Exception as exc:
        raise BoundaryError(f"{path}: cannot convert from its CRS ({gdf.crs}) to longitude/latitude: {exc}") from None
    _check_extent(gdf, path)
    gdf["geometry"] = gdf.geometry.make_valid()
    return gdf.reset_index(drop=True)


AREAS = {"Polygon", "MultiPolygon"}
# Vietnam with its islands and archipelagos, in degrees (longitude, latitude), with a margin
VIETNAM = (101.5, 6.5, 118.0, 24.0)


def _check_extent(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Refuse shapes that cannot be Vietnam's: coordinates given as (latitude, longitude), or a
    file in a CRS other than the one it declares."""
    x0, y0, x1, y1 = gdf.total_bounds
    lon0, lat0, lon1, lat1 = VIETNAM
    if lat0 <= x0 and x1 <= lat1 and lon0 <= y0 and y1 <= lon1:
        raise BoundaryError(f"{path}: the coordinates are in (latitude, longitude) order: longitude comes first in "
                            f"GeoJSON and Shapefiles / tọa độ bị đảo thứ tự (vĩ độ trước kinh độ)")
    if x0 < lon0 or x1 > lon1 or y0 < lat0 or y1 > lat1:
        raise BoundaryError(f"{path}: the shapes lie outside Vietnam (longitude {x0:.2f}–{x1:.2f}, latitude "
                            f"{y0:.2f}–{y1:.2f}): check the file's coordinate reference system (CRS) / ranh giới "
                            "nằm ngoài lãnh thổ Việt Nam: kiểm tra hệ tọa độ của tệp")


def check_within(m: "Match", units: pd.DataFrame, margin_deg: float = 0.3) -> None:
    """Refuse a matched shape that lies away from its unit: each shape must contain, or lie
    within `margin_deg` of, the unit's point in the gazetteer."""
    if not {"lat", "lon"} <= set(units.columns):
        return
    pts = units.set_index("code")[["lon", "lat"]]
    far = []
    for code, geom in zip(m.geo["code"], m.geo.geometry, strict=True):
        if code not in pts.index or pd.isna(pts.loc[code, "lon"]):
            continue
        lon, lat = pts.loc[code, ["lon", "lat"]]
        if geom.distance(shapely.Point(lon, lat)) > margin_deg:
            far.append(code)
    if far:
        names = units.set_index("code")["name"]
        shown = ", ".join(f"{c} {names.get(c, '')}" for c in far[:10]) + (" …" if len(far) > 10 else "")
        raise BoundaryError(f"{m.file}: {len(far)} shape(s) lie away from their unit (more than {margin_deg}° from "
                            f"its point in the gazetteer): {shown} / ranh giới nằm xa đơn vị của nó")


def _text_columns(gdf: gpd.GeoDataFrame) -> list[str]:
    return [c for c in gdf.columns if c != "geometry" and gdf[c].dtype != "geometry"]


def _code_of(value, width: int) -> str | None:
    """A feature's GSO code as the gazetteer writes it ('2233', 2233.0 → '02233'), or None."""
    text = str(value).strip().removesuffix(".0")
    return text.zfill(width) if text.isdigit() else None


def _code_column(gdf: gpd.GeoDataFrame, codes: set[str], width: int) -> str | None:
    best, score = None, 0.0
    for col in _text_columns(gdf):
        vals = gdf[col].dropna().astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
        vals = vals[vals.str.fullmatch(r"\d+")].str.zfill(width)
        share = vals.isin(codes).mean() if len(vals) else 0.0
        if share > score:
            best, score = col, share
    return best if score >= 0.5 else None


def _name_column(gdf: gpd.GeoDataFrame, names: pd.Series) -> str | None:
    keys = set(names.map(name_key))
    best, score = None, 0.0
    for col in _text_columns(gdf):
        vals = gdf[col].dropna().astype(str)
        share = vals.map(name_key).isin(keys).mean() if len(vals) else 0.0
        if share > score:
            best, score = col, share
    return best if score >= 0.5 else None


def level_of(gdf: gpd.GeoDataFrame, communes: pd.DataFrame, districts: pd.DataFrame | None) -> str:
    """Whether a file holds communes or districts (of these units)."""
    if _code_column(gdf, set(communes["code"]), 5) or _name_column(gdf, communes["short_name"]):
        if districts is None or len(gdf) > 1.5 * len(districts):
            return "commune"
    if districts is not None and (_code_column(gdf, set(districts["code"]), 3) or _name_column(gdf, districts["name"])):
        return "district"
    raise BoundaryError("the boundary file matches neither the communes nor the districts of the province "
                        "(no column of GSO codes or names in common)")


def match(gdf: gpd.GeoDataFrame, units: pd.DataFrame, level: str, file: str = "") -> Match:
    """Match features to units (communes: code, short_name, district_name; districts: code, name)."""
    width = 5 if level == "commune" else 3
    code_col = _code_column(gdf, set(units["code"]), width)
    name_col = None if code_col else _name_column(gdf, units["short_name"] if level == "commune" else units["name"])
    if code_col is None and name_col is None:
        raise BoundaryError(f"{file}: no column of GSO codes or names matches the {level}s")
    dist_col = None
    if name_col and level == "commune" and "district_name" in units:
        dist_col = _name_column(gdf.drop(columns=[name_col]), units["district_name"])
    found: dict[str, int] = {}
    extra, by_code, by_name = [], 0, 0
    keyed: dict[str, list[int]] = {}
    name_source = units["short_name"] if level == "commune" else units["name"]
    for j, n in enumerate(name_source):
        keyed.setdefault(name_key(n), []).append(j)
    if code_col:
        _refuse_contradicting_names(gdf, code_col, units, name_source, keyed, width, level, file)
    for i, row in gdf.iterrows():
        label = str(row[code_col] if code_col else row[name_col])
        if code_col:
            code = _code_of(row[code_col], width)
            hits = [j for j in range(len(units)) if units["code"].iat[j] == code] if code else []
        else:
            hits = keyed.get(name_key(str(row[name_col])), [])
            if len(hits) > 1 and dist_col:
                dk = name_key(str(row[dist_col]))
                hits = [j for j in hits if name_key(units["district_name"].iat[j]) == dk]
        if len(hits) == 1 and units["code"].iat[hits[0]] not in found:
            found[units["code"].iat[hits[0]]] = i
            if code_col:
                by_code += 1
            else:
                by_name += 1
        else:
            extra.append(label)
    missing = [f"{c} {n}" for c, n in zip(units["code"], units["name"]) if c not in found]
    rows = [(code, gdf.geometry.iat[i]) for code, i in found.items()]
    geo = gpd.GeoDataFrame(pd.DataFrame(rows, columns=["code", "geometry"]), geometry="geometry", crs=WGS84)
    if level == "commune" and "district_code" in units:
        geo["district_code"] = geo["code"].map(units.set_index("code")["district_code"])
    order = {c: k for k, c in enumerate(units["code"])}
    geo = geo.sort_values("code", key=lambda s: s.map(order)).reset_index(drop=True)
    return Match(level, geo, by_code, by_name, extra, missing, Path(file).name if file else "")


def _refuse_contradicting_names(gdf: gpd.GeoDataFrame, code_col: str, units: pd.DataFrame, names: pd.Series,
                                keyed: dict[str, list[int]], width: int, level: str, file: str) -> None:
    """A file matched by code that also names its units must not contradict itself: a feature
    whose code is one unit while its name is another unit's of the province (codes swapped
    between neighbours, a row shifted) would draw a status on the wrong shape. A name that is no
    unit's at all (a spelling, a unit renamed) is no contradiction."""
    name_col = _name_column(gdf.drop(columns=[code_col]), names)
    if name_col is None:
        return
    position = {c: j for j, c in enumerate(units["code"])}
    wrong = []
    for code_text, name in zip(gdf[code_col], gdf[name_col], strict=True):
        text = str(code_text).strip().removesuffix(".0")
        j = position.get(_code_of(code_text, width))
        if j is None or pd.isna(name):
            continue
        key = name_key(str(name))
        if key != name_key(names.iat[j]) and key in keyed:
            others = ", ".join(f"{units['code'].iat[k]} {units['name'].iat[k]}" for k in keyed[key])
            wrong.append(f"{code_col} {text} ({units['name'].iat[j]}) is named {str(name)!r} in {name_col}, "
                         f"the name of {others}")
    if wrong:
        unit = "commune" if level == "commune" else "district"
        shown = "; ".join(wrong[:10]) + (f"; … {len(wrong) - 10} more" if len(wrong) > 10 else "")
        raise BoundaryError(f"{file}: {len(wrong)} feature(s) whose {unit} code contradicts its name: {shown}. "
                            "Correct the codes (or the names) in the file / mã đơn vị mâu thuẫn với tên trong tệp "
                            "ranh giới: sửa lại mã hoặc tên")


MAX_VERTICES = 60_000  # a province drawn to about 50 m has 20–25 thousand; more only weighs the map down
FIRST_TOLERANCE_DEG = 0.0001  # about 11 m, doubled until the shapes fit
METRES_PER_DEGREE = 111_320


def simplify(m: Match, max_vertices: int = MAX_VERTICES) -> Match:
    """Shapes more detailed than a map can show (a survey file of a million points gives a map
    of tens of megabytes) are simplified, with the smallest tolerance from about 11 m (doubled
    each time) that brings them under `max_vertices`; as one coverage, so that neighbours still
    share their borders, with no gap or overlap made. The Match says so (shown in the report)."""
    geoms = m.geo.geometry.to_numpy()
    before = int(shapely.get_num_coordinates(geoms).sum())
    if before <= max_vertices:
        return m
    tolerance = FIRST_TOLERANCE_DEG
    while True:
        simpler = shapely.coverage_simplify(geoms, tolerance)
        after = int(shapely.get_num_coordinates(simpler).sum())
        if after <= max_vertices or tolerance > 0.05:
            break
        tolerance *= 2
    simpler = shapely.make_valid(simpler)
    m.geo = m.geo.set_geometry(gpd.GeoSeries(simpler, index=m.geo.index, crs=m.geo.crs))
    m.simplified = (before, after, round(tolerance * METRES_PER_DEGREE))
    return m


def best_layer(path: Path | str, attempt) -> Match:
    """attempt(features) → Match for the one layer of a file, or for each area layer of a
    GeoPackage of several: the layer that matches the most units (communes before districts) is
    taken, and the Match names it among the others. No layer matching: each one's reason."""
    names = layers(path)
    if names == [None]:
        return attempt(read(path))
    tried, reasons = [], []
    for name in names:
        try:
            tried.append((attempt(read(path, name)), name))
        except BoundaryError as exc:
            reasons.append(f"layer {name}: {str(exc).removeprefix(f'{path}: ')}")
    if not tried:
        raise BoundaryError(f"{path}: no layer of the GeoPackage matches the units of the province ({'; '.join(reasons)}) "
                            "/ không lớp nào của tệp khớp với các đơn vị của tỉnh")
    m, name = max(tried, key=lambda t: (t[0].level == "commune", t[0].matched))  # the first of equals
    m.layer, m.layers = name, names
    return m


def communes_from(path: Path | str, units: pd.DataFrame, districts: pd.DataFrame | None) -> Match:
    """Read a boundary file and match it at its own level (commune or district); refuse shapes
    that lie away from their units."""

    def attempt(gdf: gpd.GeoDataFrame) -> Match:
        level = level_of(gdf, units, districts)
        target = units if level == "commune" else districts.assign(short_name=districts["name"])
        m = match(gdf, target, level, str(path))
        check_within(m, target)
        return m

    return simplify(best_layer(path, attempt))


def require_all(m: Match) -> None:
    """Refuse a commune map with a commune missing: name the communes."""
    if m.missing_units:
        shown = ", ".join(m.missing_units[:10]) + (" …" if len(m.missing_units) > 10 else "")
        raise BoundaryError(f"{m.file}: {len(m.missing_units)} {'commune' if m.level == 'commune' else 'district'}(s) "
                            f"have no shape in the file: {shown}")
