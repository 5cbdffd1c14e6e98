"""The claim: who said what happened, when, where, and how sure anyone is.

A :class:`Claim` is an immutable, sourced statement, not a fact. Its id is derived
from its content, so the same claim recorded twice has one id; a correction is a
new claim that ``supersedes`` the old one.

>>> claim = Claim(
...     claimant=Claimant("Russian Defence Ministry", Side.RUSSIA),
...     kind=ClaimKind.STRIKE, actor=Actor.RUSSIA,
...     event_time=TimeSpan.parse("2025-01-05"), reported=date(2025, 1, 5),
...     summary="Artillery and aircraft struck a Ukrainian convoy moving towards Berdin.",
...     magnitudes=(Magnitude(2, "vehicles", "tank"),),
... )
>>> claim.id == Claim.from_dict(claim.to_dict()).id
True
>>> claim.verification.status
<VerificationStatus.UNVERIFIED: 'unverified'>
"""

from __future__ import annotations

import hashlib
import json
import math
from calendar import monthrange
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timezone
from enum import StrEnum
from functools import cache, cached_property
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape

from gazetteer.reverse import COMPASS_POINTS

__all__ = [
    "Side", "Actor", "ClaimKind", "Precision", "VerificationStatus", "LinkKind",
    "Claimant", "Publisher", "TimeSpan", "LocationRef", "ClaimGeometry", "Magnitude",
    "Verification", "Link", "Claim", "ClaimError", "UNITS", "PLAIN", "canonical_forms",
]


@cache
def geod():
    """The WGS84 ellipsoid for distances and areas (pyproj loads on first use: `frontmap extract` starts faster)."""
    from pyproj import Geod

    return Geod(ellps="WGS84")


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  #: the canonical encoder
_text = json.encoder.encode_basestring  #: a JSON string literal, exactly as _JSON writes it


def _finite(value: Any) -> bool:
    """Whether ``value`` is a real number that is neither NaN nor infinite (bools are not numbers here).

    >>> _finite(1.5), _finite(float("nan")), _finite(True), _finite(10**400)
    (True, False, False, False)
    """
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


class ClaimError(ValueError):
    """A claim field is invalid; says which field, which value and what is wrong.

    >>> str(ClaimError("event_time.end", "2024-01-01", "is before the start 2025-01-05"))
    "claim field 'event_time.end': '2024-01-01' is before the start 2025-01-05"
    """

    def __init__(self, field_name: str, value: Any, problem: str):
        self.field, self.value, self.problem = field_name, value, problem
        super().__init__(f"claim field {field_name!r}: {value!r} {problem}")


