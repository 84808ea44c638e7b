"""What a notebook needs for one province and year, loaded once: units, data, geometry, statuses.

Notebooks call `load(...)` with their parameters and then only display what it returns, so
the logic stays here, tested, and the notebooks stay thin.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import __version__, attainment, boundaries, gazetteer, geometry, labels, loader, vintage
from .paths import CACHE_DIR, DEMO_DIR, resolve


@dataclass
class ProvinceYear:
    province: gazetteer.Province
    year: int
    dataset: loader.Dataset
    units: pd.DataFrame  # gazetteer communes
    districts: pd.DataFrame  # gazetteer districts
    geo: gpd.GeoDataFrame  # one polygon per commune
    districts_geo: gpd.GeoDataFrame | None  # real district polygons, when given
    boundary_source: str
    approximate: bool
    status: pd.DataFrame  # attainment.commune_status of `year`
    history: dict[int, pd.DataFrame]  # attainment.commune_status of every year in the data
    records: pd.DataFrame | None = None  # commune records of these units (carried, for 2025)
    match: boundaries.Match | None = None  # how a boundary file matched, when one was given
    carried: pd.DataFrame | None = None  # for 2025 units: how each verdict was formed

    @property
    def vintage(self) -> str:
        return self.province.vintage

    @property
    def group_label(self) -> str:
        """What groups the communes in tables: districts, or (2025 units) the former provinces."""
        return "Huyện, thị xã, thành phố" if self.vintage == "legacy" else "Thuộc tỉnh cũ"

    @property
    def notices(self) -> list[str]:
        """What every output made from these inputs must say about them."""
        return labels.notices(self.dataset.illustrative,
                              labels.APPROXIMATE_BOUNDARIES_NOTICE if self.approximate else None, self.vintage)

    @property
    def title(self) -> str:
        units = " (đơn vị hành chính từ 01/7/2025)" if self.vintage == "2025" else ""
        return f"{self.province.name}{units} — năm {self.year}"

    @property
    def map_name(self) -> str:
        return output_name(self.province.slug, self.vintage, self.year)


def output_name(slug: str, vintage_: str, year: int) -> str:
    """File name of a province's report and map: `<slug>[-v2025]-<year>.html`."""
    return f"{slug}{'-v2025' if vintage_ == '2025' else ''}-{int(year)}.html"


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def geometry_cache_path(prov: gazetteer.Province, districts_file: Path | None = None) -> Path:
    """Where the approximate geometry of a province is cached: keyed by what it depends on
    (province, vintage, gazetteer and geometry code versions, the district file's content)."""
    key = geometry.cache_key(prov.code, prov.vintage, gazetteer.SOURCE, geometry.code_digest(), __version__,
                             _file_digest(districts_file) if districts_file else None)
    return CACHE_DIR / "geometry" / f"{prov.slug}-{prov.vintage}-{key}.geojson"


def _units(prov: gazetteer.Province) -> pd.DataFrame:
    return gazetteer.communes(prov) if prov.vintage == "legacy" else vintage.units_2025(prov)


