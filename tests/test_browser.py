"""The maps and reports open in a real headless Chromium with all network access refused."""

import shutil
from pathlib import Path

import pytest

from helpers import gazetteer

pytestmark = pytest.mark.integration

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LOCAL = ("file:", "data:", "about:", "blob:")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.fail("Chromium is required for the browser tests: install Debian's 'chromium' (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield b
        b.close()


def open_offline(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    events = {"console": [], "failed": [], "blocked": []}
    page.on("console", lambda m: events["console"].append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: events["console"].append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: events["failed"].append(r.url))

    def guard(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            events["blocked"].append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(800)
    return page, events


@pytest.mark.parametrize("slug", ["tuyen-quang", "gia-lai"])
def test_map_draws_one_shape_per_commune_offline(browser, demo_build, slug):
    page, ev = open_offline(browser, demo_build / "maps" / f"{slug}-2025.html")
    page.wait_for_selector(".leaflet-container path.leaflet-interactive")
    assert page.locator("path.leaflet-interactive").count() == len(gazetteer.communes(slug))
    assert page.locator(".antt-legend").inner_text().startswith("Chỉ tiêu 19.2")
    assert "DỮ LIỆU MINH HỌA" in page.locator(".antt-head").inner_text()
    page.locator("path.leaflet-interactive").nth(5).hover()
    assert page.locator(".antt-tip-name").count() == 1
    assert ev == {"console": [], "failed": [], "blocked": []}
    page.close()


def test_report_opens_offline_with_its_map(browser, demo_build):
    page, ev = open_offline(browser, demo_build / "reports" / "gia-lai-2025.html")
    frame = page.frame_locator("iframe.antt-map")
    frame.locator("path.leaflet-interactive").first.wait_for()
    assert frame.locator("path.leaflet-interactive").count() == 218
    assert page.locator("h1").first.inner_text().startswith("Tiêu chí an ninh, trật tự")
    assert page.locator("nav.antt-toc li").count() >= 5
    assert ev == {"console": [], "failed": [], "blocked": []}
    page.close()


def test_index_links_open(browser, demo_build):
    page, ev = open_offline(browser, demo_build / "reports" / "index.html")
    links = page.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert len(links) == 4
    for href in links:
        assert Path(href.replace("file://", "")).exists(), href
    assert ev == {"console": [], "failed": [], "blocked": []}
    page.close()
