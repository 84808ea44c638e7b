"""Benchmark: the whole national batch, `antt build --province all`, on this machine.

Each round builds the country from a data folder of every province (written once by `antt demo
--province all`), four times: cold (`--force`, an empty geometry and data cache, as on a fresh
clone), warm (`--force`, the cache the cold build filled), no-op (nothing changed: every output
is up to date; the round checks that no file of the output folder was written) and one province
changed (one commune's crime count of Cao Bằng edited: its report and map and the national
overview are rebuilt, nothing else). Prints every round, then the median and range of each kind
over the rounds, and where the time of the last warm build went (from its manifest).

Usage: .venv/bin/python benchmarks/national.py [--rounds N] [--jobs N] [--vintage legacy|2025]
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


CHANGED = "cao-bang"


def build(out: Path, cache: Path, jobs: int, vintage: str, data: Path, force: bool) -> tuple[float, dict, int]:
    env = dict(os.environ, ANTT_CACHE=str(cache), PYTHONWARNINGS="ignore")
    t = time.perf_counter()
    proc = subprocess.run([str(BIN / "antt"), "build", "--province", "all", "--jobs", str(jobs), "--out", str(out),
                           "--vintage", vintage, "--data", str(data), *(["--force"] if force else [])],
                          env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    manifest = json.loads((out / "reports" / "manifest.json").read_text(encoding="utf-8"))
    if proc.returncode:
        print(proc.stderr[-2000:], file=sys.stderr)
    return wall, manifest, proc.returncode


def snapshot(out: Path) -> dict[str, int]:
    """Every file of an output folder with its modification time (ns)."""
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def change_one_province(data: Path, round_no: int) -> None:
    """Edit the crime count of one xã of CHANGED, in one year, as a province's correction would."""
    import pandas as pd

    from helpers import gazetteer

    path = data / "communes.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    codes = set(gazetteer.communes(CHANGED)["code"])
    row = df.index[df["commune_code"].isin(codes) & (df["crime_cases"] != "")][0]
    df.loc[row, "crime_cases"] = str(int(df.loc[row, "crime_cases"]) + round_no + 1)
    df.to_csv(path, index=False)


def describe(label: str, wall: float, m: dict, code: int) -> None:
    reports = [e for e in m["outputs"] if e["kind"] == "report"]
    ok = sum(e["status"] == "ok" for e in m["outputs"])
    secs = [e["seconds"] for e in reports]
    total = {k: sum(e["timings"].get(k, 0.0) for e in reports) for k in ("execute", "convert")}
    geo = m.get("geometry_computed", {})
    print(f"{label}: wall {wall:6.1f} s (exit {code}); {len(reports)} reports, {ok}/{len(m['outputs'])} outputs ok, "
          f"{m['workers']} workers")
    print(f"  prepare (data, checks, geometry):   {m['prepare_seconds']:6.1f} s wall; geometry computed for "
          f"{len(geo)} unit(s), {sum(geo.values()):.1f} s CPU in the workers ({m['geometry_seconds']:.1f} s wall)")
    print(f"  notebooks:                          {wall - m['prepare_seconds']:6.1f} s wall; "
          f"median {statistics.median(secs):.2f} s per report, max {max(secs):.2f} s")
    print(f"    execution:                        {total['execute']:6.1f} s summed")
    print(f"    HTML conversion:                  {total['convert']:6.1f} s summed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--vintage", choices=["legacy", "2025"], default="legacy")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; antt build --province all --jobs {args.jobs} --vintage {args.vintage}")
    walls: dict[str, list[float]] = {"cold": [], "warm": [], "no-op": [], "one province changed": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        subprocess.run([str(BIN / "antt"), "demo", "--province", "all", "--out", str(data)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        original = (data / "communes.csv").read_bytes()
        for r in range(args.rounds):
            (data / "communes.csv").write_bytes(original)
            cache, out = tmp / f"cache{r}", tmp / f"out{r}"
            wall, m, code = build(out, cache, args.jobs, args.vintage, data, True)
            walls["cold"].append(wall)
            wall, warm, code = build(out, cache, args.jobs, args.vintage, data, True)
            walls["warm"].append(wall)
            before = snapshot(out)
            wall, m, code = build(out, cache, args.jobs, args.vintage, data, False)
            written = sorted(k for k, v in snapshot(out).items() if before.get(k) != v)
            walls["no-op"].append(wall)
            change_one_province(data, r)
            wall, m, code = build(out, cache, args.jobs, args.vintage, data, False)
            rebuilt = m.get("rebuilt") if snapshot(out) != before else 0
            walls["one province changed"].append(wall)
            print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in walls.items())
                  + f"; no-op wrote {len(written)} file(s); after the change {rebuilt} report(s) rebuilt", flush=True)
        print()
        for kind, values in walls.items():
            print(f"{kind:22s} median {statistics.median(values):6.1f} s  (range {min(values):.1f}–{max(values):.1f}, "
                  f"{len(values)} rounds)")
        describe("last warm build", walls["warm"][-1], warm, 0)


if __name__ == "__main__":
    main()
