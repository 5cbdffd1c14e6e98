"""The claim store contract: every engine (GeoPackage file, PostGIS server) passes the same tests."""

import multiprocessing
from dataclasses import replace
from datetime import date

import pytest

from frontmap.claimfile import read_claims
from frontmap.model import Claim, Link
from frontmap.store import StoreError, copy_store, open_store

from .store_engines import drop_database, fresh_database, location, synthetic  # noqa: F401 - fixtures
from .test_model import EXAMPLE, every_field_claim


@pytest.fixture
def store(location):  # noqa: F811
    return open_store(location, mode="w")


def test_every_field_round_trips(store):
    claims = read_claims(EXAMPLE)
    assert store.append(claims) == 11 and len(store) == 11
    stored = store.query()
    assert [c.to_dict() | {"recorded": None} for c in stored] == [c.to_dict() | {"recorded": None} for c in claims]
    assert all(c.recorded is not None for c in stored)


def test_a_claim_using_every_field_and_a_local_time_zone_round_trips(store):
    claim = every_field_claim()
    local = Claim.from_dict({**claim.to_dict(with_id=False), "reported": "2025-01-05T18:30:00+02:00"})
    assert store.append([claim, local]) == 2
    stored = store.query()
    assert stored == [c.with_recorded(s.recorded) for c, s in zip([claim, local], stored, strict=True)]
    assert store.get(local.id).reported.isoformat() == "2025-01-05T18:30:00+02:00"
    assert len(store.query(known_on="2025-01-05T16:30:00Z")) == 2
    assert len(store.query(known_on="2025-01-05T16:29:59Z")) == 1


def test_reimporting_adds_nothing_and_repeats_in_one_import_count_once(store):
    claims = read_claims(EXAMPLE)
    assert store.append([*claims, *claims[:3]]) == 11
    assert store.append(claims) == 0 and len(store) == 11
    assert store.append(synthetic(i) for i in range(5)) == 5 and len(store) == 16


def test_a_failure_half_way_leaves_the_store_as_it_was(store):
    store.append([synthetic(0)])

    def claims_then_crash():
        yield from (synthetic(i) for i in range(1, 70_000))  # more than one batch
        raise RuntimeError("killed mid-import")

    with pytest.raises(RuntimeError, match="killed"):
        store.append(claims_then_crash())
    assert len(store) == 1 and store.append([synthetic(1)]) == 1


def test_as_known_on_a_date_and_supersession(store):
    claims = read_claims(EXAMPLE)
    store.append(claims)
    assert {c.claimant.name for c in store.query(known_on="2025-01-04")} == {"Volodymyr Zelensky, President of Ukraine"}
    assert len(store.query(known_on="2025-01-05")) == 11
    strike = next(c for c in claims if c.kind == "strike")
    correction = Claim.from_dict({**strike.to_dict(with_id=False), "reported": "2025-01-06",
                                  "summary": "Corrected: one tank, not two.",
                                  "links": [Link("supersedes", strike.id).__dict__]})
    store.append([correction])
    assert strike.id in {c.id for c in store.query(known_on="2025-01-05")}
    known_later = {c.id for c in store.query(known_on="2025-01-06")}
    assert strike.id not in known_later and correction.id in known_later
    assert store.get(strike.id) == strike.with_recorded(store.get(strike.id).recorded)  # nothing edited in place
    assert store.superseded_by(strike.id) == [correction.id]
    assert store.links() == [(correction.id, "supersedes", strike.id)]
    selected = store.to_geodataframe(start="2025-01-05", end="2025-01-05", kinds=["strike"]).set_index("id")["links"]
    assert selected[correction.id] == f"supersedes {strike.id}" and selected[strike.id] == ""  # a filtered export too


