"""A property of the loader: a generated table, whatever its blanks, separators, encoding and
cell types, is either loaded exactly or refused with a problem located at each bad cell; it is
never loaded wrongly."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import gazetteer, loader, records

from test_loader import _windows_1258

XA = gazetteer.communes("tuyen-quang").query("type == 'Xã'")["code"].tolist()
CRIME, SHARE, COND = "Số vụ phạm tội về TTXH", "Tỷ lệ khu dân cư đạt An toàn về ANTT", "Không có khiếu kiện đông người kéo dài"
BAD = object()  # the intended value of a cell that must be refused


@st.composite
def count_cell(draw):
    """(text in the file, intended value)."""
    kind = draw(st.sampled_from(["plain", "grouped", "blank", "fraction", "negative", "word", "badgroup"]))
    n = draw(st.integers(0, 900_000))
    if kind == "plain":
        return str(n), n
    if kind == "grouped":
        sep = draw(st.sampled_from([".", ",", " "]))
        return f"{n:,}".replace(",", sep), n
    if kind == "blank":
        return draw(st.sampled_from(["", " "])), None
    if kind == "fraction":
        return f"{n}{draw(st.sampled_from(['.', ',']))}{draw(st.integers(1, 9))}", BAD
    if kind == "negative":
        return f"-{max(n, 1)}", BAD
    if kind == "badgroup":
        return f"{draw(st.integers(1, 99))}.{draw(st.integers(0, 99)):02d}", BAD  # "12.05": not thousands
    return draw(st.sampled_from(["mười", "n/a", "?"])), BAD


@st.composite
def share_cell(draw):
    kind = draw(st.sampled_from(["whole", "decimal", "percent", "blank", "ambiguous", "over", "word"]))
    if kind == "whole":
        n = draw(st.integers(1, 100))
        return str(n), n / 100
    if kind == "decimal":
        n = draw(st.integers(10, 999))  # 1.0 – 99.9
        sep = draw(st.sampled_from([".", ","]))
        return f"{n // 10}{sep}{n % 10}", round(n / 1000, 6)
    if kind == "percent":
        n = draw(st.integers(0, 100))
        return f"{n}%", n / 100
    if kind == "blank":
        return "", None
    if kind == "ambiguous":
        return f"0.{draw(st.integers(1, 99)):02d}", BAD
    if kind == "over":
        return str(draw(st.integers(101, 10_000))), BAD
    return "nhiều", BAD


@st.composite
def bool_cell(draw):
    kind = draw(st.sampled_from(["yes", "no", "blank", "word"]))
    if kind == "yes":
        return draw(st.sampled_from(["Đạt", "đạt", "dat", "1", "x", "true", "Có"])), True
    if kind == "no":
        return draw(st.sampled_from(["Không đạt", "khong dat", "0", "false", "Chưa đạt"])), False
    if kind == "blank":
        return "", None
    return draw(st.sampled_from(["có lẽ", "2", "maybe"])), BAD


@st.composite
def table(draw):
    n = draw(st.integers(1, 12))
    codes = draw(st.lists(st.sampled_from(XA), min_size=n, max_size=n, unique=True))
    code_style = draw(st.sampled_from(["zeros", "stripped"]))
    rows = []
    for code in codes:
        rows.append({"code": code.lstrip("0") if code_style == "stripped" else code, "want_code": code,
                     CRIME: draw(count_cell()), SHARE: draw(share_cell()), COND: draw(bool_cell())})
    blanks_before = [draw(st.integers(0, 2)) for _ in rows]  # blank lines before each row
    return rows, blanks_before, draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"])), \
        draw(st.sampled_from([",", ";", "\t"]))


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table())
def test_loaded_exactly_or_refused_where_it_is_wrong(tmp_path_factory, generated):
    rows, blanks, encoding, sep = generated
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    w.writerow(["Mã xã", "Năm", CRIME, SHARE, COND])
    line, where = 2, {}
    for row, gap in zip(rows, blanks, strict=True):
        for _ in range(gap):
            buf.write("\n")
            line += 1
        w.writerow([row["code"], "2025", row[CRIME][0], row[SHARE][0], row[COND][0]])
        where[row["want_code"]] = line
        line += 1
    text = buf.getvalue()
    if encoding == "cp1258":
        text = _windows_1258(text)
    path = tmp_path_factory.mktemp("prop") / "data.csv"
    path.write_bytes(text.encode(encoding))
    bad = {(where[r["want_code"]], col) for r in rows for col in (CRIME, SHARE, COND) if r[col][1] is BAD}
    if bad:
        with pytest.raises(records.DataError) as err:
            loader.load_file(path, "tuyen-quang")
        located = {(p.row, p.column) for p in err.value.problems if p.severity == "error"}
        assert located == bad  # every bad cell, at the line a text editor shows, and nothing else
        return
    ds = loader.load_file(path, "tuyen-quang")
    got = ds.communes.set_index("commune_code")
    for r in rows:
        values = {CRIME: r[CRIME][1], SHARE: r[SHARE][1], COND: r[COND][1]}
        if all(v is None for v in values.values()):
            assert r["want_code"] not in got.index  # a row without data is no record
            continue
        rec = got.loc[r["want_code"]]
        assert (None if rec["crime_cases"] is None or str(rec["crime_cases"]) == "<NA>" else int(rec["crime_cases"])) \
            == values[CRIME]
        share = rec["safe_residential_share"]
        assert (None if share != share else round(float(share), 6)) == (None if values[SHARE] is None else
                                                                         round(values[SHARE], 6))
        cond = rec["no_mass_complaints"]
        assert (None if str(cond) == "<NA>" else bool(cond)) == values[COND]
