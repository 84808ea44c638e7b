"""The Excel template the police fill in (`antt template`): pre-filled with the province's
communes and districts, Vietnamese headers, drop-down lists, and a sheet of instructions.
A filled template loads with helpers.loader without any change."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import atomic, gazetteer
from . import criteria as crit
from .export import append_row
from .labels import XA
from .records import (
    COMMUNE_SHEET,
    CRIME,
    DISTRICT_SHEET,
    FALSE_TEXT,
    FIXED_HEADERS,
    GROUP,
    INSTRUCTIONS_SHEET,
    NTM_STATUS,
    NTM_STATUS_LABELS,
    TEMPLATE_TITLE,
    TRUE_TEXT,
    headers,
)

HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
NA_FILL = PatternFill("solid", fgColor="E7E6E6")


def _header(ws, names: list[str]) -> None:
    append_row(ws, names)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[1].height = 60
    for i, name in enumerate(names, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(28, len(name) * 0.9))


def _list(ws, values: list[str], columns: list[int], last_row: int, prompt: str) -> None:
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="Giá trị không hợp lệ", error=prompt)
    ws.add_data_validation(dv)
    for col in columns:
        letter = get_column_letter(col)
        dv.add(f"{letter}2:{letter}{max(last_row, 2)}")


def write_template(province: str, years: int | list[int], out: Path) -> Path:
    """Write the template workbook of a province for one or more years (a block of rows per
    year), in the units and with the columns of the years' criteria set: the legacy units with
    a district sheet until 2025; the 2025 units, with their commune group, from 2026."""
    years = [years] if isinstance(years, int) else list(years)
    sets = {crit.for_year(y).id: crit.for_year(y) for y in years}
    if len(sets) > 1:
        raise ValueError(f"years {', '.join(map(str, years))} fall under different criteria sets "
                         f"({', '.join(sets)}): write one template for each")
    c = next(iter(sets.values()))
    year = ", ".join(str(y) for y in years)
    prov = gazetteer.province(province, c.units)
    units = gazetteer.communes(prov, c.units)
    wb = Workbook()
    _instructions(wb.active, prov, year, c)
    _commune_sheet(wb.create_sheet(COMMUNE_SHEET), units, years, c)
    if "district" in c.levels:
        _district_sheet(wb.create_sheet(DISTRICT_SHEET), gazetteer.districts(prov), years, c)
    buf = io.BytesIO()
    wb.save(buf)
    return atomic.write(Path(out), buf.getvalue())


def _instructions(info, prov: gazetteer.Province, year: str, c: crit.Criteria) -> None:
    info.title = INSTRUCTIONS_SHEET
    district = "district" in c.levels
    fixed = "Mã xã, Tên xã, Loại đơn vị, " + ("Mã huyện, Huyện, " if district else "") + "Năm"
    lines = [
        f"{TEMPLATE_TITLE} — {prov.name}, năm {year}",
        f"Bộ tiêu chí: {c.title} ({c.legal_reference}).",
        *([c.notice] if c.notice else []),
        "",
        "Cách điền:",
        f"1. Trang “{COMMUNE_SHEET}”: mỗi dòng là một đơn vị cấp xã. Giữ nguyên các cột {fixed}.",
        f"2. Các cột điều kiện và kết luận: chọn “{TRUE_TEXT}” hoặc “{FALSE_TEXT}” trong danh sách; để trống nếu chưa "
        "đánh giá. Có thể chỉ điền các điều kiện (công cụ tự kết luận) hoặc chỉ điền kết luận; nếu điền cả hai thì "
        "phải khớp nhau.",
        "3. Cột tỷ lệ khu dân cư đạt “An toàn về ANTT”: ghi tỷ lệ từ 0 đến 100% (ví dụ 75%).",
        f"4. {c.not_applicable.capitalize()} (dòng tô xám) không áp dụng bộ tiêu chí xã nông thôn mới: chỉ điền số vụ "
        "phạm tội.",
        "5. Số vụ phạm tội về trật tự xã hội: số nguyên không âm, theo năm thống kê của ngành Công an.",
    ]
    if c.groups:
        lines.append("6. Cột Nhóm xã: " + "; ".join(name for _, name in c.group_names) + ".")
    if district:
        lines.append(f"6. Trang “{DISTRICT_SHEET}”: mỗi dòng là một đơn vị cấp huyện: chỉ tiêu "
                     f"{c.short('basic', 'district')}, {c.short('advanced', 'district')} và tình trạng nông thôn mới.")
    lines += ["7. Kiểm tra tệp trước khi gửi: antt validate <tệp>.xlsx (báo từng lỗi theo trang, dòng, cột).", "",
              "Căn cứ các chỉ tiêu:"]
    for ind in c.indicators:
        lines.append(f"- {ind.name}: {c.source_title(ind.legal_source)}")
        for s in ind.sub_conditions:
            mark = " (nội dung chưa đối chiếu văn bản)" if s.confidence == "U" else ""
            lines.append(f"    • {s.header}: {s.text}{mark}")
    lines += ["", f"Danh mục đơn vị hành chính: {gazetteer.SOURCE}."]
    for line in lines:
        append_row(info, [line])
    info["A1"].font = Font(bold=True, size=13)
    info.column_dimensions["A"].width = 140


def _commune_sheet(ws, units, years: list[int], c: crit.Criteria) -> None:
    h = {**FIXED_HEADERS, **headers("commune")}
    fixed = ["commune_code", "commune_name", "commune_type"] + (["district_code", "district_name"]
                                                                if "district_code" in units else []) + ["year"]
    data = ([GROUP] if c.groups else []) + c.sub_condition_columns("commune") + c.verdict_columns("commune") + \
        [CRIME, "note"]
    cols = fixed + data
    _header(ws, [h[k] for k in cols])
    for y in years:
        for _, u in units.iterrows():
            append_row(ws, [u["code"], u["name"], u["type"]] + ([u["district_code"], u["district_name"]]
                                                                  if "district_code" in units else []) + [y])
            if u["type"] != XA:
                for col in range(len(fixed) + 1, len(cols) + 1):
                    if cols[col - 1] not in (CRIME, "note"):
                        ws.cell(row=ws.max_row, column=col).fill = NA_FILL
    for cell in ws["A"][1:]:
        cell.number_format = "@"  # codes keep their leading zeros
    subs = {s.id: s for ind in c.for_level("commune") for s in ind.sub_conditions}
    bools = [i + 1 for i, k in enumerate(cols) if (k in subs and subs[k].kind == "boolean") or k in c.verdict_columns("commune")]
    _list(ws, [TRUE_TEXT, FALSE_TEXT], bools, ws.max_row, f"Chọn {TRUE_TEXT} hoặc {FALSE_TEXT}")
    for i, k in enumerate(cols, start=1):
        letter = get_column_letter(i)
        if k in subs and subs[k].kind == "ratio_min":
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True,
                                showErrorMessage=True, error="Tỷ lệ từ 0 đến 100%")
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{ws.max_row}")
            for cell in ws[letter][1:]:
                cell.number_format = "0%"
        if k == CRIME:
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                showErrorMessage=True, error="Số nguyên không âm")
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{ws.max_row}")
        if k == GROUP:
            _list(ws, [str(g) for g, _ in c.group_names], [i], ws.max_row, "Chọn nhóm xã 1, 2 hoặc 3")
    ws.freeze_panes = f"{get_column_letter(len(fixed) + 1)}2"


def _district_sheet(wd, dists, years: list[int], c: crit.Criteria) -> None:
    hd = headers("district")
    dcols = ["district_code", "district_name", "year"] + [k for k in hd if k not in ("district_code", "year")]
    _header(wd, [hd.get(k) or FIXED_HEADERS[k] for k in dcols])
    for y in years:
        for _, d in dists.iterrows():
            append_row(wd, [d["code"], d["name"], y])
    for cell in wd["A"][1:]:
        cell.number_format = "@"
    dbools = [i + 1 for i, k in enumerate(dcols) if k in c.sub_condition_columns("district") + c.verdict_columns("district")]
    _list(wd, [TRUE_TEXT, FALSE_TEXT], dbools, wd.max_row, f"Chọn {TRUE_TEXT} hoặc {FALSE_TEXT}")
    _list(wd, list(NTM_STATUS_LABELS.values()), [dcols.index(NTM_STATUS) + 1], wd.max_row, "Chọn trong danh sách")
    wd.freeze_panes = "D2"
