"""Administrative units of Vietnam, keyed by GSO codes, from the `vietnamadminunits` package.

Two vintages: ``legacy`` (63 provinces, with districts; the units in force from 2023 to
30 June 2025) and ``2025`` (34 provinces, no district level, from 1 July 2025), plus the
legacy → 2025 commune crosswalk. This is the only module that reads the package's data.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .names import named, slugify

VINTAGES: tuple[str, ...] = ("legacy", "2025")
SOURCE = "vietnamadminunits 1.0.4 (GSO codes, legacy vintage 2025-01-04 and 2025 vintage)"


class UnknownUnitError(LookupError):
    """A province, district or commune reference that the gazetteer does not know."""


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    short_name: str
    slug: str
    vintage: str
    lat: float
    lon: float


def _data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the gazetteer package 'vietnamadminunits' is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _query(sql: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{_data_dir() / 'dataset.db'}?mode=ro", uri=True) as conn:
        return pd.read_sql_query(sql, conn)


def _parse_bounds(text: str | None) -> tuple[float, float, float, float]:
    """'lat,lon – lat,lon' -> (min_lon, min_lat, max_lon, max_lat)."""
    if not text:
        return (float("nan"),) * 4
    a, b = (part.strip() for part in text.split("–"))
    lat1, lon1 = (float(v) for v in a.split(","))
    lat2, lon2 = (float(v) for v in b.split(","))
    return min(lon1, lon2), min(lat1, lat2), max(lon1, lon2), max(lat1, lat2)


@lru_cache(maxsize=None)
def _legacy() -> pd.DataFrame:
    df = _query("SELECT * FROM admin_units_legacy")
    return df


@lru_cache(maxsize=None)
def _v2025() -> pd.DataFrame:
    return _query("SELECT * FROM admin_units")


def _check_vintage(vintage: str) -> None:
    if vintage not in VINTAGES:
        raise ValueError(f"unknown vintage {vintage!r}: expected one of {', '.join(VINTAGES)}")


@lru_cache(maxsize=None)
def _provinces(vintage: str) -> pd.DataFrame:
    raw = _legacy() if vintage == "legacy" else _v2025()
    df = (
        raw.groupby("provinceCode", as_index=False)
        .first()[["provinceCode", "province", "provinceShort", "provinceLat", "provinceLon", "provinceKey"]]
        .rename(columns={"provinceCode": "code", "province": "name", "provinceShort": "short_name",
                         "provinceLat": "lat", "provinceLon": "lon", "provinceKey": "key"})
    )
    df["slug"] = df["short_name"].map(slugify)
    if vintage == "legacy":
        counts = raw.dropna(subset=["wardCode"]).groupby("provinceCode")["districtCode"].nunique()
    else:
        counts = pd.Series(dtype=int)
    df["n_districts"] = df["code"].map(counts).fillna(0).astype(int)
    df["n_communes"] = df["code"].map(raw.dropna(subset=["wardCode"]).groupby("provinceCode").size()).astype(int)
    return df.sort_values("code").reset_index(drop=True)


def provinces(vintage: str = "legacy") -> pd.DataFrame:
    """Provinces of a vintage: code, name, short_name, slug, lat, lon, n_districts, n_communes."""
    _check_vintage(vintage)
    return _provinces(vintage).drop(columns=["key"]).copy()


ALL = "all"


def expand(refs: list[str], vintage: str = "legacy") -> list[str]:
    """Slugs of the provinces named by `refs` (codes, slugs or names), in order and without
    repeats; "all" stands for every province of the vintage (63 legacy, 34 from 2025)."""
    out: list[str] = []
    for ref in refs:
        slugs = list(provinces(vintage)["slug"]) if str(ref).strip().lower() == ALL else [province(ref, vintage).slug]
        out += [s for s in slugs if s not in out]
    return out


@lru_cache(maxsize=None)
def successor(legacy: str) -> str:
    """The slug of the 2025 province most of a legacy province's communes went to."""
    xw = crosswalk(legacy)
    prov_of = communes(vintage="2025").set_index("code")["province_code"]
    code = xw["code_2025"].map(prov_of).mode().iloc[0]
    return province(code, "2025").slug


