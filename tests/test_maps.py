"""The status map: one feature per commune with the agreed properties, offline, deterministic, safe."""

import re

import pytest

from helpers import labels, maps, workbook


@pytest.fixture(scope="module")
def tq():
    return workbook.load("tuyen-quang", 2025)


def make(ctx, status=None):
    return maps.status_map(ctx.geo, ctx.status if status is None else status, title=ctx.title,
                           notices=ctx.notices, districts=ctx.districts)


def test_one_feature_per_commune_coloured_as_the_data_says(tq):
    page = maps.render(make(tq))
    fc = maps.read_features(page)
    assert len(fc["features"]) == 137
    props = {f["properties"]["code"]: f["properties"] for f in fc["features"]}
    assert all(len(code) == 5 for code in props)
    for row in tq.status.itertuples():
        p = props[row.code]
        assert p["status"] == row.status and p["name"] == row.name and p["district"] == row.district_name
    palette = maps.read_features(page, "antt-statuses")
    for code, s in labels.STATUSES.items():
        assert palette[code]["colour"] == s.colour and palette[code]["label"] == s.label
    assert palette["advanced"]["count"] == int((tq.status["status"] == "advanced").sum())


def test_map_says_data_is_illustrative_and_boundaries_approximate(tq):
    page = maps.render(make(tq))
    assert labels.ILLUSTRATIVE_NOTICE in page
    assert labels.APPROXIMATE_BOUNDARIES_NOTICE in page


def test_map_loads_nothing_from_the_network(tq):
    page = maps.render(make(tq))
    assert not re.search(r"<script[^>]+\bsrc=", page)
    assert not re.search(r"<link[^>]+\bhref=", page)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page


def test_render_is_deterministic(tq):
    assert maps.render(make(tq)) == maps.render(make(tq))


def test_text_from_data_cannot_become_markup(tq):
    status = tq.status.copy()
    evil = '<script>alert(1)</script> "Xã" \'Bản\' `x` ${1}'
    status.loc[0, "name"] = evil
    page = maps.render(make(tq, status))
    assert "<script>alert(1)" not in page
    fc = maps.read_features(page)
    assert fc["features"][0]["properties"]["name"] == evil
