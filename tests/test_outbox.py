"""Delivery through the outbox, with the real python-telegram-bot Bot against FakeBotAPI."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database
from telegram import Bot
from telegram.request import HTTPXRequest

import storage.alerts
import storage.deliveries
import storage.subscribers
from bot.model import AlertDraft, AlertKind, Snapshot
from bot.outbox import drain
from storage.db import open_db
from tests.botapi import TOKEN, FakeBotAPI
from tests.conftest import NOW

os.environ.setdefault("PTB_TIMEDELTA", "true")


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=api.base_url, request=HTTPXRequest(connect_timeout=2, read_timeout=2)) as b:
        yield b


def draft(n: int = 1, claim: str | None = "bridge-hit", text: str = "The bridge was hit") -> AlertDraft:
    return AlertDraft(
        kind=AlertKind.STANCE_FLIP,
        key=f"k{n}",
        claim=claim,
        side="Gov",
        source="Wire",
        url="https://example.org/a",
        before=Snapshot(text="The bridge is intact", stance="refutes", published="2024-05-01T10:00:00+00:00"),
        after=Snapshot(text=text, stance="supports", published="2024-05-02T10:00:00+00:00"),
    )


def subscribe(db: Database, *chats: int, claim: str = "*") -> None:
    for chat in chats:
        storage.subscribers.subscribe(db, chat, NOW, claim=claim)


async def test_each_subscriber_gets_each_alert_once_across_a_restart(api: FakeBotAPI, tmp_path: Path) -> None:
    db = open_db(tmp_path / "cw.db")
    subscribe(db, 1, 2, 3)
    with db.atomic():
        (alert,) = storage.alerts.raise_new(db, [draft()], NOW)
    clock = Clock()
    async with Bot(TOKEN, base_url=api.base_url) as first:
        report = await drain(first, db, clock, limit=2)  # the process dies after two sends
    assert report.sent == 2
    db.conn.close()
    db = open_db(tmp_path / "cw.db")  # a new process: a new connection and a new Bot
    async with Bot(TOKEN, base_url=api.base_url) as second:
        assert (await drain(second, db, clock)).sent == 1
        assert (await drain(second, db, clock)).sent == 0
    assert sorted(c.params["chat_id"] for c in api.sent()) == [1, 2, 3]
    assert storage.deliveries.counts(db) == {"sent": 3}
    assert "Stance flip" in api.sent()[0].params["text"] and alert.id == 1


async def test_raising_the_same_alert_again_queues_nothing(db: Database) -> None:
    subscribe(db, 1)
    storage.alerts.raise_new(db, [draft()], NOW)
    assert storage.alerts.raise_new(db, [draft()], NOW) == []
    assert storage.deliveries.pending_count(db) == 1


async def test_a_chat_that_blocked_the_bot_is_deactivated(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1, 2)
    api.behaviour.forbidden.add(2)
    storage.alerts.raise_new(db, [draft(1), draft(2)], NOW)
    report = await drain(bot, db, Clock())
    assert report.sent == 2 and report.blocked == 1
    assert storage.subscribers.get(db, 2).active is False  # type: ignore[union-attr]
    assert storage.deliveries.counts(db) == {"sent": 2, "dropped": 2}
    storage.alerts.raise_new(db, [draft(3)], NOW)  # later alerts skip the blocked chat
    assert storage.deliveries.pending_count(db) == 1


async def test_flood_control_is_honoured_and_nothing_is_lost(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1, 2)
    storage.alerts.raise_new(db, [draft()], NOW)
    api.behaviour.flood, api.behaviour.retry_after = 1, 30
    clock = Clock()
    first = await drain(bot, db, clock)
    assert first.flood_wait == 30 and first.sent <= 1  # the round stops at the 429 (one may be in flight)
    clock.advance(10)
    assert (await drain(bot, db, clock)).sent == 0  # the whole outbox waits as asked
    clock.advance(25)
    assert first.sent + (await drain(bot, db, clock)).sent == 2
    assert sorted(c.params["chat_id"] for c in api.sent()) == [1, 2]  # each chat once


async def test_a_bot_api_outage_delays_but_loses_nothing(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1)
    storage.alerts.raise_new(db, [draft()], NOW)
    api.behaviour.down = True
    clock = Clock()
    for _ in range(3):
        assert (await drain(bot, db, clock)).retried == 1
        clock.advance(60)
    api.behaviour.down = False
    clock.advance(600)
    assert (await drain(bot, db, clock)).sent == 1
    assert len(api.sent()) == 1


async def test_a_message_telegram_refuses_for_good_fails_once(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1)
    api.behaviour.bad_request[1] = "chat not found"
    storage.alerts.raise_new(db, [draft()], NOW)
    assert (await drain(bot, db, Clock())).failed == 1
    assert storage.deliveries.counts(db) == {"failed": 1}


async def test_muted_and_unsubscribed_claims_are_not_delivered(db: Database) -> None:
    subscribe(db, 1)
    subscribe(db, 2, claim="bridge-hit")
    subscribe(db, 3, claim="other-claim")
    storage.subscribers.mute(db, 1, "bridge-hit", NOW + timedelta(hours=1), NOW)
    storage.alerts.raise_new(db, [draft()], NOW)
    due = storage.deliveries.due(db, NOW)
    assert [d.chat_id for d in due] == [2]


async def test_alerts_without_a_claim_go_to_all_alert_subscribers_only(db: Database) -> None:
    subscribe(db, 1)
    subscribe(db, 2, claim="bridge-hit")
    storage.alerts.raise_new(db, [draft(claim=None)], NOW)
    assert [d.chat_id for d in storage.deliveries.due(db, NOW)] == [1]


async def test_html_in_item_text_stays_text(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1)
    storage.alerts.raise_new(db, [draft(text='<b>bold</b> & <a href="x">link</a> <script>')], NOW)
    assert (await drain(bot, db, Clock())).sent == 1
    text = api.sent()[0].params["text"]
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href=&quot;x&quot;&gt;" in text
    assert api.sent()[0].params["parse_mode"] == "HTML"


async def test_forum_topics_and_silent_chats(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    storage.subscribers.subscribe(db, -100, NOW, thread_id=7, kind="supergroup")
    storage.subscribers.set_silent(db, -100, True, thread_id=7)
    storage.alerts.raise_new(db, [draft()], NOW)
    await drain(bot, db, Clock())
    (call,) = api.sent()
    assert call.params["message_thread_id"] == 7 and call.params["disable_notification"] is True
