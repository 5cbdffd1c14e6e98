"""The command over the store engines: URLs, read-only reading, --init, store copy."""
import hashlib
import json
import sqlite3

from .test_cli import frontmap

EXAMPLE = "examples/kursk-2025-01-05.yaml"


def test_store_copy_moves_every_claim_once(tmp_path):
    source, target = tmp_path / "a.gpkg", tmp_path / "b.gpkg"
    assert frontmap("claims", "import", EXAMPLE, "--store", str(source)).returncode == 0
    first = frontmap("store", "copy", str(source), str(target), "--json")
    again = frontmap("store", "copy", str(source), str(target), "--json")
    assert first.returncode == again.returncode == 0
    assert '"added": 11' in first.stdout and '"added": 0' in again.stdout
    listed = frontmap("claims", "list", "--store", str(target), "--json")
    assert listed.returncode == 0 and listed.stdout.count('"id": "fm-') == 11


def test_reading_never_changes_a_file_that_is_not_a_store(tmp_path):
    other = tmp_path / "addresses.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE address (street TEXT)")
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    run = frontmap("claims", "list", "--store", str(other))
    assert run.returncode == 1 and run.stderr.startswith("error: ") and "Traceback" not in run.stderr
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before


def test_an_unreachable_database_is_one_line(tmp_path):
    run = frontmap("claims", "list", "--store", "postgresql://nobody@127.0.0.1:1/none")
    assert run.returncode == 1 and run.stderr.count("\n") == 1 and "cannot connect" in run.stderr


def test_the_store_comes_from_frontmap_store_when_not_given(tmp_path, monkeypatch):
    store = tmp_path / "team.gpkg"
    monkeypatch.setenv("FRONTMAP_STORE", str(store))
    assert frontmap("claims", "import", EXAMPLE).returncode == 0
    assert store.is_file() and frontmap("claims", "show", "fm-5195992b822cb0f8").returncode == 0


POINT_TABLE = """claimant,side,kind,event_start,reported,summary,lon,lat,uncertainty_km
ISW,independent,advance,2025-01-05,2025-01-06,Advanced south of the town.,37.18,48.28,5
General Staff of the Armed Forces of Ukraine,ukraine,clash,2025-01-05,2025-01-05,Repelled an assault.,35.27,51.19,10
"""


def test_a_point_table_is_imported_column_wise_once(tmp_path):
    table = tmp_path / "points.csv"
    table.write_text(POINT_TABLE)
    store = tmp_path / "claims.gpkg"
    first = frontmap("claims", "import", str(table), "--format", "points", "--store", str(store), "--json")
    again = frontmap("claims", "import", str(table), "--format", "points", "--store", str(store), "--json")
    listed = frontmap("claims", "list", "--store", str(store), "--json")
    assert (json.loads(first.stdout), json.loads(again.stdout)) == ({"added": 2}, {"added": 0})
    assert sorted(claim["claimant"]["name"] for claim in json.loads(listed.stdout)) == [
        "General Staff of the Armed Forces of Ukraine", "ISW"]


def test_a_bad_point_table_names_its_line_and_stores_nothing(tmp_path):
    table = tmp_path / "points.csv"
    table.write_text(POINT_TABLE.replace("48.28", "north"))
    store = tmp_path / "claims.gpkg"
    result = frontmap("claims", "import", str(table), "--format", "points", "--store", str(store))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "points.csv" in result.stderr and "lat" in result.stderr


def test_a_claim_file_that_fails_creates_no_store(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("claims:\n  - claimant: {name: ISW, side: independent}\n    kind: advanse\n")
    store = tmp_path / "new.gpkg"
    result = frontmap("claims", "import", str(bad), "--store", str(store))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not store.exists()
