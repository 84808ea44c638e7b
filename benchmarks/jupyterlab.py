"""Benchmark: "Run All Cells" on notebook 01 in JupyterLab, through its menu, in headless Chromium.

The first run pays the imports and the first load of the data; the following ones run in the
same (warm) kernel, as an analyst re-running the notebook after changing a parameter.
Prints every run, and the median and range of the warm runs.
Usage: .venv/bin/python benchmarks/jupyterlab.py [--runs N] [--notebook NAME]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from lab import CHROMIUM, CHROMIUM_ARGS, open_notebook, run_all, server  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5, help="warm runs after the first")
    ap.add_argument("--notebook", default="01_commune_attainment.ipynb")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lab"
        root.mkdir()
        shutil.copy(ROOT / "notebooks" / args.notebook, root / args.notebook)
        with server(root) as (url, token), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = open_notebook(browser, url, token, args.notebook)
            first = run_all(page)
            print(f"{args.notebook}: Run All Cells, first run (imports, data loaded): {first:.2f} s")
            warm = []
            for i in range(args.runs):
                warm.append(run_all(page))
                print(f"  warm run {i + 1}: {warm[-1]:.2f} s")
            print(f"warm kernel: median {statistics.median(warm):.2f} s (range {min(warm):.2f}–{max(warm):.2f}) "
                  f"over {len(warm)} runs")
            browser.close()


if __name__ == "__main__":
    main()
