from pathlib import Path

import pytest

from gazetteer import Gazetteer

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture(scope="session")
def fixture_gazetteer(tmp_path_factory) -> Gazetteer:
    """A gazetteer built from the small fixture sources plus a GeoNames dump in its real format."""
    from gazetteer.build import build

    out = tmp_path_factory.mktemp("gazetteer")
    build(
        FIXTURES / "gazetteer-sources", FIXTURES / "naturalearth-admin1-clip.geojson", out,
        geonames_dumps=[FIXTURES / "geonames" / "UA.txt"],
        alternate_names=FIXTURES / "geonames" / "alternateNames.txt",
    )
    return Gazetteer(out)
