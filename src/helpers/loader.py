"""Reading attainment data as the police bring it: Excel, CSV in any common encoding, folders.

Accepted: .xlsx (the template of `antt template`, or any sheet with recognisable headers), .csv
(UTF-8 with or without BOM, UTF-16, Windows-1258; comma, semicolon or tab), and data folders
(communes.csv, districts.csv, dataset.yaml). Headers may be the Vietnamese ones of the template
or the internal names; communes may be given by GSO code (with or without leading zeros) or by
name (with or without diacritics and "Xã/Phường/Thị trấn"), with the district to tell apart
namesakes.

This module reads files and folders into a records.Dataset: the tables through helpers.tables,
their cells typed by helpers.columns, their rows identified by helpers.identify, the whole file
checked by helpers.checks. Every problem names file, sheet, row (as the user sees it), column,
value and reason, in Vietnamese and English. Errors stop the data from being used; warnings
(a commune or a year without data) do not, and every output made from incomplete data says so.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from . import criteria as crit
from . import gazetteer, schema, tables
from .checks import check_communes, check_districts, rows_with_data
from .columns import column_kinds, is_header, level_of, typed_records, with_types
from .paths import DEMO_DIR, resolve
from .records import (
    COMMUNE_SHEET,
    INSTRUCTIONS_SHEET,
    LOCATION,
    TEMPLATE_TITLE,
    DataError,
    Dataset,
    DatasetFile,
    Problem,
    commune_columns,
    district_columns,
    vintage_of,
)
from .tables import UnreadableError
from .textfile import NotText, decode

__all__ = ["UnreadableError", "read", "load_file", "load_files", "read_folder", "validate"]


# ---------------------------------------------------------------- loading

def _province_of_records(typed: pd.DataFrame, problems: list[Problem], names: dict) -> gazetteer.Province | None:
    """The province a file is about: that of most of its communes; others are reported."""
    years = typed["year"].dropna()
    vintage = vintage_of(years.max()) if len(years) else "legacy"
    rows = crit.units_of_years(typed["year"]).fillna("legacy").eq(vintage).astype(bool) & typed["commune_code"].notna()
    codes = typed.loc[rows, "commune_code"]
    if not len(codes):
        return None
    province_of = gazetteer.communes(vintage=vintage).set_index("code")["province_code"]
    pc = province_of.loc[codes].mode().iloc[0]
    prov = gazetteer.province(pc, vintage)
    others = typed["commune_code"].where(rows).map(province_of)
    for i in np.flatnonzero((others.notna() & (others != pc)).to_numpy()):
        r = typed.iloc[i]
        problems.append(Problem(r["_file"], int(r["_row"]), names.get("commune_code", "Mã xã"), r["commune_code"],
                                f"xã thuộc tỉnh khác ({gazetteer.province(others.iloc[i], vintage).name}), "
                                f"không thuộc {prov.name}", "commune of another province", r["_sheet"]))
    return prov


def _read_levels(path: Path, province: gazetteer.Province | None) -> tuple[dict, list[Problem], dict, object]:
    """Every table of a file, typed, grouped by level."""
    frames: dict[str, list[pd.DataFrame]] = {"commune": [], "district": []}
    problems: list[Problem] = []
    names: dict = {}
    for t in tables.read(path, is_header):
        level = level_of(t.columns)
        if level is None:
            continue
        if t.hidden:  # not read: what the user does not see in Excel would change the figures unseen
            problems.append(Problem(t.file, None, None, None,
                                    "trang tính bị ẩn nên không được đọc; nếu cần nhập số liệu của nó, hãy bỏ ẩn "
                                    "(Excel: chuột phải vào tên trang › Unhide) rồi kiểm tra lại",
                                    f"a hidden sheet holding a {level} table: not read; to import it, unhide it "
                                    "(Excel: right-click a sheet tab › Unhide) and check again", t.sheet, "warning"))
            continue
        typed, probs, header_of = typed_records(t, level, province)
        problems += probs
        if level == "commune":
            names.update(header_of)
        frames[level].append(typed)
    return frames, problems, names, province


def _is_instructions_csv(path: Path) -> bool:
    """Whether a text file is the template's instructions sheet saved as CSV (what a plain
    "Save as CSV" keeps when the workbook opens on its first sheet)."""
    if tables.SUFFIXES.get(path.suffix.lower()) != "csv":
        return False
    try:
        head = decode(path.read_bytes())  # small: this is asked only of a file without a commune table
    except (OSError, NotText, UnicodeDecodeError):
        return False
    return head.lstrip('\ufeff"').startswith(TEMPLATE_TITLE)


def _any_province(ref: str) -> gazetteer.Province:
    """A province named on the command line: a legacy one, else one of the 2025 units."""
    try:
        return gazetteer.province(ref)
    except gazetteer.UnknownUnitError:
        return gazetteer.province(ref, "2025")


def load_file(path: Path | str, province: str | None = None, complete: bool = True) -> Dataset:
    """Read and check a data file (.xlsx or .csv). Raises UnreadableError or DataError."""
    return load_files([Path(path)], province, complete)


def load_files(paths: list[Path], province: str | None = None, complete: bool = True,
               where: Path | None = None) -> Dataset:
    """Read and check several data files as one data set (a folder with one file per district,
    say): a commune-year given in two files is a problem like one given twice in a file."""
    path = where or paths[0]
    prov = _any_province(province) if province else None
    frames: dict[str, list[pd.DataFrame]] = {"commune": [], "district": []}
    problems: list[Problem] = []
    names: dict = {}
    for file in paths:
        f, probs, n, _ = _read_levels(file, prov)
        for level in frames:
            frames[level] += f[level]
        problems += probs
        names.update(n)
    communes = pd.concat(frames["commune"], ignore_index=True) if frames["commune"] else None
    if communes is None or "commune_code" not in communes:
        instructions = [f for f in paths if _is_instructions_csv(f)]
        if instructions:
            problems.append(Problem(
                str(instructions[0]), 1, None, None,
                f"tệp CSV này là trang “{INSTRUCTIONS_SHEET}” của tệp mẫu: CSV chỉ lưu trang đang mở. Mở tệp Excel, "
                f"chọn trang “{COMMUNE_SHEET}” rồi lưu thành CSV, hoặc dùng thẳng tệp .xlsx",
                f"this CSV holds the template's instructions sheet ({INSTRUCTIONS_SHEET}): a CSV keeps only the sheet "
                f"that was open when it was saved (LibreOffice, Excel). Open the workbook, select the sheet "
                f"{COMMUNE_SHEET}, and save as CSV again, or give the .xlsx itself"))
        else:
            problems.append(Problem(str(path), None, None, None, "không tìm thấy bảng số liệu xã (cần cột Mã xã hoặc "
                                    "Tên xã, Năm)", "no commune table found (needs Mã xã or Tên xã, and Năm)"))
        raise DataError(problems)
    if prov is None:
        prov = _province_of_records(communes, problems, names)
    filled_rows = rows_with_data(communes, "commune")
    if not filled_rows.any() and not [p for p in problems if p.severity == "error"]:
        # as `build` refuses it: one error, not a warning for every commune of the province
        problems.append(Problem(str(path), None, None, None, "tệp không có số liệu: mọi dòng đều trống (mẫu chưa được "
                                "điền?)", "the file holds no data: every row is empty (a template not filled in yet?)"))
        raise DataError(problems)
    problems += check_communes(communes, prov, complete, names)
    districts = pd.concat(frames["district"], ignore_index=True) if frames["district"] else pd.DataFrame()
    problems += check_districts(districts, names)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(problems)
    filled = communes[filled_rows]
    if len(districts):
        districts = districts[rows_with_data(districts, "district")]
    label = f"tệp {path.name}" if len(paths) == 1 else f"{len(paths)} tệp trong thư mục {path.name}"
    return Dataset(_records(filled, commune_columns(), "commune"), _records(districts, district_columns(), "district"),
                   f"Số liệu từ {label}", label[0].upper() + label[1:], False, path,
                   {"province": prov.slug if prov else None}, [p for p in problems if p.severity == "warning"])


def _records(frame: pd.DataFrame, columns: list[str], level: str) -> pd.DataFrame:
    """Typed records in the canonical columns (those the file lacks typed too), without where
    they were read."""
    out = frame.drop(columns=[c for c in LOCATION if c in frame]).reindex(columns=columns)
    return with_types(out, column_kinds(level)).reset_index(drop=True)


def _meta(folder: Path) -> dict:
    """The folder's dataset.yaml (helpers.schema: strict YAML, every problem located), as the
    keys it gives; {} without one."""
    meta_file = folder / "dataset.yaml"
    if not meta_file.exists():
        return {}
    try:
        text, raw = schema.read_yaml(meta_file)
        if raw is None:
            return {}
        return schema.parse(raw, DatasetFile, meta_file, text).model_dump(exclude_unset=True)
    except schema.SchemaError as exc:
        raise UnreadableError(str(exc)) from None


def read_folder(path: Path | str | None = None) -> Dataset:
    """Read and check a data folder (the demo data by default). Raises DataError on problems."""
    folder = resolve(path) if path else DEMO_DIR
    if not folder.is_dir():
        raise UnreadableError(f"{folder}: data folder not found")
    meta = _meta(folder)
    if not (folder / "communes.csv").exists():
        files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in tables.SUFFIXES
                       and not f.name.startswith(("~$", ".")))  # not Excel's lock files
        if files:  # a folder of the users' own files (one per district, per year …), read as one
            ds = load_files(files, None, False, folder)
            if meta:
                ds.name, ds.source = str(meta.get("name", ds.name)), str(meta.get("source", ds.source))
            return ds
    problems: list[Problem] = []
    frames = {}
    for name, level, cols in (("communes.csv", "commune", commune_columns()),
                              ("districts.csv", "district", district_columns())):
        file = folder / name
        if not file.exists():
            if level == "commune":
                problems.append(Problem(str(file), None, None, None, "thiếu tệp", "file missing"))
            frames[level] = pd.DataFrame(columns=cols)
            continue
        found = tables.read(file, is_header)
        if not found:
            problems.append(Problem(str(file), None, None, None, "không tìm thấy dòng tiêu đề",
                                    "no header row found"))
            frames[level] = pd.DataFrame(columns=cols)
            continue
        typed, probs, names = typed_records(found[0], level, None)
        problems += probs
        problems += check_communes(typed, None, False, names) if level == "commune" else check_districts(typed, names)
        frames[level] = _records(typed, cols, level)
    if [p for p in problems if p.severity == "error"]:
        raise DataError(problems)
    return Dataset(communes=frames["commune"], districts=frames["district"],
                   name=str(meta.get("name", folder.name)), source=str(meta.get("source", "")),
                   illustrative=bool(meta.get("illustrative", False)), path=folder, meta=meta,
                   warnings=[p for p in problems if p.severity == "warning"])


def read(path: Path | str | None = None, province: str | None = None) -> Dataset:
    """A data folder or a data file (the demo data by default)."""
    with _collector_paused():
        if not path:
            return read_folder(None)
        p = resolve(path)
        if p.is_dir():
            return read_folder(p)
        return load_file(p, province)


@contextmanager
def _collector_paused():
    """Reading makes a million small objects (a cell each) that all live until the end: the cyclic
    garbage collector would walk the whole heap again and again for nothing (40 % of the time of
    reading the country's data)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def validate(path: Path | str, province: str | None = None) -> list[Problem]:
    """Every problem of a data file or folder, errors first, then warnings (an empty list when
    it is clean). Raises UnreadableError when the file cannot be read at all."""
    try:
        ds = read(path, province)
    except DataError as exc:
        return exc.problems
    return ds.warnings
