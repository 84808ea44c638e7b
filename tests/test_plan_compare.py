"""Plans side by side: the differences the comparison finds by itself."""

from helpers import plan_compare, plans
from helpers.names import fold


def test_comparison_finds_the_differences_itself():
    tq, gl = plans.plan_for("tuyen-quang"), plans.plan_for("gia-lai")
    found = plan_compare.differences([tq, gl], plans.national())
    text = " ".join(found)
    assert "Tuyên Quang yêu cầu trên 99% số xã đạt chỉ tiêu 19.2" in text
    assert "Gia Lai yêu cầu 99% số xã đạt chỉ tiêu 19.2" in text
    assert any(s.startswith("Chỉ Tuyên Quang đặt mục tiêu: Tuyên Quang: giảm ít nhất 5% số vụ phạm tội") and
               "so với năm 2019" in s for s in found)
    assert "Gia Lai không đặt mục tiêu của Quyết định 926: mỗi địa phương giảm ít nhất 5%" in text
    table = plan_compare.compare([tq, gl], plans.national()).set_index("key")
    assert table.loc[[("share_communes", "basic")], f"{tq.id}:diff"].iloc[0] == "stricter"
    assert table.loc[[("share_communes", "basic")], f"{gl.id}:diff"].iloc[0] == "same"
    assert fold("Hàm Yên") in fold(text)
