"""Timeline maps at 1,000 to 100,000 claims: bytes per claim, file size, build time, time to
ready and time per slider step in headless Chromium, against folium's TimestampedGeoJson and
Timeline plugins built from the same claims and measured in the same run.

    python3 benchmarks/map_bench.py [--sizes 1000,10000,50000,100000] [--peers DIR] [--steps 20] [--jumps 10]

Every map holds the same synthetic claims (points on the eastern front, on random days of a
120-day window) and the 120 daily DeepStateMAP snapshots of ``deepstate-simplified-daily/``
from 2024-11-01. frontmap's map is written with ``--tiles none --assets inline``; the folium
maps keep folium's CDN links, which the benchmark serves from the npm packages in ``--peers``
(``npm install jquery@3.7.1 jquery-ui-dist@1.12.1 iso8601-js-period@0.2.1
leaflet-timedimension@1.1.1 moment@2.18.1 leaflet.timeline@1.6.0`` in that directory; without
it the peers are skipped) and Leaflet from frontmap's vendored copy; every other request is
refused, and no tiles are drawn by any map.

How each figure is computed:
- bytes/claim: (size of the map with N claims - size of the same map with no claims) / N;
- ready: wall time from ``page.goto`` until the map says it is ready (frontmap:
  ``window.frontmapTimeline`` set; folium: the plugin's layer built), page parse included;
- step: the time from setting the date (frontmap ``setDate``, TimeDimension ``setCurrentTime``,
  leaflet.timeline ``setTime``) until the next animation frame has been painted (a
  ``requestAnimationFrame`` callback, then a zero timeout), so layout and paint of the change are
  included; it can be no shorter than the wait for that frame (16.7 ms at 60 frames a second).
  "step" is the median and 95th percentile (nearest rank) over ``--steps`` consecutive days
  forward from the middle of the window and the same days backward; "jump" over ``--jumps``
  moves between two dates 90 days apart, so the whole set of claims shown changes. Each of the
  three runs stops early once it has taken 30 s (folium's TimestampedGeoJson takes longer
  than that per step at 50,000 claims).
- load: the machine's 1-minute load average before and after the run (``os.getloadavg``).
Chromium: /usr/bin/chromium, headless, --no-sandbox --disable-gpu --disable-background-networking.
Targets (issue 21): <= 150 bytes/claim; 100,000 claims + 120 snapshots <= 25 MB, ready <= 3 s,
<= 50 ms per step.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import shapely

from frontmap.frontline import ControlSeries
from frontmap.model import Claim, Claimant, ClaimGeometry, Side, TimeSpan
from frontmap.render import timeline_map, write_map
from frontmap.render.output import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "frontline"
FIRST = date(2024, 11, 1)
DAYS = 120
TIMEOUT_MS = 180_000
STEP_BUDGET_MS = 30_000  # each of forward, backward and jump stops once it has taken this long
# folium's CDN files, by file name, and where the npm packages keep them.
PEER_FILES = {
    "jquery.min.js": "jquery/dist/jquery.min.js",
    "jquery-ui.min.js": "jquery-ui-dist/jquery-ui.min.js",
    "iso8601.min.js": "iso8601-js-period/iso8601.js",
    "leaflet.timedimension.min.js": "leaflet-timedimension/dist/leaflet.timedimension.min.js",
    "moment.min.js": "moment/min/moment.min.js",
    "leaflet.timeline.min.js": "leaflet.timeline/dist/leaflet.timeline.js",
}


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


def _ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def _peer_features(claims: list[Claim], series: ControlSeries, timeline: bool) -> list[dict]:
    """The claims and one occupied polygon per day, as the plugin wants them."""
    days = list(series.status_geometries().items())
    features = []
    for index, (day, geometry) in enumerate(days):
        until = days[index + 1][0] if index + 1 < len(days) else day + timedelta(days=1)
        timing = {"start": _ms(day), "end": _ms(until) - 1} if timeline else {"times": [f"{day:%Y-%m-%d}"]}
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(geometry),
                         "properties": {**timing, "style": {"color": "red"}}})
    for claim in claims:
        start, end = claim.event_time.start, claim.event_time.end + timedelta(days=3)
        timing = ({"start": _ms(start), "end": _ms(end)} if timeline
                  else {"times": [f"{start + timedelta(days=d):%Y-%m-%d}" for d in range((end - start).days + 1)]})
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(claim.geometry.geometry),
                         "properties": {**timing, "popup": claim.summary}})
    return features


def peer_map(kind: str, claims: list[Claim], series: ControlSeries, path: Path) -> dict:
    """Write a folium map with the ``kind`` plugin; returns the names the browser needs."""
    import folium
    from folium.plugins import Timeline, TimelineSlider, TimestampedGeoJson

    fmap = folium.Map(location=[48.5, 37], zoom_start=7, tiles=None)
    collection = {"type": "FeatureCollection", "features": _peer_features(claims, series, kind == "Timeline")}
    if kind == "Timeline":
        layer = Timeline(collection).add_to(fmap)
        TimelineSlider(auto_play=False).add_timelines(layer).add_to(fmap)
    else:
        layer = TimestampedGeoJson(collection, period="P1D", auto_play=False).add_to(fmap)
    fmap.save(path)
    return {"map": fmap.get_name(), "layer": layer.get_name()}


def _route(peers: Path | None):
    vendored = ROOT / "frontmap" / "render" / "assets"

    def handle(route):
        url = route.request.url
        name = url.rsplit("/", 1)[-1]
        if url.startswith(("file:", "data:")):
            return route.continue_()
        if name == "leaflet.js":
            return route.fulfill(path=str(vendored / "leaflet.js"), content_type="text/javascript")
        if peers is not None and name in PEER_FILES:
            return route.fulfill(path=str(peers / "node_modules" / PEER_FILES[name]), content_type="text/javascript")
        return route.abort()
    return handle


READY = {
    "frontmap": "() => window.frontmapTimeline !== undefined",
    "TimestampedGeoJson": "() => window.{map}.timeDimension && window.{map}.timeDimension.getAvailableTimes().length > 0",
    "Timeline": "() => window.{layer} !== undefined && window.{layer}.times && window.{layer}.times.length > 0",
}
STEP = {
    "frontmap": "(day) => window.frontmapTimeline.setDate(day)",
    "TimestampedGeoJson": "(day) => window.{map}.timeDimension.setCurrentTime(Date.parse(day))",
    "Timeline": "(day) => window.{layer}.setTime(Date.parse(day))",
}


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank.

    >>> p95(list(range(1, 101))), p95([3.0, 1.0])
    (95, 3.0)
    """
    return sorted(values)[math.ceil(0.95 * len(values)) - 1]


