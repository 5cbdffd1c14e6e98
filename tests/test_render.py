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
