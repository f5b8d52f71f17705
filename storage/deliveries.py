"""The outbox: one row per (alert, chat, topic), written with the alert, drained by the bot.

Each subscriber gets each alert at most once (the key, and a row is marked sent only after
Telegram confirms) and at least once unless it blocked the bot (a failed send is retried with
a capped back-off for as long as it takes; only a blocked chat or a message Telegram refuses
for good ends a row). A chat that subscribes later gets no backlog: rows are made only when an
alert is raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.clock import iso
from bot.model import Alert
from storage.subscribers import ALL

MAX_BACKOFF = 600.0  # seconds between tries of one delivery, at most


@dataclass(frozen=True)
class Delivery:
    alert_id: int
    chat_id: int
    thread_id: int
    attempts: int
    silent: bool


def enqueue(db: Database, alert: Alert, now: datetime) -> int:
    """Queue the alert for every active subscriber it concerns and who has not muted it."""
    claim = alert.draft.claim
    stamp = iso(now)
    wanted = (ALL,) if claim is None else (ALL, claim)
    marks = ",".join("?" * len(wanted))
    cursor = db.execute(
        f"""INSERT OR IGNORE INTO deliveries (alert_id, chat_id, thread_id, next_attempt)
            SELECT DISTINCT ?, s.chat_id, s.thread_id, ? FROM subscribers s
            JOIN subscriptions sub ON sub.chat_id = s.chat_id AND sub.thread_id = s.thread_id
            WHERE s.active = 1 AND sub.claim IN ({marks})
              AND NOT EXISTS (SELECT 1 FROM subscriptions m WHERE m.chat_id = s.chat_id AND m.thread_id = s.thread_id
                              AND m.claim IN ({marks}) AND m.muted_until > ?)""",
        [alert.id, stamp, *wanted, *wanted, stamp],
    )
    return int(cursor.rowcount)


def due(db: Database, now: datetime, limit: int = 100) -> list[Delivery]:
    """Pending deliveries whose time has come, oldest alert first."""
    rows = db.execute(
        """SELECT d.alert_id, d.chat_id, d.thread_id, d.attempts, COALESCE(s.silent, 0) FROM deliveries d
           LEFT JOIN subscribers s ON s.chat_id = d.chat_id AND s.thread_id = d.thread_id
           WHERE d.status = 'pending' AND d.next_attempt <= ? ORDER BY d.alert_id, d.chat_id LIMIT ?""",
        [iso(now), limit],
    ).fetchall()
    return [Delivery(int(r[0]), int(r[1]), int(r[2]), int(r[3]), bool(r[4])) for r in rows]


def mark_sent(db: Database, delivery: Delivery, message_id: int | None, now: datetime) -> None:
    db.execute(
        """UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1,
                  last_error = NULL WHERE alert_id = ? AND chat_id = ? AND thread_id = ?""",
        [message_id, iso(now), delivery.alert_id, delivery.chat_id, delivery.thread_id],
    )


def mark_retry(db: Database, delivery: Delivery, error: str, now: datetime, *, after: float | None = None) -> float:
    """Try again later: after `after` seconds if given (Retry-After), else 5s doubling, capped.

    `after` is the caller's to bound (the outbox caps Telegram's flood waits); the doubling's
    exponent is bounded here, so a Bot API down for weeks cannot overflow it."""
    delay = after if after is not None else min(MAX_BACKOFF, 5.0 * 2.0 ** min(delivery.attempts, 64))
    db.execute(
        """UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt = ?
           WHERE alert_id = ? AND chat_id = ? AND thread_id = ?""",
        [error[:500], iso(now + timedelta(seconds=delay)), delivery.alert_id, delivery.chat_id, delivery.thread_id],
    )
    return delay


def mark_failed(db: Database, delivery: Delivery, error: str, status: str = "failed") -> None:
    """Give up on one delivery: Telegram refused it for good ('failed') or the chat is gone ('dropped')."""
    db.execute(
        """UPDATE deliveries SET status = ?, attempts = attempts + 1, last_error = ?
           WHERE alert_id = ? AND chat_id = ? AND thread_id = ?""",
        [status, error[:500], delivery.alert_id, delivery.chat_id, delivery.thread_id],
    )


def move_to_chat(db: Database, delivery: Delivery, now: datetime) -> None:
    """The forum topic is gone: deliver to the chat itself instead (once, whatever else it has)."""
    mark_failed(db, delivery, "message thread not found; moved to the chat", status="dropped")
    db.execute(
        "INSERT OR IGNORE INTO deliveries (alert_id, chat_id, thread_id, next_attempt) VALUES (?, ?, 0, ?)",
        [delivery.alert_id, delivery.chat_id, iso(now)],
    )


def drop_chat(db: Database, chat_id: int, error: str) -> int:
    """The chat blocked the bot: its pending deliveries will never go out."""
    cursor = db.execute(
        "UPDATE deliveries SET status = 'dropped', last_error = ? WHERE chat_id = ? AND status = 'pending'",
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
    return int(db.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'pending'").fetchone()[0])


def counts(db: Database) -> dict[str, int]:
    return {str(r[0]): int(r[1]) for r in db.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status")}
