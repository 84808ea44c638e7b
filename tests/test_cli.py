import subprocess
import sys
from pathlib import Path

from helpers.paths import DEMO_DIR

ANTT = str(Path(sys.executable).parent / "antt")


def run(*args):
    return subprocess.run([ANTT, *args], capture_output=True, text=True)


def errors(r) -> list[str]:
    """The lines of stderr that are not the build's progress ("antt build: …")."""
    return [ln for ln in r.stderr.strip().splitlines() if not ln.startswith("antt build: ")]


def test_unknown_province_exits_2_with_one_clear_line(tmp_path):
    r = run("build", "--province", "atlantis", "--out", str(tmp_path))
    assert r.returncode == 2
    assert errors(r) == ["antt: error: unknown province 'atlantis' among the 34 provinces from 1 "
                                             "July 2025: give a GSO code, a slug (e.g. ha-noi, cao-bang, tuyen-quang, "
                                             "dien-bien, lai-chau, son-la, …) or a name"]
    r = run("build", "--province", "atlantis", "--year", "2025", "--out", str(tmp_path))
    assert r.returncode == 2 and "unknown province 'atlantis' among the 63 provinces until 30 June 2025" in r.stderr
    r = run("build", "--province", "ha-giang", "--out", str(tmp_path))  # merged into Tuyên Quang: say so
    assert r.returncode == 2 and errors(r) == [
        "antt: error: Tỉnh Hà Giang (ha-giang) is part of Tỉnh Tuyên Quang (tuyen-quang) since 1 July 2025: build "
        "--province tuyen-quang for a year from 2026, or give --year 2025 or earlier for Tỉnh Hà Giang"]
    assert not (tmp_path / "reports").exists()


def test_year_without_data_exits_2(tmp_path):
    r = run("build", "--year", "2031", "--out", str(tmp_path))
    assert r.returncode == 2 and "no data for year(s) 2031" in r.stderr
    assert not (tmp_path / "reports").exists()


def test_bad_data_is_refused_before_any_output(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "communes.csv").write_text("commune_code,year,crime_cases\n02200,2025,-4\n", encoding="utf-8")
    r = run("build", "--data", str(data), "--out", str(tmp_path))
    assert r.returncode == 1
    assert "row 2, column crime_cases: value '-4'" in r.stderr
    assert not (tmp_path / "reports").exists() and not (tmp_path / "maps").exists()


def test_demo_command_is_deterministic(tmp_path):
    r = run("demo", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "communes.csv").read_bytes() == (DEMO_DIR / "communes.csv").read_bytes()


def test_progress_json_lists_every_target_of_each_plan():
    import json

    from helpers import plan_progress, plans

    for slug in ("tuyen-quang", "gia-lai"):
        r = run("progress", "--province", slug, "--year", "2025", "--format", "json")
        assert r.returncode == 0, r.stderr
        rows = json.loads(r.stdout)
        assert [x["id"] for x in rows] == [t.id for t in plans.plan_for(slug).targets]
        for x in rows:
            assert {"metric", "level", "indicator", "grade", "comparison", "threshold", "count", "of", "deadline",
                    "baseline_year", "units", "source", "actual", "gap", "status"} <= set(x)
            assert x["status"] in plan_progress.STATUS_LABELS


def test_progress_table_and_csv():
    r = run("progress", "--province", "gia-lai", "--year", "2025", "--format", "csv")
    assert r.returncode == 0 and r.stdout.splitlines()[0].startswith("id,metric,grade,comparison")
    assert len(r.stdout.splitlines()) == 5
    r = run("progress", "--province", "tuyen-quang", "--year", "2025")
    assert "Kế hoạch 29/KH-UBND" in r.stdout and "còn 2 xã" in r.stdout


def test_progress_of_2026_measures_gia_lai_s_crime_target():
    """Merged Gia Lai's 2026 target (at least 10 % fewer social-order crimes than in 2025, from
    Báo Gia Lai), on the 135 new units; the default year is the latest in the data."""
    import json

    r = run("progress", "--province", "gia-lai", "--format", "json")
    assert r.returncode == 0, r.stderr
    (row,) = json.loads(r.stdout)
    assert (row["id"], row["metric"], row["comparison"], row["threshold"], row["baseline_year"]) == \
        ("crime-2026", "crime_cases_social_order", ">=", 10.0, 2025)
    from helpers import datasets, gazetteer, vintage

    ds = datasets.covering(datasets.source(""), ("gia-lai", "binh-dinh"), ("gia-lai",))
    recs, _ = vintage.records_on(gazetteer.province("gia-lai", "2025"), ds.communes)
    base, now = (int(recs.loc[recs["year"] == y, "crime_cases"].sum()) for y in (2025, 2026))
    assert (row["denominator"], row["actual_count"]) == (base, now)
    assert row["required"] == int(base * 0.9)  # at most 90 % of the 2025 count, rounded down
    assert row["gap"] == now - row["required"] and row["status"] == ("achieved" if row["gap"] <= 0 else "missed")
    r = run("progress", "--province", "gia-lai")
    assert r.stdout.startswith("Mục tiêu năm 2026 của tỉnh Gia Lai (theo Báo Gia Lai) — năm 2026")
    assert max(len(line) for line in r.stdout.splitlines()) <= 80  # an 80-column terminal
    assert "Tình trạng: " + ("Đã đạt" if row["gap"] <= 0 else "Không đạt") in r.stdout and "gap_text" not in r.stdout
    assert (f"còn phải giảm {row['gap']} vụ" if row["gap"] > 0 else "đã đạt") in r.stdout


