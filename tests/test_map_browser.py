"""Timeline maps in a real headless Chromium, served from disk with the network cut off.

Chromium is Debian's (installed by .ci/run); without it these tests skip, unless
FRONTMAP_REQUIRE_BROWSER=1 (set by .ci/run), when they fail. The demo map's screenshot is
written to ``test-output/demo-map.png`` for a person to look at.
"""
import io
import os
from pathlib import Path

import pytest

from frontmap.demo import demo_map
from frontmap.render import timeline_map, write_map
from frontmap.render.output import CHROMIUM, CHROMIUM_FLAGS

from .test_render import HOSTILE, hostile_claim

OUTPUT = Path(__file__).resolve().parents[1] / "test-output"
# Chromium puts sandboxed iframes (--embed iframe) in processes of their own whose requests
# Playwright's routing does not see; with this feature off every request is watched.
BROWSER_FLAGS = CHROMIUM_FLAGS + ["--disable-features=IsolateSandboxedIframes"]
if not Path(CHROMIUM).exists() or not pytest.importorskip("playwright"):
    if os.environ.get("FRONTMAP_REQUIRE_BROWSER"):
        raise RuntimeError(f"no Chromium at {CHROMIUM}; .ci/run installs Debian's chromium")
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)


class Watched:
    """A page whose every request, dialog and console error is recorded; only file: loads."""

    def __init__(self, browser):
        self.requests, self.dialogs, self.errors = [], [], []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.route("**/*", self._route)
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def open(self, path: Path, date: str | None = None):
        self.page.goto(path.resolve().as_uri() + (f"#date={date}" if date else ""))
        self.page.wait_for_function("window.frontmapTimeline !== undefined")
        return self.page

    def state(self) -> dict:
        return self.page.evaluate("({...window.frontmapTimeline.state})")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    return write_map(demo_map(tiles="none"), tmp_path_factory.mktemp("maps") / "demo.html", assets="inline")


def test_demo_renders_offline_with_its_features(browser, demo_file):
    watched = Watched(browser)
    page = watched.open(demo_file)
    state = watched.state()
    assert state["date"] == "2025-01-05"
    assert page.locator(".fm-claim").count() == state["claims"] == 6  # the six located claims
    assert state["control"] > 10 and page.locator("path.leaflet-interactive, .leaflet-overlay-pane path").count() > 10
    assert page.locator(".fm-legend").inner_text().startswith("Claimant side")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "demo-map.png"))
    assert watched.requests == [] and watched.dialogs == [] and watched.errors == []


def test_moving_the_slider_changes_what_is_visible(browser, demo_file):
    watched = Watched(browser)
    page = watched.open(demo_file)
    before = watched.state()
    page.focus(".fm-slider")
    shown = "day => document.body.getAttribute('data-frontmap-date') === day"  # input is drawn in the next frame
    page.keyboard.press("Home")
    page.wait_for_function(shown, arg="2025-01-01")
    after = watched.state()
    assert after["date"] == "2025-01-01" and page.locator(".fm-date").inner_text() == "2025-01-01"
    assert after["claims"] == 0 < before["claims"] and page.locator(".fm-claim").count() == 0
    assert after["control"] != before["control"]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(shown, arg="2025-01-03")
    assert watched.state()["date"] == "2025-01-03" and page.locator(".fm-claim").count() == 1  # Makhnivka
    assert watched.requests == [] and watched.errors == []


def test_popup_shows_the_claim_as_text(browser, demo_file):
    watched = Watched(browser)
    page = watched.open(demo_file)
    texts = []
    for index in range(page.locator(".fm-claim").count()):
        page.locator(".fm-claim").nth(index).click(force=True)
        texts.append(page.locator(".leaflet-popup-content").last.inner_text())  # the previous may be fading out
    berdin = next(text for text in texts if "Berdin" in text)
    assert "Russian Defence Ministry" in berdin and "unverified" in berdin and "Reported: 2025-01-05" in berdin
    assert "Place: Berdin" in berdin


def test_hostile_claim_runs_no_script_and_shows_as_text(browser, tmp_path):
    path = write_map(timeline_map([hostile_claim()], tiles="none"), tmp_path / "hostile.html", assets="inline")
    watched = Watched(browser)
    page = watched.open(path)
    page.locator(".fm-claim").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert HOSTILE["quote"] in text and HOSTILE["claimant"] in text and HOSTILE["link"] in text
    assert popup.locator("img, script").count() == 0
    assert popup.locator("a").count() == 1  # the publisher's https link, nothing from the quote
    assert popup.locator("a").get_attribute("href").startswith("https://example.org/")
    page.locator(".fm-claim").first.hover()
    page.wait_for_timeout(200)
    assert watched.dialogs == [] and watched.errors == [] and watched.requests == []


