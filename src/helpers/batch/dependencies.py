"""What each output of a build depends on, as digests: the record that lets a later build skip
an output whose inputs have not changed.

An output depends on its notebook, the code (this package and the libraries that shape its
HTML), the records of the provinces it covers (not the whole data file: a correction sent by
one province rebuilds that province's outputs and the overviews that include it), the plan files
of those provinces and of the national programme, the criteria sets, the territory file, the
boundary file, its parameters and the gazetteer. `record()` gives one digest per kind of input;
two records are equal exactly when no input changed.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from .. import criteria as crit
from .. import datasets, gazetteer, records
from ..digests import code_digest, file_digest, files_digest, sha
from ..paths import CRITERIA_DIR, PLANS_DIR
from ..territory import TERRITORY_FILE
from .jobs import NATIONAL, Job

KINDS = ("notebook", "code", "data", "plans", "criteria", "territory", "boundaries", "parameters", "gazetteer")


def _plan_files(slugs: set[str] | None) -> list[Path]:
    """The plan files of these provinces (by the slug their file name starts with) and of the
    national programmes; every plan file when `slugs` is None (the national overview)."""
    files = sorted(PLANS_DIR.glob("*.yaml"))
    if slugs is None:
        return files
    keep = slugs | {"national"}
    return [f for f in files if any(f.stem == s or f.stem.startswith(f"{s}-") for s in keep)]


class Digests:
    """Digests shared by the jobs of one build: computed once, the records of the data hashed
    row by row once and then gathered per province."""

    def __init__(self, dataset: records.Dataset, boundaries: str = ""):
        self.dataset = dataset
        self.boundaries = file_digest(boundaries) if boundaries else ""
        self.criteria = files_digest(list(Path(CRITERIA_DIR).glob("*.yaml")))
        self.territory = file_digest(TERRITORY_FILE)
        self.gazetteer = sha(gazetteer.SOURCE.encode(), metadata.version("vietnamadminunits").encode())
        # what every output says of the data (its coverage follows from each province's records)
        meta = json.dumps({"name": dataset.name, "source": dataset.source, "illustrative": dataset.illustrative},
                          ensure_ascii=False, sort_keys=True)
        self._meta = meta.encode()
        self._communes = self._unit_hashes(dataset.communes, "commune_code")
        self._districts = self._unit_hashes(dataset.districts, "district_code")
        self._notebooks: dict[str, str] = {}

    @staticmethod
    def _unit_hashes(frame: pd.DataFrame, key: str) -> dict[tuple[str, str], bytes]:
        """The records of each unit, by (units its year is assessed on, code): one hash per record
        (every column, in a fixed order), the unit's hashes sorted and joined. A province's digest
        then gathers its units' entries instead of filtering the whole table once per output."""
        if frame is None or frame.empty:
            return {}
        cols = sorted(frame.columns)
        hashes = pd.util.hash_pandas_object(frame[cols].astype("string"), index=False).to_numpy()
        header = pd.util.hash_pandas_object(pd.Series(cols, dtype="string"), index=False).to_numpy()
        rows = pd.DataFrame({"units": crit.units_of_years(frame["year"]).to_numpy(),
                             "code": frame[key].astype(str).to_numpy(),
                             "hash": hashes ^ header.sum()}).sort_values(["units", "code", "hash"])
        units, codes, values = rows["units"].to_numpy(), rows["code"].to_numpy(), rows["hash"].to_numpy()
        starts = np.flatnonzero(np.r_[True, (units[1:] != units[:-1]) | (codes[1:] != codes[:-1])])
        ends = np.r_[starts[1:], len(rows)]
        return {(str(units[a]), str(codes[a])): values[a:b].tobytes() for a, b in zip(starts, ends)}

    def _records(self, communes: tuple[set[str], set[str]] | None, districts: set[str] | None) -> str:
        """Digest of the records a set of units reads: `communes` is (legacy codes, codes of the
        2025 units), each matched with the years assessed on those units."""
        c, d = self._communes, self._districts
        if communes is None:
            ckeys = sorted(c)
        else:
            legacy, new = communes
            ckeys = sorted([k for k in c if (k[0] == "legacy" and k[1] in legacy) or (k[0] == "2025" and k[1] in new)])
        dkeys = sorted(d) if districts is None else sorted(k for k in d if k[1] in districts)
        return sha(self._meta, *(f"{u}:{code}".encode() + c[(u, code)] for u, code in ckeys), b"|",
                   *(f"{u}:{code}".encode() + d[(u, code)] for u, code in dkeys))

    @lru_cache(maxsize=None)  # noqa: B019 (one Digests per build)
    def _province_units(self, slug: str, vintage: str) -> tuple[frozenset, frozenset, frozenset, frozenset]:
        """The commune and district codes whose records a province's outputs read (a province of
        the 2025 units: its own units and every former province it comes from), and the slugs
        whose plans apply."""
        prov = gazetteer.province(slug, vintage)
        legacy = datasets.legacy_provinces(prov)
        communes: set[str] = set()
        districts: set[str] = set()
        for s in legacy:
            communes |= set(gazetteer.communes(s)["code"])
            districts |= set(gazetteer.districts(s)["code"])
        new = set(gazetteer.communes(prov, "2025")["code"]) if vintage == "2025" else set()
        return frozenset(communes), frozenset(new), frozenset(districts), frozenset({prov.slug, *legacy})

    def notebook(self, path: Path) -> str:
        key = str(path)
        if key not in self._notebooks:
            self._notebooks[key] = file_digest(path)
        return self._notebooks[key]

    def record(self, job: Job, notebooks_dir: Path) -> dict[str, str]:
        """The digests of everything an output depends on, by kind of input (KINDS)."""
        vintage = str(job.parameters.get("vintage") or "legacy")
        if job.province == NATIONAL:
            data, plan_slugs = self._records(None, None), None
        else:
            legacy: set[str] = set()
            new: set[str] = set()
            districts: set[str] = set()
            plan_slugs = set()
            for slug in str(job.province).split("+"):
                c, n, d, s = self._province_units(slug, vintage)
                legacy |= c
                new |= n
                districts |= d
                plan_slugs |= s
            data = self._records((legacy, new), districts)
        return {"notebook": self.notebook(Path(notebooks_dir) / job.notebook), "code": code_digest(), "data": data,
                "plans": files_digest(_plan_files(plan_slugs)), "criteria": self.criteria,
                "territory": self.territory, "boundaries": self.boundaries if "boundaries" in job.parameters else "",
                "parameters": sha(json.dumps(job.parameters, sort_keys=True, ensure_ascii=False).encode()),
                "gazetteer": self.gazetteer}

