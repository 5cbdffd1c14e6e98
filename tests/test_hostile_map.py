"""Hostile text never runs while a map is rendered, and reaches the page only as escaped JSON.

The guard against the template injection of issue 19: text that holds Jinja2 code, in every
claim field and as front-line source and file names, must neither run nor change.
"""
import html
import json
import re

import pytest

from frontmap.render import EMBED_MODES, render_html, timeline_map, write_map
from frontmap.render.assets import ASSET_MODES
from frontmap.render.columns import decode_claims

from .hostile import XSS, hostile_claims, hostile_control, template_payloads


def data_block(page: str) -> dict:
    """The map's JSON data, from a page, a div snippet or an iframe's ``srcdoc``."""
    if page.startswith("<iframe"):
        page = html.unescape(re.search(r'srcdoc="([^"]*)"', page).group(1))
    blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.DOTALL)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def texts_in(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(texts_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(texts_in(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) else set()


@pytest.mark.parametrize("assets", ASSET_MODES)
@pytest.mark.parametrize("embed", EMBED_MODES)
def test_template_payloads_run_nothing_and_stay_verbatim(tmp_path, assets, embed):
    pwned = tmp_path / "pwned"
    payloads = template_payloads(pwned)
    fmap = timeline_map(hostile_claims(payloads), hostile_control(payloads), tiles="none")
    page = render_html(fmap, assets, tmp_path / "assets", embed, relative_to=tmp_path)
    assert not pwned.exists()
    data = data_block(page)
    shown = texts_in(data)
    for text in payloads:
        assert text in shown, text
    assert {c["claimant"] for c in decode_claims(data["claims"])} >= set(payloads)
    assert {s["label"] for s in data["control"]} == set(payloads)
    assert "49" not in {c["claimant"] for c in decode_claims(data["claims"])}


def test_template_payloads_in_stored_sources_and_file_names(tmp_path):
    """A stored front-line GeoPackage with hostile sources, under a hostile name, mapped into a
    hostile directory with its assets beside it (the directory reaches the links' ``href``)."""
    from frontmap.frontline import ControlSeries
    from frontmap.frontline.store import save

    pwned = tmp_path / "pwned"
    payloads = template_payloads(pwned)
    hostile_dir = tmp_path / "{{7*7}} {#3} {% raw %}<img src=x onerror=alert(1)>&amp;\"'"
    hostile_dir.mkdir()
    stored = hostile_dir / "{{7*7}}{#.gpkg"
    save(hostile_control(payloads), stored)
    control = ControlSeries.read(stored)
    assert set(control.sources) == set(payloads)
    out = write_map(timeline_map([], control, tiles="none"), hostile_dir / "{{7*7}}.html",
                    assets="local", assets_dir=hostile_dir / "{% raw %} assets")
    page = out.read_text()
    assert not pwned.exists()
    assert {s["label"] for s in data_block(page)["control"]} == set(payloads)
    assert 'src="%7B%25%20raw%20%25%7D%20assets/leaflet.js"' in page


def test_xss_payloads_reach_the_page_only_inside_the_json_block(tmp_path):
    fmap = timeline_map(hostile_claims(XSS), hostile_control(XSS[:5]), tiles="none")
    page = render_html(fmap, "inline")
    head, rest = page.split('<script type="application/json"', 1)
    block, tail = rest.split("</script>", 1)
    for text in XSS:
        if len(text) > 3 and not text.isalnum():
            assert text not in head and text not in tail, text
    assert "<" not in block.split(">", 1)[1] and "\u2028" not in block and "\u2029" not in block
    assert texts_in(data_block(page)) >= {t for t in XSS if "\x00" not in t}


def test_no_template_is_compiled_from_data(monkeypatch, tmp_path):
    """Whatever folium or branca do inside, no Jinja2 template compiled while a map is rendered
    holds text that came from data (here a marker in every claim text and source name)."""
    import jinja2

    marker = "frontmap-marker-7f3a"
    compiled = []
    from_string = jinja2.Environment.from_string

    def recording(self, source, *args, **kwargs):
        compiled.append(str(source))
        return from_string(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "from_string", recording)
    fmap = timeline_map(hostile_claims([marker]), hostile_control([marker]), tiles="none")
    for assets in ASSET_MODES:
        for embed in EMBED_MODES:
            assert marker in render_html(fmap, assets, tmp_path / marker, embed, relative_to=tmp_path)
    assert compiled and not [source for source in compiled if marker in source]
