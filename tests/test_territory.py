"""The national territory as data: the archipelagos, the islands the gazetteer leaves out, and the
island units it places — each checked against where the islands are."""

import geopandas as gpd
import numpy as np
import pytest
import shapely
import yaml

from helpers import gazetteer, geometry, schema, territory


def _km(lon1, lat1, lon2, lat2):
    dlat = np.radians(lat2 - lat1)
    dlon = np.radians(lon2 - lon1) * np.cos(np.radians((lat1 + lat2) / 2))
    return 6371.0 * np.hypot(dlat, dlon)


def test_truong_sa_communes_sit_on_their_islands_not_on_the_mainland():
    c = gazetteer.communes("khanh-hoa").set_index("code")
    for code, island in (("22736", (111.92, 8.64)), ("22737", (114.33, 11.43)), ("22739", (114.33, 9.88))):
        assert (c.loc[code, "lon"], c.loc[code, "lat"]) == island
        assert c.loc[code, geometry.ON_ISLANDS] == "legacy"
    # every other commune of Khánh Hòa stays on the mainland
    others = c.drop(index=["22736", "22737", "22739"])
    assert others["lon"].max() < 109.5 and others[geometry.ON_ISLANDS].isna().all()


def test_their_shapes_are_their_islands():
    geo = geometry.approximate_communes(gazetteer.communes("khanh-hoa")).set_index("code")
    for code in ("22736", "22737", "22739"):
        x0, y0, x1, y1 = geo.loc[code, "geometry"].bounds
        assert 111.5 < x0 and x1 < 116.0 and 7.5 < y0 and y1 < 12.0, code
        assert geo.loc[code, "geometry"].area < 0.01  # a few km² of islands, not a block of coast


@pytest.mark.parametrize("vintage", ["legacy", "2025"])
def test_archipelagos_are_drawn_by_their_provinces(vintage):
    hs = territory.labels(vintage, "48")
    ts = territory.labels(vintage, "56")
    assert list(hs["label"]) == ["Quần đảo Hoàng Sa (Đà Nẵng)"]
    assert list(ts["label"]) == ["Quần đảo Trường Sa (Khánh Hòa)"]
    f = territory.features(vintage)
    hoang_sa = f[f["group"] == "hoang_sa"]
    truong_sa = f[f["group"] == "truong_sa"]
    assert hoang_sa["lat"].between(15.7, 17.1).all() and hoang_sa["lon"].between(111.2, 112.9).all()
    assert truong_sa["lat"].between(7.5, 12.0).all() and truong_sa["lon"].between(111.5, 116.0).all()


def test_island_units_of_2025_are_near_their_islands():
    # the 2025 gazetteer places its đặc khu on their islands: within a few kilometres of them
    c = gazetteer.communes(vintage="2025").set_index("code")
    for code, (lon, lat, km) in {"26732": (106.61, 8.69, 10), "21548": (109.11, 15.38, 5), "11948": (107.73, 20.13, 5),
                                 "19742": (107.34, 17.16, 5), "23272": (108.94, 10.52, 8),
                                 "20333": (112.34, 16.83, 5), "22736": (111.92, 8.64, 5)}.items():
        assert _km(c.loc[code, "lon"], c.loc[code, "lat"], lon, lat) <= km, code


ISLAND_UNITS_2025 = sorted(territory.unit_islands("2025"))


@pytest.fixture(scope="module")
def shapes_2025():
    """The approximate shapes of the units of 1 July 2025, by province (computed once)."""
    made = {}

    def of(province_code: str):
        if province_code not in made:
            made[province_code] = geometry.approximate_communes(
                gazetteer.communes(province_code, vintage="2025")).set_index("code")
        return made[province_code]
    return of


def test_every_dac_khu_is_on_its_islands():
    c = gazetteer.communes(vintage="2025")
    dac_khu = set(c.loc[c["type"] == "Đặc khu", "code"])
    assert len(dac_khu) == 13 and dac_khu <= set(ISLAND_UNITS_2025)


@pytest.mark.parametrize("code", ISLAND_UNITS_2025)
def test_an_island_unit_of_2025_is_drawn_on_its_islands_and_joined_to_nothing(code, shapes_2025):
    group, islands = territory.unit_islands("2025")[code]
    geo = shapes_2025(group.province["2025"])
    shape = geo.loc[code, "geometry"]
    # on its islands: nothing drawn beyond them (the discs of data/territory.yaml)
    discs = shapely.union_all([territory._disc(i.lon, i.lat, i.radius_km * 1.01) for i in islands])
    assert shape.difference(discs).area < 1e-9, f"{code}: drawn off its islands, bounds {shape.bounds}"
    assert shape.area > 0
    # joined to no other unit: the sea between it and every other shape of its province
    crs = geometry.local_crs(islands[0].lon, islands[0].lat)
    here = gpd.GeoSeries([shape], crs=geometry.WGS84).to_crs(crs)
    others = gpd.GeoSeries([shapely.union_all(geo.drop(index=code).geometry.values)], crs=geometry.WGS84).to_crs(crs)
    gap_km = float(here.distance(others).iloc[0]) / 1000
    assert gap_km >= geometry.ISLAND_GAP_KM * 0.9, f"{code}: {gap_km:.2f} km from the next unit"


def test_island_districts_have_their_communes_on_their_islands():
    c = gazetteer.communes()
    islands = territory.read().island_districts
    for district in sorted({d.district for d in islands}):
        part = c[c["district_code"] == district]
        assert len(part), district
        near = np.zeros(len(part), bool)
        for d in (d for d in islands if d.district == district):
            near |= (_km(part["lon"], part["lat"], d.lon, d.lat) <= d.radius_km).to_numpy()
        far = part[~near]
        assert far.empty, f"{district}: {far[['code', 'name', 'lon', 'lat']].to_dict('records')}"


def test_a_malformed_territory_file_is_refused_with_its_place(tmp_path):
    raw = yaml.safe_load(territory.TERRITORY_FILE.read_text(encoding="utf-8"))
    raw["groups"][1]["islands"][0]["lat"] = 48.0  # not in Vietnam
    raw["groups"][0]["units"] = {"2025": {"20333": ["Đảo Không Có"]}}
    path = tmp_path / "territory.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(schema.SchemaError) as err:
        schema.read(path, territory.Territory)
    text = str(err.value)
    assert "groups[1].islands[0].lat (line" in text and "less than or equal to 24" in text
    assert "groups[0]" in text and "unknown island(s) ['Đảo Không Có']" in text
