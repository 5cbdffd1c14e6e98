"""``frontmap extract``: an article's text → draft claims to review and import."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .common import ISO_DATE, json_text


@click.command("extract")
@click.argument("source", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path))
@click.option("--published", required=True, type=ISO_DATE,
              help="Publication date of the text, YYYY-MM-DD (no other order is guessed); relative dates count from it.")
@click.option("--publisher", help="Who published the text (recorded on every claim).")
@click.option("--json", "as_json", is_flag=True, help="Print places and claims (with sentence offsets) as JSON.")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print a claim file (the default) for `frontmap claims import`.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
def extract_command(source: Path, published: date, publisher: str | None, as_json: bool, as_yaml: bool,
                    output: Path | None) -> None:
    """Draft claims from the article in SOURCE (a text file, or - for stdin).

    Each claim keeps the sentences it came from (`extracted_from`: character offsets)
    and their words as its quote; review it, then `frontmap claims import` the file.
    """
    if as_json and as_yaml:
        raise click.UsageError("give --json or --yaml, not both")
    import yaml

    from ..extract import extract

    from ..validate import MAX_ARTICLE_BYTES, read_article

    try:
        if str(source) == "-":
            text = sys.stdin.read(MAX_ARTICLE_BYTES + 1)
            if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
                raise ValueError(f"stdin: more than {MAX_ARTICLE_BYTES >> 20} MB is not one article")
        else:
            text = read_article(source)
    except (OSError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    result = extract(text, published)
    if as_json:
        payload = {"published": published.isoformat(), "places": result.places,
                   "claims": [{"id": draft.claim.id, **draft.record} for draft in result.claims]}
        rendered = json_text(payload)
    else:
        header = (f"# Draft claims extracted by frontmap from {source} (published {published}).\n"
                  "# Review every claim before importing: extraction is rule-based and can be wrong.\n")
        rendered = header + yaml.safe_dump(result.to_claim_file(publisher, published), allow_unicode=True, sort_keys=False)
    if output:
        output.write_text(rendered, encoding="utf-8")
        click.echo(f"{len(result.claims)} draft claims, {len(result.places)} place mentions → {output}", err=True)
    else:
        click.echo(rendered)
