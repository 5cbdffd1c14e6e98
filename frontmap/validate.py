"""What every reader checks before it trusts a file: size, encoding, numbers, degrees, dates, text.

Readers raise :class:`InputFileError` (a ``ValueError``, so the CLI prints it as one line
and exits 1): it names the file, where in it (line or feature) and the field, and says
what to do. Values in messages are shortened, so a 10 MB cell never fills a terminal.

>>> str(InputFileError("claims.yaml", "is not a date (YYYY-MM-DD)", line=4, field="reported"))
"claims.yaml, line 4, field 'reported': is not a date (YYYY-MM-DD)"
>>> number(float("nan"), "magnitudes.value")
Traceback (most recent call last):
...
frontmap.model.ClaimError: claim field 'magnitudes.value': nan is not a finite number
"""
from __future__ import annotations

import codecs
import math
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .model import ClaimError

__all__ = ["EARLIEST", "cut", "encoding_of", "MAX_NAME", "MAX_TEXT", "InputFileError", "decode", "latest", "lon_lat", "number",
           "plausible_day", "read_article", "read_bytes", "short", "text"]

#: Claims and exports are about events from 1989 on (UCDP GED's first year) ...
EARLIEST = date(1989, 1, 1)
#: ... and no text field needs more than this many characters (a long quote is a few thousand).
MAX_TEXT = 100_000
#: Names (claimants, publishers, places as written) are shorter still.
MAX_NAME = 1_000
#: Article text for ``frontmap extract``: a long report is ~100 kB.
MAX_ARTICLE_BYTES = 10 << 20
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


class InputFileError(ValueError):
    """A file a reader refuses: which file, where (line, feature), which field, what is wrong."""

    def __init__(self, path: str | Path, problem: str, *, line: int | None = None, feature: int | None = None,
                 field: str | None = None, where: str | None = None):
        self.path, self.problem, self.line, self.feature, self.field = str(path), problem, line, feature, field
        parts = [str(path)]
        parts += [where] if where else []
        parts += [f"line {line}"] if line is not None else []
        parts += [f"feature {feature}"] if feature is not None else []
        parts += [f"field {field!r}"] if field else []
        super().__init__(f"{', '.join(parts)}: {problem}")


def short(value: Any, limit: int = 60) -> str:
    """``repr`` of a value, cut to ``limit`` characters.

    >>> short("x" * 100, 10)
    "'xxxxxxxx… (100 characters)"
    """
    text_ = repr(value)
    if len(text_) <= limit:
        return text_
    size = f" ({len(value):,} characters)" if isinstance(value, str) else ""
    return f"{text_[:limit - 1]}…{size}"


def cut(message: str, limit: int = 200) -> str:
    """A message cut to ``limit`` characters.

    >>> cut("abcdef", 4)
    'abc…'
    """
    return message if len(message) <= limit else message[:limit - 1] + "…"


def _checked_size(path: Path, limit: int, what: str) -> None:
    """Refuse a path that is missing, a directory, unreadable or larger than ``limit`` bytes."""
    try:
        if path.is_dir():
            raise InputFileError(path, f"is a directory, not a {what}")
        size = path.stat().st_size
    except OSError as error:
        raise InputFileError(path, f"cannot read it ({error.strerror or error})") from None
    if size > limit:
        raise InputFileError(path, f"is {size / 2**20:,.1f} MB, more than the {limit / 2**20:,.0f} MB a {what} "
                                   "may have; split it into smaller files")


def read_bytes(path: str | Path, limit: int, what: str) -> bytes:
    """The bytes of a file no larger than ``limit`` bytes, else an :class:`InputFileError`."""
    path = Path(path)
    _checked_size(path, limit, what)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputFileError(path, f"cannot read it ({error.strerror or error})") from None
    if len(data) > limit:  # grew while we read it, or a special file
        raise InputFileError(path, f"is more than the {limit / 2**20:,.0f} MB a {what} may have")
    return data


