"""Numbers with units in a sentence: km², clashes, vehicles by type, battalions, troops.

>>> [(m["value"], m["unit"], m["item"]) for m in magnitudes("Two tanks, a bulldozer and seven armored vehicles")]
[(2.0, 'vehicles', 'tank'), (1.0, 'vehicles', 'bulldozer'), (7.0, 'vehicles', 'armored vehicle')]
>>> magnitudes("nearly 3,600 square kilometers")[0]
{'value': 3600.0, 'unit': 'km2', 'item': '', 'approximate': True}
"""
from __future__ import annotations

import re

from .lexicon import APPROXIMATE, MAGNITUDES, WORD_NUMBERS

_PATTERNS = [(re.compile(r"\b" + pattern, re.IGNORECASE), unit, item, frozenset(words.split()))
             for pattern, unit, item, words in MAGNITUDES]
def _number(text: str) -> float:
    word = text.lower()
    return float(WORD_NUMBERS[word]) if word in WORD_NUMBERS else float(text.replace(",", ""))


def _singular(noun: str) -> str:
    noun = noun.lower()
    for plural, single in (("ies", "y"), ("ches", "ch"), ("s", "")):
        if noun.endswith(plural) and not noun.endswith("ss"):
            return noun[: -len(plural)] + single
    return noun


def magnitudes(text: str) -> list[dict]:
    """Magnitudes in order of appearance, as claim-file mappings."""
    from .text import words_of

    found = []
    words = words_of(text)
    for pattern, unit, item, needs in _PATTERNS:
        if not words & needs:
            continue
        for match in pattern.finditer(text):
            label = item if item is not None else _singular(match.group(2))
            found.append((match.start(), {
                "value": _number(match.group(1)), "unit": unit, "item": label,
                "approximate": bool(APPROXIMATE.search(text[:match.start()])),
            }))
    return [m for _, m in sorted(found, key=lambda pair: pair[0])]
