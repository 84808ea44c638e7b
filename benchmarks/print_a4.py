"""Measure: reports printed on A4 by headless Chromium, as tests/test_leaders.py prints them:
the number of pages, whether each carries "Trang x/y", and how much of each page is used (the
share of the page's height between its first and last inked row, above the page number).

Usage: .venv/bin/python benchmarks/print_a4.py REPORT.html [REPORT.html ...] [--pngs FOLDER]
(--pngs also writes each PDF's first and last pages as images, to look at).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from lab import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def page_fill(image: np.ndarray) -> float:
    """The share of a page's height in use, above its page number (the bottom 7 %)."""
    body = image[: int(image.shape[0] * 0.93)]
    rows = np.flatnonzero((body < 245).any(axis=1))
    return float(rows.max() - rows.min()) / body.shape[0] if len(rows) else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="+", type=Path)
    ap.add_argument("--pngs", type=Path, default=None)
    args = ap.parse_args()
    import pypdfium2 as pdfium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for report in args.reports:
            page = browser.new_page()
            page.goto(report.resolve().as_uri(), wait_until="load")
            page.wait_for_timeout(500)
            pdf_path = Path(tmp) / f"{report.stem}.pdf"
            page.pdf(path=str(pdf_path), format="A4", prefer_css_page_size=True, print_background=True)
            page.close()
            pdf = pdfium.PdfDocument(str(pdf_path))
            n = len(pdf)
            fills, numbered = [], 0
            for i in range(n):
                numbered += f"Trang {i + 1}/{n}" in pdf[i].get_textpage().get_text_range()
                image = pdf[i].render(scale=1).to_pil()
                fills.append(page_fill(np.asarray(image.convert("L"))))
                if args.pngs and i in (0, n - 1):
                    args.pngs.mkdir(parents=True, exist_ok=True)
                    image.save(args.pngs / f"{report.stem}-{i + 1}.png")
            print(f"{report.name}: {n} pages, {numbered}/{n} with 'Trang x/y'; page fill "
                  + " ".join(f"{f:.2f}" for f in fills))
        browser.close()


if __name__ == "__main__":
    main()
