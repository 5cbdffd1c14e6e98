"""Data as JSON that is safe inside an HTML ``<script type="application/json">`` element.

The only way text from data reaches a map page: no template engine ever sees it, and the
browser reads it back with ``JSON.parse(element.textContent)``. ``<``, ``>`` and ``&`` are
written as ``\\u003c``, ``\\u003e`` and ``\\u0026`` so no ``</script>`` or ``<!--`` can end or
change the element, and U+2028/U+2029 as escapes too. Non-finite numbers are refused
(``JSON.parse`` would reject the whole block and leave the map blank).

>>> print(script_json({"text": "</script><b>&\\u2028", "n": 1}))
{"n":1,"text":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}
>>> script_json({"km": float("nan")})
Traceback (most recent call last):
...
ValueError: a number in the map's data is not finite (NaN or infinity); a page's JSON cannot hold it
"""

from __future__ import annotations

import json

__all__ = ["script_json"]

_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(value: object) -> str:
    """``value`` as compact JSON with sorted keys, inert inside ``<script type="application/json">``."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
    except ValueError as error:
        if "Out of range float" not in str(error):
            raise
        raise ValueError("a number in the map's data is not finite (NaN or infinity); "
                         "a page's JSON cannot hold it") from None
    return text.translate(_SCRIPT_SAFE)
