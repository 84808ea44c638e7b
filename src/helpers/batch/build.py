"""`antt build`: check the inputs once, prepare what the notebooks share, run every job, and
write the manifest and the index."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from pathlib import Path

from .. import atomic, datasets, gazetteer, request, shapes
from ..paths import NOTEBOOKS_DIR, PROJECT_ROOT, maps_dir, reports_dir
from .console import duration, plural
from .dependencies import Digests
from .execute import INTERRUPTED, Runner
from .index import job_fields, manifest_entries, output_entry, output_stat, publish, read_manifest, rel_path
from .jobs import NATIONAL, SEED_PROVINCES, Job, plan_jobs, with_national

MAX_WARNINGS_SHOWN = 10


def default_out() -> Path:
    return PROJECT_ROOT


def check_writable(out: Path) -> None:
    """Refuse an output folder that cannot take the outputs, before any work: a file in its
    place, or a folder (or its nearest existing parent) this user cannot write into."""
    for folder in (out, reports_dir(out), maps_dir(out)):
        if folder.exists() and not folder.is_dir():
            raise ValueError(f"--out {out}: {folder} is a file, not a folder / đây là một tệp, không phải thư mục")
        existing = folder
        while not existing.exists():
            existing = existing.parent
        if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
            raise ValueError(f"--out {out}: cannot write into {existing} (permission denied) / "
                             "không có quyền ghi vào thư mục này")


def _prepare_geometry(name: str, vintage: str) -> tuple[str, float, str | None]:
    """Compute and cache the approximate geometry of a province (by slug) or of the country
    (NATIONAL), in a worker. Errors are returned, not raised: the notebook that needs the
    geometry reports them, the others go on."""
    from .. import shapes

    t0 = time.perf_counter()
    try:
        if name == NATIONAL:
            shapes.country(vintage)
        else:
            shapes.province(gazetteer.province(name, vintage))
        return name, time.perf_counter() - t0, None
    except Exception as exc:
        return name, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"


def _checked_data(src: datasets.Source, provinces: list[gazetteer.Province], years: list[int], units: str,
                  national_job: bool, log) -> object:
    """The data of the build's provinces on `units`, read and checked once (helpers.request:
    DataError or ValueError before any output is touched), shared with the notebooks; its
    warnings said."""
    dataset = request.build_data(src, provinces, years, units, national_job)
    datasets.share(dataset, src)
    for w in dataset.warnings[:MAX_WARNINGS_SHOWN]:
        print(f"antt build: {w}", file=log)
    if len(dataset.warnings) > MAX_WARNINGS_SHOWN:
        print(f"antt build: … {len(dataset.warnings) - MAX_WARNINGS_SHOWN} more warning(s) (antt validate lists "
              "them all); every output says the data is incomplete", file=log)
    return dataset


def _geometry_tasks(provinces: list[gazetteer.Province], year: int, units: str, boundary_file: Path | None,
                    national_job: bool, log) -> list[tuple]:
    """The geometry to compute before the notebooks (what the cache lacks); a boundary file is
    matched now, so that one missing a unit is refused before any output is written."""
    tasks: list[tuple] = []
    if national_job and not shapes.has_country(units):
        tasks.append((NATIONAL, units))  # first: the longest
    for prov in provinces:
        if boundary_file:
            communes = shapes.units(prov)
            drawn = shapes.drawn(prov, boundary_file, communes, shapes.groups(prov, communes), year)
            print(f"antt build: {prov.slug}: {drawn.source}", file=log)
        elif not shapes.has_province(prov):
            tasks.append((prov.slug, units))
    return tasks


def _up_to_date(job: Job, record: dict, previous: dict[str, dict], out: Path) -> bool:
    """Whether an output need not be rebuilt: its report (and map) were built fine from the very
    same inputs, and the files are still those the build wrote (same size and time)."""
    paths = [reports_dir(out) / job.report] + ([maps_dir(out) / job.map] if job.map else [])
    for path in paths:
        entry = previous.get(rel_path(path, out))
        if not entry or entry.get("status") != "ok" or entry.get("inputs") != record:
            return False
        if entry.get("file") != output_stat(path):
            return False
    return True


def plan_build(provinces: list[str], years: list[int] | None, data: str, bnd: str, vintage: str | None,
               force: bool, out: Path, notebooks_dir: Path, log) -> tuple:
    """Every job of the build with the record of its inputs, which of them to run (not up to
    date, or all with `force`), the geometry those need, and what the build covers."""
    previous = {e["path"]: e for e in read_manifest(out)["outputs"] if isinstance(e, dict) and "path" in e}
    run, skipped, tasks, built_on, dataset = [], [], [], {}, None
    src = datasets.source(data)
    boundary_file = Path(bnd) if bnd else None
    for units, ys in request.build_years(src, years, vintage).items():
        provs = list(request.build_provinces(provinces, units))
        requests = [request.for_build(provs, y, units, src, boundary_file) for y in ys]
        national_job = with_national(provs)
        dataset = _checked_data(src, provs, ys, units, national_job, log)
        digests = Digests(dataset, bnd)
        todo = []
        for job in plan_jobs(requests):
            record = digests.record(job, notebooks_dir)
            if not force and _up_to_date(job, record, previous, out):
                skipped.append(job)
            else:
                todo.append((job, record))
        needed = [p for p in provs if any(j.province == p.slug for j, _ in todo)]
        tasks += _geometry_tasks(needed, ys[-1] if ys else 0, units, boundary_file,
                                 any(j.province == NATIONAL for j, _ in todo), log)
        run += todo
        built_on[units] = {"provinces": [p.slug for p in provs], "years": ys}
    return run, skipped, tasks, built_on, dataset


@contextlib.contextmanager
def _terminate_as_interrupt():
    """SIGTERM (a service manager, `kill`) stops a build as Ctrl-C does; the previous handler
    is put back afterwards. Only the main thread can take signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupted_entries(jobs: list[Job], out: Path, previous: dict[str, dict], built: str) -> list[dict]:
    """The manifest's word on the outputs of jobs stopped before their result came. An output
    still the file the manifest knows keeps its entry; one that a stopped worker had already put
    in place (whole: a worker stops only between outputs) is recorded as built, without its
    inputs, so that the next build makes it again; a missing one has no entry."""
    entries = []
    for job in jobs:
        for kind, path in (("report", reports_dir(out) / job.report),
                           ("map", maps_dir(out) / job.map if job.map else None)):
            if path is None or not path.exists():
                continue
            key = rel_path(path, out)
            known = previous.get(key)
            if known and known.get("file") == output_stat(path):
                continue
            entries.append(output_entry(job_fields(job, None, built, None), kind, path, out, "ok", None, None,
                                        interrupted=True))
    return entries


