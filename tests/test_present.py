"""How a section's data is presented: a described table stays a DataFrame an analyst can work with."""

import pandas as pd
import pytest

from helpers import present


def _table() -> present.Table:
    df = pd.DataFrame({"Xã": ["Xã A", "Xã B", "Xã C"], "Số vụ": [3, 0, 5]})
    return present.table(df, "Các xã ({n} xã)", csv="cac-xa.csv", flag={"column": "Số vụ", "true": True})


def test_a_described_table_is_a_dataframe_and_keeps_its_description_when_sorted_or_filtered():
    t = _table()
    assert isinstance(t, pd.DataFrame) and present.describe(t)["caption"] == "Các xã ({n} xã)"
    derived = t[t["Số vụ"] > 0].sort_values("Số vụ", ascending=False)
    assert list(derived["Xã"]) == ["Xã C", "Xã A"]
    assert present.describe(derived)["csv"] == "cac-xa.csv"
    assert present.flagged(derived) == [True, True]
    assert type(t["Số vụ"]) is pd.Series  # a column is a plain Series


def test_the_caller_frame_and_plain_frames_are_left_undescribed():
    df = pd.DataFrame({"a": [1]}, index=[7])
    t = present.table(df, "Bảng")
    assert present.describe(df) is None and list(df.index) == [7] and list(t.index) == [0]
    plain = present.bare(t)
    assert type(plain) is pd.DataFrame and present.describe(plain) is None
    assert plain.equals(pd.DataFrame(t))
    assert present.describe(pd.concat([t, t])) is None  # two tables joined: no one description


def test_a_bad_format_or_kind_is_refused():
    with pytest.raises(ValueError, match="unknown table format"):
        present.table(pd.DataFrame({"a": [1]}), formats={"a": "roman"})
    with pytest.raises(ValueError, match="unknown table kind"):
        present.table(pd.DataFrame({"a": [1]}), kind="pie")


def test_parameters_are_shown_in_words():
    shown = dict(present.parameters({"province": "tuyen-quang", "year": None, "data": "/x/y/so-lieu.xlsx",
                                     "vintage": "2025"}))
    assert "Tuyên Quang" in next(v for k, v in shown.items() if "Tỉnh" in k or "tỉnh" in k)
    assert "so-lieu.xlsx" in shown.values() and not any("/x/y" in v for v in shown.values())
