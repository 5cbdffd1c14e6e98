"""Ukrainian and Russian case forms undone: dictionary forms a written word may stand for.

pymorphy3 (with the ``pymorphy3-dicts-uk`` and ``-dicts-ru`` dictionaries) knows the
inflection of words in its dictionaries and guesses unknown ones from their endings; most
village names are unknown to it, so its guesses are joined by plain suffix stripping, and the
caller keeps the first form the gazetteer knows. The analysers load on first use (about 0.1 s)
and every word's answer is cached, so a name seen again costs a dict lookup.

>>> nominatives("Олександрівки")[0]
'олександрівка'
>>> "вербове" in nominatives("Вербового")
True
>>> "волчанск" in nominatives("Волчанска", "ru")
True
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

__all__ = ["nominatives", "language_of", "is_given_name", "is_adjective", "common_word"]

_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
#: Adjective endings only Russian writes (Ukrainian has -е, -ий, -і, -я): "Ровное" is Russian.
_RUSSIAN_ENDINGS = ("ое", "ый", "ые", "ье")

#: Case endings (longest first) and the dictionary endings they may hide, for words pymorphy does not know.
_CASE_ENDINGS = ("ого", "ому", "ими", "ій", "ої", "ою", "ею", "ові", "еві", "ом", "ем", "ах", "ях", "ами", "ой",
                 "ее", "ей", "ым", "ых", "ую", "ю", "у", "і", "и", "а", "я", "е", "ім", "им")
_NOMINATIVE = ("", "а", "е", "ь", "я", "о", "е", "ий", "ий", "ое", "ая", "а", "и", "і")


def language_of(text: str) -> str:
    """``uk`` or ``ru`` by the letters only one of the two alphabets has (``uk`` when none decides).

    >>> language_of("Покровськ"), language_of("Выемка"), language_of("Курськ"), language_of("Ровное")
    ('uk', 'ru', 'uk', 'ru')
    """
    if _UKRAINIAN_LETTERS.search(text):
        return "uk"
    if _RUSSIAN_LETTERS.search(text) or text.lower().endswith(_RUSSIAN_ENDINGS):
        return "ru"
    return "uk"


@cache
def _analyser(lang: str):
    import pymorphy3  # imported here: `frontmap` starts without it

    return pymorphy3.MorphAnalyzer(lang=lang)


def _stripped(word: str) -> list[str]:
    forms = []
    for ending in _CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            forms += [stem + nominative for nominative in _NOMINATIVE]
    return forms


@lru_cache(maxsize=65536)
def nominatives(word: str, lang: str = "") -> tuple[str, ...]:
    """Lower-case dictionary forms ``word`` may be an inflection of, likeliest first (the word itself among them).

    ``lang`` is ``uk`` or ``ru``; empty means: decide from the word's letters.
    """
    lower = word.lower()
    lang = lang or language_of(word)
    parses = _analyser(lang).parse(lower)
    # inanimate nouns first: "Покровська" is the genitive of the town before it is an adjective
    forms = [p.normal_form for p in parses if {"NOUN", "inan"} <= _grammemes(p)
             and not {"Surn", "Name", "Patr"} & _grammemes(p)]
    for parse in parses[:4]:
        tag = _grammemes(parse)
        if "nomn" in tag and ("sing" in tag or "Pltm" in tag):
            forms.append(parse.word)
        nominative = parse.inflect({"nomn"})
        if nominative is not None:
            forms.append(nominative.word)
            if "plur" in tag and "Pltm" not in tag:
                single = parse.inflect({"nomn", "sing"})
                if single is not None:
                    forms.append(single.word)
        if nominative is None or "ADJF" not in tag:  # an adjective's lemma is masculine; a place keeps its gender
            forms.append(parse.normal_form)
    forms.append(lower)
    if not parses or "ADJF" not in _grammemes(parses[0]):  # adjectives are inflected by the dictionary above
        forms += _stripped(lower)  # most village names are unknown to the dictionaries: cut endings by hand too
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=16384)
def common_word(word: str, after: str, first: bool) -> bool:
    """Whether a capitalised Cyrillic word is a common word rather than a name.

    True for a dictionary word that is no toponym at the start of a sentence ("Сили ..."), and for an
    adjective or a noun that a lower-case noun follows ("Херсонської області", "Сили оборони"):
    a settlement's name stands alone.

    >>> common_word("Сили", "оборони", False), common_word("Курському", "напрямку", False)
    (True, True)
    >>> common_word("Тихе", "", False), common_word("Вербового", "", False)
    (False, False)
    """
    lower = word.lower()
    lang = language_of(word + after)
    parses = [_grammemes(p) for p in _analyser(lang).parse(lower)[:3]]
    if not parses or any("Geox" in p for p in parses):
        return False
    known = _analyser(lang).word_is_known(lower)
    if first and known and not any({"Name", "Surn"} & p for p in parses):
        return True
    if after and after[:1].islower() and not after.isascii():
        following = _grammemes(_analyser(lang).parse(after.lower())[0])
        if "NOUN" in following and ("ADJF" in parses[0] or known):
            return True
    return False


def _grammemes(parse) -> frozenset[str]:
    return frozenset(map(str, parse.tag.grammemes))


#: Russian endings of place names and their Ukrainian counterparts ("Вербовое" → "Вербове", "Северск" → "Северськ").
_RU_UK_ENDINGS = (("ое", "е"), ("ые", "і"), ("ый", "ий"), ("ая", "а"), ("лье", "лля"), ("ье", "я"), ("ск", "ськ"),
                  ("цк", "цьк"), ("ов", "ів"), ("ев", "ів"), ("ёв", "ів"), ("ино", "ине"), ("ово", "ове"), ("ево", "еве"),
                  ("но", "не"))
_RU_UK_LETTERS = str.maketrans({"ы": "и", "э": "е", "ё": "е", "ъ": ""})
_CLOSED_O_E = re.compile(r"[ое](?=[бвгджзклмнпрстфхцчшщ]+[ья]?$)")


@lru_cache(maxsize=16384)
def ukrainian_forms(nominative: str) -> tuple[str, ...]:
    """Ukrainian spellings a Russian place name may stand for: endings, letters and the Ukrainian
    і for о/е in a closed last syllable (the gazetteer's Russian forms are derived from the Ukrainian
    names by rule, and miss many).

    >>> ukrainian_forms("вербовое")[:2], "оріхів" in ukrainian_forms("орехов"), "ріг" in ukrainian_forms("рог")
    (('вербове', 'вербовіе'), True, True)
    """
    base = nominative.translate(_RU_UK_LETTERS).replace("сч", "щ")
    forms = [base]
    for ru, uk in _RU_UK_ENDINGS:
        if base.endswith(ru):
            forms.append(base[: -len(ru)] + uk)
    more = []
    for form in forms:
        closed = _CLOSED_O_E.sub("і", form, count=0) if _CLOSED_O_E.search(form) else None
        if closed:
            more.append(closed)
        vowels = [m.start() for m in re.finditer(r"[ео]", form)]
        for position in vowels[-2:]:
            more.append(form[:position] + "і" + form[position + 1:])
        if "а" in form[:3]:  # unstressed о written а in Russian: "Работино" for "Роботине"
            more.append(form.replace("а", "о", 1))
    spelt = [_ukrainian_spelling(f) for f in [*forms, *more]]
    return tuple(dict.fromkeys([f for f in forms if f != nominative] + more
                               + [f for f in spelt if f != nominative]))


#: Ukrainian spelling rules a letter-by-letter reading misses: ї (not і) after a vowel ("Виемка" → "Виїмка"),
#: and an apostrophe after a labial before я, ю, є at a word's or syllable's start ("Пятихатки" → "П'ятихатки").
_AFTER_VOWEL_I = re.compile(r"(?<=[аеиоуяюєії])і")
_LABIAL_APOSTROPHE = re.compile(r"(?:^|(?<=[аеиоуяюєії]))([бпвмф])(?=[яюєї])")


def _ukrainian_spelling(form: str) -> str:
    return _LABIAL_APOSTROPHE.sub(r"\1'", _AFTER_VOWEL_I.sub("ї", form))


@lru_cache(maxsize=16384)
def is_given_name(word: str) -> bool:
    """Whether a capitalised Cyrillic word is most likely a person's first name or patronymic.

    >>> is_given_name("Олександр"), is_given_name("Покровськ")
    (True, False)
    """
    lang = language_of(word)
    parses = _analyser(lang).parse(word.lower())
    return any({"Name", "Patr"} & _grammemes(parse) for parse in parses[:3])


@lru_cache(maxsize=16384)
def is_adjective(word: str) -> bool:
    """Whether a Cyrillic word is most likely an adjective ("Збройні" in "Збройні Сили").

    >>> is_adjective("Збройні"), is_adjective("Покровськ")
    (True, False)
    """
    parses = _analyser(language_of(word)).parse(word.lower())
    return bool(parses) and "ADJF" in _grammemes(parses[0])
