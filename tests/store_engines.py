"""Fixtures shared by the store tests: a fresh store of each engine, on real files and a real server.

PostGIS tests need ``FRONTMAP_TEST_PG``, the URL of a database with the PostGIS extension
that this user may copy (``.ci/start-postgis`` prints one). Without it they are skipped,
except in CI (``FRONTMAP_REQUIRE_POSTGIS=1`` or ``CI=true``), where they must run.
"""

import os
import uuid
from datetime import date

import pytest

from frontmap.model import Claim, Claimant, ClaimGeometry, Side, TimeSpan

PG = os.environ.get("FRONTMAP_TEST_PG", "")


def need_postgis() -> str:
    if not PG:
        if os.environ.get("FRONTMAP_REQUIRE_POSTGIS") or os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI must test PostGIS: FRONTMAP_TEST_PG is not set (see .ci/start-postgis)")
        pytest.skip("no PostGIS server: set FRONTMAP_TEST_PG (e.g. from .ci/start-postgis) to run these tests")
    return PG


def fresh_database() -> str:
    """A new database copied from the one FRONTMAP_TEST_PG names; its URL."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    base = need_postgis()
    name = f"frontmap_test_{uuid.uuid4().hex[:12]}"
    template = conninfo_to_dict(base).get("dbname")
    with psycopg.connect(base, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return make_conninfo(base, dbname=name) if "://" not in base else base.replace(f"/{template}", f"/{name}", 1)


def drop_database(url: str) -> None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(PG, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["gpkg", "postgis"])
def location(request, tmp_path):
    """Where a new store of each engine is: a GeoPackage path, or the URL of a new database."""
    if request.param == "gpkg":
        yield str(tmp_path / "claims.gpkg")
        return
    url = fresh_database()
    yield url
    drop_database(url)


def synthetic(i: int, writer: str = "a") -> Claim:
    return Claim(claimant=Claimant(f"writer {writer}", Side.INDEPENDENT), kind="clash",
                 event_time=TimeSpan.parse("2025-01-05"), reported=date(2025, 1, 5),
                 summary=f"claim {writer}-{i}", geometry=ClaimGeometry.point(48 + (i % 4000) / 1000, 37))
