"""Article text → draft claims: the seed report against a hand-made expected file, a sample
article of our own (Cyrillic, datelines, comparisons, people), relative dates, and the CLI."""
import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from frontmap.extract import extract
from frontmap.extract.dates import statement_date, when

from .conftest import FIXTURES, SHARED
from .test_cli import frontmap

SEED = SHARED / "seed" / "kursk-offensive-2025-01-05.txt"
EXPECTED = yaml.safe_load((FIXTURES / "extract" / "kursk-2025-01-05.expected.yaml").read_text())
SAMPLE = FIXTURES / "extract" / "sample-article.txt"


def _key(record: dict) -> tuple:
    names = tuple(sorted(p["name"] for p in record["places"]))
    sizes = tuple(sorted((float(m["value"]), m["unit"]) for m in record["magnitudes"]))
    return record["kind"], names, sizes


def _expected_key(claim: dict) -> tuple:
    sizes = tuple(sorted((float(v), u) for v, u in claim.get("magnitudes", [])))
    return claim["kind"], tuple(sorted(claim["places"])), sizes


def precision_recall(found, expected) -> tuple[float, float]:
    """Over distinct items: the share of found ones expected, and of expected ones found."""
    found, expected = set(found), set(expected)
    matched = len(found & expected)
    return (matched / len(found) if found else 1.0), (matched / len(expected) if expected else 1.0)


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip("needs ../shared/seed")
    return extract(SEED.read_text(encoding="utf-8"), published="2025-01-05")


def test_seed_places_found_and_resolved(seed):
    found = [(m["text"], m.get("name"), m.get("admin1")) for m in seed.places if m["kind"] != "region"]
    expected = [(p["text"], p["name"], p["admin1"]) for p in EXPECTED["places"]]
    precision, recall = precision_recall(found, expected)
    print(f"places: precision {precision:.2f}, recall {recall:.2f}")
    assert (precision, recall) == (1.0, 1.0)
    assert {m["region"] for m in seed.places if m["kind"] == "region"} == set(EXPECTED["regions"])
    assert all(m["resolved"] and not m["ambiguous"] for m in seed.places if m["kind"] != "region")
    text = SEED.read_text(encoding="utf-8")
    assert all(text[m["start"]:m["end"]] == m["text"] for m in seed.places)


def test_seed_claims_precision_recall_and_fields(seed):
    assert len({_key(d.record) for d in seed.claims}) == len(seed.claims)  # no claim twice
    found = {_key(d.record): d.record for d in seed.claims}
    expected = {_expected_key(c): c for c in EXPECTED["claims"]}
    precision, recall = precision_recall(found, expected)
    print(f"claims: precision {precision:.2f}, recall {recall:.2f} ({len(found)} found, {len(expected)} expected)")
    assert (precision, recall) == (1.0, 1.0)
    for key, want in expected.items():
        got = found[key]
        assert want["claimant"] in got["claimant"]["name"], key
        assert (got["claimant"]["side"], got["actor"]) == (want["side"], want["actor"]), key
        assert got["event_time"] == str(want["event_time"]), key
        if "reported" in want:
            assert got["reported"] == str(want["reported"]), key
        if want.get("verification_note"):
            assert "could not be independently verified" in got["verification"]["note"]
        if "geometry" in want:
            assert got["geometry"]["shape"] == want["geometry"]
    text = SEED.read_text(encoding="utf-8")
    for draft in seed.claims:  # every claim quotes the sentences its offsets point at
        assert all(text[start:end] in draft.record["quote"] for start, end in draft.spans)
    approximate = {m["value"]: m["approximate"] for d in seed.claims for m in d.record["magnitudes"] if m["unit"] == "km2"}
    assert approximate == {3600: True, 610: False, 2800: True, 510: False}


def test_sample_article_cyrillic_datelines_and_no_inventions():
    result = extract(SAMPLE.read_text(encoding="utf-8"), published="2025-03-13")
    places = {(m["text"], m.get("name")) for m in result.places if m["kind"] != "region"}
    assert places == {("KYIV", "Kyiv"), ("Novoselydivka", "Novoselydivka"), ("Chasiv Yar", "Chasiv Yar"),
                      ("Покровськом", "Pokrovsk")}  # not Long Island, New York, Washington or Trump
    claims = {(d.record["kind"], d.record["claimant"]["name"], d.record["event_time"]) for d in result.claims}
    assert claims == {
        ("capture", "Institute for the Study of War", "2025-03-11"),
        ("advance", "Russian Defence Ministry", "2025-03-12/2025-03-13"),
        ("area_change", "Ukrainian military bloggers", "2025-01-01/2025-03-13"),
        ("advance", "General Staff of the Armed Forces of Ukraine", "2025-03-13"),
    }
    ministry = next(d.record for d in result.claims if d.record["claimant"]["name"] == "Russian Defence Ministry")
    assert ministry["magnitudes"][0]["value"] == 3 and "not been independently verified" in ministry["verification"]["note"]


@pytest.mark.parametrize("phrase, start, end, precision", [
    ("on Sunday", "2025-01-05", "2025-01-05", "day"),
    ("the previous evening", "2025-01-04", "2025-01-04", "day"),
    ("over the past 24 hours", "2025-01-04", "2025-01-05", "range"),
    ("in mid-December", "2024-12-11", "2024-12-20", "range"),
    ("in November", "2024-11-01", "2024-11-30", "month"),
    ("last summer", "2024-06-01", "2024-08-31", "range"),
    ("in the past year", "2024-01-01", "2024-12-31", "year"),
    ("since the start of the year", "2025-01-01", "2025-01-05", "range"),
    ("on January 20", "2025-01-20", "2025-01-20", "day"),
])
def test_relative_dates(phrase, start, end, precision):
    span = when(phrase, date(2025, 1, 5))
    assert (str(span.start), str(span.end), str(span.precision)) == (start, end, precision)


def test_statement_date_moves_the_anchor():
    assert statement_date("The previous evening, Zelensky said it.", date(2025, 1, 5)) == date(2025, 1, 4)
    assert statement_date("In mid-December, the channel estimated it.", date(2025, 1, 5)) == date(2024, 12, 15)


def test_cli_extract_yaml_imports_and_json_has_offsets(tmp_path):
    draft = tmp_path / "draft.yaml"
    run = frontmap("extract", str(SAMPLE), "--published", "2025-03-13", "--publisher", "frontmap test", "-o", str(draft))
    assert run.returncode == 0, run.stderr
    imported = frontmap("claims", "import", str(draft), "--store", str(tmp_path / "c.gpkg"), "--json")
    assert imported.returncode == 0 and json.loads(imported.stdout)["added"] == 4
    as_json = frontmap("extract", str(SAMPLE), "--published", "2025-03-13", "--json")
    payload = json.loads(as_json.stdout)
    text = SAMPLE.read_text(encoding="utf-8")
    for claim in payload["claims"]:
        assert all(text[start:end] in claim["quote"] for start, end in claim["extracted_from"])
    assert frontmap("extract", str(SAMPLE), "--published", "not-a-date").returncode == 2
    assert frontmap("extract", str(Path(tmp_path / "missing.txt")), "--published", "2025-01-05").returncode == 1