def _enum(enum: type[StrEnum], value: Any, field_name: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise ClaimError(field_name, value, f"is not one of {[e.value for e in enum]}") from None


class Side(StrEnum):
    """The side a claimant speaks for."""

    UKRAINE = "ukraine"
    RUSSIA = "russia"
    INDEPENDENT = "independent"
    UNKNOWN = "unknown"


class Actor(StrEnum):
    """Whose forces did what the claim describes."""

    UKRAINE = "ukraine"
    RUSSIA = "russia"
    BOTH = "both"
    UNKNOWN = "unknown"


class ClaimKind(StrEnum):
    ADVANCE = "advance"
    CAPTURE = "capture"
    WITHDRAWAL = "withdrawal"
    OFFENSIVE = "offensive"
    CLASH = "clash"
    STRIKE = "strike"
    LOSS = "loss"
    AREA_CHANGE = "area_change"
    CONTROL = "control"


class Precision(StrEnum):
    """How precisely the event time is known (compare UCDP ``date_prec``, ACLED ``time_precision``)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"


class VerificationStatus(StrEnum):
    UNVERIFIED = "unverified"
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"


class LinkKind(StrEnum):
    CORROBORATES = "corroborates"
    CONTRADICTS = "contradicts"
    SUPERSEDES = "supersedes"


@dataclass(frozen=True)
class Claimant:
    """Who makes the claim ("General Staff of Ukraine", "DeepStateMAP") and for which side."""

    name: str
    side: Side = Side.UNKNOWN

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ClaimError("claimant.name", self.name, "must be a non-empty name")
        object.__setattr__(self, "side", _enum(Side, self.side, "claimant.side"))


@dataclass(frozen=True)
class Publisher:
    """Who relayed the claim (dpa, Bloomberg), where and when it was published."""

    name: str
    url: str = ""
    published: date | datetime | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ClaimError("publisher.name", self.name, "must be a non-empty name")
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ClaimError("publisher.url", self.url, "must be an http(s) URL")

    def to_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "url": self.url, "published": self.published.isoformat() if self.published else None}


def _as_date(value: Any, field_name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ClaimError(field_name, value, "is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class TimeSpan:
    """When something happened: an inclusive date interval and its precision.

    >>> TimeSpan.parse("2024-11")
    TimeSpan(start=datetime.date(2024, 11, 1), end=datetime.date(2024, 11, 30), precision=<Precision.MONTH: 'month'>)
    >>> TimeSpan.parse("2024").end, TimeSpan.parse("2025-01-04/2025-01-05").precision
    (datetime.date(2024, 12, 31), <Precision.RANGE: 'range'>)
    """

    start: date
    end: date
    precision: Precision = Precision.DAY

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _as_date(self.start, "event_time.start"))
        object.__setattr__(self, "end", _as_date(self.end, "event_time.end"))
        object.__setattr__(self, "precision", _enum(Precision, self.precision, "event_time.precision"))
        if self.end < self.start:
            raise ClaimError("event_time.end", self.end.isoformat(), f"is before the start {self.start.isoformat()}")

    @classmethod
    def parse(cls, value: Any) -> TimeSpan:
        """From ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``START/END``, a date or a dict."""
        if isinstance(value, TimeSpan):
            return value
        if isinstance(value, dict):
            return cls(value.get("start"), value.get("end", value.get("start")), value.get("precision", "day"))
        if isinstance(value, date):
            return cls(value, value, Precision.DAY)
        text = str(value).strip()
        if "/" in text:
            start, end = text.split("/", 1)
            return cls(start, end, Precision.RANGE)
        parts = text.split("-")
        try:
            if len(parts) == 1:
                year = int(parts[0])
                return cls(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
            if len(parts) == 2:
                year, month = int(parts[0]), int(parts[1])
                return cls(date(year, month, 1), date(year, month, monthrange(year, month)[1]), Precision.MONTH)
        except ValueError:
            raise ClaimError("event_time", value, "is not a date, month (YYYY-MM) or year") from None
        day = _as_date(text, "event_time")
        return cls(day, day, Precision.DAY)

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "precision": self.precision.value}


@dataclass(frozen=True)
class LocationRef:
    """A place as the source wrote it, and what the gazetteer made of it."""

    as_written: str
    place_id: str = ""
    name: str = ""
    lat: float | None = None
    lon: float | None = None
    score: float | None = None
    ambiguous: bool = False
    rule: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.as_written, str) or not self.as_written.strip():
            raise ClaimError("places.as_written", self.as_written, "must be the place name as written")
        if (self.lat is None) != (self.lon is None):
            raise ClaimError("places.lat", self.lat, "and lon must be given together")
        if self.lat is not None and not (_finite(self.lat) and _finite(self.lon)
                                         and -90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ClaimError("places.lat", (self.lat, self.lon), "is not a latitude/longitude pair")
        if self.score is not None and not (_finite(self.score) and 0 <= self.score <= 1):
            raise ClaimError("places.score", self.score, "must be a number from 0 to 1")

    @classmethod
    def resolved(cls, as_written: str, resolution: Any) -> LocationRef:
        """From a :class:`gazetteer.Resolution`, keeping its score and ambiguity."""
        place = resolution.place
        if place is None:
            return cls(as_written)
        return cls(as_written, place.id, place.name, place.lat, place.lon, round(resolution.score, 3),
                   resolution.ambiguous, resolution.rule or "")


_AZIMUTH_OF = {point: 45.0 * i for i, point in enumerate(COMPASS_POINTS)}


@dataclass(frozen=True)
class ClaimGeometry:
    """Where: a shape in WGS84 longitude/latitude, what kind of shape it is, and how uncertain.

    >>> sector = ClaimGeometry.sector(51.191, 35.271, "north-east", (5, 25), description="north-east of Sudzha")
    >>> sector.shape, sector.geometry.geom_type, round(sector.area_km2())
    ('sector', 'Polygon', 471)
    """

    shape: str
    geometry: Any
    uncertainty_km: float = 0.0
    description: str = ""

    SHAPES = ("point", "sector", "line", "arrow", "polygon")

    def __post_init__(self) -> None:
        if self.shape not in self.SHAPES:
            raise ClaimError("geometry.shape", self.shape, f"is not one of {list(self.SHAPES)}")
        if not isinstance(self.geometry, shapely.Geometry) or self.geometry.is_empty:
            raise ClaimError("geometry.geometry", self.geometry, "must be a non-empty shapely geometry")
        # 1e-5 degrees (~1 m) is more than any claim supports; rounding plain coordinates
        # (not set_precision, which may rotate rings) keeps ids stable across round trips.
        object.__setattr__(self, "geometry", shapely.transform(self.geometry, lambda xy: np.round(xy, 5)))
        if not self.geometry.is_valid:
            raise ClaimError("geometry.geometry", self.geometry.wkt[:80], f"is invalid: {shapely.is_valid_reason(self.geometry)}")
        minx, miny, maxx, maxy = self.geometry.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise ClaimError("geometry.geometry", self.geometry.bounds, "is not in longitude/latitude degrees")
        if not _finite(self.uncertainty_km) or self.uncertainty_km < 0:
            raise ClaimError("geometry.uncertainty_km", self.uncertainty_km, "must be a non-negative number")
        object.__setattr__(self, "uncertainty_km", float(self.uncertainty_km))

    @classmethod
    def point(cls, lat: float, lon: float, uncertainty_km: float = 0.0, description: str = "") -> ClaimGeometry:
        return cls("point", shapely.Point(lon, lat), uncertainty_km, description)

    @classmethod
    def sector(cls, lat: float, lon: float, direction: str | float, distance_km: tuple[float, float],
               width_deg: float = 90.0, description: str = "") -> ClaimGeometry:
        """The ring sector ``distance_km`` from a place, centred on a compass direction, on the ellipsoid."""
        if isinstance(direction, str) and direction not in _AZIMUTH_OF:
            raise ClaimError("geometry.direction", direction, f"is not one of {COMPASS_POINTS} or an azimuth")
        azimuth = _AZIMUTH_OF[direction] if isinstance(direction, str) else float(direction)
        near, far = distance_km
        bearings = np.linspace(azimuth - width_deg / 2, azimuth + width_deg / 2, 19)
        if near > 0:  # the outer arc, then the inner one back: one geodesic call for both
            bearings, metres = np.concatenate([bearings, bearings[::-1]]), np.repeat([far * 1000, near * 1000], 19)
        else:
            metres = np.full(19, far * 1000)
        lons, lats, _ = geod().fwd(np.full(len(bearings), lon), np.full(len(bearings), lat), bearings, metres)
        ring = np.column_stack([lons, lats]) if near > 0 else np.vstack([[lon, lat], np.column_stack([lons, lats])])
        return cls("sector", shapely.Polygon(ring), 0.0, description)

    @classmethod
    def arrow(cls, origin: tuple[float, float], objective: tuple[float, float], description: str = "") -> ClaimGeometry:
        """From ``origin`` to ``objective`` (each ``(lat, lon)``), along the geodesic."""
        (lat1, lon1), (lat2, lon2) = origin, objective
        middle = geod().npts(lon1, lat1, lon2, lat2, 8)
        return cls("arrow", shapely.LineString([(lon1, lat1), *middle, (lon2, lat2)]), 0.0, description)

    def area_km2(self) -> float:
        """Area on the WGS84 ellipsoid (0 for points and lines)."""
        return abs(geod().geometry_area_perimeter(self.geometry)[0]) / 1e6

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClaimGeometry:
        try:
            geometry = shape(data["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException) as exc:
            raise ClaimError("geometry.geometry", data.get("geometry"), f"is not GeoJSON geometry ({exc})") from None
        return cls(data.get("shape", "point"), geometry, float(data.get("uncertainty_km", 0)), data.get("description", ""))


#: Units a magnitude may have.
UNITS = ("km2", "clashes", "vehicles", "troops", "battalions", "targets", "settlements", "km", "deaths")


@dataclass(frozen=True)
class Magnitude:
    """A number the claim states: 42 clashes, 2 vehicles of type tank, 3,600 km2."""

    value: float
    unit: str
    item: str = ""
    approximate: bool = False

    def __post_init__(self) -> None:
        if not _finite(self.value) or self.value < 0:
            raise ClaimError("magnitudes.value", self.value, "must be a finite, non-negative number")
        if self.unit not in UNITS:
            raise ClaimError("magnitudes.unit", self.unit, f"is not one of {list(UNITS)}")
        object.__setattr__(self, "value", float(self.value))


@dataclass(frozen=True)
class Verification:
    """Whether anyone independent confirmed the claim; who confirmed or disputed it."""

    status: VerificationStatus = VerificationStatus.UNVERIFIED
    note: str = ""
    confirmed_by: tuple[str, ...] = ()
    disputed_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", _enum(VerificationStatus, self.status, "verification.status"))
        object.__setattr__(self, "confirmed_by", tuple(self.confirmed_by))
        object.__setattr__(self, "disputed_by", tuple(self.disputed_by))


@dataclass(frozen=True)
class Link:
    """This claim corroborates, contradicts or supersedes the claim ``target``."""

    kind: LinkKind
    target: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _enum(LinkKind, self.kind, "links.kind"))
        if not isinstance(self.target, str) or not self.target.startswith("fm-"):
            raise ClaimError("links.target", self.target, "must be a claim id (fm-...)")


def _as_timestamp(value: Any, field_name: str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    try:
        return _as_timestamp(datetime.fromisoformat(str(value)), field_name)
    except ValueError:
        raise ClaimError(field_name, value, "is not a date or ISO 8601 time") from None


@cache
def _field_order(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(_field_order(cls))


def content_id(canonical: str) -> str:
    """``fm-`` and the first 16 hex digits of the SHA-256 of the canonical JSON."""
    return f"fm-{hashlib.sha256(canonical.encode()).hexdigest()[:16]}"


def _array(items: list) -> str:
    return _JSON(items) if items else "[]"


def _fields_of(item: Any) -> dict[str, Any]:
    return {name: getattr(item, name) for name in _field_names(type(item))}


@dataclass(frozen=True)
class Claim:
    """A sourced statement about the war: see the module docstring.

    Three times are kept apart: ``event_time`` (when it happened), ``reported``
    (when the claimant said it) and ``recorded`` (when it entered the store; not
    part of the id).
    """

    claimant: Claimant
    kind: ClaimKind
    event_time: TimeSpan
    reported: datetime
    actor: Actor = Actor.UNKNOWN
    publisher: Publisher | None = None
    places: tuple[LocationRef, ...] = ()
    geometry: ClaimGeometry | None = None
    magnitudes: tuple[Magnitude, ...] = ()
    summary: str = ""
    quote: str = ""
    verification: Verification = field(default_factory=Verification)
    links: tuple[Link, ...] = ()
    recorded: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _enum(ClaimKind, self.kind, "kind"))
        object.__setattr__(self, "actor", _enum(Actor, self.actor, "actor"))
        object.__setattr__(self, "reported", _as_timestamp(self.reported, "reported"))
        if self.recorded is not None:
            object.__setattr__(self, "recorded", _as_timestamp(self.recorded, "recorded"))
        for name in ("places", "magnitudes", "links"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.reported.date() < self.event_time.start:
            raise ClaimError("reported", self.reported.isoformat(),
                             f"is before the event it reports (from {self.event_time.start.isoformat()})")
        if not (self.summary.strip() or self.quote.strip()):
            raise ClaimError("summary", self.summary, "is empty: give a summary in your own words or the quote")
        if self.links and self.id in {link.target for link in self.links}:
            raise ClaimError("links.target", self.id, "is the claim itself")

    @cached_property
    def id(self) -> str:
        """A stable id from the content: ``fm-`` and 16 hex digits of the SHA-256 of :attr:`canonical`."""
        return content_id(self.canonical)

    def with_recorded(self, when: datetime | None = None) -> Claim:
        """The same claim stamped with its recording time (now by default)."""
        return replace(self, recorded=when or datetime.now(timezone.utc))

    @property
    def canonical(self) -> str:
        """The content, without ``id`` and ``recorded``, as canonical JSON: what the id hashes.

        Not kept on the claim (the id is): a million claims would carry half a gigabyte of it.
        See :func:`canonical_forms`, which writes it.
        """
        return next(canonical_forms([self]))[0]

    @property
    def reported_iso(self) -> str:
        """:attr:`reported` in ISO 8601, with its offset as given: as the id hashes it."""
        return self.reported.isoformat()

    def to_dict(self, with_id: bool = True) -> dict[str, Any]:
        """A JSON-ready dict, fields in their declared order; :meth:`from_dict` reads it back."""
        content = json.loads(self.canonical)
        data = {name: content.get(name) for name in _field_order(Claim)}
        data["recorded"] = self.recorded.isoformat() if self.recorded else None
        return {"id": self.id, **data} if with_id else data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        """Build a claim from :meth:`to_dict` output or a hand-written record.

        ``places`` and ``geometry`` may also hold :class:`LocationRef` and :class:`ClaimGeometry` objects.

        Raises :class:`ClaimError` naming the first bad field. An ``id`` in the data
        must match the content (a changed claim needs a new, superseding record).
        """
        if not isinstance(data, dict):
            raise ClaimError("claim", data, "must be a mapping of fields")
        known = _field_names(cls) | {"id"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ClaimError(unknown[0], data[unknown[0]], f"is not a claim field; fields are {sorted(known)}")
        for required in ("claimant", "kind", "event_time", "reported"):
            if data.get(required) in (None, ""):
                raise ClaimError(required, data.get(required), "is required")
        claimant = data["claimant"]
        claimant = Claimant(**claimant) if isinstance(claimant, dict) else Claimant(str(claimant))
        publisher = data.get("publisher")
        if isinstance(publisher, dict):
            publisher = Publisher(publisher.get("name", ""), publisher.get("url") or "",
                                  _as_timestamp(publisher["published"], "publisher.published")
                                  if publisher.get("published") else None)
        elif publisher:
            publisher = Publisher(str(publisher))
        places = tuple(p if isinstance(p, LocationRef) else LocationRef(**p) if isinstance(p, dict) else LocationRef(str(p))
                       for p in data.get("places") or ())
        geometry = data.get("geometry")
        verification = data.get("verification") or {}
        if isinstance(verification, str):
            verification = {"status": verification}
        claim = cls(
            claimant=claimant,
            kind=data["kind"],
            event_time=TimeSpan.parse(data["event_time"]),
            reported=data["reported"],
            actor=data.get("actor", Actor.UNKNOWN),
            publisher=publisher or None,
            places=places,
            geometry=geometry if isinstance(geometry, ClaimGeometry) or not geometry else ClaimGeometry.from_dict(geometry),
            magnitudes=tuple(Magnitude(**m) for m in data.get("magnitudes") or ()),
            summary=data.get("summary") or "",
            quote=data.get("quote") or "",
            verification=Verification(**verification),
            links=tuple(Link(**link) for link in data.get("links") or ()),
            recorded=data.get("recorded"),
        )
        if data.get("id") and data["id"] != claim.id:
            raise ClaimError("id", data["id"], f"does not match the claim's content ({claim.id}); "
                             "record a change as a new claim that supersedes this one")
        return claim


#: The plain values that a claim's canonical JSON and the store's columns share, in the order
#: :func:`canonical_forms` gives them (``reported`` with its offset as given; shape and
#: uncertainty None for a claim without geometry).
PLAIN = ("kind", "claimant", "side", "actor", "event_start", "event_end", "precision", "reported",
         "summary", "quote", "verification", "shape", "uncertainty_km")


def canonical_forms(claims: Sequence[Claim], bounds: np.ndarray | None = None) -> Iterator[tuple[str, tuple]]:
    """Each claim's canonical JSON (what its id hashes) and its :data:`PLAIN` values.

    The canonical JSON is exactly ``json.dumps(content, sort_keys=True, ensure_ascii=False)``
    of the :meth:`Claim.to_dict` content without ``id`` and ``recorded``
    (``tests/test_model.py`` holds it to that definition and to known ids). It is written
    directly, for many claims at once, because a million claims are hashed in one import:
    point coordinates are read in one call for all of them, and each value that the JSON
    and the store's columns share is read and formatted once. ``bounds`` are the geometries'
    :func:`shapely.bounds`, if the caller has them already.

    >>> claim = Claim(Claimant("ISW", "independent"), "advance", TimeSpan.parse("2025-01-05"), date(2025, 1, 5),
    ...               summary="Russian forces advanced.", geometry=ClaimGeometry.point(48.28, 37.18, 5))
    >>> canonical, plain = next(canonical_forms([claim]))
    >>> canonical[:80]
    '{"actor": "unknown", "claimant": {"name": "ISW", "side": "independent"}, "event_'
    >>> dict(zip(PLAIN, plain))["reported"], content_id(canonical) == claim.id
    ('2025-01-05T00:00:00+00:00', True)
    """
    geometries = [claim.geometry for claim in claims]
    if bounds is None:
        bounds = shapely.bounds([None if g is None else g.geometry for g in geometries])
    origins = bounds[:, :2].tolist()  # bounds of a point are its coordinates, read for all points in one call
    point = shapely.Point
    for claim, geometry, (x, y) in zip(claims, geometries, origins, strict=True):
        event, claimant, verification, publisher = claim.event_time, claim.claimant, claim.verification, claim.publisher
        kind, name, side, actor = claim.kind.value, claimant.name, claimant.side.value, claim.actor.value
        start, end, precision = event.start.isoformat(), event.end.isoformat(), event.precision.value
        reported = claim.reported_iso
        summary, quote, status = claim.summary, claim.quote, verification.status.value
        if geometry is None:
            shape_name = uncertainty = None
            geometry_json = "null"
        else:
            shape_name, uncertainty, shape = geometry.shape, geometry.uncertainty_km, geometry.geometry
            geometry_json = (
                f'{{"description": {_text(geometry.description)}, "geometry": '
                + (f'{{"coordinates": [{x!r}, {y!r}], "type": "Point"}}' if type(shape) is point
                   else _JSON(mapping(shape)))
                + f', "shape": "{shape_name}", "uncertainty_km": {uncertainty!r}}}')
        links, magnitudes, places = claim.links, claim.magnitudes, claim.places
        confirmed, disputed, note = verification.confirmed_by, verification.disputed_by, verification.note
        yield (
            f'{{"actor": "{actor}", "claimant": {{"name": {_text(name)}, "side": "{side}"}}, '
            f'"event_time": {{"end": "{end}", "precision": "{precision}", "start": "{start}"}}, '
            f'"geometry": {geometry_json}, "kind": "{kind}", '
            + (f'"links": {_array([{"kind": link.kind.value, "target": link.target} for link in links])}, '
               f'"magnitudes": {_array([_fields_of(m) for m in magnitudes])}, '
               f'"places": {_array([_fields_of(p) for p in places])}, '
               if links or magnitudes or places else '"links": [], "magnitudes": [], "places": [], ')
            + f'"publisher": {"null" if publisher is None else _JSON(publisher.to_dict())}, '
            f'"quote": {_text(quote)}, "reported": "{reported}", "summary": {_text(summary)}, "verification": '
            + (f'{{"confirmed_by": {_array(list(confirmed))}, "disputed_by": {_array(list(disputed))}, '
               f'"note": {_text(note)}, ' if confirmed or disputed or note
               else '{"confirmed_by": [], "disputed_by": [], "note": "", ')
            + f'"status": "{status}"}}}}',
            (kind, name, side, actor, start, end, precision, reported, summary, quote, status, shape_name, uncertainty),
        )
