"""Reading context: which regions a text names, and which other place names it holds.

>>> regions = RegionFinder.default()
>>> regions.find("fighting in the Kursk region"), regions.find("у Донецькій області")
(('RU-KRS',), ('UA-14',))
>>> regions.find("Donetsk People's Republic"), regions.find("near Kurakhove")
(('UA-14',), ())
>>> regions.find("звільнення населених пунктів на Херсонщині"), regions.find("на Донеччині та Луганщині")
(('UA-65',), ('UA-14', 'UA-09'))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from .names import fold

__all__ = ["RegionFinder", "name_spans", "place_spans", "countries", "raion_stems", "council_stems", "directions", "Direction"]

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
    def from_rows(cls, admin1: Iterable[dict[str, str]]) -> RegionFinder:
        """Build from rows with ``iso``, ``stems`` and ``aliases`` (``|``-separated)."""
        iso_of: dict[str, str] = {}
        alternatives: list[str] = []
        for row in admin1:
            for stem in filter(None, row["stems"].split("|")):
                iso_of[fold(stem)] = row["iso"]
            for alias in filter(None, row["aliases"].split("|")):
                iso_of[fold(alias)] = row["iso"]
                # a region's -щина name is declined: Херсонщина, на Херсонщині, Херсонщину
                alternatives.append(re.escape(fold(alias)) + (r"\w*" if _DECLINED.search(alias) else ""))
        stems = "|".join(sorted((re.escape(s) for s in iso_of if not _is_alias(s, alternatives)), key=len, reverse=True))
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
        """The regions of the embedded gazetteer."""
        from .index import DEFAULT_DATA
        from .tables import TABLES_FILE, Tables

        return RegionFinder.from_rows(Tables(DEFAULT_DATA / TABLES_FILE).admin1)

    def find(self, text: str) -> tuple[str, ...]:
        """ISO 3166-2 codes of the regions ``text`` names, in order of first mention."""
        found: dict[str, None] = {}
        for match in self.pattern.finditer(fold(text)):
            key = match.group("stem") or match.group("stem2") or match.group("alias")
            while key not in self.iso_of:  # a declined -щина name: its alias is a prefix
                key = key[:-1]
            found[self.iso_of[key]] = None
        return tuple(found)


_DECLINED = re.compile(r"(?:щин|ччин|чин)$")


def _is_alias(key: str, alternatives: list[str]) -> bool:
    """Whether ``key`` is one of the alias patterns (a declined one ends in ``\\w*``)."""
    escaped = re.escape(key)
    return escaped in alternatives or escaped + r"\w*" in alternatives


_NAME_SPAN = re.compile(r"[A-ZА-ЯЄІЇҐ][\w'’ʼ-]*(?:\s+[A-ZА-ЯЄІЇҐ][\w'’ʼ-]*){0,2}")


def name_spans(text: str) -> Iterator[str]:
    """Capitalised runs of one to three words: the place names a context may hold.

    >>> list(name_spans("near Kurakhove and Chasiv Yar, not far from Sudzha"))
    ['Kurakhove', 'Chasiv Yar', 'Sudzha']
    """
    for match in _NAME_SPAN.finditer(text):
        yield match.group(0)


_REGION_AFTER = re.compile(rf"\s*(?:{_REGION_WORDS}|raion|rayon|район\w*|people's|народн\w*)(?!\w)", re.IGNORECASE)


def place_spans(text: str) -> Iterator[str]:
    """Name spans that are not the first word of a region or district ("Donetsk" of "Donetsk oblast").

    >>> list(place_spans("near Kurakhove, Donetsk Oblast, and in the Pokrovsk district"))
    ['Kurakhove']

    "Horlivka City municipality" (the city council's land) names the town Horlivka:

    >>> list(place_spans("Horlivka City municipality"))
    ['Horlivka']
    """
    for match in _NAME_SPAN.finditer(text):
        if not _REGION_AFTER.match(text, match.end()) and not _REGION_WORD.search(match.group(0)):
            yield _CITY_WORD.sub("", match.group(0))


_CITY_WORD = re.compile(r"(?<=\w)\s+City$")


_REGION_WORD = re.compile(rf"(?<!\w)(?:{_REGION_WORDS}|raion|rayon|район\w*)(?!\w)", re.IGNORECASE)
_COUNTRY_WORDS = {
    "UA": r"ukrain\w*|україн\w*|украин\w*",
    "RU": r"russia|russian federation|росі[яї]\w*|россия|россии|рф",
}
_COUNTRIES = {code: re.compile(rf"(?<!\w)(?:{words})(?!\w)") for code, words in _COUNTRY_WORDS.items()}


def countries(text: str) -> tuple[str, ...]:
    """ISO 3166-1 codes of the countries a text names as places ("in Ukraine", "Росія").

    >>> countries("a village in eastern Ukraine"), countries("Курская область России")
    (('UA',), ('RU',))
    """
    folded = fold(text)
    return tuple(code for code, pattern in _COUNTRIES.items() if pattern.search(folded))


_UNIT_NAME = r"[A-ZА-ЯЄІЇҐ][\w'’ʼ-]+(?:\s+[A-ZА-ЯЄІЇҐ][\w'’ʼ-]+)?"
_RAION = re.compile(
    rf"(?P<a>{_UNIT_NAME})\s+(?i:district|raion|rayon|район\w*|р-н)(?!\w)"
    r"|(?i:district|raion|rayon|район\w*)\s+(?:of\s+)?(?P<b>[A-ZА-ЯЄІЇҐ][\w'’ʼ-]+)"
)
#: A city council's land ("Horlivka City municipality", "Горлівська міська рада").
_COUNCIL = re.compile(
    rf"(?P<a>{_UNIT_NAME})\s+(?i:city\s+(?:municipality|council)|municipality|міськ\w*\s+рад\w*|міськрад\w*"
    r"|городск\w*\s+совет\w*|горсовет\w*)(?!\w)"
)


def raion_stems(text: str) -> tuple[str, ...]:
    """The names put before or after a district word ("Pokrovsk district", "Суджанского района").

    >>> raion_stems("in the Pokrovsk district and in Суджанского района")
    ('Pokrovsk', 'Суджанского')
    >>> raion_stems("Bakhmut Raion, Donetsk Oblast"), raion_stems("Velyka Novosilka raion")
    (('Bakhmut',), ('Velyka Novosilka',))
    """
    return tuple(dict.fromkeys(m.group("a") or m.group("b") for m in _RAION.finditer(text)))


def council_stems(text: str) -> tuple[str, ...]:
    """The towns whose council's land a text names ("Horlivka City municipality").

    >>> council_stems("Zhovanka, Horlivka City municipality"), council_stems("Торецька міська рада")
    (('Horlivka',), ('Торецька',))
    """
    return tuple(dict.fromkeys(_CITY_WORD.sub("", m.group("a")) for m in _COUNCIL.finditer(text)))


_BEARINGS = {
    "north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225, "west": 270,
    "northwest": 315,
}
_DIRECTION = re.compile(
    r"(?i:(?:(?P<km>\d+(?:[.,]\d+)?)\s*(?:km|kilomet(?:er|re)s?|км)\s+(?:to\s+the\s+)?)?"
    r"(?P<dir>(?:north|south)(?:[\s-]?(?:east|west))?|east|west)(?:ern|ward|wards)?\s+(?:of|from)\s+)"
    r"(?P<anchor>[A-ZА-ЯЄІЇҐ][\w'’ʼ-]*(?:\s+[A-ZА-ЯЄІЇҐ][\w'’ʼ-]*)?)"
)


@dataclass(frozen=True)
class Direction:
    """"5 km north-east of Sudzha": the bearing from the anchor (degrees), the distance if given."""

    bearing: float
    km: float | None
    anchor: str


def directions(text: str) -> tuple[Direction, ...]:
    """Directions relative to a named anchor.

    >>> directions("fighting 5 km north-east of Sudzha and south of Kurakhove")
    (Direction(bearing=45.0, km=5.0, anchor='Sudzha'), Direction(bearing=180.0, km=None, anchor='Kurakhove'))
    """
    found = []
    for match in _DIRECTION.finditer(text):
        anchor = match.group("anchor")
        key = re.sub(r"[\s-]", "", match.group("dir").lower())
        km = float(match.group("km").replace(",", ".")) if match.group("km") else None
        found.append(Direction(float(_BEARINGS[key]), km, anchor))
    return tuple(found)
