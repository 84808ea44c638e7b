"""The file name of a report and its map: the province (or national) slug and the year, with
`-v2025` only for a year carried to the units of 1 July 2025 it was not assessed on."""

import numpy as np
import pytest

from helpers.output_names import output_name


@pytest.mark.parametrize("slug,vintage,year,name", [
    ("tuyen-quang", "legacy", 2025, "tuyen-quang-2025.html"),
    ("tuyen-quang", "legacy", 2019, "tuyen-quang-2019.html"),
    ("gia-lai", "2025", 2026, "gia-lai-2026.html"),  # 2026 is assessed on the 2025 units
    ("gia-lai", "2025", 2030, "gia-lai-2030.html"),
    ("national", "legacy", 2025, "national-2025.html"),
])
def test_a_year_on_the_units_it_was_assessed_on_is_named_by_slug_and_year(slug, vintage, year, name):
    assert output_name(slug, vintage, year) == name


@pytest.mark.parametrize("year", [2019, 2021, 2024, 2025])
def test_a_year_carried_to_the_2025_units_is_marked(year):
    assert output_name("tuyen-quang", "2025", year) == f"tuyen-quang-v2025-{year}.html"
    assert output_name("national", "2025", year) == f"national-v2025-{year}.html"


def test_the_year_is_written_as_a_whole_number_whatever_its_type():
    assert output_name("gia-lai", "legacy", 2025.0) == "gia-lai-2025.html"
    assert output_name("gia-lai", "legacy", np.int64(2025)) == "gia-lai-2025.html"
    assert output_name("gia-lai", "2025", "2024") == "gia-lai-v2025-2024.html"


def test_a_carried_year_and_the_same_year_on_its_own_units_never_share_a_file():
    assert output_name("tuyen-quang", "2025", 2025) != output_name("tuyen-quang", "legacy", 2025)
