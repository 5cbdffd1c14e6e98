"""Claim importers: one module per event format (UCDP GED, ACLED), each returning claims and a report of
rejected rows. Front-line map readers live in :mod:`frontmap.frontline.readers`."""

from .report import ImportReport

__all__ = ["ImportReport"]
