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

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from statistics import median

import numpy as np

from frontmap.claimfile import claim_from_record
from frontmap.model import Claim, ClaimError
from gazetteer import Gazetteer
from gazetteer.distance import haversine_km
from gazetteer.names import fold, is_cyrillic

from .claims import Draft, actor_of, assemble
from .lexicon import UNATTRIBUTED
from .morph import ukrainian_forms
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
        claims = [{key: value for key, value in draft.record.items() if key != "confidence"} for draft in self.claims]
        return {"source": source, "claims": claims}


#: A located place this far (km) from every other place of an article is a namesake far from the story
#: (an article may cover several fronts, so the distance is to the nearest place, not to their middle):
#: a candidate near one of them is taken instead, else the name is left unresolved.
OUTLIER_KM = 500.0
NEAR_MIDDLE_KM = 150.0
#: A name read as a misspelling of a gazetteer name (a weaker reading) this far (km) from every other place of the
#: article is left unresolved.
FUZZY_FAR_KM = 100.0


def _resolve_places(found: list[tuple], gazetteer: Gazetteer, published: date, paragraph_of, sentence_of,
                    size_at=lambda _start: None) -> list[dict]:
    """Resolve each place with the regions of its paragraph and the places of the whole article.

    First every name on its own (with the regions of its paragraph and the paragraphs either side);
    then every name with several candidates again, with the places resolved so far as neighbours,
    nearest in the text first (so "Kucherivka in the northern Kharkiv region" and "Pylna, near
    Vovchansk" are read with what follows them too). A place far from all the others is checked
    against its namesakes near them.
    """
    region_at: dict[int, list[str]] = {}
    region_in_sentence: dict[int, list[str]] = {}
    for start, _end, _written, kind, form in found:
        if kind == "region":
            region_at.setdefault(paragraph_of(start), []).append(form)
            region_in_sentence.setdefault(sentence_of(start), []).append(form)
    article_regions = list(dict.fromkeys(code for codes in region_at.values() for code in codes))

    def regions_near(start: int) -> list[str]:
        if sentence_of(start) in region_in_sentence:  # "Zelenyi Hai and Dobropillia in Zaporizhzhia": its own sentence's
            return list(dict.fromkeys(region_in_sentence[sentence_of(start)]))
        here = paragraph_of(start)
        near = [code for p in (here, here - 1, here + 1) for code in region_at.get(p, [])]
        return list(dict.fromkeys(near or article_regions))

    places = [item for item in found if item[3] != "region"]
    near_regions = {item[0]: tuple(regions_near(item[0])) for item in places}
    paragraph = {item[0]: paragraph_of(item[0]) for item in places}
    first = {item[0]: _resolve(gazetteer, item[4], published, near_regions[item[0]]) for item in places}
    resolved = dict(first)
    for _ in range(2 if len(places) < 40 else 1):  # a second round lets newly resolved names help others
        anchors = [(start, r.place, _fold(r.place.name)) for start, r in resolved.items() if r.resolved]
        for start, end, written, kind, form in places:
            if len(first[start].candidates) < 2:
                continue
            folded = _fold(form)
            others = [(position, place) for position, place, name in anchors if position != start and name != folded]
            close = [a for a in others if abs(paragraph[a[0]] - paragraph[start]) <= 1]
            nearby = [place for _, place in sorted(close or others, key=lambda a: abs(a[0] - start))][:6]
            if nearby:
                resolved[start] = _resolve(gazetteer, form, published, near_regions[start], tuple(nearby))
    located_at = [(paragraph[start], r.place) for start, r in resolved.items() if r.resolved]
    located = [place for _, place in located_at]
    located_ua = list({p.id: p for p in located if p.country == "UA"}.values())
    far: dict[str, bool] = {}

    def outlier(place) -> bool:  # far from the others, which cluster: a place named several times is tested once
        if place.id not in far:
            far[place.id] = _far_from(place, located, OUTLIER_KM) and _clustered(place, located)
        return far[place.id]
    ukraine_middle = (median(p.lat for p in located_ua), median(p.lon for p in located_ua)) if located_ua else None
    mentions = []
    for start, end, written, kind, form in found:
        if kind == "region":
            mentions.append({"start": start, "end": end, "text": written, "kind": "region", "region": form})
            continue
        resolution = resolved[start]
        place, note = resolution.place if resolution.resolved else _one_place(resolution), ""
        if place is None and len(resolution.candidates) > 1:
            own = set(region_in_sentence.get(sentence_of(start), ()))  # "Zelenyi Hai ... in Zaporizhzhia oblast"
            inside = [c for c in resolution.candidates if c.place.admin1 in own]
            place, note = _nearest_namesake(inside or resolution.candidates, form, located, paragraph[start], located_at)
        size = size_at(start) if len(resolution.candidates) > 1 else None  # "the city of", "село" before the name
        if size is not None and (place is None or place.kind != size):
            place, note = _of_size(resolution.candidates, size, form, located, paragraph[start], located_at) or (place, note)
        if place is not None and (resolution.rule or "").startswith("fuzzy") and len(located) > 1 \
                and _far_from(place, located, FUZZY_FAR_KM):
            place, note = None, f"a misspelling's reading over {FUZZY_FAR_KM:.0f} km from the article's other places"
        if place is not None and outlier(place):
            alternative = next((c.place for c in resolution.candidates
                                if not _far_from(c.place, located, NEAR_MIDDLE_KM)), None)
            place, note = alternative, "namesake near the article's other places" if alternative \
                else f"only namesake is over {OUTLIER_KM:.0f} km from the article's other places"
        if ukraine_middle is not None and is_cyrillic(form) and (place is None or place.country != "UA"):
            # a Russian spelling the gazetteer holds only for Russian namesakes ("Песчаное"): try the Ukrainian one
            ukrainian = _ukrainian_reading(gazetteer, form, published, near_regions[start], ukraine_middle,
                                           tuple(p for p in located_ua if _fold(p.name) != _fold(form))[:6])
            if ukrainian is not None:
                place, note = ukrainian, "read as the Ukrainian name near the article's other places"
        mention = {"start": start, "end": end, "text": written, "kind": kind, "form": form,
                   "resolved": place is not None,
                   "ambiguous": place is None and len(resolution.candidates) > 1,
                   "rule": resolution.rule, "score": round(resolution.score, 3) if resolution.score is not None else None}
        if note:
            mention["note"] = note
        shown = place if place is not None else resolution.place
        if shown is not None:
            mention.update(place_id=shown.id, name=shown.name, admin1=shown.admin1, lat=shown.lat, lon=shown.lon)
        mentions.append(mention)
    return mentions


