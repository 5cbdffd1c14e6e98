"""Claim stores: one :class:`ClaimStore` contract, a GeoPackage engine and a PostGIS engine.

:func:`open_store` opens either from a path or a ``postgresql://`` URL;
:func:`copy_store` moves claims between them with nothing lost.
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import BadRowWarning, ClaimStore, Filters, StoreError
from .gpkg import GeoPackageStore

__all__ = ["BadRowWarning", "ClaimStore", "Filters", "GeoPackageStore", "StoreError", "copy_store", "open_store"]

#: The environment variable that names the store when no location is given.
ENV = "FRONTMAP_STORE"


def _is_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def open_store(location: str | Path | None = None, *, mode: str = "r", init: bool = False) -> ClaimStore:
    """The store at ``location``: a GeoPackage path or a ``postgresql://`` URL (default: ``$FRONTMAP_STORE``).

    ``mode="r"`` opens it for reading only and refuses anything that is not a frontmap
    store; ``mode="w"`` creates a missing store and upgrades an older one; ``init=True``
    adds frontmap's tables to another tool's GeoPackage or to a database without them.
    Every failure is one :class:`StoreError` with a message for the user.

    >>> open_store("/nonexistent/claims.gpkg")
    Traceback (most recent call last):
    ...
    frontmap.store.base.StoreError: /nonexistent/claims.gpkg: no such store; create one with `frontmap claims import FILE --store PATH`
    """
    if mode not in ("r", "w"):
        raise ValueError(f"mode {mode!r}: give 'r' or 'w'")
    if location is None or str(location) == "":
        location = os.environ.get(ENV, "")
        if not location:
            raise StoreError(f"no store given: pass --store or set {ENV}")
    if _is_url(str(location)):
        from .postgis import PostGISStore

        return PostGISStore(str(location), mode=mode, init=init)
    return GeoPackageStore(Path(location), mode=mode, init=init)


def copy_store(source: str | Path | ClaimStore, target: str | Path | ClaimStore, *, batch: int = 50_000,
               init: bool = False) -> tuple[int, int]:
    """Copy every claim (with its recording time, links and supersessions) from ``source`` to ``target``.

    Returns (claims read, claims new in the target); claims the target holds already are
    skipped, so a copy can be repeated or resumed. Each batch is one transaction.
    """
    source = source if isinstance(source, ClaimStore) else open_store(source, mode="r")
    target = target if isinstance(target, ClaimStore) else open_store(target, mode="w", init=init)
    read = added = 0
    for claims in source.batches(batch):
        read += len(claims)
        added += target.append(claims)
    return read, added
