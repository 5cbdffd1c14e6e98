"""From article text to draft claims, offline: places, dates, claimants, numbers, kinds.

>>> from frontmap.extract import extract
>>> result = extract("Russian troops made gains near Kurakhove over the past 24 hours, "
...                  "the General Staff said.", published="2025-01-05")
>>> [(c.record["kind"], c.record["claimant"]["name"], c.record["event_time"]) for c in result.claims]
[('advance', 'General Staff of the Armed Forces of Ukraine', '2025-01-04/2025-01-05')]
>>> [p["name"] for p in result.places]
['Kurakhove']
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

import pandas as pd

from frontmap.claimfile import claim_from_record
from frontmap.model import Claim
from gazetteer import Gazetteer

from .claims import Draft, actor_of, assemble
from .lexicon import UNATTRIBUTED
from .places import find_places, people_in
from .text import sentences

__all__ = ["DraftClaim", "Extraction", "extract"]

@dataclass
class DraftClaim:
    """A claim drafted from text, the claim-file record it came from, and its sentences' offsets."""

    claim: Claim
    record: dict
    spans: list[tuple[int, int]]


@dataclass
class Extraction:
    """Everything found in one text."""

    places: list[dict]
    claims: list[DraftClaim]

    def to_claim_file(self, publisher: str | None, published: date) -> dict:
        """A mapping that, written as YAML, ``frontmap claims import`` reads."""
        source = {"reported": published.isoformat()}
        if publisher:
            source["publisher"] = {"name": publisher, "published": published.isoformat()}
        return {"source": source, "claims": [draft.record for draft in self.claims]}


def _resolve_places(found: list[tuple], gazetteer: Gazetteer, published: date, paragraph_of) -> list[dict]:
    """Resolve each place with the regions and places of its paragraph and the paragraphs either side.

    Names that resolve on their own first; then every name again with the places found within
    about a paragraph on either side as neighbours (so "Kucherivka in the northern Kharkiv region"
    and "Pylna, near Vovchansk" are read with what follows them too).
    """
    region_at: dict[int, list[str]] = {}
    for start, _end, _written, kind, form in found:
        if kind == "region":
            region_at.setdefault(paragraph_of(start), []).append(form)
    article_regions = list(dict.fromkeys(code for codes in region_at.values() for code in codes))

    def regions_near(start: int) -> list[str]:
        here = paragraph_of(start)
        near = [code for p in (here, here - 1, here + 1) for code in region_at.get(p, [])]
        return list(dict.fromkeys(near or article_regions[-3:]))

    mentions, first = [], {}
    for start, end, written, kind, form in found:
        if kind == "region":
            mentions.append({"start": start, "end": end, "text": written, "kind": "region", "region": form})
            continue
        resolution = gazetteer.resolve(form, on=published, regions=regions_near(start))
        first[start] = resolution
    anchors = [(start, r.place) for start, r in first.items() if r.resolved]
    for start, end, written, kind, form in found:
        if kind == "region":
            continue
        resolution = first[start]
        if len(resolution.candidates) > 1:
            nearby = [place for position, place in anchors if abs(position - start) < 800 and position != start]
            if nearby:
                resolution = gazetteer.resolve(form, near=nearby, on=published, regions=regions_near(start))
                if resolution.resolved:
                    anchors.append((start, resolution.place))
        mention = {"start": start, "end": end, "text": written, "kind": kind, "form": form,
                   "resolved": resolution.resolved, "ambiguous": not resolution.resolved and len(resolution.candidates) > 1,
                   "rule": resolution.rule, "score": round(resolution.score, 3) if resolution.score is not None else None}
        if resolution.place is not None:
            place = resolution.place
            mention.update(place_id=place.id, name=place.name, admin1=place.admin1, lat=place.lat, lon=place.lon)
        mentions.append(mention)
    return sorted(mentions, key=lambda m: m["start"])


def _location_ref(mention: dict) -> dict:
    return {"as_written": mention["text"], "place_id": mention.get("place_id", ""), "name": mention.get("name", ""),
            "lat": mention.get("lat"), "lon": mention.get("lon"), "score": mention.get("score"),
            "ambiguous": mention["ambiguous"], "rule": mention.get("rule") or ""}


def _record(draft: Draft, by_start: dict[int, dict]) -> dict:
    claimant_span = draft.claimant_span or (-1, -1)
    refs = list({ref["place_id"] or ref["as_written"]: ref for ref in (
        _location_ref(by_start[p[0]]) for p in draft.places
        if p[3] == "place" and not claimant_span[0] <= p[0] < claimant_span[1] and p[0] in by_start)}.values())
    name, side = draft.claimant or UNATTRIBUTED
    event = draft.event
    record = {
        "claimant": {"name": name, "side": side},
        "kind": draft.kind,
        "actor": actor_of(draft),
        "event_time": (f"{event.start}/{event.end}" if event.start != event.end else event.start.isoformat())
        if event is not None else draft.reported.isoformat(),
        "reported": draft.reported.isoformat(),
        "places": refs,
        "magnitudes": draft.magnitudes,
        "quote": " ".join(s.text for s in draft.sentences),
        "verification": {"status": "unverified", "note": draft.note},
        "extracted_from": [[s.start, s.end] for s in draft.sentences],
    }
    geometry = draft.geometry
    if geometry and any(ref["as_written"] == geometry.get("at", geometry.get("from")) and ref["lat"] is not None
                        for ref in refs):
        record["geometry"] = geometry
    return record


def extract(text: str, published: str | date, gazetteer: Gazetteer | None = None) -> Extraction:
    """Draft claims and place mentions in ``text``, dates relative to ``published``."""
    gazetteer = gazetteer or Gazetteer.default()
    published = pd.Timestamp(published).date()
    parts = sentences(text)
    found, by_sentence = [], {}
    people = people_in(text)
    for sentence in parts:
        here = find_places(sentence, gazetteer, people)
        by_sentence[sentence.start] = here
        found += here
    paragraphs = [(s.start, s.paragraph) for s in parts]
    starts = [start for start, _ in paragraphs]

    def paragraph_of(position: int) -> int:
        return paragraphs[max(0, bisect_right(starts, position) - 1)][1]

    mentions = _resolve_places(found, gazetteer, published, paragraph_of)
    by_start = {m["start"]: m for m in mentions if m["kind"] == "place"}
    drafts = []
    for draft in assemble(parts, by_sentence, published):
        record = _record(draft, by_start)
        regional = any(p[3] == "region" for p in draft.places) and draft.attribution in ("own", "backward")
        if not record["places"] and not record["magnitudes"] and not regional:
            continue  # a claim says where (a place or, with its own speaker, a region) or how much
        drafts.append(DraftClaim(claim_from_record(record, gazetteer), record,
                                 [(s.start, s.end) for s in draft.sentences]))
    return Extraction(mentions, drafts)
