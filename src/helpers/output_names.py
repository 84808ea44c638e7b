"""The file name of each output: a province's (or the country's) report and map of one year.

Kept apart from helpers.paths, the bottom of the package, because the name depends on the units
a year was assessed on (helpers.criteria)."""

from __future__ import annotations

from .criteria import units_of_year


def output_name(slug: str, vintage: str, year: int) -> str:
    """File name of a report and its map: `<slug>[-v2025]-<year>.html` (slug: a province, or
    "national" for the national overview); `-v2025` marks a year carried to units it was not
    assessed on (a year until 2025 on the units of 1 July 2025)."""
    carried = vintage == "2025" and units_of_year(int(year)) != vintage
    return f"{slug}{'-v2025' if carried else ''}-{int(year)}.html"
