"""Dates written relative to publication: "on Sunday", "over the past 24 hours", "in November".

Each function takes the date the words are relative to (the publication date, or the date a
statement was made) and returns a :class:`~frontmap.model.TimeSpan` or None.

>>> from datetime import date
>>> when(" on Sunday", date(2025, 1, 5)).to_dict()
{'start': '2025-01-05', 'end': '2025-01-05', 'precision': 'day'}
>>> when("over the past 24 hours", date(2025, 1, 5)).to_dict()["start"]
'2025-01-04'
>>> when("in November", date(2025, 1, 5)).to_dict()
{'start': '2024-11-01', 'end': '2024-11-30', 'precision': 'month'}
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from functools import partial

from dateutil import parser as dateparser

from frontmap.model import Precision, TimeSpan

from .table import lower_case_pattern, words_of

WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
#: English month abbreviations ("Oct. 1") and Ukrainian and Russian month names in the genitive ("14 вересня").
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                       "oct": 10, "nov": 11, "dec": 12}
CYRILLIC_MONTHS = {name: number for number, names in enumerate((
    "", "січня января", "лютого февраля", "березня марта", "квітня апреля", "травня мая", "червня июня", "липня июля",
    "серпня августа", "вересня сентября", "жовтня октября", "листопада ноября", "грудня декабря")) for name in names.split()}
WEEKDAY_WORDS = frozenset(WEEKDAYS)
_MONTH_NAMES = frozenset(MONTHS)
MONTH_WORDS = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS) | frozenset(CYRILLIC_MONTHS)
# Patterns in lower case, run on lower-cased text (see lower_case_pattern).
_WEEKDAY = lower_case_pattern(r"\b(?:on |late on |early on |last )?(" + "|".join(WEEKDAYS) + r")\b")
_MONTH = lower_case_pattern(r"\b(?:in |during |since |by )?(early |mid-|mid |late |the end of )?(" + "|".join(MONTHS)
                            + r")\b(?! \d)")
_EXPLICIT = lower_case_pattern(r"\b(?:(" + "|".join(MONTHS) + r") (\d{1,2})(?:, (\d{4}))?|(\d{1,2}) (" + "|".join(MONTHS)
                               + r")(?: (\d{4}))?)\b")
_PHRASES: list[tuple[re.Pattern[str], object, frozenset[str]]] = []
_ABBREVIATED = lower_case_pattern(r"\b(" + "|".join(MONTH_ABBREVIATIONS) + r")\.? (\d{1,2})(?:, (\d{4}))?\b")
_CYRILLIC_DATE = lower_case_pattern(r"\b(\d{1,2})\s+(" + "|".join(CYRILLIC_MONTHS) + r")(?:\s+(\d{4}))?")


def _phrase(pattern: str, words: str):
    """Register a phrase rule; it runs only on text holding one of ``words``."""
    def register(function):
        _PHRASES.append((lower_case_pattern(pattern), function, frozenset(words.split())))
        return function
    return register


def _span(start: date, end: date, precision: Precision) -> TimeSpan:
    return TimeSpan(start, end, precision)


@_phrase(r"\b(?:over|in|during) the (?:past|last) 24 hours\b|за (?:минулу|останню) добу|"
         r"за (?:прошедшие|минувшие|последние) сутки|протягом доби|в течение суток", "hours добу сутки доби суток")
def _past_day(anchor: date, _match) -> TimeSpan:
    return _span(anchor - timedelta(days=1), anchor, Precision.RANGE)


@_phrase(r"\btoday and yesterday\b|\byesterday and today\b", "yesterday")
def _two_days(anchor: date, _match) -> TimeSpan:
    return _span(anchor - timedelta(days=1), anchor, Precision.RANGE)


@_phrase(r"\b(?:in|over|during) the (?:past|last) (?:year|12 months)\b|\blast year\b", "year months")
def _past_year(anchor: date, _match) -> TimeSpan:
    year = anchor.year - 1
    return _span(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)


@_phrase(r"\bsince the (?:start|beginning) of the year\b", "year")
def _year_to_date(anchor: date, _match) -> TimeSpan:
    return _span(date(anchor.year, 1, 1), anchor, Precision.RANGE)


@_phrase(r"\b(?:in |over )?(?:recent|the past few|the last few) weeks\b", "weeks")
def _recent_weeks(anchor: date, _match) -> TimeSpan:
    return _span(anchor - timedelta(days=21), anchor, Precision.RANGE)


@_phrase(r"\blast summer\b|\bthis summer\b|\bsummer\b", "summer")
def _summer(anchor: date, match) -> TimeSpan:
    year = anchor.year if anchor.month > 8 or "this" in match.group(0).lower() else anchor.year - 1
    return _span(date(year, 6, 1), date(year, 8, 31), Precision.RANGE)


@_phrase(r"\byesterday\b|\bthe previous (?:day|evening|night)\b|\bovernight\b|\bвчора\b|\bвчера\b|"
         r"\bминулої ночі\b|\bпрошлой ночью\b|\bнапередодні\b|\bнакануне\b",
         "yesterday previous overnight вчора вчера ночі ночью напередодні накануне")
def _yesterday(anchor: date, _match) -> TimeSpan:
    day = anchor - timedelta(days=1)
    return _span(day, day, Precision.DAY)


@_phrase(r"\btoday\b|\bthis (?:morning|evening)\b|\btonight\b|\bсьогодні\b|\bсегодня\b",
         "today morning evening tonight сьогодні сегодня")
def _today(anchor: date, _match) -> TimeSpan:
    return _span(anchor, anchor, Precision.DAY)


def _last_weekday(anchor: date, weekday: int) -> date:
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _month(anchor: date, part: str | None, month: int) -> TimeSpan:
    year = anchor.year if month <= anchor.month else anchor.year - 1
    last = calendar.monthrange(year, month)[1]
    part = (part or "").strip().lower()
    if part == "early":
        return _span(date(year, month, 1), date(year, month, 10), Precision.RANGE)
    if part in ("mid-", "mid"):
        return _span(date(year, month, 11), date(year, month, 20), Precision.RANGE)
    if part in ("late", "the end of"):
        return _span(date(year, month, 21), date(year, month, last), Precision.RANGE)
    return _span(date(year, month, 1), date(year, month, last), Precision.MONTH)


_TIME_WORDS = frozenset([*WEEKDAYS, *MONTH_WORDS, "past", "last", "today", "tonight", "yesterday", "previous",
                         "since", "recent", "summer", "hours", "overnight", "morning", "evening", "добу", "сутки",
                         "доби", "суток", "вчора", "вчера", "ночі", "ночью", "напередодні", "накануне", "сьогодні",
                         "сегодня"])


def _from_first(pattern: re.Pattern[str], text: str, names: frozenset[str], before: int) -> re.Match[str] | None:
    """``pattern.search(text)``, started ``before`` characters ahead of the first of ``names`` in ``text``: the
    pattern's matches hold one of the names at most that far from their start, so none is missed, and the
    words before the first name are not tried one by one.

    >>> _from_first(_WEEKDAY, "troops advanced late on sunday", frozenset({"sunday"}), 9).group(0)
    'late on sunday'
    """
    first = min((at for at in (text.find(name) for name in names) if at >= 0), default=0)
    return pattern.search(text, max(0, first - before))


def when(text: str, anchor: date, words: frozenset[str] | None = None) -> TimeSpan | None:
    """The first time expression in ``text``, relative to ``anchor``; None if there is none.

    ``words`` are :func:`~frontmap.extract.table.words_of` the text, or of any text containing it.
    """
    words = words_of(text) if words is None else words
    if words.isdisjoint(_TIME_WORDS):
        return None
    text = text.lower()
    hits = []  # (start, -length, how to make the span): only the first, longest expression's span is made
    for pattern, function, needs in _PHRASES:
        match = None if words.isdisjoint(needs) else pattern.search(text)
        if match:
            hits.append((match.start(), -len(match.group(0)), partial(function, anchor, match)))
    months = not words.isdisjoint(_MONTH_NAMES)  # each month pattern runs only where its month words are
    match = _from_first(_EXPLICIT, text, words & _MONTH_NAMES, 4) if months else None
    if match:
        try:
            day = dateparser.parse(match.group(0), default=datetime.combine(anchor.replace(day=1), time())).date()
            if not match.group(3) and not match.group(6) and day > anchor + timedelta(days=31):
                day = day.replace(year=day.year - 1)
            hits.append((match.start(), -len(match.group(0)), partial(_span, day, day, Precision.DAY)))
        except (ValueError, OverflowError):
            pass
    for pattern, names in ((_ABBREVIATED, MONTH_ABBREVIATIONS), (_CYRILLIC_DATE, CYRILLIC_MONTHS)):
        present = words.intersection(names)
        if not present:
            continue
        # "Oct. 1": the month first; "14  вересня": any run of spaces before the month, so from the start
        match = _from_first(pattern, text, present, 0) if pattern is _ABBREVIATED else pattern.search(text)
        if match:
            month_first = pattern is _ABBREVIATED
            month = names[match.group(1) if month_first else match.group(2)]
            number = int(match.group(2) if month_first else match.group(1))
            year = int(match.group(3)) if match.group(3) else anchor.year
            try:
                day = date(year, month, number)
            except ValueError:
                continue
            if not match.group(3) and day > anchor + timedelta(days=31):
                day = day.replace(year=day.year - 1)
            hits.append((match.start(), -len(match.group(0)), partial(_span, day, day, Precision.DAY)))
    present = words.intersection(WEEKDAY_WORDS)
    match = _from_first(_WEEKDAY, text, present, 9) if present else None
    if match:
        day = _last_weekday(anchor, WEEKDAYS[match.group(1)])
        hits.append((match.start(), -len(match.group(0)), partial(_span, day, day, Precision.DAY)))
    match = _from_first(_MONTH, text, words & _MONTH_NAMES, 20) if months else None
    if match:
        hits.append((match.start(), -len(match.group(0)), partial(_month, anchor, match.group(1), MONTHS[match.group(2)])))
    return min(hits, key=lambda hit: (hit[0], hit[1]))[2]() if hits else None


_SAYING_VERB = re.compile(r"\b(?:said|says|reported|wrote|stated|estimated|announced)\b")


def statement_date(text: str, anchor: date, words: frozenset[str] | None = None) -> date:
    """When a sentence says its statement was made ("The previous evening, X said"), else ``anchor``.

    Only a time expression before the verb of saying counts; a period counts by its middle.
    ``words`` as for :func:`when`.

    >>> statement_date("In mid-December, the channel estimated the advances at 2,800 km2.", date(2025, 1, 5))
    datetime.date(2024, 12, 15)
    """
    head = _SAYING_VERB.split(text, maxsplit=1)[0]
    if len(head) == len(text):
        return anchor
    span = when(head, anchor, words)
    return span.start + (span.end - span.start) / 2 if span is not None else anchor
