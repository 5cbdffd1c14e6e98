import shutil

import pytest

from gazetteer import Gazetteer, GazetteerError, SourceFormatError
from gazetteer.build import build
from gazetteer.sources import read_cities500, read_geonames_dump, read_osm_settlements, read_postal

from .conftest import FIXTURES, SHARED

SOURCES = FIXTURES / "gazetteer-sources"


def broken_copy(tmp_path, name, line_number, replace):
    lines = (SOURCES / name).read_text().splitlines()
    lines[line_number - 1] = replace(lines[line_number - 1])
    target = tmp_path / name
    target.write_text("\n".join(lines) + "\n")
    return target


def latitude(value):
    """Set the latitude (10th field of both GeoNames layouts used here) of a TSV line."""
    return lambda line: "\t".join(value if i == 9 else v for i, v in enumerate(line.split("\t")))


def test_a_bad_latitude_names_the_file_and_line(tmp_path):
    path = broken_copy(tmp_path, "geonames-cities500-UA-RU.tsv", 4, latitude("north"))
    with pytest.raises(SourceFormatError) as error:
        read_cities500(path)
    assert error.value.path == path and error.value.line == 4
    assert "not a number" in str(error.value) and str(path) in str(error.value)


def test_a_missing_column_is_reported_with_the_columns_expected(tmp_path):
    path = broken_copy(tmp_path, "geonames-postal-UA.tsv", 1, lambda l: l.replace("latitude", "lat"))
    with pytest.raises(SourceFormatError, match=r"line 1: missing column\(s\) \['latitude'\]"):
        read_postal(path)


def test_an_out_of_range_coordinate_is_an_error(tmp_path):
    path = broken_copy(tmp_path, "geonames-postal-UA.tsv", 3, latitude("148.1"))
    with pytest.raises(SourceFormatError, match="line 3: latitude 148.1 is out of range"):
        read_postal(path)


def test_a_file_in_the_wrong_encoding_is_an_error(tmp_path):
    path = tmp_path / "geonames-postal-UA.tsv"
    path.write_bytes((SOURCES / "geonames-postal-UA.tsv").read_text().encode("cp1251"))
    with pytest.raises(SourceFormatError, match="not utf-8 text"):
        read_postal(path)


def test_the_geonames_dump_reader_keeps_populated_places_only():
    dump = read_geonames_dump(FIXTURES / "geonames" / "UA.txt")
    assert dump["geonameid"].tolist() == ["709354", "90000001"]
    assert dump["population"].tolist() == [30914, 1000]


def test_a_malformed_geonames_dump_names_its_line(tmp_path):
    path = tmp_path / "UA.txt"
    lines = (FIXTURES / "geonames" / "UA.txt").read_text().splitlines()
    lines[1] = lines[1].replace("48.3900", "48,39")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(SourceFormatError, match="line 2: latitude '48,39' is not a number"):
        read_geonames_dump(path)


def test_build_from_fixtures_merges_sources_and_resolves(fixture_gazetteer):
    gaz = fixture_gazetteer
    toretsk = gaz.resolve("Toretsk").place
    assert toretsk.precision == "osm" and toretsk.population == 30914
    assert toretsk.sources == "katottg+osm+geonames"
    assert gaz.resolve("Dzerzhynsk").place.name == "Toretsk"  # curated historical name
    assert gaz.resolve("Makhnovka", context="Kursk region").place.admin1 == "RU-KRS"
    pokrovsk = gaz.resolve("Pokrovsk")
    assert pokrovsk.place.admin1 == "UA-14" and len(pokrovsk.candidates) == 2


def test_build_reads_full_geonames_dumps_and_their_alternate_names(fixture_gazetteer):
    gaz = fixture_gazetteer
    assert gaz.resolve("Pivnichne").place.id == "geonames:90000001"
    assert gaz.resolve("Piwnitschne").place.id == "geonames:90000001"
    historic = gaz.resolve("Кірове")
    assert historic.place.id == "geonames:90000001" and historic.rule == "exact:historical:geonames"


