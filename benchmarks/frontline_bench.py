"""Daily area series over whole front-line series, against a naive geopandas loop.

    python3 benchmarks/frontline_bench.py [--data ../shared/data/frontline]

Target (2-core machine): the simplified DeepStateMAP series (deepstate-simplified-daily/,
every file) in < 10 s, and both it and the raw DeepStateMAP API snapshots (deepstate-full/)
at least 3x faster than the naive loop. Each case runs in its own process, so its peak
resident memory is its own. The naive loop reads one file at a time with geopandas,
dissolves it, and overlays it with the previous day in the equal-area CRS; frontmap does the
same work (only the occupied statuses read, no clipping, suspects kept). ``clipped`` is
frontmap's default reading (each status clipped to its region, suspect snapshots left out),
which does more than the naive loop and is printed for its cost alone. CPU seconds (the
process's user + system time, imports included) vary far less than wall time on a shared
machine.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "frontline"
STATUSES_FULL = ("status.occupied", "territories.crimea", "territories.ordlo", "territories.tuzla")


def frontmap_series(folder: Path, clip: bool = False) -> dict:
    """The same work as the naive loop (occupied only, no clipping, no suspect filter), or the default reading."""
    from frontmap.frontline import ControlSeries

    series = ControlSeries.read(folder, clip=clip, keep_suspect=not clip, statuses=None if clip else ("occupied",))
    table = series.area_series()
    return {"files": series.report.files, "snapshots": len(table),
            "net_km2": round(float(table["net_km2"].sum()), 1),
            "last_occupied_km2": float(table["occupied_km2"].iloc[-1])}


def naive_series(folder: Path) -> dict:
    import geopandas as gpd

    from frontmap.frontline.area import EQUAL_AREA_CRS

    previous, net, last, files = None, 0.0, 0.0, sorted(folder.glob("*.geojson"))
    for path in files:
        frame = gpd.read_file(path)
        if "name" in frame.columns:  # raw DeepStateMAP: the occupied statuses only
            key = frame["name"].fillna("").str.extract(r"geoJSON\.([\w.\-]+)")[0]
            frame = frame[key.isin(STATUSES_FULL) & frame.geom_type.isin(["Polygon", "MultiPolygon"])]
        frame = frame.make_valid().force_2d().to_frame("geometry").dissolve().to_crs(EQUAL_AREA_CRS)
        if previous is not None:
            gained = frame.difference(previous.geometry.iloc[0]).area.sum()
            lost = previous.difference(frame.geometry.iloc[0]).area.sum()
            net += (gained - lost) / 1e6
        previous, last = frame, frame.area.sum() / 1e6
    return {"files": len(files), "snapshots": len(files), "net_km2": round(net, 1), "last_occupied_km2": round(last, 2)}


CASES = {"frontmap": frontmap_series, "naive": naive_series,
         "clipped": lambda folder: frontmap_series(folder, clip=True)}


def run_case(case: str, folder: Path) -> dict:
    start = time.perf_counter()
    result = CASES[case](folder)
    result["seconds"] = round(time.perf_counter() - start, 2)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)  # imports included; steadier than wall time
    result["peak_rss_mib"] = round(usage.ru_maxrss / 1024)
    return result


def in_subprocess(case: str, folder: Path) -> dict:
    run = subprocess.run([sys.executable, __file__, "--case", case, "--folder", str(folder)],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--case", choices=sorted(CASES))
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.folder)))
        return
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores shared: compare ratios, "
          "not seconds)")
    print("Areas: km² in an Albers equal-area projection on the WGS 84 ellipsoid (lat_1=46, lat_2=51, lon_0=31.5)")
    print(f"{'series':<28}{'method':<10}{'files':>6}{'seconds':>9}{'CPU s':>7}{'peak MiB':>10}{'net km²':>10}"
          f"{'last km²':>12}")
    for name in ("deepstate-simplified-daily", "deepstate-full"):
        results = {case: in_subprocess(case, args.data / name) for case in ("frontmap", "naive", "clipped")}
        for case, r in results.items():
            print(f"{name:<28}{case:<10}{r['files']:>6}{r['seconds']:>9.2f}{r['cpu_seconds']:>7.2f}{r['peak_rss_mib']:>10}"
                  f"{r['net_km2']:>10.1f}{r['last_occupied_km2']:>12.2f}")
        wall, cpu = (results["naive"][key] / results["frontmap"][key] for key in ("seconds", "cpu_seconds"))
        print(f"{'':<28}speed-up over the naive loop (same work, no clipping): {wall:.1f}x wall, {cpu:.1f}x CPU")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
