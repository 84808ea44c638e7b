"""The shapes drawn without a boundary file: a province's communes and the country's provinces,
computed once and kept in the store under what they are computed from."""

import geopandas as gpd
import shapely

from helpers import gazetteer, geometry, shapes, store

from conftest import boundary_file


def test_province_shapes_tile_the_country_and_match_real_outlines():
    country = shapes.country("legacy")
    assert shapes.has_country("legacy")
    assert sorted(country["code"]) == sorted(gazetteer.provinces()["code"])
    crs = geometry.local_crs(106.0, 16.0)
    local = country.to_crs(crs).set_index("code")
    assert shapely.coverage_is_valid(local.geometry.values)  # neighbours share borders: no gap, no overlap
    for slug, code in (("tuyen-quang", "08"), ("gia-lai", "64")):
        real = gpd.read_file(boundary_file(f"{slug}-districts-2019.geojson")).to_crs(crs).union_all()
        approx = local.geometry[code]
        assert approx.intersection(real).area / approx.union(real).area > 0.88, slug


def test_a_province_is_computed_once_and_read_back_as_computed(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "CACHE_DIR", tmp_path / "cache")
    prov = gazetteer.province("tuyen-quang")
    assert not shapes.has_province(prov)
    made = shapes.province(prov)
    assert shapes.has_province(prov)
    assert list(made["code"]) == list(shapes.units(prov)["code"])  # one polygon per commune, in order
    calls = []
    monkeypatch.setattr(geometry, "approximate_communes", lambda *a, **k: calls.append(a))
    back = shapes.province(prov)
    assert calls == []  # from the store
    assert list(back["code"]) == list(made["code"].astype(str))
    assert back.geometry.geom_equals_exact(made.geometry.reset_index(drop=True), tolerance=1e-9).all()


def test_what_the_shapes_are_computed_from_is_their_key(tmp_path, monkeypatch):
    """Another district file, other code or another gazetteer: another entry of the store."""
    monkeypatch.setattr(store, "CACHE_DIR", tmp_path / "cache")
    prov = gazetteer.province("gia-lai")
    plain = store.geometry_path(*shapes._province_key(prov, None))
    other = tmp_path / "districts.geojson"
    other.write_text("{}")
    with_file = store.geometry_path(*shapes._province_key(prov, other))
    monkeypatch.setattr(gazetteer, "SOURCE", gazetteer.SOURCE + " (updated)")
    new_gazetteer = store.geometry_path(*shapes._province_key(prov, None))
    shapes.code_digest.cache_clear()
    monkeypatch.setattr(shapes, "CODE", (*shapes.CODE, "labels.py"))
    new_code = store.geometry_path(*shapes._province_key(prov, None))
    shapes.code_digest.cache_clear()
    assert len({plain, with_file, new_gazetteer, new_code}) == 4
    assert all(p.parent == tmp_path / "cache" / store.GEOMETRY and p.name.startswith("gia-lai-legacy-")
               for p in (plain, with_file))