def _merged_into(ref: str | int) -> None:
    """Refuse a province that ended on 30 June 2025, naming the one it became part of."""
    try:
        old = province(ref)
    except UnknownUnitError:
        return
    new = province(successor(old.slug), "2025")
    raise UnknownUnitError(f"{old.name} ({old.slug}) is part of {new.name} ({new.slug}) since 1 July 2025: build "
                           f"--province {new.slug} for a year from 2026, or give --year 2025 or earlier for {old.name}")


def province(ref: str | int | Province, vintage: str = "legacy") -> Province:
    """Look a province up by GSO code ('8', '08'), slug ('tuyen-quang') or name (any accents/prefix)."""
    if isinstance(ref, Province):
        if ref.vintage == vintage:
            return ref
        ref = ref.slug
    return _province(str(ref).strip(), vintage)


@lru_cache(maxsize=1024)
def _province(text: str, vintage: str) -> Province:
    """The lookup behind province(), once per reference (reports and overviews ask hundreds of
    times); a failed lookup raises every time."""
    _check_vintage(vintage)
    df = _provinces(vintage)
    hit = df[df["slug"] == slugify(text)] if not text.isdigit() else df.iloc[:0]
    if hit.empty:
        hit = named(df, text, 2)
    if len(hit) != 1 and vintage == "2025":
        _merged_into(text)
    if len(hit) != 1:
        sample = ", ".join(df["slug"].head(6))
        among = "the 63 provinces until 30 June 2025" if vintage == "legacy" else "the 34 provinces from 1 July 2025"
        raise UnknownUnitError(
            f"unknown province {text!r} among {among}: give a GSO code, a slug "
            f"(e.g. {sample}, …) or a name"
        )
    row = hit.iloc[0]
    return Province(row["code"], row["name"], row["short_name"], row["slug"], vintage,
                    float(row["lat"]), float(row["lon"]))


def districts(prov: str | Province | None = None) -> pd.DataFrame:
    """District-level units (legacy vintage only): code, name, short_name, type, province_code, lat, lon."""
    out = _districts_legacy()
    if prov is not None:
        out = out[out["province_code"] == province(prov).code].reset_index(drop=True)
    return out.copy()


@lru_cache(maxsize=None)
def _districts_legacy() -> pd.DataFrame:
    raw = _legacy().dropna(subset=["wardCode"])
    df = raw.groupby("districtCode", as_index=False).first()
    out = pd.DataFrame({
        "code": df["districtCode"],
        "name": df["district"],
        "short_name": df["districtShort"],
        "type": df["districtType"],
        "province_code": df["provinceCode"],
        "lat": df["districtLat"],
        "lon": df["districtLon"],
    })
    return out.sort_values("code").reset_index(drop=True)


@lru_cache(maxsize=None)
def _communes_legacy() -> pd.DataFrame:
    raw = _legacy().dropna(subset=["wardCode"])
    bounds = pd.DataFrame(raw["wardBounds"].map(_parse_bounds).tolist(),
                          columns=["min_lon", "min_lat", "max_lon", "max_lat"], index=raw.index)
    df = pd.DataFrame({
        "code": raw["wardCode"],
        "name": raw["ward"],
        "short_name": raw["wardShort"],
        "type": raw["wardType"],
        "district_code": raw["districtCode"],
        "district_name": raw["district"],
        "province_code": raw["provinceCode"],
        "lat": raw["wardLat"].astype(float),
        "lon": raw["wardLon"].astype(float),
    }).join(bounds)
    df["key"] = raw["provinceKey"] + "_" + raw["districtKey"] + "_" + raw["wardKey"]
    return _on_islands(df, "legacy").sort_values("code").reset_index(drop=True)