def test_png_snapshot_of_a_date(tmp_path):
    from .test_cli import frontmap

    run = frontmap("map", "--claims", "examples/kursk-2025-01-05.yaml", "--tiles", "none", "--assets", "inline",
                   "--on", "2025-01-03", "--png", str(tmp_path / "map.png"), "-o", str(tmp_path / "map.html"))
    assert run.returncode == 0, run.stderr
    data = (tmp_path / "map.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_a_thousand_claims_cluster_without_tiles(browser, tmp_path):
    """Over 300 claims are clustered, which needs a maxZoom the map must set itself when there are
    no tiles: a ``--tiles none --assets inline`` map of 1,000 claims shows markers, slider and legend."""
    import dataclasses

    base = hostile_claim()
    claims = [dataclasses.replace(base, summary=f"claim {index}", quote="", places=(dataclasses.replace(
        base.places[0], lat=50.0 + (index % 40) * 0.05, lon=34.0 + (index // 40) * 0.1),)) for index in range(1000)]
    path = write_map(timeline_map(claims, tiles="none"), tmp_path / "many.html", assets="inline")
    watched = Watched(browser)
    page = watched.open(path)
    assert watched.state()["claims"] == 1000
    assert page.locator(".marker-cluster").count() > 0
    assert page.locator(".fm-slider").count() == 1
    assert page.locator(".fm-legend").inner_text().startswith("Claimant side")
    assert page.locator(".fm-place").count() > 0  # place names drawn without tiles
    assert watched.errors == [] and watched.requests == [] and watched.dialogs == []


def test_many_claims_are_dots_and_a_step_shows_only_what_is_alive(browser, tmp_path):
    """Beyond ``dots_from`` claims each is a dot on one canvas; moving the slider one day adds and
    removes exactly the claims that start or end, and tooltips, popups and the layer control still work."""
    import dataclasses
    from datetime import date, timedelta

    from frontmap.model import TimeSpan

    base = hostile_claim()
    claims = [dataclasses.replace(base, summary=f"claim {index}", quote="",
                                  event_time=TimeSpan(date(2025, 1, 1) + timedelta(days=index % 10),
                                                      date(2025, 1, 1) + timedelta(days=index % 10)),
                                  reported=date(2025, 1, 11), places=(dataclasses.replace(base.places[0], lat=50.0 + (index % 40) * 0.05,
                                                              lon=34.0 + (index // 40) * 0.1),))
              for index in range(1000)]
    path = write_map(timeline_map(claims, tiles="none", stay_days=1, dots_from=500, start="2024-12-30",
                                   end="2025-01-15"), tmp_path / "dots.html",
                     assets="inline")
    watched = Watched(browser)
    page = watched.open(path, "2025-01-03")
    assert watched.state()["claims"] == 200 and page.locator(".fm-claim").count() == 0
    assert page.locator(".leaflet-fm-dots-pane canvas").count() == 1
    assert "each is a dot" in page.locator(".fm-legend").inner_text()
    for day, shown in (("2025-01-04", 200), ("2025-01-15", 0), ("2024-12-31", 0), ("2025-01-11", 100),
                       ("2025-01-01", 100), ("2025-01-12", 0)):
        page.evaluate("day => window.frontmapTimeline.setDate(day)", day)
        assert watched.state()["claims"] == shown, day
    # Claim 402 (2025-01-03, 50.1 N 35.0 E) is drawn: hovering names its claimant, a click opens its
    # popup, and switching its side off in the layer control takes its dot away.
    page.evaluate("day => window.frontmapTimeline.setDate(day)", "2025-01-03")
    at = page.evaluate("""() => { const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
        map.setView([50.1, 35.0], 12, {animate: false});
        const p = map.latLngToContainerPoint([50.1, 35.0]), box = map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y]; }""")
    page.wait_for_timeout(100)
    # The dot is drawn above the land outline, an opaque SVG fill without tiles (and SVG lies above
    # canvas within a Leaflet pane): a ring in the Russian claimant's colour around the point.
    from PIL import Image
    shot = Image.open(io.BytesIO(page.screenshot(clip={"x": at[0] - 7, "y": at[1] - 7, "width": 14, "height": 14})))
    assert any(r > 150 and g < 100 and b < 100 for _, (r, g, b) in shot.convert("RGB").getcolors(196))
    page.mouse.move(*at)
    assert page.locator(".leaflet-tooltip").inner_text() == HOSTILE["claimant"]
    page.mouse.click(*at)
    assert "claim 402" in page.locator(".leaflet-popup-content").inner_text()
    page.locator(".leaflet-control-layers").hover()
    page.get_by_text("Claims: Russian claimants").click()
    page.mouse.click(at[0] + 300, at[1])  # closes the popup
    page.mouse.click(*at)
    page.wait_for_timeout(300)  # a closed popup fades out
    assert page.locator(".leaflet-popup-content").count() == 0
    assert watched.errors == [] and watched.requests == []


def test_png_of_a_cdn_map_is_drawn_offline(tmp_path):
    """``--assets cdn`` (the default) needs no network for ``--png``: Leaflet comes from the vendored
    files. (In a subprocess: this module's browser already holds Playwright's sync API.)"""
    import subprocess
    import sys

    path = write_map(demo_map(tiles="none"), tmp_path / "cdn.html", assets="cdn")
    script = f"from frontmap.render import snapshot_png; snapshot_png({str(path)!r}, {str(tmp_path / 'cdn.png')!r})"
    run = subprocess.run([sys.executable, "-W", "error", "-c", script], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    png = (tmp_path / "cdn.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
