"""Build the large water bodies bundled for comparing sources on land.

    python3 scripts/build_water.py --lakes ne_50m_lakes.geojson

Reads Natural Earth's 1:50m lakes and reservoirs (public domain; the copy used was
``geojson/ne_50m_lakes.geojson`` of the repository gtitov/geojson-leaflet-map at commit
2e0cf415c8ea2022e26b14844f087ee5a375214d, Natural Earth's file without its attributes),
keeps those that touch Ukraine or Russia's border oblasts, and writes
``frontmap/data/water-ua.parquet``: the Kakhovka and Kremenchuk reservoirs on the Dnipro
and the Syvash lagoon. Natural Earth still draws the Kakhovka reservoir as it was before the
dam was destroyed in June 2023; it is kept as the large water body it was, on whose two banks
sources draw the front.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd
import shapely

from frontmap.frontline.area import area_km2
from frontmap.frontline.borders import ukraine_and_border_oblasts

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "frontmap" / "data" / "water-ua.parquet"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lakes", type=Path, required=True, help="Natural Earth ne_50m_lakes (GeoJSON or shapefile)")
    lakes = gpd.read_file(parser.parse_args().lakes).to_crs("EPSG:4326")
    kept = lakes[shapely.intersects(ukraine_and_border_oblasts(), lakes.geometry.values)].reset_index(drop=True)
    table = gpd.GeoDataFrame({"area_km2": area_km2(kept.geometry.values).round(1)},
                             geometry=shapely.make_valid(kept.geometry.values), crs="EPSG:4326")
    table.to_parquet(TARGET, compression="zstd")
    print(f"wrote {len(table)} water bodies ({', '.join(f'{a:,.0f}' for a in table['area_km2'])} km²) to {TARGET} "
          f"({TARGET.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
