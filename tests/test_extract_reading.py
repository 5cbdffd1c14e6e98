"""Reading real reporting: speakers and sides, places in any position and case, kinds, sentences.

Every sentence here is written for these tests (none is taken from an article).
"""
from datetime import date

import pytest

from frontmap.extract import extract
from frontmap.extract.places import find_places, known_form
from frontmap.extract.speakers import lexicon, speaker_of
from frontmap.extract.text import sentences
from gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def _claims(text: str, published: str = "2025-03-10") -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(d.record["claimant"]["name"], d.record["claimant"]["side"], d.record["kind"],
             tuple(p["name"] for p in d.record["places"])) for d in extract(text, published).claims]


@pytest.mark.parametrize("sentence, name, side", [
    ("Troops entered the village overnight, the Russian Defence Ministry said on Monday.", "Russian Defence Ministry", "russia"),
    ("According to the Institute for the Study of War, the assault stalled.", "Institute for the Study of War", "independent"),
    ("Hanna Maliar, a deputy defence minister, wrote that the line held.", "Hanna Maliar", "ukraine"),
    ("DeepState's daily update showed a small gain east of the town.", "DeepStateMAP", "ukraine"),
    ("Моторошні бої тривають, повідомили в Генштабі ЗСУ.", "General Staff of the Armed Forces of Ukraine", "ukraine"),
    ("Бои продолжаются, сообщили в Минобороны России.", "Russian Defence Ministry", "russia"),
    ("Russia's General Staff said the town had been taken.", "Russian General Staff", "russia"),
    ("A spokesman for a Ukrainian mechanised brigade told reporters the attack failed.", "spokesman", "ukraine"),
    ("A Moscow-installed official in the region said the village was cleared.", "Russian-installed", "russia"),
    ("Shells hit the port overnight, Russian news outlets reported.", "Russian news outlets", "russia"),
])
def test_speakers_and_sides(sentence, name, side):
    found = speaker_of(sentence)
    assert found is not None and found.speaker is not None, sentence
    assert name in found.speaker.name and found.speaker.side == side


def test_unknown_speaker_kept_as_written_with_unknown_side():
    found = speaker_of("Local volunteer Petro Kovalchuk said the bridge was gone.")
    assert found.speaker.known is False and found.speaker.side == "unknown"
    assert "Petro Kovalchuk" in found.speaker.name


def test_pronouns_titles_and_impersonal_forms_carry_the_speaker_over():
    assert speaker_of("It added that two tanks were hit.").carried
    assert speaker_of("Сообщается, что подразделения продвинулись.").carried
    title = speaker_of("Troops advanced near the town, the ministry said.")
    assert title.carried and title.speaker.name == "ministry"


def test_lexicon_entries_have_a_side_and_a_source():
    import yaml

    from frontmap.extract.speakers import DATA

    rows = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    assert len(rows) >= 30
    assert all(row["side"] in ("ukraine", "russia", "independent", "context") and row["source"] for row in rows)
    assert lexicon().find("the ISW said")  # acronyms keep their case


def test_carry_over_and_forward_attribution():
    text = ("Russian forces took the village of Robotyne in the Zaporizhzhia region. Про це повідомили в Генштабі ЗСУ.\n\n"
            "The Russian Defence Ministry said its troops had captured Pishchane. It also said they repelled three "
            "assaults near Kupiansk.")
    claims = _claims(text)
    sides = {(kind, places): side for _name, side, kind, places in claims}
    assert sides[("capture", ("Robotyne",))] == "ukraine"  # "Про це повідомили" attributes the sentence before
    assert sides[("clash", ("Kupiansk",))] == "russia"       # "It also said" continues the ministry


@pytest.mark.parametrize("sentence, kind", [
    ("Ukrainian troops recaptured the village of Klishchiivka, the General Staff said.", "capture"),
    ("Russian units completed the capture of Kurakhove, the Russian Defence Ministry said.", "capture"),
    ("Forces loyal to Kyiv repelled 27 assaults near Pokrovsk, the General Staff said.", "clash"),
    ("Russian troops were trying to capture Toretsk, the General Staff said.", "offensive"),
    ("Сили оборони звільнили Роботине, повідомив Генштаб.", "capture"),
    ("Российские войска освободили Работино, сообщили в Минобороны России.", "capture"),
    ("Ukraine's General Staff denied that Kupiansk had been captured.", "control"),
])
def test_kinds(sentence, kind):
    assert [c[2] for c in _claims(sentence)] == [kind]


def test_forecasts_and_goals_are_no_claims():
    assert _claims("The fall of Pokrovsk would open the road west, the Institute for the Study of War said.") == []


