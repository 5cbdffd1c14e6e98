"""Extraction accuracy on real reporting: places, claims, claimant sides and dates, per language.

    python3 benchmarks/extract_accuracy.py [--articles ../shared/articles] [--lang en uk ru]

Runs ``frontmap.extract.extract`` in this interpreter on every article of the development set
(``../shared/articles``: real news texts with hand annotations in ``truth.yaml``) and scores it with
that folder's own ``score.py`` functions, so the figures are the scorer's:

* places: precision and recall of located places (within each truth place's tolerance);
* claims: precision over drafted claims, recall over non-optional truth claims (side, kind family
  and one place, or regions for claims without places, must agree);
* claimant side: of the drafted claims that match a truth claim on kind family and place, the
  share whose claimant's side is right too;
* dates: of the truth claims found, the share whose predicted event time is right (``date_ok``);
* throughput: articles per second of ``extract()`` on one core (pinned with ``os.sched_setaffinity``
  where the system has it), best of three passes after a warm-up, gazetteer load excluded.

Targets (issue 16): places R >= 0.85 at P >= 0.90; claims P and R >= 0.60; side right on >= 90 %
of matched claims; each language places R >= 0.75 and claims R >= 0.50; >= 200 articles/s.
Skips with a message when the articles folder is absent.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import sys
import time
from datetime import date
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "articles"


def _scorer(folder: Path):
    spec = importlib.util.spec_from_file_location("devset_score", folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT, help="folder with NNN.txt, index.tsv, truth.yaml, score.py")
    parser.add_argument("--lang", nargs="*", help="languages to score (default: all)")
    args = parser.parse_args()
    if not (args.articles / "truth.yaml").exists():
        print(f"skipped: no development articles at {args.articles} (truth.yaml missing)")
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import yaml

    from frontmap.extract import extract
    from gazetteer import Gazetteer

    score = _scorer(args.articles)
    truth = yaml.safe_load((args.articles / "truth.yaml").read_text(encoding="utf-8"))["articles"]
    with open(args.articles / "index.tsv", encoding="utf-8") as handle:
        index = {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}
    ids = sorted(i for i in index if i in truth and (not args.lang or index[i]["language"] in args.lang))
    gazetteer = Gazetteer.default()
    texts = {i: (args.articles / f"{i}.txt").read_text(encoding="utf-8") for i in ids}
    totals: dict[str, dict[str, int]] = {}
    for i in ids:
        published = date.fromisoformat(index[i]["published"])
        result = extract(texts[i], published, gazetteer=gazetteer)
        out = {"places": result.places, "claims": [{"id": d.claim.id, **d.record} for d in result.claims]}
        places = score.score_places(truth[i], out["places"])
        claims = score.score_claims(truth[i], out)
        for group in (index[i]["language"], "all"):
            row = totals.setdefault(group, dict.fromkeys(
                ("ptp", "pfp", "pfn", "cpred", "cok", "ctruth", "chit", "blind", "dates", "n"), 0))
            row["ptp"] += len(places["tp"])
            row["pfp"] += len(places["fp"])
            row["pfn"] += len(places["fn"])
            row["cpred"] += claims["n_pred"]
            row["cok"] += claims["n_pred_ok"]
            row["ctruth"] += claims["n_truth"]
            row["chit"] += claims["n_truth_hit"]
            row["blind"] += claims["n_blind_ok"]
            row["dates"] += claims["n_date_ok"]
            row["n"] += 1
    print(f"extract accuracy on {len(ids)} development articles ({args.articles})")
    print(f"{'lang':5} {'n':>3} {'places P':>8} {'R':>5} {'claims P':>8} {'R':>5} {'side ok':>7} {'dates ok':>8}")
    for group in [g for g in ("en", "uk", "ru") if g in totals] + ["all"]:
        r = totals[group]
        print(f"{group:5} {r['n']:>3} {_ratio(r['ptp'], r['ptp'] + r['pfp']):>8} {_ratio(r['ptp'], r['ptp'] + r['pfn']):>5} "
              f"{_ratio(r['cok'], r['cpred']):>8} {_ratio(r['chit'], r['ctruth']):>5} {_ratio(r['cok'], r['blind']):>7} "
              f"{_ratio(r['dates'], r['chit']):>8}")
    print("side ok = drafted claims matching on side, kind family and place / those matching on kind family and place;"
          " dates ok = found truth claims dated right / found truth claims")
    from machine import loop_seconds

    before = loop_seconds()
    items = [(texts[i], date.fromisoformat(index[i]["published"])) for i in ids]
    for text, published in items[:3]:
        extract(text, published, gazetteer=gazetteer)  # warm-up: morphology dictionaries, regexes, caches
    best = None
    for _ in range(3):
        start = time.perf_counter()
        for text, published in items:
            extract(text, published, gazetteer=gazetteer)
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
    print(f"throughput: {len(items) / best:.0f} articles/s on one core ({1000 * best / len(items):.1f} ms per article, "
          f"best of 3 passes over {len(items)} articles, gazetteer load excluded) [target >= 200/s]")
    print(f"machine speed: a 10-million-step Python loop took {before:.2f} s before and {loop_seconds():.2f} s after "
          "(about 0.3 s on a quiet 2-core machine; compare throughputs only at similar loop times)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
