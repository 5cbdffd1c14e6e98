"""Build the embedded gazetteer from its sources.

    python -m gazetteer.build --sources ../shared/data/gazetteer-sources \\
        --boundaries ../shared/data/boundaries/naturalearth-admin1-UA-RU-border.geojson

optionally with full GeoNames dumps (``--geonames UA.txt RU.txt --alternate-names
alternateNamesV2.txt``) to grow coverage to every hamlet GeoNames knows.

How the sources are merged (see ``README.md`` for attribution):

* Ukraine: every settlement of the KATOTTG codifier (official names, oblast, raion,
  hromada) takes coordinates from the GeoNames postal dump (same oblast and name;
  namesakes separated by raion). Postal coordinates that fall outside their oblast
  are rejected; coordinates shared by namesakes or estimated by GeoNames
  (accuracy 1) are flagged ``estimated``.
* OpenStreetMap settlements (where ``osm-settlements-*.csv`` is among the sources)
  join their KATOTTG settlement one to one, by oblast and name (then name skeleton):
  nearest first, within 10 km of a postal point or 30 km of an estimated or
  hromada-centre one, at any distance when the name is unique in the oblast on both
  sides (or among its towns and cities), or, for a settlement with no point, an
  estimated one or a hromada centre, when the OSM point lies among its hromada's
  located villages; a city
  prefers a city or town, a hromada's settlement an OSM point among its villages. The OSM point replaces postal, estimated and
  hromada-centre points (``osm``); OSM places KATOTTG lacks are added.
* GeoNames ``cities500`` gives population, English name and coordinates (never over
  an OSM point): each row joins one place of the same oblast and name skeleton,
  nearest first within 10-15 km of a good point or 40 km of a coarse one; a town of
  10,000+ joins the one city or town of its name in the oblast wherever that was put,
  and never a village.
* A settlement still without a point takes the centre of its hromada's located
  settlements (``hromada``); one whose hromada has none is kept as *known but
  unlocated* (``none``, no coordinates), never dropped and never given a made-up point.
* Russia: the postal places of Kursk, Belgorod and Bryansk oblasts, joined to
  ``cities500`` (all of Russia, so that far-away namesakes are known).
* Former names: from the postal dump (names no settlement bears today, at a
  settlement's point) and from earlier editions of the codifiers (:mod:`gazetteer.renames`).
* A curated supplement with one citation per row, for places no source has.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .distance import haversine_km
from .errors import SourceFormatError
from .licence import ATTRIBUTION, BASE_ATTRIBUTION, ODBL_NOTICE
from .names import KEY_VERSION, fold, name_forms, skeleton
from .renames import RENAMES_FILE, former_names
from .sources import (
    OSM_KINDS,
    read_alternate_names,
    read_cities500,
    read_geonames_dump,
    read_katottg,
    read_osm_settlements,
    read_postal,
)
from .tables import TABLES_FILE, write_tables
from .translit import ru_bgn, ru_from_uk_second, ru_translated, uk_national

__all__ = ["build", "BuildReport", "DATA_DIR", "CURATED_DIR"]

DATA_DIR = Path(__file__).parent / "data"
CURATED_DIR = DATA_DIR / "curated"

PLACE_COLUMNS = [
    "id", "name", "name_local", "language", "country", "admin1", "admin2", "hromada", "kind",
    "population", "lat", "lon", "precision", "uncertainty_km", "geonameid", "osm", "sources", "admin2_pre2020",
]
KIND_OF_KATOTTG = {"K": "city", "M": "city", "X": "town", "C": "village"}
KIND_RANK = {"hamlet": 0, "village": 1, "town": 2, "city": 3}
UNCERTAINTY_KM = {"osm": 1.0, "gazetteer": 1.0, "postal": 2.0, "estimated": 10.0, "hromada": 15.0}
#: How far an OSM point may be from a KATOTTG settlement's provisional point to join it.
OSM_JOIN_KM = {"postal": 10.0, "estimated": 30.0, "hromada": 30.0}
#: How far a GeoNames point may be from a place's point to join it.
GEONAMES_JOIN_KM = {"osm": 10.0, "gazetteer": 10.0, "approximate": 10.0, "postal": 15.0, "estimated": 40.0,
                    "hromada": 40.0}
#: A GeoNames place of this many people is a town or city: it never joins a village.
TOWN_POPULATION = 10_000
#: The file name of the OpenStreetMap settlement extract among the sources.
OSM_SOURCE = "osm-settlements-ua-10-oblasts.csv"
#: An unjoined OSM point this close to an OSM-located settlement of its name and hromada is its twin (km).
TWIN_KM = 5.0


@dataclass
class BuildReport:
    """What a build did, for the build log and ``meta.json``."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, value: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + int(value)


def read_admin1() -> pd.DataFrame:
    """The curated admin-1 table (ISO code, GeoNames code, names, context stems)."""
    return pd.read_csv(CURATED_DIR / "admin1.csv", dtype=str, keep_default_na=False)