def test_region_only_claim_with_its_own_speaker():
    claims = _claims("Fighting continues in the Kursk region, the Russian Defence Ministry said.")
    assert claims == [("Russian Defence Ministry", "russia", "clash", ())]


def test_reference_places_are_not_the_claims_places():
    claims = _claims("Russian troops captured Krutyi Yar, which lies some 13 kilometres south of Pokrovsk, "
                     "the Russian Defence Ministry said.", "2024-10-01")
    assert [c[3] for c in claims] == [("Krutyi Yar",)]


@pytest.mark.parametrize("text, names", [
    ("Shelling hit Kramatorsk and Kostiantynivka overnight.", ["Kramatorsk", "Kostiantynivka"]),
    ("After capturing Avdiivka, Russian units moved west.", ["Avdiivka"]),
    ("Fighting raged north of Russian-occupied Vuhledar.", ["Vuhledar"]),
    ("Бої точаться біля Покровська та Мирнограда.", ["Pokrovsk", "Myrnohrad"]),
    ("Наступ триває в районі Великої Новосілки.", ["Velyka Novosilka"]),
    ("Бои идут у Покровска и Вербового.", ["Pokrovsk", "Verbove"]),
])
def test_places_without_fixed_cues_and_in_case_forms(gaz, text, names):
    result = extract(text, "2025-03-10", gazetteer=gaz)
    assert [m["name"] for m in result.places if m["kind"] == "place"] == names


@pytest.mark.parametrize("text", [
    "Vladimir Putin met generals in Moscow.",
    "The Kyiv Independent reported on it.",
    "Boats crossed the Dnipro at night.",
    "Збройні Сили України тримають оборону.",
    "Бої на Покровському та Курахівському напрямках тривають.",
])
def test_not_places(gaz, text):
    assert [m["text"] for m in extract(text, "2025-03-10", gazetteer=gaz).places if m["kind"] == "place"] == []


@pytest.mark.parametrize("text, code", [
    ("Troops advanced in the Donetsk region.", "UA-14"),
    ("Бої тривають у Донецькій області.", "UA-14"),
    ("Бои идут в Запорожской области.", "UA-23"),
    ("Обстріли тривають на Харківщині.", "UA-63"),
    ("Fighting went on in the DPR.", "UA-14"),
])
def test_regions(gaz, text, code):
    assert code in {m["region"] for m in extract(text, "2025-03-10", gazetteer=gaz).places if m["kind"] == "region"}


def test_variant_spelling_in_a_list(gaz):
    assert known_form(gaz, "Avdiyivka") and known_form(gaz, "Вербового") and known_form(gaz, "Telegram") is None
    parts = sentences("Troops pushed on in Kurakhove, Pokrovsk and Toretsk.")
    assert [f[2] for f in find_places(parts[0], gaz)] == ["Kurakhove", "Pokrovsk", "Toretsk"]


def test_abbreviations_do_not_end_sentences():
    texts = [s.text for s in sentences("Troops entered on Nov. 9, Lt. Gen. Ivanov said. Бої біля с. Тихе тривають. Done.")]
    assert texts == ["Troops entered on Nov. 9, Lt. Gen. Ivanov said.", "Бої біля с. Тихе тривають.", "Done."]


def test_every_claim_has_a_confidence_between_0_and_1():
    result = extract("Russian troops captured Kurakhove, the Russian Defence Ministry said. Reportedly they also "
                     "advanced near Pokrovsk.", date(2025, 1, 7))
    assert result.claims and all(0 < d.record["confidence"] <= 1 for d in result.claims)
    assert "confidence" not in result.to_claim_file(None, date(2025, 1, 7))["claims"][0]


@pytest.mark.parametrize("phrase, start, end", [
    ("з 14 вересня", "2023-09-14", "2023-09-14"),
    ("за минулу добу", "2023-09-14", "2023-09-15"),
    ("за прошедшие сутки", "2023-09-14", "2023-09-15"),
    ("3 июля 2022", "2022-07-03", "2022-07-03"),
    ("on Sept. 12", "2023-09-12", "2023-09-12"),
])
def test_dates_in_three_languages(phrase, start, end):
    from frontmap.extract.dates import when

    span = when(phrase, date(2023, 9, 15))
    assert (str(span.start), str(span.end)) == (start, end)


def test_a_source_line_names_the_speaker_of_the_article():
    text = ("Source: A Weekly Digest; UK Defence Intelligence\n\n"
            "Details: The review reads that Russian troops advanced near Kreminna over the past week.\n")
    assert _claims(text)[0][:3] == ("UK Defence Intelligence", "independent", "advance")


def test_a_region_does_not_respell_a_name():
    # "Luhansk" stays the city when Donetsk oblast (home of a "Luhanske") is named beside it
    text = "In the Donetsk region, troops shelled Bakhmut; Russian troops also shelled Luhansk, the General Staff said.\n"
    names = {p["text"]: p.get("name") for p in extract(text, "2025-03-10").places if p["kind"] == "place"}
    assert names["Luhansk"] == "Luhansk"


