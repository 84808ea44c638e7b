"""The batch: run the notebooks for every province and year, render them to HTML, index them.

Each job runs one notebook with papermill's Python API in a worker process (a pool of
`--jobs` workers), renders it with nbconvert's HTMLExporter without code, and writes the
report through a temporary name renamed into place. A failing job leaves the other outputs
(and any earlier version of its own report) intact; its error goes to the manifest and stderr.
Work shared by every job (geometry) is done once in the parent before the pool starts.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import __version__
from .paths import ASSETS_DIR, NOTEBOOKS_DIR, PROJECT_ROOT, maps_dir, reports_dir

KERNEL = "python3"
START_RETRIES = 3


@dataclass
class Job:
    notebook: str  # file name under notebooks/
    parameters: dict
    report: str  # report file name under <out>/reports/
    title: str
    province: str
    year: int | None
    maps: list[str] = field(default_factory=list)  # map files (under <out>/maps/) the notebook writes


@dataclass
class Result:
    province: str
    year: int | None
    notebook: str
    path: str
    status: str  # ok | error
    seconds: float
    error: str | None = None
    kind: str = "report"
    timings: dict = field(default_factory=dict)


class ParameterError(ValueError):
    """A job passes a parameter its notebook does not declare."""


def declared_parameters(notebook: Path) -> dict:
    """The parameters a notebook declares in its cell tagged `parameters`."""
    import papermill

    return papermill.inspect_notebook(str(notebook))


def check_parameters(job: Job, notebooks_dir: Path = NOTEBOOKS_DIR) -> None:
    """Refuse unknown parameters before any kernel starts (papermill would only warn)."""
    path = notebooks_dir / job.notebook
    if not path.exists():
        raise ParameterError(f"notebook {path} not found")
    known = declared_parameters(path)
    unknown = sorted(set(job.parameters) - set(known))
    if unknown:
        raise ParameterError(f"{job.notebook}: unknown parameter(s) {', '.join(unknown)}; "
                             f"it declares {', '.join(known) or 'none'}")


# ---------------------------------------------------------------- warm kernels

MAX_REUSE = 25  # notebooks per kernel, to bound its memory
RESET = "get_ipython().reset(new_session=False)"
WARMUP = ("import helpers.sections, helpers.workbook, helpers.gazetteer\n"
          "helpers.gazetteer.communes(); helpers.gazetteer.districts()  # read-only tables, cached")


class KernelPool:
    """Pre-started kernels that have already imported the helpers (as Voilà's pre-heated kernels).

    A kernel is started and warmed in the background, so a job pays neither the kernel start
    nor the imports. After a notebook succeeds, its kernel's namespace is reset (IPython's
    reset: variables go, modules and read-only caches stay) and it runs the worker's next
    notebook, up to MAX_REUSE notebooks; a kernel whose notebook failed is discarded. A notebook
    therefore always starts with an empty namespace, as in a fresh kernel.
    """

    def __init__(self, cwd: str):
        import threading

        self.cwd = cwd
        self._lock = threading.Lock()
        self._next = None
        self._thread = None
        self._tmp = tempfile.mkdtemp(prefix="antt-kernels-")
        self._count = 0
        self._uses: dict[int, int] = {}
        self._prepare()

    def _start(self):
        from jupyter_client import BlockingKernelClient, KernelManager

        self._count += 1
        t0 = time.perf_counter()
        km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(self._tmp, f"k{self._count}"))
        km.client_class = "jupyter_client.asynchronous.AsyncKernelClient"  # what nbclient expects
        km.start_kernel(cwd=self.cwd, env=dict(os.environ))
        kc = BlockingKernelClient()
        kc.load_connection_info(km.get_connection_info())
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            kc.execute_interactive(WARMUP, timeout=300, store_history=False, output_hook=lambda msg: None)
        finally:
            kc.stop_channels()
        km.antt_start_seconds = time.perf_counter() - t0  # start and warm-up, for the manifest
        return km

    def _prepare(self) -> None:
        import threading

        def work():
            try:
                km = self._start()
            except Exception:  # a failed warm-up falls back to papermill's own kernel start
                km = None
            with self._lock:
                self._next = km

        self._thread = threading.Thread(target=work, daemon=True)
        self._thread.start()

    def take(self):
        """A warm kernel manager (or None if warming failed)."""
        if self._thread is None and self._next is None:
            self._prepare()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self._lock:
            km, self._next = self._next, None
        return km

    def give_back(self, km, ok: bool, more: bool) -> None:
        """After a notebook: keep a kernel whose notebook succeeded (namespace reset) for the next
        one; otherwise shut it down and, when more jobs may follow, warm a new one."""
        from jupyter_client import BlockingKernelClient

        if km is not None and ok and more and self._uses.get(id(km), 1) < MAX_REUSE:
            kc = BlockingKernelClient()
            kc.load_connection_info(km.get_connection_info())
            kc.start_channels()
            try:
                reply = kc.execute_interactive(RESET, timeout=60, store_history=False, output_hook=lambda msg: None)
                if reply["content"]["status"] == "ok":
                    self._uses[id(km)] = self._uses.get(id(km), 1) + 1
                    km.antt_start_seconds = 0.0  # the next notebook pays no start
                    with self._lock:
                        self._next = km
                    return
            except Exception:
                pass
            finally:
                kc.stop_channels()
        if km is not None:
            self._uses.pop(id(km), None)
            km.shutdown_kernel(now=True)
        if more:
            self._prepare()

    def close(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._next is not None:
            self._next.shutdown_kernel(now=True)
            self._next = None
        import shutil

        shutil.rmtree(self._tmp, ignore_errors=True)


_POOL: KernelPool | None = None


def _pool(notebooks_dir: str) -> KernelPool:
    global _POOL
    if _POOL is None or _POOL.cwd != notebooks_dir:
        if _POOL is not None:
            _POOL.close()
        _POOL = KernelPool(notebooks_dir)
        import atexit

        atexit.register(_close_pool)
    return _POOL


def _close_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL.close()
        _POOL = None


# ---------------------------------------------------------------- one job (in a worker)

def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor

    class ForReaders(Preprocessor):
        """Leaders never see parameters, warnings or tracebacks: drop the parameter cells, stderr
        streams and error outputs; number the cells so that ids are stable from run to run."""

        def preprocess(self, nb, resources):
            hidden = {"parameters", "injected-parameters"}
            nb.cells = [c for c in nb.cells if not hidden & set(c.get("metadata", {}).get("tags", []))]
            for i, cell in enumerate(nb.cells):
                cell["id"] = f"c{i:03d}"
                if cell.get("cell_type") == "code":
                    cell.outputs = [o for o in cell.get("outputs", [])
                                    if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                                    and o.get("output_type") != "error"]
            return nb, resources

    exp = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                       exclude_output_prompt=True)
    exp.register_preprocessor(ForReaders(), enabled=True)
    return exp


def render_html(nb, title: str) -> str:
    """A standalone report page (no code, no CDN) from an executed notebook."""
    from .report import page

    body, _ = _exporter().from_notebook_node(nb)
    return page(body, title)


def _is_start_failure(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}"
    return any(s in text for s in ("ZMQError", "Address already in use", "Kernel didn't respond",
                                   "Kernel died before replying", "TimeoutError"))


def run_job(job: Job, out: str, notebooks_dir: str = str(NOTEBOOKS_DIR), warm: bool = True,
            more: bool = True) -> Result:
    """Execute one notebook and write its report. Never raises: failures become a Result.
    With `warm`, the notebook runs in a pre-started kernel from this process's KernelPool."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from .report import write

    start = time.perf_counter()
    target = reports_dir(out) / job.report
    timings: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="antt-") as tmp:
            executed = Path(tmp) / job.notebook
            for attempt in range(START_RETRIES):
                t0 = time.perf_counter()
                pool = _pool(notebooks_dir) if warm else None
                km = pool.take() if pool else None
                timings["kernel_wait"] = time.perf_counter() - t0
                timings["kernel_start"] = getattr(km, "antt_start_seconds", 0.0)  # in the background
                ok = False
                try:
                    t0 = time.perf_counter()
                    nb = papermill.execute_notebook(
                        str(Path(notebooks_dir) / job.notebook), str(executed), parameters=job.parameters,
                        kernel_name=KERNEL, progress_bar=False, log_output=False, cwd=notebooks_dir,
                        start_timeout=120, execution_timeout=900, request_save_on_cell_execute=False, km=km)
                    timings["execute"] = time.perf_counter() - t0
                    ok = True
                    break
                except PapermillExecutionError:
                    raise
                except Exception as exc:  # kernel start races (papermill #511): retry
                    if attempt + 1 < START_RETRIES and _is_start_failure(exc):
                        time.sleep(0.5 * (attempt + 1))
                        continue
                    raise
                finally:
                    if pool is not None:
                        pool.give_back(km, ok, more)
            t0 = time.perf_counter()
            html = render_html(nb, job.title)
            timings["convert"] = time.perf_counter() - t0
            write(target, html)
        return Result(job.province, job.year, job.notebook, str(target), "ok",
                      round(time.perf_counter() - start, 2), timings=timings)
    except PapermillExecutionError as exc:
        err = f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"
    except Exception as exc:  # the batch goes on; the manifest carries the error
        err = f"{type(exc).__name__}: {exc}"
        if os.environ.get("ANTT_DEBUG"):
            traceback.print_exc()
    return Result(job.province, job.year, job.notebook, str(target), "error",
                  round(time.perf_counter() - start, 2), err, timings=timings)


