"""Offline assets for HTML pages: Leaflet from the XStatic-Leaflet package, the scripts that
folium, branca and geopandas link from CDNs (XStatic-D3, -jQuery, -jquery-ui) and the workbook's
own CSS and JavaScript, inlined so that a page makes no request when opened."""

from __future__ import annotations

import base64
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from .paths import ASSETS_DIR


def _xstatic_dir(package: str) -> Path:
    spec = importlib.util.find_spec(f"xstatic.pkg.{package}")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"the asset package XStatic-{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _data_uri(path: Path) -> str:
    mime = {"png": "image/png", "svg": "image/svg+xml", "gif": "image/gif"}[path.suffix.lstrip(".")]
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _strip_source_map(code: str) -> str:
    """Drop `sourceMappingURL` comments: a browser with dev tools would try to fetch them."""
    return re.sub(r"/[/*][#@] sourceMappingURL=\S+(\s*\*/)?", "", code)


@lru_cache(maxsize=None)
def leaflet_js() -> str:
    return _strip_source_map((_xstatic_dir("leaflet") / "leaflet.js").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def leaflet_css() -> str:
    """Leaflet's stylesheet with its images turned into data URIs."""
    base = _xstatic_dir("leaflet")
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        target = base / match.group(1)
        return f"url({_data_uri(target)})" if target.exists() else match.group(0)

    return re.sub(r"url\((images/[^)]+)\)", inline, css)


@lru_cache(maxsize=None)
def _xstatic_js(package: str, name: str) -> str:
    return _strip_source_map((_xstatic_dir(package) / name).read_text(encoding="utf-8"))


# the scripts that folium's, branca's and geopandas' elements link from a CDN, each with the
# local copies (XStatic packages) that stand in for it, in order: d3 version 3 draws the colour
# scale of a numeric `GeoDataFrame.explore()` legend; jQuery UI (on jQuery, which `offline`
# leaves out of a map) makes the legend of a categorical one draggable
CDN_SCRIPTS = {
    re.compile(r"https://cdnjs\.cloudflare\.com/ajax/libs/d3/3\.[0-9.]+/d3(?:\.min)?\.js"): (("d3", "d3.js"),),
    re.compile(r"https://code\.jquery\.com/jquery-[0-9.]+(?:\.min)?\.js"): (("jquery", "jquery.min.js"),),
    re.compile(r"https://code\.jquery\.com/ui/1\.[0-9.]+/jquery-ui(?:\.min)?\.js"): (
        ("jquery", "jquery.min.js"), ("jquery_ui", "jquery-ui.min.js")),
}
_SCRIPT_LINK = re.compile(r'<script\s+src="([^"]+)"\s*>\s*</script>')


def inline_cdn_scripts(page: str) -> str:
    """The page with every CDN script of CDN_SCRIPTS replaced by its local copies inline (each
    copy once per page); other links are left as they are."""
    done: set = set()

    def inline(match: re.Match) -> str:
        for pattern, copies in CDN_SCRIPTS.items():
            if pattern.fullmatch(match.group(1)):
                todo = [c for c in copies if c not in done]
                done.update(todo)
                return "".join(script_tag(_xstatic_js(*c)) for c in todo)
        return match.group(0)

    return _SCRIPT_LINK.sub(inline, page)


@lru_cache(maxsize=None)
def own(name: str) -> str:
    """One of the workbook's own asset files (assets/<name>)."""
    return (ASSETS_DIR / name).read_text(encoding="utf-8")


def script_tag(code: str) -> str:
    """An inline <script>; '</' is escaped so the code cannot close the tag early."""
    return "<script>" + code.replace("</", "<\\/") + "</script>"


def style_tag(code: str) -> str:
    return "<style>" + code.replace("</", "<\\/") + "</style>"
