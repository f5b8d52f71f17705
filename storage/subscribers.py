"""Chats that receive alerts, and what each is subscribed to.

A subscriber is a (chat, forum topic) pair: thread_id 0 means the chat itself. Subscriptions
are per claim id, or '*' for every alert; a subscription can be muted until a time.
A chat that blocked the bot is kept but inactive, so its history of deliveries stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import iso
from storage.db import Database

ALL = "*"


@dataclass(frozen=True)
class Subscriber:
    chat_id: int
    thread_id: int
    kind: str
    title: str | None
    active: bool
    silent: bool
    claims: tuple[str, ...]  # subscribed claim ids, '*' for all
    muted: dict[str, str]  # claim id → muted until (ISO)
    muted_sources: dict[str, str] = field(default_factory=dict)  # source name → muted until (ISO)


def subscribe(
    db: Database,
    chat_id: int,
    now: datetime,
    *,
    thread_id: int = 0,
    kind: str = "private",
    title: str | None = None,
    claim: str = ALL,
) -> bool:
    """Subscribe a chat (or forum topic) to a claim or to all; reactivates a blocked chat.

    Returns False when that exact subscription already existed.
    """
    db.execute(
        """INSERT INTO subscribers (chat_id, thread_id, kind, title, active, created_at) VALUES (?, ?, ?, ?, 1, ?)
           ON CONFLICT (chat_id, thread_id) DO UPDATE SET active = 1, blocked_at = NULL, kind = excluded.kind,
                  title = COALESCE(excluded.title, subscribers.title)""",
        [chat_id, thread_id, kind, title, iso(now)],
    )
    cursor = db.execute(
        "INSERT INTO subscriptions (chat_id, thread_id, claim, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [chat_id, thread_id, claim, iso(now)],
    )
    return cursor.rowcount == 1


def unsubscribe(db: Database, chat_id: int, *, thread_id: int = 0, claim: str | None = None) -> int:
    """Drop one claim's subscription, or (claim None or '*') every subscription; returns how many."""
    if claim is None or claim == ALL:
        cursor = db.execute("DELETE FROM subscriptions WHERE chat_id = ? AND thread_id = ?", [chat_id, thread_id])
        db.execute("UPDATE subscribers SET active = 0 WHERE chat_id = ? AND thread_id = ?", [chat_id, thread_id])
    else:
        cursor = db.execute(
            "DELETE FROM subscriptions WHERE chat_id = ? AND thread_id = ? AND claim = ?", [chat_id, thread_id, claim]
        )
    return int(cursor.rowcount)


def mute(db: Database, chat_id: int, claim: str, until: datetime, now: datetime, *, thread_id: int = 0) -> bool:
    """Mute a claim, or '*' for everything, for a chat until a time.

    A chat that gets every alert and mutes one claim gets a row for that claim carrying only
    the mute (it is covered by '*' anyway). False when the chat is subscribed neither to that
    claim nor to all alerts.
    """
    where, key = "chat_id = ? AND thread_id = ?", [chat_id, thread_id]
    if claim == ALL:
        cursor = db.execute(f"UPDATE subscriptions SET muted_until = ? WHERE {where}", [iso(until), *key])
        return cursor.rowcount > 0
    if db.execute(f"SELECT 1 FROM subscriptions WHERE {where} AND claim IN (?, ?)", [*key, claim, ALL]).fetchone():
        db.execute(
            """INSERT INTO subscriptions (chat_id, thread_id, claim, muted_until, created_at) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (chat_id, thread_id, claim) DO UPDATE SET muted_until = excluded.muted_until""",
            [chat_id, thread_id, claim, iso(until), iso(now)],
        )
        return True
    return False


def mute_source(db: Database, chat_id: int, source: str, until: datetime, *, thread_id: int = 0) -> bool:
    """Mute every alert from a source for a chat until a time; False when the chat gets no alerts."""
    if not db.execute(
        "SELECT 1 FROM subscribers WHERE chat_id = ? AND thread_id = ? AND active = 1", [chat_id, thread_id]
    ).fetchone():
        return False
    db.execute(
        """INSERT INTO source_mutes (chat_id, thread_id, source, muted_until) VALUES (?, ?, ?, ?)
           ON CONFLICT (chat_id, thread_id, source) DO UPDATE SET muted_until = excluded.muted_until""",
        [chat_id, thread_id, source, iso(until)],
    )
    return True


def unmute(db: Database, chat_id: int, *, thread_id: int = 0, claim: str | None = None,
           source: str | None = None) -> int:  # fmt: skip
    """End mutes: of one claim ('*': the mute of every alert), of one source, or (neither given)
    every mute of the chat. Returns how many mutes ended."""
    key = [chat_id, thread_id]
    ended = 0
    if source is None:
        which, args = ("", []) if claim is None else (" AND claim = ?", [claim])
        ended += db.execute(
            f"UPDATE subscriptions SET muted_until = NULL WHERE chat_id = ? AND thread_id = ?"
            f" AND muted_until IS NOT NULL{which}",
            [*key, *args],
        ).rowcount
    if claim is None:
        which, args = ("", []) if source is None else (" AND source = ?", [source])
        ended += db.execute(
            f"DELETE FROM source_mutes WHERE chat_id = ? AND thread_id = ?{which}", [*key, *args]
        ).rowcount
    return ended


def set_silent(db: Database, chat_id: int, silent: bool, *, thread_id: int = 0) -> None:
    db.execute(
        "UPDATE subscribers SET silent = ? WHERE chat_id = ? AND thread_id = ?", [int(silent), chat_id, thread_id]
    )


def mark_blocked(db: Database, chat_id: int, now: datetime) -> None:
    """The bot was blocked or removed: stop delivering to every topic of the chat."""
    db.execute("UPDATE subscribers SET active = 0, blocked_at = ? WHERE chat_id = ?", [iso(now), chat_id])


def get(db: Database, chat_id: int, thread_id: int = 0) -> Subscriber | None:
    row = db.execute(
        "SELECT chat_id, thread_id, kind, title, active, silent FROM subscribers WHERE chat_id = ? AND thread_id = ?",
        [chat_id, thread_id],
    ).fetchone()
    if row is None:
        return None
    subs = db.execute(
        "SELECT claim, muted_until FROM subscriptions WHERE chat_id = ? AND thread_id = ?", [chat_id, thread_id]
    ).fetchall()
    sources = db.execute(
        "SELECT source, muted_until FROM source_mutes WHERE chat_id = ? AND thread_id = ?", [chat_id, thread_id]
    ).fetchall()
    return Subscriber(
        chat_id=row[0],
        thread_id=row[1],
        kind=row[2],
        title=row[3],
        active=bool(row[4]),
        silent=bool(row[5]),
        claims=tuple(sorted(s[0] for s in subs)),
        muted={s[0]: s[1] for s in subs if s[1]},
        muted_sources={s[0]: s[1] for s in sources},
    )


def list_active(db: Database) -> list[Subscriber]:
    """Every chat (and topic) that receives alerts, oldest first."""
    rows = db.execute(
        "SELECT chat_id, thread_id FROM subscribers WHERE active = 1 ORDER BY created_at, chat_id, thread_id"
    ).fetchall()
    return [sub for row in rows if (sub := get(db, int(row[0]), int(row[1]))) is not None]


def active_count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM subscribers WHERE active = 1").fetchone()[0])
