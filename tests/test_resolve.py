"""Resolution against the embedded gazetteer: the report's places and the namesake traps."""

import math

import pytest

from gazetteer.distance import haversine_km as _km


def resolved(gaz, name, **kwargs):
    resolution = gaz.resolve(name, **kwargs)
    assert resolution.resolved, f"{name} {kwargs} should resolve: {[c.place.label() for c in resolution.candidates[:5]]}"
    return resolution.place


@pytest.mark.parametrize(
    ("name", "context", "admin1", "lat", "lon"),
    [
        ("Sudzha", "the small town of Sudzha", "RU-KRS", 51.19, 35.27),
        ("Kursk", "the road to Kursk", "RU-KRS", 51.73, 36.19),
        ("Berdin", "the village of Berdin in the Kursk region", "RU-KRS", 51.29, 35.42),
        ("Makhnivka", "around the settlement of Makhnivka in the Kursk region", "RU-KRS", 51.17, 35.30),
        ("Kurakhove", "gains near Kurakhove in eastern Ukraine", "UA-14", 47.98, 37.28),
        ("Pokrovsk", "near the strategically important city of Pokrovsk", "UA-14", 48.28, 37.18),
        ("Toretsk", "the contested city of Toretsk", "UA-14", 48.39, 37.85),
    ],
)
def test_places_of_the_seed_report(gaz, name, context, admin1, lat, lon):
    place = resolved(gaz, name, context=context)
    assert place.admin1 == admin1
    assert _km(place.lat, place.lon, lat, lon) < 6


def test_berdin_comes_from_the_curated_supplement_and_says_it_is_approximate(gaz):
    place = resolved(gaz, "Berdin")
    assert place.id == "curated:berdin" and place.precision == "approximate" and place.uncertainty_km == 5
    sudzha = resolved(gaz, "Sudzha")
    assert 10 < _km(place.lat, place.lon, sudzha.lat, sudzha.lon) < 20


@pytest.mark.parametrize("spelling", ["Makhnivka", "Makhnovka", "Machnowka", "Махновка", "Махнівка", "MAKHNOVKA"])
def test_makhnovka_in_every_spelling_with_context(gaz, spelling):
    place = resolved(gaz, spelling, context="in the Kursk region")
    assert place.name == "Makhnovka" and place.admin1 == "RU-KRS"


def test_region_codes_given_by_the_caller_count_like_a_named_region(gaz):
    by_code = gaz.resolve("Makhnivka", regions=["RU-KRS"])
    by_text = gaz.resolve("Makhnivka", context="in the Kursk region")
    assert by_code.resolved and by_code.place == by_text.place
    assert by_code.regions == ("RU-KRS",) and by_code.candidates[0].evidence["region"] == 4.0


def test_makhnivka_alone_is_ambiguous_and_lists_every_namesake(gaz):
    resolution = gaz.resolve("Makhnivka")
    assert resolution.ambiguous and not resolution.resolved
    regions = {c.place.admin1 for c in resolution.candidates}
    assert {"UA-05", "RU-KRS"} <= regions


def test_the_oblast_steers_makhnivka_to_vinnytsia_whose_two_namesakes_stay_ambiguous(gaz):
    resolution = gaz.resolve("Makhnivka", context="Vinnytsia Oblast")
    top = resolution.candidates[:2]
    assert [c.place.admin1 for c in top] == ["UA-05", "UA-05"]
    assert sum(c.probability for c in top) > 0.9
    assert resolution.ambiguous


def test_four_shevchenkos_in_donetsk_oblast_need_more_than_the_oblast(gaz):
    resolution = gaz.resolve("Shevchenko", context="Donetsk Oblast")
    in_donetsk = [c for c in resolution.candidates if c.place.admin1 == "UA-14"]
    assert len(in_donetsk) >= 4
    assert resolution.ambiguous
    # Two Shevchenkos lie 7 and 11 km from Pokrovsk (both at OpenStreetMap points): "near Pokrovsk"
    # puts the nearer one first, and with the oblast it is decided.
    assert gaz.resolve("Shevchenko", context="near Pokrovsk").place.id == \
        resolved(gaz, "Shevchenko", context="near Pokrovsk, Donetsk Oblast").id
    place = resolved(gaz, "Shevchenko", context="near Pokrovsk, Donetsk Oblast")
    pokrovsk = resolved(gaz, "Pokrovsk")
    assert place.admin1 == "UA-14" and _km(place.lat, place.lon, pokrovsk.lat, pokrovsk.lon) < 10


