"""Readers for the gazetteer's source files, each returning a clean DataFrame.

Every reader checks the columns and values it relies on and raises
:class:`~gazetteer.errors.SourceFormatError` naming the file and line of the first
bad row, so a broken download never turns into silently wrong places.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .errors import SourceFormatError

__all__ = [
    "read_table",
    "read_cities500",
    "read_postal",
    "read_katottg",
    "read_geonames_dump",
    "read_alternate_names",
    "read_osm_settlements",
    "GEONAMES_COLUMNS",
    "ALTERNATE_NAMES_COLUMNS",
]

#: Column names of the GeoNames ``allCountries``/``XX.txt`` dump (no header row).
GEONAMES_COLUMNS = [
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
    "feature_class", "feature_code", "country_code", "cc2", "admin1_code", "admin2_code",
    "admin3_code", "admin4_code", "population", "elevation", "dem", "timezone", "modification_date",
]
#: Column names of GeoNames ``alternateNamesV2.txt`` (no header row).
ALTERNATE_NAMES_COLUMNS = [
    "alternate_name_id", "geonameid", "isolanguage", "alternate_name", "is_preferred",
    "is_short", "is_colloquial", "is_historic", "from", "to",
]


def read_table(
    path: str | Path,
    required: list[str],
    *,
    sep: str = "\t",
    names: list[str] | None = None,
    numeric: tuple[str, ...] = (),
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read a delimited text file as strings and check it.

    ``required`` columns must exist and be non-empty; ``numeric`` columns, where
    filled, must parse as numbers and are converted to float.
    """
    path = Path(path)
    header_lines = 0 if names else 1
    try:
        frame = pd.read_csv(
            path, sep=sep, dtype=str, keep_default_na=False, names=names, header=None if names else 0,
            quoting=csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL, encoding=encoding,
            on_bad_lines="error", engine="python" if names else "c",
        )
    except FileNotFoundError:
        raise SourceFormatError(path, None, "file not found; check the path or rebuild the sources") from None
    except UnicodeDecodeError as exc:
        raise SourceFormatError(path, None, f"not {encoding} text ({exc.reason}); re-save it as {encoding}") from None
    except pd.errors.ParserError as exc:
        raise SourceFormatError(path, None, f"cannot be parsed as delimited text: {exc}") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise SourceFormatError(path, 1, f"missing column(s) {missing}; expected at least {required}")
    for column in required:
        empty = frame.index[frame[column].str.strip() == ""]
        if len(empty):
            raise SourceFormatError(path, int(empty[0]) + 1 + header_lines, f"empty {column!r}")
    for column in numeric:
        values = pd.to_numeric(frame[column].where(frame[column] != ""), errors="coerce")
        bad = frame.index[values.isna() & (frame[column] != "")]
        if len(bad):
            row = int(bad[0])
            raise SourceFormatError(
                path, row + 1 + header_lines, f"{column} {frame.at[row, column]!r} is not a number"
            )
        frame[column] = values
    for column in ("latitude", "longitude", "lat", "lon"):
        if column in numeric:
            limit = 90 if column in ("latitude", "lat") else 180
            bad = frame.index[frame[column].abs() > limit]
            if len(bad):
                row = int(bad[0])
                raise SourceFormatError(path, row + 1 + header_lines, f"{column} {frame.at[row, column]} is out of range")
    return frame


def read_cities500(path: str | Path) -> pd.DataFrame:
    """GeoNames ``cities500`` rows as packaged in ``geonames-cities500-UA-RU.tsv``."""
    return read_table(
        path, ["geonameid", "name", "country", "admin1_iso", "latitude", "longitude"],
        numeric=("latitude", "longitude", "population"),
    )


def read_postal(path: str | Path) -> pd.DataFrame:
    """A GeoNames postal-code dump (with the header row of the shared files)."""
    return read_table(
        path, ["postal_code", "place_name", "admin_name1", "latitude", "longitude"],
        numeric=("latitude", "longitude", "accuracy"),
    )


def read_katottg(path: str | Path) -> pd.DataFrame:
    """Ukraine's KATOTTG codifier (``code,category,name,oblast,raion,hromada``), names stripped."""
    frame = read_table(path, ["code", "category", "name", "oblast"], sep=",")
    for column in ("name", "oblast", "raion", "hromada"):
        frame[column] = frame[column].str.strip()
    return frame


def read_geonames_dump(path: str | Path) -> pd.DataFrame:
    """A full GeoNames country dump (``UA.txt``, ``RU.txt``): its populated places (class P)."""
    frame = read_table(
        path, ["geonameid", "name", "latitude", "longitude", "feature_class", "country_code"],
        names=GEONAMES_COLUMNS, numeric=("latitude", "longitude", "population"),
    )
    return frame[frame["feature_class"] == "P"].reset_index(drop=True)


def read_alternate_names(path: str | Path) -> pd.DataFrame:
    """GeoNames ``alternateNamesV2.txt`` (or a country's ``alternateNames`` extract)."""
    frame = read_table(path, ["geonameid", "alternate_name"], names=ALTERNATE_NAMES_COLUMNS)
    for flag in ("is_preferred", "is_short", "is_colloquial", "is_historic"):
        frame[flag] = frame[flag] == "1"
    return frame


#: OpenStreetMap ``place`` values the settlement extract holds, as the gazetteer's kinds.
OSM_KINDS = {"city": "city", "town": "town", "village": "village", "hamlet": "hamlet"}


def read_osm_settlements(path: str | Path) -> pd.DataFrame:
    """OpenStreetMap settlement points (``name_uk,name_en,place,oblast,lat,lon,osm_id,osm_type``).

    Rows without a Ukrainian name cannot be joined or looked up and are dropped
    (the caller counts them); an unknown ``place`` value is an error.
    """
    frame = read_table(path, ["place", "oblast", "lat", "lon", "osm_id", "osm_type"], sep=",",
                       numeric=("lat", "lon"), encoding="utf-8-sig")
    bad = frame.index[~frame["place"].isin(list(OSM_KINDS))]
    if len(bad):
        row = int(bad[0])
        raise SourceFormatError(path, row + 2, f"place {frame.at[row, 'place']!r} is not one of {list(OSM_KINDS)}")
    for column in ("name_uk", "name_en", "oblast"):
        frame[column] = frame[column].str.strip()
    return frame
