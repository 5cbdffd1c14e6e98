"""Place names in a sentence: every gazetteer-known name in a place position, and named regions.

A run of capitalised words is read left to right; at each word the longest run of up to three
words the gazetteer knows (exactly, or as a spelling variant; Ukrainian and Russian case forms
undone by :mod:`~frontmap.extract.morph`) is a candidate. It is a place unless its position says
otherwise:

* part of a longer proper name: a person ("Vladimir Putin", a title or first name before it),
  an organisation ("Kyiv Independent", "«Хортиця»"), a unit ("Tavria group");
* a feature: "the Dnipro" (English names settlements without an article), "Dnipro River",
  "річки Оскіл";
* a region, raion or direction: "Donetsk region", "Донецької області", "Покровському напрямку"
  (regions are reported as such, raions and directions are not places).

Items of a list ("in Kondrashovka, Golubovka and Radkovka") may be found with a spelling the
gazetteer only knows approximately. Comparisons ("roughly the size of Mallorca") are skipped.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import product

from gazetteer import Gazetteer
from gazetteer.context import RegionFinder
from gazetteer.names import fold, is_cyrillic

from .lexicon import (
    AREA_NOUNS,
    COMPARISON,
    CYRILLIC_AFTER_NOT_PLACE,
    CYRILLIC_BEFORE_FEATURE,
    CYRILLIC_OFFICES,
    CYRILLIC_REGION_PATTERNS,
    DIRECTION_LIST,
    ENGLISH_WORDS,
    GIVEN_NAMES,
    LATIN_AFTER_FEATURE,
    LATIN_AFTER_NOT_PLACE,
    NATIONALITIES,
    NOT_PLACES,
    OCCUPIED,
    PERSON,
    REGION_WORDS,
    REGIONS,
    SETTLEMENT_BEFORE,
    SPEECH_AFTER,
    TITLES,
)
from .morph import common_word, is_adjective, is_given_name, nominatives, ukrainian_forms
from .text import Sentence

__all__ = ["find_places", "known_form", "region_code"]

#: A capitalised word (the capital first and the look-behind after it: the engine then skips to capitals fast).
_CAPITAL = re.compile(r"[A-ZА-ЯЄІЇҐ](?<![\w'’ʼ-].)[\w'’ʼ]*(?:-[\w'’ʼ]+)*")
_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:and|or|і|та|и|й))\s*")
_UPPER = re.compile(r"[A-ZА-ЯЄІЇҐ]")


@cache
def regions() -> RegionFinder:
    return RegionFinder.default()


@lru_cache(maxsize=4096)
def region_code(name: str) -> str:
    """ISO code of the admin-1 region ``name`` stands for ("Kursk" → "RU-KRS"), or ''.

    >>> region_code("Kursk"), region_code("Донецької області"), region_code("Kremlin")
    ('RU-KRS', 'UA-14', '')
    """
    codes = regions().find(name if is_cyrillic(name) or " " in name else f"{name} region")
    return codes[0] if codes else ""


_KNOWN: dict[tuple, str | None] = {}
#: How far a written name may be from the gazetteer's: exact (after folding and undoing case endings),
#: a spelling variant (transliteration- and ending-blind), or a typo (fuzzy).
EXACT, VARIANT, FUZZY = 0, 1, 2


def _names_city(gazetteer: Gazetteer, name: str) -> bool:
    """Whether ``name`` is the name (any form, current or former) of a city of 30,000+ people."""
    return bool(gazetteer.static_evidence.city[gazetteer.lookup(name, fuzzy=False).rows].any())


def known_form(gazetteer: Gazetteer, name: str, tolerance: int = VARIANT) -> str | None:
    """The form of ``name`` the gazetteer knows (Cyrillic case endings undone), or None.

    ``tolerance``: :data:`EXACT`, :data:`VARIANT` (the default) or :data:`FUZZY`.

    >>> gaz = Gazetteer.default()
    >>> known_form(gaz, "Олександрівки"), known_form(gaz, "Avdiyivka"), known_form(gaz, "Telegram")
    ('олександрівка', 'Avdiyivka', None)
    """
    key = (id(gazetteer), name, tolerance)
    if key in _KNOWN:
        return _KNOWN[key]
    form = None
    if fold(name) not in NOT_PLACES:
        if is_cyrillic(name):
            options = [nominatives(word)[:6] for word in name.split()]
            combos = [" ".join(combo) for combo in product(*options)]
            known = [combo for combo in combos if gazetteer.knows(combo)]
            # Readings of one inflected word that name different places ("в Димитрове": Dymytrov, now Myrnohrad,
            # or the village Dymytrove): a city is what reporting names far more often.
            form = next((combo for combo in known if _names_city(gazetteer, combo)), known[0]) if len(known) > 1 \
                else next(iter(known), None)
            if form is None and tolerance >= VARIANT:  # a Russian name of a Ukrainian place ("Вербовое", "Орехов")
                words = [dict.fromkeys(f for n in option[:3] for f in ukrainian_forms(n)) or option[:1]
                         for option in options]
                form = next((" ".join(c) for c in product(*words) if gazetteer.knows(" ".join(c))), None)
            if any(fold(combo) in NOT_PLACES for combo in combos[:3]):
                combos = []
            for combo in combos[:2] if form is None and tolerance >= VARIANT else ():
                if len(gazetteer.lookup(combo, fuzzy=False)):
                    form = combo
                    break
        elif gazetteer.knows(name) or tolerance >= VARIANT and len(gazetteer.lookup(name, fuzzy=tolerance >= FUZZY)):
            form = name
    if len(_KNOWN) > 200_000:
        _KNOWN.clear()
    _KNOWN[key] = form
    return form


#: The words each of :data:`~frontmap.extract.lexicon.REGIONS` needs in a sentence (the others are not run).
_REGION_PATTERN_WORDS = (frozenset({"region", "regions", "oblast", "oblasts", "regional", "province"}),
                         frozenset({"regions", "oblasts"}), frozenset({"region", "oblast"}),
                         frozenset({"dpr", "lpr", "dnr", "lnr", "crimea", "republic"}))


def _regions(text: str, offset: int, words: frozenset[str]) -> list[tuple[int, int, str, str, str]]:
    found = []
    for pattern, needs in zip(REGIONS, _REGION_PATTERN_WORDS):
        if needs.isdisjoint(words):
            continue
        for match in pattern.finditer(text):
            for group in range(1, (match.lastindex or 1) + 1):
                name = match.group(group)
                code = region_code(name) if name else ""
                if code:
                    found.append((offset + match.start(group), offset + match.end(), match.group(0)[match.start(group) - match.start():], "region", code))
    if is_cyrillic(text):
        for pattern, suffix in CYRILLIC_REGION_PATTERNS:
            for match in pattern.finditer(text):
                stem = next((g for g in match.groups() if g), "")
                code = region_code(stem + suffix) if suffix else region_code(match.group(0))
                if code:
                    found.append((offset + match.start(), offset + match.end(), match.group(0), "region", code))
    return found


_FIRST_WORD = re.compile(r"\w")
_IN_REGION = re.compile(r",?\s+in\s+(?:the\s+)?")
#: The word before a name and the gap between them, read backwards from the name (group 1 the gap, group 2 the
#: word, both reversed): an anchored match, where searching forwards for the end costs a try at every position.
_BEFORE_REVERSED = re.compile(r"([^\w]*?)(?:((?:[\w'’ʼ]+-)*[\w'’ʼ]*\w[\w'’ʼ]*)(?![\w'’ʼ])|\Z)")
_AFTER = re.compile(r"([^\w]*)([\w'’ʼ]+(?:-[\w'’ʼ]+)*)?")


def _not_a_place(text: str, start: int, end: int, words: int, cyrillic: bool, people: frozenset[str]) -> bool:
    """Whether the known name ``text[start:end]`` (of ``words`` words) stands where no settlement stands."""
    head = _BEFORE_REVERSED.match(text[max(0, start - 40):start][::-1])
    before, gap_before = (head.group(2) or "")[::-1], head.group(1)[::-1]
    tail = _AFTER.match(text, end)
    gap_after, after = tail.group(1), tail.group(2) or ""
    joined_before = bool(before) and gap_before.strip() == ""
    joined_after = bool(after) and gap_after.strip() == ""
    first = _FIRST_WORD.search(text).start() >= start
    name = text[start:end]
    word = name.split()[0]
    if start > 0 and text[start - 1] in "«\"“" and text[end:end + 1] in ("»", '"', "”"):
        return True  # a name alone in quotes: a unit, an operation, a newspaper
    if word in people or (joined_after and SPEECH_AFTER.match(text, end)):
        return True  # a person named earlier, or a name that speaks: "Rogov said", "Рогов заявил"
    if cyrillic:
        if joined_after and (after.lower().startswith(CYRILLIC_AFTER_NOT_PLACE) or after in CYRILLIC_OFFICES):
            return True
        if words == 1 and common_word(word, after if joined_after else "", first):
            return True
        if joined_before and before[:1].isupper() and words == 1 and is_cyrillic(before) and is_adjective(before):
            return True  # "Збройні Сили": a noun after a capitalised adjective, in a name that is no place
        if DIRECTION_LIST.match(text, end):
            return True  # "на Курському, Сіверському напрямках": adjectives of a list of directions
        if before and before.lower().rstrip(".").startswith(CYRILLIC_BEFORE_FEATURE) and gap_before.strip() in ("", "."):
            return True
        if joined_before and before[:1].isupper() and is_given_name(before):
            return True
        if joined_after and after[:1].isupper() and words == 1 and is_given_name(word):
            return True
        return False
    if joined_after and (after in LATIN_AFTER_NOT_PLACE or after.lower() in LATIN_AFTER_FEATURE):
        return True
    if joined_after and after[:1].isupper() and after not in NATIONALITIES and not after.isupper():
        return True  # "Vladimir Putin", "Kyiv Independent": part of a longer proper name
    if joined_before and before.lower() == "the" and not (joined_after and after.lower() in AREA_NOUNS):
        return True  # "the Dnipro": English gives rivers, not towns, an article ("the Bakhmut sector" aside)
    if words == 1 and fold(word) in ENGLISH_WORDS:
        return True
    if joined_before and (before.rstrip(".") in TITLES or before in GIVEN_NAMES):
        return True
    if joined_before and before[:1].isupper() and before not in NATIONALITIES \
            and not before.endswith(OCCUPIED) and fold(before) not in ENGLISH_WORDS:
        return True  # "André Ballin": a capitalised word before the name, not at the sentence's start
    return False


#: The words :data:`SETTLEMENT_BEFORE` can end with (and stems of them): a cheap test before the pattern runs.
_LAST_BEFORE_SETTLEMENT = frozenset("village villages town towns city cities settlement settlements hamlet hamlets "
                                    "locality localities of села село селі "
                                    "сел селище селища селищі поселок посёлок поселка посёлка поселке п с м смт пгт "
                                    "н.п біля поблизу около возле под районе районі".split())


def _settlement_before(text: str, start: int) -> bool:
    """Whether the words before ``start`` announce a settlement ("the village of", "населений пункт")."""
    head = text[max(0, start - 40):start]
    words = head.split()
    if not words or not head[-1:].isspace():
        return False
    last = words[-1].lower().rstrip(".")
    if last not in _LAST_BEFORE_SETTLEMENT and not last.startswith(("пункт", "город", "міст", "сел")):
        return False
    return SETTLEMENT_BEFORE.search(head) is not None


_AND = re.compile(r"\s+(?:and|or|і|та|и|й)\s+")


def _shared_noun(text: str, tokens: list, i: int, gazetteer: Gazetteer) -> str | None:
    """The known name an adjective makes with the noun of the next name of a pair ("Велика та Мала
    Олександрівка" → "Велика Олександрівка"), or None.

    >>> gaz = Gazetteer.default()
    >>> text = "між Великою та Малою Олександрівкою"
    >>> _shared_noun(text, list(_CAPITAL.finditer(text)), 0, gaz)
    'велика олександрівка'
    """
    if i + 2 >= len(tokens) or not _AND.fullmatch(text, tokens[i].end(), tokens[i + 1].start()) \
            or text[tokens[i + 1].end():tokens[i + 2].start()] != " ":
        return None
    if i + 3 < len(tokens) and text[tokens[i + 2].end():tokens[i + 3].start()] == " ":
        return None  # a longer name follows: not a pair of adjectives before one noun
    return known_form(gazetteer, f"{tokens[i].group(0)} {tokens[i + 2].group(0)}", EXACT)


def people_in(text: str) -> frozenset[str]:
    """Surnames the text gives a first name or title ("Vladimir Rogov", "Gen. Syrskyi", "Олександр Сирський").

    >>> sorted(people_in("Governor Vyacheslav Gladkov said. Gladkov added it."))
    ['Gladkov', 'Vyacheslav']
    """
    found = set()
    for match in PERSON.finditer(text):
        first, last = match.group(0) + match.group(1), match.group(2)
        if first.rstrip(".") in TITLES or first in GIVEN_NAMES or (is_cyrillic(first) and is_given_name(first)):
            found.add(last)
    return frozenset(found)


def find_places(sentence: Sentence, gazetteer: Gazetteer, people: frozenset[str] = frozenset()) -> list[tuple[int, int, str, str, str]]:
    """``(start, end, as written, kind, name or region code)`` of the places and regions in a sentence.

    ``kind`` is ``place``, ``dateline`` or ``region``; offsets are in the article's text; ``people`` are
    words :func:`people_in` the article found to be names of persons.
    """
    text, offset = sentence.text, sentence.start
    found = _regions(text, offset, sentence.words) if not sentence.words.isdisjoint(REGION_WORDS) else []
    blocked = [m.span() for m in COMPARISON.finditer(text)] if "size" in sentence.words else []
    blocked += [(s - offset, e - offset) for s, e, *_ in found]
    tokens = list(_CAPITAL.finditer(text))
    if blocked:
        tokens = [m for m in tokens if not any(s <= m.start() < e for s, e in blocked)]
    spans = [m.span() for m in tokens]
    last_end, in_apposition = -1, False
    lead = _FIRST_WORD.search(text).start() if tokens else 0  # where the sentence's first word begins
    i = 0
    while i < len(spans):
        start, token_end = spans[i]
        run = i + 1  # capitalised words joined by one space
        while run < len(spans) and run - i < 3 and spans[run][0] == spans[run - 1][1] + 1 \
                and text[spans[run - 1][1]] == " ":
            run += 1
        word = text[start:token_end]
        cyrillic = not word.isascii() and is_cyrillic(word)
        listed = last_end >= 0 and _LIST_GAP.fullmatch(text, last_end, start) is not None
        # a capitalised word at a sentence's start must be a name exactly; a typo is read only where a place is due
        tolerance = EXACT if start <= lead and not cyrillic or word in NATIONALITIES else VARIANT
        hit = None
        # after "село", "населений пункт", "сел" (and in a list that follows them) a name stands as written, in the
        # nominative: "сел Жеребянки и Пятихатки" names the plural Пятихатки, not the genitive of a Пятихатка
        apposition = cyrillic and (listed and in_apposition or _settlement_before(text, start))
        for j in range(run, i, -1):  # the longest known name first: "Chasiv Yar" before "Chasiv"
            name = text[start:spans[j - 1][1]]
            if name.endswith(("'s", "’s")):
                name = name[:-2]
            form = name.lower() if apposition and gazetteer.knows(name) and fold(name) not in NOT_PLACES \
                else known_form(gazetteer, name, tolerance)
            if form is None and tolerance == VARIANT and j == i + 1 and len(name) >= 6 and not cyrillic \
                    and (listed or _settlement_before(text, start)):
                form = known_form(gazetteer, name, FUZZY)
            if form is not None:
                hit = (j, name, form)
                break
        if hit is None:
            shared = _shared_noun(text, tokens, i, gazetteer)
            if shared is not None:  # "Velyka and Mala Oleksandrivka": the first adjective's place, named in full
                found.append((offset + start, offset + token_end, word, "place", shared))
                last_end = token_end
            i += 1
            continue
        j, name, form = hit
        end = start + len(name)
        if _not_a_place(text, start, end, j - i, cyrillic, people):
            i = j
            continue
        kind = "dateline" if start == 0 and name.isupper() and len(name) > 3 else "place"
        if not cyrillic and found and found[-1][3] == "place" and _IN_REGION.fullmatch(text, found[-1][1] - offset, start):
            code = region_code(name)  # "Zelenyi Hai and Dobropillia in Zaporizhzhia": the oblast of the places before
            if code:
                found.append((offset + start, offset + end, name, "region", code))
        found.append((offset + start, offset + end, name, kind, form))
        last_end, in_apposition = end, apposition
        i = j
    return sorted(found)
