"""A new criteria period is a file in the criteria folder and nothing else: a made-up 2031–2035
set (tests/fixtures/criteria-2031) drives a whole build, whose outputs name its indicator."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import maps
from helpers.paths import CRITERIA_DIR, DEMO_DIR

ANTT = str(Path(sys.executable).parent / "antt")
FIXTURE = Path(__file__).parent / "fixtures" / "criteria-2031"


def criteria_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "criteria"
    folder.mkdir()
    for f in [*CRITERIA_DIR.glob("*.yaml"), *FIXTURE.glob("*.yaml")]:
        shutil.copy(f, folder / f.name)
    return folder


def data_2031(tmp_path: Path) -> Path:
    """The demo's 2026 records of both provinces, assessed again in 2031 under the made-up set."""
    demo = pd.read_csv(DEMO_DIR / "communes.csv", dtype={"commune_code": str})
    rows = demo[demo["year"] == 2026].copy()
    rows["year"] = 2031
    verdict = rows.pop("antt_2026")
    rows["antt_2031"] = verdict
    rows["cyber_incident_plan"] = verdict
    modern = rows.pop("antt_2026_modern")
    rows["cyber_drill_held"] = modern
    rows["antt_2031_advanced"] = modern
    folder = tmp_path / "data"
    folder.mkdir()
    rows.to_csv(folder / "communes.csv", index=False)
    (folder / "dataset.yaml").write_text(yaml.safe_dump({
        "name": "Dữ liệu thử nghiệm 2031", "illustrative": True,
        "source": "Số liệu giả lập cho kiểm thử.", "provinces": ["tuyen-quang"], "years": [2031]},
        allow_unicode=True), encoding="utf-8")
    return folder


@pytest.mark.integration
def test_a_made_up_set_in_the_criteria_folder_drives_a_build(tmp_path):
    env = {**os.environ, "ANTT_CRITERIA": str(criteria_folder(tmp_path)), "ANTT_CACHE": str(tmp_path / "cache")}
    out = tmp_path / "out"
    r = subprocess.run([ANTT, "build", "--province", "tuyen-quang", "--year", "2031", "--data",
                        str(data_2031(tmp_path)), "--out", str(out), "--jobs", "1"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    report = (out / "reports" / "tuyen-quang-2031.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", report))
    assert "Bộ tiêu chí thử nghiệm giai đoạn 2031–2035" in text
    assert "An ninh số 7.3" in text and "BỘ TIÊU CHÍ THỬ NGHIỆM" in text
    assert "19.2" not in text.split("Tổng kết")[0]  # no indicator of another period in the 2031 sections
    assert "Chỉ tiêu cấp huyện" not in text
    # the national programme of 2031 is not in the tool: said, not invented
    assert "chưa có chương trình, kế hoạch nào trong công cụ cho năm 2031" in text
    page = (out / "maps" / "tuyen-quang-2031.html").read_text(encoding="utf-8")
    assert len(maps.read_features(page)["features"]) == 124
    assert "An ninh số 7.3 nâng cao chưa đạt:" in page and "19.2" not in page
    manifest = json.loads((out / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert {e["status"] for e in manifest["outputs"]} == {"ok"}
