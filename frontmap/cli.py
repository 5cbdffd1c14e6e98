"""The ``frontmap`` command: a thin layer over the Python API.

Exit codes: 0 success, 1 user error (bad file, or unresolved names under
``--strict``), 2 usage error. Results go to stdout, messages to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pandas as pd
from rich.console import Console

from gazetteer import Gazetteer, GazetteerError, Resolution

from . import __version__
from .extract_cli import extract_command
from .frontline_cli import frontline
from .map_cli import TILES_OPTION, map_command
from .output import write_frame


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="frontmap")
def main() -> None:
    """Map sourced claims about the front line in the war in Ukraine."""


def _describe(resolution: Resolution) -> str:
    if not resolution.candidates:
        return f"{resolution.query}: no place of that name is known"
    lines = []
    for rank, candidate in enumerate(resolution.candidates[:8]):
        place = candidate.place
        mark = "→" if rank == 0 and resolution.resolved else " "
        lines.append(
            f"{mark} {place.label()}  {place.lat:.4f}, {place.lon:.4f}  p={candidate.probability:.2f}  [{candidate.rule}]"
        )
    head = f"{resolution.query}: "
    if resolution.ambiguous:
        head += f"AMBIGUOUS, {len(resolution.candidates)} places; add --context or --near"
    else:
        head += f"{resolution.place.name}, score {resolution.score:.2f}"
    return "\n".join([head, *lines])


@main.command()
@click.argument("name", required=False)
@click.option("--context", help="Text around the name, e.g. 'in the Kursk region'.")
@click.option("--near", multiple=True, help="A place named in the same report (repeatable).")
@click.option("--on", "on_date", help="Date of the report (for renamed places), e.g. 2025-01-05.")
@click.option("--batch", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV with a 'name' column and an optional 'context' column.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="With --batch: write .csv, .geojson or .gpkg (default: CSV on stdout).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 if any name is unknown or ambiguous.")
def resolve(name, context, near, on_date, batch, output, as_json, strict) -> None:
    """Resolve a place NAME (or a --batch CSV of names) to places, offline.

    \b
    frontmap resolve Makhnivka --context "in the Kursk region"
    frontmap resolve Krasnoarmeysk --near Myrnohrad --json
    frontmap resolve --batch names.csv -o places.geojson --strict
    """
    if (name is None) == (batch is None):
        raise click.UsageError("give either a NAME or --batch FILE")
    gazetteer = Gazetteer.default()
    if batch is not None:
        _resolve_batch(gazetteer, batch, output, on_date, as_json, strict)
        return
    try:
        resolution = gazetteer.resolve(name, context=context, near=list(near), on=on_date)
    except (ValueError, TypeError) as exc:
        _fail(str(exc))
    click.echo(json.dumps(resolution.to_dict(), ensure_ascii=False, indent=1) if as_json else _describe(resolution))
    if strict and not resolution.resolved:
        sys.exit(1)


def _with_coordinates(result) -> pd.DataFrame:
    """A resolved table with lat/lon columns instead of its geometry, for CSV."""
    return result.drop(columns="geometry").assign(lat=result.geometry.y, lon=result.geometry.x)


def _resolve_batch(gazetteer: Gazetteer, batch: Path, output: Path | None, on_date, as_json: bool, strict: bool) -> None:
    try:
        table = pd.read_csv(batch, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        _fail(f"{batch}: cannot read it as CSV ({exc})")
    if "name" not in table.columns:
        _fail(f"{batch}, line 1: no 'name' column (columns: {', '.join(table.columns)}); add a header row 'name,context'")
    empty = table.index[table["name"].str.strip() == ""]
    if len(empty):
        _fail(f"{batch}, line {int(empty[0]) + 2}: empty name; fill it in or delete the row")
    result = gazetteer.resolve_many(table, on=on_date, alternatives=True, progress=len(table) > 5000)
    unresolved = int((~result["resolved"]).sum())
    ambiguous = int(result["ambiguous"].sum())
    click.echo(f"{len(result)} names: {len(result) - unresolved} resolved, {ambiguous} ambiguous, "
               f"{unresolved - ambiguous} unknown", err=True)
    if output is None:
        if as_json:
            click.echo(result.to_json(na="null", ensure_ascii=False))
        else:
            click.echo(_with_coordinates(result).to_csv(index=False), nl=False)
    elif output.suffix.lower() in (".geojson", ".json"):
        output.write_text(result.to_json(na="null", ensure_ascii=False, indent=1))
    elif output.suffix.lower() == ".gpkg":
        result.to_file(output, layer="places", driver="GPKG")
    elif output.suffix.lower() == ".csv":
        _with_coordinates(result).to_csv(output, index=False)
    else:
        raise click.UsageError(f"--output must end in .csv, .geojson or .gpkg, not {output.suffix!r}")
    if output is not None:
        click.echo(f"wrote {output}", err=True)
    if strict and unresolved:
        sys.exit(1)


@main.command()
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option("--min-kind", type=click.Choice(["hamlet", "village", "town", "city"]), default="hamlet",
              show_default=True, help="Describe the point from places of at least this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def reverse(lat: float, lon: float, min_kind: str, as_json: bool) -> None:
    """Describe the point LAT LON from its nearest place ("6 km north-east of Sudzha").

    Distances and bearings are computed on the WGS84 ellipsoid.
    """
    try:
        found = Gazetteer.default().reverse(lat, lon, min_kind=min_kind)
    except ValueError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(f"{found.description} ({found.place.label()}), {found.admin1_name}")


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("maps/kursk-2025-01-05.html"), show_default=True, help="Where to write the map.")
@click.option("--assets", type=click.Choice(["cdn", "inline", "local"]), default="inline", show_default=True,
              help="inline: one self-contained file; cdn: link Leaflet from jsDelivr.")
@TILES_OPTION
def demo(output: Path, assets: str, tiles: str) -> None:
    """Map the bundled claims of 5 January 2025 over DeepStateMAP's control of that week."""
    from .demo import write_demo

    try:
        path = write_demo(output, assets=assets, tiles=tiles)
    except (OSError, GazetteerError) as exc:
        _fail(str(exc))
    click.echo(str(path))


