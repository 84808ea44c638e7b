"""Deterministic illustrative data: every commune and district of a province, years 2019 and 2022–2025.

The figures are synthetic and every output made from them says so. They are shaped to be
plausible rather than uniform: a latent score per commune, alike among neighbours and within
a district, rises over the years; the best-scoring xã attain 19.2, a smaller set the advanced
19.2; a xã that fails keeps a named reason (one or two failing sub-conditions) from year to
year. Province shares stay near published orders of magnitude (see DOMAIN notes: most xã meet
19.2, far fewer the advanced set; Gia Lai counted 734 social-order crimes in 2022).
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy.spatial import cKDTree

from . import criteria as crit
from . import export, gazetteer
from .labels import XA
from .records import CRIME, NOTE, NTM_STATUS, Dataset, commune_columns, district_columns

YEARS = (2019, 2022, 2023, 2024, 2025)  # on the legacy units
NEW_YEARS = (2026,)  # on the units of 1 July 2025, under the 2026–2030 criteria
SEED = 20220802  # the date of 926/QĐ-TTg


@dataclass(frozen=True)
class Profile:
    """Province-level shape of the illustrative data: shares of xã per year, district counts in
    the last year, and social-order crime totals per year."""

    basic: tuple[float, ...]
    advanced: tuple[float, ...]
    districts_9_4: float  # share of district-level units attaining 9.4 in 2025
    districts_9_1: float
    crimes: tuple[int, ...]


PROFILES: dict[str, Profile] = {
    # Tuyên Quang: plan asks > 99 % basic, 50 % advanced, crime −5 % vs 2019.
    "08": Profile(basic=(0.80, 0.88, 0.92, 0.95, 0.975), advanced=(0.05, 0.10, 0.18, 0.28, 0.40),
                  districts_9_4=4 / 7, districts_9_1=1 / 7, crimes=(412, 371, 380, 362, 381)),
    # Gia Lai: 734 social-order crimes in 2022 (published figure, used for the 2022 total).
    "64": Profile(basic=(0.72, 0.82, 0.87, 0.91, 0.95), advanced=(0.03, 0.07, 0.13, 0.20, 0.28),
                  districts_9_4=9 / 17, districts_9_1=3 / 17, crimes=(861, 734, 791, 768, 802)),
}

# Reasons a xã fails basic 19.2, with how often each is drawn.
FAIL_WEIGHTS = {
    "no_serious_crime": 0.42,
    "security_models_effective": 0.22,
    "no_mass_complaints": 0.18,
    "resolution_and_plan": 0.12,
    "no_anti_state_activity": 0.06,
}
# District NTM status facts (confirmed; see DOMAIN notes): TP Tuyên Quang completed its NTM task
# in 2020; TP Pleiku, TX An Khê and TX Ayun Pa completed theirs by 2020. Huyện Hàm Yên reaching
# NTM in 2025 is illustrative (it is the plan's target, not a recorded fact).
NTM_FACTS = {"070": "hoan_thanh_nhiem_vu", "622": "hoan_thanh_nhiem_vu", "623": "hoan_thanh_nhiem_vu",
             "624": "hoan_thanh_nhiem_vu"}
NTM_ILLUSTRATIVE_2025 = {"074": "dat_chuan"}


def _rng(code: str, salt: str) -> np.random.Generator:
    return np.random.default_rng([SEED, int(code), zlib.crc32(salt.encode())])


def _profile(code: str, n_xa: int) -> Profile:
    if code in PROFILES:
        return PROFILES[code]
    r = _rng(code, "profile")
    b25 = r.uniform(0.93, 0.99)
    a25 = r.uniform(0.25, 0.50)
    ramp = np.array([0.80, 0.89, 0.93, 0.965, 1.0])
    base = max(40, int(n_xa * r.uniform(2.5, 4.5)))
    trend = np.array([1.0, 0.88, 0.93, 0.9, 0.92]) * r.uniform(0.95, 1.05, 5)
    return Profile(basic=tuple(np.minimum(b25 * ramp ** 0.8, 0.995)), advanced=tuple(a25 * ramp ** 6),
                   districts_9_4=r.uniform(0.4, 0.8), districts_9_1=r.uniform(0.1, 0.35),
                   crimes=tuple(int(round(base * t)) for t in trend))


def _smooth_noise(xy: np.ndarray, rng: np.random.Generator, k: int = 6) -> np.ndarray:
    """Noise that neighbouring communes share: each value is the mean over its k nearest."""
    raw = rng.normal(size=len(xy))
    k = max(1, min(k, len(xy)))
    _, idx = cKDTree(xy).query(xy, k=k)
    idx = idx.reshape(len(xy), k)
    return raw[idx].mean(axis=1) * np.sqrt(k) * 0.5 + raw * 0.2


def generate(prov: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Illustrative commune and district records of one (legacy) province."""
    p = gazetteer.province(prov)
    units = gazetteer.communes(p)
    dists = gazetteer.districts(p)
    c = crit.for_year(YEARS[-1])  # the 2021–2025 set
    xy = np.column_stack([units["lon"].to_numpy() * np.cos(np.radians(units["lat"].mean())), units["lat"].to_numpy()])
    rng = _rng(p.code, "communes")
    is_xa = (units["type"] == XA).to_numpy()
    n_xa = int(is_xa.sum())
    prof = _profile(p.code, n_xa)

    d_effect = dict(zip(dists["code"], rng.normal(0, 0.6, len(dists))))
    latent = units["district_code"].map(d_effect).to_numpy() + _smooth_noise(xy, rng)
    adv_bias = 0.7 * latent + 0.5 * _smooth_noise(xy, rng)
    reason = rng.choice(list(FAIL_WEIGHTS), size=len(units), p=list(FAIL_WEIGHTS.values()))
    second = rng.choice(list(FAIL_WEIGHTS), size=len(units), p=list(FAIL_WEIGHTS.values()))
    two_reasons = rng.random(len(units)) < 0.2
    crime_w = np.where(units["type"] == XA, 1.0, np.where(units["type"] == "Phường", 3.0, 2.2))
    crime_w = crime_w * rng.lognormal(0, 0.45, len(units))

    drift = np.zeros(len(units))
    rows = []
    for t, year in enumerate(YEARS):
        drift = drift + rng.normal(0, 0.18, len(units))
        score = latent + drift
        adv_score = adv_bias + drift
        n_basic = int(round(prof.basic[t] * n_xa))
        n_adv = min(int(round(prof.advanced[t] * n_xa)), n_basic)
        xa_idx = np.flatnonzero(is_xa)
        ranked = xa_idx[np.argsort(-score[xa_idx], kind="stable")]
        basic = np.zeros(len(units), bool)
        basic[ranked[:n_basic]] = True
        cands = np.flatnonzero(basic)
        adv = np.zeros(len(units), bool)
        adv[cands[np.argsort(-adv_score[cands], kind="stable")][:n_adv]] = True

        w = crime_w * np.where(~basic & is_xa & (reason == "no_serious_crime"), 2.0, 1.0)
        crimes = rng.multinomial(prof.crimes[t], w / w.sum())
        share = np.round(np.clip(rng.normal(0.78, 0.08, len(units)), 0.35, 0.99), 2)
        std_ok = rng.random(len(units)) < 0.8
        for i in range(len(units)):
            rec = {"commune_code": units["code"].iat[i], "year": year, CRIME: int(crimes[i]), NOTE: ""}
            if is_xa[i]:
                subs = {s: True for s in c.sub_condition_columns("commune")}
                if not basic[i]:
                    subs[reason[i]] = False
                    if two_reasons[i]:
                        subs[second[i]] = False
                s_share, s_std = float(share[i]), bool(std_ok[i])
                if adv[i]:
                    s_share, s_std = max(s_share, round(0.72 + 0.2 * (i % 7) / 7, 2)), True
                elif basic[i] and s_share >= 0.70 and s_std:
                    if i % 2:
                        s_std = False
                    else:
                        s_share = round(0.5 + 0.19 * ((i * 37) % 100) / 100, 2)
                subs["safe_standard_tt124"] = s_std
                subs["safe_residential_share"] = round(s_share, 2)
                rec.update(subs)
                rec[c.commune_indicator("basic").verdict_column] = bool(basic[i])
                rec[c.commune_indicator("advanced").verdict_column] = bool(adv[i])
            rows.append(rec)
    communes = pd.DataFrame(rows).reindex(columns=commune_columns())

    dscore = pd.Series(latent[is_xa], index=units.loc[is_xa, "district_code"]).groupby(level=0).mean()
    return communes, _district_records(p, dists, dscore, prof)


