"""Importers: one module per source format, each returning claims and a report of rejected rows."""

from .report import ImportReport

__all__ = ["ImportReport"]
