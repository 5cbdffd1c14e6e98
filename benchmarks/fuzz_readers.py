"""Feed every reader seeded, malformed files and count how each one ends (issue 19's table).

    python benchmarks/fuzz_readers.py [--seed 19] [--per-reader 230] [--only claims-yaml,kml]

Each reader runs in its own worker process (address space capped at ``--memory-mb``), one input
at a time; an input that takes longer than ``--timeout`` seconds is a hang and its worker is
replaced. An input ends as one of:

- clear: an error the CLI catches and prints (a ``ValueError``/``OSError`` for claim files and
  exports, ``FrontlineFileError``/``FileNotFoundError`` for front-line files) whose message names
  the file and is at most 2,000 characters long;
- unclear: an error the CLI catches but whose message does not name the file, or is huge;
- traceback: any other exception (the CLI would print a Python traceback);
- garbage: accepted although the input was made invalid, or accepted output that fails the
  checks below (non-finite or out-of-range numbers, coordinates outside lon/lat degrees,
  invalid geometry, a date outside 1989 .. tomorrow, a text field that is not text, a name
  split into letters, mojibake);
- refused valid: a valid file (with a BOM, 3-D coordinates, UTF-8 text ...) refused;
- hang: over the time bound; memory: MemoryError under the address-space cap.

Peak memory is the largest resident set of any worker of that reader (``ru_maxrss``).
Run it against another checkout with ``PYTHONPATH=/path/to/checkout``.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import random
import resource
import select
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

READERS = ["claims-yaml", "claims-json", "claims-csv", "ucdp", "acled", "frontline-geojson", "frontline-kml",
           "article-text"]
OUTCOMES = ["clear", "unclear", "traceback", "garbage", "refused valid", "hang", "memory"]
BIG = "x" * 10_000_000  #: a 10 MB string
EARLIEST, LATEST = date(1989, 1, 1), date.today() + timedelta(days=1)

# --------------------------------------------------------------------------- the generator

HOSTILE_NUMBERS = [float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 181.0, 91.0, -91.0, 3_900_000.0]
HOSTILE_TEXT = ["", " ", "5", "2025-13-40", "2202-02-02", "0005-01-01", "nan", "inf", "1e308", "-1", "\x00",
                "\u202e", "{{7*7}}", "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "é" * 3]


def _case(name: str, data: bytes, suffix: str, expect: str, must_contain: str | None = None) -> dict:
    """One input; ``expect`` is valid (must be accepted), invalid (must be refused) or either."""
    return {"name": name, "data": data, "suffix": suffix, "expect": expect, "must_contain": must_contain}


def _claim_record() -> dict:
    return {
        "claimant": {"name": "Russian Defence Ministry", "side": "russia"},
        "kind": "capture", "actor": "russia", "event_time": "2025-01-05", "reported": "2025-01-05",
        "places": [{"name": "Sudzha", "context": "in the Kursk region"}],
        "geometry": {"shape": "point", "at": "Sudzha", "uncertainty_km": 3},
        "magnitudes": [{"value": 42, "unit": "clashes"}],
        "summary": "Russian forces say they took a village near Sudzha.",
        "verification": {"status": "unverified", "confirmed_by": ["ISW"]},
        "publisher": {"name": "dpa", "url": "https://www.dpa.com/x", "published": "2025-01-05"},
    }


def _bad_values(rng: random.Random) -> list:
    """Wrong types and hostile values for any field."""
    return [5, -1, 0, True, None, [], {}, [1, 2], {"a": 1}, *HOSTILE_NUMBERS, *HOSTILE_TEXT,
            BIG[: rng.choice([10_001, 200_000])]]


#: (field path, value) mutations of a claim record that must be refused, and a few that must not.
def _claim_mutations(rng: random.Random) -> list[tuple[str, list, object, str]]:
    geo = lambda coordinates, kind="Point": {"shape": "point" if kind == "Point" else "polygon",  # noqa: E731
                                             "geometry": {"type": kind, "coordinates": coordinates}}
    square = [[[35.0, 51.0], [35.1, 51.0], [35.1, 51.1], [35.0, 51.1], [35.0, 51.0]]]
    fixed = [
        ("claimant 5", ["claimant"], 5, "invalid"),
        ("claimant name 5", ["claimant"], {"name": 5, "side": "russia"}, "invalid"),
        ("claimant 10 MB", ["claimant"], {"name": BIG, "side": "russia"}, "invalid"),
        ("side martian", ["claimant"], {"name": "X", "side": "martian"}, "invalid"),
        ("kind 5", ["kind"], 5, "invalid"),
        ("event_time 5", ["event_time"], 5, "invalid"),
        ("event_time 2025-13-40", ["event_time"], "2025-13-40", "invalid"),
        ("event_time 2202", ["event_time"], "2202-01-01", "invalid"),
        ("event_time nan", ["event_time"], float("nan"), "invalid"),
        ("reported 2202", ["reported"], "2202-02-02", "invalid"),
        ("reported 0005", ["reported"], "0005-01-05", "invalid"),
        ("published 2202", ["publisher"], {"name": "dpa", "published": "2202-02-02"}, "invalid"),
        ("publisher 5", ["publisher"], {"name": 5}, "invalid"),
        ("magnitude nan", ["magnitudes"], [{"value": float("nan"), "unit": "clashes"}], "invalid"),
        ("magnitude inf", ["magnitudes"], [{"value": float("inf"), "unit": "clashes"}], "invalid"),
        ("magnitude 1e308", ["magnitudes"], [{"value": 1e308, "unit": "clashes"}], "invalid"),
        ("magnitude '5'", ["magnitudes"], [{"value": "5", "unit": "clashes"}], "invalid"),
        ("uncertainty nan", ["geometry"], {"shape": "point", "at": "Sudzha", "uncertainty_km": math.nan}, "invalid"),
        ("uncertainty inf", ["geometry"], {"shape": "point", "at": "Sudzha", "uncertainty_km": math.inf}, "invalid"),
        ("lon 181", ["geometry"], geo([181.0, 50.0]), "invalid"),
        ("lat 91", ["geometry"], geo([35.0, 91.0]), "invalid"),
        ("lon 1e308", ["geometry"], geo([1e308, 50.0]), "invalid"),
        ("EPSG:3857 metres", ["geometry"], geo([3_926_000.0, 6_650_000.0]), "invalid"),
        ("point nan", ["geometry"], geo([float("nan"), 50.0]), "invalid"),
        ("3-D point", ["geometry"], geo([35.0, 51.0, 120.0]), "either"),
        ("empty polygon", ["geometry"], geo([], "Polygon"), "invalid"),
        ("bow-tie polygon", ["geometry"], geo([[[35, 51], [35.1, 51.1], [35.1, 51], [35, 51.1], [35, 51]]], "Polygon"),
         "invalid"),
        ("collection", ["geometry"], {"shape": "polygon", "geometry": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "coordinates": square}]}}, "invalid"),
        ("point shape with polygon", ["geometry"], {"shape": "point", "geometry": {"type": "Polygon",
                                                                                  "coordinates": square}}, "invalid"),
        ("places 5", ["places"], 5, "invalid"),
        ("place name 5", ["places"], [{"name": 5}], "invalid"),
        ("place 10 MB", ["places"], [{"name": BIG}], "invalid"),
        ("place lat 91", ["places"], [{"as_written": "X", "lat": 91.0, "lon": 35.0}], "invalid"),
        ("place lat nan", ["places"], [{"as_written": "X", "lat": float("nan"), "lon": 35.0}], "invalid"),
        ("summary 5", ["summary"], 5, "invalid"),
        ("summary 10 MB", ["summary"], BIG, "invalid"),
        ("confirmed_by ISW", ["verification"], {"status": "confirmed", "confirmed_by": "ISW"}, "either"),
        ("confirmed_by 5", ["verification"], {"status": "confirmed", "confirmed_by": 5}, "invalid"),
        ("note 5", ["verification"], {"status": "unverified", "note": 5}, "invalid"),
        ("link target 5", ["links"], [{"kind": "supersedes", "target": 5}], "invalid"),
        ("unknown field", ["colour"], "red", "invalid"),
    ]
    fields = ["claimant", "kind", "actor", "event_time", "reported", "places", "geometry", "magnitudes", "summary",
              "verification", "publisher", "quote", "links"]
    randomised = [(f"{f} = random hostile #{i}", [f], rng.choice(_bad_values(rng)), "either")
                  for i, f in enumerate(rng.choices(fields, k=120))]
    return fixed + randomised


def _mutated(record: dict, path: list, value) -> dict:
    record = json.loads(json.dumps(record))
    record[path[0]] = value
    return record


def _yaml_dump(document) -> bytes:
    import yaml

    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10**9).encode()


def _json_dump(document) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()  # NaN and Infinity written as JS literals


def claim_file_cases(fmt: str, rng: random.Random, count: int) -> list[dict]:
    dump = _yaml_dump if fmt == "yaml" else _json_dump
    suffix = "." + fmt
    valid = {"claims": [_claim_record()]}
    cases = [_case("valid", dump(valid), suffix, "valid"),
             _case("BOM", b"\xef\xbb\xbf" + dump(valid), suffix, "valid"),
             _case("empty", b"", suffix, "invalid"),
             _case("blank", b"   \n\n", suffix, "invalid"),
             _case("latin-1 bytes", dump(valid).replace(b"Sudzha.", b"Sudzha \xe9\xff."), suffix, "invalid"),
             _case("list at top", dump([_claim_record()]), suffix, "invalid"),
             _case("claims 5", dump({"claims": 5}), suffix, "invalid"),
             _case("claim 5", dump({"claims": [5]}), suffix, "invalid"),
             _case("source 5", dump({"source": 5, "claims": [_claim_record()]}), suffix, "invalid"),
             _case("truncated", dump(valid)[: len(dump(valid)) // 2], suffix, "invalid"),
             _case("deep nesting", b"claims: " + b"[" * 50_000 + b"]" * 50_000 if fmt == "yaml"
                   else b'{"claims": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", suffix, "invalid")]
    if fmt == "yaml":
        bomb = "a0: &a0 [Sudzha, Sudzha, Sudzha, Sudzha, Sudzha, Sudzha, Sudzha, Sudzha, Sudzha]\n" + "".join(
            f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
        record = _yaml_dump({"claims": [_claim_record()]}).decode()
        record = record.replace("- name: Sudzha", "- *a9\n  - name: Sudzha", 1)
        cases += [_case("alias bomb in places", (bomb + record).encode(), suffix, "invalid"),
                  _case("python tag", b"claims: [!!python/object/apply:os.system [echo hi]]", suffix, "invalid"),
                  _case("unquoted 2025-13-40", dump(valid).replace(b"'2025-01-05'", b"2025-13-40", 1), suffix,
                        "invalid"),
                  _case("huge int", dump(valid).replace(b"uncertainty_km: 3", b"uncertainty_km: " + b"9" * 5000),
                        suffix, "invalid"),
                  _case(".nan", dump(valid).replace(b"uncertainty_km: 3", b"uncertainty_km: .nan"), suffix, "invalid"),
                  _case("anchors (small, legal)", b"source: {publisher: &p {name: dpa}}\nclaims:\n- " + dump(
                      {k: v for k, v in _claim_record().items() if k != "publisher"}).replace(b"\n", b"\n  ")
                      + b"publisher: *p\n", suffix, "either")]
    else:
        cases += [_case("NaN literal", dump(valid).replace(b'"uncertainty_km": 3', b'"uncertainty_km": NaN'), suffix,
                        "invalid"),
                  _case("1e400", dump(valid).replace(b'"value": 42', b'"value": 1e400'), suffix, "invalid"),
                  _case("duplicate keys", b'{"claims": [], "claims": 5}', suffix, "invalid")]
    for name, path, value, expect in _claim_mutations(rng):
        cases.append(_case(name, dump({"claims": [_mutated(_claim_record(), path, value)]}), suffix, expect))
    while len(cases) < count:  # random byte damage to a valid file
        data = bytearray(dump(valid))
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        cases.append(_case("random bytes", bytes(data), suffix, "either"))
    return cases[:count]


CSV_HEADER = ["claimant", "side", "kind", "actor", "event_time", "reported", "places", "context", "summary",
              "magnitudes", "verification", "publisher", "url", "published", "shape", "at", "uncertainty_km"]
CSV_ROW = ["Russian Defence Ministry", "russia", "capture", "russia", "2025-01-05", "2025-01-05", "Sudzha",
           "in the Kursk region", "Russian forces say they took a village near Sudzha.", "42 clashes", "unverified",
           "dpa", "https://www.dpa.com/x", "2025-01-05", "point", "Sudzha", "3"]


def _csv(rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    import csv

    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding, errors="strict")


def _cell_cases(header: list[str], row: list[str], bad: dict[str, list[str]], suffix: str, rng: random.Random,
                count: int) -> list[dict]:
    """Valid/BOM/empty/header-only/duplicate-header files, then one hostile cell at a time."""
    cases = [_case("valid", _csv([header, row]), suffix, "valid"),
             _case("BOM", b"\xef\xbb\xbf" + _csv([header, row]), suffix, "valid"),
             _case("empty", b"", suffix, "invalid"),
             _case("header only", _csv([header]), suffix, "either"),
             _case("duplicate header", _csv([header + [header[1]], row + ["x"]]), suffix, "invalid"),
             _case("missing column", _csv([header[1:], row[1:]]), suffix, "invalid"),
             _case("row too long", _csv([header, row + ["extra"]]), suffix, "invalid"),
             _case("row too short", _csv([header, row[:3]]), suffix, "invalid"),
             _case("NUL byte", _csv([header, row[:-1] + [row[-1] + "\x00"]]), suffix, "invalid"),
             _case("bare CR in cell", _csv([header, [c.replace("near", "near\rthe") for c in row]]), suffix, "either"),
             _case("invalid UTF-8 and cp1252", _csv([header, row[:-1] + [row[-1] + "#"]]).replace(b"#", b"\x81"),
                   suffix, "invalid"),
             _case("10 MB cell", _csv([header, [row[0] + BIG[:10_000_000 - 30]] + row[1:]]), suffix, "invalid"),
             _case("not CSV at all", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, suffix, "invalid")]
    for column, values in bad.items():
        for value in values:
            changed = list(row)
            changed[header.index(column)] = value
            cases.append(_case(f"{column}={value[:20]!r}", _csv([header, changed]), suffix, "invalid"))
    while len(cases) < count:
        changed = list(row)
        column = rng.randrange(len(header))
        changed[column] = str(rng.choice(_bad_values(rng)))
        cases.append(_case(f"{header[column]} random", _csv([header, changed]), suffix, "either"))
    return cases[:count]


NUMBER_TEXT = ["nan", "NaN", "inf", "-inf", "1e308", "181", "-181", "3926000", "abc", "", "0x10"]
LAT_TEXT = NUMBER_TEXT + ["91", "-91"]


def claim_csv_cases(rng: random.Random, count: int) -> list[dict]:
    bad = {"claimant": ["", BIG[:200_000]], "kind": ["5", "teleport"], "event_time": ["5", "2025-13-40", "2202-01-01"],
           "reported": ["2202-02-02", "0005-01-05", "nan"], "magnitudes": ["nan clashes", "inf clashes",
                                                                           "1e308 clashes", "-5 clashes", "5"],
           "uncertainty_km": ["nan", "inf", "-1", "1e308"], "published": ["2202-02-02"], "places": [BIG[:200_000]],
           "shape": ["hexagon"], "side": ["martian"], "url": ["javascript:alert(1)"]}
    return _cell_cases(CSV_HEADER, CSV_ROW, bad, ".csv", rng, count)


UCDP_HEADER = ["id", "year", "type_of_violence", "side_a", "side_b", "dyad_name", "date_start", "date_end",
               "date_prec", "where_prec", "latitude", "longitude", "best", "where_description", "number_of_sources",
               "source_date", "source_headline"]
UCDP_ROW = ["149249", "2014", "1", "Government of Ukraine", "DPR", "Government of Ukraine - DPR",
            "2014-07-18", "2014-07-18", "1", "1", "48.0", "37.8", "5", "Donetsk city", "2", "2014-07-19",
            "Shelling in Donetsk"]


def ucdp_cases(rng: random.Random, count: int) -> list[dict]:
    bad = {"latitude": LAT_TEXT, "longitude": NUMBER_TEXT, "best": ["inf", "nan", "-5", "1e308", "abc", "2.5"],
           "date_start": ["2025-13-40", "0005-01-01", ""], "type_of_violence": ["9", "x"], "where_prec": ["99", "x"],
           "date_prec": ["0", "x"], "where_description": [BIG[:200_000]]}
    cases = _cell_cases(UCDP_HEADER, UCDP_ROW, bad, ".csv", rng, count - 3)
    future = list(UCDP_ROW)
    future[UCDP_HEADER.index("year")], future[6], future[7] = "2202", "2202-07-18", "2202-07-18"
    cyrillic = list(UCDP_ROW)
    cyrillic[UCDP_HEADER.index("where_description")] = "Донецьк"
    latin = list(UCDP_ROW)
    latin[UCDP_HEADER.index("where_description")] = "Dniprodzerzhyns’k – café"
    return cases + [_case("year 2202", _csv([UCDP_HEADER, future]), ".csv", "invalid"),
                    _case("UTF-8 Cyrillic", _csv([UCDP_HEADER, cyrillic]), ".csv", "valid", "Донецьк"),
                    _case("cp1252 export", _csv([UCDP_HEADER, latin], "cp1252"), ".csv", "valid", "café")]


ACLED_HEADER = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
                "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]
ACLED_ROW = ["UKR1", "2025-01-05", "1", "Battles", "Armed clash", "Military Forces of Ukraine (2019-)",
             "Military Forces of Russia (2000-)", "Berdin", "51.29", "35.42", "2", "Ministry of Defence of Russia",
             "Clashes near Berdin.", "0"]


def acled_cases(rng: random.Random, count: int) -> list[dict]:
    bad = {"latitude": LAT_TEXT, "longitude": NUMBER_TEXT, "fatalities": ["inf", "nan", "-5", "1e308", "abc"],
           "event_date": ["2025-13-40", "2202-01-05", "0005-01-05", "5"], "time_precision": ["7", "x"],
           "geo_precision": ["9", "x"], "notes": [BIG[:200_000]]}
    cases = _cell_cases(ACLED_HEADER, ACLED_ROW, bad, ".csv", rng, count - 1)
    cyrillic = list(ACLED_ROW)
    cyrillic[ACLED_HEADER.index("notes")] = "Бої біля Бердина."
    return cases + [_case("UTF-8 Cyrillic", _csv([ACLED_HEADER, cyrillic]), ".csv", "valid",
                          "Бої біля Бердина.")]


SQUARE = [[[37.5, 47.8], [37.6, 47.8], [37.6, 47.9], [37.5, 47.9], [37.5, 47.8]]]


def _collection(geometry, properties=None, wrap=None) -> dict:
    feature = {"type": "Feature", "geometry": geometry,
               "properties": properties or {"layer_type": "ukraine_control_map", "date": "2024-11-24"}}
    document = {"type": "FeatureCollection", "features": [feature]}
    return {"value": document} if wrap else document


def frontline_geojson_cases(rng: random.Random, count: int) -> list[dict]:
    polygon = {"type": "Polygon", "coordinates": SQUARE}
    ring = lambda *points: {"type": "Polygon", "coordinates": [list(points)]}  # noqa: E731
    dump = lambda document: json.dumps(document).encode()  # noqa: E731
    s = ".geojson"
    geometry_cases = [
        ("Point", {"type": "Point", "coordinates": [37.5, 47.8]}, "invalid"),
        ("LineString", {"type": "LineString", "coordinates": SQUARE[0]}, "invalid"),
        ("MultiLineString", {"type": "MultiLineString", "coordinates": SQUARE}, "invalid"),
        ("GeometryCollection", {"type": "GeometryCollection", "geometries": [polygon]}, "invalid"),
        ("empty Polygon", {"type": "Polygon", "coordinates": []}, "either"),
        ("empty ring", {"type": "Polygon", "coordinates": [[]]}, "invalid"),
        ("empty MultiPolygon", {"type": "MultiPolygon", "coordinates": []}, "either"),
        ("no coordinates", {"type": "Polygon"}, "invalid"),
        ("coordinates 5", {"type": "Polygon", "coordinates": 5}, "invalid"),
        ("type 5", {"type": 5, "coordinates": SQUARE}, "invalid"),
        ("geometry 5", 5, "invalid"),
        ("geometry string", "POLYGON((0 0,1 0,1 1,0 0))", "invalid"),
        ("lon 181", ring([181, 47.8], [181.1, 47.8], [181.1, 47.9], [181, 47.8]), "invalid"),
        ("lat 91", ring([37.5, 91], [37.6, 91], [37.6, 91.1], [37.5, 91]), "invalid"),
        ("1e308", ring([1e308, 47.8], [37.6, 47.8], [37.6, 47.9], [1e308, 47.8]), "invalid"),
        ("EPSG:3857 metres", ring([4174000, 6070000], [4185000, 6070000], [4185000, 6086000], [4174000, 6070000]),
         "invalid"),
        ("3-D", ring([37.5, 47.8, 0], [37.6, 47.8, 0], [37.6, 47.9, 0], [37.5, 47.8, 0]), "valid"),
        ("4-D", ring([37.5, 47.8, 0, 1], [37.6, 47.8, 0, 1], [37.6, 47.9, 0, 1], [37.5, 47.8, 0, 1]), "valid"),
        ("mixed 2-D/3-D", ring([37.5, 47.8], [37.6, 47.8, 0], [37.6, 47.9], [37.5, 47.8, 5]), "valid"),
        ("1-D positions", ring([37.5], [37.6], [37.6], [37.5]), "invalid"),
        ("mixed 1-D", ring([37.5, 47.8], [37.6], [37.6, 47.9], [37.5, 47.8]), "invalid"),
        ("strings", ring(["a", "b"], ["c", "d"], ["e", "f"], ["a", "b"]), "invalid"),
        ("null positions", ring(None, None, None, None), "invalid"),
        ("two-point ring", ring([37.5, 47.8], [37.5, 47.8]), "invalid"),
        ("open ring (closed by the reader)", ring([37.5, 47.8], [37.6, 47.8], [37.6, 47.9], [37.5, 47.9]), "either"),
        ("bow-tie", ring([37.5, 47.8], [37.6, 47.9], [37.6, 47.8], [37.5, 47.9], [37.5, 47.8]), "either"),
        ("too deep", {"type": "Polygon", "coordinates": [SQUARE]}, "invalid"),
        ("too shallow", {"type": "MultiPolygon", "coordinates": SQUARE}, "invalid"),
    ]
    name = "isw-2024-11-24"
    cases = [_case("valid", dump(_collection(polygon)), s, "valid"),
             _case("BOM", b"\xef\xbb\xbf" + dump(_collection(polygon)), s, "valid"),
             _case("empty", b"", s, "invalid"),
             _case("not JSON", b"<html>", s, "invalid"),
             _case("list at top", b"[1, 2]", s, "invalid"),
             _case("number at top", b"5", s, "invalid"),
             _case("features 5", b'{"features": 5}', s, "invalid"),
             _case("feature 5", b'{"features": [5, {"properties": {"layer_type": "x"}}]}', s, "invalid"),
             _case("properties 5", dump({"features": [{"properties": 5, "geometry": polygon}]}), s, "invalid"),
             _case("value 5", b'{"value": 5}', s, "invalid"),
             _case("NaN literal", dump(_collection(polygon)).replace(b"37.6", b"NaN", 1), s, "invalid"),
             _case("deep nesting", b"[" * 100_000 + b"]" * 100_000, s, "invalid"),
             _case("latin-1 bytes", dump(_collection(polygon)).replace(b"ukraine_control_map", b"\xe9\xff"), s,
                   "invalid"),
             _case("10 MB property", dump(_collection(polygon, {"layer_type": "ukraine_control_map",
                                                                "date": "2024-11-24", "note": BIG})), s, "either"),
             _case("date 2025-13-40", dump(_collection(polygon, {"layer_type": "ukraine_control_map",
                                                                 "date": "2025-13-40"})), s, "either"),
             _case("crs EPSG:3857", dump({**_collection(polygon), "crs": {"type": "name", "properties": {
                 "name": "urn:ogc:def:crs:EPSG::3857"}}}), s, "invalid"),
             _case("liveuamap Point", dump(_collection({"type": "Point", "coordinates": [37.5, 47.8]},
                                                       {"type": "gains", "date": "2024-11-24"}, wrap=True)), s,
                   "invalid"),
             _case("deepstate LineString", dump(_collection({"type": "LineString", "coordinates": SQUARE[0]},
                                                            {"name": "x /// geoJSON.status.occupied"})), s, "invalid"),
             _case("deepstate point 1e308", dump(_collection({"type": "Point", "coordinates": [1e308, 47.8]},
                                                             {"name": "x /// geoJSON.status.attack_direction"})), s,
                   "invalid"),
             _case("deepstate polygon lat 91", dump(_collection(ring([37.5, 91], [37.6, 91], [37.6, 91.1], [37.5, 91]),
                                                                {"name": "x /// geoJSON.status.occupied"})), s,
                   "invalid"),
             _case("doubly wound 200k-vertex ring", dump(_collection(_doubly_wound(200_000))), s, "either"),
             _case("five doubly wound 60k-vertex rings", dump({"type": "FeatureCollection", "features": [
                 _collection(_doubly_wound(60_000))["features"][0]] * 5}), s, "either")]
    for label, geometry, expect in geometry_cases:
        cases.append(_case(label, dump(_collection(geometry)), s, expect))
        cases.append(_case(f"{label} (MultiPolygon)" if isinstance(geometry, dict) and geometry.get("type") == "Polygon"
                           else f"{label} (liveuamap)",
                           dump(_collection({"type": "MultiPolygon", "coordinates": [geometry["coordinates"]]}
                                            if isinstance(geometry, dict) and geometry.get("type") == "Polygon"
                                            and "coordinates" in geometry else geometry,
                                            {"type": "nochange", "date": "2024-11-24"}, wrap=True)), s, expect))
    while len(cases) < count:
        document = _collection({"type": "Polygon", "coordinates": json.loads(json.dumps(SQUARE))})
        coordinates = document["features"][0]["geometry"]["coordinates"][0]
        position = coordinates[rng.randrange(len(coordinates))]
        position[rng.randrange(2)] = rng.choice([*HOSTILE_NUMBERS[3:], "x", None, [], 1e-300, -180.0, 90.0])
        text = json.dumps(document)
        cases.append(_case("random coordinate", text.encode(), s, "either"))
    for case in cases:
        case["stem"] = name
    return cases[:count]


def _doubly_wound(vertices: int) -> dict:
    angles = [4 * math.pi * i / vertices for i in range(vertices)]
    ring = [[37.5 + 0.1 * math.cos(a), 47.8 + 0.1 * math.sin(a)] for a in angles] + [[37.6, 47.8]]
    return {"type": "Polygon", "coordinates": [ring]}


KML = """<?xml version="1.0" encoding="UTF-8"?>
{doctype}<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{entity_use}
<Placemark><styleUrl>{style}</styleUrl>{geometry}</Placemark>
</Document></kml>
"""
KML_RING = "37.5,47.8,0 37.6,47.8,0 37.6,47.9,0 37.5,47.9,0 37.5,47.8,0"


def _kml(coordinates: str = KML_RING, style: str = "#ru", geometry: str | None = None, doctype: str = "",
         entity_use: str = "") -> bytes:
    geometry = geometry if geometry is not None else (
        f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{coordinates}</coordinates></LinearRing>"
        "</outerBoundaryIs></Polygon>")
    return KML.format(doctype=doctype, entity_use=entity_use, style=style, geometry=geometry).encode()


def frontline_kml_cases(rng: random.Random, count: int) -> list[dict]:
    s = ".kml"
    laughs = "<!DOCTYPE kml [<!ENTITY a0 \"lol\">" + "".join(
        f"<!ENTITY a{i} \"{'&a%d;' % (i - 1) * 10}\">" for i in range(1, 10)) + "]>\n"
    cases = [_case("valid", _kml(), s, "valid"),
             _case("BOM", b"\xef\xbb\xbf" + _kml(), s, "valid"),
             _case("empty", b"", s, "invalid"),
             _case("not XML", b"{\"type\": 1}", s, "invalid"),
             _case("truncated", _kml()[:200], s, "invalid"),
             _case("billion laughs", _kml(doctype=laughs, entity_use="<name>&a9;</name>"), s, "invalid"),
             _case("external entity", _kml(doctype='<!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
                                           entity_use="<name>&x;</name>"), s, "invalid"),
             _case("latin-1 bytes in UTF-8 file", _kml().replace(b"Document>", b"Document>\xe9\xff", 1), s, "invalid"),
             _case("empty <coordinates>", _kml(""), s, "invalid"),
             _case("<coordinates/>", _kml(geometry="<Polygon><outerBoundaryIs><LinearRing><coordinates/>"
                                                   "</LinearRing></outerBoundaryIs></Polygon>"), s, "invalid"),
             _case("whitespace coordinates", _kml("  \n "), s, "invalid"),
             _case("no outer boundary", _kml(geometry=f"<Polygon><innerBoundaryIs><LinearRing><coordinates>{KML_RING}"
                                                      "</coordinates></LinearRing></innerBoundaryIs></Polygon>"), s,
                   "invalid"),
             _case("empty Polygon element", _kml(geometry="<Polygon/>"), s, "invalid"),
             _case("only Point", _kml(geometry="<Point><coordinates>37.5,47.8</coordinates></Point>"), s, "invalid"),
             _case("2-D", _kml(KML_RING.replace(",0", "")), s, "valid"),
             _case("4-D", _kml(KML_RING.replace(",0", ",0,1")), s, "either"),
             _case("one number a tuple", _kml("37.5 37.6 37.6 37.5"), s, "invalid"),
             _case("mixed tuples", _kml("37.5,47.8 37.6 37.6,47.9 37.5,47.8"), s, "invalid"),
             _case("text", _kml("a,b c,d e,f a,b"), s, "invalid"),
             _case("lon 181", _kml(KML_RING.replace("37.5,", "181,")), s, "invalid"),
             _case("lat 91", _kml(KML_RING.replace(",47.8,", ",91,")), s, "invalid"),
             _case("1e308", _kml(KML_RING.replace("37.5,", "1e308,")), s, "invalid"),
             _case("nan", _kml(KML_RING.replace("37.5,", "nan,")), s, "invalid"),
             _case("inf", _kml(KML_RING.replace("37.6,", "inf,")), s, "invalid"),
             _case("EPSG:3857 metres", _kml("4174000,6070000 4185000,6070000 4185000,6086000 4174000,6070000"), s,
                   "invalid"),
             _case("two-point ring", _kml("37.5,47.8 37.5,47.8"), s, "invalid"),
             _case("open ring", _kml("37.5,47.8 37.6,47.8 37.6,47.9 37.5,47.9"), s, "either"),
             _case("bow-tie", _kml("37.5,47.8 37.6,47.9 37.6,47.8 37.5,47.9 37.5,47.8"), s, "either"),
             _case("unknown style only", _kml(style="#zz"), s, "invalid"),
             _case("deep nesting", _kml().replace(b"<Document>", b"<Document>" + b"<Folder>" * 100_000 +
                                                  b"</Folder>" * 100_000), s, "either"),
             _case("10 MB name", _kml(entity_use=f"<name>{BIG}</name>"), s, "either"),
             _case("UTF-16", _kml().decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), s,
                   "either")]
    while len(cases) < count:
        tuples = [t.split(",") for t in KML_RING.split()]
        t = tuples[rng.randrange(len(tuples))]
        t[rng.randrange(3)] = rng.choice(["", "x", "nan", "1e308", "-181", "91", "1e-300", "0x1", "--5", "1,2"])
        cases.append(_case("random coordinate", _kml(" ".join(",".join(t) for t in tuples)), s, "either"))
    for case in cases:
        case["stem"] = "Control_24_11_24"
    return cases[:count]


def article_cases(rng: random.Random, count: int) -> list[dict]:
    text = "Russian forces said on Sunday they had taken the village of Berdin near Sudzha in the Kursk region.\n"
    s = ".txt"
    cases = [_case("valid", text.encode(), s, "valid"),
             _case("BOM", b"\xef\xbb\xbf" + text.encode(), s, "valid", "Russian forces"),
             _case("empty", b"", s, "either"),
             _case("latin-1", text.replace("village", "villàge").encode("latin-1"), s, "invalid"),
             _case("UTF-16", text.encode("utf-16"), s, "either"),
             _case("binary", bytes(range(256)) * 100, s, "invalid"),
             _case("NUL bytes", text.encode().replace(b" ", b"\x00"), s, "either"),
             _case("60 MB", text.encode() * 600_000, s, "invalid"),
             _case("one 10 MB line", BIG.encode(), s, "either")]
    while len(cases) < count:
        data = bytearray(text.encode() * rng.randint(1, 20))
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        cases.append(_case("random bytes", bytes(data), s, "either"))
    return cases[:count]


def generate(reader: str, seed: int, count: int) -> list[dict]:
    rng = random.Random(f"{seed}-{reader}")
    makers = {"claims-yaml": lambda: claim_file_cases("yaml", rng, count),
              "claims-json": lambda: claim_file_cases("json", rng, count),
              "claims-csv": lambda: claim_csv_cases(rng, count), "ucdp": lambda: ucdp_cases(rng, count),
              "acled": lambda: acled_cases(rng, count),
              "frontline-geojson": lambda: frontline_geojson_cases(rng, count),
              "frontline-kml": lambda: frontline_kml_cases(rng, count),
              "article-text": lambda: article_cases(rng, count)}
    return makers[reader]()


# --------------------------------------------------------------------------- the worker


def _plausible_day(value) -> bool:
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    return EARLIEST <= day <= LATEST


def _finite(*numbers) -> bool:
    return all(isinstance(n, int | float) and math.isfinite(n) and abs(n) < 1e12 for n in numbers)


def _claim_garbage(claims) -> str | None:
    """What is wrong with accepted claims, or None."""
    import shapely

    for claim in claims:
        texts = [claim.claimant.name, claim.summary, claim.quote, claim.verification.note,
                 *(p.as_written for p in claim.places), *claim.verification.confirmed_by,
                 *claim.verification.disputed_by, *(m.unit for m in claim.magnitudes),
                 *(m.item for m in claim.magnitudes)]
        if not all(isinstance(t, str) for t in texts):
            return "a text field is not text"
        if any(len(t) > 100_000 for t in texts):
            return "a text field over 100,000 characters"
        for names in (claim.verification.confirmed_by, claim.verification.disputed_by):
            if len(names) > 1 and all(len(n) == 1 for n in names):
                return f"a name split into letters {names}"
        days = [claim.event_time.start, claim.event_time.end, claim.reported]
        if claim.publisher and claim.publisher.published:
            days.append(claim.publisher.published)
        if not all(_plausible_day(d) for d in days):
            return f"a date outside {EARLIEST} .. {LATEST}: {[str(d) for d in days]}"
        if not _finite(*(m.value for m in claim.magnitudes)):
            return "a magnitude not finite or absurd"
        for place in claim.places:
            if place.lat is not None and not (_finite(place.lat, place.lon) and abs(place.lat) <= 90
                                              and abs(place.lon) <= 180):
                return f"a place at {place.lat}, {place.lon}"
        if claim.geometry is not None:
            g = claim.geometry
            bounds = shapely.bounds(g.geometry).tolist()
            if not (_finite(g.uncertainty_km, *bounds) and -180 <= bounds[0] <= bounds[2] <= 180
                    and -90 <= bounds[1] <= bounds[3] <= 90 and g.geometry.is_valid and not g.geometry.is_empty):
                return f"a geometry {g.geometry.wkt[:60]} ± {g.uncertainty_km}"
    return None


def _frontline_garbage(series) -> str | None:
    import shapely

    frame = series.frame
    if frame.empty:
        return "an empty series"
    geometries = frame.geometry.values
    bounds = shapely.bounds(geometries)
    present = ~shapely.is_empty(geometries)
    if not shapely.is_valid(geometries).all():
        return "an invalid geometry"
    b = bounds[present]
    if len(b) and not (math.isfinite(b.sum()) and (b[:, [0, 2]] >= -180).all() and (b[:, [0, 2]] <= 180).all()
                       and (b[:, [1, 3]] >= -90).all() and (b[:, [1, 3]] <= 90).all()):
        return f"coordinates outside lon/lat degrees: {b.tolist()[:1]}"
    if not all(_plausible_day(d.date()) for d in frame["date"]):
        return "an implausible date"
    return None


def _run_reader(reader: str, path: Path, gazetteer):
    """Call the library reader; returns (accepted output, garbage reason or None, text for must_contain)."""
    if reader.startswith("claims-"):
        from frontmap.claimfile import read_claims

        claims = read_claims(path, gazetteer)
        return _claim_garbage(claims), " ".join(c.summary for c in claims)
    if reader in ("ucdp", "acled"):
        from frontmap.importers.acled import read_acled
        from frontmap.importers.ucdp import read_ucdp

        report = (read_ucdp if reader == "ucdp" else read_acled)(path)
        if not report.claims:
            return "no claims", ""  # every row rejected: the caller treats an all-rejected file as refused
        return _claim_garbage(report.claims), " ".join(c.summary for c in report.claims)
    if reader.startswith("frontline-"):
        from frontmap.frontline import ControlSeries

        return _frontline_garbage(ControlSeries.read(path, strict=True)), ""
    import frontmap

    if (Path(frontmap.__file__).parent / "validate.py").exists():
        from frontmap.validate import read_article

        text = read_article(path)
    else:  # before: what `frontmap extract` does with its file
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"{path}: cannot read it as UTF-8 text ({error})") from None
    if not isinstance(text, str) or text.startswith("\ufeff"):
        return "a byte-order mark left in the text", text
    return None, text


def _caught(reader: str) -> tuple[type, ...]:
    """The exceptions the CLI turns into an error message for this reader."""
    if reader.startswith("frontline-"):
        from frontmap.frontline import FrontlineFileError

        return FrontlineFileError, FileNotFoundError
    return ValueError, OSError


def worker(reader: str, memory_mb: int) -> None:
    """Read paths from stdin, one JSON result per line on stdout."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    gazetteer = None
    if reader.startswith("claims-"):
        from gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    caught = _caught(reader)
    for line in sys.stdin:
        job = json.loads(line)
        path = Path(job["path"])
        try:
            garbage, text = _run_reader(reader, path, gazetteer)
        except MemoryError:
            result = {"outcome": "memory", "detail": "MemoryError"}
        except RecursionError as error:
            result = {"outcome": "traceback", "detail": f"RecursionError {str(error)[:200]}"}
        except caught as error:
            message = str(error)
            clear = path.name in message and len(message) <= 2000
            result = {"outcome": "clear" if clear else "unclear", "detail": message[:300]}
        except BaseException as error:  # noqa: BLE001 - any other exception is a traceback in the CLI
            result = {"outcome": "traceback", "detail": f"{type(error).__name__}: {str(error)[:300]}"}
        else:
            if garbage == "no claims":
                result = {"outcome": "clear", "detail": "every row rejected (a report, not an error)"}
            elif garbage:
                result = {"outcome": "garbage", "detail": garbage}
            elif job["must_contain"] and job["must_contain"] not in text:
                result = {"outcome": "garbage", "detail": f"{job['must_contain']!r} not in the text read (mojibake?)"}
            else:
                result = {"outcome": "accepted", "detail": ""}
        result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


