"""What an import kept and what it rejected, line by line."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..model import Claim

__all__ = ["ImportReport", "record_lines", "read_export", "side_of_actor"]


@dataclass
class ImportReport:
    """Claims read from ``path`` and the rows rejected, as ``(line, reason)``."""

    path: Path
    claims: list[Claim] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.path}: {len(self.claims):,} claims read, {len(self.rejected):,} rows rejected"


def record_lines(path: Path, encoding: str = "utf-8") -> list[int]:
    """The line each CSV record starts on (quoted fields may hold line breaks), header excluded."""
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        starts = []
        while True:
            start = reader.line_num + 1
            if next(reader, None) is None:
                return starts
            starts.append(start)


def read_export(path: Path, required: list[str], encoding: str, what: str) -> pd.DataFrame:
    """A CSV export as strings, after checking it has the columns an importer needs."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}, line 1: not {what}, missing column(s) {missing}")
    return frame


def side_of_actor(actor: str) -> str:
    """The side an actor's name belongs to ("Military Forces of Ukraine (2019-)" -> ukraine)."""
    return "ukraine" if "Ukraine" in actor else "russia" if "Russia" in actor else "unknown"
