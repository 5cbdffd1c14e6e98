"""The bulk-loaded R-tree is an ordinary SQLite R*Tree: same answers, valid structure, still updatable."""

import sqlite3

import numpy as np
import pytest

from frontmap.store.packed_rtree import load

QUERY = "SELECT id FROM {} WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ? ORDER BY id"


@pytest.mark.parametrize("count", [0, 1, 51, 52, 2_602, 20_000])
def test_a_packed_tree_answers_like_one_built_row_by_row(count):
    rng = np.random.default_rng(count)
    x, y = rng.uniform(22, 41, count), rng.uniform(44, 53, count)
    size = rng.exponential(0.05, count) * (rng.random(count) < 0.3)  # points and small boxes
    bounds = np.column_stack([x, x + size, y, y + size])
    ids = rng.permutation(count) * 3 + 1
    db = sqlite3.connect(":memory:")
    for name in ("packed", "incremental"):
        db.execute(f"CREATE VIRTUAL TABLE {name} USING rtree(id, minx, maxx, miny, maxy)")
    load(db, "packed", ids, bounds)
    db.executemany("INSERT INTO incremental VALUES (?, ?, ?, ?, ?)", zip(ids.tolist(), *bounds.T.tolist()))
    assert db.execute("SELECT rtreecheck('packed')").fetchone()[0] == "ok"
    stored = np.array(db.execute("SELECT * FROM packed ORDER BY id").fetchall(), dtype=float).reshape(-1, 5)
    order = np.argsort(ids)
    assert (stored[:, 0] == ids[order]).all()
    wanted = bounds[order]
    assert (stored[:, [1, 3]] <= wanted[:, [0, 2]]).all() and (stored[:, [2, 4]] >= wanted[:, [1, 3]]).all()
    for qx, qy in rng.uniform([22, 44], [41, 53], (40, 2)):
        window = (qx + 0.5, qx, qy + 0.5, qy)
        assert db.execute(QUERY.format("packed"), window).fetchall() == db.execute(QUERY.format("incremental"), window).fetchall()
    db.execute("INSERT INTO packed VALUES (0, 30, 30.1, 50, 50.1)")
    db.execute("DELETE FROM packed WHERE id = ?", (int(ids[0]) if count else 0,))
    assert db.execute("SELECT rtreecheck('packed')").fetchone()[0] == "ok"
