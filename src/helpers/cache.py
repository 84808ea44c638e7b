"""The on-disk cache of computed geometry: files that are data, never code, each kept beside
the digest of its bytes and verified on every read.

A cache file is trusted only if its folder is the user's own (one that others could write into
is made private and emptied first) and its bytes match the digest written with it: a file
altered on disk (a flipped bit, an edit, a copy from elsewhere) is reported and rebuilt, never
used. Keys are made by the callers from the content of what a file depends on
(helpers.digests), not from file times.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys
from pathlib import Path

from . import atomic
from .paths import CACHE_DIR

DIGEST_SUFFIX = ".sha256"


def _say(message: str) -> None:
    print(f"antt: {message}", file=sys.stderr)


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


def usable(path: Path) -> bool:
    """Whether the cache may hold `path`: the cache folder and the file's folder are this user's
    own; otherwise the cache is not used (said once), and everything is computed again."""
    folders = {CACHE_DIR, path.parent}
    if all(_safe(f) for f in folders):
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
    if not path.exists() or not usable(path):
        return None
    try:
        data = path.read_bytes()
        expected = Path(str(path) + DIGEST_SUFFIX).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        expected, data = "", b""
    if hashlib.sha256(data).hexdigest() == expected:
        return data
    _say(f"tệp bộ nhớ đệm {path.name} đã bị thay đổi hoặc không đầy đủ: được tính lại. "
         f"(the cache file {path} does not match its digest: computed again)")
    discard(path)
    return None


def write(path: Path, data: bytes) -> None:
    """Keep `data` in the cache with its digest (each written whole); a cache that cannot be
    written only makes the next run slower."""
    try:
        if not usable(path):
            return
        atomic.write(path, data)
        atomic.write(Path(str(path) + DIGEST_SUFFIX), hashlib.sha256(data).hexdigest() + "\n")
    except OSError:
        pass


def discard(path: Path) -> None:
    for p in (path, Path(str(path) + DIGEST_SUFFIX)):
        try:
            p.unlink()
        except OSError:
            pass


def clear(folder: Path = CACHE_DIR) -> int:
    """Remove every file of the cache (`antt build --force`: everything computed again from
    the sources); returns how many were removed."""
    if not folder.is_dir():
        return 0
    n = sum(1 for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder, ignore_errors=True)
    return n
