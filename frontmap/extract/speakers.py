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
from functools import cache, cached_property, lru_cache
from pathlib import Path

from .table import CYRILLIC, lower_case_pattern

__all__ = ["Speaker", "Attribution", "speaker_of", "lexicon", "SIDE_CUES"]

DATA = Path(__file__).parent / "data" / "speakers.yaml"


@dataclass(frozen=True)
class Speaker:
    """A claimant: its name as recorded, its side, and whether the lexicon knows it."""

    name: str
    side: str
    known: bool = True
    #: Known only as a generic voice ("Russian troops", "analysts"): a named speaker in the same sentence wins.
    generic: bool = False


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


_WORD = re.compile(r"[\w'’]+(?:[.-][\w'’]+)*\.?")


def _key(word: str) -> str:
    word = word.replace("’", "'").rstrip(".")
    return word[:-2] if word.endswith("'s") else word


class Lexicon:
    """The speakers of ``data/speakers.yaml``, looked up word by word (longest alias first).

    An alias is a list of words; a word ending in ``*`` matches any word it begins. Aliases are
    indexed by the first four letters of their first word, so a text costs one dict lookup a word.
    """

    def __init__(self, entries: list[dict]):
        self.entries: list[_Entry] = []
        self._by_prefix: dict[str, list[tuple[tuple[tuple[str, bool], ...], bool, int]]] = {}
        for row in entries:
            if row["side"] not in ("ukraine", "russia", "independent", "context"):
                raise ValueError(f"{DATA}: speaker {row.get('name')!r} has side {row['side']!r}; "
                                 "use ukraine, russia, independent or context")
            index = len(self.entries)
            self.entries.append(_Entry(row["name"], row["side"], row.get("default", "unknown"), bool(row.get("weak"))))
            for alias in (str(a) for aliases in (row.get("aliases") or {}).values() for a in aliases or ()):
                exact = alias.isupper() and len(alias) <= 5  # acronyms keep their case: "AP", not "ap"
                words = tuple((_key(w.strip("«»\"“”„")).rstrip("*") if exact else
                               _key(w.strip("«»\"“”„")).rstrip("*").lower(), w.endswith("*"))
                              for w in alias.split())
                self._by_prefix.setdefault(words[0][0][:4].lower(), []).append((words, exact, index))
        for aliases in self._by_prefix.values():
            aliases.sort(key=lambda a: -sum(len(w) for w, _ in a[0]))
        # A word starts the aliases whose first word it equals, or whose first word is a stem of it.
        self._by_word: dict[str, list] = {}
        self._stems: dict[str, list] = {}
        for prefix, aliases in self._by_prefix.items():
            for alias in aliases:
                (first, stem), exact = alias[0][0], alias[1]
                if stem:
                    self._stems.setdefault(prefix, []).append(alias)
                else:
                    self._by_word.setdefault(first.lower(), []).append(alias)

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The lower-case first word of every alias (as :func:`~frontmap.extract.table.words_of` splits words)."""
        return frozenset(part for aliases in self._by_prefix.values() for words, _exact, _index in aliases
                         for part in re.findall(r"[a-zа-яєіїґ0-9²]+", words[0][0].lower())[:1])

    @cache
    def single_words(self) -> dict[str, _Entry]:
        """One-word aliases of at least five letters that are names (surnames, projects): for misspellings."""
        return {words[0][0]: self.entries[index] for aliases in self._by_prefix.values()
                for words, exact, index in aliases
                if len(words) == 1 and not words[0][1] and len(words[0][0]) >= 5 and not exact
                and not self.entries[index].weak and words[0][0].isascii()}

    def find(self, text: str, start: int = 0, end: int | None = None, weak: bool = True) -> list[tuple[int, int, _Entry]]:
        """Every alias in ``text[start:end]``, as (start, end, entry)."""
        end = len(text) if end is None else end
        return [(s, e, entry) for s, e, entry in self._all(text)
                if start <= s and e <= end and (weak or not entry.weak)]

    @lru_cache(maxsize=256)
    def _all(self, text: str) -> list[tuple[int, int, _Entry]]:
        tokens = [(m.start(), m.end(), _key(m.group(0))) for m in _WORD.finditer(text)]
        lower = [t[2].lower() for t in tokens]
        found, i = [], 0
        while i < len(tokens):
            hit = None
            candidates = self._by_word.get(lower[i], ())
            stems = self._stems.get(lower[i][:4])
            if stems:
                candidates = sorted([*candidates, *stems], key=lambda a: -sum(len(w) for w, _ in a[0]))
            for words, exact, index in candidates:
                if i + len(words) > len(tokens):
                    continue
                first, stem = words[0]
                token = tokens[i][2] if exact else lower[i]
                if not (token.startswith(first) if stem else token == first):
                    continue
                if all((tokens[i + k][2] if exact else lower[i + k]).startswith(word) if stem
                       else (tokens[i + k][2] if exact else lower[i + k]) == word
                       for k, (word, stem) in enumerate(words)):
                    hit = (tokens[i][0], tokens[i + len(words) - 1][1], self.entries[index], len(words))
                    break
            if hit:
                found.append(hit[:3])
                i += hit[3]
            else:
                i += 1
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
           r"warned|explained|described|published|updated|continued|dismissed|rejected|refuted|called|emphasized|"
           r"emphasised|stressed|underlined|clarified|specified|reiterated|argued|conceded|observed|alleged|"
           r"remarked|recounted|recalled|commented|elaborated|mentioned|assessed|judged|believes|believed|reads")
_SAY_CY = (r"повідоми\w*|повідомля\w*|заяви\w*|заявля\w*|зазнач\w*|написа\w*|пише|пишуть|розпові\w*|сказа\w*|"
           r"уточни\w*|дода\w*|підтверди\w*|підтвержу\w*|інформу\w*|звіту\w*|наголоси\w*|наголошу\w*|"
           r"сообщи\w*|сообща\w*|заявил\w*|заявля\w*|отмети\w*|отмеча\w*|рассказа\w*|уточни\w*|добави\w*|"
           r"подтверди\w*|подтвержда\w*|переда\w*|передаё\w*|указа\w*|констатува\w*|констатирова\w*|"
           r"відзвітува\w*|доповіл\w*|доповів|доложил\w*|похвали\w*|признал\w*|визна\w*|зауважи\w*|"
           r"підкресли\w*|подчеркну\w*|пояснив|пояснил\w*|объясни\w*|наголоси\w*|говорит\w*|говорить|каже|"
           r"сказав|кажуть|говорят")
_SAY_WORDS = frozenset(_SAY_EN.split("|"))
_SAY_ONLY_AT_END = frozenset({"continued", "updated", "published", "described", "explained", "warned"})
_SAY_STEMS = tuple(stem.replace("\\w*", "") for stem in _SAY_CY.split("|") if stem.endswith("\\w*"))
_SAY_CY_WORDS = frozenset(stem for stem in _SAY_CY.split("|") if not stem.endswith("\\w*"))
_SIMPLE_WORD = re.compile(r"[\w-]+")
_AUXILIARY = re.compile(r"(?:has |have |had |also |later |earlier |then )$")


def _verbs(sentence: str, words: frozenset[str] | None = None) -> list[tuple[int, int, str]]:
    """The verbs of saying in a sentence: (start, end, the verb with its auxiliary).

    ``words``: the sentence's :func:`~frontmap.extract.table.words_of`, if known: an English sentence is then
    searched only for the verbs it holds.
    """
    lower = sentence.lower()
    if words is not None and CYRILLIC not in words and len(lower) == len(sentence):  # Latin script: English verbs
        spans = []
        for word in _SAY_WORDS.intersection(words):
            at = lower.find(word)
            while at >= 0:
                end = at + len(word)
                if (at == 0 or not _WORD_CHAR.match(lower, at - 1)) and not _WORD_CHAR.match(lower, end):
                    spans.append((at, end))
                at = lower.find(word, end)
        matches = sorted(spans)
    else:
        ascii_only = sentence.isascii()
        matches = [m.span() for m in _SIMPLE_WORD.finditer(sentence)
                   if (word := m.group(0).lower()) in _SAY_WORDS or not ascii_only and (
                       word in _SAY_CY_WORDS or word.startswith(_SAY_STEMS))]
    found = []
    for start, end in matches:
        if sentence[start:end].lower() in _SAY_ONLY_AT_END and sentence[end:end + 1] not in (".", ",", ":", ";", ""):
            continue  # "troops continued to attack" says nothing; '…," it continued.' does
        aux = _AUXILIARY.search(sentence, max(0, start - 8), start)
        if aux:
            start = aux.start()
        found.append((start, end, sentence[start:end]))
    return found


#: A character that continues a word for :func:`_verbs` (as ``[\w-]`` does).
_WORD_CHAR = re.compile(r"[\w-]")
# "according to X", "за даними X": lower-case patterns, run on the lower-cased sentence (twice as fast as
# ignoring case), the English one only where the sentence has a word it needs, the Cyrillic one in Cyrillic text.
_ACCORDING = (lower_case_pattern(r"\b(?:according to|cited by|as reported by|in (?:a|an|its|his|her|their) "
                                 r"(?:daily |latest |evening |morning |nightly )?(?:statement|report|update|briefing|"
                                 r"post|video|address|summary|assessment) (?:by|from|of))\s+"),
              lower_case_pattern(r"(?:за даними|за словами|за інформацією|згідно з даними|згідно з|як повідомля\w*|"
                                 r"як повідоми\w*|як зазначи\w*|по данным|по словам|по информации|как сообща\w*|"
                                 r"как сообщи\w*|как отмети\w*|со ссылкой на|з посиланням на|повідомили в|"
                                 r"повідомили у|сообщили в|сообщили во)\s+"))
#: Words an English sentence needs for :data:`_ACCORDING` to match in it.
_ACCORDING_WORDS = frozenset("according cited reported statement report update briefing post video address summary "
                             "assessment".split())
_POSSESSIVE = re.compile(r"['’]s? (?:(?:daily|evening|morning|latest|nightly|weekly|regular|own|most recent) )?"
                         r"(?:update|report|briefing|assessment|summary|statement|map|maps|address|video|post|data|"
                         r"figures|estimate)\b")
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
                         r"institute|think tank|administration|authorities|forces|defence ministry|intelligence|review|"
                         r"defense ministry)$|^(?:відомств\w*|міністерств\w*|штаб\w*|речни\w*|ведомств\w*|"
                         r"министерств\w*|представител\w*|пресс-служб\w*|пресслужб\w*)$")
#: Impersonal saying: "it is reported", "сообщается", "відзначається".
_IMPERSONAL = re.compile(r"(?i)^(?:сообщается|отмечается|уточняется|подчеркивается|утверждается|говорится|"
                         r"повідомляється|зазначається|уточнюється|наголошується|йдеться)\b")
#: Words of a speaker's description that give its side.
SIDE_CUES = (
    ("russia", lower_case_pattern(r"\b(?:russian|russia's|russia|moscow|kremlin|pro-russian|pro-kremlin|moscow-\w+|"
                                  r"kremlin-\w+|russian-\w+|occupation|separatist\w*|dpr|lpr|dnr|lnr|chechen)\b|"
                                  r"російськ|росі[їя]|рф\b|окупаці|окупант|российск|росси[ия]|днр|лнр|вс рф")),
    ("ukraine", lower_case_pattern(r"\b(?:ukrainian|ukraine's|ukraine|kyiv|kiev|kyiv's|kiev's|zsu|afu)\b|"
                                   r"україн|украин|зсу|всу|наш\w* (?:військ|захисник|воїн|бійц|підрозділ)")),
    ("independent", lower_case_pattern(r"\b(?:british|britain's|uk|u\.s\.|american|western|nato|pentagon|"
                                       r"analysts?|think tank|geolocated|observers|osint)\b|"
                                       r"британ|американ|аналіти|аналити|незалежн|независим")),
)
#: Words that make a phrase someone who can speak (a role, an office, a source), not a thing (on lower-cased text).
_SPEAKER_NOUNS = lower_case_pattern(r"\b(?:spokes\w+|spox|official|officials|commander|governor|mayor|minister|ministry|"
                                    r"staff|army|military|forces|service|agency|channel|blogger\w*|milblogger\w*|source|"
                                    r"sources|analyst\w*|administration|command|brigade|battalion|regiment|unit|head|chief|"
                                    r"president|officer|soldier\w*|serviceman|servicemen|correspondent|reporter|expert\w*|"
                                    r"intelligence|institute|group|legion|corps|media|outlets?|newspapers?|agency|agencies|map|"
                                    r"project|police|authorities|leaders?|representatives?|deputy|advis[oe]rs?|channels|"
                                    r"commanders|governors|officers|correspondents|reporters)\b|"
                                    r"речни\w*|командир\w*|командувач\w*|голов\w*|глав\w*|губернатор\w*|мер\w*|"
                                    r"міністр\w*|министр\w*|представник\w*|представител\w*|бригад\w*|батальйон\w*|"
                                    r"батальон\w*|військов\w*|военн\w*|служб\w*|канал\w*|блогер\w*|воєнкор\w*|"
                                    r"военкор\w*|штаб\w*|адміністрац\w*|администрац\w*|джерел\w*|источник\w*|"
                                    r"керівник\w*|руководител\w*|заступни\w*|начальник\w*")


def _misspelt_alias(phrase: str) -> _Entry | None:
    """The lexicon speaker a one-word name misspells ("Stupun" for "Shtupun"), if one is close enough."""
    if " " in phrase or not phrase[:1].isupper() or len(phrase) < 5:
        return None
    from rapidfuzz import fuzz, process

    names = lexicon().single_words()
    hit = process.extractOne(phrase.lower(), list(names), scorer=fuzz.ratio, score_cutoff=85)
    return names[hit[0]] if hit else None


def _side_of(text: str) -> str:
    text = text.lower()
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


_LEADING_LINK = re.compile(r"(?i)^(?:but |and |also |however |meanwhile |the |a |an )+")


def _resolve(text: str, start: int, end: int, sentence: str) -> Attribution | None:
    """The speaker the phrase ``text[start:end]`` names, or a carry-over for a pronoun or bare title."""
    phrase = _TIME_TAIL.sub("", _TIME_TAIL.sub("", text[start:end].strip(" .,'’\"")))
    phrase = _LEADING_LINK.sub("", phrase)
    if not phrase:
        return None
    found = [f for f in lexicon().find(text, start, min(len(text), end + 20)) if f[0] < end]
    if found:
        first, last, entry = max(found, key=lambda f: (not f[2].weak, f[1] - f[0]))
        side = entry.side
        if side == "context":
            side = _side_of(text[max(0, start - 25):end])
            side = side if side in ("ukraine", "russia") else entry.default
        return Attribution(Speaker(entry.name, side, True, entry.weak), (min(start, first), max(end, last)))
    if _PRONOUN.match(phrase):
        return Attribution(None, (start, end), carried=True)
    if _TITLE_ONLY.match(phrase) and _side_of(phrase) == "unknown":
        return Attribution(Speaker(phrase, "unknown", False), (start, end), carried=True)
    close = _misspelt_alias(phrase)
    if close is not None:
        side = close.side if close.side != "context" else close.default
        return Attribution(Speaker(close.name, side, True), (start, end))
    words = phrase.split()
    if len(words) > 10 or _NOT_A_SPEAKER.match(phrase) \
            or not _SPEAKER_NOUNS.search(phrase.lower()) and not any(w[:1].isupper() for w in words[1:] or words):
        return None
    side = _side_of(phrase)
    if side == "unknown" and _PERSON_NOUN.search(phrase.lower()):
        side = _only_side(sentence)  # "… Glory to Ukraine!" a soldier says: a person's side from the sentence
    return Attribution(Speaker(phrase, side, False), (start, end))


#: Speaker nouns for a person (not an office, a map or a medium), whose side the rest of the sentence may give.
_PERSON_NOUN = re.compile(r"\b(?:soldiers?|servicem[ae]n|fighters?|commanders?|officers?|spokes(?:man|woman|person)|"
                          r"paratroopers?|marines?|medics?|volunteers?)\b|бо[єї]ц\w*|бійц\w*|військовослужбов\w*|"
                          r"военнослужащ\w*|командир\w*")


def _only_side(sentence: str) -> str:
    """``russia`` or ``ukraine`` when the sentence's words point to that side alone, else ``unknown``."""
    lower = sentence.lower()
    sides = {side for side, pattern in SIDE_CUES[:2] if pattern.search(lower)}
    return sides.pop() if len(sides) == 1 else "unknown"


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
        first = found[0].speaker if found[0] is not None else None
        if first is not None and first.known and not first.generic and first.side != "unknown":
            return found  # a known name with a side: no apposition before it can name a likelier speaker
    for _ in range(2):
        if start < 2 or sentence[start - 1] not in ",—–(":
            break
        start = _clause_before(sentence, start - 1)
        apposition = _resolve(sentence, start, verb, sentence)
        if apposition is not None and apposition.speaker is not None and apposition.speaker.known \
                and not apposition.speaker.generic:  # only a name stands in apposition to a title
            found.append(apposition)
    return [a for a in found if a is not None]


