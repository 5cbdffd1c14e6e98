"""Sentences → draft claims: who said what happened, when, where, how much, how sure.

Rules, in order, for each sentence of running text:

1. A verification cue ("could not be independently verified") marks the claim before it.
2. Negated sentences ("Neither side has provided any information") make no claim.
3. The claimant is the first known claimant named, or the previous sentence's for "it said".
4. The kind comes from the verbs; a km² figure makes an area change. "Destroyed" alone only
   adds its numbers to the claim just before.
5. Consecutive sentences of one claimant are one claim, and so is an unattributed report
   followed by a claimant confirming it ("offensive" then "advance").
6. A sentence with no verb but a direction ("the road to Kursk, north-east of Sudzha") gives
   its geometry to the offensive or advance just before.
7. An advance or capture at several places becomes one claim per place.
8. A claim needs a place or a number; anything vaguer is dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import statement_date, when
from .lexicon import (
    CITED,
    CLAIMANTS,
    COMPATIBLE,
    DIRECTION,
    KINDS,
    MAGNITUDES,
    NEAR,
    NEGATIONS,
    SAYING,
    TOWARDS,
    VERIFICATION_CUES,
    WEAK_KINDS,
)
from .magnitudes import magnitudes
from .speakers import lexicon, speaker_of
from .table import CYRILLIC, lower_case_pattern
from .text import Sentence

#: Words a claim-bearing sentence has (a verb of a kind, a unit, a cue, a direction); others are skipped.
TRIGGER_WORDS = KINDS.words | MAGNITUDES.words | VERIFICATION_CUES.words | DIRECTION.words | TOWARDS.words
#: A sentence that says it goes on with the statement before it.
_CONTINUES = re.compile(r"(?i)^[\"“«]?(?:(?:it|they|the ministry|the military|the statement|the report|the update|"
                        r"the spokes\w+|he|she) (?:also|further)\b|also\b|in addition\b|besides\b|furthermore\b|"
                        r"moreover\b|additionally\b)")


def _continues(sentence: Sentence, previous: Sentence) -> bool:
    """Whether a sentence without a speaker goes on with the statement of the sentence before it.

    In the same paragraph it does. Across a paragraph break, Ukrainian and Russian news go on with
    the lead's source; English wire copy names its source in every paragraph it quotes, so a new
    English paragraph goes on only inside an open quotation or with a marker ("It also said", "Also, ...").
    """
    if sentence.paragraph == previous.paragraph:
        return True
    if sentence.paragraph - previous.paragraph > 1:
        return False
    if CYRILLIC in sentence.words:
        return True
    text = previous.text
    open_quote = text.count("“") > text.count("”") or text.count('"') % 2 == 1
    return bool(open_quote or _CONTINUES.match(sentence.text))


#: A sentence that attributes the ones before it: "Про це повідомили в ...", "Об этом сообщил ...".
_BACKWARD_WORDS = (r"(?:про це|об этом|(?:таку|цю|такую|эту) інформацію|(?:такую|эту) информацию|(?:такі|ці) дані|"
                   r"(?:такие|эти) данные)\b")
_BACKWARD = (lower_case_pattern(_BACKWARD_WORDS + r"|(?:this|that|the information|these figures) (?:was|is|has been|"
                                r"were) (?:reported|said|announced|stated|confirmed|according)\b"),  # at the start
             lower_case_pattern(r",\s*" + _BACKWARD_WORDS))  # after a comma


def _attributes_backward(text: str) -> bool:
    """Whether a sentence says that the ones before it were its speaker's ("Про це повідомили в X").

    >>> _attributes_backward("This was reported by the General Staff."), _attributes_backward("It said so.")
    (True, False)
    """
    lower = text.lower()
    return _BACKWARD[0].match(lower) is not None or ("," in lower and _BACKWARD[1].search(lower) is not None)
#: A sentence that opens a quotation ('"We hold the town. …'), and one that closes it.
_OPENS_QUOTE = re.compile(r'^["“«]')
_CLOSES_QUOTE = re.compile(r'["”»]')
_LEADING_TIME = re.compile(r"^([^,]{3,40}),\s")
_LOSING = re.compile(r"\b(?:lost|losses|losing|suffered)\b", re.IGNORECASE)
_RADIUS_KM = {"near": 10.0, "around": 5.0, "outside": 10.0, "in": 3.0, "at": 3.0}


@dataclass
class Draft:
    """A claim being assembled from one or more sentences."""

    sentences: list[Sentence]
    claimant: tuple[str, str] | None
    kind: str | None
    actor: str
    event: object
    reported: date
    places: list[tuple] = field(default_factory=list)       # (start, end, as written, kind, form)
    magnitudes: list[dict] = field(default_factory=list)
    geometry: dict | None = None
    note: str = ""
    claimant_span: tuple[int, int] | None = None
    #: How the claimant was found: in the sentence ("own"), by a pronoun or title ("carried"), by a later
    #: "this was reported by" ("backward"), as the statement going on from the sentence before ("continued").
    attribution: str | None = None
    last_index: int = 0
    explicit: bool = False


def _claimant(sentence: Sentence) -> tuple[tuple[str, str] | None, tuple[int, int] | None, bool]:
    """The sentence's claimant (name, side) and its span in the article, and whether it carries the previous one."""
    found = speaker_of(sentence.text, sentence.words)
    if found is None:
        hedge = CLAIMANTS.first(sentence.text, sentence.words)  # "reportedly", "media reports"
        if hedge is None:
            return None, None, False
        (name, side), match = hedge
        return (name, side), (sentence.start + match.start(), sentence.start + match.end()), False
    if found.carried:
        title = (found.speaker.name, "title") if found.speaker is not None else None
        return title, None, True
    cited = list(dict.fromkeys(label for label, _ in CITED.matches(sentence.text, sentence.words)))
    cited = [label for label in cited if label != found.speaker.name]
    name = f"{found.speaker.name}, citing {', '.join(cited)}" if cited else found.speaker.name
    start, end = found.span
    return (name, found.speaker.side), (sentence.start + start, sentence.start + end), False


