"""KML control maps whose placemarks are styled ``#ru`` (Russian-held) or ``#ua``.

Parsed with ``defusedxml``: a document type declaration (and with it every entity bomb and
external entity) is refused. Each ``<coordinates>`` must hold ``lon,lat[,alt]`` tuples in
degrees; an error names the placemark (counted from 1) and what is wrong.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from xml.etree.ElementTree import ParseError

import numpy as np
import shapely
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from frontmap.validate import InputFileError, read_bytes, short

from ..snapshot import FrontlineFileError, RawSnapshot, skip_label, usable_date

STATUS_OF_STYLE = {"#ru": "occupied", "#ua": "ukrainian"}
#: The largest KML file read (real ones are ~2 MB).
MAX_BYTES = 64 << 20


class _Bad(ValueError):
    """A placemark's geometry that cannot be read; says what is wrong."""


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ring(element) -> np.ndarray:
    """The lon/lat positions of one ``<coordinates>`` element."""
    tuples = (element.text or "").split()
    if len(tuples) < 3:
        raise _Bad(f"<coordinates> holds {len(tuples)} positions; a ring needs at least 4")
    try:
        xy = np.array([t.split(",")[:2] for t in tuples], dtype=float)
    except ValueError:
        raise _Bad(f"<coordinates> is not 'lon,lat[,alt]' tuples ({short(element.text, 60)})") from None
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise _Bad("<coordinates> has tuples without a latitude; write 'lon,lat[,alt]'")
    if not (np.isfinite(xy).all() and (np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all()):
        first = xy[~(np.isfinite(xy).all(axis=1) & (np.abs(xy[:, 0]) <= 180) & (np.abs(xy[:, 1]) <= 90))][0]
        raise _Bad(f"position {first.tolist()} is not longitude/latitude in degrees (WGS84)")
    return xy


def _polygon(element) -> shapely.Polygon:
    shell, holes = None, []
    for boundary in element:
        rings = [_ring(c) for c in boundary.iter() if _local(c.tag) == "coordinates"]
        if _local(boundary.tag) == "outerBoundaryIs" and rings:
            shell = rings[0]
        elif _local(boundary.tag) == "innerBoundaryIs":
            holes += rings
    if shell is None:
        raise _Bad("<Polygon> has no <outerBoundaryIs> ring")
    try:
        return shapely.polygons(shapely.linearrings(shell), [shapely.linearrings(h) for h in holes] or None)
    except (ValueError, shapely.errors.GEOSException) as error:
        raise _Bad(f"a ring cannot be built ({error})") from None


def read(path: str | Path) -> RawSnapshot:
    path = Path(path)
    try:
        root = fromstring(read_bytes(path, MAX_BYTES, "KML file"), forbid_dtd=True)
    except InputFileError as error:
        raise FrontlineFileError(path, error.problem) from None
    except DefusedXmlException as error:
        raise FrontlineFileError(path, f"KML with a document type declaration or entities is refused ({error})") \
            from None
    except ParseError as error:
        raise FrontlineFileError(path, f"not well-formed KML ({error})") from None
    statuses, geometries, numbers, skipped = [], [], [], Counter()
    placemarks = (e for e in root.iter() if _local(e.tag) == "Placemark")
    for number, placemark in enumerate(placemarks, start=1):
        style = next((e.text for e in placemark if _local(e.tag) == "styleUrl"), None)
        status = STATUS_OF_STYLE.get((style or "").strip())
        try:
            polygons = [_polygon(e) for e in placemark.iter() if _local(e.tag) == "Polygon"]
        except _Bad as error:
            raise FrontlineFileError(path, str(error), feature=number, field="Polygon") from None
        if status is None or not polygons:
            skipped[f"kml style {skip_label(style)}" if polygons else "kml placemark without polygon"] += 1
            continue
        statuses.append(status)
        geometries.append(shapely.multipolygons(polygons))
        numbers.append(number)
    when = next((e.text for e in root.iter() if _local(e.tag) in ("when", "begin")), None)
    return RawSnapshot(path, "ru-kml", usable_date(path, when), statuses,
                       np.asarray(geometries, dtype=object), skipped, numbers)
