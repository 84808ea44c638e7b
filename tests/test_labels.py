"""Status codes, their Vietnamese labels and colours, the share classes of national maps, and the
notices every output must carry about its inputs."""

import re

import pytest

from helpers import labels
from helpers.labels import (
    ADVANCED,
    BASIC,
    NO_DATA,
    NOT_APPLICABLE,
    NOT_ATTAINED,
    SHARE_CLASSES,
    STATUS_ORDER,
    STATUSES,
    VIEW_CLASSES,
)

_HEX = re.compile(r"#[0-9a-f]{6}")


def test_every_status_is_in_the_order_once_and_knows_its_own_code():
    assert STATUS_ORDER == [ADVANCED, BASIC, NOT_ATTAINED, NOT_APPLICABLE, NO_DATA]
    assert set(STATUSES) == set(STATUS_ORDER)
    assert all(STATUSES[code].code == code for code in STATUS_ORDER)


def test_every_status_has_its_own_fill_and_only_no_data_is_dashed():
    fills = [STATUSES[c].colour for c in STATUS_ORDER]
    assert len(set(fills)) == len(fills)
    assert all(_HEX.fullmatch(s.colour) and _HEX.fullmatch(s.outline) for s in STATUSES.values())
    assert [c for c in STATUS_ORDER if STATUSES[c].dashed] == [NO_DATA]


def test_status_labels_are_filled_from_the_criteria_set_in_force():
    filled = {c: STATUSES[c].label.format(basic="19.2", advanced="19.2 nâng cao", na="phường, thị trấn")
              for c in STATUS_ORDER}
    assert filled == {ADVANCED: "Đạt 19.2 nâng cao", BASIC: "Đạt 19.2 (cơ bản)", NOT_ATTAINED: "Chưa đạt 19.2",
                      NOT_APPLICABLE: "Không áp dụng (phường, thị trấn)", NO_DATA: "Không có số liệu"}
    assert all(STATUSES[c].short and "{" not in STATUSES[c].short for c in STATUS_ORDER)


def test_the_two_class_views_use_the_hues_of_the_statuses():
    assert (VIEW_CLASSES[labels.PASS].label, VIEW_CLASSES[labels.FAIL].label) == ("Đạt", "Chưa đạt")
    assert VIEW_CLASSES[labels.PASS].colour == STATUSES[ADVANCED].colour
    assert VIEW_CLASSES[labels.FAIL].colour == STATUSES[NOT_ATTAINED].colour
    assert labels.BOOL_TEXT == {True: "Đạt", False: "Chưa đạt"}


@pytest.mark.parametrize("grade,bounds", [("basic", [0, 80, 90, 95, 99]), ("advanced", [0, 20, 30, 40, 50])])
def test_share_classes_rise_from_their_lower_bounds_and_say_them(grade, bounds):
    classes = SHARE_CLASSES[grade]
    assert [c.lower for c in classes] == [float(b) for b in bounds]
    assert classes[0].label == f"Dưới {bounds[1]}%"
    assert classes[1].label == f"{bounds[1]}% – dưới {bounds[2]}%"
    assert classes[-1].label == f"Từ {bounds[-1]}% trở lên"
    assert len({c.code for c in classes}) == len({c.colour for c in classes}) == len(classes)
    assert all(c.code.startswith(grade[0]) for c in classes)


def test_share_classes_run_from_vermillion_to_blue_as_the_statuses():
    for classes in SHARE_CLASSES.values():
        assert classes[0].colour == "#d7191c" and classes[-1].colour == "#2c7bb6"


def test_an_incomplete_year_names_what_it_has_of_what():
    text = labels.incomplete_notice(2025, 118, 121)
    assert text.startswith("SỐ LIỆU CHƯA ĐẦY ĐỦ: năm 2025 chỉ có số liệu của 118/121 xã;")
    assert "“Không có số liệu”" in text
    assert "35/124 huyện" in labels.incomplete_notice(2024, 35, 124, unit="huyện")


def test_notices_say_everything_about_the_inputs_in_a_fixed_order():
    out = labels.notices(True, labels.APPROXIMATE_BOUNDARIES_NOTICE, "2025", incomplete="thiếu số liệu",
                         criteria="bộ tiêu chí dự thảo")
    assert out == [labels.ILLUSTRATIVE_NOTICE, "bộ tiêu chí dự thảo", "thiếu số liệu",
                   labels.APPROXIMATE_BOUNDARIES_NOTICE, labels.CARRIED_NOTICE]


def test_real_data_on_real_boundaries_of_its_own_units_needs_no_notice():
    assert labels.notices(False, None) == []
    assert labels.notices(False, None, "legacy", incomplete=None, criteria="") == []


def test_a_year_carried_to_the_2025_units_says_so_once():
    this_year = labels.notices(False, None, "2025")
    history = labels.notices(False, None, "2025", carried_history=True)
    assert this_year == [labels.CARRIED_NOTICE] and history == [labels.CARRIED_HISTORY_NOTICE]
    assert labels.notices(False, None, "legacy", carried_history=True) == []


def test_missing_values_and_parameters_have_vietnamese_words():
    assert labels.MISSING_TEXT == "–"
    assert set(labels.VINTAGE_LABELS) == {"legacy", "2025"}
    assert {"province", "year", "data", "boundaries", "vintage"} <= set(labels.PARAMETER_LABELS)
    assert set(labels.DEFAULT_TEXT) <= set(labels.PARAMETER_LABELS)
