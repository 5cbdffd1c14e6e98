"""Reading context: which regions a text names, and which other place names it holds.

>>> regions = RegionFinder.default()
>>> regions.find("fighting in the Kursk region"), regions.find("у Донецькій області")
(('RU-KRS',), ('UA-14',))
>>> regions.find("Donetsk People's Republic"), regions.find("near Kurakhove")
(('UA-14',), ())
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pandas as pd

from .names import fold

__all__ = ["RegionFinder", "name_spans"]

_REGION_WORDS = (
    r"oblast|oblast's|region|province|district|area|gebiet|obwod|krai|kray|"
    r"област\w*|обл|регіон\w*|регион\w*|край|краю"
)


@dataclass(frozen=True)
class RegionFinder:
    """Finds admin-1 regions named in free text ("Kursk region", "Курской области", "DPR")."""

    pattern: re.Pattern[str]
    iso_of: dict[str, str]

    @classmethod
    def from_table(cls, admin1: pd.DataFrame) -> RegionFinder:
        """Build from a table with ``iso``, ``stems`` and ``aliases`` columns (``|``-separated)."""
        iso_of: dict[str, str] = {}
        alternatives: list[str] = []
        for row in admin1.itertuples():
            for stem in filter(None, row.stems.split("|")):
                iso_of[fold(stem)] = row.iso
            for alias in filter(None, row.aliases.split("|")):
                iso_of[fold(alias)] = row.iso
                alternatives.append(re.escape(fold(alias)))
        stems = "|".join(sorted((re.escape(s) for s in iso_of if s not in alternatives), key=len, reverse=True))
        aliases = "|".join(sorted(alternatives, key=len, reverse=True))
        pattern = (
            rf"(?<!\w)(?P<stem>{stems})\w*\s+(?:{_REGION_WORDS})(?!\w)"
            rf"|(?<!\w)(?:{_REGION_WORDS})\s+(?:of\s+)?(?P<stem2>{stems})\w*"
            rf"|(?<!\w)(?P<alias>{aliases})(?!\w)"
        )
        return cls(re.compile(pattern), iso_of)

    @staticmethod
    @cache
    def default() -> RegionFinder:
        from .build import read_admin1

        return RegionFinder.from_table(read_admin1())

    def find(self, text: str) -> tuple[str, ...]:
        """ISO 3166-2 codes of the regions ``text`` names, in order of first mention."""
        found: dict[str, None] = {}
        for match in self.pattern.finditer(fold(text)):
            key = match.group("stem") or match.group("stem2") or match.group("alias")
            found[self.iso_of[key]] = None
        return tuple(found)


_NAME_SPAN = re.compile(r"[A-ZА-ЯЄІЇҐ][\w'’ʼ-]*(?:\s+[A-ZА-ЯЄІЇҐ][\w'’ʼ-]*){0,2}")


def name_spans(text: str) -> Iterator[str]:
    """Capitalised runs of one to three words: the place names a context may hold.

    >>> list(name_spans("near Kurakhove and Chasiv Yar, not far from Sudzha"))
    ['Kurakhove', 'Chasiv Yar', 'Sudzha']
    """
    for match in _NAME_SPAN.finditer(text):
        yield match.group(0)
