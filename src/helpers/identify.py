"""Which commune (or district) each row of a user's table is: by GSO code, with or without its
leading zeros, or by name, with or without diacritics and prefix, the district telling namesakes
apart; a code of another province, or a name naming no unit or several, is a located problem.
"""

from __future__ import annotations

from . import gazetteer
from .cells import Cell, CellError, parse_code
from .names import name_key
from .records import FIXED_HEADERS, Problem, vintage_of


class Units:
    """The units a file may name, for one level and vintage (within one province, if given)."""

    def __init__(self, level: str, province: str | gazetteer.Province | None, vintage: str):
        self.level, self.vintage = level, vintage
        self.province = gazetteer.province(province.slug if isinstance(province, gazetteer.Province) else province,
                                           vintage) if province else None
        if level == "district":
            self.units = gazetteer.districts(self.province) if self.province else gazetteer.districts()
            self.everyone = gazetteer.districts().set_index("code")
        else:
            self.units = gazetteer.communes(self.province, vintage) if self.province else gazetteer.communes(
                vintage=vintage)
            self.everyone = gazetteer.communes(vintage=vintage).set_index("code")
        self.known = set(self.units["code"])
        self.by_key: dict[str, list[int]] = {}
        for j, n in enumerate(self.units["name"]):
            self.by_key.setdefault(name_key(n), []).append(j)


class Identifier:
    """The GSO code of each row's unit: from its code, else from its name (and district), among
    the units of the row's year (legacy until 2025, the 2025 units from 2026)."""

    def __init__(self, level: str, province: str | gazetteer.Province | None):
        self.level = level
        self.province = province
        self.width, self.code_col, self.name_col = (3, "district_code", "district_name") if level == "district" \
            else (5, "commune_code", "commune_name")
        self._units: dict[str, Units] = {}

    def units(self, vintage: str) -> Units:
        if vintage not in self._units:
            self._units[vintage] = Units(self.level, self.province, vintage)
        return self._units[vintage]

    def _named(self, u: Units, name: str, district: Cell) -> list[int]:
        """The positions of the units a name may mean: loosely (without diacritics, case or
        prefix), then the one spelt exactly among names that differ only by their diacritics
        (Văn Lang, Văn Lăng), then those of the district given."""
        hits = u.by_key.get(name_key(name), [])
        if len(hits) > 1:
            given = " ".join(name.split()).casefold()
            spelt = [u.units[c] for c in ("name", "short_name") if c in u.units]
            exact = [j for j in hits if any(str(col.iloc[j]).casefold() == given for col in spelt)]
            hits = exact if len(exact) == 1 else hits
        if len(hits) > 1 and self.level == "commune" and not district.blank and "district_name" in u.units:
            dk = name_key(str(district.value))
            hits = [j for j in hits if name_key(u.units["district_name"].iloc[j]) == dk]
        return hits

    def __call__(self, raw: dict, no: int, table, header_of: dict, problems: list[Problem],
                 year: int | None = None) -> str | None:
        header = {k: header_of.get(k, FIXED_HEADERS[k]) for k in FIXED_HEADERS if k.endswith(("_code", "_name"))}

        def problem(col, value, vi, en):
            problems.append(Problem(table.file, no, header[col], value, vi, en, table.sheet))

        vintage = vintage_of(year)
        try:
            u = self.units(vintage)
        except gazetteer.UnknownUnitError:
            problem(self.code_col, None, f"tỉnh {self.province} không còn từ ngày 01/7/2025: số liệu năm {year} ghi "
                    "theo tỉnh mới", f"province {self.province} does not exist in {year} (units from 1 July 2025)")
            return None
        code_cell, name_cell = raw.get(self.code_col, Cell(None)), raw.get(self.name_col, Cell(None))
        if not code_cell.blank:
            try:
                code = parse_code(code_cell, self.width)
            except CellError as err:
                problem(self.code_col, str(code_cell.value), err.reason_vi, err.reason_en)
                return None
            if code in u.known:
                return code
            when = " (đơn vị từ 01/7/2025)" if vintage == "2025" else ""
            if code in u.everyone.index and u.province is not None:
                other = gazetteer.province(u.everyone.loc[code, "province_code"], vintage).name
                problem(self.code_col, str(code_cell.value), f"đơn vị thuộc {other}, không thuộc {u.province.name}",
                        f"unit of another province ({other})")
            else:
                problem(self.code_col, str(code_cell.value), f"mã không có trong danh mục hành chính{when}",
                        "unknown code in the gazetteer" + (" of the units from 1 July 2025" if when else ""))
            return None
        if name_cell.blank:
            problem(self.code_col, None, "thiếu mã và tên đơn vị", "neither code nor name given")
            return None
        name = str(name_cell.value)
        hits = self._named(u, name, raw.get("district_name", Cell(None)))
        if len(hits) == 1:
            return u.units["code"].iloc[hits[0]]
        where = f" của {u.province.name}" if u.province else ""
        if not hits:
            problem(self.name_col, name, "tên không có trong danh mục hành chính" + where,
                    "unknown name in the gazetteer" + (" of this province" if u.province else ""))
        else:
            if vintage == "legacy":
                problem(self.name_col, name, f"tên trùng {len(hits)} đơn vị: ghi thêm mã hoặc huyện",
                        f"name matches {len(hits)} units: give the code or the district")
            else:  # no district since 1 July 2025: only the code tells them apart
                problem(self.name_col, name, f"tên trùng {len(hits)} đơn vị: ghi thêm mã xã (từ 01/7/2025 không còn "
                        "cấp huyện)", f"name matches {len(hits)} units: give the commune code (no district level "
                        "since 1 July 2025)")
        return None
