"""What a notebook needs for one province and year, loaded once: units, data, geometry, statuses.

Notebooks call `load(...)` with their parameters and then only display what it returns, so
the logic stays here, tested, and the notebooks stay thin.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import __version__, attainment, gazetteer, geometry, labels
from .paths import CACHE_DIR, PACKAGE_DIR, resolve


@dataclass
class ProvinceYear:
    province: gazetteer.Province
    year: int
    dataset: attainment.Dataset
    units: pd.DataFrame  # gazetteer communes
    districts: pd.DataFrame  # gazetteer districts
    geo: gpd.GeoDataFrame  # one polygon per commune
    districts_geo: gpd.GeoDataFrame | None  # real district polygons, when given
    boundary_source: str
    approximate: bool
    status: pd.DataFrame  # attainment.commune_status of `year`
    history: dict[int, pd.DataFrame]  # attainment.commune_status of every year in the data

    @property
    def notices(self) -> list[str]:
        """What every output made from these inputs must say about them."""
        out = []
        if self.dataset.illustrative:
            out.append(labels.ILLUSTRATIVE_NOTICE)
        if self.approximate:
            out.append(labels.APPROXIMATE_BOUNDARIES_NOTICE)
        return out

    @property
    def title(self) -> str:
        return f"{self.province.name} — năm {self.year}"

    @property
    def map_name(self) -> str:
        return f"{self.province.slug}-{self.year}.html"


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _code_digest() -> str:
    code = b"".join((PACKAGE_DIR / name).read_bytes() for name in ("geometry.py", "tessellation.py"))
    return hashlib.sha256(code).hexdigest()[:12]


def geometry_cache_path(prov: gazetteer.Province, districts_file: Path | None = None) -> Path:
    """Where the approximate geometry of a province is cached: keyed by what it depends on
    (province, vintage, gazetteer and geometry code versions, the district file's content)."""
    key = geometry.cache_key(prov.code, prov.vintage, gazetteer.SOURCE, _code_digest(), __version__,
                             _file_digest(districts_file) if districts_file else None)
    return CACHE_DIR / "geometry" / f"{prov.slug}-{prov.vintage}-{key}.geojson"


def approximate_geometry(prov: gazetteer.Province, districts_file: Path | None = None) -> gpd.GeoDataFrame:
    """Approximate commune polygons of a province, computed once and cached on disk."""
    path = geometry_cache_path(prov, districts_file)
    cached = geometry.read_cached(path)
    if cached is not None:
        cached["code"] = cached["code"].astype(str)
        cached["district_code"] = cached["district_code"].astype(str)
        return cached
    units = gazetteer.communes(prov, prov.vintage)
    real = _read_districts(districts_file) if districts_file else None
    geo = geometry.approximate_communes(units, real)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    geo.to_file(tmp, driver="GeoJSON")
    os.replace(tmp, path)
    return geo


def _read_districts(path: Path) -> gpd.GeoDataFrame:
    df = gpd.read_file(path)
    for col in ("code", "ma_huyen", "district_code", "ma"):
        if col in df:
            return df.rename(columns={col: "code"}).assign(code=lambda d: d["code"].astype(str).str.zfill(3))
    raise ValueError(f"{path}: no district code column (expected one of code, ma_huyen, district_code)")


def load(province: str, year: int | None = None, data: str | Path | None = None,
         boundaries: str | Path | None = None) -> ProvinceYear:
    """Load everything for one province and year (the latest year in the data by default)."""
    prov = gazetteer.province(province)
    dataset = load_dataset(str(resolve(data)) if data else "")
    units = gazetteer.communes(prov)
    known_years = dataset.years()
    if year in (None, "", 0):
        year = known_years[-1]
    year = int(year)
    if year not in known_years:
        raise ValueError(f"no data for year {year} (the data has {', '.join(map(str, known_years))})")
    districts_file = resolve(boundaries) if boundaries else None
    districts_geo = _read_districts(districts_file) if districts_file else None
    geo = approximate_geometry(prov, districts_file)
    if districts_file:
        source = f"Ranh giới huyện thực tế từ tệp {districts_file.name}; ranh giới xã gần đúng bên trong từng huyện"
    else:
        source = "Ranh giới xã gần đúng, ước tính từ danh mục hành chính (vietnamadminunits)"
    history = {y: attainment.commune_status(units, dataset.communes, y) for y in known_years}
    return ProvinceYear(prov, year, dataset, units, gazetteer.districts(prov), geo, districts_geo,
                        source, True, history[year], history)


@lru_cache(maxsize=4)
def load_dataset(path: str) -> attainment.Dataset:
    return attainment.read_folder(path or None)
