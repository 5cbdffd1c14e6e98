"""The gazetteer's runtime tables: one uncompressed ``.npz`` that loads without pandas or pyarrow.

The builder writes ``places.parquet`` and ``names.parquet`` for people and for the
APIs that return DataFrames; :func:`write_tables` derives from the same final frames
the few arrays that resolving needs, laid out so that loading is reading, not
computing: text columns as one UTF-8 blob each (split on first use), repeated text
(country, oblast, raion, kind, how a name was made) as small vocabularies and integer
codes, and each name key's rows grouped in advance (keys in order of first
appearance, so typo matching ranks ties as before). :class:`Tables` reads them back
with numpy alone, each array on first use.

>>> from gazetteer.index import DEFAULT_DATA
>>> tables = Tables(DEFAULT_DATA / TABLES_FILE)
>>> tables.text("place_id")[:1], tables.column("country")[:2].tolist()
(['curated:berdin'], ['RU', 'RU'])
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["Tables", "write_tables", "TABLES_FILE", "FORMAT_VERSION", "PLACE_TEXT", "PLACE_CODED", "RESOLVER_CODED", "ADMIN1_TEXT"]

TABLES_FILE = "tables.npz"
#: Bump when the layout below changes; the reader refuses other versions.
FORMAT_VERSION = 3
#: Place columns kept as one text per place.
PLACE_TEXT = ("id", "name", "name_local")
#: Place columns with few distinct values, kept as codes into a vocabulary: those a Place carries,
#: and the resolver's own (the raion before the 2020 reform, for "Artemivsk raion", and the hromada,
#: for "Horlivka City municipality").
PLACE_CODED = ("country", "admin1", "admin2", "kind", "precision", "sources")
RESOLVER_CODED = ("admin2_pre2020", "hromada")
#: Admin-1 columns kept (what the region finder and labels read).
ADMIN1_TEXT = ("iso", "name_en", "stems", "aliases")
_SEP = "\x1f"  # ASCII unit separator: never part of a name


def _blob(values: Iterable[str], what: str) -> np.ndarray:
    values = list(values)
    if any(_SEP in value for value in values):
        raise ValueError(f"{what}: a value holds the separator U+001F")
    return np.frombuffer(_SEP.join(values).encode("utf-8"), dtype=np.uint8)


def _codes(values: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Distinct values in order of first appearance, and each value's code."""
    index: dict[str, int] = {}
    codes = [index.setdefault(value, len(index)) for value in values]
    return list(index), np.asarray(codes, dtype=np.min_scalar_type(max(len(index) - 1, 0)))


def _strings(column: Any) -> list[str]:
    """A frame column as Python strings, "" for missing."""
    return ["" if value is None or value != value else str(value) for value in column.tolist()]


def write_tables(path: Path, places: Any, names: Any, admin1: Any) -> Path:
    """Write the runtime tables of the final ``places``, ``names`` and ``admin1`` frames to ``path``.

    ``names["place"]`` are row positions in ``places``; the frames are those the
    builder writes to Parquet.
    """
    from .names import KEY_VERSION

    arrays: dict[str, np.ndarray] = {
        "version": np.array([FORMAT_VERSION, KEY_VERSION], dtype=np.int32),
        "lat": places["lat"].to_numpy(dtype=float, na_value=np.nan),
        "lon": places["lon"].to_numpy(dtype=float, na_value=np.nan),
        "uncertainty_km": places["uncertainty_km"].to_numpy(dtype=float, na_value=np.nan),
        "population": places["population"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
    }
    for column in PLACE_TEXT:
        arrays[f"place_{column}"] = _blob(_strings(places[column]), f"places.{column}")
    for column in PLACE_CODED + RESOLVER_CODED:
        vocabulary, codes = _codes(_strings(places[column]))
        arrays[f"{column}_vocabulary"], arrays[f"{column}_codes"] = _blob(vocabulary, f"places.{column}"), codes
    arrays["name_place"] = names["place"].to_numpy(dtype=np.int32)
    for column in ("how", "valid_until"):
        vocabulary, codes = _codes(_strings(names[column]))
        arrays[f"{column}_vocabulary"], arrays[f"{column}_codes"] = _blob(vocabulary, f"names.{column}"), codes
    for column in ("fold", "skeleton"):
        keys, codes = _codes(_strings(names[column]))
        arrays[f"{column}_keys"] = _blob(keys, f"names.{column}")
        arrays[f"{column}_order"] = np.argsort(codes, kind="stable").astype(np.int32)
        arrays[f"{column}_starts"] = np.r_[0, np.cumsum(np.bincount(codes, minlength=len(keys)))].astype(np.int32)
    for column in ADMIN1_TEXT:
        arrays[f"admin1_{column}"] = _blob(_strings(admin1[column]), f"admin1.{column}")
    np.savez(path, **arrays)  # uncompressed: loading is a plain read
    return path


class Tables:
    """The runtime tables in ``path``, each array read on first use."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self._file = np.load(self.path)  # a missing file raises FileNotFoundError
        except (ValueError, EOFError, zipfile.BadZipFile) as exc:
            raise self._error(f"is not a table file ({exc})") from None
        version = self["version"].tolist()
        if version[0] != FORMAT_VERSION:
            raise self._error(f"has table format {version[0]}, this code reads {FORMAT_VERSION}")
        self.key_version = version[1]
        self._cached_bounds: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self._file[name]
        except (KeyError, TypeError, IndexError, zipfile.BadZipFile, ValueError) as exc:
            raise self._error(f"has no readable table {name!r} ({exc})") from None

    def _error(self, problem: str) -> Exception:
        from .errors import GazetteerError

        return GazetteerError(f"{self.path} {problem}; rebuild it with `python -m gazetteer.build`")

    def text(self, name: str) -> list[str]:
        """A text column (or vocabulary) as a list of strings."""
        return self[name].tobytes().decode("utf-8").split(_SEP)

    def text_at(self, name: str, row: int) -> str:
        """One value of a text column, without splitting the others."""
        blob, bounds = self._bounds(name)
        return blob[bounds[row] + 1 : bounds[row + 1]].tobytes().decode("utf-8")

    def _bounds(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """A text column's blob and the positions of its separators, with -1 and its length at the ends."""
        if name not in self._cached_bounds:
            blob = self[name]
            self._cached_bounds[name] = blob, np.r_[-1, np.flatnonzero(blob == ord(_SEP)), len(blob)]
        return self._cached_bounds[name]

    def column(self, name: str) -> np.ndarray:
        """A coded place column as an object array of strings."""
        return np.array(self.text(f"{name}_vocabulary"), dtype=object)[self[f"{name}_codes"]]

    def keys(self, name: str) -> tuple[list[str], list[int], np.ndarray]:
        """A name key (``fold`` or ``skeleton``): its distinct values, their start offsets and the row order."""
        return self.text(f"{name}_keys"), self[f"{name}_starts"].tolist(), self[f"{name}_order"].astype(np.intp)

    @cached_property
    def admin1(self) -> list[dict[str, str]]:
        """The admin-1 table as rows of :data:`ADMIN1_TEXT`."""
        columns = [self.text(f"admin1_{column}") for column in ADMIN1_TEXT]
        return [dict(zip(ADMIN1_TEXT, row, strict=True)) for row in zip(*columns, strict=True)]
