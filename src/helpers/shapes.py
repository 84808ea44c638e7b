"""The shapes the maps draw when no boundary file gives them: a province's approximate communes
and the country's approximate provinces, computed once (helpers.geometry) and kept in the store
(helpers.store), keyed by what they are computed from: the units (gazetteer and its version),
the code and territory file that compute them, the package version, a district file's content.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from . import __version__, boundaries, gazetteer, geometry, store, vintage
from .digests import file_digest, sha
from .paths import PACKAGE_DIR
from .territory import TERRITORY_FILE

SIMPLIFY_M = 1500.0  # tolerance of the province outlines on the national map
RESOLUTION_M = 1200.0  # raster cell of the national partition: as good as 600 m at this scale
# (province IoU with the real outlines of Tuyên Quang and Gia Lai 0.921 / 0.920 at both), in half the time
CODE = ("geometry.py", "tessellation.py", "projection.py", "territory.py", "shapes.py")  # what computes them


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Digest of the code and data that compute the shapes (CODE and the territory file): a
    shape kept by other code or data is not used."""
    return sha(*((PACKAGE_DIR / name).read_bytes() for name in CODE), TERRITORY_FILE.read_bytes())


# ---------------------------------------------------------------- a province

def units(prov: gazetteer.Province) -> pd.DataFrame:
    """The communes of a province on its units (the gazetteer's legacy communes, or the units of
    1 July 2025 grouped by the former province they come from)."""
    return gazetteer.communes(prov) if prov.vintage == "legacy" else vintage.units_2025(prov)


def _province_key(prov: gazetteer.Province, districts_file: Path | None) -> tuple[str, tuple]:
    return f"{prov.slug}-{prov.vintage}", (prov.code, prov.vintage, gazetteer.SOURCE, code_digest(), __version__,
                                           file_digest(districts_file) if districts_file else "")


def has_province(prov: gazetteer.Province) -> bool:
    """Whether the store holds the approximate communes of a province."""
    return store.has_geometry(*_province_key(prov, None))


def province(prov: gazetteer.Province, districts_file: Path | None = None,
             districts_geo: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Approximate commune polygons of a province (EPSG:4326). With real district polygons
    (read from `districts_file`, or given as `districts_geo` matched from it), communes are
    computed inside them."""

    def make() -> gpd.GeoDataFrame:
        real = districts_geo
        if districts_file is not None and real is None:
            real = district_match(districts_file, prov).geo
        return geometry.approximate_communes(units(prov), real)

    return store.geometry(*_province_key(prov, districts_file), make)


def district_match(path: Path, prov: gazetteer.Province) -> boundaries.Match:
    """A district-level boundary file matched with the province's districts (all of them)."""
    d = gazetteer.districts(prov)
    m = boundaries.best_layer(path, lambda gdf: boundaries.match(gdf, d.assign(short_name=d["name"]), "district",
                                                                  str(path)))
    boundaries.require_all(m)
    return boundaries.simplify(m)


def groups(prov: gazetteer.Province, units_: pd.DataFrame) -> pd.DataFrame:
    """What groups a province's communes: its districts, or (2025 units) the former provinces
    they come from, shaped like districts."""
    if prov.vintage == "legacy":
        return gazetteer.districts(prov)
    g = units_.groupby("district_code", as_index=False)["district_name"].first()
    return pd.DataFrame({"code": g["district_code"], "name": g["district_name"], "short_name": g["district_name"],
                         "type": "Tỉnh cũ"})


@dataclass(frozen=True)
class Drawn:
    """The shapes a province's map draws and what they are: the communes' (geo), the real
    district shapes when a district file was given, how a boundary file matched, whether the
    communes are approximate, and where the shapes come from, in words."""

    geo: gpd.GeoDataFrame
    districts_geo: gpd.GeoDataFrame | None = None
    match: boundaries.Match | None = None
    approximate: bool = True
    source: str = "Ranh giới xã gần đúng, ước tính từ danh mục hành chính (vietnamadminunits)"


def drawn(prov: gazetteer.Province, boundary_file: Path | None, units_: pd.DataFrame, districts: pd.DataFrame,
          year: int) -> Drawn:
    """The shapes of a province's communes: from a commune-level boundary file (every commune
    must match), inside the real districts of a district-level file, or approximate. A file
    that does not match is refused (boundaries.BoundaryError) naming what to give."""
    if boundary_file is None:
        return Drawn(province(prov))
    path = boundary_file
    try:
        match = boundaries.communes_from(path, units_, districts if prov.vintage == "legacy" else None)
    except boundaries.BoundaryError as exc:
        if prov.vintage != "2025":
            raise
        raise boundaries.BoundaryError(
            f"{exc}; the {year} report is on the units from 1 July 2025 (a file of the earlier communes "
            "and districts goes with --year 2025 or earlier)") from None
    boundaries.require_all(match)
    if match.level == "commune":
        return Drawn(match.geo, None, match, False, f"Ranh giới xã từ tệp {path.name}: {match.summary()}")
    return Drawn(province(prov, path, match.geo), match.geo, match, True,
                 f"Ranh giới huyện thực tế từ tệp {path.name} ({match.summary()}); "
                 "ranh giới xã gần đúng bên trong từng huyện")


# ---------------------------------------------------------------- the country

def country_units(units_: str) -> pd.DataFrame:
    """Every commune of the country on `units_` ("legacy" or "2025") with its province code
    (province_code)."""
    if units_ == "legacy":
        return gazetteer.communes()
    parts = []
    for code in gazetteer.provinces("2025")["code"]:
        u = vintage.units_2025(gazetteer.province(code, "2025"))
        parts.append(u.assign(province_code=code))
    return pd.concat(parts, ignore_index=True)


def _country_key(units_: str) -> tuple[str, tuple]:
    return f"national-{units_}", ("national", units_, gazetteer.SOURCE, code_digest(), __version__)


def has_country(units_: str) -> bool:
    """Whether the store holds the province shapes of the country on `units_`."""
    return store.has_geometry(*_country_key(units_))


def country(units_: str = "legacy") -> gpd.GeoDataFrame:
    """Approximate province polygons (code, geometry; EPSG:4326): the commune areas of the whole
    country (every province a group, so that neighbouring provinces share their borders without
    gap or overlap), dissolved by province. Islands far from the coast stay separate parts."""

    def make() -> gpd.GeoDataFrame:
        u = country_units(units_)
        geo = geometry.approximate_communes(u.assign(district_code=u["province_code"]), resolution_m=RESOLUTION_M)
        out = geometry.dissolve_districts(geo).rename(columns={"district_code": "code"})
        out["code"] = out["code"].astype(str)
        # at the scale of the country, a kilometre of detail is invisible but weighs megabytes;
        # simplified as a coverage, neighbours keep sharing their borders
        local = out.to_crs(geometry.local_crs(106.0, 16.0))
        local["geometry"] = shapely.coverage_simplify(local.geometry.values, SIMPLIFY_M)
        return local.to_crs(geometry.WGS84)

    return store.geometry(*_country_key(units_), make)
