"""What an import kept and what it rejected, line by line."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Claim

__all__ = ["ImportReport", "record_lines"]


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
