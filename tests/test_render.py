"""Timeline maps as files: asset modes, embedding, escaping, size, control pieces."""
import html
import re
from datetime import date

import shapely

from frontmap.demo import demo_claims, demo_map
from frontmap.frontline import ControlSeries
from frontmap.model import Claim, Claimant, LocationRef, Publisher, TimeSpan
from frontmap.render import render_html, timeline_map, write_map
from frontmap.render.layers import control_pieces

from .conftest import FIXTURES

HOSTILE = {
    "claimant": "<script>alert('claimant')</script>",
    "quote": "<img src=x onerror=alert('quote')> `${alert(1)}` </script><script>alert(2)</script>",
    "link": "<a href=\"javascript:alert('link')\">read more</a>",
}


def hostile_claim() -> Claim:
    return Claim(claimant=Claimant(HOSTILE["claimant"], "russia"), kind="strike",
                 event_time=TimeSpan(date(2025, 1, 5), date(2025, 1, 5)), reported=date(2025, 1, 5),
                 publisher=Publisher(HOSTILE["claimant"], "https://example.org/?q=<b>"),
                 quote=HOSTILE["quote"] + " " + HOSTILE["link"],
                 places=(LocationRef(HOSTILE["quote"], "curated:berdin", "Berdin", 51.29, 35.42, 0.9),))


def external_urls(page: str) -> list[str]:
    """Addresses the page would load: src/href of script, link and img elements."""
    return re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:[^"]+)"', page)


def test_inline_page_loads_nothing_from_the_network_and_cdn_page_does():
    fmap = timeline_map(demo_claims(), tiles="none")
    assert external_urls(render_html(fmap, "inline")) == []
    cdn = external_urls(render_html(timeline_map(demo_claims(), tiles="none"), "cdn"))
    assert any("leaflet@1.9.4" in url for url in cdn)
    assert not any("jquery" in url or "bootstrap" in url for url in cdn)


def test_local_assets_are_copied_and_linked_relatively(tmp_path):
    page = write_map(timeline_map(demo_claims(), tiles="none"), tmp_path / "out" / "map.html",
                     assets="local", assets_dir=tmp_path / "out" / "assets").read_text()
    assert '<script src="assets/leaflet.js"></script>' in page
    assert (tmp_path / "out" / "assets" / "leaflet.markercluster.js").stat().st_size > 10_000


def test_embed_modes():
    iframe = render_html(timeline_map(demo_claims(), tiles="none"), "inline", embed="iframe")
    assert iframe.startswith("<iframe srcdoc=\"") and "<script" not in iframe.split("srcdoc=")[1][:50]
    assert "<html" in html.unescape(iframe) and 'sandbox="allow-scripts' in iframe
    div = render_html(timeline_map(demo_claims(), tiles="none"), "inline", embed="div")
    assert div.startswith('<div class="frontmap-embed"') and "<html" not in div and "<body" not in div
    assert "window.frontmapTimeline" in div and "application/json" in div


def test_text_from_data_never_reaches_the_page_as_markup():
    page = render_html(timeline_map([hostile_claim()], tiles="none"), "inline")
    for text in HOSTILE.values():
        assert text not in page
    assert "alert('claimant')" in page  # the text is there, as JSON with < and > escaped
    block = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.DOTALL).group(1)
    assert "<" not in block and ">" not in block


def test_demo_map_is_small_and_carries_every_credit(tmp_path):
    path = write_map(demo_map(), tmp_path / "demo.html", assets="inline")
    size = path.stat().st_size
    assert size <= 3_000_000
    page = path.read_text()
    for credit in ("GeoNames (CC BY 4.0)", "Natural Earth", "DeepStateMAP", "OpenStreetMap", "dpa"):
        assert credit in page


def test_control_pieces_rebuild_each_snapshot():
    series = ControlSeries.read(FIXTURES / "frontline" / "deepstate-simplified")
    pieces = control_pieces(series, "occupied")
    for day in series.dates:
        iso = f"{day:%Y-%m-%d}"
        alive = [shapely.geometry.shape(p["geometry"]) for p in pieces
                 if p["properties"]["change"] != "lost" and p["properties"]["from"] <= iso
                 and (p["properties"]["until"] is None or iso < p["properties"]["until"])]
        drawn = shapely.union_all(alive)
        truth = series.geometry_on(day)
        assert shapely.symmetric_difference(drawn, truth).area < 1e-3 * truth.area


def test_map_command_writes_page_and_reports_usage_errors(tmp_path):
    from .test_cli import frontmap

    run = frontmap("map", "--claims", "examples/kursk-2025-01-05.yaml", "--frontline",
                   str(FIXTURES / "frontline" / "deepstate-full"), "--tiles", "none", "--assets", "inline",
                   "-o", str(tmp_path / "m.html"))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(tmp_path / "m.html")
    assert frontmap("map", "-o", str(tmp_path / "x.html")).returncode == 2