_RESOLVED: dict[tuple, object] = {}
#: :func:`gazetteer.names.fold`, remembered: the same names come back in every article.
_fold = lru_cache(maxsize=65536)(fold)


def _resolve(gazetteer: Gazetteer, form: str, published: date, regions: tuple[str, ...], near: tuple = ()):
    """``gazetteer.resolve``, remembered: the same name with the same regions and neighbours resolves alike
    (the report's date is part of the key only for names that were renamed)."""
    renamed = _RENAMED.get((id(gazetteer), form))
    if renamed is None:
        renamed = _RENAMED[(id(gazetteer), form)] = bool((gazetteer.lookup(form).valid_until != "").any())
    key = (id(gazetteer), form, regions, tuple(p.id for p in near), published if renamed else None)
    hit = _RESOLVED.get(key)
    if hit is None:
        if len(_RESOLVED) > 100_000:
            _RESOLVED.clear()
        hit = gazetteer.resolve(form, near=list(near) or None, on=published, regions=regions)
        if regions and _spelling_neighbour_in_region(hit, regions):
            hit = gazetteer.resolve(form, near=list(near) or None, on=published)
        _RESOLVED[key] = hit
    return hit


def _spelling_neighbour_in_region(resolution, regions: tuple[str, ...]) -> bool:
    """Whether a named region made a spelling neighbour ("Luhanske", "Pokrovske") outrank the written name itself
    ("Luhansk", "Pokrovsk") in the same country: a region chooses among namesakes, it does not respell a name.
    An exact name only abroad ("Pobeda" in Russia, read with a Ukrainian oblast) still yields to the neighbour."""
    candidates = resolution.candidates[:12]
    if not candidates or not candidates[0].rule.startswith("fuzzy"):
        return False
    countries = {code.split("-")[0] for code in regions}
    return any(not c.rule.startswith("fuzzy") and c.place.country in countries for c in candidates)


_RENAMED: dict[tuple[int, str], bool] = {}

#: Candidates this close (km) to the front runner are one place recorded twice, not namesakes.
SAME_PLACE_KM = 8.0


