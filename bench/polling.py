"""Polling rounds: 1,000 feeds on 127.0.0.1; a first round, then a second where every feed
answers 304 Not Modified. Also reports peak memory with many sources and a big database.

Targets: second round <= 20% of the first; a round of 1,000 small feeds <= 4 s on 2 cores (#11).
With --items N (e.g. 1000000) the database is first filled with N stored items, and the
peak RSS during the rounds is reported against the 150 MB target.

    .venv/bin/python bench/polling.py [--feeds 1000] [--items 0]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import ServedFeeds, peak_rss_mb, rss_mb, small_feed, timed

from bot.clock import iso, utcnow
from bot.config import parse_config
from bot.poll import poll_all
from storage.db import open_db


def fill(db_path: Path, items: int, sources: int) -> None:
    """Store `items` items with one revision each, spread over the sources, in bulk."""
    db = open_db(db_path)
    now = iso(utcnow())
    batch = 50_000
    with db.transaction():
        for start in range(0, items, batch):
            rows = range(start, min(items, start + batch))
            db.executemany(
                "INSERT INTO items (id, source, key, url, title, published, first_seen, last_seen, revision_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((n + 1, f"old{n % sources}", f"k{n}", f"https://old.example/{n}", f"Old item {n}", now, now, now,
                  n + 1) for n in rows),
            )  # fmt: skip
            db.executemany(
                "INSERT INTO revisions (id, item_id, number, title, text, fingerprint, seen_at)"
                " VALUES (?, ?, 1, ?, ?, ?, ?)",
                ((n + 1, n + 1, f"Old item {n}", f"An old story number {n} about a town.", f"{n:032x}", now)
                 for n in rows),
            )  # fmt: skip
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=0)
    args = parser.parse_args()
    server = ServedFeeds({f"/f{n}.xml": {"body": small_feed(n), "etag": f'"v{n}"'} for n in range(args.feeds)})
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db_path = Path(tmp) / "bench.db"
            if args.items:
                timed(f"filling the database with {args.items:,} items", lambda: fill(db_path, args.items, args.feeds))
            config = parse_config(
                {
                    "sides": [
                        {"name": "Gov", "aliases": ["the governor"]},
                        {"name": "Ministry", "aliases": ["ministry spokesman"]},
                        {"name": "City", "aliases": ["the mayor"]},
                    ],
                    "sources": [
                        {"name": f"F{n}", "kind": "rss", "url": server.url(f"/f{n}.xml")} for n in range(args.feeds)
                    ],
                    "claims": [
                        {"id": "bridge", "text": "The bridge was hit", "match": ["bridge"], "refutes": ["intact"]}
                    ],
                },
                "bench",
                Path(tmp),
            )
            db = open_db(db_path)
            print(f"{args.feeds} feeds; RSS before polling {rss_mb():.0f} MB")
            started = time.perf_counter()
            first = poll_all(db, config)
            first_s = time.perf_counter() - started
            started = time.perf_counter()
            second = poll_all(db, config)
            second_s = time.perf_counter() - started
    finally:
        server.close()
    print(f"  first round:  {first_s:.2f}s ({sum(r.new_items for r in first):,} items, "
          f"{sum(not r.ok for r in first)} failed)")  # fmt: skip
    print(f"  second round: {second_s:.2f}s ({sum(r.not_modified for r in second)} answered 304)")
    ratio = second_s / first_s
    print(f"ratio second vs first round: {ratio:.2f} (target <= 0.20) {'OK' if ratio <= 0.2 else 'MISSED'}")
    slowest = max(first_s, second_s)
    print(f"slowest round: {slowest:.2f}s (target <= 4 s) {'OK' if slowest <= 4 else 'MISSED'}")
    peak = peak_rss_mb()
    print(f"peak RSS: {peak:.0f} MB (target <= 150 MB with 1,000 sources and 1,000,000 items)"
          + (f" {'OK' if peak <= 150 else 'MISSED'}" if args.items >= 1_000_000 else ""))  # fmt: skip


if __name__ == "__main__":
    main()
