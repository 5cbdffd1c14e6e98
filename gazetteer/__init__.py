"""Offline gazetteer for war reporting in Ukraine and Russia's border oblasts.

>>> from gazetteer import Gazetteer
>>> gaz = Gazetteer.default()
>>> gaz.resolve("Krasnoarmeysk", context="near Myrnohrad").place.name
'Pokrovsk'

The data contains OpenStreetMap data (ODbL 1.0): show :data:`ATTRIBUTION` with any
output that carries its coordinates.
"""

from .errors import DataNotBuiltError, GazetteerError, SourceFormatError
from .index import Gazetteer
from .licence import ATTRIBUTION
from .place import Candidate, Place, Resolution
from .reverse import Reverse

__all__ = [
    "Gazetteer", "Place", "Candidate", "Resolution", "Reverse",
    "GazetteerError", "SourceFormatError", "DataNotBuiltError", "ATTRIBUTION",
]
