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
    """Counts the outputs of the jobs that run, as their results arrive (in any order)."""

    def __init__(self, jobs: list[Job], log=sys.stderr, bar: bool | None = None):
        self.log = log
        self.jobs = len(jobs)
        self.maps = sum(1 for j in jobs if j.map)
        self.done = 0
        self.reports_ok = self.maps_ok = self.failed = 0
        self.t0 = time.perf_counter()
        self._bar = None
        if log is not None and (_is_terminal(log) if bar is None else bar):
            from tqdm import tqdm

            self._bar = tqdm(total=self.jobs, file=log, unit="report", dynamic_ncols=True, leave=False,
                             bar_format="{desc} {bar} {n_fmt}/{total_fmt} {postfix} [{elapsed}<{remaining}]")
            self._bar.set_description_str("antt build")

    def counts(self) -> str:
        return (f"reports {self.reports_ok}/{self.jobs}, maps {self.maps_ok}/{self.maps}"
                + (f", {self.failed} failed" if self.failed else ""))

    def left(self) -> float | None:
        """Estimated seconds left: the time a job has taken so far with every worker busy (elapsed /
        done), times the jobs left."""
        if self.done < ETA_AFTER or self.done >= self.jobs:
            return None
        per_job = (time.perf_counter() - self.t0) / self.done
        return per_job * (self.jobs - self.done)

    def result(self, job: Job, res: Result) -> None:
        self.done += 1
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
        if self._bar is not None:
            self._bar.write(line, file=self.log)
            self._bar.set_postfix_str(self.counts(), refresh=False)
            self._bar.update(1)
            return
        left = self.left()
        eta = f", about {duration(left)} left" if left is not None else ""
        print(f"{line}  [{self.done}/{self.jobs}{eta}]", file=self.log, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
