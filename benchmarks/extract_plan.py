"""Benchmark: `antt extract-plan` stays linear in the size of the document, on hostile texts.

Each case is a document built from a piece repeated n times (long runs of digits after the words
the extractor looks for, letters without punctuation, a target sentence repeated, …). Each is
extracted at n and at 4n; a linear extraction takes about 4 times longer at 4n, a quadratic one
16 times. Prints, per case, the median of --runs runs at each size, its range, and the ratio.
Usage: .venv/bin/python benchmarks/extract_plan.py [--runs N] [--n N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from helpers import plan_text

TARGET = "Đến năm 2025, phấn đấu 100% số xã đạt chuẩn tiêu chí về an ninh, trật tự. "  # read as unparsed
PARSED = "Đến năm 2025, phấn đấu 100% số xã đạt chuẩn chỉ tiêu 19.2 về an ninh, trật tự. "  # a target each time
CASES = {  # name: (head, piece repeated, tail), the piece about 1 character long unless said
    "digits after 'năm'": ("năm ", "2", " có 50% xã"),
    "digits before '%'": ("Đến năm 2025, có ", "1", "% số xã đạt chỉ tiêu 19.2."),
    "digits with commas": ("", "1,", "% xã đạt 19.2"),
    "digits after 'Số:'": ("Số: ", "7", "/KH-UBND"),
    "capitals without punctuation": ("", "A", ", ngày"),
    "words without punctuation": ("Ủy ban nhân dân tỉnh ", "Ab ", ""),
    "district names": ("có thêm huyện ", "Ab ", "đạt chuẩn nông thôn mới"),
    "a sentence repeated (75 chars)": ("", TARGET, ""),
    "a target repeated (80 chars)": ("", PARSED, ""),
}


def timed(text: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        plan_text.extract(text)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--n", type=int, default=50_000, help="characters of the smaller document, about")
    args = ap.parse_args()
    for name, (head, piece, tail) in CASES.items():
        small = [head + piece * max(1, args.n // len(piece)) + tail]
        large = [head + piece * max(1, 4 * args.n // len(piece)) + tail]
        a, b = timed(small[0], args.runs), timed(large[0], args.runs)
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{name:32s} {len(small[0]):>9,} chars {ma * 1000:8.1f} ms ({min(a) * 1000:.1f}–{max(a) * 1000:.1f})  "
              f"{len(large[0]):>9,} chars {mb * 1000:8.1f} ms ({min(b) * 1000:.1f}–{max(b) * 1000:.1f})  "
              f"×{mb / ma:.1f}", flush=True)


if __name__ == "__main__":
    main()