def approximate_geometry(prov: gazetteer.Province, districts_file: Path | None = None,
                         districts_geo: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Approximate commune polygons of a province, computed once and cached on disk. With real
    district polygons (read from `districts_file`), communes are computed inside them."""
    path = geometry_cache_path(prov, districts_file)
    cached = geometry.read_cached(path)
    if cached is not None:
        return cached
    if districts_file is not None and districts_geo is None:
        districts_geo = _district_match(districts_file, prov).geo
    return geometry.write_cached(geometry.approximate_communes(_units(prov), districts_geo), path)


def _district_match(path: Path, prov: gazetteer.Province) -> boundaries.Match:
    d = gazetteer.districts(prov)
    m = boundaries.match(boundaries.read(path), d.assign(short_name=d["name"]), "district", str(path))
    boundaries.require_all(m)
    return m


def former_provinces(units: pd.DataFrame) -> pd.DataFrame:
    """The groups of 2025 units (the legacy provinces they came from), shaped like districts."""
    g = units.groupby("district_code", as_index=False)["district_name"].first()
    return pd.DataFrame({"code": g["district_code"], "name": g["district_name"], "short_name": g["district_name"],
                         "type": "Tỉnh cũ"})


def load(province: str, year: int | None = None, data: str | Path | None = None,
         boundaries_file: str | Path | None = None, vintage_: str = "legacy") -> ProvinceYear:
    """Load everything for one province and year (the latest year in the data by default).

    `boundaries_file`: a commune-level file (its shapes are drawn; every commune must have one) or a
    district-level file (real district outlines; approximate communes inside them).
    `vintage_`: "legacy" (units until 30/6/2025) or "2025" (units from 1/7/2025, the legacy
    records carried to them by helpers.vintage)."""
    if vintage_ not in gazetteer.VINTAGES:
        raise ValueError(f"unknown vintage {vintage_!r}: expected legacy or 2025")
    prov = gazetteer.province(province, vintage_)
    dataset = load_dataset(str(resolve(data)) if data else "", legacy_provinces(prov))
    require_records(dataset, prov)
    units = _units(prov)
    if vintage_ == "legacy":
        records, districts, detail = dataset.communes, gazetteer.districts(prov), None
    else:
        records, detail = vintage.carry(dataset.communes, prov)
        districts = former_provinces(units)
    known_years = dataset.years()
    if year in (None, "", 0):
        year = known_years[-1]
    year = int(year)
    if year not in known_years:
        raise ValueError(f"no data for year {year} (the data has {', '.join(map(str, known_years))})")
    districts_geo, match, approximate = None, None, True
    if boundaries_file:
        path = resolve(boundaries_file)
        match = boundaries.communes_from(path, units, districts if vintage_ == "legacy" else None)
        if match.level == "commune":
            boundaries.require_all(match)
            geo, approximate = match.geo, False
            source = f"Ranh giới xã từ tệp {path.name}: {match.summary()}"
        else:
            boundaries.require_all(match)
            districts_geo = match.geo
            geo = approximate_geometry(prov, path, districts_geo)
            source = (f"Ranh giới huyện thực tế từ tệp {path.name} ({match.summary()}); "
                      "ranh giới xã gần đúng bên trong từng huyện")
    else:
        geo = approximate_geometry(prov)
        source = "Ranh giới xã gần đúng, ước tính từ danh mục hành chính (vietnamadminunits)"
    history = {y: attainment.commune_status(units, records, y) for y in known_years}
    return ProvinceYear(prov, year, dataset, units, districts, geo, districts_geo, source, approximate,
                        history[year], history, records=records, match=match, carried=detail)


def legacy_provinces(prov: gazetteer.Province) -> tuple[str, ...]:
    """The legacy provinces whose records a province's report needs: itself, or (2025 units)
    every legacy province its communes come from."""
    if prov.vintage == "legacy":
        return (prov.slug,)
    codes = sorted(set(vintage.units_2025(prov)["district_code"].astype(str)) - {vintage.UNKNOWN_ORIGIN})
    return tuple(gazetteer.province(c).slug for c in codes)


@lru_cache(maxsize=8)
def load_dataset(path: str, provinces: tuple[str, ...] = ()) -> loader.Dataset:
    """A data source, read and checked once per process. The demo data covers `provinces` (legacy
    slugs): provinces beyond the committed ones get records from the same generator."""
    dataset = _read_dataset(path)
    if provinces and dataset.illustrative and dataset.path.resolve() == DEMO_DIR.resolve():
        from . import demo

        dataset = demo.covering(dataset, provinces)
    return dataset


@lru_cache(maxsize=4)
def _read_dataset(path: str) -> loader.Dataset:
    return loader.load(path or None)


def require_records(dataset: loader.Dataset, prov: gazetteer.Province) -> None:
    """Refuse a province of which the data holds no record at all: its map would be all
    'no data', which is a wrong input rather than a finding."""
    codes = set().union(*(set(gazetteer.communes(s)["code"]) for s in legacy_provinces(prov)))
    if not dataset.communes["commune_code"].isin(codes).any():
        raise ValueError(f"{dataset.path}: no record for any commune of {prov.name}; "
                         f"give a data folder or file that covers it")