def test_an_article_on_two_fronts_keeps_the_places_of_both():
    text = ("Russian troops shelled Bleshnia and Semenivka in the Chernihiv region, the General Staff said.\n\n"
            "Fighting went on near Pokrovsk, Myrnohrad, Selydove and Kurakhove, the General Staff said.\n")
    found = {p["text"]: (p["resolved"], p.get("admin1")) for p in extract(text, "2025-03-10").places
             if p["kind"] == "place"}
    assert found["Bleshnia"] == (True, "UA-74") and found["Semenivka"] == (True, "UA-74")


def test_two_places_far_apart_are_not_outliers_of_each_other():
    text = "Ukrainian forces retook Izium, the General Staff said. It was the biggest success since the defence of Kyiv.\n"
    found = {p["text"]: p for p in extract(text, "2025-03-10").places if p["kind"] == "place"}
    assert found["Izium"]["resolved"] and found["Izium"]["admin1"] == "UA-63"


def test_a_namesake_next_to_the_other_places_of_the_article_is_taken_and_noted():
    result = extract("Russian troops advanced near Siversk and Novoselivka, the Ukrainian General Staff said.", "2025-03-10")
    village = next(m for m in result.places if m["text"] == "Novoselivka")
    assert village["resolved"] and village["admin1"] == "UA-14"
    assert village["note"].startswith("the namesake") and "Siversk" in village["note"]


@pytest.mark.parametrize("sentence, forms", [
    ("Бої тривають біля Великої та Малої Олександрівки на Херсонщині.", {"велика олександрівка", "мала олександрівка"}),
    ("Fighting went on near Velyka and Mala Oleksandrivka in the Kherson region.",
     {"Velyka Oleksandrivka", "Mala Oleksandrivka"}),
])
def test_two_adjectives_before_one_noun_name_two_places(gaz, sentence, forms):
    found = find_places(sentences(sentence)[0], gaz)
    assert forms <= {form for *_, kind, form in found if kind == "place"}


def test_russian_adjective_names_keep_their_gender_and_find_their_ukrainian_spelling(gaz):
    from frontmap.extract.morph import nominatives

    assert "тихий" not in nominatives("Тихое")  # not the masculine lemma: Tykhyi is another village, far away
    assert known_form(gaz, "Ровное") == "рівне"  # not "ровно", the Russian name of the city of Rivne
    assert known_form(gaz, "Выемка") == "виїмка"  # Ukrainian writes ї after a vowel


def test_a_place_near_another_is_a_landmark_not_a_second_claim():
    claims = _claims("Российские войска заняли Тихое под Купянском, сообщили в Минобороны России.")
    assert [(side, kind, places) for _, side, kind, places in claims] == [("russia", "capture", ("Tykhe",))]


def test_the_speaker_after_a_quotation_speaks_for_all_of_it():
    claims = _claims('"Our units have taken Novoselivka near Siversk. Glory to Ukraine!" Hanna Maliar said.')
    assert [(name.split(",")[0], side, kind) for name, side, kind, _ in claims] == [("Hanna Maliar", "ukraine", "capture")]


def test_such_information_was_reported_by_attributes_the_sentence_before():
    claims = _claims("Российские войска заняли Тихое. Такую информацию сообщили в Минобороны России.")
    assert [(name, side) for name, side, *_ in claims] == [("Russian Defence Ministry", "russia")]


def test_a_name_in_apposition_to_village_stands_in_the_nominative(gaz):
    found = find_places(sentences("Бои идут в районе сел Жеребянки и Пятихатки.")[0], gaz)
    assert "пятихатки" in {form for *_, kind, form in found if kind == "place"}  # the plural name, not "Пятихатка"


def test_city_of_and_village_of_choose_among_namesakes():
    result = extract("Drones hit the city of Zaporizhzhia and the village of Zaporizhzhia near Kurakhove, officials said.",
                     "2025-03-10")
    city, village = [m for m in result.places if m["text"] == "Zaporizhzhia"]
    assert city["resolved"] and city["admin1"] == "UA-23" and city["note"].startswith("the only city")
    assert not (village["resolved"] and village["place_id"] == city["place_id"])  # not the city a second time


def test_a_person_of_unknown_side_takes_the_side_the_sentence_alone_points_to():
    assert speaker_of('"We took the village. Glory to Ukraine!" a soldier says in the video.').speaker.side == "ukraine"
    mixed = speaker_of("A soldier said Russian shelling hit Ukrainian positions.")
    assert mixed.speaker.side == "unknown"  # both sides named: no guess