#: A line that names the article's source, as some outlets print it ("Source: …", "Джерело: …", "Источник: …").
_SOURCE_LINE = re.compile(r"(?i)^\s*(?:sources?|джерело|джерела|источник|источники)\s*:\s*(\S.*)$")


def _source_line(line: str) -> tuple[str, str] | None:
    """The speaker a source line names (the last the lexicon knows: outlets list themselves first), else None.

    >>> _source_line("Source: a news site; UK Defence Intelligence")
    ('UK Defence Intelligence', 'independent')
    >>> _source_line("Sources say nothing here") is None
    True
    """
    match = _SOURCE_LINE.match(line)
    if match is None:
        return None
    named = lexicon().find(match.group(1), weak=False)
    if not named:
        return None
    entry = named[-1][2]
    return entry.name, entry.side if entry.side != "context" else entry.default


#: Words before a verb of gain that make it an attempt ("trying to capture" is an offensive, not a capture).
_ATTEMPT = re.compile(r"(?:\btry\w*|\btried|\battempt\w*|\bseek\w*|\bsought|\bbid|\beffort\w*|\bstruggl\w*|"
                      r"\bfail\w*|\bunable|намага\w*|спроб\w*|пыта\w*|попытк\w*|стремя\w*)\s+(?:\w+\s+){0,2}"
                      r"(?:to\s+)?$")
#: Words before a verb that make the sentence a forecast, a goal or a condition, not a report.
_IRREALIS = re.compile(r"\b(?:would|could|might|may|will|shall|goal|aim|target|plans?|planned|wants?|needs?|must|"
                       r"should|expected to|likely to|ultimate|if|unless)\b[^.;,]{0,25}$|"
                       r"(?:може|могли|могут|буде|будет|мета|цель|план\w*|якщо|если)\s+(?:\w+\s+){0,2}$")
