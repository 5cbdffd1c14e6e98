"""Choosing among namesakes: evidence from context, size and the theatre of war.

Each candidate collects evidence points, added to ``4 * log(match quality)``; a
softmax over candidates gives each its probability. The points:

============  =====================================================================
region        +4 when the context names the candidate's oblast ("in the Kursk region";
              "Sevastopol" counts for Crimea and Sevastopol)
country       +3 when the context names the candidate's country ("Ukraine", "Россия")
raion         +4 when the context names the candidate's raion ("Pokrovsk district"), its
              pre-2020 raion ("Yasynuvata raion", "Krasnoarmiiskyi raion": renamed
              Pokrovskyi in 2016) or its hromada ("Horlivka City municipality"),
              inside the oblast named right after it, if one is
proximity     up to +6, falling with distance (15 km scale) to places named nearby; a
              coarse point (hromada centre, estimate) counts as no nearer than its
              own uncertainty, so it cannot look "near" anything on its own
direction     -5 when the context puts the place on one side of an anchor ("south of
              Kurakhove", "5 km north-east of Sudzha") and the candidate lies on another
              (or, with a distance, more than twice as far)
city          +6 for a place of 30,000+ people when the context says nothing, or
              speaks for it at least as much as for any other candidate: a city is
              what a reader means by its name (outside the
              theatre only when no namesake in it is a town or city: "Seversk" is
              Siversk in Donetsk oblast, not Seversk in Tomsk oblast), and never
              for a name the place dropped before the report's date
size          +0.5 per order of magnitude of population (or what its kind implies)
theatre       +2.5 in Ukraine or Russia's border oblasts, where the war is reported
unlocated     -3 for a settlement no source locates (known, but without a point)
renamed       -1.5 when only a name dropped before the report's date matched
============  =====================================================================

A resolution is ``ambiguous`` when the front runner's probability is below 0.5 or
it is less than three times as likely as the runner-up: the evidence does not
separate the namesakes and the caller must not guess. A match found only by typo
tolerance (``fuzzy``) is ambiguous too unless context supports it. When every
exact match lies outside the regions the context names, looser spellings inside
those regions are candidates as well ("Martinovka, Kursk Oblast").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .context import Direction, RegionFinder, council_stems, countries, directions, place_spans, raion_stems
from .distance import haversine_km
from .names import fold, skeleton
from .place import Candidate, Place, Resolution

if TYPE_CHECKING:
    from .index import Gazetteer, Matches

__all__ = ["resolve", "static_evidence", "StaticEvidence", "RankedCandidates", "THEATRE", "AMBIGUOUS_BELOW",
           "AMBIGUOUS_RATIO", "CITY_POPULATION"]

THEATRE = frozenset({"RU-KRS", "RU-BEL", "RU-BRY"})
AMBIGUOUS_BELOW, AMBIGUOUS_RATIO = 0.5, 3.0
REGION_POINTS, PROXIMITY_POINTS, PROXIMITY_KM = 4.0, 6.0, 15.0
COUNTRY_POINTS, RAION_POINTS, DIRECTION_POINTS = 3.0, 4.0, -5.0
SIZE_POINTS, THEATRE_POINTS, RENAMED_POINTS, QUALITY_WEIGHT = 0.5, 2.5, -1.5, 4.0
CITY_POINTS, CITY_POPULATION, UNLOCATED_POINTS = 6.0, 30_000, -3.0
#: Evidence kinds that come from the context: with any of them, size alone does not decide.
CONTEXT_KINDS = ("region", "country", "raion", "proximity", "direction")
#: A direction is wrong when the candidate lies more than this many degrees off it.
DIRECTION_TOLERANCE = 67.5


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _as_date(on: date | str | None) -> str:
    """``on`` as an ISO date string; today when None."""
    if on is None:
        return date.today().isoformat()
    if isinstance(on, date):
        return on.isoformat()
    if _ISO_DATE.fullmatch(on):
        try:
            return date.fromisoformat(on).isoformat()
        except ValueError:
            pass  # dateutil says what is wrong with it
    from dateutil.parser import parse

    try:
        return parse(on).date().isoformat()
    except (ValueError, OverflowError):
        raise ValueError(f"on={on!r} is not a date; write it like 2025-01-05") from None


class StaticEvidence(NamedTuple):
    """Per-place evidence that does not depend on the query (arrays over the places table)."""

    size: np.ndarray
    theatre: np.ndarray
    city: np.ndarray
    unlocated: np.ndarray
    theatre_town: np.ndarray

    def total(self, rows: np.ndarray) -> np.ndarray:
        """The static points of ``rows`` when no context speaks (the city bonus as :func:`_evidence` gives it)."""
        city = self.city[rows]
        if self.theatre_town[rows].any():
            city = city * (self.theatre[rows] > 0)
        return self.size[rows] + self.theatre[rows] + self.unlocated[rows] + city


def static_evidence(gaz: Gazetteer) -> StaticEvidence:
    """Size, theatre, city and unlocated points of every place (see :attr:`Gazetteer.static_evidence`)."""
    in_theatre = gaz.where("country", {"UA"}) | gaz.where("admin1", THEATRE)
    population = np.nan_to_num(gaz.population, nan=0.0)
    return StaticEvidence(
        SIZE_POINTS * gaz.size, np.where(in_theatre, THEATRE_POINTS, 0.0),
        np.where(population >= CITY_POPULATION, CITY_POINTS, 0.0),
        np.where(np.isnan(gaz.lat), UNLOCATED_POINTS, 0.0),
        gaz.where("kind", {"city", "town"}) & in_theatre,
    )


@dataclass(frozen=True)
class Context:
    """What the context says about where a name is: regions, countries, raions, anchors, directions."""

    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    raions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a district's name, and the regions named just after it
    anchors: tuple[tuple[float, float], ...] = ()
    directions: tuple[tuple[Direction, float, float], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.regions or self.countries or self.raions or self.anchors or self.directions)


#: A context's name spans recur from call to call (one article, many places): their skeletons are kept.
_skeleton = lru_cache(maxsize=65_536)(skeleton)

_SEVASTOPOL = re.compile(r"(?<!\w)(?:sevastopol|sebastopol|севастопол)")


def _best_row(gaz: Gazetteer, name: str) -> int | None:
    """The row a context's own place name most likely means (the largest located theatre namesake)."""
    if not fold(name):
        return None
    matches = gaz.lookup(name, fuzzy=False)
    if not matches:
        return None
    best = int(matches.rows[np.argmax(gaz.static_evidence.total(matches.rows))])
    return None if np.isnan(gaz.lat[best]) else best


