"""Claims from a path, whatever it holds: a claim file (YAML, JSON, CSV) or a claims store.

>>> claims = load_claims("examples/kursk-2025-01-05.yaml")
>>> len(claims), claims[0].kind.value
(11, 'offensive')
"""
from __future__ import annotations

from pathlib import Path

from .model import Claim

__all__ = ["STORE_SUFFIXES", "load_claims"]

#: File names read as a claims store (GeoPackage) rather than a claim file.
STORE_SUFFIXES = (".gpkg",)


def load_claims(path: str | Path) -> list[Claim]:
    """Every claim in ``path``: a claim file (places resolved offline) or a claims GeoPackage.

    Raises ``FileNotFoundError`` for a path that does not exist (a store is never created
    by reading it), :class:`~frontmap.claimfile.ClaimFileError` for a bad claim file and
    :class:`~frontmap.store.StoreError` for a file that is not a usable store.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    if path.suffix.lower() in STORE_SUFFIXES:
        from .store import open_store

        return open_store(path, mode="r").query()
    from .claimfile import read_claims

    return read_claims(path)
