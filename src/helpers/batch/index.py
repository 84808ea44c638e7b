"""What a build leaves beside its outputs: manifest.json (one entry per output) and index.html
(the landing page, in Vietnamese, linking every report and map)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import __version__, atomic, render
from ..names import fold
from ..paths import reports_dir
from .jobs import NATIONAL, Job, Result


def manifest_entries(jobs: list[Job], results: list[Result], out: Path) -> list[dict]:
    """One entry per output: each report, and each map its notebook writes."""
    entries = []
    for job, res in zip(jobs, results):
        entries.append({"province": res.province, "year": res.year, "notebook": res.notebook, "kind": "report",
                        "path": _rel(Path(res.path), out), "status": res.status, "seconds": res.seconds,
                        "error": res.error, "timings": {k: round(v, 2) for k, v in res.timings.items()}})
        if job.map:
            path = Path(res.map_path)
            ok = res.status == "ok" and path.exists()
            entries.append({"province": res.province, "year": res.year, "notebook": res.notebook, "kind": "map",
                            "path": _rel(path, out), "status": "ok" if ok else "error", "seconds": res.seconds,
                            "error": None if ok else (res.error or "map not written")})
    return entries


def _rel(path: Path, out: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(out).resolve()))
    except ValueError:
        return str(path)


def write_manifest(entries: list[dict], out: Path, meta: dict) -> Path:
    doc = {"generator": f"ANTT Workbook {__version__}", **meta, "outputs": entries}
    return atomic.write(reports_dir(out) / "manifest.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def write_index(entries: list[dict], out: Path, meta: dict, titles: dict[str, str]) -> Path:
    """The landing page: provinces, years, reports, maps, and the time of the build."""
    from .. import assets

    rows: dict[tuple, dict] = {}
    for e in entries:
        key = (e["province"], e["year"])
        row = rows.setdefault(key, {"province": e["province"], "name": titles.get(e["province"], e["province"]),
                                    "year": e["year"], "reports": [], "maps": []})
        link = {"href": os.path.relpath(Path(out) / e["path"], reports_dir(out)), "status": e["status"],
                "error": e["error"], "name": Path(e["path"]).name}
        row["maps" if e["kind"] == "map" else "reports"].append(link)
    page = render.template("index.html.j2").render(
        rows=sorted(rows.values(), key=_index_order),
        built=render.format_time(render.build_time()), meta=meta, css=assets.own("page.css") + assets.own("report.css"),
        version=__version__, failed=sum(e["status"] != "ok" for e in entries))
    return atomic.write(reports_dir(out) / "index.html", page)


def _index_order(row: dict) -> tuple:
    """The national overview first, then provinces by name (without Tỉnh / Thành phố), then
    comparisons; years in order."""
    name = str(row["name"])
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    kind = 0 if row["province"] == NATIONAL else (2 if "+" in str(row["province"]) else 1)
    return kind, fold(name), row["year"] or 0
