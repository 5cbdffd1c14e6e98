"""A time series of control snapshots from one or more sources, and what it measures.

>>> from frontmap.frontline import ControlSeries
>>> series = ControlSeries.read("tests/fixtures/frontline/deepstate-simplified")
>>> series
<ControlSeries deepstate-simplified: 3 dates, 2024-11-01 .. 2024-12-01>
>>> series.area_series()["net_km2"].tolist()
[nan, 225.43, 286.66]
"""
from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .area import AREA_METHODS, AreaMethod, area_km2
from .borders import CLIP_METHOD, clip_statuses
from .changes import EMPTY, changes, edges_of, prepare_polygon
from .read import COLUMNS, files_in, read_rows
from .snapshot import SOURCES, STATUSES, Duplicate, ReadReport, Suspect

#: Series of more files or snapshots than this show progress bars (on stderr) when asked to.
PROGRESS_FROM = 50

#: A snapshot is suspect when its occupied area moves by at least SUSPECT_MIN_KM2 and
#: SUSPECT_MIN_SHARE of the previous snapshot's area, and then either matches an older snapshot
#: (a stale copy republished) or is undone by the next one (a spike): "matches" means the two
#: differ by less than SUSPECT_MATCH_SHARE of the step's own change.
SUSPECT_MIN_KM2 = 1_000.0
SUSPECT_MIN_SHARE = 0.01
SUSPECT_MATCH_SHARE = 0.10
SUSPECT_RULE = (f"a change of the occupied area of at least {SUSPECT_MIN_KM2:,.0f} km² and "
                f"{SUSPECT_MIN_SHARE:.0%} that returns to an older snapshot or is undone by the next "
                f"(within {SUSPECT_MATCH_SHARE:.0%} of the change)")


#: The one rule that maps a period of days (a month, a claim's event interval, ``diff --from/--to``)
#: to the two snapshots compared: :meth:`ControlSeries.period`.
PERIOD_RULE = ("a period of days runs from the snapshot in force on its first day to the snapshot in force on "
               "the day after its last day (in force on a day: the latest snapshot dated on or before it), so "
               "December 2024 runs from the snapshot in force on 2024-12-01 to the one in force on 2025-01-01 "
               "and consecutive periods share their end snapshots")


