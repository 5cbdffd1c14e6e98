"""geopy compatibility: the offline gazetteer as a geopy ``Geocoder``, and optional online fallback.

Existing geopy and geopandas code works offline unchanged:

>>> import geopandas
>>> geopandas.tools.geocode(["Sudzha", "Toretsk"], provider=OfflineGazetteer).geometry.y.round(2).tolist()
[51.19, 48.39]

Online services are never used unless asked for: :class:`OnlineFallback` wraps a
geopy geocoder (Nominatim, ...) with geopy's ``RateLimiter`` and a cache, and is
consulted only for names the offline gazetteer does not know.
"""

from __future__ import annotations

import warnings
from typing import Any

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point as GeoPoint

from .index import Gazetteer
from .place import Candidate, Place, Resolution

__all__ = ["OfflineGazetteer", "OnlineFallback", "AmbiguousNameWarning"]


class AmbiguousNameWarning(UserWarning):
    """geocode(exactly_one=True) returned the front runner of an ambiguous name."""


def _location(candidate: Candidate, ambiguous: bool) -> Location:
    place = candidate.place
    raw = {**candidate.to_dict(), "ambiguous": ambiguous}
    return Location(place.label(), (place.lat, place.lon), raw)


class OfflineGazetteer(Geocoder):
    """A geopy geocoder over the embedded gazetteer: no network, no rate limit.

    ``geocode`` takes the usual ``exactly_one`` and, beyond geopy's contract,
    ``context`` and ``near`` (see :meth:`gazetteer.Gazetteer.resolve`). When a name
    is ambiguous and ``exactly_one`` is true, it returns the front runner and warns
    with :class:`AmbiguousNameWarning`; ``location.raw["ambiguous"]`` says so too.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, context: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or Gazetteer.default()
        self.context = context

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: Any = None,
                context: str | None = None, near: Any = None) -> Location | list[Location] | None:
        resolution = self.gazetteer.resolve(query, context=context or self.context, near=near)
        if not resolution.candidates:
            return None
        locations = [_location(c, resolution.ambiguous) for c in resolution.candidates]
        if not exactly_one:
            return locations
        if resolution.ambiguous:
            warnings.warn(
                f"{query!r} is ambiguous ({len(locations)} places); returning {locations[0].address}. "
                "Pass context= or near= to decide.", AmbiguousNameWarning, stacklevel=2,
            )
        return locations[0]

    def reverse(self, query: Any, *, exactly_one: bool = True, timeout: Any = None) -> Location | list[Location]:
        point = GeoPoint(query)
        found = self.gazetteer.reverse(point.latitude, point.longitude)
        location = Location(f"{found.description}, {found.admin1_name}", (point.latitude, point.longitude), found.to_dict())
        return location if exactly_one else [location]


class OnlineFallback:
    """An online geopy geocoder used only when offline resolution finds nothing.

    Rate limited with geopy's ``RateLimiter`` (1 request/s by default, Nominatim's
    policy) and cached in memory, so a table never asks twice for one name. Service
    errors are reported as warnings and give an unresolved name: a missing or failing
    online service never breaks offline use.

    >>> from geopy.geocoders import Nominatim                      # doctest: +SKIP
    >>> fallback = OnlineFallback(Nominatim(user_agent="frontmap"))  # doctest: +SKIP
    """

    def __init__(self, geocoder: Geocoder, *, min_delay_seconds: float = 1.0):
        self.geocoder = geocoder
        self._geocode = RateLimiter(
            geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
        )
        self.cache: dict[str, Location | None] = {}

    def resolve(self, name: str, context: str | None = None) -> Resolution:
        query = f"{name}, {context}" if context else name
        if query not in self.cache:
            try:
                self.cache[query] = self._geocode(query)
            except GeopyError as exc:
                warnings.warn(f"online geocoder {type(self.geocoder).__name__} failed for {query!r}: {exc}", stacklevel=2)
                return Resolution(name, (), False)
        location = self.cache[query]
        if location is None:
            return Resolution(name, (), False)
        service = type(self.geocoder).__name__
        place = Place(
            id=f"online:{service}:{location.address}", name=location.address.split(",")[0], name_local="",
            country="", admin1="", admin1_name="", admin2="", kind="", population=None,
            lat=location.latitude, lon=location.longitude, precision="online", uncertainty_km=5.0,
            sources=service,
        )
        return Resolution(name, (Candidate(place, f"online:{service}", 0.9, {}, 1.0),), False)
