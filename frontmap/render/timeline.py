"""The timeline element: claims and control pieces in a JSON block, and the script that shows
the ones alive on the slider's date.

Text from data never becomes markup: the JSON block escapes ``<``, ``>`` and ``&``, and the
script builds popups and tooltips with ``textContent``. Only links with an ``http(s)`` scheme
become ``href``. The legend is built here from constants; attribution strings are escaped.
"""
from __future__ import annotations

import json
from importlib.resources import files
from typing import ClassVar

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from frontmap.escape import html_text

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
.fm-label{color:#666}
.leaflet-control-attribution{font-size:9px;max-width:70vw}
"""

SIDES = (("ukraine", "Ukrainian claimant", "#1f5fbf"), ("russia", "Russian claimant", "#c0392b"),
         ("independent", "Independent claimant", "#2e8b57"), ("unknown", "Claimant of unknown side", "#6b6b6b"))
KINDS = (("advance", "\u279c"), ("capture", "\u2691"), ("withdrawal", "\u21a9"), ("offensive", "\u21d7"),
         ("clash", "\u2694"), ("strike", "\u2739"), ("loss", "\u2716"), ("area_change", "\u25a6"),
         ("control", "\u25a0"))
STATUSES = (("occupied", "Occupied (held by Russia)", "#e74c3c"), ("contested", "Contested / unknown", "#bdc3c7"),
            ("ukrainian", "Held by Ukraine (e.g. Kursk salient)", "#5dade2"))


def legend_html(unmapped: int, area_note: str) -> str:
    """The legend's HTML, from constants and two numbers/notes escaped here."""
    parts = ["<b>Claimant side</b>"]
    parts += [f'<span class="fm-sw" style="background:{colour}"></span>{label}<br>' for _, label, colour in SIDES]
    parts.append('<span class="fm-sw" style="background:#fff;border:2px dashed #666"></span>'
                 "Unverified (hollow, dashed)<br>")
    parts.append("<b>Kind</b>" + " ".join(f"{glyph}&nbsp;{kind.replace('_', ' ')}" for kind, glyph in KINDS))
    parts.append("<b>Control</b>")
    parts += [f'<span class="fm-sw" style="background:{colour}"></span>{label}<br>' for _, label, colour in STATUSES]
    parts.append('<span class="fm-sw" style="background:#c0392b"></span>Gained since the previous snapshot<br>'
                 '<span class="fm-sw" style="background:#85c1e9;border-style:dashed"></span>Lost since the previous snapshot')
    if unmapped:
        parts.append(f"<br><i>{int(unmapped)} claims without a location are not on the map.</i>")
    if area_note:
        parts.append(f"<br><i>{html_text(area_note)}</i>")
    return "".join(parts)


def json_block(value: object) -> str:
    """JSON that is safe inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Timeline(MacroElement):
    """Adds the data block, the CSS and the timeline script to a map."""

    _template = Template("""
{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
{% macro html(this, kwargs) %}<script type="application/json" id="{{ this.get_name() }}-data">{{ this.data }}</script>{% endmacro %}
{% macro script(this, kwargs) %}{{ this.script }}{% endmacro %}
""")

    def __init__(self, payload: dict):
        super().__init__()
        self._name = "FrontmapTimeline"
        self.css = CSS
        self.data = json_block(payload)

    def render(self, **kwargs) -> None:
        source = files("frontmap.render").joinpath("timeline.js").read_text(encoding="utf-8")
        self.script = (source.replace("__MAP__", self._parent.get_name())
                       .replace("__DATA_ID__", f"{self.get_name()}-data"))
        figure = self.get_root()
        assert isinstance(figure, Figure), "the timeline must be added to a map in a Figure"
        figure.header.add_child(Element(self._template.module.header(self, kwargs)), name=self.get_name() + "_css")
        figure.html.add_child(Element(self._template.module.html(self, kwargs)), name=self.get_name() + "_data")
        figure.script.add_child(Element(self._template.module.script(self, kwargs)), name=self.get_name())


class TimelineMap(folium.Map):
    """A folium Map that loads no assets of its own: frontmap adds Leaflet (CDN, inline or local)."""

    default_js: ClassVar[list] = []
    default_css: ClassVar[list] = []
