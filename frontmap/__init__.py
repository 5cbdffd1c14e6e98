"""frontmap: sourced, dated, mapped claims about the front line in the war in Ukraine."""

__version__ = "0.2.0"
