"""What every command shares: checked option types, the store opener and safe printing.

This module imports nothing heavy (no pandas, geopandas, folium, pyproj): the command
must parse and check its options in a fraction of a second, before any work.

>>> ISO_DATE.convert("2025-01-05", None, None)
datetime.date(2025, 1, 5)
>>> printable("Sudzha\\x1b[2J")
'Sudzha\\\\x1b[2J'
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

#: Choices that mirror the library's own tables (tests/test_cli_options.py holds them equal), written
#: out here so that parsing a command does not import the library.
KINDS = ("advance", "capture", "withdrawal", "offensive", "clash", "strike", "loss", "area_change", "control")
SIDES = ("ukraine", "russia", "independent", "unknown")
FRONTLINE_SOURCES = ("deepstate", "deepstate-simplified", "isw", "liveuamap", "ru-kml")
AREA_METHODS = ("equal-area", "geodesic")
ASSET_MODES = ("cdn", "inline", "local")
EMBED_MODES = ("page", "iframe", "div")
TILES = ("osm", "positron", "none")
#: Suffixes ``frontmap.output.write_frame`` writes.
FRAME_FORMATS = (".geojson", ".json", ".csv", ".parquet", ".gpkg", ".kml", ".kmz")

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDate(click.ParamType):
    """A calendar date written YYYY-MM-DD, and nothing else: no guessing of day and month order."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if _ISO_DAY.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError as error:
                self.fail(f"{value!r} is not a date of the calendar ({error})", param, ctx)
        self.fail(f"{value!r} is not a date written YYYY-MM-DD (e.g. 2025-01-05)", param, ctx)


ISO_DATE = IsoDate()


def suffix_check(formats: Sequence[str]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """An option callback refusing an output file whose suffix is not one of ``formats``, before any work."""

    def check(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
        if value is not None and Path(value).suffix.lower() not in formats:
            raise click.BadParameter(f"{str(value)!r} must end in {', '.join(formats)}", ctx, param)
        return value

    return check


def check_order(start: date | None, end: date | None, first: str, second: str) -> None:
    """Refuse a time window that ends before it starts (usage error, exit 2)."""
    if start is not None and end is not None and start > end:
        raise click.UsageError(f"{first} {start} is after {second} {end}; swap them")


def check_bbox(bbox: tuple[float, float, float, float] | None) -> None:
    """Refuse a bounding box that is not MINLON MINLAT MAXLON MAXLAT in degrees (usage error)."""
    if bbox is None:
        return
    minlon, minlat, maxlon, maxlat = bbox
    if not (-180 <= minlon <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90):
        raise click.BadParameter(f"{' '.join(f'{v:g}' for v in bbox)} is not MINLON MINLAT MAXLON MAXLAT "
                                 "in degrees (minimum first)", param_hint="'--bbox'")


def open_store(location: str | None, mode: str = "r", *, init: bool = False):
    """The claim store at ``location`` (a GeoPackage path or a ``postgresql://`` URL; None: ``$FRONTMAP_STORE``,
    else ``claims.gpkg``): the one place where the command opens a store.

    ``mode`` "r" opens it read-only and refuses a missing store or a file that is not one; "w"
    creates a missing store (only importing does). Errors are one line, exit 1.
    """
    import os

    from ..store import ENV, StoreError
    from ..store import open_store as open_engine

    location = location or os.environ.get(ENV) or "claims.gpkg"
    try:
        return open_engine(location, mode=mode, init=init)
    except StoreError as error:
        raise click.ClickException(str(error)) from None


def show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings (a bad stored row, a claim left off a map) as one line on stderr, not Python's two."""
    click.echo(printable(" ".join(f"warning: {message}".splitlines())), err=True)


def load_claims_or_fail(paths) -> list:
    """The claims of every path (claim files or stores); a bad one is a one-line error."""
    from ..claimfile import ClaimFileError
    from ..claims_io import load_claims
    from ..store import StoreError

    try:
        return [claim for path in paths for claim in load_claims(path)]
    except (ClaimFileError, StoreError, ValueError, OSError) as error:
        raise click.ClickException(str(error)) from None


def load_series(paths, source: str | None = None, strict: bool = False, quiet: bool = False,
                clip: bool = True, keep_suspect: bool = False, statuses: set[str] | None = None):
    """The control series of PATHS, maybe one source of it, with only ``statuses`` read if given
    (a command about one status: suspect snapshots are found on the occupied one); skipped files,
    duplicates, suspect snapshots and repairs are reported on stderr."""
    from ..frontline import ControlSeries, FrontlineFileError

    try:
        series = ControlSeries.read(*paths, strict=strict, progress=True, clip=clip, keep_suspect=keep_suspect,
                                    statuses=statuses)
        for error in series.report.rejected:
            click.echo(printable(f"skipped {error}"), err=True)
        for warning in series.report.warnings():
            click.echo(printable(warning), err=True)
        if series.report.repairs and not quiet:
            click.echo(f"repaired {len(series.report.repairs)} invalid geometries "
                       "(`frontmap frontline import --json` lists them)", err=True)
        return series.only(source) if source else series
    except (FrontlineFileError, FileNotFoundError, KeyError) as error:
        raise click.ClickException(str(error.args[0] if isinstance(error, KeyError) else error)) from None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1 = re.compile(r"[\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with terminal control characters (escape sequences, CR, C1 controls) shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def json_text(data: Any, indent: int | None = 1) -> str:
    """JSON of ``data``, Unicode kept, every control character escaped (safe on a terminal).

    >>> json_text({"name": "a\\x9b31m"}, indent=None)
    '{"name": "a\\\\u009b31m"}'
    """
    return escape_json(json.dumps(data, ensure_ascii=False, indent=indent, default=str))


def escape_json(text: str) -> str:
    """JSON text with DEL and C1 controls written as ``\\u`` escapes (JSON encoders leave them raw)."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def echo_json(data: Any, indent: int | None = 1) -> None:
    click.echo(json_text(data, indent))
