"""Compare two output folders of `antt build` (e.g. before and after a change, both built with the
same SOURCE_DATE_EPOCH): which files are byte-identical, which are identical once branca's element
ids are numbered by first appearance, and, of the others, which differ only in their PNG images
(with the printed width of those images) and which differ in their text.

Usage: .venv/bin/python benchmarks/same_outputs.py BEFORE AFTER
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ID = re.compile(r"(?<=_)(?:antt[_a-z]*\d{5}|[0-9a-f]{32})(?![0-9a-z])")
PNG = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")
PRINT_WIDTH = re.compile(r"--print-width: [\d.]+mm")


def ids_numbered(text: str) -> str:
    seen: dict[str, str] = {}
    return ID.sub(lambda m: seen.setdefault(m.group(), f"ID{len(seen):05d}"), text)


def main() -> None:
    before, after = (Path(a) for a in sys.argv[1:3])
    counts = {"byte-identical": 0, "identical but for element ids": 0, "differing only in PNG images": 0,
              "differing in text": 0, "missing": 0}
    for f in sorted(p for p in before.rglob("*") if p.is_file() and p.name != "manifest.json"):
        g = after / f.relative_to(before)
        if not g.exists():
            counts["missing"] += 1
            print("missing:", g)
            continue
        x, y = f.read_bytes(), g.read_bytes()
        if x == y:
            counts["byte-identical"] += 1
            continue
        a, b = ids_numbered(x.decode()), ids_numbered(y.decode())
        if a == b:
            counts["identical but for element ids"] += 1
        elif PRINT_WIDTH.sub("", PNG.sub("", a)) == PRINT_WIDTH.sub("", PNG.sub("", b)):
            changed = [i for i, (p, q) in enumerate(zip(PNG.findall(a), PNG.findall(b))) if p != q]
            counts["differing only in PNG images"] += 1
            print(f"images {changed} differ: {f.relative_to(before)}")
        else:
            counts["differing in text"] += 1
            print(f"text differs: {f.relative_to(before)}")
    print("; ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
