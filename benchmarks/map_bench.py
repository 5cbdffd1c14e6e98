"""Timeline map size and build time: the demo, and 10,000 claims over 120 daily snapshots.

    python3 benchmarks/map_bench.py [--data ../shared/data/frontline]

Targets: the demo map <= 3 MB; 10,000 claims + 120 daily snapshots of
deepstate-simplified-daily/ <= 8 MB and built in <= 10 s (2-core machine). For comparison,
the same data through folium's TimestampedGeoJson, one full polygon per day (the naive way).
Sizes are of the written HTML with --assets inline (frontmap) or CDN links (folium's plugin
cannot inline its assets).
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import shapely

from frontmap.demo import demo_map
from frontmap.frontline import ControlSeries
from frontmap.model import Claim, Claimant, ClaimGeometry, Side, TimeSpan
from frontmap.render import timeline_map, write_map

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "frontline"
FIRST = date(2024, 11, 1)
DAYS = 120


def claims_over_front(n: int, seed: int = 1) -> list[Claim]:
    """Claims on random days of the window, at random points of the eastern front."""
    rng = random.Random(seed)
    sides, kinds = [Side.UKRAINE, Side.RUSSIA, Side.INDEPENDENT], ["advance", "capture", "clash", "strike", "loss"]
    claims = []
    for i in range(n):
        day = FIRST + timedelta(days=rng.randrange(DAYS))
        claims.append(Claim(claimant=Claimant(f"source {i % 50}", sides[i % 3]), kind=kinds[i % 5],
                            event_time=TimeSpan(day, day), reported=day, summary=f"synthetic claim {i}",
                            geometry=ClaimGeometry.point(rng.uniform(46.5, 50.0), rng.uniform(35.0, 39.0), 2.0)))
    return claims


def naive_map(claims: list[Claim], series: ControlSeries, path: Path) -> None:
    import folium
    from folium.plugins import TimestampedGeoJson

    features = [{"type": "Feature", "geometry": shapely.geometry.mapping(geometry),
                 "properties": {"times": [f"{day:%Y-%m-%d}"], "style": {"color": "red"}}}
                for day, geometry in series.status_geometries().items()]
    features += [{"type": "Feature", "geometry": shapely.geometry.mapping(c.geometry.geometry),
                  "properties": {"times": [c.event_time.start.isoformat()], "popup": c.summary}} for c in claims]
    fmap = folium.Map(location=[48.5, 37], zoom_start=7)
    TimestampedGeoJson({"type": "FeatureCollection", "features": features}, period="P1D").add_to(fmap)
    fmap.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    demo = write_map(demo_map(), out / "demo.html", assets="inline")
    print(f"demo map: {demo.stat().st_size / 1e6:.2f} MB (target <= 3 MB), built in {time.perf_counter() - start:.1f} s")

    claims = claims_over_front(10_000)
    files = [args.data / "deepstate-simplified-daily" / f"deepstatemap_data_{FIRST + timedelta(days=d):%Y%m%d}.geojson"
             for d in range(DAYS)]
    files = [f for f in files if f.exists()]
    start = time.perf_counter()
    series = ControlSeries.read(*files)
    fmap = timeline_map(claims, series, tiles="osm")
    big = write_map(fmap, out / "big.html", assets="inline")
    seconds = time.perf_counter() - start
    print(f"10,000 claims + {len(files)} daily snapshots: {big.stat().st_size / 1e6:.2f} MB (target <= 8 MB), "
          f"built in {seconds:.1f} s (target <= 10 s), reading the files included")
    start = time.perf_counter()
    naive_map(claims, series, out / "naive.html")
    naive = out / "naive.html"
    print(f"same data, folium TimestampedGeoJson (one polygon per day, CDN assets): "
          f"{naive.stat().st_size / 1e6:.2f} MB in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
