"""Every frame of the analyst's API has pandas' own types, the same column the same type in every
frame and every year, whatever the data held (a first file of one year, blanks, 2025 units)."""

from pathlib import Path

import pandas as pd
import pytest

from helpers import frame_types, workbook

ROOT = Path(__file__).resolve().parents[1]
FRAMES = ("communes", "rates", "crime", "crime_by_district", "progress", "geometry", "path_to_targets", "closest",
          "stability", "changes", "series", "final_review")


def _frames(ctx) -> dict[str, pd.DataFrame]:
    out = {name: getattr(ctx, name)() for name in FRAMES}
    out["rates_province"] = ctx.rates(by=None)
    out["closest_advanced"] = ctx.closest("advanced")
    out["commune_history"] = ctx.commune_history(ctx.communes()["code"].iloc[0])
    return out


@pytest.fixture(scope="module")
def contexts():
    return {(p, y): workbook.load(p, y) for p, y in [("tuyen-quang", 2023), ("tuyen-quang", 2025),
                                                      ("tuyen-quang", 2026), ("gia-lai", 2026)]}


def test_every_column_of_every_frame_has_the_type_of_the_table(contexts):
    seen: dict[str, set[str]] = {}
    for key, ctx in contexts.items():
        for name, frame in _frames(ctx).items():
            for col in frame.columns:
                if col == "geometry":
                    continue
                want = str(frame_types.dtype(col))
                assert str(frame[col].dtype) == want, (key, name, col, str(frame[col].dtype), want)
                seen.setdefault(col, set()).add(str(frame[col].dtype))
    assert all(len(types) == 1 for types in seen.values())  # the same column, the same type everywhere
    # the table names no column that no frame has (but the sub-conditions' ids, added by kind)
    assert set(frame_types.COLUMNS) <= set(seen)


def test_conditions_negate_and_filter_as_booleans(contexts):
    c = contexts[("tuyen-quang", 2025)].communes()
    y = c[c["year"] == 2025]
    failing = y[~y["no_mass_complaints"].fillna(True)]  # a pandas user's filter: was −1726 and a KeyError
    assert len(failing) == 2 and not failing["no_mass_complaints"].any()
    assert int((~y["safe_standard_tt124"]).sum()) == 39  # NA stays NA: only the xã known to fail count
    assert (y["basic"] | y["advanced"]).sum() == (y["status"] >= "basic").sum()
    assert str(y["safe_residential_share"].dtype) == "boolean"


def test_the_status_is_ordered_from_no_data_to_advanced(contexts):
    c = contexts[("gia-lai", 2026)].communes()
    assert list(c["status"].cat.categories) == ["no_data", "not_applicable", "not_attained", "basic", "advanced"]
    assert c["status"].cat.ordered
    at_least_basic = c[c["status"] >= "basic"]
    assert set(at_least_basic["status"].astype(str)) == {"basic", "advanced"}
    # counts by status list every status, those with no xã too
    assert len(c["status"].value_counts()) == 5


def test_counts_and_the_commune_group_are_nullable_integers_even_with_blanks(contexts):
    c = contexts[("gia-lai", 2026)].communes()
    assert str(c["commune_group"].dtype) == "Int64" and set(c["commune_group"].dropna()) <= {1, 2, 3}
    assert str(c["crime_cases"].dtype) == "Int64"
    # a xã without data has NA, not 0 and not a float
    no_data = c[c["status"] == "no_data"]
    assert no_data["basic"].isna().all() or no_data.empty


@pytest.mark.parametrize("scenario,year", [("first-file", 2025), ("partial", 2025), ("only-2026", 2026),
                                           ("blank-cells", 2026)])
def test_the_user_s_own_files_give_the_same_types(tmp_path, scenario, year):
    """A province's first file (one year, no baseline), a file missing xã, a file of 2026 only,
    and one with blank cells (commune group, a condition, crime): the frames keep their types."""
    import scenarios

    if scenario == "blank-cells":
        path = scenarios.write("only-2026", tmp_path)
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df.loc[::7, "commune_group"] = ""
        df.loc[::5, "no_serious_crime"] = ""
        df.loc[::3, "crime_cases"] = ""
        df.to_csv(path, index=False)
    else:
        path = scenarios.write(scenario, tmp_path)
    ctx = workbook.load(scenarios.SCENARIOS[scenario.replace("blank-cells", "only-2026")][0], year, data=path)
    for name, frame in _frames(ctx).items():
        for col in frame.columns:
            if col != "geometry":
                assert str(frame[col].dtype) == str(frame_types.dtype(col)), (name, col, str(frame[col].dtype))
    if scenario == "blank-cells":
        c = ctx.communes()
        assert c["commune_group"].isna().any() and c["crime_cases"].isna().any()


def test_an_unknown_column_is_refused_by_name():
    with pytest.raises(KeyError, match="column 'colour' has no type"):
        frame_types.dtype("colour")


def test_the_readme_shows_the_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert frame_types.markdown_table() in readme
