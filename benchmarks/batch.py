"""Benchmark: `antt build` for both seed provinces against the naive way, on this machine.

The naive way is what one would type by hand: papermill's command line, then nbconvert's,
one notebook after another, for the same notebooks `antt build --year 2025 --force` runs
(notebook 01 for each province, notebook 02 comparing them). Both run with the same warm
geometry cache and data. The runs are paired and alternate (ours, naive, ours, naive …), so
that a slow spell of the machine hits both; prints every pair, the median of each way and the
median of the per-pair ratios (with their range).
Usage: .venv/bin/python benchmarks/batch.py [--pairs N] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROVINCES = ["tuyen-quang", "gia-lai"]
NOTEBOOKS = ROOT / "notebooks"


def timed(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def antt_build(out: Path, env: dict, jobs: int) -> float:
    # --force: every output is built, as the naive way does (an up-to-date output would be skipped)
    return timed([str(BIN / "antt"), "build", "--year", "2025", "--force", "--out", str(out), "--jobs", str(jobs)],
                 env)


def naive(out: Path, env: dict) -> float:
    t = time.perf_counter()
    (out / "reports").mkdir(parents=True, exist_ok=True)
    (out / "maps").mkdir(parents=True, exist_ok=True)
    runs = [("01_commune_attainment.ipynb", slug, ["-p", "province", slug, "-p", "map_file",
                                                    str(out / "maps" / f"{slug}.html"), "-p", "year", "2025"])
            for slug in PROVINCES]
    runs.append(("02_plan_comparison.ipynb", "comparison", ["-y", f"provinces: [{', '.join(PROVINCES)}]",
                                                            "-p", "year", "2025"]))
    for notebook, name, params in runs:
        executed = out / f"{name}.ipynb"
        timed([str(BIN / "papermill"), str(NOTEBOOKS / notebook), str(executed), *params,
               "-k", "python3", "--cwd", str(NOTEBOOKS)], env)
        timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed),
               "--output-dir", str(out / "reports")], env)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        antt_build(tmp / "warmup", env, args.jobs)  # fills the geometry and data caches for both ways
        ours, theirs = [], []
        for i in range(args.pairs):
            ours.append(antt_build(tmp / f"antt{i}", env, args.jobs))
            theirs.append(naive(tmp / f"naive{i}", env))
            print(f"pair {i + 1}: antt build {ours[-1]:6.2f} s, naive {theirs[-1]:6.2f} s, "
                  f"ratio {theirs[-1] / ours[-1]:5.2f} ×", flush=True)
    ratios = [n / o for o, n in zip(ours, theirs)]
    o, n = statistics.median(ours), statistics.median(theirs)
    print(f"machine: {os.cpu_count()} cores; provinces: {', '.join(PROVINCES)}, year 2025; pairs: {args.pairs}")
    print(f"antt build --jobs {args.jobs} --force:        median {o:6.2f} s  (range {min(ours):.2f}–{max(ours):.2f})")
    print(f"naive (papermill CLI + nbconvert CLI): median {n:6.2f} s  (range {min(theirs):.2f}–{max(theirs):.2f})")
    print(f"ratio naive / antt build, per pair:    median {statistics.median(ratios):6.2f} ×  "
          f"(range {min(ratios):.2f}–{max(ratios):.2f})")


if __name__ == "__main__":
    main()
