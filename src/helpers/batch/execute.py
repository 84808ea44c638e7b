"""Running jobs: each notebook executed by papermill, in a pool of worker processes.

The workers are forked from the build once it has read and checked the data, so they start
with the helpers imported and the data in memory, and each runs its notebooks in its own
Python (helpers.batch.inprocess: papermill's engine without a kernel). A job runs its notebook
into a temporary folder, where the notebook also saves its map (the `map_file` parameter),
renders the report, and only when all of that has succeeded puts the map and the report in
place (helpers.atomic). A failing job therefore leaves the previous good map and report
untouched; its error goes to the manifest and the log.

An interrupted build (Ctrl-C, SIGTERM) stops its workers at once: each ignores the terminal's
Ctrl-C and watches a stop event the build sets; on it, a worker removes its temporary folder
and ends, but only between two outputs, never while it puts a report and its map in place. The
results that arrived are returned, the others marked interrupted (helpers.batch.build then
describes on the manifest what is on disk).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .. import atomic
from ..paths import NOTEBOOKS_DIR, maps_dir, reports_dir
from .console import Progress
from .convert import report_html
from .jobs import Job, Result
from .parameters import MAP_FILE, check_parameters

KERNEL = "python3"  # the notebooks' kernel; papermill records it, the engine runs in this process
EXECUTION_TIMEOUT = 900  # seconds a cell may run
WATCH_EVERY_S = 0.2  # how often a worker looks whether the build has stopped or ended
INTERRUPTED = "interrupted"  # the status of a job the build stopped before its result came

# in a worker: held while a job puts its outputs in place (a stop waits for it), and the
# temporary folder of the job that runs (removed when the worker is stopped)
_INSTALLING = threading.Lock()
_CURRENT_TMP: list[str] = []


def run_job(job: Job, out: str, notebooks_dir: str = str(NOTEBOOKS_DIR)) -> Result:
    """Execute one notebook and put its report (and map) in place. Never raises: failures
    become a Result."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from . import inprocess

    start = time.perf_counter()
    target = reports_dir(out) / job.report
    map_target = maps_dir(out) / job.map if job.map else None
    timings: dict[str, float] = {}
    with _INSTALLING:  # made and known at once: a stopped worker removes it
        tmp = tempfile.mkdtemp(prefix="antt-")
        _CURRENT_TMP[:] = [tmp]
    try:
        parameters = dict(job.parameters)
        if job.map:
            parameters[MAP_FILE] = str(Path(tmp) / job.map)
        t0 = time.perf_counter()
        nb = papermill.execute_notebook(
            str(Path(notebooks_dir) / job.notebook), None, parameters=parameters, engine_name=inprocess.NAME,
            kernel_name=KERNEL, progress_bar=False, log_output=False, cwd=notebooks_dir,
            request_save_on_cell_execute=False, execution_timeout=EXECUTION_TIMEOUT)
        timings["execute"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        html = report_html(nb, job.title)
        timings["convert"] = time.perf_counter() - t0
        if map_target is not None and not Path(parameters[MAP_FILE]).exists():
            raise RuntimeError(f"the notebook did not save its map ({MAP_FILE})")
        with _INSTALLING:  # only now, the whole job having succeeded; a stop waits for both files
            if map_target is not None:
                atomic.install(Path(parameters[MAP_FILE]), map_target)
            atomic.write(target, html)
        return Result(job.province, job.year, job.notebook, str(target), "ok",
                      round(time.perf_counter() - start, 2), map_path=str(map_target) if map_target else None,
                      timings=timings)
    except PapermillExecutionError as exc:
        err = f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"
    except Exception as exc:  # the batch goes on; the manifest carries the error
        err = f"{type(exc).__name__}: {exc}"
        if os.environ.get("ANTT_DEBUG"):
            traceback.print_exc()
    finally:
        with _INSTALLING:
            _CURRENT_TMP.clear()
            shutil.rmtree(tmp, ignore_errors=True)
    return Result(job.province, job.year, job.notebook, str(target), "error",
                  round(time.perf_counter() - start, 2), err, map_path=str(map_target) if map_target else None,
                  timings=timings)


def _warm_up() -> None:
    """What every notebook needs first, done once in the build before the workers fork (they
    share it): the libraries imported, the report's templates compiled, matplotlib's fonts
    loaded, the plans, criteria, territory and page assets read, the IPython shell made."""
    import folium  # noqa: F401
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    from .. import assets, comparison, criteria, national, plans, render, sections, territory  # noqa: F401
    from . import inprocess
    from .convert import _exporter

    render.warm_up()
    plans.all_plans()
    criteria.load_sets()
    territory.read()
    assets.leaflet_js(), assets.leaflet_css()
    for name in ("antt-map.css", "antt-map.js", "page.css", "report.css"):
        assets.own(name)
    _exporter()
    inprocess.shell()


def _worker_init(parent: int, stop) -> None:
    """A worker leaves Ctrl-C to the build (which stops it through `stop`, an Event) and ends
    when the build ends or stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch(parent, stop)


def _watch(parent: int, stop, every_s: float = WATCH_EVERY_S) -> None:
    """A watcher thread ends the worker when the build sets `stop`, or when the build is gone
    however it ended (even killed with SIGKILL, which leaves no chance to tell the workers). It
    waits for outputs being put in place, and removes the running job's temporary folder."""

    def watch():
        while os.getppid() == parent and not stop.wait(every_s):
            pass
        _INSTALLING.acquire()  # never released: the worker ends here
        for tmp in _CURRENT_TMP:
            shutil.rmtree(tmp, ignore_errors=True)
        os._exit(1)

    threading.Thread(target=watch, name="antt-stop-watch", daemon=True).start()


class Runner:
    """A pool of `n_jobs` worker processes that run the notebooks (and other shared work).

    The workers fork when first needed (`map` or `run`), so that they inherit what the build
    has read and checked by then; `with Runner(...) as r:` ends them.
    """

    def __init__(self, n_jobs: int | None = None, notebooks_dir: Path = NOTEBOOKS_DIR):
        self.n_jobs = max(1, n_jobs or os.cpu_count() or 1)
        self.notebooks_dir = Path(notebooks_dir)
        self._pool: ProcessPoolExecutor | None = None
        self._ready = False
        self._context = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        self._stop = self._context.Event()
        self.interrupted = False

    def __enter__(self) -> "Runner":
        # what the workers inherit for the build, put back as it was when the build ends (a
        # notebook or a test that builds twice sees no state left behind): jsonschema imports
        # rfc3987_syntax, if installed (jupyterlab brings it), for an IRI format check notebooks
        # never use (building its grammar costs 1.3 s per process); one time of generation for
        # every output; matplotlib without a display
        self._saved = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", "MPLBACKEND")}
        self._blocked = "rfc3987_syntax" not in sys.modules
        sys.modules.setdefault("rfc3987_syntax", None)
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
        os.environ.setdefault("MPLBACKEND", "Agg")
        return self

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is not None and issubclass(exc[0], KeyboardInterrupt):
                self.stop()
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None
        finally:
            self._restore()

    def _restore(self) -> None:
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if self._blocked and sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]
        if self._ready:  # what _start froze for the workers is collected as before
            gc.unfreeze()

    def stop(self) -> None:
        """End every worker now (each between two outputs) and drop the jobs not started; the
        pool cannot be used afterwards."""
        self.interrupted = True
        self._stop.set()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _start(self) -> None:
        """Warm up once, then fork the workers (fork where available: they start in milliseconds
        with everything the build holds, and scripts need no `if __name__ == "__main__"` guard)."""
        if self._ready:
            return
        self._ready = True
        _warm_up()
        # what exists now is kept for the whole build: the garbage collector need not walk it
        # again at every collection, and the pages a worker shares with the build stay shared
        gc.collect()
        gc.freeze()
        # even one job runs in a worker: a notebook that ends its process (a crash, os._exit)
        # must not end the build
        self._pool = self._new_pool(self.n_jobs)

    def map(self, fn, items: list[tuple], each=None) -> list:
        """fn(*item) for each item, in the workers (in order of submission), results in order;
        `each(item, result)` is called as each result arrives (to tell the person waiting). For
        work shared by the notebooks that is best done before them, in parallel."""
        if not items:
            return []
        self._start()
        futures = {self._pool.submit(fn, *item): i for i, item in enumerate(items)}
        results: list = [None] * len(items)
        try:
            for fut in as_completed(futures):
                results[futures[fut]] = fut.result()
                if each is not None:
                    each(items[futures[fut]], results[futures[fut]])
            return results
        except KeyboardInterrupt:
            self.stop()
            raise

    def run(self, jobs: list[Job], out: Path, log=sys.stderr) -> list[Result]:
        """Run jobs; results in job order. Unknown parameters are refused before any job runs.
        Interrupted (KeyboardInterrupt, which the build also raises on SIGTERM): the workers are
        stopped, `interrupted` is set, and the jobs whose result had not come are marked
        INTERRUPTED."""
        for job in jobs:
            check_parameters(job, self.notebooks_dir)
        results: list[Result | None] = [None] * len(jobs)
        self._start()
        progress = Progress(jobs, log, workers=self.n_jobs)
        try:
            self._run(jobs, out, results, progress)
        except KeyboardInterrupt:
            self.stop()
            for i, job in enumerate(jobs):
                if results[i] is None:
                    results[i] = _failed(job, out, "the build was interrupted before this job ended", INTERRUPTED)
        finally:
            progress.close()
        return results  # type: ignore[return-value]

    def _run(self, jobs: list[Job], out: Path, results: list, progress: Progress) -> None:
        futures = {self._pool.submit(run_job, job, str(out), str(self.notebooks_dir)): i
                   for i, job in enumerate(jobs)}
        broken = []
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                results[i] = fut.result()
            except BrokenProcessPool:  # a notebook ended its worker (os._exit, a crash): see below
                broken.append(i)
                continue
            except Exception as exc:
                results[i] = _failed(jobs[i], out, f"{type(exc).__name__}: {exc}")
            progress.result(jobs[i], results[i])
        if broken:
            # every job the dead worker's pool still held failed with it: each runs again alone,
            # in a worker of its own, so that only the notebook that ends its worker fails
            self._pool.shutdown(wait=False)
            self._pool = self._new_pool(1)
            for i in sorted(broken):
                results[i] = self._alone(jobs[i], out)
                progress.result(jobs[i], results[i])

    def _new_pool(self, n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=n, mp_context=self._context, initializer=_worker_init,
                                   initargs=(os.getpid(), self._stop))

    def _alone(self, job: Job, out: Path) -> Result:
        try:
            return self._pool.submit(run_job, job, str(out), str(self.notebooks_dir)).result()
        except BrokenProcessPool:
            self._pool = self._new_pool(1)
            return _failed(job, out, "the notebook ended the process running it (a crash, or os._exit)")
        except Exception as exc:
            return _failed(job, out, f"{type(exc).__name__}: {exc}")


def _failed(job: Job, out: Path, error: str, status: str = "error") -> Result:
    return Result(job.province, job.year, job.notebook, str(reports_dir(out) / job.report), status, 0.0, error,
                  map_path=str(maps_dir(out) / job.map) if job.map else None)


def run(jobs: list[Job], out: Path, n_jobs: int | None = None, notebooks_dir: Path = NOTEBOOKS_DIR,
        log=sys.stderr) -> list[Result]:
    """Run jobs in parallel (`n_jobs` workers, default: the number of cores); results in job order."""
    for job in jobs:
        check_parameters(job, notebooks_dir)
    with Runner(min(n_jobs or os.cpu_count() or 1, len(jobs) or 1), notebooks_dir) as runner:
        return runner.run(jobs, out, log)
