"""Claim files refuse what issue 19 found accepted as garbage, and accept what it found refused."""
from __future__ import annotations

import json
import time

import pytest
import yaml

from frontmap.claimfile import ClaimFileError, read_claims

CLAIM = ("  - claimant: {name: Russian Defence Ministry, side: russia}\n"
         "    kind: capture\n    event_time: 2025-01-05\n    reported: 2025-01-05\n"
         "    places: [Sudzha]\n    geometry: {shape: point, at: Sudzha, uncertainty_km: 3}\n"
         "    summary: Russian forces say they took a village.\n")


def _yaml(tmp_path, text: str):
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_confirming_name_is_a_list_of_one_not_of_letters(tmp_path, gaz):
    path = _yaml(tmp_path, "claims:\n" + CLAIM + "    verification: {status: confirmed, confirmed_by: ISW}\n")
    assert read_claims(path, gaz)[0].verification.confirmed_by == ("ISW",)


@pytest.mark.parametrize(("change", "field"), [
    (("event_time: 2025-01-05", "event_time: 5"), "event_time"),
    (("event_time: 2025-01-05", "event_time: 2025-13-40"), "event_time"),
    (("reported: 2025-01-05", "reported: 2202-02-02"), "reported"),
    (("name: Russian Defence Ministry", "name: 5"), "claimant.name"),
    (("uncertainty_km: 3", "uncertainty_km: .nan"), "geometry.uncertainty_km"),
    (("uncertainty_km: 3", "uncertainty_km: .inf"), "geometry.uncertainty_km"),
    (("summary: Russian forces say they took a village.", "summary: 5"), "summary"),
    (("summary: Russian forces say they took a village.", "summary: " + "x" * 200_000), "summary"),
    (("    places: [Sudzha]\n    geometry: {shape: point, at: Sudzha, uncertainty_km: 3}\n",
      "    geometry: {shape: point, geometry: {type: Point, coordinates: [181, 50]}}\n"), "geometry.geometry"),
    (("    places: [Sudzha]\n    geometry: {shape: point, at: Sudzha, uncertainty_km: 3}\n",
      "    geometry: {shape: point, geometry: {type: Point, coordinates: [3926000, 6650000]}}\n"), "geometry.geometry"),
    (("    places: [Sudzha]\n", "    places: [Sudzha]\n    magnitudes: [{value: .nan, unit: clashes}]\n"),
     "magnitudes.value"),
    (("    places: [Sudzha]\n", "    places: [Sudzha]\n    magnitudes: [{value: 1e308, unit: clashes}]\n"),
     "magnitudes.value"),
])
def test_garbage_is_refused_naming_claim_line_and_field(tmp_path, gaz, change, field):
    old, new = change
    path = _yaml(tmp_path, "claims:\n" + CLAIM.replace(old, new))
    with pytest.raises(ClaimFileError) as error:
        read_claims(path, gaz)
    assert (error.value.claim, error.value.line, error.value.field) == (1, 2, field)
    assert str(error.value).startswith(f"{path}, claim 1 (line 2): claim field {field!r}")
    assert len(str(error.value)) < 400


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path, gaz):
    bomb = "a0: &a0 [Sudzha, Sudzha, Sudzha, Sudzha, Sudzha, Sudzha, Sudzha, Sudzha, Sudzha]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    path = _yaml(tmp_path, bomb + "claims:\n" + CLAIM.replace("places: [Sudzha]", "places: *a9"))
    started = time.perf_counter()
    with pytest.raises(ClaimFileError, match="aliases"):
        read_claims(path, gaz)
    assert time.perf_counter() - started < 5


def test_small_aliases_are_still_read(tmp_path, gaz):
    path = _yaml(tmp_path, "source: {publisher: &p {name: dpa}}\nclaims:\n" + CLAIM + "    publisher: *p\n")
    assert read_claims(path, gaz)[0].publisher.name == "dpa"


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_is_refused(tmp_path, gaz, suffix):
    path = tmp_path / f"claims{suffix}"
    path.write_text('{"claims": ' + "[" * 50_000 + "]" * 50_000 + "}")
    with pytest.raises(ClaimFileError, match="nests deeper"):
        read_claims(path, gaz)


def test_json_nan_infinity_and_duplicate_keys_are_refused(tmp_path, gaz):
    path = tmp_path / "claims.json"
    for text, message in (('{"claims": [{"value": NaN}]}', "NaN is not a number JSON allows"),
                          ('{"claims": [{"magnitudes": [{"value": 1e400, "unit": "clashes"}]}]}', "1e400 is too large"),
                          ('{"claims": [], "claims": 5}', "appears twice")):
        path.write_text(text)
        with pytest.raises(ClaimFileError, match=message):
            read_claims(path, gaz)


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".csv"])
def test_a_byte_order_mark_is_accepted(tmp_path, gaz, suffix):
    records = yaml.safe_load("claims:\n" + CLAIM)
    text = {".yaml": "claims:\n" + CLAIM, ".json": json.dumps(records, default=str),
            ".csv": "claimant,kind,event_time,reported,places,summary\n"
                    "Russian Defence Ministry,capture,2025-01-05,2025-01-05,Sudzha,Russian forces took a village.\n"}
    path = tmp_path / f"claims{suffix}"
    path.write_bytes(b"\xef\xbb\xbf" + text[suffix].encode())
    assert len(read_claims(path, gaz)) == 1


@pytest.mark.parametrize(("text", "message"), [
    ("", "is empty"),
    ("claimant,kind\n", "a header but no claims"),
    ("claimant,kind,kind\nA,clash,clash\n", "'kind' appears twice"),
    ("claimant,kind\nA,clash,extra\n", "has 3 cells, the header 2"),
    ("claimant,kind,reported,event_time,summary\nA,clash,2025-01-05,2025-01-05,s\n" + "B," + "x" * 200_000 + "\n",
     "is not valid CSV"),
])
def test_broken_csv_files_are_refused_with_their_line(tmp_path, gaz, text, message):
    path = tmp_path / "claims.csv"
    path.write_text(text)
    with pytest.raises(ClaimFileError, match=message):
        read_claims(path, gaz)


def test_bytes_that_are_not_utf8_are_named_by_line(tmp_path, gaz):
    path = tmp_path / "claims.yaml"
    path.write_bytes(("claims:\n" + CLAIM).encode().replace(b"village", b"vill\xe9ge"))
    with pytest.raises(ClaimFileError, match=r"claims\.yaml, line 8: byte 0xe9 is not UTF-8"):
        read_claims(path, gaz)