def _worker_init(notebooks_dir: str) -> None:
    # once per worker, not once per job: the first warm kernel starts now; a pool worker ends
    # with os._exit (no atexit), so its spare kernel is shut down by a multiprocessing finalizer
    from multiprocessing import util

    _pool(notebooks_dir)
    util.Finalize(None, _close_pool, exitpriority=10)


class Runner:
    """A pool of `n_jobs` worker processes, each with a warm kernel ready.

    Open it early (`with Runner(...) as r:`): the workers fork and start their kernels while the
    caller prepares the shared inputs; then `r.run(jobs)` runs the notebooks.
    """

    def __init__(self, n_jobs: int | None = None, notebooks_dir: Path = NOTEBOOKS_DIR):
        self.n_jobs = max(1, n_jobs or os.cpu_count() or 1)
        self.notebooks_dir = Path(notebooks_dir)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Runner":
        # jsonschema imports rfc3987_syntax, if installed (jupyterlab brings it), for an IRI format
        # check notebooks never use; building its grammar costs 1.3 s per process
        sys.modules.setdefault("rfc3987_syntax", None)
        import nbconvert  # noqa: F401  (imported before the fork: the workers share them)
        import papermill  # noqa: F401

        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        os.environ.setdefault("MPLBACKEND", "Agg")
        if self.n_jobs > 1:
            # fork where available: workers start in milliseconds, and scripts need no
            # `if __name__ == "__main__"` guard; no kernel or thread exists yet to inherit
            ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.n_jobs, mp_context=ctx, initializer=_worker_init,
                                             initargs=(str(self.notebooks_dir),))
            for f in [self._pool.submit(_noop) for _ in range(self.n_jobs)]:
                f.result()  # every worker is up and warming its first kernel
        else:
            _pool(str(self.notebooks_dir))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        else:
            _close_pool()

    def map(self, fn, items: list[tuple]) -> list:
        """fn(*item) for each item, in the workers (in order of submission), results in order.
        For work shared by the notebooks that is best done before them, in parallel."""
        if self._pool is None:
            return [fn(*item) for item in items]
        futures = [self._pool.submit(fn, *item) for item in items]
        return [f.result() for f in futures]

    def run(self, jobs: list[Job], out: Path, log=sys.stderr) -> list[Result]:
        """Run jobs; results in job order. Unknown parameters are refused before any job runs."""
        for job in jobs:
            check_parameters(job, self.notebooks_dir)
        results: list[Result | None] = [None] * len(jobs)
        if self._pool is None:
            for i, job in enumerate(jobs):
                results[i] = run_job(job, str(out), str(self.notebooks_dir), more=i + 1 < len(jobs))
                _log(results[i], log)
            return results  # type: ignore[return-value]
        # the last n_jobs jobs are, roughly, each worker's last: they need no next kernel
        futures = {self._pool.submit(run_job, job, str(out), str(self.notebooks_dir), True,
                                     i < len(jobs) - self.n_jobs): i
                   for i, job in enumerate(jobs)}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                results[i] = fut.result()
            except Exception as exc:  # a worker died
                job = jobs[i]
                results[i] = Result(job.province, job.year, job.notebook, str(reports_dir(out) / job.report),
                                    "error", 0.0, f"{type(exc).__name__}: {exc}")
            _log(results[i], log)
        return results  # type: ignore[return-value]


