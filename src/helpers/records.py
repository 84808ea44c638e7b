"""The data model: a source's commune and district records (Dataset), their columns and headers,
the problems found in them, and a data folder's dataset.yaml.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from . import criteria as crit
from .names import fold

COMMUNE_KEYS = ["commune_code", "year"]


DISTRICT_KEYS = ["district_code", "year"]


CRIME = "crime_cases"


NOTE = "note"


NTM_STATUS = "ntm_status"


NTM_STATUS_LABELS = {
    "dat_chuan": "Đạt chuẩn huyện nông thôn mới",
    "hoan_thanh_nhiem_vu": "Hoàn thành nhiệm vụ xây dựng nông thôn mới",
    "chua_dat": "Chưa đạt chuẩn",
}


TRUE_TEXT = "Đạt"


FALSE_TEXT = "Không đạt"


COMMUNE_SHEET = "Xã"


DISTRICT_SHEET = "Huyện"


# columns that describe a unit without deciding anything: given twice, a warning (the code decides)
DESCRIPTIVE = {"commune_name", "district_name", "commune_type", NOTE}


INSTRUCTIONS_SHEET = "Hướng dẫn"  # the template's first sheet


TEMPLATE_TITLE = "Mẫu nhập số liệu tiêu chí an ninh, trật tự"  # the first line of its instructions


LOCATION = ["_file", "_sheet", "_row"]  # where each record was read (kept until the checks are done)


GROUP = crit.GROUP


# Vietnamese headers (and other headers data files use) of the columns that are not
# sub-conditions or verdicts: those come from the criteria sets (helpers.criteria)
FIXED_HEADERS = {
    "commune_code": "Mã xã", "commune_name": "Tên xã", "commune_type": "Loại đơn vị", "district_code": "Mã huyện",
    "district_name": "Huyện", "year": "Năm", GROUP: "Nhóm xã", CRIME: "Số vụ phạm tội về TTXH", NOTE: "Ghi chú",
    NTM_STATUS: "Tình trạng nông thôn mới",
}


ALIASES = {
    "commune_code": ["ma xa", "ma don vi", "ma dvhc", "ma", "code", "ward code", "ma phuong xa"],
    "commune_name": ["ten xa", "xa", "ten don vi", "don vi", "commune", "ten"],
    "district_code": ["ma huyen"],
    "district_name": ["huyen", "ten huyen", "district"],
    "year": ["nam", "year", "nam danh gia"],
    GROUP: ["nhom xa", "nhom", "group", "nhom (1, 2, 3)"],
    CRIME: ["so vu pham toi ve ttxh", "so vu pham toi ve trat tu xa hoi", "so vu ttxh", "so vu"],
    NOTE: ["ghi chu", "note"],
    NTM_STATUS: ["tinh trang nong thon moi", "tinh trang ntm"],
}


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located precisely, with its reason in Vietnamese and English.
    An error stops the data from being used; a warning (data missing) does not."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason_vi: str
    reason_en: str
    sheet: str | None = None
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        val = f" value {self.value!r}:" if self.value not in (None, "") else ""
        mark = "warning / cảnh báo: " if self.severity == "warning" else ""
        return f"{', '.join(where)}:{val} {mark}{self.reason_en} / {self.reason_vi}"


class DataError(ValueError):
    """Input data with problems; `problems` lists each one (errors first)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: p.severity != "error")
        errors = [p for p in self.problems if p.severity == "error"]
        head = "\n".join(str(p) for p in errors[:20])
        more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} problem(s) in the data:\n{head}{more}")


@dataclass
class Dataset:
    """Attainment records of one data source; `warnings` are the problems that did not stop it
    (communes or years without data)."""

    communes: pd.DataFrame
    districts: pd.DataFrame
    name: str
    source: str
    illustrative: bool
    path: Path
    meta: dict = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def years(self) -> list[int]:
        return sorted(int(y) for y in self.communes["year"].dropna().unique())

    def until(self, year: int) -> "Dataset":
        """The same data without the years after `year`: what a report or frame of that year
        may show (a 2024 report never shows 2025)."""
        def upto(frame: pd.DataFrame) -> pd.DataFrame:
            if frame.empty or "year" not in frame or not (frame["year"] > year).any():
                return frame
            return frame[~(frame["year"] > year)]

        communes, districts = upto(self.communes), upto(self.districts)
        if communes is self.communes and districts is self.districts:
            return self
        return dataclasses.replace(self, communes=communes, districts=districts)

    def latest_year(self) -> int:
        years = self.years()
        if not years:
            raise ValueError(f"{self.path}: the data holds no record (every row is empty)")
        return years[-1]

    @property
    def provenance(self) -> str:
        """What a report's footer says of the data: its name, status and source."""
        status = "dữ liệu minh họa (giả lập)" if self.illustrative else "dữ liệu do người dùng cung cấp"
        if fold(status).startswith(fold(self.name)):  # the name already says it: said once
            return f"{status[0].upper()}{status[1:]}. {self.source}".strip()
        return f"{self.name} — {status}. {self.source}".strip()


def commune_columns() -> list[str]:
    """The columns of commune records: keys, the commune group, every criteria set's
    sub-conditions and verdicts, crime cases, note."""
    return COMMUNE_KEYS + [GROUP] + crit.columns("commune") + [CRIME, NOTE]


def district_columns() -> list[str]:
    return DISTRICT_KEYS + crit.columns("district") + [NTM_STATUS]


def headers(level: str) -> dict[str, str]:
    """Internal column name → Vietnamese header, for a level (commune or district)."""
    cols = commune_columns() if level == "commune" else district_columns()
    subs = crit.all_headers(level)
    return {col: subs.get(col) or FIXED_HEADERS[col] for col in cols}


class DatasetFile(BaseModel):
    """A data folder's `dataset.yaml`: what every output says of the data (its name, where it
    comes from, whether it is illustrative) and, for the demo data, what the generator covered."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    source: str | None = None
    illustrative: StrictBool = False
    provinces: list[str] = Field(default_factory=list)  # the demo data: legacy provinces covered
    province_names: list[str] = Field(default_factory=list)
    provinces_2025: list[str] = Field(default_factory=list)  # … and provinces of 1 July 2025
    years: list[StrictInt] = Field(default_factory=list)
    generator: str | None = None
    seed: StrictInt | None = None


def vintage_of(year) -> str:
    """The administrative units a record of `year` names: legacy until 2025, the 2025 units from
    2026 on (the units of the year's criteria set)."""
    return crit.units_of_year(int(year)) if year is not None and not pd.isna(year) else "legacy"
