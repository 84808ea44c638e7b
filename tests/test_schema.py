"""Strict YAML for every file the workbook reads (issue 25): a key given twice is an error that
names the file, the line and the key, never a silent choice of the last value."""

import shutil
from pathlib import Path

import pytest

from helpers import criteria, loader, plan_schema, schema, territory
from helpers.paths import CRITERIA_DIR, DEMO_DIR, PLANS_DIR

SECOND = "        threshold_by_group: {1: 0.50, 2: 0.50, 3: 0.50}\n"


def _twice(src: Path, dst: Path, after: str, line: str) -> int:
    """Copy `src` to `dst` with `line` inserted after the first line containing `after`;
    returns the inserted line's number."""
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, t in enumerate(lines) if after in t) + 1
    dst.write_text("".join(lines[:at] + [line] + lines[at:]), encoding="utf-8")
    return at + 1


def test_a_criteria_key_given_twice_names_file_line_and_key(tmp_path):
    path = tmp_path / "ntm-2026-2030.yaml"
    line = _twice(CRITERIA_DIR / "ntm-2026-2030.yaml", path, "threshold_by_group", SECOND)
    with pytest.raises(criteria.CriteriaError) as exc:
        criteria.read_criteria(path)
    msg = str(exc.value)
    assert msg.startswith(f"{path}: line {line}, column 9:"), msg
    assert f"the key 'threshold_by_group' is given twice (first on line {line - 1})" in msg


def test_a_plan_key_given_twice_is_refused(tmp_path):
    path = tmp_path / "tuyen-quang.yaml"
    line = _twice(PLANS_DIR / "tuyen-quang.yaml", path, "number:", 'number: "99/KH-UBND"\n')
    with pytest.raises(plan_schema.PlanError) as exc:
        plan_schema.read_plan(path)
    assert f"{path}: line {line}, column 1:" in str(exc.value) and "'number' is given twice" in str(exc.value)


def test_a_dataset_key_given_twice_is_refused(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DEMO_DIR, folder)
    meta = folder / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "illustrative: false\n", encoding="utf-8")
    with pytest.raises(loader.UnreadableError) as exc:
        loader.read(folder)
    assert str(meta) in str(exc.value) and "'illustrative' is given twice" in str(exc.value)


def test_a_territory_key_given_twice_is_refused(tmp_path):
    path = tmp_path / "territory.yaml"
    text = territory.TERRITORY_FILE.read_text(encoding="utf-8")
    path.write_text(text.replace("lat: 16.83}", "lat: 16.83, lat: 1.0}", 1), encoding="utf-8")
    with pytest.raises(schema.SchemaError, match=r"territory.yaml: line 36, column \d+: .*'lat' is given twice"):
        territory.read(str(path))


def test_merge_keys_and_distinct_keys_still_read():
    assert schema.strict_load("a: &x {b: 1}\nc:\n  <<: *x\n  b: 2\n") == {"a": {"b": 1}, "c": {"b": 2}}
    assert schema.strict_load("{1: a, 2: b}") == {1: "a", 2: "b"}
    with pytest.raises(Exception, match="given twice"):
        schema.strict_load("{1: a, 1: b}")
