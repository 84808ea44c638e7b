"""Benchmark: the whole national batch, `antt build --province all`, on this machine.

Runs the build twice: cold (an empty geometry cache, as on a fresh clone) and warm (the cache
the cold run filled, as on every later build). Prints the wall time of each, the median
seconds per report, and where the time goes, from the manifest the build writes: preparation
(data, geometry of every province and of the country, in parallel), and per notebook kernel
start (in the background, while the previous notebook runs), execution and HTML conversion.

Usage: .venv/bin/python benchmarks/national.py [--jobs N] [--vintage legacy|2025] [--warm-only]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def build(out: Path, cache: Path, jobs: int, vintage: str) -> tuple[float, dict, int]:
    env = dict(os.environ, ANTT_CACHE=str(cache), PYTHONWARNINGS="ignore")
    t = time.perf_counter()
    proc = subprocess.run([str(BIN / "antt"), "build", "--province", "all", "--jobs", str(jobs), "--out", str(out),
                           "--vintage", vintage], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    manifest = json.loads((out / "reports" / "manifest.json").read_text(encoding="utf-8"))
    if proc.returncode:
        print(proc.stderr[-2000:], file=sys.stderr)
    return wall, manifest, proc.returncode


def describe(label: str, wall: float, m: dict, code: int) -> None:
    reports = [e for e in m["outputs"] if e["kind"] == "report"]
    ok = sum(e["status"] == "ok" for e in m["outputs"])
    secs = [e["seconds"] for e in reports]
    total = {k: sum(e["timings"].get(k, 0.0) for e in reports) for k in ("kernel_start", "kernel_wait", "execute", "convert")}
    geo = m.get("geometry_computed", {})
    print(f"{label}: wall {wall:6.1f} s (exit {code}); {len(reports)} reports, {ok}/{len(m['outputs'])} outputs ok, "
          f"{m['workers']} workers")
    print(f"  prepare (data, checks, geometry):   {m['prepare_seconds']:6.1f} s wall; geometry computed for "
          f"{len(geo)} unit(s), {sum(geo.values()):.1f} s CPU in the workers ({m['geometry_seconds']:.1f} s wall)")
    print(f"  notebooks:                          {wall - m['prepare_seconds']:6.1f} s wall; "
          f"median {statistics.median(secs):.2f} s per report, max {max(secs):.2f} s")
    print(f"    kernel start (background):        {total['kernel_start']:6.1f} s summed "
          f"(waited for: {total['kernel_wait']:.1f} s)")
    print(f"    execution:                        {total['execute']:6.1f} s summed")
    print(f"    HTML conversion:                  {total['convert']:6.1f} s summed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--vintage", choices=["legacy", "2025"], default="legacy")
    ap.add_argument("--warm-only", action="store_true", help="skip the cold run (use the project's cache)")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; antt build --province all --jobs {args.jobs} --vintage {args.vintage}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cache = tmp / "cache"
        if args.warm_only:
            from helpers.paths import CACHE_DIR

            cache = CACHE_DIR
        else:
            describe("cold (empty geometry cache)", *build(tmp / "cold", cache, args.jobs, args.vintage))
        wall, m, code = build(tmp / "warm", cache, args.jobs, args.vintage)
        describe("warm (geometry cached)", wall, m, code)
        reports = sorted((tmp / "warm" / "reports").glob("*.html"), key=lambda p: p.stat().st_size)
        national = [p for p in reports if p.name.startswith("national")]
        print(f"  sizes: national overview {national[0].stat().st_size / 1e6:.2f} MB; province reports "
              f"median {statistics.median(p.stat().st_size for p in reports) / 1e6:.2f} MB, "
              f"largest {reports[-1].stat().st_size / 1e6:.2f} MB ({reports[-1].name})")
        maps = sorted((tmp / "warm" / "maps").glob("*.html"), key=lambda p: p.stat().st_size)
        print(f"         maps median {statistics.median(p.stat().st_size for p in maps) / 1e6:.2f} MB, "
              f"largest {maps[-1].stat().st_size / 1e6:.2f} MB ({maps[-1].name})")


if __name__ == "__main__":
    main()
