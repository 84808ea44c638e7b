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
    assert page.locator(".antt-legend").inner_text().startswith("Mức đạt chỉ tiêu 19.2 — năm 2025")
    assert "DỮ LIỆU MINH HỌA" in page.locator(".antt-maphead").inner_text()
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
    assert len(links) == 9  # 2025: two reports, two maps, the comparison; 2026: two reports, two maps
    for href in links:
        assert Path(href.replace("file://", "")).exists(), href
    assert ev == {"console": [], "failed": [], "blocked": []}
    page.close()


def test_map_controls_year_view_search_fullscreen(browser, demo_build):
    page, ev = open_offline(browser, demo_build / "maps" / "tuyen-quang-2025.html")
    page.wait_for_selector("path.leaflet-interactive")
    dark = "#0b5d9e"  # advanced 19.2 (labels.STATUSES), filled by Leaflet as the fill attribute

    def count(colour):
        return page.locator(f'path.leaflet-interactive[fill="{colour}"]').count()

    assert count(dark) == 48  # advanced in 2025 (demo data)
    page.select_option("select.antt-year", "2019")
    assert count(dark) == 6  # advanced in 2019
    assert "năm 2019" in page.locator(".antt-legend-title").inner_text()
    page.locator("details.antt-views-box summary").click()
    page.locator('input[value="basic"]').check()
    # basic 19.2 view: "Đạt" in the same blue for every xã attaining it (97 in 2019)
    assert count(dark) == 97
    page.locator('input[value="sc:no_serious_crime"]').check()
    assert "Không có công dân thường trú" in page.locator(".antt-legend-title").inner_text()
    page.click("button.antt-search-open")
    page.fill(".antt-search input", "hung loi")
    hits = page.locator(".antt-search-hit")
    assert hits.count() == 1 and hits.first.inner_text().startswith("Xã Hùng Lợi")
    hits.first.click()
    assert page.locator(".antt-tip-name").inner_text() == "Xã Hùng Lợi"
    assert page.locator("button.antt-fullscreen").count() == 1
    assert page.locator(".antt-district-name span").count() == 7
    assert ev == {"console": [], "failed": [], "blocked": []}
    page.close()


def test_report_prints_with_a_static_map_and_has_the_map_table(browser, demo_build):
    page, ev = open_offline(browser, demo_build / "reports" / "tuyen-quang-2025.html")
    static = page.locator("figure.antt-map-static img")
    assert static.count() == 1 and not static.is_visible()
    page.emulate_media(media="print")
    assert static.is_visible() and not page.locator("iframe.antt-map").is_visible()
    assert page.evaluate("document.querySelector('figure.antt-map-static img').naturalWidth") > 400
    page.emulate_media(media="screen")
    details = page.locator("details.antt-details").filter(has_text="Bảng số liệu của bản đồ")
    assert details.locator("table tbody tr").count() == 137
    assert details.locator("a.antt-csv").get_attribute("download") == "ban-do-tuyen-quang-2025.csv"
    footer = page.locator("footer.antt-provenance").inner_text()
    for field in ("Tham số", "Nguồn số liệu", "minh họa", "Ranh giới", "Công cụ", "phiên bản", "Thời điểm tạo"):
        assert field in footer
    assert ev == {"console": [], "failed": [], "blocked": []}
    page.close()


def test_national_overview_opens_offline_and_links_each_province(browser, national_build):
    page, ev = open_offline(browser, national_build / "reports" / "national-2025.html")
    frame = page.frame_locator("iframe.antt-map")
    frame.locator("path.leaflet-interactive").first.wait_for()
    assert frame.locator("path.leaflet-interactive:not(.antt-island)").count() == 63
    assert frame.locator("path.antt-island").count() >= 25  # the islands and archipelagos
    assert "Tỷ lệ xã đạt chỉ tiêu 19.2 — năm 2025" in frame.locator(".antt-legend").inner_text()
    frame.locator("button.antt-search-open").click()
    frame.locator(".antt-search input").fill("tuyen quang")
    frame.locator(".antt-search-hit").first.click()
    # the hit opens the province's tooltip (the pointer, left over the map, may open another one)
    assert "Đạt 19.2:" in frame.locator(".antt-tip", has_text="Tỉnh Tuyên Quang").inner_text()
    # the advanced view recolours the provinces from its own scale
    frame.locator("details.antt-views-box summary").click()
    frame.locator('input[value="advanced"]').check()
    assert "19.2 nâng cao" in frame.locator(".antt-legend-title").inner_text()
    rows = page.locator("table").filter(has_text="Xếp hạng").locator("tbody tr")
    assert rows.count() == 63
    hrefs = rows.locator("td:nth-child(2) a").evaluate_all("els => els.map(e => e.href)")
    assert len(hrefs) == 63 and all(Path(h.replace("file://", "")).exists() for h in hrefs)
    assert ev == {"console": [], "failed": [], "blocked": []}
    page.close()
    # a click on a province in the stand-alone map offers its report
    page, ev = open_offline(browser, national_build / "maps" / "national-2025.html")
    page.wait_for_selector("path.leaflet-interactive")
    page.locator("path.leaflet-interactive").nth(10).dispatch_event("click")
    link = page.locator("a.antt-open-report")
    assert link.count() == 1 and link.get_attribute("target") == "_top"
    target = (national_build / "maps" / link.get_attribute("href")).resolve()
    assert target.exists() and target.parent.name == "reports"
    assert ev == {"console": [], "failed": [], "blocked": []}
    page.close()


