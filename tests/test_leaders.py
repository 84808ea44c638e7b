"""What leaders read, as they read it: on a phone and on a desktop, printed on A4, and the whole
national territory on the maps."""

import numpy as np
import pytest

from helpers import gazetteer, maps, sections, territory, workbook

from lab import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.integration

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
SIZES = {"phone": (PHONE, 0.15), "desktop": (DESKTOP, 0.08)}  # the most the controls may cover of a map

# the rectangles of a map's controls inside its container, measured in the page
CONTROLS = """(root) => {
  const c = root.querySelector('.leaflet-container');
  const box = c.getBoundingClientRect();
  const rects = [...c.querySelectorAll('.leaflet-control')].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0 && r.height > 0)
    .map(r => ({l: Math.max(r.left, box.left), t: Math.max(r.top, box.top),
                r: Math.min(r.right, box.right), b: Math.min(r.bottom, box.bottom)}))
    .filter(r => r.r > r.l && r.b > r.t);
  return {area: box.width * box.height, rects: rects};
}"""
LABELS = """(root) => [...root.querySelectorAll('.antt-district-name, .antt-territory-label')]
  .filter(n => n.style.display !== 'none').map(n => n.firstChild.getBoundingClientRect())
  .filter(r => r.width > 0).map(r => ({l: r.left, t: r.top, r: r.right, b: r.bottom}))"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.fail("Chromium is required: install Debian's 'chromium' (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def khanh_hoa(tmp_path_factory):
    """The Khánh Hòa map (huyện Trường Sa's communes on their islands), saved as the batch saves it."""
    ctx = workbook.load("khanh-hoa", 2025)
    return maps.save(sections.status_map(ctx), tmp_path_factory.mktemp("kh") / "khanh-hoa-2025.html")


def _open(browser, path, size):
    page = browser.new_page(**SIZES[size][0])
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(900)
    return page, errors


def _overlap(a, b) -> bool:
    return a["l"] < b["r"] - 0.5 and b["l"] < a["r"] - 0.5 and a["t"] < b["b"] - 0.5 and b["t"] < a["b"] - 0.5


def _check_map(root, size, where: str) -> float:
    """The controls cover at most the allowed share of the map, and never each other."""
    m = root.evaluate(CONTROLS)
    covered = sum((r["r"] - r["l"]) * (r["b"] - r["t"]) for r in m["rects"]) / m["area"]
    assert covered <= SIZES[size][1], f"{where}: controls cover {covered:.1%} of the map"
    rects = m["rects"]
    for i in range(len(rects)):
        for j in range(i + 1, len(rects)):
            assert not _overlap(rects[i], rects[j]), f"{where}: two controls overlap: {rects[i]} {rects[j]}"
    labels = root.evaluate(LABELS)
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            assert not _overlap(labels[i], labels[j]), f"{where}: two names overlap: {labels[i]} {labels[j]}"
    return covered


def _no_sideways_scroll(page, where: str) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{where}: the page is {width[0]} px wide on a {width[1]} px screen"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_province_maps_leave_the_map_visible(browser, demo_build, khanh_hoa, size):
    for path in (demo_build / "maps" / "gia-lai-2025.html", demo_build / "maps" / "tuyen-quang-2025.html", khanh_hoa):
        page, errors = _open(browser, path, size)
        root = page.locator("body")
        root.locator("path.leaflet-interactive").first.wait_for()
        _check_map(root, size, path.name)
        # the notices are above the map, not on it; the illustrative-data notice is always in sight
        head = page.locator("header.antt-maphead")
        assert head.is_visible() and "DỮ LIỆU MINH HỌA" in head.inner_text()
        assert page.locator(".leaflet-container .antt-notices, .leaflet-container .antt-head").count() == 0
        # nothing an official would not sign: no credit line with a foreign flag, no online base layer
        assert page.locator(".leaflet-control-attribution, .leaflet-tile").count() == 0
        assert page.title().startswith("Bản đồ Tỉnh ")
        _no_sideways_scroll(page, path.name)
        assert errors == []
        page.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_2026_map_names_its_provisional_indicator_without_a_click(browser, demo_build, size):
    page, errors = _open(browser, demo_build / "maps" / "gia-lai-2026.html", size)
    page.locator("path.leaflet-interactive").first.wait_for()
    head = page.locator("header.antt-maphead")
    shown = head.inner_text()  # what is rendered: the text inside folded notes is not
    assert "CHỈ TIÊU TẠM THỜI" in shown and "DỮ LIỆU MINH HỌA" in shown
    assert shown.count("CHỈ TIÊU TẠM THỜI") == 1  # said once: the mark on a phone, the open note on a desktop
    assert errors == []
    page.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_first_screen_of_a_report_states_its_headline(browser, demo_build, size):
    """Without scrolling: the share attaining, where the province stands against its plan, and
    the mark of illustrative data (the numbers on that screen are not real)."""
    for name in ("tuyen-quang-2025.html", "gia-lai-2025.html", "tuyen-quang-2026.html", "gia-lai-2026.html"):
        page, errors = _open(browser, demo_build / "reports" / name, size)
        height = page.viewport_size["height"]
        year = name[-9:-5]
        lead = page.locator(".antt-lead")
        assert lead.count() == 1, name
        box = lead.bounding_box()
        assert box["y"] + box["height"] <= height, f"{name} ({size}): the headline ends {box['y'] + box['height']:.0f} px down"
        text = lead.inner_text()
        assert text.startswith(f"Năm {year}: ") and "xã (" in text and "%) đạt chỉ tiêu" in text, text
        assert "mục tiêu đo trong năm" in text, text
        mark = page.locator(".antt-notices p").first
        assert "DỮ LIỆU MINH HỌA" in mark.inner_text() and mark.bounding_box()["y"] < height - 20, name
        assert errors == []
        page.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_reports_read_on_a_phone_and_a_desktop(browser, demo_build, size):
    for name in ("gia-lai-2025.html", "comparison-tuyen-quang-gia-lai-2025.html", "gia-lai-2026.html", "index.html"):
        page, errors = _open(browser, demo_build / "reports" / name, size)
        _no_sideways_scroll(page, name)
        frames = page.locator("iframe.antt-map")
        for i in range(frames.count()):
            frame = page.frame_locator("iframe.antt-map").nth(i)
            frame.locator("path.leaflet-interactive").first.wait_for()
            _check_map(frame.locator("body"), size, f"{name} map {i + 1}")
            # inside a report the notices are just above the map: on the map, a small button opens them
            assert frame.locator("header.antt-maphead").count() == 0
            assert frame.locator("button.antt-info-open").count() == 1
        assert errors == []
        page.close()


def test_tables_become_cards_on_a_phone(browser, demo_build):
    page, _ = _open(browser, demo_build / "reports" / "tuyen-quang-2025.html", "phone")
    cell = page.locator("table.antt-data").nth(1).locator("tbody tr").first.locator("td").nth(1)
    assert cell.evaluate("e => getComputedStyle(e, '::before').content").startswith('"Số xã')
    box = page.locator("main").bounding_box()
    assert box["width"] >= 360  # the content column uses the screen, not 276 px of it
    # the contents fold to one line: the report's title is on the first screen, not below the contents
    assert page.locator("nav.antt-toc details").get_attribute("open") is None
    assert page.locator("main h1").first.bounding_box()["y"] < 200
    page.close()
    # the index too: one card per province and year, each link labelled
    page, _ = _open(browser, demo_build / "reports" / "index.html", "phone")
    cell = page.locator("table.antt-data tbody tr").first.locator("td").nth(2)
    assert cell.evaluate("e => getComputedStyle(e, '::before').content") == '"Báo cáo"'
    assert cell.locator("a").first.bounding_box()["width"] > 100  # a link is read in lines, not letter by letter
    page.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_national_map_shows_the_whole_territory(browser, national_build, size):
    page, errors = _open(browser, national_build / "maps" / "national-2025.html", size)
    root = page.locator("body")
    root.locator("path.leaflet-interactive").first.wait_for()
    _check_map(root, size, "national map")
    labels = page.locator(".antt-territory-label span").all_inner_texts()
    assert "Quần đảo Hoàng Sa (Đà Nẵng)" in labels and "Quần đảo Trường Sa (Khánh Hòa)" in labels
    # both archipelagos are in the opening view
    inside = page.evaluate("""() => {
      const box = document.querySelector('.leaflet-container').getBoundingClientRect();
      return [...document.querySelectorAll('.antt-territory-label.antt-archipelago span')].map(s => {
        const r = s.getBoundingClientRect();
        return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom; });
    }""")
    assert inside == [True, True]
    dots = maps.read_features(page.content(), "antt-territory")["islands"]
    assert len(dots) >= 25
    _no_sideways_scroll(page, "national map")
    assert errors == []
    page.close()


# the boxes on screen of the island units among `codes` and of the territory's islands and names
ISLANDS_ON_SCREEN = """(root, codes) => {
  const win = root.ownerDocument.defaultView, c = root.querySelector('.leaflet-container');
  const box = c.getBoundingClientRect(), out = [];
  const map = Object.values(win).find(v => v instanceof win.L.Map && v.getContainer() === c);
  map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (!p || !codes.includes(p.code) || !l.getBounds) { return; }
    const b = l.getBounds(), sw = map.latLngToContainerPoint(b.getSouthWest()), ne = map.latLngToContainerPoint(b.getNorthEast());
    out.push({name: p.name, l: sw.x + box.left, t: ne.y + box.top, r: ne.x + box.left, b: sw.y + box.top});
  });
  root.querySelectorAll('path.antt-island, .antt-territory-label span').forEach(e => {
    const r = e.getBoundingClientRect();
    if (r.width > 0) { out.push({name: e.textContent || 'đảo', l: r.left, t: r.top, r: r.right, b: r.bottom}); }
  });
  return {box: {l: box.left, t: box.top, r: box.right, b: box.bottom}, islands: out};
}"""
ISLAND_PROVINCES = sorted({gazetteer.province(g.province["2025"], "2025").slug
                           for g, _ in territory.unit_islands("2025").values()})


def _islands_clear(root, size: str, where: str, codes: list[str], far: set[str] = frozenset()) -> int:
    """No control covers an island at the opening view; every island unit not far is in it."""
    seen = root.evaluate(ISLANDS_ON_SCREEN, codes)
    controls = root.evaluate(CONTROLS)["rects"]
    for i in seen["islands"]:
        for k in controls:
            assert not _overlap(i, k), f"{where} ({size}): a control covers {i['name']}: {i} {k}"
    near = [i for i in seen["islands"] if i["name"] and i["name"] not in far]
    box = seen["box"]
    for i in near:
        if i["name"].startswith(("Đặc khu", "Xã")):
            assert _overlap(i, box), f"{where} ({size}): {i['name']} is not in the opening view"
    return len(seen["islands"])


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_no_control_covers_an_island_at_the_opening_view(browser, national_build_2026, size):
    units = territory.unit_islands("2025")
    far = {n for n in gazetteer.communes(vintage="2025").set_index("code")["name"][sorted(territory.far_codes("2025"))]}
    for slug in ISLAND_PROVINCES:
        page, errors = _open(browser, national_build_2026 / "maps" / f"{slug}-2026.html", size)
        root = page.locator("body")
        root.locator("path.leaflet-interactive").first.wait_for()
        assert _islands_clear(root, size, slug, sorted(units), far) >= 1
        _check_map(root, size, slug)
        assert errors == []
        page.close()
    # the national map, on its page and inside the national report
    page, errors = _open(browser, national_build_2026 / "maps" / "national-2026.html", size)
    page.locator("path.leaflet-interactive").first.wait_for()
    assert _islands_clear(page.locator("body"), size, "national map", []) >= 25
    page.close()
    _report_map_keeps_islands_clear(browser, national_build_2026 / "reports" / "national-2026.html", size)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_national_report_of_the_legacy_units_keeps_its_legend_off_the_archipelagos(browser, national_build, size):
    _report_map_keeps_islands_clear(browser, national_build / "reports" / "national-2025.html", size)


def _report_map_keeps_islands_clear(browser, path, size) -> None:
    """The national report's map: at least 25 islands in view, none under a control."""
    page, errors = _open(browser, path, size)
    frame = page.frame_locator("iframe.antt-map").first
    frame.locator("path.leaflet-interactive").first.wait_for()
    assert _islands_clear(frame.locator("body"), size, path.name, []) >= 25
    assert errors == []
    page.close()


def test_truong_sa_communes_lie_in_the_archipelago(khanh_hoa):
    feats = {f["properties"]["code"]: f for f in maps.read_features(khanh_hoa.read_text(encoding="utf-8"))["features"]}
    for code in ("22736", "22737", "22739"):
        xy = np.array(_coords(feats[code]["geometry"]))
        assert 111.5 <= xy[:, 0].min() and xy[:, 0].max() <= 116.0, code  # longitude
        assert 7.5 <= xy[:, 1].min() and xy[:, 1].max() <= 12.0, code  # latitude
    # no commune of the mainland reaches out to sea any more: the mainland ends before 109.5 E
    mainland = [np.array(_coords(f["geometry"]))[:, 0].max() for c, f in feats.items() if c not in
                ("22736", "22737", "22739")]
    assert max(mainland) < 109.6
    territory = maps.read_features(khanh_hoa.read_text(encoding="utf-8"), "antt-territory")
    assert [t["label"] for t in territory["labels"]] == ["Quần đảo Trường Sa (Khánh Hòa)"]


def _coords(geom) -> list:
    out = []

    def walk(x):
        if isinstance(x[0], (int, float)):
            out.append(x)
        else:
            for y in x:
                walk(y)
    walk(geom["coordinates"])
    return out


def test_da_nang_map_draws_hoang_sa(tmp_path):
    ctx = workbook.load("da-nang", 2025)
    page = maps.render(sections.status_map(ctx))
    territory = maps.read_features(page, "antt-territory")
    assert [t["label"] for t in territory["labels"]] == ["Quần đảo Hoàng Sa (Đà Nẵng)"]
    assert all(15.5 < i["lat"] < 17.2 and 111.0 < i["lon"] < 113.0 for i in territory["islands"])
    assert "ANTT.inset(" in page  # the opening view shows the city; the overview in a corner shows the islands


def _figures(html: str) -> dict[tuple[int, int], float]:
    """The PNG figures of a page: their width in mm at their own size (pixels over the dots per
    inch they carry), by their size in pixels."""
    import base64
    import io
    import re

    from PIL import Image

    out = {}
    for b64 in re.findall(r'src="data:image/png;base64,([^"]+)"', html):
        image = Image.open(io.BytesIO(base64.b64decode(b64)))
        out[image.size] = image.width / image.info["dpi"][0] * 25.4
    return out


@pytest.mark.parametrize("report", ["tuyen-quang-2025.html", "comparison-tuyen-quang-gia-lai-2025.html",
                                    "national-2025.html", "gia-lai-2026.html"])
def test_printed_on_a4_with_page_numbers_and_no_half_empty_page(browser, demo_build, national_build, tmp_path, report):
    """Every page numbered and used, the cover on the first, and every figure printed at its own
    size: its text keeps the points it was drawn at (test_charts: none below 8 pt)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    folder = national_build if report.startswith("national") else demo_build
    figures = _figures((folder / "reports" / report).read_text(encoding="utf-8"))
    assert figures
    page = browser.new_page()
    page.goto((folder / "reports" / report).as_uri(), wait_until="load")
    page.wait_for_timeout(500)
    pdf_path = tmp_path / "report.pdf"
    page.pdf(path=str(pdf_path), format="A4", prefer_css_page_size=True, print_background=True)
    page.close()
    pdf = pdfium.PdfDocument(str(pdf_path))
    n = len(pdf)
    assert n >= 2
    printed_figures = 0
    for i in range(n):
        text = pdf[i].get_textpage().get_text_range()
        assert f"Trang {i + 1}/{n}" in text, f"page {i + 1}: no page number"
        img = np.asarray(pdf[i].render(scale=0.5).to_pil().convert("L"))
        body = img[: int(img.shape[0] * 0.93)]  # above the page number
        rows = np.flatnonzero((body < 245).any(axis=1))
        fill = (rows.max() - rows.min()) / body.shape[0] if len(rows) else 0.0
        annex_next = i < n - 1 and "Phụ lục" in pdf[i + 1].get_textpage().get_text_range()[:40]
        if i < n - 1 and not annex_next:  # the body's last page may end short: the annex starts a page
            assert fill >= 0.5, f"{report}: page {i + 1} of {n} is more than half empty ({fill:.0%} used)"
        for image in pdf[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            left, _, right, _ = image.get_bounds()
            own = figures.get(tuple(image.get_px_size()))
            assert own is not None, f"{report}: page {i + 1} holds an image that is not one of the report's figures"
            printed = (right - left) / 72 * 25.4
            assert abs(printed - own) < 0.01 * own, f"{report}: page {i + 1}: a figure {own:.0f} mm wide printed {printed:.0f} mm"
            printed_figures += 1
    assert printed_figures >= 1
    if not report.startswith(("national", "comparison")):  # the per-commune detail: an annex from a new page
        tops = [pdf[i].get_textpage().get_text_range()[:60] for i in range(n)]
        assert any(t.split("\n", 1)[-1].startswith("Phụ lục A. Lịch sử đánh giá từng xã") for t in tops), report
    first = pdf[0].get_textpage().get_text_range()
    assert "DỮ LIỆU MINH HỌA" in first and "Nguồn số liệu" in first and report[-9:-5] in first
