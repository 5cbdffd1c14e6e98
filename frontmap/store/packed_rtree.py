"""Bulk-load a SQLite R*Tree (the GeoPackage spatial index) in one pass.

Inserting rows into SQLite's ``rtree`` one at a time costs 10-50 µs each (20,000-25,000
rows/s measured on the 2-core test machine), more than everything else in a large claim
import; GDAL indexes only a layer it creates, and that cost 3-5 CPU-s per 10⁶ points here (about
four times this module's time for the same boxes). Like GDAL's GeoPackage bulk loader
(``gdal_sqlite_rtree_bl.cpp``), :func:`load` instead builds a packed tree with the
Sort-Tile-Recursive method (Leutenegger et al. 1997) in numpy and writes SQLite's own
node format into the index's shadow tables (``<name>_node``, ``_rowid``, ``_parent``;
layout in SQLite's ``ext/rtree/rtree.c``). The result is an ordinary R*Tree: SQLite
reads it, keeps it up to date on later inserts and ``rtreecheck()`` accepts it.

>>> import sqlite3, numpy as np
>>> db = sqlite3.connect(":memory:")
>>> _ = db.execute("CREATE VIRTUAL TABLE idx USING rtree(id, minx, maxx, miny, maxy)")
>>> bounds = np.array([[30.0, 31.0, 48.0, 49.0], [35.0, 35.5, 50.0, 50.5]])  # minx, maxx, miny, maxy
>>> load(db, "idx", np.array([7, 9]), bounds)
>>> db.execute("SELECT id FROM idx WHERE minx <= 35.2 AND maxx >= 35.1").fetchall()
[(9,)]
>>> db.execute("SELECT rtreecheck('idx')").fetchone()[0]
'ok'
"""

from __future__ import annotations

import math
from sqlite3 import Connection

import numpy as np

__all__ = ["Packed", "load", "node_size", "pack", "write"]

_CELL = np.dtype([("id", ">i8"), ("box", ">f4", 4)])  # one entry: rowid or child node, then minx maxx miny maxy


def _outward_float32(bounds: np.ndarray) -> np.ndarray:
    """Bounds as float32 rounded outwards, so every box still contains its geometry (as SQLite does)."""
    rounded = bounds.astype(np.float32)
    low, high = rounded[:, 0::2], rounded[:, 1::2]
    low[:] = np.where(low > bounds[:, 0::2], np.nextafter(low, np.float32(-np.inf)), low)
    high[:] = np.where(high < bounds[:, 1::2], np.nextafter(high, np.float32(np.inf)), high)
    return rounded


def _str_order(boxes: np.ndarray, capacity: int) -> np.ndarray:
    """Sort-Tile-Recursive order: vertical slices by centre x, then by centre y within each."""
    count = len(boxes)
    per = math.ceil(math.sqrt(math.ceil(count / capacity))) * capacity  # boxes a slice
    by_x = np.argsort(boxes[:, 0] + boxes[:, 1])
    centre_y = (boxes[:, 2] + boxes[:, 3])[by_x]
    whole = count // per * per  # the boxes of the full slices, sorted as rows of a matrix (a third of lexsort's time)
    order = np.empty(count, dtype=np.int64)
    order[:whole] = (np.argsort(centre_y[:whole].reshape(-1, per), axis=1) + np.arange(0, whole, per)[:, None]).ravel()
    order[whole:] = whole + np.argsort(centre_y[whole:])
    return by_x[order]


def _parents(boxes: np.ndarray, capacity: int) -> np.ndarray:
    """The bounding box of each run of ``capacity`` boxes."""
    starts = np.arange(0, len(boxes), capacity)
    return np.column_stack([np.minimum.reduceat(boxes[:, 0], starts), np.maximum.reduceat(boxes[:, 1], starts),
                            np.minimum.reduceat(boxes[:, 2], starts), np.maximum.reduceat(boxes[:, 3], starts)])


def _node_blobs(ids: np.ndarray, boxes: np.ndarray, capacity: int, node_size: int, depth: int) -> list[bytes]:
    """SQLite node blobs: 2-byte depth (read from the root only), 2-byte cell count, cells, zero padding."""
    nodes = max(1, math.ceil(len(ids) / capacity))  # an empty tree still has its root
    cells = np.zeros(nodes * capacity, dtype=_CELL)
    cells["id"][: len(ids)], cells["box"][: len(ids)] = ids, boxes
    header = np.zeros((nodes, 2), dtype=">u2")
    header[:, 0], header[:, 1] = depth, capacity
    header[-1, 1] = len(ids) - (nodes - 1) * capacity
    blob = np.zeros((nodes, node_size), dtype=np.uint8)
    blob[:, :4] = header.view(np.uint8).reshape(nodes, 4)
    blob[:, 4: 4 + capacity * _CELL.itemsize] = cells.view(np.uint8).reshape(nodes, -1)
    return [row.tobytes() for row in blob]


