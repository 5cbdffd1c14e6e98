"""The in-memory name index over the embedded dataset.

>>> gaz = Gazetteer.default()
>>> gaz.resolve("Machnowka", context="in the Kursk region").place.name
'Makhnovka'
>>> gaz.resolve("Makhnivka").ambiguous
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from .errors import DataNotBuiltError, GazetteerError
from .names import KEY_VERSION, fold, skeleton
from .place import Place

__all__ = ["Gazetteer", "NameMatch"]

DEFAULT_DATA = Path(__file__).parent / "data"
FUZZY_CUTOFF = 82.0
#: Fuzzy hits more than this many points below the best one are not candidates.
FUZZY_BAND = 2.0


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A place a name form points at: which row, by what rule, valid until when."""

    row: int
    rule: str
    quality: float
    valid_until: str


def _quality(how: str) -> float:
    """How much an exact match on this kind of form is worth (rule-derived forms less)."""
    if "derived" in how:
        return 0.95
    if how.startswith("historical"):
        return 0.95
    return 1.0


def _slices(keys: pd.Series) -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
    """Group equal keys: the order that makes them contiguous and, per key, its slice of it."""
    codes, unique = pd.factorize(keys)
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, codes[order][1:] != codes[order][:-1]])
    ends = np.r_[starts[1:], len(codes)]
    return order, dict(zip(unique.tolist(), zip(starts.tolist(), ends.tolist(), strict=True), strict=True))