def _district_records(p: gazetteer.Province, dists: pd.DataFrame, dscore: pd.Series, prof: Profile) -> pd.DataFrame:
    """Districts ranked by the mean score of their xã: the top ones attain 9.4, fewer 9.1; a
    unit with NTM status meets the district criteria."""
    c = crit.for_year(YEARS[-1])
    dscore = dscore.reindex(dists["code"]).fillna(dscore.mean() if len(dscore) else 0.0)
    drng = _rng(p.code, "districts")
    drows = []
    for t, year in enumerate(YEARS):
        ramp = (t + 1) / len(YEARS)
        n94 = int(round(prof.districts_9_4 * len(dists) * (0.4 + 0.6 * ramp)))
        n91 = min(int(round(prof.districts_9_1 * len(dists) * ramp)), n94)
        # a unit with NTM status meets the district criteria, 9.4 among them
        forced = [d for d in dists["code"] if d in NTM_FACTS or (year == 2025 and d in NTM_ILLUSTRATIVE_2025)]
        order = dscore.add(drng.normal(0, 0.05, len(dscore))).sort_values(ascending=False, kind="stable").index
        order = forced + [d for d in order if d not in forced]
        ok94, ok91 = set(order[:max(n94, len(forced))]), set(order[:n91])
        for d in dists["code"]:
            subs = {s: True for s in c.sub_condition_columns("district")}
            if d not in ok94:
                subs["crime_contained" if zlib.crc32(d.encode()) % 2 else "no_mass_complaints"] = False
            if d not in ok91:
                subs["no_complex_area"] = False
            status = NTM_FACTS.get(d, "chua_dat")
            if year == 2025 and d in NTM_ILLUSTRATIVE_2025:
                status = NTM_ILLUSTRATIVE_2025[d]
            drows.append({"district_code": d, "year": year, **subs, c.for_level("district")[0].verdict_column: d in ok94,
                          c.for_level("district")[1].verdict_column: d in ok91, NTM_STATUS: status})
    return pd.DataFrame(drows).reindex(columns=district_columns())


