"""Making text from data safe to place in folium's HTML and JavaScript.

folium inserts popup and tooltip text as raw HTML inside JavaScript template
literals; escaping HTML alone is not enough there (a backtick or ``${`` would end
the literal), so :func:`html_text` escapes those characters as entities too.

>>> html_text("<img src=x onerror=alert(1)> `${x}` \\\\")
'&lt;img src=x onerror=alert(1)&gt; &#96;&#36;{x}&#96; &#92;'
"""

from __future__ import annotations

import html

__all__ = ["html_text"]

_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def html_text(value: object) -> str:
    """``value`` as inert HTML text, safe inside a JavaScript template literal."""
    return html.escape(str(value), quote=True).translate(_TEMPLATE_LITERAL)
