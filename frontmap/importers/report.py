"""What an import kept and what it rejected, line by line; reading a CSV export safely."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..model import Claim, ClaimError
from ..validate import InputFileError, encoding_of, short

__all__ = ["ImportReport", "MAX_EXPORT_BYTES", "read_export", "reason", "side_of_actor"]

#: The largest export read (ACLED's whole Ukraine export is ~200 MB).
MAX_EXPORT_BYTES = 1 << 30


@dataclass
class ImportReport:
    """Claims read from ``path`` and the rows rejected, as ``(line, reason)``."""

    path: Path
    claims: list[Claim] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.path}: {len(self.claims):,} claims read, {len(self.rejected):,} rows rejected"


def reason(error: ClaimError) -> str:
    """A rejected row's reason: the field, its value (shortened) and what is wrong.

    >>> reason(ClaimError("best", "x" * 500, "is not a number"))
    "best 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (500 characters) is not a number"
    """
    return f"{error.field} {short(error.value)} {error.problem}"


def read_export(path: Path, columns: list[str], encodings: tuple[str, ...], what: str, required: int | None = None
                ) -> tuple[pd.DataFrame, list[int], list[tuple[int, str]]]:
    """The ``columns`` of a CSV export as strings, the line each row starts on, and the rows rejected
    for their shape. The first ``required`` columns (all by default) must be in the header, once.

    The file is streamed, never held whole: a byte-order mark is accepted; a row with more or fewer
    cells than the header is rejected at its line, not shifted into other columns.
    """
    encoding = encoding_of(path, MAX_EXPORT_BYTES, what, encodings)
    rows, lines, rejected = [], [], []
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if not header:
                raise InputFileError(path, f"is empty; expected {what} with the columns {', '.join(columns)}", line=1)
            missing = [c for c in columns[:required] if c not in header]
            if missing:
                raise InputFileError(path, f"not {what}, missing column(s) {missing}", line=1)
            twice = sorted({c for c in header if header.count(c) > 1})
            if twice:
                raise InputFileError(path, f"column(s) {twice} appear more than once in the header; keep one of "
                                           "each", line=1)
            keep = [header.index(c) for c in columns if c in header]
            while True:
                start = reader.line_num + 1
                row = next(reader, None)
                if row is None:
                    break
                if not row:
                    continue
                if len(row) != len(header):
                    rejected.append((start, f"{len(row)} cells where the header has {len(header)}"))
                    continue
                rows.append([row[i] for i in keep])
                lines.append(start)
        except csv.Error as error:
            problem = (f"a cell is longer than {csv.field_size_limit():,} characters" if "field larger" in str(error)
                       else f"not valid CSV ({error})")
            raise InputFileError(path, problem, line=reader.line_num) from None
    return pd.DataFrame(rows, columns=[header[i] for i in keep], dtype=str), lines, rejected


def side_of_actor(actor: str) -> str:
    """The side an actor's name belongs to ("Military Forces of Ukraine (2019-)" -> ukraine)."""
    return "ukraine" if "Ukraine" in actor else "russia" if "Russia" in actor else "unknown"
