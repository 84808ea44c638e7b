"""Offline assets for HTML pages: Leaflet from the XStatic-Leaflet package and the
workbook's own CSS and JavaScript, inlined so that a page makes no request when opened."""

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
def own(name: str) -> str:
    """One of the workbook's own asset files (assets/<name>)."""
    return (ASSETS_DIR / name).read_text(encoding="utf-8")


def script_tag(code: str) -> str:
    """An inline <script>; '</' is escaped so the code cannot close the tag early."""
    return "<script>" + code.replace("</", "<\\/") + "</script>"


def style_tag(code: str) -> str:
    return "<style>" + code.replace("</", "<\\/") + "</style>"
