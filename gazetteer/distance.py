"""Great-circle distance for matching and ranking (reporting uses pyproj.Geod instead).

>>> round(float(haversine_km(51.191, 35.271, 51.7269, 36.1846)))
87
"""

from __future__ import annotations

import numpy as np

__all__ = ["haversine_km", "EARTH_RADIUS_KM"]

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Haversine distance in km between points in degrees; arrays broadcast."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
