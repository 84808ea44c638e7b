"""Count how often one province report looks its province and criteria sets up.

Runs notebook 01 for a province and year in this process (papermill, the build's in-process
engine), after the data and the shapes were prepared as a build's parent prepares them before
its workers fork, and counts the calls of gazetteer.province and criteria.for_year meanwhile.
Prints the counts and the places that call most.

Usage: .venv/bin/python benchmarks/lookups.py [PROVINCE] [YEAR]   (default: tuyen-quang 2025)
"""

from __future__ import annotations

import collections
import os
import sys
import tempfile
import traceback

import papermill

from helpers import criteria, gazetteer, render, request, shapes
from helpers.paths import NOTEBOOKS_DIR


def main() -> None:
    province, year = (sys.argv[1] if len(sys.argv) > 1 else "tuyen-quang"), int(sys.argv[2] if len(sys.argv) > 2 else 2025)
    req = request.resolve(province, year)
    req.dataset()
    shapes.province(req.province)
    render.warm_up()
    calls: collections.Counter = collections.Counter()
    places: collections.Counter = collections.Counter()

    def counted(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            caller = traceback.extract_stack(limit=2)[0]
            places[(name, os.path.basename(caller.filename), caller.lineno)] += 1
            return real(*args, **kwargs)

        setattr(module, name, wrapper)

    counted(gazetteer, "province")
    counted(criteria, "for_year")
    with tempfile.TemporaryDirectory() as tmp:
        papermill.execute_notebook(str(NOTEBOOKS_DIR / "01_commune_attainment.ipynb"), os.path.join(tmp, "out.ipynb"),
                                   parameters={"province": province, "year": year}, engine_name="antt-inprocess",
                                   progress_bar=False, log_output=False)
    print(f"{province} {year}: gazetteer.province {calls['province']} calls, criteria.for_year "
          f"{calls['for_year']} calls (distinct years of the data: {len(req.dataset().years())})")
    for (name, file, line), n in places.most_common(10):
        print(f"  {n:4d}  {name:9s} {file}:{line}")


if __name__ == "__main__":
    main()