#: After a noun of gain ("the liberation of Izium"), a modal that makes it a forecast.
_NOMINAL_IRREALIS = re.compile(r"(?i)[^.;]{0,40}?\b(?:would|could|might|will)\b")
#: What :data:`_ATTEMPT`, :data:`_IRREALIS` and :data:`_NOMINAL_IRREALIS` need in a sentence (word parts searched
#: once in the lower-cased sentence, words of its :attr:`~frontmap.extract.text.Sentence.words`; "план…" aside):
#: most sentences have none, and the three patterns, tried before every verb, are then skipped.
_ATTEMPT_CUE = re.compile(r"tr[yi]|attempt|seek|sought|bid|effort|struggl|fail|unable|намага|спроб|пыта|попытк|стремя")
_IRREALIS_WORDS = frozenset("would could might may will shall goal aim target plan plans planned want wants need needs "
                            "must should expected likely ultimate if unless може могли могут буде будет мета цель якщо "
                            "если".split())
_MODALS = frozenset({"would", "could", "might", "will"})
#: A denial: the gain it speaks of is disputed ("dismissed the claims of the capture of").
#: (Run on the lower-cased sentence the kinds were read in; the look-ahead lets the engine skip to first letters.)
_DENIAL = lower_case_pattern(r"(?=[drnfсноф])(?:\b(?:denied|denies|dismissed|rejected|refuted|not true|false|fake)\b|"
                             r"спростува\w*|не відповіда\w*|опроверг\w*|не соответству\w*|фейк\w*)")
_GAINS = frozenset({"capture", "advance", "withdrawal", "control"})


#: A relative clause: background to the statement ("…, which the Ukrainians took during their offensive").
_RELATIVE = re.compile(r",\s*(?:which|who|that|where|який|яка|яке|які|що|который|которая|которое|которые|где)\b[^,;]*")
_TERRITORY = ("capture", "withdrawal", "advance", "control")
_FAMILY = {"capture": "territory", "advance": "territory", "control": "territory", "area_change": "territory",
           "offensive": "fighting", "clash": "fighting", "strike": "fire", "loss": "fire", "withdrawal": "withdrawal"}
#: The kinds the last call of :func:`_kind` read in its sentence (for claims of a second family).
_LAST_READ: list[str] = []


def _other_kinds(kind: str) -> list[str]:
    """One kind per family other than ``kind``'s that the sentence just read also states, first one first."""
    seen = {_FAMILY.get(kind)}
    others = []
    for other in _LAST_READ:
        family = _FAMILY.get(other)
        if family not in seen and family in ("fighting", "fire"):
            seen.add(family)
            others.append(other)
    return others


def _kind(sentence: Sentence) -> tuple[str | None, bool]:
    """The kind a sentence's verbs state, and whether only a weak verb says it.

    A gain or loss of ground outranks fighting and fire; otherwise the first verb or noun in the
    sentence counts. Relative clauses are background and are not read. An attempt at a gain ("trying
    to capture", "намагаються наступати") is an offensive; a gain that is a forecast or a goal ("would
    be the liberation of") is no claim.
    """
    text = _RELATIVE.sub(lambda m: " " * len(m.group(0)), sentence.text) if "," in sentence.text else sentence.text
    found = list(KINDS.matches(text, sentence.words))
    if not found:
        return None, False
    read = []
    lowered = found[0][1].string
    words = sentence.words
    attempt = _ATTEMPT_CUE.search(lowered) is not None
    irrealis = not words.isdisjoint(_IRREALIS_WORDS) or CYRILLIC in words and any(w.startswith("план") for w in words)
    modal = not words.isdisjoint(_MODALS)
    for kind, match in found:
        head = match.string[max(0, match.start() - 40):match.start()]
        if attempt and kind in _GAINS and _ATTEMPT.search(head):
            kind = "offensive"
        elif irrealis and _IRREALIS.search(head) or modal and _NOMINAL_IRREALIS.match(match.string, match.end()):
            continue
        read.append((kind, match))
    if not read:
        return None, False
    order = {kind: rank for rank, kind in enumerate(_TERRITORY)}
    territory = [f for f in read if f[0] in order]
    kind, match = min(territory, key=lambda f: (order[f[0]], f[1].start())) if territory \
        else min(read, key=lambda f: f[1].start())
    if kind in _GAINS and _DENIAL.search(match.string):
        kind = "control"  # a denial of a gain says who holds the ground
    _LAST_READ[:] = [k for k, m in read if not (WEAK_KINDS.get(k) and WEAK_KINDS[k].fullmatch(m.group(0)))]
    weak = WEAK_KINDS.get(kind)
    only_weak = bool(weak) and match.re.search(weak.sub("", text.lower())) is None
    return kind, only_weak


