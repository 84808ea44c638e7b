"""What a build runs: one job per report, its notebook, parameters and output names.

The parent decides every output name here; a notebook only receives, as its `map_file`
parameter, the temporary path its job gives it (helpers.batch.execute).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..output_names import output_name
from ..request import Request
from ..vintage import units_label

SEED_PROVINCES = ("tuyen-quang", "gia-lai")
MAX_COMPARED = 4  # a side-by-side comparison stays readable up to this many provinces
NATIONAL_FROM = MAX_COMPARED + 1  # from this many provinces on, the build adds the national overview
NATIONAL = "national"

PROVINCE_NOTEBOOK = "01_commune_attainment.ipynb"
COMPARISON_NOTEBOOK = "02_plan_comparison.ipynb"
NATIONAL_NOTEBOOK = "03_national_overview.ipynb"


@dataclass
class Job:
    notebook: str  # file name under notebooks/
    parameters: dict
    report: str  # report file name under <out>/reports/
    title: str
    province: str
    year: int | None
    map: str | None = None  # the stand-alone map's file name under <out>/maps/, if the notebook makes one
    label: str = ""  # what the index calls it: the province, "Toàn quốc", or the provinces compared


@dataclass
class Result:
    province: str
    year: int | None
    notebook: str
    path: str
    status: str  # ok | error
    seconds: float
    error: str | None = None
    map_path: str | None = None
    timings: dict = field(default_factory=dict)


def national_name(year: int, vintage: str = "legacy") -> str:
    """File name of the national overview and its map."""
    return output_name(NATIONAL, vintage, year)


def comparison_name(slugs: list[str], year: int) -> str:
    return f"comparison-{'-'.join(slugs)}-{int(year)}.html"


def with_national(provinces: list | tuple) -> bool:
    """Whether a build of these provinces adds the national overview."""
    return len(provinces) >= NATIONAL_FROM


def plan_jobs(requests: list[Request]) -> list[Job]:
    """The jobs of a build, one request per year on the same units (helpers.request), in the
    order they start: the national overview (notebook 03) when the build covers NATIONAL_FROM
    provinces or more (first: it is the longest); notebook 01 for every province and year; and
    (legacy units) notebook 02 comparing the provinces, when there are two to four of them, for
    every year."""
    if not requests:
        return []
    provinces, units = requests[0].provinces, requests[0].units
    data = requests[0].source.path
    boundaries = str(requests[0].boundaries or "")
    jobs = []
    if with_national(provinces):
        for req in requests:
            name = national_name(req.year, units)
            jobs.append(Job(NATIONAL_NOTEBOOK, {"year": req.year, "data": data, "vintage": units,
                                                "provinces": [p.slug for p in provinces]},
                            name, f"Toàn quốc{units_label(units, req.year)} — năm {req.year}: tiêu chí an ninh, trật tự",
                            NATIONAL, req.year, map=name, label=f"Toàn quốc{units_label(units, req.year)}"))
    for p in provinces:
        for req in requests:
            name = output_name(p.slug, units, req.year)
            jobs.append(Job(PROVINCE_NOTEBOOK, {"province": p.slug, "year": req.year, "data": data,
                                                "boundaries": boundaries, "vintage": units},
                            name, f"{p.name}{units_label(units, req.year)} — năm {req.year}: tiêu chí an ninh, trật tự",
                            p.slug, req.year, map=name, label=p.name + units_label(units, req.year)))
    if units == "legacy" and 2 <= len(provinces) <= MAX_COMPARED:
        slugs = [p.slug for p in provinces]
        names = " – ".join(p.short_name for p in provinces)
        for req in requests:
            jobs.append(Job(COMPARISON_NOTEBOOK, {"provinces": slugs, "year": req.year, "data": data},
                            comparison_name(slugs, req.year), f"So sánh kế hoạch {names} — năm {req.year}",
                            "+".join(slugs), req.year, label=f"so sánh kế hoạch {names}"))
    return jobs
