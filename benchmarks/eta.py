"""Benchmark: how well `antt build` estimates the time left, on a national build of 2026.

A warm national build is made once; then each run rebuilds every output of a copy whose
manifest says the code has changed (as after an upgrade), reading the build's plain progress
lines as they come. For every line that gives "about … left", the estimate is set against the
time truly left (the end of the build minus the time of the line). Prints, per run, the median
and the worst error of the estimates made once a tenth of the results is in, relative to the
time truly left; then the median over the runs with its range.
Usage: .venv/bin/python benchmarks/eta.py [--runs N] [--jobs N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from builds import stale_copy  # noqa: E402  (the tests' own)

LEFT = re.compile(r"\[(\d+)/(\d+), about (?:(\d+) min )?(\d+) s left\]")


def build(out: Path, jobs: int) -> list[tuple[float, int, int, float]]:
    """(time of the line, results done, results in all, estimate in s) for each estimate; the
    time relative to the end of the build."""
    proc = subprocess.Popen([str(BIN / "antt"), "build", "--province", "all", "--year", "2026", "--out", str(out),
                             "--jobs", str(jobs)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    seen = []
    for line in proc.stderr:
        m = LEFT.search(line)
        if m:
            seen.append((time.monotonic(), int(m[1]), int(m[2]), int(m[3] or 0) * 60 + int(m[4])))
    if proc.wait() != 0:
        raise SystemExit("the build failed")
    end = time.monotonic()
    return [(end - t, done, total, est) for t, done, total, est in seen]


def warm_build(folder: Path, jobs: int) -> Path:
    """A national build of 2026 into `folder` (the geometry cache warm afterwards)."""
    subprocess.run([str(BIN / "antt"), "build", "--province", "all", "--year", "2026", "--out", str(folder),
                    "--jobs", str(jobs)], check=True, stderr=subprocess.DEVNULL)
    return folder


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        first = warm_build(Path(tmp) / "first", args.jobs)
        medians, worsts = [], []
        for run in range(args.runs):
            out = Path(tmp) / "run"
            stale_copy(first, out)
            rows = build(out, args.jobs)
            later = [(left, est) for left, done, total, est in rows if done >= total / 10 and left >= 1]
            errors = [abs(est - left) / left for left, est in later]
            medians.append(statistics.median(errors))
            worsts.append(max(errors))
            print(f"run {run + 1}: {len(later)} estimates, median error {medians[-1]:.0%}, worst {worsts[-1]:.0%}",
                  flush=True)
    print(f"median error over {args.runs} runs: {statistics.median(medians):.0%} "
          f"(range {min(medians):.0%}–{max(medians):.0%}); worst estimate: median {statistics.median(worsts):.0%} "
          f"(range {min(worsts):.0%}–{max(worsts):.0%})")


if __name__ == "__main__":
    main()
