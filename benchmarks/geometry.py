"""Measure the approximate commune areas: shape quality, time, and overlap with real polygons.

For each seed province: time to compute, the quality figures of helpers.geometry.metrics, and,
where ../shared/data/boundaries has real district polygons, the intersection over union (IoU)
of each district's approximate area with its real polygon, without and with the district file.
Usage: .venv/bin/python benchmarks/geometry.py
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import geopandas as gpd

from helpers import gazetteer, geometry

warnings.filterwarnings("ignore")
BOUNDARIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "boundaries"


def main() -> None:
    for slug in ("tuyen-quang", "gia-lai"):
        units = gazetteer.communes(slug)
        t = time.perf_counter()
        geo = geometry.approximate_communes(units)
        dt = time.perf_counter() - t
        m = geometry.metrics(geo, units)
        print(f"{slug}: {m['communes']} communes, computed in {dt:.2f} s")
        print(f"  polygons {m['polygons']}, overlap {m['overlap_km2']:.6f} km², province parts {m['province_parts']}, "
              f"holes {m['province_holes']}, area {m['province_km2']:.0f} km²")
        print(f"  commune areas: min {m['min_area_km2']:.2f} km², median {m['median_area_km2']:.1f} km²; "
              f"min compactness {m['min_compactness']:.2f}")
        print(f"  gazetteer points inside their own polygon {m['points_inside_own']}/{m['communes']}; "
              f"anchors moved (shared points) {m['anchors_moved']}; anchors inside {m['anchors_inside_own']}")
        print(f"  districts {m['districts']}, split into pieces {m['districts_split']} "
              f"(extra pieces {m['district_extra_pieces']})")
        real_file = BOUNDARIES / f"{slug}-districts-2019.geojson"
        if not real_file.exists():
            print("  (no real district polygons to compare with)")
            continue
        real = gpd.read_file(real_file).rename(columns={"ma_huyen": "code"})
        crs = geometry.local_crs(float(units["lon"].mean()), float(units["lat"].mean()))
        prov = real.to_crs(crs).union_all()
        mine = geo.to_crs(crs).union_all()
        iou = geometry.iou_by_district(geo, real)
        print(f"  province IoU with the real outline {mine.intersection(prov).area / mine.union(prov).area:.3f}")
        print(f"  district IoU without the district file: mean {iou.mean():.3f}, min {iou.min():.3f}, max {iou.max():.3f}")
        t = time.perf_counter()
        inside = geometry.approximate_communes(units, real)
        dt = time.perf_counter() - t
        iou2 = geometry.iou_by_district(inside, real)
        m2 = geometry.metrics(inside, units)
        print(f"  with the district file ({dt:.2f} s): district IoU mean {iou2.mean():.3f}, min {iou2.min():.3f}; "
              f"anchors moved into their own district {m2['anchors_moved']}; min area {m2['min_area_km2']:.2f} km²")


if __name__ == "__main__":
    main()
