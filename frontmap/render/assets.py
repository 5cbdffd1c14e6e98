"""The JavaScript and CSS a frontmap map needs, from a CDN, inlined, or copied beside it.

Only Leaflet and Leaflet.markercluster: the timeline, legend, fullscreen button and popups are
frontmap's own code, so a map needs no jQuery, Bootstrap or icon fonts.

CDN links carry Subresource Integrity hashes (sha384 of the files as the npm packages, and so
jsDelivr, serve them; ``tests/test_render.py`` checks the vendored JavaScript against them), so
a changed file on the CDN is refused by the browser rather than run.

>>> [asset.file for asset in ASSETS]
['leaflet.css', 'leaflet.markercluster.css', 'leaflet.js', 'leaflet.markercluster.js']
"""
from __future__ import annotations

import html
import os
import shutil
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Literal
from urllib.parse import quote

AssetMode = Literal["cdn", "inline", "local"]
ASSET_MODES = ("cdn", "inline", "local")


@dataclass(frozen=True)
class Asset:
    """One vendored file, where a CDN serves the same version, and the CDN file's SRI hash."""

    file: str
    cdn: str
    integrity: str

    @property
    def kind(self) -> str:
        return "css" if self.file.endswith(".css") else "js"

    @property
    def path(self):
        """The vendored copy in the package."""
        return files("frontmap.render").joinpath("assets").joinpath(self.file)

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def cdn_bytes(self) -> bytes:
        """The bytes the CDN serves for a JavaScript file (so its SRI hash holds): the vendored
        copy plus the source-map comment the vendored copy leaves out."""
        vendored = self.path.read_bytes()
        return vendored + f"//# sourceMappingURL={self.file}.map".encode()


LEAFLET = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/"
MARKERCLUSTER = "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.5.3/dist/"
ASSETS = (
    Asset("leaflet.css", LEAFLET + "leaflet.css",
          "sha384-sHL9NAb7lN7rfvG5lfHpm643Xkcjzp4jFvuavGOndn6pjVqS6ny56CAt3nsEVT4H"),
    Asset("leaflet.markercluster.css", MARKERCLUSTER + "MarkerCluster.Default.css",
          "sha384-wgw+aLYNQ7dlhK47ZPK7FRACiq7ROZwgFNg0m04avm4CaXS+Z9Y7nMu8yNjBKYC+"),
    Asset("leaflet.js", LEAFLET + "leaflet.js",
          "sha384-cxOPjt7s7Iz04uaHJceBmS+qpjv2JkIHNVcuOrM+YHwZOmJGBXI00mdUXEq65HTH"),
    Asset("leaflet.markercluster.js", MARKERCLUSTER + "leaflet.markercluster.js",
          "sha384-eXVCORTRlv4FUUgS/xmOyr66XBVraen8ATNLMESp92FKXLAMiKkerixTiBvXriZr"),
)
# The CDN build of markercluster splits its CSS in two; the vendored file joins them.
_EXTRA_CDN_CSS = (("css", MARKERCLUSTER + "MarkerCluster.css",
                   "sha384-pmjIAcz2bAn0xukfxADbZIb3t8oRT9Sv0rvO+BR5Csr6Dhqq+nZs59P0pPKQJkEV"),)


def _inline(asset: Asset) -> str:
    """The file's text in a ``<style>`` or ``<script>`` element it cannot close early."""
    text = asset.text()
    if asset.kind == "css":
        return "<style>" + text.replace("</", "<\\/") + "</style>"
    return "<script>" + text.replace("</script", "<\\/script") + "</script>"


def _link(kind: str, url: str, integrity: str = "") -> str:
    """A ``<link>`` or ``<script src>``; with ``integrity``, an SRI-checked cross-origin load.

    >>> _link("js", "assets/a b&.js")
    '<script src="assets/a b&amp;.js"></script>'
    """
    attributes = f'href="{html.escape(url)}"' if kind == "css" else f'src="{html.escape(url)}"'
    if integrity:
        attributes += f' integrity="{integrity}" crossorigin="anonymous"'
    return f'<link rel="stylesheet" {attributes}/>' if kind == "css" else f"<script {attributes}></script>"


def asset_tags(mode: AssetMode = "cdn", local_dir: str | Path | None = None, relative_to: Path | None = None) -> str:
    """The ``<link>``/``<script>`` (or inline ``<style>``/``<script>``) tags for the ``<head>``.

    ``local`` copies the files into ``local_dir`` and links them relative to
    ``relative_to`` (the directory of the HTML file).
    """
    if mode == "inline":
        return "\n".join(_inline(asset) for asset in ASSETS)
    if mode == "cdn":
        tags = [_link(*extra) for extra in _EXTRA_CDN_CSS] + [_link(a.kind, a.cdn, a.integrity) for a in ASSETS]
        return "\n".join(tags)
    if mode != "local":
        raise ValueError(f"unknown assets mode {mode!r}; use one of {', '.join(ASSET_MODES)}")
    if local_dir is None:
        raise ValueError("--assets local needs a directory (--assets-dir) to copy the files into")
    local_dir = Path(local_dir)
    local_dir.mkdir(parents=True, exist_ok=True)
    tags = []
    for asset in ASSETS:
        target = local_dir / asset.file
        shutil.copyfile(str(asset.path), target)
        tags.append(_link(asset.kind, quote(Path(_relative(target, relative_to)).as_posix())))
    return "\n".join(tags)


def _relative(target: Path, base: Path | None) -> str:
    return os.path.relpath(target.resolve(), (base or Path.cwd()).resolve())
