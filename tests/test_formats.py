"""How a reader sees a value: Vietnamese number text (decimal comma, dot between thousands),
halves rounded away from zero, counts and years as whole numbers, a dash for what is missing."""

import numpy as np
import pandas as pd
import pytest

from helpers import formats


@pytest.mark.parametrize("value,decimals,text", [
    (1234567.0, 0, "1.234.567"),
    (1234567, 0, "1.234.567"),
    (1234.56, 1, "1.234,6"),
    (97.52, 1, "97,5"),
    (0.5, 2, "0,50"),
    (-1234.5, 1, "-1.234,5"),
    (999.95, 1, "1.000,0"),
    (np.float64(12345.678), 2, "12.345,68"),
    (np.int64(1185), 0, "1.185"),
])
def test_a_number_has_a_decimal_comma_and_dots_between_thousands(value, decimals, text):
    assert formats.number(value, decimals) == text


@pytest.mark.parametrize("value,decimals,text", [
    (2.5, 0, "3"),  # Python's round() gives 2
    (3.5, 0, "4"),
    (-2.5, 0, "-3"),
    (0.125, 2, "0,13"),
    (6.85, 1, "6,9"),  # stored as 6.8499999…
    (-6.85, 1, "-6,9"),
    (1.005, 2, "1,01"),  # stored as 1.00499999…
    (2.675, 2, "2,68"),
    (6.84, 1, "6,8"),
    (6.849, 1, "6,8"),
])
def test_halves_round_away_from_zero_as_written_not_as_stored(value, decimals, text):
    assert formats.number(value, decimals) == text


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT])
def test_every_kind_of_missing_value_is_a_dash(missing):
    assert formats.is_missing(missing)
    assert formats.number(missing) == formats.count(missing) == formats.year(missing) == "–"
    assert formats.verdict(missing) == formats.level(missing) == "–"
    assert formats.cell_text(missing, "dec1") == formats.cell_text(missing, "text") == "–"


def test_zero_false_and_empty_text_are_values_not_missing():
    assert not any(formats.is_missing(v) for v in (0, 0.0, False, ""))
    assert formats.number(0, 1) == "0,0" and formats.count(0.0) == "0"


def test_a_boolean_is_not_a_number_but_a_numpy_number_is():
    assert not formats.is_number(True) and not formats.is_number(np.bool_(False))
    assert formats.is_number(np.int64(3)) and formats.is_number(np.float64(2.5)) and formats.is_number(7)
    assert not formats.is_number(float("nan")) and not formats.is_number("12")


def test_a_count_stored_as_a_float_is_shown_as_a_whole_number():
    assert formats.count(1185.0) == "1.185"
    assert formats.count(np.float64(42.0)) == "42"
    assert formats.count(2.5) == "3"


def test_a_level_shows_only_the_decimals_it_has():
    assert [formats.level(x) for x in (99.0, 7.5, 2.25, 100, 0.1 + 0.2)] == ["99", "7,5", "2,25", "100", "0,3"]
    assert formats.level(2.256) == "2,26"  # at most two decimals, rounded
    assert formats.level(2.256, max_decimals=3) == "2,256"
    assert formats.level(1500.5) == "1.500,5"


def test_a_share_is_a_percentage_without_its_sign_and_a_dash_when_there_is_no_whole():
    assert formats.share(118, 121) == "97,5"
    assert formats.share(1, 3, 2) == "33,33"
    assert formats.share(0, 121) == "0,0"
    assert formats.share(5, 0) == formats.share(5, None) == formats.share(None, 5) == "–"


def test_a_fraction_reads_as_leaders_read_a_rate():
    assert formats.fraction(118, 121) == "118/121 xã (97,5%)"
    assert formats.fraction(85.0, 121.0) == "85/121 xã (70,2%)"
    assert formats.fraction(3, 4, unit="") == "3/4 (75,0%)"
    assert formats.fraction(1200, 1500, unit="vụ") == "1.200/1.500 vụ (80,0%)"
    assert formats.fraction(0, 0) == "0/0 xã"  # no percentage of nothing
    assert formats.fraction(3, None) == "–"


@pytest.mark.parametrize("value", [2019, 2019.0, np.float64(2019.0), np.int64(2019), "2019"])
def test_a_year_is_never_shown_with_a_decimal(value):
    assert formats.year(value) == "2019"
    assert formats.cell_text(value, "year") == "2019"


def test_a_verdict_is_dat_or_chua_dat():
    assert formats.verdict(True) == formats.verdict(np.bool_(True)) == "Đạt"
    assert formats.verdict(False) == formats.verdict(0) == "Chưa đạt"


def test_a_column_format_follows_its_type():
    assert formats.default_format(pd.Series([True, False])) == "bool"
    assert formats.default_format(pd.Series([True, None], dtype="boolean")) == "bool"
    assert formats.default_format(pd.Series([1, 2])) == "int"
    assert formats.default_format(pd.Series([1, None], dtype="Int64")) == "int"
    assert formats.default_format(pd.Series([1.5, None])) == "dec1"
    assert formats.default_format(pd.Series(["Xã A"])) == "text"
    assert set(formats.FORMATS) >= {"int", "dec1", "dec2", "bool", "text", "year"}


@pytest.mark.parametrize("value,fmt,text", [
    (1185.0, "int", "1.185"),
    (87.8048780487805, "dec1", "87,8"),
    (87.8048780487805, "dec2", "87,80"),
    (True, "bool", "Đạt"),
    (0, "bool", "Chưa đạt"),
    (False, "int", "Chưa đạt"),  # a boolean is a verdict whatever the column says
    (True, "text", "Đạt"),
    (2019.0, "year", "2019"),
    (12.0, "text", "12"),  # a whole number in a text column reads as a count
    (1234.0, "text", "1.234"),
    (12.34, "text", "12,3"),
    ("Xã Hùng Lợi", "text", "Xã Hùng Lợi"),
    ("ghi chú", "int", "ghi chú"),  # text in a number column is left as it is
    (["no_serious_crime", "resolution_and_plan"], "text", "no_serious_crime; resolution_and_plan"),
    ([], "text", "–"),
    ((), "text", "–"),
])
def test_a_cell_reads_as_its_column_format_says(value, fmt, text):
    assert formats.cell_text(value, fmt) == text


def test_a_value_rounded_to_zero_has_no_sign_and_any_nan_is_missing():
    import numpy as np

    assert formats.number(-0.04, 1) == "0,0" and formats.count(-0.3) == "0" and formats.number(-0.05, 1) == "-0,1"
    assert formats.is_missing(np.float32("nan")) and formats.cell_text(np.float32("nan"), "dec1") == "–"
