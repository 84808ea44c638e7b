"""Status codes, their Vietnamese labels and colours: defined here once for every output.

The palette is colour-blind safe (Okabe–Ito blues and vermillion, with greys for the two
"no verdict" classes, which are further told apart by the dashed outline of "no data").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    code: str
    label: str  # Vietnamese, as a reader sees it
    colour: str  # fill colour
    outline: str  # stroke colour
    dashed: bool = False
    short: str = ""  # in a table of many years, where the full label is too long


ADVANCED = "advanced"
BASIC = "basic"
NOT_ATTAINED = "not_attained"
NOT_APPLICABLE = "not_applicable"
NO_DATA = "no_data"

STATUSES: dict[str, Status] = {
    # {basic}, {advanced}: the indicators' names, {na}: what the criteria do not apply to, from
    # the criteria set in force (helpers.criteria.Criteria.status_label)
    ADVANCED: Status(ADVANCED, "Đạt {advanced}", "#0b5d9e", "#4d4d4d", short="Nâng cao"),
    BASIC: Status(BASIC, "Đạt {basic} (cơ bản)", "#7cc4ec", "#4d4d4d", short="Cơ bản"),
    NOT_ATTAINED: Status(NOT_ATTAINED, "Chưa đạt {basic}", "#d55e00", "#4d4d4d", short="Chưa đạt"),
    NOT_APPLICABLE: Status(NOT_APPLICABLE, "Không áp dụng ({na})", "#d4d4d4", "#8c8c8c",
                           short="Không áp dụng"),
    NO_DATA: Status(NO_DATA, "Không có số liệu", "#ffffff", "#333333", dashed=True, short="–"),
}
STATUS_ORDER = [ADVANCED, BASIC, NOT_ATTAINED, NOT_APPLICABLE, NO_DATA]

# Two-class views of the map (one indicator or one sub-condition): the same hues as above.
PASS = "pass"
FAIL = "fail"
VIEW_CLASSES: dict[str, Status] = {
    PASS: Status(PASS, "Đạt", STATUSES[ADVANCED].colour, STATUSES[ADVANCED].outline),
    FAIL: Status(FAIL, "Chưa đạt", STATUSES[NOT_ATTAINED].colour, STATUSES[NOT_ATTAINED].outline),
}

# Shares of xã attaining the basic indicator, for maps of many provinces: a diverging ColorBrewer scale
# (RdYlBu, colour-blind safe) from vermillion (low) to blue (high), as the status colours.
@dataclass(frozen=True)
class ShareClass:
    code: str
    label: str
    lower: float  # percent, inclusive
    colour: str
    outline: str = "#4d4d4d"
    dashed: bool = False


_SHARE_COLOURS = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")
_BASIC_BOUNDS = (0, 80, 90, 95, 99)  # 99 %: the seed plans' commune target
_ADVANCED_BOUNDS = (0, 20, 30, 40, 50)  # 50 %: Tuyên Quang's advanced target


def _share_classes(prefix: str, bounds: tuple[int, ...]) -> list[ShareClass]:
    out = []
    for i, lo in enumerate(bounds):
        if i == 0:
            label = f"Dưới {bounds[1]}%"
        elif i == len(bounds) - 1:
            label = f"Từ {lo}% trở lên"
        else:
            label = f"{lo}% – dưới {bounds[i + 1]}%"
        out.append(ShareClass(f"{prefix}{lo}", label, float(lo), _SHARE_COLOURS[i]))
    return out


SHARE_CLASSES: dict[str, list[ShareClass]] = {
    "basic": _share_classes("b", _BASIC_BOUNDS),
    "advanced": _share_classes("a", _ADVANCED_BOUNDS),
}

# Administrative unit types as the gazetteer spells them.
XA = "Xã"


ILLUSTRATIVE_NOTICE = (
    "DỮ LIỆU MINH HỌA: số liệu trong tài liệu này là số liệu giả lập để trình diễn công cụ, "
    "không phải số liệu thực tế của địa phương."
)
APPROXIMATE_BOUNDARIES_NOTICE = (
    "Ranh giới xã gần đúng: được ước tính từ tọa độ và khung bao của từng xã trong danh mục "
    "hành chính, không phải ranh giới chính thức."
)
APPROXIMATE_PROVINCES_NOTICE = (
    "Ranh giới tỉnh gần đúng: được ước tính từ tọa độ các xã trong danh mục hành chính, không phải "
    "ranh giới chính thức; các đảo, quần đảo được đánh dấu theo tọa độ đã công bố."
)

CARRIED_NOTICE = (
    "Đơn vị hành chính từ 01/7/2025: kết quả được quy đổi từ số liệu của các xã cũ hợp thành "
    "(một xã mới đạt khi mọi xã cũ hợp thành đều đạt)."
)
CARRIED_HISTORY_NOTICE = (
    "Đơn vị hành chính từ 01/7/2025: kết quả các năm đến 2025 được quy đổi từ số liệu của các xã cũ "
    "hợp thành (một xã mới đạt khi mọi xã cũ hợp thành đều đạt) và đánh giá theo bộ tiêu chí 2021–2025."
)

# Colours of the two district-outline and province-outline strokes on maps.
DISTRICT_OUTLINE = "#1f1f1f"
PROVINCE_OUTLINE = "#000000"


def incomplete_notice(year: int, have: int, total: int, unit: str = "xã") -> str:
    """What an output says when the data covers only part of the units of a year."""
    return (f"SỐ LIỆU CHƯA ĐẦY ĐỦ: năm {year} chỉ có số liệu của {have}/{total} {unit}; {unit} không có số liệu được "
            "ghi “Không có số liệu” và tính là chưa đạt trong các tỷ lệ.")


def notices(illustrative: bool, boundaries: str | None, vintage: str = "legacy",
            incomplete: str | None = None, criteria: str = "", carried_history: bool = False) -> list[str]:
    """What every output must say about its inputs: illustrative data, a provisional criteria
    set (its notice), data covering only part of the units (the notice given), approximate
    boundaries (the notice given, or None for real ones), verdicts carried to the 2025 units
    (this year's, or only the history's)."""
    out = [ILLUSTRATIVE_NOTICE] if illustrative else []
    if criteria:
        out.append(criteria)
    if incomplete:
        out.append(incomplete)
    if boundaries:
        out.append(boundaries)
    if vintage == "2025":
        out.append(CARRIED_HISTORY_NOTICE if carried_history else CARRIED_NOTICE)
    return out


# ---------------------------------------------------------------- how tables show values

SOURCE_COLUMN = "Câu chữ trong văn bản"  # a target's column: the sentence of the plan it comes from
MISSING_TEXT = "–"  # an empty cell, as a reader sees it
BOOL_TEXT = {True: "Đạt", False: "Chưa đạt"}  # a verdict or a sub-condition in a table

# The notebooks' parameters as a report's provenance names them (never the Python names).
PARAMETER_LABELS = {
    "province": "Tỉnh, thành phố",
    "provinces": "Các tỉnh, thành phố",
    "year": "Năm",
    "data": "Số liệu",
    "boundaries": "Tệp ranh giới",
    "vintage": "Đơn vị hành chính",
}
VINTAGE_LABELS = {"legacy": "trước ngày 01/7/2025", "2025": "từ ngày 01/7/2025"}
DEFAULT_TEXT = {"year": "năm mới nhất có số liệu", "data": "dữ liệu minh họa kèm theo công cụ",
                "boundaries": "không có (ranh giới gần đúng)"}  # what an empty parameter means
