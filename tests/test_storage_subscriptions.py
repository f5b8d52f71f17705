"""Subscribers, subscriptions, mutes and the outbox rows they produce, on both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest

import storage.alerts
import storage.deliveries
import storage.subscribers as subs
import storage.tracked
from bot.config import with_chat_additions
from bot.model import Alert, AlertDraft, AlertKind, Claim, Config, Snapshot, Source, SourceKind
from bot.outbox import MAX_BACKOFF, retry_delay
from storage.db import Database
from tests.conftest import NOW

HOUR = timedelta(hours=1)


@pytest.fixture
def db(engine_db: Database) -> Database:
    """Every test here runs on SQLite and on PostgreSQL."""
    return engine_db


def draft(key: str = "k1", claim: str | None = "bridge-hit") -> AlertDraft:
    return AlertDraft(
        kind=AlertKind.STANCE_FLIP if claim else AlertKind.EDITED,
        key=key,
        claim=claim,
        side="Gov",
        source="Wire",
        before=Snapshot("intact", "refutes"),
        after=Snapshot("hit", "supports"),
    )


def raise_one(db: Database, key: str = "k1", claim: str | None = "bridge-hit", at: timedelta = timedelta()) -> Alert:
    with db.transaction():
        (alert,) = storage.alerts.raise_new(db, [draft(key, claim)], NOW + at)
    return alert


def due_chats(db: Database, at: timedelta = timedelta()) -> list[tuple[int, int]]:
    return [(d.chat_id, d.thread_id) for d in storage.deliveries.due(db, NOW + at)]


def test_subscribe_is_idempotent_and_remembers_the_chat(db: Database) -> None:
    assert subs.subscribe(db, 1, NOW, kind="private", title="Ann") is True
    assert subs.subscribe(db, 1, NOW, kind="private") is False
    sub = subs.get(db, 1)
    assert sub is not None and sub.active and sub.claims == ("*",) and sub.title == "Ann"
    assert subs.subscribe(db, 1, NOW, claim="bridge-hit") is True
    assert subs.get(db, 1).claims == ("*", "bridge-hit")  # type: ignore[union-attr]
    assert subs.get(db, 2) is None


def test_forum_topics_are_separate_subscribers(db: Database) -> None:
    subs.subscribe(db, -100, NOW, thread_id=7, kind="supergroup")
    subs.subscribe(db, -100, NOW, thread_id=9, kind="supergroup", claim="bridge-hit")
    raise_one(db)
    assert due_chats(db) == [(-100, 7), (-100, 9)]
    subs.unsubscribe(db, -100, thread_id=7)
    assert [(s.chat_id, s.thread_id) for s in subs.list_active(db)] == [(-100, 9)]


def test_unsubscribe_one_claim_or_everything(db: Database) -> None:
    subs.subscribe(db, 1, NOW, claim="a")
    subs.subscribe(db, 1, NOW, claim="b")
    assert subs.unsubscribe(db, 1, claim="a") == 1
    assert subs.get(db, 1).claims == ("b",)  # type: ignore[union-attr]
    assert subs.unsubscribe(db, 1, claim="a") == 0
    assert subs.unsubscribe(db, 1) == 1
    sub = subs.get(db, 1)
    assert sub is not None and not sub.active and sub.claims == ()
    assert subs.active_count(db) == 0


def test_a_new_subscriber_gets_no_backlog(db: Database) -> None:
    subs.subscribe(db, 1, NOW)
    raise_one(db, "old")
    subs.subscribe(db, 2, NOW + HOUR)
    assert due_chats(db, HOUR) == [(1, 0)]
    raise_one(db, "new", at=HOUR)
    assert sorted(due_chats(db, HOUR)) == [(1, 0), (1, 0), (2, 0)]


def test_claim_subscriptions_and_all_alerts(db: Database) -> None:
    subs.subscribe(db, 1, NOW)  # everything
    subs.subscribe(db, 2, NOW, claim="bridge-hit")
    subs.subscribe(db, 3, NOW, claim="other")
    subs.subscribe(db, 4, NOW)
    subs.subscribe(db, 4, NOW, claim="bridge-hit")  # both: still one delivery
    raise_one(db)
    assert due_chats(db) == [(1, 0), (2, 0), (4, 0)]
    raise_one(db, "edit", claim=None)  # an edit concerns no claim: only all-alert chats
    assert sorted(due_chats(db)) == [(1, 0), (1, 0), (2, 0), (4, 0), (4, 0)]
    assert storage.deliveries.pending_count(db) == 5


def test_a_mute_lasts_until_its_time(db: Database) -> None:
    subs.subscribe(db, 1, NOW)
    subs.subscribe(db, 2, NOW, claim="bridge-hit")
    assert subs.mute(db, 1, "bridge-hit", NOW + HOUR, NOW) is True  # within '*'
    assert subs.mute(db, 2, "bridge-hit", NOW + HOUR, NOW) is True
    assert subs.get(db, 1).muted == {"bridge-hit": "2024-05-01T13:00:00+00:00"}  # type: ignore[union-attr]
    raise_one(db, "during")
    assert due_chats(db) == []
    raise_one(db, "other-claim", claim="other")
    assert due_chats(db) == [(1, 0)]  # chat 1 muted one claim, not everything
    raise_one(db, "after", at=HOUR + timedelta(seconds=1))
    assert sorted(due_chats(db, 2 * HOUR)) == [(1, 0), (1, 0), (2, 0)]


def test_mute_all_and_mute_without_a_subscription(db: Database) -> None:
    subs.subscribe(db, 1, NOW, claim="a")
    subs.subscribe(db, 1, NOW, claim="bridge-hit")
    assert subs.mute(db, 1, "*", NOW + HOUR, NOW) is True
    raise_one(db)
    assert due_chats(db) == []
    assert subs.mute(db, 9, "bridge-hit", NOW + HOUR, NOW) is False
    assert subs.mute(db, 9, "*", NOW + HOUR, NOW) is False
    assert subs.get(db, 9) is None


def test_silent_chats_are_delivered_without_a_sound(db: Database) -> None:
    subs.subscribe(db, 1, NOW)
    subs.set_silent(db, 1, True)
    raise_one(db)
    (delivery,) = storage.deliveries.due(db, NOW)
    assert delivery.silent is True


def test_a_blocked_chat_is_kept_inactive_and_comes_back_on_start(db: Database) -> None:
    subs.subscribe(db, 1, NOW)
    subs.subscribe(db, 1, NOW, thread_id=5)
    subs.mark_blocked(db, 1, NOW)
    assert subs.list_active(db) == []
    raise_one(db)
    assert due_chats(db) == []
    subs.subscribe(db, 1, NOW + HOUR)
    sub = subs.get(db, 1)
    assert sub is not None and sub.active and sub.claims == ("*",)


def test_retries_back_off_with_a_cap_and_never_give_up(db: Database) -> None:
    subs.subscribe(db, 1, NOW)
    raise_one(db)
    delays = []
    for _ in range(12):
        (delivery,) = storage.deliveries.due(db, NOW + timedelta(days=1))
        delays.append(retry_delay(delivery.attempts))
        storage.deliveries.mark_retry(db, delivery, "timed out", NOW, delays[-1])
    assert delays[:3] == [5.0, 10.0, 20.0]
    assert max(delays) == MAX_BACKOFF and delays[-1] == MAX_BACKOFF
    assert storage.deliveries.due(db, NOW) == []
    (delivery,) = storage.deliveries.due(db, NOW + timedelta(seconds=MAX_BACKOFF))
    storage.deliveries.mark_sent(db, delivery, 42, NOW)
    assert storage.deliveries.counts(db) == {"sent": 1}
    assert storage.deliveries.pending_count(db) == 0


def test_a_send_cut_short_by_a_crash_goes_out_again_once_marked(db: Database) -> None:
    subs.subscribe(db, 1, NOW)
    subs.subscribe(db, 2, NOW)
    raise_one(db)
    first, second = storage.deliveries.due(db, NOW)
    assert storage.deliveries.mark_sending(db, first, NOW)
    assert not storage.deliveries.mark_sending(db, first, NOW)  # already under way
    assert storage.deliveries.due(db, NOW) == [second]  # an in-flight row is never picked twice
    assert storage.deliveries.pending_count(db) == 2
    # The process dies here. On start, the row whose fate is unknown is pending again, counted.
    assert storage.deliveries.reconcile_interrupted(db) == 1
    again = [d for d in storage.deliveries.due(db, NOW) if d.chat_id == first.chat_id]
    assert [d.interrupted for d in again] == [1] and storage.deliveries.reconcile_interrupted(db) == 0
    storage.deliveries.mark_sending(db, again[0], NOW)
    storage.deliveries.mark_sent(db, again[0], 7, NOW)
    assert storage.deliveries.counts(db) == {"pending": 1, "sent": 1}


def test_an_alert_is_never_stored_without_its_deliveries(db: Database) -> None:
    """raise_new and enqueue share one transaction: a failure in between leaves neither."""
    subs.subscribe(db, 1, NOW)
    db.execute("DROP TABLE deliveries")  # enqueue will fail inside the transaction
    try:
        with db.transaction():
            storage.alerts.raise_new(db, [draft()], NOW)
    except Exception:
        pass
    assert db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0] == 0


def test_claims_and_sources_added_from_chat_join_the_config(db: Database) -> None:
    config = Config(
        path="feeds.yaml",
        claims=(Claim("bridge-hit", "The bridge was hit"),),
        sources=(Source("Wire", SourceKind.RSS, "https://e.org/rss"),),
    )
    assert with_chat_additions(config, *storage.tracked.chat_additions(db)) is config
    storage.tracked.add_claim(db, Claim("port-hit", "The port was hit", ("port",)), 7, NOW)
    storage.tracked.add_claim(db, Claim("bridge-hit", "a chat's version"), 7, NOW)  # the file wins
    storage.tracked.add_source(db, Source("@chan", SourceKind.TELEGRAM, "https://t.me/s/chan", channel="chan"), 7, NOW)
    storage.tracked.add_source(db, Source("Wire", SourceKind.RSS, "https://evil.example/rss"), 7, NOW)
    merged = with_chat_additions(config, *storage.tracked.chat_additions(db))
    assert with_chat_additions(config, *storage.tracked.chat_additions(db)) is merged  # a value: matchers stay cached
    assert [c.id for c in merged.claims] == ["bridge-hit", "port-hit"]
    assert merged.claim("bridge-hit").text == "The bridge was hit"  # type: ignore[union-attr]
    assert merged.claim("port-hit").match == ("port",)  # type: ignore[union-attr]
    assert merged.source("Wire").url == "https://e.org/rss"  # type: ignore[union-attr]
    chan = merged.source("@chan")
    assert chan is not None and chan.origin == "chat" and not chan.trusted
    assert storage.tracked.remove_claim(db, "port-hit", NOW) is True
    assert storage.tracked.remove_claim(db, "port-hit", NOW) is False
    assert storage.tracked.remove_source(db, "@chan", NOW) is True
    assert with_chat_additions(config, *storage.tracked.chat_additions(db)) is config
