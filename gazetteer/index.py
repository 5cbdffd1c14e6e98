"""The in-memory name index over the embedded dataset.

>>> gaz = Gazetteer.default()
>>> gaz.resolve("Machnowka", context="in the Kursk region").place.name
'Makhnovka'
>>> gaz.resolve("Makhnivka").ambiguous
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import DataNotBuiltError, GazetteerError
from .names import KEY_VERSION, fold, skeleton
from .place import Place
from .tables import PLACE_CODED, PLACE_TEXT, TABLES_FILE, Tables
from .units import unit_key, units_named

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Gazetteer", "Matches"]

DEFAULT_DATA = Path(__file__).parent / "data"
FUZZY_CUTOFF = 82.0
#: Fuzzy hits more than this many points below the best one are not candidates.
FUZZY_BAND = 2.0
VARIANT_QUALITY, FUZZY_QUALITY = 0.85, 0.8
#: The place columns that name a place's administrative units (see :attr:`Gazetteer.admin_units`).
UNIT_COLUMNS = ("admin2", "admin2_pre2020", "hromada")
#: A raion's adjective ("Krasnoarmiiskyi", "Артемівського", "Torezka"): the town's name, its "sk" (or "k"
#: after a town ending in z or ts: Торез, Торезький), the ending.
_ADJECTIVE = re.compile(r"(.+?)(s['’ʼ]?k|ськ|ск|(?<=[zcзц])k|(?<=[зц])ьк|(?<=[зц])к)"
                        r"(?:yi|yy|iy|ij|ii|y|i|a|e|oho|ogo|oi|oye|oe|ий|ого|ому|а|ої|ой|ая|е|ое)", re.IGNORECASE)


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


class KeyIndex:
    """One name key's distinct values and, per value, its name-table rows (a slice of ``order``)."""

    def __init__(self, keys: list[str], starts: list[int], order: np.ndarray):
        self.keys, self.starts, self.order = keys, starts, order
        self.index = dict(zip(keys, range(len(keys))))

    def span(self, key: str) -> tuple[int, int] | None:
        """The slice of :attr:`order` that holds ``key``'s rows, or None."""
        i = self.index.get(key)
        return None if i is None else (self.starts[i], self.starts[i + 1])

    def rows(self, key: str) -> np.ndarray | None:
        """The name-table rows of ``key``, or None."""
        i = self.index.get(key)
        return None if i is None else self.order[self.starts[i] : self.starts[i + 1]]


