"""Numbers with units in a sentence: km², clashes, vehicles by type, battalions, troops.

>>> [(m["value"], m["unit"], m["item"]) for m in magnitudes("Two tanks, a bulldozer and seven armored vehicles")]
[(2.0, 'vehicles', 'tank'), (1.0, 'vehicles', 'bulldozer'), (7.0, 'vehicles', 'armored vehicle')]
>>> magnitudes("nearly 3,600 square kilometers")[0]
{'value': 3600.0, 'unit': 'km2', 'item': '', 'approximate': True}
"""
from __future__ import annotations

from .lexicon import APPROXIMATE, MAGNITUDES, WORD_NUMBERS
from .table import words_of


def _number(text: str) -> float:
    word = text.lower()
    return float(WORD_NUMBERS[word]) if word in WORD_NUMBERS else float(text.replace(",", ""))


def _singular(noun: str) -> str:
    noun = noun.lower()
    for plural, single in (("ies", "y"), ("ches", "ch"), ("s", "")):
        if noun.endswith(plural) and not noun.endswith("ss"):
            return noun[: -len(plural)] + single
    return noun


def magnitudes(text: str, words: frozenset[str] | None = None) -> list[dict]:
    """Magnitudes in order of appearance, as claim-file mappings (``words``: :func:`words_of` of the text)."""
    found = []
    for (unit, item), match in MAGNITUDES.matches(text, words_of(text) if words is None else words):
        label = item if item is not None else _singular(match.group(2))
        found.append((match.start(), {
            "value": _number(match.group(1)), "unit": unit, "item": label,
            "approximate": bool(APPROXIMATE.search(match.string, max(0, match.start() - 30), match.start())),
        }))
    return [m for _, m in sorted(found, key=lambda pair: pair[0])]
