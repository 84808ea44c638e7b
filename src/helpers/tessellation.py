"""The raster partition behind the approximate commune areas (see helpers.geometry for the method).

Kept apart from helpers.geometry so that reading and drawing geometry does not import the
raster and scientific libraries this needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops
from rasterio import features
from rasterio.transform import from_origin
from scipy import ndimage
from scipy.spatial import cKDTree

from .projection import WGS84, GeometryError, local_crs

TARGET_CELLS = 500_000
MIN_RES_M = 60.0
MAX_RES_M = 600.0
POINT_BOX_KM2 = 1.0  # bounding boxes smaller than this are geocoder points, not areas
BOX_TO_DISC = 0.7  # radius of the commune ≈ 0.7 × radius of a disc with its box's area
NEIGHBOURS = 12  # a cell goes to the least weighted of its this many nearest communes
TILE = 8  # the assignment settles tiles of TILE × TILE cells together …
CANDIDATES = 32  # … from this many communes nearest the tile's centre …
SLACK_M = 0.01  # … and leaves a cell whose answer its bounds settle by less than this to the definition
SEARCH_START = 8  # half-size (cells) of the first window searched for a free cell for a point
LOCAL_RATIO = 2.0  # a commune weighs between 1/2 and 2 × its neighbourhood median
CLOSING = 2.5  # closing radius of the province mask, × the median commune radius
DISC = 1.15  # disc radius of a commune in the province mask, × its weight
SAME_POINT_M = 50.0  # two gazetteer points closer than this are one geocoder hit
SEPARATE_REACH = 3.0  # a point moved off a shared spot stays within this many median spacings
MIN_AREA_KM2 = 0.3  # no commune is drawn smaller than this (a speck at provincial zoom)
GROW_RINGS = 20  # at most this many rings of cells are added to a commune below MIN_AREA_KM2
MAX_GAP_M = 12_000.0  # parts of a province farther apart than this are islands, not joined …
GAP_TO_RADIUS = 6.0  # … or than this many median commune radii, where communes are large
STRAY_M = 15_000.0  # a point this far from every other commune of its district is a geocoding error
STRAY_FACTOR = 4.0  # … and this many times the province's typical within-district spacing

_FOUR = ndimage.generate_binary_structure(2, 1)


@dataclass(frozen=True)
class Grid:
    """A raster grid in a projected CRS: origin (top-left), cell size, shape."""

    x0: float
    y0: float
    res: float
    height: int
    width: int

    @property
    def transform(self):
        return from_origin(self.x0, self.y0, self.res, self.res)

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        col = np.clip(((x - self.x0) / self.res).astype(int), 0, self.width - 1)
        row = np.clip(((self.y0 - y) / self.res).astype(int), 0, self.height - 1)
        return row, col

    def centres(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return np.column_stack([self.x0 + (cols + 0.5) * self.res, self.y0 - (rows + 0.5) * self.res])


# ---------------------------------------------------------------- weights and mask

def _weights(xy: np.ndarray, box_area_km2: np.ndarray) -> np.ndarray:
    """Size weight (a radius in metres) of each commune; see the module docstring, step 1."""
    n = len(xy)
    tree = cKDTree(xy)
    k = min(n, 7)
    dist, idx = tree.query(xy, k=k)
    nn = dist[:, 1] if n > 1 else np.full(n, 3000.0)
    real = np.isfinite(box_area_km2) & (box_area_km2 >= POINT_BOX_KM2)
    r = np.full(n, np.nan)
    r[real] = BOX_TO_DISC * np.sqrt(box_area_km2[real] * 1e6 / np.pi)
    if real.any():
        fallback = float(np.median(r[real]))
    else:
        fallback = float(np.median(nn)) if n > 1 else 3000.0
    for i in np.flatnonzero(~real):
        neigh = [j for j in np.atleast_1d(idx[i])[1:] if real[j]]
        guess = float(np.median(r[neigh])) if neigh else fallback
        r[i] = min(guess, 0.75 * nn[i]) if n > 1 else guess
    # A box far larger than its neighbourhood is a geocoder artefact: cap at 2.5 × the nearest
    # neighbour distance, and keep neighbours within a factor of three of each other.
    if n > 1:
        r = np.minimum(r, 2.5 * nn)
        local = np.array([np.median(r[np.atleast_1d(idx[i])]) for i in range(n)])
        r = np.clip(r, local / LOCAL_RATIO, local * LOCAL_RATIO)
        # additive weights keep a point inside its own cell only if no neighbour outweighs it
        # by more than their distance: w_i <= w_j + 0.8 d_ij for every pair of neighbours
        for _ in range(5):
            cap = (r[idx[:, 1:]] + 0.8 * dist[:, 1:]).min(axis=1)
            r = np.minimum(r, cap)
    return np.maximum(r, 150.0)


def _grid_for(xy: np.ndarray, radii: np.ndarray, extra: shapely.Geometry | None = None,
              resolution_m: float | None = None) -> Grid:
    minx, miny = (xy - radii[:, None] * 2.5).min(axis=0)
    maxx, maxy = (xy + radii[:, None] * 2.5).max(axis=0)
    if extra is not None:
        bx = extra.bounds
        minx, miny, maxx, maxy = min(minx, bx[0]), min(miny, bx[1]), max(maxx, bx[2]), max(maxy, bx[3])
    est_area = float(np.sum(np.pi * radii**2)) if extra is None else extra.area
    res = resolution_m or float(np.clip(np.sqrt(max(est_area, 1.0) / TARGET_CELLS), MIN_RES_M, MAX_RES_M))
    pad = 4 * res
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    width = int(np.ceil((maxx - minx) / res))
    height = int(np.ceil((maxy - miny) / res))
    return Grid(minx, maxy, res, height, width)


def _disk(radius_cells: int) -> np.ndarray:
    r = max(int(radius_cells), 1)
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1]
    return (xx * xx + yy * yy) <= r * r


def _province_mask(grid: Grid, xy: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Approximate province area (see the module docstring, step 2)."""
    shapes = [shapely.buffer(shapely.Point(x, y), DISC * r, quad_segs=8) for (x, y), r in zip(xy, radii)]
    mask = features.rasterize(((g, 1) for g in shapes if not g.is_empty), out_shape=(grid.height, grid.width),
                              transform=grid.transform, fill=0, dtype="uint8").astype(bool)
    closing = max(2.0, float(np.median(radii)) * CLOSING / grid.res)
    mask = _close(mask, closing)
    mask = ndimage.binary_fill_holes(mask)
    rows, cols = grid.cell_of(xy[:, 0], xy[:, 1])
    mask[rows, cols] = True
    gap = max(MAX_GAP_M, GAP_TO_RADIUS * float(np.median(radii)))
    return _connect(mask, rows, cols, gap / grid.res)


