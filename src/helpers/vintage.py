"""Legacy records carried to the 2025 units (from 1 July 2025) through the crosswalk.

Rule for a new commune formed from several legacy ones (its predecessors):
- it attains basic (advanced) 19.2 only when every predecessor xã attains it; it does not when
  any predecessor xã does not; otherwise (a predecessor xã without a verdict) it is undecided.
  Predecessor phường and thị trấn carry no verdict and do not count. The same rule applies to
  each sub-condition. The share of predecessor xã attaining is kept and shown beside the verdict.
- its crime count is the sum of its predecessors'; a legacy commune split between several new
  units gives its whole record to each of them for the verdicts (each part inherits the same
  assessment) but its crime count only to its default new unit, so no case is counted twice.
- a new phường or đặc khu is "not applicable", as a legacy phường or thị trấn was.
No official rule was found (DOMAIN notes); this one is conservative and stated in every report.
"""

from __future__ import annotations

import pandas as pd

from . import criteria as crit
from . import gazetteer
from .loader import CRIME, NOTE, commune_columns

RULE_TEXT = (
    "Quy tắc quy đổi sang đơn vị hành chính từ 01/7/2025: một xã mới đạt chỉ tiêu 19.2 (hoặc 19.2 nâng cao) "
    "khi mọi xã cũ hợp thành đều đạt; không đạt khi có xã cũ không đạt; chưa xác định khi có xã cũ thiếu số "
    "liệu. Phường, thị trấn cũ không được tính. Xã cũ bị chia cho nhiều đơn vị mới: kết quả đánh giá được "
    "dùng cho mỗi đơn vị mới, còn số vụ phạm tội chỉ tính cho đơn vị mới mặc định để không tính trùng. "
    "Đây là quy tắc của công cụ, chưa có hướng dẫn chính thức."
)


def units_2025(prov: str | gazetteer.Province) -> pd.DataFrame:
    """The 2025 units of a province, each with the legacy province it (mostly) came from as its
    group (district_code / district_name), so that tables and maps can show the former provinces."""
    p = gazetteer.province(prov, "2025")
    units = gazetteer.communes(p, "2025")
    xw = gazetteer.crosswalk()
    legacy = gazetteer.communes().set_index("code")
    origin = xw.assign(province_code=xw["legacy_code"].map(legacy["province_code"]))
    main = origin.groupby("code_2025")["province_code"].agg(lambda s: s.mode().iloc[0])
    out = units.copy()
    out["district_code"] = out["code"].map(main).fillna("__")
    names = {c: f"{gazetteer.province(c).name} (cũ)" for c in out["district_code"].unique() if c != "__"}
    out["district_name"] = out["district_code"].map(names).fillna("Không rõ đơn vị cũ")
    return out


def predecessors(prov: str | gazetteer.Province) -> pd.DataFrame:
    """Crosswalk rows of the province's 2025 units: code_2025, legacy_code, default, legacy type."""
    units = units_2025(prov)
    xw = gazetteer.crosswalk()
    xw = xw[xw["code_2025"].isin(set(units["code"]))].copy()
    legacy = gazetteer.communes().set_index("code")
    xw["legacy_type"] = xw["legacy_code"].map(legacy["type"])
    xw["legacy_name"] = xw["legacy_code"].map(legacy["name"])
    return xw.reset_index(drop=True)


def _and3(values: pd.Series) -> object:
    vals = [v for v in values if v is not None and v is not pd.NA and not (isinstance(v, float) and pd.isna(v))]
    if any(v is False or v == False for v in vals):  # noqa: E712
        return False
    if len(vals) == len(values) and vals:
        return True
    return pd.NA


def carry(records: pd.DataFrame, prov: str | gazetteer.Province) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Legacy commune records → records of the province's 2025 units (same columns), and a detail
    frame (code, year, predecessors, xa, basic_share) of how each verdict was formed."""
    c = crit.load_criteria()
    xw = predecessors(prov)
    rec = records.reindex(columns=commune_columns()).merge(xw, left_on="commune_code", right_on="legacy_code", how="inner")
    bool_cols = [s.id for ind in c.for_level("commune") for s in ind.sub_conditions if s.kind == "boolean"]
    bool_cols += c.verdict_columns("commune")
    ratio_cols = [s.id for ind in c.for_level("commune") for s in ind.sub_conditions if s.kind == "ratio_min"]
    rows, details = [], []
    for (code, year), grp in rec.groupby(["code_2025", "year"], sort=True):
        xa = grp[grp["legacy_type"] == "Xã"]
        row = {"commune_code": code, "year": int(year)}
        for col in bool_cols:
            row[col] = _and3(xa[col].astype(object)) if len(xa) else pd.NA
        for col in ratio_cols:
            # the weakest predecessor decides whether the threshold holds for all
            row[col] = xa[col].min() if len(xa) and xa[col].notna().all() else pd.NA
        crimes = grp.loc[grp["default"], CRIME]
        row[CRIME] = int(crimes.sum()) if crimes.notna().any() else pd.NA
        row[NOTE] = None
        rows.append(row)
        basic = xa["basic_19_2"].astype(object)
        details.append({"code": code, "year": int(year), "predecessors": ", ".join(grp["legacy_name"]),
                        "xa": len(xa), "basic_attained": int(sum(v is True or v == True for v in basic  # noqa: E712
                                                                 if v is not pd.NA and v is not None))})
    out = pd.DataFrame(rows).reindex(columns=commune_columns())
    for col in bool_cols:
        out[col] = out[col].astype("boolean")
    out[CRIME] = out[CRIME].astype("Int64")
    out["year"] = out["year"].astype("Int64")
    return out, pd.DataFrame(details)
