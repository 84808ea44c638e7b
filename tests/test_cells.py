"""One cell of an attainment table, read exactly or refused: verdicts, counts (thousands grouped
by three), shares on the 0–100 scale (a bare 0–1 number is ambiguous), years, GSO codes, commune
groups and text, from CSV text and from Excel values with their number format."""

import numpy as np
import pandas as pd
import pytest

from helpers.cells import (
    MAX_COUNT,
    PARSERS,
    Cell,
    CellError,
    parse_bool,
    parse_code,
    parse_count,
    parse_group,
    parse_share,
    parse_text,
    parse_year,
)

BLANKS = [Cell(""), Cell("   "), Cell("\t"), Cell(None), Cell(float("nan")), Cell(np.nan), Cell(pd.NA)]


@pytest.mark.parametrize("cell", BLANKS)
def test_an_empty_cell_is_none_for_every_optional_column(cell):
    assert cell.blank
    assert [parse(cell) for parse in PARSERS.values()] == [None] * len(PARSERS)
    assert parse_code(cell, 5) is None and parse_group(cell) is None


@pytest.mark.parametrize("cell", BLANKS[:3] + [Cell(None)])
def test_a_row_without_a_year_is_refused(cell):
    with pytest.raises(CellError, match="the year is missing") as err:
        parse_year(cell)
    assert err.value.reason_vi == "thiếu năm"


def test_zero_and_false_are_values_not_blanks():
    assert not Cell(0).blank and not Cell(False).blank and not Cell("0").blank
    assert parse_count(Cell(0)) == 0 and parse_bool(Cell(False)) is False and parse_share(Cell("0")) == 0.0


@pytest.mark.parametrize("text", ["Đạt", "đạt", "ĐẠT", " Đạt ", "dat", "true", "TRUE", "1", "yes", "x", "X", "có", "v"])
def test_a_verdict_that_says_yes(text):
    assert parse_bool(Cell(text)) is True


@pytest.mark.parametrize("text", ["Không đạt", "không  đạt", "KHÔNG ĐẠT", "Chưa đạt", "khong dat", "không", "false",
                                  "0", "no", "f"])
def test_a_verdict_that_says_no(text):
    assert parse_bool(Cell(text)) is False


def test_an_excel_checkbox_or_number_is_a_verdict():
    assert parse_bool(Cell(True)) is True and parse_bool(Cell(np.bool_(False))) is False
    assert parse_bool(Cell(1)) is True and parse_bool(Cell(0.0)) is False and parse_bool(Cell(np.int64(1))) is True


@pytest.mark.parametrize("value", ["Đạt một phần", "?", "2", "đạt?", 2, -1, 0.5])
def test_a_verdict_that_could_be_read_two_ways_is_refused_in_both_languages(value):
    with pytest.raises(CellError) as err:
        parse_bool(Cell(value))
    assert "Đạt hoặc Không đạt" in err.value.reason_vi and "Đạt or Không đạt" in str(err.value)


@pytest.mark.parametrize("value,count", [
    ("0", 0), ("7", 7), ("+7", 7), ("007", 7), (" 12 ", 12),
    ("1.200", 1200), ("1,200", 1200), ("1 200", 1200), ("1\u00a0200", 1200), ("1\u2009200", 1200),
    ("1.000.000", 1_000_000), ("12,345", 12345),
    (7, 7), (7.0, 7), (np.int64(12), 12), (np.float64(3.0), 3),
])
def test_a_count_is_a_whole_number_with_its_thousands_grouped_by_three(value, count):
    got = parse_count(Cell(value))
    assert got == count and type(got) is int


@pytest.mark.parametrize("value", [
    "1.5", "1,5", "1.20", "12.00", "1.2000", "1,200.000", "1.200,000", "12.34.567", "-3", "3 vụ", "ba",
    -1, 2.5, float("inf"), True,
])
def test_a_count_that_is_not_a_whole_number_or_is_grouped_otherwise_is_refused(value):
    with pytest.raises(CellError, match="case count must be a whole number"):
        parse_count(Cell(value))


@pytest.mark.parametrize("value", [MAX_COUNT + 1, "1.000.001", "12.000.000"])
def test_a_count_larger_than_a_commune_can_have_is_refused(value):
    with pytest.raises(CellError, match="too large") as err:
        parse_count(Cell(value))
    assert "1.000.000" in err.value.reason_vi  # written as a Vietnamese reader writes it


@pytest.mark.parametrize("value,share", [
    ("70", 0.7), ("70%", 0.7), ("70 %", 0.7), ("70,5", 0.705), ("70.5", 0.705), ("100", 1.0), ("0", 0.0),
    ("0,5%", 0.005), (".5%", 0.005), ("1", 0.01), (1, 0.01), (70, 0.7), (99.9, 0.999), ("33,3333333", 0.333333),
])
def test_a_share_is_read_on_the_0_to_100_scale(value, share):
    assert parse_share(Cell(value)) == pytest.approx(share, abs=1e-12)