def test_text_from_the_data_stays_text_in_the_browser(browser, tmp_path):
    from helpers import maps, workbook

    ctx = workbook.load("tuyen-quang", 2025)
    evil = "<script>alert(1)</script> \"Xã\" 'Bản'"
    history = dict(ctx._history)
    st = history[2025].copy()
    st.loc[st["code"] == "02233", "name"] = evil
    st.loc[st["code"] == "02233", "note"] = "<img src=x onerror=alert(2)>"
    history[2025] = st
    m = maps.status_map(ctx._geo, history, 2025, title=ctx._title, notices=ctx._notices, districts=ctx._districts)
    path = maps.save(m, tmp_path / "evil.html")
    page, ev = open_offline(browser, path)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.click("button.antt-search-open")
    page.fill(".antt-search input", "script")
    page.locator(".antt-search-hit").first.click()
    assert page.locator(".antt-tip-name").inner_text() == evil
    assert "Ghi chú: <img src=x onerror=alert(2)>" in page.locator(".antt-tip").inner_text()
    page.wait_for_timeout(300)
    assert dialogs == [] and page.locator("img[src=x]").count() == 0
    assert ev["console"] == [] and ev["failed"] == []
    page.close()


@pytest.mark.parametrize("column", ["crime_cases", "status_label"])
def test_an_analyst_s_explore_map_draws_offline_with_its_legend(browser, tmp_path, column):
    """`ctx.geometry().explore(...)` as an analyst draws it: every commune, and its legend (a
    numeric column's colour scale is drawn by d3, which branca links from a CDN), with every
    request refused."""
    from helpers import maps, workbook

    geo = workbook.load("tuyen-quang", 2025).geometry()
    m = geo.explore(column=column, tiles=None, legend=True, tooltip=["name", column])
    path = maps.save(m, tmp_path / "explore.html")
    page, ev = open_offline(browser, path)
    page.wait_for_selector(".leaflet-container path.leaflet-interactive")
    assert page.locator("path.leaflet-interactive").count() == len(geo)
    if column == "crime_cases":  # the colour scale (d3): its bar and its tick labels
        assert page.locator(".legend.leaflet-control svg rect").count() == 500
        ticks = [t.text_content() for t in page.locator(".legend.leaflet-control svg .tick text").all()]
        assert len(ticks) >= 3 and ticks[0] == str(int(geo[column].min()))
    else:  # the categories, each with its label (the legend made draggable by jQuery UI)
        legend = page.locator(".maplegend").inner_text()
        assert set(geo[column].dropna()) <= set(legend.split("\n")[1:])
    assert ev == {"console": [], "failed": [], "blocked": []}
    page.close()


def test_a_legend_count_of_thousands_reads_as_every_other_number(browser, tmp_path):
    """1,200 units in one class: the legend says "(1.200)", as formats.number writes it."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import box

    from helpers import formats, labels, maps

    n = 1200
    cells = [box(104 + (i % 40) * 0.05, 20 + (i // 40) * 0.05, 104.04 + (i % 40) * 0.05, 20.04 + (i // 40) * 0.05)
             for i in range(n)]
    codes = [f"{i:05d}" for i in range(n)]
    geo = gpd.GeoDataFrame({"code": codes}, geometry=cells, crs="EPSG:4326")
    top = labels.SHARE_CLASSES["basic"][-1]
    props = pd.DataFrame({"code": codes, "name": [f"Đơn vị {c}" for c in codes], "href": None,
                          "years": [{"2025": {"c": {"basic": top.code}, "t": []}}] * n})
    config = maps.share_config([{"id": "basic", "label": "Tỷ lệ xã đạt", "grade": "basic"}], [2025], 2025, [])
    path = tmp_path / "many.html"
    path.write_text(maps.render(maps.share_map(geo, props, config)), encoding="utf-8")
    page, ev = open_offline(browser, path)
    page.wait_for_selector(".antt-legend-row")
    rows = page.locator(".antt-legend-row").all_inner_texts()
    assert f"{top.label} ({formats.number(n, 0)})" in rows and formats.number(n, 0) == "1.200"
    assert ev == {"console": [], "failed": [], "blocked": []}
    page.close()
