"""Real boundary files: formats, CRS, matching by code or name, refusal, district files, 2025 units."""

import json
import re
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
    assert ctx._match.level == "commune" and ctx._approximate is False
    assert (ctx._match.by_code if by == "code" else ctx._match.by_name) == 137
    assert ctx._match.extra_features == [] and ctx._match.missing_units == []
    assert "khớp 137 xã" in ctx._boundary_source
    page = maps.render(maps.status_map(ctx._geo, ctx._history, 2025, title=ctx._title, notices=ctx._notices,
                                       districts=ctx._districts))
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
    assert ctx._match.level == "district" and ctx._match.by_code == 7
    assert ctx._approximate is True  # communes are still approximate, inside real districts
    real = gpd.read_file(f).set_index("ma_huyen")
    crs = geometry.local_crs(105.3, 22.0)
    g = ctx._geo.to_crs(crs)
    for code, grp in g.groupby("district_code"):
        district = real.to_crs(crs).geometry[code]
        assert all(district.buffer(1.0).contains(p) for p in grp.geometry)
    page = maps.render(maps.status_map(ctx._geo, ctx._history, 2025, title=ctx._title, notices=ctx._notices,
                                       districts=ctx._districts, districts_geo=ctx._districts_geo))
    drawn = maps.read_features(page, "antt-districts")["features"]
    assert sorted(f_["properties"]["code"] for f_ in drawn) == sorted(real.index)


@pytest.mark.parametrize("slug,n", [("tuyen-quang", 124), ("gia-lai", 135)])
def test_2025_units_on_real_polygons(slug, n, tmp_path):
    f = boundary_file(f"{slug}-communes-2025.geojson")
    ctx = workbook.load(slug, 2025, "", f, "2025")
    assert ctx._match.by_code == n and ctx._approximate is False
    assert len(ctx._geo) == n and ctx._map_name == f"{slug}-v2025-2025.html"
    # the demo data covers every legacy province (Hà Giang, Bình Định generated on demand)
    assert (ctx._status["status"] != "no_data").all()
    # a data folder holding only the seed provinces: units from the other former province have no data
    shutil.copytree(DEMO_DIR, tmp_path / "data")
    ctx = workbook.load(slug, 2025, tmp_path / "data", f, "2025")
    legacy_code = {"tuyen-quang": "08", "gia-lai": "64"}[slug]
    from_legacy = ctx._status[ctx._status["district_code"] == legacy_code]
    assert (from_legacy["status"] != "no_data").all()
    assert (ctx._status.loc[ctx._status["district_code"] != legacy_code, "status"].isin(["no_data", "not_applicable"])).all()


def _neighbour_pairs(gdf: gpd.GeoDataFrame, n: int) -> list[tuple[int, int]]:
    """n disjoint pairs of neighbouring features (within about 100 m: the file's shapes were
    simplified one by one, so neighbours need not touch exactly)."""
    used, pairs = set(), []
    for i, geom in enumerate(gdf.geometry):
        if i in used:
            continue
        for j in gdf.sindex.query(geom, predicate="dwithin", distance=0.001):
            if j != i and j not in used:
                pairs.append((i, int(j)))
                used |= {i, int(j)}
                break
        if len(pairs) == n:
            break
    return pairs


def test_codes_swapped_between_neighbours_are_refused_by_name(tmp_path):
    """Ten pairs of neighbouring communes of the real 2025 file of Tuyên Quang with their codes
    swapped: the names say otherwise, and every one of the 20 is named in the refusal (a status
    drawn on the wrong shape otherwise)."""
    real = gpd.read_file(boundary_file("tuyen-quang-communes-2025.geojson"))
    pairs = _neighbour_pairs(real, 10)
    assert len(pairs) == 10
    swapped = real.copy()
    for i, j in pairs:
        swapped.loc[i, "ward_code"], swapped.loc[j, "ward_code"] = real.loc[j, "ward_code"], real.loc[i, "ward_code"]
    f = swapped.to_file(tmp_path / "xa.geojson", driver="GeoJSON") or tmp_path / "xa.geojson"
    with pytest.raises(boundaries.BoundaryError) as err:
        workbook.load("tuyen-quang", 2025, "", f, "2025")
    text = str(err.value)
    assert "20 feature(s) whose commune code contradicts its name" in text and "mâu thuẫn" in text
    first_i, first_j = pairs[0]
    assert (f"ward_code {real.loc[first_j, 'ward_code']} " in text
            and f"is named {real.loc[first_i, 'name']!r} in name, the name of {real.loc[first_i, 'ward_code']} " in text)
    # a name that is no unit's (a spelling, a rename) is not a contradiction
    renamed = real.copy()
    renamed.loc[0, "name"] = "Tên chưa có trong danh mục"
    f2 = tmp_path / "renamed.geojson"
    renamed.to_file(f2, driver="GeoJSON")
    assert workbook.load("tuyen-quang", 2025, "", f2, "2025")._match.by_code == 124
    r = subprocess.run([ANTT, "build", "--province", "tuyen-quang", "--year", "2026", "--boundaries", str(f), "--out",
                        str(tmp_path / "out")], capture_output=True, text=True)
    assert r.returncode == 2 and "contradicts its name" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out" / "reports").exists()


