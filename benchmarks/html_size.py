"""Print the size of every HTML output of a build, against the budgets (province map < 2 MB,
province report < 3 MB, national overview < 5 MB).

Usage: .venv/bin/python benchmarks/html_size.py [OUT]   (OUT: a build's output root; default:
a fresh `antt build` of the demo data into a temporary folder)
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from helpers import batch

BUDGET = {"map": 2_000_000, "report": 3_000_000, "national": 5_000_000}


def sizes(out: Path) -> list[tuple[str, str, int]]:
    manifest = json.loads((out / "reports" / "manifest.json").read_text(encoding="utf-8"))
    rows = [(e["kind"], e["path"], (out / e["path"]).stat().st_size) for e in manifest["outputs"] if e["status"] == "ok"]
    rows.append(("index", "reports/index.html", (out / "reports" / "index.html").stat().st_size))
    return rows


def main() -> int:
    if len(sys.argv) > 1:
        out = Path(sys.argv[1])
    else:
        out = Path(tempfile.mkdtemp(prefix="antt-size-"))
        batch.build(out=out, log=None)
    over = 0
    for kind, path, size in sizes(out):
        budget = BUDGET["national"] if Path(path).name.startswith("national-") else BUDGET.get(kind)
        flag = "" if budget is None else ("  OVER BUDGET" if size > budget else f"  (budget {budget / 1e6:.0f} MB)")
        over += bool(budget and size > budget)
        print(f"{kind:7s} {path:40s} {size / 1e6:7.3f} MB{flag}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