#: Between a place and the next one: an apposition or relative clause that makes the next a reference point
#: ("Krutyi Yar, which lies 13 km south of Pokrovsk", "Karlivka, southeast of Pokrovsk", "сел А и Б, которые
#: находятся северо-восточнее города В").
_REFERENCE_GAP = re.compile(
    r"(?i)^[^.;]{0,6},\s*(?:[^,.;]{0,50}?\b(?:which|that|where|located|situated|lying|lies|some|about|roughly|around|"
    r"approximately|less than|more than|a little|just|only|north|south|east|west|\d+)\b[^.;]{0,60}|"
    r"[^,.;]{0,50}?(?:що|який|яке|яка|які|котор\w+|где|де|розташован\w*|расположен\w*|північн\w*|південн\w*|"
    r"східн\w*|західн\w*|северн\w*|южн\w*|восточн\w*|западн\w*|северо\w*|юго\w*|\d+)[^.;]{0,60})$")
#: Between a place and the next one: "near", "outside", "під", "под", "біля" make the next a landmark for the first
#: ("took Novoselivka near Siversk", "заняли Тихое под Купянском").
_NEAR_GAP = re.compile(r"(?i)^\s+(?:near|outside|close to|not far from|біля|поблизу|поруч із|неподалік від|під|"
                       r"под|около|возле|вблизи|недалеко от)\s+(?:the\s+)?(?:(?:town|city|village)\s+(?:of\s+)?)?$")
#: Before a place, words that make it the goal or a landmark of a move, not where a gain was made.
_TOWARDS = re.compile(r"(?i)\b(?:advance|advances|push|drive|offensive|march|road|way|approach\w*|closes?|closing|"
                      r"moving|heading|head|gateway|home|en route)\s+(?:in\s+)?(?:on|to|towards?)\s+(?:the\s+)?"
                      r"(?:[\w-]+\s+){0,5}$|\btowards?\s+(?:the\s+)?(?:[\w-]+\s+){0,5}$|"
                      r"(?:у напрямку|в напрямку|у бік|в сторону|в направлении|на подступах к)\s+(?:\w+\s+){0,2}$")
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*(?:and|or|і|та|и|й|a|а))\s*$")
#: After a place: a possessive or a verb of saying makes it a metonym ("Kyiv's forces", "Moscow said").
_METONYM_AFTER = re.compile(r"^(?:['’]s\b|\s+(?:said|says|claimed|claims|announced|reported|has said|insists))")


def claim_places(sentence: Sentence, here: list[tuple], kind: str | None) -> list[tuple]:
    """The places a claim is about, told from reference points, goals and metonyms in its sentence.

    Regions are kept. If every settlement is a reference point, none is the claim's.
    """
    text, offset = sentence.text, sentence.start
    kept, previous_end, previous_reference = [], None, False
    for mention in here:
        if mention[3] == "region":
            kept.append(mention)
            continue
        start, end = mention[0] - offset, mention[1] - offset
        gap = text[previous_end:start] if previous_end is not None else ""
        if previous_end is not None and _LIST_GAP.match(gap):
            reference = previous_reference
        else:
            reference = bool(previous_end is not None and (_REFERENCE_GAP.match(gap) or _NEAR_GAP.match(gap))) \
                or (kind in ("capture", "withdrawal", "control") and bool(_TOWARDS.search(text, max(0, start - 50), start)))
        metonym = bool(_METONYM_AFTER.match(text, end))
        if not reference and not metonym:
            kept.append(mention)
        previous_end, previous_reference = end, reference
    return kept


