"""``frontmap frontline``: import, diff, series, status, compare, line, chart and animate, over the API.

Every command takes one or more PATHs: front-line files, directories of them, or a
GeoPackage written by ``frontmap frontline import``. Areas are printed with the method
that computed them.
"""
from __future__ import annotations

from pathlib import Path

import click

from .common import (AREA_METHODS, FRAME_FORMATS, FRONTLINE_SOURCES, ISO_DATE, check_order, echo_json,
                     load_claims_or_fail, load_series, printable, suffix_check)

PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
SOURCE = click.option("--source", type=click.Choice(FRONTLINE_SOURCES),
                      help="Use only this source; needed when PATHS mix sources.")
STATUS = click.option("--status", default="occupied", show_default=True,
                      type=click.Choice(["occupied", "contested", "ukrainian", "russian_advance"]))
METHOD = click.option("--area-method", "method", default="equal-area", show_default=True,
                      type=click.Choice(AREA_METHODS), help="How km² are computed.")
JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text or CSV.")
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                      callback=suffix_check(FRAME_FORMATS), help=f"Also write the polygons ({', '.join(FRAME_FORMATS)}).")
STRICT = click.option("--strict", is_flag=True, help="Stop at the first unreadable file instead of skipping it.")
NO_CLIP = click.option("--no-clip", is_flag=True, help="Keep land each source draws beyond where its status means "
                       "something (by default occupied land is clipped to Ukraine's borders).")
KEEP_SUSPECT = click.option("--keep-suspect", is_flag=True, help="Keep snapshots flagged as implausible (a stale "
                            "copy or a spike) in the series; they are always reported.")


def reading(command):
    """The options every command reads PATHS with: --no-clip, --keep-suspect and --strict."""
    return NO_CLIP(KEEP_SUSPECT(STRICT(command)))


MAX_AGE = click.option("--max-age", default=3, show_default=True, type=click.IntRange(0, 3650),
                       help="Refuse a snapshot more than this many days older than the date asked.")


def _run(function, *args, **kwargs):
    """Call the API; its user errors become exit code 1 with the message on stderr."""
    from ..frontline import NotCovered

    try:
        return function(*args, **kwargs)
    except (NotCovered, ValueError, KeyError) as error:
        raise click.ClickException(str(error.args[0] if isinstance(error, KeyError) else error)) from None


def _write(frame, output: Path | None, layer: str) -> None:
    if output is None:
        return
    from ..output import write_frame

    write_frame(frame, output, layer)
    click.echo(f"wrote {len(frame)} features to {output}", err=True)


def _emit_table(table, as_json: bool) -> None:
    """A table on stdout: JSON records, or CSV safe to open in a spreadsheet; the area method on stderr."""
    import json

    from ..output import csv_safe

    method = table.attrs.get("area_method")
    notes = {key: table.attrs[key] for key in ("clipping", "period", "left_out") if table.attrs.get(key)}
    if as_json:
        records = json.loads(table.to_json(orient="records", date_format="iso"))
        echo_json({"area_method": method, **notes, "rows": records} if method else records)
    else:
        click.echo(printable(csv_safe(table).to_csv(index=False, date_format="%Y-%m-%d")), nl=False)
        if method:
            click.echo(f"areas: {method}", err=True)
        for key, note in notes.items():
            click.echo(f"{key.replace('_', ' ')}: {note}", err=True)


@click.group()
def frontline() -> None:
    """Front-line snapshots: areas gained and lost, status of places, disagreements, claim checks."""


@frontline.command("import")
@PATHS
@click.option("--store", type=click.Path(dir_okay=False, path_type=Path), default=Path("frontlines.gpkg"),
              show_default=True, callback=suffix_check((".gpkg",)),
              help="GeoPackage to add the snapshots to (layer control_snapshots).")
