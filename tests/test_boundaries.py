"""Real boundary files: formats, CRS, matching by code or name, refusal, district files, 2025 units."""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from helpers import boundaries, gazetteer, geometry, maps, workbook
from helpers.names import strip_diacritics
from helpers.paths import DEMO_DIR

from conftest import boundary_file

ANTT = str(Path(sys.executable).parent / "antt")


@pytest.fixture(scope="module")
def tq_polygons():
    """A legacy commune-level file of Tuyên Quang, built from the approximate areas."""
    units = gazetteer.communes("tuyen-quang")
    geo = geometry.approximate_communes(units)
    return geo.assign(name=units["name"].to_numpy(), district=units["district_name"].to_numpy())


def write(gdf: gpd.GeoDataFrame, path: Path, driver: str) -> Path:
    if driver == "zip":
        shp = path.with_suffix("")
        shp.mkdir()
        gdf.to_file(shp / "xa.shp", encoding="utf-8")
        with zipfile.ZipFile(path, "w") as z:
            for f in shp.iterdir():
                z.write(f, f.name)
        return path
    gdf.to_file(path, driver=driver)
    return path


@pytest.mark.parametrize("kind", ["geojson-code", "zip-shapefile-3405", "gpkg-names-no-diacritics"])
def test_commune_file_in_each_format_draws_its_own_shapes(tmp_path, tq_polygons, kind):
    g = tq_polygons
    if kind == "geojson-code":
        f = write(g[["code", "geometry"]].rename(columns={"code": "ma_xa"}), tmp_path / "xa.geojson", "GeoJSON")
        by = "code"
    elif kind == "zip-shapefile-3405":
        f = write(g[["code", "name", "geometry"]].rename(columns={"code": "MA_XA", "name": "TEN_XA"}).to_crs(3405),
                  tmp_path / "xa.zip", "zip")
        by = "code"
    else:
        plain = g.assign(ten=g["name"].map(strip_diacritics), huyen=g["district"].map(strip_diacritics))
        f = write(plain[["ten", "huyen", "geometry"]].to_crs(32648), tmp_path / "xa.gpkg", "GPKG")
        by = "name"
    ctx = workbook.load("tuyen-quang", 2025, "", f)
    assert ctx.match.level == "commune" and ctx.approximate is False
    assert (ctx.match.by_code if by == "code" else ctx.match.by_name) == 137
    assert ctx.match.extra_features == [] and ctx.match.missing_units == []
    assert "khớp 137 xã" in ctx.boundary_source
    page = maps.render(maps.status_map(ctx.geo, ctx.history, 2025, title=ctx.title, notices=ctx.notices,
                                       districts=ctx.districts))
    feats = maps.read_features(page)["features"]
    assert len(feats) == 137
    # the shapes drawn are the file's shapes (to the rounding of coordinates)
    src = g.set_index("code").geometry
    for f_ in feats[:20]:
        drawn = shapely.geometry.shape(f_["geometry"])
        assert drawn.symmetric_difference(src[f_["properties"]["code"]]).area < 1e-6
    assert "Ranh giới xã gần đúng" not in page  # not approximate any more


def test_unmatched_either_way_is_reported_and_a_missing_commune_refused(tmp_path, tq_polygons):
    g = tq_polygons[["code", "geometry"]].copy()
    missing = g.iloc[5]["code"]
    g = g[g["code"] != missing]
    extra = gpd.GeoDataFrame({"code": ["99999"]}, geometry=[shapely.box(105, 22, 105.01, 22.01)], crs=4326)
    f = write(gpd.GeoDataFrame(pd_concat([g, extra]), crs=4326), tmp_path / "xa.geojson", "GeoJSON")
    units = gazetteer.communes("tuyen-quang")
    m = boundaries.communes_from(f, units, gazetteer.districts("tuyen-quang"))
    name = units.set_index("code").loc[missing, "name"]
    assert m.missing_units == [f"{missing} {name}"] and m.extra_features == ["99999"]
    with pytest.raises(boundaries.BoundaryError, match=f"1 commune\\(s\\) have no shape in the file: {missing} {name}"):
        workbook.load("tuyen-quang", 2025, "", f)
    out = tmp_path / "out"
    r = subprocess.run([ANTT, "build", "--province", "tuyen-quang", "--year", "2025", "--boundaries", str(f), "--out",
                        str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and f"{missing} {name}" in r.stderr
    assert not (out / "reports").exists() and not (out / "maps").exists()


def pd_concat(frames):
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def test_file_without_crs_is_refused(tmp_path):
    f = tmp_path / "nocrs.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "crs": None, "features": []}), encoding="utf-8")
    with pytest.raises(boundaries.BoundaryError):
        boundaries.read(f)


def test_real_district_file_keeps_true_district_shapes():
    f = boundary_file("tuyen-quang-districts-2019.geojson")
    ctx = workbook.load("tuyen-quang", 2025, "", f)
    assert ctx.match.level == "district" and ctx.match.by_code == 7
    assert ctx.approximate is True  # communes are still approximate, inside real districts
    real = gpd.read_file(f).set_index("ma_huyen")
    crs = geometry.local_crs(105.3, 22.0)
    g = ctx.geo.to_crs(crs)
    for code, grp in g.groupby("district_code"):
        district = real.to_crs(crs).geometry[code]
        assert all(district.buffer(1.0).contains(p) for p in grp.geometry)
    page = maps.render(maps.status_map(ctx.geo, ctx.history, 2025, title=ctx.title, notices=ctx.notices,
                                       districts=ctx.districts, districts_geo=ctx.districts_geo))
    drawn = maps.read_features(page, "antt-districts")["features"]
    assert sorted(f_["properties"]["code"] for f_ in drawn) == sorted(real.index)


@pytest.mark.parametrize("slug,n", [("tuyen-quang", 124), ("gia-lai", 135)])
def test_2025_units_on_real_polygons(slug, n, tmp_path):
    f = boundary_file(f"{slug}-communes-2025.geojson")
    ctx = workbook.load(slug, 2025, "", f, "2025")
    assert ctx.match.by_code == n and ctx.approximate is False
    assert len(ctx.geo) == n and ctx.map_name == f"{slug}-v2025-2025.html"
    # the demo data covers every legacy province (Hà Giang, Bình Định generated on demand)
    assert (ctx.status["status"] != "no_data").all()
    # a data folder holding only the seed provinces: units from the other former province have no data
    shutil.copytree(DEMO_DIR, tmp_path / "data")
    ctx = workbook.load(slug, 2025, tmp_path / "data", f, "2025")
    legacy_code = {"tuyen-quang": "08", "gia-lai": "64"}[slug]
    from_legacy = ctx.status[ctx.status["district_code"] == legacy_code]
    assert (from_legacy["status"] != "no_data").all()
    assert (ctx.status.loc[ctx.status["district_code"] != legacy_code, "status"].isin(["no_data", "not_applicable"])).all()
