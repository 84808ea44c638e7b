"""The truth audit: each check catches what a leader would find wrong (and leaves correct text
alone), and every output of the demo build, of a national build of both periods and of the
users' own kinds of data passes it."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import pandas as pd
import pytest
from scenarios import SCENARIOS, write

from helpers import audit, present, render, visible

from conftest import EPOCH


def _passages(*texts: str) -> list[visible.Passage]:
    return [visible.Passage("r.html", "đầu trang", t) for t in texts]


@pytest.mark.parametrize("text,check", [
    ("giảm 7,5% (381 vụ so với 412 vụ năm 2019.0)", "a number written as a float"),
    ("85.0/121.0 xã", "a number written as a float"),
    ("Tỷ lệ: 87.8048780487805", "a number with too many decimals"),
    ("tăng nan% (nan vụ)", "a missing value written as code"),
    ("Ghi chú: None", "a missing value written as code"),
    ("Số đạt: <NA>", "a missing value written as code"),
    ("Chỉ tiêu 9.4: True", "a boolean in Python's or English words"),
    ("Tình trạng: not_attained", "an English status code"),
    ("Bản đồ mức đạt {basic}", "a template placeholder"),
    ("công cụ ctx.commune_history(\"tên xã\") cho lịch sử", "code or an API name"),
    ("Dữ liệu minh họa — dữ liệu minh họa (giả lập)", "a phrase repeated"),
    ("Theo Kế hoạch 179/KH-UBND (Tỉnh Gia Lai), 179/KH-UBND ngày 19/01/2023.", "a document number repeated"),
    ("Tỷ lệ đạt 97.5%", "a share with a decimal point"),
])
def test_each_artefact_of_the_code_is_found(text, check):
    found = [f.check for f in audit.artefacts(_passages(text))]
    assert check in found, found


def test_correct_vietnamese_text_is_left_alone():
    good = ["1.185 vụ so với 1.111 vụ năm 2019", "171/180 xã (95,0%)", "chỉ tiêu 19.2 nâng cao, 9.4 và 9.1",
            "vietnamadminunits 1.0.4 (mã GSO)", "Nguồn: https://baomoi.net.vn/bo_tieu_chi-c5.epi", "Tải tệp so_lieu.xlsx",
            "–", "Đạt", "Chưa đạt", "-6,9", "Quyết định 318/QĐ-TTg và 320/QĐ-TTg ngày 08/3/2022", "100,0"]
    assert audit.artefacts(_passages(*good)) == []


def test_a_figure_shown_with_two_values_is_found_once_per_figure():
    key = ("crime change", ("legacy", "Tỉnh Gia Lai"), 2025, 2019)
    same = [audit.Claim(key, -6.9, "a.html", "bảng"), audit.Claim(key, -6.9, "b.html", "thẻ")]
    assert audit.disagreements(same) == []
    found = audit.disagreements(same + [audit.Claim(key, -6.8, "a.html", "tổng kết")])
    assert len(found) == 1 and "-6.9" in found[0].text and "-6.8" in found[0].text


def _report(tables: list[pd.DataFrame], name: str = "gia-lai-2025.html", cards: pd.DataFrame | None = None) -> str:
    parts = [render.html(t) for t in tables] + ([render.html(cards)] if cards is not None else [])
    return "<html><body><main>" + "".join(parts) + "</main></body></html>"


def _progress(status: str, deadline: int = 2025, source: str | None = "“99% số xã đạt chỉ tiêu 19.2”") -> pd.DataFrame:
    df = pd.DataFrame({"Mục tiêu": [f"99% số xã đạt chỉ tiêu 19.2, đến năm {deadline}"],
                       "Thực tế 2024": ["171/180 xã (95,0%)"], "Tình trạng": [status]})
    if source is not None:
        df[audit.SOURCE_COLUMN] = [source]
    return present.table(df, "Tiến độ thực hiện các mục tiêu, năm 2024")


@pytest.mark.parametrize("status,deadline,wrong", [
    ("Đã đạt", 2025, True), ("Không đạt", 2025, True), ("Vượt tiến độ", 2025, False), ("Chậm tiến độ", 2025, False),
    ("Đã đạt", 2024, False), ("Chậm tiến độ", 2024, True), ("Không đạt", 2024, False),
])
def test_a_status_the_year_cannot_have_is_found(status, deadline, wrong):
    page = visible.read(_report([_progress(status, deadline)]), "gia-lai-2024.html")
    found = [f.check for f in audit.statuses(page)]
    assert found == (["a status the year cannot have"] if wrong else [])


def test_the_deadline_of_a_target_measured_against_a_baseline_year_is_its_own():
    assert audit._deadline("giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2019, đến năm 2025") == 2025
    assert audit._deadline("năm 2024 có 80% số xã đạt chỉ tiêu 19.2") == 2024
    assert audit._deadline("giữ vững kết quả đã đạt") is None
    target = "mỗi địa phương giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2019, đến năm 2025"
    for status, wrong in (("Vượt tiến độ", False), ("Đã đạt", True)):
        table = present.table(pd.DataFrame({"Mục tiêu": [target], "Thực tế 2024": ["giảm 12,4% (353 vụ so với 403 vụ "
                                            "năm 2019)"], "Tình trạng": [status], audit.SOURCE_COLUMN: ["“…”"]}),
                              "Tiến độ thực hiện các mục tiêu, năm 2024")
        page = visible.read(_report([table]), "vinh-long-v2025-2024.html")
        assert [f.check for f in audit.statuses(page)] == (["a status the year cannot have"] if wrong else [])


def _merged_report(former: bool) -> visible.Page:
    """A report of Vĩnh Long (2025 units) for 2024: its own crime figures, and a progress table
    measured for two of its former provinces, with or without the column that says so."""
    crime = present.table(pd.DataFrame({"Năm": [2019, 2024], "Số vụ phạm tội về TTXH": [849, 730],
                                        "So với năm 2019 (%)": [0.0, -14.0]}),
                          "Số vụ phạm tội về trật tự xã hội so với năm 2019", formats={"Năm": "year"})
    rows = pd.DataFrame({"Tỉnh cũ": ["Tỉnh Bến Tre", "Tỉnh Vĩnh Long"],
                         "Mục tiêu": ["giảm ít nhất 5% số vụ phạm tội so với năm 2019, đến năm 2025"] * 2,
                         "Thực tế 2024": ["giảm 12,4% (353 vụ so với 403 vụ năm 2019)",
                                          "giảm 14,7% (186 vụ so với 218 vụ năm 2019)"],
                         "Tình trạng": ["Vượt tiến độ"] * 2, audit.SOURCE_COLUMN: ["“…”"] * 2})
    progress = present.table(rows if former else rows.drop(columns="Tỉnh cũ"), "Tiến độ thực hiện các mục tiêu, năm 2024",
                             csv="tien-do.csv")
    return visible.read(_report([crime, progress]), "reports/vinh-long-v2025-2024.html")


def test_rows_about_former_provinces_are_claims_about_those_provinces():
    province = ("2025", "Tỉnh Vĩnh Long")
    claims = audit.claims(_merged_report(former=True), province)
    assert audit.disagreements(claims) == []
    by_key = {c.key: c.value for c in claims}
    assert by_key[("crime cases", ("legacy", "Tỉnh Bến Tre"), 2019)] == 403
    assert by_key[("crime cases", ("legacy", "Tỉnh Vĩnh Long"), 2024)] == 186
    assert by_key[("crime cases", province, 2019)] == 849  # the province's own, from its own table
    # the same rows without the column that names the former province: read as the province's own, they disagree
    found = audit.disagreements(audit.claims(_merged_report(former=False), province))
    assert found and all("Tỉnh Vĩnh Long" in f.text for f in found)


def test_the_legacy_years_of_a_province_of_2025_count_its_former_provinces_together():
    series = present.table(pd.DataFrame({"Năm": [2024, 2026], "Đơn vị hành chính": ["Đơn vị cũ (cộng các tỉnh cũ)",
                                                                                   "Đơn vị từ 01/7/2025"],
                                         "Đạt (cơ bản)": [278, 90], "Tỷ lệ đạt (%)": [92.7, 85.7]}),
                           "Kết quả qua các năm của Tỉnh Vĩnh Long, trước và sau sắp xếp đơn vị hành chính",
                           formats={"Năm": "year"})
    keys = {c.key for c in audit.claims(visible.read(_report([series]), "vinh-long-2026.html"),
                                         ("2025", "Tỉnh Vĩnh Long"))}
    assert ("count", ("legacy together", "Tỉnh Vĩnh Long"), 2024, "basic") in keys
    assert ("count", ("2025", "Tỉnh Vĩnh Long"), 2026, "basic") in keys
    legacy = {c.key for c in audit.claims(visible.read(_report([series]), "gia-lai-2025.html"), ("legacy", "Tỉnh X"))}
    assert ("count", ("legacy", "Tỉnh X"), 2024, "basic") in legacy  # a legacy province's own years are its own


def test_a_target_without_its_source_sentence_is_found():
    for table in (_progress("Vượt tiến độ", source=None), _progress("Vượt tiến độ", source="")):
        page = visible.read(_report([table]), "gia-lai-2024.html")
        assert [f.check for f in audit.statuses(page)] == ["a target without its source sentence"]


def test_cards_tables_and_downloads_of_one_report_must_agree():
    crime = present.table(pd.DataFrame({"Năm": [2019, 2025], "Số vụ phạm tội về TTXH": [861, 802],
                                        "So với năm 2019 (%)": [0.0, -6.852]}),
                          "Số vụ phạm tội về trật tự xã hội so với năm 2019", formats={"Năm": "year"})
    review = present.table(pd.DataFrame({"Mục tiêu": ["giảm ít nhất 5% số vụ phạm tội so với năm 2019, đến năm 2025"],
                                         "2025": [6.8]}), "Tổng kết các mục tiêu giai đoạn 2021–2025")
    cards = present.table(pd.DataFrame({"Chỉ số": ["xã đạt chỉ tiêu 19.2"], "Số lượng": [171], "Trên tổng số": [180],
                                        "Đơn vị tính": ["xã"]}), kind="kpis")
    page = visible.read(_report([crime, review], cards=cards), "reports/gia-lai-2025.html")
    found = audit.disagreements(audit.claims(page, ("legacy", "Tỉnh Gia Lai")))
    assert len(found) == 1 and "crime change" in found[0].text  # −6,9 % in one table, a reduction of 6,8 in the other
    review.loc[0, "2025"] = 6.852
    page = visible.read(_report([crime, review], cards=cards), "reports/gia-lai-2025.html")
    assert audit.disagreements(audit.claims(page, ("legacy", "Tỉnh Gia Lai"))) == []


def test_the_reader_sees_csv_cells_maps_inside_reports_and_the_texts_of_a_map():
    csv = base64.b64encode("\ufeffNăm;Số vụ\r\n2019.0;nan\r\n".encode()).decode()
    inner = ('<script type="application/json" id="antt-config">{"views": [{"id": "status", "label": "Mức {basic}"}],'
             ' "classes": {"basic": {"label": "Đạt 19.2", "colour": "#7cc4ec"}}}</script>')
    html = (f'<p>Đoạn văn</p><a download="b.csv" href="{visible.DATA_CSV}{csv}">Tải</a>'
            f'<iframe srcdoc="{inner.replace(chr(34), "&quot;")}" title="Bản đồ"></iframe>')
    page = visible.read(html, "r.html")
    texts = [p.text for p in page.all_passages()]
    assert "2019.0" in texts and "nan" in texts and "Mức {basic}" in texts and "Đạt 19.2" in texts
    assert "status" not in texts and "#7cc4ec" not in texts  # data for the map's code, not shown
    assert page.csvs["b.csv"] == [["Năm", "Số vụ"], ["2019.0", "nan"]]
    checks = {f.check for f in audit.artefacts(page.all_passages())}
    assert {"a number written as a float", "a missing value written as code", "a template placeholder"} <= checks


def test_provisional_figures_carry_their_mark_and_the_index_is_in_vietnamese_order():
    cards = present.table(pd.DataFrame({"Chỉ số": ["xã đạt chỉ tiêu ANTT tiêu chí 10"], "Số lượng": [1],
                                        "Trên tổng số": [2], "Đơn vị tính": ["xã"]}), kind="kpis")
    page = visible.read(_report([], cards=cards), "r.html")
    assert [f.check for f in audit.provisional_marks(page, ["ANTT tiêu chí 10"])] == [
        "a provisional indicator without its mark"]
    index = present.table(pd.DataFrame({"Tỉnh": ["Tỉnh Cần Thơ", "Tỉnh Cao Bằng"], "Năm": [2025, 2025]}))
    assert [f.check for f in audit.index_order(visible.read(_report([index]), "index.html"))] == [
        "not in Vietnamese alphabetical order"]


def test_the_comparison_s_progress_of_each_province_must_agree_with_its_report(tmp_path):
    """The plan comparison shows each province's progress under its name: those figures are
    the province's, and the same figure in its own report must read the same."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "gia-lai-2024.html").write_text(_report([_progress("Chậm tiến độ")]), encoding="utf-8")
    other = _progress("Chậm tiến độ").pipe(present.bare).assign(**{"Thực tế 2024": ["172/180 xã (95,6%)"]})
    crime = pd.DataFrame({"Mục tiêu": ["giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2019, đến năm 2025"],
                          "Thực tế 2024": ["giảm 7,5% (381 vụ so với 412 vụ năm 2019)"], "Tình trạng": ["Vượt tiến độ"]})
    columns = present.Columns((
        ("Tỉnh Gia Lai — Kế hoạch 179/KH-UBND", present.table(other, "Tiến độ thực hiện các mục tiêu, năm 2024")),
        ("Tỉnh Tuyên Quang — Kế hoạch 29/KH-UBND", present.table(crime, "Tiến độ thực hiện các mục tiêu, năm 2024"))))
    name = "comparison-tuyen-quang-gia-lai-2024.html"
    (tmp_path / "reports" / name).write_text(_report([columns]), encoding="utf-8")
    page = visible.read((tmp_path / "reports" / name).read_text(encoding="utf-8"), f"reports/{name}")
    keys = {c.key for c in audit.comparison_claims(page, audit._province_names()["legacy"], "legacy")}
    assert ("crime change", ("legacy", "Tỉnh Tuyên Quang"), 2024, 2019) in keys
    found = [f for f in audit.audit(tmp_path) if f.check == "one figure with two values"]
    assert len(found) == 2  # the count and the share of xã attaining 19.2 in Gia Lai, 2024
    assert all("Tỉnh Gia Lai" in f.text and name in f.text and "gia-lai-2024.html" in f.text for f in found)


