"""Which commune each row is: by code or by name, the district telling namesakes apart, a stray unit reported."""


from helpers import gazetteer

from test_loader import _problems


def test_province_inferred_and_a_stray_commune_reported(tmp_path):
    rows = [{"Mã xã": c, "Năm": 2025} for c in ("02233", "02455", "23560")]
    problems = _problems(tmp_path, rows, province=None)
    assert any("row 4" in p and "another province" in p for p in problems)


def test_namesakes_need_the_district(tmp_path):

    c = gazetteer.communes("gia-lai")
    dup = c[c["short_name"].duplicated(keep=False)]
    assert not dup.empty
    name = dup["short_name"].iloc[0]
    problems = _problems(tmp_path, [{"Tên xã": name, "Năm": 2025}], province="gia-lai")
    assert any("matches 2 units: give the code or the district" in p for p in problems)
