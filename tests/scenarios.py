"""Data as the users bring it, made from the demo data: a province's first file (one year, no
2019 baseline, no district file), a file of 2026 only, a file covering part of the xã, a folder
holding one file per district, and a year before the period of its criteria set. Each is built
and audited by test_audit.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers import gazetteer
from helpers.paths import DEMO_DIR

SCENARIOS = {  # name → (province, years built)
    "first-file": ("gia-lai", [2025]),
    "only-2026": ("gia-lai", [2026]),
    "partial": ("tuyen-quang", [2025]),
    "per-district": ("tuyen-quang", [2025]),
    "before-period": ("tuyen-quang", [2020]),
}


def _demo() -> pd.DataFrame:
    return pd.read_csv(DEMO_DIR / "communes.csv", dtype={"commune_code": str}, keep_default_na=False)


def _of(df: pd.DataFrame, slug: str, vintage: str = "legacy") -> pd.DataFrame:
    codes = set(gazetteer.communes(slug, vintage)["code"].astype(str))
    return df[df["commune_code"].isin(codes)]


def write(name: str, folder: Path) -> Path:
    """Write one scenario's data under `folder`; returns what `antt build --data` is given."""
    df = _demo()
    folder.mkdir(parents=True, exist_ok=True)
    if name == "first-file":  # the first real file: 2025 only, no baseline, no district file
        path = folder / "so-lieu-gia-lai-2025.csv"
        _of(df, "gia-lai")[lambda d: d["year"] == 2025].to_csv(path, index=False)
        return path
    if name == "only-2026":
        path = folder / "so-lieu-gia-lai-2026.csv"
        _of(df, "gia-lai", "2025")[lambda d: d["year"] == 2026].to_csv(path, index=False)
        return path
    tq = _of(df, "tuyen-quang")
    if name == "partial":  # 2019 and 2025, one commune in five missing
        path = folder / "mot-phan-tuyen-quang.csv"
        part = tq[tq["year"].isin([2019, 2025])]
        missing = sorted(part["commune_code"].unique())[::5]
        part[~part["commune_code"].isin(missing)].to_csv(path, index=False)
        return path
    if name == "per-district":  # one file per district, as each district's police sends it
        out = folder / "tuyen-quang-theo-huyen"
        out.mkdir(exist_ok=True)
        communes = gazetteer.communes("tuyen-quang")[["code", "district_code"]].astype(str)
        both = tq[tq["year"].isin([2019, 2025])].merge(communes, left_on="commune_code", right_on="code")
        for district, rows in both.groupby("district_code"):
            rows.drop(columns=["code", "district_code"]).to_csv(out / f"huyen-{district}.csv", index=False)
        return out
    if name == "before-period":  # 2020: before the 2021–2025 criteria set, assessed on it
        path = folder / "tuyen-quang-2020.csv"
        tq[tq["year"] == 2019].assign(year=2020).to_csv(path, index=False)
        return path
    raise ValueError(name)


def write_all(folder: Path) -> dict[str, Path]:
    return {name: write(name, folder / name) for name in SCENARIOS}
