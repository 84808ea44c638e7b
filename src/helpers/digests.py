"""Digests of files and of the code: what caches and incremental builds key on."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import __version__
from .paths import PACKAGE_DIR

# libraries whose version changes the HTML of a report or a map
LIBRARIES = ("folium", "branca", "nbconvert", "jinja2", "matplotlib", "pandas", "geopandas", "shapely")


def sha(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.hexdigest()[:16]


def file_digest(path: Path | str) -> str:
    """Digest of a file's bytes ("" for no file, "missing" for a path that does not exist)."""
    if not path:
        return ""
    p = Path(path)
    return sha(p.read_bytes()) if p.is_file() else "missing"


def files_digest(paths: list[Path]) -> str:
    return sha(*(f"{p.name}\0".encode() + p.read_bytes() for p in sorted(paths)))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's code and assets (every file under src/helpers), its version, and the
    versions of the libraries that shape the outputs."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    versions = []
    for lib in LIBRARIES:
        try:
            versions.append(f"{lib}={metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{lib}=none")
    return sha(__version__.encode(), ";".join(versions).encode(),
                *(str(p.relative_to(PACKAGE_DIR)).encode() + b"\0" + p.read_bytes() for p in files))