def _places(tasks: list[tuple]) -> str:
    provinces = sum(1 for name, _ in tasks if name != NATIONAL)
    country = len(tasks) > provinces
    return " and ".join(filter(None, [plural(provinces, "province") if provinces else "",
                                      "the country" if country else ""]))


def _geometry_line(total: int, log):
    """What the build prints as each province's geometry is ready."""
    done = [0]

    def line(task: tuple, result: tuple) -> None:
        done[0] += 1
        name, seconds, err = result
        if log is None:
            return
        what = "the country" if name == NATIONAL else name
        text = f"  ERROR  geometry of {what}: {err}" if err else f"  ok     geometry of {what} ({seconds:.1f} s)"
        print(f"{text}  [{done[0]}/{total}]", file=log, flush=True)

    return line


def build(provinces: list[str] | None = None, years: list[int] | None = None, data: str | None = None,
          boundaries: str | None = None, out: Path | None = None, n_jobs: int | None = None,
          log=sys.stderr, notebooks_dir: Path = NOTEBOOKS_DIR, vintage: str | None = None,
          force: bool = False, clear_cache: bool = False) -> int:
    """`antt build`: every report, the maps, index.html and manifest.json. Returns the exit code
    (0: all ok; 1: some output failed). Bad data is refused before anything is written.

    `provinces`: slugs, codes or names, or "all" (every province of the units a year is built
    on). `vintage`: None builds each year on the units it is assessed on (helpers.request.build_years).
    An output whose inputs (helpers.batch.dependencies) are those it was built from is skipped, unless
    `force`; a build with nothing to do writes nothing. Work shared by the notebooks is done
    once, before them: the data is read and checked, boundary files matched, and the approximate
    geometry of every province (and of the country) computed in parallel into the store
    (helpers.store) the notebooks read. The store is trusted by content (each entry keyed by
    what it is computed from, checked against its bytes), so `force` keeps it; `clear_cache`
    empties it first, and everything is computed again.

    Interrupted (Ctrl-C, SIGTERM): the workers stop at once, every output on disk is whole (the
    old or the new file), the manifest and index describe what is on disk, and
    KeyboardInterrupt is raised again."""
    with _terminate_as_interrupt():
        return _build(provinces, years, data, boundaries, out, n_jobs, log, notebooks_dir, vintage, force, clear_cache)


