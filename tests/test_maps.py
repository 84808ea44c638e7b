"""The status map: one feature per commune with the agreed properties, offline, deterministic, safe."""

import re

import pytest

from helpers import labels, maps, workbook


@pytest.fixture(scope="module")
def tq():
    return workbook.load("tuyen-quang", 2025)


def make(ctx, status=None):
    history = dict(ctx._history)
    if status is not None:
        history[ctx.year] = status
    return maps.status_map(ctx._geo, history, ctx.year, title=ctx._title, notices=ctx._notices, districts=ctx._districts)


def test_one_feature_per_commune_coloured_as_the_data_says(tq):
    page = maps.render(make(tq))
    fc = maps.read_features(page)
    assert len(fc["features"]) == 137
    props = {f["properties"]["code"]: f["properties"] for f in fc["features"]}
    assert all(len(code) == 5 for code in props)
    for row in tq._status.itertuples():
        p = props[row.code]
        assert p["status"] == row.status and p["name"] == row.name and p["district"] == row.district_name
    cfg = maps.read_features(page, "antt-config")
    for code, s in {**labels.STATUSES, **labels.VIEW_CLASSES}.items():
        label = tq.criteria.status_label(code) if code in labels.STATUSES else s.label
        assert cfg["classes"][code]["colour"] == s.colour and cfg["classes"][code]["label"] == label
    assert cfg["classes"]["advanced"]["label"] == "Đạt 19.2 nâng cao"
    assert cfg["years"] == [2019, 2022, 2023, 2024, 2025] and cfg["year"] == 2025
    # every year of the data is in the map, as the data says
    for year, st in tq._history.items():
        assert {c: p["years"][str(year)]["s"] for c, p in props.items()} == dict(zip(st["code"], st["status"]))


def test_views_cover_both_indicators_and_every_sub_condition(tq):
    cfg = maps.read_features(maps.render(make(tq)), "antt-config")
    ids = [v["id"] for v in cfg["views"]]
    assert ids[:3] == ["status", "basic", "advanced"]
    assert {i[3:] for i in ids[3:]} == set(tq.criteria.sub_condition_columns("commune"))


def test_map_says_data_is_illustrative_and_boundaries_approximate(tq):
    page = maps.render(make(tq))
    assert labels.ILLUSTRATIVE_NOTICE in page
    assert labels.APPROXIMATE_BOUNDARIES_NOTICE in page


def test_map_loads_nothing_from_the_network(tq):
    page = maps.render(make(tq))
    assert not re.search(r"<script[^>]+\bsrc=", page)
    assert not re.search(r"<link[^>]+\bhref=", page)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    # no online base layer (it could name the archipelagos otherwise), no credit line with its flag
    assert "openstreetmap" not in page.lower() and "L.tileLayer" not in page
    assert '"attributionControl": false' in page


def test_render_is_deterministic(tq):
    m = make(tq)
    page = maps.render(m)
    assert page == maps.render(make(tq))
    # rendering a map again (the report, then the stand-alone map) gives the same page: folium's
    # statements added while rendering (a shown layer's addTo) are not repeated
    assert maps.render(m) == page
    assert len(re.findall(r"outline_layer_antt\d{5}\.addTo", page)) == 2


def test_element_ids_are_numbered_in_the_order_they_appear():
    import folium

    def page():
        m = folium.Map(tiles=None)
        folium.Marker([22.0, 105.2], tooltip="a").add_to(m)
        return maps.render(m)

    first = page()
    assert first == page()  # branca's ids are random: numbered, two maps give the same bytes
    assert not re.search(r"_[0-9a-f]{32}(?![0-9a-f])", first)
    names = re.findall(r"\b(?:map|marker)_antt(\d{5})\b", first)
    assert names[0] == "00001" and sorted(set(names)) == ["00001", "00002"]
    # a 32-digit hex text in the data is data, not an id
    hexes = "_" + "ab" * 16
    assert maps.stable_ids('<div id="map_' + "0" * 32 + '"></div><script type="application/json" id="x">'
                           f'["{hexes}"]</script>') == f'<div id="map_antt00001"></div><script type="application/json" id="x">["{hexes}"]</script>'


