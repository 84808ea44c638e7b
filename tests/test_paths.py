"""Project paths: resolved from the package, never from the current folder, unless the
environment says otherwise (ANTT_ROOT, ANTT_CRITERIA, ANTT_CACHE); a path a user gives is
resolved against the current folder, as a shell means it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import helpers
from helpers import paths

_SHOW = ("import json; from helpers import paths; print(json.dumps({k: str(getattr(paths, k)) for k in "
         "('PACKAGE_DIR', 'PROJECT_ROOT', 'DATA_DIR', 'DEMO_DIR', 'PLANS_DIR', 'CRITERIA_DIR', 'NOTEBOOKS_DIR', "
         "'ASSETS_DIR', 'CACHE_DIR')}))")
_OURS = ("ANTT_ROOT", "ANTT_CRITERIA", "ANTT_CACHE", "XDG_CACHE_HOME")


def _paths_in(cwd: Path, **env: str) -> dict[str, Path]:
    """The project paths as a new process sees them, started in `cwd` with `env` set."""
    base = {k: v for k, v in os.environ.items() if k not in _OURS}
    out = subprocess.run([sys.executable, "-c", _SHOW], cwd=cwd, capture_output=True, text=True, check=True,
                         env={**base, "PYTHONDONTWRITEBYTECODE": "1", **env}, timeout=60)
    return {k: Path(v) for k, v in json.loads(out.stdout).items()}


def test_the_package_and_its_assets_are_where_the_code_is():
    assert paths.PACKAGE_DIR == Path(helpers.__file__).resolve().parent
    assert paths.ASSETS_DIR == paths.PACKAGE_DIR / "assets" and (paths.ASSETS_DIR / "report.css").is_file()


def test_the_project_root_does_not_depend_on_the_current_folder(tmp_path):
    tmp_path = tmp_path.resolve()
    seen = _paths_in(tmp_path, HOME=str(tmp_path))
    assert seen["PROJECT_ROOT"] == paths.PACKAGE_DIR.parents[1]
    assert seen["DATA_DIR"] == seen["PROJECT_ROOT"] / "data" != tmp_path / "data"
    assert seen["CRITERIA_DIR"] == seen["DATA_DIR"] / "criteria"
    assert seen["DEMO_DIR"] == seen["DATA_DIR"] / "demo" and seen["PLANS_DIR"] == seen["DATA_DIR"] / "plans"
    assert seen["NOTEBOOKS_DIR"] == seen["PROJECT_ROOT"] / "notebooks"


def test_the_environment_moves_the_root_the_criteria_and_the_cache(tmp_path):
    tmp_path = tmp_path.resolve()
    (tmp_path / "root").mkdir()
    (tmp_path / "work").mkdir()
    seen = _paths_in(tmp_path / "work", ANTT_ROOT=str(tmp_path / "root"), ANTT_CRITERIA="my-criteria",
                     ANTT_CACHE="my-cache")
    assert seen["PROJECT_ROOT"] == tmp_path / "root"
    assert seen["DATA_DIR"] == tmp_path / "root" / "data"
    assert seen["PACKAGE_DIR"] == paths.PACKAGE_DIR  # the code stays where it is
    # relative folders given in the environment are the current folder's, made absolute
    assert seen["CRITERIA_DIR"] == tmp_path / "work" / "my-criteria"
    assert seen["CACHE_DIR"] == tmp_path / "work" / "my-cache"


def test_the_cache_is_the_users_never_the_projects(tmp_path):
    tmp_path = tmp_path.resolve()
    assert _paths_in(tmp_path, HOME=str(tmp_path / "home"))["CACHE_DIR"] == tmp_path / "home" / ".cache" / "antt-workbook"
    xdg = _paths_in(tmp_path, HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    assert xdg["CACHE_DIR"] == tmp_path / "xdg" / "antt-workbook"
    assert not xdg["CACHE_DIR"].is_relative_to(xdg["PROJECT_ROOT"])


def test_reports_and_maps_go_under_the_output_root_or_the_project(tmp_path):
    assert paths.reports_dir(tmp_path) == tmp_path / "reports"
    assert paths.maps_dir(str(tmp_path)) == tmp_path / "maps"
    assert paths.reports_dir() == paths.reports_dir("") == paths.PROJECT_ROOT / "reports"
    assert paths.maps_dir(None) == paths.PROJECT_ROOT / "maps"


def test_a_relative_path_is_the_current_folders_not_the_projects(tmp_path, monkeypatch):
    tmp_path = tmp_path.resolve()
    monkeypatch.chdir(tmp_path)
    got = paths.resolve("so-lieu/2025.xlsx")
    assert got == tmp_path / "so-lieu" / "2025.xlsx" and got.is_absolute()
    assert not got.is_relative_to(paths.PROJECT_ROOT)
    assert paths.resolve(Path("out")) == tmp_path / "out"


def test_a_home_folder_and_an_absolute_path_are_kept_as_a_shell_means_them(tmp_path, monkeypatch):
    tmp_path = tmp_path.resolve()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert paths.resolve("~/so-lieu.csv") == tmp_path / "home" / "so-lieu.csv"
    assert paths.resolve(tmp_path / "x" / "y.csv") == tmp_path / "x" / "y.csv"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_relative_path_keeps_the_link_the_user_named(tmp_path, monkeypatch):
    tmp_path = tmp_path.resolve()
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path)
    assert paths.resolve("link/a.csv") == tmp_path / "link" / "a.csv"
