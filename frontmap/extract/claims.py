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
    UNATTRIBUTED,
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
from .speakers import speaker_of
from .table import CYRILLIC
from .text import Sentence

#: Words a claim-bearing sentence has (a verb of a kind, a unit, a cue, a direction); others are skipped.
TRIGGER_WORDS = KINDS.words | MAGNITUDES.words | VERIFICATION_CUES.words | DIRECTION.words | TOWARDS.words
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
    last_index: int = 0
    explicit: bool = False


def _claimant(sentence: Sentence) -> tuple[tuple[str, str] | None, tuple[int, int] | None, bool]:
    """The sentence's claimant (name, side) and its span in the article, and whether it carries the previous one."""
    found = speaker_of(sentence.text)
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


def _kind(sentence: Sentence) -> tuple[str | None, bool]:
    """The kind a sentence's verbs state, and whether only a weak verb says it."""
    found = KINDS.first(sentence.text, sentence.words)
    if found is None:
        return None, False
    kind, match = found
    weak = WEAK_KINDS.get(kind)
    only_weak = bool(weak) and match.re.search(weak.sub("", sentence.text.lower())) is None
    return kind, only_weak


#: A side's forces named in a sentence; titles ("Russian Defence Ministry") name a claimant, not forces, so the
#: alternation consumes them first and they are skipped.
_SIDES = re.compile(
    r"\b(?P<title>(?:Ukrainian|Russian|Russia's|Ukraine's) (?:President|Defen[cs]e Ministry|presidential office|"
    r"military bloggers|war bloggers|Telegram channel|General Staff|media))\b"
    r"|(?P<russia>\b(?:Russian|Russia's|Russians|Russia|Moscow|North Korean)\b|Російськ|Российск|Росі|Росси)"
    r"|(?P<ukraine>\b(?:Ukrainian|Ukraine's|Ukrainians|Ukraine|Kiev|Kyiv)\b|Українськ|Украинск|ЗСУ|ВСУ)")
_THEY = re.compile(r"\bthey\b")
_SIDE_WORDS = frozenset(f"russian russia russians moscow korean ukrainian ukraine ukrainians kiev kyiv {CYRILLIC}".split())


def _actor(sentence: Sentence, previous: str, claimant_span: tuple[int, int] | None) -> str:
    """The side whose forces act: the first side named outside the claimant's own words."""
    if previous != "unknown" and "they" in sentence.words and _THEY.search(sentence.text):  # lower-case "they" only
        return previous
    if sentence.words.isdisjoint(_SIDE_WORDS):
        return previous
    start, end = (claimant_span[0] - sentence.start, claimant_span[1] - sentence.start) if claimant_span else (0, 0)
    for match in _SIDES.finditer(sentence.text):
        if match.lastgroup != "title" and not start <= match.start() < end:
            return match.lastgroup
    return previous


def _anchor(sentence: Sentence, published: date) -> tuple[date, str]:
    """When the statement was made, and the rest of the sentence (where the event's time is)."""
    text = sentence.text
    if not SAYING.search(text, sentence.words):
        return published, text
    lead = _LEADING_TIME.match(text)
    if lead and when(lead.group(1), published, sentence.words) is not None:
        return statement_date(text, published, sentence.words), text[lead.end():]
    said_on = re.search(r"\b(on \w+day)\s+(?:said|reported|wrote)", text)
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
    into.kind = into.kind or other.kind
    into.places += [p for p in other.places if p[2] not in {q[2] for q in into.places}]
    into.magnitudes += other.magnitudes
    into.geometry = into.geometry or other.geometry
    if other.event is not None and (into.event is None or getattr(other, "explicit", False)):
        into.event = other.event
    into.reported = min(into.reported, other.reported)


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or frozenset({a, b}) in COMPATIBLE


def assemble(sentences: list[Sentence], places: dict[int, list[tuple]], published: date) -> list[Draft]:
    """Draft claims from sentences (with the places found in each, keyed by sentence start)."""
    drafts: list[Draft] = []
    last: Draft | None = None
    last_index = -10
    previous_claimant: tuple | None = None
    previous_index = -10
    previous_anchor = published
    actor = "unknown"
    for index, sentence in enumerate(sentences):
        text = sentence.text
        if sentence.headline:
            continue
        claimant, span, carried = _claimant(sentence)
        if carried:
            # "it said" / "the ministry added": the speaker before; a bare title with none before speaks
            # for the side whose forces the sentence reports on ("... captured X, the ministry said").
            if previous_claimant is not None or claimant is None:
                claimant = previous_claimant
            else:
                side = _actor(sentence, "unknown", None)
                claimant = (claimant[0], side if side in ("ukraine", "russia") else "unknown")
        elif claimant is None and previous_claimant is not None and index - previous_index == 1 \
                and sentence.paragraph - sentences[previous_index].paragraph <= 1:
            claimant = previous_claimant  # the statement goes on in the next sentence
        if claimant is not None:
            previous_index = index
        if sentence.words.isdisjoint(TRIGGER_WORDS) and not (CYRILLIC in sentence.words):
            if claimant is not None:
                previous_claimant, previous_anchor = claimant, _anchor(sentence, published)[0]
            continue
        if VERIFICATION_CUES.search(text, sentence.words):
            if last is not None and index - last_index <= 2:
                last.note = text
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
        event = when(rest, anchor, sentence.words)
        draft = Draft([sentence], claimant, kind, actor, event, anchor, list(here), sizes,
                      _geometry(sentence, here), claimant_span=span)
        draft.explicit = event is not None
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
