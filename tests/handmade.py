"""A small hand-made province for the analyses' tests: statuses written out commune by commune."""

import pandas as pd

from helpers.labels import ADVANCED, BASIC, NO_DATA, NOT_APPLICABLE, NOT_ATTAINED
from helpers.plan_schema import Target


def status(rows: list[tuple]) -> pd.DataFrame:
    """(code, district_code, type, status, failing) → a frame shaped as attainment.commune_status."""
    df = pd.DataFrame(rows, columns=["code", "district_code", "type", "status", "failing"])
    df["name"] = "Xã " + df["code"]
    df["short_name"] = df["code"]
    df["district_name"] = "Huyện " + df["district_code"]
    return df


def target(tid: str, grade: str, comparison: str, threshold: float) -> Target:
    return Target(id=tid, metric="share_communes", level="commune", indicator="19.2", grade=grade,
                  comparison=comparison, threshold=threshold, count=None, of=None, deadline=2025, baseline_year=None,
                  units=(), source="câu trong kế hoạch")


# District D1: 10 xã, 9 attain 19.2 (x01, x02 advanced), x10 fails one condition.
# District D2: 5 xã: x11 advanced, x12 basic, x13 fails one condition, x14 two, x15 has no data.
# A phường (p01) is outside the commune criteria. Province: 15 xã, 11 attain 19.2, 3 advanced.
PROVINCE = status(
    [(f"x{i:02d}", "D1", "Xã", ADVANCED if i <= 2 else BASIC,
      [] if i <= 2 else (["safe_standard_tt124"] if i == 3 else ["safe_standard_tt124", "safe_residential_share"]))
     for i in range(1, 10)]
    + [("x10", "D1", "Xã", NOT_ATTAINED, ["no_mass_complaints", "safe_standard_tt124"]),
       ("x11", "D2", "Xã", ADVANCED, []),
       ("x12", "D2", "Xã", BASIC, ["safe_residential_share"]),
       ("x13", "D2", "Xã", NOT_ATTAINED, ["no_serious_crime"]),
       ("x14", "D2", "Xã", NOT_ATTAINED, ["no_serious_crime", "resolution_and_plan"]),
       ("x15", "D2", "Xã", NO_DATA, []),
       ("p01", "D1", "Phường", NOT_APPLICABLE, [])])
# the year before: x13 attained 19.2, x10 did not
PREVIOUS = PROVINCE.assign(status=[BASIC if c == "x13" else s for c, s in zip(PROVINCE["code"], PROVINCE["status"])])
