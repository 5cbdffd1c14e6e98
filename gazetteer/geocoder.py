"""geopy compatibility: the offline gazetteer as a geopy ``Geocoder``, and optional online fallback.

Existing geopy and geopandas code works offline unchanged:

>>> import geopandas
>>> geopandas.tools.geocode(["Sudzha", "Toretsk"], provider=OfflineGazetteer).geometry.y.round(2).tolist()
[51.19, 48.4]

The contract is geopy's: ``geocode`` returns a :class:`geopy.location.Location` (or a
list with ``exactly_one=False``) or ``None`` when nothing matches (an empty query
too); ``reverse`` returns the nearest place's Location, with the place's own point,
or ``None`` when the point is far from every known place; geopy's keyword arguments
(``timeout``, ``language``, ...) are accepted.

>>> coder = OfflineGazetteer()
>>> coder.geocode(""), coder.reverse((0, 0))
(None, None)
>>> coder.reverse("51.2322, 35.3268").address
'3 km west of Martynovka, Kursk Oblast'

Online services are never used unless asked for: :class:`OnlineFallback` wraps a
geopy geocoder (Nominatim, ...) with geopy's ``RateLimiter`` and a cache, and is
consulted only for names the offline gazetteer does not know
(``OfflineGazetteer(online=Nominatim(user_agent=...))``).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point as GeoPoint

from .index import Gazetteer
from .licence import ATTRIBUTION
from .place import Candidate, Place, Resolution

__all__ = ["OfflineGazetteer", "OnlineFallback", "AmbiguousNameWarning", "MAX_REVERSE_KM"]

#: ``reverse`` answers ``None`` for a point farther than this from every place.
MAX_REVERSE_KM = 50.0
#: Keys of a geopy structured query that name the settlement itself.
_SETTLEMENT_KEYS = ("city", "town", "village", "hamlet", "settlement", "municipality", "q")


class AmbiguousNameWarning(UserWarning):
    """geocode(exactly_one=True) returned the front runner of an ambiguous name."""


def _label(place: Place, language: str | None) -> str:
    """The place's label, its own-language name first when ``language`` is that language."""
    if language and place.name_local and language.split("-")[0].lower() in ("uk", "ru"):
        return place.label().replace(place.name, place.name_local, 1)
    return place.label()


def _location(candidate: Candidate, ambiguous: bool, language: str | None) -> Location | None:
    place = candidate.place
    if place.lat != place.lat:  # known, but no source locates it
        return None
    raw = {**candidate.to_dict(), "ambiguous": ambiguous, "attribution": ATTRIBUTION}
    return Location(_label(place, language), (place.lat, place.lon), raw)


def _split_query(query: str | Mapping[str, Any], gazetteer: Gazetteer) -> tuple[str, str]:
    """(name, extra context) of a free-text or structured geopy query ("Pokrovsk, Donetsk Oblast")."""
    if isinstance(query, Mapping):
        values = {k: str(v) for k, v in query.items() if v}
        key = next((k for k in _SETTLEMENT_KEYS if k in values), next(iter(values), ""))
        name = values.pop(key, "")
        return name, ", ".join(values.values())
    query = str(query)
    if "," in query and not gazetteer.knows(query):
        name, rest = query.split(",", 1)
        return name.strip(), rest.strip()
    return query.strip(), ""


class OfflineGazetteer(Geocoder):
    """A geopy geocoder over the embedded gazetteer: no network, no rate limit.

    ``geocode`` takes geopy's ``exactly_one``, ``timeout`` and ``language`` (``"uk"``
    or ``"ru"`` labels places by their own-language name) and, beyond geopy's
    contract, ``context`` and ``near`` (see :meth:`gazetteer.Gazetteer.resolve`); a
    query "Name, Region" uses the part after the comma as context. When a name is
    ambiguous and ``exactly_one`` is true, it returns the front runner and warns with
    :class:`AmbiguousNameWarning`; ``location.raw["ambiguous"]`` says so too.
    ``online`` (a geopy geocoder, off by default) is asked for names the gazetteer
    does not know, through :class:`OnlineFallback`.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, context: str | None = None,
                 online: Geocoder | OnlineFallback | None = None, max_reverse_km: float = MAX_REVERSE_KM,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or Gazetteer.default()
        self.context = context
        self.fallback = online if online is None or isinstance(online, OnlineFallback) else OnlineFallback(online)
        self.max_reverse_km = max_reverse_km

    def geocode(self, query: str | Mapping[str, Any] | None, *, exactly_one: bool = True, timeout: Any = None,
                language: str | None = None, context: str | None = None, near: Any = None,
                **kwargs: Any) -> Location | list[Location] | None:
        """Locate a place name (geopy's ``geocode``); ``None`` when nothing matches."""
        if query is None:
            return None
        name, extra = _split_query(query, self.gazetteer)
        if not name:
            return None
        context = ", ".join(part for part in (extra, context or self.context) if part) or None
        resolution = self.gazetteer.resolve(name, context=context, near=near, fallback=self.fallback)
        locations = [loc for c in resolution.candidates if (loc := _location(c, resolution.ambiguous, language))]
        if not locations:
            return None
        if not exactly_one:
            return locations
        if resolution.ambiguous:
            warnings.warn(
                f"{name!r} is ambiguous ({len(locations)} places); returning {locations[0].address}. "
                "Pass context= or near= to decide.", AmbiguousNameWarning, stacklevel=2,
            )
        return locations[0]

    def reverse(self, query: Any, *, exactly_one: bool = True, timeout: Any = None, language: str | None = None,
                **kwargs: Any) -> Location | list[Location] | None:
        """The nearest place to a point (geopy's ``reverse``); ``None`` far from every place.

        ``Location.point`` is the place's point; ``raw`` holds the distance, bearing
        and oblast of the query point as seen from it.
        """
        point = GeoPoint(query)
        found = self.gazetteer.reverse(point.latitude, point.longitude, max_km=self.max_reverse_km)
        if found is None:
            return None
        place = found.place
        name = _label(place, language).split(" (")[0]
        description = found.description.replace(place.name, name) if name != place.name else found.description
        location = Location(f"{description}, {found.admin1_name}", (place.lat, place.lon), found.to_dict())
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
