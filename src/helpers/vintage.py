"""Legacy records carried to the 2025 units (from 1 July 2025) through the crosswalk.

Rule for a new commune formed from several legacy ones (its predecessors):
- it attains the basic (advanced) indicator only when every predecessor xã attains it; it does not when
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

from functools import lru_cache

import pandas as pd

from . import criteria as crit
from . import gazetteer
from .records import CRIME, NOTE, commune_columns

UNITS_LABEL = " (đơn vị hành chính từ 01/7/2025)"  # after a title whose years were carried to these units


def units_label(vintage_: str, year: int) -> str:
    """What a title adds when a year is shown on units it was not assessed on (a year until
    2025 carried to the units of 1 July 2025); nothing for a year on its own units."""
    return UNITS_LABEL if vintage_ == "2025" and crit.units_of_year(int(year)) != vintage_ else ""


def rule_text(c: crit.Criteria) -> str:
    """The carrying rule in words, with the indicators of the set the carried years were assessed on."""
    return _RULE_TEXT.format(basic=c.short("basic"), advanced=c.short("advanced"))


_RULE_TEXT = (
    "Quy tắc quy đổi sang đơn vị hành chính từ 01/7/2025: một xã mới đạt chỉ tiêu {basic} (hoặc {advanced}) "
    "khi mọi xã cũ hợp thành đều đạt; không đạt khi có xã cũ không đạt; chưa xác định khi có xã cũ thiếu số "
    "liệu. Phường, thị trấn cũ không được tính. Xã cũ bị chia cho nhiều đơn vị mới: kết quả đánh giá được "
    "dùng cho mỗi đơn vị mới, còn số vụ phạm tội chỉ tính cho đơn vị mới mặc định để không tính trùng. "
    "Đây là quy tắc của công cụ, chưa có hướng dẫn chính thức."
)


UNKNOWN_ORIGIN = "__"  # group of a 2025 unit the crosswalk links to no legacy commune


def units_2025(prov: str | gazetteer.Province) -> pd.DataFrame:
    """The 2025 units of a province, each with the legacy province it (mostly) came from as its
    group (district_code / district_name), so that tables and maps can show the former provinces."""
    return _units_2025(gazetteer.province(prov, "2025").code).copy()


@lru_cache(maxsize=None)
def _main_origin() -> pd.Series:
    """The legacy province most predecessors of each 2025 unit belong to (by 2025 code)."""
    xw = gazetteer.crosswalk()
    legacy = gazetteer.communes().set_index("code")
    origin = xw.assign(province_code=xw["legacy_code"].map(legacy["province_code"]))
    return origin.groupby("code_2025")["province_code"].agg(lambda s: s.mode().iloc[0])


@lru_cache(maxsize=None)
def _units_2025(code: str) -> pd.DataFrame:
    p = gazetteer.province(code, "2025")
    units = gazetteer.communes(p, "2025")
    main = _main_origin()
    out = units.copy()
    out["district_code"] = out["code"].map(main).fillna(UNKNOWN_ORIGIN)
    names = {c: f"{gazetteer.province(c).name} (cũ)" for c in out["district_code"].unique() if c != UNKNOWN_ORIGIN}
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


def carry(records: pd.DataFrame, prov: str | gazetteer.Province) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Legacy commune records → records of the province's 2025 units (same columns), and a detail
    frame (code, year, predecessors, xa, basic_attained) of how each verdict was formed."""
    c = crit.for_year(crit.DEFAULT_YEAR)  # legacy records: the 2021–2025 set
    xw = predecessors(prov)
    rec = records.reindex(columns=commune_columns()).merge(xw, left_on="commune_code", right_on="legacy_code", how="inner")
    bool_cols = [s.id for ind in c.for_level("commune") for s in ind.sub_conditions if s.kind == "boolean"]
    bool_cols += c.verdict_columns("commune")
    ratio_cols = [s.id for ind in c.for_level("commune") for s in ind.sub_conditions if s.kind == "ratio_min"]
    keys = ["code_2025", "year"]
    index = rec.groupby(keys, sort=True).size().index  # every (2025 unit, year) with a record
    xa = rec[rec["legacy_type"] == "Xã"]
    by = [xa["code_2025"], xa["year"]]
    n_xa = xa.groupby(by).size().reindex(index, fill_value=0)
    out = pd.DataFrame(index=index)
    for col in bool_cols:
        # three-valued AND over the predecessor xã: one False decides; True needs every one known
        v = xa[col].astype("boolean")
        counts = pd.DataFrame({"false": v.eq(False).fillna(False).astype(int), "known": v.notna().astype(int)})
        agg = counts.groupby(by).sum().reindex(index, fill_value=0)
        res = pd.Series(pd.NA, index=index, dtype="boolean")
        res[(agg["false"] == 0) & (agg["known"] == n_xa) & (n_xa > 0)] = True
        res[agg["false"] > 0] = False
        out[col] = res
    for col in ratio_cols:
        # the weakest predecessor decides whether the threshold holds for all
        g = xa[col].astype(float).groupby(by)
        known = (g.count() == g.size()).reindex(index, fill_value=False) & (n_xa > 0)
        out[col] = g.min().reindex(index).where(known)
    default = rec[rec["default"].astype(bool)]
    out[CRIME] = default.groupby(keys)[CRIME].sum(min_count=1).reindex(index).astype("Int64")
    out[NOTE] = None
    out = out.reset_index().rename(columns={"code_2025": "commune_code"}).reindex(columns=commune_columns())
    for col in bool_cols:
        out[col] = out[col].astype("boolean")
    out[CRIME] = out[CRIME].astype("Int64")
    out["year"] = out["year"].astype("Int64")
    attained = xa[c.commune_indicator("basic").verdict_column].astype("boolean").eq(True).fillna(False).astype(int).groupby(by).sum()
    details = pd.DataFrame({
        "code": index.get_level_values(0), "year": index.get_level_values(1).astype(int),
        "predecessors": rec.groupby(keys, sort=True)["legacy_name"].agg(", ".join).reindex(index).to_numpy(),
        "xa": n_xa.to_numpy(), "basic_attained": attained.reindex(index, fill_value=0).astype(int).to_numpy()})
    return out, details


def former_provinces(prov: str | gazetteer.Province) -> list[str]:
    """Slugs of the legacy provinces a 2025 province is made of (those of its units' predecessors)."""
    codes = sorted(set(units_2025(prov)["district_code"].astype(str)) - {UNKNOWN_ORIGIN})
    return [gazetteer.province(c).slug for c in codes]


def records_on(prov: gazetteer.Province, records: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Commune records on the units of a province's vintage: for the legacy units, the records
    of the years assessed on them; for the 2025 units, the legacy years carried to them (with how
    each verdict was formed) and the years assessed on the 2025 units themselves."""
    on_legacy = crit.units_of_years(records["year"]).eq("legacy").astype(bool)
    if prov.vintage == "legacy":
        return records[on_legacy], None
    carried, detail = carry(records[on_legacy], prov)
    codes = set(units_2025(prov)["code"])
    native = records[~on_legacy & records["commune_code"].isin(codes)].reindex(columns=carried.columns)
    out = pd.concat([carried, native.astype(carried.dtypes.to_dict())], ignore_index=True) if len(native) else carried
    return out, detail
