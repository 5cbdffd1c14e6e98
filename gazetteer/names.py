"""Name keys and name forms.

Two keys make names comparable:

* :func:`fold` is exact matching made forgiving of case, apostrophes, soft signs,
  diacritics on Latin letters, dashes and spacing;
* :func:`skeleton` goes further and forgets the transliteration system and the
  Ukrainian/Russian ending pairs (-ivka/-ovka, -ove/-ovo, -iv/-ov, -ske/-skoye).

>>> fold("Kup’yans'k") == fold("KUPYANSK")
True
>>> skeleton("Kurakhove") == skeleton("Kurakhovo") == skeleton("Курахово")
True
>>> skeleton("Makhnivka") == skeleton("Махновка") == skeleton("Makhnovka")
True
>>> skeleton("Krasnoarmeysk") == skeleton("Krasnoarmiisk")
True
>>> skeleton("Makiyivka") == skeleton("Makiivka") == skeleton("Макіївка")
True
>>> skeleton("Verbovoye") == skeleton("Verbove"), skeleton("Vodyanoye") == skeleton("Vodiane")
(True, True)

:func:`name_forms` expands a place's Cyrillic name into every written form the
index should know, each tagged with how it was made.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .translit import SYSTEMS_RU, SYSTEMS_UK, neutral, ru_from_uk, uk_from_ru

__all__ = ["fold", "skeleton", "name_forms", "is_cyrillic", "KEY_VERSION"]

#: Bump when fold() or skeleton() change: the embedded index stores their output.
KEY_VERSION = 2

_APOSTROPHES = "'’ʼ`´ʹ\"″‘“”«»ьъЬЪ"


def _latin_fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord(c): "" for c in _APOSTROPHES}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch)[:1]
        if base.isascii() and base.isalpha() and base != ch:
            table[code] = base.lower()
    table.update({ord("ß"): "ss", ord("ł"): "l", ord("Ł"): "l", ord("ø"): "o", ord("đ"): "d",
                  ord("ё"): "е", ord("Ё"): "е", ord("ґ"): "г", ord("Ґ"): "г"})
    return table


_FOLD = _latin_fold_table()
_SPACES = re.compile(r"[\s\-‐‑‒–—_/.,()]+")


def fold(name: str) -> str:
    """Case-, apostrophe- and diacritic-insensitive form of a name; Cyrillic stays Cyrillic.

    >>> fold("  Kup'yans'k ") , fold("Торецьк"), fold("Machnówka"), fold("Chasiv-Yar")
    ('kupyansk', 'торецк', 'machnowka', 'chasiv yar')
    """
    if name.isalpha():  # one plain word: no separators to squeeze (the commonest case, kept fast)
        return name.translate(_FOLD).lower()
    return _SPACES.sub(" ", name.translate(_FOLD).lower()).strip()


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def is_cyrillic(text: str) -> bool:
    """True if ``text`` contains a Cyrillic letter."""
    return bool(_CYRILLIC.search(text))


# Applied in order to a folded Latin name. Multigraphs first, then letters, then the
# vowel clusters that differ between transliteration systems.
_SKELETON_GRAPHS = [
    ("schtsch", "S"), ("shch", "S"), ("tsch", "C"), ("sch", "S"), ("zh", "Z"), ("kh", "H"),
    ("ch", "C"), ("sh", "S"), ("ts", "C"), ("tz", "C"), ("cz", "C"), ("sz", "S"),
    ("w", "v"), ("x", "ks"), ("q", "k"), ("h", "g"), ("j", "i"), ("y", "i"),
    ("ie", "e"), ("iu", "u"), ("io", "o"), ("ia", "a"), ("ii", "i"), ("ei", "i"),
]
_SKELETON_ENDINGS = re.compile(
    r"(?:(?P<vka>[ioe]vka)|(?P<vo>[oe]v(?:oe|[oe]))|(?P<noe>noe)|(?P<ino>in[oe])|(?P<sko>sk(?:oe|o|e))|(?P<ov>[ioe]v))\b"
)
_ENDING_OF = {"vka": "ovka", "vo": "ovo", "noe": "ne", "ino": "ino", "sko": "sko", "ov": "ov"}
_DOUBLES = re.compile(r"(.)\1+")
_I_RUNS = re.compile(r"i{2,}")


def skeleton(name: str) -> str:
    """A lossy key that survives transliteration systems and uk/ru ending pairs.

    >>> skeleton("Kup'yansk"), skeleton("Kupiansk"), skeleton("Kupjansk")
    ('kupansk', 'kupansk', 'kupansk')
    """
    text = fold(neutral(name) if is_cyrillic(name) else name)
    for old, new in _SKELETON_GRAPHS:
        text = text.replace(old, new)
    text = _I_RUNS.sub("i", text)  # Makiyivka, Makiivka: -iyi- and -ii- are one sound
    text = _SKELETON_ENDINGS.sub(lambda m: _ENDING_OF[m.lastgroup], text)
    return _DOUBLES.sub(r"\1", text).replace(" ", "").lower()


def name_forms(name: str, language: str, kind: str = "official") -> Iterator[tuple[str, str]]:
    """Every written form of a Cyrillic name as ``(form, how)`` pairs.

    ``language`` is ``"uk"`` or ``"ru"``: the language ``name`` is written in. The
    other language's form is derived by rule (``ru-derived`` / ``uk-derived``).
    ``kind`` prefixes the tag for non-official names, e.g. ``historical``.

    >>> sorted({f for f, _ in name_forms("Махновка", "ru")})[:4]
    ['Machniwka', 'Machnowka', 'Makhnivka', 'Makhnovka']
    """
    prefix = "" if kind == "official" else f"{kind}:"
    if language == "uk":
        own, other, own_systems, other_systems = name, ru_from_uk(name), SYSTEMS_UK, SYSTEMS_RU
    elif language == "ru":
        own, other, own_systems, other_systems = name, uk_from_ru(name), SYSTEMS_RU, SYSTEMS_UK
    else:
        raise ValueError(f"language must be 'uk' or 'ru', not {language!r}")
    other_language = "ru" if language == "uk" else "uk"
    yield own, f"{prefix}{language}"
    for system, romanise in own_systems.items():
        yield romanise(own), f"{prefix}{system if system != 'de' else language + '-de'}"
    yield other, f"{prefix}{other_language}-derived"
    for system, romanise in other_systems.items():
        yield romanise(other), f"{prefix}{other_language}-derived:{system}"