class Gazetteer:
    """Place names to places, offline.

    ``Gazetteer.default()`` loads the dataset embedded in the package; pass a folder
    built by ``python -m gazetteer.build --out DIR`` to use another.
    """

    def __init__(self, data_dir: str | Path = DEFAULT_DATA):
        data_dir = Path(data_dir)
        try:
            places = pd.read_parquet(data_dir / "places.parquet")
            names = pd.read_parquet(data_dir / "names.parquet", columns=["place", "how", "valid_until", "fold", "skeleton"])
            meta = json.loads((data_dir / "meta.json").read_text())
        except FileNotFoundError as exc:
            raise DataNotBuiltError(
                f"gazetteer data missing in {data_dir} ({exc.filename}); run `python -m gazetteer.build`"
            ) from None
        if meta.get("key_version") != KEY_VERSION:
            raise GazetteerError(
                f"{data_dir} was built with key version {meta.get('key_version')}, this code uses "
                f"{KEY_VERSION}; rebuild it with `python -m gazetteer.build`"
            )
        self.data_dir = data_dir
        self.meta = meta
        self.places = places
        self.lat = places["lat"].to_numpy(dtype=float)
        self.lon = places["lon"].to_numpy(dtype=float)
        self.admin1 = places["admin1"].to_numpy(dtype=object)
        self.country = places["country"].to_numpy(dtype=object)
        self.size = np.log10(
            places["population"].astype(float).fillna(places["kind"].map(_IMPLIED_POPULATION)).clip(lower=10)
        ).to_numpy()
        self._name_place = names["place"].to_numpy()
        self._name_how = names["how"].to_numpy(dtype=object)
        self._name_until = names["valid_until"].to_numpy(dtype=object)
        self._fold_order, self._by_fold = _slices(names["fold"])
        self._skel_order, self._by_skeleton = _slices(names["skeleton"])
        self._place_cache: dict[int, Place] = {}

    @staticmethod
    @cache
    def default() -> Gazetteer:
        """The embedded gazetteer, loaded once per process."""
        return Gazetteer()

    def __len__(self) -> int:
        return len(self.places)

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self):,} places from {self.data_dir}>"

    @cached_property
    def admin1_names(self) -> dict[str, str]:
        from .build import read_admin1

        table = read_admin1()
        return dict(zip(table["iso"], table["name_en"], strict=True))

    @cached_property
    def _skeleton_keys(self) -> list[str]:
        return list(self._by_skeleton)

    def place(self, row: int) -> Place:
        """The Place at ``row`` of the places table."""
        cached = self._place_cache.get(row)
        if cached is not None:
            return cached
        record = self.places.iloc[row]
        population = record["population"]
        place = Place(
            id=record["id"], name=record["name"], name_local=record["name_local"], country=record["country"],
            admin1=record["admin1"], admin1_name=self.admin1_names.get(record["admin1"], record["admin1"]),
            admin2=record["admin2"], kind=record["kind"],
            population=None if pd.isna(population) else int(population),
            lat=float(record["lat"]), lon=float(record["lon"]), precision=record["precision"],
            uncertainty_km=float(record["uncertainty_km"]), sources=record["sources"],
        )
        self._place_cache[row] = place
        return place

    def get(self, place_id: str) -> Place:
        """The place with this id (``katottg:UA…``, ``geonames:…``, ``curated:…``)."""
        rows = np.flatnonzero(self.places["id"].to_numpy() == place_id)
        if not len(rows):
            raise KeyError(f"no place with id {place_id!r}")
        return self.place(int(rows[0]))

    def _matches(self, order: np.ndarray, span: tuple[int, int], rule: str, quality: float | None) -> list[NameMatch]:
        found: dict[int, NameMatch] = {}
        for name_row in order[span[0] : span[1]]:
            row = int(self._name_place[name_row])
            how = self._name_how[name_row]
            match = NameMatch(row, f"{rule}:{how}" if quality is None else rule,
                              _quality(how) if quality is None else quality, self._name_until[name_row])
            best = found.get(row)
            if best is None or match.quality > best.quality:
                found[row] = match
        return list(found.values())

    def lookup(self, name: str, fuzzy: bool = True) -> list[NameMatch]:
        """Every place ``name`` may mean, by the first rule that finds any.

        Exact (folded) forms first, then the transliteration- and ending-blind
        skeleton, then (if ``fuzzy``) typo-tolerant similarity of skeletons.
        """
        if not isinstance(name, str):
            raise TypeError(f"a place name must be text, not {type(name).__name__} ({name!r})")
        key = fold(name)
        if not key:
            raise ValueError("the place name is empty; give a name such as 'Pokrovsk'")
        span = self._by_fold.get(key)
        if span is not None:
            return self._matches(self._fold_order, span, "exact", None)
        skel = skeleton(name)
        span = self._by_skeleton.get(skel)
        if span is not None:
            return self._matches(self._skel_order, span, "variant", 0.85)
        if not fuzzy or len(skel) < 4:
            return []
        hits = process.extract(skel, self._skeleton_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8)
        matches: dict[int, NameMatch] = {}
        for key_hit, similarity, _ in hits:
            if similarity < hits[0][1] - FUZZY_BAND:
                break
            for match in self._matches(self._skel_order, self._by_skeleton[key_hit],
                                       f"fuzzy:{similarity:.0f}", 0.8 * similarity / 100):
                if match.row not in matches or match.quality > matches[match.row].quality:
                    matches[match.row] = match
        return list(matches.values())

    def resolve(self, name: str, context: str | None = None, near: Iterable[Any] | None = None,
                on: date | str | None = None, fallback: Any = None):
        """Resolve ``name`` to a :class:`~gazetteer.place.Resolution`, using context.

        ``context`` is free text around the name ("in the Kursk region", "near
        Kurakhove"); ``near`` holds places, resolutions, ``(lat, lon)`` pairs or names
        already resolved in the same report; ``on`` is the date of the report (for
        historical names); ``fallback`` an optional online geocoder (see
        :mod:`gazetteer.geocoder`), asked only when nothing offline matches.
        """
        from .resolve import resolve

        return resolve(self, name, context=context, near=near, on=on, fallback=fallback)

    def resolve_many(self, names: Sequence[str] | pd.Series | pd.DataFrame, **kwargs: Any):
        """Resolve a column of names (with an optional ``context`` column): a GeoDataFrame."""
        from .resolve import resolve_many

        return resolve_many(self, names, **kwargs)

    def reverse(self, lat: float, lon: float, **kwargs: Any):
        """The nearest place to a point, with distance, bearing and oblast."""
        from .reverse import reverse

        return reverse(self, lat, lon, **kwargs)


_IMPLIED_POPULATION = {"city": 20_000, "town": 3_000, "village": 500, "hamlet": 100}
