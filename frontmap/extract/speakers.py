"""Who says it: the speaker of a sentence and the speaker's side, in English, Ukrainian and Russian.

Speakers are found where news writing puts them, around a verb of saying ("X said", "…, said X",
"according to X", "повідомили в X", "X заявил", "по данным X", "X's daily update"); the words
found there are looked up in a lexicon of speakers (``data/speakers.yaml``: institutions,
officials and spokespeople, units, occupation officials, analysts and map projects, milbloggers
and media, each with a side). A speaker not in the lexicon is kept as written, with the side its
own words give ("a Ukrainian military spokesman" → ukraine), else ``unknown``. A pronoun or a
bare title ("it said", "the ministry added", "сказал он", "сообщается") carries the previous
speaker over.

>>> found = speaker_of("Troops took Avdiivka, the Russian Defence Ministry said on Sunday.")
>>> found.speaker.name, found.speaker.side
('Russian Defence Ministry', 'russia')
>>> found = speaker_of("A spokesman for Ukraine's eastern forces told reporters fighting went on.")
>>> found.speaker.side, found.speaker.known
('ukraine', False)
>>> speaker_of("It said two tanks were destroyed.").carried
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["Speaker", "Attribution", "speaker_of", "lexicon", "SIDE_CUES"]

DATA = Path(__file__).parent / "data" / "speakers.yaml"


@dataclass(frozen=True)
class Speaker:
    """A claimant: its name as recorded, its side, and whether the lexicon knows it."""

    name: str
    side: str
    known: bool = True


@dataclass(frozen=True)
class Attribution:
    """A speaker found in a sentence and where; ``carried``: a pronoun or bare title that stands for the
    previous speaker (``speaker`` is then None, or the title as written for use when there is none)."""

    speaker: Speaker | None
    span: tuple[int, int]
    carried: bool = False


@dataclass(frozen=True)
class _Entry:
    name: str
    side: str
    default: str
    weak: bool


class Lexicon:
    """The speakers of ``data/speakers.yaml`` as one pattern over their aliases (longest first)."""

    def __init__(self, entries: list[dict]):
        self.entries: list[_Entry] = []
        folded: list[tuple[str, int]] = []
        exact: list[tuple[str, int]] = []
        for row in entries:
            if row["side"] not in ("ukraine", "russia", "independent", "context"):
                raise ValueError(f"{DATA}: speaker {row.get('name')!r} has side {row['side']!r}; "
                                 "use ukraine, russia, independent or context")
            index = len(self.entries)
            self.entries.append(_Entry(row["name"], row["side"], row.get("default", "unknown"), bool(row.get("weak"))))
            for alias in (a for aliases in (row.get("aliases") or {}).values() for a in aliases or ()):
                pattern = r"\w*".join(re.escape(part) for part in str(alias).split("*"))
                pattern = re.sub(r"[«»]", "[«»\"“”„]", pattern)
                acronym = alias.isupper() and len(alias) <= 5
                (exact if acronym else folded).append((pattern, index))
        self._index: dict[str, int] = {}
        groups = []
        for number, (pattern, index) in enumerate(sorted(folded + exact, key=lambda p: -len(p[0]))):
            name = f"a{number}"
            self._index[name] = index
            flags = "" if (pattern, index) in exact else "(?i:"
            groups.append(f"(?P<{name}>{flags}{pattern}{')' if flags else ''})")
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")(?![\w-])")

    def find(self, text: str, start: int = 0, end: int | None = None, weak: bool = True) -> list[tuple[int, int, _Entry]]:
        """Every alias in ``text[start:end]``, as (start, end, entry)."""
        found = []
        for match in self.pattern.finditer(text, start, len(text) if end is None else end):
            entry = self.entries[self._index[match.lastgroup]]
            if weak or not entry.weak:
                found.append((match.start(), match.end(), entry))
        return found


@cache
def lexicon() -> Lexicon:
    """The speaker lexicon, read once."""
    import yaml

    return Lexicon(yaml.load(DATA.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


# Verbs of saying. English verbs take the speaker before them, or after them behind a comma or a quote.
_SAY_EN = (r"said|says|say|reported|reports|claimed|claims|stated|states|announced|announces|wrote|writes|told|"
           r"added|adds|confirmed|confirms|denied|denies|noted|notes|posted|asserted|insisted|estimated|assessed|"
           r"assesses|showed|shows|suggested|suggests|indicated|indicates|declared|boasted|acknowledged|admitted|"
           r"warned|explained|described|published|updated|continued")
_SAY_CY = (r"повідоми\w*|повідомля\w*|заяви\w*|заявля\w*|зазнач\w*|написа\w*|пише|пишуть|розпові\w*|сказа\w*|"
           r"уточни\w*|дода\w*|підтверди\w*|підтвержу\w*|інформу\w*|звіту\w*|наголоси\w*|наголошу\w*|"
           r"сообщи\w*|сообща\w*|заявил\w*|заявля\w*|отмети\w*|отмеча\w*|рассказа\w*|уточни\w*|добави\w*|"
           r"подтверди\w*|подтвержда\w*|переда\w*|передаё\w*|указа\w*|констатува\w*|констатирова\w*|"
           r"відзвітува\w*|доповіл\w*|доповів|доложил\w*|похвали\w*|признал\w*|визна\w*")
_SAY = re.compile(r"(?<![\w-])(?:(?:has |have |had |also |later |earlier |then )?(?:" + _SAY_EN + r")|" + _SAY_CY + r")(?!\w)")
_ACCORDING = re.compile(r"(?i)\b(?:according to|citing|cited by|quoting|as reported by|in (?:a|an|its|his|her|their) "
                        r"(?:daily |latest |evening |morning |nightly )?(?:statement|report|update|briefing|post|"
                        r"video|address|summary|assessment) (?:by|from|of))\s+|"
                        r"(?:за даними|за словами|за інформацією|згідно з даними|згідно з|як повідомля\w*|"
                        r"як повідоми\w*|як зазначи\w*|по данным|по словам|по информации|как сообща\w*|"
                        r"как сообщи\w*|как отмети\w*|со ссылкой на|з посиланням на|повідомили в|повідомили у|"
                        r"сообщили в|сообщили во)\s+")
_POSSESSIVE = re.compile(r"([\w'’. -]{2,80}?)['’]s? (?:daily|evening|morning|latest|nightly|weekly|regular|own|"
                         r"most recent)? ?(?:update|report|briefing|assessment|summary|statement|map|maps|address|"
                         r"video|post|data|figures|estimate)")
#: Where a speaker's words end: punctuation, a quote, a conjunction or a clause.
_BOUNDARY = re.compile(r"[,;:“”\"«»()—–]|\s-\s|\b(?:and|but|while|as|which|that|who|after|when|where|because|"
                       r"in a|in an|in its|in his|in her|за|что|що|і|и|та|а|після|после|у|в|на)\b")
_TIME_TAIL = re.compile(r"(?i)\s+(?:(?:late |early )?on \w+|earlier|later|last \w+|yesterday|today|on \w+ \d+|"
                        r"in \w+|this \w+|also|has|have|had)$")
_LEADING_PREPOSITION = re.compile(r"\s*(?:(?:в|у|во|із|з|from|by)\s+)?")
_PRONOUN = re.compile(r"(?i)^(?:it|he|she|they|we|i|він|вона|вони|воно|он|она|они|оно|мы|ми|я)$")
#: A bare title, without a name: the speaker named before.
_TITLE_ONLY = re.compile(r"(?i)^(?:the |this |that |these |those )?(?:[\w-]+ )?(?:ministry|spokes(?:man|woman|person)|"
                         r"spox|military|army|statement|report|official|officials|governor|agency|department|"
                         r"command|commander|general staff|staff|service|group|brigade|unit|channel|blogger|"
                         r"source|sources|mayor|head|chief|minister|president|update|map|project|analysts|"
                         r"institute|think tank|administration|authorities|forces|defence ministry|"
                         r"defense ministry)$|^(?:відомств\w*|міністерств\w*|штаб\w*|речни\w*|ведомств\w*|"
                         r"министерств\w*|представител\w*|пресс-служб\w*|пресслужб\w*)$")
#: Impersonal saying: "it is reported", "сообщается", "відзначається".
_IMPERSONAL = re.compile(r"(?i)^(?:сообщается|отмечается|уточняется|подчеркивается|утверждается|говорится|"
                         r"повідомляється|зазначається|уточнюється|наголошується|йдеться)\b")
#: Words of a speaker's description that give its side.
SIDE_CUES = (
    ("russia", re.compile(r"(?i)\b(?:russian|russia's|russia|moscow|kremlin|pro-russian|pro-kremlin|moscow-\w+|"
                          r"kremlin-\w+|russian-\w+|occupation|separatist\w*|DPR|LPR|DNR|LNR|chechen)\b|"
                          r"російськ|росі[їя]|рф\b|окупаці|окупант|российск|росси[ия]|ДНР|ЛНР|ВС РФ")),
    ("ukraine", re.compile(r"(?i)\b(?:ukrainian|ukraine's|ukraine|kyiv|kiev|kyiv's|kiev's|zsu|afu)\b|"
                           r"україн|украин|ЗСУ|ВСУ|наш\w* (?:військ|захисник|воїн|бійц|підрозділ)")),
    ("independent", re.compile(r"(?i)\b(?:british|britain's|uk|u\.s\.|american|western|nato|pentagon|"
                               r"analysts?|think tank|geolocated|observers|osint)\b|"
                               r"британ|американ|аналіти|аналити|незалежн|независим")),
)
#: Words that make a phrase someone who can speak (a role, an office, a source), not a thing.
_SPEAKER_NOUNS = re.compile(r"(?i)\b(?:spokes\w+|spox|official|officials|commander|governor|mayor|minister|ministry|"
                            r"staff|army|military|forces|service|agency|channel|blogger\w*|milblogger\w*|source|"
                            r"sources|analyst\w*|administration|command|brigade|battalion|regiment|unit|head|chief|"
                            r"president|officer|soldier\w*|serviceman|servicemen|correspondent|reporter|expert\w*|"
                            r"intelligence|institute|group|legion|corps|media|outlet|newspaper|agency|map|project|"
                            r"police|authorities|leader|representative|deputy|adviser|advisor)\b|"
                            r"речни\w*|командир\w*|командувач\w*|голов\w*|глав\w*|губернатор\w*|мер\w*|"
                            r"міністр\w*|министр\w*|представник\w*|представител\w*|бригад\w*|батальйон\w*|"
                            r"батальон\w*|військов\w*|военн\w*|служб\w*|канал\w*|блогер\w*|воєнкор\w*|"
                            r"военкор\w*|штаб\w*|адміністрац\w*|администрац\w*|джерел\w*|источник\w*|"
                            r"керівник\w*|руководител\w*|заступни\w*|начальник\w*")


def _side_of(text: str) -> str:
    for side, pattern in SIDE_CUES:
        if pattern.search(text):
            return side
    return "unknown"


def _clause_before(text: str, end: int) -> int:
    """Where the clause that ends at ``end`` begins (after the last boundary before it)."""
    start = max(0, end - 90)
    last = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.end() <= end - 1:
            last = match.end()
    return last


def _clause_after(text: str, start: int) -> tuple[int, int]:
    """The phrase that begins at ``start`` (a leading preposition skipped), to the next boundary or 12 words."""
    start = _LEADING_PREPOSITION.match(text, start).end()
    boundary = _BOUNDARY.search(text, start + 1)
    stop = boundary.start() if boundary else len(text)
    words = list(re.finditer(r"\S+", text[start:stop]))
    if len(words) > 12:
        stop = start + words[11].end()
    return start, stop


def _resolve(text: str, start: int, end: int, sentence: str) -> Attribution | None:
    """The speaker the phrase ``text[start:end]`` names, or a carry-over for a pronoun or bare title."""
    phrase = _TIME_TAIL.sub("", _TIME_TAIL.sub("", text[start:end].strip(" .,'’\"")))
    phrase = re.sub(r"(?i)^(?:but |and |also |however |meanwhile |the |a |an )+", "", phrase)
    if not phrase:
        return None
    found = [f for f in lexicon().find(text, start, min(len(text), end + 20)) if f[0] < end]
    if found:
        first, last, entry = max(found, key=lambda f: (not f[2].weak, f[1] - f[0]))
        side = entry.side
        if side == "context":
            side = _side_of(text[max(0, start - 25):end])
            side = side if side in ("ukraine", "russia") else entry.default
        return Attribution(Speaker(entry.name, side, True), (start, end))
    if _PRONOUN.match(phrase):
        return Attribution(None, (start, end), carried=True)
    if _TITLE_ONLY.match(phrase) and _side_of(phrase) == "unknown":
        return Attribution(Speaker(phrase, "unknown", False), (start, end), carried=True)
    words = phrase.split()
    if len(words) > 10 or _NOT_A_SPEAKER.match(phrase) \
            or not _SPEAKER_NOUNS.search(phrase) and not any(w[:1].isupper() for w in words[1:] or words):
        return None
    return Attribution(Speaker(phrase, _side_of(phrase), False), (start, end))


_NOT_A_SPEAKER = re.compile(r"(?i)^(?:on|in|at|to|that|this|these|those|there|it is|during|for|from|with|by|as|"
                            r"like|how|what|when|where|which|who|як|как|это|що|це|цей|цих|that's)\b")
#: Verbs after which English may name the speaker ("…," said the ministry); not "told", "showed".
_SAID_BEFORE_SPEAKER = re.compile(r"(?:has |have |had |also )?(?:said|says|added|wrote|reported|claimed|stated|noted|"
                                  r"announced|continued)$")


def _before(sentence: str, verb: int) -> list[Attribution]:
    """Speakers the clause before a verb may name, with up to two comma-separated chunks before it
    (appositions: "Hanna Maliar, a deputy defence minister, said")."""
    found = []
    start = _clause_before(sentence, verb)
    if verb - start > 1:
        found.append(_resolve(sentence, start, verb, sentence))
    for _ in range(2):
        if start < 2 or sentence[start - 1] not in ",—–(":
            break
        start = _clause_before(sentence, start - 1)
        found.append(_resolve(sentence, start, verb, sentence))
    return [a for a in found if a is not None]


def _best(found: list[Attribution]) -> Attribution | None:
    """The likeliest speaker: a known one, then one with a side, then a carry-over, then any."""
    if not found:
        return None
    return max(found, key=lambda a: (a.speaker is not None and a.speaker.known,
                                     a.speaker is not None and a.speaker.side != "unknown",
                                     a.carried, a.speaker is not None))


def speaker_of(sentence: str) -> Attribution | None:
    """The speaker a sentence names around a verb of saying (or a carry-over), else a lexicon speaker in it."""
    found: list[Attribution] = []
    if _IMPERSONAL.match(sentence):
        found.append(Attribution(None, (0, 0), carried=True))
    for match in _ACCORDING.finditer(sentence):
        attribution = _resolve(sentence, *_clause_after(sentence, match.end()), sentence)
        if attribution:
            found.append(attribution)
    for match in _SAY.finditer(sentence):
        here = _before(sentence, match.start())
        cyrillic = not sentence.isascii()
        lead = sentence[max(0, match.start() - 3):match.start()]
        if cyrillic or (_SAID_BEFORE_SPEAKER.search(match.group(0)) and (re.search(r"[,”\"’]\s*$", lead)
                                                                         or match.start() == 0)):
            start, end = _clause_after(sentence, match.end())
            if not _NOT_A_SPEAKER.match(sentence[start:end]):
                after = _resolve(sentence, start, end, sentence)
                if after is not None:
                    here.append(after)
        best = _best(here)
        if best is not None:
            found.append(best)
    for match in _POSSESSIVE.finditer(sentence):
        start = _clause_before(sentence, match.end(1))
        attribution = _resolve(sentence, start, match.end(1), sentence)
        if attribution and attribution.speaker and attribution.speaker.known:
            found.append(attribution)
    if found:
        return _best(found)
    strong = lexicon().find(sentence, weak=False)
    if strong:
        first, last, entry = strong[0]
        return _resolve(sentence, first, last, sentence)
    return None
