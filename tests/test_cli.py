"""The frontmap command, run as a real process."""

import json
import subprocess
import sys
from pathlib import Path

import geopandas


def frontmap(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "frontmap.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_help_and_usage_errors():
    assert frontmap("--help").returncode == 0
    assert "resolve" in frontmap("--help").stdout
    usage = frontmap("resolve")
    assert usage.returncode == 2 and "NAME or --batch" in usage.stderr


def test_resolve_json():
    run = frontmap("resolve", "Machnowka", "--context", "in the Kursk region", "--json")
    assert run.returncode == 0
    answer = json.loads(run.stdout)
    assert answer["resolved"] and answer["place"]["name"] == "Makhnovka" and answer["rule"] == "exact:ru-de"


def test_ambiguous_names_exit_non_zero_only_when_strict():
    assert frontmap("resolve", "Makhnivka").returncode == 0
    strict = frontmap("resolve", "Makhnivka", "--strict")
    assert strict.returncode == 1 and "AMBIGUOUS" in strict.stdout


def test_empty_name_is_a_user_error():
    run = frontmap("resolve", " ")
    assert run.returncode == 1 and "empty" in run.stderr


def test_batch_to_geojson(tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("name,context\nSudzha,\nMakhnivka,in the Kursk region\nMakhnivka,\nXyzzyville,\n")
    out = tmp_path / "places.geojson"
    run = frontmap("resolve", "--batch", str(names), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert "4 names: 2 resolved, 1 ambiguous, 1 unknown" in run.stderr
    result = geopandas.read_file(out)
    assert result["name"].tolist()[:2] == ["Sudzha", "Makhnovka"]
    assert frontmap("resolve", "--batch", str(names), "-o", str(out), "--strict").returncode == 1


def test_batch_errors_name_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("place\nSudzha\n")
    run = frontmap("resolve", "--batch", str(bad))
    assert run.returncode == 1 and f"{bad}, line 1: no 'name' column" in run.stderr
    bad.write_text("name\nSudzha\n\"\"\n")
    run = frontmap("resolve", "--batch", str(bad))
    assert run.returncode == 1 and "line 3: empty name" in run.stderr


def test_reverse_command():
    run = frontmap("reverse", "51.2322", "35.3268", "--min-kind", "town", "--json")
    assert run.returncode == 0 and json.loads(run.stdout)["description"] == "6 km north-east of Sudzha"
    assert frontmap("reverse", "95", "0").returncode == 2


def test_demo_writes_an_escaped_map(tmp_path):
    run = frontmap("demo", "-o", str(tmp_path / "demo.html"))
    assert run.returncode == 0 and run.stdout.strip().endswith("demo.html")
    page = (tmp_path / "demo.html").read_text()
    for name in ("Sudzha", "Berdin", "Makhnovka", "Kurakhove", "Pokrovsk", "Toretsk"):
        assert name in page
    assert "GeoNames (CC BY 4.0)" in page


EXAMPLE = Path(__file__).parents[1] / "examples" / "kursk-2025-01-05.yaml"


def test_claims_import_is_idempotent_and_reports_counts(tmp_path):
    store = tmp_path / "claims.gpkg"
    first = frontmap("claims", "import", str(EXAMPLE), "--store", str(store), "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"read": 11, "added": 11, "already_stored": 0, "rejected": 0}
    again = frontmap("claims", "add", str(EXAMPLE), "--store", str(store), "--json")
    assert json.loads(again.stdout)["added"] == 0


def test_claims_import_ucdp_reports_rejected_rows_on_stderr(tmp_path):
    store = tmp_path / "claims.gpkg"
    run = frontmap("claims", "import", str(Path(__file__).parent / "fixtures" / "ucdp-ged-sample.csv"),
                   "--format", "ucdp", "--store", str(store))
    assert run.returncode == 0 and "4 claims added" in run.stdout
    assert "line 7: rejected" in run.stderr


def test_claims_list_show_export_and_supersede(tmp_path):
    store = str(tmp_path / "claims.gpkg")
    frontmap("claims", "import", str(EXAMPLE), "--store", store)
    listed = json.loads(frontmap("claims", "list", "--kind", "strike", "--store", store, "--json").stdout)
    assert len(listed) == 1 and listed[0]["claimant"]["name"] == "Russian Defence Ministry"
    strike_id = listed[0]["id"]
    shown = frontmap("claims", "show", strike_id, "--store", store)
    assert json.loads(shown.stdout)["id"] == strike_id
    assert frontmap("claims", "show", "fm-0000000000000000", "--store", store).returncode == 1
    for suffix in ("geojson", "csv", "parquet"):
        out = tmp_path / f"advances.{suffix}"
        assert frontmap("claims", "export", "--kind", "advance", "-o", str(out), "--store", store).returncode == 0
        frame = geopandas.read_parquet(out) if suffix == "parquet" else (
            geopandas.read_file(out) if suffix == "geojson" else __import__("pandas").read_csv(out))
        assert len(frame) == 3
    correction = tmp_path / "correction.yaml"
    correction.write_text(
        "claims:\n"
        "  - claimant: {name: Russian Defence Ministry, side: russia}\n"
        "    kind: strike\n    actor: russia\n    event_time: 2025-01-05\n    reported: 2025-01-06\n"
        "    summary: Corrected figures for the convoy near Berdin.\n"
    )
    assert frontmap("claims", "supersede", strike_id, str(correction), "--store", store).returncode == 0
    known = json.loads(frontmap("claims", "list", "--known-on", "2025-01-06", "--store", store, "--json").stdout)
    assert strike_id not in {c["id"] for c in known} and len(known) == 11


def test_claims_import_acled(tmp_path):
    run = frontmap("claims", "import", str(Path(__file__).parent / "fixtures" / "acled-sample.csv"),
                   "--format", "acled", "--store", str(tmp_path / "c.gpkg"), "--json")
    assert run.returncode == 0 and json.loads(run.stdout)["added"] == 3
    assert "line 5: rejected" in run.stderr and "line 6: rejected" in run.stderr