def test_postal_coordinates_outside_their_oblast_are_rejected(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    path = sources / "geonames-postal-RU-border.tsv"
    text = path.read_text().replace("51.1961\t35.2642", "43.1961\t76.2642")  # Sudzha moved to Kazakhstan
    path.write_text(text)
    report = build(sources, FIXTURES / "naturalearth-admin1-clip.geojson", tmp_path / "out")
    assert report.counts["postal RU rows outside their oblast (coordinates rejected)"] == 1
    sudzha = Gazetteer(tmp_path / "out").resolve("Sudzha").place
    assert abs(sudzha.lat - 51.19) < 0.01  # taken from GeoNames cities500 instead


def test_a_russian_village_whose_only_point_is_in_another_oblast_is_kept_unlocated(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    path = sources / "geonames-postal-RU-border.tsv"
    lines = path.read_text().splitlines()
    village = next(line for line in lines if "Махновка" in line).split("\t")
    village[9:11] = ["43.1961", "76.2642"]  # the point of a namesake far away
    path.write_text("\n".join(line for line in lines if "Махновка" not in line) + "\n" + "\t".join(village) + "\n")
    report = build(sources, FIXTURES / "naturalearth-admin1-clip.geojson", tmp_path / "out")
    assert report.counts["postal RU places known but unlocated (their only point lies outside their oblast)"] == 1
    resolution = Gazetteer(tmp_path / "out").resolve("Махновка")
    assert resolution.candidates and not resolution.located and not resolution.resolved


def test_a_missing_dataset_says_how_to_build_it(tmp_path):
    with pytest.raises(GazetteerError, match="gazetteer.build"):
        Gazetteer(tmp_path)


@pytest.mark.skipif(not (SHARED / "data").exists(), reason="needs ../shared/data")
def test_the_embedded_dataset_is_what_the_shared_sources_build(tmp_path):
    import pandas as pd

    report = build(SHARED / "data" / "gazetteer-sources",
                   SHARED / "data" / "boundaries" / "naturalearth-admin1-UA-RU-border.geojson", tmp_path,
                   raions=SHARED / "data" / "boundaries" / "geoboundaries-UKR-ADM2-pre2020.geojson")
    assert "curated names skipped: place not in the sources" not in report.counts
    rebuilt = pd.read_parquet(tmp_path / "places.parquet")
    embedded = Gazetteer.default().places
    assert len(rebuilt) == len(embedded)
    assert rebuilt["id"].tolist() == embedded["id"].tolist()
    assert rebuilt["admin2_pre2020"].tolist() == embedded["admin2_pre2020"].tolist()


def test_osm_points_replace_estimated_postal_points_one_to_one(fixture_gazetteer):
    gaz = fixture_gazetteer
    # The fixture's postal point of Toretsk is a GeoNames estimate ~45 km off; the OSM node wins.
    toretsk = gaz.get("katottg:UA14020110010025394")
    assert (toretsk.lat, toretsk.lon) == (48.3986, 37.8467)
    # Two Shevchenkos of Pokrovsk raion: each OSM point goes to one settlement only.
    pokrovska = gaz.get("katottg:UA14160210030061715")
    assert (pokrovska.lat, pokrovska.lon) == (48.2209, 37.1466) and pokrovska.precision == "osm"
    osm_ids = gaz.places.loc[gaz.places["osm"] != "", "osm"]
    assert osm_ids.is_unique


def test_osm_twin_points_merge_and_places_katottg_lacks_are_added(fixture_gazetteer):
    gaz = fixture_gazetteer
    meta = gaz.meta["counts"]
    assert meta["OSM rows without a Ukrainian name (left out)"] == 1
    assert meta["OSM settlements after merging twin points"] == meta["OSM settlements read"] - 1
    hamlet = gaz.resolve("Novyi Khutir").place
    assert hamlet.id == "osm:node/900007" and hamlet.kind == "hamlet" and hamlet.sources == "osm"


def test_an_osm_point_near_the_settlement_of_its_name_and_hromada_is_its_twin_not_a_place():
    import pandas as pd

    from gazetteer.build import _without_twins

    places = pd.DataFrame({"admin1": ["UA-09", "UA-09"], "name_local": ["Весела Тарасівка", "Хутір"],
                           "hromada": ["Луганська", "Луганська"], "precision": ["osm", "osm"],
                           "lat": [48.5418, 48.60], "lon": [39.1555, 39.10]})
    extra = pd.DataFrame({"admin1": ["UA-09", "UA-09"], "name_uk": ["Весела Тарасівка", "Весела Тарасівка"],
                          "lat": [48.5200, 48.20], "lon": [39.1200, 39.10]}, index=[7, 8])
    # 3.3 km from the settlement: its boundary's centre; 38 km away, in no hromada near it: a place of its own.
    assert _without_twins(extra, places).index.tolist() == [8]


def test_settlements_no_source_locates_are_kept_without_a_made_up_point(fixture_gazetteer):
    gaz = fixture_gazetteer
    unlocated = gaz.places[gaz.places["precision"] == "none"]
    assert len(unlocated) == gaz.meta["counts"]["katottg settlements known but unlocated (kept without coordinates)"]
    assert unlocated["lat"].isna().all() and unlocated["id"].str.startswith("katottg:").all()
    resolution = gaz.resolve("Petropavlivka")
    assert resolution.candidates and not resolution.located and not resolution.resolved


def test_the_data_carries_the_odbl_notice(fixture_gazetteer):
    assert "ODbL" in fixture_gazetteer.meta["licence"]
    assert "© OpenStreetMap contributors" in fixture_gazetteer.meta["attribution"]


def test_an_unknown_osm_place_value_names_its_line(tmp_path):
    path = tmp_path / "osm.csv"
    path.write_text("name_uk,name_en,place,oblast,lat,lon,osm_id,osm_type\n"
                    "Торецьк,Toretsk,town,Донецька,48.39,37.84,1,node\nКурахове,,suburb,Донецька,47.98,37.28,2,node\n")
    with pytest.raises(SourceFormatError, match="line 3: place 'suburb'"):
        read_osm_settlements(path)


def test_the_odbl_licence_text_ships_with_the_data():
    from gazetteer.build import DATA_DIR

    text = (DATA_DIR / "LICENSE-ODbL.txt").read_text()
    assert "Open Database License" in text


def _places(rows):
    import pandas as pd

    columns = ["id", "admin1", "name", "name_local", "kind", "country", "population", "lat", "lon", "precision",
               "postal_named", "sources"]
    return pd.DataFrame(rows, columns=columns)


def test_a_postal_name_no_settlement_bears_is_the_former_name_of_the_settlement_at_its_point():
    import pandas as pd

    from gazetteer.build import BuildReport, postal_former_names

    places = _places([
        ("katottg:90000001", "UA-14", "Nove Imia", "Нове Ім'я", "village", "UA", None, 48.00, 37.00, "osm", False, "katottg+osm"),
        ("katottg:90000002", "UA-14", "Dalne", "Дальне", "village", "UA", None, 48.50, 37.50, "osm", False, "katottg+osm"),
        ("katottg:90000003", "UA-14", "Postalne", "Поштальне", "village", "UA", None, 48.20, 37.20, "osm", True, "katottg+osm"),
        ("katottg:90000004", "UA-14", "Mariivka", "Мар'ївка", "village", "UA", None, 48.30, 37.30, "osm", False, "katottg+osm"),
    ])
    orphans = pd.DataFrame({
        "admin1": ["UA-14", "UA-14", "UA-14", "UA-14"],
        "name": ["Жовтневе", "Далеке", "Старе", "Марьївка"],
        "lat": [48.005, 48.40, 48.201, 48.301], "lon": [37.005, 37.50, 37.201, 37.301],
    })
    former = postal_former_names(places, orphans.assign(key=orphans["name"]), BuildReport())
    # Near a settlement the postal dump lacks: its former name. 11 km away, or at a settlement the
    # postal dump lists by its own name, or only another spelling of the name: nothing.
    assert former[["id", "form"]].values.tolist() == [["katottg:90000001", "Жовтневе"]]


def test_a_geonames_place_of_10000_inside_a_city_is_a_district_not_a_town():
    from gazetteer.build import BuildReport, _mark_city_districts

    places = _places([
        ("katottg:90000001", "UA-14", "Misto", "Місто", "city", "UA", 230000, 47.10, 37.55, "osm", False, "katottg+osm"),
        ("geonames:90000002", "UA-14", "Pravyi Bik", "", "city", "UA", 352000, 47.11, 37.58, "gazetteer", False, "geonames"),
        ("geonames:90000003", "UA-14", "Dalekyi", "", "city", "UA", 12000, 47.60, 38.50, "gazetteer", False, "geonames"),
    ])
    kinds = _mark_city_districts(places, BuildReport())["kind"].tolist()
    assert kinds == ["city", "district", "city"]


@pytest.mark.skipif(not (SHARED / "data").exists(), reason="needs ../shared/data")
def test_places_take_the_pre2020_raion_their_point_lies_in():
    from gazetteer.build import BuildReport, pre2020_raions

    places = _places([
        ("a", "UA-14", "Opytne", "Опитне", "village", "UA", None, 48.0964, 37.7223, "osm", False, ""),
        ("b", "RU-KRS", "Sudzha", "Суджа", "town", "RU", None, 51.19, 35.27, "postal", False, ""),
        ("c", "UA-14", "Nowhere", "", "village", "UA", None, float("nan"), float("nan"), "none", False, ""),
    ])
    raions = pre2020_raions(places, SHARED / "data" / "boundaries" / "geoboundaries-UKR-ADM2-pre2020.geojson", BuildReport())
    assert raions.tolist() == ["Yasynuvata", "", ""]


def test_the_embedded_data_knows_former_names_pre2020_raions_and_city_districts():
    gaz = Gazetteer.default()
    # Первомайськ (postal dump) is Sokolohirsk's former name: Luhansk oblast's, not Mykolaiv oblast's town.
    assert resolved_local(gaz, "Pervomaisk", "Luhansk oblast") == "Сокологірськ"
    # A pre-2020 raion, and one named by its centre's former name, separate namesakes.
    opytne = gaz.resolve("Opytne", context="Yasynuvata raion, Donetsk oblast").place
    assert opytne.admin2 == "Pokrovskyi Raion"
    assert resolved_local(gaz, "Luhanske", "Artemivsk raion, Donetsk oblast") == "Луганське"
    assert gaz.resolve("Luhanske", context="Artemivsk raion, Donetsk oblast").place.admin2 == "Bakhmutskyi Raion"
    # Russian forms Russian translates or ends differently.
    assert resolved_local(gaz, "Dolgoye", "Luhansk oblast") == "Довге"
    district = gaz.places[gaz.places["name"] == "Pravyi Bereh"]
    assert district["kind"].tolist() == ["district"]


def resolved_local(gaz, name, context):
    resolution = gaz.resolve(name, context=context)
    assert resolution.resolved, resolution
    return resolution.place.name_local


def test_namesakes_points_go_back_to_the_raion_their_old_raion_became():
    import pandas as pd

    from gazetteer.build import BuildReport, repair_namesake_swaps

    # Ten settlements of old raion "Staryi" are in new raion A, ten of "Inshyi" in B; two namesakes
    # "Selo" (one in A, one in B) carry each other's points.
    rows = [(f"katottg:9000{i:04d}", "UA-14", "X", f"Х{i}", "A Raion" if i < 10 else "B Raion",
             "Staryi" if i < 10 else "Inshyi") for i in range(20)]
    rows += [("katottg:90010001", "UA-14", "Selo", "Село", "A Raion", "Inshyi"),
             ("katottg:90010002", "UA-14", "Selo", "Село", "B Raion", "Staryi")]
    places = pd.DataFrame(rows, columns=["id", "admin1", "name", "name_local", "admin2", "admin2_pre2020"])
    places = places.assign(lat=range(len(places)), lon=30.0, precision="osm", uncertainty_km=1.0, osm="", osm_en="",
                           geonameid="", population=None, english="", sources="katottg+osm")
    report = BuildReport()
    fixed = repair_namesake_swaps(places, report)
    assert fixed.loc[20, ["lat", "admin2_pre2020"]].tolist() == [21, "Staryi"]
    assert fixed.loc[21, ["lat", "admin2_pre2020"]].tolist() == [20, "Inshyi"]
    assert report.counts["points given back to their namesake (raions show they were swapped)"] == 2


def test_namesakes_points_go_back_to_the_hromada_of_their_neighbours():
    import pandas as pd

    from gazetteer.build import BuildReport, repair_hromada_swaps

    # Villages of hromada H1 lie around latitude 47.0, those of H2 around 48.0; the two "Selo" carry each other's points.
    rows = [(f"katottg:9000{i:04d}", f"Х{i}", "H1" if i < 5 else "H2", (47.0 if i < 5 else 48.0) + 0.01 * (i % 5))
            for i in range(10)]
    rows += [("katottg:90010001", "Село", "H1", 48.02), ("katottg:90010002", "Село", "H2", 47.02)]
    places = pd.DataFrame(rows, columns=["id", "name_local", "hromada", "lat"])
    places = places.assign(admin1="UA-14", name="", admin2="A Raion", admin2_pre2020="", lon=37.0, precision="osm",
                           uncertainty_km=1.0, osm="", osm_en="", geonameid="", population=None, english="",
                           sources="katottg+osm")
    report = BuildReport()
    fixed = repair_hromada_swaps(places, report)
    assert fixed.loc[10, "lat"] == 47.02 and fixed.loc[11, "lat"] == 48.02
    assert report.counts["points given back to their namesake (hromadas show they were swapped)"] == 2


def test_a_russian_postal_estimate_far_from_its_district_carries_that_distance_as_its_doubt():
    import pandas as pd

    from gazetteer.build import _district_doubt

    postal = pd.DataFrame({"admin1": "RU-KRS", "district": "Кореневский",
                           "lat": [51.40, 51.45, 51.2513], "lon": [34.90, 35.00, 35.9373],
                           "precision": ["postal", "postal", "estimated"]})
    doubt = _district_doubt(postal)
    assert doubt[:2].isna().all()  # trustworthy points keep their precision's uncertainty
    assert 65 < doubt[2] < 75  # 70 km east of the district's trustworthy points