def test_an_excel_percentage_cell_holds_the_fraction_itself():
    assert parse_share(Cell(0.7, "0%")) == 0.7
    assert parse_share(Cell(0.005, "0.0%")) == 0.005  # 0,5 %: no doubt, the cell says percent
    assert parse_share(Cell(1, "0%")) == 1.0
    with pytest.raises(CellError, match="between 0 and 100"):
        parse_share(Cell(1.5, "0%"))  # 150 %


@pytest.mark.parametrize("value", ["0.7", "0,7", 0.7, np.float64(0.25), "0.99"])
def test_a_bare_number_between_0_and_1_is_ambiguous_and_refused(value):
    with pytest.raises(CellError, match="ambiguous") as err:
        parse_share(Cell(value))
    assert "không rõ là phần trăm hay tỷ số" in err.value.reason_vi


@pytest.mark.parametrize("value", ["101", "-5", "100,1%", -0.5, float("inf"), float("-inf")])
def test_a_share_outside_0_to_100_is_refused(value):
    with pytest.raises(CellError, match="between 0 and 100"):
        parse_share(Cell(value))


@pytest.mark.parametrize("value", ["bảy mươi", "%", "1.234,5", "7e1", "70/100", True, "70%%", "70 % %"])
def test_a_share_that_is_not_a_number_is_refused(value):
    with pytest.raises(CellError, match="share must be"):
        parse_share(Cell(value))


@pytest.mark.parametrize("value", ["2025", " 2025 ", 2025, 2024.0, "2023.0", "2023,00", "+2025", np.int64(2025)])
def test_a_year_however_a_spreadsheet_wrote_it(value):
    got = parse_year(Cell(value))
    assert got == int(float(str(value).replace(",", "."))) and type(got) is int


@pytest.mark.parametrize("value", ["1999", "2101", "25", "2025.5", 2025.5, "năm 2025", "2025-01-01", "20 25"])
def test_a_year_outside_2000_to_2100_or_not_a_year_is_refused(value):
    with pytest.raises(CellError, match="not a valid year"):
        parse_year(Cell(value))


def test_the_first_and_last_years_are_accepted():
    assert parse_year(Cell("2000")) == 2000 and parse_year(Cell(2100)) == 2100


@pytest.mark.parametrize("value,width,code", [
    ("2233", 5, "02233"), ("02233", 5, "02233"), (2233, 5, "02233"), (2233.0, 5, "02233"), (" 8 ", 2, "08"),
    ("070", 3, "070"), ("1", 5, "00001"),
])
def test_a_code_gets_back_its_leading_zeros(value, width, code):
    assert parse_code(Cell(value), width) == code


@pytest.mark.parametrize("value,width", [("022330", 5), ("02a33", 5), ("-233", 5), ("22.33", 5), (2233.5, 5),
                                         ("Xã Hùng Lợi", 5), ("123", 2)])
def test_a_code_that_is_not_up_to_width_digits_is_refused(value, width):
    with pytest.raises(CellError, match=f"up to {width} digits"):
        parse_code(Cell(value), width)


@pytest.mark.parametrize("value,group", [("1", 1), ("2", 2), ("3", 3), (3.0, 3), (2, 2), ("2.0", 2), ("Nhóm 1", 1),
                                         ("nhóm 2", 2), ("NHÓM 3", 3), ("Nhom 3", 3), ("nhóm2", 2)])
def test_a_commune_group_is_1_2_or_3(value, group):
    assert parse_group(Cell(value)) == group


@pytest.mark.parametrize("value", ["0", "4", "Nhóm", "Nhóm 4", "nhóm 1 và 2", 2.5, "A"])
def test_another_commune_group_is_refused(value):
    with pytest.raises(CellError, match="must be 1, 2 or 3"):
        parse_group(Cell(value))


def test_text_is_trimmed_and_kept_as_written():
    assert parse_text(Cell("  Xã Hùng Lợi \n")) == "Xã Hùng Lợi"
    assert parse_text(Cell(2025)) == "2025"
    assert PARSERS["text"] is parse_text and PARSERS["share"] is parse_share


def test_a_cell_error_carries_both_languages_and_reads_in_english():
    err = CellError("thiếu năm", "the year is missing")
    assert isinstance(err, ValueError) and (err.reason_vi, err.reason_en, str(err)) == (
        "thiếu năm", "the year is missing", "the year is missing")


def test_a_cell_is_a_value_with_an_optional_number_format():
    cell = Cell(0.7, "0%")
    assert (cell.value, cell.number_format) == (0.7, "0%") and Cell(0.7).number_format == ""
    assert Cell(0.7, "0%") == Cell(0.7, "0%") and hash(Cell("Đạt")) == hash(Cell("Đạt"))


@pytest.mark.parametrize("value", ["２２３３", "²", "2233²", float("inf")])
def test_a_code_is_ascii_digits_only(value):
    with pytest.raises(CellError, match="code must be a number of up to 5 digits"):
        parse_code(Cell(value), 5)