def month_days(month: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day of a month given as ``YYYY-MM``.

    >>> [f"{day:%Y-%m-%d}" for day in month_days("2024-12")]
    ['2024-12-01', '2024-12-31']
    """
    try:
        first = pd.Timestamp(pd.Period(month, freq="M").start_time)
    except ValueError:
        raise ValueError(f"{month!r} is not a month; write YYYY-MM, e.g. 2024-12") from None
    return first, first + pd.offsets.MonthEnd(0)


class NotCovered(LookupError):
    """The series has no snapshot for the date asked (it starts later, or its latest is too old)."""


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

    def __init__(self, frame: gpd.GeoDataFrame, report: ReadReport | None = None, areas: dict | None = None):
        self.frame = frame[COLUMNS].sort_values(["source", "date", "status"], ignore_index=True)
        self.report = report or ReadReport()
        #: km² of each geometry measured so far, per method: {method: (the geometries, {id: km²})}. The geometries
        #: are kept so their ids stay theirs; a series made from this one (a source, suspects left out) shares it.
        self._areas = {} if areas is None else areas

    @classmethod
    def read(cls, *paths: str | Path, strict: bool = False, progress: bool = False, clip: bool = True,
             keep_suspect: bool = False, statuses: Collection[str] | None = None) -> ControlSeries:
        """Read files and directories into one series, robust to dirty sources.

        Unreadable files are rejected into ``report`` (or raised with ``strict``). Files that
        repeat a source's data date are kept once (``report.duplicates``). Each status is
        clipped to where it means something (``clip``; see :mod:`.borders`). Suspect snapshots
        (:data:`SUSPECT_RULE`) are flagged in ``report.suspects`` and left out unless
        ``keep_suspect``. ``statuses`` reads only those statuses (all by default): a series
        that measures only the occupied area need not parse, repair or dissolve the others.
        """
        unknown = sorted(set(statuses or ()) - set(STATUSES))
        if unknown or (statuses is not None and "occupied" not in statuses):
            raise ValueError(f"statuses {unknown or sorted(statuses)} must be among {', '.join(STATUSES)} and include "
                             "occupied (suspect snapshots are found by it)")
        files = [file for path in paths for file in files_in(path)]
        report = ReadReport()
        with _progress(progress and len(files) > PROGRESS_FROM, "Reading front-line files", len(files)) as bar:
            rows = []
            for index in range(0, len(files), 25):
                rows += read_rows(files[index:index + 25], report, strict, statuses)
                if bar:
                    bar.advance(bar.task_ids[0], len(files[index:index + 25]))
        if not rows:
            why = "".join(f"; {error}" for error in report.rejected[:3])
            raise FileNotFoundError(f"no readable front-line file in {', '.join(map(str, paths))}{why}")
        frame = _deduplicated(gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326"), report)
        if clip:
            frame["geometry"] = clip_statuses(frame["status"].to_numpy(), frame.geometry.values)
            report.clipped = CLIP_METHOD
        series = cls(frame, report)
        report.suspects = [suspect for _, one in series.by_source() for suspect in one.suspects()]
        if keep_suspect or not report.suspects:
            for suspect in report.suspects:
                suspect.kept = True
            return series
        dropped = {(suspect.source, pd.Timestamp(suspect.date)) for suspect in report.suspects}
        keep = [(source, day) not in dropped for source, day in zip(series.frame["source"], series.frame["date"])]
        return cls(series.frame[keep], report, series._areas)

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
        return ControlSeries(self.frame[self.frame["source"] == source], self.report, self._areas)

    def _one_source(self) -> None:
        if len(self.sources) > 1:
            raise ValueError(f"this series mixes sources ({', '.join(self.sources)}); "
                             "pick one with .only(source) or --source")

    def snapshot_date(self, on: str | date, max_age: int | None = None) -> pd.Timestamp:
        """The date of the latest snapshot not after ``on``, at most ``max_age`` days older."""
        self._one_source()
        dates, day = self.dates, _day(on)
        position = dates.searchsorted(day, side="right") - 1
        if position < 0:
            raise NotCovered(f"{', '.join(self.sources)} has no snapshot on or before "
                             f"{day:%Y-%m-%d} (its first is {dates[0]:%Y-%m-%d})")
        if max_age is not None and (day - dates[position]).days > max_age:
            raise NotCovered(f"{', '.join(self.sources)}'s latest snapshot on or before {day:%Y-%m-%d} is of "
                             f"{dates[position]:%Y-%m-%d}, {(day - dates[position]).days} days older than "
                             f"asked (--max-age {max_age}); give a larger --max-age to use it")
        return dates[position]

    def control_on(self, on: str | date) -> gpd.GeoDataFrame:
        """Every status of the latest snapshot not after ``on`` (column ``date`` says which)."""
        return self.frame[self.frame["date"] == self.snapshot_date(on)].reset_index(drop=True)

    def geometry_on(self, on: str | date, status: str = "occupied"):
        """The ``status`` polygon of the snapshot in force on ``on`` (empty if none drawn)."""
        rows = self.control_on(on)
        rows = rows[rows["status"] == status]
        return rows.geometry.iloc[0] if len(rows) else EMPTY

    def period(self, first: str | date, last: str | date,
               max_age: int | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The snapshots a period of days (``first`` to ``last``, both included) is measured
        between, by :data:`PERIOD_RULE`; each at most ``max_age`` days older than its day.

        >>> from frontmap.frontline import ControlSeries
        >>> series = ControlSeries.read("tests/fixtures/frontline/deepstate-simplified")
        >>> [f"{day:%Y-%m-%d}" for day in series.period(*month_days("2024-11"))]
        ['2024-11-01', '2024-12-01']
        """
        if _day(last) < _day(first):
            raise ValueError(f"the period's first day {_day(first):%Y-%m-%d} is after its last day "
                             f"{_day(last):%Y-%m-%d}; swap them")
        return self.snapshot_date(first, max_age), self.snapshot_date(_day(last) + pd.Timedelta(days=1), max_age)

    def diff(self, first: str | date, last: str | date, status: str = "occupied",
             method: AreaMethod = "equal-area", max_age: int | None = None) -> gpd.GeoDataFrame:
        """Land that entered (``gained``) and left (``lost``) ``status`` over the days ``first``
        to ``last`` (both included), between the snapshots :meth:`period` picks."""
        return self.change(*self.period(first, last, max_age), status, method)

    def change(self, before: pd.Timestamp, after: pd.Timestamp, status: str = "occupied",
               method: AreaMethod = "equal-area") -> gpd.GeoDataFrame:
        """Land gained and lost between two snapshots of the series, given by their dates."""
        change = changes(self.geometry_on(before, status), self.geometry_on(after, status))
        frame = gpd.GeoDataFrame({
            "source": self.sources[0], "status": status, "change": ["gained", "lost"],
            "from_date": before, "to_date": after, "method": change.method,
        }, geometry=[change.gained, change.lost], crs="EPSG:4326")
        frame["area_km2"] = area_km2(frame.geometry.values, method).round(2)
        frame.attrs.update(area_method=AREA_METHODS[method], clipping=self.report.clipped or "not clipped",
                           period=PERIOD_RULE)
        return frame

    def monthly(self, status: str = "occupied", method: AreaMethod = "equal-area", max_age: int = 3) -> pd.DataFrame:
        """km² gained and lost in each calendar month, measured like :meth:`diff` of the month
        (:data:`PERIOD_RULE`). Months the series does not cover are left out and named in
        ``attrs["left_out"]``: those that begin before its first snapshot, or end more than
        ``max_age`` days after its last.

        >>> from frontmap.frontline import ControlSeries
        >>> series = ControlSeries.read("tests/fixtures/frontline/deepstate-simplified")
        >>> series.monthly()[["month", "from_date", "to_date", "net_km2"]].astype(str).values.tolist()
        [['2024-11', '2024-11-01', '2024-12-01', '512.09']]
        """
        self._one_source()
        rows, left_out = [], []
        for month in pd.period_range(self.dates[0], self.dates[-1], freq="M").astype(str):
            first, last = month_days(month)
            if first < self.dates[0] or (last + pd.Timedelta(days=1) - self.dates[-1]).days > max_age:
                left_out.append(month)
                continue
            before, after = self.period(first, last)
            gained, lost = self.change(before, after, status, method)["area_km2"]
            rows.append((month, before, after, gained, lost))
        table = pd.DataFrame(rows, columns=["month", "from_date", "to_date", "gained_km2", "lost_km2"])
        table["net_km2"] = (table["gained_km2"] - table["lost_km2"]).round(2)
        table.insert(0, "source", self.sources[0])
        table.attrs.update(area_method=AREA_METHODS[method], clipping=self.report.clipped or "not clipped",
                           period=PERIOD_RULE)
        if left_out:
            table.attrs["left_out"] = (f"{', '.join(left_out)}: months that begin before the first snapshot "
                                       f"({self.dates[0]:%Y-%m-%d}) or end more than {max_age} days after the last "
                                       f"({self.dates[-1]:%Y-%m-%d})")
        return table

    def status_geometries(self, status: str = "occupied") -> pd.Series:
        """The ``status`` polygon of every snapshot, indexed by date (empty where not drawn)."""
        self._one_source()
        rows = self.frame[self.frame["status"] == status].set_index("date").geometry
        return rows.reindex(self.dates).fillna(EMPTY)

    def status_areas(self, status: str = "occupied", method: AreaMethod = "equal-area",
                     geometries: pd.Series | None = None) -> np.ndarray:
        """km² of :meth:`status_geometries` (or of ``geometries``, if the caller has them already),
        each geometry measured once per series (suspect detection and :meth:`area_series` both need them)."""
        geometries = (self.status_geometries(status) if geometries is None else geometries).to_numpy()
        kept, known = self._areas.setdefault(method, ([], {}))
        missing = list({id(g): g for g in geometries if id(g) not in known}.values())
        if missing:
            kept += missing
            known.update(zip(map(id, missing), area_km2(missing, method).tolist()))
        return np.array([known[id(g)] for g in geometries], dtype=float)

    def steps(self, status: str = "occupied", progress: bool = False) -> gpd.GeoDataFrame:
        """Per-step changes: for each snapshot after the first, its gained and lost polygons.

        ``method`` says how each was computed: ``edges``, or ``overlay`` where the edge-based
        noding failed on a dirty polygon and ``shapely.difference`` was used instead.
        """
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
                rows.append((day, *changes(previous, current, previous_edges, current_edges)))
                previous, previous_edges = current, current_edges
                if bar:
                    bar.advance(bar.task_ids[0])
        days, gained, lost, methods = zip(*rows) if rows else ((), (), (), ())
        return gpd.GeoDataFrame({"date": pd.DatetimeIndex(days), "gained": gpd.GeoSeries(gained),
                                 "lost": gpd.GeoSeries(lost), "method": list(methods)},
                                geometry="gained", crs="EPSG:4326")

    def area_series(self, status: str = "occupied", method: AreaMethod = "equal-area",
                    progress: bool = False) -> pd.DataFrame:
        """Daily km² of ``status``, and what each step gained and lost, with the net change."""
        steps = self.steps(status, progress)
        table = pd.DataFrame({"date": self.dates})
        table[f"{status}_km2"] = self.status_areas(status, method)
        table["gained_km2"] = np.r_[np.nan, area_km2(steps["gained"].values, method)]
        table["lost_km2"] = np.r_[np.nan, area_km2(steps["lost"].values, method)]
        table["net_km2"] = table["gained_km2"] - table["lost_km2"]
        table["method"] = [""] + list(steps["method"])
        table.insert(0, "source", self.sources[0])
        table.attrs.update(area_method=AREA_METHODS[method], clipping=self.report.clipped or "not clipped")
        return table.round({column: 2 for column in table.columns if column.endswith("_km2")})

    def by_source(self) -> Iterator[tuple[str, ControlSeries]]:
        for source in self.sources:
            yield source, self.only(source)

    def suspects(self, status: str = "occupied") -> list[Suspect]:
        """Snapshots of one source whose change is implausible by :data:`SUSPECT_RULE`."""
        geometries = self.status_geometries(status)
        if len(geometries) < 3:
            return []
        shapes = geometries.to_numpy()
        areas = self.status_areas(status, geometries=geometries)
        net = np.r_[0.0, np.diff(areas)]
        large = (np.abs(net) >= SUSPECT_MIN_KM2) & (np.abs(net) >= SUSPECT_MIN_SHARE * np.r_[np.inf, areas[:-1]])
        files = self.frame[self.frame["status"] == status].set_index("date")["file"]
        found, flagged = [], set()
        for i in np.flatnonzero(large):
            if i - 1 in flagged:   # the return from a flagged snapshot is not a change of its own
                continue
            step = area_km2([shapely.symmetric_difference(shapes[i], shapes[i - 1])])[0]
            reason = _returns_to_older(geometries, areas, i, step) or _undone_by_next(shapes, i, step)
            if reason:
                flagged.add(i)
                found.append(Suspect(self.sources[0], f"{geometries.index[i]:%Y-%m-%d}", files.iloc[i],
                                     round(float(net[i]), 2), f"{net[i]:+,.0f} km² {status}, {reason}"))
        return found


def _returns_to_older(geometries: pd.Series, areas: np.ndarray, i: int, step: float) -> str:
    """Which older snapshot (before the previous one) snapshot ``i`` repeats, if any."""
    tolerance = SUSPECT_MATCH_SHARE * step
    older = np.flatnonzero(np.abs(areas[:max(i - 1, 0)] - areas[i]) < tolerance)
    if not len(older):
        return ""
    apart = area_km2(shapely.symmetric_difference(geometries.to_numpy()[older], geometries.iloc[i]))
    if apart.min() >= tolerance:
        return ""
    match = older[apart.argmin()]
    return f"a copy of the {geometries.index[match]:%Y-%m-%d} snapshot (differs by {apart.min():,.0f} km²)"


def _undone_by_next(shapes: np.ndarray, i: int, step: float) -> str:
    if i + 1 >= len(shapes):
        return ""
    back = area_km2([shapely.symmetric_difference(shapes[i + 1], shapes[i - 1])])[0]
    return "undone by the next snapshot" if back < SUSPECT_MATCH_SHARE * step else ""


def _deduplicated(frame: gpd.GeoDataFrame, report: ReadReport) -> gpd.GeoDataFrame:
    """Keep one file per source and data date (the first by name); report the others."""
    files = frame[["source", "date", "file"]].drop_duplicates().sort_values(["source", "date", "file"])
    repeated = files.duplicated(["source", "date"])
    if not repeated.any():
        return frame
    first = files[~repeated].set_index(["source", "date"])["file"]

    def polygons(file: str) -> list[bytes]:
        return shapely.to_wkb(frame.geometry[frame["file"] == file].values).tolist()

    for source, day, file in files[repeated].itertuples(index=False):
        kept = first[(source, day)]
        report.duplicates.append(Duplicate(source, f"{day:%Y-%m-%d}", kept, file, polygons(kept) == polygons(file)))
    dropped = set(files[repeated]["file"])
    return frame[~frame["file"].isin(dropped)]
