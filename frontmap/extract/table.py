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
from collections.abc import Iterable, Iterator
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
    words = _WORD.findall(text.lower())
    if not text.isascii() and is_cyrillic(text):
        words.append(CYRILLIC)
    return frozenset(words)


def lower_case_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written in lower case, to be run on lower-cased text.

    CPython's engine runs such a pattern about twice as fast as the same one with
    ``re.IGNORECASE``. An upper-case letter outside an escape (``\\W``, ``\\S``) is refused.

    >>> lower_case_pattern(r"\\bkm\\b").search("3,600 KM".lower()).group(0)
    'km'
    """
    literal = re.sub(r"\\.", "", pattern)  # escapes such as \W and \S mean what they mean in any case
    if literal != literal.lower():
        raise ValueError(f"pattern {pattern!r} must be written in lower case: it runs on lower-cased text")
    return re.compile(pattern)


class Table(Generic[V]):
    """Rows ``(pattern, value, words)`` in order; ``words`` is a space-separated string.

    With ``ignore_case``, patterns are written in lower case and run on lower-cased text,
    so match offsets and groups are those of ``text.lower()``.
    """

    def __init__(self, rows: Iterable[tuple[str, V, str]], ignore_case: bool = False):
        compile_ = lower_case_pattern if ignore_case else re.compile
        self.ignore_case = ignore_case
        self.rows = [(compile_(pattern), value, frozenset(words.split())) for pattern, value, words in rows]
        empty = [pattern.pattern for pattern, _, words in self.rows if not words]
        if empty:
            raise ValueError(f"rule {empty[0]!r} names no words to gate it; list the words it needs")
        self._rows_with: dict[str, list[int]] = {}
        for index, (_, _, needs) in enumerate(self.rows):
            for word in needs:
                self._rows_with.setdefault(word, []).append(index)
        #: Every word some row needs: text with none of them matches no row.
        self.words = frozenset(self._rows_with)
        self._by_present: dict[frozenset[str], list[tuple[re.Pattern[str], V]]] = {}

    def _active(self, words: frozenset[str]) -> list[tuple[re.Pattern[str], V]]:
        """The rows, in order, that may match text with these words."""
        present = self.words.intersection(words)
        if not present:
            return []
        active = self._by_present.get(present)
        if active is None:  # the same few words come back sentence after sentence: their rows are remembered
            if len(self._by_present) > 4096:
                self._by_present.clear()
            indices = sorted({index for word in present for index in self._rows_with[word]})
            active = self._by_present[present] = [self.rows[index][:2] for index in indices]
        return active

    def first(self, text: str, words: frozenset[str]) -> tuple[V, re.Match[str]] | None:
        """The value of the first row (in table order) that matches ``text``, and its match."""
        active = self._active(words)
        if active and self.ignore_case:
            text = text.lower()
        for pattern, value in active:
            match = pattern.search(text)
            if match:
                return value, match
        return None

    def matches(self, text: str, words: frozenset[str]) -> Iterator[tuple[V, re.Match[str]]]:
        """Every match of every row, row by row, with the row's value."""
        active = self._active(words)
        if active and self.ignore_case:
            text = text.lower()
        for pattern, value in active:
            for match in pattern.finditer(text):
                yield value, match


class Cue:
    """One pattern, searched only in text holding one of ``words`` (a space-separated string).

    With ``ignore_case`` the pattern is written in lower case and runs on lower-cased text.

    >>> cue = Cue(r"could not be (?:independently )?verified", "verified", ignore_case=True)
    >>> text = "This could NOT be independently verified."
    >>> cue.search(text, words_of(text)).group(0)
    'could not be independently verified'
    """

    def __init__(self, pattern: str, words: str, ignore_case: bool = False):
        self.pattern = lower_case_pattern(pattern) if ignore_case else re.compile(pattern)
        self.ignore_case = ignore_case
        self.words = frozenset(words.split())

    def search(self, text: str, words: frozenset[str]) -> re.Match[str] | None:
        """The first match in ``text`` (whose words are ``words``), or None."""
        if self.words.isdisjoint(words):
            return None
        return self.pattern.search(text.lower() if self.ignore_case else text)