@lru_cache(maxsize=None)
def _communes_2025() -> pd.DataFrame:
    raw = _v2025()
    df = pd.DataFrame({
        "code": raw["wardCode"],
        "name": raw["ward"],
        "short_name": raw["wardShort"],
        "type": raw["wardType"],
        "province_code": raw["provinceCode"],
        "lat": raw["wardLat"].astype(float),
        "lon": raw["wardLon"].astype(float),
        "area_km2": raw["wardAreaKm2"].astype(float),
        "key": raw["provinceKey"] + "_" + raw["wardKey"],
    })
    return _on_islands(df, "2025").sort_values("code").reset_index(drop=True)


def _on_islands(df: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Units that sit on far islands (data/territory.yaml) take their island's position instead
    of the package's point (huyện Trường Sa's communes are geocoded to the mainland), and are
    marked, so that their geometry is drawn on the islands."""
    from . import territory
    from .geometry import ON_ISLANDS

    df = df.copy()
    df[ON_ISLANDS] = None
    for code, (lon, lat) in territory.unit_positions(vintage).items():
        at = df.index[df["code"] == code]
        df.loc[at, ["lon", "lat", ON_ISLANDS]] = [lon, lat, vintage]
        for col in ("min_lon", "min_lat", "max_lon", "max_lat"):
            if col in df:
                df.loc[at, col] = np.nan  # the package's box is the district's, on the mainland
        if "area_km2" in df:
            df.loc[at, "area_km2"] = np.nan
    return df


def communes(prov: str | Province | None = None, vintage: str = "legacy") -> pd.DataFrame:
    """Commune-level units (xã, phường, thị trấn; đặc khu in 2025), sorted by code.

    Legacy columns: code, name, short_name, type, district_code, district_name, province_code,
    lat, lon and the bounding box min_lon, min_lat, max_lon, max_lat.
    2025 columns: code, name, short_name, type, province_code, lat, lon, area_km2.
    """
    _check_vintage(vintage)
    df = _communes_legacy() if vintage == "legacy" else _communes_2025()
    if prov is not None:
        df = df[df["province_code"] == province(prov, vintage).code]
    return df.drop(columns=["key"]).reset_index(drop=True)


@lru_cache(maxsize=None)
def _crosswalk() -> pd.DataFrame:
    data = json.loads((_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    new = _communes_2025().set_index("key")["code"]
    legacy = _communes_legacy().set_index("key")["code"]
    rows: list[tuple[str, str, bool]] = []
    for new_prov, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, legacy_keys in wards.items():
            for lkey in legacy_keys:
                rows.append((lkey, f"{new_prov}_{new_ward}", True))
    for new_prov, divided in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for lkey, targets in divided.items():
            for t in targets:
                rows.append((lkey, f"{new_prov}_{t['newWardKey']}", bool(t["isDefaultNewWard"])))
    df = pd.DataFrame(rows, columns=["legacy_key", "new_key", "default"]).drop_duplicates()
    df["legacy_code"] = df["legacy_key"].map(legacy)
    df["code_2025"] = df["new_key"].map(new)
    df = df.dropna(subset=["legacy_code", "code_2025"])
    df["n_targets"] = df.groupby("legacy_code")["code_2025"].transform("nunique")
    df = df[["legacy_code", "code_2025", "default", "n_targets"]]
    return df.sort_values(["legacy_code", "code_2025"]).reset_index(drop=True)


def crosswalk(prov: str | Province | None = None) -> pd.DataFrame:
    """Legacy commune → 2025 commune: legacy_code, code_2025, default, n_targets.

    A legacy commune split between several new units has one row per new unit
    (``n_targets`` > 1) and exactly one of them marked ``default``.
    ``prov`` is a legacy province; rows are those of its legacy communes.
    """
    df = _crosswalk()
    if prov is not None:
        codes = set(communes(prov)["code"])
        df = df[df["legacy_code"].isin(codes)]
    return df.reset_index(drop=True)