# legacy provinces of the Northern midlands and mountains and of the Central Highlands: most of
# their xã fall in commune group 3 of the 2026–2030 criteria (illustrative)
MOUNTAINS = {"02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "24", "25", "62", "64", "66",
             "67", "68"}


def generate_2026(prov_2025: str, legacy: pd.DataFrame) -> pd.DataFrame:
    """Illustrative records of 2026 on the 2025 units of a province, continuing the 2025 results
    carried from its former provinces (`legacy`: their legacy records): most xã keep their
    verdict, a few lose or gain it; each xã gets a commune group (group 3 mostly in the
    mountains); crime falls a little."""
    from . import vintage

    p = gazetteer.province(prov_2025, "2025")
    units = vintage.units_2025(p)
    carried, _ = vintage.carry(legacy, p)
    c = crit.for_year(NEW_YEARS[0])
    basic_col, adv_col = (c.commune_indicator(g).verdict_column for g in ("basic", "advanced"))
    old = crit.for_year(YEARS[-1])
    last = carried[carried["year"] == YEARS[-1]].set_index("commune_code").reindex(units["code"])
    rng = _rng(str(int(p.code) + 1000), "2026")
    is_xa = (units["type"] == XA).to_numpy()
    mountain = units["district_code"].isin(MOUNTAINS).to_numpy()
    group = np.where(mountain, rng.choice([1, 2, 3], len(units), p=[0.05, 0.25, 0.70]),
                     rng.choice([1, 2, 3], len(units), p=[0.35, 0.55, 0.10]))
    was_basic = last[old.commune_indicator("basic").verdict_column].astype("boolean").fillna(False).to_numpy(bool)
    was_adv = last[old.commune_indicator("advanced").verdict_column].astype("boolean").fillna(False).to_numpy(bool)
    basic = np.where(was_basic, rng.random(len(units)) < 0.96, rng.random(len(units)) < 0.45)
    adv = basic & np.where(was_adv, rng.random(len(units)) < 0.9, rng.random(len(units)) < 0.12)
    reason = rng.choice(list(FAIL_WEIGHTS), size=len(units), p=list(FAIL_WEIGHTS.values()))
    subs_basic = crit.sub_condition_ids(c.commune_indicator("basic"))
    thresholds = dict(c.sub_condition("commune", "safe_residential_share").threshold_by_group)
    crime_last = last[CRIME].astype("Float64").fillna(0).to_numpy(float)
    crimes = rng.binomial(np.round(crime_last).astype(int), rng.uniform(0.82, 0.97))
    rows = []
    for i in range(len(units)):
        rec = {"commune_code": units["code"].iat[i], "year": NEW_YEARS[0], CRIME: int(crimes[i]), NOTE: ""}
        if is_xa[i]:
            subs = {s: True for s in subs_basic}
            if not basic[i]:
                subs[reason[i] if reason[i] in subs else subs_basic[-1]] = False
            need = thresholds[int(group[i])]
            share = round(min(0.99, need + rng.uniform(0.0, 0.15)), 2) if adv[i] else                 round(need - rng.uniform(0.02, 0.2), 2)
            std = bool(adv[i] or rng.random() < 0.5)
            if basic[i] and not adv[i] and std and share >= need:
                share = round(need - 0.05, 2)
            rec.update(subs, safe_standard_tt124=std, safe_residential_share=share)
            rec.update({crit.GROUP: int(group[i]), basic_col: bool(basic[i]), adv_col: bool(adv[i])})
        rows.append(rec)
    return pd.DataFrame(rows).reindex(columns=commune_columns()).astype({crit.GROUP: "Int64"})


