"""The gazetteer's value types: a Place, a ranked Candidate and a Resolution."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from .licence import ATTRIBUTION

__all__ = ["Place", "Candidate", "Resolution"]


@dataclass(frozen=True)
class Place:
    """A populated place.

    ``precision`` says where the coordinate comes from: ``gazetteer`` (GeoNames
    main gazetteer), ``postal`` (GeoNames postal dump, checked against its oblast),
    ``osm`` (OpenStreetMap, © OpenStreetMap contributors, ODbL), ``estimated`` (a
    GeoNames estimate or a coordinate shared by namesakes), ``hromada`` (centre of the
    hromada's located settlements), ``approximate`` (curated, with ``uncertainty_km``)
    or ``none``: a settlement the official register lists but no source locates,
    whose ``lat``/``lon`` are NaN.
    """

    id: str
    name: str
    name_local: str
    country: str
    admin1: str
    admin1_name: str
    admin2: str
    kind: str
    population: int | None
    lat: float
    lon: float
    precision: str
    uncertainty_km: float
    sources: str

    @property
    def point(self):
        """The place as a shapely Point (lon, lat)."""
        from shapely import Point

        return Point(self.lon, self.lat)

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return {"type": "Point", "coordinates": (self.lon, self.lat)}

    def label(self) -> str:
        """``'Makhnovka (Sudzhanskiy Rayon, Kursk Oblast, RU)'``."""
        where = ", ".join(part for part in (self.admin2, self.admin1_name, self.country) if part)
        return f"{self.name} ({where})"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may mean, with why.

    ``rule`` is how the name matched (``exact:uk-Latn-2010``, ``exact:historical:ru``,
    ``variant``, ``fuzzy:91``); ``evidence`` holds the context points in favour
    (``region``, ``proximity``, ``size``, ``theatre``, ``renamed``); ``probability``
    is the candidate's share of the evidence among all candidates.
    """

    place: Place
    rule: str
    quality: float
    evidence: Mapping[str, float]
    probability: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": self.place.to_dict(),
            "rule": self.rule,
            "quality": round(self.quality, 3),
            "evidence": {k: round(v, 3) for k, v in self.evidence.items()},
            "probability": round(self.probability, 3),
        }


@dataclass(frozen=True)
class Resolution:
    """The answer to "which place does this name mean here?".

    ``place`` is the best candidate's place (``None`` if nothing matched),
    ``score`` = match quality x probability, ``ambiguous`` is true when the evidence
    cannot separate namesakes: then ``place`` is only the front runner, and a careful
    caller asks the user or adds context.
    """

    query: str
    candidates: Sequence[Candidate]
    ambiguous: bool
    regions: tuple[str, ...] = field(default=())

    @cached_property
    def best(self) -> Candidate | None:
        """The front runner (built once: candidates may be made on demand)."""
        return self.candidates[0] if self.candidates else None

    @property
    def place(self) -> Place | None:
        return self.best.place if self.best else None

    @property
    def rule(self) -> str | None:
        return self.best.rule if self.best else None

    @property
    def score(self) -> float:
        return self.best.quality * self.best.probability if self.best else 0.0

    @property
    def located(self) -> bool:
        """True when the front runner has coordinates (a known settlement may have none)."""
        return self.place is not None and self.place.lat == self.place.lat

    @property
    def resolved(self) -> bool:
        """True when a single place with a point was found with confidence."""
        return bool(self.candidates) and not self.ambiguous and self.located

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "resolved": self.resolved,
            "ambiguous": self.ambiguous,
            "located": self.located,
            "score": round(self.score, 3) if not math.isnan(self.score) else None,
            "rule": self.rule,
            "place": self.place.to_dict() if self.place else None,
            "regions": list(self.regions),
            "candidates": [c.to_dict() for c in self.candidates],
            "attribution": ATTRIBUTION,
        }