@reading
@JSON
def import_(paths, store: Path, no_clip: bool, keep_suspect: bool, strict: bool, as_json: bool) -> None:
    """Read front-line files and add their snapshots to a GeoPackage (known ones are skipped)."""
    from ..frontline.store import save

    series = load_series(paths, strict=strict, quiet=True, clip=not no_clip, keep_suspect=keep_suspect)
    added, known = save(series, store)
    summary = {"store": str(store), "files": series.report.files, "added": added, "already_stored": known,
               "sources": series.sources, **series.report.to_dict()}
    if as_json:
        echo_json(summary)
        return
    click.echo(f"{store}: {added} snapshot rows added, {known} already stored, from {series.report.files} files "
               f"({', '.join(series.sources)}); {len(series.report.repairs)} geometries repaired, "
               f"{sum(series.report.skipped.values())} features skipped, {len(series.report.rejected)} files rejected")
    for reason, count in sorted(series.report.skipped.items()):
        click.echo(printable(f"  skipped {count:>6} × {reason}"), err=True)


@frontline.command()
@PATHS
@click.option("--from", "start", type=ISO_DATE, help="First day of the period.")
@click.option("--to", "end", type=ISO_DATE, help="Last day of the period (included).")
@click.option("--month", help="The period is this calendar month (YYYY-MM), instead of --from and --to.")
@SOURCE
@STATUS
@METHOD
@click.option("--by", type=click.Choice(["oblast", "raion"]),
              help="Break the km² down by oblast (Natural Earth) or raion (geoBoundaries, pre-2020) as CSV.")
@MAX_AGE
@OUTPUT
@reading
@JSON
def diff(paths, start, end, month, source, status, method, by, max_age, output, no_clip, keep_suspect, as_json,
         strict) -> None:
    """Land gained and lost over a period of days, in km²; --by breaks it down; -o writes the polygons.

    The period runs from the snapshot in force on its first day to the snapshot in force on the
    day after its last day (the rule monthly figures and claim checks use too).

    Examples: frontmap frontline diff DIR --month 2024-12;
    frontmap frontline diff DIR --from 2024-11-01 --to 2024-11-30 --by raion
    """
    from ..frontline import AREA_METHODS as METHOD_NOTES
    from ..frontline import PERIOD_RULE, month_days

    if month:
        if start or end:
            raise click.UsageError("give either --month or --from and --to")
        start, end = _run(month_days, month)
    elif not (start and end):
        raise click.UsageError("give --from and --to (the period's first and last days), or --month YYYY-MM")
    check_order(start, end, "--from", "--to")
    series = load_series(paths, source, strict, clip=not no_clip, keep_suspect=keep_suspect,
                         statuses={"occupied", status})
    if by:
        from ..frontline.breakdown import breakdown

        _emit_table(_run(breakdown, series, start, end, by, status, method, max_age), as_json)
        return
    frame = _run(series.diff, start, end, status, method, max_age)
    gained, lost = frame["area_km2"]
    result = {"source": series.sources[0], "status": status, "from": f"{frame['from_date'][0]:%Y-%m-%d}",
              "to": f"{frame['to_date'][0]:%Y-%m-%d}", "gained_km2": gained, "lost_km2": lost,
              "net_km2": round(gained - lost, 2), "area_method": METHOD_NOTES[method],
              "clipping": frame.attrs["clipping"], "period": PERIOD_RULE, "computed_by": frame["method"][0]}
    if as_json:
        echo_json(result)
    else:
        click.echo(f"{printable(result['source'])} {status}, snapshots {result['from']} → {result['to']}: "
                   f"gained {gained:,.2f} km², lost {lost:,.2f} km², net {result['net_km2']:+,.2f} km²")
        click.echo(f"areas: {METHOD_NOTES[method]}", err=True)
        click.echo(f"clipping: {result['clipping']}", err=True)
        click.echo(f"period: {PERIOD_RULE}", err=True)
        if result["computed_by"] == "overlay":
            click.echo("the edge-based diff failed on these polygons (GEOS noding); computed with shapely.difference",
                       err=True)
    _write(frame, output, "changes")


