"""Offline gazetteer for war reporting in Ukraine and Russia's border oblasts.

>>> from gazetteer import Gazetteer
>>> gaz = Gazetteer.default()
>>> gaz.resolve("Krasnoarmeysk", context="near Myrnohrad").place.name
'Pokrovsk'
"""

from .errors import DataNotBuiltError, GazetteerError, SourceFormatError
from .index import Gazetteer
from .place import Candidate, Place, Resolution
from .reverse import Reverse

__all__ = [
    "Gazetteer", "Place", "Candidate", "Resolution", "Reverse",
    "GazetteerError", "SourceFormatError", "DataNotBuiltError",
]