#: A side's forces named in a sentence; titles ("Russian Defence Ministry") name a claimant, not forces, so the
#: alternation consumes them first and they are skipped.
#: The Latin names must begin a word (:func:`_sides` checks it). The look-ahead for the first letters lets the
#: engine skip to them (a pattern that begins with ``\b`` or a named group is tried at every position).
_SIDES = re.compile(
    r"(?=[URMNKРУЗВ])(?:(?P<title>(?:Ukrainian|Russian|Russia's|Ukraine's) (?:President|Defen[cs]e Ministry|presidential office|"
    r"military bloggers|war bloggers|Telegram channel|General Staff|media))\b"
    r"|(?P<russia>(?:Russian|Russia's|Russians|Russia|Moscow|North Korean)\b|Російськ|Российск|Росі|Росси)"
    r"|(?P<ukraine>(?:Ukrainian|Ukraine's|Ukrainians|Ukraine|Kiev|Kyiv)\b|Українськ|Украинск|ЗСУ|ВСУ))")
_WORD_CHAR = re.compile(r"\w")


def _sides(text: str):
    """The matches of :data:`_SIDES` in ``text``, in order, a Latin name only where a word begins."""
    position = 0
    while (match := _SIDES.search(text, position)) is not None:
        start = match.start()
        if start and text[start].isascii() and _WORD_CHAR.match(text, start - 1):
            position = start + 1  # inside a word: no match here, as "\b" would have said
            continue
        yield match
        position = match.end()
_THEY = re.compile(r"\bthey\b")
_SIDE_WORDS = frozenset(f"russian russia russians moscow korean ukrainian ukraine ukrainians kiev kyiv {CYRILLIC}".split())


def _actor(sentence: Sentence, previous: str, claimant_span: tuple[int, int] | None) -> str:
    """The side whose forces act: the first side named outside the claimant's own words."""
    if previous != "unknown" and "they" in sentence.words and _THEY.search(sentence.text):  # lower-case "they" only
        return previous
    if sentence.words.isdisjoint(_SIDE_WORDS):
        return previous
    start, end = (claimant_span[0] - sentence.start, claimant_span[1] - sentence.start) if claimant_span else (0, 0)
    for match in _sides(sentence.text):
        if match.lastgroup != "title" and not start <= match.start() < end:
            return match.lastgroup
    return previous


#: "… on Sunday said": the day of a statement (the literal "on " first lets the engine find it fast).
_SAID_ON = re.compile(r"(on (?<!\won )\w+day)\s+(?:said|reported|wrote)")


def _anchor(sentence: Sentence, published: date) -> tuple[date, str]:
    """When the statement was made, and the rest of the sentence (where the event's time is)."""
    text = sentence.text
    if not SAYING.search(text, sentence.words):
        return published, text
    lead = _LEADING_TIME.match(text)
    if lead and when(lead.group(1), published, sentence.words) is not None:
        return statement_date(text, published, sentence.words), text[lead.end():]
    said_on = _SAID_ON.search(text)
    if said_on:
        return statement_date(said_on.group(1) + " said", published), text.replace(said_on.group(1), "")
    return published, text


def _geometry(sentence: Sentence, places: list[tuple]) -> dict | None:
    names = {p[2] for p in places if p[3] == "place"}
    if not names:
        return None
    direction = DIRECTION.search(sentence.text, sentence.words)
    if direction and direction.group(2) in names:
        compass = direction.group(1).lower().replace("northe", "north-e").replace("northw", "north-w") \
            .replace("southe", "south-e").replace("southw", "south-w")
        towards = TOWARDS.search(sentence.text, sentence.words)
        description = f"{compass} of {direction.group(2)}" + (f", towards {towards.group(1)}" if towards else "")
        return {"shape": "sector", "from": direction.group(2), "direction": compass, "distance_km": [3, 25],
                "description": description}
    for near in NEAR.finditer(sentence.text):
        if near.group(2) in names:
            word = near.group(1).lower()
            return {"shape": "point", "at": near.group(2), "uncertainty_km": _RADIUS_KM.get(word, 5.0),
                    "description": f"{word} {near.group(2)}"}
    towards = TOWARDS.search(sentence.text, sentence.words)
    if towards and towards.group(1) in names:
        return {"shape": "point", "at": towards.group(1), "uncertainty_km": 5.0,
                "description": f"towards {towards.group(1)}"}
    return None


