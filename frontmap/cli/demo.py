"""``frontmap demo``: the bundled example, mapped."""
from __future__ import annotations

from pathlib import Path

import click

from .common import ASSET_MODES
from .map import TILES_OPTION


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("maps/kursk-2025-01-05.html"), show_default=True, help="Where to write the map.")
@click.option("--assets", type=click.Choice(ASSET_MODES), default="inline", show_default=True,
              help="inline: one self-contained file; cdn: link Leaflet from jsDelivr.")
@TILES_OPTION
def demo(output: Path, assets: str, tiles: str) -> None:
    """Map the bundled claims of 5 January 2025 over DeepStateMAP's control of that week.

    The same version of frontmap always writes the same bytes.
    """
    from gazetteer import GazetteerError

    from ..demo import DEMO_CONTROL, write_demo

    if not DEMO_CONTROL.is_file():
        click.echo("note: this installation has no front-line data for the demo (see DATA-LICENSES.md); "
                   "mapping the claims alone", err=True)
    try:
        path = write_demo(output, assets=assets, tiles=tiles)
    except (OSError, GazetteerError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(str(path))

