"""Front lines: control snapshots from several sources, their changes, areas and disagreements.

>>> from frontmap.frontline import ControlSeries
>>> series = ControlSeries.read("tests/fixtures/frontline/isw-control")
>>> series.sources
['isw']
"""
from .area import AREA_METHODS, EQUAL_AREA_CRS, area_km2
from .changes import gained_and_lost
from .series import PERIOD_RULE, ControlSeries, NotCovered, month_days
from .snapshot import SOURCES, STATUSES, FrontlineFileError, ReadReport

__all__ = ["AREA_METHODS", "EQUAL_AREA_CRS", "PERIOD_RULE", "SOURCES", "STATUSES", "ControlSeries",
           "FrontlineFileError", "NotCovered", "ReadReport", "area_km2", "gained_and_lost", "month_days"]
