"""Notebooks 01 and 04 in JupyterLab, run through its own UI as an analyst runs them."""

import shutil

import pytest

from helpers import gazetteer
from helpers.paths import NOTEBOOKS_DIR

from lab import CHROMIUM, CHROMIUM_ARGS, open_notebook, run_all, server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    for name in ("01_commune_attainment.ipynb", "04_explore.ipynb"):
        shutil.copy(NOTEBOOKS_DIR / name, root / name)  # JupyterLab saves as it goes: never into the project
    with server(root) as (url, token):
        yield url, token, root


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.fail("Chromium is required: install Debian's 'chromium' (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _errors(page) -> list[str]:
    texts = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    return [t for t in texts if t.strip()]


def test_commune_attainment_runs_in_jupyterlab_with_its_tables_and_map(browser, lab):
    page = open_notebook(browser, *lab[:2], "01_commune_attainment.ipynb")
    run_all(page)
    assert _errors(page) == []
    # the report's look in JupyterLab: its stylesheet is loaded (key-figure cards are boxes, not lines)
    kpi = page.locator(".antt-kpi").first
    assert kpi.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    assert page.locator(".antt-map-static").first.is_hidden()  # the printed map does not show twice
    frame = page.frame_locator("iframe.antt-map").first
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30000)
    # the latest year, 2026, on the units of 1 July 2025
    assert frame.locator("path.leaflet-interactive").count() == len(gazetteer.communes("tuyen-quang", "2025")) == 124
    tables = page.locator(".antt-table table")
    assert tables.count() >= 10
    assert "Xã Mậu Duệ" in page.locator(".antt-table").filter(has_text="Các xã chưa đạt").first.inner_text()
    page.close()


def _nb_extra_keys() -> list[str]:
    """The metadata the repository's git filter strips (NB_EXTRA_KEYS of the Makefile, its one
    definition)."""
    import re

    from helpers.paths import PROJECT_ROOT

    make = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    value = re.search(r"^NB_EXTRA_KEYS := ((?:.*\\\n)*.*)$", make, re.M).group(1)
    return value.replace("\\\n", " ").split()


def test_a_notebook_run_and_saved_in_jupyterlab_keeps_its_committed_metadata(browser, lab):
    """Opening, running and saving notebook 01 in JupyterLab changes nothing git would see:
    after the filter strips the outputs, the notebook's metadata (kernel spec included) is the
    committed one."""
    import json

    name = "01_commune_attainment.ipynb"
    saved = lab[2] / name
    before = saved.stat().st_mtime_ns
    page = open_notebook(browser, *lab[:2], name)
    run_all(page)
    page.locator(".jp-NotebookPanel").first.click()
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30000)
    page.close()
    assert saved.stat().st_mtime_ns != before
    got = json.loads(saved.read_text(encoding="utf-8"))["metadata"]
    for key in _nb_extra_keys():
        parts = key.split(".")
        if parts[0] == "metadata" and len(parts) == 3:
            got.get(parts[1], {}).pop(parts[2], None)
        elif parts[0] == "metadata" and len(parts) == 2:
            got.pop(parts[1], None)
    committed = json.loads((NOTEBOOKS_DIR / name).read_text(encoding="utf-8"))["metadata"]
    assert got == committed


def test_explore_runs_in_jupyterlab(browser, lab):
    page = open_notebook(browser, *lab[:2], "04_explore.ipynb")
    run_all(page)
    assert _errors(page) == []
    # pandas' own tables for the analyst's questions, and the GeoDataFrame's .explore() map
    assert page.locator(".jp-RenderedHTMLCommon table.dataframe").count() >= 5
    frame = page.frame_locator("iframe.antt-map").first
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30000)
    assert frame.locator("path.leaflet-interactive").count() == len(gazetteer.communes("tuyen-quang", "2025"))
    page.close()
