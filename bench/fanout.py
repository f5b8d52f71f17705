"""Fan-out: one alert to many subscribed chats through the Bot API stand-in, which allows 30
messages a second and answers 429 beyond that.

Target: >= 90% of 30/s sustained, and no 429 received.

    .venv/bin/python bench/fanout.py [--chats 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "true")

import common  # noqa: F401  (puts the repository on sys.path)
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

import storage.alerts
import storage.subscribers
from bot.clock import utcnow
from bot.model import AlertDraft, AlertKind, Snapshot
from bot.outbox import IN_FLIGHT, OVERALL_RATE, drain
from storage.db import open_db
from tests.botapi import TOKEN, FakeBotAPI

LIMIT = 30.0


async def run(chats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, FakeBotAPI() as api:
        api.behaviour.per_second = LIMIT
        db = open_db(Path(tmp) / "bench.db")
        now = utcnow()
        with db.transaction():
            for chat in range(1, chats + 1):
                storage.subscribers.subscribe(db, chat, now)
            storage.alerts.raise_new(db, [AlertDraft(
                kind=AlertKind.NUMBER_CHANGE, key="bench", claim="c", side="S", source="W", url="https://x",
                before=Snapshot(text="six injured", value=6), after=Snapshot(text="nine injured", value=9))], now)  # fmt: skip
        limiter = AIORateLimiter(overall_max_rate=OVERALL_RATE, max_retries=0)
        request = HTTPXRequest(connection_pool_size=IN_FLIGHT + 4)
        bot = ExtBot(TOKEN, base_url=api.base_url, rate_limiter=limiter, request=request)
        async with bot:
            started = time.perf_counter()
            sent = 0
            while sent < chats:
                report = await drain(bot, db, utcnow, limit=500)
                sent += report.sent
                if report.flood_wait:
                    await asyncio.sleep(report.flood_wait)
                elif not report.sent:
                    await asyncio.sleep(0.05)
            seconds = time.perf_counter() - started
        refused = sum(1 for c in api.calls if c.params.get("error") == 429)
    rate = chats / seconds
    print(f"{chats} messages in {seconds:.1f}s: {rate:.1f}/s against a limit of {LIMIT:.0f}/s; {refused} answered 429")
    share = rate / LIMIT
    verdict = "OK" if share >= 0.9 and refused == 0 else "MISSED"
    print(f"sustained share of the limit: {share:.2f} (target >= 0.90, no 429) {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(run(args.chats))


if __name__ == "__main__":
    main()
