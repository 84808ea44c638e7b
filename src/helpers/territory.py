"""The national territory on every map: archipelagos and islands, as data (data/territory.yaml).

The gazetteer leaves out island districts without commune-level units (Côn Đảo, Lý Sơn, Bạch
Long Vĩ, Cồn Cỏ, Hoàng Sa) and places huyện Trường Sa's three communes on the Khánh Hòa
mainland; on the units of 1 July 2025 it has points, not shapes, for the đặc khu and xã đảo,
which an approximate geometry computed from points would join to the mainland. This module
says where the islands are, which province's maps draw them, and which commune-level units sit
on which islands (their geometry is drawn on the islands, not computed from a point). Every
position carries its source.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd
import shapely
from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import schema
from .paths import DATA_DIR

TERRITORY_FILE = DATA_DIR / "territory.yaml"
WGS84 = "EPSG:4326"
DEFAULT_RADIUS_KM = 1.0  # an island too small to draw at its size is drawn at this radius
DOT_MAX_KM = 3.0  # an island of a unit larger than this is seen as its shape; smaller ones also get a dot


class Island(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    lon: float = Field(ge=101.0, le=118.0)
    lat: float = Field(ge=6.0, le=24.0)
    radius_km: float = Field(default=DEFAULT_RADIUS_KM, gt=0, le=60)


class Group(BaseModel):
    """Islands drawn together: an archipelago, or the islands of one commune-level unit.

    `label` names the group (in tooltips, and written on the map when `named`); `far` groups lie
    beyond the province's opening view (an overview in a corner shows them)."""

    model_config = ConfigDict(extra="forbid")
    id: str
    label: str
    named: bool = True
    far: bool = False
    archipelago: bool = False
    province: dict[Literal["legacy", "2025"], str]
    source: str
    label_at: tuple[float, float] | None = None
    islands: list[Island] = Field(min_length=1)
    units: dict[Literal["legacy", "2025"], dict[str, list[str] | Literal["all"]]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _units_name_islands(self):
        names = {i.name for i in self.islands}
        for vintage, units in self.units.items():
            for code, isl in units.items():
                if isl != "all" and set(isl) - names:
                    raise ValueError(f"units.{vintage}.{code}: unknown island(s) {sorted(set(isl) - names)}")
        return self


class IslandDistrict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    district: str
    name: str
    lon: float
    lat: float
    radius_km: float = Field(gt=0)
    source: str


class Territory(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    sources: dict[str, dict[str, str]]
    groups: list[Group]
    island_districts: list[IslandDistrict] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sources_known(self):
        seen: dict[tuple[str, str], str] = {}
        for g in self.groups:
            if g.source not in self.sources:
                raise ValueError(f"group {g.id}: source {g.source!r} is not in sources")
            for vintage, units in g.units.items():
                for code in units:
                    if (vintage, code) in seen:
                        raise ValueError(f"group {g.id}: unit {code} ({vintage}) is already on the islands of "
                                         f"group {seen[vintage, code]}")
                    seen[vintage, code] = g.id
        return self


@lru_cache(maxsize=2)
def read(path: str = str(TERRITORY_FILE)) -> Territory:
    return schema.read(path, Territory)


def unit_islands(vintage: str) -> dict[str, tuple[Group, list[Island]]]:
    """Commune-level units that sit on islands: code → (its group, its islands)."""
    out = {}
    for g in read().groups:
        for code, names in g.units.get(vintage, {}).items():
            out[code] = (g, g.islands if names == "all" else [i for i in g.islands if i.name in names])
    return out


def far_codes(vintage: str) -> set[str]:
    """Units on islands beyond their province's opening view (the archipelagos)."""
    return {code for code, (g, _) in unit_islands(vintage).items() if g.far}


def unit_positions(vintage: str) -> dict[str, tuple[float, float]]:
    """Where an island unit is (its first island): code → (lon, lat); replaces the gazetteer's point."""
    return {code: (isl[0].lon, isl[0].lat) for code, (_, isl) in unit_islands(vintage).items()}


def _disc(lon: float, lat: float, radius_km: float) -> shapely.Polygon:
    """A disc of `radius_km` around a point, in degrees (longitude scaled by the latitude)."""
    t = np.linspace(0, 2 * np.pi, 33)[:-1]
    dlat = radius_km / 111.32
    dlon = dlat / np.cos(np.radians(lat))
    return shapely.Polygon(np.column_stack([lon + dlon * np.cos(t), lat + dlat * np.sin(t)]))


def unit_geometry(code: str, vintage: str) -> shapely.Geometry:
    """The shape of an island unit: its islands, each a disc of its radius (EPSG:4326)."""
    _, islands = unit_islands(vintage)[code]
    return shapely.union_all([_disc(i.lon, i.lat, i.radius_km) for i in islands])


def _groups(vintage: str, province_code: str | None) -> list[Group]:
    """The groups drawn on the maps of `vintage` (of one province, or of the country)."""
    return [g for g in read().groups if vintage in g.province
            and (province_code is None or g.province[vintage] == province_code)]


def features(vintage: str, province_code: str | None = None) -> pd.DataFrame:
    """Every island to draw (of one province, or of the country): group, label, archipelago,
    name, lon, lat, and whether a commune-level unit of the map already draws it."""
    units = {(g.id, i.name) for g, isl in unit_islands(vintage).values() for i in isl}
    rows = []
    for g in _groups(vintage, province_code):
        for i in g.islands:
            rows.append({"group": g.id, "label": g.label, "archipelago": g.archipelago, "name": i.name,
                         "lon": i.lon, "lat": i.lat, "radius_km": i.radius_km, "in_unit": (g.id, i.name) in units})
    return pd.DataFrame(rows, columns=["group", "label", "archipelago", "name", "lon", "lat", "radius_km", "in_unit"])


def labels(vintage: str, province_code: str | None = None) -> pd.DataFrame:
    """One label per group to draw: label, lon, lat (label_at, else the islands' centre)."""
    rows = []
    for g in _groups(vintage, province_code):
        if not g.named:
            continue
        lon, lat = g.label_at or (float(np.mean([i.lon for i in g.islands])), float(np.mean([i.lat for i in g.islands])))
        rows.append({"group": g.id, "label": g.label, "archipelago": g.archipelago, "lon": lon, "lat": lat})
    return pd.DataFrame(rows, columns=["group", "label", "archipelago", "lon", "lat"])


