"""``frontmap claims``: record, query and export claims in a store."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .common import (FRAME_FORMATS, ISO_DATE, KINDS, SIDES, check_bbox, check_order, echo_json, open_store,
                     printable, suffix_check)

#: Imports larger than this show a progress bar (on stderr).
PROGRESS_FROM = 5_000

STORE_OPTION = click.option("--store", metavar="FILE|URL", help="The claims store: a GeoPackage file or a "
                            "postgresql:// URL (default: $FRONTMAP_STORE, else claims.gpkg).")


@click.group()
def claims() -> None:
    """Record, query and export claims in a store (a GeoPackage file, or PostGIS for a team)."""


def _read(path: Path, source_format: str):
    """Claims of a file, and how many rows were rejected (printed to stderr)."""
    from ..claimfile import ClaimFileError, read_claims
    from ..importers.acled import read_acled
    from ..importers.ucdp import read_ucdp

    try:
        if source_format in ("ucdp", "acled"):
            report = (read_ucdp if source_format == "ucdp" else read_acled)(path)
            for line, reason in report.rejected:
                click.echo(printable(f"{path}, line {line}: rejected: {reason}"), err=True)
            return report.claims, len(report.rejected)
        return read_claims(path), 0
    except (ClaimFileError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None


def _append(store, records) -> int:
    from ..store import StoreError

    stream = records
    if len(records) > PROGRESS_FROM:
        from rich.console import Console
        from rich.progress import track

        stream = track(records, description="Storing claims", transient=True, console=Console(stderr=True))
    try:
        return store.append(stream)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _append_point_table(store, path: Path) -> int:
    from rich.console import Console

    from ..model import ClaimError
    from ..store import StoreError

    try:
        with Console(stderr=True).status(f"Storing the point claims of {path}"):
            return store.append_point_table(path)
    except (ClaimError, StoreError, OSError) as exc:
        raise click.ClickException(str(exc)) from None


@claims.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "source_format", type=click.Choice(["yaml", "points", "ucdp", "acled"]), default="yaml",
              show_default=True, help="yaml: frontmap claim file (YAML, JSON or CSV); points: a CSV table of point "
                                      "claims with lon and lat, read column-wise (for 10^5-10^7 rows); ucdp: UCDP "
                                      "GED CSV; acled: ACLED CSV.")
@STORE_OPTION
@click.option("--init", is_flag=True, help="Add frontmap's tables to another tool's GeoPackage or to a database "
                                           "without them (never done without asking).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def import_claims(path: Path, source_format: str, store: str | None, init: bool, as_json: bool) -> None:
    """Add the claims of PATH to the store, creating it (all or nothing; known claims are skipped)."""
    if source_format == "points":  # streamed from the file into the store, checked batch by batch
        added = _append_point_table(open_store(store, "w", init=init), path)
        click.echo(json.dumps({"added": added}) if as_json else f"{path}: {added} claims added (the others already stored)")
        return
    records, rejected = _read(path, source_format)  # read first: a file that fails creates no store
    added = _append(open_store(store, "w", init=init), records)
    counts = {"read": len(records), "added": added, "already_stored": len(records) - added, "rejected": rejected}
    click.echo(json.dumps(counts) if as_json else
               f"{path}: {added} claims added, {counts['already_stored']} already stored, {rejected} rows rejected")


claims.add_command(import_claims, "add")


def _filter_options(command):
    for option in reversed([
        click.option("--since", type=ISO_DATE, help="Events ending on or after this date."),
        click.option("--until", type=ISO_DATE, help="Events starting on or before this date."),
        click.option("--kind", multiple=True, type=click.Choice(KINDS), help="Kind of claim (repeatable)."),
        click.option("--side", multiple=True, type=click.Choice(SIDES), help="Claimant's side (repeatable)."),
        click.option("--claimant", multiple=True, help="Claimant name, exactly as stored (repeatable)."),
        click.option("--bbox", nargs=4, type=float, help="MINLON MINLAT MAXLON MAXLAT."),
        click.option("--place", help="A place as written or its gazetteer id (curated:berdin)."),
        click.option("--known-on", type=ISO_DATE, help="Only what was reported by this date, minus superseded claims."),
        STORE_OPTION,
    ]):
        command = option(command)
    return command


def _filters(since, until, kind, side, claimant, bbox, place, known_on) -> dict:
    """The store's query arguments, after checking the options that go together."""
    check_order(since, until, "--since", "--until")
    check_bbox(bbox)
    return {"start": since, "end": until, "kinds": kind, "sides": side, "claimants": claimant,
            "bbox": bbox, "place": place, "known_on": known_on}


@claims.command("list")
@_filter_options
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON.")
def list_claims(store: str, as_json: bool, **filters) -> None:
    """List the claims that match the filters."""
    query = _filters(**filters)
    found = open_store(store, "r").query(**query)
    if as_json:
        echo_json([c.to_dict() for c in found])
        return
    for claim in found:
        span = claim.event_time
        when = span.start.isoformat() + (f"..{span.end.isoformat()}" if span.end != span.start else "")
        claimant, summary = (printable(" ".join(text.split())) for text in (claim.claimant.name, claim.summary))
        click.echo(f"{claim.id}  {when:<22}  {claim.kind.value:<11}  {claimant[:40]:<40}  {summary[:60]}")
    click.echo(f"{len(found)} claims", err=True)


@claims.command("show")
@click.argument("claim_id")
@STORE_OPTION
def show_claim(claim_id: str, store: str) -> None:
    """Print one claim in full (JSON)."""
    try:
        claim = open_store(store, "r").get(claim_id)
    except KeyError as exc:
        raise click.ClickException(printable(exc.args[0])) from None
    echo_json(claim.to_dict())


@claims.command("export")
@_filter_options
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              callback=suffix_check(FRAME_FORMATS), help="A .geojson, .csv, .parquet (GeoParquet) or .gpkg file.")
def export_claims(store: str, output: Path, **filters) -> None:
    """Write the claims that match the filters to GeoJSON, CSV, GeoParquet or GeoPackage."""
    from ..output import write_frame

    query = _filters(**filters)
    frame = open_store(store, "r").to_geodataframe(**query)
    write_frame(frame, output, layer="claims")
    click.echo(f"wrote {len(frame)} claims to {output}", err=True)


@claims.command("supersede")
@click.argument("claim_id")
@click.argument("correction", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@STORE_OPTION
def supersede(claim_id: str, correction: Path, store: str) -> None:
    """Record the claims of CORRECTION (a claim file) as superseding CLAIM_ID."""
    from dataclasses import replace

    from ..model import Link

    try:
        open_store(store, "r").get(claim_id)  # read-only first: a missing store is an error, never created here
    except KeyError as exc:
        raise click.ClickException(printable(exc.args[0])) from None
    target = open_store(store, "w")
    records, _ = _read(correction, "yaml")
    corrections = [replace(c, links=(*c.links, Link("supersedes", claim_id))) for c in records]
    added = _append(target, corrections)
    click.echo(f"{added} claims now supersede {claim_id}: {', '.join(c.id for c in corrections)}")