class _Closings:
    """Morphological closings of one mask by discs of radii up to `max_radius` cells, through
    distance transforms (linear time, whatever the radius). The distance from each cell to the
    mask does not depend on the radius: it is computed once, on the widest padding, and each
    closing cuts it to its own (the same values: the mask's cells are the only zeros)."""

    def __init__(self, mask: np.ndarray, max_radius: float):
        self.mask = mask
        self.pad = int(np.ceil(max_radius)) + 1
        self.outside = ndimage.distance_transform_edt(~np.pad(mask, self.pad))

    def _outside(self, radius: float) -> tuple[np.ndarray, int]:
        """The distances, padded for `radius`, and that padding."""
        pad = int(np.ceil(radius)) + 1
        cut = self.pad - pad
        return (self.outside[cut:self.outside.shape[0] - cut, cut:self.outside.shape[1] - cut] if cut
                else self.outside), pad

    def __call__(self, radius: float) -> np.ndarray:
        d, pad = self._outside(radius)
        closed = ndimage.distance_transform_edt(d <= radius) > radius
        return closed[pad:-pad, pad:-pad] | self.mask

    def more_parts_than(self, radius: float, parts: int) -> bool:
        """Whether the closing by `radius` has more than `parts` parts. The dilation answers yes
        without the closing's distance transform: it holds the closing, and each of its parts
        holds a part of the mask, so it has at most as many parts."""
        d, _ = self._outside(radius)
        return _components(d <= radius) > parts or _components(self(radius)) > parts


