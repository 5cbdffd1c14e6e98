"""Tables of regex rules, each row searched only in text that holds one of its words.

Most sentences hold none of a row's words, and a set intersection is far cheaper than a
regex search, so gating rows by words is what makes extraction fast.

>>> table = Table([(r"\\bcaptured\\b|\\bseized\\b", "capture", "captured seized"),
...                (r"\\badvance[sd]?\\b", "advance", "advance advanced advances")])
>>> value, match = table.first("Troops advanced and captured it.", words_of("Troops advanced and captured it."))
>>> value, match.group(0)
('capture', 'captured')
>>> table.first("Nothing here.", words_of("Nothing here.")) is None
True
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Generic, TypeVar

from gazetteer.names import is_cyrillic

__all__ = ["CYRILLIC", "Cue", "Table", "words_of"]

V = TypeVar("V")

#: The word :func:`words_of` adds for text with Cyrillic letters: rows for inflected
#: Ukrainian and Russian stems, which no word list can name, are gated on it.
CYRILLIC = "·cyrillic"

_WORD = re.compile(r"[a-zа-яєіїґ0-9²]+")


def words_of(text: str) -> frozenset[str]:
    """The lower-case words of ``text``, plus :data:`CYRILLIC` if it has Cyrillic letters.

    >>> sorted(words_of("Russia's 3,600 km²"))
    ['3', '600', 'km²', 'russia', 's']
    """
    words = set(_WORD.findall(text.lower()))
    if is_cyrillic(text):
        words.add(CYRILLIC)
    return frozenset(words)


class Table(Generic[V]):
    """Rows ``(pattern, value, words)`` in order; ``words`` is a space-separated string."""

    def __init__(self, rows: Iterable[tuple[str, V, str]], flags: int = 0):
        self.rows = [(re.compile(pattern, flags), value, frozenset(words.split())) for pattern, value, words in rows]
        empty = [pattern.pattern for pattern, _, words in self.rows if not words]
        if empty:
            raise ValueError(f"rule {empty[0]!r} names no words to gate it; list the words it needs")
        self._rows_with: dict[str, list[int]] = {}
        for index, (_, _, needs) in enumerate(self.rows):
            for word in needs:
                self._rows_with.setdefault(word, []).append(index)
        #: Every word some row needs: text with none of them matches no row.
        self.words = frozenset(self._rows_with)

    def active(self, words: frozenset[str]) -> list[tuple[re.Pattern[str], V]]:
        """The rows, in order, that may match text with these words."""
        present = self.words.intersection(words)
        if not present:
            return []
        indices = sorted({index for word in present for index in self._rows_with[word]})
        return [self.rows[index][:2] for index in indices]

    def first(self, text: str, words: frozenset[str]) -> tuple[V, re.Match[str]] | None:
        """The value of the first row (in table order) that matches ``text``, and its match."""
        for pattern, value in self.active(words):
            match = pattern.search(text)
            if match:
                return value, match
        return None


class Cue:
    """One pattern, searched only in text holding one of ``words`` (a space-separated string).

    >>> cue = Cue(r"could not be (?:independently )?verified", "verified", re.IGNORECASE)
    >>> text = "This could not be independently verified."
    >>> cue.search(text, words_of(text)).group(0)
    'could not be independently verified'
    """

    def __init__(self, pattern: str, words: str, flags: int = 0):
        self.pattern = re.compile(pattern, flags)
        self.words = frozenset(words.split())

    def search(self, text: str, words: frozenset[str]) -> re.Match[str] | None:
        """The first match in ``text`` (whose words are ``words``), or None."""
        return None if self.words.isdisjoint(words) else self.pattern.search(text)
