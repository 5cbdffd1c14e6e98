"""`import frontmap` offers the main entry points, fast, whatever was imported before."""

import subprocess
import sys

import frontmap
import frontmap.demo  # noqa: F401  (submodules imported first must not hide a public name)
import frontmap.extract  # noqa: F401
import frontmap.render  # noqa: F401


def test_every_public_name_is_there_and_none_is_a_module():
    for name in frontmap.__all__:
        value = getattr(frontmap, name)
        assert not isinstance(value, type(sys)), name
    assert callable(frontmap.extract_claims) and callable(frontmap.load_claims)


def test_import_frontmap_loads_nothing_heavy():
    probe = "import sys, frontmap; print(sorted({'pandas', 'geopandas', 'folium', 'shapely'} & set(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.strip() == "[]", run.stdout + run.stderr
