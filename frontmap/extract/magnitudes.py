"""Numbers with units in a sentence: km², clashes, vehicles by type, battalions, troops.

>>> [(m["value"], m["unit"], m["item"]) for m in magnitudes("Two tanks, a bulldozer and seven armored vehicles")]
[(2.0, 'vehicles', 'tank'), (1.0, 'vehicles', 'bulldozer'), (7.0, 'vehicles', 'armored vehicle')]
>>> magnitudes("nearly 3,600 square kilometers")[0]
{'value': 3600.0, 'unit': 'km2', 'item': '', 'approximate': True}
"""
from __future__ import annotations

import re

from .lexicon import APPROXIMATE, MAGNITUDES, WORD_NUMBERS

_PATTERNS = [(re.compile(r"\b" + pattern, re.I), unit, item) for pattern, unit, item in MAGNITUDES]
# Units the patterns need: a sentence without any of these words has no magnitude.
_UNIT_WORDS = re.compile(r"kilomet|km|clash|engagement|battle|of which|tank|bulldozer|armou?red|APC|vehicle|"
                         r"howitzer|truck|battalion|troops|soldiers|servicemen|drones", re.I)


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
    found = []
    if not _UNIT_WORDS.search(text):
        return []
    for pattern, unit, item in _PATTERNS:
        for match in pattern.finditer(text):
            label = item if item is not None else _singular(match.group(2))
            found.append((match.start(), {
                "value": _number(match.group(1)), "unit": unit, "item": label,
                "approximate": bool(APPROXIMATE.search(text[:match.start()])),
            }))
    return [m for _, m in sorted(found, key=lambda pair: pair[0])]