@main.group()
def claims() -> None:
    """Record, query and export claims in a GeoPackage store."""


#: Imports larger than this show a progress bar (on stderr).
PROGRESS_FROM = 5_000
_STDERR = Console(stderr=True)

STORE_OPTION = click.option("--store", type=click.Path(dir_okay=False, path_type=Path), default=Path("claims.gpkg"),
                            show_default=True, help="The GeoPackage file holding the claims.")


def _read(path: Path, source_format: str):
    """Claims of a file, and how many rows were rejected (printed to stderr)."""
    from .claimfile import ClaimFileError, read_claims
    from .importers.acled import read_acled
    from .importers.ucdp import read_ucdp

    try:
        if source_format in ("ucdp", "acled"):
            report = (read_ucdp if source_format == "ucdp" else read_acled)(path)
            for line, reason in report.rejected:
                click.echo(f"{path}, line {line}: rejected: {reason}", err=True)
            return report.claims, len(report.rejected)
        return read_claims(path), 0
    except (ClaimFileError, ValueError, OSError) as exc:
        _fail(str(exc))


@claims.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "source_format", type=click.Choice(["yaml", "ucdp", "acled"]), default="yaml",
              show_default=True, help="yaml: frontmap claim file (YAML or JSON); ucdp: UCDP GED CSV; acled: ACLED CSV.")
@STORE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def import_claims(path: Path, source_format: str, store: Path, as_json: bool) -> None:
    """Add the claims of PATH to the store (all or nothing; known claims are skipped)."""
    from .store import GeoPackageStore, StoreError

    records, rejected = _read(path, source_format)
    stream = records
    if len(records) > PROGRESS_FROM:
        from rich.progress import track

        stream = track(records, description="Storing claims", transient=True, console=_STDERR)
    try:
        added = GeoPackageStore(store).append(stream)
    except StoreError as exc:
        _fail(str(exc))
    counts = {"read": len(records), "added": added, "already_stored": len(records) - added, "rejected": rejected}
    click.echo(json.dumps(counts) if as_json else
               f"{path}: {added} claims added, {counts['already_stored']} already stored, {rejected} rows rejected")


