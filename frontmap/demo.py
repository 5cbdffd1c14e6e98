"""The demo: the places of the 5 January 2025 wire report, resolved and mapped.

The report (dpa, distributed by Bloomberg/Tribune) is cited, not copied: below are
only the place names it uses and, in our own words, the context that decides them.
"""

from __future__ import annotations

from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

from gazetteer import Gazetteer

from .escape import html_text

__all__ = ["DEMO_PLACES", "demo_places", "demo_map", "ATTRIBUTION"]

REPORT = "dpa via Bloomberg/Tribune Content Agency, published 2025-01-05"
DEMO_PLACES = pd.DataFrame(
    [
        ("Sudzha", "town in Russia's Kursk region held by Ukraine since August 2024"),
        ("Kursk", "the road to Kursk, in the Kursk region"),
        ("Berdin", "village in the Kursk region north-east of Sudzha; Russian claim of a convoy struck"),
        ("Makhnivka", "settlement in the Kursk region where Ukraine says a battalion was lost"),
        ("Kurakhove", "Russian gains reported in the Donetsk region"),
        ("Pokrovsk", "Russian gains reported near the city, Donetsk region"),
        ("Toretsk", "contested city in the Donetsk region"),
    ],
    columns=["name", "context"],
)
ATTRIBUTION = (
    "Places: GeoNames (CC BY 4.0), KATOTTG (Ukraine), frontmap curated supplement; "
    "report: " + REPORT + "; tiles © OpenStreetMap contributors"
)


def demo_places(gazetteer: Gazetteer | None = None) -> gpd.GeoDataFrame:
    """The demo's places resolved with their context, as a GeoDataFrame."""
    gazetteer = gazetteer or Gazetteer.default()
    return gazetteer.resolve_many(DEMO_PLACES, on="2025-01-05")


def demo_map(places: gpd.GeoDataFrame) -> folium.Map:
    """A folium map of resolved places; every text from data is escaped in the popups."""
    located = places[places["resolved"]]
    bounds = located.total_bounds
    fmap = folium.Map(tiles=None, control_scale=True)
    folium.TileLayer("OpenStreetMap", attr="&copy; OpenStreetMap contributors").add_to(fmap)
    for row in located.itertuples():
        text = f"{row.name} ({row.admin1}): {row.context}. Resolved by {row.rule}, score {row.score:.2f}"
        folium.CircleMarker(
            [row.geometry.y, row.geometry.x], radius=6, tooltip=folium.Tooltip(html_text(row.name)),
            popup=folium.Popup(html_text(text), max_width=320),
        ).add_to(fmap)
    fmap.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    fmap.get_root().html.add_child(folium.Element(
        f'<div style="position:fixed;bottom:4px;left:4px;z-index:9999;background:#fff;font:11px sans-serif;'
        f'padding:2px 4px">{html_text(ATTRIBUTION)}</div>'
    ))
    return fmap


def write_demo(path: str | Path) -> Path:
    """Resolve the demo places and write their map to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    demo_map(demo_places()).save(path)
    return path
