import warnings

import geopandas
import pytest
from geopy.geocoders import Nominatim
from geopy.location import Location
from geopy.point import Point

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
    assert coder.reverse((51.19, 35.27)).raw["place"]["name"] == "Sudzha"


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


# In the manner of geopy's own geocoder tests (geopy/test/geocoders/util.py: geocode_run / reverse_run
# compare a Location's latitude and longitude with an expected point within a delta).
class TestOfflineGazetteerAsGeopyGeocoder:
    delta = 0.05  # degrees, as geopy's tests allow

    @pytest.fixture(autouse=True)
    def _coder(self, gaz):
        self.geocoder = OfflineGazetteer(gaz, user_agent="frontmap-tests")

    def geocode_run(self, payload, expected, *, expect_failure=False):
        result = self.geocoder.geocode(**payload)
        if expect_failure:
            assert result is None
            return None
        assert result is not None, payload
        self._verify(result, expected)
        return result

    def reverse_run(self, payload, expected, *, expect_failure=False):
        result = self.geocoder.reverse(**payload)
        if expect_failure:
            assert result is None
            return None
        self._verify(result, expected)
        return result

    def _verify(self, result, expected):
        locations = result if isinstance(result, list) else [result]
        first = locations[0]
        assert isinstance(first, Location)
        if "latitude" in expected:
            assert first.latitude == pytest.approx(expected["latitude"], abs=self.delta)
            assert first.longitude == pytest.approx(expected["longitude"], abs=self.delta)
        if "address" in expected:
            assert expected["address"] in first.address

    def test_geocode(self):
        self.geocode_run({"query": "Sudzha"}, {"latitude": 51.19, "longitude": 35.27, "address": "Sudzha"})

    def test_unicode_name(self):
        self.geocode_run({"query": "Суджа"}, {"latitude": 51.19, "longitude": 35.27})

    def test_geocode_empty_result(self):
        self.geocode_run({"query": "Xyzzyville"}, {}, expect_failure=True)

    @pytest.mark.parametrize("query", ["", "   ", None])
    def test_geocode_empty_query_is_none_not_an_error(self, query):
        self.geocode_run({"query": query}, {}, expect_failure=True)

    def test_geocode_accepts_geopys_keyword_arguments(self):
        self.geocode_run({"query": "Toretsk", "exactly_one": True, "timeout": 10, "language": "en",
                          "addressdetails": True, "country_codes": "ua"}, {"latitude": 48.4, "longitude": 37.85})

    def test_language_labels_places_by_their_own_name(self):
        result = self.geocode_run({"query": "Toretsk", "language": "uk"}, {"latitude": 48.4, "longitude": 37.85})
        assert result.address.startswith("Торецьк")

    def test_exactly_one_false_gives_a_list(self):
        result = self.geocode_run({"query": "Makhnivka", "exactly_one": False}, {})
        assert isinstance(result, list) and len(result) >= 5

    def test_geocode_structured_query(self):
        self.geocode_run({"query": {"city": "Makhnovka", "state": "Kursk Oblast"}}, {"latitude": 51.17, "longitude": 35.30})

    def test_geocode_name_comma_region(self):
        self.geocode_run({"query": "Makhnovka, Kursk Oblast"}, {"latitude": 51.17, "longitude": 35.30})

    def test_reverse_string(self):
        self.reverse_run({"query": "51.2322, 35.3268"}, {"address": "Kursk Oblast"})

    def test_reverse_point_gives_the_places_point_not_the_querys(self, gaz):
        result = self.reverse_run({"query": Point(51.1692, 35.2983)}, {"address": "Makhnovka"})
        place = gaz.get(result.raw["place"]["id"])
        assert (result.latitude, result.longitude) == (place.lat, place.lon)

    @pytest.mark.parametrize("query", [(0, 0), "-33.86, 151.21", (71.0, -40.0)])
    def test_reverse_far_outside_the_theatre_is_none(self, query):
        self.reverse_run({"query": query}, {}, expect_failure=True)

    def test_reverse_exactly_one_false_and_keyword_arguments(self):
        result = self.reverse_run({"query": (51.19, 35.27), "exactly_one": False, "language": "ru", "timeout": 5}, {})
        assert result[0].address == "in Суджа, Kursk Oblast"


def test_online_fallback_is_reachable_from_the_geocoder_and_off_by_default(gaz):
    assert OfflineGazetteer(gaz).fallback is None
    dead = Nominatim(user_agent="frontmap-tests", domain="127.0.0.1:9", scheme="http", timeout=2)
    coder = OfflineGazetteer(gaz, online=dead)
    assert isinstance(coder.fallback, OnlineFallback)
    coder.fallback = OnlineFallback(dead, min_delay_seconds=0)
    assert coder.geocode("Sudzha").raw["place"]["name"] == "Sudzha"  # offline first: no request
    assert coder.fallback.cache == {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert coder.geocode("Xyzzyville") is None
    assert any("failed" in str(w.message) for w in caught)
    assert "Xyzzyville" not in coder.fallback.cache  # the failure is not cached as an answer


def test_geopandas_reverse_geocode_runs_offline():
    from shapely import Point as ShapelyPoint

    result = geopandas.tools.reverse_geocode([ShapelyPoint(35.27, 51.19), ShapelyPoint(0, 0)], provider=OfflineGazetteer)
    assert "Sudzha" in result["address"].iloc[0]
    assert result["address"].isna().iloc[1] and result.geometry.iloc[1].is_empty


def test_geopandas_geocode_leaves_an_empty_name_empty():
    result = geopandas.tools.geocode(["Sudzha", ""], provider=OfflineGazetteer)
    assert not result.geometry.iloc[0].is_empty and result.geometry.iloc[1].is_empty
