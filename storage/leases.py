"""Source leases: which poller polls which source right now, so pollers on many machines share
the sources and never poll one source twice at once.

A poller claims due sources (`claim`): on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so pollers
claiming at the same moment take different rows instead of queueing on the same ones; on
SQLite the claim runs under the write lock, one process at a time. A lease lasts until
`lease_until`; the poller renews what it holds (`renew`) while it works, and gives each lease
back in the same transaction that writes the poll (`release`): a poll whose lease was taken
over meanwhile writes nothing (LeaseLost). A poller that dies stops renewing; its leases lapse
and the next claim by any other poller takes those sources over.

Every time is an ISO-8601 UTC string passed in; how long a lease lasts is the caller's choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import LeaseLost
from storage.db import Database, transaction

_LOCK = {"sqlite": "", "postgresql": "FOR UPDATE SKIP LOCKED"}


def claim(db: Database, owner: str, now: str, until: str, limit: int) -> list[str]:
    """Lease up to `limit` configured sources that are due (never polled, or their next poll at
    or before `now`) and that nobody holds, oldest due first; returns their names."""
    if limit <= 0:
        return []
    with transaction(db):
        rows = db.execute(
            f"""UPDATE sources SET lease_owner = ?, lease_until = ?
                WHERE name IN (SELECT name FROM sources
                               WHERE configured = 1 AND COALESCE(next_poll, '') <= ?
                                 AND (lease_until IS NULL OR lease_until <= ?)
                               ORDER BY COALESCE(next_poll, ''), name LIMIT ? {_LOCK[db.engine]})
                RETURNING name""",
            [owner, until, now, now, limit],
        ).fetchall()
    return [str(r[0]) for r in rows]


def take(db: Database, owner: str, name: str, now: str, until: str) -> bool:
    """Lease one source whatever its next poll (a poll asked for by name), unless another
    poller holds it."""
    with transaction(db):
        cursor = db.execute(
            """UPDATE sources SET lease_owner = ?, lease_until = ?
               WHERE name = ? AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)""",
            [owner, until, name, now, owner],
        )
    return cursor.rowcount == 1


def renew(db: Database, owner: str, until: str) -> int:
    """Extend every lease this poller still holds; returns how many it holds."""
    with transaction(db):
        cursor = db.execute("UPDATE sources SET lease_until = ? WHERE lease_owner = ?", [until, owner])
    return int(cursor.rowcount)


def release(db: Database, name: str, owner: str) -> None:
    """Give a lease back; call inside the poll's write transaction. Raises LeaseLost (so the
    transaction rolls back) when another poller has taken the source over."""
    cursor = db.execute(
        "UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE name = ? AND lease_owner = ?", [name, owner]
    )
    if cursor.rowcount != 1:
        raise LeaseLost(f"{name}: another poller took this source over while it was polled here")


def release_all(db: Database, owner: str) -> int:
    """A poller stopping cleanly gives back what it holds, so others need not wait for it to lapse."""
    with transaction(db):
        cursor = db.execute("UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", [owner])
    return int(cursor.rowcount)


def held(db: Database, owner: str, now: str) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sources WHERE lease_owner = ? AND lease_until > ? ORDER BY name", [owner, now]
    ).fetchall()
    return [str(r[0]) for r in rows]


def configured(db: Database) -> dict[str, bool]:
    """Every source stored, and whether it is in the config (pollers poll only those)."""
    return {str(r[0]): bool(r[1]) for r in db.execute("SELECT name, configured FROM sources")}


def mark_configured(db: Database, names: list[str], flag: bool) -> None:
    with transaction(db):
        db.executemany("UPDATE sources SET configured = ? WHERE name = ?", [(int(flag), n) for n in names])


@dataclass(frozen=True)
class Poller:
    """A poller's heartbeat."""

    owner: str
    host: str
    pid: int
    role: str
    started_at: str
    seen_at: str
    leases: int


def heartbeat(db: Database, poller: Poller, forget_before: str) -> None:
    """Record that a poller is alive (and how many leases it holds); drop the rows of pollers
    not seen since `forget_before` (killed ones never say goodbye)."""
    with transaction(db):
        db.execute(
            """INSERT INTO pollers (owner, host, pid, role, started_at, seen_at, leases) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (owner) DO UPDATE SET seen_at = excluded.seen_at, leases = excluded.leases""",
            [poller.owner, poller.host, poller.pid, poller.role, poller.started_at, poller.seen_at, poller.leases],
        )
        db.execute("DELETE FROM pollers WHERE seen_at < ?", [forget_before])


def forget(db: Database, owner: str) -> None:
    with transaction(db):
        db.execute("DELETE FROM pollers WHERE owner = ?", [owner])


@dataclass(frozen=True)
class Status:
    """How the sharing stands: the pollers seen, the leases held, and what is due and waiting."""

    pollers: list[Poller]
    leased: int  # sources under a lease that has not lapsed
    waiting: int  # configured sources due now that nobody holds
    oldest_due: str | None  # the earliest next poll among those (None: none due, or never polled)
    never_polled: int  # configured sources not polled yet


def status(db: Database, now: str) -> Status:
    pollers = [
        Poller(str(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]), str(r[5]), int(r[6]))
        for r in db.execute(
            "SELECT owner, host, pid, role, started_at, seen_at, leases FROM pollers ORDER BY host, pid, owner"
        )
    ]
    leased = db.execute("SELECT COUNT(*) FROM sources WHERE lease_until > ?", [now]).fetchone()[0]
    waiting, oldest, never = db.execute(
        """SELECT COUNT(*), MIN(next_poll), COUNT(*) - COUNT(next_poll) FROM sources
           WHERE configured = 1 AND COALESCE(next_poll, '') <= ? AND (lease_until IS NULL OR lease_until <= ?)""",
        [now, now],
    ).fetchone()
    return Status(pollers, int(leased), int(waiting), oldest, int(never or 0))