def _one_place(resolution):
    """The front runner of an ambiguous resolution whose leading candidates are one place recorded twice
    (the gazetteer holds some settlements from two sources), else None.

    The candidates within :data:`SAME_PLACE_KM` of the front runner pool their probability; they count as
    one place when the pool meets the gazetteer's own rule (at least 0.5, and three times any other).
    """
    candidates = resolution.candidates[:12]
    if len(candidates) < 2:
        return None
    best = candidates[0].place
    km = haversine_km(best.lat, best.lon, np.array([c.place.lat for c in candidates]),
                      np.array([c.place.lon for c in candidates]))
    pooled = sum(c.probability for c, d in zip(candidates, km) if d <= SAME_PLACE_KM)
    other = max((c.probability for c, d in zip(candidates, km) if d > SAME_PLACE_KM), default=0.0)
    return best if pooled >= 0.5 and pooled >= 3 * other else None


#: A namesake this close (km) to one of the article's other places, with every other namesake at least twice
#: as far and :data:`NAMESAKE_MARGIN_KM` farther, is the one the article means.
NAMESAKE_NEAR_KM = 25.0
NAMESAKE_MARGIN_KM = 3.0


def _nearest_namesake(candidates, form: str, located: list, paragraph: int, located_at: list) -> tuple:
    """The one candidate of an ambiguous name that lies next to the article's other places, with a note, or
    (None, ""). Places of the name's own paragraph and those either side count first, then the whole article.

    A report names villages next to the towns it is about ("Mykolaivka, between Karlivka and Novohrodivka"):
    of a hundred Mykolaivkas the one a few km from those towns is meant, when no other namesake is as close.
    """
    folded = _fold(form)
    near_first = [p for at, p in located_at if abs(at - paragraph) <= 1 and _fold(p.name) != folded]
    others = [p for p in located if _fold(p.name) != folded]
    for pool in (near_first, others) if near_first else (others,):
        if not pool:
            continue
        places = [c.place for c in candidates[:200] if c.place.lat == c.place.lat]  # those with a position
        if not places:
            continue
        lats, lons = np.array([p.lat for p in places]), np.array([p.lon for p in places])
        # every candidate against every place of the pool at once: its nearest one and how far
        distances = haversine_km(lats[:, None], lons[:, None], np.array([p.lat for p in pool])[None, :],
                                 np.array([p.lon for p in pool])[None, :])
        nearest = distances.argmin(axis=1)
        km = distances[np.arange(len(places)), nearest]
        order = np.argsort(km, kind="stable")
        best_km, best, anchor = float(km[order[0]]), places[order[0]], pool[nearest[order[0]]]
        from_best = haversine_km(best.lat, best.lon, lats, lons)
        rival = next((float(km[i]) for i in order[1:] if from_best[i] > SAME_PLACE_KM), None)
        if best_km <= NAMESAKE_NEAR_KM and (rival is None or rival >= max(1.75 * best_km, best_km + NAMESAKE_MARGIN_KM)):
            return best, f"the namesake {best_km:.0f} km from {anchor.name}, which the article names too"
    return None, ""


#: Words right before a name that say what kind of settlement it is ("the city of Zaporizhzhia", "село Тихе").
_SIZE_BEFORE = (("city", re.compile(r"(?i)(?:\bcity|\bмісто|\bміста|\bмісті|\bгород|\bгорода|\bгороде)(?:\s+of)?\s+$")),
                ("village", re.compile(r"(?i)(?:\bvillage|\bсело|\bсела|\bселі|\bселе|\bдеревн[яи])(?:\s+of)?\s+$")))


def _size_before(text: str, start: int) -> str | None:
    """``city`` or ``village`` when the words before ``start`` name the kind of settlement, else None.

    >>> _size_before("the Ukrainian city of Zaporizhzhia", 22), _size_before("near Zaporizhzhia", 5)
    ('city', None)
    """
    head = text[max(0, start - 20):start]
    return next((size for size, pattern in _SIZE_BEFORE if pattern.search(head)), None)


def _of_size(candidates, size: str, form: str, located: list, paragraph: int, located_at: list) -> tuple | None:
    """The one candidate of the kind the text names ("the city of X": the only city among the namesakes), or
    the namesake of that kind next to the article's other places; None if neither decides."""
    fitting = [c for c in candidates if c.place.kind == size]
    if len(fitting) == 1:
        return fitting[0].place, f"the only {size} of that name"
    if fitting:
        place, note = _nearest_namesake(fitting, form, located, paragraph, located_at)
        if place is not None:
            return place, f"the {size} of that name next to the article's other places ({note})"
    return None