def _context(gaz: Gazetteer, name: str, context: str | None, near: Iterable[Any] | None,
             regions: tuple[str, ...]) -> Context:
    """Read the context and ``near`` into evidence sources."""
    points: list[tuple[float, float]] = []
    names: list[str] = []
    for item in near or ():
        if isinstance(item, Place):
            points.append((item.lat, item.lon))
        elif isinstance(item, Resolution):
            if item.place is not None:
                points.append((item.place.lat, item.place.lon))
        elif isinstance(item, str):
            names.append(item)
        else:
            lat, lon = item
            points.append((float(lat), float(lon)))
    found_directions: list[tuple[Direction, float, float]] = []
    raions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    districts: set[str] = set()
    found_countries: tuple[str, ...] = ()
    if context:
        own, own_skeleton = fold(name), _skeleton(name)
        # the place's own mention, in any spelling or script ("Любимівка" for Liubymivka), is no anchor for it
        names.extend(span for span in place_spans(context) if fold(span) != own and _skeleton(span) != own_skeleton)
        if _SEVASTOPOL.search(fold(context)) and own not in ("sevastopol", "севастополь"):
            regions = tuple(dict.fromkeys([*regions, "UA-40", "UA-43"]))  # the city stands for Crimea
        stems = raion_stems(context)
        districts = {fold(word) for stem in stems for word in (stem, stem.split()[-1])}
        stems += council_stems(context)  # a council's land is near its town: the town stays an anchor
        raions = tuple((stem, _regions_after(context, stem)) for stem in stems)
        found_countries = countries(context)
        for direction in directions(context):
            row = _best_row(gaz, direction.anchor) if fold(direction.anchor) != own else None
            if row is not None:
                found_directions.append((direction, float(gaz.lat[row]), float(gaz.lon[row])))
    for other in dict.fromkeys(names):
        if fold(other) in districts:
            continue  # "Pokrovsk district" names a raion, not the town
        row = _best_row(gaz, other)
        if row is not None:
            points.append((float(gaz.lat[row]), float(gaz.lon[row])))
    points = [p for p in points if p[0] == p[0]]
    return Context(regions, found_countries, raions, tuple(points), tuple(found_directions))


#: How far after a district's name a region named with it may stand ("Popasna raion, Luhansk oblast").
_WITH_REGION_CHARS = 40


