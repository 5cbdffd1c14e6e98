"""Gazetteer accuracy on data nobody in this project wrote; prints its figures.

    python benchmarks/gazetteer_accuracy.py [--shared ../shared] [--worst 15]

Three checks (distances: haversine on the IUGG mean sphere, 6371.0088 km):

1. **Cities 30,000+.** Every Ukrainian place of 30,000+ people in GeoNames
   ``cities500`` is looked up, without context, by its GeoNames English name and by
   its official Ukrainian name; it passes when the answer is unambiguous and within
   5 km of the GeoNames point. The Ukrainian name is the KATOTTG city or town of the
   same oblast whose national-system romanisation matches the GeoNames name (a
   spelling key of this script's own, 93 % similar, exactly one such unit); cities
   with no such KATOTTG unit (GeoNames lists city districts such as Saltivka or
   Obolon as places of their own) are scored by English name in a third line only.
2. **UCDP GED.** Events whose location precision is settlement level
   (``where_prec`` 1); the place name of ``where_coordinates`` (its trailing
   ``village``/``town``/``city`` word dropped, a bracketed qualifier moved to the
   context; names with other lower-case words, such as "airport", are not settlement
   names and are skipped) is resolved once per distinct (name, adm_1, point), on the
   date of its first event (a name dropped later was then the current name), and
   scored against UCDP's own coordinates, with ``adm_1`` alone and with all of UCDP's
   location fields (``adm_2``, ``adm_1``) as context; the misses are listed by cause.
3. **Articles.** The scored places of ``articles/truth.yaml`` (not optional, not
   ``locate: false``): the share whose candidate set (by the annotated name and its
   printed forms) holds a point within the annotated tolerance, and the share that
   ``resolve(name, context=<article text>, on=<published>)`` answers unambiguously
   within tolerance.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from gazetteer import Gazetteer
from gazetteer.build import read_admin1
from gazetteer.distance import haversine_km
from gazetteer.translit import uk_national

ROOT = Path(__file__).resolve().parents[1]


def _km(place, lat: float, lon: float) -> float:
    if place is None or place.lat != place.lat:
        return float("inf")
    return float(haversine_km(place.lat, place.lon, lat, lon))


def _latin_key(name: str) -> str:
    """A spelling key of this script's own (independent of the gazetteer's keys): letters only, y as i, no doubles."""
    text = re.sub(r"[^a-z]", "", name.lower()).replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", text)


def ukrainian_names(cities: pd.DataFrame, katottg: pd.DataFrame) -> pd.Series:
    """The KATOTTG name of each GeoNames city, "" when no single city or town of its oblast matches.

    A match is a romanised (national system) KATOTTG name at least 93 % similar by
    :func:`_latin_key` (one letter in fifteen may differ), and the only one that good.
    """
    from rapidfuzz import fuzz

    admin1 = read_admin1()
    iso_of = {row.name_uk.split(" ")[0]: row.iso for row in admin1.itertuples() if row.iso.startswith("UA")}
    iso_of.update({"Київ": "UA-30", "Севастополь": "UA-40", "Автономна": "UA-43"})
    towns = katottg[katottg["category"].isin(["K", "M", "X"])].copy()
    towns["admin1"] = towns["oblast"].str.split(" ").str[0].map(iso_of)
    towns["key"] = towns["name"].str.strip().map(uk_national).map(_latin_key)
    names = []
    for city in cities.itertuples():
        pool = towns[towns["admin1"] == city.admin1_iso]
        key = _latin_key(city.name)
        scores = np.array([fuzz.ratio(key, other) for other in pool["key"]])
        good = np.flatnonzero(scores >= 93)
        names.append(pool["name"].iloc[good[0]].strip() if len(good) == 1 else "")
    return pd.Series(names, index=cities.index)


def check_cities(gaz: Gazetteer, sources: Path) -> None:
    cities = pd.read_csv(sources / "geonames-cities500-UA-RU.tsv", sep="\t", dtype=str, keep_default_na=False)
    cities["population"] = pd.to_numeric(cities["population"], errors="coerce")
    cities = cities[(cities["country"] == "UA") & (cities["population"] >= 30_000)].reset_index(drop=True)
    katottg = pd.read_csv(sources / "katottg-2024.csv", dtype=str, keep_default_na=False)
    cities["uk"] = ukrainian_names(cities, katottg)
    print(f"\n1. Ukrainian places of 30,000+ in GeoNames cities500: {len(cities)} "
          f"({(cities['uk'] != '').sum()} with a KATOTTG Ukrainian name)")
    settlements = cities[cities["uk"] != ""]
    for label, column, rows in (("English name", "name", settlements), ("Ukrainian name", "uk", settlements),
                                ("English name, all (with city districts)", "name", cities)):
        fails = []
        for city in rows.itertuples():
            res = gaz.resolve(getattr(city, column))
            km = _km(res.place, float(city.latitude), float(city.longitude))
            if not (res.resolved and km <= 5):
                state = "ambiguous" if res.ambiguous else ("unknown" if res.place is None else "resolved")
                fails.append(f"{getattr(city, column)} ({city.population:,.0f}): {state}, {km:.0f} km")
        ok = len(rows) - len(fails)
        print(f"   by {label}: {ok}/{len(rows)} = {ok / len(rows):.1%} unambiguous and within 5 km")
        for line in fails[:12]:
            print(f"      miss: {line}")
        if len(fails) > 12:
            print(f"      ... and {len(fails) - 12} more")


_KIND_WORD = re.compile(r"\s+(village|town|city|settlement|hamlet|urban-type settlement)$", re.IGNORECASE)
_BRACKET = re.compile(r"\s*\(([^)]*)\)\s*$")


def ucdp_places(events: Path) -> tuple[pd.DataFrame, int, int]:
    """UCDP's settlement-level locations: one row per distinct (name, adm_1, point), with the raion context.

    ``where_coordinates`` is cut to the place name: a bracketed qualifier
    ("Hryhorivka village (Telmanove Raion)") goes to the context, then the trailing kind
    word. Names with other lower-case words ("... airport", "border checkpoint") are
    not settlement names and are skipped. Returns the places, the number of events and
    of skipped location names.
    """
    frame = pd.read_csv(events, encoding="cp1252")
    frame = frame[frame["where_prec"] == 1].copy()
    text = frame["where_coordinates"].str.strip()
    frame["qualifier"] = text.str.extract(_BRACKET, expand=False).fillna("")
    frame["name"] = text.str.replace(_BRACKET, "", regex=True).str.replace(_KIND_WORD, "", regex=True)
    settlement = frame["name"].map(lambda n: all(w[:1].isupper() or not w[:1].isalpha() for w in n.split()))
    skipped = frame[~settlement]["where_coordinates"].nunique()
    # The event's date, month first as the file writes it (where a spreadsheet mangled it: the middle of its
    # year); a place keeps its first event's.
    day = pd.to_datetime(frame["date_start"], format="mixed", dayfirst=False, errors="coerce")
    frame["on"] = day.dt.strftime("%Y-%m-%d").fillna(frame["year"].astype(str) + "-07-01")
    places = frame[settlement].assign(lat2=frame["latitude"].round(2), lon2=frame["longitude"].round(2))
    places = places.sort_values("on", kind="stable").drop_duplicates(["name", "adm_1", "lat2", "lon2"])
    places = places.sort_index().reset_index(drop=True)
    adm_2 = places["adm_2"].fillna("").astype(str)
    places["context"] = [", ".join(part for part in parts if part) for parts in
                         zip(places["qualifier"], adm_2, places["adm_1"].astype(str), strict=True)]
    return places, len(frame), skipped


def _classify(gaz: Gazetteer, row, res) -> tuple[str, str]:
    """Why a UCDP place missed, and the evidence: see :func:`check_ucdp`."""
    near = [c for c in res.candidates if _km(c.place, row.latitude, row.longitude) <= 5]
    if near and res.ambiguous:
        raion = [c for c in res.candidates if c.evidence.get("raion")]
        if near[0].evidence.get("raion"):
            return "namesakes in the same raion", f"{len(raion)} of {len(res.candidates)} candidates in the raion named"
        if raion:
            return ("the raion named is not the raion of UCDP's own point (by the gazetteer's raions)",
                    f"the right one is in {near[0].place.admin2 or '?'}")
        return "namesakes the context does not separate", f"right one among {len(res.candidates)} candidates"
    if near:
        return "another namesake chosen", f"{res.place.label()}, {_km(res.place, row.latitude, row.longitude):.0f} km"
    spot = gaz.reverse(row.latitude, row.longitude)
    there = (f"UCDP's point is {_km(spot.place, row.latitude, row.longitude):.1f} km from {spot.place.label()}"
             if spot else "no place near UCDP's point")
    if res.resolved and _km(res.place, row.latitude, row.longitude) <= 15:
        return "same place, points 5-15 km apart", f"{_km(res.place, row.latitude, row.longitude):.1f} km; {there}"
    if not res.candidates:
        return "name unknown to the gazetteer", there
    return "name not known for the place at UCDP's point", (
        f"{'ambiguous' if res.ambiguous else res.place.label()}; {there}")


def check_ucdp(gaz: Gazetteer, events: Path, worst: int) -> None:
    """UCDP GED's settlement-level places resolved with UCDP's own location fields as context.

    Two contexts: ``adm_1`` alone (the oblast), and everything UCDP gives about the
    location: the bracketed qualifier, ``adm_2`` (a pre-2020 raion, a city council's
    land such as "Horlivka City municipality", or a post-2020 raion) and ``adm_1``.
    With the oblast alone, namesakes in one oblast are rightly left ambiguous. Misses
    are classified by cause; where UCDP's point lies at another settlement than the
    one it names, the miss is listed with that evidence rather than counted away.
    """
    places, events_n, skipped = ucdp_places(events)
    print(f"\n2. UCDP GED settlement-level places (where_prec 1): {len(places)} distinct (name, adm_1, point) "
          f"from {events_n} events ({skipped} non-settlement location names skipped); scored: resolved "
          f"(unambiguous) to a point within 5 km of UCDP's")
    results = {}
    for label, column in (("adm_1 only", "adm_1"), ("UCDP's location fields (adm_2, adm_1)", "context")):
        hits, causes = [], {}
        for row in places.itertuples():
            res = gaz.resolve(row.name, context=str(getattr(row, column)), on=row.on)
            ok = res.resolved and _km(res.place, row.latitude, row.longitude) <= 5
            hits.append(ok)
            if not ok:
                cause, evidence = _classify(gaz, row, res)
                causes.setdefault(cause, []).append(f"{row.name} ({row.context}): {evidence}")
        results[label] = causes
        print(f"   context {label}: {np.sum(hits)}/{len(places)} = {np.mean(hits):.1%} within 5 km")
    for cause, misses in sorted(results["UCDP's location fields (adm_2, adm_1)"].items(), key=lambda kv: -len(kv[1])):
        print(f"   misses with the full context, {cause}: {len(misses)}")
        for line in misses[:worst]:
            print(f"      {line}")
        if len(misses) > worst:
            print(f"      ... and {len(misses) - worst} more")


def check_articles(gaz: Gazetteer, articles: Path) -> None:
    truth = yaml.safe_load((articles / "truth.yaml").read_text())["articles"]
    total = among = right = 0
    wrong: list[str] = []
    for article_id, article in truth.items():
        text = (articles / f"{article_id}.txt").read_text()
        for place in article.get("places", []):
            if place.get("optional") or place.get("locate") is False:
                continue
            total += 1
            lat, lon, tol = place["lat"], place["lon"], place["tol_km"]
            found = False
            for form in [place["name"], *place.get("forms", [])]:
                res = gaz.resolve(form)
                if any(_km(c.place, lat, lon) <= tol for c in res.candidates):
                    found = True
                    break
            among += found
            res = gaz.resolve(place["name"], context=text, on=str(article["published"]))
            ok = res.resolved and _km(res.place, lat, lon) <= tol
            right += ok
            if not ok:
                wrong.append(f"{article_id} {place['name']}: "
                             + ("ambiguous" if res.ambiguous else "unknown" if res.place is None
                                else f"{_km(res.place, lat, lon):.0f} km off"))
    print(f"\n3. Articles: {total} scored places")
    print(f"   right point among the candidates: {among}/{total} = {among / total:.1%}")
    print(f"   resolved right with the article as context: {right}/{total} = {right / total:.1%}")
    for line in wrong[:15]:
        print(f"      miss: {line}")
    if len(wrong) > 15:
        print(f"      ... and {len(wrong) - 15} more")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder")
    parser.add_argument("--data", type=Path, help="a gazetteer data folder (default: the embedded one)")
    parser.add_argument("--worst", type=int, default=15, help="how many worst UCDP misses to list")
    args = parser.parse_args()
    start = time.perf_counter()
    gaz = Gazetteer(args.data) if args.data else Gazetteer.default()
    print(f"{gaz!r}, built {gaz.meta.get('built')}")
    check_cities(gaz, args.shared / "data" / "gazetteer-sources")
    check_ucdp(gaz, args.shared / "data" / "events" / "ucdp-ged-ukraine-2014-2022.csv", args.worst)
    check_articles(gaz, args.shared / "articles")
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
