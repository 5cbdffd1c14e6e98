"""Former names from the classifiers' editions (gazetteer.renames) and what the embedded data makes of them."""

import pandas as pd
import pytest

from gazetteer import Gazetteer
from gazetteer.distance import haversine_km
from gazetteer.renames import derive, former_names, koatuu_edition


def write_koatuu(path, rows):
    pd.DataFrame(rows, columns=["TE", "NP", "NU"]).to_csv(path, index=False)
    return path


def test_editions_joined_by_code_give_renamings_with_the_raion_centre_named_after_them(tmp_path):
    # KOATUU 2015 drops the leading zero of a code; the raion's head row names its centre after "/".
    before = write_koatuu(tmp_path / "2015.csv", [
        ("1422700000", "", "КРАСНОАРМІЙСЬКИЙ РАЙОН/М.КРАСНОАРМІЙСЬК"),
        ("1422788301", "С", "УЛЯНІВКА"),
        ("1422788302", "С", "ЮР’ЇВКА"),           # respelt only: no former name
        ("520282006", "С", "ЧЕРВОНЕ")])
    after = write_koatuu(tmp_path / "2017.csv", [
        ("1422700000", "", "ПОКРОВСЬКИЙ РАЙОН/М.ПОКРОВСЬК"),
        ("1422788301", "С", "МАЛИНІВКА"),
        ("1422788302", "С", "ЮРІЇВКА"),
        ("0520282006", "С", "ГРАБІВЦІ")])
    old_katottg = tmp_path / "katottg-2021.xlsx"
    pd.DataFrame([["Перший рівень", None, None, None, None, "Категорія", "Назва"],
                  ["UA14000000000000001", "UA14160000000000001", "UA14160190000000001", "UA14160190350070064", None,
                   "X", "Ласточкине"]]).to_excel(old_katottg, header=False, index=False)
    current = tmp_path / "katottg-current.csv"
    pd.DataFrame({"code": ["UA14160190350070064"], "category": ["X"], "name": ["Криничне"]}).to_csv(current, index=False)

    table = derive((before, after), [("2021-01-12", old_katottg), ("2026-10-12", current)])

    assert table[["source", "code", "centre", "old_name", "new_name", "renamed_by"]].values.tolist() == [
        ["koatuu", "1422788301", "Покровськ", "Улянівка", "Малинівка", "2017-09-15"],
        ["koatuu", "0520282006", "", "Червоне", "Грабівці", "2017-09-15"],
        ["katottg", "UA14160190350070064", "", "Ласточкине", "Криничне", "2026-10-12"]]


def test_a_file_that_is_no_koatuu_edition_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("code,name\n1,X\n")
    with pytest.raises(ValueError, match="other.csv: not a KOATUU edition"):
        koatuu_edition(path)


def test_a_renaming_twice_over_and_namesakes_the_raion_does_not_separate():
    places = pd.DataFrame({
        "id": ["katottg:UA14000000000000001", "katottg:UA14000000000000002", "katottg:UA14000000000000003"],
        "name_local": ["Авдіївське", "Лозове", "Лозове"],
        "admin2_pre2020": ["Yasynuvata", "Volnovakha", "Volnovakha"]})
    renames = pd.DataFrame({
        "source": ["katottg", "koatuu", "koatuu"],
        "code": ["UA14000000000000001", "1425500001", "1421500001"],
        "centre": ["", "Ясинувата", "Волноваха"],
        "old_name": ["Первомайське", "Жовтневе", "Ленінське"],
        "new_name": ["Авдіївське", "Первомайське", "Лозове"],
        "renamed_by": ["2026-10-12", "2017-09-15", "2017-09-15"]})
    found = former_names(places, renames)
    # Жовтневе became Первомайське in 2016, Авдіївське since; the two Лозове of one raion stay without it.
    assert found.values.tolist() == [["katottg:UA14000000000000001", "Первомайське", "2026-10-12"],
                                     ["katottg:UA14000000000000001", "Жовтневе", "2017-09-15"]]


@pytest.mark.parametrize(("name", "context", "local", "lat", "lon"), [
    # UCDP GED's names of 2014-2019 (2016 renamings) and reporting's of 2024 (KATOTTG renamings since 2021).
    ("Frunze", "Slovianoserbsk raion, Luhansk oblast", "Сентянівка", None, None),
    ("Kominternove", "Novoazovsk raion, Donetsk oblast", "Пікузи", None, None),
    ("Velyka Kostromka", "Kryvyi Rih raion, Dnipropetrovsk oblast", "Велика Долина", None, None),
    ("Lastochkyne", "near Avdiivka, Donetsk oblast", "Криничне", None, None),
    # The KOATUU raion is matched by its centre's name after 2016 (Pokrovsk), and the village's postal
    # estimate gave way to the OSM point of the same name in its hromada.
    ("Ulyanivka", "Krasnoarmiiskyi raion, Donetsk oblast", "Малинівка", 48.335, 37.410),
])
def test_former_names_from_the_classifiers_resolve(name, context, local, lat, lon):
    resolution = Gazetteer.default().resolve(name, context=context)
    assert resolution.resolved, resolution
    assert resolution.place.name_local == local
    assert resolution.candidates[0].rule.startswith("exact:historical")
    if lat is not None:
        assert haversine_km(lat, lon, resolution.place.lat, resolution.place.lon) < 1


def test_a_typo_tolerant_match_is_never_made_on_a_former_name():
    # Nekryte (Chernihiv oblast) was Червоний Лан until 2016: no typo of Червоний Лиман.
    resolution = Gazetteer.default().resolve("Chervonyi Lyman", context="in Chernihiv oblast")
    assert "Nekryte" not in [candidate.place.name for candidate in resolution.candidates]
