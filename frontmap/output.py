"""Write a GeoDataFrame to the format its file name asks for, and CSV that is safe to open.

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

from pathlib import Path

import geopandas as gpd
import pandas as pd

FORMATS = (".geojson", ".json", ".csv", ".parquet", ".gpkg")

#: A spreadsheet reads a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def write_frame(frame: gpd.GeoDataFrame, output: Path, layer: str = "data") -> None:
    """GeoJSON, CSV (geometry as WKT, cells made :func:`csv_safe`), GeoParquet or GeoPackage, by suffix.

    The same frame gives the same bytes (a GeoPackage's timestamp is fixed). Raises ``ValueError``
    for any other suffix.
    """
    suffix = output.suffix.lower()
    if suffix in (".geojson", ".json"):
        frame.to_file(output, driver="GeoJSON")
    elif suffix == ".csv":
        csv_safe(frame.assign(geometry=frame.geometry.to_wkt())).to_csv(output, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(output)
    elif suffix == ".gpkg":
        write_gpkg(frame, output, layer)
    else:
        raise ValueError(f"{output}: the file name must end in {', '.join(FORMATS)}")


def write_gpkg(frame: gpd.GeoDataFrame, output: Path, layer: str) -> None:
    """Write one GeoPackage layer with GDAL's ``last_change`` stamp fixed, so that reruns are byte-identical."""
    import pyogrio

    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"})
    try:
        frame.to_file(output, layer=layer, driver="GPKG")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
