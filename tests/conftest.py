"""Shared fixtures: the real data folders and one demo build reused by the slower tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers.paths import PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"
BOUNDARIES = SHARED / "data" / "boundaries"
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC, fixed so that builds are reproducible


def boundary_file(name: str) -> Path:
    path = BOUNDARIES / name
    if not path.exists():
        pytest.skip(f"real boundary data not available: {path} (see ../shared/data/boundaries/README.md)")
    return path


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Path:
    """`make reports`: `antt build --year 2025 --year 2026` (demo data, both seed provinces; 2025
    on the legacy units with the comparison, 2026 on the units of 1 July 2025), into a
    temporary root."""
    from helpers import batch

    out = tmp_path_factory.mktemp("build")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    code = batch.build(years=[2025, 2026], out=out, n_jobs=2, log=None)
    assert code == 0, (out / "reports" / "manifest.json").read_text(encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def national_build(tmp_path_factory) -> Path:
    """`antt build --province all --year 2025 --jobs 2`: every legacy province and the national overview."""
    from helpers import batch

    out = tmp_path_factory.mktemp("national")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    batch.build(["all"], [2025], out=out, n_jobs=2, log=None)  # the tests read the manifest, failures included
    return out


@pytest.fixture(scope="session")
def national_build_2026(tmp_path_factory) -> Path:
    """`antt build --province all --year 2026 --jobs 2`: the 34 provinces of 1 July 2025 and the
    national overview, under the 2026–2030 criteria."""
    from helpers import batch

    out = tmp_path_factory.mktemp("national2026")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    batch.build(["all"], [2026], out=out, n_jobs=2, log=None)
    return out
