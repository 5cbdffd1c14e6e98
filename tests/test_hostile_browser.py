"""The XSS corpus in every text of a map, opened in headless Chromium in every assets x embed mode.

Every claim text field, every front-line source name, the stored front-line file's name and the
output and asset directories' names hold hostile text (``tests/hostile.py``). On each page: no
dialog, no call of the ``__pwned`` sentinel, no element with an ``on*`` attribute, no script but
frontmap's, no request but ``file:``/``data:`` (``cdn``: only the four vendored files' CDN
addresses, answered from the vendored files, whose SRI hashes the browser checks), and every
payload shown verbatim in popups, tooltips, layer names and attribution.

The browser is tests/test_map_browser.py's, with ``IsolateSandboxedIframes`` off: otherwise an
``--embed iframe`` map's requests would pass unwatched. A sandboxed ``srcdoc`` frame may not load ``file:``
assets, so the ``local`` x ``iframe`` page is served from a loopback HTTP server.

Like tests/test_map_browser.py: skipped without Chromium unless FRONTMAP_REQUIRE_BROWSER=1.
"""
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest

from frontmap.render import EMBED_MODES, timeline_map, write_map
from frontmap.render.assets import ASSET_MODES, ASSETS, MARKERCLUSTER

from .hostile import XSS, hostile_claims, hostile_control, template_payloads
from .test_map_browser import Watched, browser  # noqa: F401 (the fixture); skips this module as it does its own

HOSTILE_NAME = "<svg onload=__pwned(90)> {{7*7}} '\"&amp; ${x} #?%"
SENTINEL = "window.__hits = []; window.__pwned = function (n) { window.__hits.push(n); };"
INSPECT = """() => {
  const all = [...document.querySelectorAll('*')];
  const handlers = all.filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on')));
  const markers = [...document.querySelectorAll('.fm-claim')];
  const popups = [], tooltips = [];
  for (const marker of markers) {
    marker.click();
    const shown = document.querySelectorAll('.leaflet-popup-content');
    popups.push(shown[shown.length - 1].textContent);
    marker.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
    const tips = document.querySelectorAll('.leaflet-tooltip');
    if (tips.length) tooltips.push(tips[tips.length - 1].textContent);
    marker.dispatchEvent(new MouseEvent('mouseout', {bubbles: true}));
  }
  const after = [...document.querySelectorAll('*')];
  return {
    hits: window.__hits, markers: markers.length,
    handlers: handlers.concat(after.filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))))
      .map(e => e.outerHTML.slice(0, 80)),
    tags: [...new Set(after.map(e => e.tagName.toLowerCase()))].sort(),
    scripts: [...document.scripts].map(s => s.src || s.type || 'inline'),
    layers: [...document.querySelectorAll(".leaflet-control-layers-overlays label span span")]
      .map(s => s.textContent.slice(1)),
    attribution: document.querySelector('.leaflet-control-attribution').textContent,
    legend: document.querySelector('.fm-legend').textContent,
    popups, tooltips,
  };
}"""
# Every element a frontmap page of Leaflet, our controls and popups may hold; a payload's <img>,
# <iframe>, <object>, <details>, <video>, <template>, <x>, <math>... would show up outside it.
OURS = {"a", "b", "blockquote", "body", "button", "div", "form", "g", "head", "html", "i", "input", "label",
        "link", "meta", "p", "path", "script", "section", "span", "style", "svg", "title"}


