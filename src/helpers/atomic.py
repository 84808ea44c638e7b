"""Every output file is written whole or not at all.

A file is written under an unpredictable temporary name in its own folder (created
exclusively, so no other process or link can be written through), then renamed over the
target: a reader sees the old file or the new one, never half of one, and a failure leaves the
old file as it was. One writer for every output of the workbook.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()  # what open() would give a new file


def write(path: Path | str, data: str | bytes) -> Path:
    """Write `data` (text as UTF-8) to `path` atomically; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def install(finished: Path | str, path: Path | str) -> Path:
    """Put a finished file (e.g. written in a job's temporary folder) in place of `path`,
    atomically, and remove it from where it was."""
    finished, path = Path(finished), Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    try:
        shutil.copyfile(finished, tmp)
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finished.unlink(missing_ok=True)
    return path


STALE_AFTER_S = 15 * 60  # a temporary file this old was left by a writer that was killed


def sweep(folder: Path | str, older_than_s: float = STALE_AFTER_S) -> int:
    """Remove the temporary files that writers killed mid-write (SIGKILL, a power cut) left in
    a folder; those of a writer that may still be at work (younger than `older_than_s`) are
    left. Returns how many were removed."""
    import time

    removed = 0
    limit = time.time() - older_than_s
    try:
        candidates = list(Path(folder).glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    for tmp in candidates:
        try:
            if tmp.is_file() and not tmp.is_symlink() and tmp.stat().st_mtime < limit:
                tmp.unlink()
                removed += 1
        except OSError:
            pass
    return removed
