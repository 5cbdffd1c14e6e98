"""KML control maps whose placemarks are styled ``#ru`` (Russian-held) or ``#ua``."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import shapely

from frontmap.frontline.snapshot import FrontlineFileError, RawSnapshot, usable_date

STATUS_OF_STYLE = {"#ru": "occupied", "#ua": "ukrainian"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ring(element) -> shapely.LinearRing:
    tuples = element.text.split()
    xy = np.array([t.split(",")[:2] for t in tuples], dtype=float)
    return shapely.linearrings(xy)


def _polygon(element) -> shapely.Polygon:
    shell, holes = None, []
    for boundary in element:
        rings = [_ring(c) for c in boundary.iter() if _local(c.tag) == "coordinates"]
        if _local(boundary.tag) == "outerBoundaryIs":
            shell = rings[0]
        elif _local(boundary.tag) == "innerBoundaryIs":
            holes += rings
    return shapely.polygons(shell, holes or None)


def read(path: str | Path) -> RawSnapshot:
    path = Path(path)
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        raise FrontlineFileError(path, f"not well-formed KML ({error})") from None
    statuses, geometries, skipped = [], [], Counter()
    for placemark in (e for e in root.iter() if _local(e.tag) == "Placemark"):
        style = next((e.text for e in placemark if _local(e.tag) == "styleUrl"), None)
        polygons = [_polygon(e) for e in placemark.iter() if _local(e.tag) == "Polygon"]
        status = STATUS_OF_STYLE.get((style or "").strip())
        if status is None or not polygons:
            skipped[f"kml style {style}" if polygons else "kml placemark without polygon"] += 1
            continue
        statuses.append(status)
        geometries.append(shapely.multipolygons(polygons))
    when = next((e.text for e in root.iter() if _local(e.tag) in ("when", "begin")), None)
    return RawSnapshot(path, "ru-kml", usable_date(path, when), statuses,
                       np.asarray(geometries, dtype=object), skipped)
