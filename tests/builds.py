"""What the build tests and the benchmarks do to a finished build: a copy whose every output
must be built again, and the processes of a build's process group (Linux /proc)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path


def stale_copy(build: Path, out: Path) -> None:
    """A copy of a build whose every output must be built again (as after a change of the code):
    the manifest's record of their inputs no longer matches. `out` is replaced if it exists."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(build, out)
    manifest = out / "reports" / "manifest.json"
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in doc["outputs"]:
        entry["inputs"] = {**(entry.get("inputs") or {}), "code": "changed"}
    manifest.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def processes_in_group(pgid: int) -> list[int]:
    """The live (not zombie) processes of a process group, this one left out."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return [p for p in pids if p != os.getpid()]
