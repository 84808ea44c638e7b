"""The coordinate systems the geometry modules share: the WGS 84 / UTM zone of a point (checked
against PROJ's own list of zones) and the error of a geometry that cannot be built."""

import pytest
from pyproj import CRS
from pyproj.aoi import AreaOfInterest
from pyproj.database import query_utm_crs_info

from helpers import projection


def _proj_utm(lon: float, lat: float) -> str:
    found = query_utm_crs_info(datum_name="WGS 84", area_of_interest=AreaOfInterest(lon, lat, lon, lat))
    assert len(found) == 1
    return f"{found[0].auth_name}:{found[0].code}"


@pytest.mark.parametrize("place,lon,lat", [
    ("Hà Nội", 105.85, 21.03),
    ("Đà Nẵng", 108.2, 16.05),
    ("TP Hồ Chí Minh", 106.7, 10.78),
    ("A Pa Chải, Điện Biên", 102.14, 22.4),
    ("Phú Quốc", 103.96, 10.23),
    ("Móng Cái", 107.97, 21.52),
    ("Quy Nhơn", 109.22, 13.78),
    ("Trường Sa", 111.92, 8.64),
    ("Sydney", 151.2, -33.9),
])
def test_a_point_is_in_the_utm_zone_proj_gives_it(place, lon, lat):
    assert projection.local_crs(lon, lat) == _proj_utm(lon, lat), place


def test_mainland_vietnam_spans_zones_48_and_49_split_at_108_east():
    assert projection.local_crs(107.999, 21.0) == "EPSG:32648"
    assert projection.local_crs(108.0, 16.0) == "EPSG:32649"
    assert projection.local_crs(105.8, -0.5) == "EPSG:32748"  # south of the equator


def test_the_local_crs_is_a_projected_system_in_metres():
    crs = CRS.from_user_input(projection.local_crs(105.85, 21.03))
    assert crs.is_projected and crs.axis_info[0].unit_name == "metre"
    assert CRS.from_user_input(projection.WGS84).is_geographic


def test_a_geometry_that_cannot_be_built_is_caught_as_a_value_error():
    assert issubclass(projection.GeometryError, ValueError)