def test_province_without_a_plan_is_measured_against_926():
    import json

    from helpers import gazetteer, plans

    assert not plans.has_own_plan("lao-cai")
    r = run("progress", "--province", "lao-cai", "--year", "2025", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [x["id"] for x in rows] == [t.id for t in plans.national().targets]
    share = next(x for x in rows if x["metric"] == "share_communes" and x["actual"] is not None)
    n_xa = int((gazetteer.communes("lao-cai")["type"] == "Xã").sum())
    assert share["denominator"] == n_xa  # the illustrative data of Lào Cai, from the same generator


def test_demo_for_other_provinces_and_all(tmp_path):
    import pandas as pd

    from helpers import demo, gazetteer, loader

    r = run("demo", "--province", "bac-kan", "--province", "all", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    ds = loader.read(tmp_path)  # the written folder passes the loader's checks
    assert ds.meta["provinces"][0] == "bac-kan" and len(ds.meta["provinces"]) == 63
    # every legacy commune (2019–2025), and the 2026 records on the units of 1 July 2025
    codes = set(gazetteer.communes()["code"]) | set(gazetteer.communes(vintage="2025")["code"])
    assert set(ds.communes["commune_code"]) == codes
    # on demand, the same records as the written files
    covered = demo.covering(loader.read(), ["bac-kan"])
    mine = covered.communes[covered.communes["commune_code"].isin(set(gazetteer.communes("bac-kan")["code"])) &
                            (covered.communes["year"] <= 2025)]
    theirs = ds.communes[ds.communes["commune_code"].isin(set(mine["commune_code"])) & (ds.communes["year"] <= 2025)]
    key = ["commune_code", "year"]
    pd.testing.assert_frame_equal(mine.sort_values(key).reset_index(drop=True), theirs.sort_values(key).reset_index(drop=True))


def test_a_count_of_jobs_below_one_is_refused(tmp_path):
    r = run("build", "--jobs", "-3", "--out", str(tmp_path))
    assert r.returncode == 2 and "--jobs: '-3': must be a whole number of at least 1" in r.stderr
    assert not (tmp_path / "reports").exists()


def test_demo_does_not_replace_a_data_folder_without_force(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "communes.csv").write_text("Mã xã,Năm\n", encoding="utf-8")
    r = run("demo", "--province", "tuyen-quang", "--out", str(folder))
    assert r.returncode == 1 and "already holds data (communes.csv)" in r.stderr
    assert (folder / "communes.csv").read_text(encoding="utf-8") == "Mã xã,Năm\n"
    r = run("demo", "--province", "tuyen-quang", "--out", str(folder), "--force")
    assert r.returncode == 0 and (folder / "dataset.yaml").exists()


def test_progress_refuses_a_year_the_data_does_not_have():
    for year in ("1999", "2030"):
        r = run("progress", "--province", "tuyen-quang", "--year", year)
        assert r.returncode == 2 and f"no data for year(s) {year}; the data has 2019, " in r.stderr and "None" not in r.stdout


def test_extract_plan_of_a_text_with_no_target_exits_1(tmp_path):
    doc = tmp_path / "thu-moi.txt"
    doc.write_text("Kính mời các đồng chí dự hội nghị sơ kết công tác năm 2025.\n", encoding="utf-8")
    r = run("extract-plan", str(doc))
    assert r.returncode == 1 and "no target found" in r.stderr and r.stdout == ""


def test_a_source_date_epoch_past_the_year_9999_is_refused(tmp_path):
    import os

    r = subprocess.run([ANTT, "validate", str(DEMO_DIR)], capture_output=True, text=True,
                       env={**os.environ, "SOURCE_DATE_EPOCH": "99999999999999"})
    assert r.returncode == 2 and "before the year 10000" in r.stderr and "Traceback" not in r.stderr


def test_an_out_that_cannot_take_the_outputs_is_refused_before_any_work(tmp_path):
    """A file given as --out, or a file where its reports folder would go, is refused at once
    (not after every notebook has run), with a bilingual line and nothing written."""
    import os
    import time

    given = tmp_path / "notes.txt"
    given.write_text("mine", encoding="utf-8")
    t0 = time.perf_counter()
    r = run("build", "--out", str(given))
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip().splitlines() == [
        f"antt: error: --out {given}: {given} is a file, not a folder / đây là một tệp, không phải thư mục"]
    assert time.perf_counter() - t0 < 20 and given.read_text(encoding="utf-8") == "mine"
    out = tmp_path / "out"
    out.mkdir()
    (out / "reports").write_text("", encoding="utf-8")
    r = run("build", "--out", str(out))
    assert r.returncode == 2 and f"{out / 'reports'} is a file, not a folder" in r.stderr
    assert not (out / "maps").exists()
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        r = run("build", "--out", str(locked / "sub"))
        assert r.returncode == 2 and f"cannot write into {locked} (permission denied)" in r.stderr
