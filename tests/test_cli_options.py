"""The command checks its options before any work, fails in one line, and prints data safely."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from .test_cli import EXAMPLE, frontmap

ROOT = Path(__file__).resolve().parents[1]
CONTROL = ROOT / "frontmap" / "data" / "deepstate-2025-01-01_07.gpkg"


def one_line_error(run: subprocess.CompletedProcess, code: int, *words: str) -> None:
    """``run`` failed with ``code`` and one line on stderr that names ``words``; no traceback, no output."""
    assert run.returncode == code, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("store") / "claims.gpkg"
    assert frontmap("claims", "import", str(EXAMPLE), "--store", str(path)).returncode == 0
    return str(path)


@pytest.mark.parametrize("args, words", [
    (["claims", "list", "--until", "yesterday"], ["--until", "'yesterday'"]),
    (["claims", "list", "--until", "2025-02-30"], ["--until", "'2025-02-30'"]),
    (["claims", "list", "--until", "next tuesday"], ["--until", "'next tuesday'"]),
    (["claims", "list", "--since", "yesterday"], ["--since", "'yesterday'"]),
    (["claims", "list", "--known-on", "banana"], ["--known-on", "'banana'"]),
    (["claims", "list", "--since", "2025-01-06", "--until", "2025-01-01"], ["--since", "--until"]),
    (["claims", "list", "--kind", "advanse"], ["--kind", "'advanse'"]),
    (["claims", "list", "--side", "russian"], ["--side", "'russian'"]),
    (["claims", "list", "--bbox", "38", "47", "35", "52"], ["--bbox"]),
    (["claims", "export", "--kind", "advance", "-o", "x.xlsx"], ["--output", "x.xlsx"]),
    (["resolve", "--batch", str(ROOT / "examples" / "names.csv"), "-o", "x.parquet"], ["--output", "x.parquet"]),
    (["resolve", "Sudzha", "--on", "05/01/2025"], ["--on", "05/01/2025"]),
    (["frontline", "diff", str(CONTROL), "--from", "2025-01-01", "--to", "2025-01-07", "-o", "x.shp"],
     ["--output", "x.shp"]),
    (["frontline", "diff", str(CONTROL), "--from", "2025-01-07", "--to", "2025-01-01"], ["--from", "--to"]),
    (["frontline", "diff", str(CONTROL), "--from", "1 Jan 2025", "--to", "2025-01-07"], ["--from"]),
    (["frontline", "series", str(CONTROL), "--source", "deepstatemap"], ["--source", "deepstatemap"]),
    (["map", "--claims", str(EXAMPLE), "--on", "2025-13-01", "-o", "m.html"], ["--on", "2025-13-01"]),
    (["map", "--claims", str(EXAMPLE), "--tiles", "google", "-o", "m.html"], ["--tiles", "google"]),
    (["map", "--claims", str(EXAMPLE), "--png", "m.jpg", "-o", "m.html"], ["--png", "m.jpg"]),
    (["extract", str(EXAMPLE), "--published", "05/01/2025"], ["--published", "05/01/2025"]),
    (["extract", str(EXAMPLE), "--published", "yesterday"], ["--published"]),
    (["reverse", "95", "0"], ["95"]),
])
def test_a_bad_option_is_a_usage_error_before_any_work(args, words, tmp_path, store):
    if args[:2] in (["claims", "list"], ["claims", "export"]):
        args = [*args, "--store", store]
    run = frontmap(*args, cwd=tmp_path)
    one_line_error(run, 2, *words)
    assert list(tmp_path.iterdir()) == []  # nothing was written


@pytest.mark.parametrize("command", [["list"], ["show", "fm-0000000000000000"], ["export", "-o", "out.csv"],
                                     ["supersede", "fm-0000000000000000", str(EXAMPLE)]])
def test_a_missing_store_is_an_error_and_is_not_created(command, tmp_path):
    run = frontmap("claims", *command, "--store", "typo.gpkg", cwd=tmp_path)
    one_line_error(run, 1, "typo.gpkg", "no such store")
    assert list(tmp_path.iterdir()) == []


def test_a_directory_is_not_a_store(tmp_path):
    (tmp_path / "dir.gpkg").mkdir()
    one_line_error(frontmap("claims", "list", "--store", "dir.gpkg", cwd=tmp_path), 1, "is a directory")


def test_the_choices_are_the_librarys():
    from frontmap.cli import common
    from frontmap.frontline import AREA_METHODS, SOURCES
    from frontmap.model import ClaimKind, Side
    from frontmap.output import FORMATS
    from frontmap.render.assets import ASSET_MODES
    from frontmap.render.build import TILES
    from frontmap.render.output import EMBED_MODES

    assert common.KINDS == tuple(ClaimKind) and common.SIDES == tuple(Side)
    assert set(common.FRONTLINE_SOURCES) == set(SOURCES) and set(common.AREA_METHODS) == set(AREA_METHODS)
    assert common.ASSET_MODES == tuple(ASSET_MODES) and common.EMBED_MODES == tuple(EMBED_MODES)
    assert common.TILES == tuple(TILES) and common.FRAME_FORMATS == tuple(FORMATS)


def test_parsing_a_command_imports_nothing_heavy():
    probe = ("import sys\nfrom frontmap.cli import cli\n"
             "try:\n    cli.main(['claims', 'list', '--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
             "print(' '.join(sorted({'pandas', 'geopandas', 'folium', 'pyproj', 'pyarrow', 'shapely', 'numpy'}"
             " & set(sys.modules))))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1:] in ([], [""]), run.stdout


def test_terminal_output_shows_control_characters_as_escapes(tmp_path):
    evil = tmp_path / "evil.yaml"
    evil.write_text('claims:\n  - claimant: {name: "Evil\\e]0;title\\a", side: russia}\n    kind: strike\n'
                    '    actor: russia\n    event_time: 2025-01-05\n    reported: 2025-01-06\n'
                    '    summary: "Clear \\e[2J the screen \\x9b31m red \\r over"\n')
    store = str(tmp_path / "evil.gpkg")
    assert frontmap("claims", "import", str(evil), "--store", store).returncode == 0
    for args in (["claims", "list", "--store", store], ["claims", "list", "--json", "--store", store],
                 ["resolve", "Sud\x1b[2Jzha\x9b"]):
        run = frontmap(*args)
        assert run.returncode == 0, run.stderr
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in run.stdout), args
    listed = frontmap("claims", "list", "--store", store).stdout
    assert "Clear \\x1b[2J the screen \\x9b31m red over" in listed  # line breaks become spaces


def test_csv_cells_cannot_run_as_formulas(tmp_path):
    names = tmp_path / "names.csv"
    names.write_text('name,context\n=cmd|"/c calc"!A1,\n+Sudzha,\n"@SUM(1)","-2+3"\n"Su\rdzha",\n', newline="")
    out = tmp_path / "places.csv"
    assert frontmap("resolve", "--batch", str(names), "-o", str(out)).returncode == 0
    stdout = frontmap("resolve", "--batch", str(names)).stdout
    for text in (out.read_bytes().decode(), stdout):
        table = pd.read_csv(__import__("io").StringIO(text), dtype=str, keep_default_na=False)
        assert len(table) == 4  # the bare CR split no row
        assert table["query"].tolist()[:3] == ["'=cmd|\"/c calc\"!A1", "'+Sudzha", "'@SUM(1)"]
        assert table["context"][2] == "'-2+3" and table["query"][3] == "Su\ndzha"


def test_claims_csv_export_neutralises_formulas(tmp_path):
    claim = tmp_path / "c.yaml"
    claim.write_text('claims:\n  - claimant: {name: "=HYPERLINK(\\"http://example.com\\")", side: russia}\n'
                     '    kind: strike\n    actor: russia\n    event_time: 2025-01-05\n    reported: 2025-01-06\n'
                     '    summary: "@SUM(A1)"\n')
    store, out = str(tmp_path / "c.gpkg"), tmp_path / "c.csv"
    assert frontmap("claims", "import", str(claim), "--store", store).returncode == 0
    assert frontmap("claims", "export", "-o", str(out), "--store", store).returncode == 0
    row = pd.read_csv(out, dtype=str).iloc[0]
    assert row["claimant"] == "'=HYPERLINK(\"http://example.com\")" and row["summary"] == "'@SUM(A1)"


def test_the_same_store_exports_the_same_bytes(tmp_path, store):
    for suffix in ("csv", "geojson", "parquet", "gpkg"):
        first, second = (tmp_path / run / f"claims.{suffix}" for run in ("a", "b"))
        for out in (first, second):
            out.parent.mkdir(exist_ok=True)
            assert frontmap("claims", "export", "-o", str(out), "--store", store).returncode == 0
        assert first.read_bytes() == second.read_bytes(), suffix


def test_demo_twice_gives_the_committed_map(tmp_path):
    """`frontmap demo` twice leaves `git status` clean: same bytes, equal to maps/ (regenerate it when the map changes)."""
    outputs = [tmp_path / "first.html", tmp_path / "second.html"]
    for out in outputs:
        assert frontmap("demo", "-o", str(out)).returncode == 0
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    assert outputs[0].read_bytes() == (ROOT / "maps" / "kursk-2025-01-05.html").read_bytes(), \
        "maps/kursk-2025-01-05.html is out of date: run `frontmap demo` and commit it"
