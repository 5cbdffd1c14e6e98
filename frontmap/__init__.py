"""frontmap: sourced, dated, mapped claims about the front line in the war in Ukraine.

The main entry points, loaded on first use (``import frontmap`` itself stays fast):

>>> import frontmap
>>> claims = frontmap.load_claims("examples/kursk-2025-01-05.yaml")      # a claim file or a store
>>> len(claims), claims[0].kind.value
(11, 'offensive')
>>> control = frontmap.ControlSeries.read("frontmap/data/deepstate-2025-01-01_07.gpkg")
>>> changes = control.diff("2025-01-01", "2025-01-07")                    # a GeoDataFrame, km² per row
>>> changes["change"].tolist(), changes.crs.to_string()
(['gained', 'lost'], 'EPSG:4326')
>>> draft = frontmap.extract_claims("Russian forces captured Kurakhove, the defence ministry said.",
...                                 published="2025-01-06")                # draft claims from text
>>> fmap = frontmap.timeline_map(claims, control, tiles="none")          # a folium map
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

#: Public name → the module that defines it (and the name there, where it differs: a public
#: name must not be a submodule's, or importing the submodule would replace it).
_API = {
    "Claim": "frontmap.model",
    "ClaimError": "frontmap.model",
    "read_claims": "frontmap.claimfile",
    "ClaimFileError": "frontmap.claimfile",
    "load_claims": "frontmap.claims_io",
    "open_store": "frontmap.store",
    "GeoPackageStore": "frontmap.store",
    "StoreError": "frontmap.store",
    "ControlSeries": "frontmap.frontline",
    "FrontlineFileError": "frontmap.frontline",
    "NotCovered": "frontmap.frontline",
    "check_claims": "frontmap.verify",
    "extract_claims": ("frontmap.extract", "extract"),
    "timeline_map": "frontmap.render",
    "write_map": "frontmap.render",
    "demo_map": "frontmap.demo",
    "write_demo": "frontmap.demo",
}

__all__ = ["__version__", *_API]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .claimfile import ClaimFileError, read_claims
    from .claims_io import load_claims
    from .demo import demo_map, write_demo
    from .extract import extract as extract_claims
    from .frontline import ControlSeries, FrontlineFileError, NotCovered
    from .model import Claim, ClaimError
    from .render import timeline_map, write_map
    from .store import GeoPackageStore, StoreError, open_store
    from .verify import check_claims


def __getattr__(name: str) -> Any:
    """Import the module of a public name on first use (PEP 562)."""
    if name not in _API:
        raise AttributeError(f"module 'frontmap' has no attribute {name!r}")
    module, attribute = _API[name] if isinstance(_API[name], tuple) else (_API[name], name)
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