class Gazetteer:
    """Place names to places, offline.

    ``Gazetteer.default()`` loads the dataset embedded in the package; pass a folder
    built by ``python -m gazetteer.build --out DIR`` to use another.
    """

    def __init__(self, data_dir: str | Path = DEFAULT_DATA):
        data_dir = Path(data_dir)
        try:
            meta = json.loads((data_dir / "meta.json").read_text())
            tables = Tables(data_dir / TABLES_FILE)
        except FileNotFoundError as exc:
            raise DataNotBuiltError(
                f"gazetteer data missing in {data_dir} ({exc.filename}); run `python -m gazetteer.build`"
            ) from None
        if meta.get("key_version") != KEY_VERSION or tables.key_version != KEY_VERSION:
            raise GazetteerError(
                f"{data_dir} was built with key version {meta.get('key_version')}, this code uses "
                f"{KEY_VERSION}; rebuild it with `python -m gazetteer.build`"
            )
        self.data_dir = data_dir
        self.meta = meta
        self.tables = tables
        self.lat = tables["lat"]
        self.lon = tables["lon"]
        self.admin1 = tables.column("admin1")
        self.country = tables.column("country")
        self.uncertainty = tables["uncertainty_km"]
        self.population = tables["population"]
        implied = np.array([_IMPLIED_POPULATION.get(kind, np.nan) for kind in tables.text("kind_vocabulary")])
        implied = implied[tables["kind_codes"]]
        self.size = np.log10(np.clip(np.where(np.isnan(self.population), implied, self.population), 10, None))
        self._name_place = tables["name_place"].astype(np.intp)  # numpy indexes fastest with intp
        hows = tables.text("how_vocabulary")
        self._how_codes = tables["how_codes"]
        self._exact_rules = [f"exact:{how}" for how in hows]
        self._name_quality = np.array([_quality(how) for how in hows])[self._how_codes]
        self.by_fold = KeyIndex(*tables.keys("fold"))
        self._place_cache: dict[int, Place] = {}
        self._units_named: dict[str, frozenset[str]] = {}

    @staticmethod
    @cache
    def default() -> Gazetteer:
        """The embedded gazetteer, loaded once per process."""
        return Gazetteer()

    def __len__(self) -> int:
        return len(self.lat)

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self):,} places from {self.data_dir}>"

    @cached_property
    def places(self) -> pd.DataFrame:
        """The places table (``places.parquet``) as a DataFrame, read on first use (it needs pandas)."""
        import pandas as pd

        return pd.read_parquet(self.data_dir / "places.parquet")

    @cached_property
    def by_skeleton(self) -> KeyIndex:
        """The rows of each name skeleton, read on the first lookup that needs it."""
        return KeyIndex(*self.tables.keys("skeleton"))

    @cached_property
    def admin1_names(self) -> dict[str, str]:
        return {row["iso"]: row["name_en"] for row in self.tables.admin1}

    @cached_property
    def admin_units(self) -> np.ndarray:
        """Per place, a tuple of the keys (:func:`~gazetteer.units.unit_key`) of its units: its raion, its
        pre-2020 raion's names (``admin2_pre2020``, ``|``-separated: "Bakhmut|Артемівськ") and its hromada."""
        codes = np.stack([self.tables[f"{column}_codes"].astype(np.intp) for column in UNIT_COLUMNS], axis=1)
        distinct, inverse = np.unique(codes, axis=0, return_inverse=True)
        vocabularies = [self.tables.text(f"{column}_vocabulary") for column in UNIT_COLUMNS]
        keys = np.empty(len(distinct), dtype=object)
        keys[:] = [tuple(dict.fromkeys(unit_key(name) for vocabulary, code in zip(vocabularies, row, strict=True)
                                       for name in vocabulary[code].split("|") if name))
                   for row in distinct.tolist()]
        return keys[inverse.ravel()]

    @cached_property
    def _unit_keys(self) -> frozenset[str]:
        return frozenset(key for keys in self.admin_units.tolist() for key in keys)

    def units_named(self, name: str) -> frozenset[str]:
        """The keys of the units (raions, pre-2020 raions, hromadas) that a district or council name means.

        A town renamed since (its former name is in the gazetteer) stands for its new
        name too: "Krasnoarmiiskyi" names the units of Pokrovsk (renamed in 2016). Of a
        two-word name that names nothing, the last word is tried ("In Pokrovsk").

        >>> gaz = Gazetteer.default()
        >>> sorted(gaz.units_named("Krasnoarmiiskyi") & {unit_key("Pokrovskyi Raion"), unit_key("Lymanskyi Raion")})
        ['pokrovsk']
        """
        if name not in self._units_named:
            keys = [unit_key(name), *(unit_key(form) for form in self._renamed_towns(name))]
            found = units_named(keys, self._unit_keys)
            words = name.split()
            if not found and len(words) > 1:
                found = self.units_named(words[-1])
            if len(self._units_named) >= 4096:  # a long run reads many contexts: keep the cache bounded
                self._units_named.clear()
            self._units_named[name] = found
        return self._units_named[name]

    def _renamed_towns(self, name: str) -> list[str]:
        """Current names (English, local) of the towns and cities that ``name`` (a noun or a raion's adjective) named before."""
        forms = [name]
        adjective = _ADJECTIVE.fullmatch(name)
        if adjective:
            forms += [adjective.group(1) + adjective.group(2), adjective.group(1)]
        found = []
        for form in forms:
            matches = self.lookup(form, fuzzy=False)
            for row, rule in zip(matches.rows.tolist(), matches.rules, strict=True):
                place = self.place(row)
                if "historical" in rule and place.kind in ("city", "town"):
                    found += [place.name, place.name_local]
        return found

    @cached_property
    def static_evidence(self):
        """Per place, the evidence that does not depend on the query (a :class:`~gazetteer.resolve.StaticEvidence`)."""
        from .resolve import static_evidence

        return static_evidence(self)

    @cached_property
    def _skeletons_by_initial(self) -> dict[str, list[str]]:
        """Skeleton keys grouped by first letter: the fuzzy tier looks there first."""
        groups: dict[str, list[str]] = {}
        for key in self.by_skeleton.keys:
            groups.setdefault(key[:1], []).append(key)
        return groups

    def where(self, column: str, values: Iterable[str]) -> np.ndarray:
        """Per place, whether its coded ``column`` (country, admin1, kind, ...) is one of ``values``."""
        values = set(values)
        vocabulary, codes = self._coded[column]
        return np.array([value in values for value in vocabulary], dtype=bool)[codes]

    def place(self, row: int) -> Place:
        """The Place at ``row`` of the places table."""
        cached = self._place_cache.get(row)
        if cached is not None:
            return cached
        fields = {column: self.tables.text_at(f"place_{column}", row) for column in PLACE_TEXT}
        fields |= {column: vocabulary[codes[row]] for column, (vocabulary, codes) in self._coded.items()}
        population = self.population[row]
        place = Place(
            **fields, population=None if population != population else int(population), lat=float(self.lat[row]),
            lon=float(self.lon[row]), uncertainty_km=float(self.uncertainty[row]),
            admin1_name=self.admin1_names.get(fields["admin1"], fields["admin1"]),
        )
        self._place_cache[row] = place
        return place

    @cached_property
    def _coded(self) -> dict[str, tuple[list[str], np.ndarray]]:
        """The places' coded columns: vocabulary and codes."""
        return {column: (self.tables.text(f"{column}_vocabulary"), self.tables[f"{column}_codes"])
                for column in PLACE_CODED}

    @cached_property
    def _row_of_id(self) -> dict[str, int]:
        return {place_id: row for row, place_id in enumerate(self.tables.text("place_id"))}

    def row_of(self, place_id: str) -> int:
        """The row of the place with this id in :attr:`places`."""
        try:
            return self._row_of_id[place_id]
        except KeyError:
            raise KeyError(f"no place with id {place_id!r}") from None

    def get(self, place_id: str) -> Place:
        """The place with this id (``katottg:UA…``, ``geonames:…``, ``curated:…``)."""
        return self.place(self.row_of(place_id))

    @cached_property
    def _name_until(self) -> np.ndarray:
        """Per name-table row, the renaming date ("" for a current name)."""
        untils = np.array(self.tables.text("valid_until_vocabulary"), dtype=object)
        return untils[self.tables["valid_until_codes"]]

    def valid_until(self, name_rows: np.ndarray) -> np.ndarray:
        """The renaming date ("" for a current name) of each name-table row."""
        return self._name_until[name_rows]

    def exact_rules(self, name_rows: np.ndarray) -> list[str]:
        """``exact:<how>`` for each name-table row."""
        return [self._exact_rules[code] for code in self._how_codes[name_rows].tolist()]

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
        return Matches(places, rules, quality, self.valid_until(name_rows))

    def knows(self, name: str) -> bool:
        """Whether ``name`` is exactly (after folding) a name form of some place: a fast test.

        >>> Gazetteer.default().knows("Makhnivka"), Gazetteer.default().knows("Telegram")
        (True, False)
        """
        return fold(name) in self.by_fold.index

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The folded first word of every name form: a word not in it starts no known name.

        >>> "chasiv" in Gazetteer.default().first_words, "president" in Gazetteer.default().first_words
        (True, False)
        """
        return frozenset(key.split(" ", 1)[0] for key in self.by_fold.keys)

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
        rows = self.by_fold.rows(key)
        if rows is not None:
            return self._gather(rows, self.exact_rules(rows), self._name_quality[rows])
        skel = skeleton(name)
        rows = self.by_skeleton.rows(skel)
        if rows is not None:
            return self._gather(rows, ["variant"] * len(rows), np.full(len(rows), VARIANT_QUALITY))
        hits = self._fuzzy_hits(skel) if fuzzy and len(skel) >= 4 else []
        parts = [
            (self._current(self.by_skeleton.rows(key_hit)), f"fuzzy:{similarity:.0f}", similarity)
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
        rows = self.by_skeleton.rows(skel)
        if rows is not None:
            parts.append((rows, "variant", VARIANT_QUALITY))
        if len(skel) >= 4:
            from rapidfuzz import fuzz, process

            hits = process.extract(skel, self._skeletons_by_initial.get(skel[:1], []), scorer=fuzz.ratio,
                                   score_cutoff=FUZZY_CUTOFF, limit=20)
            parts.extend((self._current(self.by_skeleton.rows(key)), f"fuzzy:{similarity:.0f}",
                          FUZZY_QUALITY * similarity / 100) for key, similarity, _ in hits if key != skel)
        if not parts:
            return self._gather(np.empty(0, dtype=int), [], np.empty(0))
        rows = np.concatenate([r for r, _, _ in parts])
        rules = [rule for r, rule, _ in parts for _ in range(len(r))]
        quality = np.concatenate([np.full(len(r), q) for r, _, q in parts])
        inside = np.isin(self.admin1[self._name_place[rows]], list(admin1))
        return self._gather(rows[inside], [rule for rule, keep in zip(rules, inside.tolist(), strict=True) if keep],
                            quality[inside])

    def _current(self, name_rows: np.ndarray) -> np.ndarray:
        """The current names among ``name_rows``: a typo-tolerant match is never made on a former name
        (Червоний Лан, Nekryte's name until 2016, is no typo of Червоний Лиман)."""
        return name_rows[self._name_until[name_rows] == ""]

    def _fuzzy_hits(self, skel: str) -> list[tuple[str, float, int]]:
        """Skeletons similar to ``skel``: those with its first letter, else all of them."""
        from rapidfuzz import fuzz, process

        hits = process.extract(skel, self._skeletons_by_initial.get(skel[:1], []), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_CUTOFF, limit=8)
        if not hits:  # a typo in the first letter
            hits = process.extract(skel, self.by_skeleton.keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8)
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


_IMPLIED_POPULATION = {"city": 20_000, "town": 3_000, "village": 500, "hamlet": 100}
