"""Point claims from a table (a CSV claim file or a DataFrame), checked and turned into rows column-wise.

No :class:`~frontmap.model.Claim` is built: every check, the canonical JSON of each claim
and the stored columns are computed for a whole batch with Arrow compute kernels; only the
SHA-256 of each canonical form (the content id) is taken row by row. The ids and rows are
exactly those of the equivalent claims (``tests/test_store_columns.py``).

>>> import pandas as pd
>>> table = pd.DataFrame({"claimant": ["ISW"], "side": ["independent"], "kind": ["advance"],
...                       "event_start": ["2025-01-05"], "reported": ["2025-01-05"], "summary": ["Advanced."],
...                       "lon": [37.18], "lat": [48.28], "uncertainty_km": [5]})
>>> point_columns(table, "2026-01-01T00:00:00+00:00", "analyst").columns["id"]  # as Claim(...).id
['fm-dca58f333d855935']
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterator
from datetime import date, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..model import Actor, ClaimError, ClaimKind, Precision, Side, VerificationStatus, _text
from .columns import STORED, ClaimBatch

__all__ = ["POINT_COLUMNS", "point_columns", "point_table_batches"]

#: The columns of a table of point claims (``publisher``, ``url``, ``quote``, ``description``,
#: ``verification``, ``actor``, ``precision`` and ``event_end`` may be left out).
POINT_COLUMNS = ("claimant", "side", "kind", "actor", "event_start", "event_end", "precision", "reported",
                 "summary", "quote", "verification", "lon", "lat", "uncertainty_km", "description", "publisher", "url")
_NUMBERS = ("lon", "lat", "uncertainty_km")
_DEFAULTS = {"actor": "unknown", "precision": "day", "verification": "unverified"}
_ENUMS = (("side", Side), ("kind", ClaimKind), ("actor", Actor), ("precision", Precision),
          ("verification", VerificationStatus))


def point_table_batches(path, size: int, stamp: str, recorded_by: str) -> Iterator[ClaimBatch]:
    """:func:`point_columns` of a CSV claim file (a header of :data:`POINT_COLUMNS`), ``size`` rows at a
    time (read by Arrow's streaming CSV reader): millions of claims stream with bounded memory.

    A bad value raises :class:`ClaimError` naming the file, its line and the field.
    """
    from pyarrow import csv

    done = 0
    try:
        reader = csv.open_csv(path, read_options=csv.ReadOptions(block_size=1 << 23),
                              parse_options=csv.ParseOptions(newlines_in_values=True),
                              convert_options=csv.ConvertOptions(column_types={n: pa.string() for n in POINT_COLUMNS}))
        for table in _rebatched(reader, size):
            try:
                yield point_columns(table, stamp, recorded_by)
            except ClaimError as exc:
                row, field = exc.field.split(": ", 1)
                line = done + int(row.removeprefix("row ")) + 2  # the header is line 1 (and no value spans lines)
                raise ClaimError(f"{path}, line {line}: {field}", exc.value, exc.problem) from None
            done += len(table)
    except pa.ArrowInvalid as exc:  # not CSV, or a row of another length
        raise ClaimError(f"{path}, after line {done + 1}", "", f"cannot be read as a CSV table ({exc})") from None


def _rebatched(batches: Iterator[pa.RecordBatch], size: int) -> Iterator[pa.Table]:
    """Tables of ``size`` rows (the last one shorter) from record batches of any size."""
    pending: list[pa.RecordBatch] = []
    for batch in batches:
        pending.append(batch)
        while sum(len(b) for b in pending) >= size:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, size)
            pending = table.slice(size).to_batches()
    if pending and sum(len(b) for b in pending):
        yield pa.Table.from_batches(pending)


def _normalised(table) -> dict[str, pa.Array]:
    """:data:`POINT_COLUMNS` as Arrow arrays: text as strings ("" where missing), numbers as float64 (NaN where
    not a number; an empty ``uncertainty_km`` is 0)."""
    if not isinstance(table, pa.Table):  # a DataFrame: missing values become "", times ISO 8601
        table = pa.table({name: pa.array([_plain(v) for v in table[name].tolist()], pa.string())
                          for name in table.columns if name in POINT_COLUMNS})
    n, columns = table.num_rows, {}
    for name in POINT_COLUMNS:
        values = table[name].combine_chunks() if name in table.column_names else None
        if name in _NUMBERS:
            columns[name] = _floats(values, n, 0.0 if name == "uncertainty_km" else np.nan)
        else:
            text = pa.repeat(_DEFAULTS.get(name, ""), n) if values is None else values
            columns[name] = pc.fill_null(text.cast(pa.string()), "")
    if "event_end" not in table.column_names:
        columns["event_end"] = columns["event_start"]
    return columns


def _plain(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def _floats(values: pa.Array | None, n: int, empty: float) -> np.ndarray:
    """Numbers of a column (NaN for a value that is not one)."""
    if values is None:
        return np.full(n, empty)
    text = pc.utf8_trim_whitespace(values.cast(pa.string()))
    try:
        numbers = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text).cast(pa.float64())
        return pc.fill_null(numbers, empty).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:  # some value is not a number: find which, one by one
        return np.array([_float(v, empty) for v in text.to_pylist()])


def _float(value: str | None, empty: float) -> float:
    try:
        return float(value) if value else empty
    except ValueError:
        return np.nan


def point_columns(table, stamp: str, recorded_by: str) -> ClaimBatch:
    """The columns of point claims given as a table (an Arrow table or a DataFrame with :data:`POINT_COLUMNS`),
    checked as :class:`~frontmap.model.Claim` checks them; the first bad value raises :class:`ClaimError`
    naming its row (0-based) and field."""
    c = _normalised(table)
    n = len(c["claimant"])

    def bad(mask, field: str, problem: str) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            row = int(np.flatnonzero(mask)[0])
            value = c[field if field in c else "lon"][row]
            raise ClaimError(f"row {row}: {field}", value.as_py() if hasattr(value, "as_py") else value, problem)

    def falsy(array: pa.Array) -> np.ndarray:
        return ~np.asarray(pc.fill_null(array, False), dtype=bool)

    for field, enum in _ENUMS:
        bad(falsy(pc.is_in(c[field], pa.array([e.value for e in enum]))), field,
            f"is not one of {[e.value for e in enum]}")
    bad(falsy(pc.not_equal(pc.utf8_trim_whitespace(c["claimant"]), "")), "claimant", "must be a non-empty name")
    days = {}
    for field in ("event_start", "event_end"):
        parsed = pc.strptime(pc.utf8_slice_codeunits(c[field], 0, 10), format="%Y-%m-%d", unit="s", error_is_null=True)
        bad(falsy(pc.is_valid(parsed)), field, "is not a date (YYYY-MM-DD)")
        days[field] = parsed.cast(pa.date32())
    bad(falsy(pc.greater_equal(days["event_end"], days["event_start"])), "event_end", "is before the start")
    in_utc, given, reported_day = _report_times(c["reported"])
    bad(falsy(pc.is_valid(reported_day)), "reported", "is not a date or ISO 8601 time")
    bad(falsy(pc.greater_equal(reported_day, days["event_start"])), "reported", "is before the event it reports")
    bad(falsy(pc.or_(pc.not_equal(pc.utf8_trim_whitespace(c["summary"]), ""),
                     pc.not_equal(pc.utf8_trim_whitespace(c["quote"]), ""))), "summary",
        "is empty: give a summary in your own words or the quote")
    xy = np.round(np.column_stack([c["lon"], c["lat"]]), 5)
    bad(~np.isfinite(xy).all(axis=1) | (np.abs(xy[:, 0]) > 180) | (np.abs(xy[:, 1]) > 90), "lon",
        "is not in longitude/latitude degrees")
    radius = c["uncertainty_km"]
    bad(~np.isfinite(radius) | (radius < 0), "uncertainty_km", "must be a non-negative number")
    publisher = c["publisher"]
    has_publisher = pc.not_equal(publisher, "")
    bad(pc.and_(has_publisher, pc.equal(pc.utf8_trim_whitespace(publisher), "")), "publisher",
        "must be a non-empty name")
    starts, ends = days["event_start"].cast(pa.string()), days["event_end"].cast(pa.string())
    floats = [_reprs(values) for values in (xy[:, 0], xy[:, 1], radius)]
    canonical = pc.binary_join_element_wise(
        '{"actor": "', c["actor"], '", "claimant": {"name": "', _json_inner(c["claimant"]), '", "side": "', c["side"],
        '"}, "event_time": {"end": "', ends, '", "precision": "', c["precision"], '", "start": "', starts,
        '"}, "geometry": {"description": "', _json_inner(c["description"]), '", "geometry": {"coordinates": [',
        floats[0], ", ", floats[1], '], "type": "Point"}, "shape": "point", "uncertainty_km": ', floats[2],
        '}, "kind": "', c["kind"], '", "links": [], "magnitudes": [], "places": [], "publisher": ',
        pc.if_else(has_publisher, pc.binary_join_element_wise(
            '{"name": "', _json_inner(publisher), '", "published": null, "url": "', _json_inner(c["url"]), '"}', ""),
            "null"),
        ', "quote": "', _json_inner(c["quote"]), '", "reported": "', given, '", "summary": "', _json_inner(c["summary"]),
        '", "verification": {"confirmed_by": [], "disputed_by": [], "note": "", "status": "', c["verification"],
        '"}}', "")
    null = pa.nulls(n, pa.string())
    columns = {
        "id": _content_ids(canonical), "kind": c["kind"], "claimant": c["claimant"], "side": c["side"],
        "actor": c["actor"], "event_start": starts, "event_end": ends, "precision": c["precision"], "reported": in_utc,
        "recorded": pa.repeat(stamp, n), "recorded_by": pa.repeat(recorded_by, n),
        "publisher": pc.if_else(has_publisher, publisher, null), "url": pc.if_else(has_publisher, c["url"], null),
        "summary": c["summary"], "quote": c["quote"], "verification": c["verification"],
        "shape": pa.repeat("point", n), "uncertainty_km": pa.array(radius, pa.float64()),
        "places": pa.repeat("||", n), "data": _data(given, in_utc, c["description"]),
    }
    table = pa.table({name: columns[name] for name in STORED})
    return ClaimBatch(table, _point_wkb(xy), np.column_stack([xy, xy]), [])


_WKB_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("xy", "<f8", 2)])  #: little-endian ISO WKB of a 2-D point


def _point_wkb(xy: np.ndarray) -> pa.Array:
    """WKB of the points ``xy`` (n, 2), written by numpy as :func:`shapely.to_wkb` writes them (10x faster).

    >>> import shapely
    >>> _point_wkb(np.array([[37.18, 48.28]]))[0].as_py() == shapely.to_wkb(shapely.Point(37.18, 48.28), byte_order=1)
    True
    """
    points = np.empty(len(xy), _WKB_POINT)
    points["order"], points["type"], points["xy"] = 1, 1, xy
    offsets = np.arange(0, _WKB_POINT.itemsize * len(xy) + 1, _WKB_POINT.itemsize, dtype=np.int32)
    return pa.Array.from_buffers(pa.binary(), len(xy), [None, pa.py_buffer(offsets), pa.py_buffer(points.view(np.uint8))])


def _reprs(values: np.ndarray) -> pa.Array:
    """Each (finite) number as ``repr`` writes it, as the canonical JSON holds it: Arrow's shortest form, with
    ".0" added to whole numbers, and ``repr`` itself where the two notations may differ (below 1e-4, from 1e9).

    >>> _reprs(np.array([2.0, 37.18, -0.0, 5e-05, 1e15])).to_pylist()
    ['2.0', '37.18', '-0.0', '5e-05', '1000000000000000.0']
    """
    text = pa.array(values, pa.float64()).cast(pa.string())
    odd = ((np.abs(values) < 1e-4) & (values != 0)) | (np.abs(values) >= 1e9)
    text = pc.if_else(pa.array((values == np.trunc(values)) & ~odd), pc.binary_join_element_wise(text, ".0", ""), text)
    if not odd.any():
        return text
    return pc.replace_with_mask(text, pa.array(odd), pa.array([repr(v) for v in values[odd].tolist()], pa.string()))


_ESCAPED = re.compile(rb'["\\\x00-\x1f]')  #: what a JSON string literal escapes


def _json_inner(strings: pa.Array) -> pa.Array:
    """Each string as the inside of a JSON string literal (between its quotes), as the canonical encoder writes it.

    >>> _json_inner(pa.array(["plain", 'say "x"'])).to_pylist()
    ['plain', 'say \\\\"x\\\\"']
    """
    if not len(strings):
        return strings
    # The text of these strings alone (their buffer may be a whole CSV block's): numpy over it made temporary arrays of
    # 8 MB, each zeroed anew by the kernel (0.4-1.4 s of system time in single runs of the 10⁶ import).
    first, last = np.frombuffer(strings.buffers()[1], np.int32, len(strings) + 1, 4 * strings.offset)[[0, -1]]
    if _ESCAPED.search(memoryview(strings.buffers()[2] or b"")[first:last]) is None:  # nothing to escape: usually
        return strings
    escape = np.asarray(pc.match_substring_regex(strings, _ESCAPED.pattern.decode()), dtype=bool)
    if not escape.any():
        return strings
    return pc.replace_with_mask(strings, pa.array(escape), pa.array(
        [_text(s)[1:-1] for s in strings.filter(pa.array(escape)).to_pylist()], pa.string()))


def _report_times(reported: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """(UTC ISO 8601 for the column, ISO 8601 as the id hashes it, UTC date) of each report time;
    the date is null where the value is not a date or ISO 8601 time."""
    import pandas as pd

    day = pc.strptime(reported, format="%Y-%m-%d", unit="s", error_is_null=True)
    in_utc = pc.binary_join_element_wise(reported, "T00:00:00+00:00", "")
    timed = np.flatnonzero(~np.asarray(pc.fill_null(pc.is_valid(day), False), dtype=bool))
    if not len(timed):
        return in_utc, in_utc, day.cast(pa.date32())
    raw = reported.take(pa.array(timed)).to_pylist()
    moments = pd.to_datetime(pd.Series(raw, dtype=object), utc=True, format="ISO8601", errors="coerce")
    utc = [None if pd.isna(m) else m.isoformat() for m in moments]
    offsets = [iso and (_with_offset(text) or iso) for text, iso in zip(raw, utc, strict=True)]
    mask = pa.array(np.isin(np.arange(len(reported)), timed))
    days = pa.array([None if pd.isna(m) else m.date() for m in moments], pa.date32())
    return (pc.replace_with_mask(in_utc, mask, pa.array(utc, pa.string())),
            pc.replace_with_mask(in_utc, mask, pa.array(offsets, pa.string())),
            pc.replace_with_mask(day.cast(pa.date32()), mask, days))


def _with_offset(value: str) -> str | None:
    """ISO 8601 of a report time given with a non-zero UTC offset, as a claim writes it; else None."""
    if "T" not in value or value[-6:-5] not in ("+", "-"):
        return None
    moment = datetime.fromisoformat(value)
    return moment.isoformat() if moment.utcoffset() else None


def _content_ids(canonical: pa.Array) -> pa.Array:
    """``fm-`` and the first 16 hex digits of the SHA-256 of each canonical form (as :func:`~frontmap.model.content_id`)."""
    offsets = np.frombuffer(canonical.buffers()[1], dtype=np.int32)[canonical.offset:canonical.offset + len(canonical) + 1]
    data = memoryview(canonical.buffers()[2])
    digests = b"".join([hashlib.sha256(data[a:b]).digest()[:8] for a, b in zip(offsets[:-1].tolist(),
                                                                                 offsets[1:].tolist())])
    hexes = pa.StringArray.from_buffers(len(canonical), pa.py_buffer(np.arange(0, 16 * len(canonical) + 1, 16,
                                                                               dtype=np.int32)),
                                        pa.py_buffer(digests.hex().encode()))
    return pc.binary_join_element_wise("fm-", hexes, "")


def _data(given: pa.Array, in_utc: pa.Array, description: pa.Array) -> pa.Array:
    """The ``data`` column (as :func:`frontmap.store.columns._rest` writes it): ``{}`` unless the report time
    had an offset or the point a description."""
    extra = np.asarray(pc.or_(pc.not_equal(given, in_utc), pc.not_equal(description, "")), dtype=bool)
    empty = pa.repeat("{}", len(given))
    if not extra.any():
        return empty
    rows = zip(*(a.filter(pa.array(extra)).to_pylist() for a in (given, in_utc, description)), strict=True)
    texts = [json.dumps({**({"reported": g} if g != u else {}), **({"description": d} if d else {})},
                        ensure_ascii=False) for g, u, d in rows]
    return pc.replace_with_mask(empty, pa.array(extra), pa.array(texts, pa.string()))
