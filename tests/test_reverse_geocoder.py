import warnings

import geopandas
import pytest
from geopy.geocoders import Nominatim

from gazetteer.geocoder import AmbiguousNameWarning, OfflineGazetteer, OnlineFallback
from gazetteer.reverse import compass


def test_reverse_describes_a_point_from_the_nearest_town(gaz):
    found = gaz.reverse(51.2322, 35.3268, min_kind="town")
    assert found.place.name == "Sudzha"
    assert found.direction == "north-east" and round(found.distance_km) == 6
    assert found.description == "6 km north-east of Sudzha"
    assert found.admin1 == "RU-KRS"


def test_reverse_uses_the_nearest_place_of_any_kind_by_default(gaz):
    found = gaz.reverse(51.1692, 35.2983)
    assert found.place.name == "Makhnovka" and found.distance_km < 1
    assert found.description == "in Makhnovka"


def test_reverse_takes_the_oblast_from_the_polygon_not_the_place(gaz):
    # A point on the Ukrainian side of the border north of Sudzha: nearest places may be Russian.
    found = gaz.reverse(51.10, 35.10)
    assert found.admin1 == "UA-59"


@pytest.mark.parametrize(("lat", "lon"), [(91, 0), (0, 181)])
def test_reverse_rejects_impossible_coordinates(gaz, lat, lon):
    with pytest.raises(ValueError, match="latitude"):
        gaz.reverse(lat, lon)


def test_compass_points():
    assert [compass(a) for a in (0, 45, 90, 135, 180, 225, 270, 315, 359)] == [
        "north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west", "north"]


def test_geopandas_geocode_runs_offline_through_the_geopy_geocoder():
    result = geopandas.tools.geocode(["Sudzha", "Kurakhovo", "Xyzzyville"], provider=OfflineGazetteer)
    assert result.geometry.y.round(2).tolist()[:2] == [51.19, 47.98]
    assert result.geometry.iloc[2].is_empty


def test_geopy_geocoder_contract(gaz):
    coder = OfflineGazetteer(gaz)
    location = coder.geocode("Makhnovka", context="Kursk region")
    assert location.raw["place"]["admin1"] == "RU-KRS" and location.raw["ambiguous"] is False
    assert len(coder.geocode("Makhnivka", exactly_one=False)) >= 5
    assert coder.geocode("Xyzzyville") is None
    assert "Sudzha" in coder.reverse("51.2322, 35.3268").raw["description"] or coder.reverse((51.19, 35.27))


def test_ambiguous_geocode_warns_instead_of_guessing_silently(gaz):
    with pytest.warns(AmbiguousNameWarning, match="ambiguous"):
        location = OfflineGazetteer(gaz).geocode("Makhnivka")
    assert location.raw["ambiguous"] is True


def test_online_fallback_is_off_by_default_and_a_dead_service_never_breaks_offline_use(gaz):
    # Nothing listens on port 9 of the loopback address: the service is "down".
    fallback = OnlineFallback(Nominatim(user_agent="frontmap-tests", domain="127.0.0.1:9", scheme="http", timeout=2),
                              min_delay_seconds=0)
    assert gaz.resolve("Sudzha", fallback=fallback).place.name == "Sudzha"
    assert fallback.cache == {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resolution = gaz.resolve("Xyzzyville", fallback=fallback)
    assert resolution.place is None
    assert any("failed" in str(w.message) for w in caught)
