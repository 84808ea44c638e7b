"""`antt build`: reports, maps, index and manifest; failures isolated; reproducible output."""

import json
import re
import shutil
from pathlib import Path

import pytest
from builds import processes_in_group, stale_copy

from helpers import attainment, batch, gazetteer, loader, maps
from helpers.paths import NOTEBOOKS_DIR

from conftest import EPOCH

pytestmark = pytest.mark.integration


def test_default_build_writes_everything(demo_build):
    manifest = json.loads((demo_build / "reports" / "manifest.json").read_text(encoding="utf-8"))
    outs = manifest["outputs"]
    assert {(e["province"], e["kind"], e["path"]) for e in outs} == {
        ("tuyen-quang", "report", "reports/tuyen-quang-2025.html"),
        ("tuyen-quang", "map", "maps/tuyen-quang-2025.html"),
        ("gia-lai", "report", "reports/gia-lai-2025.html"),
        ("gia-lai", "map", "maps/gia-lai-2025.html"),
        ("tuyen-quang+gia-lai", "report", "reports/comparison-tuyen-quang-gia-lai-2025.html"),
        ("tuyen-quang", "report", "reports/tuyen-quang-2026.html"),
        ("tuyen-quang", "map", "maps/tuyen-quang-2026.html"),
        ("gia-lai", "report", "reports/gia-lai-2026.html"),
        ("gia-lai", "map", "maps/gia-lai-2026.html")}
    assert all(e["status"] == "ok" and e["error"] is None and e["seconds"] > 0 for e in outs)
    assert {"province", "year", "notebook", "path", "status", "seconds", "error"} <= set(outs[0])
    index = (demo_build / "reports" / "index.html").read_text(encoding="utf-8")
    for e in outs:
        assert e["path"].split("/")[-1] in index
    assert "DỮ LIỆU MINH HỌA" in index


@pytest.mark.parametrize("slug", ["tuyen-quang", "gia-lai"])
def test_maps_draw_every_commune_as_the_data_says(demo_build, slug):
    page = (demo_build / "maps" / f"{slug}-2025.html").read_text(encoding="utf-8")
    fc = maps.read_features(page)
    units = gazetteer.communes(slug)
    assert sorted(f["properties"]["code"] for f in fc["features"]) == sorted(units["code"])
    assert all(f["geometry"]["type"] == "Polygon" for f in fc["features"])
    data = loader.read_folder(None)
    expected = attainment.commune_status(units, data.communes, 2025).set_index("code")["status"]
    assert {f["properties"]["code"]: f["properties"]["status"] for f in fc["features"]} == expected.to_dict()


def test_report_has_no_code_and_says_the_data_is_illustrative(demo_build):
    page = (demo_build / "reports" / "tuyen-quang-2025.html").read_text(encoding="utf-8")
    assert "workbook.load(" not in page and "import " not in page.split("<main")[1][:20000]
    assert "DỮ LIỆU MINH HỌA" in page and "Ranh giới xã gần đúng" in page
    assert '<html lang="vi">' in page and "Mục lục" in page
    assert "<script src=" not in page


def _failing_notebooks(tmp_path, where: str) -> Path:
    """A copy of the notebooks in which notebook 01 fails for Gia Lai, in the cell that shows
    `where` (after the map was made and saved, when `where` is the provenance)."""
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    src = (NOTEBOOKS_DIR / "01_commune_attainment.ipynb").read_text(encoding="utf-8")
    src = src.replace(f'"{where}', f'"assert province != \\"gia-lai\\", \\"simulated failure\\"\\n",\n    "{where}', 1)
    assert "simulated failure" in src
    (nbdir / "01_commune_attainment.ipynb").write_text(src, encoding="utf-8")
    shutil.copy(NOTEBOOKS_DIR / "02_plan_comparison.ipynb", nbdir)
    return nbdir


