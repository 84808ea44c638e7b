"""Commune geometry: approximate commune areas from the gazetteer, or real boundary polygons.

No package ships Vietnamese commune polygons, so the default map is drawn on *approximate*
areas computed here from each commune's point and bounding box, and labelled as approximate.

Method (in a local UTM projection, on a raster of about 500 000 cells per province):
1. Each commune gets a size weight: the radius of a disc of its bounding box's area (shrunk,
   since a box is larger than the shape inside it); a point-sized box (under 1 km²) says
   nothing of size, so such a commune borrows the median weight of its neighbours, capped by
   the distance to its nearest neighbour.
2. The province mask is the union of discs and realistic boxes around the communes, closed
   morphologically (gaps between neighbours filled), without holes, as one connected shape.
3. Every cell goes to the commune with the least weighted distance |p − s| − w among its
   nearest (tessellation.NEIGHBOURS; an additively weighted Voronoi diagram), first to settle
   district areas, then again within each district, so districts stay as contiguous as the
   points allow. A piece cut off from its commune's own point is merged into the neighbour it
   shares the longest border with, so each commune is one connected piece that holds its own
   point.
4. Cells become polygons; a coverage simplification smooths the staircase without opening gaps
   or overlaps between neighbours.

When real district polygons are given, step 2 and the district step use them instead, and the
communes are cut exactly along the real district borders. Real commune polygons (a boundary
file, helpers.boundaries, chosen by helpers.shapes.drawn) replace all of this and follow the
same path onwards (the map and the reports take either).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.errors

from .projection import WGS84, GeometryError, local_crs  # noqa: F401 (helpers.geometry.WGS84 …, as before)

COORD_DECIMALS = 5  # ≈ 1 m, for outputs in degrees
ISLAND_GAP_KM = 0.5  # the sea kept between an island unit and the approximate shapes of the mainland
ON_ISLANDS = "on_islands"  # gazetteer column: the vintage whose territory entry puts the unit on islands


def approximate_communes(communes: pd.DataFrame, districts: gpd.GeoDataFrame | None = None,
                         resolution_m: float | None = None) -> gpd.GeoDataFrame:
    """Approximate commune polygons (EPSG:4326), one per row of `communes`, in the same order.

    `communes` needs code, lon, lat, and either the box min_lon, min_lat, max_lon, max_lat
    or area_km2; district_code groups communes into districts (optional).
    `districts` (optional) holds real district polygons with a `code` column: communes are then
    computed inside their own district and cut along its border.
    The result has code, district_code, the anchor point each polygon is built around
    (anchor_lon, anchor_lat: the gazetteer point unless anchor_moved) and geometry.
    `resolution_m` fixes the raster cell size (default: chosen from the area, 60–600 m); a map
    of the whole country needs no finer than a kilometre.
    """
    from .tessellation import approximate  # raster and scientific libraries, only when computing

    island = communes[ON_ISLANDS].notna().to_numpy() if ON_ISLANDS in communes else np.zeros(len(communes), bool)
    if not island.any():
        return approximate(communes, districts, resolution_m)
    # units on far islands (the archipelagos) are drawn on their islands (helpers.territory),
    # not computed: a raster spanning the sea to them would coarsen every mainland commune
    from . import territory

    land = approximate(communes[~island].reset_index(drop=True), districts, resolution_m) if (~island).any() else None
    isl = communes[island]
    sea = gpd.GeoDataFrame({
        "code": isl["code"].to_numpy(), "district_code": isl["district_code"].to_numpy()
        if "district_code" in isl else None, "anchor_lon": isl["lon"].to_numpy(), "anchor_lat": isl["lat"].to_numpy(),
        "anchor_moved": False}, geometry=[territory.unit_geometry(c, v) for c, v in zip(isl["code"], isl[ON_ISLANDS])],
        crs=WGS84)
    if land is not None:
        # the mainland's approximate shapes stop short of the islands: never joined to them
        clear = shapely.union_all(sea.geometry.values).buffer(ISLAND_GAP_KM / 111.32)
        land["geometry"] = land.geometry.difference(clear)
    out = pd.concat([x for x in (land, sea) if x is not None], ignore_index=True)
    order = {c: i for i, c in enumerate(communes["code"])}
    return gpd.GeoDataFrame(out.sort_values("code", key=lambda s: s.map(order)).reset_index(drop=True),
                            geometry="geometry", crs=WGS84)


def dissolve_districts(communes_geo: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """District areas as the union of their communes (a fast coverage union when the polygons
    form a clean coverage, as the approximate ones do; a general union for real files)."""
    try:
        out = communes_geo.dissolve(by="district_code", as_index=False, method="coverage")
    except shapely.errors.GEOSException:
        # real files leave slivers and specks between neighbours: close gaps of about 50 m
        out = communes_geo.dissolve(by="district_code", as_index=False)
        crs = local_crs(*np.array(out.to_crs(WGS84).union_all().centroid.coords[0]))
        closed = out.to_crs(crs).buffer(50, join_style="mitre").buffer(-50, join_style="mitre")
        out["geometry"] = gpd.GeoSeries(closed, crs=crs).to_crs(out.crs).values
    return out[["district_code", "geometry"]]


def metrics(geo: gpd.GeoDataFrame, communes: pd.DataFrame) -> dict:
    """Quality figures of a commune coverage (see tests and benchmarks)."""
    crs = local_crs(float(communes["lon"].mean()), float(communes["lat"].mean()))
    g = geo.to_crs(crs)
    pts = gpd.GeoSeries(gpd.points_from_xy(communes["lon"], communes["lat"]), crs=WGS84).to_crs(crs)
    area = g.area.to_numpy() / 1e6
    union = shapely.union_all(g.geometry.values)
    province_parts = len(getattr(union, "geoms", [union]))
    holes = sum(len(p.interiors) for p in getattr(union, "geoms", [union]))
    thin = (g.area / (g.length ** 2) * 4 * np.pi).to_numpy()  # isoperimetric ratio, 1 = disc
    out = {
        "communes": int(len(g)),
        "polygons": int(sum(g.geom_type == "Polygon")),
        "overlap_km2": float(area.sum() - union.area / 1e6),
        "province_km2": float(union.area / 1e6),
        "province_parts": int(province_parts),
        "province_holes": int(holes),
        "points_inside_own": int(sum(g.geometry.contains(pts.reset_index(drop=True)))),
        "anchors_inside_own": int(sum(g.geometry.contains(gpd.GeoSeries(
            gpd.points_from_xy(geo["anchor_lon"], geo["anchor_lat"]), crs=WGS84).to_crs(crs)))),
        "anchors_moved": int(geo["anchor_moved"].sum()),
        "min_area_km2": float(area.min()),
        "median_area_km2": float(np.median(area)),
        "min_compactness": float(thin.min()),
    }
    if "district_code" in g:
        d = g.dissolve(by="district_code")
        out["districts"] = int(len(d))
        out["districts_split"] = int(sum(len(getattr(x, "geoms", [x])) > 1 for x in d.geometry))
        out["district_extra_pieces"] = int(sum(len(getattr(x, "geoms", [x])) - 1 for x in d.geometry))
    return out


def iou_by_district(geo: gpd.GeoDataFrame, real: gpd.GeoDataFrame) -> pd.Series:
    """Intersection over union of each district's approximate area with its real polygon."""
    crs = local_crs(*np.array(real.to_crs(WGS84).union_all().centroid.coords[0]))
    mine = geo.to_crs(crs).dissolve(by="district_code").geometry
    theirs = real.to_crs(crs).set_index(real["code"].astype(str)).geometry
    out = {}
    for code, poly in theirs.items():
        if code in mine.index:
            a = mine.loc[code]
            out[code] = a.intersection(poly).area / a.union(poly).area
    return pd.Series(out, name="iou")