def _merge(into: Draft, other: Draft) -> None:
    into.sentences += other.sentences
    into.claimant = into.claimant or other.claimant
    into.claimant_span = into.claimant_span or other.claimant_span
    into.attribution = into.attribution if into.attribution in ("own", "carried", "backward") else other.attribution
    into.kind = into.kind or other.kind
    into.places += [p for p in other.places if p[2] not in {q[2] for q in into.places}]
    into.magnitudes += other.magnitudes
    into.geometry = into.geometry or other.geometry
    if other.event is not None and (into.event is None or getattr(other, "explicit", False)):
        into.event = other.event
    into.reported = min(into.reported, other.reported)


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or frozenset({a, b}) in COMPATIBLE


def speakers(sentences: list[Sentence]) -> list[tuple[tuple[str, str] | None, tuple[int, int] | None, str | None]]:
    """The claimant of every sentence, with carry-over.

    A pronoun or bare title ("it said", "the ministry added", "сказал он") stands for the speaker
    before it; a sentence without any attribution continues the statement of the sentence just before
    it (same or next paragraph); "Про це повідомили в X" / "Об этом сообщил X" / "This was reported by X"
    attributes the sentences before it that have no speaker of their own.
    """
    found: list[list] = []
    previous: tuple[str, str] | None = None
    how = None
    previous_index = -10
    for index, sentence in enumerate(sentences):
        if sentence.headline:
            found.append([None, None, None])
            source = _source_line(sentence.text)
            if source is not None:  # "Source: General Staff": the article's statements are that speaker's
                previous, previous_index = source, -10
            continue
        claimant, span, carried = _claimant(sentence)
        how = "own" if claimant is not None and not carried else None
        if carried:
            how = "carried"
            if previous is not None or claimant is None:
                claimant = previous
            else:  # a bare title with no speaker before it speaks for the side whose forces the sentence reports on
                side = _actor(sentence, "unknown", None)
                claimant = (claimant[0], side if side in ("ukraine", "russia") else "unknown")
        elif claimant is not None and _attributes_backward(sentence.text):
            for back in range(index - 1, max(-1, index - 3), -1):
                if sentences[back].headline or found[back][0] is not None \
                        or sentence.paragraph - sentences[back].paragraph > 1:
                    break
                found[back][0], found[back][2] = claimant, "backward"
        elif claimant is None and previous is not None and index - previous_index == 1 \
                and _continues(sentence, sentences[previous_index]):
            claimant, how = previous, "continued"  # the statement goes on in the next sentence
        if claimant is not None:
            previous, previous_index = claimant, index
        found.append([claimant, span, how if claimant is not None else None])
        if how == "own" and not _OPENS_QUOTE.match(sentence.text):
            _quoted_before(sentences, found, index, claimant)
    return [tuple(pair) for pair in found]


def _quoted_before(sentences: list[Sentence], found: list[list], index: int, claimant: tuple[str, str]) -> None:
    """Give the speaker of a quotation's last sentence ('… again," X said.') to the quoted sentences before it
    in its paragraph that have no speaker of their own, back to the one that opens the quotation."""
    if not _CLOSES_QUOTE.search(sentences[index].text):
        return
    for back in range(index - 1, max(-1, index - 6), -1):
        sentence = sentences[back]
        if sentence.paragraph != sentences[index].paragraph or sentence.headline or found[back][2] == "own":
            return
        if found[back][0] is None or found[back][2] == "continued":
            found[back][0], found[back][2] = claimant, "backward"
        if _OPENS_QUOTE.match(sentence.text):
            return