def test_one_failing_notebook_leaves_the_others(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    nbdir = _failing_notebooks(tmp_path, "ctx = workbook.load(")
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    old = out / "reports" / "gia-lai-2025.html"
    old.write_text("an earlier report", encoding="utf-8")
    code = batch.build(years=[2025], out=out, n_jobs=2, log=None, notebooks_dir=nbdir)
    assert code == 1
    manifest = json.loads((out / "reports" / "manifest.json").read_text(encoding="utf-8"))
    by = {(e["province"], e["kind"]): e for e in manifest["outputs"]}
    assert by[("tuyen-quang", "report")]["status"] == "ok"
    assert (out / "reports" / "tuyen-quang-2025.html").stat().st_size > 10000
    assert (out / "maps" / "tuyen-quang-2025.html").exists()
    assert by[("gia-lai", "report")]["status"] == "error"
    assert "simulated failure" in by[("gia-lai", "report")]["error"]
    assert old.read_text(encoding="utf-8") == "an earlier report"  # not half-overwritten
    assert "simulated failure" in (out / "reports" / "index.html").read_text(encoding="utf-8")
    assert not list((out / "reports").glob(".*.tmp")) and not list((out / "maps").glob(".*"))


def test_a_failing_rebuild_keeps_the_previous_map_and_report(demo_build, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out"
    for rel in ("reports/gia-lai-2025.html", "maps/gia-lai-2025.html"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(demo_build / rel, out / rel)
    # the rebuild fails in the last cell, after its map was made and saved: nothing may reach the output
    nbdir = _failing_notebooks(tmp_path, "sections.provenance(")
    assert batch.build(["gia-lai"], [2025], out=out, n_jobs=1, log=None, notebooks_dir=nbdir) == 1
    for rel in ("reports/gia-lai-2025.html", "maps/gia-lai-2025.html"):
        assert (out / rel).read_bytes() == (demo_build / rel).read_bytes(), rel
    doc = json.loads((out / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert {e["kind"]: e["status"] for e in doc["outputs"]} == {"report": "error", "map": "error"}


@pytest.mark.integration
def test_a_notebook_that_ends_its_process_fails_alone(tmp_path, monkeypatch):
    """Notebooks run in the workers' own Python: one that ends it (a crash, os._exit) takes the
    worker with it, but only its own report fails; the others are built and the manifest says
    which failed and why."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    src = (NOTEBOOKS_DIR / "01_commune_attainment.ipynb").read_text(encoding="utf-8")
    src = src.replace('"ctx = workbook.load(', '"import os\\n",\n    "if province == \\"gia-lai\\": os._exit(3)\\n",\n    "ctx = workbook.load(', 1)
    assert "os._exit(3)" in src
    (nbdir / "01_commune_attainment.ipynb").write_text(src, encoding="utf-8")
    shutil.copy(NOTEBOOKS_DIR / "02_plan_comparison.ipynb", nbdir)
    out = tmp_path / "out"
    assert batch.build(years=[2025], out=out, n_jobs=2, log=None, notebooks_dir=nbdir) == 1
    doc = json.loads((out / "reports" / "manifest.json").read_text(encoding="utf-8"))
    status = {e["path"]: (e["status"], e.get("error")) for e in doc["outputs"]}
    assert status["reports/tuyen-quang-2025.html"] == ("ok", None)
    assert status["reports/comparison-tuyen-quang-gia-lai-2025.html"] == ("ok", None)
    assert status["reports/gia-lai-2025.html"][0] == "error" and "ended the process" in status["reports/gia-lai-2025.html"][1]
    assert status["maps/gia-lai-2025.html"][0] == "error"
    assert not (out / "reports" / "gia-lai-2025.html").exists()


def test_unknown_parameter_is_refused_before_any_notebook_runs(tmp_path):
    job = batch.Job("01_commune_attainment.ipynb", {"provice": "gia-lai"}, "x.html", "x", "gia-lai", 2025)
    with pytest.raises(batch.ParameterError, match="unknown parameter.*provice"):
        batch.run([job], tmp_path)
    job = batch.Job("02_plan_comparison.ipynb", {}, "x.html", "x", "x", 2025, map="x.html")
    with pytest.raises(batch.ParameterError, match="declares no map_file"):
        batch.run([job], tmp_path)


def test_two_builds_give_the_same_files(demo_build, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert batch.build(["tuyen-quang"], [2025], out=tmp_path, n_jobs=1, log=None) == 0
    for rel in ("reports/tuyen-quang-2025.html", "maps/tuyen-quang-2025.html"):
        assert (tmp_path / rel).read_bytes() == (demo_build / rel).read_bytes(), rel
    shutil.rmtree(tmp_path / "reports")


def test_outputs_stay_within_their_size_budget(demo_build):
    for path in (demo_build / "maps").glob("*.html"):
        assert path.stat().st_size < 2_000_000, path.name
    for path in (demo_build / "reports").glob("*-20*.html"):
        assert path.stat().st_size < 3_000_000, path.name


def test_build_from_a_filled_template_equals_the_demo_build(demo_build, tmp_path, monkeypatch):
    from test_loader import _fill_from_demo

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    path = tmp_path / "tq.xlsx"
    from helpers import template

    template.write_template("tuyen-quang", [2019, 2022, 2023, 2024, 2025], path)
    _fill_from_demo(path, [2019, 2022, 2023, 2024, 2025])
    out = tmp_path / "out"
    assert batch.build(["tuyen-quang"], data=str(path), out=out, n_jobs=1, log=None) == 0
    ours = maps.read_features((out / "maps" / "tuyen-quang-2025.html").read_text(encoding="utf-8"))
    demo = maps.read_features((demo_build / "maps" / "tuyen-quang-2025.html").read_text(encoding="utf-8"))
    assert ours == demo
    report = (out / "reports" / "tuyen-quang-2025.html").read_text(encoding="utf-8")
    assert "118/121 xã (97,5%)" in report and "DỮ LIỆU MINH HỌA" not in report


def test_build_of_the_2025_units(tmp_path, monkeypatch):
    from conftest import boundary_file

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    f = boundary_file("gia-lai-communes-2025.geojson")
    assert batch.build(["gia-lai"], [2025], out=tmp_path, n_jobs=1, log=None, vintage="2025", boundaries=str(f)) == 0
    feats = maps.read_features((tmp_path / "maps" / "gia-lai-v2025-2025.html").read_text(encoding="utf-8"))["features"]
    assert len(feats) == 135
    report = (tmp_path / "reports" / "gia-lai-v2025-2025.html").read_text(encoding="utf-8")
    assert "Quy tắc quy đổi sang đơn vị hành chính từ 01/7/2025" in report


def test_the_whole_country_builds_with_the_national_overview(national_build):
    doc = json.loads((national_build / "reports" / "manifest.json").read_text(encoding="utf-8"))
    reports = [e for e in doc["outputs"] if e["kind"] == "report"]
    bad = [(e["path"], e["error"]) for e in doc["outputs"] if e["status"] != "ok"]
    assert bad == []
    slugs = set(gazetteer.provinces()["slug"])
    assert {e["province"] for e in reports} == slugs | {"national"}
    assert len(reports) == 64 and len(doc["outputs"]) == 128
    assert all(set(e["timings"]) >= {"execute", "convert"} for e in reports)
    page = (national_build / "reports" / "national-2025.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'<a href="([a-z0-9-]+)-2025\.html">', page))
    assert linked == slugs  # the ranking links every province's report, and each exists
    assert all((national_build / "reports" / f"{s}-2025.html").exists() for s in slugs)
    feats = maps.read_features((national_build / "maps" / "national-2025.html").read_text(encoding="utf-8"))["features"]
    assert len(feats) == 63 and all(f["properties"]["href"] == f"../reports/{s}-2025.html"
                                   for f in feats for s in [gazetteer.province(f["properties"]["code"]).slug])
    assert (national_build / "reports" / "national-2025.html").stat().st_size < 5_000_000
    index = (national_build / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.index("national-2025.html") < index.index("an-giang-2025.html")  # the overview first


def test_a_list_of_two_provinces_builds_exactly_those(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # neither province is in the committed demo files: their data comes from the same generator
    assert batch.build(["bac-kan", "11"], [2025], out=tmp_path, n_jobs=2, log=None) == 0
    assert sorted(p.name for p in (tmp_path / "reports").glob("*.html")) == [
        "bac-kan-2025.html", "comparison-bac-kan-dien-bien-2025.html", "dien-bien-2025.html", "index.html"]
    assert sorted(p.name for p in (tmp_path / "maps").glob("*.html")) == ["bac-kan-2025.html", "dien-bien-2025.html"]
    doc = json.loads((tmp_path / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert doc["provinces"] == ["bac-kan", "dien-bien"]
    feats = maps.read_features((tmp_path / "maps" / "bac-kan-2025.html").read_text(encoding="utf-8"))["features"]
    assert len(feats) == len(gazetteer.communes("bac-kan"))
    assert {f["properties"]["status"] for f in feats} >= {"basic", "advanced", "not_applicable"}
    report = (tmp_path / "reports" / "bac-kan-2025.html").read_text(encoding="utf-8")
    assert "chưa có tệp kế hoạch riêng" in report and "926/QĐ-TTg" in report


def _text(page: str) -> str:
    """The words of a page as a reader sees them (no tags, no scripts, no styles)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("slug,units", [("tuyen-quang", 124), ("gia-lai", 135)])
def test_2026_is_built_on_the_new_units_under_the_2026_criteria(demo_build, slug, units):
    page = (demo_build / "maps" / f"{slug}-2026.html").read_text(encoding="utf-8")
    feats = maps.read_features(page)["features"]
    new_units = gazetteer.communes(slug, vintage="2025")
    assert len(feats) == units == len(new_units)
    assert sorted(f["properties"]["code"] for f in feats) == sorted(new_units["code"])
    data = loader.read_folder(None)
    expected = attainment.commune_status(new_units, data.communes, 2026).set_index("code")["status"]
    assert {f["properties"]["code"]: f["properties"]["status"] for f in feats} == expected.to_dict()
    # the commune group of every xã assessed, for the popups
    groups = re.findall(r'"g":(\d)', page)
    assert set(groups) == {"1", "2", "3"} and len(groups) == int((expected != "not_applicable").sum())
    text = _text((demo_build / "reports" / f"{slug}-2026.html").read_text(encoding="utf-8"))
    assert "Quyết định 51/2025/QĐ-TTg" in text and "CHỈ TIÊU TẠM THỜI" in text
    assert "Chỉ tiêu cấp huyện" not in text and "19.2" not in text.split("Tổng kết giai đoạn 2021–2025")[0] \
        .split("Kết quả qua các năm, trước và sau")[0]
    # one series across 1 July 2025, and the final review of the programme that ended
    assert "Kết quả qua các năm, trước và sau sắp xếp đơn vị hành chính" in text
    assert "Tổng kết giai đoạn 2021–2025" in text and "926/QĐ-TTg" in text


def test_the_34_provinces_build_for_2026_with_the_final_review(national_build_2026):
    doc = json.loads((national_build_2026 / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert [(e["path"], e["error"]) for e in doc["outputs"] if e["status"] != "ok"] == []
    slugs = set(gazetteer.provinces("2025")["slug"])
    assert len(slugs) == 34
    assert {e["province"] for e in doc["outputs"] if e["kind"] == "report"} == slugs | {"national"}
    page = (national_build_2026 / "reports" / "national-2026.html").read_text(encoding="utf-8")
    assert set(re.findall(r'<a href="([a-z0-9-]+)-2026\.html">', page)) == slugs
    text = _text(page)
    assert "Tổng kết 2021–2025: mục tiêu Quyết định 926/QĐ-TTg đã đạt" in text
    feats = maps.read_features((national_build_2026 / "maps" / "national-2026.html").read_text(encoding="utf-8"))
    assert len(feats["features"]) == 34


def test_a_second_build_rebuilds_only_what_changed(tmp_path):
    import subprocess
    import sys

    import pandas as pd

    from helpers.paths import DEMO_DIR

    antt = str(Path(sys.executable).parent / "antt")
    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(DEMO_DIR, data)
    cmd = [antt, "build", "--province", "tuyen-quang", "--year", "2026", "--data", str(data), "--out", str(out),
           "--jobs", "1"]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "1 report and 1 map built, 0 reports failed" in first.stderr
    assert "KeyboardInterrupt" not in first.stderr and "Traceback" not in first.stderr  # no library noise
    files = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 0 and "1 report and 1 map up to date, skipped" in again.stderr
    assert "nothing to rebuild" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == files  # nothing written
    communes = pd.read_csv(data / "communes.csv", dtype=str, keep_default_na=False)
    row = communes.index[(communes["year"] == "2026") & (communes["crime_cases"] != "")][0]
    communes.loc[row, "crime_cases"] = str(int(communes.loc[row, "crime_cases"]) + 5)
    communes.to_csv(data / "communes.csv", index=False)
    third = subprocess.run(cmd, capture_output=True, text=True)
    assert third.returncode == 0 and "1 report and 1 map built" in third.stderr
    assert (out / "reports" / "tuyen-quang-2026.html").stat().st_mtime_ns != files[out / "reports" /
                                                                                  "tuyen-quang-2026.html"]


@pytest.mark.parametrize("how,jobs", [("ctrl-c", 2), ("sigterm", 1)])
def test_an_interrupted_national_build_stops_at_once_and_the_manifest_tells_what_is_on_disk(
        national_build_2026, tmp_path, how, jobs):
    """Ctrl-C (SIGINT to the terminal's whole process group) or SIGTERM to the build alone, a few
    results into a national build over a previous one, run by as many workers as `--jobs` says:
    every process is gone within 3 s, exit 130, each output on disk is whole (the old file or the new one), and the manifest gives the
    size and time of every file on disk: those rebuilt, and those kept."""
    import os
    import signal
    import subprocess
    import sys
    import tempfile
    import time

    from helpers.batch.index import output_stat

    out = tmp_path / "out"
    stale_copy(national_build_2026, out)
    before = {p: output_stat(p) for p in out.rglob("*.html")}
    temp_before = set(Path(tempfile.gettempdir()).glob("antt-*"))
    antt = str(Path(sys.executable).parent / "antt")
    proc = subprocess.Popen([antt, "build", "--province", "all", "--year", "2026", "--out", str(out), "--jobs", str(jobs)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, start_new_session=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if sum(ln.lstrip().startswith("ok ") for ln in seen) >= 3:
            break
    assert proc.poll() is None, "".join(seen)
    assert len(processes_in_group(proc.pid)) == 1 + jobs  # the build and its workers
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGTERM)
    sent = time.monotonic()
    while processes_in_group(proc.pid) and time.monotonic() - sent < 10:
        time.sleep(0.05)
    gone_after = time.monotonic() - sent
    rest = proc.stderr.read()
    proc.wait()
    assert gone_after < 3, f"processes still running {gone_after:.1f} s after the signal"
    assert proc.returncode == 130, "".join(seen) + rest
    assert "interrupted" in rest and "đã dừng" in rest and "Traceback" not in rest, rest
    doc = json.loads((out / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert doc["interrupted"] is True and doc["workers"] == jobs
    listed = {e["path"]: e for e in doc["outputs"]}
    on_disk = {p for p in out.rglob("*.html") if p.parent.name in ("reports", "maps") and p.name != "index.html"}
    assert {str(p.relative_to(out)) for p in on_disk} == set(listed)
    rebuilt = 0
    for path in on_disk:
        entry = listed[str(path.relative_to(out))]
        assert entry["file"] == output_stat(path), path
        text = path.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), path  # whole
        if before[path] != entry["file"]:  # put in place by this build: recorded as such
            rebuilt += 1
            assert entry["inputs"] is None or entry["inputs"].get("code") != "changed"
        else:
            assert entry["inputs"]["code"] == "changed"  # the previous build's entry, kept
    assert rebuilt >= 6  # the reports and maps of the results seen before the signal
    assert rebuilt < len(on_disk)  # the build was stopped before its end
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]
    assert set(Path(tempfile.gettempdir()).glob("antt-*")) <= temp_before  # no job's folder left behind


def test_a_build_leaves_no_process_wide_state_behind(tmp_path, monkeypatch):
    """A build run from Python (a notebook, a script, a test) gives its workers one time of
    generation and matplotlib without a display, and puts the environment, sys.modules, the
    garbage collector and matplotlib back as they were when it ends."""
    import gc
    import os
    import sys

    import matplotlib.text as mtext
    import pyogrio  # noqa: F401 (imported first: it sets GDAL's and PROJ's CA bundle in the environment)

    from helpers import text_metrics

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("MPLBACKEND", raising=False)
    blocked_before = sys.modules.get("rfc3987_syntax", "absent")
    env_before = dict(os.environ)
    frozen_before, measure_before = gc.get_freeze_count(), getattr(mtext, text_metrics.PRIVATE)
    assert batch.build(["tuyen-quang"], years=[2025], out=tmp_path / "out", n_jobs=1, log=None) == 0
    assert (tmp_path / "out" / "reports" / "tuyen-quang-2025.html").stat().st_size > 10000
    assert dict(os.environ) == env_before
    assert sys.modules.get("rfc3987_syntax", "absent") == blocked_before
    assert gc.get_freeze_count() == frozen_before
    assert getattr(mtext, text_metrics.PRIVATE) is measure_before


def test_force_rebuilds_every_output_and_keeps_the_verified_cache_clear_cache_empties_it(tmp_path, monkeypatch):
    from helpers import store

    monkeypatch.setattr(store, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out"

    def computed(**kw) -> dict:
        assert batch.build(["tuyen-quang"], years=[2025], out=out, n_jobs=1, log=None, **kw) == 0
        doc = batch.read_manifest(out)
        return doc["geometry_computed"], doc["rebuilt"]

    geometry, rebuilt = computed()
    assert list(geometry) == ["tuyen-quang"] and rebuilt == 1  # the first build computes the shapes
    assert computed(force=True) == ({}, 1)  # every output again, from the shapes kept
    geometry, rebuilt = computed(force=True, clear_cache=True)
    assert list(geometry) == ["tuyen-quang"] and rebuilt == 1
