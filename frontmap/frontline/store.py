"""Keep snapshots in a GeoPackage layer, so a series is read once and queried many times."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyogrio

from .read import LAYER
from .series import ControlSeries

KEY = ["source", "date", "status"]


def save(series: ControlSeries, path: str | Path) -> tuple[int, int]:
    """Append the snapshots not stored yet; returns ``(added, already_stored)``.

    A snapshot row is known by its source, date and status, so importing a directory twice
    adds nothing the second time.
    """
    path = Path(path)
    frame = series.frame
    if path.exists() and LAYER in pyogrio.list_layers(path)[:, 0]:
        stored = pyogrio.read_dataframe(path, layer=LAYER, columns=KEY, read_geometry=False)
        stored["date"] = pd.to_datetime(stored["date"])
        known = pd.MultiIndex.from_frame(stored[KEY])
        frame = frame[~pd.MultiIndex.from_frame(frame[KEY]).isin(known)]
        mode = "a"
    else:
        mode = "w"
    if len(frame):
        frame.to_file(path, layer=LAYER, driver="GPKG", mode=mode)
    return len(frame), len(series.frame) - len(frame)
