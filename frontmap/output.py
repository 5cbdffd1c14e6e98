"""Write a GeoDataFrame to the format its file name asks for."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd

FORMATS = (".geojson", ".json", ".csv", ".parquet", ".gpkg")


def write_frame(frame: gpd.GeoDataFrame, output: Path, layer: str = "data") -> None:
    """GeoJSON, CSV (geometry as WKT), GeoParquet or GeoPackage, by ``output``'s suffix.

    Raises ``ValueError`` for any other suffix.
    """
    suffix = output.suffix.lower()
    if suffix in (".geojson", ".json"):
        frame.to_file(output, driver="GeoJSON")
    elif suffix == ".csv":
        frame.assign(geometry=frame.geometry.to_wkt()).to_csv(output, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(output)
    elif suffix == ".gpkg":
        frame.to_file(output, layer=layer, driver="GPKG")
    else:
        raise ValueError(f"{output}: the file name must end in {', '.join(FORMATS)}")
