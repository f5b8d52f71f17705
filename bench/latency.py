"""Latency: from the end of a fetch to the send call of the alert it caused.

The real Application (outbox job, poll jobs' callback) runs against the Bot API stand-in; a
feed on 127.0.0.1 gains one item per round that changes a side's figure, so every poll raises
a number_change alert for a subscribed chat. Both times are read from one monotonic clock.

Target: p95 <= 2 s.

    .venv/bin/python bench/latency.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("PTB_TIMEDELTA", "true")

import common  # noqa: F401  (puts the repository on sys.path)

import storage.subscribers
from bot.app import build_application
from bot.clock import utcnow
from bot.config import parse_config
from bot.model import Fetched
from bot.poll import Poller
from bot.sources import fetch
from storage.db import open_db
from tests.botapi import TOKEN, FakeBotAPI
from tests.servers import FeedServer


def feed(rounds: int) -> bytes:
    items = "".join(
        f"<item><title>Toll update {k}</title><guid>u{k}</guid><pubDate>Mon, 01 May 2023 {k // 60:02d}:{k % 60:02d}:00"
        f" GMT</pubDate><description>{k + 5} people were killed in the strike on the port, the governor said."
        "</description></item>"
        for k in range(rounds)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()


async def run(rounds: int) -> list[float]:
    fetched_at: list[float] = []

    def timed_fetch(*args: Any, **kwargs: Any) -> Fetched:
        result = fetch(*args, **kwargs)
        fetched_at.append(time.monotonic())
        return result

    with tempfile.TemporaryDirectory() as tmp, FakeBotAPI() as api, FeedServer() as server:
        url = server.route("/feed.xml", body=feed(1))
        config = parse_config(
            {"sides": [{"name": "Gov", "aliases": ["the governor"]}],
             "sources": [{"name": "Wire", "kind": "rss", "url": url}],
             "claims": [{"id": "port", "text": "A strike on the port killed people", "match": ["port"]}]},
            "bench", Path(tmp),
        )  # fmt: skip
        db_path = str(Path(tmp) / "bench.db")
        storage.subscribers.subscribe(open_db(db_path), 99, utcnow())
        poller = Poller(db_path, lambda db: config, fetcher=timed_fetch)
        application = build_application(TOKEN, db_path, config, base_url=api.base_url, poller=poller)
        latencies = []
        async with application:
            await application.start()
            for k in range(1, rounds + 1):
                server.route("/feed.xml", body=feed(k + 1))
                before = len(api.sent())
                await poller.poll("Wire")
                deadline = time.monotonic() + 10
                while len(api.sent()) == before and time.monotonic() < deadline:
                    await asyncio.sleep(0.01)
                sent = api.sent()
                if len(sent) > before:
                    latencies.append(sent[-1].at - fetched_at[-1])
            await application.stop()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    latencies = asyncio.run(run(args.rounds))
    if len(latencies) < args.rounds:
        print(f"only {len(latencies)} of {args.rounds} rounds delivered an alert")
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"{len(latencies)} alerts: median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    print(f"p95 fetch end -> send: {p95:.2f}s (target <= 2 s) {'OK' if p95 <= 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
