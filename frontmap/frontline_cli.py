"""``frontmap frontline``: import, diff, series, status, compare and line, over the API.

Every command takes one or more PATHs: front-line files, directories of them, or a
GeoPackage written by ``frontmap frontline import``. Areas are printed with the method
that computed them.
"""
from __future__ import annotations

import json
from pathlib import Path

import click
import numpy as np
import pandas as pd

from .frontline import AREA_METHODS, ControlSeries, FrontlineFileError, NotCovered
from .output import FORMATS, write_frame

PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
SOURCE = click.option("--source", help="Use only this source (deepstate, deepstate-simplified, isw, "
                                       "liveuamap, ru-kml); needed when PATHS mix sources.")
STATUS = click.option("--status", default="occupied", show_default=True,
                      type=click.Choice(["occupied", "contested", "ukrainian", "russian_advance"]))
METHOD = click.option("--area-method", "method", default="equal-area", show_default=True,
                      type=click.Choice(sorted(AREA_METHODS)), help="How km² are computed.")
JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text or CSV.")
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                      help=f"Also write the polygons ({', '.join(FORMATS)}).")
STRICT = click.option("--strict", is_flag=True, help="Stop at the first unreadable file instead of skipping it.")


def _load(paths, source: str | None = None, strict: bool = False, quiet: bool = False) -> ControlSeries:
    try:
        series = ControlSeries.read(*paths, strict=strict, progress=True)
        for error in series.report.rejected:
            click.echo(f"skipped {error}", err=True)
        if series.report.repairs and not quiet:
            click.echo(f"repaired {len(series.report.repairs)} invalid geometries "
                       "(`frontmap frontline import --json` lists them)", err=True)
        return series.only(source) if source else series
    except (FrontlineFileError, FileNotFoundError, KeyError) as error:
        raise click.ClickException(str(error.args[0] if isinstance(error, KeyError) else error)) from None


def _run(function, *args, **kwargs):
    """Call the API; its user errors become exit code 1 with the message on stderr."""
    try:
        return function(*args, **kwargs)
    except (NotCovered, ValueError, KeyError) as error:
        raise click.ClickException(str(error.args[0] if isinstance(error, KeyError) else error)) from None


def _write(frame, output: Path | None, layer: str) -> None:
    if output is None:
        return
    try:
        write_frame(frame, output, layer)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"wrote {len(frame)} features to {output}", err=True)


def _emit_table(table: pd.DataFrame, as_json: bool) -> None:
    method = table.attrs.get("area_method")
    if as_json:
        records = json.loads(table.to_json(orient="records", date_format="iso"))
        click.echo(json.dumps({"area_method": method, "rows": records} if method else records, indent=1))
    else:
        click.echo(table.to_csv(index=False, date_format="%Y-%m-%d"), nl=False)
        if method:
            click.echo(f"areas: {method}", err=True)


@click.group()
def frontline() -> None:
    """Front-line snapshots: areas gained and lost, status of places, disagreements, claim checks."""


@frontline.command("import")
@PATHS
@click.option("--store", type=click.Path(dir_okay=False, path_type=Path), default=Path("frontlines.gpkg"),
              show_default=True, help="GeoPackage to add the snapshots to (layer control_snapshots).")
@STRICT
@JSON
def import_(paths, store: Path, strict: bool, as_json: bool) -> None:
    """Read front-line files and add their snapshots to a GeoPackage (known ones are skipped)."""
    from .frontline.store import save

    series = _load(paths, strict=strict, quiet=True)
    added, known = save(series, store)
    summary = {"store": str(store), "files": series.report.files, "added": added, "already_stored": known,
               "sources": series.sources, **series.report.to_dict()}
    if as_json:
        click.echo(json.dumps(summary, indent=1, ensure_ascii=False))
        return
    click.echo(f"{store}: {added} snapshot rows added, {known} already stored, from {series.report.files} files "
               f"({', '.join(series.sources)}); {len(series.report.repairs)} geometries repaired, "
               f"{sum(series.report.skipped.values())} features skipped, {len(series.report.rejected)} files rejected")
    for reason, count in sorted(series.report.skipped.items()):
        click.echo(f"  skipped {count:>6} × {reason}", err=True)


