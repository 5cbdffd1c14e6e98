"""A time series of control snapshots from one or more sources, and what it measures.

>>> from frontmap.frontline import ControlSeries
>>> series = ControlSeries.read("tests/fixtures/frontline/deepstate-simplified")
>>> series
<ControlSeries deepstate-simplified: 3 dates, 2024-11-01 .. 2024-12-01>
>>> series.area_series()["net_km2"].tolist()
[nan, 225.43, 286.66]
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .area import AREA_METHODS, AreaMethod, area_km2
from .changes import EMPTY, edges_of, gained_and_lost, prepare_polygon
from .read import COLUMNS, files_in, read_rows
from .snapshot import SOURCES, ReadReport

#: Series of more files or snapshots than this show progress bars (on stderr) when asked to.
PROGRESS_FROM = 50


class NotCovered(LookupError):
    """The series has no snapshot for the date asked (it starts later)."""


def _day(value: str | date | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def _progress(enabled: bool, description: str, total: int):
    if not enabled:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(transient=True, console=Console(stderr=True))
    bar.add_task(description, total=total)
    return bar


class ControlSeries:
    """Snapshots as a GeoDataFrame (``source, date, status, file, geometry``), sorted by date."""

    def __init__(self, frame: gpd.GeoDataFrame, report: ReadReport | None = None):
        self.frame = frame[COLUMNS].sort_values(["source", "date", "status"], ignore_index=True)
        self.report = report or ReadReport()

    @classmethod
    def read(cls, *paths: str | Path, strict: bool = False, progress: bool = False) -> ControlSeries:
        """Read files and directories; unreadable files are rejected into ``report`` (or raised)."""
        files = [file for path in paths for file in files_in(path)]
        report = ReadReport()
        with _progress(progress and len(files) > PROGRESS_FROM, "Reading front-line files", len(files)) as bar:
            rows = []
            for index in range(0, len(files), 25):
                rows += read_rows(files[index:index + 25], report, strict)
                if bar:
                    bar.advance(bar.task_ids[0], len(files[index:index + 25]))
        if not rows:
            why = "".join(f"; {error}" for error in report.rejected[:3])
            raise FileNotFoundError(f"no readable front-line file in {', '.join(map(str, paths))}{why}")
        return cls(gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326"), report)

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        days = self.dates
        span = f"{days[0]:%Y-%m-%d} .. {days[-1]:%Y-%m-%d}" if len(days) else "empty"
        return f"<ControlSeries {', '.join(self.sources)}: {len(days)} dates, {span}>"

    @property
    def sources(self) -> list[str]:
        return sorted(self.frame["source"].unique())

    @property
    def attribution(self) -> list[str]:
        return [SOURCES[s].attribution if s in SOURCES else s for s in self.sources]

    @property
    def dates(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.frame["date"].unique()).sort_values()

    def only(self, source: str) -> ControlSeries:
        """The snapshots of one source."""
        if source not in self.sources:
            raise KeyError(f"no source {source!r} in this series; it has {', '.join(self.sources)}")
        return ControlSeries(self.frame[self.frame["source"] == source], self.report)

    def _one_source(self) -> None:
        if len(self.sources) > 1:
            raise ValueError(f"this series mixes sources ({', '.join(self.sources)}); "
                             "pick one with .only(source) or --source")

    def snapshot_date(self, on: str | date) -> pd.Timestamp:
        """The date of the latest snapshot not after ``on``."""
        self._one_source()
        dates, day = self.dates, _day(on)
        position = dates.searchsorted(day, side="right") - 1
        if position < 0:
            raise NotCovered(f"{', '.join(self.sources)} has no snapshot on or before "
                             f"{day:%Y-%m-%d} (its first is {dates[0]:%Y-%m-%d})")
        return dates[position]

    def control_on(self, on: str | date) -> gpd.GeoDataFrame:
        """Every status of the latest snapshot not after ``on`` (column ``date`` says which)."""
        return self.frame[self.frame["date"] == self.snapshot_date(on)].reset_index(drop=True)

    def geometry_on(self, on: str | date, status: str = "occupied"):
        """The ``status`` polygon of the snapshot in force on ``on`` (empty if none drawn)."""
        rows = self.control_on(on)
        rows = rows[rows["status"] == status]
        return rows.geometry.iloc[0] if len(rows) else EMPTY

    def diff(self, start: str | date, end: str | date, status: str = "occupied",
             method: AreaMethod = "equal-area") -> gpd.GeoDataFrame:
        """Land that entered (``gained``) and left (``lost``) ``status`` between two dates."""
        before, after = self.snapshot_date(start), self.snapshot_date(end)
        gained, lost = gained_and_lost(self.geometry_on(before, status), self.geometry_on(after, status))
        frame = gpd.GeoDataFrame({
            "source": self.sources[0], "status": status, "change": ["gained", "lost"],
            "from_date": before, "to_date": after,
        }, geometry=[gained, lost], crs="EPSG:4326")
        frame["area_km2"] = area_km2(frame.geometry.values, method).round(2)
        frame.attrs["area_method"] = AREA_METHODS[method]
        return frame

    def status_geometries(self, status: str = "occupied") -> pd.Series:
        """The ``status`` polygon of every snapshot, indexed by date (empty where not drawn)."""
        self._one_source()
        rows = self.frame[self.frame["status"] == status].set_index("date").geometry
        return rows.reindex(self.dates).fillna(EMPTY)

    def steps(self, status: str = "occupied", progress: bool = False) -> gpd.GeoDataFrame:
        """Per-step changes: for each snapshot after the first, its gained and lost polygons."""
        self._one_source()
        geometries = self.status_geometries(status)
        rows = []
        with _progress(progress and len(geometries) > PROGRESS_FROM, f"Comparing {status} snapshots",
                       len(geometries)) as bar:
            previous = prepare_polygon(geometries.iloc[0])
            previous_edges = edges_of(previous)
            for day, geometry in geometries.iloc[1:].items():
                current = prepare_polygon(geometry)
                current_edges = edges_of(current)
                gained, lost = gained_and_lost(previous, current, previous_edges, current_edges)
                rows.append((day, gained, lost))
                previous, previous_edges = current, current_edges
                if bar:
                    bar.advance(bar.task_ids[0])
        days, gained, lost = zip(*rows) if rows else ((), (), ())
        return gpd.GeoDataFrame({"date": pd.DatetimeIndex(days), "gained": gpd.GeoSeries(gained),
                                 "lost": gpd.GeoSeries(lost)}, geometry="gained", crs="EPSG:4326")

    def area_series(self, status: str = "occupied", method: AreaMethod = "equal-area",
                    progress: bool = False) -> pd.DataFrame:
        """Daily km² of ``status``, and what each step gained and lost, with the net change."""
        steps = self.steps(status, progress)
        table = pd.DataFrame({"date": self.dates})
        table[f"{status}_km2"] = area_km2(self.status_geometries(status).values, method)
        table["gained_km2"] = np.r_[np.nan, area_km2(steps["gained"].values, method)]
        table["lost_km2"] = np.r_[np.nan, area_km2(steps["lost"].values, method)]
        table["net_km2"] = table["gained_km2"] - table["lost_km2"]
        table.insert(0, "source", self.sources[0])
        table.attrs["area_method"] = AREA_METHODS[method]
        return table.round({column: 2 for column in table.columns if column.endswith("_km2")})

    def by_source(self) -> Iterator[tuple[str, ControlSeries]]:
        for source in self.sources:
            yield source, self.only(source)
