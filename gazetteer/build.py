"""Build the embedded gazetteer from its sources.

    python -m gazetteer.build --sources ../shared/data/gazetteer-sources \\
        --boundaries ../shared/data/boundaries/naturalearth-admin1-UA-RU-border.geojson

optionally with full GeoNames dumps (``--geonames UA.txt RU.txt --alternate-names
alternateNamesV2.txt``) to grow coverage to every hamlet GeoNames knows.

How the sources are merged (see ``README.md`` for attribution):

* Ukraine: every settlement of the KATOTTG codifier (official names, oblast, raion,
  hromada) takes coordinates from the GeoNames postal dump (same oblast and name;
  namesakes separated by raion), and population, English name and trusted
  coordinates from GeoNames ``cities500``. Postal coordinates that fall outside their
  oblast are rejected; coordinates shared by namesakes or estimated by GeoNames
  (accuracy 1) are flagged ``estimated``; a settlement with none takes the centre of
  its hromada's located settlements (``hromada``).
* Russia: the postal places of Kursk, Belgorod and Bryansk oblasts, joined to
  ``cities500`` (all of Russia, so that far-away namesakes are known).
* A curated supplement with one citation per row, for places no source has.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .distance import haversine_km
from .names import KEY_VERSION, fold, name_forms, skeleton
from .sources import read_alternate_names, read_cities500, read_geonames_dump, read_katottg, read_postal
from .translit import ru_bgn, uk_national

__all__ = ["build", "BuildReport", "DATA_DIR", "CURATED_DIR"]

DATA_DIR = Path(__file__).parent / "data"
CURATED_DIR = DATA_DIR / "curated"

PLACE_COLUMNS = [
    "id", "name", "name_local", "language", "country", "admin1", "admin2", "hromada", "kind",
    "population", "lat", "lon", "precision", "uncertainty_km", "geonameid", "sources",
]
KIND_OF_KATOTTG = {"K": "city", "M": "city", "X": "town", "C": "village"}
UNCERTAINTY_KM = {"gazetteer": 1.0, "postal": 2.0, "estimated": 10.0, "hromada": 15.0}
MATCH_KM = 15.0


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


def ukraine_places(sources: Path, admin1: pd.DataFrame, boundaries: gpd.GeoDataFrame, report: BuildReport) -> pd.DataFrame:
    """KATOTTG settlements located through the postal dump."""
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
    second = _unique_join(rest, postal[["admin1", "key", "raion", "lat", "lon", "precision"]], ["admin1", "key", "raion"])
    located = pd.concat([first, second], ignore_index=True)[["code", "lat", "lon", "precision"]]
    places = settlements.merge(located, on="code", how="left")
    report.add("katottg located by postal name", located["code"].nunique())

    places["precision"] = places["precision"].fillna("none")

    return pd.DataFrame({
        "id": "katottg:" + places["code"],
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
        "sources": "katottg+postal",
    })


def _fill_from_hromada(places: pd.DataFrame, report: BuildReport) -> pd.DataFrame:
    """Unlocated Ukrainian settlements take the centre of their hromada's located ones."""
    keys = ["admin1", "admin2", "hromada"]
    located = places[places["lat"].notna() & (places["hromada"] != "")]
    centres = located.groupby(keys)[["lat", "lon"]].mean()
    missing = places["lat"].isna() & (places["hromada"] != "")
    fill = places.loc[missing, keys].join(centres, on=keys)
    places.loc[missing, ["lat", "lon"]] = fill[["lat", "lon"]].to_numpy()
    filled = missing & places["lat"].notna()
    places.loc[filled, "precision"] = "hromada"
    report.add("katottg located by hromada centre", filled.sum())
    return places


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
    best = _best_postal(postal[inside], ["admin1", "key", "district"])
    report.add("postal RU places", len(best))
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
        "geonameid": "",
        "sources": "postal",
    })


def _kind_by_population(population: pd.Series) -> np.ndarray:
    """city from 10,000 people, town from 2,000, else village."""
    population = population.astype(float).fillna(0).to_numpy()
    return np.where(population >= 10_000, "city", np.where(population >= 2_000, "town", "village"))


def _join_geonames(places: pd.DataFrame, geonames: pd.DataFrame, report: BuildReport) -> pd.Series:
    """Give places their GeoNames population, English name and coordinates, in place.

    A GeoNames row joins the nearest place of the same oblast and name skeleton
    within 15 km, or the only place of that name in the oblast if its coordinate is
    unreliable. Returns the GeoNames ids that joined.
    """
    left = places[["admin1", "lat", "lon", "precision"]].assign(skel=places["name"].map(skeleton), row=places.index)
    unique_name = ~left.duplicated(["admin1", "skel"], keep=False)
    pairs = left[places["geonameid"].eq("")].merge(
        geonames[["geonameid", "admin1", "skel", "latitude", "longitude"]], on=["admin1", "skel"]
    )
    pairs["km"] = haversine_km(pairs["lat"], pairs["lon"], pairs["latitude"], pairs["longitude"])
    loose = pairs["precision"].isin(["estimated", "hromada", "none"]) & unique_name.loc[pairs["row"]].to_numpy()
    pairs = pairs[(pairs["km"] <= MATCH_KM) | loose]
    pairs = pairs.sort_values("km").drop_duplicates("geonameid").drop_duplicates("row")
    matched = geonames.set_index("geonameid").loc[pairs["geonameid"]]
    rows = pairs["row"].to_numpy()
    places.loc[rows, ["population", "lat", "lon", "english"]] = matched[
        ["population", "latitude", "longitude", "name"]
    ].to_numpy()
    places.loc[rows, "precision"] = "gazetteer"
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
        "sources": "geonames",
        "english": extra["name"],
    })


