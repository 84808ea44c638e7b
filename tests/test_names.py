import unicodedata

import pytest

from helpers.names import fold, name_key, slugify, strip_diacritics


@pytest.mark.parametrize("a,b", [
    ("Xã Hùng Lợi", "hung loi"),
    ("XÃ HÙNG LỢI", "Hùng Lợi"),
    ("Phường 01", "P.1"),
    ("Thị trấn Na Hang", "TT. Na Hang"),
    ("Xã Thái Hoà", "Thái Hòa"),  # old and new tone placement
    ("Đăk Pơ", "Dak Po"),
    ("Ðăk Pơ", "Đăk Pơ"),  # U+00D0 look-alike of Đ
    (unicodedata.normalize("NFD", "Xã Yên Thuận"), "Yên Thuận"),
    ("Xã\u00a0Kim  Phú", "kim phu"),
])
def test_name_keys_match(a, b):
    assert name_key(a) == name_key(b)


def test_different_names_differ():
    assert name_key("Phường 1") != name_key("Phường 11")
    assert name_key("Ia Băng") == name_key("Ia Bang")  # they fold alike: join by code, not name


def test_slug_and_fold():
    assert slugify("Tuyên Quang") == "tuyen-quang"
    assert slugify("Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"
    assert fold("  Đắk  Lắk ") == "dak lak"
    assert strip_diacritics("Nguyễn Thế Giang") == "Nguyen The Giang"


def test_named_finds_a_unit_by_code_or_by_a_loose_name():
    import pandas as pd

    from helpers.names import named

    units = pd.DataFrame({"code": ["00001", "02233", "074"], "name": ["Phường 1", "Xã Hùng Lợi", "Tỉnh Hà Giang (cũ)"],
                          "short_name": ["1", "Hùng Lợi", "Hà Giang (cũ)"]})
    for ref, code in [("2233", "02233"), ("02233", "02233"), ("hung loi", "02233"), ("XÃ HÙNG LỢI", "02233"),
                      ("ha giang", "074"), ("Tỉnh Hà Giang (cũ)", "074"), ("phuong 01", "00001")]:
        assert list(named(units, ref, 5)["code"]) == [code], ref
    assert named(units, "atlantis", 5).empty
