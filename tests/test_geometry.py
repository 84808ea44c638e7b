"""Approximate commune areas: a plausible map, measured (see helpers/geometry.py for the method)."""

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from helpers import gazetteer as gz
from helpers import geometry as ge

from conftest import boundary_file


@pytest.fixture(scope="module", params=["tuyen-quang", "gia-lai"])
def approx(request):
    units = gz.communes(request.param)
    return request.param, units, ge.approximate_communes(units)


def test_one_clean_polygon_per_commune(approx):
    slug, units, geo = approx
    m = ge.metrics(geo, units)
    assert list(geo["code"]) == list(units["code"])
    assert m["polygons"] == len(units)  # one Polygon each, no MultiPolygon
    assert abs(m["overlap_km2"]) < 1e-3  # no overlaps
    assert m["province_parts"] == 1 and m["province_holes"] == 0
    assert m["anchors_inside_own"] == len(units)
    # each gazetteer point is inside its own polygon, except a point shared by two communes
    assert m["points_inside_own"] >= len(units) - m["anchors_moved"]
    # anchors move only for points shared by two communes or left on an edge by simplification
    assert m["anchors_moved"] <= 3
    assert m["min_area_km2"] >= 0.1  # no specks
    assert m["min_compactness"] >= 0.2  # no slivers
    assert m["district_extra_pieces"] <= 1  # districts as contiguous as the points allow
    assert shapely.coverage_is_valid(geo.to_crs(ge.local_crs(105.5, 21.5)).geometry.values)


def test_overlap_with_real_districts(approx):
    slug, units, geo = approx
    real = gpd.read_file(boundary_file(f"{slug}-districts-2019.geojson")).rename(columns={"ma_huyen": "code"})
    iou = ge.iou_by_district(geo, real)
    assert len(iou) == len(gz.districts(slug))
    assert iou.mean() > 0.65


def test_real_district_borders_are_kept():
    real = gpd.read_file(boundary_file("tuyen-quang-districts-2019.geojson")).rename(columns={"ma_huyen": "code"})
    units = gz.communes("tuyen-quang")
    geo = ge.approximate_communes(units, real)
    crs = ge.local_crs(105.3, 22.0)
    g, r = geo.to_crs(crs), real.to_crs(crs).set_index("code")
    for code, group in g.groupby("district_code"):
        district = r.loc[code].geometry
        assert all(district.buffer(1.0).contains(p) for p in group.geometry), code
        union = shapely.union_all(group.geometry.values)
        assert union.intersection(district).area / union.union(district).area > 0.99
    anchors = gpd.GeoSeries(gpd.points_from_xy(geo["anchor_lon"], geo["anchor_lat"]), crs=ge.WGS84).to_crs(crs)
    assert all(g.geometry.contains(anchors))
    # points the geocoder put in a neighbouring district were moved into their own
    assert geo["anchor_moved"].sum() == 5


def test_communes_sharing_a_point_are_separated():
    units = pd.DataFrame({"code": ["00001", "00002", "00003", "00004"], "district_code": ["001"] * 4,
                          "lon": [105.0, 105.0, 105.1, 105.05], "lat": [21.0, 21.0, 21.0, 21.08],
                          "min_lon": [104.96, 104.96, 105.07, 105.02], "min_lat": [20.96, 20.96, 20.97, 21.05],
                          "max_lon": [105.04, 105.04, 105.13, 105.08], "max_lat": [21.04, 21.04, 21.03, 21.11]})
    geo = ge.approximate_communes(units)
    assert list(geo["anchor_moved"]) == [False, True, False, False]
    assert len(geo) == 4 and all(geo.geom_type == "Polygon")
    anchors = gpd.points_from_xy(geo["anchor_lon"], geo["anchor_lat"])
    assert all(p.contains(a) for p, a in zip(geo.geometry, anchors))


def test_missing_district_polygon_is_refused():
    real = gpd.GeoDataFrame({"code": ["001"]}, geometry=[shapely.box(104, 20, 106, 22)], crs=ge.WGS84)
    units = pd.DataFrame({"code": ["00001", "00002"], "district_code": ["001", "002"],
                          "lon": [105.0, 105.2], "lat": [21.0, 21.0]})
    with pytest.raises(ge.GeometryError, match="no polygon for district code"):
        ge.approximate_communes(units, real)


def _grid_units(lon0: float, lat0: float, district: str, start: int, n: int = 3) -> list[dict]:
    """n×n communes 0.05° apart around a point, with boxes of their own."""
    out = []
    for k in range(n * n):
        lon, lat = lon0 + 0.05 * (k % n), lat0 + 0.05 * (k // n)
        out.append({"code": f"{start + k:05d}", "district_code": district, "lon": lon, "lat": lat,
                    "min_lon": lon - 0.025, "max_lon": lon + 0.025, "min_lat": lat - 0.025, "max_lat": lat + 0.025})
    return out


def test_stray_gazetteer_point_goes_back_to_its_district():
    # Xã Lương Điền of Vĩnh Phúc: the gazetteer puts it 75 km away, in Hải Dương
    units = gz.communes("vinh-phuc")
    geo = ge.approximate_communes(units)
    m = ge.metrics(geo, units)
    assert m["province_parts"] == 1 and m["polygons"] == len(units)
    row = geo.set_index("code").loc["09118"]
    assert bool(row["anchor_moved"])
    assert 105.3 < row["anchor_lon"] < 105.8 and 21.1 < row["anchor_lat"] < 21.5


def test_islands_are_not_bridged_and_near_parts_are_joined():
    mainland = _grid_units(105.0, 10.0, "001", 1)
    island = _grid_units(106.5, 10.0, "002", 100)  # ~160 km offshore: stays an island
    geo = ge.approximate_communes(pd.DataFrame(mainland + island))
    m = ge.metrics(geo, pd.DataFrame(mainland + island))
    assert m["province_parts"] == 2 and m["polygons"] == 18 and abs(m["overlap_km2"]) < 1e-3
    near = _grid_units(105.25, 10.0, "002", 100)  # a 10 km gap: one shape
    geo = ge.approximate_communes(pd.DataFrame(mainland + near))
    assert ge.metrics(geo, pd.DataFrame(mainland + near))["province_parts"] == 1
