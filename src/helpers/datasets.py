"""The data a notebook or a build reads: a source (a user's file or folder, or the demo data)
read and checked once per content of its files (helpers.loader), kept in the store's memory.

The demo data covers any province asked for: the committed files hold the seed provinces and
the others get records from the same deterministic generator (helpers.demo), generated once per
build (the build `share`s the data it covered; its workers fork and inherit it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import criteria as crit
from . import gazetteer, labels, loader, records, store, vintage
from .digests import files_digest
from .paths import DEMO_DIR, resolve

# what the store keeps in memory, by kind
READ = "data read"  # a source read and checked
COVERING = "demo data covering provinces"  # the demo data with the records of more provinces
OF_BUILD = "demo data of the build"  # the demo data covering every province of a build


@dataclass(frozen=True)
class Source:
    """A data source: `path` (absolute; "" for the demo data) and the digest of the content of
    its files (not their sizes or times, which a copy keeps)."""

    path: str
    content: str

    @property
    def folder_or_file(self) -> Path:
        return Path(self.path) if self.path else DEMO_DIR

    @property
    def is_demo(self) -> bool:
        return self.folder_or_file.resolve() == DEMO_DIR.resolve()


def source(data: str | Path | None) -> Source:
    """The source a user names (a path as a shell means it; "" or None: the demo data)."""
    path = str(resolve(data)) if data else ""
    p = Source(path, "").folder_or_file
    files = [f for f in sorted(p.iterdir()) if f.is_file()] if p.is_dir() else [p]
    return Source(path, files_digest([f for f in files if f.exists()]))


def read(src: Source) -> records.Dataset:
    """The source read and checked, once per content (records.DataError on bad data). Nothing of
    it is kept on disk: a cache of records would be one more copy to trust."""
    return store.remember(READ, src, lambda: loader.read(src.path or None))


def covering(src: Source, provinces: tuple[str, ...] = (), provinces_2025: tuple[str, ...] = ()) -> records.Dataset:
    """The source's data; the demo data covering `provinces` (legacy slugs) and, in the years on
    the 2025 units, `provinces_2025`: provinces beyond the committed ones get records from the
    same generator (or from what the build shared)."""
    dataset = read(src)
    if not (provinces or provinces_2025) or not (dataset.illustrative and src.is_demo):
        return dataset
    from . import demo

    wider = store.recall(OF_BUILD, src)
    if wider is not None and demo.covers(wider, provinces, provinces_2025):
        return wider
    return store.remember(COVERING, (src, tuple(provinces), tuple(provinces_2025)),
                          lambda: demo.covering(dataset, provinces, provinces_2025))


def share(dataset: records.Dataset, src: Source) -> None:
    """Keep the demo data as covered for a whole build where every notebook of the build finds
    it: a notebook then takes its province's generated records from it instead of generating
    them again (in memory: the workers fork from the build)."""
    if dataset.illustrative and src.is_demo:
        store.keep(OF_BUILD, src, dataset)


def legacy_provinces(prov: gazetteer.Province) -> tuple[str, ...]:
    """The legacy provinces whose records a province's report needs: itself, or (2025 units)
    every legacy province its communes come from."""
    if prov.vintage == "legacy":
        return (prov.slug,)
    return tuple(vintage.former_provinces(prov))


def for_provinces(src: Source, provinces: tuple[gazetteer.Province, ...], units: str,
                  national: bool = False) -> records.Dataset:
    """The data of these provinces on `units` (of every province, `national`): the demo data
    covers the legacy provinces whose records they read and, on the 2025 units, their own."""
    if national:
        legacy = tuple(gazetteer.provinces()["slug"])
        new = tuple(gazetteer.provinces("2025")["slug"]) if units == "2025" else ()
    else:
        legacy = tuple(dict.fromkeys(s for p in provinces for s in legacy_provinces(p)))
        new = tuple(p.slug for p in provinces) if units == "2025" else ()
    return covering(src, legacy, new)


def _xa_records(dataset: records.Dataset, prov: gazetteer.Province, own_units: bool = True) -> pd.DataFrame:
    """The records of the xã a province's report reads: of its legacy communes (every former
    province's, on the 2025 units) and of its own units; with `own_units`, in the years on the
    2025 units only those of its own units."""
    units = pd.concat([gazetteer.communes(s) for s in legacy_provinces(prov)] +
                      ([gazetteer.communes(prov, "2025")] if prov.vintage == "2025" else []))
    xa = set(units.loc[units["type"] == labels.XA, "code"])
    recs = dataset.communes[dataset.communes["commune_code"].isin(xa)]
    if own_units and prov.vintage == "2025":
        mine = gazetteer.communes(prov, "2025")
        mine = set(mine.loc[mine["type"] == labels.XA, "code"])
        on_new = crit.units_of_years(recs["year"]).eq("2025").astype(bool)
        recs = recs[~on_new | recs["commune_code"].isin(mine)]
    return recs


def years_of(dataset: records.Dataset, prov: gazetteer.Province) -> list[int]:
    """The years in which the data holds a record of a xã of the province (on its units)."""
    return sorted(set(_xa_records(dataset, prov)["year"].dropna().astype(int)))


def require_records(dataset: records.Dataset, prov: gazetteer.Province, years: list[int] | None = None) -> None:
    """Refuse a province of which the data holds no xã record (in any of `years`, when given):
    its map would be all 'no data' and its rates 0 %, a wrong input rather than a finding."""
    recs = _xa_records(dataset, prov, own_units=bool(years))
    if recs.empty:
        raise ValueError(f"{dataset.path}: no record for any commune of {prov.name}; "
                         f"give a data folder or file that covers it")
    for year in years or []:
        if not (recs["year"] == year).any():
            raise ValueError(f"{dataset.path}: no data for any xã of {prov.name} in {year}; the data of this province "
                             f"has {', '.join(map(str, sorted(set(recs['year'].dropna().astype(int)))))}")