def decode(path: str | Path, data: bytes, encodings: tuple[str, ...] = ("utf-8",)) -> str:
    """Text of ``data``: a byte-order mark (UTF-8 or UTF-16) is honoured and dropped; otherwise the
    first of ``encodings`` that decodes the whole file. A byte none of them reads is an error at its line.

    >>> decode("a.csv", codecs.BOM_UTF8 + "Суджа".encode())
    'Суджа'
    >>> decode("a.csv", b"ok\\n\\xff")
    Traceback (most recent call last):
    ...
    frontmap.validate.InputFileError: a.csv, line 2: byte 0xff is not UTF-8 text; save the file as UTF-8
    """
    if data.startswith(codecs.BOM_UTF8):
        data, encodings = data[len(codecs.BOM_UTF8):], ("utf-8",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data, encodings = data, ("utf-16",)
    first_error = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            first_error = first_error or error
    byte = data[first_error.start:first_error.start + 1]
    names = " or ".join(e.upper() for e in encodings)
    raise InputFileError(path, f"byte 0x{byte.hex()} is not {names} text; save the file as UTF-8",
                         line=data.count(b"\n", 0, first_error.start) + 1)


def encoding_of(path: str | Path, limit: int, what: str, encodings: tuple[str, ...] = ("utf-8",)) -> str:
    """The encoding to open a file of at most ``limit`` bytes with, checked in 1 MB chunks (never whole):
    a byte-order mark decides; else the first of ``encodings`` that reads every byte. Control
    characters (NUL ...) are refused at their line: they are in no export's text."""
    path = Path(path)
    _checked_size(path, limit, what)
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as error:
        raise InputFileError(path, f"cannot read it ({error.strerror or error})") from None
    if head.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    first_problem = None
    for encoding in encodings:
        decoder, line = codecs.getincrementaldecoder(encoding)(), 1
        with path.open("rb") as handle:
            try:
                while chunk := handle.read(1 << 20):
                    text_ = decoder.decode(chunk)
                    _refuse_control(path, text_, what, line)
                    line += text_.count("\n")
                decoder.decode(b"", final=True)
                return encoding
            except UnicodeDecodeError as error:
                bad = error.object[error.start:error.start + 1]
                first_problem = first_problem or (bad, line + bytes(error.object[:error.start]).count(b"\n"))
    names = " or ".join(e.upper().removesuffix("-SIG") for e in encodings)
    raise InputFileError(path, f"byte 0x{first_problem[0].hex()} is not {names} text; save the file as UTF-8",
                         line=first_problem[1])


def read_article(path: str | Path, limit: int = MAX_ARTICLE_BYTES) -> str:
    """An article's text for ``frontmap extract``: UTF-8 (a BOM is dropped), at most ``limit`` bytes.

    NUL and other control characters but tab and line breaks are refused: they are not article text.
    """
    text_ = decode(path, read_bytes(path, limit, "text file"))
    _refuse_control(path, text_, "a text file")
    return text_


def _refuse_control(path: str | Path, text_: str, what: str, first_line: int = 1) -> None:
    """Refuse ``text_`` (starting at line ``first_line`` of ``path``) at its first control character."""
    bad = _CONTROL.search(text_)
    if bad:
        raise InputFileError(path, f"holds the control character U+{ord(bad.group()):04X}; is it {what}?",
                             line=first_line + text_.count("\n", 0, bad.start()))


def number(value: Any, field: str, low: float | None = None, high: float | None = None) -> float:
    """``value`` as a finite float within ``[low, high]``; text, booleans, NaN and infinities are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ClaimError(field, value, "is not a number")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise ClaimError(field, result, "is not a finite number")
    if (low is not None and result < low) or (high is not None and result > high):
        raise ClaimError(field, result, f"is outside {low:g} .. {high:g}")
    return result


def lon_lat(lon: float, lat: float, field: str) -> None:
    """Refuse a position that is not in longitude/latitude degrees (EPSG:3857 metres, 181, 1e308, NaN)."""
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise ClaimError(field, (lon, lat), "is not a longitude/latitude pair in degrees (WGS84); reproject it")


def text(value: Any, field: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    """``value`` if it is text of at most ``limit`` characters (a number is not a name)."""
    if not isinstance(value, str):
        raise ClaimError(field, value, "is not text; put it in quotes if it is meant as text")
    if len(value) > limit:
        raise ClaimError(field, value, f"is longer than {limit:,} characters")
    if required and not value.strip():
        raise ClaimError(field, value, "is empty")
    return value


def latest() -> date:
    """The last plausible date of a report: tomorrow (a report written east of UTC)."""
    return date.today() + timedelta(days=1)


def plausible_day(value: date | datetime, field: str) -> None:
    """Refuse a date before :data:`EARLIEST` or after tomorrow (``event_time: 5`` is year 5; 2202 is a typo)."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= latest():
        raise ClaimError(field, day.isoformat(), f"is outside {EARLIEST.isoformat()} .. {latest().isoformat()}")
