"""Choosing among namesakes: evidence from context, size and the theatre of war.

Each candidate collects evidence points, added to ``4 * log(match quality)``; a
softmax over candidates gives each its probability. The points:

============  =====================================================================
region        +4 when the context names the candidate's oblast ("in the Kursk region")
proximity     up to +6, falling with distance (15 km scale) to places named nearby
size          +0.5 per order of magnitude of population (or what its kind implies)
theatre       +1.5 in Ukraine or Russia's border oblasts, where the war is reported
renamed       -1.5 when only a name dropped before the report's date matched
============  =====================================================================

A resolution is ``ambiguous`` when the front runner's probability is below 0.5 or
it is less than three times as likely as the runner-up: the evidence does not
separate the namesakes and the caller must not guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from .context import RegionFinder, name_spans
from .distance import haversine_km
from .names import fold
from .place import Candidate, Place, Resolution

if TYPE_CHECKING:
    from .index import Gazetteer, Matches

__all__ = ["resolve", "static_evidence", "RankedCandidates", "THEATRE", "AMBIGUOUS_BELOW", "AMBIGUOUS_RATIO"]

THEATRE = frozenset({"RU-KRS", "RU-BEL", "RU-BRY"})
AMBIGUOUS_BELOW, AMBIGUOUS_RATIO = 0.5, 3.0
REGION_POINTS, PROXIMITY_POINTS, PROXIMITY_KM = 4.0, 6.0, 15.0
SIZE_POINTS, THEATRE_POINTS, RENAMED_POINTS, QUALITY_WEIGHT = 0.5, 1.5, -1.5, 4.0


def _as_date(on: date | str | None) -> str:
    """``on`` as an ISO date string; today when None."""
    if on is None:
        return date.today().isoformat()
    if isinstance(on, date):
        return on.isoformat()
    from dateutil.parser import parse

    try:
        return parse(on).date().isoformat()
    except (ValueError, OverflowError):
        raise ValueError(f"on={on!r} is not a date; write it like 2025-01-05") from None


def static_evidence(gaz: Gazetteer) -> tuple[np.ndarray, np.ndarray]:
    """Size and theatre points of every place (see :attr:`Gazetteer.static_evidence`)."""
    in_theatre = (gaz.country == "UA") | np.isin(gaz.admin1, list(THEATRE))
    return SIZE_POINTS * gaz.size, np.where(in_theatre, THEATRE_POINTS, 0.0)


def _anchor_points(gaz: Gazetteer, name: str, context: str | None, near: Iterable[Any] | None) -> list[tuple[float, float]]:
    """Coordinates of the places the caller or the context puts near the name."""
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
    if context:
        own = fold(name)
        names.extend(span for span in name_spans(context) if fold(span) != own)
    size, theatre = gaz.static_evidence
    for other in dict.fromkeys(names):
        matches = gaz.lookup(other, fuzzy=False) if fold(other) else None
        if matches:
            best = matches.rows[np.argmax(size[matches.rows] + theatre[matches.rows])]
            points.append((gaz.lat[best], gaz.lon[best]))
    return points


def _evidence(gaz: Gazetteer, matches: Matches, regions: tuple[str, ...],
              anchors: list[tuple[float, float]], on: str) -> dict[str, np.ndarray]:
    """Evidence points per kind, each an array over the candidates."""
    rows = matches.rows
    size, theatre = gaz.static_evidence
    evidence = {"size": size[rows], "theatre": theatre[rows]}
    if regions:
        in_region = np.fromiter((admin1 in regions for admin1 in gaz.admin1[rows].tolist()), bool, len(rows))
        evidence["region"] = REGION_POINTS * in_region
    if anchors:
        lat, lon = np.array(anchors).T
        distance = haversine_km(gaz.lat[rows][:, None], gaz.lon[rows][:, None], lat, lon).min(axis=1)
        evidence["proximity"] = PROXIMITY_POINTS * np.exp(-distance / PROXIMITY_KM)
    renamed = (matches.valid_until != "") & (matches.valid_until <= on)
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


def resolve(gaz: Gazetteer, name: str, context: str | None = None, near: Iterable[Any] | None = None,
            on: date | str | None = None, fallback: Any = None, regions: Iterable[str] = ()) -> Resolution:
    """See :meth:`gazetteer.index.Gazetteer.resolve`."""
    matches = gaz.lookup(name)
    regions = tuple(dict.fromkeys([*regions, *(RegionFinder.default().find(context) if context else ())]))
    if not matches:
        if fallback is not None:
            return fallback.resolve(name, context=context)
        return Resolution(name, (), False, regions)
    on_date = _as_date(on)

    def evidence() -> dict[str, np.ndarray]:
        anchors = _anchor_points(gaz, name, context, near) if (context or near) else []
        return _evidence(gaz, matches, regions, anchors, on_date)

    if len(matches) == 1:
        return Resolution(name, RankedCandidates(gaz, matches, evidence, _ONE, _FIRST), False, regions)
    points = evidence()
    logits = QUALITY_WEIGHT * np.log(matches.quality)
    for values in points.values():
        logits += values
    weights = np.exp(logits - logits.max())
    probability = weights / weights.sum()
    order = np.lexsort((matches.rows, -probability))
    best, second = probability[order[0]], probability[order[1]]
    ambiguous = bool(best < AMBIGUOUS_BELOW or best < AMBIGUOUS_RATIO * second)
    return Resolution(name, RankedCandidates(gaz, matches, points, probability, order), ambiguous, regions)
