"""``frontmap resolve`` and ``frontmap reverse``: place names to places and points to descriptions, offline."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import ISO_DATE, echo_json, escape_json, printable, suffix_check

BATCH_FORMATS = (".csv", ".geojson", ".json", ".gpkg")


def _describe(resolution) -> str:
    if not resolution.candidates:
        return f"{resolution.query}: no place of that name is known"
    lines = []
    for rank, candidate in enumerate(resolution.candidates[:8]):
        place = candidate.place
        mark = "→" if rank == 0 and resolution.resolved else " "
        lines.append(f"{mark} {place.label()}  {place.lat:.4f}, {place.lon:.4f}  p={candidate.probability:.2f}  "
                     f"[{candidate.rule}]")
    head = f"{resolution.query}: "
    if resolution.ambiguous:
        head += f"AMBIGUOUS, {len(resolution.candidates)} places; add --context or --near"
    else:
        head += f"{resolution.place.name}, score {resolution.score:.2f}"
    return "\n".join([head, *lines])


@click.command()
@click.argument("name", required=False)
@click.option("--context", help="Text around the name, e.g. 'in the Kursk region'.")
@click.option("--near", multiple=True, help="A place named in the same report (repeatable).")
@click.option("--on", "on_date", type=ISO_DATE, help="Date of the report (for renamed places), e.g. 2025-01-05.")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV with a 'name' column and an optional 'context' column.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), callback=suffix_check(BATCH_FORMATS),
              help="With --batch: write .csv, .geojson or .gpkg (default: CSV on stdout).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 if any name is unknown or ambiguous.")
@click.option("--online", is_flag=True, help="Ask OpenStreetMap's Nominatim (1 request/s, needs the network) for a "
              "name the offline gazetteer does not know. Off by default; not with --batch.")
def resolve(name, context, near, on_date, batch, output, as_json, strict, online) -> None:
    """Resolve a place NAME (or a --batch CSV of names) to places, offline.

    \b
    frontmap resolve Makhnivka --context "in the Kursk region"
    frontmap resolve Krasnoarmeysk --near Myrnohrad --json
    frontmap resolve --batch examples/names.csv -o places.geojson
    """
    if (name is None) == (batch is None):
        raise click.UsageError("give either a NAME or --batch FILE")
    if output is not None and batch is None:
        raise click.UsageError("--output needs --batch")
    if online and batch is not None:
        raise click.UsageError("--online resolves one NAME at a time (Nominatim allows 1 request/s); not with --batch")
    from gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    on = on_date.isoformat() if on_date else None
    if batch is not None:
        _resolve_batch(gazetteer, batch, output, on, as_json, strict)
        return
    try:
        resolution = gazetteer.resolve(name, context=context, near=list(near), on=on,
                                       fallback=_online_fallback() if online else None)
    except (ValueError, TypeError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        echo_json(resolution.to_dict())
    else:
        click.echo(printable(_describe(resolution)))
    if strict and not resolution.resolved:
        sys.exit(1)


def _online_fallback():
    from geopy.geocoders import Nominatim

    from gazetteer.geocoder import OnlineFallback

    return OnlineFallback(Nominatim(user_agent="frontmap", timeout=10))


def _resolve_batch(gazetteer, batch: Path, output: Path | None, on_date: str | None, as_json: bool,
                   strict: bool) -> None:
    import pandas as pd

    from ..output import csv_safe, write_frame

    try:
        table = pd.read_csv(batch, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{batch}: cannot read it as UTF-8 CSV ({exc})") from None
    if "name" not in table.columns:
        raise click.ClickException(f"{batch}, line 1: no 'name' column (columns: {', '.join(table.columns)}); "
                                   "add a header row 'name,context'")
    empty = table.index[table["name"].str.strip() == ""]
    if len(empty):
        raise click.ClickException(f"{batch}, line {int(empty[0]) + 2}: empty name; fill it in or delete the row")
    result = gazetteer.resolve_many(table, on=on_date, alternatives=True, progress=len(table) > 5000)
    unresolved = int((~result["resolved"]).sum())
    ambiguous = int(result["ambiguous"].sum())
    click.echo(f"{len(result)} names: {len(result) - unresolved} resolved, {ambiguous} ambiguous, "
               f"{unresolved - ambiguous} unknown", err=True)
    with_coordinates = result.drop(columns="geometry").assign(lat=result.geometry.y, lon=result.geometry.x)
    if output is None and as_json:
        click.echo(escape_json(result.to_json(na="null", ensure_ascii=False)))
    elif output is None:
        click.echo(printable(csv_safe(with_coordinates).to_csv(index=False)), nl=False)
    elif output.suffix.lower() == ".csv":
        csv_safe(with_coordinates).to_csv(output, index=False)
    else:
        write_frame(result, output, layer="places")
    if output is not None:
        click.echo(f"wrote {output}", err=True)
    if strict and unresolved:
        sys.exit(1)


@click.command()
@click.argument("lat", type=click.FloatRange(-90, 90))
@click.argument("lon", type=click.FloatRange(-180, 180))
@click.option("--min-kind", type=click.Choice(["hamlet", "village", "town", "city"]), default="hamlet",
              show_default=True, help="Describe the point from places of at least this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def reverse(lat: float, lon: float, min_kind: str, as_json: bool) -> None:
    """Describe the point LAT LON from its nearest place ("6 km north-east of Sudzha").

    Distances and bearings are computed on the WGS84 ellipsoid.
    """
    from gazetteer import Gazetteer

    try:
        found = Gazetteer.default().reverse(lat, lon, min_kind=min_kind)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        echo_json(found.to_dict())
    else:
        click.echo(printable(f"{found.description} ({found.place.label()}), {found.admin1_name}"))