def _regions_after(context: str, stem: str) -> tuple[str, ...]:
    """The regions named right after the first mention of a district ``stem``, in its sentence: those it lies in."""
    end = context.find(stem) + len(stem)
    window = _SENTENCE_END.split(context[end : end + len(" City municipality") + _WITH_REGION_CHARS], maxsplit=1)[0]
    return RegionFinder.default().find(window)


_SENTENCE_END = re.compile(r"[.;!?\n]")


def _bearing(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Initial great-circle bearing from point 1 to point 2, degrees clockwise from north."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    y = np.sin(lon2 - lon1) * np.cos(lat2)
    x = np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(lon2 - lon1)
    return np.degrees(np.arctan2(y, x)) % 360


def _context_evidence(gaz: Gazetteer, rows: np.ndarray, context: Context) -> dict[str, np.ndarray]:
    """The evidence the context gives, per kind, each an array over the candidates."""
    evidence: dict[str, np.ndarray] = {}
    if context.regions:
        in_region = np.fromiter((admin1 in context.regions for admin1 in gaz.admin1[rows].tolist()), bool, len(rows))
        evidence["region"] = REGION_POINTS * in_region
    if context.countries:
        evidence["country"] = COUNTRY_POINTS * np.isin(gaz.country[rows], context.countries)
    if context.raions:
        units = gaz.admin_units[rows].tolist()  # per place: its raion's, pre-2020 raion's and hromada's keys
        in_raion = np.zeros(len(rows), dtype=bool)
        for stem, where in context.raions:
            named = gaz.units_named(stem)
            hit = np.fromiter((not named.isdisjoint(keys) for keys in units), bool, len(rows))
            if where:  # "Pervomaisk City municipality, Luhansk oblast": not a namesake raion of another oblast
                hit &= np.isin(gaz.admin1[rows], where)
            in_raion |= hit
        evidence["raion"] = RAION_POINTS * in_raion
    lat, lon, uncertainty = gaz.lat[rows], gaz.lon[rows], gaz.uncertainty[rows]
    if context.anchors:
        alat, alon = np.array(context.anchors).T
        distance = haversine_km(lat[:, None], lon[:, None], alat, alon).min(axis=1)
        distance = np.fmax(np.nan_to_num(distance, nan=np.inf), uncertainty)
        evidence["proximity"] = PROXIMITY_POINTS * np.exp(-distance / PROXIMITY_KM)
    if context.directions:
        wrong = np.zeros(len(rows), dtype=bool)
        for direction, alat, alon in context.directions:
            distance = haversine_km(alat, alon, lat, lon)
            off = np.abs((_bearing(alat, alon, lat, lon) - direction.bearing + 180) % 360 - 180)
            side = (off > DIRECTION_TOLERANCE) & (distance > uncertainty)
            far = distance > 2 * direction.km + uncertainty if direction.km else np.zeros(len(rows), bool)
            wrong |= np.nan_to_num(side | far, nan=False).astype(bool)
        evidence["direction"] = DIRECTION_POINTS * wrong
    return evidence


def _evidence(gaz: Gazetteer, matches: Matches, context: Context, on: str) -> dict[str, np.ndarray]:
    """Evidence points per kind, each an array over the candidates."""
    rows = matches.rows
    static = gaz.static_evidence
    evidence = {"size": static.size[rows], "theatre": static.theatre[rows]}
    unlocated = static.unlocated[rows]
    if unlocated.any():
        evidence["unlocated"] = unlocated
    if context:
        evidence.update(_context_evidence(gaz, rows, context))
    renamed = (matches.valid_until != "") & (matches.valid_until <= on)
    city = static.city[rows]
    if city.any():
        said = sum((evidence[kind] for kind in CONTEXT_KINDS if kind in evidence), np.zeros(len(rows)))
        level = said >= said.max() - 1.0
        city = city * level  # only where the context prefers no other candidate
        if context:
            city = city * (said >= 1.0)  # and, when the context speaks, only where it speaks for the city
        if static.theatre_town[rows].any():
            city = city * (static.theatre[rows] > 0)
        if (level & ~renamed).any():  # a name the city dropped is not what a reader means while a place bears it
            city = city * ~renamed
        if city.any():
            evidence["city"] = city
    if renamed.any():
        evidence["renamed"] = RENAMED_POINTS * renamed
    return evidence


class _LazyEvidence(Mapping[str, float]):
    """A lone candidate's evidence, computed only when read: it is not needed to rank one match."""

    def __init__(self, compute: Callable[[], dict[str, float]]):
        self._compute: Callable[[], dict[str, float]] | None = compute
        self._points: dict[str, float] = {}

    def _read(self) -> dict[str, float]:
        if self._compute is not None:
            self._points, self._compute = self._compute(), None
        return self._points

    def __getitem__(self, kind: str) -> float:
        return self._read()[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def __repr__(self) -> str:
        return repr(self._read())


class RankedCandidates(Sequence[Candidate]):
    """Candidates best first, made into :class:`Candidate` objects only when read.

    ``evidence`` is a dict of arrays, or a function returning one (a lone match needs
    no evidence to be ranked, so it is only computed if someone asks why).
    """

    def __init__(self, gaz: Gazetteer, matches: Matches, evidence: dict[str, np.ndarray] | Callable[[], dict],
                 probability: np.ndarray, order: np.ndarray):
        self._gaz, self._matches, self._evidence = gaz, matches, evidence
        self._probability, self._order = probability, order

    def __len__(self) -> int:
        return len(self._order)

    def _evidence_of(self, k: int) -> dict[str, float]:
        if callable(self._evidence):
            self._evidence = self._evidence()
        return {kind: float(points[k]) for kind, points in self._evidence.items() if points[k] or kind == "size"}

    def _candidate(self, i: int) -> Candidate:
        k = int(self._order[i])
        evidence = _LazyEvidence(lambda: self._evidence_of(k)) if callable(self._evidence) else self._evidence_of(k)
        return Candidate(self._gaz.place(int(self._matches.rows[k])), self._matches.rules[k],
                         float(self._matches.quality[k]), evidence, float(self._probability[k]))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._candidate(i) for i in range(len(self))[index]]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._candidate(index)

    def __repr__(self) -> str:
        return f"<{len(self)} candidates>"


_ONE = np.ones(1)
_FIRST = np.zeros(1, dtype=int)


def _looser_inside(gaz: Gazetteer, name: str, regions: tuple[str, ...], matches: Matches) -> Matches:
    """Looser spellings of ``name`` inside ``regions``; a typo match never crosses a border from an exact theatre one."""
    loose = gaz.lookup_within(name, regions)
    exact = np.array([rule.startswith("exact") for rule in matches.rules])
    theatre = gaz.static_evidence.theatre[matches.rows] > 0
    countries = set(gaz.country[matches.rows[exact & theatre]].tolist())
    if not countries or not len(loose):
        return loose
    typo = np.array([rule.startswith("fuzzy") for rule in loose.rules])
    return loose.take(~typo | np.isin(gaz.country[loose.rows], list(countries)))


def _supported(evidence: Mapping[str, np.ndarray], k: int) -> bool:
    """Whether the context speaks for candidate ``k``."""
    return any(evidence[kind][k] >= 1.0 for kind in CONTEXT_KINDS if kind in evidence)


def resolve(gaz: Gazetteer, name: str, context: str | None = None, near: Iterable[Any] | None = None,
            on: date | str | None = None, fallback: Any = None, regions: Iterable[str] = ()) -> Resolution:
    """See :meth:`gazetteer.index.Gazetteer.resolve`."""
    matches = gaz.lookup(name)
    regions = tuple(dict.fromkeys([*regions, *(RegionFinder.default().find(context) if context else ())]))
    if not matches:
        if fallback is not None:
            return fallback.resolve(name, context=context)
        return Resolution(name, (), False, regions)
    if regions and not np.isin(gaz.admin1[matches.rows], regions).any():
        matches = matches.extend(_looser_inside(gaz, name, regions, matches))
    on_date = _as_date(on)
    fuzzy = matches.rules[0].startswith("fuzzy")

    def evidence() -> dict[str, np.ndarray]:
        read = _context(gaz, name, context, near, regions) if (context or near or regions) else Context()
        return _evidence(gaz, matches, read, on_date)

    if len(matches) == 1 and not fuzzy:
        return Resolution(name, RankedCandidates(gaz, matches, evidence, _ONE, _FIRST), False, regions)
    points = evidence()
    logits = QUALITY_WEIGHT * np.log(matches.quality)
    for values in points.values():
        logits = logits + values
    weights = np.exp(logits - logits.max())
    probability = weights / weights.sum()
    order = np.lexsort((matches.rows, -probability))
    best = probability[order[0]]
    second = probability[order[1]] if len(order) > 1 else 0.0
    ambiguous = bool(best < AMBIGUOUS_BELOW or best < AMBIGUOUS_RATIO * second)
    if matches.rules[order[0]].startswith("fuzzy") and not _supported(points, int(order[0])):
        ambiguous = True  # a typo-tolerant match alone is a guess
    return Resolution(name, RankedCandidates(gaz, matches, points, probability, order), ambiguous, regions)