#: A packed tree, ready to write: node rows (number, blob), then (node, parent node) and (rowid, leaf node) pairs.
Packed = tuple[list[tuple[int, bytes]], np.ndarray, np.ndarray]


def load(db: Connection, name: str, ids: np.ndarray, bounds: np.ndarray) -> None:
    """Replace the contents of the 2-D rtree ``name`` with ``ids`` and their ``bounds`` (minx, maxx, miny, maxy).

    Runs inside the caller's transaction. The index must not be in use by an open
    cursor of ``db``.
    """
    write(db, name, pack(ids, bounds, node_size(db, name)))


def node_size(db: Connection, name: str) -> int:
    """The size in bytes of the rtree ``name``'s nodes (set when it was created)."""
    return db.execute(f'SELECT length(data) FROM "{name}_node" WHERE nodeno = 1').fetchone()[0]


def pack(ids: np.ndarray, bounds: np.ndarray, node_size: int) -> Packed:
    """The tree of ``ids`` and their ``bounds``, packed into nodes of ``node_size`` bytes.

    Needs no connection, so it can run in a thread while SQLite works in another.
    """
    capacity = (node_size - 4) // _CELL.itemsize
    boxes, ids = _outward_float32(np.asarray(bounds, dtype=np.float64)), np.asarray(ids, dtype=np.int64)
    levels = []  # (ids, boxes) of each level, leaves first, each in its final packed order
    while True:
        order = _str_order(boxes, capacity) if len(ids) > capacity else np.arange(len(ids))
        ids, boxes = ids[order], boxes[order]
        levels.append((ids, boxes))
        if len(ids) <= capacity:
            break
        boxes = _parents(boxes, capacity)
        ids = np.arange(len(boxes))  # positions in this level; numbered below
    # Number nodes top-down: the root is node 1, then each level in its packed order.
    first_number, numbers = [], 1
    for entries, _ in reversed(levels):
        first_number.append(numbers)
        numbers += max(1, math.ceil(len(entries) / capacity))
    first_number.reverse()
    node_rows, parents = [], [np.empty((0, 2), dtype=np.int64)]
    for level, (entries, level_boxes) in enumerate(levels):
        depth = len(levels) - 1
        children = entries if level == 0 else entries + first_number[level - 1]
        blobs = _node_blobs(children, level_boxes, capacity, node_size, depth)
        numbers_here = first_number[level] + np.arange(len(blobs))
        node_rows += zip(numbers_here.tolist(), blobs)
        if level > 0:
            parents.append(np.column_stack([children, np.repeat(numbers_here, capacity)[: len(children)]]))
    leaf_of = first_number[0] + np.arange(len(levels[0][0])) // capacity
    by_rowid = np.argsort(levels[0][0])  # appending in key order is a third faster than in tree order
    return node_rows, np.concatenate(parents), np.column_stack([levels[0][0][by_rowid], leaf_of[by_rowid]])


def write(db: Connection, name: str, packed: Packed) -> None:
    """Replace the contents of the rtree ``name`` with a :func:`pack`-ed tree (see :func:`load`)."""
    node_rows, parents, leaves = packed
    for table in ("node", "rowid", "parent"):
        db.execute(f'DELETE FROM "{name}_{table}"')
    db.executemany(f'INSERT INTO "{name}_node" VALUES (?, ?)', node_rows)
    _insert_pairs(db, f'"{name}_parent" (nodeno, parentnode)', parents)
    _insert_pairs(db, f'"{name}_rowid" (rowid, nodeno)', leaves)


def _insert_pairs(db: Connection, table: str, pairs: np.ndarray, per: int = 500) -> None:
    """Insert the rows of an (n, 2) integer array, ``per`` rows a statement: 3x faster than one each."""
    flat, whole = pairs.ravel().tolist(), len(pairs) // per * per
    db.executemany(f"INSERT INTO {table} VALUES {', '.join(['(?, ?)'] * per)}",
                   (flat[start: start + 2 * per] for start in range(0, 2 * whole, 2 * per)))
    if whole < len(pairs):
        db.execute(f"INSERT INTO {table} VALUES {', '.join(['(?, ?)'] * (len(pairs) - whole))}", flat[2 * whole:])
