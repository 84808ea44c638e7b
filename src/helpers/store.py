"""Every cache of the workbook, in one place, under one key scheme (helpers.digests.sha).

- **Data** read and checked (a records.Dataset, as helpers.datasets reads it) is kept in memory
  only, by the digest of the content of its files (`remember`): a corrected file is read again
  whatever its time, and no copy of the records on disk has to be trusted.
- **Geometry** computed from the gazetteer (a province's approximate communes, the country's
  provinces; helpers.shapes) is kept on disk, in the user's cache folder (paths.CACHE_DIR,
  `ANTT_CACHE` moves it), as GeoJSON: data, never code. A file's name holds the digest of
  everything it depends on (`geometry(name, depends_on, make)`); its bytes are kept with their
  own digest and checked on every read, so a file altered on disk (a flipped bit, an edit, a
  copy from elsewhere) is reported and computed again, never used. Every file is written whole
  (helpers.atomic). A cache folder of this user that others could write into is made private
  and emptied; another user's folder is not used.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

import geopandas as gpd

from . import atomic
from .digests import sha
from .paths import CACHE_DIR

T = TypeVar("T")
DIGEST_SUFFIX = ".sha256"
GEOMETRY = "geometry"  # the folder of the cached geometry under the cache folder
MEMORY_ENTRIES = 8  # entries kept in memory per kind (data sources: a build reads one)
TEXT_COLUMNS = ("code", "district_code")  # codes read back as text (leading zeros kept)


def _say(message: str) -> None:
    print(f"antt: {message}", file=sys.stderr)


def key(*parts: object) -> str:
    """The key of what depends on `parts` (digests, versions, codes), in the one scheme."""
    return sha(*(p if isinstance(p, bytes) else str(p).encode() for p in parts))


# ---------------------------------------------------------------- in memory

_MEMORY: dict[str, OrderedDict] = {}


def remember(kind: str, at: Hashable, make: Callable[[], T]) -> T:
    """make(), kept in memory under (`kind`, `at`): `at` holds the digest of what it is made from.
    The most recent MEMORY_ENTRIES of each kind are kept (a build's workers fork from the build
    and inherit them)."""
    entries = _MEMORY.get(kind, {})
    if at in entries:
        entries.move_to_end(at)
        return entries[at]
    value = make()
    keep(kind, at, value)
    return value


def recall(kind: str, at: Hashable):
    """What is kept in memory under (`kind`, `at`), or None."""
    return _MEMORY.get(kind, {}).get(at)


def keep(kind: str, at: Hashable, value) -> None:
    """Keep `value` in memory under (`kind`, `at`), in place of what was there."""
    entries = _MEMORY.setdefault(kind, OrderedDict())
    entries[at] = value
    entries.move_to_end(at)
    while len(entries) > MEMORY_ENTRIES:
        entries.popitem(last=False)


# ---------------------------------------------------------------- on disk

def _safe(folder: Path) -> bool:
    """Whether a folder of the cache is this user's alone (created so when absent). A folder of
    this user that others could write into (a umask of 002, a chmod) is made private and emptied
    (said so): what it held may not be what this tool wrote. Another user's folder is not used."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = folder.stat()
    except OSError:
        return False
    if not hasattr(os, "getuid"):  # Windows: the user's profile folder is private by default
        return True
    if st.st_uid != os.getuid():
        return False
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        try:
            folder.chmod(0o700)
            for f in folder.iterdir():
                if f.is_file() or f.is_symlink():
                    f.unlink()
        except OSError:
            return False
        _say(f"bộ nhớ đệm {folder} để người khác ghi được: đã xóa các tệp trong đó và chỉ cho chủ sở hữu truy cập. "
             f"(the cache folder {folder} was writable by others: its files were removed and it is now private)")
    return True


_REFUSED: set[Path] = set()
_SWEPT: set[Path] = set()


def _usable(path: Path) -> bool:
    """Whether the cache may hold `path`: the cache folder and the file's folder are this user's
    own; otherwise the cache is not used (said once), and everything is computed again."""
    if all(_safe(f) for f in {CACHE_DIR, path.parent}):
        if path.parent not in _SWEPT:  # once per folder and process: what killed writers left
            _SWEPT.add(path.parent)
            atomic.sweep(path.parent)
        return True
    if path.parent not in _REFUSED:
        _REFUSED.add(path.parent)
        _say(f"bộ nhớ đệm {path.parent} thuộc người dùng khác hoặc không ghi được: không dùng, dữ liệu được tính lại. "
             f"(the cache folder {path.parent} belongs to another user or cannot be written: not used, everything "
             "is computed again)")
    return False


def read(path: Path) -> bytes | None:
    """The bytes of a cache file, or None when it is absent, unreadable, or does not match its
    digest (then it is removed and the caller computes it again)."""
    if not path.exists() or not _usable(path):
        return None
    try:
        data = path.read_bytes()
        expected = Path(str(path) + DIGEST_SUFFIX).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        expected, data = "", b""
    if key(data) == expected:
        return data
    _say(f"tệp bộ nhớ đệm {path.name} đã bị thay đổi hoặc không đầy đủ: được tính lại. "
         f"(the cache file {path} does not match its digest: computed again)")
    discard(path)
    return None


def write(path: Path, data: bytes) -> None:
    """Keep `data` in the cache with its digest (each written whole); a cache that cannot be
    written only makes the next run slower."""
    try:
        if not _usable(path):
            return
        atomic.write(path, data)
        atomic.write(Path(str(path) + DIGEST_SUFFIX), key(data) + "\n")
    except OSError:
        pass


def discard(path: Path) -> None:
    for p in (path, Path(str(path) + DIGEST_SUFFIX)):
        try:
            p.unlink()
        except OSError:
            pass


def clear(folder: Path | None = None) -> int:
    """Remove every file of the cache (`antt build --force`: everything computed again from
    the sources) and forget what is kept in memory; returns how many files were removed."""
    _MEMORY.clear()
    folder = folder or CACHE_DIR
    if not folder.is_dir():
        return 0
    n = sum(1 for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder, ignore_errors=True)
    return n


# ---------------------------------------------------------------- geometry

def geometry_path(name: str, depends_on: tuple) -> Path:
    """Where the geometry `name` (a province's slug and units, "national-legacy" …) made from
    `depends_on` is kept."""
    return CACHE_DIR / GEOMETRY / f"{name}-{key(*depends_on)}.geojson"


def has_geometry(name: str, depends_on: tuple) -> bool:
    """Whether the cache holds that geometry (checked against its digest when it is read)."""
    return geometry_path(name, depends_on).exists()


def _decode(data: bytes, path: Path) -> gpd.GeoDataFrame | None:
    try:
        geo = gpd.read_file(io.BytesIO(data))
    except Exception:  # a broken cache file is rebuilt, never trusted
        discard(path)
        return None
    for col in TEXT_COLUMNS:
        if col in geo:
            geo[col] = geo[col].astype(str)
    return geo


def _encode(geo: gpd.GeoDataFrame, name: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / name
        geo.to_file(file, driver="GeoJSON")
        return file.read_bytes()


def geometry(name: str, depends_on: tuple, make: Callable[[], gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """The geometry `name` made from `depends_on`: read from the cache when it holds it (as it
    was written: codes as text), else made by make() and kept."""
    path = geometry_path(name, depends_on)
    data = read(path)
    geo = _decode(data, path) if data is not None else None
    if geo is None:
        geo = make()
        write(path, _encode(geo, path.name))
    return geo