def test_a_very_detailed_file_is_simplified_to_a_stated_tolerance_and_stays_a_coverage(tmp_path):
    """The real 2025 file of Gia Lai densified to about a million points (as a survey office's
    file is): matched as before, drawn with at most MAX_VERTICES points, neighbours still sharing
    their borders (no gap, no overlap), and the report saying so with the tolerance."""
    real = gpd.read_file(boundary_file("gia-lai-communes-2025.geojson"))
    dense = real.set_geometry(shapely.segmentize(real.geometry.to_numpy(), 0.00008))
    total = int(shapely.get_num_coordinates(dense.geometry.to_numpy()).sum())
    assert total > 900_000
    f = tmp_path / "dense.geojson"
    dense.to_file(f, driver="GeoJSON")
    ctx = workbook.load("gia-lai", 2025, "", f, "2025")
    assert ctx._match.by_code == 135
    before, after, metres = ctx._match.simplified
    assert before == total and after <= boundaries.MAX_VERTICES and 5 <= metres <= 200
    drawn = ctx._geo.to_crs(geometry.local_crs(108.0, 14.0))
    original = real.to_crs(drawn.crs)
    assert drawn.geometry.is_valid.all()
    union, first = drawn.union_all(), original.union_all()
    overlap_before = original.area.sum() - first.area  # the file's own (its shapes were simplified one by one)
    assert drawn.area.sum() - union.area <= 1.05 * overlap_before + 1e-5 * union.area  # no overlap made
    assert abs(union.area - first.area) < 2e-3 * union.area  # no gap made
    assert f"đơn giản hóa với dung sai {metres} m" in ctx._boundary_source
    page = maps.render(maps.status_map(ctx._geo, ctx._history, 2025, title=ctx._title, notices=ctx._notices,
                                       districts=ctx._districts, districts_geo=ctx._districts_geo))
    assert len(page.encode()) < 3_000_000
    assert len(maps.read_features(page)["features"]) == len(ctx._geo)


@pytest.fixture(scope="module")
def tq_districts_shapefile(tmp_path_factory) -> Path:
    """The real district file of Tuyên Quang saved as a Shapefile (its four parts)."""
    folder = tmp_path_factory.mktemp("shp")
    gpd.read_file(boundary_file("tuyen-quang-districts-2019.geojson")).to_file(folder / "huyen.shp", encoding="utf-8")
    return folder


def _zip(folder: Path, path: Path, leave_out: str = "", under: str = "") -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for f in folder.iterdir():
            if not (leave_out and f.suffix == leave_out):
                z.write(f, under + f.name)
    return path


@pytest.mark.parametrize("leave_out,expected", [
    (".shx", "the Shapefile huyen.shp has no huyen.shx in the zip, the index of its shapes: put the huyen.shx that "
             "came with it in the zip"),
    (".dbf", "has no huyen.dbf in the zip, the table of its codes and names"),
    (".prj", "has no .prj in the zip: its coordinate reference system (CRS) is unknown")])
def test_a_zipped_shapefile_missing_a_part_names_the_part(tmp_path, tq_districts_shapefile, leave_out, expected):
    f = _zip(tq_districts_shapefile, tmp_path / "huyen.zip", leave_out)
    with pytest.raises(boundaries.BoundaryError, match=re.escape(expected)) as err:
        boundaries.read(f)
    assert "IndexError" not in str(err.value) and "thiếu tệp" in str(err.value)


@pytest.mark.parametrize("content,expected", [
    (b"PK\x03\x04 cut", "not a readable zip archive"),
    ("readme", "the zip holds no Shapefile (.shp) nor any GeoJSON or GeoPackage; it holds: readme.txt"),
    ('{"type": "FeatureCollection", "features": [', "damaged, or not a boundary file (DataSourceError: Failed to read "
                                                     "GeoJSON data")])
def test_an_unreadable_boundary_file_is_said_in_the_user_s_terms(tmp_path, content, expected):
    if content == "readme":
        f = tmp_path / "b.zip"
        with zipfile.ZipFile(f, "w") as z:
            z.writestr("readme.txt", "x")
    else:
        f = tmp_path / ("b.zip" if isinstance(content, bytes) else "b.geojson")
        f.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(boundaries.BoundaryError) as err:
        boundaries.read(f)
    text = str(err.value)
    assert text.startswith(f"{f}: ") and expected in text and "không đọc được tệp ranh giới" in text
    assert "It might help to specify the correct driver" not in text


def test_a_shapefile_in_a_folder_of_the_zip_is_found(tmp_path, tq_districts_shapefile):
    f = _zip(tq_districts_shapefile, tmp_path / "ranh-gioi.zip", under="ranh-gioi-huyen/")
    ctx = workbook.load("tuyen-quang", 2025, "", f)
    assert ctx._match.level == "district" and ctx._match.by_code == 7


def test_a_geopackage_of_several_layers_uses_the_one_that_matches_and_says_which(tmp_path):
    real = gpd.read_file(boundary_file("tuyen-quang-districts-2019.geojson"))
    f = tmp_path / "ban-do.gpkg"
    real.iloc[:3].to_file(f, layer="mot_phan")
    real.to_file(f, layer="huyen")
    real.set_geometry(real.representative_point()).to_file(f, layer="diem_trung_tam")  # points: not a candidate
    assert boundaries.layers(f) == ["mot_phan", "huyen"]
    ctx = workbook.load("tuyen-quang", 2025, "", f)
    assert ctx._match.layer == "huyen" and ctx._match.by_code == 7
    assert "lớp «huyen» (tệp có 2 lớp: mot_phan, huyen; dùng lớp khớp nhiều đơn vị nhất)" in ctx._boundary_source
    other = tmp_path / "khac.gpkg"
    real = real.drop(columns=["ten_tinh"])  # "Tuyên Quang" is also the name of a district (the city)
    real.assign(ma_huyen="999", ten_huyen="Không có").to_file(other, layer="a")
    real.assign(ma_huyen="998", ten_huyen="Cũng không").to_file(other, layer="b")
    with pytest.raises(boundaries.BoundaryError, match="no layer of the GeoPackage matches the units of the province "
                                                      r"\(layer a: .*; layer b: .*\)"):
        workbook.load("tuyen-quang", 2025, "", other)
