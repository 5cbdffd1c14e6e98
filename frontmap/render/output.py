"""Write a timeline map: a full page, an embeddable snippet, or a PNG of one date.

A page (and the page inside an ``iframe``) carries a Content-Security-Policy: scripts run only
if they are frontmap's own (the hash of each inline script, the CDN files by address, the
``local`` copies from the page's own origin), so even text that slipped into the markup could
not run; no plugins, no ``<base>``, no form targets, no ``fetch``/XHR. A ``div`` snippet lives
under its host page's policy.
"""
from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import tempfile
from pathlib import Path

from branca.element import Element

from .assets import ASSET_MODES, ASSETS, AssetMode, asset_tags
from .timeline import Raw, TimelineMap

EMBED_MODES = ("page", "iframe", "div")
CHROMIUM = os.environ.get("FRONTMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def render_html(fmap: TimelineMap, assets: AssetMode = "cdn", assets_dir: str | Path | None = None,
                embed: str = "page", relative_to: Path | None = None) -> str:
    """The map as HTML: a full ``page``, an ``iframe`` with ``srcdoc``, or a ``div`` and its scripts."""
    if embed not in EMBED_MODES:
        raise ValueError(f"unknown embed mode {embed!r}; use one of {', '.join(EMBED_MODES)}")
    if assets not in ASSET_MODES:
        raise ValueError(f"unknown assets mode {assets!r}; use one of {', '.join(ASSET_MODES)}")
    figure = fmap.get_root()
    figure.header.add_child(Raw(asset_tags(assets, assets_dir, relative_to)), name="frontmap_assets", index=0)
    _number_elements(figure)
    page = figure.render()
    if embed != "div":
        page = page.replace("<head>", f"<head>\n{_policy_meta(page, assets)}", 1)
    if embed == "page":
        return page
    if embed == "iframe":
        return (f'<iframe srcdoc="{html.escape(page, quote=True)}" title="frontmap timeline map" '
                'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
                'style="width:100%;height:600px;border:0" loading="lazy"></iframe>\n')
    header = figure.header.render()
    body = figure.html.render()
    script = figure.script.render()
    return (f'<div class="frontmap-embed" style="position:relative;width:100%;height:600px">\n{header}\n{body}\n'
            f"<script>\n{script}\n</script>\n</div>\n")


def _policy_meta(page: str, assets: AssetMode) -> str:
    """The ``<meta>`` Content-Security-Policy that lets only ``page``'s own scripts run."""
    inline = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    sources = [f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'" for text in inline]
    if assets == "cdn":
        sources += [asset.cdn for asset in ASSETS if asset.kind == "js"]
    elif assets == "local":
        sources.append("'self'")
    policy = (f"script-src {' '.join(sources)}; object-src 'none'; base-uri 'none'; form-action 'none'; "
              "connect-src 'none'")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def _number_elements(root: Element) -> None:
    """Give every element of the page a fixed id in tree order instead of folium's random one,
    so the same inputs give the same bytes."""
    stack, number = [root], 0
    while stack:
        element = stack.pop()
        element._id = f"fm{number}"
        number += 1
        stack.extend(reversed(list(element._children.values())))


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to a temporary file beside ``path`` and move it into
    place: a failed write (a full disk) leaves the previous file as it was."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content.encode("utf-8") if isinstance(content, str) else content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_map(fmap: TimelineMap, path: str | Path, assets: AssetMode = "cdn",
              assets_dir: str | Path | None = None, embed: str = "page") -> Path:
    """Write the map to ``path`` (parents created, written atomically); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, render_html(fmap, assets, assets_dir, embed, relative_to=path.parent))
    return path


READY_TIMEOUT_MS = 20_000


class SnapshotWarning(UserWarning):
    """A PNG snapshot was taken without something the page asked the network for (tiles)."""


def snapshot_png(html_path: str | Path, png_path: str | Path, on: str | None = None,
                 size: tuple[int, int] = (1280, 800)) -> Path:
    """Screenshot a written map on date ``on`` in headless Chromium (Playwright + Debian chromium).

    The snapshot never uses the network, whatever the map's ``--assets``: Leaflet's CDN
    addresses are answered from frontmap's vendored copies (the same bytes, so their SRI
    hashes hold) and every other request (tiles) is refused, with a :class:`SnapshotWarning`
    that says the PNG has no tiles. A page that is not ready in 20 s raises ``RuntimeError``
    with the page's errors.
    """
    import warnings

    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise RuntimeError("PNG snapshots need Playwright: pip install 'frontmap[browser]', "
                           "and Chromium at /usr/bin/chromium (or set FRONTMAP_CHROMIUM)") from None
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM}; install Debian's chromium or set FRONTMAP_CHROMIUM")
    url = Path(html_path).resolve().as_uri() + (f"#date={on}" if on else "")
    png_path = Path(png_path)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    vendored = {asset.cdn: asset for asset in ASSETS if asset.kind == "js"}
    refused, errors, styles_needed = [], [], []

    def offline(route) -> None:
        address = route.request.url
        if address.startswith(("file:", "data:")):
            route.continue_()
        elif address in vendored:
            route.fulfill(body=vendored[address].cdn_bytes(), content_type="text/javascript",
                          headers={"Access-Control-Allow-Origin": "*"})
        else:
            (styles_needed if address.endswith(".css") else refused).append(address)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": size[0], "height": size[1]})
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.route("**/*", offline)
            page.goto(url, wait_until="load")
            if styles_needed:  # the CDN stylesheets, from the vendored files
                for asset in ASSETS:
                    if asset.kind == "css":
                        page.add_style_tag(content=asset.text())
            try:
                page.wait_for_function("window.frontmapTimeline !== undefined", timeout=READY_TIMEOUT_MS)
            except PlaywrightError:
                raise RuntimeError(f"{html_path}: the map was not ready in {READY_TIMEOUT_MS // 1000} s in "
                                   f"headless Chromium; page errors: {'; '.join(errors) or 'none'}") from None
            page.wait_for_timeout(300)
            image = page.screenshot()
        finally:
            browser.close()
    if refused:
        warnings.warn(f"{png_path}: drawn offline without the {len(refused)} tile or other network requests of "
                      "the page (the PNG has no base map); use --tiles none for an offline map", SnapshotWarning,
                      stacklevel=2)
    write_atomically(png_path, image)
    return png_path
