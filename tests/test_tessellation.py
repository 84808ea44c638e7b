"""The raster partition's weighted assignment: the tiled search gives, cell for cell, what the
definition (the least |p − s| − w among a cell's nearest communes) gives."""

import numpy as np
import pytest

from helpers import tessellation as te


def _grid(height: int = 180, width: int = 240, res: float = 100.0) -> te.Grid:
    return te.Grid(500_000.0, 2_300_000.0, res, height, width)


def _cells(grid: te.Grid, keep: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A ragged region: the cells of a disc, less a random share of them."""
    rows, cols = np.mgrid[:grid.height, :grid.width]
    inside = (rows - grid.height / 2) ** 2 + (cols - grid.width / 2) ** 2 < (grid.height / 2) ** 2
    inside &= rng.random(inside.shape) < keep
    return np.nonzero(inside)


def _definition(grid, rows, cols, xy, radii):
    return te._nearest_weighted(te.cKDTree(xy), radii, grid.centres(rows, cols))


def _seeds(grid: te.Grid, n: int, rng: np.random.Generator) -> np.ndarray:
    x = grid.x0 + rng.random(n) * grid.width * grid.res
    y = grid.y0 - rng.random(n) * grid.height * grid.res
    return np.column_stack([x, y])


@pytest.mark.parametrize("n", [1, 2, 5, 12, 13, 40, 400])
def test_random_communes_get_the_cells_the_definition_gives(n):
    rng = np.random.default_rng(n)
    grid = _grid()
    rows, cols = _cells(grid, 0.9, rng)
    xy = _seeds(grid, n, rng)
    radii = rng.uniform(150, 2500, n)
    assert np.array_equal(te._assign(grid, rows, cols, xy, radii), _definition(grid, rows, cols, xy, radii))


def test_exact_ties_are_settled_as_the_definition_settles_them():
    """Seeds on the cell lattice with equal weights: many cells are exactly as far from two
    seeds, and which one the k-nearest query lists first decides."""
    rng = np.random.default_rng(7)
    grid = _grid(120, 120)
    rr, cc = np.mgrid[5:120:10, 5:120:10]
    xy = grid.centres(rr.ravel(), cc.ravel())
    radii = np.full(len(xy), 300.0)
    rows, cols = _cells(grid, 1.0, rng)
    assert np.array_equal(te._assign(grid, rows, cols, xy, radii), _definition(grid, rows, cols, xy, radii))


def test_a_heavy_commune_beyond_the_nearest_is_not_chosen():
    """A far commune of huge weight would win on |p − s| − w alone; the definition only looks
    at a cell's NEIGHBOURS nearest communes, and so does the tiled search."""
    rng = np.random.default_rng(3)
    grid = _grid()
    rows, cols = _cells(grid, 1.0, rng)
    xy = _seeds(grid, 200, rng)
    radii = np.full(200, 400.0)
    radii[0] = 50_000.0
    got = te._assign(grid, rows, cols, xy, radii)
    assert np.array_equal(got, _definition(grid, rows, cols, xy, radii))
    assert 0 < (got == 0).sum() < len(got)  # it wins only where it is among the nearest


def test_a_crowd_of_communes_larger_than_the_candidates():
    """Sixty communes on a ring around a tile's centre (more than its CANDIDATES): a cell's
    nearest communes need not be among those nearest the tile's centre."""
    rng = np.random.default_rng(13)
    grid = _grid()
    rows, cols = _cells(grid, 1.0, rng)
    angle = rng.uniform(0, 2 * np.pi, 60)
    centre = np.array([grid.x0 + 124 * grid.res, grid.y0 - 92 * grid.res])  # a tile's centre (TILE 8)
    crowd = centre + rng.uniform(280, 320, (60, 1)) * np.column_stack([np.cos(angle), np.sin(angle)])
    xy = np.vstack([crowd, _seeds(grid, 40, rng)])
    radii = np.concatenate([rng.uniform(150, 900, 60), rng.uniform(150, 400, 40)])
    assert np.array_equal(te._assign(grid, rows, cols, xy, radii), _definition(grid, rows, cols, xy, radii))


def test_a_nearest_commune_beyond_the_candidates_of_the_tile_is_still_seen():
    """Thirty-one communes crowd the west of a tile; a heavy commune 350 m east of a cell on its
    east edge is among that cell's nearest, but not among the CANDIDATES nearest the tile's
    centre: the tile must be left to the definition."""
    grid = _grid()
    c = np.array([grid.x0 + 124 * grid.res, grid.y0 - 92 * grid.res])  # centre of the tile of cell (92, 127)
    p = grid.centres(np.array([92]), np.array([127]))[0]
    rng = np.random.default_rng(17)
    west = c + np.column_stack([rng.uniform(-120, -80, 25), rng.uniform(-20, 20, 25)])
    far_west = c + 600 * np.column_stack([-np.cos(np.linspace(-0.5, 0.5, 6)), np.sin(np.linspace(-0.5, 0.5, 6))])
    xy = np.vstack([west, far_west, [p + (5, 0)], [c + (700, -50)]])
    radii = np.full(len(xy), 150.0)
    radii[-1] = 2000.0
    rows, cols = np.mgrid[80:104, 112:136]
    rows, cols = rows.ravel(), cols.ravel()
    want = _definition(grid, rows, cols, xy, radii)
    assert want[np.flatnonzero((rows == 92) & (cols == 127))[0]] == len(xy) - 1
    assert np.array_equal(te._assign(grid, rows, cols, xy, radii), want)


def test_clusters_far_apart_and_an_empty_region():
    """Two clusters a grid apart: tiles between them have no candidate reach to spare."""
    rng = np.random.default_rng(11)
    grid = _grid()
    rows, cols = _cells(grid, 0.5, rng)
    a = grid.centres(np.full(30, 20), np.arange(30) * 3)
    b = grid.centres(np.full(30, 160), 100 + np.arange(30) * 4)
    xy = np.vstack([a, b]) + rng.normal(0, 30, (60, 2))
    radii = rng.uniform(150, 800, 60)
    assert np.array_equal(te._assign(grid, rows, cols, xy, radii), _definition(grid, rows, cols, xy, radii))
    assert te._assign(grid, rows[:0], cols[:0], xy, radii).size == 0


def test_most_cells_are_settled_without_a_query_per_cell(monkeypatch):
    """The point of the tiles: on a province-like layout the definition is asked for a small
    share of the cells only."""
    asked = []
    real = te._nearest_weighted

    def counting(tree, radii, pts):
        asked.append(len(pts))
        return real(tree, radii, pts)

    rng = np.random.default_rng(5)
    grid = _grid(400, 400, 150.0)
    rows, cols = _cells(grid, 1.0, rng)
    xy = _seeds(grid, 500, rng)
    radii = te._weights(xy, rng.uniform(5, 60, 500))  # box areas (km²) → weights, as for a province
    want = _definition(grid, rows, cols, xy, radii)
    asked.clear()
    monkeypatch.setattr(te, "_nearest_weighted", counting)
    assert np.array_equal(te._assign(grid, rows, cols, xy, radii), want)
    assert sum(asked) < 0.05 * len(rows)


def test_cells_by_value_lists_each_value_once():
    values = np.array([[0, 2, 2], [1, 0, 2], [3, 1, 0]], dtype=np.int32)
    got = {int(g): sorted(zip(r.tolist(), c.tolist())) for g, (r, c) in te._cells_by_value(values, np.array([1, 2, 3, 4]))}
    assert got == {1: [(1, 0), (2, 1)], 2: [(0, 1), (0, 2), (1, 2)], 3: [(2, 0)], 4: []}


def _nearest_free_everywhere(row, col, taken, region):
    """The definition: the nearest free cell of the region over the whole raster (row order on ties)."""
    rr, cc = np.nonzero(~taken & (region[0] == region[1]))
    j = int(np.argmin((rr - row) ** 2 + (cc - col) ** 2))
    return int(rr[j]), int(cc[j])


def test_a_point_moves_to_the_nearest_free_cell_of_its_district():
    rng = np.random.default_rng(2)
    districts = np.repeat(np.repeat(rng.integers(1, 4, (12, 12)), 9, axis=0), 9, axis=1)  # 108 × 108
    taken = rng.random(districts.shape) < 0.3
    for row, col in rng.integers(0, 108, (300, 2)):
        for g in (1, 2, 3):
            want = _nearest_free_everywhere(row, col, taken, (districts, g))
            assert te._nearest_free(row, col, taken, (districts, g)) == want


def test_ties_go_to_the_first_cell_in_row_order_even_beyond_the_first_window():
    taken = np.zeros((200, 200), bool)
    region = np.zeros((200, 200), np.int32)
    region[100, [40, 160]] = 1  # two free cells 60 cells either side
    region[40, 100] = region[160, 100] = 1  # and above and below
    assert te._nearest_free(100, 100, taken, (region, 1)) == (40, 100)
    assert te._nearest_free(100, 100, taken, None) == (100, 100)


def test_no_free_cell_in_the_district_is_a_clear_error():
    with pytest.raises(te.GeometryError, match="no room left in the district"):
        te._nearest_free(3, 3, np.ones((20, 20), bool), None)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_parts_of_a_closing_are_counted_as_the_closing_has_them(seed):
    """more_parts_than answers from the dilation when it can: never otherwise than the closing."""
    rng = np.random.default_rng(seed)
    mask = np.zeros((160, 160), bool)
    for r, c, size in zip(rng.integers(10, 150, 25), rng.integers(10, 150, 25), rng.integers(1, 6, 25)):
        mask[r - size:r + size, c:c + 2 * size] = True
    close = te._Closings(mask, 30.0)
    answers = set()
    for radius in np.linspace(0.5, 30.0, 25):
        parts = te._components(close(radius))
        for target in (parts - 1, parts, parts + 1):
            answers.add(close.more_parts_than(radius, target))
            assert close.more_parts_than(radius, target) == (parts > target)
    assert answers == {True, False}