@frontline.command()
@PATHS
@SOURCE
@STATUS
@METHOD
@click.option("--since", type=ISO_DATE, help="First date to print.")
@click.option("--until", type=ISO_DATE, help="Last date to print.")
@click.option("--monthly", is_flag=True, help="One row per calendar month (the period rule of `diff --month`) "
              "instead of one per snapshot.")
@reading
@JSON
def series(paths, source, status, method, since, until, monthly, no_clip, keep_suspect, as_json, strict) -> None:
    """Area series as CSV: km² of STATUS and what each step (or --monthly, each month) gained and lost."""
    check_order(since, until, "--since", "--until")
    import pandas as pd

    control = load_series(paths, source, strict, clip=not no_clip, keep_suspect=keep_suspect,
                          statuses={"occupied", status})
    table = (_run(control.monthly, status, method) if monthly
             else _run(control.area_series, status, method, progress=True))
    dates = pd.to_datetime(table["month"]) if monthly else table["date"]  # a month by its first day
    keep = (dates >= pd.Timestamp(since or dates.min())) & (dates <= pd.Timestamp(until or dates.max()))
    subset = table[keep]
    subset.attrs = table.attrs
    _emit_table(subset, as_json)


@frontline.command()
@PATHS
@SOURCE
@click.option("--place", help="A place name; prints every date its status changed.")
@click.option("--context", help="Context to pick among namesakes, e.g. 'Donetsk region'.")
@click.option("--on", "on_date", type=ISO_DATE, help="Print every gazetteer place drawn by the source on this date.")
@MAX_AGE
@reading
@JSON
def status(paths, source, place, context, on_date, max_age, no_clip, keep_suspect, as_json, strict) -> None:
    """Status of places (occupied, contested, ukrainian, unmarked) per date, and when it changed."""
    if bool(place) == bool(on_date):
        raise click.UsageError("give either --place NAME or --on DATE")
    import numpy as np
    import pandas as pd

    from gazetteer import Gazetteer

    from ..frontline import ControlSeries
    from ..frontline.places import LABELS, status_matrix

    control = load_series(paths, source, strict, clip=not no_clip, keep_suspect=keep_suspect)
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
        day = _run(control.snapshot_date, on_date, max_age)
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
@click.option("--on", "on_date", type=ISO_DATE, help="Date to compare the sources on (two sources).")
@click.option("--source", "sources", multiple=True, type=click.Choice(FRONTLINE_SOURCES),
              help="The two sources to compare (repeat).")
@click.option("--claims", "claims_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Check these claims (claim file or claims GeoPackage) against every source instead.")
@click.option("--tolerance", default=0.15, show_default=True, type=click.FloatRange(0, 10),
              help="Relative tolerance for km² claims.")
@click.option("--max-gap-days", default=3, show_default=True, type=click.IntRange(0, 3650),
              help="Furthest a snapshot may lie from a claim's interval ends.")
@click.option("--ukraine-only", is_flag=True, help="Compare only land inside Ukraine.")
@MAX_AGE
@OUTPUT
@reading
@JSON
def compare(paths, on_date, sources, claims_path, tolerance, max_gap_days, ukraine_only, max_age, output, no_clip,
            keep_suspect, as_json, strict) -> None:
    """Where two sources disagree on a date (km²), or claims checked against the sources.

    Examples: frontmap frontline compare DS_DIR ISW_DIR --on 2025-01-01;
    frontmap frontline compare DS_DIR --claims examples/kursk-2025-01-05.yaml
    """
    if not claims_path and not on_date:
        raise click.UsageError("give --on DATE to compare sources, or --claims FILE to check claims")
    if sources and len(sources) != 2:
        raise click.UsageError("compare needs exactly two sources; give --source twice")
    claims = load_claims_or_fail([claims_path]) if claims_path else None
    control = load_series(paths, strict=strict, clip=not no_clip, keep_suspect=keep_suspect)
    if claims is not None:
        from ..verify import check_claims

        _emit_table(_run(check_claims, claims, control, tolerance, max_gap_days), as_json)
        return
    import pandas as pd

    chosen = list(sources) or control.sources
    if len(chosen) != 2:
        raise click.UsageError(f"compare needs exactly two sources, PATHS hold {', '.join(chosen)}; use --source twice")
    from ..frontline.borders import ukraine
    from ..frontline.compare import disagreement

    a, b = (_run(control.only, name) for name in chosen)
    frame = _run(disagreement, a, b, on_date, within=ukraine() if ukraine_only else None, max_age=max_age)
    table = pd.DataFrame(frame.drop(columns="geometry"))
    table.attrs = frame.attrs
    _emit_table(table, as_json)
    _write(frame, output, "disagreement")


