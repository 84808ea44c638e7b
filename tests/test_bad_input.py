"""The thirteen defects of the bad-input trial, each run as a user runs the tool: the `antt`
command from a folder outside the project. Each gives a located problem or the right answer,
and nothing already produced is overwritten without consent."""

import base64
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helpers import datasets, gazetteer, loader, plan_progress, plans, template, workbook
from helpers.paths import DEMO_DIR, PROJECT_ROOT

ANTT = str(Path(sys.executable).parent / "antt")
TQ_XA = gazetteer.communes("tuyen-quang").query("type == 'Xã'")["code"].tolist()


def antt(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    assert not str(cwd).startswith(str(PROJECT_ROOT))  # a user's folder, not the project
    return subprocess.run([ANTT, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def _xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _filled_template(path: Path) -> Path:
    from test_loader import _fill_from_demo

    template.write_template("tuyen-quang", [2025], path)
    _fill_from_demo(path, [2025])
    return path


# 1 ---------------------------------------------------------------- two commune sheets

def test_1_a_copied_commune_sheet_is_a_duplicate_naming_both_places(tmp_path):
    path = _filled_template(tmp_path / "mau.xlsx")
    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb["Xã"])
    copy.title = "Xã (2)"
    for r in range(2, copy.max_row + 1):
        copy.cell(r, 12).value = 999  # other crime counts
    wb.save(path)
    r = antt(tmp_path, "validate", "mau.xlsx")
    assert r.returncode == 1
    assert "sheet Xã (2), row 2, column Năm: value '2025': commune 02200 already has a row for this year " \
           "(sheet Xã, row 2)" in r.stdout


# 2 ---------------------------------------------------------------- thousand separators

def test_2_thousand_separators_are_read_as_thousands_or_refused(tmp_path):
    rows = [{"Mã xã": TQ_XA[0], "Năm": 2025, "Số vụ phạm tội về TTXH": "1,000"},
            {"Mã xã": TQ_XA[1], "Năm": 2025, "Số vụ phạm tội về TTXH": "2.000"},
            {"Mã xã": TQ_XA[2], "Năm": 2025, "Số vụ phạm tội về TTXH": "1.200"}]
    pd.DataFrame(rows).to_csv(tmp_path / "ok.csv", index=False)
    ds = loader.load_file(tmp_path / "ok.csv", "tuyen-quang")
    assert ds.communes.set_index("commune_code")["crime_cases"].loc[TQ_XA[:3]].tolist() == [1000, 2000, 1200]
    bad = [{"Mã xã": TQ_XA[0], "Năm": 2025, "Số vụ phạm tội về TTXH": v} for v in ("1.5",)] + \
          [{"Mã xã": TQ_XA[1], "Năm": 2025, "Số vụ phạm tội về TTXH": "10.00"}]
    pd.DataFrame(bad).to_csv(tmp_path / "bad.csv", index=False)
    r = antt(tmp_path, "validate", "bad.csv", "--province", "tuyen-quang")
    assert r.returncode == 1
    assert "row 2, column Số vụ phạm tội về TTXH: value '1.5': case count must be a whole number" in r.stdout
    assert "row 3, column Số vụ phạm tội về TTXH: value '10.00': case count must be a whole number" in r.stdout


# 3 ---------------------------------------------------------------- the scale of a share

def test_3_shares_are_on_the_0_100_scale_and_ambiguity_is_refused(tmp_path):
    header = "Mã xã,Năm,Tỷ lệ khu dân cư đạt An toàn về ANTT\n"
    (tmp_path / "ok.csv").write_text(header + f"{TQ_XA[0]},2025,1\n{TQ_XA[1]},2025,1.5\n{TQ_XA[2]},2025,70%\n",
                                     encoding="utf-8")
    ds = loader.load_file(tmp_path / "ok.csv", "tuyen-quang")
    shares = ds.communes.set_index("commune_code")["safe_residential_share"]
    assert shares.loc[TQ_XA[:3]].tolist() == [0.01, 0.015, 0.70]  # 1 means 1 %, not 100 %
    (tmp_path / "bad.csv").write_text(header + f"{TQ_XA[0]},2025,0.7\n{TQ_XA[1]},2025,170\n", encoding="utf-8")
    r = antt(tmp_path, "validate", "bad.csv", "--province", "tuyen-quang")
    assert r.returncode == 1
    assert "row 2, column Tỷ lệ khu dân cư đạt An toàn về ANTT: value '0.7': ambiguous" in r.stdout
    assert "row 3, column Tỷ lệ khu dân cư đạt An toàn về ANTT: value '170': share must be between 0 and 100%" \
        in r.stdout


def test_3_an_excel_percentage_cell_holds_its_fraction(tmp_path):
    path = _filled_template(tmp_path / "mau.xlsx")  # the template's share cells are formatted 0%
    ds = loader.load_file(path)
    demo = loader.read_folder(DEMO_DIR).communes
    want = demo[(demo["year"] == 2025)].set_index("commune_code")["safe_residential_share"]
    got = ds.communes.set_index("commune_code")["safe_residential_share"]
    pd.testing.assert_series_equal(got.dropna().sort_index(), want.reindex(got.dropna().index).sort_index(),
                                   check_names=False)


# 4 ---------------------------------------------------------------- formulas without values

def test_4_a_formula_without_a_stored_result_is_a_problem(tmp_path):
    _xlsx(tmp_path / "script.xlsx", {"Xã": [["Mã xã", "Năm", "Số vụ phạm tội về TTXH"],
                                            [TQ_XA[0], 2025, 3], [TQ_XA[1], 2025, "=1+2"]]})
    r = antt(tmp_path, "validate", "script.xlsx")
    assert r.returncode == 1
    assert ("sheet Xã, row 3, column Số vụ phạm tội về TTXH: value '=1+2': a formula without a stored result") \
        in r.stdout


# 5 ---------------------------------------------------------------- paths mean what they mean in a shell

def test_5_relative_paths_are_relative_to_the_current_folder(tmp_path):
    mine = tmp_path / "data" / "demo"
    mine.mkdir(parents=True)
    (mine / "communes.csv").write_text(f"commune_code,year,crime_cases\n{TQ_XA[0]},2025,-4\n", encoding="utf-8")
    r = antt(tmp_path, "validate", "data/demo")  # the user's folder, not the project's demo data
    assert r.returncode == 1 and "data/demo/communes.csv, row 2, column crime_cases: value '-4'" in r.stdout
    pd.DataFrame([{"Mã xã": TQ_XA[0], "Năm": 2025, "Số vụ phạm tội về TTXH": 2}]).to_csv(tmp_path / "my.csv",
                                                                                          index=False)
    r = antt(tmp_path, "validate", "my.csv", "--province", "tuyen-quang")
    assert r.returncode == 0 and "my.csv: no errors" in r.stdout
    r = antt(tmp_path, "template", "--province", "tuyen-quang", "--year", "2025", "--out", "sub/mau.xlsx")
    assert r.returncode == 0 and (tmp_path / "sub" / "mau.xlsx").exists()


# 6 ---------------------------------------------------------------- formula injection in downloads

def test_6_a_note_that_looks_like_a_formula_is_neutralised_in_every_download(tmp_path):
    from helpers import render, sections

    evil = "=cmd|' /C calc'!A0"
    rows = [{"Mã xã": TQ_XA[0], "Năm": 2025, "Đạt 19.2": "Không đạt", "Ghi chú": evil},
            {"Mã xã": TQ_XA[1], "Năm": 2025, "Đạt 19.2": "Đạt"}]
    pd.DataFrame(rows).to_csv(tmp_path / "d.csv", index=False)
    ctx = workbook.load("tuyen-quang", 2025, str(tmp_path / "d.csv"))
    html = render.html(sections.failing_communes(ctx))
    uri = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html).group(1)
    csv = base64.b64decode(uri).decode("utf-8")
    assert "'" + evil in csv and "," + evil not in csv
    r = antt(tmp_path, "progress", "--province", "tuyen-quang", "--data", "d.csv", "--format", "csv")
    assert r.returncode == 0 and not any(line.startswith(("=", "+", "@")) for line in r.stdout.splitlines())


# 7 ---------------------------------------------------------------- template over a filled workbook

def test_7_template_never_overwrites_a_workbook_without_consent(tmp_path):
    r = antt(tmp_path, "template", "--province", "tuyen-quang", "--year", "2025")
    assert r.returncode == 0
    path = tmp_path / "mau-so-lieu-tuyen-quang-2025.xlsx"
    path.write_bytes(b"filled in by the police")
    r = antt(tmp_path, "template", "--province", "tuyen-quang", "--year", "2025")
    assert r.returncode == 1 and "already exists" in r.stderr and "không ghi đè" in r.stderr
    assert path.read_bytes() == b"filled in by the police"
    r = antt(tmp_path, "template", "--province", "tuyen-quang", "--year", "2025", "--force")
    assert r.returncode == 0 and path.read_bytes().startswith(b"PK")


# 8 ---------------------------------------------------------------- points, swapped or misplaced shapes

def _geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", ["points", "swapped", "elsewhere", "abroad"])
def test_8_boundary_files_that_are_not_the_provinces_areas_are_refused(tmp_path, case):
    units = gazetteer.communes("tuyen-quang")
    feats = []
    for _, u in units.iterrows():
        x, y = float(u["lon"]), float(u["lat"])
        if case == "points":
            geom = {"type": "Point", "coordinates": [x, y]}
        else:
            ring = [[x - .01, y - .01], [x + .01, y - .01], [x + .01, y + .01], [x - .01, y + .01], [x - .01, y - .01]]
            if case == "swapped":
                ring = [[b, a] for a, b in ring]
            if case == "elsewhere":  # shapes of Gia Lai's area, labelled with Tuyên Quang's codes
                ring = [[a + 2.5, b - 8.0] for a, b in ring]
            if case == "abroad":  # a file in another CRS read as degrees, or another country's shapes
                ring = [[a - 100.0, b] for a, b in ring]
            geom = {"type": "Polygon", "coordinates": [ring]}
        feats.append({"type": "Feature", "properties": {"ma_xa": u["code"]}, "geometry": geom})
    _geojson(tmp_path / "b.geojson", feats)
    out = tmp_path / "out"
    r = antt(tmp_path, "build", "--province", "tuyen-quang", "--year", "2025", "--boundaries", "b.geojson", "--out", "out",
             "--jobs", "1")
    assert r.returncode == 2, r.stderr
    expected = {"points": "holds Point features, not areas", "swapped": "(latitude, longitude) order",
                "elsewhere": "lie away from their unit", "abroad": "the shapes lie outside Vietnam"}[case]
    assert expected in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


# 9 ---------------------------------------------------------------- blank rows

def test_9_reported_rows_are_the_rows_the_user_sees(tmp_path):
    rows = [["Mã xã", "Năm", "Số vụ phạm tội về TTXH"]] + [[c, 2025, 1] for c in TQ_XA[:5]]
    rows += [[None, None, None]] * 3 + [[TQ_XA[5], 2025, -1]]  # Excel row 10, after three blank rows
    _xlsx(tmp_path / "gaps.xlsx", {"Xã": rows})
    r = antt(tmp_path, "validate", "gaps.xlsx")
    assert "sheet Xã, row 10, column Số vụ phạm tội về TTXH: value '-1'" in r.stdout
    text = "Mã xã,Năm,Số vụ phạm tội về TTXH\n\n" + f"{TQ_XA[0]},2025,1\n\n\n{TQ_XA[1]},2025,x\n"
    (tmp_path / "gaps.csv").write_text(text, encoding="utf-8")  # line 6 in a text editor
    r = antt(tmp_path, "validate", "gaps.csv", "--province", "tuyen-quang")
    assert "gaps.csv, row 6, column Số vụ phạm tội về TTXH: value 'x'" in r.stdout


# 10 --------------------------------------------------------------- empty and half-filled templates

@pytest.mark.integration
def test_10_a_half_filled_template_says_so_on_every_output(tmp_path):
    path = _filled_template(tmp_path / "half.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Xã"]
    for r in range(70, ws.max_row + 1):  # the last rows were not filled in yet
        for c in range(7, ws.max_column + 1):
            ws.cell(r, c).value = None
    wb.save(path)
    r = antt(tmp_path, "build", "--province", "tuyen-quang", "--data", "half.xlsx", "--out", "out", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    notice = "SỐ LIỆU CHƯA ĐẦY ĐỦ: năm 2025 chỉ có số liệu của"
    assert notice in (tmp_path / "out" / "reports" / "tuyen-quang-2025.html").read_text(encoding="utf-8")
    assert notice in (tmp_path / "out" / "maps" / "tuyen-quang-2025.html").read_text(encoding="utf-8")


# 11 --------------------------------------------------------------- targets at their deadline

def test_11_at_the_deadline_a_target_is_met_or_missed_whatever_the_history():
    rows = plan_progress.progress(plans.national(), plan_progress.evidence("ha-noi", datasets.covering(datasets.source(""), ("ha-noi",))), 2025)
    share = {r["id"]: r for r in rows}
    assert share["commune-19-2-basic"]["status"] == "missed"  # 334/345 xã, needs 342: missed
    assert share["commune-19-2-basic"]["gap_text"] == "còn 8 xã"
    assert all(r["status"] != "not_measurable" for r in rows)


# 12 --------------------------------------------------------------- index and manifest of a folder

def test_12_publishing_merges_by_path_and_concurrent_builds_keep_each_others_entries(tmp_path):
    import multiprocessing

    out = tmp_path / "out"
    procs = [multiprocessing.get_context("spawn").Process(target=_publish_one, args=(str(out), i)) for i in range(6)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    from helpers import batch

    doc = batch.read_manifest(out)
    assert sorted(e["path"] for e in doc["outputs"]) == [f"reports/p{i}-2025.html" for i in range(6)]
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    assert all(f"p{i}-2025.html" in index for i in range(6))


def _publish_one(out: str, i: int) -> None:
    from helpers.batch import index

    report = Path(out) / "reports" / f"p{i}-2025.html"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("x", encoding="utf-8")
    entry = {"province": f"p{i}", "label": f"Tỉnh {i}", "year": 2025, "notebook": "n", "seconds": 1.0,
             "built": f"2026-01-0{i + 1}T00:00:00+00:00", "data": "d", "kind": "report",
             "path": f"reports/p{i}-2025.html", "status": "ok", "error": None}
    index.publish([entry], Path(out), {"built": entry["built"], "data": "d", "boundaries": "x", "illustrative": True})


@pytest.mark.integration
def test_12_a_later_build_of_one_province_keeps_the_others_in_the_index(tmp_path, monkeypatch):
    # two builds a day apart (a build's time may come from SOURCE_DATE_EPOCH, set by other tests)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert antt(tmp_path, "build", "--province", "tuyen-quang", "--out", "out", "--jobs", "1").returncode == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700086400")
    assert antt(tmp_path, "build", "--province", "gia-lai", "--out", "out", "--jobs", "1").returncode == 0
    doc = json.loads((tmp_path / "out" / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in doc["outputs"]} == {"reports/tuyen-quang-2026.html", "maps/tuyen-quang-2026.html",
                                                   "reports/gia-lai-2026.html", "maps/gia-lai-2026.html"}
    index = (tmp_path / "out" / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Báo cáo Tỉnh Tuyên Quang, năm 2026" in index and "Báo cáo Tỉnh Gia Lai, năm 2026" in index
    assert "Tạo ở lần trước" in index  # Tuyên Quang's outputs come from the earlier build


# 13 --------------------------------------------------------------- workers end with the build

@pytest.mark.integration
def test_13_workers_end_when_the_build_is_killed(tmp_path):
    import os
    import signal
    import time

    import psutil

    proc = subprocess.Popen([ANTT, "build", "--province", "tuyen-quang,gia-lai", "--out", "out", "--jobs", "2"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main = psutil.Process(proc.pid)
    deadline = time.time() + 120
    while time.time() < deadline:  # until both workers run notebooks
        if len(main.children(recursive=True)) >= 2:
            break
        time.sleep(0.1)
    time.sleep(0.5)
    kids = main.children(recursive=True)
    assert len(kids) >= 2, [_cmdline(k) for k in kids]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(kids, timeout=20)
    assert alive == [], [_cmdline(k) for k in alive]


def _cmdline(p) -> list[str]:
    try:
        return p.cmdline()
    except Exception:
        return []


def test_no_traceback_for_a_malformed_environment_or_dataset_yaml(tmp_path):
    import os

    r = subprocess.run([ANTT, "validate", str(DEMO_DIR)], cwd=tmp_path, capture_output=True, text=True,
                       env={**os.environ, "SOURCE_DATE_EPOCH": "yesterday"})
    assert r.returncode == 2 and "SOURCE_DATE_EPOCH='yesterday'" in r.stderr and "Traceback" not in r.stderr
    folder = tmp_path / "d"
    shutil.copytree(DEMO_DIR, folder)
    (folder / "dataset.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    r = antt(tmp_path, "validate", "d")
    assert r.returncode == 2 and "dataset.yaml: line 2, column 1: not valid YAML (expected" in r.stderr
    assert "Traceback" not in r.stderr


# beyond the thirteen ------------------------------------------------------------------------

def test_more_bad_inputs_get_a_located_line_and_no_traceback(tmp_path):
    (tmp_path / "ragged.csv").write_text(f"Mã xã,Năm,Số vụ phạm tội về TTXH\n{TQ_XA[0]},2025,1,7\n", encoding="utf-8")
    r = antt(tmp_path, "validate", "ragged.csv", "--province", "tuyen-quang")
    assert r.returncode == 1 and "ragged.csv, row 2, column ô thứ 4: value '7': the row has more cells (4)" in r.stdout
    (tmp_path / "big.csv").write_text(f"Mã xã,Năm,Số vụ phạm tội về TTXH\n{TQ_XA[0]},2025,99999999999999999999\n",
                                      encoding="utf-8")
    r = antt(tmp_path, "validate", "big.csv", "--province", "tuyen-quang")
    assert r.returncode == 1 and "case count too large" in r.stdout
    (tmp_path / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    r = antt(tmp_path, "validate", "locked.xlsx")
    assert r.returncode == 2 and "password-protected workbook or an old .xls file" in r.stderr
    import zipfile

    import geopandas as gpd
    from shapely.geometry import box

    gdf = gpd.GeoDataFrame({"ma_xa": ["02233"]}, geometry=[box(105, 22, 105.1, 22.1)], crs="EPSG:4326")
    gdf.to_file(tmp_path / "b.shp")
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as z:
        z.write(tmp_path / "b.shp", "b.shp")  # the .shx, .dbf and .prj parts are missing
    r = antt(tmp_path, "build", "--province", "tuyen-quang", "--year", "2025", "--boundaries", "b.zip", "--out", "out")
    assert r.returncode == 2 and "b.zip: the Shapefile b.shp has no b.shx in the zip" in r.stderr
    assert "Traceback" not in r.stderr
    for out in (r.stdout, r.stderr):
        assert "Traceback" not in out


def test_a_blank_commune_group_is_located_and_leaves_the_advanced_grade_undecided(tmp_path):
    """A 2026 xã whose group is blank (and its verdicts too): the group decides the threshold of
    an advanced sub-condition. `validate` and `build` both warn at the cell; the xã keeps its
    proven basic grade, its advanced grade is undecided and said so, and it is not ranked first
    among the xã closest to advanced (issue 25)."""
    import scenarios

    path = scenarios.write("only-2026", tmp_path)
    ctx = workbook.load("gia-lai", 2026, data=path)
    code = ctx._status.loc[ctx._status["status"] == "advanced", "code"].iloc[0]
    df = pd.read_csv(path, dtype={"commune_code": str}, keep_default_na=False)
    row = int(df.index[df["commune_code"] == code][0])
    df.loc[row, ["commune_group", "antt_2026", "antt_2026_modern"]] = ""
    df.to_csv(path, index=False)
    r = antt(tmp_path, "validate", path.name)
    located = f"{path.name}, row {row + 2}, column commune_group: warning"
    assert located in r.stdout + r.stderr and "commune group blank" in r.stdout + r.stderr, r.stdout + r.stderr
    warned = [str(w) for w in loader.read(path).warnings if "commune group blank" in str(w)]
    assert len(warned) == 1 and f"row {row + 2}, column commune_group" in warned[0]  # what build prints
    ctx = workbook.load("gia-lai", 2026, data=path)
    s = ctx._status.set_index("code").loc[code]
    assert s["status"] == "basic" and pd.isna(s["advanced"])
    assert s["reasons"].startswith("chưa đủ số liệu để đánh giá ANTT NTM hiện đại") and "thiếu Nhóm xã" in s["reasons"]
    near = ctx.closest("advanced")
    mine = near[near["code"] == code].iloc[0]
    assert pd.isna(mine["n_failing"]) and mine["rank"] == len(near)


def test_10_validate_and_build_refuse_an_unfilled_template_alike(tmp_path):
    """A file with no data at all is an error in both, said once (not a warning per commune),
    and nothing is built."""
    r = antt(tmp_path, "template", "--province", "tuyen-quang", "--year", "2025")
    assert r.returncode == 0
    v = antt(tmp_path, "validate", "mau-so-lieu-tuyen-quang-2025.xlsx")
    b = antt(tmp_path, "build", "--data", "mau-so-lieu-tuyen-quang-2025.xlsx", "--province", "tuyen-quang",
             "--out", "out")
    said = "mau-so-lieu-tuyen-quang-2025.xlsx: the file holds no data: every row is empty"
    assert v.returncode == 1 and said in v.stdout and v.stdout.count("\n") == 1, v.stdout
    assert b.returncode == 1 and said in b.stderr and not (tmp_path / "out").exists()


def test_a_year_no_criteria_set_covers_is_a_located_cell_among_the_others(tmp_path):
    rows = f"Mã xã,Năm,Số vụ phạm tội về TTXH\n{TQ_XA[0]},2052,3\n{TQ_XA[1]},2025.0,x\n"
    (tmp_path / "y.csv").write_text(rows, encoding="utf-8")
    r = antt(tmp_path, "validate", "y.csv", "--province", "tuyen-quang")
    assert r.returncode == 1
    assert "y.csv, row 2, column Năm: value '2052': no criteria set applies to 2052 (the sets cover 2021–2025, " \
        "2026–2030)" in r.stdout
    assert "y.csv, row 3, column Số vụ phạm tội về TTXH: value 'x'" in r.stdout  # every problem in one pass
    assert "row 3, column Năm" not in r.stdout  # 2025.0: a year written as a number is a year


def test_a_2026_name_that_matches_two_xa_asks_for_the_code_not_a_district(tmp_path):
    """Thái Nguyên has Xã Văn Lang and Xã Văn Lăng: spelt exactly, each is found; spelt without
    diacritics, the file is asked for the commune code (no district since 1 July 2025)."""
    rows = "Tên xã,Năm,Số vụ phạm tội về TTXH\nXã Văn Lang,2026,3\nVăn Lăng,2026,2\nXa Van Lang,2026,1\n"
    (tmp_path / "tn.csv").write_text(rows, encoding="utf-8")
    r = antt(tmp_path, "validate", "tn.csv", "--province", "thai-nguyen")
    errors = [line for line in r.stdout.splitlines() if ": warning" not in line]
    assert len(errors) == 1 and errors[0].endswith(
        "tn.csv, row 4, column Tên xã: value 'Xa Van Lang': name matches 2 units: give the commune code (no district "
        "level since 1 July 2025) / tên trùng 2 đơn vị: ghi thêm mã xã (từ 01/7/2025 không còn cấp huyện)"), r.stdout
    assert "district" not in " ".join(errors).replace("no district level", "")


def test_a_district_year_given_twice_is_located_in_validate(tmp_path):
    """Two rows of one district and year that disagree: `validate` names both places, as it
    does for communes; before, it passed and the notebook failed on duplicate labels."""
    folder = tmp_path / "data"
    shutil.copytree(DEMO_DIR, folder)
    (folder / "dataset.yaml").unlink()  # the user's folder, not the illustrative data
    districts = folder / "districts.csv"
    lines = districts.read_text(encoding="utf-8").splitlines()
    row = next(i for i, t in enumerate(lines) if t.startswith("070,2025,"))
    lines.append(lines[row].replace("true", "false"))
    districts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = antt(tmp_path, "validate", "data")
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"districts.csv, row {len(lines)}, column year: value '2025': district 070 already has a row for this " \
           f"year (row {row + 1})" in r.stdout, r.stdout
