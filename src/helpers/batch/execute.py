"""Running jobs: each notebook executed by papermill in a warm kernel, in a pool of workers.

A job runs its notebook into a temporary folder, where the notebook also saves its map (the
`map_file` parameter), renders the report, and only when all of that has succeeded puts the
map and the report in place (helpers.atomic). A failing job therefore leaves the previous good
map and report untouched; its error goes to the manifest and the log.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from .. import atomic
from ..paths import NOTEBOOKS_DIR, maps_dir, reports_dir
from . import kernels
from .convert import report_html
from .jobs import Job, Result
from .parameters import MAP_FILE, check_parameters
from .progress import Progress

START_RETRIES = 3


def _is_start_failure(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}"
    return any(s in text for s in ("ZMQError", "Address already in use", "Kernel didn't respond",
                                   "Kernel died before replying", "TimeoutError"))


def run_job(job: Job, out: str, notebooks_dir: str = str(NOTEBOOKS_DIR), warm: bool = True,
            more: bool = True) -> Result:
    """Execute one notebook and put its report (and map) in place. Never raises: failures
    become a Result. With `warm`, the notebook runs in a pre-started kernel of this process."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    target = reports_dir(out) / job.report
    map_target = maps_dir(out) / job.map if job.map else None
    timings: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="antt-") as tmp:
            executed = Path(tmp) / job.notebook
            parameters = dict(job.parameters)
            if job.map:
                parameters[MAP_FILE] = str(Path(tmp) / job.map)
            for attempt in range(START_RETRIES):
                t0 = time.perf_counter()
                pool = kernels.pool(notebooks_dir) if warm else None
                km = pool.take() if pool else None
                timings["kernel_wait"] = time.perf_counter() - t0
                timings["kernel_start"] = getattr(km, "antt_start_seconds", 0.0)  # in the background
                ok = False
                try:
                    t0 = time.perf_counter()
                    nb = papermill.execute_notebook(
                        str(Path(notebooks_dir) / job.notebook), str(executed), parameters=parameters,
                        kernel_name=kernels.KERNEL, progress_bar=False, log_output=False, cwd=notebooks_dir,
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
            html = report_html(nb, job.title)
            timings["convert"] = time.perf_counter() - t0
            if map_target is not None:
                made = Path(parameters[MAP_FILE])
                if not made.exists():
                    raise RuntimeError(f"the notebook did not save its map ({MAP_FILE})")
                atomic.install(made, map_target)  # only now: the whole job has succeeded
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
    return Result(job.province, job.year, job.notebook, str(target), "error",
                  round(time.perf_counter() - start, 2), err, map_path=str(map_target) if map_target else None,
                  timings=timings)


def _worker_init(notebooks_dir: str, parent: int) -> None:
    # once per worker, not once per job: the first warm kernel starts now; a pool worker ends
    # with os._exit (no atexit), so its spare kernel is shut down by a multiprocessing finalizer
    from multiprocessing import util

    _end_with_parent(parent)
    kernels.pool(notebooks_dir)
    util.Finalize(None, kernels.close_pool, exitpriority=10)


def _end_with_parent(parent: int, every_s: float = 0.5) -> None:
    """A worker ends when the build that started it ends, however it ends (even killed with
    SIGKILL, which leaves no chance to tell the workers): a watcher thread sees the parent gone,
    stops this worker's kernels and exits. (A kernel also ends by itself when its worker is
    gone: jupyter_client starts it with JPY_PARENT_PID, which ipykernel polls.)"""
    import threading

    def watch():
        while os.getppid() == parent:
            time.sleep(every_s)
        try:
            kernels.close_pool()
        finally:
            os._exit(1)

    threading.Thread(target=watch, name="antt-parent-watch", daemon=True).start()


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
                                             initargs=(str(self.notebooks_dir), os.getpid()))
            for f in [self._pool.submit(_noop) for _ in range(self.n_jobs)]:
                f.result()  # every worker is up and warming its first kernel
        else:
            kernels.pool(str(self.notebooks_dir))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        else:
            kernels.close_pool()

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
        progress = Progress(jobs, log)
        try:
            self._run(jobs, out, results, progress)
        finally:
            progress.close()
        return results  # type: ignore[return-value]

    def _run(self, jobs: list[Job], out: Path, results: list, progress: Progress) -> None:
        if self._pool is None:
            for i, job in enumerate(jobs):
                results[i] = run_job(job, str(out), str(self.notebooks_dir), more=i + 1 < len(jobs))
                progress.result(job, results[i])
            return
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
            progress.result(jobs[i], results[i])


def _noop() -> None:
    return None


def run(jobs: list[Job], out: Path, n_jobs: int | None = None, notebooks_dir: Path = NOTEBOOKS_DIR,
        log=sys.stderr) -> list[Result]:
    """Run jobs in parallel (`n_jobs` workers, default: the number of cores); results in job order."""
    for job in jobs:
        check_parameters(job, notebooks_dir)
    with Runner(min(n_jobs or os.cpu_count() or 1, len(jobs) or 1), notebooks_dir) as runner:
        return runner.run(jobs, out, log)
