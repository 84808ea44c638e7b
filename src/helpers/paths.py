"""Project paths, resolved from this file (never from the current directory).

`ANTT_ROOT` overrides the project root, e.g. for a workbook installed outside its checkout;
`ANTT_CACHE` the cache folder. This module imports nothing else from the package.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = Path(os.environ.get("ANTT_ROOT", PACKAGE_DIR.parents[1])).resolve()

DATA_DIR = PROJECT_ROOT / "data"
DEMO_DIR = DATA_DIR / "demo"
PLANS_DIR = DATA_DIR / "plans"
# criteria sets, one file each (tests and other tools point ANTT_CRITERIA at a folder of their own)
CRITERIA_DIR = Path(os.environ.get("ANTT_CRITERIA") or DATA_DIR / "criteria").expanduser().resolve()
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
ASSETS_DIR = PACKAGE_DIR / "assets"
# computed geometry, reused across runs: the user's cache folder (XDG), never the project tree,
# so that running a notebook writes no file in the project
CACHE_DIR = Path(os.environ.get("ANTT_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                 / "antt-workbook").expanduser().resolve()


def reports_dir(out: Path | str | None = None) -> Path:
    """Directory of reports, index.html and manifest.json under an output root."""
    return Path(out or PROJECT_ROOT) / "reports"


def maps_dir(out: Path | str | None = None) -> Path:
    """Directory of the HTML maps under an output root."""
    return Path(out or PROJECT_ROOT) / "maps"


def resolve(path: Path | str) -> Path:
    """A path a user gave (on the command line, in a notebook's parameters), as a shell means it:
    `~` expanded, relative to the current folder, made absolute (the batch hands it to notebooks
    that run in their own folder)."""
    return Path(path).expanduser().absolute()