@frontline.command()
@PATHS
@click.option("--from", "start", required=True, help="Start date (the snapshot in force that day).")
@click.option("--to", "end", required=True, help="End date.")
@SOURCE
@STATUS
@METHOD
@OUTPUT
@STRICT
@JSON
def diff(paths, start, end, source, status, method, output, as_json, strict) -> None:
    """Land gained and lost between two dates, in km²; -o writes the polygons.

    Example: frontmap frontline diff DIR --from 2024-11-01 --to 2024-12-01
    """
    series = _load(paths, source, strict)
    frame = _run(series.diff, start, end, status, method)
    gained, lost = frame["area_km2"]
    result = {"source": series.sources[0], "status": status, "from": f"{frame['from_date'][0]:%Y-%m-%d}",
              "to": f"{frame['to_date'][0]:%Y-%m-%d}", "gained_km2": gained, "lost_km2": lost,
              "net_km2": round(gained - lost, 2), "area_method": AREA_METHODS[method]}
    if as_json:
        click.echo(json.dumps(result, indent=1))
    else:
        click.echo(f"{result['source']} {status}, snapshots {result['from']} → {result['to']}: "
                   f"gained {gained:,.2f} km², lost {lost:,.2f} km², net {result['net_km2']:+,.2f} km²")
        click.echo(f"areas: {AREA_METHODS[method]}", err=True)
    _write(frame, output, "changes")


@frontline.command()
@PATHS
@SOURCE
@STATUS
@METHOD
@click.option("--since", help="First date to print.")
@click.option("--until", help="Last date to print.")
@STRICT
@JSON
def series(paths, source, status, method, since, until, as_json, strict) -> None:
    """Daily area series as CSV: km² of STATUS and what each step gained and lost, with the net."""
    control = _load(paths, source, strict)
    table = _run(control.area_series, status, method, progress=True)
    dates = table["date"]
    keep = (dates >= pd.Timestamp(since or dates.min())) & (dates <= pd.Timestamp(until or dates.max()))
    subset = table[keep]
    subset.attrs = table.attrs
    _emit_table(subset, as_json)


@frontline.command()
@PATHS
@SOURCE
@click.option("--place", help="A place name; prints every date its status changed.")
@click.option("--context", help="Context to pick among namesakes, e.g. 'Donetsk region'.")
@click.option("--on", "on_date", help="Print every gazetteer place drawn by the source on this date.")
@STRICT
@JSON
def status(paths, source, place, context, on_date, as_json, strict) -> None:
    """Status of places (occupied, contested, ukrainian, unmarked) per date, and when it changed."""
    from gazetteer import Gazetteer

    from .frontline.places import LABELS, status_matrix

    if bool(place) == bool(on_date):
        raise click.UsageError("give either --place NAME or --on DATE")
    control = _load(paths, source, strict)
    gazetteer = Gazetteer.default()
    if place:
        resolution = gazetteer.resolve(place, context=context)
        if not resolution.resolved:
            choices = "; ".join(f"{c.place.name} ({c.place.admin1})" for c in resolution.candidates[:6])
            raise click.ClickException(f"{place!r} is {'ambiguous' if resolution.candidates else 'unknown'}"
                                       f"{': ' + choices if choices else ''}; add --context")
        chosen = resolution.place
        places = pd.DataFrame([{"id": chosen.id, "name": chosen.name, "lat": chosen.lat, "lon": chosen.lon}])
        codes = _run(status_matrix, control, places["lon"], places["lat"])[:, 0]
        table = pd.DataFrame({"source": control.sources[0], "place_id": chosen.id, "name": chosen.name,
                              "date": control.dates, "status": LABELS[codes]})
        changed = np.r_[True, codes[1:] != codes[:-1]]  # the first date, and every change of hands
        changed[-1] = True
        table = table[changed]
    else:
        day = _run(control.snapshot_date, on_date)
        one = ControlSeries(control.frame[control.frame["date"] == day])
        places = gazetteer.places
        codes = status_matrix(one, places["lon"], places["lat"])[0]
        drawn = codes < len(LABELS) - 1
        table = pd.DataFrame({"source": control.sources[0], "date": day, "place_id": places["id"][drawn],
                              "name": places["name"][drawn], "admin1": places["admin1"][drawn],
                              "status": LABELS[codes[drawn]]})
    _emit_table(table.reset_index(drop=True), as_json)