def test_filters(store):
    store.append(read_claims(EXAMPLE))
    assert len(store.query(bbox=(35, 51, 36, 52))) == 3  # Sudzha sector, Berdin, Makhnovka
    assert len(store.query(bbox=(-180, -90, 180, 90))) == 6  # every claim with a geometry
    assert len(store.query(kinds=["area_change"])) == 4
    assert len(store.query(sides=["russia"])) == 1
    assert len(store.query(claimants=["Russian Defence Ministry"])) == 1
    assert len(store.query(start="2024-11-01", end="2024-11-30")) == 3
    assert len(store.query(start="2025-01-05")) == len(store.query(start=date(2025, 1, 5)))
    assert [c.kind for c in store.query(place="curated:berdin")] == ["strike"]
    assert store.query(place="%") == []
    frame = store.to_geodataframe(kinds=["advance"])
    assert len(frame) == 3 and frame.crs.to_epsg() == 4326
    for text in ("Russian Defence Ministry' OR 'a' = 'a", "x'); DROP TABLE claims; --", "?"):  # values, never SQL
        assert store.query(claimants=[text]) == [] and store.query(place=text) == []
        assert len(store.to_geodataframe(claimants=[text])) == len(store.to_geodataframe(place=text)) == 0
    with pytest.raises(ValueError, match="NUL character"):
        store.query(claimants=["Russian Defence Ministry\x00"])
    assert len(store) == 11


def test_a_missing_claim_is_a_key_error(store):
    with pytest.raises(KeyError, match="no claim 'fm-0000000000000000'"):
        store.get("fm-0000000000000000")


def test_the_geodataframe_holds_what_the_claims_hold(store):
    store.append([*read_claims(EXAMPLE), every_field_claim()])
    for filters in ({}, {"kinds": ["advance"]}, {"known_on": "2025-01-04"}):
        frame, claims = store.to_geodataframe(**filters), store.query(**filters)
        assert list(frame["id"]) == [c.id for c in claims]
        assert list(frame["reported"]) == [c.reported for c in claims]
        assert [d.date() for d in frame["event_end"]] == [c.event_time.end for c in claims]
        assert list(frame["places"]) == ["; ".join(p.name or p.as_written for p in c.places) for c in claims]
        assert list(frame["verification"]) == [c.verification.status for c in claims]
        assert [g is None or g.equals_exact(c.geometry.geometry, 0) for g, c in zip(frame.geometry, claims, strict=True)] \
            == [True] * len(claims)


def test_batches_stream_every_claim_in_the_order_stored(store):
    claims = [synthetic(i) for i in range(25)]
    store.append(claims)
    batches = list(store.batches(10))
    assert [len(b) for b in batches] == [10, 10, 5]
    assert [c.id for b in batches for c in b] == [c.id for c in claims]


def test_a_store_opened_for_reading_refuses_to_write(store, location):  # noqa: F811
    store.append([synthetic(0)])
    reader = open_store(location, mode="r")
    assert len(reader) == 1
    with pytest.raises(StoreError, match="reading only"):
        reader.append([synthetic(1)])


def test_copy_between_engines_loses_nothing(store, tmp_path):
    pg = fresh_database()
    try:
        claims = [*read_claims(EXAMPLE), every_field_claim(), *(synthetic(i) for i in range(30))]
        store.append(claims)
        gpkg = tmp_path / "copy.gpkg"
        targets = [pg, str(gpkg)]
        assert copy_store(store, targets[0], batch=7) == (len(claims), len(claims))
        assert copy_store(targets[0], targets[1]) == (len(claims), len(claims))
        assert copy_store(targets[1], targets[0]) == (len(claims), 0)  # again: nothing new
        for target in targets:
            copied = open_store(target)
            assert copied.query() == store.query()  # ids, recording times, every field
            assert copied.links() == store.links()
    finally:
        drop_database(pg)


def _write(location, writer):  # noqa: F811
    open_store(location, mode="w").append(synthetic(i, writer) for i in range(300))


def test_concurrent_writers_lose_and_duplicate_nothing(store, location):  # noqa: F811
    store.append([synthetic(i, "shared") for i in range(100)])
    spawn = multiprocessing.get_context("spawn")
    writers = [spawn.Process(target=_write, args=(location, w)) for w in "abc"]
    writers.append(spawn.Process(target=_write, args=(location, "a")))  # the same claims as another writer
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
    assert [p.exitcode for p in writers] == [0] * 4
    assert len(store) == 100 + 900 and len({c.id for c in store.query()}) == 1000