def read_curated_places() -> pd.DataFrame:
    """The curated supplement: places no source has, one citation per row."""
    frame = pd.read_csv(CURATED_DIR / "places.csv", dtype=str, keep_default_na=False)
    for column in ("lat", "lon", "uncertainty_km", "population"):
        frame[column] = pd.to_numeric(frame[column].replace("", np.nan))
    frame = frame.rename(columns={"name_en": "english"})
    frame["name"] = frame["english"]
    frame["hromada"] = ""
    frame["geonameid"] = ""
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
               report: BuildReport) -> pd.DataFrame:
    """Every name form of every place, keyed for exact and variant lookup.

    Curated names whose place the sources do not hold (a partial build) are counted
    in the report, not silently dropped.
    """
    records: list[tuple[int, str, str, str]] = []
    for row, local, language, english in zip(
        places.index, places["name_local"], places["language"], places["english"].fillna(""), strict=True
    ):
        if local:
            records.extend((row, form, how, "") for form, how in name_forms(local, language))
        if english:
            records.append((row, english, "en", ""))
        records.append((row, places.at[row, "name"], "en", ""))
    place_of = {
        (a, fold(local)): row for row, a, local in zip(places.index, places["admin1"], places["name_local"], strict=True)
    }
    for entry in curated_names.itertuples():
        row = place_of.get((entry.admin1, fold(entry.place)))
        if row is None:
            report.add("curated names skipped: place not in the sources", 1)
            continue
        records.extend((row, form, how, entry.valid_until) for form, how in name_forms(entry.form, entry.language, entry.kind))
    if alternate is not None and len(alternate):
        row_of = pd.Series(places.index, index=places["geonameid"]).loc[lambda s: s.index != ""]
        alternate = alternate[alternate["geonameid"].isin(row_of.index)]
        for entry in alternate.itertuples():
            how = "historical:geonames" if entry.is_historic else f"geonames:{entry.isolanguage or 'und'}"
            records.append((row_of[entry.geonameid], entry.alternate_name, how, entry.to if entry.is_historic else ""))
    names = pd.DataFrame(records, columns=["place", "form", "how", "valid_until"])
    names = names[names["form"].str.strip() != ""]
    names["fold"] = names["form"].map(fold)
    names = names.drop_duplicates(["place", "fold"]).reset_index(drop=True)
    names["skeleton"] = names["form"].map(skeleton)
    return names


def build(
    sources: Path,
    boundaries: Path,
    out: Path = DATA_DIR,
    geonames_dumps: list[Path] | None = None,
    alternate_names: Path | None = None,
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

    ukraine = ukraine_places(sources, admin1, shapes, report)
    russia = russia_border_places(sources, admin1, shapes, report)
    places = pd.concat([ukraine, russia], ignore_index=True).assign(english="")
    joined = _join_geonames(places, cities, report)
    places = _fill_from_hromada(places, report)
    joined = pd.concat([joined, _join_geonames(places, cities[~cities["geonameid"].isin(joined)], report)])
    places = pd.concat([places, _geonames_as_places(cities[~cities["geonameid"].isin(joined)], report)], ignore_index=True)
    report.add("places without any coordinate (left out)", places["lat"].isna().sum())
    places = pd.concat([places.dropna(subset=["lat"]), read_curated_places()], ignore_index=True)
    places["uncertainty_km"] = places["uncertainty_km"].fillna(places["precision"].map(UNCERTAINTY_KM))
    places["population"] = places["population"].astype("Int64")
    places = places.sort_values("id", kind="stable").reset_index(drop=True)
    alternate = read_alternate_names(alternate_names) if alternate_names else None
    names = name_table(places, pd.read_csv(CURATED_DIR / "names.csv", dtype=str, keep_default_na=False), alternate,
                       report)
    report.add("places", len(places))
    report.add("name forms", len(names))

    out.mkdir(parents=True, exist_ok=True)
    places["english"] = places["english"].fillna("")
    places[PLACE_COLUMNS + ["english"]].to_parquet(out / "places.parquet", index=False, compression="zstd")
    names.to_parquet(out / "names.parquet", index=False, compression="zstd")
    admin = admin1.merge(shapes, on="iso", how="left")
    admin = gpd.GeoDataFrame(admin, geometry="geometry", crs="EPSG:4326")
    admin["geometry"] = admin.geometry.simplify(0.005)
    admin.to_parquet(out / "admin1.parquet", index=False, compression="zstd")
    (out / "meta.json").write_text(json.dumps({
        "key_version": KEY_VERSION,
        "built": date.today().isoformat(),
        "counts": report.counts,
        "sources": sorted(p.name for p in sources.iterdir()) + [p.name for p in geonames_dumps or []],
    }, indent=1, ensure_ascii=False))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gazetteer.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, required=True, help="folder with the gazetteer source files")
    parser.add_argument("--boundaries", type=Path, required=True, help="Natural Earth admin-1 GeoJSON")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: the package's data)")
    parser.add_argument("--geonames", type=Path, nargs="*", default=[], help="GeoNames country dumps (UA.txt RU.txt)")
    parser.add_argument("--alternate-names", type=Path, help="GeoNames alternateNamesV2.txt")
    args = parser.parse_args(argv)
    report = build(args.sources, args.boundaries, args.out, args.geonames, args.alternate_names)
    for key, value in report.counts.items():
        print(f"{value:>8,}  {key}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
