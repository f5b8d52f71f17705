"""Ingest throughput: the full poll (fetch, parse, store, extract, compare) against feedparser
alone parsing the same bytes, in items per second, measured side by side.

Target: pipeline >= 0.5x feedparser's items/s.

    .venv/bin/python bench/ingest.py [--feeds 120]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import feedparser
from common import ServedFeeds, timed, varied_feed

from bot.config import parse_config
from bot.poll import poll_all
from storage.db import open_db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=120)
    args = parser.parse_args()
    bodies = {f"/feed{n}.xml": varied_feed(n) for n in range(args.feeds)}
    items = sum(len(feedparser.parse(b).entries) for b in list(bodies.values())[:6]) * args.feeds // 6
    print(f"{args.feeds} feeds, about {items} items, {sum(map(len, bodies.values())) / 1e6:.1f} MB")

    alone, parsed = timed("feedparser alone", lambda: sum(len(feedparser.parse(b).entries) for b in bodies.values()))
    server = ServedFeeds({path: {"body": body} for path, body in bodies.items()})
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = parse_config(
                {
                    "sides": [{"name": "Gov", "aliases": ["the government", "minister", "governor"]}],
                    "sources": [{"name": f"F{n}", "kind": "rss", "url": server.url(p)} for n, p in enumerate(bodies)],
                    "claims": [
                        {"id": f"c{n}", "text": f"Claim {n}", "match": [word], "supports": ["said", "confirmed"],
                         "refutes": ["denied"]}
                        for n, word in enumerate(["Trump", "Brexit", "Lisboa", "Apache", "reddit", "Bolsonaro",
                                                  "science", "brain", "police", "election"])
                    ],
                },
                "bench",
                Path(tmp),
            )  # fmt: skip
            db = open_db(Path(tmp) / "bench.db")
            full, reports = timed("full poll (fetch, parse, store, extract, compare)", lambda: poll_all(db, config))
            stored = sum(r.new_items for r in reports)
    finally:
        server.close()
    print(f"feedparser: {parsed / alone:,.0f} items/s; pipeline: {stored / full:,.0f} items/s ({stored} stored)")
    ratio = (stored / full) / (parsed / alone)
    print(f"ratio pipeline vs feedparser: {ratio:.2f}x (target >= 0.50x) {'OK' if ratio >= 0.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
