"""What a build tells the person waiting for it: a progress bar on a terminal (tqdm), plain
lines when the output goes to a file or a pipe, reports and maps counted apart, the time left.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .jobs import Job, Result

ETA_AFTER = 2  # results before the time left is estimated


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def duration(seconds: float) -> str:
    """'45 s', '3 min 05 s'."""
    seconds = max(0, round(seconds))
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60:02d} s"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class Progress:
    """Counts the outputs of the jobs that run, as their results arrive (in any order), and
    estimates the time left from what the jobs of each notebook have taken so far."""

    def __init__(self, jobs: list[Job], log=sys.stderr, bar: bool | None = None, workers: int = 1,
                 clock=time.perf_counter):
        self.log = log
        self.jobs = len(jobs)
        self.maps = sum(1 for j in jobs if j.map)
        self.done = 0
        self.reports_ok = self.maps_ok = self.failed = 0
        self.workers = max(1, workers)
        self._clock = clock
        self.t0 = clock()
        self._pending = list(jobs)  # in the order the workers take them
        # when each job still running started: the first `workers` at once, then one each time a
        # result frees a worker
        self._started = [self.t0] * min(self.workers, len(jobs))
        self._seconds: dict[str, list[float]] = {}
        self._bar = None
        if log is not None and (_is_terminal(log) if bar is None else bar):
            from tqdm import tqdm

            self._bar = tqdm(total=self.jobs, file=log, unit="report", dynamic_ncols=True, leave=False,
                             bar_format="{desc} {bar} {n_fmt}/{total_fmt} {postfix} [{elapsed}]")
            self._bar.set_description_str("antt build")

    def counts(self) -> str:
        return (f"reports {self.reports_ok}/{self.jobs}, maps {self.maps_ok}/{self.maps}"
                + (f", {self.failed} failed" if self.failed else ""))

    def left(self) -> float | None:
        """Estimated seconds left: each job not done is expected to take what the jobs of its
        notebook have taken on average (the median job if none of its own has ended), less
        what a running job has already run; that work is shared by the workers."""
        if self.done < ETA_AFTER or self.done >= self.jobs:
            return None
        every = sorted(s for kind in self._seconds.values() for s in kind)
        if not every:
            return None
        overall = every[len(every) // 2]
        now = self._clock()
        work = 0.0
        for i, job in enumerate(self._pending):
            kind = self._seconds.get(job.notebook)
            expected = sum(kind) / len(kind) if kind else overall
            if i < len(self._started):  # running: what it has still to do, at least a little
                expected = max(expected - (now - self._started[i]), 0.1 * expected)
            work += expected
        return work / min(self.workers, len(self._pending))

    def _record(self, job: Job, res: Result) -> None:
        i = next((k for k, j in enumerate(self._pending) if j is job), None)
        if i is None:
            return
        del self._pending[i]
        if i < len(self._started):
            del self._started[i]
        if len(self._started) < min(self.workers, len(self._pending)):
            self._started.append(self._clock())  # the freed worker takes the next job
        if res.seconds > 0:  # a job that never ran says nothing of the others
            self._seconds.setdefault(job.notebook, []).append(res.seconds)

    def result(self, job: Job, res: Result) -> None:
        self.done += 1
        self._record(job, res)
        if res.status == "ok":
            self.reports_ok += 1
            self.maps_ok += 1 if job.map else 0
        else:
            self.failed += 1
        if self.log is None:
            return
        name = Path(res.path).name
        what = "report + map" if job.map else "report"
        line = (f"  ok     {name} ({what}, {res.seconds:.1f} s)" if res.status == "ok"
                else f"  ERROR  {name}: {res.error}")
        left = self.left()
        eta = f", about {duration(left)} left" if left is not None else ""
        if self._bar is not None:
            self._bar.write(line, file=self.log)
            self._bar.set_postfix_str(self.counts() + eta, refresh=False)
            self._bar.update(1)
            return
        print(f"{line}  [{self.done}/{self.jobs}{eta}]", file=self.log, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
