"""Which plan a document is, from an official heading or from the prose of the press."""

import pytest

from helpers import plan_text
from helpers.plan_identity import identity


def ident(text: str) -> dict:
    return identity(plan_text.normalise(text), text)


@pytest.mark.parametrize("text,number,kind,province,date", [
    ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n-------\n\nSố: 05/ĐA-UBND\n\nNghệ An, ngày 3 tháng 3 năm 2023\n\nĐỀ ÁN\n"
     "Nâng cao chất lượng tiêu chí an ninh, trật tự", "05/ĐA-UBND", "Đề án", "nghe-an", "2023-03-03"),
    ("Theo Kế hoạch số 295/KH-UBND của UBND thành phố Hà Nội, đến năm 2025 có 100% số xã đạt chỉ tiêu 19.2.",
     "295/KH-UBND", "Kế hoạch", "ha-noi", None),
    ("Ngày 29/11/2022, Ủy ban nhân dân tỉnh Thừa Thiên Huế ban hành kế hoạch số 443/KH-UBND thực hiện Quyết định "
     "926", "443/KH-UBND", "Kế hoạch", "hue", "2022-11-29"),
    ("UBND tỉnh Cà Mau ban hành Quyết định số 1877/QĐ-UBND ngày 12/10/2022 ban hành Kế hoạch thực hiện Quyết định "
     "số 926/QĐ-TTg ngày 02/8/2022", "1877/QĐ-UBND", "Quyết định", "ca-mau", "2022-10-12"),
])
def test_the_plan_in_a_heading_or_in_prose(text, number, kind, province, date):
    got = ident(text)
    assert (got["number"], got["kind"], got["province"], got["date"]) == (number, kind, province, date)


def test_the_national_decision_is_never_the_plan_s_own_number_and_any_quoted_date_is_kept():
    got = ident("Thực hiện Quyết định số 926/QĐ-TTg ngày 02/8/2021 của Thủ tướng Chính phủ, tỉnh triển khai …")
    assert got["number"] is None
    assert got["implements"]["plan"] == "national-926" and got["implements"]["quoted_date"] == "2021-08-02"
    assert ident("thực hiện Quyết định 926 của Thủ tướng")["implements"]["number"] == "926/QĐ-TTg"
    assert "quoted_date" not in ident("Quyết định số 926/QĐ-TTg ngày 02/8/2022")["implements"]
    assert ident("Quyết định số 1926/QĐ-TTg ngày 1/1/2020")["implements"] is None


def test_the_issuer_keeps_the_name_the_plan_writes():
    assert ident("ỦY BAN NHÂN DÂN TỈNH THANH HÓA\n\nSố: 1/KH-UBND")["issuer"] == "Ủy ban nhân dân tỉnh Thanh Hóa"
    assert ident("Ủy ban nhân dân tỉnh Thừa Thiên Huế ban hành")["issuer"] == "Ủy ban nhân dân tỉnh Thừa Thiên Huế"