def _noop() -> None:
    return None


def run(jobs: list[Job], out: Path, n_jobs: int | None = None, notebooks_dir: Path = NOTEBOOKS_DIR,
        log=sys.stderr) -> list[Result]:
    """Run jobs in parallel (`n_jobs` workers, default: the number of cores); results in job order."""
    for job in jobs:
        check_parameters(job, notebooks_dir)
    with Runner(min(n_jobs or os.cpu_count() or 1, len(jobs) or 1), notebooks_dir) as runner:
        return runner.run(jobs, out, log)


def _log(result: Result, log) -> None:
    if log is None:
        return
    if result.status == "ok":
        print(f"  ok     {Path(result.path).name} ({result.seconds:.1f} s)", file=log)
    else:
        print(f"  ERROR  {Path(result.path).name}: {result.error}", file=log)


# ---------------------------------------------------------------- manifest and index

def manifest_entries(jobs: list[Job], results: list[Result], out: Path) -> list[dict]:
    """One entry per output: each report, and each map its notebook writes."""
    entries = []
    for job, res in zip(jobs, results):
        entries.append({"province": res.province, "year": res.year, "notebook": res.notebook, "kind": "report",
                        "path": _rel(Path(res.path), out), "status": res.status, "seconds": res.seconds,
                        "error": res.error, "timings": {k: round(v, 2) for k, v in res.timings.items()}})
        for name in job.maps:
            path = maps_dir(out) / name
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
    from .maps import write_atomic

    doc = {"generator": f"ANTT Workbook {__version__}", **meta, "outputs": entries}
    return write_atomic(reports_dir(out) / "manifest.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def write_index(entries: list[dict], out: Path, meta: dict, titles: dict[str, str]) -> Path:
    """The landing page: provinces, years, reports, maps, and the time of the build."""
    from . import assets, report
    from .maps import write_atomic

    env = Environment(loader=FileSystemLoader(str(ASSETS_DIR)), autoescape=select_autoescape(["html", "j2"]))
    rows: dict[tuple, dict] = {}
    for e in entries:
        key = (e["province"], e["year"])
        row = rows.setdefault(key, {"province": e["province"], "name": titles.get(e["province"], e["province"]),
                                    "year": e["year"], "reports": [], "maps": []})
        link = {"href": os.path.relpath(Path(out) / e["path"], reports_dir(out)), "status": e["status"],
                "error": e["error"], "name": Path(e["path"]).name}
        row["maps" if e["kind"] == "map" else "reports"].append(link)
    page = env.get_template("index.html.j2").render(
        rows=sorted(rows.values(), key=_index_order),
        built=report.format_time(report.build_time()), meta=meta, css=assets.own("report.css"),
        version=__version__, failed=sum(e["status"] != "ok" for e in entries))
    return write_atomic(reports_dir(out) / "index.html", page)


def _index_order(row: dict) -> tuple:
    """The national overview first, then provinces by name (without Tỉnh / Thành phố), then
    comparisons; years in order."""
    from .names import fold

    name = str(row["name"])
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    kind = 0 if row["province"] == NATIONAL else (2 if "+" in str(row["province"]) else 1)
    return kind, fold(name), row["year"] or 0


def default_out() -> Path:
    return PROJECT_ROOT


# ---------------------------------------------------------------- antt build

SEED_PROVINCES = ("tuyen-quang", "gia-lai")


MAX_COMPARED = 4  # a side-by-side comparison stays readable up to this many provinces
NATIONAL_FROM = MAX_COMPARED + 1  # from this many provinces on, the build adds the national overview
NATIONAL = "national"


def with_national(provinces: list[str]) -> bool:
    """Whether a build of these provinces adds the national overview."""
    return len(provinces) >= NATIONAL_FROM


def national_report_name(year: int, vintage: str = "legacy") -> str:
    return f"national{'-v2025' if vintage == '2025' else ''}-{int(year)}.html"


def plan_jobs(provinces: list[str], years: list[int], data: str, boundaries: str, out: Path,
              vintage: str = "legacy") -> list[Job]:
    """The jobs of a build, in the order they start: the national overview (notebook 03) when
    the build covers NATIONAL_FROM provinces or more (first: it is the longest); notebook 01 for
    every province and year; and (legacy units) notebook 02 comparing the provinces, when there
    are two to four of them, for every year."""
    from . import gazetteer
    from .workbook import output_name

    jobs = []
    units = " (đơn vị hành chính từ 01/7/2025)" if vintage == "2025" else ""
    if with_national(provinces):
        for year in years:
            name = national_report_name(year, vintage)
            jobs.append(Job(
                notebook="03_national_overview.ipynb",
                parameters={"year": int(year), "data": data, "vintage": vintage, "provinces": list(provinces),
                            "out": str(out)},
                report=name, title=f"Toàn quốc{units} — năm {year}: tiêu chí an ninh, trật tự",
                province=NATIONAL, year=int(year), maps=[name]))
    for ref in provinces:
        p = gazetteer.province(ref, vintage)
        for year in years:
            name = output_name(p.slug, vintage, year)
            jobs.append(Job(
                notebook="01_commune_attainment.ipynb",
                parameters={"province": p.slug, "year": int(year), "data": data, "boundaries": boundaries,
                            "out": str(out), "vintage": vintage},
                report=name, title=f"{p.name}{units} — năm {year}: tiêu chí an ninh, trật tự",
                province=p.slug, year=int(year), maps=[name]))
    if vintage == "legacy" and 2 <= len(provinces) <= MAX_COMPARED:
        slugs = [gazetteer.province(p).slug for p in provinces]
        names = " – ".join(gazetteer.province(p).short_name for p in provinces)
        for year in years:
            jobs.append(Job(
                notebook="02_plan_comparison.ipynb",
                parameters={"provinces": slugs, "year": int(year), "data": data, "out": str(out)},
                report=f"comparison-{'-'.join(slugs)}-{year}.html",
                title=f"So sánh kế hoạch {names} — năm {year}", province="+".join(slugs), year=int(year)))
    return jobs


def _prepare_geometry(name: str, vintage: str) -> tuple[str, float, str | None]:
    """Compute and cache the approximate geometry of a province (by slug) or of the country
    (NATIONAL), in a worker. Errors are returned, not raised: the notebook that needs the
    geometry reports them, the others go on."""
    from . import gazetteer, national, workbook

    t0 = time.perf_counter()
    try:
        if name == NATIONAL:
            national.shapes(vintage)
        else:
            workbook.approximate_geometry(gazetteer.province(name, vintage))
        return name, time.perf_counter() - t0, None
    except Exception as exc:
        return name, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"


def build(provinces: list[str] | None = None, years: list[int] | None = None, data: str | None = None,
          boundaries: str | None = None, out: Path | None = None, n_jobs: int | None = None,
          log=sys.stderr, notebooks_dir: Path = NOTEBOOKS_DIR, vintage: str = "legacy") -> int:
    """`antt build`: every report, the maps, index.html and manifest.json. Returns the exit code
    (0: all ok; 1: some output failed). Bad data is refused before anything is written.

    `provinces`: slugs, codes or names, or "all" (every province of the vintage). Work shared by
    the notebooks is done once, before them: the data is read and checked, boundary files
    matched, and the approximate geometry of every province (and of the country) computed in
    parallel into the on-disk cache the notebooks read."""
    t0 = time.perf_counter()
    out = Path(out).resolve() if out else default_out()
    from . import gazetteer

    if vintage not in gazetteer.VINTAGES:
        raise ValueError(f"unknown vintage {vintage!r}: expected legacy or 2025")
    provinces = gazetteer.expand(list(provinces or SEED_PROVINCES), vintage)  # fail fast on unknown names
    national_job = with_national(provinces)
    n_total = (len(provinces) + national_job) * len(years or [0])
    n_jobs = max(1, min(n_jobs or os.cpu_count() or 1, n_total))
    with Runner(n_jobs, notebooks_dir) as runner:  # kernels warm up while the inputs are checked
        from . import report, workbook
        from .paths import resolve

        data_str = str(resolve(data)) if data else ""
        # the legacy provinces whose records are needed: all of them for the national overview
        legacy = tuple(gazetteer.provinces()["slug"]) if national_job else tuple(dict.fromkeys(
            s for p in provinces for s in workbook.legacy_provinces(gazetteer.province(p, vintage))))
        dataset = workbook.load_dataset(data_str, legacy)  # raises DataError before any output is touched
        for p in provinces:
            workbook.require_records(dataset, gazetteer.province(p, vintage))
        years = sorted(set(int(y) for y in years)) if years else [dataset.latest_year()]
        missing = [y for y in years if y not in dataset.years()]
        if missing:
            raise ValueError(f"no data for year(s) {', '.join(map(str, missing))}; "
                             f"the data has {', '.join(map(str, dataset.years()))}")
        bnd = str(resolve(boundaries)) if boundaries else ""
        tasks: list[tuple] = []
        if national_job:
            from . import national

            if not national.shapes_cache_path(vintage).exists():  # first: the longest
                tasks.append((NATIONAL, vintage))
        for p in provinces:
            prov = gazetteer.province(p, vintage)
            if bnd:
                # refuses a boundary file that misses a unit before any output is written
                ctx = workbook.load(prov.slug, years[-1], data_str, bnd, vintage)
                print(f"antt build: {prov.slug}: {ctx.boundary_source}", file=log)
            elif not workbook.geometry_cache_path(prov).exists():
                tasks.append((prov.slug, vintage))
        t_geo = time.perf_counter()
        prepared = runner.map(_prepare_geometry, tasks)
        t_geo = time.perf_counter() - t_geo
        for name, _, err in prepared:
            if err:
                print(f"antt build: {name}: geometry failed: {err}", file=log)
        t_prep = time.perf_counter() - t0
        jobs = plan_jobs(provinces, years, data_str, bnd, out, vintage)
        print(f"antt build: {len(jobs)} report(s), {runner.n_jobs} worker(s) → {out}", file=log)
        results = runner.run(jobs, out, log)
    entries = manifest_entries(jobs, results, out)
    meta = {"provinces": provinces, "years": years, "vintage": vintage,
            "data": dataset.name + (" (minh họa)" if dataset.illustrative and "minh họa" not in dataset.name else ""),
            "illustrative": dataset.illustrative, "boundaries": Path(bnd).name if bnd else "gần đúng",
            "built": report.build_time().isoformat(), "workers": runner.n_jobs,
            "prepare_seconds": round(t_prep, 2), "geometry_seconds": round(t_geo, 2),
            "geometry_computed": {name: round(sec, 2) for name, sec, _ in prepared}, "wall_seconds": round(time.perf_counter() - t0, 2)}
    units = " (đơn vị từ 01/7/2025)" if vintage == "2025" else ""
    titles = {p: gazetteer.province(p, vintage).name + units for p in provinces}
    titles["+".join(provinces)] = "So sánh kế hoạch: " + " – ".join(gazetteer.province(p, vintage).short_name
                                                                       for p in provinces)
    titles[NATIONAL] = f"Toàn quốc{units}"
    write_manifest(entries, out, meta)
    write_index(entries, out, meta, titles)
    failed = [e for e in entries if e["status"] != "ok"]
    print(f"antt build: {len(entries) - len(failed)} ok, {len(failed)} failed, "
          f"{time.perf_counter() - t0:.1f} s; index: {reports_dir(out) / 'index.html'}", file=log)
    return 1 if failed else 0
