"""Checks over a whole file: communes and years without data are warnings, not errors."""

import pandas as pd

from helpers import loader


def test_missing_communes_for_a_year_are_warnings(tmp_path):
    rows = [{"Mã xã": c, "Năm": 2025, "Số vụ phạm tội về TTXH": 1} for c in ("02233", "02455")]
    path = tmp_path / "two.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    problems = [str(p) for p in loader.validate(path, "tuyen-quang")]
    assert len(problems) == 137 - 2
    assert any("warning / cảnh báo: no data for Phường Nông Tiến in 2025" in p for p in problems)
    ds = loader.load_file(path, "tuyen-quang")  # warnings do not stop the data
    assert len(ds.communes) == 2 and len(ds.warnings) == 135
