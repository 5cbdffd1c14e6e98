"""Typed exceptions, in the manner of ``geopy.exc``."""

from __future__ import annotations

from pathlib import Path

__all__ = ["GazetteerError", "SourceFormatError", "DataNotBuiltError"]


class GazetteerError(Exception):
    """Base class of every error the gazetteer raises on purpose."""


class SourceFormatError(GazetteerError, ValueError):
    """A source file is malformed; the message names the file, the line and the fix.

    >>> str(SourceFormatError("cities.tsv", 12, "latitude 'north' is not a number"))
    "cities.tsv, line 12: latitude 'north' is not a number"
    """

    def __init__(self, path: str | Path, line: int | None, problem: str):
        self.path, self.line, self.problem = Path(path), line, problem
        where = f"{path}, line {line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {problem}")


class DataNotBuiltError(GazetteerError, FileNotFoundError):
    """The embedded dataset is missing: rebuild it with ``python -m gazetteer.build``."""
