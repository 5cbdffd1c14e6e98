"""Land gained and lost between two dates, broken down by oblast or raion, in km².

Oblasts are Natural Earth admin-1 units (Ukraine and Russia's border oblasts); raions are
geoBoundaries' Ukrainian raions as they were before the 2020 reform (CC BY 4.0), the finest
open division with stable names. Each gained or lost polygon is cut by the units and measured
in the equal-area projection (or on the ellipsoid).

>>> import geopandas as gpd, pandas as pd
>>> from shapely import box
>>> from frontmap.frontline import ControlSeries
>>> frame = gpd.GeoDataFrame({"source": "demo", "status": "occupied", "file": "",
...     "date": pd.to_datetime(["2025-01-01", "2025-02-01"])},
...     geometry=[box(37.0, 47.8, 37.2, 48.2), box(37.0, 47.8, 37.4, 48.2)], crs="EPSG:4326")
>>> table = breakdown(ControlSeries(frame), "2025-01-01", "2025-02-01")
>>> table[["unit", "gained_km2", "lost_km2"]].values.tolist()
[['Donetsk Oblast', 663.81, 0.0]]
"""
from __future__ import annotations

from datetime import date
from typing import Literal

import numpy as np
import pandas as pd
import shapely

from .area import AREA_METHODS, AreaMethod, area_km2
from .borders import admin1, raions
from .series import ControlSeries

Level = Literal["oblast", "raion"]
UNIT_SOURCES = {
    "oblast": "oblasts: Natural Earth 1:10m admin-1 (public domain)",
    "raion": "raions: geoBoundaries UKR ADM2, before the 2020 reform (CC BY 4.0)",
}


def units(by: Level) -> pd.DataFrame:
    """The units of a level as ``unit``, ``oblast`` and ``geometry`` columns."""
    if by == "oblast":
        table = admin1()
        table = table[table["iso"].str.startswith("UA-") | table["iso"].isin(
            ["RU-BEL", "RU-BRY", "RU-KRS", "RU-ROS", "RU-VOR"])]
        return pd.DataFrame({"unit": table["name_en"], "oblast": table["name_en"], "geometry": table.geometry})
    if by == "raion":
        table = raions()
        return pd.DataFrame({"unit": table["raion"], "oblast": table["oblast"], "geometry": table.geometry})
    raise ValueError(f"unknown breakdown level {by!r}; use oblast or raion")


def breakdown(series: ControlSeries, start: str | date, end: str | date, by: Level = "oblast",
              status: str = "occupied", method: AreaMethod = "equal-area",
              max_age: int | None = None) -> pd.DataFrame:
    """km² of ``status`` gained and lost per unit over the days ``start`` to ``end``, measured
    like :meth:`ControlSeries.diff` (the period rule).

    Units with no change are left out; rows are sorted by net change, largest first.
    """
    change = series.diff(start, end, status, method, max_age)
    table = units(by)
    shapes = table["geometry"].to_numpy()
    gained, lost = (area_km2(shapely.intersection(shapes, change.geometry.iloc[row]), method) for row in (0, 1))
    result = pd.DataFrame({"unit": table["unit"].to_numpy(), "oblast": table["oblast"].to_numpy(),
                           "gained_km2": gained.round(2), "lost_km2": lost.round(2)})
    result["net_km2"] = (result["gained_km2"] - result["lost_km2"]).round(2)
    result = result[(result["gained_km2"] > 0) | (result["lost_km2"] > 0)]
    result = result.sort_values("net_km2", ascending=False, key=np.abs, ignore_index=True)
    if by == "oblast":
        result = result.drop(columns="oblast")
    result.insert(0, "source", series.sources[0])
    result.insert(1, "from_date", change["from_date"].iloc[0])
    result.insert(2, "to_date", change["to_date"].iloc[0])
    result.attrs.update(area_method=f"{AREA_METHODS[method]}; {UNIT_SOURCES[by]}", clipping=change.attrs["clipping"],
                        period=change.attrs["period"])
    return result
