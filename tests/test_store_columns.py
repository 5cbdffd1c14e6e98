"""Claims built column-wise (no Claim objects) get exactly the ids and rows of the claims they stand for."""

from datetime import datetime

import pandas as pd
import pytest

from frontmap.model import Claim, Claimant, ClaimError, ClaimGeometry, Publisher, TimeSpan, Verification
from frontmap.store import open_store
from frontmap.store.columns import claim_columns
from frontmap.store.points import point_columns

STAMP = "2026-01-01T00:00:00+00:00"

TABLE = pd.DataFrame({
    "claimant": ["ISW", "Генштаб «ЗСУ»", 'Said "x"\n'],
    "side": ["independent", "ukraine", "russia"],
    "kind": ["advance", "clash", "strike"],
    "actor": ["russia", "both", "unknown"],
    "event_start": ["2025-01-05", "2024-11-01", "2025-02-01"],
    "event_end": ["2025-01-05", "2024-11-30", "2025-02-03"],
    "precision": ["day", "month", "range"],
    "reported": ["2025-01-05", "2024-12-01T10:30:00.25+02:00", "2025-02-03T23:59:59Z"],
    "summary": ["Advanced near Pokrovsk.", "", "Struck a depot."],
    "quote": ["", "«42 clashes»", ""],
    "verification": ["unverified", "confirmed", "disputed"],
    "lon": [37.181234567, 35.0, 22.5],
    "lat": [48.28, 51.123456, 44.0],
    "uncertainty_km": [5, 0.5, 0],
    "description": ["", "north of Sudzha", ""],
    "publisher": [None, "dpa", "Bloomberg"],
    "url": [None, "https://example.org/a", None],
})


def as_claim(row) -> Claim:
    return Claim(claimant=Claimant(row.claimant, row.side), kind=row.kind, actor=row.actor,
                 event_time=TimeSpan(row.event_start, row.event_end, row.precision),
                 reported=datetime.fromisoformat(row.reported) if "T" in row.reported
                 else row.reported, summary=row.summary, quote=row.quote,
                 verification=Verification(row.verification),
                 geometry=ClaimGeometry.point(row.lat, row.lon, row.uncertainty_km, row.description),
                 publisher=Publisher(row.publisher, row.url if isinstance(row.url, str) else "")
                 if isinstance(row.publisher, str) else None)


def test_column_wise_ids_and_rows_are_those_of_the_claims():
    claims = [as_claim(row) for row in TABLE.itertuples()]
    bulk, made = point_columns(TABLE, STAMP, "me"), claim_columns(claims, STAMP, "me")
    assert bulk.columns["id"] == [c.id for c in claims]
    for name in made.columns:
        if name != "reported":  # the bulk path stores UTC, as the column holds it; the id keeps the offset
            assert bulk.columns[name] == made.columns[name], name


def test_column_wise_claims_read_back_as_the_claims(tmp_path):
    store = open_store(tmp_path / "c.gpkg", mode="w")
    assert store.append_batches([point_columns(TABLE.iloc[[0, 2]], STAMP, "me")]) == 2
    assert [c.id for c in store.query()] == [as_claim(r).id for r in TABLE.iloc[[0, 2]].itertuples()]


@pytest.mark.parametrize("field, value", [("kind", "victory"), ("lat", float("nan")), ("lon", 181.0),
                                           ("uncertainty_km", float("inf")), ("event_start", "2025-13-40"),
                                           ("reported", "2024-01-01"), ("claimant", " ")])
def test_a_bad_value_names_its_row_and_field(field, value):
    table = TABLE.copy()
    table[field] = table[field].astype(object)
    table.loc[1, field] = value
    with pytest.raises(ClaimError, match=f"row 1: {field if field != 'lat' else 'lon'}"):
        point_columns(table, STAMP, "me")


def test_a_csv_table_of_point_claims_streams_into_a_store(tmp_path):
    from frontmap.store.points import point_table_batches

    path = tmp_path / "points.csv"
    TABLE.to_csv(path, index=False)
    store = open_store(tmp_path / "c.gpkg", mode="w")
    assert store.append_batches(point_table_batches(path, 2, STAMP, "me")) == 3
    assert store.append_point_table(path) == 0  # the same claims: known
    assert [c.id for c in store.query()] == [as_claim(r).id for r in TABLE.itertuples()]
    bad = TABLE.astype({"lat": object})
    bad.loc[2, "lat"] = "north"
    bad.to_csv(path, index=False)
    with pytest.raises(ClaimError, match=r"points.csv, line 4: lon"):
        store.append_batches(point_table_batches(path, 2, STAMP, "me"))
    path.write_text(path.read_text(encoding="utf-8") + "ISW,independent\n", encoding="utf-8")
    with pytest.raises(ClaimError, match=r"points.csv.*cannot be read as a CSV table.*Expected 17 columns, got 2"):
        store.append_point_table(path)
    assert len(store) == 3