def _close(mask: np.ndarray, radius: float) -> np.ndarray:
    """Morphological closing by a disc of `radius` cells."""
    return _Closings(mask, radius)(radius)


def _components(mask: np.ndarray) -> int:
    return ndimage.label(mask, structure=_FOUR)[1]


def _connect(mask: np.ndarray, rows: np.ndarray, cols: np.ndarray, max_gap_cells: float) -> np.ndarray:
    """Keep the components holding seeds and join those closer than `max_gap_cells`, by the
    smallest closing that joins them (found by doubling, then bisection; each closing is linear
    time). Parts farther apart stay apart: they are islands (Phú Quốc, Cô Tô, Trường Sa), and a
    bridge over the sea would be a false shape."""
    comp, _ = ndimage.label(mask, structure=_FOUR)
    keep = np.unique(comp[rows, cols])
    mask = np.isin(comp, keep[keep > 0])
    start = _components(mask)
    if start == 1:
        return ndimage.binary_fill_holes(mask)
    cap = max(2.0, max_gap_cells)
    close = _Closings(mask, cap)
    target = _components(close(cap))  # as few parts as the largest allowed closing leaves
    if target == start:
        return ndimage.binary_fill_holes(mask)
    lo, hi = 0.0, 1.0
    while hi < cap and close.more_parts_than(hi, target):
        lo, hi = hi, min(hi * 2, cap)
    while hi - lo > 1:
        mid = (lo + hi) / 2
        if close.more_parts_than(mid, target):
            lo = mid
        else:
            hi = mid
    return ndimage.binary_fill_holes(close(hi))


# ---------------------------------------------------------------- weighted assignment

