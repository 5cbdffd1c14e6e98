"""Romanisation tables for Ukrainian and Russian place names, and uk <-> ru form pairs.

Each system is a function ``str -> str`` over Cyrillic text; Latin text passes through.

>>> uk_national("Махнівка"), uk_national("Київ"), uk_national("Згурівка")
('Makhnivka', 'Kyiv', 'Zghurivka')
>>> ru_bgn("Красноармейск"), ru_bgn("Киев"), ru_simple("Киев")
('Krasnoarmeysk', 'Kiyev', 'Kiev')
>>> de_ru("Махновка"), de_uk("Харків"), de_ru("Суджа")
('Machnowka', 'Charkiw', 'Sudscha')
>>> ru_from_uk("Курахове"), ru_from_uk("Покровськ"), uk_from_ru("Махновка")
('Курахово', 'Покровск', 'Махнівка')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

__all__ = [
    "uk_national",
    "uk_bgn",
    "ru_bgn",
    "ru_simple",
    "de_uk",
    "de_ru",
    "neutral",
    "ru_from_uk",
    "ru_from_uk_second",
    "ru_translated",
    "uk_from_ru",
    "SYSTEMS_UK",
    "SYSTEMS_RU",
]

_VOWELS = set("аеєиіїоуюяыэёАЕЄИІЇОУЮЯЫЭЁ")
_SIGNS = set("ьъЬЪ'’ʼ")


def _romaniser(
    base: Mapping[str, str],
    initial: Mapping[str, str] | None = None,
    after_vowel: Mapping[str, str] | None = None,
    digraphs: Mapping[str, str] | None = None,
) -> Callable[[str], str]:
    """Build a romaniser from a letter table with positional variants.

    ``initial`` applies at the start of a word, ``after_vowel`` after a vowel or a
    soft/hard sign; ``digraphs`` are two-letter Cyrillic sequences with their own value.
    """
    initial = initial or {}
    after_vowel = after_vowel or {}
    digraphs = digraphs or {}

    def romanise(text: str) -> str:
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            low = ch.lower()
            pair = text[i : i + 2].lower()
            if pair in digraphs:
                value, step = digraphs[pair], 2
            else:
                step = 1
                prev = text[i - 1] if i else ""
                if low not in base:
                    out.append(ch)
                    i += 1
                    continue
                if (not prev or not prev.isalpha()) and prev not in _SIGNS and low in initial:
                    value = initial[low]
                elif (prev in _VOWELS or prev in _SIGNS) and low in after_vowel:
                    value = after_vowel[low]
                else:
                    value = base[low]
            if ch.isupper() and value:
                nxt = text[i + step] if i + step < n else ""
                value = value.upper() if nxt.isupper() and len(value) > 1 else value[0].upper() + value[1:]
            out.append(value)
            i += step
        return "".join(out)

    return romanise


_UK_COMMON = dict(
    а="a", б="b", в="v", г="h", ґ="g", д="d", е="e", ж="zh", з="z", и="y", і="i",
    к="k", л="l", м="m", н="n", о="o", п="p", р="r", с="s", т="t", у="u", ф="f",
    х="kh", ц="ts", ч="ch", ш="sh", щ="shch",
)

#: Ukrainian national system (Cabinet of Ministers resolution No. 55 of 27 January 2010).
uk_national = _romaniser(
    {**_UK_COMMON, "є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia", "ь": "", "'": "", "’": "", "ʼ": ""},
    initial={"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
    digraphs={"зг": "zgh"},
)

#: BGN/PCGN 1965 system for Ukrainian (soft sign as ', apostrophe as ").
uk_bgn = _romaniser(
    {**_UK_COMMON, "є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "ь": "'", "'": '"', "’": '"', "ʼ": '"'},
)

_RU_COMMON = dict(
    а="a", б="b", в="v", г="g", д="d", е="e", ё="ë", ж="zh", з="z", и="i", й="y",
    к="k", л="l", м="m", н="n", о="o", п="p", р="r", с="s", т="t", у="u", ф="f",
    х="kh", ц="ts", ч="ch", ш="sh", щ="shch", ъ='"', ы="y", ь="'", э="e", ю="yu", я="ya",
)

#: BGN/PCGN 1947 system for Russian.
ru_bgn = _romaniser(
    _RU_COMMON,
    initial={"е": "ye", "ё": "yë"},
    after_vowel={"е": "ye", "ё": "yë"},
)

#: The simplified English form wire services use for Russian names (Kiev, Artemovsk).
ru_simple = _romaniser({**_RU_COMMON, "ё": "e", "ъ": "", "ь": ""})

_DE_COMMON = {
    "а": "a", "б": "b", "в": "w", "д": "d", "е": "e", "ж": "sch", "з": "s", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch",
    "ь": "", "ъ": "", "ю": "ju", "я": "ja", "'": "", "’": "", "ʼ": "",
}

#: German (Duden) transcription of Ukrainian names, as German wire services write them.
de_uk = _romaniser({**_DE_COMMON, "г": "h", "ґ": "g", "є": "je", "и": "y", "і": "i", "ї": "ji", "й": "j"})

#: German (Duden) transcription of Russian names (Machnowka, Sudscha).
de_ru = _romaniser(
    {**_DE_COMMON, "г": "g", "ё": "jo", "и": "i", "й": "i", "ы": "y", "э": "e"},
    initial={"е": "je"},
    after_vowel={"е": "je"},
)

#: A language-neutral romanisation used only to build matching keys.
neutral = _romaniser(
    {**_RU_COMMON, "ґ": "g", "є": "e", "і": "i", "ї": "i", "й": "i", "ё": "e", "ъ": "", "ь": "",
     "ы": "i", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": ""}
)

SYSTEMS_UK: dict[str, Callable[[str], str]] = {"uk-Latn-2010": uk_national, "uk-Latn-bgn": uk_bgn, "de": de_uk}
SYSTEMS_RU: dict[str, Callable[[str], str]] = {"ru-Latn-bgn": ru_bgn, "ru-Latn-simple": ru_simple, "de": de_ru}

# Ukrainian -> Russian form pairs, applied per word, most specific first.
_UK_TO_RU_ENDINGS = [
    (r"іївка$", "еевка"), (r"ївка$", "евка"), (r"івка$", "овка"),
    (r"івське$", "овское"), (r"івськ$", "овск"), (r"івський$", "овский"), (r"цьке$", "цкое"), (r"ське$", "ское"),
    (r"ове$", "ово"), (r"еве$", "ево"), (r"ине$", "ино"), (r"ьке$", "ькое"),
    (r"цьк$", "цк"), (r"ськ$", "ск"), (r"ів$", "ов"), (r"їв$", "ев"),
    (r"([цс])ький$", r"\1кий"), (r"([кгхжшчщ])ий$", r"\1ий"), (r"ий$", "ый"), (r"([^иі])не$", r"\1ное"),
]
_UK_TO_RU_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "", "’": "", "ʼ": ""})

_RU_TO_UK_ENDINGS = [
    (r"евка$", "ївка"), (r"овка$", "івка"), (r"цкое$", "цьке"), (r"ское$", "ське"),
    (r"ово$", "ове"), (r"ево$", "еве"), (r"ино$", "ине"), (r"цк$", "цьк"), (r"ск$", "ськ"),
    (r"ов$", "ів"), (r"ый$", "ий"),
]
_RU_TO_UK_LETTERS = str.maketrans({"ы": "и", "э": "е", "ё": "ьо", "ъ": "'"})


def _pairs_per_word(text: str, endings: list[tuple[str, str]], letters: dict[int, str],
                    stem_vowels: Mapping[str, str] | None = None) -> str:
    """Rewrite each word's ending by the first matching pair, then its stem's letters."""
    out = []
    for word in re.split(r"([^\w'’ʼ]+)", text):
        if not word or not word[0].isalpha():
            out.append(word)
            continue
        lower = word.lower()
        stem, ending = lower, ""
        for pattern, repl in endings:
            match = re.search(pattern, lower)
            if match:
                stem, ending = lower[: match.start()], match.expand(repl)
                break
        if stem_vowels:
            stem = "".join(stem_vowels.get(c, c) for c in stem)
        new = (stem + ending).translate(letters)
        out.append(new[:1].upper() + new[1:] if word[0].isupper() else new)
    return "".join(out)


#: An adjective before a noun ("Широка Балка", "Нове Село") takes the Russian long ending.
_LEADING_ADJECTIVE = re.compile(r"(?<![\w'’ʼ])([А-ЯЄІЇҐа-яєіїґ'’ʼ]{3,}?)([ае])(?=\s+[А-ЯЄІЇҐ])")


def ru_from_uk(name: str) -> str:
    """The likely Russian form of a Ukrainian name (Курахове -> Курахово).

    A rule-based approximation, used only where no source gives the real Russian
    name: it can differ (Харків -> Харьков, Костянтинівка -> Константиновка), which is
    why curated exonyms exist alongside these generated pairs and are preferred to them.

    >>> ru_from_uk("Хмельницький"), ru_from_uk("Водяне"), ru_from_uk("Очеретине")
    ('Хмельницкий', 'Водяное', 'Очеретино')
    >>> ru_from_uk("Андріївка"), ru_from_uk("Петрівське"), ru_from_uk("Широка Балка")
    ('Андреевка', 'Петровское', 'Широкая Балка')
    """
    name = _LEADING_ADJECTIVE.sub(lambda m: m.group(1) + ("ая" if m.group(2) == "а" else "ое"), name)
    return _pairs_per_word(name, _UK_TO_RU_ENDINGS, _UK_TO_RU_LETTERS)


#: Endings whose Russian counterpart is one of two (Курахове -> Курахово, but Лозове -> Лозовое).
_UK_TO_RU_SECOND = [(r"([ое])ве$", r"\1вое"), (r"([кгх])(?<!ськ)(?<!цьк)е$", r"\1ое"), (r"ам[’'ʼ]ян", "амен")]


def ru_from_uk_second(name: str) -> str | None:
    """The other likely Russian form where a Ukrainian ending has two, else None.

    >>> ru_from_uk_second("Лозове"), ru_from_uk_second("Широке"), ru_from_uk_second("Кам'янка")
    ('Лозовое', 'Широкое', 'Каменка')
    >>> ru_from_uk_second("Покровськ") is None
    True
    """
    first = ru_from_uk(name)
    for pattern, repl in _UK_TO_RU_SECOND:
        changed = re.sub(pattern, repl, name)
        if changed != name:
            second = ru_from_uk(changed)
            return second if second != first else None
    return None


#: Word stems Russian translates instead of transliterating (Перемога: Победа, Довге: Долгое,
#: Жовтневе: Октябрьское), longest first; the rest of the word follows :func:`ru_from_uk`.
_UK_TO_RU_STEMS = [
    ("жовтнев", "октябрьськ"), ("червон", "красн"), ("перемог", "побед"), ("північн", "северн"),
    ("південн", "южн"), ("кам'ян", "камен"), ("кам’ян", "камен"), ("камʼян", "камен"), ("довг", "долг"),
    ("жовт", "желт"), ("світл", "светл"), ("сівер", "север"), ("біл", "бел"), ("гір", "гор"), ("ліс", "лес"),
]
_STEM = re.compile(r"(?<![\w'’ʼ])(" + "|".join(re.escape(uk) for uk, _ in _UK_TO_RU_STEMS) + ")", re.IGNORECASE)
_RU_STEM = dict(_UK_TO_RU_STEMS)


def ru_translated(name: str) -> str | None:
    """The Russian form of a name whose words Russian translates (Перемога -> Победа), else None.

    >>> ru_translated("Перемога"), ru_translated("Довге"), ru_translated("Червоний Лиман")
    ('Победа', 'Долгое', 'Красный Лиман')
    >>> ru_translated("Жовтневе"), ru_translated("Покровськ")
    ('Октябрьское', None)
    """
    def swap(match: re.Match[str]) -> str:
        ru = _RU_STEM[match.group(1).lower()]
        return ru[0].upper() + ru[1:] if match.group(1)[0].isupper() else ru

    changed = _STEM.sub(swap, name)
    if changed == name:
        return None
    return ru_from_uk_second(changed) or ru_from_uk(changed)


def uk_from_ru(name: str) -> str:
    """The likely Ukrainian form of a Russian name (Махновка -> Махнівка)."""
    return _pairs_per_word(name, _RU_TO_UK_ENDINGS, _RU_TO_UK_LETTERS, {"и": "і", "ы": "и"})
