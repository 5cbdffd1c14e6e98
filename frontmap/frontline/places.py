"""Each place's status on each snapshot date, and the dates it changed hands.

A place's status is the status of the polygon that contains it, or ``unmarked`` where the
source draws nothing (held by the country it lies in). Statuses are found for the first
snapshot by point-in-polygon, then only places inside a step's gained or lost land are
re-tested, so a daily series over the whole gazetteer costs little more than its changes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .series import ControlSeries
from .snapshot import AREA_STATUSES

UNMARKED = "unmarked"


def _status_codes(polygons: list, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Index into ``AREA_STATUSES`` (``len(AREA_STATUSES)`` for unmarked) of each point.

    ``polygons`` holds one polygon per status, in ``AREA_STATUSES`` order; earlier ones win.
    """
    codes = np.full(len(x), len(AREA_STATUSES))
    for code in reversed(range(len(AREA_STATUSES))):
        codes[shapely.contains_xy(polygons[code], x, y)] = code
    return codes


#: Status names by code, as :func:`status_matrix` returns them.
LABELS = np.array([*AREA_STATUSES, UNMARKED], dtype=object)


def status_matrix(series: ControlSeries, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Status code (an index into :data:`LABELS`) of every point on every date of the series.

    Rows follow ``series.dates``, columns the points.
    """
    dates = series.dates
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    drawn = [status for status in AREA_STATUSES if (series.frame["status"] == status).any()]
    by_status = np.column_stack([series.status_geometries(status).to_numpy()
                                 for status in AREA_STATUSES])  # dates × statuses
    codes = np.empty((len(dates), len(lon)), dtype=np.int8)
    first = by_status[0].copy()
    shapely.prepare(first)
    codes[0] = _status_codes(list(first), lon, lat)
    tree = shapely.STRtree(shapely.points(lon, lat))
    changed = [series.steps(status)[["gained", "lost"]].to_numpy() for status in drawn]
    for step in range(1, len(dates)):
        codes[step] = codes[step - 1]
        regions = np.concatenate([change[step - 1] for change in changed])
        touched = np.unique(tree.query(regions, predicate="intersects")[1])
        if len(touched):
            codes[step, touched] = _status_codes(list(by_status[step]), lon[touched], lat[touched])
    return codes


def place_changes(series: ControlSeries, places: pd.DataFrame) -> pd.DataFrame:
    """Every change of hands of every place (``id``, ``name``, ``lat``, ``lon`` columns).

    One row per change: the place, the date of the first snapshot showing the new status,
    the status before and after, and the source.
    """
    codes = status_matrix(series, places["lon"].to_numpy(), places["lat"].to_numpy())
    step, column = np.nonzero(codes[1:] != codes[:-1])
    return pd.DataFrame({
        "source": series.sources[0],
        "place_id": places["id"].to_numpy()[column], "name": places["name"].to_numpy()[column],
        "date": series.dates[step + 1],
        "before": LABELS[codes[step, column]], "after": LABELS[codes[step + 1, column]],
    }).sort_values(["date", "name"], ignore_index=True)
