"""The JavaScript and CSS a frontmap map needs, from a CDN, inlined, or copied beside it.

Only Leaflet and Leaflet.markercluster: the timeline, legend, fullscreen button and popups are
frontmap's own code, so a map needs no jQuery, Bootstrap or icon fonts.

>>> [asset.file for asset in ASSETS]
['leaflet.css', 'leaflet.markercluster.css', 'leaflet.js', 'leaflet.markercluster.js']
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Literal

AssetMode = Literal["cdn", "inline", "local"]
ASSET_MODES = ("cdn", "inline", "local")


@dataclass(frozen=True)
class Asset:
    """One vendored file and where a CDN serves the same version."""

    file: str
    cdn: str

    @property
    def kind(self) -> str:
        return "css" if self.file.endswith(".css") else "js"

    def text(self) -> str:
        return files("frontmap.render").joinpath("assets").joinpath(self.file).read_text(encoding="utf-8")


ASSETS = (
    Asset("leaflet.css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.css"),
    Asset("leaflet.markercluster.css", "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.5.3/dist/MarkerCluster.Default.css"),
    Asset("leaflet.js", "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"),
    Asset("leaflet.markercluster.js", "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.5.3/dist/leaflet.markercluster.js"),
)
# The CDN build of markercluster splits its CSS in two; the vendored file joins them.
_EXTRA_CDN_CSS = ("https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.5.3/dist/MarkerCluster.css",)


def _inline(asset: Asset) -> str:
    """The file's text in a ``<style>`` or ``<script>`` element it cannot close early."""
    text = asset.text()
    if asset.kind == "css":
        return "<style>" + text.replace("</", "<\\/") + "</style>"
    return "<script>" + text.replace("</script", "<\\/script") + "</script>"


def _link(kind: str, url: str) -> str:
    return f'<link rel="stylesheet" href="{url}"/>' if kind == "css" else f'<script src="{url}"></script>'


def asset_tags(mode: AssetMode = "cdn", local_dir: str | Path | None = None, relative_to: Path | None = None) -> str:
    """The ``<link>``/``<script>`` (or inline ``<style>``/``<script>``) tags for the ``<head>``.

    ``local`` copies the files into ``local_dir`` and links them relative to
    ``relative_to`` (the directory of the HTML file).
    """
    if mode == "inline":
        return "\n".join(_inline(asset) for asset in ASSETS)
    if mode == "cdn":
        return "\n".join([_link("css", url) for url in _EXTRA_CDN_CSS] + [_link(a.kind, a.cdn) for a in ASSETS])
    if mode != "local":
        raise ValueError(f"unknown assets mode {mode!r}; use one of {', '.join(ASSET_MODES)}")
    if local_dir is None:
        raise ValueError("--assets local needs a directory (--assets-dir) to copy the files into")
    local_dir = Path(local_dir)
    local_dir.mkdir(parents=True, exist_ok=True)
    tags = []
    for asset in ASSETS:
        target = local_dir / asset.file
        shutil.copyfile(str(files("frontmap.render").joinpath("assets").joinpath(asset.file)), target)
        href = Path(_relative(target, relative_to)).as_posix()
        tags.append(_link(asset.kind, href))
    return "\n".join(tags)


def _relative(target: Path, base: Path | None) -> str:
    import os

    return os.path.relpath(target.resolve(), (base or Path.cwd()).resolve())
