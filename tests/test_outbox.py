"""Delivery through the outbox, with the real python-telegram-bot Bot against FakeBotAPI."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

import storage.alerts
import storage.deliveries
import storage.subscribers
from bot import outbox
from bot.clock import iso
from bot.model import AlertDraft, AlertKind, Snapshot
from bot.outbox import MAX_BACKOFF, MAX_FLOOD_WAIT, RESENT_NOTE, DrainReport, drain, reconcile
from storage.db import Database, open_db
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
    with db.transaction():
        (alert,) = storage.alerts.raise_new(db, [draft()], NOW)
    clock = Clock()
    async with Bot(TOKEN, base_url=api.base_url) as first:
        report = await drain(first, db, clock, limit=2)  # the process dies after two sends
    assert report.sent == 2
    db.close()
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


async def test_an_absurd_flood_wait_is_capped_at_an_hour(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1)
    storage.alerts.raise_new(db, [draft()], NOW)
    api.behaviour.flood, api.behaviour.retry_after = 1, 999_999_999_999
    clock = Clock()
    assert (await drain(bot, db, clock)).flood_wait == MAX_FLOOD_WAIT == 3600
    clock.advance(3599)
    assert (await drain(bot, db, clock)).sent == 0
    clock.advance(2)
    assert (await drain(bot, db, clock)).sent == 1


async def test_weeks_of_retries_never_overflow_the_back_off(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1)
    storage.alerts.raise_new(db, [draft()], NOW)
    db.execute("UPDATE deliveries SET attempts = 5000")
    api.behaviour.down = True
    clock = Clock()
    assert (await drain(bot, db, clock)).retried == 1
    (next_attempt,) = db.execute("SELECT next_attempt FROM deliveries").fetchone()
    assert next_attempt == iso(NOW + timedelta(seconds=MAX_BACKOFF))


async def test_a_send_cut_short_by_a_crash_goes_again_saying_so(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1, 2)
    storage.alerts.raise_new(db, [draft()], NOW)
    one, _ = storage.deliveries.due(db, NOW)
    storage.deliveries.mark_sending(db, one, NOW)  # the process died with this send in flight
    assert await drain(bot, db, Clock()) == DrainReport(sent=1)  # the other chat; the first is not due yet
    assert reconcile(db) == 1
    assert (await drain(bot, db, Clock())).sent == 1
    texts = {c.params["chat_id"]: str(c.params["text"]) for c in api.sent()}
    assert texts[1].endswith(RESENT_NOTE) and not texts[2].endswith(RESENT_NOTE)
    assert texts[1].removesuffix(RESENT_NOTE) == texts[2]
    assert storage.deliveries.counts(db) == {"sent": 2}


async def test_an_error_of_our_own_in_a_send_retries_it_later(
    api: FakeBotAPI, bot: Bot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    subscribe(db, 1)
    storage.alerts.raise_new(db, [draft()], NOW)

    def broken(*args: object) -> str:
        raise ValueError("a rendering bug")

    monkeypatch.setattr(outbox, "message_text", broken)
    assert (await drain(bot, db, Clock())).retried == 1
    assert db.execute("SELECT status, last_error FROM deliveries").fetchall() == [
        ("pending", "unexpected: ValueError('a rendering bug')")
    ]
    monkeypatch.undo()
    clock = Clock()
    clock.advance(5)
    assert (await drain(bot, db, clock)).sent == 1


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


async def test_a_refused_connection_delays_but_loses_nothing(api: FakeBotAPI, db: Database) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    subscribe(db, 1, 2)
    storage.alerts.raise_new(db, [draft()], NOW)
    clock = Clock()
    request = HTTPXRequest(connect_timeout=1, read_timeout=1)
    unreachable = Bot(TOKEN, base_url=f"http://127.0.0.1:{closed}/bot", request=request)
    await request.initialize()  # not Bot.initialize(): its getMe could not connect either
    try:
        for _ in range(3):
            assert (await drain(unreachable, db, clock)).retried == 2
            clock.advance(MAX_BACKOFF)
    finally:
        await request.shutdown()
    assert storage.deliveries.pending_count(db) == 2
    async with Bot(TOKEN, base_url=api.base_url) as reachable:
        assert (await drain(reachable, db, clock)).sent == 2
    assert sorted(c.params["chat_id"] for c in api.sent()) == [1, 2]


async def test_a_chat_that_subscribes_later_gets_no_backlog(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1)
    storage.alerts.raise_new(db, [draft(1)], NOW)
    await drain(bot, db, Clock())
    subscribe(db, 2)
    assert (await drain(bot, db, Clock())).sent == 0
    storage.alerts.raise_new(db, [draft(2)], NOW)
    assert (await drain(bot, db, Clock())).sent == 2
    assert sorted(c.params["chat_id"] for c in api.sent()) == [1, 1, 2]


async def test_a_chat_reads_its_alerts_in_the_order_they_were_raised(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1, 2)
    storage.alerts.raise_new(db, [draft(n, text=f"alert number {n}") for n in range(1, 7)], NOW)
    assert (await drain(bot, db, Clock())).sent == 12
    for chat in (1, 2):
        order = [int(str(c.params["text"]).split("alert number ")[1][0]) for c in api.sent(chat_id=chat)]
        assert order == [1, 2, 3, 4, 5, 6]


async def test_a_fan_out_past_telegrams_rate_loses_nothing(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    api.behaviour.per_second = 10  # stricter than the pacer: some sends meet 429s
    subscribe(db, *range(1, 41))
    storage.alerts.raise_new(db, [draft()], NOW)
    clock = Clock()
    for _ in range(40):
        await drain(bot, db, clock)
        if storage.deliveries.pending_count(db) == 0:
            break
        clock.advance(2)
    assert sorted(c.params["chat_id"] for c in api.sent()) == list(range(1, 41))  # each once
    assert storage.deliveries.counts(db) == {"sent": 40}


async def test_a_deleted_forum_topic_gets_the_alert_in_the_chat(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    storage.subscribers.subscribe(db, -100, NOW, thread_id=7, kind="supergroup")
    api.behaviour.bad_request[-100] = "message thread not found"
    storage.alerts.raise_new(db, [draft()], NOW)
    clock = Clock()
    await drain(bot, db, clock)
    del api.behaviour.bad_request[-100]
    assert (await drain(bot, db, clock)).sent == 1
    (call,) = api.sent()
    assert call.params.get("message_thread_id") is None and call.params["chat_id"] == -100


async def test_claim_alerts_carry_timeline_and_mute_buttons(api: FakeBotAPI, bot: Bot, db: Database) -> None:
    subscribe(db, 1)
    storage.alerts.raise_new(db, [draft(1), draft(2, claim="c" * 70)], NOW)
    await drain(bot, db, Clock())
    first, second = api.sent()

    def buttons(call: Any) -> list[str]:
        return [
            b.get("callback_data") or b["url"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row
        ]

    assert buttons(first) == ["tl:bridge-hit", "mute:bridge-hit:24h", "https://example.org/a"]
    assert buttons(second) == ["https://example.org/a"]  # a claim id too long for callback data: Open only
    assert first.params["link_preview_options"] == {"is_disabled": True}