def _day(offset: int) -> str:
    return f"{FIRST + timedelta(days=offset):%Y-%m-%d}"


def measure(browser, path: Path, kind: str, names: dict, steps: int, jumps: int,
            peers: Path | None) -> tuple[float, list[float], list[float]]:
    """Seconds to ready and the milliseconds of each slider step and each jump of one map."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", _route(peers))
    page.set_default_timeout(TIMEOUT_MS)
    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=TIMEOUT_MS)
    page.wait_for_function(READY[kind].format(**names), timeout=TIMEOUT_MS, polling=50)
    ready = time.perf_counter() - start
    forward = [_day(DAYS // 2 + d) for d in range(steps + 1)]
    far = [_day(DAYS // 2 + (45 if k % 2 == 0 else -45)) for k in range(jumps + 1)]
    runs = page.evaluate("""async ([runs, step]) => {
        const set = eval(step), frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
        const out = [];
        for (const days of runs) {
          set(days[0]); await frame();
          const times = [], begun = performance.now();
          for (const day of days.slice(1)) { const t0 = performance.now(); set(day); await frame();
                                             times.push(performance.now() - t0);
                                             if (performance.now() - begun > STEP_BUDGET_MS) break; }
          out.push(times);
        }
        return out; }""".replace("STEP_BUDGET_MS", str(STEP_BUDGET_MS)),
        [[forward, forward[::-1], far], STEP[kind].format(**names)])
    page.close()
    if errors:
        raise RuntimeError(f"{kind} {path.name}: {errors[:3]}")
    return ready, runs[0] + runs[1], runs[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="1000,10000,50000,100000")
    parser.add_argument("--peers", type=Path, default=Path("/tmp/maps-peers"),
                        help="directory with the folium plugins' npm packages (skipped if absent)")
    parser.add_argument("--steps", type=int, default=20, help="days stepped forward, then back")
    parser.add_argument("--jumps", type=int, default=10, help="moves between two dates 90 days apart")
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    peers = args.peers if (args.peers / "node_modules").is_dir() and not args.no_peers else None
    out = Path(tempfile.mkdtemp())
    files = [args.data / "deepstate-simplified-daily" / f"deepstatemap_data_{FIRST + timedelta(days=d):%Y%m%d}.geojson"
             for d in range(DAYS)]
    series = ControlSeries.read(*[f for f in files if f.exists()])
    snapshots = len(series.dates)
    empty = write_map(timeline_map([], series, tiles="none"), out / "empty.html", assets="inline").stat().st_size
    print(f"{snapshots} daily snapshots; frontmap map with no claims: {empty / 1e6:.2f} MB; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'map':<20}{'claims':>8}{'MB':>8}{'B/claim':>9}{'build s':>9}{'ready s':>9}"
          f"{'step ms median/p95':>20}{'jump ms median/p95':>20}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for n in [int(s) for s in args.sizes.split(",")]:
            claims = claims_over_front(n)
            kinds = ["frontmap"] + (["TimestampedGeoJson", "Timeline"] if peers else [])
            for kind in kinds:
                path = out / f"{kind}-{n}.html"
                start = time.perf_counter()
                if kind == "frontmap":
                    write_map(timeline_map(claims, series, tiles="none"), path, assets="inline")
                    names, base = {}, empty
                else:
                    names = peer_map(kind, claims, series, path)
                    base = (out / f"{kind}-empty.html")
                    if not base.exists():
                        peer_map(kind, [], series, base)
                    base = base.stat().st_size
                build = time.perf_counter() - start
                size = path.stat().st_size
                try:
                    ready, steps, jumps = measure(browser, path, kind, names, args.steps, args.jumps, peers)
                    timing = (f"{ready:>9.2f}{f'{statistics.median(steps):.1f} / {p95(steps):.1f}':>20}"
                              f"{f'{statistics.median(jumps):.1f} / {p95(jumps):.1f}':>20}")
                except (PlaywrightError, RuntimeError) as error:  # a map that never gets ready is a result
                    timing = f"  not ready in {TIMEOUT_MS / 1000:.0f} s ({type(error).__name__})"
                print(f"{kind:<20}{n:>8}{size / 1e6:>8.2f}{(size - base) / n:>9.0f}{build:>9.1f}{timing}", flush=True)
                path.unlink()
        browser.close()
    print(json.dumps({"chromium": CHROMIUM, "flags": CHROMIUM_FLAGS, "load average after": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