def _build(provinces, years, data, boundaries, out, n_jobs, log, notebooks_dir, vintage, force, clear_cache) -> int:
    from .. import render
    from ..paths import resolve

    t0 = time.perf_counter()
    out = Path(out).resolve() if out else default_out()
    check_writable(out)
    for folder in (reports_dir(out), maps_dir(out)):  # what a build killed mid-write left
        atomic.sweep(folder)
    print(f"antt build: reading and checking the data ({data or 'the demo data'}) …", file=log, flush=True)
    vintage = request.check_vintage(vintage)
    provinces = list(provinces or SEED_PROVINCES)
    data_str = str(resolve(data)) if data else ""
    bnd = str(resolve(boundaries)) if boundaries else ""
    if clear_cache:  # everything from the sources: the computed geometry too
        from .. import store

        removed = store.clear()
        print(f"antt build: --clear-cache: {removed} cached file(s) removed, the geometry is computed again", file=log)
    # the workers fork once the data is read and checked, and only if there is something to run;
    with Runner(n_jobs, notebooks_dir) as runner:  # its size is set once the work is known
        todo, skipped, tasks, built_on, dataset = plan_build(provinces, years, data_str, bnd, vintage, force, out,
                                                        Path(notebooks_dir), log)
        if skipped:
            print(f"antt build: {_outputs(skipped)} up to date, skipped (their inputs have not changed; --force "
                  "rebuilds them)", file=log)
        if not todo:
            print(f"antt build: nothing to rebuild ({time.perf_counter() - t0:.1f} s); index: "
                  f"{reports_dir(out) / 'index.html'}", file=log)
            return 0
        jobs = [j for j, _ in todo]
        runner.n_jobs = max(1, min(n_jobs or os.cpu_count() or 1, len(jobs) + len(tasks)))  # before the fork
        print(f"antt build: {_outputs(jobs)} to build, {runner.n_jobs} worker(s) → {out}", file=log)
        t_geo = time.perf_counter()
        if tasks:
            print(f"antt build: first the approximate geometry of {_places(tasks)}, computed once and kept "
                  "for the next builds …", file=log, flush=True)
        prepared = runner.map(_prepare_geometry, tasks, each=_geometry_line(len(tasks), log))
        t_geo = time.perf_counter() - t_geo
        t_prep = time.perf_counter() - t0
        results = runner.run(jobs, out, log)
    built = render.build_time().isoformat()
    data_name = dataset.name + (" (minh họa)" if dataset.illustrative and "minh họa" not in dataset.name else "")
    finished = [i for i, r in enumerate(results) if r.status != INTERRUPTED]
    entries = manifest_entries([jobs[i] for i in finished], [results[i] for i in finished], out, built, data_name,
                               [todo[i][1] for i in finished])
    stopped = [jobs[i] for i, r in enumerate(results) if r.status == INTERRUPTED]
    if stopped:
        previous = {e["path"]: e for e in read_manifest(out)["outputs"] if isinstance(e, dict) and "path" in e}
        entries += _interrupted_entries(stopped, out, previous, built)
    meta = {"provinces": [p for g in built_on.values() for p in g["provinces"]],
            "years": sorted(y for g in built_on.values() for y in g["years"]), "units": built_on,
            "data": data_name, "illustrative": dataset.illustrative,
            "boundaries": Path(bnd).name if bnd else "gần đúng",
            "built": built, "workers": runner.n_jobs, "prepare_seconds": round(t_prep, 2),
            "geometry_seconds": round(t_geo, 2),
            "geometry_computed": {name: round(sec, 2) for name, sec, _ in prepared},
            "rebuilt": len(jobs), "skipped": [j.report for j in skipped],
            "wall_seconds": round(time.perf_counter() - t0, 2), "interrupted": runner.interrupted}
    publish(entries, out, meta)
    failed = [r for r in results if r.status not in ("ok", INTERRUPTED)]
    made = [j for j, r in zip(jobs, results) if r.status == "ok"]
    if runner.interrupted:
        print(f"antt build: interrupted after {duration(time.perf_counter() - t0)}: {_outputs(made)} built, "
              f"{plural(len(stopped), 'report')} not built (the previous files, if any, are kept); the manifest "
              "describes what is on disk / đã dừng giữa chừng", file=log)
        raise KeyboardInterrupt
    print(f"antt build: {_outputs(made)} built, {plural(len(failed), 'report')} failed"
          f"{f', {len(skipped)} up to date' if skipped else ''}, {duration(time.perf_counter() - t0)}; "
          f"index: {reports_dir(out) / 'index.html'}", file=log)
    return 1 if failed else 0


def _outputs(jobs: list[Job]) -> str:
    """'3 reports and 2 maps'."""
    maps = sum(1 for j in jobs if j.map)
    return plural(len(jobs), "report") + (f" and {plural(maps, 'map')}" if maps else "")