def test_three_petropavlivkas_in_donetsk_oblast(gaz):
    resolution = gaz.resolve("Petropavlivka", context="Donetsk region")
    assert sum(c.place.admin1 == "UA-14" for c in resolution.candidates) >= 3
    assert resolution.ambiguous


def test_pokrovsk_is_donetsk_by_default_and_yakutia_on_request(gaz):
    resolution = gaz.resolve("Pokrovsk")
    assert resolution.resolved and resolution.place.admin1 == "UA-14"
    assert "RU-SA" in {c.place.admin1 for c in resolution.candidates}
    assert resolved(gaz, "Pokrovsk", context="Yakutia region").admin1 == "RU-SA"


def test_dzerzhinsk_is_ambiguous_without_context(gaz):
    resolution = gaz.resolve("Dzerzhinsk")
    assert resolution.ambiguous
    assert {"UA-14", "RU-NIZ"} <= {c.place.admin1 for c in resolution.candidates}
    assert resolved(gaz, "Dzerzhinsk", context="Donetsk Oblast").name == "Toretsk"
    assert resolved(gaz, "Dzerzhinsk", context="Nizhny Novgorod oblast").admin1 == "RU-NIZ"


def test_renamed_places_weigh_more_before_their_renaming(gaz):
    today = gaz.resolve("Dzerzhinsk")
    in_2014 = gaz.resolve("Dzerzhinsk", on="2014-06-01")
    toretsk = lambda r: next(c for c in r.candidates if c.place.name == "Toretsk")  # noqa: E731
    assert toretsk(in_2014).probability > toretsk(today).probability
    assert "renamed" in toretsk(today).evidence and "renamed" not in toretsk(in_2014).evidence


@pytest.mark.parametrize(
    ("old", "new", "context"),
    [
        ("Krasnoarmeysk", "Pokrovsk", "near Myrnohrad"), ("Krasnoarmiisk", "Pokrovsk", None),
        ("Красноармейск", "Pokrovsk", "Донецкая область"), ("Dzerzhynsk", "Toretsk", None),
        ("Artemivsk", "Bakhmut", None), ("Artyomovsk", "Bakhmut", None), ("Dimitrov", "Myrnohrad", "Donetsk region"),
        ("Kiev", "Kyiv", None), ("Kharkov", "Kharkiv", None), ("Charkiw", "Kharkiv", None),
    ],
)
def test_historical_names_and_exonyms(gaz, old, new, context):
    assert resolved(gaz, old, context=context).name == new


@pytest.mark.parametrize("spelling", ["Kupiansk", "Kup'yansk", "Kupyansk", "Kup’yans’k", "Купянськ", "Куп'янськ"])
def test_apostrophes_and_transliterations_of_kupiansk(gaz, spelling):
    assert resolved(gaz, spelling).name == "Kupiansk"


def test_rules_are_reported(gaz):
    assert gaz.resolve("Kurakhove").rule == "exact:uk-Latn-2010"
    assert gaz.resolve("Kurakhovo").rule.startswith("exact:ru-derived")
    assert gaz.resolve("Krassnoarmeysk", context="near Myrnohrad").rule == "variant"
    assert gaz.resolve("Kurakhowo").rule == "variant"
    typo = gaz.resolve("Kurakhov")
    assert typo.rule.startswith("fuzzy:") and typo.place.name == "Kurakhove"


def test_unknown_names_resolve_to_nothing(gaz):
    resolution = gaz.resolve("Xyzzyville")
    assert resolution.place is None and not resolution.resolved and resolution.score == 0


@pytest.mark.parametrize(("bad", "error"), [("", ValueError), ("  ", ValueError), (42, TypeError), (None, TypeError)])
def test_bad_names_raise_clear_errors(gaz, bad, error):
    with pytest.raises(error, match="name"):
        gaz.resolve(bad)


def test_resolve_many_returns_a_geodataframe_in_input_order(gaz):
    import pandas as pd

    table = pd.DataFrame({"name": ["Toretsk", "Makhnivka", "Makhnivka", "Xyzzyville"],
                          "context": ["", "in the Kursk region", "", ""]})
    result = gaz.resolve_many(table)
    assert result.crs.to_epsg() == 4326
    assert result["query"].tolist() == table["name"].tolist()
    assert result["resolved"].tolist() == [True, True, False, False]
    assert result["ambiguous"].tolist() == [False, False, True, False]
    assert result.loc[1, "admin1"] == "RU-KRS"
    assert result.geometry.iloc[3].is_empty or math.isnan(result.geometry.iloc[3].x)


