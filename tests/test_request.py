"""What a user asks for, resolved once: the one set of defaults and refusals for every entry point."""

import pytest
import scenarios

from helpers import datasets, request


def test_a_year_is_on_the_units_it_is_assessed_on_and_names_its_criteria_set():
    old, new = request.resolve("tuyen-quang", 2025), request.resolve("tuyen-quang", 2026)
    assert (old.units, old.criteria.id, old.province.vintage) == ("legacy", "ntm-2021-2025", "legacy")
    assert (new.units, new.criteria.id, new.province.vintage) == ("2025", "ntm-2026-2030", "2025")
    carried = request.resolve("08", 2024, vintage="2025")  # a code, a year carried to the 2025 units
    assert (carried.province.slug, carried.units, carried.criteria.id) == ("tuyen-quang", "2025", "ntm-2021-2025")


def test_without_a_year_the_latest_year_the_province_has_data_for(tmp_path):
    assert request.resolve("gia-lai").year == 2026  # the demo data's latest year
    first = scenarios.write("first-file", tmp_path)  # a province's first file: one year, no baseline
    req = request.resolve("Gia Lai", data=first)
    assert (req.year, req.units, req.source.path) == (2025, "legacy", str(first))
    assert not req.source.is_demo and req.dataset().years() == [2025]


@pytest.mark.parametrize("kwargs,message", [
    ({"vintage": "1975"}, "unknown vintage '1975': expected legacy or 2025"),
    ({"year": 2031}, "no data for year(s) 2031; the data has 2019, 2022, 2023, 2024, 2025, 2026"),
    ({"year": 2026, "vintage": "legacy"}, "the legacy units end with 2025"),
])
def test_what_cannot_be_built_is_refused_naming_what_to_give(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        request.resolve("tuyen-quang", **kwargs)


def test_a_province_the_data_does_not_cover_is_refused(tmp_path):
    first = scenarios.write("first-file", tmp_path)  # Gia Lai only
    with pytest.raises(ValueError, match="no record for any commune of Tỉnh Tuyên Quang"):
        request.resolve("tuyen-quang", 2025, first)


def test_a_notebook_given_the_parameters_resolves_the_same_request(tmp_path):
    first = scenarios.write("first-file", tmp_path)
    for req in (request.resolve("gia-lai", 2026), request.resolve("gia-lai", data=first),
                request.resolve(request.NATIONAL, 2025), request.resolve(["tuyen-quang", "gia-lai"], 2024)):
        params = req.parameters()
        who = request.NATIONAL if req.national else params.pop("provinces", None) or params.pop("province")
        assert request.resolve(who, **params) == req


def test_a_national_request_reads_every_province():
    req = request.resolve(request.NATIONAL, 2026)
    assert req.national and req.provinces == () and req.units == "2025"
    communes = req.dataset().communes
    assert communes.loc[communes["year"] == 2026, "commune_code"].nunique() > 3000  # the 34 provinces' units
    with pytest.raises(ValueError, match="covers 0 provinces, not one"):
        _ = req.province


def test_a_build_groups_its_years_by_units_and_expands_all():
    src = datasets.source("")
    assert request.build_years(src, None, None) == {"2025": [2026]}
    assert request.build_years(src, None, "legacy") == {"legacy": [2025]}
    assert request.build_years(src, [2024, 2026, 2025], None) == {"legacy": [2024, 2025], "2025": [2026]}
    assert request.build_years(src, [2024, 2026], "2025") == {"2025": [2024, 2026]}
    with pytest.raises(ValueError, match="the legacy units end with 2025"):
        request.build_years(src, [2026], "legacy")
    with pytest.raises(ValueError, match=r"no data for year\(s\) 2030, 2031"):
        request.build_years(src, [2031, 2030], None)
    everyone = request.for_build(request.build_provinces(["all"], "2025"), 2026, "2025", src, None)
    assert len(everyone.provinces) == 34 and everyone.criteria.id == "ntm-2026-2030"
