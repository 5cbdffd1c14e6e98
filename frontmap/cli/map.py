"""``frontmap map``: claims and front lines as one timeline map (HTML page, snippet or PNG)."""
from __future__ import annotations

from pathlib import Path

import click

from .common import (ASSET_MODES, EMBED_MODES, FRONTLINE_SOURCES, ISO_DATE, TILES, check_bbox, check_order,
                     load_claims_or_fail, load_series, suffix_check)

ASSETS = click.option("--assets", type=click.Choice(ASSET_MODES), default="cdn", show_default=True,
                      help="cdn: link Leaflet from jsDelivr; inline: one self-contained file that works offline; "
                           "local: copy the files into --assets-dir and link them.")
TILES_OPTION = click.option("--tiles", type=click.Choice(TILES), default="osm", show_default=True,
                            help="Base map tiles; none draws only the embedded Natural Earth outlines (offline).")


@click.command("map")
@click.option("--claims", "claim_paths", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Claim file (YAML/JSON/CSV) or claims GeoPackage; repeatable.")
@click.option("--frontline", "frontline_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Front-line files, directories or a frontlines GeoPackage; repeatable.")
@click.option("--source", multiple=True, type=click.Choice(FRONTLINE_SOURCES),
              help="Only these front-line sources (repeatable).")
@click.option("--since", type=ISO_DATE, help="First date of the time window.")
@click.option("--until", type=ISO_DATE, help="Last date of the time window.")
@click.option("--on", "on_date", type=ISO_DATE, help="Date shown when the map opens (default: the last).")
@click.option("--bbox", nargs=4, type=float, help="Area of interest: MINLON MINLAT MAXLON MAXLAT.")
@click.option("--stay-days", default=3, show_default=True, type=click.IntRange(0, 3650),
              help="Days a claim stays on the map after its event.")
@TILES_OPTION
@ASSETS
@click.option("--assets-dir", type=click.Path(file_okay=False, path_type=Path), help="Directory for --assets local.")
@click.option("--embed", type=click.Choice(EMBED_MODES), default="page", show_default=True,
              help="page: a full HTML page; iframe: an <iframe srcdoc>; div: a div and its scripts, for a CMS.")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path), callback=suffix_check((".png",)),
              help="Also write a PNG snapshot of the --on date (headless Chromium).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              callback=suffix_check((".html", ".htm")), help="The HTML file to write.")
def map_command(claim_paths, frontline_paths, source, since, until, on_date, bbox, stay_days, tiles, assets,
                assets_dir, embed, png, output) -> None:
    """Write a timeline map of claims and front lines with a date slider."""
    if not claim_paths and not frontline_paths:
        raise click.UsageError("give --claims FILE and/or --frontline PATH")
    check_order(since, until, "--since", "--until")
    check_bbox(bbox)
    if png and embed != "page":
        raise click.UsageError("--png needs --embed page")
    if assets == "local" and assets_dir is None:
        raise click.UsageError("--assets local needs --assets-dir DIR")
    from ..frontline import ControlSeries
    from ..render import snapshot_png, timeline_map, write_map

    claims = load_claims_or_fail(claim_paths)
    control = None
    if frontline_paths:
        control = load_series(frontline_paths)
        if source:
            frame = control.frame[control.frame["source"].isin(source)]
            if frame.empty:
                raise click.ClickException(f"no source {', '.join(source)} in the front-line files "
                                           f"(they hold {', '.join(control.sources)})")
            control = ControlSeries(frame, control.report)
    try:
        fmap = timeline_map(claims, control, start=since, end=until, bbox=bbox, stay_days=stay_days, tiles=tiles,
                            on=on_date)
        path = write_map(fmap, output, assets=assets, assets_dir=assets_dir, embed=embed)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(str(path))
    if png:
        try:
            click.echo(str(snapshot_png(path, png, on_date and on_date.isoformat())))
        except RuntimeError as error:
            raise click.ClickException(str(error)) from None
