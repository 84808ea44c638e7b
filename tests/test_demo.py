"""The demo data: deterministic, complete, plausible, and labelled illustrative."""

import numpy as np
import pandas as pd
import pytest
from scipy.spatial import cKDTree

from helpers import attainment as at
from helpers import demo, loader
from helpers import gazetteer as gz
from helpers.paths import DEMO_DIR


@pytest.fixture(scope="module")
def ds():
    return loader.read_folder(DEMO_DIR)


def test_committed_demo_equals_a_fresh_generation(tmp_path):
    demo.write(["tuyen-quang", "gia-lai"], tmp_path)
    for name in ("communes.csv", "districts.csv", "dataset.yaml"):
        assert (tmp_path / name).read_bytes() == (DEMO_DIR / name).read_bytes(), name


def test_labelled_illustrative(ds):
    assert ds.illustrative and "minh họa" in ds.name.lower()


@pytest.mark.parametrize("slug", ["tuyen-quang", "gia-lai"])
def test_every_commune_and_year(ds, slug):
    units = gz.communes(slug)
    assert ds.years() == [2019, 2022, 2023, 2024, 2025, 2026]
    recs = ds.communes[ds.communes["commune_code"].isin(units["code"]) & (ds.communes["year"] <= 2025)]
    assert len(recs) == len(units) * 5  # the legacy units until 2025
    st = at.commune_status(units, ds.communes, 2025)
    assert (st["status"] == "no_data").sum() == 0
    # phường and thị trấn carry no verdict
    assert set(st.loc[st["type"] != "Xã", "status"]) == {"not_applicable"}


@pytest.mark.parametrize("slug", ["tuyen-quang", "gia-lai"])
def test_realistic_and_rising(ds, slug):
    units = gz.communes(slug)
    shares = [at.rates(at.commune_status(units, ds.communes, y), None).iloc[0] for y in ds.years() if y <= 2025]
    basic = [s["basic_pct"] for s in shares]
    adv = [s["advanced_pct"] for s in shares]
    assert basic == sorted(basic) and adv == sorted(adv)
    assert 90 <= basic[-1] < 99  # most xã attain 19.2, not all
    assert 20 <= adv[-1] <= 50  # far fewer the advanced set
    assert adv[-1] < basic[-1] - 40


def test_neighbouring_communes_are_alike(ds):
    units = gz.communes("gia-lai")
    st = at.commune_status(units, ds.communes, 2025)
    xa = st["type"] == "Xã"
    pts = units.loc[xa, ["lon", "lat"]].to_numpy()
    adv = (st.loc[xa, "status"] == "advanced").to_numpy()
    _, idx = cKDTree(pts).query(pts, k=4)
    same = np.mean([np.mean(adv[i[1:]] == adv[i[0]]) for i in idx])
    p = adv.mean()
    assert same > (p * p + (1 - p) * (1 - p)) + 0.05  # more alike than chance


def test_failing_communes_have_named_reasons(ds):
    units = gz.communes("tuyen-quang")
    st = at.commune_status(units, ds.communes, 2025)
    failing = st[st["status"] == "not_attained"]
    assert len(failing) >= 2
    assert all(len(f) >= 1 for f in failing["failing"])


def test_crime_baseline_and_published_figure(ds):
    gl = at.crime_by_year(ds.communes, gz.communes("gia-lai")["code"]).set_index("year")
    assert gl.loc[2022, "cases"] == 734  # the published 2022 count (DOMAIN notes)
    tq = at.crime_by_year(ds.communes, gz.communes("tuyen-quang")["code"]).set_index("year")
    assert tq.loc[2019, "cases"] > 0 and tq.loc[2025, "change_pct"] < 0


def test_other_provinces_use_the_same_generator():
    c, d = demo.generate("ha-giang")
    units = gz.communes("ha-giang")
    assert set(c["commune_code"]) == set(units["code"])
    assert len(d) == len(gz.districts("ha-giang")) * 5
    c2, _ = demo.generate("ha-giang")
    pd.testing.assert_frame_equal(c, c2)


@pytest.mark.parametrize("slug,n_units", [("tuyen-quang", 124), ("gia-lai", 135)])
def test_2026_on_the_units_of_1_july_2025_with_commune_groups(ds, slug, n_units):
    """The committed demo data holds 2026 for the merged seed provinces, on their new units:
    every unit has a record, every xã a commune group (1, 2 or 3) and a verdict under the
    2026–2030 set; phường and đặc khu have neither."""
    from helpers import criteria as crit

    units = gz.communes(slug, "2025")
    assert len(units) == n_units
    recs = ds.communes[(ds.communes["year"] == 2026) & ds.communes["commune_code"].isin(units["code"])]
    assert sorted(recs["commune_code"]) == sorted(units["code"])
    xa = recs["commune_code"].isin(units.loc[units["type"] == "Xã", "code"])
    assert set(recs.loc[xa, crit.GROUP]) <= {1, 2, 3} and recs.loc[xa, crit.GROUP].notna().all()
    assert recs.loc[~xa, crit.GROUP].isna().all()
    basic = crit.for_year(2026).commune_indicator("basic").verdict_column
    share = recs.loc[xa, basic].astype(bool).mean()
    assert 0.6 < share < 1.0  # most xã, not all
