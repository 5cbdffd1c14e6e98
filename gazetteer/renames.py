"""Former names of Ukrainian settlements, from successive editions of the official classifiers.

Reporting and datasets keep the names a settlement had before it was renamed: UCDP GED
writes "Frunze" for Sentianivka (renamed 2016), news of 2024 "Lastochkyne" for
Krynychne (renamed 2024). Ukraine's state classifiers list every settlement under a
stable code, so two editions joined by code give the renamings between them:

* KOATUU (until 2020), editions of 15.07.2015 and 15.09.2017: the 2016 renamings;
* KATOTTG (since 2020), editions of 12.01.2021 and 19.01.2024 against the edition the
  gazetteer is built from: the renamings since.

:func:`derive` writes them to ``data/curated/renames.csv`` (``python -m gazetteer.renames``,
see ``docs/gazetteer.md`` for where the editions come from); the builder joins them to
its places with :func:`former_names`: a KATOTTG renaming by code, a KOATUU one (KOATUU
codes are not KATOTTG's) by oblast and current name, then by the pre-2020 raion's
centre where namesakes share the oblast. A name that only respells the current one
(same :func:`~gazetteer.names.skeleton`) is no former name.
"""

from __future__ import annotations

import argparse
import itertools
import re
from pathlib import Path

import pandas as pd

from .names import fold, skeleton
from .units import names_unit, unit_key

__all__ = ["RENAMES_FILE", "derive", "former_names", "katottg_edition", "koatuu_edition", "renamings"]

RENAMES_FILE = Path(__file__).parent / "data" / "curated" / "renames.csv"
#: KOATUU settlement types: city, urban-type settlement, village, rural settlement.
KOATUU_SETTLEMENTS = {"М", "Т", "С", "Щ"}
#: The KOATUU edition after the 2016 renamings: the renamed_by date of a KOATUU renaming.
KOATUU_AFTER = "2017-09-15"
#: KATOTTG settlement categories: city, urban-type settlement (X until 2023, T after), village.
KATOTTG_SETTLEMENTS = {"M", "K", "X", "T", "C"}
#: A raion's or council's head row names its centre: "ВОЛНОВАСЬКИЙ РАЙОН/М.ВОЛНОВАХА", "…/СМТ ДОМАНІВКА", "ГОРЛІВКА".
_CENTRE = re.compile(r"^(?:М\.|СМТ\.?|С\.)\s*|\s+РАЙОН$")


def title(name: str) -> str:
    """A classifier's upper-case name as a name is written.

    >>> title("ВЕЛИКА КОСТРОМКА"), title("П'ЯТИХАТКИ"), title("НОВО-ОЛЕКСАНДРІВКА")
    ('Велика Костромка', "П'ятихатки", 'Ново-Олександрівка')
    """
    return " ".join("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")) for word in name.split())


def koatuu_edition(path: str | Path) -> pd.DataFrame:
    """A KOATUU edition (CSV ``TE,NP,NU``): ``code`` (10 digits), ``kind`` and ``name`` of every row."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(frame.columns[:3]) != ["TE", "NP", "NU"]:
        raise ValueError(f"{path}: not a KOATUU edition (expected the columns TE,NP,NU)")
    return pd.DataFrame({"code": frame["TE"].str.strip().str.zfill(10), "kind": frame["NP"].str.strip(),
                         "name": frame["NU"].str.strip()})


def katottg_edition(path: str | Path) -> pd.DataFrame:
    """A KATOTTG edition, the ministry's spreadsheet or the CSV of ``katottg-*.csv``: ``code``, ``kind``, ``name``."""
    path = Path(path)
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return frame.rename(columns={"category": "kind"})[["code", "kind", "name"]]
    sheet = pd.read_excel(path, header=None, dtype=str).fillna("")
    rows = sheet[sheet[0].str.startswith("UA")]
    levels = rows.iloc[:, :5].replace("", pd.NA)
    return pd.DataFrame({"code": levels.ffill(axis=1).iloc[:, -1], "kind": rows[5].str.strip(),
                         "name": rows[6].str.strip()}).reset_index(drop=True)


def renamings(old: pd.DataFrame, new: pd.DataFrame, settlements: set[str]) -> pd.DataFrame:
    """Settlements whose name changed between two editions of a classifier, joined by code.

    >>> old = pd.DataFrame({"code": ["1", "2", "3"], "kind": ["С"] * 3, "name": ["ФРУНЗЕ", "ЖОВТНЕВЕ", "ЮР’ЇВКА"]})
    >>> new = old.assign(name=["СЕНТЯНІВКА", "ЖОВТНЕВЕ", "ЮРІЇВКА"])
    >>> renamings(old, new, {"С"})[["old_name", "new_name"]].values.tolist()
    [['ФРУНЗЕ', 'СЕНТЯНІВКА']]
    """
    pairs = old[old["kind"].isin(settlements)].merge(new[["code", "name"]], on="code", suffixes=("", "_new"))
    changed = pairs["name"].map(skeleton) != pairs["name_new"].map(skeleton)
    return pairs[changed].rename(columns={"name": "old_name", "name_new": "new_name"})[["code", "old_name", "new_name"]]


def _raion_centres(edition: pd.DataFrame) -> pd.Series:
    """Per KOATUU code, the centre of its raion or city council ("Волноваха" for the Volnovakha raion)."""
    heads = edition[edition["code"].str.endswith("00000")].set_index("code")["name"]
    centres = heads.str.rsplit("/", n=1).str[-1].str.replace(_CENTRE, "", regex=True).str.strip().map(title)
    return edition["code"].str[:5].add("00000").map(centres).fillna("")