def test_antt_audit_exits_1_and_lists_what_it_found(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "gia-lai-2025.html").write_text("<p>năm 2019.0</p>", encoding="utf-8")
    run = [sys.executable, "-m", "helpers.cli", "audit"]
    r = subprocess.run(run + [str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 1 and "a number written as a float: năm 2019.0" in r.stdout
    (tmp_path / "reports" / "gia-lai-2025.html").write_text("<p>năm 2019</p>", encoding="utf-8")
    r = subprocess.run(run + [str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0 and "không phát hiện lỗi hiển thị" in r.stdout
    r = subprocess.run(run + [str(tmp_path / "nothing")], capture_output=True, text=True)
    assert r.returncode == 2 and "no report or map to audit" in r.stderr and "Traceback" not in r.stderr


# ---------------------------------------------------------------- whole builds

def _no_findings(folder) -> None:
    found = audit.audit(folder)
    assert found == [], "\n".join(map(str, found[:20]))


@pytest.mark.integration
def test_the_demo_build_passes_the_audit(demo_build):
    _no_findings(demo_build)


@pytest.mark.integration
def test_a_national_build_of_2021_2025_passes_the_audit(national_build):
    _no_findings(national_build)


@pytest.mark.integration
def test_a_national_build_of_2026_passes_the_audit(national_build_2026):
    _no_findings(national_build_2026)


@pytest.mark.integration
def test_a_national_build_of_a_past_year_on_the_2025_units_passes_the_audit(national_build_2026, tmp_path, monkeypatch):
    """`antt build --province all --vintage 2025 --year 2024`: the years of 2021–2025 carried to
    the 34 provinces (their shapes already computed for the 2026 build)."""
    from helpers import batch

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert batch.build(["all"], [2024], vintage="2025", out=tmp_path, n_jobs=2, log=None) == 0
    assert len(list((tmp_path / "reports").glob("*-v2025-2024.html"))) == 35
    _no_findings(tmp_path)


@pytest.mark.integration
def test_a_past_year_on_the_2025_units_agrees_with_the_former_provinces_own_reports(tmp_path, monkeypatch):
    """Tuyên Quang of 2025 (with the former Hà Giang) in 2024, and the two former provinces'
    own 2024 reports in the same folder: the progress rows of each former province are its
    figures, checked against its own report."""
    from helpers import batch

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out"
    assert batch.build(["tuyen-quang"], [2024], vintage="2025", out=out, n_jobs=2, log=None) == 0
    assert batch.build(["tuyen-quang", "ha-giang"], [2024], out=out, n_jobs=2, log=None) == 0
    _no_findings(out)
    page = visible.read((out / "reports" / "tuyen-quang-v2025-2024.html").read_text(encoding="utf-8"), "tq")
    progress = next(t for t in page.tables if t.caption.startswith("Tiến độ thực hiện"))
    assert sorted({r[0] for r in progress.rows}) == ["Tỉnh Hà Giang", "Tỉnh Tuyên Quang"]
    names = audit._province_names()
    seen: dict[tuple, set] = {}
    for f in ("tuyen-quang-v2025-2024.html", "ha-giang-2024.html", "tuyen-quang-2024.html"):
        p = visible.read((out / "reports" / f).read_text(encoding="utf-8"), f)
        units = audit._units(f)
        for c in audit.claims(p, (units, names[units][f.split("-v2025")[0].removesuffix("-2024.html")])):
            seen.setdefault(c.key, set()).add(f)
    assert len(seen[("count", ("legacy", "Tỉnh Hà Giang"), 2024, "basic")]) == 2  # compared across two reports


@pytest.mark.integration
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_users_own_kinds_of_data_build_and_pass_the_audit(name, tmp_path):
    from helpers import batch

    province, years = SCENARIOS[name]
    data = write(name, tmp_path / "data")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    out = tmp_path / "out"
    assert batch.build([province], years, str(data), out=out, n_jobs=1, log=None) == 0
    _no_findings(out)
    page = visible.read((out / "reports" / f"{province}-{years[0]}.html").read_text(encoding="utf-8"), name)
    text = page.text()
    if name == "first-file":  # no baseline: the crime change cannot be measured, and says so
        crime = next(t for t in page.tables if t.caption.startswith("Số vụ phạm tội"))
        assert [r[:3] for r in crime.rows] == [["2025", "802", "–"]]
        assert "Không đo được" in text
    if name == "partial":
        assert "SỐ LIỆU CHƯA ĐẦY ĐỦ" in text
    if name == "per-district":  # seven files, one per district, read as one data set: every xã is there
        assert "SỐ LIỆU CHƯA ĐẦY ĐỦ" not in text and "7 tệp trong thư mục" in text