# --------------------------------------------------------------------------- the table


class Worker:
    def __init__(self, reader: str, memory_mb: int):
        self.reader, self.memory_mb = reader, memory_mb
        self.process = subprocess.Popen([sys.executable, __file__, "--worker", reader, "--memory-mb", str(memory_mb)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                                        stderr=subprocess.DEVNULL)
        self.maxrss = 0.0

    def ask(self, job: dict, timeout: float) -> dict | None:
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout + 30 if job.get("first") else timeout)
        if not ready:
            return None
        line = self.process.stdout.readline()
        if not line:
            return {"outcome": "memory", "detail": "worker died", "maxrss_mb": self.memory_mb}
        result = json.loads(line)
        self.maxrss = max(self.maxrss, result["maxrss_mb"])
        return result

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def run(reader: str, cases: list[dict], folder: Path, timeout: float, memory_mb: int, verbose: bool) -> dict:
    counts, examples, peak = Counter(), {}, 0.0
    worker_process, first = Worker(reader, memory_mb), True
    for number, case in enumerate(cases):
        path = folder / f"{case.get('stem', reader)}-case{number:03d}{case['suffix']}"
        path.write_bytes(case["data"])
        started = time.monotonic()
        result = worker_process.ask({"path": str(path), "must_contain": case["must_contain"], "first": first}, timeout)
        first = False
        if result is None or result["outcome"] == "memory":
            peak = max(peak, worker_process.maxrss)
            worker_process.stop()
            result = result or {"outcome": "hang", "detail": f"over {timeout:g} s"}
            worker_process, first = Worker(reader, memory_mb), True
        outcome = result["outcome"]
        if outcome == "accepted" and case["expect"] == "invalid":
            outcome, result["detail"] = "garbage", "accepted an input made invalid"
        elif outcome == "clear" and case["expect"] == "valid":
            outcome = "refused valid"
        counts[outcome] += 1
        if outcome not in ("clear", "accepted"):
            examples.setdefault(outcome, []).append(f"{case['name']}: {result['detail'][:160]}")
        if verbose:
            print(f"{reader:18} {case['name'][:40]:40} {outcome:13} {time.monotonic() - started:5.1f}s "
                  f"{result['detail'][:100]}", file=sys.stderr)
        path.unlink()
    peak = max(peak, worker_process.maxrss)
    worker_process.stop()
    return {"inputs": len(cases), "counts": counts, "examples": examples, "peak_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--per-reader", type=int, default=230)
    parser.add_argument("--only", help="Comma-separated readers: " + ", ".join(READERS))
    parser.add_argument("--timeout", type=float, default=10.0, help="Seconds before an input counts as a hang.")
    parser.add_argument("--memory-mb", type=int, default=3072, help="Address-space cap of each worker.")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", help="Also write the results to this file.")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.memory_mb)
        return
    readers = args.only.split(",") if args.only else READERS
    import frontmap

    print(f"frontmap from {Path(frontmap.__file__).parent}, seed {args.seed}, time bound {args.timeout:g} s, "
          f"address space {args.memory_mb} MB per worker")
    results = {}
    with tempfile.TemporaryDirectory(prefix="fuzz-readers-") as folder:
        for reader in readers:
            started = time.monotonic()
            results[reader] = run(reader, generate(reader, args.seed, args.per_reader), Path(folder), args.timeout,
                                  args.memory_mb, args.verbose)
            results[reader]["seconds"] = round(time.monotonic() - started, 1)
    print("| reader | inputs | accepted | clear error | unclear error | Python traceback | silently accepted garbage "
          "| valid refused | hang > %gs | memory error | peak RSS MB | time s |" % args.timeout)
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for reader, r in results.items():
        c = r["counts"]
        print(f"| {reader} | {r['inputs']} | {c['accepted']} | {c['clear']} | {c['unclear']} | {c['traceback']} | "
              f"{c['garbage']} | {c['refused valid']} | {c['hang']} | {c['memory']} | {r['peak_mb']:.0f} | "
              f"{r['seconds']} |")
    for reader, r in results.items():
        for outcome, lines in r["examples"].items():
            print(f"\n{reader}, {outcome} ({len(lines)}):")
            for line in lines[:8]:
                print(f"  {line}")
    if args.json:
        Path(args.json).write_text(json.dumps({k: {**v, "counts": dict(v["counts"])} for k, v in results.items()},
                                              indent=1))


if __name__ == "__main__":
    main()
