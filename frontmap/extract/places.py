"""Place names in a sentence: gazetteer name forms after a place cue, and named regions.

A capitalised word counts as a place only where English (or Ukrainian/Russian) would put a
place: after "in", "near", "the village of", ... or as a dateline. This keeps people
("Donald Trump"), institutions and the country names out. Comparisons ("roughly the size of
Mallorca") are skipped.
"""
from __future__ import annotations

import re
from functools import cache

from gazetteer import Gazetteer
from gazetteer.context import RegionFinder
from gazetteer.names import fold, is_cyrillic

from .lexicon import COMPARISON, NOT_PLACES, PLACE_CUES, REGION_WORDS, REGIONS, SETTLEMENT_WORDS
from .text import Sentence

_SPAN = re.compile(r"[A-ZА-ЯЄІЇҐ][\w'’ʼ-]*(?:\s+[A-ZА-ЯЄІЇҐ][\w'’ʼ-]*){0,2}")
_DATELINE = re.compile(r"^([A-ZА-ЯЄІЇҐ]{3,}(?:[ -][A-ZА-ЯЄІЇҐ]{3,})?)(?:,\s|\s+[—–-]\s)")
_LIST = re.compile(r"\s*(?:,|,?\s*(?:and|і|та|и|й))\s*")
_CYRILLIC_CUE = re.compile(r"(?:\b(?:в|у|під|біля|поблизу|під|на|до|з|із|від|около|возле|под|у|в|близ)\s+)$", re.IGNORECASE)


_CASE_ENDINGS = ("ого", "ому", "ою", "ею", "ові", "еві", "ом", "ем", "ій", "ої", "ах", "ях", "ами", "у", "ю", "і", "а", "я", "е")
_NOMINATIVE = ("", "а", "е", "ь", "я", "о")


@cache
def regions() -> RegionFinder:
    return RegionFinder.default()


def region_code(name: str) -> str:
    """ISO code of the admin-1 region ``name`` stands for ("Kursk" → "RU-KRS"), or ''."""
    codes = regions().find(f"{name} region")
    return codes[0] if codes else ""


def base_forms(word: str) -> list[str]:
    """A Cyrillic word and the dictionary forms its case endings may hide.

    >>> base_forms("Покровськом")[:3]
    ['Покровськом', 'Покровськ', 'Покровська']
    """
    forms = [word]
    for ending in _CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            forms += [stem + nominative for nominative in _NOMINATIVE]
    return list(dict.fromkeys(forms))


def known_form(gazetteer: Gazetteer, name: str) -> str | None:
    """The form of ``name`` the gazetteer knows exactly (Cyrillic case endings undone), or None."""
    if fold(name) in NOT_PLACES:
        return None
    return next((form for form in (base_forms(name) if is_cyrillic(name) else [name]) if gazetteer.knows(form)), None)


_WORDS = re.compile(r"[\w'’-]+")


def _cued(words: list[str]) -> bool:
    """Whether the (lower-case) words just before a name make it a place ("near", "the village of", ...).

    >>> _cued("near the strategically important city of".split()), _cued(["president"])
    (True, False)
    """
    if not words:
        return False
    if words[-1] in PLACE_CUES and words[-1] != "and":
        return True
    if words[-1] == "the" and len(words) > 1 and words[-2] in PLACE_CUES:
        return True
    if words[-1] in SETTLEMENT_WORDS or (words[-1] == "of" and len(words) > 1 and words[-2] in SETTLEMENT_WORDS):
        return any(word in PLACE_CUES for word in words[:-2])
    return False


def _words_before(text: str, position: int, count: int = 6) -> list[str]:
    """The last ``count`` lower-case words of the 70 characters before ``position``."""
    return [word.lower() for word in _WORDS.findall(text, max(0, position - 70), position)[-count:]]


def find_places(sentence: Sentence, gazetteer: Gazetteer) -> list[tuple[int, int, str, str, str]]:
    """``(start, end, as written, kind, name or region code)`` of the places and regions in a sentence.

    ``kind`` is ``place``, ``dateline`` or ``region``; offsets are in the article's text.
    """
    text, offset = sentence.text, sentence.start
    found: list[tuple[int, int, str, str, str]] = []
    skip = [m.span() for m in COMPARISON.finditer(text)] if "size" in sentence.words else []
    for pattern in REGIONS if not sentence.words.isdisjoint(REGION_WORDS) else ():
        for match in pattern.finditer(text):
            code = region_code(match.group(1))
            if code:
                found.append((offset + match.start(), offset + match.end(), match.group(0), "region", code))
    blocked = skip + [(s - offset, e - offset) for s, e, *_ in found]
    dateline = _DATELINE.match(text)
    last_end = -1
    for match in _SPAN.finditer(text):
        start = match.start()
        if any(s <= start < e for s, e in blocked):
            continue
        words = match.group(0).split()
        cyrillic = not words[0].isascii() and is_cyrillic(words[0])
        if not cyrillic and fold(words[0]) not in gazetteer.first_words:  # starts no known name (inflections aside)
            continue
        is_dateline = bool(dateline) and start == 0
        listed = last_end >= 0 and _LIST.fullmatch(text[last_end:start]) is not None
        cued = bool(_CYRILLIC_CUE.search(text, max(0, start - 20), start)) if cyrillic \
            else _cued(_words_before(text, start))
        if not (is_dateline or listed or cued):
            continue
        for size in range(len(words), 0, -1):  # the longest known name first: "Chasiv Yar" before "Chasiv"
            name = " ".join(words[:size])
            form = known_form(gazetteer, name)
            if form is not None:
                found.append((offset + start, offset + start + len(name), name, "dateline" if is_dateline else "place", form))
                last_end = start + len(name)
                break
    return sorted(found)
