"""Timeline maps: claims and front lines over time in one folium HTML map.

>>> from frontmap.render import timeline_map
>>> from frontmap.claimfile import read_claims
>>> fmap = timeline_map(read_claims("examples/kursk-2025-01-05.yaml"), tiles="none")
>>> type(fmap).__name__
'TimelineMap'
"""
from __future__ import annotations

from .build import timeline_map
from .output import EMBED_MODES, render_html, snapshot_png, write_map

__all__ = ["EMBED_MODES", "render_html", "snapshot_png", "timeline_map", "write_map"]
