"""Measure: how much of each map its controls cover at the opening view, on a phone (390×844)
and a desktop (1366×900), in headless Chromium, with the measure tests/test_leaders.py asserts
(at most 15 % on a phone, 8 % on a desktop; no two controls overlap; no sideways scrolling).

Reads two build folders: one of the seed provinces (`antt build --year 2025 --out SEED`) and one
of the whole country (`antt build --province all --out COUNTRY`). Prints a line per map.
Usage: .venv/bin/python benchmarks/map_controls.py SEED COUNTRY
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_leaders as leaders  # noqa: E402

from lab import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def targets(seed: Path, country: Path) -> list[tuple[str, Path]]:
    """(kind, page): stand-alone maps, and reports whose maps are in frames."""
    return [("map", seed / "maps" / "tuyen-quang-2025.html"), ("map", seed / "maps" / "gia-lai-2025.html"),
            ("map", country / "maps" / "khanh-hoa-2025.html"), ("map", country / "maps" / "national-2025.html"),
            ("report", seed / "reports" / "gia-lai-2025.html"),
            ("report", seed / "reports" / "comparison-tuyen-quang-gia-lai-2025.html")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seed", type=Path)
    ap.add_argument("country", type=Path)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in ("phone", "desktop"):
            for kind, path in targets(args.seed.resolve(), args.country.resolve()):
                page, errors = leaders._open(browser, path, size)
                frames = page.locator("iframe.antt-map").count() if kind == "report" else 0
                roots = [page.frame_locator("iframe.antt-map").nth(i).locator("body") for i in range(frames)] \
                    if kind == "report" else [page.locator("body")]
                width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
                for i, root in enumerate(roots):
                    root.locator("path.leaflet-interactive").first.wait_for()
                    covered = leaders._check_map(root, size, path.name)
                    which = f"map {i + 1}" if kind == "report" else ""
                    print(f"{size:8s} {path.name:45s} {which:6s} controls cover {covered:5.1%} of the map; "
                          f"page {width[0]} px on a {width[1]} px screen; script errors {len(errors)}")
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
