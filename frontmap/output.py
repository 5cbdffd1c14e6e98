"""Write a GeoDataFrame to the format its file name asks for, safely.

- GeoJSON follows RFC 7946: longitude/latitude, no ``crs`` member, counter-clockwise outer
  rings, 7 decimals (about 1 cm).
- CSV carries ``lon``/``lat`` for points and the geometry as WKT; text cells that a
  spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, TAB or CR)
  are prefixed with ``'``.
- GeoParquet, GeoPackage (one layer), and KML/KMZ for Google Earth.

Files other than GeoPackages are written to a temporary file beside the target and moved
into place, so a failure never leaves half a file where a good one was.

>>> neutralise(["=HYPERLINK(1)", "-12 km", "Kupiansk", None])
["'=HYPERLINK(1)", "'-12 km", 'Kupiansk', None]
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

FORMATS = (".geojson", ".json", ".csv", ".parquet", ".gpkg", ".kml", ".kmz")
GEOJSON_DECIMALS = 7
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def check_format(output: str | Path) -> None:
    """Raise ``ValueError`` for a file name whose suffix is not one of :data:`FORMATS`."""
    if Path(output).suffix.lower() not in FORMATS:
        raise ValueError(f"{output}: the file name must end in {', '.join(FORMATS)}")


def neutralise(values):
    """Text values with a leading ``'`` where a spreadsheet would read a formula."""
    return [f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
            for value in values]


def _csv_frame(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = neutralise(table[column].tolist())
    points = (frame.geom_type == "Point").to_numpy()
    table["lon"] = np.where(points, shapely.get_x(frame.geometry.values), np.nan).round(GEOJSON_DECIMALS)
    table["lat"] = np.where(points, shapely.get_y(frame.geometry.values), np.nan).round(GEOJSON_DECIMALS)
    table["wkt"] = frame.geometry.to_wkt(rounding_precision=GEOJSON_DECIMALS)
    return table


def _write(frame: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        frame.to_crs("EPSG:4326").to_file(path, driver="GeoJSON", engine="pyogrio", layer=layer, layer_options={
            "RFC7946": "YES", "COORDINATE_PRECISION": str(GEOJSON_DECIMALS)})
    elif suffix == ".csv":
        _csv_frame(frame).to_csv(path, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(path)
    elif suffix in (".kml", ".kmz"):
        frame.to_crs("EPSG:4326").to_file(path, driver="LIBKML", engine="pyogrio", layer=layer)


def write_frame(frame: gpd.GeoDataFrame, output: str | Path, layer: str = "data") -> None:
    """Write ``frame`` as the format ``output``'s suffix names (see :data:`FORMATS`)."""
    output = Path(output)
    check_format(output)
    if output.suffix.lower() == ".gpkg":  # a GeoPackage may hold other layers: write into it
        frame.to_file(output, layer=layer, driver="GPKG", engine="pyogrio")
        return
    handle, temporary = tempfile.mkstemp(suffix=output.suffix, prefix=f".{output.stem}-", dir=output.parent)
    os.close(handle)
    os.unlink(temporary)  # the drivers refuse to write over a file
    try:
        _write(frame, Path(temporary), layer)
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
