"""Charts of front-line series: area held over time and monthly gains and losses, one line per source.

Charts are drawn with matplotlib (imported only here) and written as PNG or SVG by the file's
suffix. The caption names the sources, their credits and how km² were computed.

Monthly bars are :meth:`ControlSeries.monthly`: each month measured by the period rule shared
with ``diff`` and claim checks (:data:`~frontmap.frontline.series.PERIOD_RULE`), as the caption says.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd

from .area import AREA_METHODS, AreaMethod
from .series import ControlSeries

FORMATS = (".png", ".svg")
#: The caption's short form of :data:`PERIOD_RULE` for monthly bars.
MONTHLY_NOTE = ("Monthly bars: from the snapshot in force on the month's first day to the one in force on the "
                "next month's first day (the rule of `frontline diff --month`).")
DPI = 150


def _check_format(path: Path, formats: tuple[str, ...] = FORMATS) -> None:
    if path.suffix.lower() not in formats:
        raise ValueError(f"{path}: write {' or '.join(formats)} (the suffix chooses the format)")


def caption(series: ControlSeries, status: str, method: AreaMethod, extra: str = "") -> str:
    """Sources, their credits and the area method, wrapped for a figure."""
    lines = [f"{status.replace('_', ' ').capitalize()} land, {AREA_METHODS[method]}.",
             *(f"{credit}." for credit in series.attribution)]
    if series.report.clipped:
        lines.append(series.report.clipped[0].upper() + series.report.clipped[1:] + ".")
    if extra:
        lines.append(extra)
    return "\n".join(textwrap.fill(line, 150) for line in lines)


def area_chart(series: ControlSeries, path: str | Path, status: str = "occupied",
               method: AreaMethod = "equal-area", title: str | None = None) -> Path:
    """Area held (top) and monthly gains and losses (bottom) of every source, as PNG or SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    _check_format(path)
    figure, (held, changes) = plt.subplots(2, 1, figsize=(11, 7.5), sharex=True, height_ratios=(3, 2))
    width = pd.Timedelta(days=25) / max(len(series.sources), 1)
    for index, (source, one) in enumerate(series.by_source()):
        table = one.area_series(status, method)
        line, = held.plot(table["date"], table[f"{status}_km2"], label=source, linewidth=1.6)
        months = one.monthly(status, method)
        at = pd.to_datetime(months["month"]) + pd.Timedelta(days=3) + index * width
        changes.bar(at, months["gained_km2"], width=width, color=line.get_color(), align="edge")
        changes.bar(at, -months["lost_km2"], width=width, color=line.get_color(), alpha=0.45, align="edge")
    held.set_ylabel(f"{status.replace('_', ' ')} km²")
    held.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    held.legend(title="source", frameon=False)
    held.set_title(title or f"{status.replace('_', ' ').capitalize()} land by source")
    changes.axhline(0, color="0.3", linewidth=0.8)
    changes.set_ylabel("km² per month\ngained (solid) / lost (pale)")
    for axes in (held, changes):
        axes.grid(alpha=0.3)
        axes.spines[["top", "right"]].set_visible(False)
    figure.text(0.01, 0.005, caption(series, status, method, MONTHLY_NOTE), fontsize=7, va="bottom", color="0.25")
    figure.tight_layout(rect=(0, 0.13, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=DPI, metadata={"Software": None} if path.suffix == ".png" else {"Date": None})
    plt.close(figure)
    return path


ANIMATION_FORMATS = (".gif", ".mp4")


def animate(series: ControlSeries, path: str | Path, start: str | None = None, end: str | None = None,
            every: int = 1, fps: int = 4, statuses: tuple[str, ...] = ("occupied", "contested")) -> Path:
    """A GIF (Pillow) or MP4 (ffmpeg) of one source's control from ``start`` to ``end``.

    Every ``every``-th snapshot is a frame, with the date stamped, a legend and the credits.
    """
    import matplotlib

    matplotlib.use("Agg")
    import geopandas as gpd
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.animation import FFMpegWriter, FuncAnimation, PillowWriter
    from matplotlib.patches import Patch

    from .borders import admin1

    path = Path(path)
    _check_format(path, ANIMATION_FORMATS)
    if path.suffix.lower() == ".mp4" and not FFMpegWriter.isAvailable():
        raise ValueError(f"{path}: MP4 needs ffmpeg on the PATH (apt install ffmpeg); write a .gif instead")
    series._one_source()
    dates = series.dates[(series.dates >= pd.Timestamp(start or series.dates[0])) &
                         (series.dates <= pd.Timestamp(end or series.dates[-1]))][::every]
    if not len(dates):
        raise ValueError(f"no snapshot of {series.sources[0]} between {start} and {end}")
    colours = {"occupied": "#c0392b", "contested": "#7f8c8d", "ukrainian": "#2e86c1", "russian_advance": "#e67e22"}
    outlines = admin1()
    figure, axes = plt.subplots(figsize=(8, 6.4))
    stamp = figure.text(0.02, 0.95, "", fontsize=15, weight="bold")
    figure.text(0.01, 0.01, caption(series, statuses[0], "equal-area").split("\n", 1)[1], fontsize=6,
                color="0.3", va="bottom")

    def draw(day):
        axes.clear()
        outlines.boundary.plot(ax=axes, color="0.55", linewidth=0.4)
        for status in statuses:
            shape = series.geometry_on(day, status)
            if not shape.is_empty:
                gpd.GeoSeries([shape]).plot(ax=axes, color=colours.get(status, "0.5"), alpha=0.55, linewidth=0)
        axes.set_xlim(29.5, 40.5)
        axes.set_ylim(44.2, 52.6)
        axes.set_aspect(1 / np.cos(np.radians(48.5)))
        axes.set_axis_off()
        axes.legend(handles=[Patch(color=colours.get(s, "0.5"), alpha=0.55, label=s.replace("_", " "))
                             for s in statuses], loc="lower right", frameon=False)
        stamp.set_text(f"{series.sources[0]} · {day:%d %B %Y}")

    animation = FuncAnimation(figure, draw, frames=list(dates), interval=1000 / fps)
    writer = PillowWriter(fps=fps) if path.suffix.lower() == ".gif" else FFMpegWriter(fps=fps)
    path.parent.mkdir(parents=True, exist_ok=True)
    animation.save(path, writer=writer, dpi=90)
    plt.close(figure)
    return path
