"""What an import kept and what it rejected, line by line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Claim

__all__ = ["ImportReport"]


@dataclass
class ImportReport:
    """Claims read from ``path`` and the rows rejected, as ``(line, reason)``."""

    path: Path
    claims: list[Claim] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.path}: {len(self.claims):,} claims read, {len(self.rejected):,} rows rejected"
