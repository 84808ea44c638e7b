"""Real counts the gazetteer gives (vietnamadminunits 1.0.4), lookups and the crosswalk."""

import pytest

from helpers import gazetteer as gz


@pytest.mark.parametrize("slug,code,districts,communes,xa,phuong,thi_tran", [
    ("tuyen-quang", "08", 7, 137, 121, 10, 6),
    ("gia-lai", "64", 17, 218, 180, 24, 14),
])
def test_legacy_counts(slug, code, districts, communes, xa, phuong, thi_tran):
    p = gz.province(slug)
    assert p.code == code
    assert len(gz.districts(p)) == districts
    c = gz.communes(p)
    assert len(c) == communes
    assert c["code"].is_unique and c["code"].str.fullmatch(r"\d{5}").all()
    counts = c["type"].value_counts().to_dict()
    assert counts == {"Xã": xa, "Phường": phuong, "Thị trấn": thi_tran}


@pytest.mark.parametrize("slug,code,units,xa,phuong", [("tuyen-quang", "08", 124, 117, 7), ("gia-lai", "52", 135, 110, 25)])
def test_2025_counts(slug, code, units, xa, phuong):
    p = gz.province(slug, "2025")
    assert p.code == code
    c = gz.communes(p, "2025")
    assert len(c) == units
    assert c["type"].value_counts().to_dict() == {"Xã": xa, "Phường": phuong}


def test_country_counts():
    assert len(gz.provinces()) == 63
    assert len(gz.provinces("2025")) == 34
    assert len(gz.communes(vintage="2025")) == 3321


@pytest.mark.parametrize("ref", ["tuyen-quang", "08", "8", "Tuyên Quang", "tuyen quang", "Tỉnh Tuyên Quang", "TUYÊN QUANG"])
def test_province_lookup(ref):
    assert gz.province(ref).slug == "tuyen-quang"


def test_unknown_province_is_a_clear_error():
    with pytest.raises(gz.UnknownUnitError, match="unknown province 'atlantis'"):
        gz.province("atlantis")


@pytest.mark.parametrize("slug,legacy,new,splits", [("tuyen-quang", 137, 51, {"02494", "02497"}), ("gia-lai", 218, 77, set())])
def test_crosswalk(slug, legacy, new, splits):
    x = gz.crosswalk(slug)
    assert x["legacy_code"].nunique() == legacy
    assert x["code_2025"].nunique() == new
    assert set(x.loc[x["n_targets"] > 1, "legacy_code"]) == splits
    # every split commune has exactly one default target
    for code in splits:
        assert x.loc[x["legacy_code"] == code, "default"].sum() == 1
    # every target is a unit of the merged province
    merged = set(gz.communes(gz.province(slug, "2025"), "2025")["code"])
    assert set(x["code_2025"]) <= merged
