"""Every notebook executes top to bottom with its default parameters."""

import papermill
import pytest

from helpers.paths import NOTEBOOKS_DIR

pytestmark = pytest.mark.integration


def test_commune_attainment_runs_with_defaults(tmp_path):
    # the notebook's own defaults, except where the map goes, so that the project tree is untouched
    nb = papermill.execute_notebook(str(NOTEBOOKS_DIR / "01_commune_attainment.ipynb"),
                                    str(tmp_path / "out.ipynb"), parameters={"out": str(tmp_path)},
                                    kernel_name="python3", progress_bar=False, cwd=str(NOTEBOOKS_DIR))
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []) if isinstance(o.get("data", {}).get("text/html", ""), str))
    assert "Tỉnh Tuyên Quang" in html
    assert "118/121 xã (97,5%)" in html  # basic 19.2 in 2025, from the demo data
    assert "srcdoc=" in html  # the map
    assert (tmp_path / "maps" / "tuyen-quang-2025.html").exists()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []


def test_parameters_cell_declares_the_documented_parameters():
    params = papermill.inspect_notebook(str(NOTEBOOKS_DIR / "01_commune_attainment.ipynb"))
    assert set(params) == {"province", "year", "data", "boundaries", "out", "vintage"}
    assert params["province"]["default"] == '"tuyen-quang"'


def test_plan_comparison_runs_with_defaults(tmp_path):
    nb = papermill.execute_notebook(str(NOTEBOOKS_DIR / "02_plan_comparison.ipynb"), str(tmp_path / "out.ipynb"),
                                    parameters={"out": str(tmp_path)}, kernel_name="python3", progress_bar=False,
                                    cwd=str(NOTEBOOKS_DIR))
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    # the differences the comparison finds itself
    assert ("Khác nhau: Tuyên Quang yêu cầu trên 99% số xã đạt chỉ tiêu 19.2, đến năm 2025; "
            "Gia Lai yêu cầu 99% số xã đạt chỉ tiêu 19.2, đến năm 2025.") in html
    assert ("Chỉ Tuyên Quang đặt mục tiêu: Tuyên Quang: giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với "
            "năm 2019, đến năm 2025 (Gia Lai không đặt).") in html
    assert html.count('class="antt-map"') == 2  # the two maps side by side
    assert "Công an tỉnh" in html and "trước ngày 15 tháng 10" in html
    assert [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"] == []


def test_national_overview_runs_with_defaults(tmp_path):
    nb = papermill.execute_notebook(str(NOTEBOOKS_DIR / "03_national_overview.ipynb"), str(tmp_path / "out.ipynb"),
                                    parameters={"out": str(tmp_path)}, kernel_name="python3", progress_bar=False,
                                    cwd=str(NOTEBOOKS_DIR))
    assert [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"] == []
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    assert "DỮ LIỆU MINH HỌA" in html and "Ranh giới tỉnh gần đúng" in html
    assert "Xếp hạng các tỉnh, thành phố, năm 2025" in html
    # no province report was built beside it: the ranking links none
    assert "Báo cáo của 0 tỉnh có trong lần tạo này" in html and '<a href="tuyen-quang-2025.html"' not in html
    # Tuyên Quang and Gia Lai use their own plans; the others 926/QĐ-TTg
    assert "2 tỉnh có tệp kế hoạch riêng trong công cụ (Gia Lai, Tuyên Quang); 61 tỉnh còn lại" in html
    assert (tmp_path / "maps" / "national-2025.html").exists()


def test_national_overview_parameters():
    params = papermill.inspect_notebook(str(NOTEBOOKS_DIR / "03_national_overview.ipynb"))
    assert set(params) == {"year", "data", "vintage", "provinces", "out"}