@frontline.command()
@PATHS
@click.option("--on", "on_date", required=True, type=ISO_DATE, help="Date of the snapshot.")
@SOURCE
@MAX_AGE
@OUTPUT
@reading
@JSON
def line(paths, on_date, source, max_age, output, no_clip, keep_suspect, as_json, strict) -> None:
    """The front line on a date: where occupied land meets land Ukraine holds, in km."""
    import geopandas as gpd
    import shapely

    from ..frontline.area import to_equal_area
    from ..frontline.line import OUTLINE_TOLERANCE_M, front_line

    control = load_series(paths, source, strict, clip=not no_clip, keep_suspect=keep_suspect)
    day = _run(control.snapshot_date, on_date, max_age)
    geometry = front_line(control.geometry_on(day), control.geometry_on(day, "ukrainian"))
    length = float(shapely.length(to_equal_area([geometry])[0]) / 1000)
    frame = gpd.GeoDataFrame({"source": [control.sources[0]], "date": [day], "length_km": [round(length, 1)]},
                             geometry=[geometry], crs="EPSG:4326")
    note = (f"length in the equal-area projection; stretches within {OUTLINE_TOLERANCE_M / 1000:g} km "
            "of Ukraine's coast and border left out")
    if as_json:
        echo_json({"source": control.sources[0], "date": f"{day:%Y-%m-%d}", "length_km": round(length, 1),
                   "note": note}, indent=None)
    else:
        click.echo(f"{control.sources[0]} front line on {day:%Y-%m-%d}: {length:,.1f} km")
        click.echo(note, err=True)
    _write(frame, output, "front_line")


@frontline.command()
@PATHS
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              callback=suffix_check((".png", ".svg")), help="The chart: .png or .svg.")
@STATUS
@METHOD
@click.option("--title", help="Title above the chart.")
@reading
def chart(paths, output, status, method, title, no_clip, keep_suspect, strict) -> None:
    """Chart of the area held and the monthly gains and losses, one line per source (PNG or SVG).

    Example: frontmap frontline chart DS_DIR ISW_DIR -o maps/occupied.png
    """
    from ..frontline.chart import area_chart

    control = load_series(paths, strict=strict, clip=not no_clip, keep_suspect=keep_suspect)
    _run(area_chart, control, output, status, method, title)
    click.echo(f"wrote {output}", err=True)


@frontline.command()
@PATHS
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              callback=suffix_check((".gif", ".mp4")), help="The animation: .gif, or .mp4 (needs ffmpeg).")
@SOURCE
@click.option("--from", "start", type=ISO_DATE, help="First date (default: the first snapshot).")
@click.option("--to", "end", type=ISO_DATE, help="Last date (default: the last snapshot).")
@click.option("--every", default=1, show_default=True, type=click.IntRange(1, 365), help="Use every Nth snapshot.")
@click.option("--fps", default=4, show_default=True, type=click.IntRange(1, 60), help="Frames per second.")
@reading
def animate(paths, output, source, start, end, every, fps, no_clip, keep_suspect, strict) -> None:
    """Animation of one source's control over a date range, with a date stamp, legend and credits.

    Example: frontmap frontline animate DS_DIR --from 2024-08-01 --to 2024-12-31 --every 3 -o front.gif
    """
    check_order(start, end, "--from", "--to")
    from ..frontline.chart import animate as write_animation

    control = load_series(paths, source, strict, clip=not no_clip, keep_suspect=keep_suspect)
    _run(write_animation, control, output, start, end, every, fps)
    click.echo(f"wrote {output}", err=True)