def test_a_header_block_is_the_page_branca_renders_from_a_macro(tq):
    """maps.HeaderBlock puts its text in the header verbatim instead of through branca's
    Element(text), which compiles it as a template: the same page, and data that reads as
    template syntax stays as it is."""
    from branca.element import MacroElement
    from jinja2 import Template

    class ThroughTemplate(MacroElement):
        _template = Template('{% macro header(this, kwargs) %}<script type="application/json" '
                             'id="{{ this.dom_id }}">{{ this.payload }}</script>{% endmacro %}')

        def __init__(self, dom_id, data):
            super().__init__()
            self._name = "JsonData"
            self.dom_id, self.payload = dom_id, maps.safe_json(data)

    data = {"a": ["dòng 1\r\ndòng 2\n", "Xã Hùng Lợi", 1.5]}
    pages = []
    for kind in (maps.JsonData, ThroughTemplate):
        m = make(tq)
        m.add_child(kind("antt-test", data), name="antt_test")
        pages.append(maps.render(m))
    assert pages[0] == pages[1]
    assert maps.read_features(pages[0], "antt-test") == data
    m = make(tq)
    m.add_child(maps.JsonData("antt-test", ["{{ 6 * 7 }} {% if 1 %}x{% endif %} {# c #}"]), name="antt_test")
    assert maps.read_features(maps.render(m), "antt-test") == ["{{ 6 * 7 }} {% if 1 %}x{% endif %} {# c #}"]


def test_text_from_data_cannot_become_markup(tq):
    status = tq._status.copy()
    evil = '<script>alert(1)</script> "Xã" \'Bản\' `x` ${1}'
    status.loc[0, "name"] = evil
    status.loc[0, "note"] = "<img src=x onerror=alert(2)>"
    page = maps.render(make(tq, status))
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    fc = maps.read_features(page)
    assert fc["features"][0]["properties"]["name"] == evil
    assert fc["features"][0]["properties"]["years"]["2025"]["n"] == "<img src=x onerror=alert(2)>"


def _lab(hex_colour: str, sim=None):
    import numpy as np

    rgb = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    if sim is not None:
        lin = np.clip(sim @ lin, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    xyz = xyz / np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", ["normal", "protan", "deutan"])
def test_palette_is_told_apart_by_colour_blind_readers(vision):
    import itertools

    import numpy as np

    # Viénot, Brettel & Mollon (1999) simulation matrices in linear RGB
    sims = {"normal": None,
            "protan": np.array([[0.11238, 0.88762, 0.0], [0.11238, 0.88762, 0.0], [0.00401, -0.00401, 1.0]]),
            "deutan": np.array([[0.29275, 0.70725, 0.0], [0.29275, 0.70725, 0.0], [-0.02234, 0.02234, 1.0]])}
    s = labels.STATUSES
    for a, b in itertools.combinations(labels.STATUS_ORDER, 2):
        d = np.linalg.norm(_lab(s[a].colour, sims[vision]) - _lab(s[b].colour, sims[vision]))
        if {a, b} == {labels.NOT_APPLICABLE, labels.NO_DATA}:
            assert s[a].dashed != s[b].dashed  # the two greys differ by their outline too
            continue
        assert d > 15, (a, b, vision, d)


def test_a_map_s_frame_is_kept_beside_it_not_hung_on_folium_s_object():
    """The report's title, height and printed figure of a map live in maps.frame(m); the
    folium.Map carries no attribute of ours."""
    from helpers import sections, workbook

    m = sections.status_map(workbook.load("tuyen-quang", 2025))
    assert not [k for k in vars(m) if k.startswith("antt")]
    f = maps.frame(m)
    assert (f.title, f.height) == ("Bản đồ Tỉnh Tuyên Quang, năm 2025", 640)
    assert f.figure is not None and f.caption.startswith("Bản đồ mức đạt chỉ tiêu 19.2")
    explored = workbook.load("tuyen-quang", 2025).geometry().explore(tiles=None)
    assert maps.frame(explored).title == "" and "<title>Bản đồ</title>" in maps.render(explored)
