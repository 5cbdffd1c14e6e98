"""The timeline element: claims and control pieces in a JSON block, and the script that shows
the ones alive on the slider's date.

No template ever sees data. folium and branca compile the text handed to ``Element(...)`` as a
Jinja2 template, so everything this module adds to the page is a :class:`Raw` element, which
never compiles its text: the CSS and script are frontmap's own files, and data goes only into
the JSON block (:func:`frontmap.escape.script_json`). The script builds popups, tooltips,
layer names, the legend's notes and the attribution from that JSON with ``textContent`` or its
one ``escapeHtml`` helper, and only ``http(s)`` links become ``href``.
"""
from __future__ import annotations

from importlib.resources import files
from typing import ClassVar

import folium
from branca.element import Element, Figure

from frontmap.escape import script_json

CSS = """
.fm-claim{border-radius:50%;border:2px solid;background:#fff;color:#fff;font:bold 13px/18px sans-serif;
  text-align:center;box-sizing:border-box;box-shadow:0 0 2px #0008}
.fm-claim.fm-ukraine{background:#1f5fbf;border-color:#1f5fbf}.fm-claim.fm-russia{background:#c0392b;border-color:#c0392b}
.fm-claim.fm-independent{background:#2e8b57;border-color:#2e8b57}.fm-claim.fm-unknown{background:#6b6b6b;border-color:#6b6b6b}
.fm-claim.fm-unverified{background:#fff;border-style:dashed}
.fm-claim.fm-unverified.fm-ukraine{color:#1f5fbf}.fm-claim.fm-unverified.fm-russia{color:#c0392b}
.fm-claim.fm-unverified.fm-independent{color:#2e8b57}.fm-claim.fm-unverified.fm-unknown{color:#6b6b6b}
.fm-panel{background:#fff;padding:4px 8px;font:12px sans-serif;display:flex;gap:6px;align-items:center}
.fm-slider{width:min(50vw,420px)}.fm-date{font-weight:bold;min-width:6em}.fm-counts{color:#555}
.fm-play{border:1px solid #999;background:#fff;cursor:pointer;width:28px}
.fm-fullscreen{display:block;width:30px;height:30px;line-height:30px;text-align:center;background:#fff;
  font-size:18px;color:#333;text-decoration:none}
.fm-legend{background:#fffe;padding:6px 8px;font:11px/1.45 sans-serif;max-width:240px;border-radius:4px;
  box-shadow:0 0 3px #0006}
.fm-legend b{display:block;margin-top:3px}.fm-sw{display:inline-block;width:12px;height:12px;
  vertical-align:-2px;margin-right:4px;border:1px solid #0005}
.fm-popup{font:12px/1.4 sans-serif}.fm-title{font-weight:bold;text-transform:capitalize;margin-bottom:4px}
.fm-popup blockquote{margin:4px 0;padding-left:6px;border-left:3px solid #ccc;font-style:italic}
.fm-label{color:#666}.fm-note{display:block;margin-top:3px}
.leaflet-control-attribution{font-size:9px;max-width:70vw}
.fm-place{white-space:nowrap}.fm-place-text{display:inline-block;transform:translate(-50%,-50%);font:11px sans-serif;
  color:#333;text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff}
"""

SIDES = (("ukraine", "Ukrainian claimant", "#1f5fbf"), ("russia", "Russian claimant", "#c0392b"),
         ("independent", "Independent claimant", "#2e8b57"), ("unknown", "Claimant of unknown side", "#6b6b6b"))
KINDS = (("advance", "\u279c"), ("capture", "\u2691"), ("withdrawal", "\u21a9"), ("offensive", "\u21d7"),
         ("clash", "\u2694"), ("strike", "\u2739"), ("loss", "\u2716"), ("area_change", "\u25a6"),
         ("control", "\u25a0"))
STATUSES = (("occupied", "Occupied (held by Russia)", "#e74c3c"), ("contested", "Contested / unknown", "#bdc3c7"),
            ("ukrainian", "Held by Ukraine in Russia (Kursk salient)", "#5dade2"),
            ("retaken", "Retaken by Ukraine inside Ukraine (mostly 2022: Kyiv, Kharkiv, Kherson)", "#dbe6ee"))


def _legend() -> list[list[str]]:
    """The legend as rows the script turns into text nodes: ``["title", text]``, ``["text", text]``
    or ``["swatch", text, background, border]`` (border '' for the default)."""
    rows = [["title", "Claimant side"]] + [["swatch", label, colour, ""] for _, label, colour in SIDES]
    rows.append(["swatch", "Unverified (hollow, dashed)", "#fff", "2px dashed #666"])
    rows.append(["title", "Kind"])
    rows.append(["text", " ".join(f"{glyph}\u00a0{kind.replace('_', ' ')}" for kind, glyph in KINDS)])
    rows.append(["title", "Control"])
    rows += [["swatch", label, colour, ""] for _, label, colour in STATUSES]
    rows.append(["swatch", "Gained since the previous snapshot", "#c0392b", ""])
    rows.append(["swatch", "Lost since the previous snapshot", "#85c1e9", "1px dashed #0005"])
    return rows


LEGEND = _legend()


class Raw(Element):
    """Markup placed in the page as it is: unlike ``branca.element.Element(text)``, never
    compiled as a Jinja2 template. Only for frontmap's own markup and :func:`script_json` output.

    >>> Raw("{{ 7*7 }} {#").render()
    '{{ 7*7 }} {#'
    """

    def __init__(self, markup: str):
        super().__init__()
        self.markup = markup

    def render(self, **kwargs) -> str:
        return self.markup


class Timeline(Element):
    """Adds the data block, the CSS and the timeline script to a map."""

    def __init__(self, payload: dict):
        super().__init__()
        self._name = "FrontmapTimeline"
        self.data = script_json({**payload, "legend": LEGEND})

    def render(self, **kwargs) -> None:
        source = files("frontmap.render").joinpath("timeline.js").read_text(encoding="utf-8")
        data_id = f"{self.get_name()}-data"
        script = source.replace("__MAP__", self._parent.get_name()).replace("__DATA_ID__", data_id)
        figure = self.get_root()
        assert isinstance(figure, Figure), "the timeline must be added to a map in a Figure"
        figure.header.add_child(Raw(f"<style>{CSS}</style>"), name=self.get_name() + "_css")
        figure.html.add_child(Raw(f'<script type="application/json" id="{data_id}">{self.data}</script>'),
                              name=self.get_name() + "_data")
        figure.script.add_child(Raw(script), name=self.get_name())


class TimelineMap(folium.Map):
    """A folium Map that loads no assets of its own: frontmap adds Leaflet (CDN, inline or local)."""

    default_js: ClassVar[list] = []
    default_css: ClassVar[list] = []
