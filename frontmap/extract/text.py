"""Split article text into sentences with character offsets.

Headlines and bylines (lines that do not end in sentence punctuation) are kept as their own
"sentences" but flagged, so that claims come only from running text.

>>> [(s.start, s.text, s.headline) for s in sentences("Russia confirms advance\\n\\nIt said so. Then left.")]
[(0, 'Russia confirms advance', True), (25, 'It said so.', False), (37, 'Then left.', False)]
>>> [s.text for s in sentences('"We hold it. Glory!" Colonel Petrenko said. It is calm.')]
['"We hold it.', 'Glory!" Colonel Petrenko said.', 'It is calm.']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .table import words_of

_LINE = re.compile(r"[^\n]+")
# A sentence ends at . ! ? (and a closing quote), before a space and a capital or an opening quote.
_END = re.compile(r"[.!?]([\"”’»]?)(?=\s+[\"“‘«(]?[A-ZА-ЯЄІЇҐ0-9])")
#: Also a sentence end: a full stop glued to the next sentence ("the ministry stated.Kyiv said"), where a line has one.
_END_GLUED = re.compile(_END.pattern + r"|(?<=[a-zа-яєіїґ]{3}[.!?])(?=[A-ZА-ЯЄІЇҐ][a-zа-яєіїґ])")
_GLUED = re.compile(r"[.!?](?<=[a-zа-яєіїґ]{3}[.!?])[A-ZА-ЯЄІЇҐ][a-zа-яєіїґ]")  # punctuation first: found fast
#: Abbreviations whose full stop ends no sentence: titles, months, and Ukrainian/Russian "ст.", "г.", "с.", "обл.".
_ABBREVIATIONS = re.compile(r"(?<![\w.])(?:U\.S|U\.K|U\.N|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Cpl|Gov|Sen|Rep|St|Jr|Sr|"
                            r"No|vs|approx|est|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|a\.m|p\.m|"
                            r"ст|г|гг|с|м|смт|пгт|пос|обл|р|н\.п|тис|тыс|ул|вул|им|ім|див|см|т\.е|т\.д|т\.п)\.$")

#: After a quotation that ends in "!" or "?", a speaker and a verb of saying: one sentence with the quotation.
_SPEAKER_AFTER_QUOTE = re.compile(r"\s+(?:[A-ZА-ЯЄІЇҐ][\w'’.-]*\s+){1,4}(?:said|says|wrote|writes|added|told|asked|"
                                  r"stated|declared|exclaimed|shouted)\b")


@dataclass(frozen=True)
class Sentence:
    """A sentence (or headline line) and where it lies in the text."""

    start: int
    end: int
    text: str
    paragraph: int
    headline: bool
    #: :func:`~frontmap.extract.table.words_of` the text: set lookups skip the rules a sentence cannot match.
    words: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", words_of(self.text))


def sentences(text: str) -> list[Sentence]:
    """Sentences in order; ``paragraph`` counts non-empty lines."""
    found = []
    for paragraph, line in enumerate(_LINE.finditer(text)):
        body = line.group(0)
        if not body.strip():
            continue
        headline = not body.rstrip().endswith((".", "!", "?", '"', "”", ":"))
        start = 0
        for match in (_END_GLUED if _GLUED.search(body) else _END).finditer(body):
            if _ABBREVIATIONS.search(body[max(0, match.end() - 10):match.end()]):  # "approx." is the longest
                continue
            if match.group(1) and _SPEAKER_AFTER_QUOTE.match(body, match.end()):
                continue  # '"… again, guys!" Zelensky said.': the speaker of a quotation belongs to it
            found.append(_make(line.start(), body, start, match.end(), paragraph, headline))
            start = match.end()
        found.append(_make(line.start(), body, start, len(body), paragraph, headline))
    return [s for s in found if s.text]


def _make(offset: int, body: str, start: int, end: int, paragraph: int, headline: bool) -> Sentence:
    piece = body[start:end]
    lead = len(piece) - len(piece.lstrip())
    text = piece.strip()
    return Sentence(offset + start + lead, offset + start + lead + len(text), text, paragraph, headline)
