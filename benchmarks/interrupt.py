"""Benchmark: how fast Ctrl-C stops a national build, and what it leaves.

A warm national build of 2026 is made once; each run then rebuilds a copy whose manifest says
the code has changed (every output to build again), sends SIGINT to the build's whole process
group (as a terminal's Ctrl-C does) after a given number of results, and measures the time until
no process of the group is left. Prints, per run, that time, the exit code and whether every
report and map on disk is listed in the manifest with its size and time; then the median and
range of the times.
Usage: .venv/bin/python benchmarks/interrupt.py [--runs N] [--after N] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from builds import processes_in_group, stale_copy  # noqa: E402  (the tests' own)
from eta import warm_build  # noqa: E402  (the same build as the ETA benchmark)


def consistent(out: Path) -> bool:
    doc = json.loads((out / "reports" / "manifest.json").read_text(encoding="utf-8"))
    listed = {e["path"]: e["file"] for e in doc["outputs"]}
    on_disk = {str(p.relative_to(out)): [p.stat().st_size, p.stat().st_mtime_ns]
               for p in out.rglob("*.html") if p.parent.name in ("reports", "maps") and p.name != "index.html"}
    return listed == on_disk and not list(out.rglob("*.tmp"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--after", type=int, default=5, help="results before Ctrl-C")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        first = warm_build(Path(tmp) / "first", args.jobs)
        times = []
        for run in range(args.runs):
            out = Path(tmp) / "run"
            stale_copy(first, out)
            proc = subprocess.Popen([str(BIN / "antt"), "build", "--province", "all", "--year", "2026", "--out",
                                     str(out), "--jobs", str(args.jobs)], stderr=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, text=True, start_new_session=True)
            done = 0
            for line in proc.stderr:
                done += line.lstrip().startswith("ok ") and "geometry of" not in line
                if done >= args.after:
                    break
            os.killpg(proc.pid, signal.SIGINT)
            sent = time.monotonic()
            while processes_in_group(proc.pid):
                time.sleep(0.01)
            times.append(time.monotonic() - sent)
            proc.stderr.read()
            code = proc.wait()
            print(f"run {run + 1}: all processes gone {times[-1]:.2f} s after Ctrl-C, exit {code}, manifest "
                  f"{'matches' if consistent(out) else 'DOES NOT match'} the files on disk", flush=True)
    print(f"stopped in {statistics.median(times):.2f} s, median of {args.runs} (range {min(times):.2f}–{max(times):.2f})")


if __name__ == "__main__":
    main()
