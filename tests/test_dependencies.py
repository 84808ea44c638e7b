"""Incremental builds: an output is rebuilt when one of its inputs changes, and only then.

Each test records a build of the two seed provinces for 2025 (two reports and maps, and the
comparison) as if it had run, changes one kind of input, and asks the build which outputs it
would run (helpers.batch.build._plan): no kernel runs here. tests/test_build.py runs real
builds twice.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import batch, digests, gazetteer
from helpers.batch import dependencies
from helpers.batch.index import manifest_entries, publish
from helpers.batch.jobs import Result
from helpers.paths import CRITERIA_DIR, DEMO_DIR, NOTEBOOKS_DIR, PLANS_DIR, maps_dir, reports_dir

TQ = {"reports/tuyen-quang-2025.html"}
GL = {"reports/gia-lai-2025.html"}
COMPARISON = {"reports/comparison-tuyen-quang-gia-lai-2025.html"}
ALL = TQ | GL | COMPARISON


def plan(out: Path, data: Path | str = "", notebooks: Path = NOTEBOOKS_DIR, force: bool = False):
    return batch.plan_build(["tuyen-quang", "gia-lai"], [2025], str(data), "", None, force, out, notebooks, None)


def to_build(out: Path, **kw) -> set[str]:
    todo = plan(out, **kw)[0]
    return {f"reports/{job.report}" for job, _ in todo}


def pretend_built(out: Path, **kw) -> None:
    """Write every output of the plan (placeholder files) and its manifest, as a build would."""
    todo = plan(out, **kw)[0]
    jobs, results = [], []
    for job, _ in todo:
        report = reports_dir(out) / job.report
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(job.title, encoding="utf-8")
        map_path = None
        if job.map:
            map_path = maps_dir(out) / job.map
            map_path.parent.mkdir(parents=True, exist_ok=True)
            map_path.write_text(job.title, encoding="utf-8")
        jobs.append(job)
        results.append(Result(job.province, job.year, job.notebook, str(report), "ok", 1.0,
                              map_path=str(map_path) if map_path else None))
    entries = manifest_entries(jobs, results, out, "2026-01-01T07:00:00+07:00", "demo", [r for _, r in todo])
    publish(entries, out, {"built": "2026-01-01T07:00:00+07:00"})


@pytest.fixture
def built(tmp_path):
    out = tmp_path / "out"
    pretend_built(out)
    return out


@pytest.fixture
def data_copy(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DEMO_DIR, folder)
    return folder


def test_nothing_changed_nothing_to_build(built):
    assert to_build(built) == set()
    assert to_build(built, force=True) == ALL  # --force


def test_a_changed_notebook_rebuilds_its_outputs_only(built, tmp_path):
    nb = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, nb)
    path = nb / "02_plan_comparison.ipynb"
    path.write_text(path.read_text(encoding="utf-8").replace("}\n", "} \n", 1), encoding="utf-8")
    assert to_build(built, notebooks=nb) == COMPARISON


def test_one_province_s_data_changed(tmp_path, data_copy):
    out = tmp_path / "out"
    pretend_built(out, data=data_copy)
    assert to_build(out, data=data_copy) == set()
    communes = pd.read_csv(data_copy / "communes.csv", dtype=str, keep_default_na=False)
    gl = set(gazetteer.communes("gia-lai")["code"])
    row = communes.index[communes["commune_code"].isin(gl) & (communes["year"] == "2024")][0]
    communes.loc[row, "crime_cases"] = str(int(communes.loc[row, "crime_cases"]) + 1)
    communes.to_csv(data_copy / "communes.csv", index=False)
    # Gia Lai's report and map, and the comparison that includes it; not Tuyên Quang's
    assert to_build(out, data=data_copy) == GL | COMPARISON


def test_the_same_data_in_another_folder_is_another_parameter(tmp_path, data_copy):
    out = tmp_path / "out"
    pretend_built(out, data=data_copy)
    other = tmp_path / "other"
    shutil.copytree(data_copy, other)
    assert to_build(out, data=other) == ALL


def test_a_plan_file_rebuilds_its_province_and_the_comparison(built, tmp_path, monkeypatch):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS_DIR, plans)
    monkeypatch.setattr(dependencies, "PLANS_DIR", plans)
    assert to_build(built) == set()
    (plans / "gia-lai.yaml").write_text((plans / "gia-lai.yaml").read_text(encoding="utf-8") + "\n# edited\n",
                                        encoding="utf-8")
    assert to_build(built) == GL | COMPARISON
    (plans / "national-926.yaml").write_text("# edited\n" + (plans / "national-926.yaml").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    assert to_build(built) == ALL  # the national programme applies to every province


@pytest.mark.parametrize("kind", ["criteria", "territory", "code", "gazetteer"])
def test_inputs_every_output_shares(built, tmp_path, monkeypatch, kind):
    assert to_build(built) == set()
    if kind == "criteria":
        folder = tmp_path / "criteria"
        shutil.copytree(CRITERIA_DIR, folder)
        f = folder / "ntm-2021-2025.yaml"
        f.write_text(f.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        monkeypatch.setattr(dependencies, "CRITERIA_DIR", folder)
    elif kind == "territory":
        f = tmp_path / "territory.yaml"
        f.write_text(dependencies.TERRITORY_FILE.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        monkeypatch.setattr(dependencies, "TERRITORY_FILE", f)
    elif kind == "code":  # a copy of the package with one file changed
        pkg = tmp_path / "helpers"
        shutil.copytree(digests.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
        (pkg / "labels.py").write_text((pkg / "labels.py").read_text(encoding="utf-8") + "\n# edited\n",
                                       encoding="utf-8")
        monkeypatch.setattr(digests, "PACKAGE_DIR", pkg)
        monkeypatch.setattr(dependencies, "code_digest", digests.code_digest.__wrapped__)
    else:
        monkeypatch.setattr(gazetteer, "SOURCE", gazetteer.SOURCE + " (updated)")
    assert to_build(built) == ALL


def test_a_boundary_file_is_an_input(tmp_path):
    from helpers import datasets, request

    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    a.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    b.write_text('{"type": "FeatureCollection", "features": [ ]}', encoding="utf-8")
    req = request.for_build(request.build_provinces(["tuyen-quang"], "legacy"), 2025, "legacy", datasets.source(""), a)
    dataset = req.dataset()
    job = batch.plan_jobs([req])[0]
    ra = dependencies.Digests(dataset, str(a)).record(job, NOTEBOOKS_DIR)
    rb = dependencies.Digests(dataset, str(b)).record(job, NOTEBOOKS_DIR)
    assert [k for k in dependencies.KINDS if ra[k] != rb[k]] == ["boundaries"]


def test_an_output_file_removed_or_replaced_is_rebuilt(built):
    (maps_dir(built) / "gia-lai-2025.html").unlink()
    (reports_dir(built) / "tuyen-quang-2025.html").write_text("edited by hand", encoding="utf-8")
    assert to_build(built) == TQ | GL


def test_a_failed_output_is_rebuilt(built):
    import json

    path = reports_dir(built) / "manifest.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for e in doc["outputs"]:
        if e["path"] == "reports/gia-lai-2025.html":
            e["status"], e["inputs"] = "error", None
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert to_build(built) == GL
