"""Offline assets: Leaflet and the scripts folium, branca and geopandas link from CDNs are
inlined from the XStatic packages, so that a page makes no request when opened, and no inlined
code can close its tag early."""

import base64
import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import assets
from helpers.paths import ASSETS_DIR

D3_CDN = "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"
JQUERY_CDN = "https://code.jquery.com/jquery-3.7.1.min.js"
JQUERY_UI_CDN = "https://code.jquery.com/ui/1.12.1/jquery-ui.js"


def _xstatic(package: str, name: str) -> str:
    spec = importlib.util.find_spec(f"xstatic.pkg.{package}")
    return (Path(next(iter(spec.submodule_search_locations))) / "data" / name).read_text(encoding="utf-8")


class _Scripts(HTMLParser):
    """The scripts of a page as a browser splits them: their src, or their code."""

    def __init__(self, page: str):
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self._in = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append((dict(attrs).get("src"), ""))
            self._in = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = False

    def handle_data(self, data):
        if self._in:
            src, code = self.scripts[-1]
            self.scripts[-1] = (src, code + data)


def _page(*srcs: str) -> str:
    links = "\n".join(f'<script src="{s}"></script>' for s in srcs)
    return f"<html><head>{links}</head><body><div id='map'></div></body></html>"


def test_code_that_contains_a_closing_tag_cannot_close_its_own_tag():
    code = "var s = '</script><script>alert(1)</script>'; var t = '</style>';"
    for tag, name in ((assets.script_tag(code), "script"), (assets.style_tag(code), "style")):
        assert tag.startswith(f"<{name}>") and tag.endswith(f"</{name}>")
        assert tag.count("</") == 1
    (src, inline), = _Scripts(assets.script_tag(code)).scripts
    assert src is None and inline.replace("<\\/", "</") == code  # '<\/' is '</' in a JavaScript string


def test_leaflet_is_inlined_without_a_source_map_a_browser_would_fetch():
    raw = _xstatic("leaflet", "leaflet.js")
    assert "sourceMappingURL" in raw
    js = assets.leaflet_js()
    assert "sourceMappingURL" not in js
    assert js == re.sub(r"//# sourceMappingURL=leaflet\.js\.map", "", raw)


def test_leaflets_stylesheet_carries_its_images_as_data():
    css = assets.leaflet_css()
    assert "url(images/" not in css
    uris = re.findall(r"url\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", css)
    images = Path(next(iter(importlib.util.find_spec("xstatic.pkg.leaflet").submodule_search_locations))) / "data"
    assert sorted(base64.b64decode(u) for u in uris) == sorted(
        (images / "images" / n).read_bytes() for n in ("layers.png", "layers-2x.png", "marker-icon.png"))
    assert ".leaflet-container" in css


def test_a_d3_version_3_link_is_replaced_by_the_local_copy():
    page = assets.inline_cdn_scripts(_page(D3_CDN, "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.17/d3.js"))
    scripts = _Scripts(page).scripts
    assert [src for src, _ in scripts] == [None]  # two links to one library: one copy
    assert 'version: "3.' in scripts[0][1] and "cdnjs" not in page
    assert "<div id='map'></div>" in page


def test_jquery_ui_brings_jquery_before_it_and_each_copy_comes_once():
    jquery, jquery_ui = _xstatic("jquery", "jquery.min.js"), _xstatic("jquery_ui", "jquery-ui.min.js")
    for page in (_page(JQUERY_UI_CDN), _page(JQUERY_CDN, JQUERY_UI_CDN), _page(JQUERY_UI_CDN, JQUERY_CDN)):
        out = assets.inline_cdn_scripts(page)
        codes = [code for _, code in _Scripts(out).scripts]
        assert codes == [c.replace("</", "<\\/") for c in (jquery, jquery_ui)]
        assert "code.jquery.com" not in out


@pytest.mark.parametrize("src", [
    "https://cdnjs.cloudflare.com/ajax/libs/d3/4.13.0/d3.min.js",  # the local copy is version 3
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
    "https://code.jquery.com/ui/2.0.0/jquery-ui.js",
    "antt-map.js",
])
def test_links_without_a_local_copy_are_left_as_they_are(src):
    page = _page(src)
    assert assets.inline_cdn_scripts(page) == page


def test_a_page_without_cdn_links_is_unchanged():
    page = "<html><body><script>var x = 1;</script><p>Xã Hùng Lợi</p></body></html>"
    assert assets.inline_cdn_scripts(page) == page


def test_the_workbooks_own_assets_are_read_as_utf8_text():
    for name in ("antt-map.js", "antt-map.css", "report.css", "page.css"):
        assert assets.own(name) == (ASSETS_DIR / name).read_text(encoding="utf-8") != ""
    with pytest.raises(FileNotFoundError):
        assets.own("no-such-asset.js")