def test_a_table_resolves_exactly_as_names_do_one_by_one(gaz):
    import random

    forms = gaz.places["name"].tolist()
    names = random.Random(7).sample(forms, 300) + ["Makhnivka", "Kurakhovo", "Krassnoarmeysk", "Pokrovks", "Dzerzhinsk"]
    table = gaz.resolve_many(names)
    for row in table.itertuples():
        alone = gaz.resolve(row.query)
        assert row.place_id == alone.place.id, row.query
        assert row.ambiguous == alone.ambiguous and row.rule == alone.rule, row.query
        assert row.score == pytest.approx(round(alone.score, 3), abs=1e-3), row.query
        assert row.candidates == len(alone.candidates)


# The cases of issue 20, each by name. Reference points: GeoNames cities500 (CC BY 4.0).
CITY_POINTS = {
    "Zaporizhzhia": (47.8229, 35.1903), "Kostiantynivka": (48.5277, 37.7069), "Avdiivka": (48.1394, 37.7497),
    "Makiivka": (48.0478, 37.9258), "Kryvyi Rih": (47.9105, 33.3918), "Mykolaiv": (46.9659, 31.9974),
    "Rivne": (50.6231, 26.2274), "Bila Tserkva": (49.7989, 30.1153), "Khmelnytskyi": (49.4230, 26.9871),
}


def _near(place, city, km=5.0):
    lat, lon = CITY_POINTS[city]
    return float(_km(place.lat, place.lon, lat, lon)) <= km


@pytest.mark.parametrize("spelling", ["Zaporizhzhia", "Запоріжжя", "Zaporozhye", "Запорожье"])
def test_zaporizhzhia_in_every_spelling_is_the_city_not_a_village(gaz, spelling):
    place = resolved(gaz, spelling)
    assert place.population > 700_000 and _near(place, "Zaporizhzhia", 10)


def test_zaporizhzhia_says_why_the_city_wins(gaz):
    best = gaz.resolve("Zaporizhzhia").best
    assert best.evidence["city"] > 0


def test_kostiantynivka_is_within_5_km_of_the_city(gaz):
    for spelling in ("Kostiantynivka", "Костянтинівка", "Konstantinovka", "Константиновка"):
        assert _near(resolved(gaz, spelling), "Kostiantynivka"), spelling


@pytest.mark.parametrize("city", ["Avdiivka", "Makiivka", "Kryvyi Rih"])
def test_avdiivka_makiivka_and_kryvyi_rih_exist_once(gaz, city):
    place = resolved(gaz, city)
    assert _near(place, city) and place.population >= 30_000
    assert "katottg" in place.sources and "geonames" in place.sources
    twins = [c for c in gaz.resolve(city).candidates[1:] if float(_km(c.place.lat, c.place.lon, place.lat, place.lon)) < 20]
    assert not twins


@pytest.mark.parametrize("spelling", ["Makiyivka", "Makiivka", "Макіївка", "Макеевка", "Makeyevka"])
def test_makiivka_in_its_spellings_is_one_place(gaz, spelling):
    assert _near(resolved(gaz, spelling), "Makiivka")


@pytest.mark.parametrize("city", ["Mykolaiv", "Rivne", "Bila Tserkva", "Khmelnytskyi"])
def test_cities_of_30000_are_unambiguous_by_their_own_name(gaz, city):
    assert _near(resolved(gaz, city), city)


def test_new_york_is_the_donetsk_village_not_novoorsk(gaz):
    place = resolved(gaz, "New York")
    assert place.admin1 == "UA-14" and place.name_local == "Нью-Йорк"


@pytest.mark.parametrize(("name", "local"), [("Seversk", "Сіверськ"), ("Konstantinovka", "Костянтинівка")])
def test_russian_names_of_donetsk_towns_mean_donetsk_oblast(gaz, name, local):
    place = resolved(gaz, name)
    assert place.admin1 == "UA-14" and place.name_local == local
    rule = gaz.resolve(name).rule
    assert rule.startswith("exact:exonym:") and "derived" not in rule  # the real Russian name, not a rule's guess


