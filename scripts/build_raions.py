"""Build the raion outlines bundled for ``frontmap frontline breakdown --by raion``.

    python3 scripts/build_raions.py [--raions ../shared/data/boundaries/geoboundaries-UKR-ADM2-pre2020.geojson]

Reads geoBoundaries' Ukrainian second-level units (the 495 raions and cities of oblast
significance as they were before the 2020 reform; CC BY 4.0), drops its one unnamed feature
(water), names each unit's oblast by the
Natural Earth admin-1 unit that holds its representative point, simplifies the outlines to
about 200 m and writes ``frontmap/data/raions-ua-pre2020.parquet``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd
import shapely

from frontmap.frontline.area import EQUAL_AREA_CRS
from frontmap.frontline.borders import admin1

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "frontmap" / "data" / "raions-ua-pre2020.parquet"
SIMPLIFY_DEG = 0.002


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raions", type=Path, default=ROOT.parent / "shared" / "data" / "boundaries" /
                        "geoboundaries-UKR-ADM2-pre2020.geojson")
    raions = gpd.read_file(parser.parse_args().raions)
    raions = raions[raions["shapeName"].notna()].reset_index(drop=True)  # one unnamed feature is sea
    oblasts = admin1()
    oblasts = oblasts[oblasts["iso"].str.startswith("UA-")]
    points = gpd.GeoDataFrame(geometry=raions.representative_point(), crs="EPSG:4326")
    # Nearest, not within: a few coastal raions' points fall just outside Natural Earth's coast.
    owner = gpd.sjoin_nearest(points.to_crs(EQUAL_AREA_CRS), oblasts[["iso", "name_en", "geometry"]].to_crs(EQUAL_AREA_CRS))
    owner = owner[~owner.index.duplicated()]
    table = gpd.GeoDataFrame({
        "raion": raions["shapeName"], "oblast_iso": owner["iso"], "oblast": owner["name_en"],
    }, geometry=shapely.make_valid(shapely.simplify(raions.geometry.values, SIMPLIFY_DEG)), crs="EPSG:4326")
    table.to_parquet(TARGET, compression="zstd")
    print(f"wrote {len(table)} raions to {TARGET} ({TARGET.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
