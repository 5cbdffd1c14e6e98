"""The contract every claim store keeps, whatever the engine.

A store is append-only: :meth:`ClaimStore.append` adds claims in one transaction
(all or nothing) and skips those already stored (same content id), so importing a
file twice adds nothing and many writers at once lose and duplicate nothing. A
correction is a new claim that supersedes the old one; nothing is edited in place.
"""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Claim
from .memory import bulk_allocation

if TYPE_CHECKING:
    import geopandas as gpd

    from .columns import ClaimBatch

__all__ = ["BadRowWarning", "ClaimStore", "Filters", "StoreError", "batched", "cutoff"]


class StoreError(RuntimeError):
    """A store cannot be used as asked; the message names it, says why and what to do."""


class BadRowWarning(UserWarning):
    """One stored claim could not be read; the others are returned (the message names it)."""


@dataclass(frozen=True)
class Filters:
    """What a query selects: events overlapping [start, end], and every other filter given.

    ``bbox`` is (min lon, min lat, max lon, max lat); ``place`` a gazetteer place id or a
    name as written; ``known_on`` keeps claims reported by then, minus those superseded
    by a claim reported by then.
    """

    start: date | str | None = None
    end: date | str | None = None
    kinds: Sequence[str] = ()
    sides: Sequence[str] = ()
    claimants: Sequence[str] = ()
    bbox: tuple[float, float, float, float] | None = None
    place: str | None = None
    known_on: date | datetime | str | None = None

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _day(value, name))
        for name in ("kinds", "sides", "claimants"):
            object.__setattr__(self, name, tuple(str(v) for v in getattr(self, name) or ()))
        for name, value in (*((n, v) for n in ("kinds", "sides", "claimants") for v in getattr(self, n)),
                            ("place", self.place or "")):
            if "\x00" in value:  # no engine stores such text (PostgreSQL refuses it)
                raise ValueError(f"{name} {value!r}: contains a NUL character")
        if self.bbox is not None:
            bbox = tuple(float(v) for v in self.bbox)
            if len(bbox) != 4 or not all(abs(v) <= 180 for v in bbox) or bbox[0] > bbox[2] or bbox[1] > bbox[3]:
                raise ValueError(f"bbox {self.bbox!r}: give MINLON MINLAT MAXLON MAXLAT in degrees")
            object.__setattr__(self, "bbox", bbox)


def _day(value: date | str, name: str) -> str:
    try:
        return (value if isinstance(value, date) else date.fromisoformat(str(value)[:10])).isoformat()[:10]
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None


def cutoff(value: date | datetime | str) -> datetime:
    """The UTC moment "as known on" means: a date counts to its last second.

    >>> cutoff("2025-01-05").isoformat(), cutoff("2025-01-05T16:30:00+02:00").isoformat()
    ('2025-01-05T23:59:59+00:00', '2025-01-05T14:30:00+00:00')
    """
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value or " " in value.strip() else date.fromisoformat(value)
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return datetime(value.year, value.month, value.day, 23, 59, 59, tzinfo=UTC)


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` items (the last one shorter).

    >>> [len(b) for b in batched(range(5), 2)]
    [2, 2, 1]
    """
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def report_bad_row(store: object, claim_id: str, problem: str) -> None:
    """Warn that one stored row cannot be read, naming the store, the claim and why."""
    warnings.warn(BadRowWarning(f"{store}: claim {claim_id} cannot be read and is left out ({problem})"), stacklevel=3)


class ClaimStore(ABC):
    """Claims in a store (GeoPackage file or PostGIS database): the operations every engine offers.

    Reading methods take the :class:`Filters` fields as keyword arguments.
    """

    #: Where the store is (a path or a URL without password), for messages.
    location: str

    #: Claims built and sent at a time.
    batch_size = 50_000

    def append(self, claims: Iterable[Claim]) -> int:
        """Store the claims in one transaction; returns how many were new (known ids are skipped)."""
        from .columns import stream

        stamp = datetime.now(UTC).isoformat()
        with bulk_allocation():
            return self.append_batches(stream(claims, self.batch_size, stamp, self._recorder()))

    def append_point_table(self, path: str | Path) -> int:
        """Store the point claims of a CSV table (:func:`frontmap.store.points.point_table_batches`): built
        column-wise, in one transaction, with bounded memory; returns how many were new."""
        from .points import point_table_batches

        stamp = datetime.now(UTC).isoformat()
        with bulk_allocation():
            return self.append_batches(point_table_batches(path, self.batch_size, stamp, self._recorder()))

    @abstractmethod
    def append_batches(self, batches: Iterable[ClaimBatch]) -> int:
        """Store claims given as column batches (:mod:`frontmap.store.columns`) in one transaction, like :meth:`append`."""

    def _recorder(self) -> str:
        """Who records the claims, for ``recorded_by``."""
        import getpass

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            import os

            return f"uid {os.getuid()}"

    @abstractmethod
    def batches(self, size: int = 10_000, **filters) -> Iterator[list[Claim]]:
        """The claims that match, ``size`` at a time, in the order they were stored.

        A row that cannot be read is left out with a :class:`BadRowWarning`; the rest are returned.
        """

    @abstractmethod
    def to_geodataframe(self, **filters) -> gpd.GeoDataFrame:
        """The claims that match as a GeoDataFrame (EPSG:4326), one row per claim, without building claims."""

    @abstractmethod
    def links(self, claim_id: str | None = None) -> list[tuple[str, str, str]]:
        """(claim, kind, target) of every link, or of the links from and to ``claim_id``."""

    @abstractmethod
    def __len__(self) -> int: ...

    def query(self, **filters) -> list[Claim]:
        """Every claim that matches the filters, in the order they were stored."""
        return [claim for batch in self.batches(**filters) for claim in batch]

    def get(self, claim_id: str) -> Claim:
        """The claim with this id; :class:`KeyError` if there is none."""
        found = self._get(claim_id)
        if found is None:
            raise KeyError(f"no claim {claim_id!r} in {self.location}")
        return found

    @abstractmethod
    def _get(self, claim_id: str) -> Claim | None: ...

    def superseded_by(self, claim_id: str) -> list[str]:
        """The ids of the claims that supersede ``claim_id``."""
        return [source for source, kind, target in self.links(claim_id) if kind == "supersedes" and target == claim_id]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"