def test_a_fuzzy_match_alone_is_never_resolved(gaz):
    resolution = gaz.resolve("Kramatrosk")
    assert resolution.rule.startswith("fuzzy") and not resolution.resolved
    assert resolved(gaz, "Kramatrosk", context="in the Donetsk region").name == "Kramatorsk"


def test_country_words_are_evidence(gaz):
    assert resolved(gaz, "Pokrovsk", context="a town in Russia, Yakutia region").admin1 == "RU-SA"
    ukraine = gaz.resolve("Makhnivka", context="a village in Ukraine")
    assert all("country" in c.evidence for c in ukraine.candidates if c.place.country == "UA")


@pytest.mark.parametrize("context", ["a strike in Crimea", "у Криму", "в Крыму", "north of Sevastopol"])
def test_crimea_and_sevastopol_are_region_words(gaz, context):
    assert not gaz.resolve("Poshtove").resolved  # Crimea and Zhytomyr oblast
    assert resolved(gaz, "Poshtove", context=context).admin1 == "UA-43"


def test_a_raion_name_is_evidence(gaz):
    resolution = gaz.resolve("Shevchenko", context="in the Pokrovsk district")
    assert all(c.place.admin2 == "Pokrovskyi Raion" for c in resolution.candidates[:2])
    assert "raion" in resolution.best.evidence


@pytest.mark.parametrize(("direction", "north"), [("south", False), ("north", True)])
def test_the_wrong_side_of_an_anchor_loses(gaz, direction, north):
    # Two Illinkas lie next to Kurakhove: one ~3 km north, one ~10 km south.
    kurakhove = resolved(gaz, "Kurakhove")
    resolution = gaz.resolve("Illinka", context=f"{direction} of Kurakhove")
    place = resolution.place
    assert (place.lat > kurakhove.lat) == north and float(_km(place.lat, place.lon, kurakhove.lat, kurakhove.lon)) < 15
    loser = next(c for c in resolution.candidates if (c.place.lat > kurakhove.lat) != north
                 and float(_km(c.place.lat, c.place.lon, kurakhove.lat, kurakhove.lon)) < 15)
    assert loser.evidence["direction"] < 0


def test_a_coarse_point_earns_proximity_only_beyond_its_uncertainty(gaz):
    from gazetteer.resolve import PROXIMITY_KM, PROXIMITY_POINTS

    coarse = gaz.places.index[gaz.places["precision"] == "hromada"][0]
    place = gaz.place(int(coarse))
    candidate = next(c for c in gaz.resolve(place.name_local, near=[(place.lat, place.lon)]).candidates
                     if c.place.id == place.id)
    assert candidate.evidence["proximity"] <= PROXIMITY_POINTS * math.exp(-place.uncertainty_km / PROXIMITY_KM) + 1e-9


def test_looser_spellings_inside_the_named_region_when_exact_ones_lie_outside(gaz):
    place = resolved(gaz, "Martinovka", context="Kursk Oblast")
    assert place.admin1 == "RU-KRS" and place.name == "Martynovka"


def test_a_known_but_unlocated_settlement_is_reported_not_resolved(gaz):
    unlocated = gaz.places[gaz.places["precision"] == "none"]
    assert len(unlocated) and unlocated["lat"].isna().all()
    row = int(unlocated.index[0])
    resolution = gaz.resolve(unlocated.at[row, "name_local"], context=unlocated.at[row, "admin1"])
    ids = [c.place.id for c in resolution.candidates]
    assert unlocated.at[row, "id"] in ids
    if resolution.place.id == unlocated.at[row, "id"]:
        assert not resolution.resolved and not resolution.located


def test_a_typo_match_never_crosses_a_border_from_an_exact_theatre_candidate(gaz):
    resolution = gaz.resolve("Toretsk", context="Kursk Oblast")
    assert resolution.place.name == "Toretsk" and resolution.place.country == "UA"
    assert not [c for c in resolution.candidates if c.rule.startswith("fuzzy") and c.place.country != "UA"]


