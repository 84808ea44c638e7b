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
    assert maps.render(make(tq)) == maps.render(make(tq))


def test_the_page_is_what_branca_alone_renders(tq, monkeypatch):
    """maps.render keeps branca's rendered text as it is instead of compiling it again: the same
    page, also where the text holds what jinja would read as syntax ({{ }}, {% %}, carriage returns)."""
    import contextlib

    import folium

    def build():
        m = make(tq)
        with maps.deterministic_ids("t"):
            folium.Marker([22.0, 105.2], tooltip="{{ 6 * 7 }} {% if 1 %}x{% endif %} {# c #}").add_to(m)
            folium.Marker([22.1, 105.3], popup="dòng 1\r\ndòng 2\n").add_to(m)
        return m

    ours = maps.render(build())
    monkeypatch.setattr(maps, "rendered_text_as_is", contextlib.nullcontext)
    assert ours == maps.render(build())
    assert "42 x" in ours  # branca's own reading of a tooltip as a template, kept


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
