"""What a build leaves beside its outputs: manifest.json (one entry per output) and index.html
(the landing page, in Vietnamese, linking every report and map).

The manifest and the index of an output folder describe every output in it, not only the last
build's: a build merges its entries into the folder's manifest by output path (entries of other
builds are kept, marked with the time they were built, while their file exists), under a lock,
so that two builds into the same folder at once keep each other's entries.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from .. import __version__, atomic, render
from ..names import sort_key
from ..paths import reports_dir
from .jobs import NATIONAL, Job, Result

MANIFEST, INDEX, LOCK = "manifest.json", "index.html", ".antt-build.lock"


def output_stat(path: Path) -> list[int] | None:
    """Size and modification time (ns) of an output file, or None: a later build rebuilds an
    output whose file is gone or is no longer the one it wrote."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def manifest_entries(jobs: list[Job], results: list[Result], out: Path, built: str, data: str,
                     records: list[dict] | None = None) -> list[dict]:
    """One entry per output of this build: each report, and each map its notebook makes, with
    the record of the inputs it was built from (helpers.batch.dependencies) and its file's stat."""
    entries = []
    for i, (job, res) in enumerate(zip(jobs, results, strict=True)):
        common = job_fields(job, res.seconds, built, data, res.province, res.year, res.notebook)
        inputs = records[i] if records and res.status == "ok" else None
        entries.append(output_entry(common, "report", Path(res.path), out, res.status, res.error, inputs,
                                    timings={k: round(v, 2) for k, v in res.timings.items()}))
        if job.map:
            path = Path(res.map_path)
            ok = res.status == "ok" and path.exists()
            entries.append(output_entry(common, "map", path, out, "ok" if ok else "error",
                                        None if ok else (res.error or "map not written"), inputs if ok else None))
    return entries


def job_fields(job: Job, seconds: float | None, built: str, data: str | None, province: str | None = None,
               year: int | None = None, notebook: str | None = None) -> dict:
    """What every manifest entry says of the job that made it."""
    return {"province": province or job.province, "label": job.label, "year": year or job.year,
            "notebook": notebook or job.notebook, "seconds": seconds, "built": built, "data": data}


def output_entry(common: dict, kind: str, path: Path, out: Path, status: str, error: str | None,
                 inputs: dict | None, **extra) -> dict:
    """The manifest entry of one output file (a report or a map): the one shape of every entry,
    a finished build's and an interrupted one's alike."""
    return {**common, "kind": kind, "path": rel_path(path, out), "status": status, "error": error, **extra,
            "inputs": inputs, "file": output_stat(path) if status == "ok" else None}


def rel_path(path: Path, out: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(out).resolve()))
    except ValueError:
        return str(path)


@contextlib.contextmanager
def folder_lock(folder: Path):
    """An exclusive lock on an output folder's manifest and index (fcntl; none where it is missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: builds into one folder must not overlap
        yield
        return
    with open(folder / LOCK, "a+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def read_manifest(out: Path) -> dict:
    """The folder's manifest, or an empty one (a missing or unreadable manifest is rebuilt)."""
    path = reports_dir(out) / MANIFEST
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return doc if isinstance(doc, dict) and isinstance(doc.get("outputs"), list) else {"outputs": []}
    except (OSError, ValueError):
        return {"outputs": []}


def merge(previous: list[dict], entries: list[dict], out: Path) -> list[dict]:
    """This build's entries over the previous ones, by output path. A previous entry stays while
    its file exists (or as a recorded failure); entries are ordered by path."""
    merged = {}
    for e in previous:
        if isinstance(e, dict) and "path" in e and ((Path(out) / e["path"]).exists() or e.get("status") != "ok"):
            merged[e["path"]] = e
    for e in entries:
        merged[e["path"]] = e
    return [merged[k] for k in sorted(merged)]


def publish(entries: list[dict], out: Path, meta: dict) -> list[dict]:
    """Merge this build's entries into the folder's manifest and index, atomically and under the
    folder's lock. Returns every entry of the folder."""
    with folder_lock(reports_dir(out)):
        merged = merge(read_manifest(out)["outputs"], entries, out)
        write_manifest(merged, out, meta)
        write_index(merged, out, meta)
    return merged


def write_manifest(entries: list[dict], out: Path, meta: dict) -> Path:
    doc = {"generator": f"ANTT Workbook {__version__}", **meta, "outputs": entries}
    return atomic.write(reports_dir(out) / MANIFEST, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


KIND_WORDS = {"report": "Báo cáo", "map": "Bản đồ"}


def write_index(entries: list[dict], out: Path, meta: dict) -> Path:
    """The landing page: every report and map of the folder, by province and year, each link
    named by what it opens; outputs of earlier builds say when they were built."""
    from .. import assets

    rows: dict[tuple, dict] = {}
    for e in entries:
        key = (e["province"], e["year"])
        label = e.get("label") or e["province"]
        row = rows.setdefault(key, {"province": e["province"], "name": label, "year": e["year"], "reports": [],
                                    "maps": [], "earlier": None})
        year = f", năm {e['year']}" if e.get("year") else ""
        link = {"href": os.path.relpath(Path(out) / e["path"], reports_dir(out)), "status": e["status"],
                "error": e["error"], "text": f"{KIND_WORDS[e['kind']]} {label}{year}"}
        row["maps" if e["kind"] == "map" else "reports"].append(link)
        if e.get("built") and e.get("built") != meta.get("built"):
            row["earlier"] = _when(e["built"])
    page = render.template("index.html.j2").render(
        rows=sorted(rows.values(), key=_index_order),
        built=render.format_time(render.build_time()), meta=meta, css=assets.own("page.css") + assets.own("report.css"),
        version=__version__, failed=sum(e["status"] != "ok" for e in entries))
    return atomic.write(reports_dir(out) / INDEX, page)


def _when(iso: str) -> str:
    from datetime import datetime

    try:
        return render.format_time(datetime.fromisoformat(iso))
    except ValueError:
        return iso


def _index_order(row: dict) -> tuple:
    """The national overview first, then provinces by name (without Tỉnh / Thành phố), then
    comparisons; years in order."""
    name = str(row["name"])
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    kind = 0 if str(row["province"]).startswith(NATIONAL) else (2 if "+" in str(row["province"]) else 1)
    return kind, sort_key(name), row["year"] or 0