def test_importing_and_resolving_loads_no_pandas_pyarrow_pyproj_or_shapely():
    import subprocess
    import sys

    code = ("import sys, gazetteer; gazetteer.Gazetteer.default().resolve('Sudzha', context='in the Kursk region')"
            ".to_dict(); print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'pandas', 'pyarrow', 'pyproj', 'shapely', 'geopandas', 'rapidfuzz'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_runtime_tables_are_what_the_builder_derives_from_the_shipped_parquet(tmp_path):
    import numpy as np
    import pandas as pd

    from gazetteer.index import DEFAULT_DATA
    from gazetteer.tables import TABLES_FILE, write_tables

    frames = [pd.read_parquet(DEFAULT_DATA / f"{name}.parquet") for name in ("places", "names", "admin1")]
    rebuilt = write_tables(tmp_path / TABLES_FILE, *frames)
    with np.load(rebuilt) as fresh, np.load(DEFAULT_DATA / TABLES_FILE) as shipped:
        assert sorted(fresh.files) == sorted(shipped.files)
        for name in fresh.files:
            np.testing.assert_array_equal(fresh[name], shipped[name], err_msg=name)


def test_a_data_folder_without_runtime_tables_says_how_to_build_them(tmp_path):
    import shutil

    from gazetteer import DataNotBuiltError, Gazetteer, GazetteerError
    from gazetteer.index import DEFAULT_DATA
    from gazetteer.tables import TABLES_FILE

    shutil.copy(DEFAULT_DATA / "meta.json", tmp_path / "meta.json")
    with pytest.raises(DataNotBuiltError, match=r"tables\.npz.*python -m gazetteer\.build"):
        Gazetteer(tmp_path)
    (tmp_path / TABLES_FILE).write_bytes(b"not a table")
    with pytest.raises(GazetteerError, match="rebuild it with `python -m gazetteer.build`"):
        Gazetteer(tmp_path)


def test_a_city_council_names_the_hromada_that_holds_its_land(gaz):
    # "Krasnyi Lyman City municipality": the council of Lyman (so named until 2016); its villages are Lymanska hromada's
    resolution = gaz.resolve("Lozove", context="Krasnyi Lyman City municipality, Donetsk oblast")
    assert resolution.resolved and resolution.place.admin2 == "Kramatorskyi Raion"
    assert resolution.best.evidence["raion"] > 0


def test_a_raion_renamed_in_2016_is_understood_by_its_old_name(gaz):
    # Krasnoarmiiskyi raion became Pokrovskyi raion (Verkhovna Rada, 12 May 2016), as its town became Pokrovsk
    resolution = gaz.resolve("Novoselivka", context="Krasnoarmiiskyi raion, Donetsk oblast")
    assert resolution.resolved and resolution.place.admin2 == "Pokrovskyi Raion"
    # Dzerzhynsk (Toretsk since 2016) names Toretska hromada's villages
    assert gaz.resolve("Zalizne", context="Dzerzhynsk raion, Donetsk oblast").place.admin2 == "Bakhmutskyi Raion"


def test_a_misspelt_raion_still_counts(gaz):
    resolution = gaz.resolve("Dmytrivka", context="Shaktarsk raion, Donetsk oblast")  # Shakhtarsk
    assert resolution.resolved and resolution.place.admin2 == "Horlivskyi Raion"


def test_a_raion_of_another_oblast_than_the_one_named_is_no_evidence(gaz):
    # Pervomaisk of Luhansk oblast (Sokolohirsk since 2016), not Pervomaisk of Mykolaiv oblast and its Pervomaiskyi Raion
    resolution = gaz.resolve("Pervomaisk", context="Pervomaisk City municipality, Luhansk oblast")
    assert resolution.resolved and resolution.place.admin1 == "UA-09"


def test_a_district_counts_in_its_own_oblast_though_the_text_names_another_elsewhere(gaz):
    resolution = gaz.resolve("Shevchenko", context="Fighting went on in the Pokrovsk district. Drones hit the Kharkiv region.")
    assert any(c.place.admin2 == "Pokrovskyi Raion" and c.evidence.get("raion") for c in resolution.candidates)


def test_a_place_named_in_another_script_is_no_anchor_for_itself(gaz):
    # "Любимівка" in the text is the Liubymivka being resolved, not a village near it
    resolution = gaz.resolve("Liubymivka", context="Повідомлення про Любимівка надійшло зранку")
    assert not any(c.evidence.get("proximity") for c in resolution.candidates)


@pytest.mark.parametrize("context", ["звільнено на Херсонщині", "бої на Херсонщине", "у Херсонщину повернули"])
def test_a_regions_shchyna_name_is_a_region_word(gaz, context):
    # Херсонщина is the Kherson region, in any case ending
    resolution = gaz.resolve("Liubymivka", context=context)
    assert resolution.candidates[0].place.admin1 == "UA-65" and resolution.candidates[0].evidence.get("region")
