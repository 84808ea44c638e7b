"""What a user asks for, resolved once: the provinces, the year, the units, the criteria set, the
data and the boundaries, with the one set of defaults and refusals.

Every entry point builds its requests here, the same way: the analyst's `workbook.load`, the
comparison and the national overview (notebooks 02 and 03), `antt progress`, and `antt build`
(one request per year, for all the provinces of the build); the request is then passed down, so
that a job looks its province and criteria set up once.

Defaults: a year is built on the units it is assessed on (its criteria set's: the legacy units
until 2025, the units of 1 July 2025 from 2026); without a year, the latest year of the data (for
one province: the latest in which the data holds a record of its xã). Refusals, each a
ValueError naming what to give instead: an unknown vintage, a year without data, a year after
2025 on the legacy units, a province or a year the data does not cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import criteria as crit
from . import datasets, gazetteer, records
from .paths import resolve as user_path

NATIONAL = "all"  # the provinces of a national request: every province of its units


@dataclass(frozen=True)
class Request:
    """One year asked for, resolved: the provinces (gazetteer.Province on `units`), the criteria
    set in force in `year`, the data source and the boundary file (None: approximate shapes)."""

    provinces: tuple[gazetteer.Province, ...]
    year: int
    units: str
    criteria: crit.Criteria
    source: datasets.Source
    boundaries: Path | None = None
    national: bool = False  # every province of the units (the national overview)

    @property
    def province(self) -> gazetteer.Province:
        """The province of a one-province request."""
        if len(self.provinces) != 1:
            raise ValueError(f"this request covers {len(self.provinces)} provinces, not one")
        return self.provinces[0]

    def dataset(self) -> records.Dataset:
        """The data the request reads (the demo data covering its provinces), read once."""
        return datasets.for_provinces(self.source, self.provinces, self.units, self.national)

    def parameters(self) -> dict:
        """What a notebook is given to resolve this very request again."""
        who = {} if self.national else {"province": self.province.slug} if len(self.provinces) == 1 else \
            {"provinces": [p.slug for p in self.provinces]}
        return {**who, "year": self.year, "data": self.source.path, "vintage": self.units,
                **({"boundaries": str(self.boundaries)} if self.boundaries else {})}


def check_vintage(vintage: str | None) -> str | None:
    """The units asked for ("" or None: those of each year), refused when unknown."""
    if vintage and vintage not in gazetteer.VINTAGES:  # legacy (until 30/6/2025), 2025 (from 1/7/2025)
        raise ValueError(f"unknown vintage {vintage!r}: expected legacy or 2025")
    return vintage or None


def check_year_on_units(year: int, units: str) -> None:
    """Refuse a year the units do not exist in (the legacy units end with 2025)."""
    if units == "legacy" and crit.units_of_year(year) != "legacy":
        raise ValueError(f"{year} is assessed on the units from 1/7/2025 ({crit.for_year(year).legal_reference}); "
                         "the legacy units end with 2025: build it without --vintage legacy")


def _no_data(years: list[int], known: list[int], where: str = "") -> ValueError:
    shown = ", ".join(map(str, years))
    return ValueError(f"no data for year(s) {shown}{where}; the data has {', '.join(map(str, known)) or 'no year'} "
                      f"/ không có số liệu năm {shown}")


def resolve(provinces: str | list[str] | tuple[str, ...], year: int | None = None, data: str | Path | None = None,
            boundaries: str | Path | None = None, vintage: str | None = None) -> Request:
    """The request for `provinces` (a slug, code or name, or a list of them, or NATIONAL) in
    `year`, from `data` ("": the demo data), drawn on `boundaries` ("": approximate shapes), on
    the units `vintage` (by default those the year is assessed on)."""
    units = check_vintage(vintage)
    src = datasets.source(data)
    year = int(year) if year else None
    read = datasets.read(src)
    if year is not None and year not in read.years():
        raise _no_data([year], read.years())
    if units is None:
        units = crit.units_of_year(year if year else read.latest_year())
    national = provinces == NATIONAL
    refs = [] if national else [provinces] if isinstance(provinces, str) else list(provinces)
    provs = tuple(dict.fromkeys(gazetteer.province(p, units) for p in refs))
    dataset = datasets.for_provinces(src, provs, units, national)
    for p in provs:
        datasets.require_records(dataset, p)
    if year is None:
        year = _latest(dataset, provs, units)
    else:
        check_year_on_units(year, units)
        for p in provs:
            have = datasets.years_of(dataset, p)
            if year not in have:
                raise _no_data([year], have, f" for {p.name} on its units")
    return Request(provs, year, units, crit.for_year(year), src, user_path(boundaries) if boundaries else None,
                   national)


def _latest(dataset: records.Dataset, provs: tuple[gazetteer.Province, ...], units: str) -> int:
    """The latest year of the data on `units` in which every province has data."""
    years = set(dataset.years())
    if units == "legacy":
        years = {y for y in years if crit.units_of_year(y) == "legacy"}
    for p in provs:
        years &= set(datasets.years_of(dataset, p))
    if not years:
        raise ValueError(f"the data has no year on the {'units until 30/6/2025' if units == 'legacy' else 'units'} "
                         f"for {', '.join(p.name for p in provs) or 'the country'}")
    return max(years)


def build_years(src: datasets.Source, years: list[int] | None, vintage: str | None) -> dict[str, list[int]]:
    """The years of a build grouped by the units each is built on. By default a year is built on
    the units its criteria set is assessed on; `vintage` "2025" also carries earlier years to the
    2025 units, "legacy" refuses later years. No years: the latest year of the data (on the legacy
    units, the latest legacy year)."""
    vintage = check_vintage(vintage)
    known = datasets.read(src).years()
    if not known:  # no record at all: the checks of each province say so
        return {vintage or "legacy": []}
    if years:
        missing = sorted({int(y) for y in years} - set(known))
        if missing:
            raise _no_data(missing, known)
    else:
        if vintage == "legacy":
            known = [y for y in known if crit.units_of_year(y) == "legacy"]
        if not known:
            raise ValueError("the data has no year assessed on the legacy units (until 2025)")
        years = [known[-1]]
    groups: dict[str, list[int]] = {}
    for y in sorted(set(int(y) for y in years)):
        if vintage == "legacy":
            check_year_on_units(y, vintage)
        groups.setdefault(vintage or crit.units_of_year(y), []).append(y)
    return groups


def build_data(src: datasets.Source, provinces: list[gazetteer.Province], years: list[int], units: str,
               national: bool) -> records.Dataset:
    """The data of a build's provinces on `units` (of every province, `national`: the overview
    reads them all), checked: each province has data in every year of the build (build_years
    checked that the data has the years)."""
    dataset = datasets.for_provinces(src, tuple(provinces), units, national)
    for p in provinces:
        datasets.require_records(dataset, p, years)
    return dataset


def build_provinces(provinces: list[str], units: str) -> tuple[gazetteer.Province, ...]:
    """The provinces of a build on `units`: slugs, codes or names in order without repeats, and
    gazetteer.ALL for every province of the units."""
    return tuple(gazetteer.province(p, units) for p in gazetteer.expand(provinces, units))


def for_build(provinces: tuple[gazetteer.Province, ...], year: int, units: str, src: datasets.Source,
              boundaries: Path | None) -> Request:
    """The request of one year of a build for its provinces (build_provinces), once `build_years`
    has checked the year and `build_data` the data."""
    return Request(tuple(provinces), int(year), units, crit.for_year(year), src, boundaries)
