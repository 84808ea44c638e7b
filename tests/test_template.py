"""The Excel template a province fills in: instructions, drop-down lists, its communes."""


from helpers import template


def test_template_has_instructions_lists_and_communes(tmp_path):
    import openpyxl

    path = template.write_template("gia-lai", 2025, tmp_path / "gl.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn", "Xã", "Huyện"]
    ws = wb["Xã"]
    assert ws.max_row == 1 + 218 and ws["A2"].value == "23557"
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"Đạt,Không đạt"' in lists
    assert wb["Huyện"].max_row == 1 + 17
