"""Hostile text for map tests: Jinja2 template payloads and an XSS corpus, and claims and
front-line series whose every text field carries them.

The XSS payloads call ``window.__pwned(n)`` (a sentinel the browser tests define) or
``alert``, so running any of them is seen; the template payloads would create a directory.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from frontmap.frontline import ControlSeries
from frontmap.model import Claim, Claimant, LocationRef, Publisher, TimeSpan, Verification

from .conftest import FIXTURES


def template_payloads(pwned: Path) -> list[str]:
    """Jinja2 payloads: code that would create ``pwned`` if compiled, and plain text with delimiters."""
    return [
        "{% set x = cycler.__init__.__globals__.os %}{{ x.mkdir('" + str(pwned) + "') }}",
        "{{ cycler.__init__.__globals__.os.mkdir('" + str(pwned) + "') }}",
        "{{7*7}}", "Unit {#3}", "{% raw %}", "{%", "{{", "{#", "}}", "{{ this.__class__ }}",
        "{{ kwargs }}", "{% endmacro %}", "${{7*7}}",
    ]


XSS = [
    "<script>__pwned(1)</script>",
    "<SCRIPT SRC=http://example.invalid/x.js></SCRIPT>",
    "</script><script>__pwned(2)</script>",
    "</SCRIPT ><script>__pwned(3)</script>",
    "<!--<script>__pwned(4)</script>-->",
    "<img src=x onerror=__pwned(5)>",
    "<img src=\"x\" onerror=\"alert('img')\">",
    "<svg onload=__pwned(6)>",
    "<svg><script>__pwned(7)</script></svg>",
    "<svg><animate onbegin=__pwned(8) attributeName=x dur=1s>",
    "<body onload=__pwned(9)>",
    "<iframe src=\"javascript:__pwned(10)\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__pwned(11)</script>\"></iframe>",
    "<a href=\"javascript:__pwned(12)\">click</a>",
    "javascript:__pwned(13)",
    "JaVaScRiPt:__pwned(14)",
    " javascript:__pwned(15)",
    "data:text/html,<script>__pwned(16)</script>",
    "data:text/html;base64,PHNjcmlwdD5fX3B3bmVkKDE3KTwvc2NyaXB0Pg==",
    "vbscript:msgbox(18)",
    "<details open ontoggle=__pwned(19)>",
    "<input autofocus onfocus=__pwned(20)>",
    "<video><source onerror=__pwned(21)></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__pwned(22)>",
    "<style>*{background:url(http://example.invalid/css)}</style>",
    "<div style=\"background:url(javascript:__pwned(23))\">css</div>",
    "<link rel=stylesheet href=http://example.invalid/x.css>",
    "`${__pwned(24)}`",
    "${__pwned(25)}",
    "'; __pwned(26); '",
    "\"; __pwned(27); \"",
    "\\\"; __pwned(28); //",
    "\u2028__pwned(29)\u2029",
    "&lt;script&gt;__pwned(30)&lt;/script&gt;",
    "&#60;img src=x onerror=__pwned(31)&#62;",
    "&amp;&quot;&#x27;&nbsp;",
    "<object data=\"javascript:__pwned(32)\"></object>",
    "<embed src=\"data:text/html,<script>__pwned(33)</script>\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:__pwned(34)\">",
    "<base href=\"http://example.invalid/\">",
    "<form action=\"javascript:__pwned(35)\"><button>x</button></form>",
    "\"><img src=x onerror=__pwned(36)>",
    "'><svg/onload=__pwned(37)>",
    "<scr<script>ipt>__pwned(38)</scr</script>ipt>",
    "<noscript><p title=\"</noscript><img src=x onerror=__pwned(39)>\">",
    "<template><img src=x onerror=__pwned(40)></template>",
    "<x onclick=__pwned(41)>click me</x>",
    "]]><script>__pwned(42)</script>",
    "\x00<script>__pwned(43)</script>",
    "<img src=x onerror=__pwned(44)>" * 2000,  # very long (~60 KB)
    "A" * 100_000,
]


def _claim(text: str, index: int) -> Claim:
    """A located claim whose every text field holds ``text``."""
    lat, lon = 51.0 + (index % 20) * 0.02, 35.0 + (index // 20) * 0.02
    return Claim(
        claimant=Claimant(text, "russia" if index % 2 else "ukraine"), kind="strike",
        event_time=TimeSpan(date(2025, 1, 5), date(2025, 1, 5)), reported=date(2025, 1, 5),
        publisher=Publisher(text, "https://example.org/?q=" + text), quote=text if index % 2 else "",
        summary=text, verification=Verification(note=text),
        places=(LocationRef(text, "curated:" + str(index), text, lat, lon, 0.9),))


def hostile_claims(payloads: list[str]) -> list[Claim]:
    """One claim per payload, in every text field (the publisher's URL, which the model keeps to
    http(s), ends in it)."""
    return [_claim(text, index) for index, text in enumerate(payloads)]


def hostile_control(payloads: list[str]) -> ControlSeries:
    """The simplified DeepStateMAP fixture once per payload, each copy with the payload as its source and file."""
    series = ControlSeries.read(FIXTURES / "frontline" / "deepstate-simplified")
    frames = [series.frame.assign(source=text, file=text) for text in payloads]
    return ControlSeries(pd.concat(frames, ignore_index=True))
