"""A data source read and checked once per content; the demo data covering any province."""

import os

import pandas as pd
import pytest
import scenarios

from helpers import datasets, gazetteer


def test_a_source_is_read_once_per_content_of_its_files(tmp_path):
    path = scenarios.write("first-file", tmp_path)
    src = datasets.source(path)
    assert datasets.read(src) is datasets.read(datasets.source(path))  # the same content: read once
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    st = path.stat()
    df.loc[0, "note"] = "x" if df.loc[0, "note"] != "x" else "y"
    df.to_csv(path, index=False)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    edited = datasets.source(path)
    assert edited.content != src.content and edited.path == src.path
    assert datasets.read(edited) is not datasets.read(src)


def test_the_demo_data_covers_any_province_and_a_build_shares_what_it_covered():
    src = datasets.source("")
    assert src.path == "" and src.is_demo
    committed = datasets.read(src)
    assert committed.meta["provinces"] == ["tuyen-quang", "gia-lai"]
    covered = datasets.covering(src, ("cao-bang",))
    cao_bang = set(gazetteer.communes("cao-bang")["code"])
    assert covered.communes["commune_code"].isin(cao_bang).any()
    assert not committed.communes["commune_code"].isin(cao_bang).any()
    wide = datasets.covering(src, ("cao-bang", "bac-kan", "tuyen-quang"))
    datasets.share(wide, src)
    assert datasets.covering(src, ("bac-kan",)) is wide  # a notebook of the build takes the build's data


def test_a_province_without_records_or_without_a_year_is_refused_with_what_the_data_has(tmp_path):
    first = datasets.read(datasets.source(scenarios.write("first-file", tmp_path)))
    gia_lai, tuyen_quang = gazetteer.province("gia-lai"), gazetteer.province("tuyen-quang")
    assert datasets.years_of(first, gia_lai) == [2025]
    datasets.require_records(first, gia_lai, [2025])
    with pytest.raises(ValueError, match="no record for any commune of Tỉnh Tuyên Quang; give a data folder"):
        datasets.require_records(first, tuyen_quang)
    with pytest.raises(ValueError, match="no data for any xã of Tỉnh Gia Lai in 2024; the data of this province has 2025"):
        datasets.require_records(first, gia_lai, [2024])


def test_a_province_of_2025_reads_its_former_provinces():
    new = gazetteer.province("tuyen-quang", "2025")
    assert datasets.legacy_provinces(new) == ("ha-giang", "tuyen-quang")
    assert datasets.legacy_provinces(gazetteer.province("tuyen-quang")) == ("tuyen-quang",)
    data = datasets.for_provinces(datasets.source(""), (new,), "2025")
    assert datasets.years_of(data, new) == [2019, 2022, 2023, 2024, 2025, 2026]