def _legacy_for(prov_2025: str, have: pd.DataFrame) -> pd.DataFrame:
    """The legacy records of a 2025 province's former provinces: those in `have`, the others
    generated."""
    from . import vintage

    parts = [have]
    present = set(have["commune_code"])
    for slug in vintage.former_provinces(prov_2025):
        codes = set(gazetteer.communes(slug)["code"])
        if not codes & present:
            parts.append(generate(slug)[0])
    return pd.concat([x for x in parts if len(x)], ignore_index=True)


def _fmt(df: pd.DataFrame) -> pd.DataFrame:
    """Text form for CSV: booleans as true/false, shares on the 0–100 scale every data file
    uses (a share of 0.78 is written 78), empty cells empty."""
    from .columns import column_kinds

    out = df.copy()
    shares = [c for c, kind in column_kinds("commune").items() if kind == "share" and c in out]
    for col in shares:
        out[col] = out[col].map(lambda v: v if v is None or pd.isna(v) else f"{100 * float(v):.4g}")
    for col in out.columns:
        out[col] = out[col].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                                else ("true" if v is True else "false" if v is False else v))
    return export.safe_frame(out)


def write(provinces: list[str], out: Path) -> tuple[Path, Path]:
    """Generate the illustrative data of the (legacy) provinces, and of 2026 for the 2025
    provinces they went into, and write a data folder."""

    out.mkdir(parents=True, exist_ok=True)
    parts = [generate(p) for p in provinces]
    legacy = pd.concat([c for c, _ in parts], ignore_index=True)
    new = list(dict.fromkeys(gazetteer.successor(gazetteer.province(p).slug) for p in provinces))
    later = [generate_2026(n, _legacy_for(n, legacy)) for n in new]
    communes = pd.concat([legacy, *later]).sort_values(["commune_code", "year"], kind="stable")
    communes[crit.GROUP] = communes[crit.GROUP].astype("Int64")
    districts = pd.concat([d for _, d in parts]).sort_values(["district_code", "year"])
    names = [gazetteer.province(p).short_name for p in provinces]
    meta = {
        "name": "Dữ liệu minh họa",
        "illustrative": True,
        "source": "Số liệu giả lập, do công cụ sinh ra theo quy tắc cố định; không phải số liệu thực tế.",
        "provinces": [gazetteer.province(p).slug for p in provinces],
        "province_names": names,
        "provinces_2025": new,
        "years": list(YEARS) + list(NEW_YEARS),
        "generator": "helpers.demo",
        "seed": SEED,
    }
    c_path, d_path = out / "communes.csv", out / "districts.csv"
    _fmt(communes).to_csv(c_path, index=False, lineterminator="\n")
    _fmt(districts).to_csv(d_path, index=False, lineterminator="\n")
    (out / "dataset.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return c_path, d_path


def _like(frame: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Generated records typed as the loader types the committed ones."""
    out = frame.reindex(columns=reference.columns)
    if NOTE in out:
        out[NOTE] = out[NOTE].map(lambda v: v or None).astype(object)
    return out.astype({c: t for c, t in reference.dtypes.items() if c != NOTE})


def covers(dataset: Dataset, provinces: Iterable[str], provinces_2025: Iterable[str] = ()) -> bool:
    """Whether the demo data set already holds the records of these provinces."""
    have = set(dataset.meta.get("provinces") or [])
    have_new = set(dataset.meta.get("provinces_2025") or [])
    return all(gazetteer.province(p).slug in have for p in provinces) and \
        all(gazetteer.province(p, "2025").slug in have_new for p in provinces_2025)


def covering(dataset: Dataset, provinces: Iterable[str], provinces_2025: Iterable[str] = ()) -> Dataset:
    """The demo data set, with the records it lacks generated by the same generator, exactly as
    `antt demo --province P` would write them: the legacy records of `provinces` (legacy slugs)
    and the 2026 records of `provinces_2025` (slugs of 1 July 2025). The committed files hold the
    two seed provinces; any other gets its illustrative data on demand (0.05–0.4 s each) rather
    than megabytes of committed CSV."""
    have = set(dataset.meta.get("provinces") or [])
    need = [s for s in dict.fromkeys(gazetteer.province(p).slug for p in provinces) if s not in have]
    have_new = set(dataset.meta.get("provinces_2025") or [])
    need_new = [s for s in dict.fromkeys(gazetteer.province(p, "2025").slug for p in provinces_2025)
                if s not in have_new]
    if not need and not need_new:
        return dataset
    parts = [generate(p) for p in need]
    communes = pd.concat([dataset.communes] + [_like(c, dataset.communes) for c, _ in parts], ignore_index=True)
    later = [generate_2026(n, _legacy_for(n, communes[communes["year"] <= YEARS[-1]])) for n in need_new]
    communes = pd.concat([communes] + [_like(x, dataset.communes) for x in later], ignore_index=True)
    districts = pd.concat([dataset.districts] + [_like(d, dataset.districts) for _, d in parts], ignore_index=True)
    meta = {**dataset.meta, "provinces": list(dataset.meta.get("provinces") or []) + need,
            "provinces_2025": list(dataset.meta.get("provinces_2025") or []) + need_new}
    return dataclasses.replace(dataset, communes=communes, districts=districts, meta=meta)