def test_non_finite_numbers_are_refused_on_input(store):
    with pytest.raises(ValueError, match="uncertainty_km"):
        store.append([replace(synthetic(0), geometry=replace(synthetic(0).geometry, uncertainty_km=float("nan")))])
    assert len(store) == 0


def test_the_geodataframe_keeps_every_field_of_a_claim(store):
    claim = every_field_claim()
    store.append([claim])
    row = store.to_geodataframe().set_index("id").loc[claim.id]
    assert (row["publisher"], row["url"]) == ("dpa", "https://example.org/a?b=1")
    assert row["published"] == claim.publisher.published and row["quote"] == claim.quote
    assert (row["actor"], row["shape"], row["uncertainty_km"]) == (claim.actor, "sector", claim.geometry.uncertainty_km)
    assert row["magnitudes"] == "2 vehicles tank; ~3600.5 km2"
    assert row["places_as_written"] == "Makhnivka; Berdin" and row["place_ids"] == "geonames:1"
    assert (row["verification_note"], row["confirmed_by"], row["disputed_by"]) == (
        claim.verification.note, "ISW", "General Staff of Ukraine")
    assert row["links"] == "contradicts fm-0123456789abcdef"
    assert row["description"] == "north-east of Sudzha" and row["recorded"] is not None


def test_the_geodataframe_has_the_same_types_on_every_engine(store):
    """Stored text as Python strings (object), what the data column expands to as pandas text, days in seconds."""
    stored = "object"
    types = {"event_start": "datetime64[s]", "event_end": "datetime64[s]", "reported": "datetime64[us, UTC]",
             "recorded": "datetime64[us, UTC]", "published": "datetime64[us, UTC]", "geometry": "geometry"}
    types |= dict.fromkeys(["description", "places", "places_as_written", "place_ids", "magnitudes",
                            "verification_note", "confirmed_by", "disputed_by", "links"], "str")
    store.append([synthetic(i) for i in range(3)])  # data "{}": nothing to expand
    for claims in ((), [every_field_claim()]):  # then a claim whose data holds every list
        store.append(claims)
        frame = store.to_geodataframe()
        assert {c: str(t) for c, t in frame.dtypes.items() if str(t) != stored} == types
        assert list(frame.index) == list(range(len(frame)))
        assert {type(v) for v in frame["uncertainty_km"]} == {float} and {type(v) for v in frame["id"]} == {str}
    assert list(store.to_geodataframe(kinds=["none"]).columns) == list(frame.columns)


def test_the_geodataframe_lists_a_claims_links_in_their_order(store):
    links = (Link("supersedes", "fm-00000000000000aa"), Link("contradicts", "fm-00000000000000bb"),
             Link("corroborates", "fm-00000000000000aa"))
    claim = replace(synthetic(1), links=links)
    store.append([synthetic(0), claim])
    frame = store.to_geodataframe()
    joined = "supersedes fm-00000000000000aa; contradicts fm-00000000000000bb; corroborates fm-00000000000000aa"
    assert list(frame["links"]) == ["", joined]
    assert list(store.to_geodataframe(bbox=(36.9, 47.9, 37.1, 48.0005))["links"]) == [""]  # synthetic(0) alone


def test_every_export_format_keeps_every_field(store, tmp_path):
    import geopandas as gpd
    import pandas as pd

    from frontmap.output import write_frame

    store.append([every_field_claim()])
    frame = store.to_geodataframe()
    readers = {".geojson": gpd.read_file, ".gpkg": gpd.read_file, ".parquet": gpd.read_parquet, ".csv": pd.read_csv}
    (tmp_path / "out").mkdir()
    for suffix, read in readers.items():
        write_frame(frame, tmp_path / "out" / f"export{suffix}", layer="claims")
        back = read(tmp_path / "out" / f"export{suffix}")
        missing = set(frame.columns) - {"geometry"} - set(back.columns)
        assert not missing, (suffix, missing)
        assert list(back["magnitudes"]) == ["2 vehicles tank; ~3600.5 km2"]