class HostilePage(Watched):
    """A watched page with the ``__pwned`` sentinel; ``cdn`` requests are answered from the vendored
    files, and ``allowed`` addresses (``file:``, ``data:``, the loopback server) load."""

    def __init__(self, browser, assets: str, allowed: tuple[str, ...] = ("file:", "data:")):
        self.assets, self.allowed = assets, allowed
        super().__init__(browser)
        self.page.add_init_script(SENTINEL)

    def _route(self, route):
        url = route.request.url
        cdn = {asset.cdn: asset for asset in ASSETS}
        if url.startswith(self.allowed):
            return route.continue_()
        self.requests.append(url)
        if self.assets == "cdn" and url in cdn and cdn[url].kind == "js":
            return route.fulfill(body=cdn[url].cdn_bytes(), content_type="text/javascript",
                                 headers={"access-control-allow-origin": "*"})
        route.abort()

    def open_url(self, url: str, framed: bool):
        self.page.goto(url)
        frame = self.page.frames[-1] if framed else self.page.main_frame
        frame.wait_for_function("window.frontmapTimeline !== undefined")
        return frame


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile map (claims and a stored front-line file under a hostile name), and its folder."""
    from frontmap.frontline import ControlSeries
    from frontmap.frontline.store import save

    root = tmp_path_factory.mktemp("hostile") / HOSTILE_NAME
    root.mkdir()
    payloads = XSS + template_payloads(root / "pwned")
    stored = root.parent / "<img src=x onerror=__pwned(91)> {{7*7}} ${x}.gpkg"  # GDAL opens no '?' in a path
    save(hostile_control(XSS), stored)
    fmap = timeline_map(hostile_claims(payloads), ControlSeries.read(stored), tiles="none")
    return fmap, root, payloads


@pytest.fixture(scope="module")
def loopback(hostile):
    """A loopback HTTP server of the hostile map's folder."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile[1])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_corpus_is_large_enough():
    assert len(XSS) >= 40


@pytest.mark.parametrize("embed", EMBED_MODES)
@pytest.mark.parametrize("assets", ASSET_MODES)
def test_hostile_text_runs_nothing_and_shows_verbatim(browser, hostile, loopback, assets, embed):
    fmap, root, payloads = hostile
    path = write_map(fmap, root / f"{HOSTILE_NAME} {assets}-{embed}.html", assets=assets,
                     assets_dir=root / f"{HOSTILE_NAME} assets", embed=embed)
    served = assets == "local" and embed == "iframe"
    base = loopback if served else root.as_uri() + "/"
    watched = HostilePage(browser, assets, ("file:", "data:", loopback) if served else ("file:", "data:"))
    frame = watched.open_url(base + quote(path.name), framed=embed == "iframe")
    found = frame.evaluate(INSPECT)
    watched.page.close()

    assert watched.dialogs == [] and found["hits"] == [] and found["handlers"] == []
    assert set(found["tags"]) <= OURS, set(found["tags"]) - OURS
    assert found["scripts"].count("inline") == 2 + (assets == "inline") * 2  # folium's flags, ours (+ Leaflet)
    assert found["scripts"].count("application/json") == 1
    assert {s for s in found["scripts"] if s.startswith(("http", "file"))} <= (
        {a.cdn for a in ASSETS if a.kind == "js"} if assets == "cdn" else
        {base + quote(f"{HOSTILE_NAME} assets/{a.file}") for a in ASSETS if a.kind == "js"})
    assert not (root / "pwned").exists()

    if assets == "cdn":
        assert set(watched.requests) <= {a.cdn for a in ASSETS} | {MARKERCLUSTER + "MarkerCluster.css"}
        assert all("Failed to load resource" in error for error in watched.errors), watched.errors
    else:
        assert watched.requests == [] and watched.errors == [], (watched.requests, watched.errors)

    assert found["markers"] == len(payloads)
    shown = "\n".join(found["popups"])
    for text in payloads:
        assert text in shown, text[:60]
    for text in XSS:  # the GeoPackage cuts a source at NUL, so that one is compared up to it
        assert "Control: " + text.split("\x00")[0] in found["layers"], text[:60]
    assert set(found["tooltips"]) == set(payloads)
    assert "Claims: " in found["attribution"] and found["legend"].startswith("Claimant side")


@pytest.mark.parametrize("assets", ASSET_MODES)
def test_the_policy_stops_markup_that_slipped_in(browser, hostile, loopback, assets):
    """Defence in depth: markup spliced into a written page (as a future bug might) does not run."""
    fmap, root, _ = hostile
    path = write_map(fmap, root / f"spliced-{assets}.html", assets=assets, assets_dir=root / "spliced assets")
    page = path.read_text()
    spliced = ("<img src=x onerror=__pwned(1)><script>__pwned(2)</script><svg onload=__pwned(3)></svg>"
               "<iframe src=\"javascript:__pwned(4)\"></iframe>")
    path.write_text(page.replace("<body>", "<body>" + spliced, 1))
    watched = HostilePage(browser, assets)
    frame = watched.open_url(path.as_uri(), framed=False)
    assert frame.evaluate("window.__hits") == [] and watched.dialogs == []
    assert any("Content Security Policy" in error for error in watched.errors)
    assert frame.evaluate("window.frontmapTimeline.state.claims") > 0  # and the map itself runs
