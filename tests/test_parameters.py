"""A job's parameters are checked against what its notebook declares, before any notebook runs."""

import pytest

from helpers.batch import jobs, parameters
from helpers.paths import NOTEBOOKS_DIR


def test_each_notebook_declares_the_parameters_its_jobs_pass():
    declared = parameters.declared_parameters(NOTEBOOKS_DIR / jobs.PROVINCE_NOTEBOOK)
    assert {"province", "year", "data", "boundaries", "vintage", parameters.MAP_FILE} <= set(declared)
    assert parameters.MAP_FILE in parameters.declared_parameters(NOTEBOOKS_DIR / jobs.NATIONAL_NOTEBOOK)


def test_an_unknown_parameter_or_a_map_the_notebook_cannot_save_is_refused_naming_them():
    job = jobs.Job(jobs.PROVINCE_NOTEBOOK, {"provice": "gia-lai", "year": 2025}, "x.html", "x", "gia-lai", 2025)
    with pytest.raises(parameters.ParameterError, match="unknown parameter.*provice; it declares .*province"):
        parameters.check_parameters(job)
    job = jobs.Job(jobs.COMPARISON_NOTEBOOK, {"year": 2025}, "x.html", "x", "x", 2025, map="x.html")
    with pytest.raises(parameters.ParameterError, match="declares no map_file"):
        parameters.check_parameters(job)
    job = jobs.Job("99_missing.ipynb", {}, "x.html", "x", "x", 2025)
    with pytest.raises(parameters.ParameterError, match="99_missing.ipynb not found"):
        parameters.check_parameters(job)
    parameters.check_parameters(jobs.Job(jobs.PROVINCE_NOTEBOOK, {"province": "gia-lai", "year": 2025}, "x.html",
                                         "x", "gia-lai", 2025, map="x.html"))  # a good job passes
