"""Project paths, resolved from this file (never from the current directory).

`ANTT_ROOT` overrides the project root, e.g. for a workbook installed outside its checkout.
This module imports nothing else from the package.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = Path(os.environ.get("ANTT_ROOT", PACKAGE_DIR.parents[1])).resolve()

DATA_DIR = PROJECT_ROOT / "data"
DEMO_DIR = DATA_DIR / "demo"
PLANS_DIR = DATA_DIR / "plans"
CRITERIA_FILE = DATA_DIR / "criteria.yaml"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
ASSETS_DIR = PACKAGE_DIR / "assets"
CACHE_DIR = Path(os.environ.get("ANTT_CACHE", PROJECT_ROOT / ".cache")).resolve()


def reports_dir(out: Path | str | None = None) -> Path:
    """Directory of reports, index.html and manifest.json under an output root."""
    return Path(out or PROJECT_ROOT) / "reports"


def maps_dir(out: Path | str | None = None) -> Path:
    """Directory of the HTML maps under an output root."""
    return Path(out or PROJECT_ROOT) / "maps"


def resolve(path: Path | str) -> Path:
    """Resolve a user path: absolute as given, relative to the project root otherwise."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else (PROJECT_ROOT / p)
