"""The outbox: one row per (alert, chat, topic), written with the alert, drained by the bot.

A row goes pending → sending → sent (or back to pending to retry, or failed, or dropped). It
is marked `sending`, committed, before its message goes to Telegram, and marked with the answer
as soon as it comes. The Bot API has no idempotency key, so a crash between Telegram accepting
a message and the answer being recorded cannot be told from a crash before the send: rows left
`sending` are put back to pending on start (`reconcile_interrupted`, counted in `interrupted`)
and sent again. That makes delivery at least once for every subscriber that has not blocked
the bot, and at most once except for the few sends in flight at the moment of a crash, which
may arrive twice. Rows are made only when an alert is raised: a chat that subscribes later
gets no backlog. Storage writes what the outbox decided (when to retry); it decides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import iso
from bot.model import Alert
from storage.db import Database
from storage.subscribers import ALL


@dataclass(frozen=True)
class Delivery:
    alert_id: int
    chat_id: int
    thread_id: int
    attempts: int
    silent: bool
    interrupted: int = 0  # times a send of it was cut short by a crash, its fate unknown


def enqueue(db: Database, alert: Alert, now: datetime) -> int:
    """Queue the alert for every active subscriber it concerns and who has muted neither its
    claim nor its source."""
    claim = alert.draft.claim
    stamp = iso(now)
    wanted = (ALL,) if claim is None else (ALL, claim)
    marks = ",".join("?" * len(wanted))
    cursor = db.execute(
        f"""INSERT INTO deliveries (alert_id, chat_id, thread_id, next_attempt)
            SELECT DISTINCT ?, s.chat_id, s.thread_id, ? FROM subscribers s
            JOIN subscriptions sub ON sub.chat_id = s.chat_id AND sub.thread_id = s.thread_id
            WHERE s.active = 1 AND sub.claim IN ({marks})
              AND NOT EXISTS (SELECT 1 FROM subscriptions m WHERE m.chat_id = s.chat_id AND m.thread_id = s.thread_id
                              AND m.claim IN ({marks}) AND m.muted_until > ?)
              AND NOT EXISTS (SELECT 1 FROM source_mutes sm WHERE sm.chat_id = s.chat_id
                              AND sm.thread_id = s.thread_id AND sm.source = ? AND sm.muted_until > ?)
            ON CONFLICT DO NOTHING""",
        [alert.id, stamp, *wanted, *wanted, stamp, alert.draft.source, stamp],
    )
    return int(cursor.rowcount)


def due(db: Database, now: datetime, limit: int = 100) -> list[Delivery]:
    """Pending deliveries whose time has come, oldest alert first."""
    rows = db.execute(
        """SELECT d.alert_id, d.chat_id, d.thread_id, d.attempts, COALESCE(s.silent, 0), d.interrupted
           FROM deliveries d
           LEFT JOIN subscribers s ON s.chat_id = d.chat_id AND s.thread_id = d.thread_id
           WHERE d.status = 'pending' AND d.next_attempt <= ? ORDER BY d.alert_id, d.chat_id LIMIT ?""",
        [iso(now), limit],
    ).fetchall()
    return [Delivery(int(r[0]), int(r[1]), int(r[2]), int(r[3]), bool(r[4]), int(r[5])) for r in rows]


_KEY = "alert_id = ? AND chat_id = ? AND thread_id = ?"


def _key(delivery: Delivery) -> list[int]:
    return [delivery.alert_id, delivery.chat_id, delivery.thread_id]


def mark_sending(db: Database, delivery: Delivery, now: datetime) -> bool:
    """The send is about to go out: False if the row is no longer pending (dropped meanwhile)."""
    cursor = db.execute(
        f"UPDATE deliveries SET status = 'sending', sending_since = ? WHERE {_KEY} AND status = 'pending'",
        [iso(now), *_key(delivery)],
    )
    return cursor.rowcount == 1


def mark_sent(db: Database, delivery: Delivery, message_id: int | None, now: datetime) -> None:
    db.execute(
        f"""UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1,
                  last_error = NULL, sending_since = NULL WHERE {_KEY}""",
        [message_id, iso(now), *_key(delivery)],
    )


def mark_retry(db: Database, delivery: Delivery, error: str, now: datetime, delay: float) -> None:
    """Try again `delay` seconds from `now` (the outbox decides how long)."""
    db.execute(
        f"""UPDATE deliveries SET status = 'pending', attempts = attempts + 1, last_error = ?, next_attempt = ?,
                  sending_since = NULL WHERE {_KEY}""",
        [error[:500], iso(now + timedelta(seconds=delay)), *_key(delivery)],
    )


def mark_failed(db: Database, delivery: Delivery, error: str, status: str = "failed") -> None:
    """Give up on one delivery: Telegram refused it for good ('failed') or the chat is gone ('dropped')."""
    db.execute(
        f"""UPDATE deliveries SET status = ?, attempts = attempts + 1, last_error = ?, sending_since = NULL
           WHERE {_KEY}""",
        [status, error[:500], *_key(delivery)],
    )


def reconcile_interrupted(db: Database) -> int:
    """On start: sends a crash cut short (rows still `sending`) go back to pending, counted in
    `interrupted`; whether Telegram took them cannot be known. Returns how many."""
    cursor = db.execute(
        """UPDATE deliveries SET status = 'pending', interrupted = interrupted + 1, sending_since = NULL,
                  last_error = 'interrupted: the process stopped before Telegram answered'
           WHERE status = 'sending'"""
    )
    return int(cursor.rowcount)


def move_to_chat(db: Database, delivery: Delivery, now: datetime) -> None:
    """The forum topic is gone: deliver to the chat itself instead (once, whatever else it has)."""
    mark_failed(db, delivery, "message thread not found; moved to the chat", status="dropped")
    db.execute(
        "INSERT INTO deliveries (alert_id, chat_id, thread_id, next_attempt) VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING",
        [delivery.alert_id, delivery.chat_id, iso(now)],
    )


def drop_chat(db: Database, chat_id: int, error: str) -> int:
    """The chat blocked the bot: its pending deliveries will never go out."""
    cursor = db.execute(
        """UPDATE deliveries SET status = 'dropped', last_error = ?, sending_since = NULL
           WHERE chat_id = ? AND status IN ('pending', 'sending')""",
        [error[:500], chat_id],
    )
    return int(cursor.rowcount)


def pause(db: Database, until: datetime) -> None:
    """Flood control is bot-wide: no delivery goes out before `until`."""
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('outbox_paused_until', ?) ON CONFLICT (key) DO UPDATE SET value = ?",
        [iso(until), iso(until)],
    )


def paused(db: Database, now: datetime) -> bool:
    row = db.execute("SELECT value FROM meta WHERE key = 'outbox_paused_until'").fetchone()
    return bool(row and row[0] and row[0] > iso(now))


def pending_count(db: Database) -> int:
    """Deliveries not done yet (waiting, or in flight)."""
    return int(db.execute("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')").fetchone()[0])


def counts(db: Database) -> dict[str, int]:
    return {str(r[0]): int(r[1]) for r in db.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status")}
