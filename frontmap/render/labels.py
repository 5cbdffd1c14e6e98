"""Place names for maps without tiles: the larger towns and cities from the embedded gazetteer.

Each place gets the zoom from which it is named (bigger places earlier); the page shows the
largest ones in view, as text (``textContent``), never as markup.

>>> block = place_labels((36.0, 49.8, 36.5, 50.2))
>>> block["name"][0], block["zoom"][0]
('Kharkiv', 5)
"""
from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

# (population at least, zoom from which the place is named)
ZOOM_BY_POPULATION = ((1_000_000, 5), (300_000, 6), (100_000, 7), (30_000, 8), (10_000, 9))
SECTION_KM = 15.0
LABEL_SCALE = 1000  # coordinates in 1e-3 degrees (about 100 m)


@cache
def _towns() -> pd.DataFrame:
    """Places of at least 10,000 people, largest first."""
    from gazetteer import Gazetteer

    table = pd.read_parquet(Gazetteer.default().data_dir / "places.parquet",
                            columns=["english", "name", "population", "lat", "lon"])
    table = table[table["population"].fillna(0) >= ZOOM_BY_POPULATION[-1][0]].copy()
    table["label"] = table["english"].where(table["english"].fillna("") != "", table["name"])
    table = table.sort_values(["population", "label"], ascending=[False, True], kind="stable")
    return table[~_part_of_larger(table)]


def _part_of_larger(towns: pd.DataFrame, km: float = SECTION_KM) -> np.ndarray:
    """Which places (largest first) lie within ``km`` of a place at least twice as large: the
    gazetteer lists city districts (Kharkiv's "Rayon KhTZ") as cities of their own."""
    lat, lon = np.radians(towns["lat"].to_numpy()), np.radians(towns["lon"].to_numpy())
    population = towns["population"].to_numpy(dtype=float)
    dx = (lon[:, None] - lon[None, :]) * np.cos((lat[:, None] + lat[None, :]) / 2)
    near = np.hypot(dx, lat[:, None] - lat[None, :]) * 6371.0 < km  # equirectangular, fine at this range
    return (near & (population[None, :] >= 2 * population[:, None])).any(axis=1)


def place_labels(bbox: tuple[float, float, float, float], pad_deg: float = 2.0) -> dict:
    """Names, integer coordinates (1e-3 degrees) and first zoom of the towns within ``pad_deg``
    of ``bbox`` (min lon, min lat, max lon, max lat), largest first, as columns."""
    towns = _towns()
    inside = (towns["lon"].between(bbox[0] - pad_deg, bbox[2] + pad_deg)
              & towns["lat"].between(bbox[1] - pad_deg, bbox[3] + pad_deg))
    towns = towns[inside]
    population = towns["population"].to_numpy(dtype=float)
    zoom = np.select([population >= limit for limit, _ in ZOOM_BY_POPULATION], [z for _, z in ZOOM_BY_POPULATION])
    return {"name": towns["label"].tolist(),
            "lon": np.round(towns["lon"].to_numpy() * LABEL_SCALE).astype(int).tolist(),
            "lat": np.round(towns["lat"].to_numpy() * LABEL_SCALE).astype(int).tolist(),
            "zoom": zoom.astype(int).tolist()}