def _best(found: list[Attribution]) -> Attribution | None:
    """The likeliest speaker: a known one, then one with a side, then a carry-over, then any."""
    if not found:
        return None
    return max(found, key=lambda a: (a.speaker is not None and a.speaker.known and not a.speaker.generic,
                                     a.speaker is not None and a.speaker.known,
                                     a.speaker is not None and a.speaker.side != "unknown",
                                     a.carried, a.speaker is not None))


def speaker_of(sentence: str, words: frozenset[str] | None = None) -> Attribution | None:
    """The speaker a sentence names around a verb of saying (or a carry-over), else a lexicon speaker in it.

    ``words``: the sentence's lower-case words, if known (an English sentence without a verb of saying is
    then not scanned for one).
    """
    found: list[Attribution] = []
    if _IMPERSONAL.match(sentence):
        found.append(Attribution(None, (0, 0), carried=True))
    lower = sentence.lower()
    english, cyrillic = _ACCORDING
    according = list(english.finditer(lower)) \
        if not _ACCORDING_WORDS.isdisjoint(words if words is not None else _SIMPLE_WORD.findall(lower)) else []
    if words is None and not sentence.isascii() or words is not None and CYRILLIC in words:
        according = sorted([*according, *cyrillic.finditer(lower)], key=lambda m: m.start())
    for match in according:
        attribution = _resolve(sentence, *_clause_after(sentence, match.end()), sentence)
        if attribution:
            found.append(attribution)
    scan = words is None or CYRILLIC in words or not _SAY_WORDS.isdisjoint(words)
    for verb_start, verb_end, verb in _verbs(sentence, words) if scan else ():
        here = _before(sentence, verb_start)
        cyrillic = CYRILLIC in words if words is not None else not sentence.isascii()
        lead = sentence[max(0, verb_start - 3):verb_start]
        if cyrillic or (_SAID_BEFORE_SPEAKER.search(verb) and (re.search(r"[,”\"’]\s*$", lead) or verb_start == 0)):
            start, end = _clause_after(sentence, verb_end)
            if not _NOT_A_SPEAKER.match(sentence[start:end]):
                after = _resolve(sentence, start, end, sentence)
                if after is not None:
                    here.append(after)
        best = _best(here)
        if best is not None:
            found.append(best)
    for match in _POSSESSIVE.finditer(sentence) if "'" in sentence or "’" in sentence else ():
        start = _clause_before(sentence, match.start())
        attribution = _resolve(sentence, start, match.start(), sentence)
        if attribution and attribution.speaker and attribution.speaker.known:
            found.append(attribution)
    if found:
        return _best(found)
    if words is not None and CYRILLIC not in words and words.isdisjoint(lexicon().first_words):
        return None  # names no speaker the lexicon knows
    strong = lexicon().find(sentence, weak=False)
    if strong:
        first, last, entry = strong[0]
        return _resolve(sentence, first, last, sentence)
    return None
