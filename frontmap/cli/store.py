"""``frontmap store``: move claims between stores (GeoPackage and PostGIS)."""
from __future__ import annotations

import click

from .common import echo_json, printable


@click.group()
def store() -> None:
    """Claim stores as a whole: a GeoPackage file for one analyst, PostGIS for a team."""


@store.command("copy")
@click.argument("source")
@click.argument("target")
@click.option("--batch", default=50_000, show_default=True, type=click.IntRange(1, 10_000_000),
              help="Claims per transaction.")
@click.option("--init", is_flag=True, help="Add frontmap's tables to a TARGET that has other tables.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def copy(source: str, target: str, batch: int, init: bool, as_json: bool) -> None:
    """Copy every claim, with its links and supersessions, from SOURCE to TARGET (paths or postgresql:// URLs).

    Claims TARGET holds already are skipped, so a copy can be repeated or resumed.

    Example: frontmap store copy claims.gpkg postgresql://analyst@db/frontmap
    """
    from ..store import StoreError, copy_store

    try:
        read, added = copy_store(source, target, batch=batch, init=init)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        echo_json({"source": source, "target": target, "read": read, "added": added}, indent=None)
    else:
        click.echo(printable(f"{source} → {target}: {read} claims read, {added} added, "
                             f"{read - added} already there"))
