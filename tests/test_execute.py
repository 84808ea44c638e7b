"""Running jobs (helpers.batch.execute): a job's report and map put in place only when the whole
notebook succeeded, its failure turned into a Result, nothing left in the temporary folder, and
the results of a pool in the order of the jobs."""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat
import pytest

from helpers.batch import Job, ParameterError, execute, run, run_job


def _notebooks(tmp_path: Path, *cells: str, name: str = "nb.ipynb") -> Path:
    """A notebooks folder holding one notebook with parameters `province` and `map_file`."""
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('province = ""\nmap_file = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, folder / name)
    return folder


SAVE_MAP = 'open(map_file, "w", encoding="utf-8").write(f"<html>bản đồ {province}</html>")'


@pytest.fixture
def own_tmp(tmp_path, monkeypatch) -> Path:
    """The temporary folders of the jobs made under the test's own folder, to be counted."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


def _job(province: str = "tuyen-quang", map: str | None = "m.html", notebook: str = "nb.ipynb") -> Job:
    return Job(notebook, {"province": province}, f"{province}.html", f"Báo cáo {province}", province, 2025, map=map)


def test_a_job_puts_its_report_and_map_in_place(tmp_path, own_tmp):
    nbdir = _notebooks(tmp_path, SAVE_MAP, 'print("Xin chào", province)')
    out = tmp_path / "out"
    res = run_job(_job(), str(out), str(nbdir))
    assert res.status == "ok" and res.error is None, res.error
    assert (out / "maps" / "m.html").read_text(encoding="utf-8") == "<html>bản đồ tuyen-quang</html>"
    report = (out / "reports" / "tuyen-quang.html").read_text(encoding="utf-8")
    assert "Xin chào tuyen-quang" in report and "<title>Báo cáo tuyen-quang</title>" in report
    assert set(res.timings) == {"execute", "convert"}
    assert list(own_tmp.iterdir()) == []


def test_a_failing_cell_becomes_the_job_s_error_and_the_previous_outputs_stay(tmp_path, own_tmp):
    nbdir = _notebooks(tmp_path, SAVE_MAP, 'raise ValueError("dữ liệu hỏng")')
    out = tmp_path / "out"
    for rel, text in (("reports/tuyen-quang.html", "báo cáo trước"), ("maps/m.html", "bản đồ trước")):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    res = run_job(_job(), str(out), str(nbdir))
    assert res.status == "error" and res.error == "ValueError: dữ liệu hỏng (cell 4)"  # papermill's injected parameters are cell 2
    assert (out / "reports" / "tuyen-quang.html").read_text(encoding="utf-8") == "báo cáo trước"
    assert (out / "maps" / "m.html").read_text(encoding="utf-8") == "bản đồ trước"
    assert list(own_tmp.iterdir()) == []


def test_a_notebook_that_saves_no_map_fails_and_writes_no_report(tmp_path, own_tmp):
    nbdir = _notebooks(tmp_path, "1 + 1")
    out = tmp_path / "out"
    res = run_job(_job(), str(out), str(nbdir))
    assert res.status == "error" and res.error == "RuntimeError: the notebook did not save its map (map_file)"
    assert not (out / "reports" / "tuyen-quang.html").exists()


def test_a_pool_returns_the_results_in_the_order_of_the_jobs(tmp_path, own_tmp):
    nbdir = _notebooks(tmp_path, SAVE_MAP, 'assert province != "gia-lai", "không có số liệu"')
    jobs = [_job(p, map=f"{p}.html") for p in ("tuyen-quang", "gia-lai", "cao-bang")]
    results = run(jobs, tmp_path / "out", n_jobs=2, notebooks_dir=nbdir, log=None)
    assert [r.province for r in results] == ["tuyen-quang", "gia-lai", "cao-bang"]
    assert [r.status for r in results] == ["ok", "error", "ok"]
    assert "không có số liệu" in results[1].error
    assert sorted(p.name for p in (tmp_path / "out" / "maps").iterdir()) == ["cao-bang.html", "tuyen-quang.html"]


def test_unknown_parameters_and_an_impossible_map_are_refused_before_any_notebook_runs(tmp_path):
    nbdir = _notebooks(tmp_path, 'raise SystemExit("must not run")')
    job = Job("nb.ipynb", {"provice": "gia-lai"}, "x.html", "x", "gia-lai", 2025)
    with pytest.raises(ParameterError, match="unknown parameter.*provice; it declares province, map_file"):
        run([job], tmp_path / "out", notebooks_dir=nbdir, log=None)
    with pytest.raises(ParameterError, match="not found"):
        run([_job(notebook="missing.ipynb")], tmp_path / "out", notebooks_dir=nbdir, log=None)
    assert not (tmp_path / "out").exists()


def test_a_job_that_ends_its_worker_is_failed_as_such():
    failed = execute._failed(_job("gia-lai", map="g.html"), Path("out"), "the notebook ended the process")
    assert (failed.status, failed.error, failed.seconds) == ("error", "the notebook ended the process", 0.0)
    assert failed.path == str(Path("out") / "reports" / "gia-lai.html")
    assert failed.map_path == str(Path("out") / "maps" / "g.html")
