"""Every notebook executes top to bottom with its default parameters, hands the analyst data, and
writes no file in the project."""

import re
import subprocess

import papermill
import pytest

from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT

pytestmark = pytest.mark.integration

NOTEBOOKS = ["01_commune_attainment", "02_plan_comparison", "03_national_overview", "04_explore"]


def _tree_state() -> tuple[str, str]:
    """What git sees in the project, and every file (ignored ones too) under maps/ and reports/."""
    status = subprocess.run(["git", "status", "--porcelain"], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout
    outputs = subprocess.run(["git", "status", "--porcelain", "--ignored", "--", "maps", "reports", "notebooks",
                              "data"], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout
    return status, outputs


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Each notebook run as an analyst runs it: its own defaults, from its own folder."""
    tmp = tmp_path_factory.mktemp("notebooks")
    before = _tree_state()
    runs = {name: papermill.execute_notebook(str(NOTEBOOKS_DIR / f"{name}.ipynb"), str(tmp / f"{name}.ipynb"),
                                             kernel_name="python3", progress_bar=False, cwd=str(NOTEBOOKS_DIR))
            for name in NOTEBOOKS}
    return runs, before, _tree_state()


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _html(nb) -> str:
    return "".join(o.get("data", {}).get("text/html", "") for o in _outputs(nb))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_with_defaults_without_errors(executed, name):
    nb = executed[0][name]
    assert [o for o in _outputs(nb) if o.get("output_type") == "error"] == []
    assert not [o for o in _outputs(nb) if o.get("output_type") == "stream" and o.get("name") == "stderr"]


def test_running_every_notebook_writes_no_file_in_the_project(executed):
    _, before, after = executed
    assert after == before  # in a clean checkout (CI): git status --porcelain stays empty


def test_commune_attainment_hands_the_analyst_dataframes(executed):
    nb = executed[0]["01_commune_attainment"]
    tables = [o for o in _outputs(nb) if 'class="antt-table"' in o.get("data", {}).get("text/html", "")]
    assert len(tables) >= 10
    for o in tables:
        plain = o["data"]["text/plain"]
        assert not re.search(r"<[\w.]+ (object )?at 0x", plain), plain[:80]
    plain = "\n".join(o["data"]["text/plain"] for o in tables)
    # the default year is the latest of the data, 2026: merged Tuyên Quang on the units of 1 July
    # 2025, grouped by the former provinces, under the 2026–2030 criteria
    assert "Phường Hà Giang 2" in plain and "Tỉnh Hà Giang (cũ)" in plain  # the data itself
    html = _html(nb)
    assert "Tỉnh Tuyên Quang" in html and "Quyết định 51/2025/QĐ-TTg" in html and "CHỈ TIÊU TẠM THỜI" in html
    assert "108/117 xã (92,3%)" in html  # the provisional basic indicator in 2026, from the demo data
    assert html.count('class="antt-map"') == 1  # the map, once (its printed image is hidden on screen)
    assert "Số xã cần đạt thêm để đạt từng mục tiêu" in html
    assert "Giữ vững, mất và mới đạt chỉ tiêu" in html and "Lịch sử đánh giá của các xã mất chỉ tiêu" in html
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    assert headings[0] == "1. Bản đồ các xã theo mức đạt chỉ tiêu ANTT tiêu chí 10 (tạm thời)"
    assert not any("cấp huyện" in h for h in headings)  # no district level since 1 July 2025
    # the result and what to act on first, the per-commune detail in an annex (issue 24)
    assert headings[1:5] == ["2. Tỷ lệ xã đạt chỉ tiêu ANTT tiêu chí 10 (tạm thời)", "3. Tiến độ thực hiện kế hoạch",
                             "4. Tổng kết giai đoạn 2021–2025",
                             "5. Còn thiếu bao nhiêu xã để đạt mục tiêu, và xã nào gần đạt nhất"]
    assert "8. Kết quả qua các năm, trước và sau sắp xếp đơn vị hành chính" in headings
    assert headings[-2:] == ["Phụ lục A. Lịch sử đánh giá từng xã", "Nguồn gốc tài liệu"] and len(headings) == 11
    assert '<h2 id="Phụ-lục-A-Lịch-sử-đánh-giá-từng-xã" class="antt-annex">' in html
    # the report's stylesheet is loaded for JupyterLab, marked so the report leaves it out
    assert any(o.get("metadata", {}).get("antt-stylesheet") for o in _outputs(nb))


def test_parameters_cells_declare_the_documented_parameters():
    params = papermill.inspect_notebook(str(NOTEBOOKS_DIR / "01_commune_attainment.ipynb"))
    assert set(params) == {"province", "year", "data", "boundaries", "vintage", "map_file"}
    assert params["province"]["default"] == '"tuyen-quang"' and params["map_file"]["default"] == '""'
    params = papermill.inspect_notebook(str(NOTEBOOKS_DIR / "03_national_overview.ipynb"))
    assert set(params) == {"year", "data", "vintage", "provinces", "map_file"}
    assert set(papermill.inspect_notebook(str(NOTEBOOKS_DIR / "02_plan_comparison.ipynb"))) == \
        {"provinces", "year", "data"}


def test_plan_comparison_states_the_differences(executed):
    html = _html(executed[0]["02_plan_comparison"])
    assert ("Khác nhau: Tuyên Quang yêu cầu trên 99% số xã đạt chỉ tiêu 19.2, đến năm 2025; "
            "Gia Lai yêu cầu 99% số xã đạt chỉ tiêu 19.2, đến năm 2025.") in html
    assert ("Chỉ Tuyên Quang đặt mục tiêu: Tuyên Quang: giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với "
            "năm 2019, đến năm 2025 (Gia Lai không đặt).") in html
    assert html.count('class="antt-map"') == 2  # the two maps side by side
    assert "Công an tỉnh" in html and "trước ngày 15 tháng 10" in html


def test_national_overview_with_defaults(executed):
    html = _html(executed[0]["03_national_overview"])
    assert "DỮ LIỆU MINH HỌA" in html and "Ranh giới tỉnh gần đúng" in html
    assert "Xếp hạng các tỉnh, thành phố, năm 2026" in html and "CHỈ TIÊU TẠM THỜI" in html
    # no province report was built beside it: the ranking links none
    assert "Báo cáo của 0 tỉnh có trong lần tạo này" in html and '<a href="tuyen-quang-2026.html"' not in html
    assert ("1 tỉnh có tệp kế hoạch riêng trong công cụ (Gia Lai); 33 tỉnh còn lại được đo theo các mục tiêu của "
            "Chương trình mục tiêu quốc gia giai đoạn 2026–2030") in html
    assert "Tổng kết 2021–2025: mục tiêu Quyết định 926/QĐ-TTg đã đạt" in html


def test_explore_answers_the_analysts_questions(executed):
    nb = executed[0]["04_explore"]
    plain = "\n".join(o.get("data", {}).get("text/plain", "") for o in _outputs(nb))
    assert "Tỉnh Hà Giang (cũ)" in plain or "Tỉnh Tuyên Quang (cũ)" in plain  # a former province's failing xã
    assert "no_serious_crime" in plain  # one commune's history, condition by condition
    assert "path_to" not in plain and "gap" in plain  # how many more xã each district needs
    assert '<iframe class="antt-map"' in _html(nb)  # the GeoDataFrame's .explore() map, drawn offline
    # the district shares of the province's gap, added up per target: the province's gap equals them
    shares = next(c for c in nb.cells if c.cell_type == "code" and "need.pivot_table" in c.source)
    table = "".join(o.get("data", {}).get("text/plain", "") for o in shares.get("outputs", []))
    rows = [r for r in (line.split() for line in table.splitlines()) if len(r) == 3 and r[1].isdigit()]
    assert len(rows) == 2 and all(r[1] == r[2] for r in rows), table  # district == province, per target
    # the numeric .explore() map: its colour scale comes with d3 inline, nothing from a CDN
    crime_map = next(c for c in nb.cells if c.cell_type == "code" and 'column="crime_cases"' in c.source)
    page = "".join(o.get("data", {}).get("text/html", "") for o in crime_map.get("outputs", []))
    assert "d3.scale.threshold" in page and "cdnjs.cloudflare.com" not in page and "code.jquery.com" not in page


def test_explore_takes_a_district_as_loosely_as_a_province(tmp_path):
    """`district="ha giang"` (no diacritics, no "Tỉnh … (cũ)") names the former province the
    frames call "Tỉnh Hà Giang (cũ)": its failing xã are listed, as for the exact name."""
    nb = papermill.execute_notebook(str(NOTEBOOKS_DIR / "04_explore.ipynb"), str(tmp_path / "out.ipynb"),
                                    parameters={"district": "ha giang"}, kernel_name="python3", progress_bar=False,
                                    cwd=str(NOTEBOOKS_DIR))
    failing_cell = next(c for c in nb.cells if c.cell_type == "code" and "ctx.district(district)" in c.source)
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in failing_cell.get("outputs", []))
    assert shown and "reasons" in shown and "Empty DataFrame" not in shown


def test_the_district_helper_matches_codes_and_loose_names():
    from helpers import workbook

    ctx = workbook.load("tuyen-quang", 2025)
    assert {ctx.district(r) for r in ("ham yen", "074", "HUYỆN HÀM YÊN", "Hàm Yên")} == {"Huyện Hàm Yên"}
    with pytest.raises(LookupError, match="'atlantis' names no district of Tỉnh Tuyên Quang .*074 Huyện Hàm Yên"):
        ctx.district("atlantis")
    assert workbook.load("tuyen-quang", 2026).district("ha giang") == "Tỉnh Hà Giang (cũ)"