def _in_oblast(frame: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> np.ndarray:
    """True where the row's point lies within 5 km of its own oblast (vectorised)."""
    shapes = boundaries.set_index("iso")["geometry"]
    known = frame["admin1"].isin(shapes.index).to_numpy()
    result = np.ones(len(frame), dtype=bool)
    polygons = shapes.reindex(frame["admin1"][known]).to_numpy()
    points = shapely.points(frame["lon"].to_numpy()[known], frame["lat"].to_numpy()[known])
    result[known] = shapely.dwithin(polygons, points, 0.05)
    return result


def _best_postal(postal: pd.DataFrame, group: list[str]) -> pd.DataFrame:
    """One row per postal place: the most accurate coordinate; namesakes sharing one are flagged."""
    postal = postal.assign(accuracy=postal["accuracy"].fillna(0))
    best = postal.sort_values(["accuracy", "postal_code"], ascending=[False, True]).drop_duplicates(group)
    shared = best.duplicated(["admin1", "key", "lat", "lon"], keep=False)
    best = best.assign(precision=np.where((best["accuracy"] >= 4) & ~shared, "postal", "estimated"))
    return best.reset_index(drop=True)


def _unique_join(left: pd.DataFrame, right: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """Inner join on ``on`` keeping only keys that are unique on both sides."""
    left_unique = left[~left.duplicated(on, keep=False)]
    right_unique = right[~right.duplicated(on, keep=False)]
    return left_unique.merge(right_unique, on=on, suffixes=("", "_r"))


def ukraine_places(sources: Path, admin1: pd.DataFrame, boundaries: gpd.GeoDataFrame,
                   report: BuildReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """KATOTTG settlements located through the postal dump, and the postal places no settlement is named like.

    The second table (``admin1``, ``name``, ``key``, ``lat``, ``lon``; trustworthy postal
    points only) holds the postal dump's names that KATOTTG no longer has in the oblast:
    mostly names from before the 2016 renamings (see :func:`postal_former_names`).
    """
    katottg = read_katottg(sources / "katottg-2024.csv")
    oblast_iso = {row.name_uk.split(" ")[0]: row.iso for row in admin1.itertuples() if row.iso.startswith("UA")}
    oblast_iso.update({"Київ": "UA-30", "Севастополь": "UA-40", "Автономна": "UA-43"})
    settlements = katottg[katottg["category"].isin(list(KIND_OF_KATOTTG))].copy()
    settlements["admin1"] = settlements["oblast"].str.split(" ").str[0].map(oblast_iso)
    settlements["key"] = settlements["name"].map(fold)
    report.add("katottg settlements", len(settlements))

    postal = read_postal(sources / "geonames-postal-UA.tsv")
    region_iso = {row.geonames: row.iso for row in admin1.itertuples()}
    postal["admin1"] = ("UA." + postal["admin_code1"].str.zfill(2)).map(region_iso)
    postal = postal.rename(columns={"latitude": "lat", "longitude": "lon", "place_name": "name"})
    # "Жовтневе (Слобідка-Кульчиївецька сільська рада)": the council in brackets is not part of the name.
    postal["name"] = postal["name"].str.replace(r"\s*\(.*\)\s*$", "", regex=True)
    postal["key"] = postal["name"].map(fold)
    postal = postal[postal["admin1"].notna()]
    inside = _in_oblast(postal, boundaries)
    report.add("postal UA rows outside their oblast (coordinates rejected)", (~inside).sum())
    postal = _best_postal(postal[inside], ["admin1", "key", "admin_name2"])

    # Stage 1: names unique in their oblast on both sides.
    first = _unique_join(settlements, postal[["admin1", "key", "admin_name2", "lat", "lon", "precision"]], ["admin1", "key"])
    # Learn which new raion each pre-2020 postal raion fell into, by majority.
    raion_map = (
        first.groupby(["admin1", "admin_name2"])["raion"].agg(lambda s: s.value_counts().index[0]).rename("raion")
    )
    postal = postal.join(raion_map, on=["admin1", "admin_name2"])
    # Stage 2: namesakes separated by their (mapped) raion.
    rest = settlements[~settlements["code"].isin(first["code"])]
    second = _unique_join(rest, postal[["admin1", "key", "raion", "admin_name2", "lat", "lon", "precision"]],
                          ["admin1", "key", "raion"])
    located = pd.concat([first, second], ignore_index=True)[["code", "lat", "lon", "precision", "admin_name2"]]
    places = settlements.merge(located, on="code", how="left")
    report.add("katottg located by postal name", located["code"].nunique())
    # Postal names no settlement of their oblast bears today: candidates for former names (see postal_former_names).
    orphans = postal[~postal.set_index(["admin1", "key"]).index.isin(settlements.set_index(["admin1", "key"]).index)]
    orphans = orphans[orphans["precision"] == "postal"][["admin1", "name", "key", "lat", "lon"]].drop_duplicates(["admin1", "key", "lat", "lon"])

    places["precision"] = places["precision"].fillna("none")

    return pd.DataFrame({
        "id": "katottg:" + places["code"],
        "postal_named": places["code"].isin(located["code"]).to_numpy(),
        "postal_raion": places["admin_name2"].fillna("").str.strip().to_numpy(),
        "name": places["name"].map(uk_national),
        "name_local": places["name"],
        "language": "uk",
        "country": "UA",
        "admin1": places["admin1"],
        "admin2": places["raion"].map(lambda r: f"{uk_national(r)} Raion" if r else ""),
        "hromada": places["hromada"].map(lambda h: f"{uk_national(h)} hromada" if h else ""),
        "kind": places["category"].map(KIND_OF_KATOTTG),
        "population": np.nan,
        "lat": places["lat"],
        "lon": places["lon"],
        "precision": places["precision"],
        "geonameid": "",
        "osm": "",
        "sources": np.where(places["precision"] == "none", "katottg", "katottg+postal"),
    }), orphans.reset_index(drop=True)


def _hromada_centres(places: pd.DataFrame) -> pd.DataFrame:
    """Per Ukrainian place without a point: the centre of its hromada's located settlements (NaN if none)."""
    keys = ["admin1", "admin2", "hromada"]
    located = places[places["lat"].notna() & (places["hromada"] != "")]
    centres = located.groupby(keys)[["lat", "lon"]].mean()
    missing = places["lat"].isna() & (places["hromada"] != "")
    return places.loc[missing, keys].join(centres, on=keys)[["lat", "lon"]]


def _fill_from_hromada(places: pd.DataFrame, report: BuildReport) -> pd.DataFrame:
    """Unlocated Ukrainian settlements take the centre of their hromada's located ones."""
    fill = _hromada_centres(places).dropna()
    places.loc[fill.index, ["lat", "lon"]] = fill[["lat", "lon"]].to_numpy()
    places.loc[fill.index, "precision"] = "hromada"
    report.add("katottg located by hromada centre", len(fill))
    return places


def _one_to_one(pairs: pd.DataFrame, left: str, right: str, cost: str) -> pd.DataFrame:
    """Greedy one-to-one assignment: cheapest pair first, each ``left`` and ``right`` used once.

    >>> pairs = pd.DataFrame({"a": [1, 1, 2], "b": [7, 8, 7], "km": [1.0, 2.0, 3.0]})
    >>> _one_to_one(pairs, "a", "b", "km")[["a", "b"]].values.tolist()
    [[1, 7]]
    """
    pairs = pairs.sort_values(cost, kind="stable")
    used_left: set = set()
    used_right: set = set()
    keep = []
    for i, (a, b) in enumerate(zip(pairs[left].tolist(), pairs[right].tolist(), strict=True)):
        if a not in used_left and b not in used_right:
            used_left.add(a)
            used_right.add(b)
            keep.append(i)
    return pairs.iloc[keep]


def _alone(frame: pd.DataFrame, on: list[str]) -> np.ndarray:
    """True where the row is the only one with its ``on`` values."""
    return ~frame.duplicated(on, keep=False).to_numpy()


def _alone_among(frame: pd.DataFrame, subset: pd.Series, on: list[str]) -> np.ndarray:
    """True where the row is in ``subset`` and the only row of ``subset`` with its ``on`` values."""
    twins = frame[subset].duplicated(on, keep=False).reindex(frame.index, fill_value=True)
    return (subset & ~twins).to_numpy()


def _dedupe_osm(osm: pd.DataFrame) -> pd.DataFrame:
    """One row per settlement: OSM may map a town twice (its place node and its boundary's centre).

    Rows of one oblast and name within 3 km (10 km when both are towns or cities) are
    one settlement; the place node, which mappers put at the centre, is kept.
    """
    osm = osm.assign(key=osm["name_uk"].map(fold), urban=osm["place"].isin(["city", "town"]),
                     node=osm["osm_type"] != "node").sort_values(["node"], kind="stable")
    pairs = osm.reset_index().merge(osm.reset_index(), on=["admin1", "key"], suffixes=("", "_b"))
    pairs = pairs[pairs["index"] != pairs["index_b"]]
    km = haversine_km(pairs["lat"], pairs["lon"], pairs["lat_b"], pairs["lon_b"])
    close = km <= np.where(pairs["urban"] & pairs["urban_b"], 10.0, 3.0)
    order = {index: i for i, index in enumerate(osm.index)}
    later = pairs["index"].map(order) > pairs["index_b"].map(order)
    twins = pairs.loc[close & later, "index"].unique()
    return osm.drop(index=twins).drop(columns=["key", "urban", "node"]).sort_index()


def join_osm(places: pd.DataFrame, osm: pd.DataFrame, report: BuildReport) -> pd.DataFrame:
    """Put OSM points on their KATOTTG settlements (one to one) and add the OSM places KATOTTG lacks.

    Two passes: by folded name, then by name skeleton for what is left. A settlement
    without a point is placed for the join at its hromada's centre. Then a second
    round for the settlements still without an OSM point, with hromada centres drawn
    from the points joined so far: in occupied areas few villages have a postal point,
    and a centre drawn from them alone can lie 30 km or more from the hromada.
    """
    chosen = _join_osm_round(places, osm, "located postal points", report)
    _put_osm(places, osm, chosen)
    again = _join_osm_round(places, osm.drop(index=chosen["orow"]), "joined OSM points", report)
    _put_osm(places, osm, again)
    extra = osm.drop(index=np.r_[chosen["orow"].to_numpy(), again["orow"].to_numpy()])
    kept = _without_twins(extra, places)
    report.add("OSM points left out: a second point of a settlement of their name and hromada within "
               f"{TWIN_KM:g} km (mapped as a node and as a boundary)", len(extra) - len(kept))
    extra = kept
    report.add("OSM places added (not in KATOTTG)", len(extra))
    return pd.concat([places, _osm_as_places(extra, places)], ignore_index=True)


def _join_osm_round(places: pd.DataFrame, osm: pd.DataFrame, centres_from: str, report: BuildReport) -> pd.DataFrame:
    """One round of :func:`join_osm`: the chosen (``row``, ``orow``) pairs of the ``places`` without an OSM
    point and the ``osm`` rows."""
    provisional = places[["lat", "lon", "precision"]].copy()
    unlocated = places["lat"].isna() | places["precision"].eq("hromada")
    centres = _hromada_centres(places.assign(lat=places["lat"].where(~unlocated))).dropna()
    provisional.loc[centres.index, ["lat", "lon"]] = centres.to_numpy()
    provisional.loc[centres.index, "precision"] = "hromada"
    left = places[["admin1", "kind", "name_local", "hromada"]].assign(
        row=places.index, plat=provisional["lat"], plon=provisional["lon"], pprec=provisional["precision"])
    left = left[places["precision"].ne("osm")]
    right = osm.assign(orow=osm.index, ohromada=_nearest_hromada(places, osm))
    joined = []
    for label, key in (("name", fold), ("name skeleton", skeleton)):
        left = left[~left["row"].isin([r for part in joined for r in part["row"]])]
        right = right[~right["orow"].isin([r for part in joined for r in part["orow"]])]
        left_keyed = left.assign(key=left["name_local"].map(key))
        right_keyed = right[["admin1", "name_uk", "place", "lat", "lon", "orow", "ohromada"]].assign(
            key=right["name_uk"].map(key))
        pairs = left_keyed.assign(
            alone=_alone(left_keyed, ["admin1", "key"]),
            alone_urban=_alone_among(left_keyed, left_keyed["kind"] == "city", ["admin1", "key"]),
        ).merge(right_keyed.assign(
            oalone=_alone(right_keyed, ["admin1", "key"]),
            oalone_urban=_alone_among(right_keyed, right_keyed["place"].isin(["city", "town"]), ["admin1", "key"]),
        ), on=["admin1", "key"])
        pairs["km"] = haversine_km(pairs["plat"], pairs["plon"], pairs["lat"], pairs["lon"])
        radius = pairs["pprec"].map(OSM_JOIN_KM)
        ok = ((pairs["alone"] & pairs["oalone"]) | (pairs["alone_urban"] & pairs["oalone_urban"]) | (pairs["km"] <= radius)
              | (pairs["pprec"].isin(["none", "estimated", "hromada"]) & pairs["ohromada"].eq(pairs["hromada"])))
        osm_urban = pairs["place"].isin(["city", "town"])
        clash = ((pairs["kind"] == "city") & ~osm_urban) | ((pairs["kind"] == "village") & osm_urban)
        elsewhere = pairs["pprec"].isin(["hromada", "none"]) & (pairs["ohromada"] != pairs["hromada"])
        pairs = pairs.assign(cost=pairs["km"].fillna(60.0) + 100.0 * clash + 40.0 * elsewhere)[ok]
        chosen = _one_to_one(pairs, "row", "orow", "cost")
        report.add(f"katottg located by OSM ({label}; hromada centres from {centres_from})", len(chosen))
        joined.append(chosen)
    return pd.concat(joined, ignore_index=True)


def _put_osm(places: pd.DataFrame, osm: pd.DataFrame, chosen: pd.DataFrame) -> None:
    """Give the chosen KATOTTG rows their OSM point (in place)."""
    rows = chosen["row"].to_numpy()
    source = osm.loc[chosen["orow"]]
    places.loc[rows, ["lat", "lon"]] = source[["lat", "lon"]].to_numpy()
    places.loc[rows, "precision"] = "osm"
    places.loc[rows, "osm"] = (source["osm_type"] + "/" + source["osm_id"]).to_numpy()
    places.loc[rows, "osm_en"] = source["name_en"].to_numpy()
    places.loc[rows, "sources"] = "katottg+osm"


def _nearest_hromada(places: pd.DataFrame, osm: pd.DataFrame) -> np.ndarray:
    """Per OSM point, the hromada of the nearest settlement with a postal or OSM point within 15 km ("" if none).

    A settlement placed only at its hromada's centre is most likely the namesake
    that lies among its own hromada's villages.
    """
    near, km = _nearest(places[places["precision"].isin(["postal", "osm"]) & places["hromada"].ne("")], osm)
    return np.where(km <= 15, near["hromada"].to_numpy(), "")


def _nearest(located: pd.DataFrame, points: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Per row of ``points`` (lat, lon), the nearest row of ``located`` and its distance in km (on the sphere)."""
    tree = shapely.STRtree(shapely.points(located["lon"].to_numpy(), located["lat"].to_numpy()))
    nearest = tree.query_nearest(shapely.points(points["lon"].to_numpy(), points["lat"].to_numpy()), all_matches=False)[1]
    near = located.iloc[nearest]
    return near, haversine_km(points["lat"].to_numpy(), points["lon"].to_numpy(), near["lat"].to_numpy(),
                              near["lon"].to_numpy())


def _without_twins(extra: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The unjoined OSM points but those within :data:`TWIN_KM` of an OSM-located settlement of their name
    whose hromada their nearest located neighbour is in: KATOTTG has that settlement once, OSM twice."""
    located = places[places["precision"].eq("osm") & places["hromada"].ne("")]
    pairs = extra.assign(key=extra["name_uk"].map(fold), hromada=_nearest_hromada(places, extra)).reset_index().merge(
        located.assign(key=located["name_local"].map(fold))[["admin1", "key", "hromada", "lat", "lon"]],
        on=["admin1", "key", "hromada"], suffixes=("", "_k"))
    twins = pairs.loc[haversine_km(pairs["lat"], pairs["lon"], pairs["lat_k"], pairs["lon_k"]) <= TWIN_KM, "index"]
    return extra.drop(index=twins.unique())


def _osm_as_places(extra: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """OSM settlements of their own, with the raion and hromada of the nearest located KATOTTG settlement."""
    near, km = _nearest(places[places["precision"].isin(["osm", "postal"])], extra)
    close = km <= 10
    return pd.DataFrame({
        "id": "osm:" + extra["osm_type"] + "/" + extra["osm_id"],
        "name": extra["name_uk"].map(uk_national),
        "name_local": extra["name_uk"],
        "language": "uk",
        "country": "UA",
        "admin1": extra["admin1"],
        "admin2": np.where(close, near["admin2"], ""),
        "hromada": np.where(close, near["hromada"], ""),
        "kind": extra["place"].map(OSM_KINDS),
        "population": np.nan,
        "lat": extra["lat"],
        "lon": extra["lon"],
        "precision": "osm",
        "geonameid": "",
        "osm": extra["osm_type"] + "/" + extra["osm_id"],
        "osm_en": extra["name_en"],
        "sources": "osm",
    })


def read_osm(path: Path, admin1: pd.DataFrame, report: BuildReport) -> pd.DataFrame:
    """The OSM settlement extract with ISO oblast codes; nameless rows counted and left out."""
    osm = read_osm_settlements(path)
    oblast_iso = {row.name_uk.split(" ")[0]: row.iso for row in admin1.itertuples() if row.iso.startswith("UA")}
    osm["admin1"] = osm["oblast"].map(oblast_iso)
    unknown = osm["admin1"].isna()
    if unknown.any():
        raise SourceFormatError(path, int(np.flatnonzero(unknown)[0]) + 2,
                                f"oblast {osm['oblast'][unknown].iloc[0]!r} is not a Ukrainian oblast's short name")
    nameless = osm["name_uk"] == ""
    report.add("OSM rows without a Ukrainian name (left out)", nameless.sum())
    report.add("OSM settlements read", (~nameless).sum())
    osm = _dedupe_osm(osm[~nameless])
    report.add("OSM settlements after merging twin points", len(osm))
    return osm.reset_index(drop=True)


def russia_border_places(sources: Path, admin1: pd.DataFrame, boundaries: gpd.GeoDataFrame, report: BuildReport) -> pd.DataFrame:
    """Postal places of Kursk, Belgorod and Bryansk oblasts."""
    postal = read_postal(sources / "geonames-postal-RU-border.tsv")
    region_iso = {fold(row.name_ru): row.iso for row in admin1.itertuples()}
    postal["admin1"] = postal["admin_name1"].map(fold).map(region_iso)
    postal = postal[postal["admin1"].notna()].rename(columns={"latitude": "lat", "longitude": "lon"})
    postal["name"] = postal["place_name"].str.replace(r"\s+\d+$", "", regex=True).str.strip()
    postal["key"] = postal["name"].map(fold)
    postal["district"] = postal["admin_name2"].str.strip().str.capitalize()
    inside = _in_oblast(postal, boundaries)
    report.add("postal RU rows outside their oblast (coordinates rejected)", (~inside).sum())
    # A village whose only point lies in another oblast (Обуховка of Korenevo district carries the point of
    # Obukhovka near Stary Oskol) is still a village of its district: known, but unlocated.
    postal.loc[~inside, ["lat", "lon", "accuracy"]] = [np.nan, np.nan, -1]
    best = _best_postal(postal, ["admin1", "key", "district"])
    best.loc[best["lat"].isna(), "precision"] = "none"
    best["uncertainty_km"] = _district_doubt(best)
    report.add("postal RU places", len(best))
    report.add("postal RU places known but unlocated (their only point lies outside their oblast)",
               int(best["lat"].isna().sum()))
    return pd.DataFrame({
        "id": "postal-ru:" + best["postal_code"],
        "name": best["name"].map(lambda n: ru_bgn(n).replace("'", "").replace('"', "")),
        "name_local": best["name"],
        "language": "ru",
        "country": "RU",
        "admin1": best["admin1"],
        "admin2": best["district"].map(lambda d: ru_bgn(d).replace("'", "").title() if d else ""),
        "hromada": "",
        "kind": "village",
        "population": np.nan,
        "lat": best["lat"],
        "lon": best["lon"],
        "precision": best["precision"],
        "uncertainty_km": best["uncertainty_km"],
        "geonameid": "",
        "osm": "",
        "sources": "postal",
    })


def _district_doubt(postal: pd.DataFrame) -> pd.Series:
    """Per RU postal place, the uncertainty of an estimated point: at least the usual 10 km, and as far as the
    point lies from the median of its district's trustworthy points (NaN for the others: their precision's).

    An accuracy-1 estimate can lie 70 km from its district (Vnezapnoye of Korenevo district) or 1,000 km away:
    its doubt says so, and proximity evidence then counts it as no nearer than that.
    """
    good = postal[postal["precision"].eq("postal")].groupby(["admin1", "district"])[["lat", "lon"]].median()
    centre = postal[["admin1", "district"]].merge(good, how="left", left_on=["admin1", "district"], right_index=True)
    km = haversine_km(postal["lat"].to_numpy(), postal["lon"].to_numpy(), centre["lat"].to_numpy(),
                      centre["lon"].to_numpy())
    doubt = np.fmax(np.nan_to_num(km, nan=0.0), UNCERTAINTY_KM["estimated"])
    return pd.Series(np.where(postal["precision"].eq("estimated"), doubt, np.nan), index=postal.index)


def _kind_by_population(population: pd.Series) -> np.ndarray:
    """city from 10,000 people, town from 2,000, else village."""
    population = population.astype(float).fillna(0).to_numpy()
    return np.where(population >= 10_000, "city", np.where(population >= 2_000, "town", "village"))


def _join_geonames(places: pd.DataFrame, geonames: pd.DataFrame, report: BuildReport) -> pd.Series:
    """Give places their GeoNames population, English name and coordinates, in place.

    A GeoNames row joins one place of the same oblast and name skeleton, nearest
    first: within :data:`GEONAMES_JOIN_KM` of the place's point, or at any distance
    when the place has no trustworthy point and is the only one of that name in the
    oblast (for a town of 10,000+: the only city or town of that name). A town of
    10,000+ never joins a Ukrainian village. An OSM point is kept; the others give
    way to GeoNames'. Returns the GeoNames ids that joined.
    """
    left = places[["admin1", "lat", "lon", "precision", "kind", "country"]].assign(
        skel=places["name"].map(skeleton), row=places.index)
    left["alone"] = _alone(left, ["admin1", "skel"])
    urban = left["kind"].isin(["city", "town"])
    twins = left[urban].duplicated(["admin1", "skel"], keep=False).reindex(left.index, fill_value=True)
    left["alone_urban"] = urban & ~twins
    pairs = left[places["geonameid"].eq("")].merge(
        geonames[["geonameid", "admin1", "skel", "latitude", "longitude", "population"]], on=["admin1", "skel"]
    )
    pairs["km"] = haversine_km(pairs["lat"], pairs["lon"], pairs["latitude"], pairs["longitude"])
    coarse = ~pairs["precision"].isin(["osm", "gazetteer", "approximate"])
    town = pairs["population"].fillna(0) >= TOWN_POPULATION
    village = (pairs["country"] == "UA") & ~pairs["kind"].isin(["city", "town"])
    ok = (pairs["km"] <= pairs["precision"].map(GEONAMES_JOIN_KM)) | (coarse & pairs["alone"]) | (
        coarse & town & pairs["alone_urban"])
    pairs = pairs.assign(cost=pairs["km"].fillna(1000.0))[ok & ~(town & village)]
    pairs = _one_to_one(pairs, "row", "geonameid", "cost")
    matched = geonames.set_index("geonameid").loc[pairs["geonameid"]]
    rows = pairs["row"].to_numpy()
    places.loc[rows, ["population", "english"]] = matched[["population", "name"]].to_numpy()
    moved = places.loc[rows, "precision"].to_numpy() != "osm"
    places.loc[rows[moved], ["lat", "lon"]] = matched[["latitude", "longitude"]].to_numpy()[moved]
    places.loc[rows[moved], "precision"] = "gazetteer"
    if "uncertainty_km" in places:
        places.loc[rows[moved], "uncertainty_km"] = np.nan  # the gazetteer point's own, filled in later
    russian = rows[places.loc[rows, "country"].to_numpy() == "RU"]
    places.loc[russian, "kind"] = _kind_by_population(places.loc[russian, "population"])
    places.loc[rows, "geonameid"] = matched.index.to_numpy()
    places.loc[rows, "sources"] = places.loc[rows, "sources"] + "+geonames"
    report.add("geonames rows joined to a place", len(pairs))
    return pairs["geonameid"]


def _geonames_as_places(extra: pd.DataFrame, report: BuildReport) -> pd.DataFrame:
    """GeoNames rows that joined no place, as places of their own."""
    report.add("geonames rows added as places", len(extra))
    return pd.DataFrame({
        "id": "geonames:" + extra["geonameid"],
        "name": extra["name"],
        "name_local": "",
        "language": "",
        "country": extra["country"],
        "admin1": extra["admin1"],
        "admin2": extra["admin2"],
        "hromada": "",
        "kind": _kind_by_population(extra["population"]),
        "population": extra["population"],
        "lat": extra["latitude"],
        "lon": extra["longitude"],
        "precision": "gazetteer",
        "geonameid": extra["geonameid"],
        "osm": "",
        "sources": "geonames",
        "english": extra["name"],
    })


#: How far a postal point may lie from the settlement whose former name it carries.
FORMER_NAME_KM = 2.0
#: The KATOTTG edition among the sources: a name it no longer lists was dropped before this date.
KATOTTG_EDITION = "2024-01-01"


def postal_former_names(places: pd.DataFrame, orphans: pd.DataFrame, report: BuildReport) -> pd.DataFrame:
    """Former names of Ukrainian settlements, read from the (older) postal dump.

    The postal dump predates the 2016 renamings in many oblasts: a trustworthy postal
    point whose name no settlement of its oblast bears today, lying within
    :data:`FORMER_NAME_KM` of a settlement (OSM or GeoNames point) that the postal dump
    does not list under its current name, is that settlement's former name
    (Первомайськ for Сокологірськ). One to one, nearest first; a name that is only
    another spelling of the current one (same skeleton) is left out. ``valid_until``
    is the KATOTTG edition's date: an upper bound of the renaming date.
    Returns ``id``, ``form`` and ``valid_until``.
    """
    targets = places[places["id"].str.startswith("katottg:") & ~places["postal_named"].fillna(False).astype(bool)
                     & places["precision"].isin(["osm", "gazetteer"])]
    tree = shapely.STRtree(shapely.points(targets["lon"].to_numpy(), targets["lat"].to_numpy()))
    left, right = tree.query(shapely.points(orphans["lon"].to_numpy(), orphans["lat"].to_numpy()),
                             predicate="dwithin", distance=FORMER_NAME_KM / 60)
    pairs = pd.DataFrame({"orphan": left, "target": targets.index.to_numpy()[right]})
    target = places[["admin1", "name_local", "lat", "lon"]].add_suffix("_t")
    pairs = pairs.join(orphans[["admin1", "name", "lat", "lon"]], on="orphan").join(target, on="target")
    pairs["km"] = haversine_km(pairs["lat"], pairs["lon"], pairs["lat_t"], pairs["lon_t"])
    same = pairs["name"].map(skeleton) == pairs["name_local_t"].map(skeleton)
    pairs = pairs[(pairs["admin1"] == pairs["admin1_t"]) & (pairs["km"] <= FORMER_NAME_KM) & ~same]
    pairs = _one_to_one(pairs, "orphan", "target", "km")
    report.add("former names from the postal dump (settlements renamed since)", len(pairs))
    return pd.DataFrame({"id": places.loc[pairs["target"], "id"].to_numpy(), "form": pairs["name"].to_numpy(),
                         "valid_until": KATOTTG_EDITION})


def _mark_city_districts(places: pd.DataFrame, report: BuildReport) -> pd.DataFrame:
    """GeoNames-only Ukrainian places of 10,000+ people near a city are districts of it, not towns.

    Every Ukrainian town is in KATOTTG and joins its GeoNames row; one that joined
    nothing yet counts 10,000+ people within 10 km of a KATOTTG city is a city district
    GeoNames lists as a place of its own (Kalmiuskyi, Pravyi Bereh in Mariupol). It
    becomes kind ``district``, so its population is never read as a city's.
    """
    cities = places[places["id"].str.startswith("katottg:") & (places["kind"] == "city") & places["lat"].notna()]
    loose = places.index[(places["sources"] == "geonames") & (places["country"] == "UA")
                         & (places["population"].astype(float).fillna(0) >= TOWN_POPULATION)]
    km = _nearest(cities, places.loc[loose])[1]
    districts = loose[km <= 10]
    places.loc[districts, "kind"] = "district"
    report.add("geonames city districts (kind district, not towns)", len(districts))
    return places


def pre2020_raions(places: pd.DataFrame, raions: Path, report: BuildReport) -> np.ndarray:
    """Per place, the pre-2020 raion its point lies in ("" outside or without a point).

    Reporting and datasets before the 2020 reform (UCDP GED, older news) name the
    490 former raions ("Yasynuvata raion"); geoBoundaries draws them.
    """
    shapes = gpd.read_file(raions)
    shapes = shapes[shapes["shapeName"].notna()]
    names = shapes["shapeName"].str.strip().to_numpy()
    result = np.full(len(places), "", dtype=object)
    ukraine = np.flatnonzero((places["country"] == "UA").to_numpy() & places["lat"].notna().to_numpy())
    points = shapely.points(places["lon"].to_numpy()[ukraine], places["lat"].to_numpy()[ukraine])
    point_index, shape_index = shapely.STRtree(shapes.geometry.to_numpy()).query(points, predicate="within")
    first = ~pd.Series(point_index).duplicated().to_numpy()
    result[ukraine[point_index[first]]] = names[shape_index[first]]
    report.add("Ukrainian places given their pre-2020 raion", int((result != "").sum()))
    return result


def raion_former_names(places: pd.DataFrame, curated_names: pd.DataFrame, former: pd.DataFrame) -> pd.Series:
    """``admin2_pre2020`` with the former names of each raion's centre appended (``Bakhmut|Артемівськ``).

    A raion is named after its centre; when the centre was renamed (Artemivsk to
    Bakhmut in 2016) reporting of the time names the raion by the old name
    ("Artemivsk raion"). The centre is the town or city in the raion whose name has
    the raion's skeleton; its former names come from the curated table and the postal
    dump. Forms are kept in Cyrillic: the runtime compares skeletons.
    """
    historical = curated_names[curated_names["kind"] == "historical"]
    by_place = {}
    for admin1, local, form in zip(historical["admin1"], historical["place"], historical["form"], strict=True):
        by_place.setdefault((admin1, fold(local)), []).append(form)
    local_of = dict(zip(places["id"], zip(places["admin1"], places["name_local"].map(fold), strict=True), strict=True))
    for place_id, form in zip(former["id"], former["form"], strict=True):
        by_place.setdefault(local_of[place_id], []).append(form)
    towns = places[places["kind"].isin(["city", "town"]) & (places["admin2_pre2020"] != "")]
    centres = towns[towns["name"].map(skeleton) == towns["admin2_pre2020"].map(skeleton)]
    aliases = {}
    for raion, admin1, local in zip(centres["admin2_pre2020"], centres["admin1"], centres["name_local"], strict=True):
        forms = by_place.get((admin1, fold(local)), [])
        if forms:
            aliases[(admin1, raion)] = "|".join([raion, *dict.fromkeys(forms)])
    keys = list(zip(places["admin1"], places["admin2_pre2020"], strict=True))
    return pd.Series([aliases.get(key, key[1]) for key in keys], index=places.index)


#: What travels with a point when namesakes' points are swapped back: the point and what was joined
#: to it by distance (OSM, GeoNames: population, English name).
POINT_COLUMNS = ["lat", "lon", "precision", "uncertainty_km", "osm", "osm_en", "admin2_pre2020", "geonameid",
                 "population", "english", "sources"]
#: Namesake sets larger than this are left as they are (permutations are tried exhaustively).
SWAP_GROUP_MAX = 7


def _expected_raion(places: pd.DataFrame) -> pd.Series:
    """Per place, the post-2020 raion that 90 %+ of the settlements of its point's pre-2020 raion are in ("" if none)."""
    frame = places[places["id"].str.startswith("katottg:") & (places["admin2_pre2020"] != "")]
    counts = frame.groupby(["admin1", "admin2_pre2020", "admin2"]).size()
    share = counts / counts.groupby(level=[0, 1]).transform("sum")
    top = share[share >= 0.9].reset_index().set_index(["admin1", "admin2_pre2020"])["admin2"]
    keys = list(zip(places["admin1"], places["admin2_pre2020"], strict=True))
    return pd.Series([top.get(key, "") for key in keys], index=places.index)


def _misses(order: tuple[int, ...], want: list[str], units: list[str]) -> int:
    """How many settlements the assignment ``order`` (settlement i takes point order[i]) puts outside their unit."""
    return sum(bool(want[j]) and want[j] != units[i] for i, j in enumerate(order))


def repair_namesake_swaps(places: pd.DataFrame, report: BuildReport) -> pd.DataFrame:
    """Give namesakes of one oblast back each other's points where their raions say they were swapped.

    The name joins (postal, OSM) can put the point of one Volodymyrivka on another. A
    point whose pre-2020 raion went, 90 % or more, to one new raion (see
    :func:`_expected_raion`) belongs to the namesake of that raion: within each group
    of located namesakes (those misplaced and those of the raions they belong to), the
    assignment of points that puts the most settlements in their expected raion is
    kept when it beats the current one.
    """
    located = places["id"].str.startswith("katottg:") & places["lat"].notna()
    moved = _swap_back(places, located, _expected_raion(places), "admin2")
    report.add("points given back to their namesake (raions show they were swapped)", moved)
    return places


#: A point's hromada is that of its nearest neighbour (another name) within this many km.
NEIGHBOUR_KM = 10.0


def repair_hromada_swaps(places: pd.DataFrame, report: BuildReport) -> pd.DataFrame:
    """Give namesakes of one oblast back each other's points where their hromadas say they were swapped.

    Finer than :func:`repair_namesake_swaps` where old raions were split by the
    reform: a point belongs to the hromada of its nearest neighbour (the nearest
    KATOTTG settlement of another name with a surveyed or postal point, within
    10 km), and namesakes whose points each lie among the other's hromada's villages
    (Volodymyrivka of Olhynska hromada, near Olhynka, carried the point of the
    Volodymyrivka of Soledarska hromada, 80 km away) trade them back: the
    assignment that puts most points in their own hromada, when it beats the current one
    and puts no fewer in their raion (by :func:`_expected_raion`).
    """
    good = places["id"].str.startswith("katottg:") & places["precision"].isin(["osm", "postal", "gazetteer"])
    moved = _swap_back(places, good, _neighbour_hromada(places, good), "hromada", keep=(_expected_raion(places), "admin2"))
    report.add("points given back to their namesake (hromadas show they were swapped)", moved)
    return places


def _neighbour_hromada(places: pd.DataFrame, good: pd.Series) -> pd.Series:
    """Per place with a ``good`` point and a namesake in its oblast: the hromada of its nearest neighbour ("" if none)."""
    located = places[good & places["hromada"].ne("")]
    namesakes = located[located.duplicated(["admin1", "name_local"], keep=False)]
    tree = shapely.STRtree(shapely.points(located["lon"].to_numpy(), located["lat"].to_numpy()))
    point, other = tree.query(shapely.points(namesakes["lon"].to_numpy(), namesakes["lat"].to_numpy()),
                              predicate="dwithin", distance=NEIGHBOUR_KM / 70.0)  # degrees: wide enough at 45-52° N
    pairs = pd.DataFrame({"row": namesakes.index[point], "near": located.index[other]})
    pairs = pairs[places.loc[pairs["row"], "name_local"].to_numpy() != places.loc[pairs["near"], "name_local"].to_numpy()]
    pairs["km"] = haversine_km(places.loc[pairs["row"], "lat"].to_numpy(), places.loc[pairs["row"], "lon"].to_numpy(),
                               places.loc[pairs["near"], "lat"].to_numpy(), places.loc[pairs["near"], "lon"].to_numpy())
    nearest = pairs[pairs["km"] <= NEIGHBOUR_KM].sort_values("km", kind="stable").drop_duplicates("row")
    hromada = pd.Series("", index=places.index, dtype=object)
    hromada[nearest["row"].to_numpy()] = places.loc[nearest["near"], "hromada"].to_numpy()
    return hromada


def _swap_back(places: pd.DataFrame, candidates: pd.Series, expected: pd.Series, unit: str,
               keep: tuple[pd.Series, str] | None = None) -> int:
    """Trade points among namesakes (``candidates`` of one oblast and name) so that most points lie in the
    ``unit`` (raion, hromada) they are ``expected`` in; returns how many points moved (``places`` is changed).

    ``keep`` is a second (expected, unit) test that a trade must not make worse.
    """
    located = places[candidates]
    moved = 0
    for _, group in located.groupby(["admin1", "name_local"]):
        if len(group) < 2:
            continue
        # Only the misplaced and the namesakes of the units they want take part.
        misplaced = [i for i, w, r in zip(group.index, expected[group.index], group[unit], strict=True) if w and w != r]
        wanted = set(expected[misplaced])
        involved = group[group.index.isin(misplaced) | group[unit].isin(wanted)]
        if not misplaced or not 2 <= len(involved) <= SWAP_GROUP_MAX:
            continue
        rows = involved.index.to_list()
        tests = [(expected[rows].to_list(), involved[unit].to_list())]
        if keep is not None:
            tests.append((keep[0][rows].to_list(), involved[keep[1]].to_list()))

        def score(order: tuple[int, ...], tests=tests) -> tuple[int, ...]:
            return (*(_misses(order, want, units) for want, units in tests), sum(i != j for i, j in enumerate(order)))

        best = min(itertools.permutations(range(len(rows))), key=score)
        after, now = score(best), score(tuple(range(len(rows))))
        if after[0] < now[0] and all(a <= n for a, n in zip(after[1:-1], now[1:-1], strict=True)):
            places.loc[rows, POINT_COLUMNS] = places.loc[[rows[j] for j in best], POINT_COLUMNS].to_numpy()
            moved += sum(i != j for i, j in enumerate(best))
    return moved


def _outside_own_raion(places: pd.DataFrame) -> int:
    """How many KATOTTG settlements lie in a pre-2020 raion whose settlements went, 90 % or more, to another raion.

    The 2020 reform merged old raions into new ones; a point in an old raion that
    became another new raion than the settlement's own is most likely a namesake's
    point (the joins put it on the wrong Volodymyrivka). A count for the build log.
    """
    expected = _expected_raion(places.assign(admin2_pre2020=places["admin2_pre2020"].str.split("|").str[0]))
    return int((places["id"].str.startswith("katottg:") & (expected != "") & (expected != places["admin2"])).sum())


def read_curated_places() -> pd.DataFrame:
    """The curated supplement: places no source has, one citation per row."""
    frame = pd.read_csv(CURATED_DIR / "places.csv", dtype=str, keep_default_na=False)
    for column in ("lat", "lon", "uncertainty_km", "population"):
        frame[column] = pd.to_numeric(frame[column].replace("", np.nan))
    frame = frame.rename(columns={"name_en": "english"})
    frame["name"] = frame["english"]
    frame["hromada"] = ""
    frame["geonameid"] = ""
    frame["osm"] = ""
    frame["sources"] = "curated"
    return frame


def geonames_dump_places(dumps: list[Path], admin_codes: dict[str, str]) -> pd.DataFrame:
    """Populated places of full GeoNames country dumps, in the ``cities500`` shape."""
    frame = pd.concat([read_geonames_dump(path) for path in dumps], ignore_index=True)
    code = frame["country_code"] + "." + frame["admin1_code"]
    return pd.DataFrame({
        "geonameid": frame["geonameid"],
        "name": frame["name"],
        "country": frame["country_code"],
        "admin1_iso": code.map(admin_codes).fillna(code),
        "admin2_name": "",
        "population": frame["population"].where(frame["population"] > 0),
        "latitude": frame["latitude"],
        "longitude": frame["longitude"],
    })


def name_table(places: pd.DataFrame, curated_names: pd.DataFrame, alternate: pd.DataFrame | None,
               report: BuildReport, former: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every name form of every place, keyed for exact and variant lookup.

    Curated names whose place the sources do not hold (a partial build) are counted
    in the report, not silently dropped.
    """
    records: list[tuple[int, str, str, str]] = []
    for row, local, language, english, osm_en in zip(
        places.index, places["name_local"], places["language"], places["english"].fillna(""),
        places["osm_en"].fillna(""), strict=True
    ):
        if local:
            records.extend((row, form, how, "") for form, how in name_forms(local, language))
            if language == "uk":  # the other Russian form of an ending with two (Лозове: Лозово, Лозовое),
                # and the translated one (Перемога: Победа)
                for other in dict.fromkeys(filter(None, (ru_from_uk_second(local), ru_translated(local)))):
                    records.extend((row, form, how, "") for form, how in name_forms(other, "ru", "derived"))
        if english:
            records.append((row, english, "en", ""))
        if osm_en:
            records.append((row, osm_en, "osm:en", ""))
        records.append((row, places.at[row, "name"], "en", ""))
    # A curated name belongs to the largest place of that name in its oblast (the city, not its namesake villages).
    rank = places["kind"].map(KIND_RANK).fillna(0) * 1e9 + places["population"].astype(float).fillna(0)
    by_size = places.assign(rank=rank).sort_values("rank", kind="stable")
    place_of = {
        (a, fold(local)): row for row, a, local in zip(by_size.index, by_size["admin1"], by_size["name_local"], strict=True)
    }
    for entry in curated_names.itertuples():
        row = place_of.get((entry.admin1, fold(entry.place)))
        if row is None:
            report.add("curated names skipped: place not in the sources", 1)
            continue
        if entry.language == "en":  # an English name as reporting writes it ("New York" for Niu-York)
            records.append((row, entry.form, f"{entry.kind}:en", entry.valid_until))
            continue
        records.extend((row, form, how, entry.valid_until) for form, how in name_forms(entry.form, entry.language, entry.kind))
    if former is not None and len(former):  # former names read from the postal dump (postal_former_names)
        row_of_id = pd.Series(places.index, index=places["id"])
        for place_id, form, until in zip(former["id"], former["form"], former["valid_until"], strict=True):
            records.extend((row_of_id[place_id], f, how, until) for f, how in name_forms(form, "uk", "historical"))
    if alternate is not None and len(alternate):
        row_of = pd.Series(places.index, index=places["geonameid"]).loc[lambda s: s.index != ""]
        alternate = alternate[alternate["geonameid"].isin(row_of.index)]
        for entry in alternate.itertuples():
            how = "historical:geonames" if entry.is_historic else f"geonames:{entry.isolanguage or 'und'}"
            records.append((row_of[entry.geonameid], entry.alternate_name, how, entry.to if entry.is_historic else ""))
    names = pd.DataFrame(records, columns=["place", "form", "how", "valid_until"])
    names = names[names["form"].str.strip() != ""]
    names["fold"] = names["form"].map(fold)
    # Where a rule's guess and a real name agree (Северск), keep the real name's tag.
    derived = names["how"].str.contains("derived", regex=False)
    names = names.loc[derived.sort_values(kind="stable").index].drop_duplicates(["place", "fold"]).sort_index()
    names = names.reset_index(drop=True)
    names["skeleton"] = names["form"].map(skeleton)
    return names


def build(
    sources: Path,
    boundaries: Path,
    out: Path = DATA_DIR,
    geonames_dumps: list[Path] | None = None,
    alternate_names: Path | None = None,
    raions: Path | None = None,
) -> BuildReport:
    """Build ``places.parquet``, ``names.parquet``, ``admin1.parquet`` and ``meta.json`` in ``out``."""
    report = BuildReport()
    admin1 = read_admin1()
    shapes = gpd.read_file(boundaries).rename(columns={"iso_3166_2": "iso"})[["iso", "geometry"]]
    cities = read_cities500(sources / "geonames-cities500-UA-RU.tsv")
    admin_codes = dict(zip(cities["admin1_geonames"], cities["admin1_iso"], strict=True))
    admin_codes.update(dict(zip(admin1["geonames"], admin1["iso"], strict=True)))
    if geonames_dumps:
        dump = geonames_dump_places(geonames_dumps, admin_codes)
        cities = pd.concat([cities, dump[~dump["geonameid"].isin(cities["geonameid"])]], ignore_index=True)
        report.add("geonames dump places", len(dump))
    cities = cities.rename(columns={"admin1_iso": "admin1", "admin2_name": "admin2"})
    cities["skel"] = cities["name"].map(skeleton)

    ukraine, orphans = ukraine_places(sources, admin1, shapes, report)
    ukraine = ukraine.assign(osm_en="")
    if (sources / OSM_SOURCE).exists():
        ukraine = join_osm(ukraine, read_osm(sources / OSM_SOURCE, admin1, report), report)
    russia = russia_border_places(sources, admin1, shapes, report)
    places = pd.concat([ukraine, russia], ignore_index=True).assign(english="")
    places["osm_en"] = places["osm_en"].fillna("")
    joined = _join_geonames(places, cities, report)
    places = _fill_from_hromada(places, report)
    joined = pd.concat([joined, _join_geonames(places, cities[~cities["geonameid"].isin(joined)], report)])
    places = pd.concat([places, _geonames_as_places(cities[~cities["geonameid"].isin(joined)], report)], ignore_index=True)
    places = _mark_city_districts(places, report)
    former = postal_former_names(places, orphans, report)
    report.add("katottg settlements known but unlocated (kept without coordinates)",
               (places["lat"].isna() & places["id"].str.startswith("katottg:")).sum())
    report.add("places known but unlocated (kept without coordinates)", places["lat"].isna().sum())
    places = pd.concat([places, read_curated_places()], ignore_index=True)
    places["uncertainty_km"] = places["uncertainty_km"].fillna(places["precision"].map(UNCERTAINTY_KM))
    places["population"] = places["population"].astype("Int64")
    places = places.sort_values("id", kind="stable").reset_index(drop=True)
    curated_names = pd.read_csv(CURATED_DIR / "names.csv", dtype=str, keep_default_na=False)
    places["admin2_pre2020"] = pre2020_raions(places, raions, report) if raions else ""
    places = repair_namesake_swaps(places, report)
    places = repair_hromada_swaps(places, report)
    # The postal dump names each row's pre-2020 raion: it stands where the point is coarse or in no raion drawn.
    postal_raion = places["postal_raion"].fillna("")
    use = (postal_raion != "") & ((places["admin2_pre2020"] == "") | places["precision"].isin(["estimated", "hromada"]))
    places.loc[use, "admin2_pre2020"] = postal_raion[use]
    report.add("Ukrainian places given their pre-2020 raion by the postal dump", int(use.sum()))
    renamed = former_names(places, pd.read_csv(RENAMES_FILE, dtype=str, keep_default_na=False))
    report.add("former names from the classifiers' editions (KOATUU 2015-2017, KATOTTG since 2021)", len(renamed))
    former = pd.concat([renamed, former], ignore_index=True).drop_duplicates(["id", "form"])
    places["admin2_pre2020"] = raion_former_names(places, curated_names, former)
    report.add("settlements whose point lies in a pre-2020 raion that went (90 %+) to another raion "
               "(probable namesake swaps)", _outside_own_raion(places))
    alternate = read_alternate_names(alternate_names) if alternate_names else None
    names = name_table(places, curated_names, alternate, report, former)
    report.add("places", len(places))
    report.add("name forms", len(names))

    out.mkdir(parents=True, exist_ok=True)
    places["english"] = places["english"].fillna("")
    places[["osm", "osm_en"]] = places[["osm", "osm_en"]].fillna("")
    places[PLACE_COLUMNS + ["english"]].to_parquet(out / "places.parquet", index=False, compression="zstd")
    names.to_parquet(out / "names.parquet", index=False, compression="zstd")
    admin = admin1.merge(shapes, on="iso", how="left")
    admin = gpd.GeoDataFrame(admin, geometry="geometry", crs="EPSG:4326")
    admin["geometry"] = admin.geometry.simplify(0.005)
    admin.to_parquet(out / "admin1.parquet", index=False, compression="zstd")
    write_tables(out / TABLES_FILE, places, names, admin)
    (out / "meta.json").write_text(json.dumps({
        "key_version": KEY_VERSION,
        "built": date.today().isoformat(),
        "counts": report.counts,
        "sources": sorted(p.name for p in sources.iterdir()) + [p.name for p in [*(geonames_dumps or []), *filter(None, [raions])]],
        "licence": ODBL_NOTICE if (sources / OSM_SOURCE).exists() else "GeoNames CC BY 4.0",
        "attribution": ATTRIBUTION if (sources / OSM_SOURCE).exists() else BASE_ATTRIBUTION,
    }, indent=1, ensure_ascii=False))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gazetteer.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, required=True, help="folder with the gazetteer source files")
    parser.add_argument("--boundaries", type=Path, required=True, help="Natural Earth admin-1 GeoJSON")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: the package's data)")
    parser.add_argument("--geonames", type=Path, nargs="*", default=[], help="GeoNames country dumps (UA.txt RU.txt)")
    parser.add_argument("--alternate-names", type=Path, help="GeoNames alternateNamesV2.txt")
    parser.add_argument("--raions", type=Path, help="geoBoundaries pre-2020 raions of Ukraine (GeoJSON)")
    args = parser.parse_args(argv)
    report = build(args.sources, args.boundaries, args.out, args.geonames, args.alternate_names, args.raions)
    for key, value in report.counts.items():
        print(f"{value:>8,}  {key}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