def assemble(sentences: list[Sentence], places: dict[int, list[tuple]], published: date) -> list[Draft]:
    """Draft claims from sentences (with the places found in each, keyed by sentence start)."""
    drafts: list[Draft] = []
    last: Draft | None = None
    last_index = -10
    previous_claimant: tuple | None = None
    previous_anchor = published
    actor = "unknown"
    claimants = speakers(sentences)
    for index, sentence in enumerate(sentences):
        text = sentence.text
        if sentence.headline:
            continue
        claimant, span, how = claimants[index]
        if sentence.words.isdisjoint(TRIGGER_WORDS) and not (CYRILLIC in sentence.words):
            if claimant is not None:
                previous_claimant, previous_anchor = claimant, _anchor(sentence, published)[0]
            continue
        if VERIFICATION_CUES.search(text, sentence.words):
            for recent in drafts[-3:]:  # the note covers the statements just before it
                if index - recent.last_index <= 2:
                    recent.note = text
            continue
        if NEGATIONS.search(text, sentence.words):
            continue
        anchor, rest = _anchor(sentence, published)
        if claimant is not None and claimant == previous_claimant and anchor == published:
            anchor = previous_anchor
        kind, weak = _kind(sentence)
        sizes = magnitudes(text, sentence.words)
        if any(m["unit"] == "km2" for m in sizes):
            kind = "area_change"
        actor = "both" if kind == "clash" else _actor(sentence, actor, span)
        here = places.get(sentence.start, [])
        if kind is not None:
            here = claim_places(sentence, here, kind)
        event = when(rest, anchor, sentence.words)
        if event is not None and event.start > anchor:
            continue  # a date after the statement: a forecast or a plan, not a report
        draft = Draft([sentence], claimant, kind, actor, event, anchor, list(here), sizes,
                      _geometry(sentence, here), claimant_span=span)
        draft.explicit = event is not None
        draft.attribution = how
        draft.last_index = index
        adjacent = last is not None and index - last_index == 1
        if weak and adjacent:
            _merge(last, draft)
            last_index = last.last_index = index
        elif kind is None:
            target = next((d for d in reversed(drafts) if d.kind in ("offensive", "advance")
                           and index - d.last_index <= 6), None)
            if draft.geometry and draft.geometry["shape"] == "sector" and target is not None:
                target.geometry = draft.geometry
                target.places += [p for p in here if p[3] == "place"]
                target.sentences.append(sentence)
        elif adjacent and claimant is not None and (last.claimant == claimant or last.claimant is None) \
                and _compatible(last.kind, kind):
            _merge(last, draft)
            last_index = last.last_index = index
        elif not weak:
            drafts.append(draft)
            last, last_index = draft, index
            if how in ("own", "carried", "backward") and any(p[3] == "place" for p in here):
                for other in _other_kinds(kind):  # "repelled attacks near X and shelled Y": a second statement
                    extra = Draft([sentence], claimant, other, "both" if other == "clash" else actor, event, anchor,
                                  list(here), [], None, claimant_span=span)
                    extra.explicit, extra.attribution, extra.last_index = event is not None, how, index
                    drafts.append(extra)
        if claimant is not None:
            previous_claimant, previous_anchor = claimant, anchor
    return [split for draft in drafts for split in _split(draft) if split.places or split.magnitudes]


def _split(draft: Draft) -> list[Draft]:
    """One advance or capture per place when several are listed."""
    settlements = [p for p in draft.places if p[3] == "place"]
    if draft.kind not in ("advance", "capture") or len(settlements) < 2:
        return [draft]
    parts = []
    for place in settlements:
        near = next((m for m in NEAR.finditer(draft.sentences[-1].text) if m.group(2) == place[2]), None)
        word = near.group(1).lower() if near else "near"
        geometry = {"shape": "point", "at": place[2], "uncertainty_km": _RADIUS_KM.get(word, 5.0),
                    "description": f"{word} {place[2]}"}
        parts.append(Draft(draft.sentences, draft.claimant, draft.kind, draft.actor, draft.event, draft.reported,
                           [place], draft.magnitudes, geometry, draft.note, draft.claimant_span))
    return parts


def actor_of(draft: Draft) -> str:
    """Whose forces: for territory lost, the side that gained it."""
    if draft.kind == "area_change" and draft.actor == "ukraine" and _LOSING.search(" ".join(s.text for s in draft.sentences)):
        return "russia"
    return draft.actor
