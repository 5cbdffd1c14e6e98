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

__all__ = ["Gazetteer", "Matches"]

DEFAULT_DATA = Path(__file__).parent / "data"
FUZZY_CUTOFF = 82.0
#: Fuzzy hits more than this many points below the best one are not candidates.
FUZZY_BAND = 2.0
VARIANT_QUALITY, FUZZY_QUALITY = 0.85, 0.8


@dataclass(frozen=True)
class Matches:
    """The places a name may mean: one entry per place, as parallel arrays.

    ``rows`` index the places table; ``rules`` say how each matched
    (``exact:uk-Latn-2010``, ``variant``, ``fuzzy:91``); ``quality`` is what the match
    is worth (1 for an official or transliterated form, less for rule-derived forms,
    variants and typos); ``valid_until`` is the renaming date of a historical name, or "".
    """

    rows: np.ndarray
    rules: list[str]
    quality: np.ndarray
    valid_until: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, keep: np.ndarray) -> Matches:
        """The matches where ``keep`` is true."""
        return Matches(self.rows[keep], [rule for rule, k in zip(self.rules, keep.tolist(), strict=True) if k],
                       self.quality[keep], self.valid_until[keep])

    def extend(self, other: Matches) -> Matches:
        """These matches followed by ``other``'s places that are not among them."""
        new = ~np.isin(other.rows, self.rows)
        return Matches(np.concatenate([self.rows, other.rows[new]]),
                       self.rules + [rule for rule, keep in zip(other.rules, new.tolist(), strict=True) if keep],
                       np.concatenate([self.quality, other.quality[new]]),
                       np.concatenate([self.valid_until, other.valid_until[new]]))


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
        self.uncertainty = places["uncertainty_km"].to_numpy(dtype=float)
        implied = np.array([_IMPLIED_POPULATION.get(kind, np.nan) for kind in places["kind"].tolist()])
        population = places["population"].to_numpy(dtype=float, na_value=np.nan)
        self.size = np.log10(np.clip(np.where(np.isnan(population), implied, population), 10, None))
        self._name_place = names["place"].to_numpy()
        self._name_how = names["how"].tolist()
        self._name_until = names["valid_until"].to_numpy(dtype=object)
        how_codes, hows = pd.factorize(names["how"])
        self._name_quality = np.array([_quality(how) for how in hows])[how_codes]
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
    def admin2_skeletons(self) -> np.ndarray:
        """Per place, a tuple: the skeletons of its raion's name without the word "Raion" ("Pokrovsk district")
        and of its pre-2020 raion's names (``admin2_pre2020``, ``|``-separated: "Bakhmut|Артемівськ")."""
        admin2 = self.places["admin2"].str.replace(r"\s+(?:Raion|Rayon|District)$", "", regex=True)
        old = self.places["admin2_pre2020"] if "admin2_pre2020" in self.places else pd.Series("", index=admin2.index)
        keys = {(new, before): tuple(skeleton(n) for n in (new, *before.split("|")) if n)
                for new, before in set(zip(admin2, old, strict=True))}
        result = np.empty(len(admin2), dtype=object)
        result[:] = [keys[pair] for pair in zip(admin2, old, strict=True)]
        return result

    @cached_property
    def static_evidence(self):
        """Per place, the evidence that does not depend on the query (a :class:`~gazetteer.resolve.StaticEvidence`)."""
        from .resolve import static_evidence

        return static_evidence(self)

    @cached_property
    def _skeletons_by_initial(self) -> dict[str, list[str]]:
        """Skeleton keys grouped by first letter: the fuzzy tier looks there first."""
        groups: dict[str, list[str]] = {}
        for key in self._by_skeleton:
            groups.setdefault(key[:1], []).append(key)
        return groups

    def place(self, row: int) -> Place:
        """The Place at ``row`` of the places table."""
        cached = self._place_cache.get(row)
        if cached is not None:
            return cached
        fields = {column: values[row] for column, values in self._columns.items()}
        population = fields["population"]
        place = Place(
            **fields | {"population": None if pd.isna(population) else int(population)},
            admin1_name=self.admin1_names.get(fields["admin1"], fields["admin1"]),
        )
        self._place_cache[row] = place
        return place

    @cached_property
    def _columns(self) -> dict[str, list]:
        """The places table as Python lists, made on the first Place built (not at load time)."""
        return {column: self.places[column].tolist() for column in _PLACE_FIELDS}

    @cached_property
    def _row_of_id(self) -> dict[str, int]:
        return {place_id: row for row, place_id in enumerate(self._columns["id"])}

    def row_of(self, place_id: str) -> int:
        """The row of the place with this id in :attr:`places`."""
        try:
            return self._row_of_id[place_id]
        except KeyError:
            raise KeyError(f"no place with id {place_id!r}") from None

    def get(self, place_id: str) -> Place:
        """The place with this id (``katottg:UA…``, ``geonames:…``, ``curated:…``)."""
        return self.place(self.row_of(place_id))

    def _gather(self, name_rows: np.ndarray, rules: list[str], quality: np.ndarray) -> Matches:
        """Matches from name-table rows, keeping each place's best match."""
        places = self._name_place[name_rows]
        if len(places) > 1:
            order = np.lexsort((-quality, places))
            first = np.ones(len(order), dtype=bool)
            first[1:] = places[order][1:] != places[order][:-1]
            keep = order[first]
            name_rows, places, quality = name_rows[keep], places[keep], quality[keep]
            rules = [rules[i] for i in keep.tolist()]
        return Matches(places, rules, quality, self._name_until[name_rows])

    def knows(self, name: str) -> bool:
        """Whether ``name`` is exactly (after folding) a name form of some place: a fast test.

        >>> Gazetteer.default().knows("Makhnivka"), Gazetteer.default().knows("Telegram")
        (True, False)
        """
        return fold(name) in self._by_fold

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The folded first word of every name form: a word not in it starts no known name.

        >>> "chasiv" in Gazetteer.default().first_words, "president" in Gazetteer.default().first_words
        (True, False)
        """
        return frozenset(key.split(" ", 1)[0] for key in self._by_fold)

    def lookup(self, name: str, fuzzy: bool = True) -> Matches:
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
            rows = self._fold_order[span[0] : span[1]]
            return self._gather(rows, [f"exact:{self._name_how[i]}" for i in rows.tolist()], self._name_quality[rows])
        skel = skeleton(name)
        span = self._by_skeleton.get(skel)
        if span is not None:
            rows = self._skel_order[span[0] : span[1]]
            return self._gather(rows, ["variant"] * len(rows), np.full(len(rows), VARIANT_QUALITY))
        hits = self._fuzzy_hits(skel) if fuzzy and len(skel) >= 4 else []
        parts = [
            (self._skel_order[slice(*self._by_skeleton[key_hit])], f"fuzzy:{similarity:.0f}", similarity)
            for key_hit, similarity, _ in hits if similarity >= hits[0][1] - FUZZY_BAND
        ]
        rows = np.concatenate([r for r, _, _ in parts]) if parts else np.empty(0, dtype=int)
        rules = [rule for r, rule, _ in parts for _ in range(len(r))]
        quality = np.concatenate([np.full(len(r), FUZZY_QUALITY * sim / 100) for r, _, sim in parts]) if parts else np.empty(0)
        return self._gather(rows, rules, quality)

    def lookup_within(self, name: str, admin1: Iterable[str]) -> Matches:
        """Places in the regions ``admin1`` that ``name`` may mean by a looser spelling (skeleton or typo)."""
        skel = skeleton(name)
        parts = []
        span = self._by_skeleton.get(skel)
        if span is not None:
            parts.append((self._skel_order[span[0] : span[1]], "variant", VARIANT_QUALITY))
        if len(skel) >= 4:
            hits = process.extract(skel, self._skeletons_by_initial.get(skel[:1], []), scorer=fuzz.ratio,
                                   score_cutoff=FUZZY_CUTOFF, limit=20)
            parts.extend((self._skel_order[slice(*self._by_skeleton[key])], f"fuzzy:{similarity:.0f}",
                          FUZZY_QUALITY * similarity / 100) for key, similarity, _ in hits if key != skel)
        if not parts:
            return self._gather(np.empty(0, dtype=int), [], np.empty(0))
        rows = np.concatenate([r for r, _, _ in parts])
        rules = [rule for r, rule, _ in parts for _ in range(len(r))]
        quality = np.concatenate([np.full(len(r), q) for r, _, q in parts])
        inside = np.isin(self.admin1[self._name_place[rows]], list(admin1))
        return self._gather(rows[inside], [rule for rule, keep in zip(rules, inside.tolist(), strict=True) if keep],
                            quality[inside])

    def _fuzzy_hits(self, skel: str) -> list[tuple[str, float, int]]:
        """Skeletons similar to ``skel``: those with its first letter, else all of them."""
        hits = process.extract(skel, self._skeletons_by_initial.get(skel[:1], []), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_CUTOFF, limit=8)
        if not hits:  # a typo in the first letter
            hits = process.extract(skel, list(self._by_skeleton), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8)
        return hits

    def resolve(self, name: str, context: str | None = None, near: Iterable[Any] | None = None,
                on: date | str | None = None, fallback: Any = None, regions: Iterable[str] = ()):
        """Resolve ``name`` to a :class:`~gazetteer.place.Resolution`, using context.

        ``context`` is free text around the name ("in the Kursk region", "near
        Kurakhove"); ``near`` holds places, resolutions, ``(lat, lon)`` pairs or names
        already resolved in the same report; ``on`` is the date of the report (for
        historical names); ``fallback`` an optional online geocoder (see
        :mod:`gazetteer.geocoder`), asked only when nothing offline matches;
        ``regions`` ISO 3166-2 codes of regions the caller already knows are meant
        (``"RU-KRS"``), counted like regions named in ``context``.
        """
        from .resolve import resolve

        return resolve(self, name, context=context, near=near, on=on, fallback=fallback, regions=regions)

    def resolve_many(self, names: Sequence[str] | pd.Series | pd.DataFrame, **kwargs: Any):
        """Resolve a column of names (with an optional ``context`` column): a GeoDataFrame."""
        from .batch import resolve_many

        return resolve_many(self, names, **kwargs)

    def reverse(self, lat: float, lon: float, **kwargs: Any):
        """The nearest place to a point, with distance, bearing and oblast."""
        from .reverse import reverse

        return reverse(self, lat, lon, **kwargs)


_PLACE_FIELDS = [
    "id", "name", "name_local", "country", "admin1", "admin2", "kind", "population", "lat", "lon",
    "precision", "uncertainty_km", "sources",
]
_IMPLIED_POPULATION = {"city": 20_000, "town": 3_000, "village": 500, "hamlet": 100}