@frontline.command()
@PATHS
@click.option("--on", "on_date", help="Date to compare the sources on (two sources).")
@click.option("--source", "sources", multiple=True, help="The two sources to compare (repeat).")
@click.option("--claims", "claims_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Check these claims (claim file or claims GeoPackage) against every source instead.")
@click.option("--tolerance", default=0.15, show_default=True, help="Relative tolerance for km² claims.")
@click.option("--max-gap-days", default=3, show_default=True,
              help="Furthest a snapshot may lie from a claim's interval ends.")
@click.option("--ukraine-only", is_flag=True, help="Compare only land inside Ukraine.")
@OUTPUT
@STRICT
@JSON
def compare(paths, on_date, sources, claims_path, tolerance, max_gap_days, ukraine_only, output, as_json, strict) -> None:
    """Where two sources disagree on a date (km²), or claims checked against the sources.

    Examples: frontmap frontline compare DS_DIR ISW_DIR --on 2025-01-01;
    frontmap frontline compare DS_DIR --claims examples/kursk-2025-01-05.yaml
    """
    control = _load(paths, strict=strict)
    if claims_path:
        from .verify import check_claims

        table = _run(check_claims, _claims(claims_path), control, tolerance, max_gap_days)
        _emit_table(table, as_json)
        return
    if not on_date:
        raise click.UsageError("give --on DATE to compare sources, or --claims FILE to check claims")
    chosen = list(sources) or control.sources
    if len(chosen) != 2:
        raise click.UsageError(f"compare needs exactly two sources, PATHS hold {', '.join(chosen)}; use --source twice")
    from .frontline.compare import disagreement
    from .frontline.line import ukraine

    a, b = (_run(control.only, name) for name in chosen)
    frame = _run(disagreement, a, b, on_date, within=ukraine() if ukraine_only else None)
    table = pd.DataFrame(frame.drop(columns="geometry"))
    table.attrs = frame.attrs
    _emit_table(table, as_json)
    _write(frame, output, "disagreement")


def _claims(path: Path):
    from .claimfile import ClaimFileError, read_claims
    from .store import GeoPackageStore

    try:
        return GeoPackageStore(path).query() if path.suffix.lower() == ".gpkg" else read_claims(path)
    except (ClaimFileError, ValueError, OSError) as error:
        raise click.ClickException(str(error)) from None


@frontline.command()
@PATHS
@click.option("--on", "on_date", required=True, help="Date of the snapshot.")
@SOURCE
@OUTPUT
@STRICT
@JSON
def line(paths, on_date, source, output, as_json, strict) -> None:
    """The front line on a date: where occupied land meets land Ukraine holds, in km."""
    import geopandas as gpd
    import shapely

    from .frontline.area import to_equal_area
    from .frontline.line import OUTLINE_TOLERANCE_M, front_line

    control = _load(paths, source, strict)
    day = _run(control.snapshot_date, on_date)
    geometry = front_line(control.geometry_on(day), control.geometry_on(day, "ukrainian"))
    length = float(shapely.length(to_equal_area([geometry])[0]) / 1000)
    frame = gpd.GeoDataFrame({"source": [control.sources[0]], "date": [day], "length_km": [round(length, 1)]},
                             geometry=[geometry], crs="EPSG:4326")
    note = (f"length in the equal-area projection; stretches within {OUTLINE_TOLERANCE_M / 1000:g} km "
            "of Ukraine's coast and border left out")
    if as_json:
        click.echo(json.dumps({"source": control.sources[0], "date": f"{day:%Y-%m-%d}",
                               "length_km": round(length, 1), "note": note}))
    else:
        click.echo(f"{control.sources[0]} front line on {day:%Y-%m-%d}: {length:,.1f} km")
        click.echo(note, err=True)
    _write(frame, output, "front_line")
