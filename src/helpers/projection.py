"""What every geometry module shares: the coordinate systems and the error of a geometry that
cannot be built. At the bottom of the geometry modules (helpers.geometry, helpers.tessellation):
it imports nothing of the package."""

from __future__ import annotations

WGS84 = "EPSG:4326"


class GeometryError(ValueError):
    """Geometry cannot be built from the inputs given."""


def local_crs(lon: float, lat: float) -> str:
    """The WGS 84 / UTM zone of a point (Vietnam spans zones 48 and 49).

    >>> local_crs(105.8, 21.0), local_crs(108.2, 16.0)
    ('EPSG:32648', 'EPSG:32649')
    """
    zone = int((lon + 180) // 6) + 1
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"
