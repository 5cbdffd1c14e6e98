"""Write a GeoDataFrame to the format its file name asks for, safely.

- GeoJSON follows RFC 7946: longitude/latitude, no ``crs`` member, counter-clockwise outer
  rings, 7 decimals (about 1 cm).
- CSV carries ``lon``/``lat`` for points and the geometry as WKT, and is safe to open
  (:func:`csv_safe`).
- GeoParquet, GeoPackage (one layer; the same frame gives the same bytes), and KML/KMZ for
  Google Earth.

Files other than GeoPackages are written to a temporary file beside the target and moved
into place, so a failure never leaves half a file where a good one was.

>>> import pandas as pd
>>> frame = pd.DataFrame({"name": ["=1+2", "Sudzha", "a\\rb"], "km2": [-1.5, 2.0, 3.0]})
>>> print(csv_safe(frame).to_csv(index=False), end="")
name,km2
'=1+2,-1.5
Sudzha,2.0
"a
b",3.0
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

#: A spreadsheet reads a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_format(output: str | Path) -> None:
    """Raise ``ValueError`` for a file name whose suffix is not one of :data:`FORMATS`."""
    if Path(output).suffix.lower() not in FORMATS:
        raise ValueError(f"{output}: the file name must end in {', '.join(FORMATS)}")


def safe_cell(value: object) -> object:
    """A text cell with a leading ``'`` if it starts like a formula, and CR line breaks made ``\\n``."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if value.startswith(FORMULA_START) else text


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells a spreadsheet will not run, and whose rows a bare CR cannot split.

    Text that starts like a formula (``=``, ``+``, ``-``, ``@``, TAB, CR) gets a leading ``'``;
    CR line breaks inside a cell become ``\\n`` (which CSV quotes). Numbers are left alone.
    """
    safe = pd.DataFrame(frame).copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    return safe


def _csv_table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    points = (frame.geom_type == "Point").to_numpy()
    table["lon"] = np.where(points, shapely.get_x(frame.geometry.values), np.nan).round(GEOJSON_DECIMALS)
    table["lat"] = np.where(points, shapely.get_y(frame.geometry.values), np.nan).round(GEOJSON_DECIMALS)
    table["wkt"] = frame.geometry.to_wkt(rounding_precision=GEOJSON_DECIMALS)
    return csv_safe(table)


def _write(frame: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        frame.to_crs("EPSG:4326").to_file(path, driver="GeoJSON", engine="pyogrio", layer=layer, layer_options={
            "RFC7946": "YES", "COORDINATE_PRECISION": str(GEOJSON_DECIMALS)})
    elif suffix == ".csv":
        _csv_table(frame).to_csv(path, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(path)
    elif suffix in (".kml", ".kmz"):
        frame.to_crs("EPSG:4326").to_file(path, driver="LIBKML", engine="pyogrio", layer=layer)


def write_frame(frame: gpd.GeoDataFrame, output: str | Path, layer: str = "data") -> None:
    """Write ``frame`` as the format ``output``'s suffix names (see :data:`FORMATS`)."""
    output = Path(output)
    check_format(output)
    if output.suffix.lower() == ".gpkg":  # a GeoPackage may hold other layers: write into it
        write_gpkg(frame, output, layer)
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


def write_gpkg(frame: gpd.GeoDataFrame, output: Path, layer: str) -> None:
    """Write one GeoPackage layer with GDAL's ``last_change`` stamp fixed, so that reruns are byte-identical."""
    import pyogrio

    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"})
    try:
        frame.to_file(output, layer=layer, driver="GPKG", engine="pyogrio")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
