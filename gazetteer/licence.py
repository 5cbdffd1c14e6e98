"""The credit and licence every output carrying gazetteer coordinates must show.

The embedded data contains OpenStreetMap data and is therefore itself under the
Open Database License (ODbL) 1.0; GeoNames and geoBoundaries data are CC BY 4.0.

>>> "© OpenStreetMap contributors" in ATTRIBUTION
True
"""

from __future__ import annotations

__all__ = ["ATTRIBUTION", "ODBL_NOTICE", "BASE_ATTRIBUTION"]

#: Credit for the sources other than OpenStreetMap.
BASE_ATTRIBUTION = "GeoNames (CC BY 4.0); KATOTTG (Ukraine's codifier); geoBoundaries (CC BY 4.0); Natural Earth"
#: The credit line for the embedded data (built with the OpenStreetMap extract).
ATTRIBUTION = f"© OpenStreetMap contributors (ODbL 1.0); {BASE_ATTRIBUTION}"
ODBL_NOTICE = ("Contains information from OpenStreetMap (© OpenStreetMap contributors), made available "
               "under the Open Database License (ODbL) 1.0: the embedded gazetteer is itself ODbL. "
               "See gazetteer/data/LICENSE-ODbL.txt.")