def test_cdn_links_carry_the_hashes_of_the_vendored_files():
    """The vendored JavaScript is the CDN's file minus its source-map comment, so the SRI hash of
    the CDN file is recomputed here from ours: a version bump of one without the other fails."""
    import base64
    import hashlib
    from importlib.resources import files

    from frontmap.render.assets import ASSETS

    for asset in ASSETS:
        assert asset.integrity.startswith("sha384-") and "@" in asset.cdn
        if asset.kind == "js":
            ours = files("frontmap.render").joinpath("assets", asset.file).read_bytes()
            cdn = ours + f"//# sourceMappingURL={asset.file}.map".encode()
            assert asset.integrity == "sha384-" + base64.b64encode(hashlib.sha384(cdn).digest()).decode(), asset.file
    assert b"Leaflet 1.9.4" in files("frontmap.render").joinpath("assets", "leaflet.js").read_bytes()
    page = render_html(timeline_map(demo_claims(), tiles="none"), "cdn")
    tags = re.findall(r"<(?:script|link)[^>]+https:[^>]+>", page)
    assert len(tags) == 5 and all('integrity="sha384-' in tag and 'crossorigin="anonymous"' in tag for tag in tags)


def test_same_inputs_give_the_same_bytes(tmp_path):
    """Two processes write the demo map byte for byte alike (no random element ids, sorted keys),
    so `frontmap demo` run again leaves `git status` clean."""
    import subprocess
    import sys

    for name in ("a.html", "b.html"):
        run = subprocess.run([sys.executable, "-m", "frontmap.cli", "demo", "-o", str(tmp_path / name)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert not re.search(r"[0-9a-f]{32}", (tmp_path / "a.html").read_text().split("<script>", 1)[0])


def test_a_failed_write_leaves_the_previous_map_in_place(tmp_path):
    """With the file size limited (``ulimit -f``), writing a map fails and the old map survives."""
    import subprocess
    import sys

    old = write_map(timeline_map([], tiles="none"), tmp_path / "map.html", assets="cdn")
    before = old.read_bytes()
    script = ("import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
              "resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000)); "
              "from frontmap.demo import demo_claims; from frontmap.render import timeline_map, write_map; "
              f"write_map(timeline_map(demo_claims(), tiles='none'), {str(old)!r}, assets='inline')")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode != 0 and "File too large" in run.stderr
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_claims_with_non_finite_numbers_are_left_off_and_named():
    import dataclasses
    import json
    import warnings

    from frontmap.model import ClaimGeometry
    from frontmap.render.columns import decode_claims
    from frontmap.render.layers import MapDataWarning

    good = hostile_claim()
    bad = dataclasses.replace(good, summary="other", geometry=ClaimGeometry("point", shapely.Point(35.4, 51.3), 1.0))
    bad_id = bad.id
    # The model refuses NaN on every way in; the map must still survive a claim that got past it.
    object.__setattr__(bad.geometry, "uncertainty_km", float("nan"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        page = render_html(timeline_map([good, bad], tiles="none"), "inline")
    assert [str(w.message) for w in caught if w.category is MapDataWarning] == [
        f"claim {bad_id}: uncertainty_km is not a finite number; the claim is left off the map"]
    block = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.DOTALL).group(1)
    data = json.loads(block)  # allow_nan=False: a NaN could not have been written
    assert [c["id"] for c in decode_claims(data["claims"])] == [good.id]
    assert "Not on the map: 1 claim with a number that is not finite (NaN or infinity)." in data["legendNotes"]


def test_pages_carry_a_script_policy_and_snippets_do_not():
    fmap = timeline_map(demo_claims(), tiles="none")
    page = render_html(fmap, "cdn")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert page.index("Content-Security-Policy") < page.index("<script")
    assert "'unsafe-inline'" not in policy and "object-src 'none'" in policy and "connect-src 'none'" in policy
    assert policy.count("'sha256-") == 2 and "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js" in policy
    assert "Content-Security-Policy" in html.unescape(render_html(fmap, "inline", embed="iframe"))
    assert "Content-Security-Policy" not in render_html(fmap, "inline", embed="div")


def test_land_ukraine_retook_is_apart_from_ukrainian_held_land_in_russia():
    """DeepStateMAP's 'liberated' polygons (Kyiv, Kharkiv, Kherson oblasts) are not drawn as the
    Kursk salient is: inside Ukraine they become ``retaken``, named on their own in the legend."""
    from frontmap.demo import DEMO_CONTROL
    from frontmap.render.layers import split_retaken
    from frontmap.render.timeline import LEGEND

    pieces = split_retaken(control_pieces(ControlSeries.read(DEMO_CONTROL), "ukrainian"))
    shapes = {status: shapely.union_all([shapely.geometry.shape(p["geometry"]) for p in pieces
                                         if p["properties"]["status"] == status]) for status in ("ukrainian", "retaken")}
    kursk = shapes["ukrainian"].bounds
    assert 34.5 < kursk[0] and kursk[2] < 36.0 and 51.0 < kursk[1]  # only the salient in Kursk oblast
    for lon, lat in ((30.3, 50.9), (36.3, 49.6), (32.6, 46.65)):  # near Kyiv, Kharkiv, Kherson
        assert shapely.distance(shapes["retaken"], shapely.Point(lon, lat)) < 0.5
    labels = [row[1] for row in LEGEND if row[0] == "swatch"]
    assert any("in Russia" in label for label in labels) and any("Retaken" in label for label in labels)