def _ukrainian_reading(gazetteer: Gazetteer, form: str, published: date, regions: tuple[str, ...],
                       middle: tuple[float, float], near: tuple = ()):
    """The place a Ukrainian spelling of a Russian-spelt name resolves to near the article's Ukrainian places, or None."""
    for alternative in ukrainian_forms(form):
        if not gazetteer.knows(alternative):
            continue
        resolution = _resolve(gazetteer, alternative, published, regions, near)
        place = resolution.place if resolution.resolved else _one_place(resolution)
        if place is None and len(resolution.candidates) > 1:
            place = _nearest_namesake(resolution.candidates, alternative, list(near), 0, [])[0]
        if place is not None and _km(place, middle) <= NEAR_MIDDLE_KM:
            return place
    return None


def _far_from(place, others: list, km: float) -> bool:
    """Whether ``place`` lies over ``km`` from each of ``others`` (itself and its namesakes not counted)."""
    name = _fold(place.name)
    pool = [other for other in others if _fold(other.name) != name]
    if not pool:
        return True
    distances = haversine_km(place.lat, place.lon, np.array([p.lat for p in pool]), np.array([p.lon for p in pool]))
    return bool((distances > km).all())


def _clustered(place, located: list) -> bool:
    """Whether at least two of the article's other places (``place``'s namesakes not counted) lie within
    :data:`OUTLIER_KM` of each other: only then does a place far from all of them stand out."""
    others = list({p.id: p for p in located if _fold(p.name) != _fold(place.name)}.values())
    return any(_km(a, (b.lat, b.lon)) <= OUTLIER_KM for i, a in enumerate(others) for b in others[i + 1:])


def _km(place, point: tuple[float, float]) -> float:
    return float(haversine_km(place.lat, place.lon, point[0], point[1]))


#: How sure a claim is, by how its speaker was found: named in its sentence and known to the lexicon, named
#: but unknown, a pronoun or title for the speaker before, a later "this was reported by", the statement going
#: on from the sentence before, or nobody (the publisher).
_ATTRIBUTION_CONFIDENCE = {"own": 0.9, "carried": 0.75, "backward": 0.7, "continued": 0.6, None: 0.4}


def confidence(draft: Draft, record: dict) -> float:
    """How sure the extractor is of a claim, from 0 to 1: the speaker's attribution (an unknown speaker or an
    unknown side counts less), times the share of its places resolved without doubt (a claim without places,
    told only by a region or a number, counts 0.7), times 0.8 for hedged reports ("reportedly").

    >>> from frontmap.extract import extract
    >>> [d.record["confidence"] for d in extract("Russian troops captured Kurakhove, the Russian Defence Ministry said.",
    ...                                          "2025-01-07").claims]
    [0.9]
    """
    score = _ATTRIBUTION_CONFIDENCE.get(draft.attribution, 0.4)
    name, side = record["claimant"]["name"], record["claimant"]["side"]
    if side == "unknown":
        score *= 0.7
    places = record["places"]
    if places:
        score *= sum(1.0 if ref["lat"] is not None and not ref["ambiguous"] else 0.5 for ref in places) / len(places)
    else:
        score *= 0.7
    if name.startswith("Media reports"):
        score *= 0.8
    return round(score, 2)


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


def _as_date(value: str | date) -> date:
    """A date from a date, a datetime or ISO text ("2025-01-05", "2025-01-05T10:00")."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"published={value!r} is not an ISO date; write it like 2025-01-05") from None


def extract(text: str, published: str | date, gazetteer: Gazetteer | None = None) -> Extraction:
    """Draft claims and place mentions in ``text``, dates relative to ``published``."""
    gazetteer = gazetteer or Gazetteer.default()
    published = _as_date(published)
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

    def sentence_of(position: int) -> int:
        return max(0, bisect_right(starts, position) - 1)

    mentions = _resolve_places(found, gazetteer, published, paragraph_of, sentence_of, lambda at: _size_before(text, at))
    by_start = {m["start"]: m for m in mentions if m["kind"] == "place"}
    drafts = []
    for draft in assemble(parts, by_sentence, published):
        record = _record(draft, by_start)
        regional = any(p[3] == "region" for p in draft.places) and draft.attribution in ("own", "backward")
        if not record["places"] and not record["magnitudes"] and not regional:
            continue  # a claim says where (a place or, with its own speaker, a region) or how much
        record["confidence"] = confidence(draft, record)
        try:
            claim = claim_from_record({key: value for key, value in record.items() if key != "confidence"}, gazetteer)
        except ClaimError:  # the words do not make a valid claim (e.g. an event dated after its report)
            continue
        drafts.append(DraftClaim(claim, record, [(s.start, s.end) for s in draft.sentences]))
    return Extraction(mentions, drafts)