claims.add_command(import_claims, "add")


def _filters(since, until, kind, side, claimant, bbox, place, known_on) -> dict:
    return {"start": since, "end": until, "kinds": kind, "sides": side, "claimants": claimant,
            "bbox": bbox, "place": place, "known_on": known_on}


def _filter_options(command):
    for option in reversed([
        click.option("--since", help="Events ending on or after this date (YYYY-MM-DD)."),
        click.option("--until", help="Events starting on or before this date."),
        click.option("--kind", multiple=True, help="advance, capture, clash, ... (repeatable)."),
        click.option("--side", multiple=True, help="Claimant side: ukraine, russia, independent, unknown."),
        click.option("--claimant", multiple=True, help="Claimant name, exactly as stored (repeatable)."),
        click.option("--bbox", nargs=4, type=float, help="MINLON MINLAT MAXLON MAXLAT."),
        click.option("--place", help="A place as written or its gazetteer id (curated:berdin)."),
        click.option("--known-on", help="Only what was reported by this date, minus superseded claims."),
        STORE_OPTION,
    ]):
        command = option(command)
    return command


@claims.command("list")
@_filter_options
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON.")
def list_claims(store, as_json, **filters) -> None:
    """List the claims that match the filters."""
    from .store import GeoPackageStore

    found = GeoPackageStore(store).query(**_filters(**filters))
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=1))
        return
    for claim in found:
        when = claim.event_time.start.isoformat() + (
            f"..{claim.event_time.end.isoformat()}" if claim.event_time.end != claim.event_time.start else "")
        click.echo(f"{claim.id}  {when:<22}  {claim.kind.value:<11}  {claim.claimant.name[:40]:<40}  {claim.summary[:60]}")
    click.echo(f"{len(found)} claims", err=True)


@claims.command("show")
@click.argument("claim_id")
@STORE_OPTION
def show_claim(claim_id: str, store: Path) -> None:
    """Print one claim in full (JSON)."""
    from .store import GeoPackageStore

    try:
        claim = GeoPackageStore(store).get(claim_id)
    except KeyError as exc:
        _fail(exc.args[0])
    click.echo(json.dumps(claim.to_dict(), ensure_ascii=False, indent=1))


@claims.command("export")
@_filter_options
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="A .geojson, .csv or .parquet (GeoParquet) file.")
def export_claims(store, output: Path, **filters) -> None:
    """Write the claims that match the filters to GeoJSON, CSV or GeoParquet."""
    from .store import GeoPackageStore

    frame = GeoPackageStore(store).to_geodataframe(**_filters(**filters))
    try:
        write_frame(frame, output, layer="claims")
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {len(frame)} claims to {output}", err=True)


@claims.command("supersede")
@click.argument("claim_id")
@click.argument("correction", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@STORE_OPTION
def supersede(claim_id: str, correction: Path, store: Path) -> None:
    """Record the claims of CORRECTION (a claim file) as superseding CLAIM_ID."""
    from dataclasses import replace

    from .model import Link
    from .store import GeoPackageStore

    target = GeoPackageStore(store)
    try:
        target.get(claim_id)
    except KeyError as exc:
        _fail(exc.args[0])
    records, _ = _read(correction, "yaml")
    corrections = [replace(c, links=(*c.links, Link("supersedes", claim_id))) for c in records]
    added = target.append(corrections)
    click.echo(f"{added} claims now supersede {claim_id}: {', '.join(c.id for c in corrections)}")


main.add_command(frontline)
main.add_command(map_command)
main.add_command(extract_command)

if __name__ == "__main__":
    main()