def derive(koatuu: tuple[Path, Path], katottg: list[tuple[str, Path]]) -> pd.DataFrame:
    """Every renaming between the classifier editions given, as ``renames.csv`` holds them.

    ``koatuu`` is (before, after) the 2016 renamings; ``katottg`` the KATOTTG editions with
    their dates, oldest first, the last the edition the gazetteer is built from.
    ``renamed_by`` is the date of the first edition with the new name.
    """
    before, after = koatuu_edition(koatuu[0]), koatuu_edition(koatuu[1])
    old = renamings(before, after, KOATUU_SETTLEMENTS)
    # The raion's centre by its name after the renamings (Pokrovsk, not Krasnoarmiisk): the pre-2020 raions' names.
    old = old.merge(after.assign(centre=_raion_centres(after))[["code", "centre"]], on="code")
    frames = [old.assign(source="koatuu", old_name=old["old_name"].map(title), new_name=old["new_name"].map(title),
                         renamed_by=KOATUU_AFTER)]
    for (_, earlier), (date, later) in itertools.pairwise(katottg):
        frames.append(renamings(katottg_edition(earlier), katottg_edition(later), KATOTTG_SETTLEMENTS)
                      .assign(source="katottg", centre="", renamed_by=date))
    table = pd.concat(frames, ignore_index=True)
    return table[["source", "code", "centre", "old_name", "new_name", "renamed_by"]].drop_duplicates(
        ["source", "code", "old_name"])


def former_names(places: pd.DataFrame, renames: pd.DataFrame) -> pd.DataFrame:
    """The renamings joined to ``places`` (``id``, ``name_local``, ``admin2_pre2020``): ``id``, ``form``, ``valid_until``.

    ``valid_until`` is the date of the first edition with the new name: an upper bound
    of the renaming date.

    >>> places = pd.DataFrame({"id": ["katottg:UA44000000000000001", "katottg:UA44000000000000002",
    ...                               "katottg:UA44000000000000003"], "name_local": ["Сентянівка", "Лозове", "Лозове"],
    ...                        "admin2_pre2020": ["Slovianoserbsk", "Svatove", "Troitske"]})
    >>> renames = pd.DataFrame({"source": ["koatuu", "koatuu"], "code": ["4424556200", "4424000001"],
    ...                         "centre": ["Слов'яносербськ", "Сватове"], "old_name": ["Фрунзе", "Ленінське"],
    ...                         "new_name": ["Сентянівка", "Лозове"], "renamed_by": ["2017-09-15", "2017-09-15"]})
    >>> former_names(places, renames).values.tolist()
    [['katottg:UA44000000000000001', 'Фрунзе', '2017-09-15'], ['katottg:UA44000000000000002', 'Ленінське', '2017-09-15']]
    """
    located = places[places["id"].str.startswith("katottg:")]
    by_code = renames[renames["source"] == "katottg"].assign(id="katottg:" + renames["code"])
    by_code = by_code[by_code["id"].isin(located["id"])]
    # A settlement renamed in 2016 and again since is found by its 2016 name among its KATOTTG former names.
    names = pd.concat([located[["id", "name_local"]], by_code[["id", "old_name"]].rename(columns={"old_name": "name_local"})])
    names = names.assign(oblast=names["id"].str[10:12], key=names["name_local"].map(fold))
    koatuu = renames[renames["source"] == "koatuu"]
    koatuu = koatuu.assign(oblast=koatuu["code"].str[:2], key=koatuu["new_name"].map(fold))
    pairs = koatuu.merge(names[["id", "oblast", "key"]], on=["oblast", "key"])
    by_id = located.set_index("id")
    raion = pairs["id"].map(by_id["admin2_pre2020"].str.split("|").str[0]).fillna("")
    pairs["in_raion"] = [names_unit(unit_key(centre), unit_key(unit)) for centre, unit in zip(pairs["centre"], raion,
                                                                                               strict=True)]
    namesakes = pairs.groupby(["code", "old_name"])["id"].transform("nunique")
    in_raion = pairs.groupby(["code", "old_name"])["in_raion"].transform("sum")
    pairs = pairs[(namesakes == 1) | (pairs["in_raion"] & (in_raion == 1))]
    found = pd.concat([by_code, pairs])[["id", "old_name", "renamed_by"]].drop_duplicates(["id", "old_name"])
    current = found["id"].map(by_id["name_local"]).map(skeleton)
    found = found[found["old_name"].map(skeleton) != current]
    return pd.DataFrame({"id": found["id"].to_numpy(), "form": found["old_name"].to_numpy(),
                         "valid_until": found["renamed_by"].to_numpy()})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Derive data/curated/renames.csv from classifier editions.")
    parser.add_argument("--koatuu", type=Path, nargs=2, required=True, metavar=("BEFORE", "AFTER"),
                        help="KOATUU editions (CSV TE,NP,NU) of 15.07.2015 and 15.09.2017")
    parser.add_argument("--katottg", nargs="+", required=True, metavar="DATE=FILE",
                        help="KATOTTG editions (spreadsheet or katottg-*.csv), oldest first, the build's last: "
                             "2021-01-12=kodifikator-2021.xlsx ... 2026-10-12=katottg-2024.csv")
    parser.add_argument("--out", type=Path, default=RENAMES_FILE)
    args = parser.parse_args(argv)
    katottg = [(date, Path(file)) for date, _, file in (item.partition("=") for item in args.katottg)]
    table = derive(tuple(args.koatuu), katottg)
    table.to_csv(args.out, index=False)
    print(f"{args.out}: {len(table):,} renamings ({(table['source'] == 'koatuu').sum():,} KOATUU 2015-2017, "
          f"{(table['source'] == 'katottg').sum():,} KATOTTG since 2021)")


if __name__ == "__main__":
    main()
