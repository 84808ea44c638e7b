"""Real boundary files: reading (GeoJSON, zipped Shapefile, GeoPackage; any CRS), telling commune
files from district files, and matching features to gazetteer units.

Features are matched by GSO code when the file has a code column, else by normalised name
(within the district when the file names districts). What does not match, either way, is
reported; a commune map is drawn only when every commune has a shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

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

    @property
    def matched(self) -> int:
        return self.by_code + self.by_name

    def summary(self) -> str:
        """The matching counts, in Vietnamese, for reports."""
        unit = "xã" if self.level == "commune" else "huyện"
        parts = [f"khớp {self.matched} {unit} ({self.by_code} theo mã, {self.by_name} theo tên)"]
        if self.extra_features:
            parts.append(f"{len(self.extra_features)} đối tượng trong tệp không khớp đơn vị nào")
        if self.missing_units:
            parts.append(f"{len(self.missing_units)} {unit} không có ranh giới trong tệp")
        return "; ".join(parts)


def read(path: Path | str) -> gpd.GeoDataFrame:
    """A boundary file in EPSG:4326: .geojson/.json, .gpkg, .shp, or a .zip holding a Shapefile."""
    path = Path(path)
    if not path.exists():
        raise BoundaryError(f"{path}: boundary file not found")
    target = f"zip://{path}" if path.suffix.lower() == ".zip" else str(path)
    try:
        gdf = gpd.read_file(target)
    except Exception as exc:
        raise BoundaryError(f"{path}: cannot read the boundary file ({type(exc).__name__}: {exc})") from exc
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
    for i, row in gdf.iterrows():
        label = str(row[code_col] if code_col else row[name_col])
        if code_col:
            text = str(row[code_col]).strip().removesuffix(".0")
            code = text.zfill(width) if text.isdigit() else None
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


def communes_from(path: Path | str, units: pd.DataFrame, districts: pd.DataFrame | None) -> Match:
    """Read a boundary file and match it at its own level (commune or district); refuse shapes
    that lie away from their units."""
    gdf = read(path)
    level = level_of(gdf, units, districts)
    target = units if level == "commune" else districts.assign(short_name=districts["name"])
    m = match(gdf, target, level, str(path))
    check_within(m, target)
    return m


def require_all(m: Match) -> None:
    """Refuse a commune map with a commune missing: name the communes."""
    if m.missing_units:
        shown = ", ".join(m.missing_units[:10]) + (" …" if len(m.missing_units) > 10 else "")
        raise BoundaryError(f"{m.file}: {len(m.missing_units)} {'commune' if m.level == 'commune' else 'district'}(s) "
                            f"have no shape in the file: {shown}")
