"""UCDP Georeferenced Event Dataset (GED) CSV exports.

Real exports come in cp1252 and some have been through a spreadsheet: dates appear
as ``1/22/2014 12:00:00 AM`` or, where the day was 12 or less and a day-first
locale re-wrote them, as ``05/02/2014 00:00``. Both are read month first (checked on
the shared Ukraine export: month-first agrees with the ISO source dates of 96 % of
the re-written rows that carry one, day-first with 20 %). Rows whose dates do not
parse, disagree with their ``year`` column or run backwards, re-written dates that
their own ISO source date contradicts (source more than a year later, or over a week before the
event), dates outside 1989 .. tomorrow, impossible coordinates, codes the codebook does not
define and death counts that are not whole numbers are rejected with their line number; the
rest are kept. Exports are read as UTF-8 (a byte-order mark is dropped) and, if they are not
UTF-8, as cp1252, as UCDP writes them.

Mapping (UCDP codebook): ``type_of_violence`` 1 state-based and 2 non-state → clash,
3 one-sided → strike; ``where_prec`` → uncertainty radius; ``date_prec`` → precision;
``best`` → a magnitude in deaths. The claimant is UCDP (independent).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..model import Claim, Claimant, ClaimError, ClaimGeometry, Magnitude, Side, TimeSpan, Verification
from ..validate import EARLIEST, latest, text
from .report import ImportReport, read_export, reason, side_of_actor

__all__ = ["read_ucdp"]

REQUIRED = ["id", "year", "type_of_violence", "side_a", "side_b", "dyad_name", "date_start", "date_end",
            "date_prec", "where_prec", "latitude", "longitude", "best", "where_description", "number_of_sources"]
OPTIONAL = ["source_date", "source_headline"]
#: where_prec 1 exact place ... 7 international waters, as an uncertainty radius in km.
WHERE_PREC_KM = {"1": 1.0, "2": 25.0, "3": 50.0, "4": 150.0, "5": 150.0, "6": 500.0, "7": 500.0}
DATE_PREC = {"1": "day", "2": "range", "3": "week", "4": "month", "5": "range"}
KIND = {"1": "clash", "2": "clash", "3": "strike"}
UCDP = Claimant("UCDP Georeferenced Event Dataset", Side.INDEPENDENT)


def _dates(values: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(values, format="%m/%d/%Y %I:%M:%S %p", errors="coerce")
    rewritten = pd.to_datetime(values, format="%m/%d/%Y %H:%M", errors="coerce")
    iso = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    return parsed.fillna(rewritten).fillna(iso)


def read_ucdp(path: str | Path, encoding: str | None = None) -> ImportReport:
    """Claims of a UCDP GED CSV file, with the rows rejected and why (UTF-8 or cp1252 unless ``encoding``)."""
    path = Path(path)
    frame, lines, rejected = read_export(path, REQUIRED + OPTIONAL, (encoding,) if encoding else ("utf-8", "cp1252"),
                                         "a UCDP GED export", required=len(REQUIRED))
    report = ImportReport(path, rejected=rejected)
    start, end = _dates(frame["date_start"]), _dates(frame["date_end"])
    rewritten = frame["date_start"].str.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d")
    # Days from the event to its closest source date (placeholders such as 1753-01-01 ignored).
    source_dates = pd.to_datetime(frame.get("source_date", pd.Series("", index=frame.index))
                                  .str.findall(r"\d{4}-\d\d-\d\d").explode(), errors="coerce")
    source_dates = source_dates[source_dates.dt.year >= 1900]
    lags = (source_dates - start.reindex(source_dates.index)).dt.days
    closest_first = np.argsort(lags.abs().to_numpy(), kind="stable")
    lag = lags.iloc[closest_first].groupby(level=0).first().reindex(frame.index)
    lat = pd.to_numeric(frame["latitude"], errors="coerce")
    lon = pd.to_numeric(frame["longitude"], errors="coerce")
    best = pd.to_numeric(frame["best"], errors="coerce")
    problems = pd.Series("", index=frame.index, dtype=object)
    too_late = pd.Timestamp(latest())
    checks = [
        (~frame["type_of_violence"].isin(list(KIND)), "type_of_violence {type_of_violence!r} is not 1, 2 or 3"),
        (~frame["where_prec"].isin(list(WHERE_PREC_KM)), "where_prec {where_prec!r} is not 1 .. 7"),
        (~frame["date_prec"].isin(list(DATE_PREC)), "date_prec {date_prec!r} is not 1 .. 5"),
        (~(best.between(0, 1e7) & (best % 1 == 0)), "best {best!r} is not a whole number of deaths"),
        (start.isna(), "date_start {date_start!r} is not a date"),
        (end.isna(), "date_end {date_end!r} is not a date"),
        (start.dt.year != pd.to_numeric(frame["year"], errors="coerce"),
         "date_start {date_start!r} is not in year {year}"),
        (end < start, "date_end {date_end!r} is before date_start {date_start!r}"),
        ((start < pd.Timestamp(EARLIEST)) | (end > too_late),
         f"date_start {{date_start!r}} or date_end {{date_end!r}} is outside {EARLIEST} .. {latest()}"),
        (rewritten & lag.notna() & ~lag.between(-7, 365),
         ("date_start {date_start!r} was re-written by a spreadsheet and its month-first reading "
          "contradicts source_date {source_date!r}; check the date by hand")),
        (~(lat.between(-90, 90) & lon.between(-180, 180)), "latitude/longitude {latitude!r}, {longitude!r} impossible"),
    ]
    for failed, template in checks:
        for row in np.flatnonzero(failed.fillna(True).to_numpy() & (problems == "").to_numpy()):
            problems.iat[row] = template.format(**{k: _short(v) for k, v in frame.iloc[row].to_dict().items()})
    for row in range(len(frame)):
        line = lines[row]
        if problems.iat[row]:
            report.rejected.append((line, problems.iat[row]))
            continue
        record = frame.iloc[row]
        kind = KIND[record["type_of_violence"]]
        try:
            for column in ("dyad_name", "where_description", "source_headline", "side_a"):
                text(record.get(column, ""), column, 10_000)
            claim = Claim(
                claimant=UCDP, kind=kind, actor="both" if kind == "clash" else side_of_actor(record["side_a"]),
                event_time=TimeSpan(start.iat[row].date(), end.iat[row].date(), DATE_PREC[record["date_prec"]]),
                reported=end.iat[row].date(),
                geometry=ClaimGeometry.point(float(lat.iat[row]), float(lon.iat[row]),
                                             WHERE_PREC_KM[record["where_prec"]], record["where_description"]),
                magnitudes=(Magnitude(int(best.iat[row]), "deaths", "best estimate"),),
                summary=f"{record['dyad_name']}: {record['where_description']} (UCDP GED event {record['id']})",
                quote=record.get("source_headline", ""),
                verification=Verification(note=f"coded by UCDP from {record['number_of_sources']} source(s)"),
            )
        except ClaimError as error:
            report.rejected.append((line, reason(error)))
            continue
        report.claims.append(claim)
    report.rejected.sort()
    return report


def _short(value: str) -> str:
    """A cell as a rejection reason quotes it (``{value!r}`` of at most ~60 characters)."""
    return value if len(value) <= 60 else f"{value[:59]}… ({len(value):,} characters)"