def _nearest_weighted(tree: cKDTree, radii: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """For each point of `pts`, the index of the seed with the least weighted distance |p − s| − w
    among its NEIGHBOURS nearest seeds: the definition, one k-nearest query per point."""
    k = min(tree.n, NEIGHBOURS)
    if k == 1:
        return np.zeros(len(pts), dtype=np.intp)
    dist, idx = tree.query(pts, k=k)
    return idx[np.arange(len(pts)), np.argmin(dist - radii[idx], axis=1)]


def _assign(grid: Grid, rows: np.ndarray, cols: np.ndarray, xy: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """The seed (index into `xy`) of each cell (rows, cols), as `_nearest_weighted` gives it, found
    tile by tile: a seed that cannot win anywhere in a tile of TILE × TILE cells is dropped for all
    of its cells, and a tile left with one seed often needs no work per cell. What the bounds
    cannot settle by more than SLACK_M (near-ties, seeds beyond a tile's CANDIDATES) is settled
    by the definition, so the result is the definition's, cell for cell."""
    pts = grid.centres(rows, cols)
    n = len(xy)
    best = np.zeros(len(pts), dtype=np.intp)
    if n == 1 or len(pts) == 0:
        return best
    tree = cKDTree(xy)
    k = min(n, NEIGHBOURS)
    per_row = -(-grid.width // TILE)
    key = rows // TILE * per_row + cols // TILE
    number = np.zeros(-(-grid.height // TILE) * per_row, np.intp)
    number[key] = 1
    tiles = np.flatnonzero(number)
    number[tiles] = np.arange(len(tiles))
    cell_tile = number[key]
    t_rows, t_cols = np.divmod(tiles, per_row)
    centres = np.column_stack([grid.x0 + (t_cols + 0.5) * TILE * grid.res, grid.y0 - (t_rows + 0.5) * TILE * grid.res])
    half = TILE * grid.res / np.sqrt(2)  # no cell centre of a tile is farther from the tile's centre
    m = min(n, CANDIDATES)
    dc, ic = tree.query(centres, k=m)
    last = dc[:, -1] if m < n else np.full(len(tiles), np.inf)  # every seed nearer is a candidate
    # |p − s| lies within dc ± half for every cell p of the tile: a seed whose least weighted
    # distance exceeds another's greatest wins no cell of it ("live": those that may)
    w = radii[ic]
    live = dc - half - w <= (dc + half - w).min(axis=1, keepdims=True) + SLACK_M
    # the k nearest seeds of every cell of the tile are candidates (else the tile is left to the
    # definition); so the live seed a cell picks is among its k nearest iff at most k candidates
    # are as near to the cell as it: true of every cell when at most k lie within reach of the
    # farthest live seed, else counted cell by cell
    covered = last > dc[:, k - 1] + 2 * half + SLACK_M
    reach = np.where(live, dc, -np.inf).max(axis=1) + 2 * half + SLACK_M
    vouched = (dc <= reach[:, None]).sum(axis=1) <= k
    order = np.argsort(~live, axis=1, kind="stable")
    cand = np.take_along_axis(ic, order, axis=1)  # the live seeds first, nearest first
    per_cell = np.where(covered, live.sum(axis=1), 0)[cell_tile]  # 0: left to the definition
    slow = per_cell == 0
    for c in np.unique(per_cell[per_cell > 0]):
        sel = np.flatnonzero(per_cell == c)
        t = cell_tile[sel]
        seeds = cand[t, :c]
        ok = np.ones(len(sel), bool)
        if c == 1:
            win = seeds[:, 0]
        else:
            e = _dist(pts[sel], seeds, xy) - radii[seeds]
            j = np.argmin(e, axis=1)
            win = seeds[np.arange(len(sel)), j]
            ok = (e <= e[np.arange(len(sel)), j][:, None] + SLACK_M).sum(axis=1) == 1  # no near-tie
        check = ~vouched[t]
        if check.any():  # the winner must be among the cell's k nearest seeds
            at, tc = sel[check], t[check]
            d_win = _dist(pts[at], win[check][:, None], xy)[:, 0]
            ok[check] &= (_dist(pts[at], ic[tc], xy) <= d_win[:, None] + SLACK_M).sum(axis=1) <= k
        best[sel] = win
        slow[sel[~ok]] = True
    if slow.any():
        best[slow] = _nearest_weighted(tree, radii, pts[slow])
    return best


def _dist(pts: np.ndarray, seeds: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """|p − s| from each point to each of its row of seeds (indices into xy)."""
    return np.hypot(pts[:, :1] - xy[seeds, 0], pts[:, 1:] - xy[seeds, 1])


def _place_seeds(grid: Grid, xy: np.ndarray, region_of: np.ndarray | None, group: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Cell of each seed; two seeds never share a cell, and a seed sits inside its group. A seed
    that must move goes to the nearest free cell of its group (the first in row order of equals)."""
    rows, cols = grid.cell_of(xy[:, 0], xy[:, 1])
    rows, cols = rows.copy(), cols.copy()
    taken = np.zeros((grid.height, grid.width), bool)
    for i in range(len(xy)):
        ok = region_of is None or region_of[rows[i], cols[i]] == group[i]
        if not (ok and not taken[rows[i], cols[i]]):
            rows[i], cols[i] = _nearest_free(rows[i], cols[i], taken, None if region_of is None else (region_of, group[i]))
        taken[rows[i], cols[i]] = True
    return rows, cols


def _nearest_free(row: int, col: int, taken: np.ndarray, region: tuple[np.ndarray, int] | None) -> tuple[int, int]:
    """The free cell nearest (row, col) among those of `region` ((raster, value): the cells
    holding value; None: anywhere). Windows around the cell grow until one holds a free cell no
    farther than its half-size: every cell as near lies in that window, in the same row order."""
    height, width = taken.shape
    half = SEARCH_START
    while True:
        r0, r1 = max(row - half, 0), min(row + half + 1, height)
        c0, c1 = max(col - half, 0), min(col + half + 1, width)
        whole = r0 == 0 and c0 == 0 and r1 == height and c1 == width
        free = ~taken[r0:r1, c0:c1]
        if region is not None:
            free &= region[0][r0:r1, c0:c1] == region[1]
        cand_r, cand_c = np.nonzero(free)
        if cand_r.size:
            d = (cand_r + r0 - row) ** 2 + (cand_c + c0 - col) ** 2
            j = int(np.argmin(d))
            if whole or d[j] <= half * half:
                return int(cand_r[j] + r0), int(cand_c[j] + c0)
        elif whole:
            raise GeometryError("no room left in the district for a commune point")
        half *= 2


def _merge_orphans(labels: np.ndarray, seed_cells: dict[int, list[tuple[int, int]]]) -> None:
    """Make each label one 4-connected piece holding its seed(s): cut-off pieces join the
    neighbour they share the longest border with."""
    for _ in range(50):
        changed = False
        objs = ndimage.find_objects(labels)
        for lab0, sl in enumerate(objs):
            lab = lab0 + 1
            if sl is None:
                continue
            sub = labels[sl] == lab
            comp, n = ndimage.label(sub, structure=_FOUR)
            if n <= 1:
                continue
            keep = {comp[r - sl[0].start, c - sl[1].start] for r, c in seed_cells.get(lab, [])
                    if sl[0].start <= r < sl[0].stop and sl[1].start <= c < sl[1].stop}
            keep.discard(0)
            if not keep:
                sizes = ndimage.sum(sub, comp, index=range(1, n + 1))
                keep = {int(np.argmax(sizes)) + 1}
            # work in the label's box grown by one cell: the ring of a piece lies inside it
            r0, c0 = max(sl[0].start - 1, 0), max(sl[1].start - 1, 0)
            win = labels[r0:sl[0].stop + 1, c0:sl[1].stop + 1]  # a view: writes go to labels
            for piece in range(1, n + 1):
                if piece in keep:
                    continue
                cells = np.zeros(win.shape, bool)
                cells[sl[0].start - r0:sl[0].stop - r0, sl[1].start - c0:sl[1].stop - c0] = comp == piece
                ring = ndimage.binary_dilation(cells, structure=_FOUR) & ~cells
                neigh = win[ring]
                neigh = neigh[(neigh > 0) & (neigh != lab)]
                if neigh.size == 0:
                    continue
                win[cells] = np.bincount(neigh).argmax()
                changed = True
        if not changed:
            return


def _grow_small(labels: np.ndarray, min_cells: int, seeds: dict[int, list[tuple[int, int]]]) -> None:
    """Grow communes smaller than `min_cells` ring by ring into their neighbours' cells
    (never outside the province, never taking a neighbour's seed)."""
    seed_mask = np.zeros(labels.shape, bool)
    for cells in seeds.values():
        for r, c in cells:
            seed_mask[r, c] = True
    sizes = np.bincount(labels.ravel(), minlength=len(seeds) + 1)
    small = [lab for lab in range(1, len(sizes)) if sizes[lab] < min_cells]
    boxes = ndimage.find_objects(labels)
    for lab in small:
        sl = boxes[lab - 1] if lab - 1 < len(boxes) else None
        if sl is None:
            continue
        # GROW_RINGS rings grow at most GROW_RINGS cells: a window that much larger suffices
        pad = GROW_RINGS + 2
        r0, c0 = max(sl[0].start - pad, 0), max(sl[1].start - pad, 0)
        win = labels[r0:sl[0].stop + pad, c0:sl[1].stop + pad]  # a view: writes go to labels
        seeds_win = seed_mask[r0:sl[0].stop + pad, c0:sl[1].stop + pad]
        for _ in range(GROW_RINGS):
            own = win == lab
            if own.sum() >= min_cells:
                break
            ring = ndimage.binary_dilation(own, structure=_FOUR) & ~own & (win > 0) & ~seeds_win
            if not ring.any():
                break
            win[ring] = lab
    if small:
        _merge_orphans(labels, seeds)


def _cells_by_value(values: np.ndarray, wanted: np.ndarray):
    """(value, (rows, cols)) for each wanted value: its cells, from one pass over the raster."""
    rows, cols = np.nonzero(values)
    v = values[rows, cols]
    order = np.argsort(v, kind="stable")
    rows, cols, v = rows[order], cols[order], v[order]
    bounds = np.searchsorted(v, wanted, side="left"), np.searchsorted(v, wanted, side="right")
    for g, a, b in zip(wanted, *bounds):
        yield g, (rows[a:b], cols[a:b])


def partition(grid: Grid, mask: np.ndarray, xy: np.ndarray, radii: np.ndarray, group: np.ndarray,
              group_map: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Label each mask cell with a commune number (1..n); 0 outside. Also returns each
    commune's seed cell (row, col), inside its district.

    `group` gives each commune's district number (1..m). Without `group_map`, district areas are
    settled first from the communes' weighted Voronoi cells; with it (real districts), those
    are used as they are.
    """
    n = len(xy)
    ids = np.arange(1, n + 1)
    if group_map is None:
        first = np.zeros(mask.shape, np.int32)
        cells = np.nonzero(mask)
        first[cells] = ids[_assign(grid, *cells, xy, radii)]
        group_map = np.where(first > 0, group[np.maximum(first, 1) - 1], 0).astype(np.int32)
        rows, cols = _place_seeds(grid, xy, None, None)
        g_seeds: dict[int, list[tuple[int, int]]] = {}
        for i in range(n):
            group_map[rows[i], cols[i]] = group[i]
            g_seeds.setdefault(int(group[i]), []).append((rows[i], cols[i]))
        _merge_orphans(group_map, g_seeds)
    rows, cols = _place_seeds(grid, xy, group_map, group)
    labels = np.zeros(mask.shape, np.int32)
    for g, (g_rows, g_cols) in _cells_by_value(group_map, np.unique(group)):
        members = np.flatnonzero(group == g)
        labels[g_rows, g_cols] = ids[members][_assign(grid, g_rows, g_cols, xy[members], radii[members])]
    labels[rows, cols] = ids
    seeds = {int(ids[i]): [(rows[i], cols[i])] for i in range(n)}
    _merge_orphans(labels, seeds)
    _grow_small(labels, max(4, int(np.ceil(MIN_AREA_KM2 * 1e6 / grid.res**2))), seeds)
    return labels, rows, cols


# ---------------------------------------------------------------- vectorising

def _polygons(labels: np.ndarray, grid: Grid, n: int) -> list[shapely.Geometry]:
    parts: dict[int, list] = {}
    for geom, value in features.shapes(labels, mask=labels > 0, connectivity=4, transform=grid.transform):
        parts.setdefault(int(value), []).append(shapely.geometry.shape(geom))
    out = []
    for lab in range(1, n + 1):
        pieces = parts.get(lab)
        if not pieces:
            raise GeometryError(f"commune number {lab} received no area")
        out.append(pieces[0] if len(pieces) == 1 else shapely.union_all(pieces))
    return _noded(out)


def _noded(polys: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """The same coverage with every shared vertex present on both sides of each shared edge,
    as coverage operations require: polygonize the noded union of all boundaries and give
    each face back to the polygon it lies in."""
    lines = shapely.union_all(shapely.boundary(np.array(polys, dtype=object)))
    faces = np.array(list(shapely.polygonize([lines]).geoms), dtype=object)
    probes = shapely.point_on_surface(faces)
    tree = shapely.STRtree(np.array(polys, dtype=object))
    owner_faces, owner_polys = tree.query(probes, predicate="within")
    groups: dict[int, list] = {}
    for f, p in zip(owner_faces, owner_polys):
        groups.setdefault(int(p), []).append(faces[f])
    out = []
    for i, poly in enumerate(polys):
        mine = groups.get(i)
        if not mine:
            out.append(poly)
        elif len(mine) == 1:
            out.append(mine[0])
        else:
            out.append(shapely.coverage_union_all(np.array(mine, dtype=object)))
    return out


def _smooth(polys: list[shapely.Geometry], xy: np.ndarray, res: float) -> tuple[list[shapely.Geometry], np.ndarray]:
    """Coverage simplification (no gaps or overlaps between neighbours), at the largest
    tolerance that keeps every commune one valid polygon. An anchor point that simplification
    leaves outside its commune (it sat on the staircase edge of its cells) moves to the nearest
    point well inside. Returns the polygons and which anchors moved (their new points in `xy`)."""
    pts = shapely.points(xy)
    moved = np.zeros(len(xy), bool)
    for tol in (1.6 * res, 0.9 * res):
        simple = list(shapely.coverage_simplify(np.array(polys, dtype=object), tolerance=tol))
        if not (all(shapely.is_valid(simple)) and all(shapely.get_type_id(simple) == 3)):
            continue
        for i in np.flatnonzero(~shapely.contains(simple, pts)):
            inner = shapely.buffer(simple[i], -res / 2)
            target = inner if not inner.is_empty else simple[i]
            near = shapely.ops.nearest_points(target, pts[i])[0]
            if not shapely.contains(simple[i], near):
                near = shapely.point_on_surface(simple[i])
            xy[i] = (near.x, near.y)
            moved[i] = True
        return simple, moved
    return polys, moved


# ---------------------------------------------------------------- the whole computation

def _separate(xy: np.ndarray, boxes: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Anchor points: the gazetteer points, except that of two communes sharing one point
    (a geocoder hit for the wrong name) the later one moves to the spot of its box (or of its
    neighbourhood) farthest from every other anchor. Returns the anchors and a moved flag."""
    xy = xy.copy()
    moved = np.zeros(len(xy), bool)
    if len(xy) < 2:
        return xy, moved
    tree = cKDTree(xy)
    nn = tree.query(xy, k=2)[0][:, 1]
    spread = float(np.median(nn[nn > SAME_POINT_M])) if (nn > SAME_POINT_M).any() else 2000.0
    for _, j in sorted(tree.query_pairs(SAME_POINT_M)):
        if moved[j]:
            continue
        if boxes is not None and np.all(np.isfinite(boxes[j])):
            # a box shared by several communes may be their district's: stay near the point
            reach = SEPARATE_REACH * spread
            x0, y0, x1, y1 = boxes[j]
            x0, y0 = max(x0, xy[j, 0] - reach), max(y0, xy[j, 1] - reach)
            x1, y1 = min(x1, xy[j, 0] + reach), min(y1, xy[j, 1] + reach)
        else:
            x0, y0, x1, y1 = xy[j, 0] - spread, xy[j, 1] - spread, xy[j, 0] + spread, xy[j, 1] + spread
        gx, gy = np.meshgrid(np.linspace(x0, x1, 21), np.linspace(y0, y1, 21))
        cand = np.column_stack([gx.ravel(), gy.ravel()])
        others = np.delete(xy, j, axis=0)
        far = cKDTree(others).query(cand)[0]
        xy[j] = cand[int(np.argmax(far))]
        moved[j] = True
    return xy, moved


def _unstray(xy: np.ndarray, dcodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Move points that the gazetteer places far from every other commune of their district
    (a geocoder hit on a namesake elsewhere, e.g. Xã Lương Điền of Vĩnh Phúc placed in Hải
    Dương) to the median point of their district's other communes. A point is stray when its
    nearest same-district neighbour is farther than both STRAY_M and STRAY_FACTOR times the
    province's 90th percentile of that distance. Districts of one commune are left alone."""
    xy = xy.copy()
    near = np.full(len(xy), np.nan)
    members = {d: np.flatnonzero(dcodes == d) for d in set(dcodes)}
    for idx in members.values():
        if len(idx) < 2:
            continue
        dist, _ = cKDTree(xy[idx]).query(xy[idx], k=2)
        near[idx] = dist[:, 1]
    known = near[np.isfinite(near)]
    if known.size == 0:
        return xy, np.zeros(len(xy), bool)
    limit = max(STRAY_M, STRAY_FACTOR * float(np.percentile(known, 90)))
    stray = np.isfinite(near) & (near > limit)
    for i in np.flatnonzero(stray):
        others = [j for j in members[dcodes[i]] if j != i and not stray[j]]
        if others:
            xy[i] = np.median(xy[others], axis=0)
        else:
            stray[i] = False
    return xy, stray


def approximate(communes: pd.DataFrame, districts: gpd.GeoDataFrame | None = None,
                resolution_m: float | None = None) -> gpd.GeoDataFrame:
    """See helpers.geometry.approximate_communes."""
    if communes.empty:
        raise GeometryError("no communes to draw")
    crs = local_crs(float(communes["lon"].mean()), float(communes["lat"].mean()))
    pts = gpd.GeoSeries(gpd.points_from_xy(communes["lon"], communes["lat"]), crs=WGS84).to_crs(crs)
    xy = np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])
    boxes = None
    if {"min_lon", "min_lat", "max_lon", "max_lat"} <= set(communes.columns):
        raw = gpd.GeoSeries(shapely.box(communes["min_lon"], communes["min_lat"], communes["max_lon"],
                                        communes["max_lat"]), crs=WGS84).to_crs(crs)
        area = raw.area.to_numpy() / 1e6
        usable = raw.buffer(500).contains(pts).to_numpy() & (area >= POINT_BOX_KM2)
        area = np.where(usable, area, np.nan)
        boxes = np.where(usable[:, None], np.array(raw.bounds.to_numpy()), np.nan)
    elif "area_km2" in communes:
        area = communes["area_km2"].to_numpy(dtype=float) / (BOX_TO_DISC**2)
    else:
        area = np.full(len(communes), np.nan)
    dcodes = communes["district_code"].astype(str).to_numpy() if "district_code" in communes \
        else np.array(["_"] * len(communes))
    xy, stray = _unstray(xy, dcodes)
    if stray.any():  # the box belongs to the wrong place too
        area = np.where(stray, np.nan, area)
        if boxes is not None:
            boxes[stray] = np.nan
    xy, moved = _separate(xy, boxes)
    moved |= stray
    radii = _weights(xy, area)
    group_codes = sorted(set(dcodes))
    group = np.array([group_codes.index(d) + 1 for d in dcodes])

    real = None
    if districts is not None:
        real = districts.to_crs(crs).set_index(districts["code"].astype(str))
        missing = sorted(set(group_codes) - set(real.index))
        if missing:
            raise GeometryError(f"the district file has no polygon for district code(s) {', '.join(missing)}")
        real = real.loc[group_codes]
        grid = _grid_for(xy, radii, shapely.union_all(real.geometry.values))
        group_map = _district_raster(grid, list(real.geometry.values))
        mask = group_map > 0
    else:
        grid = _grid_for(xy, radii, resolution_m=resolution_m)
        mask = _province_mask(grid, xy, radii)
        group_map = None

    labels, rows, cols = partition(grid, mask, xy, radii, group, group_map)
    # a point that had to move into its own district is anchored at its cell's centre
    own_rows, own_cols = grid.cell_of(xy[:, 0], xy[:, 1])
    shifted = (own_rows != rows) | (own_cols != cols)
    xy[shifted] = grid.centres(rows[shifted], cols[shifted])
    moved |= shifted
    polys = _polygons(labels, grid, len(communes))
    if real is not None:
        polys = [shapely.intersection(p, real.geometry.iloc[g - 1]) for p, g in zip(polys, group)]
        polys = [_largest_holding(p, shapely.Point(*xy[i])) for i, p in enumerate(polys)]
    else:
        polys, shifted = _smooth(polys, xy, grid.res)
        moved |= shifted
    anchors = gpd.GeoSeries(shapely.points(xy), crs=crs).to_crs(WGS84)
    out = gpd.GeoDataFrame({
        "code": communes["code"].astype(str).to_numpy(),
        "district_code": dcodes,
        "anchor_lon": anchors.x.to_numpy(),
        "anchor_lat": anchors.y.to_numpy(),
        "anchor_moved": moved,
    }, geometry=polys, crs=crs)
    return out.to_crs(WGS84)


def _district_raster(grid: Grid, polygons: list[shapely.Geometry]) -> np.ndarray:
    """District numbers (1..m) of the grid cells, reaching two cells beyond the outline so that
    cutting the communes along the real borders leaves no gap."""
    group_map = features.rasterize(((g, i + 1) for i, g in enumerate(polygons)),
                                   out_shape=(grid.height, grid.width), transform=grid.transform,
                                   fill=0, dtype="int32")
    _, (ri, ci) = ndimage.distance_transform_edt(group_map == 0, return_indices=True)
    near = ndimage.binary_dilation(group_map > 0, _disk(2))
    touched = features.rasterize([(shapely.union_all(polygons), 1)], out_shape=group_map.shape,
                                 transform=grid.transform, fill=0, all_touched=True, dtype="uint8").astype(bool)
    return np.where(near | touched, group_map[ri, ci], 0).astype(np.int32)


def _largest_holding(geom: shapely.Geometry, point: shapely.Point) -> shapely.Geometry:
    """One polygon: the part holding the point (or the largest part)."""
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
    if not parts:
        return geom
    for p in parts:
        if p.contains(point):
            return p
    return max(parts, key=lambda p: p.area)


